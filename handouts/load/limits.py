"""Bounds on the work one section may ask of the build, checked before Markdown runs.

Python-Markdown and WeasyPrint are not built for hostile input: 16 KiB of '[' keeps Markdown busy
for half a minute, 32 KiB of one-word list items become a 278-page PDF, 8,000 italic words take
seconds to convert and half a minute to lay out, and deep nesting runs into recursion limits.
These checks are one linear pass over the text, and they count what Python-Markdown counts: a
bracket inside a code span (`` `]` ``) closes nothing for Markdown, so it closes nothing here
either, and a backslash escapes only the characters Markdown escapes. A section that breaks a
bound stops with a single line saying which bound and where, before any Markdown or layout work.

Within these bounds a section converts in well under a second and lays out in a few seconds
(measured in tests/test_limits.py and scripts/bench_limits.py); handouts.load.budget stops any
conversion that still runs past its budget.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

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
MAX_EMPHASIS_MARKS = 2000
"""'*' and '_' in one section (about 500 bold or italic words): Markdown's inline processing is
quadratic in the marked-up pieces of a paragraph, and each piece is a box to lay out."""
MAX_LINK_BRACKETS = 500
"""'[' in one section: each may start a link, which Markdown resolves by looking ahead."""
MAX_BACKTICKS = 50
"""'`' in one section. Code is refused in sections anyway; Markdown pairs backtick runs by
scanning ahead from each one, so a flood of them is refused before Markdown runs."""
MAX_HANDOUT_BYTES = 256 * 1024
"""The sections of one handout together, counting a section listed twice twice."""

LEADING_SPACE = re.compile(r"[ \t]*")
# A quote marker, or a list marker followed by a space: each opens one more level.
NESTING_MARKER = re.compile(r">[ \t]?|(?:[*+-]|[0-9]{1,9}[.)])(?:[ \t]|$)")
# Characters a backslash escapes in Python-Markdown (markdown.Markdown.ESCAPED_CHARS); before
# any other character the backslash is plain text.
ESCAPED = frozenset("\\`*_{}[]()>#+-.!")
# A list bullet ('* item', '- item') or a rule ('***', '_ _ _') is not emphasis.
BULLET = re.compile(r"^[ \t>]*(?:[*+-][ \t]+)+")
RULE = re.compile(r"^[ \t>]*(?:[*_-][ \t]*){3,}$")
SIGNIFICANT = re.compile(r"[\\`\[\]()*_\n]")
TICKS = re.compile(r"`+")


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
    """How deep a line sits in lists and quotes: its leading '>' and list markers ('- - - x' is
    a list inside a list inside a list) plus 4-column indentation steps."""
    depth, index = 0, 0
    while True:
        space = LEADING_SPACE.match(line, index)
        assert space is not None
        depth += _columns(space.group()) // 4
        marker = NESTING_MARKER.match(line, space.end())
        if marker is None:
            return depth
        depth += 1
        index = marker.end()


@dataclass(frozen=True)
class Mark:
    """A character Markdown may act on, as its inline processing sees it."""

    char: str
    line: int
    """1-based line in the body."""
    in_code: bool
    """Inside a code span, where Markdown takes it as plain text."""


def _code_span_end(text: str, start: int) -> int:
    """Where the code span opened by the backtick run at ``start`` ends (just past its closing
    run), or where the run itself ends when it opens none: Python-Markdown's own pairing
    (BacktickInlineProcessor.find_code_spans), an exact-length closing run, else the longest
    shorter one."""
    opening = TICKS.match(text, start)
    assert opening is not None
    ticks = opening.end() - start
    longest, longest_end = 0, 0
    for run in TICKS.finditer(text, opening.end()):
        length = run.end() - run.start()
        if length == ticks:
            return run.end()
        if length > longest:
            longest, longest_end = length, run.end()
    return longest_end if 0 < longest < ticks else -opening.end()


def _paragraphs(lines: list[str]) -> Iterator[tuple[int, str]]:
    """(first line number, text) of each run of non-blank lines: the widest text one inline
    context of Markdown (a paragraph, list item, heading or table cell) can span."""
    start = 0
    chunk: list[str] = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            if not chunk:
                start = number
            chunk.append(line)
        elif chunk:
            yield start, "\n".join(chunk)
            chunk = []
    if chunk:
        yield start, "\n".join(chunk)


def marks(text: str, first_line: int = 1) -> Iterator[Mark]:
    """The brackets and emphasis marks of one paragraph as Markdown's inline processing sees
    them, left to right: those a backslash escapes are left out, those in code spans flagged.
    (A code span's backticks are not marks: the section's backticks are counted as a whole.)"""
    line, code_end, skip_to = first_line, 0, 0
    for found in SIGNIFICANT.finditer(text):
        index, char = found.start(), found.group()
        if char == "\n":
            line += 1
        elif index < skip_to:
            continue  # escaped, or inside an opening run of backticks
        elif index < code_end:
            if char != "\\" and char != "`":
                yield Mark(char, line, True)
        elif char == "\\":
            if text[index + 1 : index + 2] in ESCAPED:
                skip_to = index + 2
        elif char == "`":
            end = _code_span_end(text, index)
            if end > 0:
                code_end = end
            else:
                skip_to = -end  # the run opens no code span: plain text
        else:
            yield Mark(char, line, False)


def _bracket_problem(lines: list[str]) -> tuple[int, str] | None:
    """The first line where too many '[' or '(' are open inside one paragraph. A bracket in a
    code span opens one (code is refused anyway, so counting more is safe) but closes none."""
    closing = {"]": "[", ")": "("}
    for start, text in _paragraphs(lines):
        open_count = {"[": 0, "(": 0}
        for mark in marks(text, start):
            if mark.char in open_count:
                open_count[mark.char] += 1
                if open_count[mark.char] > MAX_OPEN_BRACKETS:
                    return mark.line, (
                        f"more than {MAX_OPEN_BRACKETS} '{mark.char}' are open at once in this "
                        f"paragraph; close them or remove the extra '{mark.char}'"
                    )
            elif mark.char in closing and not mark.in_code:
                opener = closing[mark.char]
                open_count[opener] = max(0, open_count[opener] - 1)
    return None


COUNTED = {
    "*": (
        MAX_EMPHASIS_MARKS,
        "'*' and '_' marks (bold and italic)",
        "keep bold and italic for a few key words",
    ),
    "[": (MAX_LINK_BRACKETS, "'[' characters (links)", "link a few key places only"),
}


def _count_problems(lines: list[str], skip: str = "") -> list[tuple[int, str]]:
    """The line where the section passes each bound on how often a kind of mark appears."""
    counts = {kind: 0 for kind in COUNTED if kind != skip}
    found: dict[str, tuple[int, str]] = {}
    for start, text in _paragraphs(lines):
        for mark in marks(_without_bullets(text), start):
            kind = "*" if mark.char == "_" else mark.char
            if kind not in counts or kind in found:
                continue
            counts[kind] += 1
            limit, what, hint = COUNTED[kind]
            if counts[kind] > limit:
                found[kind] = (
                    mark.line,
                    f"the section has more than {limit} {what}; {hint}",
                )
    return list(found.values())


def _backtick_problem(lines: list[str]) -> tuple[int, str] | None:
    """The line where the section passes MAX_BACKTICKS backticks, if it does."""
    seen = 0
    for number, line in enumerate(lines, start=1):
        seen += line.count("`")
        if seen > MAX_BACKTICKS:
            return number, (
                f"the section has more than {MAX_BACKTICKS} '`' characters; code in backticks "
                "is not used in handouts (write the words without backticks)"
            )
    return None


def _without_bullets(text: str) -> str:
    """The paragraph with list bullets and rules blanked out (the same length and lines)."""
    kept = []
    for line in text.split("\n"):
        if RULE.match(line):
            kept.append(" " * len(line))
            continue
        bullet = BULLET.match(line)
        kept.append(" " * bullet.end() + line[bullet.end() :] if bullet else line)
    return "\n".join(kept)


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
    ticks = _backtick_problem(lines)
    if ticks is not None:
        # Pairing backtick runs is what is slow: the other marks are not looked at.
        found.append(ticks)
    else:
        bracket = _bracket_problem(lines)
        if bracket is not None:
            found.append(bracket)
        # Too many '[' open at once already says what to fix about them.
        found += _count_problems(lines, skip="[" if bracket else "")
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
