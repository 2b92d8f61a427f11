#!/usr/bin/env python3
"""Fuzz sections and every kind of data file for longer than the suite does, with fresh random
inputs each round (tests/fuzzing.py holds the properties; tests/test_fuzz.py runs them for a few
seconds in `make test`).

Usage: .venv/bin/python scripts/fuzz.py --minutes 10 [--examples 200]
Runs the properties in turn, ``--examples`` inputs a round, until the time is up; prints how many
inputs each property tried and every failure Hypothesis found (with the input that fails, shrunk),
and exits 1 when there was one.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    """Fuzz until the time is up; report."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--minutes", type=float, default=5.0)
    parser.add_argument("--examples", type=int, default=200, help="inputs per property a round")
    args = parser.parse_args()

    from tests.clinic import make_project
    from tests.fuzzing import Fuzzer, properties

    end = time.monotonic() + args.minutes * 60
    failures: list[str] = []
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "clinic")
        pristine = Path(tmp) / "pristine"
        shutil.copytree(project, pristine)
        fuzzer = Fuzzer(project, pristine, deadline=end)
        rounds = 0
        while time.monotonic() < end:
            rounds += 1
            for name, prop in properties(fuzzer, args.examples, derandomize=False).items():
                if time.monotonic() >= end:
                    break
                try:
                    prop()
                except Exception as exc:  # a property failed: keep its report, go on
                    report = "".join(traceback.format_exception_only(type(exc), exc))
                    failures.append(f"{name}:\n{report}")
                    print(f"FAILED {name}:\n{report}", flush=True)
            print(f"round {rounds}: {sum(fuzzer.counts.values())} inputs so far", flush=True)
    spent = args.minutes * 60 - max(0.0, end - time.monotonic())
    print(f"\nfuzzed for {spent / 60:.1f} min, {rounds} rounds:")
    for name, count in sorted(fuzzer.counts.items()):
        print(f"  {name:<40} {count:>7} inputs")
    print(f"{len(failures)} failure(s)" if failures else "no failures")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
