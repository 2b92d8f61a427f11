"""Bounds on the work one section may ask of the build, checked before Markdown runs.

Python-Markdown and WeasyPrint are not built for hostile input: 16 KiB of '[' keeps Markdown busy
for half a minute, 32 KiB of one-word list items become a 278-page PDF, and deep nesting runs into
recursion limits. These checks are one linear pass over the text; a section that breaks one stops
with a single line saying which bound and where, before any Markdown or layout work is done.

Within these bounds a section converts in well under a second and lays out in a few seconds
(measured in tests/test_limits.py and scripts/bench_limits.py).
"""

from __future__ import annotations

import re

MAX_SECTION_BYTES = 32 * 1024
"""A section file, front matter included (the longest shipped section is under 2 KiB)."""
MAX_SECTION_LINES = 400
"""Lines of a section file; each line can become a list item or a paragraph of its own."""
MAX_NESTING = 20
"""Levels of lists and quotes inside one another."""
MAX_OPEN_BRACKETS = 20
"""'[' or '(' open at once inside one paragraph (Markdown looks ahead for every one)."""
MAX_ANGLE_BRACKETS = 200
"""'<' in one section: raw HTML tags and comparisons (Markdown's HTML matching is quadratic)."""
MAX_HANDOUT_BYTES = 256 * 1024
"""The sections of one handout together, counting a section listed twice twice."""

QUOTE_MARKERS = re.compile(r"^[ \t]*((?:>[ \t]?)+)")


def _columns(indent: str) -> int:
    return len(indent.expandtabs(4))


def size_problem(size: int) -> str | None:
    """Why a section file of ``size`` bytes is refused before it is read, if it is."""
    if size <= MAX_SECTION_BYTES:
        return None
    return (
        f"the section is {size // 1024} KiB; a section may be at most "
        f"{MAX_SECTION_BYTES // 1024} KiB (split it into several sections)"
    )


def nesting_depth(line: str) -> int:
    """How deep a line sits in lists and quotes: '>' markers plus 4-column indentation steps."""
    match = QUOTE_MARKERS.match(line)
    quotes = match.group(1).count(">") if match else 0
    rest = line[match.end() :] if match else line
    indent = rest[: len(rest) - len(rest.lstrip(" \t"))]
    return quotes + _columns(indent) // 4


def _bracket_problem(lines: list[str]) -> tuple[int, str] | None:
    """The first line where too many '[' or '(' are open inside one paragraph."""
    open_count = {"[": 0, "(": 0}
    closing = {"]": "[", ")": "("}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            open_count = {"[": 0, "(": 0}
            continue
        escaped = False
        for char in line:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char in open_count:
                open_count[char] += 1
                if open_count[char] > MAX_OPEN_BRACKETS:
                    return number, (
                        f"more than {MAX_OPEN_BRACKETS} '{char}' are open at once in this "
                        f"paragraph; close them or remove the extra '{char}'"
                    )
            elif char in closing:
                opener = closing[char]
                open_count[opener] = max(0, open_count[opener] - 1)
    return None


def limit_problems(body: str) -> list[tuple[int, str]]:
    """(line, message) for each bound the body of a section breaks; empty when within them."""
    lines = body.split("\n")
    found: list[tuple[int, str]] = []
    if len(lines) > MAX_SECTION_LINES:
        found.append(
            (
                MAX_SECTION_LINES + 1,
                f"the section is longer than {MAX_SECTION_LINES} lines (split it into several "
                "sections)",
            )
        )
        lines = lines[: MAX_SECTION_LINES + 1]
    for number, line in enumerate(lines, start=1):
        depth = nesting_depth(line)
        if depth > MAX_NESTING:
            found.append(
                (
                    number,
                    f"lists and quotes are nested {depth} levels deep here; at most "
                    f"{MAX_NESTING} levels are allowed",
                )
            )
            break
    bracket = _bracket_problem(lines)
    if bracket is not None:
        found.append(bracket)
    angle = 0
    for number, line in enumerate(lines, start=1):
        angle += line.count("<")
        if angle > MAX_ANGLE_BRACKETS:
            found.append(
                (
                    number,
                    f"the section has more than {MAX_ANGLE_BRACKETS} '<' characters; "
                    "write 'less than' in words (sections hold very little HTML)",
                )
            )
            break
    return found


def handout_size_problem(total: int) -> str | None:
    """Why a handout whose sections add up to ``total`` bytes is refused, if it is."""
    if total <= MAX_HANDOUT_BYTES:
        return None
    return (
        f"sections: the handout's sections add up to {total // 1024} KiB; a handout may be at "
        f"most {MAX_HANDOUT_BYTES // 1024} KiB (make it two handouts)"
    )
