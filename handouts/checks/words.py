"""Words wider than a line: the print stylesheet breaks them (overflow-wrap), so nothing runs off
the paper, but a word broken mid-way is hard to read and a screen reader spells the pieces out.
A warning names the section, the line and the start of the word.

Widths come from the body font's own advance widths (project.text_metrics), at the size the
handouts print body text and section titles (templates/css/handout.css), against the text
column the chart is drawn in (handouts.chart.layout.COLUMN_WIDTH).
"""

from __future__ import annotations

import re

from handouts.chart.layout import COLUMN_WIDTH
from handouts.errors import Problem, warning
from handouts.model import Project, Section, TextMetrics

BODY_SIZE = 12.5
"""Body text, in points (handout.css: html { font-size })."""
TITLE_SIZE = 17.0
"""Section titles, bold, in points (handout.css: h2)."""
# A word: a run of letters without a space, and without wide (Chinese, Japanese, Korean)
# characters, which a line may break between (as Pango breaks them).
WIDE = (
    "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60"
    "\uffe0-\uffe6\U00020000-\U0003ffff"
)
WORD = re.compile(f"[^\\s{WIDE}]+")
SHOWN = 30
"""Letters of a long word repeated in the message."""


def _too_wide(word: str, metrics: TextMetrics, size: float, bold: bool) -> bool:
    return metrics.width(word, size, bold) > COLUMN_WIDTH


def _message(word: str, where: str) -> str:
    start = word if len(word) <= SHOWN else word[:SHOWN] + "..."
    return (
        f"the word '{start}' ({len(word)} letters) is wider than a line of the {where}; it "
        "will be broken across lines (add spaces, or shorten it)"
    )


def section_word_problems(section: Section, metrics: TextMetrics) -> list[Problem]:
    """A warning for the first word of the section's title and of its text that is wider than
    the text column."""
    source = section.source
    problems = []
    for word in WORD.findall(section.title):
        if _too_wide(word, metrics, TITLE_SIZE, bold=True):
            problems.append(
                warning(source.path, _message(word, "title"), source.line_of(("title",)), "title")
            )
            break
    for word in WORD.findall(section.text):
        if _too_wide(word, metrics, BODY_SIZE, bold=False):
            index = section.body.find(word[:SHOWN])
            line = section.body_line + (section.body.count("\n", 0, index) if index >= 0 else 0)
            problems.append(warning(source.path, _message(word, "page"), line))
            break
    return problems


def long_word_problems(project: Project) -> list[Problem]:
    """Words wider than a line, in every section of every language."""
    metrics = project.text_metrics
    if metrics is None:
        return []
    return [
        problem
        for sections in project.sections.values()
        for section in sections.values()
        for problem in section_word_problems(section, metrics)
    ]
