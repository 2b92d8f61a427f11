"""Symbolic links under content/ and templates/ that lead outside both folders.

A link committed to the repository could otherwise make the build read (and print, or attach) a
file of the build machine; the loader looks before it reads anything.
"""

from __future__ import annotations

import os
from pathlib import Path

from handouts.errors import Problem, error, sort_problems
from handouts.paths import ProjectPaths


def _inside(path: Path, roots: tuple[Path, ...]) -> bool:
    return any(path.is_relative_to(root) for root in roots)


def outside_link_problems(paths: ProjectPaths) -> list[Problem]:
    """One error per symbolic link that leads outside content/ and templates/."""
    roots = (Path(os.path.realpath(paths.content)), Path(os.path.realpath(paths.templates)))
    problems = []
    for base in (paths.content, paths.templates):
        for folder, dirs, files in os.walk(base):
            for name in sorted(dirs + files):
                entry = Path(folder) / name
                if not entry.is_symlink():
                    continue
                shown = Path(os.path.relpath(entry, paths.root)).as_posix()
                # Not strict: a link to a missing file, or a loop, stays inside and is reported
                # when its file cannot be read.
                target = Path(os.path.realpath(entry))
                if not _inside(target, roots):
                    problems.append(
                        error(
                            shown,
                            f"symbolic link to '{os.readlink(entry)}' leads outside content/ "
                            "and templates/; put the file itself in the project",
                        )
                    )
    return sort_problems(problems)
