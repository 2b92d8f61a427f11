"""Where a project's files live: content/ and templates/ under one root folder."""

from __future__ import annotations

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
    def strings(self) -> Path:
        """Template wording, one YAML file per language."""
        return self.content / "strings"

    def sections(self, lang: str) -> Path:
        """Markdown sections of one language."""
        return self.content / "sections" / lang

    def relative(self, path: Path) -> str:
        """``path`` as shown in messages: relative to the project root when inside it."""
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)


def find_project(root: Path) -> ProjectPaths:
    """The project at ``root``; the caller checks that it holds content/ and templates/."""
    return ProjectPaths(root.resolve())
