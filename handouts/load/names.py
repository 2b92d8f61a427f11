"""File names the loader refuses: those holding control characters, and those that are not UTF-8.

A name is printed in every finding about its file, so a line break in it splits a finding over
several lines, and a carriage return can rewrite the terminal line (``a\\rcheck: 0 errors.yaml``);
a name that is not UTF-8 cannot be printed at all. Such a file is refused by name, escaped
(handouts.errors.printable), before anything is read.
"""

from __future__ import annotations

import os
from pathlib import Path

from handouts.errors import CONTROL, Problem, error, sort_problems
from handouts.paths import ProjectPaths


def name_problem(name: str) -> str | None:
    """Why a file or folder name is refused, if it is."""
    if any(0xD800 <= ord(char) <= 0xDFFF for char in name):
        return "the name is not UTF-8 text; rename the file (letters, digits, '-' and '.')"
    if CONTROL.search(name):
        return (
            "the name holds a control character (a line break, tab or other invisible "
            "character); rename the file (letters, digits, '-' and '.')"
        )
    return None


def bad_name_problems(paths: ProjectPaths) -> list[Problem]:
    """One error per file or folder under content/ and templates/ whose name is refused."""
    problems = []
    for base in (paths.content, paths.templates):
        for folder, dirs, files in os.walk(base):
            for name in dirs + files:
                why = name_problem(name)
                if why is not None:
                    shown = Path(os.path.relpath(Path(folder) / name, paths.root)).as_posix()
                    problems.append(error(shown, why))
            dirs[:] = [d for d in dirs if name_problem(d) is None]
    return sort_problems(problems)
