"""One family of errors and findings, each carrying the file, line and field it is about."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import click

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """A finding about one place in the project: printed as ``path:line: severity: message``."""

    path: str
    line: int | None
    severity: Severity
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"


def error(path: Path | str, message: str, line: int | None = None) -> Problem:
    """Make an error finding."""
    return Problem(str(path), line, "error", message)


def warning(path: Path | str, message: str, line: int | None = None) -> Problem:
    """Make a warning finding."""
    return Problem(str(path), line, "warning", message)


class HandoutsError(click.ClickException):
    """A problem that stops the run; click prints it as one line and exits 1."""

    exit_code = 1


class ProblemsFound(HandoutsError):
    """The project has errors: every one is printed, one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        lines = [str(p) for p in errors]
        summary = f"{len(errors)} error{'s' if len(errors) != 1 else ''} found; nothing was written"
        super().__init__("\n".join([*lines, summary]) if len(lines) != 1 else lines[0])
        self.summary = summary
