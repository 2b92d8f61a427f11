"""One kind of finding and one error that carries findings.

A ``Problem`` says where (file, line, field), how bad (error or warning) and what is expected. Every
stage returns problems; the one exception, ``HandoutsError``, carries them to the command line, which
prints each once as ``path:line: error: field: message``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal

import click

Severity = Literal["error", "warning"]
# Characters that would break a finding over several lines or rewrite the terminal (a file named
# "a\rcheck: 0 errors.yaml"): shown escaped, as Python writes them.
# Lone surrogates too: a file name that is not UTF-8 reaches Python with each undecodable byte as
# a surrogate (U+DC80-U+DCFF), which no terminal can print.
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def _escaped(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the byte as it is on disk
    return char.encode("unicode_escape", "backslashreplace").decode("ascii")


def printable(text: str) -> str:
    """``text`` on one line, with control and direction-changing characters escaped, and the
    bytes of a name that is not UTF-8 written as \\xNN."""
    return CONTROL.sub(lambda m: _escaped(m.group()), text)


@dataclass(frozen=True)
class Problem:
    """A finding about one place in the project: ``path:line: severity: field: message``."""

    path: str
    line: int | None
    severity: Severity
    message: str
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        what = f"{self.field}: {self.message}" if self.field else self.message
        head = f"{printable(where)}: " if where else ""
        return f"{head}{self.severity}: {printable(what)}"

    @property
    def is_error(self) -> bool:
        """Whether the finding stops a build."""
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, str, str, str]:
        """File, then line, then severity, field and message."""
        return (self.path, self.line or 0, self.severity, self.field, self.message)


def error(path: Path | str, message: str, line: int | None = None, field: str = "") -> Problem:
    """Make an error finding."""
    return Problem(str(path), line, "error", message, field)


def warning(path: Path | str, message: str, line: int | None = None, field: str = "") -> Problem:
    """Make a warning finding."""
    return Problem(str(path), line, "warning", message, field)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Unique findings ordered by file, line, severity, field and message."""
    return sorted(set(problems), key=Problem.sort_key)


def errors_in(problems: Iterable[Problem]) -> list[Problem]:
    """The findings that stop a build."""
    return [p for p in problems if p.is_error]


def plural(count: int, word: str) -> str:
    """'1 error', '2 errors'."""
    return f"{count} {word}{'' if count == 1 else 's'}"


class HandoutsError(click.ClickException):
    """What stops a run: one or more problems, printed one per line (exit status 1)."""

    exit_code = 1

    def __init__(self, problems: str | Problem | Iterable[Problem]) -> None:
        if isinstance(problems, str):
            problems = [Problem("", None, "error", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems = sort_problems(problems)
        self.errors = errors_in(self.problems)
        lines = [str(p) for p in self.errors]
        if len(lines) > 1:
            lines.append(f"{plural(len(lines), 'error')} found; nothing was written")
        super().__init__("\n".join(lines))

    def show(self, file: IO[Any] | None = None) -> None:
        """Print the problems as they are (click would add 'Error: ' before the first)."""
        click.echo(self.format_message(), file=file, err=file is None)


class UsageProblem(HandoutsError):
    """A command-line value that names nothing the project has (exit status 2, as click's own)."""

    exit_code = 2
