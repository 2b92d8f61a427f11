#!/usr/bin/env python3
"""How long drawing a timeline chart takes: median of many runs.

Usage: python scripts/bench_chart.py [--runs N] [--project DIR] [--chart ID]
Prints the one-off costs (importing the chart modules, reading the font widths) and the median
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
    parser.add_argument("--chart", default=None, help="chart id (default: the first)")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))

    start = time.perf_counter()
    from handouts.chart import chart_style, draw_timeline
    from handouts.load import load_project
    from handouts.load.metrics import load_text_metrics
    from handouts.paths import ProjectPaths

    imported = time.perf_counter() - start
    project, problems = load_project(ProjectPaths(args.project.resolve()))
    if project is None or project.text_metrics is None or not project.charts:
        print("\n".join(str(p) for p in problems) or "the project has no chart", file=sys.stderr)
        return 1
    start = time.perf_counter()
    load_text_metrics(project.paths.templates, list(project.font_faces), project.brand.fonts.body)
    fonts = time.perf_counter() - start

    chart_id = args.chart or sorted(project.charts)[0]
    timeline = project.charts[chart_id]
    style = chart_style(project.brand)
    lang = project.default_language
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
        f"draw {chart_id} ({len(timeline.effects)} effects)  "
        f"{statistics.median(times) * 1000:7.2f} ms median, {p95 * 1000:.2f} ms p95, "
        f"{args.runs} runs"
    )
    print(f"SVG size                 {len(drawn.svg.encode()):7d} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
