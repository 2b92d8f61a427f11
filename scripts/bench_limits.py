#!/usr/bin/env python3
"""Measure the bounds of handouts.load.limits: what unbounded input cost, what the limits cost,
and the slowest section still inside them, from Markdown to a finished PDF.

Usage: .venv/bin/python scripts/bench_limits.py [--skip-unbounded] [--project DIR]
Prints one line per case. The "unbounded" rows run Python-Markdown on inputs the limits refuse
(16 KiB each, so they finish): they show why the limits exist and take about a minute. The
build rows replace the body of the first section of the project's first handout (in a copy) and
build that handout for the first location.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def seconds(func) -> float:  # type: ignore[no-untyped-def]
    """Wall time of one call."""
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    """Run every case and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-unbounded", action="store_true")
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args()

    from handouts.commands.build import BuildResult, build, requested
    from handouts.load import load_project
    from handouts.load.budget import CONVERT_SECONDS
    from handouts.load.limits import (
        MAX_ANGLE_BRACKETS,
        MAX_EMPHASIS_MARKS,
        MAX_LINK_BRACKETS,
        MAX_OPEN_BRACKETS,
        MAX_SECTION_BYTES,
        MAX_SECTION_LINES,
        limit_problems,
    )
    from handouts.load.markdown import render_markdown
    from handouts.load.policy import check_section
    from handouts.load.sections import split_front_matter
    from handouts.paths import ProjectPaths

    if not args.skip_unbounded:
        print("Python-Markdown without the limits (16 KiB each):")
        for name, text in {
            "'[' x 16384": "[" * 16384,
            "'[a](' x 4096": "[a](" * 4096,
            "'<a ' x 5461": "<a " * 5461,
            "'x\\n-\\n' x 4096": "x\n-\n" * 4096,
            "'*a* ' x 4096": "*a* " * 4096,
            "'`a` ' x 4096": "`a` " * 4096,
            "'[`]`' x 1024 (4 KiB)": "[`]`" * 1024,
        }.items():
            print(f"  {name:<24} {seconds(lambda t=text: render_markdown(t)):7.2f} s")

    with tempfile.TemporaryDirectory() as tmp:
        project_dir = Path(tmp) / "project"
        for folder in ("content", "templates"):
            shutil.copytree(args.project.resolve() / folder, project_dir / folder)
        paths = ProjectPaths(project_dir)
        project, problems = load_project(paths)
        if project is None:
            raise SystemExit("\n".join(str(p) for p in problems))
        handout = next(iter(project.handouts.values()))
        location = next(iter(project.locations))
        section = project.sections[project.default_language][handout.sections[0]]
        split = split_front_matter(section.path.read_text(encoding="utf-8"))
        assert split is not None
        front = f"---\n{split[0]}\n---\n"

        room = MAX_SECTION_BYTES - len(front.encode()) - 64
        items = MAX_SECTION_LINES - front.count("\n") - 1
        inside = {
            f"{MAX_OPEN_BRACKETS} open '[' + prose": "[" * MAX_OPEN_BRACKETS
            + "word " * (room // 5),
            f"{items} list items": "- Rest today.\n" * items,
            "32 KiB of prose": "\n\n".join(["You may feel sleepy after your visit. " * 8] * 100)[
                :room
            ],
            f"{MAX_EMPHASIS_MARKS // 2} italic words + prose": "*a* " * (MAX_EMPHASIS_MARKS // 2)
            + "word " * ((room - 2 * MAX_EMPHASIS_MARKS) // 5),
            f"{MAX_LINK_BRACKETS} links + prose": "[a](https://example.org/a) " * MAX_LINK_BRACKETS
            + "word " * ((room - 27 * MAX_LINK_BRACKETS) // 5),
            f"{MAX_ANGLE_BRACKETS} tags + prose": "H<sub>2</sub>O " * (MAX_ANGLE_BRACKETS // 2)
            + "word " * ((room - 15 * MAX_ANGLE_BRACKETS // 2) // 5),
        }
        print(
            f"Markdown + policy inside the limits (watchdog budget {CONVERT_SECONDS:g} s of CPU):"
        )
        converted = {}
        for name, body in inside.items():
            assert not limit_problems(body), name
            converted[name] = seconds(lambda b=body: check_section(b))
            print(f"  {name:<32} {converted[name]:7.2f} s")
        worst = max(converted, key=converted.__getitem__)
        print(f"  worst case: {worst}, {converted[worst]:.2f} s")

        print(
            f"Whole build of one handout whose section is at the limits ({location}, "
            f"{handout.id}, section {section.id}):"
        )
        built: dict[str, float] = {}
        for name, body in inside.items():
            section.path.write_text(front + body, encoding="utf-8")
            result: BuildResult | None = None

            def run() -> None:
                nonlocal result
                result = build(
                    paths,
                    Path(tmp) / "out",
                    requested(locations=[location], handouts=[handout.id]),
                )

            took = seconds(run)
            built[name] = took
            pages = result.pages if result is not None else 0
            print(f"  {name:<32} {took:7.2f} s  {pages} pages")
        worst = max(built, key=built.__getitem__)
        print(f"  worst case: {worst}, {built[worst]:.2f} s")


if __name__ == "__main__":
    main()
