#!/usr/bin/env python3
"""Measure the bounds of handouts.limits: what unbounded input cost, what the limits cost, and
the slowest section still inside them, from Markdown to a finished PDF.

Usage: .venv/bin/python scripts/bench_limits.py [--skip-unbounded]
Prints one line per case. The "unbounded" rows run Python-Markdown on inputs the limits refuse
(16 KiB each, so they finish): they show why the limits exist and take about a minute.
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

FRONT = "---\nid: rare-side-effects\ntitle: Rare side effects our team watches for\nreviewed: 2026-11-20\n---\n"


def seconds(func) -> float:  # type: ignore[no-untyped-def]
    """Wall time of one call."""
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    """Run every case and print a table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--skip-unbounded", action="store_true")
    args = parser.parse_args()

    from handouts.build import build
    from handouts.limits import MAX_OPEN_BRACKETS, MAX_SECTION_BYTES, MAX_SECTION_LINES
    from handouts.markup import render_markdown
    from handouts.policy import check_section
    from handouts.project import ProjectPaths

    if not args.skip_unbounded:
        print("Python-Markdown without the limits (16 KiB each):")
        for name, text in {
            "'[' x 16384": "[" * 16384,
            "'[a](' x 4096": "[a](" * 4096,
            "'<a ' x 5461": "<a " * 5461,
            "'x\\n-\\n' x 4096": "x\n-\n" * 4096,
        }.items():
            print(f"  {name:<24} {seconds(lambda t=text: render_markdown(t)):7.2f} s")

    room = MAX_SECTION_BYTES - len(FRONT) - 64
    inside = {
        f"{MAX_OPEN_BRACKETS} open '[' + prose": "[" * MAX_OPEN_BRACKETS + "word " * (room // 5),
        f"{MAX_SECTION_LINES - 3} list items": "- Rest today.\n" * (MAX_SECTION_LINES - 3),
        "32 KiB of prose": "\n\n".join(["You may feel sleepy after your visit. " * 8] * 100)[:room],
    }
    print("Markdown + policy inside the limits:")
    for name, body in inside.items():
        print(f"  {name:<24} {seconds(lambda b=body: check_section(b)):7.2f} s")

    print("Whole build of one handout whose section is at the limits (queens, side-effects):")
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        for folder in ("content", "templates"):
            shutil.copytree(ROOT / folder, project / folder)
        section = project / "content/sections/en/rare-side-effects.md"
        for name, body in inside.items():
            section.write_text(FRONT + body)
            result = None

            def run() -> None:
                nonlocal result
                result = build(
                    ProjectPaths(project),
                    Path(tmp) / "out",
                    locations=["queens"],
                    handouts=["side-effects"],
                )

            took = seconds(run)
            pages = result.pages if result is not None else 0
            print(f"  {name:<24} {took:7.2f} s  {pages} pages")


if __name__ == "__main__":
    main()
