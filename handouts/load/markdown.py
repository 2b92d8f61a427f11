"""Markdown to HTML for handout sections."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.tables import TableExtension
from markdown.treeprocessors import Treeprocessor

HEADING = re.compile(r"^(#{1,2})\s", re.MULTILINE)


class _HeaderScope(Treeprocessor):
    """Every table header cell heads its column (scope="col"), so a screen reader names the
    column when it reads a cell."""

    def run(self, root: ET.Element) -> None:
        for cell in root.iter("th"):
            cell.set("scope", "col")


class _TableScope(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_HeaderScope(md), "table-scope", 0)


def extensions() -> list[Any]:
    """The Markdown extensions sections use: lists as written, typographic quotes and dashes,
    and tables (alignment as an attribute, never a style; header cells with their scope)."""
    return ["sane_lists", "smarty", TableExtension(use_align_attribute=True), _TableScope()]


def make_markdown() -> markdown.Markdown:
    """A Markdown converter for one section."""
    return markdown.Markdown(extensions=extensions(), output_format="html")


def render_markdown(text: str) -> str:
    """Convert a section's Markdown body to HTML."""
    return make_markdown().convert(text)


def heading_problems(text: str) -> list[tuple[int, str]]:
    """Lines using # or ## headings: the section title is the only level-2 heading."""
    found = []
    for match in HEADING.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found.append(
            (
                line,
                f"'{match.group(1)}' heading: use ### for sub-headings "
                "(the section title is printed from the front matter)",
            )
        )
    return found


def plain_text(html: str) -> str:
    """Visible text of rendered HTML (for reading-level checks and search)."""
    text = re.sub(r"<[^>]+>", " ", html)
    text = re.sub(r"&[a-z]+;|&#\d+;", " ", text)
    return re.sub(r"\s+", " ", text).strip()
