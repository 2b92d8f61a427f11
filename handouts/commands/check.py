"""`handouts check`: the build's pipeline stopped before rendering, collecting every finding."""

from __future__ import annotations

import datetime as dt

from handouts.checks import Options, Report, gate
from handouts.paths import ProjectPaths


def check_project(
    paths: ProjectPaths, today: dt.date | None = None, strict: bool = False
) -> Report:
    """Every finding about the project; nothing is written."""
    _, report = gate(paths, Options(today or dt.date.today()), collect=True)
    return report.as_strict() if strict else report
