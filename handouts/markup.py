"""Markdown to HTML for handout sections."""

from __future__ import annotations

import re

import markdown

EXTENSIONS = ["sane_lists", "smarty"]
HEADING = re.compile(r"^(#{1,2})\s", re.MULTILINE)


def render_markdown(text: str) -> str:
    """Convert a section's Markdown body to HTML."""
    return markdown.markdown(text, extensions=EXTENSIONS, output_format="html")


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
