#!/usr/bin/env python3
"""Benchmark the build: cold CLI runs (new process each time) and warm in-process renders.

Usage: .venv/bin/python scripts/bench_build.py [--runs N]
Prints medians; the machine is noisy, so compare ratios within one run rather than across runs.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def median_seconds(func, runs: int) -> float:  # type: ignore[no-untyped-def]
    """Median wall time of ``func`` over ``runs`` calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Run the benchmarks and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()

    from handouts.build import build, plan_jobs, plan_packet_jobs
    from handouts.document import render_document
    from handouts.loader import load_checked
    from handouts.project import ProjectPaths
    from handouts.render import PdfRenderer
    from handouts.templating import make_environment

    paths = ProjectPaths(ROOT)
    with tempfile.TemporaryDirectory() as tmp:
        cli = [sys.executable, "-m", "handouts", "build", "--project", str(ROOT), "--output", tmp]
        cold = median_seconds(
            lambda: subprocess.run(cli, check=True, capture_output=True), args.runs
        )
        listing = [sys.executable, "-m", "handouts", "list", "--project", str(ROOT)]
        list_time = median_seconds(
            lambda: subprocess.run(listing, check=True, capture_output=True), args.runs
        )
        in_process = median_seconds(lambda: build(paths, Path(tmp), packets=True), args.runs)

    project, _ = load_checked(paths)
    jobs = plan_jobs(project)
    env = make_environment(paths.templates)
    renderer = PdfRenderer((paths.templates, paths.content))
    html, css = render_document(env, project, jobs[0])
    renderer.render(html, paths.templates, css, jobs[0].name)  # warm fonts and imports
    load = median_seconds(lambda: load_checked(paths), args.runs)
    fill = median_seconds(lambda: render_document(env, project, jobs[0]), args.runs)
    pdf = median_seconds(
        lambda: renderer.render(html, paths.templates, css, jobs[0].name), args.runs
    )

    everything = len(jobs) + len(plan_packet_jobs(project))
    print(
        f"PDFs per build:                      {everything} ({len(jobs)} handouts, the rest packets)"
    )
    print(f"cold CLI build, all PDFs (median):   {cold:.3f} s")
    print(f"cold CLI list (median):              {list_time:.3f} s")
    print(f"warm in-process build (median):      {in_process:.3f} s")
    print(f"  load + validate project:           {load * 1000:.1f} ms")
    print(f"  fill templates, one handout:       {fill * 1000:.1f} ms")
    print(f"  WeasyPrint render, one handout:    {pdf * 1000:.1f} ms")


if __name__ == "__main__":
    main()
