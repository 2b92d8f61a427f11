"""Where a project's files live: content/ and templates/ under one root folder."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProjectPaths:
    """The folders and files of one handouts project."""

    root: Path

    @property
    def content(self) -> Path:
        """Markdown sections and data files."""
        return self.root / "content"

    @property
    def templates(self) -> Path:
        """Jinja templates, CSS, fonts."""
        return self.root / "templates"

    @property
    def output(self) -> Path:
        """Where builds write by default."""
        return self.root / "output"

    @property
    def settings(self) -> Path:
        """Project-wide settings."""
        return self.content / "settings.yaml"

    @property
    def brand(self) -> Path:
        """The brand file marketing edits."""
        return self.content / "brand.yaml"

    @property
    def locations(self) -> Path:
        """One YAML file per location."""
        return self.content / "locations"

    @property
    def handouts(self) -> Path:
        """One YAML file per handout."""
        return self.content / "handouts"

    @property
    def packets(self) -> Path:
        """One YAML file per packet (optional folder)."""
        return self.content / "packets"

    @property
    def charts(self) -> Path:
        """Chart data, one YAML file per chart (optional folder)."""
        return self.content / "charts"

    @property
    def sources(self) -> Path:
        """The sources the clinic relies on: text files with a .yaml description each."""
        return self.content / "sources"

    @property
    def policy(self) -> Path:
        """What the clinic decides (driving, fasting, after-hours...), optional."""
        return self.content / "policy.yaml"

    @property
    def strings(self) -> Path:
        """Template wording, one YAML file per language."""
        return self.content / "strings"

    @property
    def fonts(self) -> Path:
        """The shipped fonts and their list, fonts.yaml."""
        return self.templates / "fonts"

    def sections(self, lang: str) -> Path:
        """Markdown sections of one language."""
        return self.content / "sections" / lang

    def relative(self, path: Path) -> str:
        """``path`` as shown in messages: relative to the project root when inside it.

        Compared without resolving links, so a link loop or a broken link is still named."""
        absolute = Path(os.path.abspath(path))
        try:
            return absolute.relative_to(Path(os.path.abspath(self.root))).as_posix()
        except ValueError:
            return str(path)


def is_file(path: Path) -> bool:
    """Whether ``path`` is a file. A name the system cannot look up (too long, a NUL in it, a
    link loop) is no file, rather than an error: data files name paths, and a hostile name must
    be reported as missing, not crash the run."""
    try:
        return path.is_file()
    except (OSError, ValueError):
        return False


def is_project(folder: Path) -> bool:
    """Whether ``folder`` holds a project's content/ and templates/."""
    return (folder / "content").is_dir() and (folder / "templates").is_dir()


def find_project(start: Path) -> ProjectPaths:
    """The project at ``start`` or, as git does, in the nearest folder above it that holds
    content/ and templates/ (so `handouts check` works from content/sections/en/ too). When none
    does, ``start`` itself: loading it then says what it lacks."""
    here = Path(os.path.abspath(start))
    for folder in (here, *here.parents):
        if is_project(folder):
            return ProjectPaths(folder)
    return ProjectPaths(here)
