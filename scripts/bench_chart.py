#!/usr/bin/env python3
"""How long drawing the side-effect timeline takes: median of many runs.

Usage: python scripts/bench_chart.py [--runs N] [--project DIR]
Prints the one-off costs (importing the chart module, reading the font widths) and the median
and 95th-percentile time to draw the chart (layout + SVG text), plus the SVG's size.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    """Run the benchmark and print the results."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    start = time.perf_counter()
    from handouts.chart import chart_style, draw_timeline
    from handouts.loader import load_project
    from handouts.project import ProjectPaths
    from handouts.textmetrics import load_text_metrics

    imported = time.perf_counter() - start
    project, problems = load_project(ProjectPaths(args.project.resolve()))
    if project is None or project.text_metrics is None:
        print("\n".join(str(p) for p in problems), file=sys.stderr)
        return 1
    start = time.perf_counter()
    load_text_metrics(project.paths.templates, project.font_faces, project.brand.fonts.body)
    fonts = time.perf_counter() - start

    timeline = project.charts["side-effect-timeline"]
    style = chart_style(project.brand)
    lang = project.languages[0]
    times = []
    for _ in range(args.runs):
        start = time.perf_counter()
        drawn = draw_timeline(timeline, lang, style, project.text_metrics)
        times.append(time.perf_counter() - start)
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    print(f"import handouts modules  {imported * 1000:7.1f} ms (once)")
    print(f"read font widths         {fonts * 1000:7.1f} ms (once per build)")
    print(
        f"draw chart ({len(timeline.effects)} effects)  {statistics.median(times) * 1000:7.2f} ms "
        f"median, {p95 * 1000:.2f} ms p95, {args.runs} runs"
    )
    print(f"SVG size                 {len(drawn.svg.encode()):7d} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
