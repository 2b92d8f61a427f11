#!/usr/bin/env python3
"""Benchmark the build: cold CLI runs (new process each time) and warm in-process renders.

Usage: .venv/bin/python scripts/bench_build.py [--runs N] [--project DIR]
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
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args()

    from handouts.checks import checked
    from handouts.commands.build import build
    from handouts.documents import plan
    from handouts.load import load_project
    from handouts.paths import ProjectPaths
    from handouts.render.document import fill, renderer_for
    from handouts.render.html import make_environment

    project_dir = args.project.resolve()
    paths = ProjectPaths(project_dir)
    command = [sys.executable, "-m", "handouts"]
    with tempfile.TemporaryDirectory() as tmp:
        cli = [*command, "build", "--project", str(project_dir), "--output", tmp]
        cold = median_seconds(
            lambda: subprocess.run(cli, check=True, capture_output=True), args.runs
        )
        listing = [*command, "list", "--project", str(project_dir)]
        list_time = median_seconds(
            lambda: subprocess.run(listing, check=True, capture_output=True), args.runs
        )
        in_process = median_seconds(lambda: build(paths, Path(tmp)), args.runs)

    project, _ = checked(paths)
    documents = plan(project)
    handouts = [d for d in documents if d.kind == "handout"]
    first = handouts[0]
    env = make_environment(paths.templates)
    renderer = renderer_for(project)
    filled = fill(env, project, first, None)
    renderer.render(filled.html, paths.templates, filled.css, first.name)  # warm fonts, imports
    load = median_seconds(lambda: load_project(paths), args.runs)
    gate = median_seconds(lambda: checked(paths), args.runs)
    fill_time = median_seconds(lambda: fill(env, project, first, None), args.runs)
    pdf = median_seconds(
        lambda: renderer.render(filled.html, paths.templates, filled.css, first.name), args.runs
    )

    print(
        f"PDFs per build:                      {len(documents)} ({len(handouts)} handouts, "
        "the rest packets)"
    )
    print(f"cold CLI build, all PDFs (median):   {cold:.3f} s")
    print(f"cold CLI list (median):              {list_time:.3f} s")
    print(f"warm in-process build (median):      {in_process:.3f} s")
    print(f"  load project:                      {load * 1000:.1f} ms")
    print(f"  load + every check (the gate):     {gate * 1000:.1f} ms")
    print(f"  fill templates, one handout:       {fill_time * 1000:.1f} ms")
    print(f"  WeasyPrint render, one handout:    {pdf * 1000:.1f} ms")


if __name__ == "__main__":
    main()
