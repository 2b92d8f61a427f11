"""`handouts check`: the build's pipeline stopped before rendering, collecting every finding."""

from __future__ import annotations

import datetime as dt

from handouts.checks import Options, Report, gate
from handouts.paths import ProjectPaths
from handouts.write.cache import CheckMemo


def check_project(
    paths: ProjectPaths,
    today: dt.date | None = None,
    strict: bool = False,
    memo: CheckMemo | None = None,
) -> Report:
    """Every finding about the project; nothing is written to the project (``memo``: what
    earlier runs found clean, kept in the user's cache folder)."""
    try:
        _, report = gate(paths, Options(today or dt.date.today(), memo), collect=True)
    finally:
        if memo is not None:
            memo.save()
    return report.as_strict() if strict else report
