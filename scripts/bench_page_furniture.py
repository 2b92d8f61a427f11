#!/usr/bin/env python3
"""What the running header and footer cost: WeasyPrint's layout time of a packet as built, and
the same packet with its page-margin boxes switched off (medians of N runs, one process); then a
profile of one layout, in CPU time, with the share spent laying out the margin boxes
(WeasyPrint's make_margin_boxes): less sensitive to a busy machine than the difference.

    .venv/bin/python scripts/bench_page_furniture.py [--runs 5] [--location ID] [--project DIR]
                                                     [--large-print]

Times are rough on a shared machine.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts.documents.packet import packet_document  # noqa: E402
from handouts.load import load_project  # noqa: E402
from handouts.paths import ProjectPaths  # noqa: E402
from handouts.render.document import fill, renderer_for  # noqa: E402
from handouts.render.html import make_environment  # noqa: E402

# Every margin box off: what layout costs without page furniture.
NO_MARGIN_BOXES = """
@page { @top-left { content: none } @top-center { content: none } @top-right { content: none }
        @bottom-left { content: none } @bottom-center { content: none }
        @bottom-right { content: none } }
.running-header, .running-footer { display: none }
"""


def median(func: object, runs: int) -> tuple[float, float, float]:
    """Median, min and max seconds of ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def main() -> int:
    """Print layout times with and without the margin boxes."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--location", default=None)
    parser.add_argument("--project", type=Path, default=ROOT)
    parser.add_argument("--large-print", action="store_true", help="the large-print edition")
    args = parser.parse_args()
    project, problems = load_project(ProjectPaths(args.project))
    if project is None:
        print("\n".join(str(p) for p in problems))
        return 1
    location = args.location or next(iter(project.locations))
    packet = next(iter(project.packets))
    document = packet_document(project, packet, location, project.default_language, duplex=True)
    if args.large_print:
        from dataclasses import replace

        document = replace(document, variant="large-print")
    env = make_environment(project.paths.templates)
    renderer = renderer_for(project)
    filled = fill(env, project, document, None)
    templates = project.paths.templates

    def as_built() -> object:
        return renderer.lay_out(filled.html, templates, filled.css, document.name)

    def bare() -> object:
        return renderer.lay_out(filled.html, templates, filled.css + NO_MARGIN_BOXES, document.name)

    as_built()  # warm up: imports, fonts
    full = median(as_built, args.runs)
    without = median(bare, args.runs)
    share = (full[0] - without[0]) / full[0]
    print(f"{document.name}, {args.runs} runs each, medians (min-max):")
    print(f"  layout as built:        {full[0]:.3f} s ({full[1]:.3f}-{full[2]:.3f})")
    print(f"  without margin boxes:   {without[0]:.3f} s ({without[1]:.3f}-{without[2]:.3f})")
    print(f"  header and footer share: {share:.0%} ({full[0] - without[0]:.3f} s)")
    shares = [profiled_share(as_built) for _ in range(args.runs)]
    print(
        f"  profiled, CPU time: margin boxes {statistics.median(s[0] for s in shares):.3f} s "
        f"of {statistics.median(s[1] for s in shares):.3f} s layout "
        f"({statistics.median(s[0] / s[1] for s in shares):.0%})"
    )
    return 0


def profiled_share(func: object) -> tuple[float, float]:
    """CPU seconds in WeasyPrint's make_margin_boxes, and in the whole call, under cProfile."""
    profile = cProfile.Profile(time.process_time)
    profile.runcall(func)  # type: ignore[arg-type]
    stats = pstats.Stats(profile)
    total = margins = 0.0
    for (filename, _, name), row in stats.stats.items():  # type: ignore[attr-defined]
        cumulative = row[3]
        if name == "make_margin_boxes" and filename.endswith("layout/page.py"):
            margins += cumulative
        if name == "lay_out" and filename.endswith("render/pdf.py"):
            total = cumulative
    return margins, total


if __name__ == "__main__":
    sys.exit(main())
