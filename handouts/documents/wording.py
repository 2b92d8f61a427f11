"""Wording with blanks: patterns such as "Page {page} of {pages}" or "{label}:" from
content/strings/<lang>.yaml, so each language keeps its own order and punctuation ("第 {page} 页，
共 {pages} 页", "{label}：") instead of the templates joining words with spaces and colons."""

from __future__ import annotations

import re
from collections.abc import Mapping

BLANK = re.compile(r"\{([a-z_]+)\}")


def fill_in(pattern: str, values: Mapping[str, object]) -> str:
    """``pattern`` with each {name} replaced by its value (an unknown {name} stays as written:
    `handouts check` names the blanks each pattern must hold)."""
    return BLANK.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(), pattern
    )


def pattern_parts(pattern: str, blanks: tuple[str, ...]) -> list[tuple[str, str]]:
    """``pattern`` as ('text', words) and (blank, '') parts, in order, for a stylesheet that
    writes the blanks as counters ("Page {page} of {pages}")."""
    parts: list[tuple[str, str]] = []
    at = 0
    for match in BLANK.finditer(pattern):
        if match.group(1) not in blanks:
            continue
        if match.start() > at:
            parts.append(("text", pattern[at : match.start()]))
        parts.append((match.group(1), ""))
        at = match.end()
    if at < len(pattern):
        parts.append(("text", pattern[at:]))
    return parts
