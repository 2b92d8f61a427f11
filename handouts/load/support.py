"""Support markers in a section's Markdown: ``[@key]`` after a statement names what it stands on,
``{policy:id}`` prints an item of clinic policy.

A marker closes the statement before it: the text from the previous marker (or the start of its
paragraph, list item or table row) up to the marker. Text after a block's last marker has no
support. Markers are taken out before Markdown reads the text, line for line, so readers never
see them and every finding keeps the line of the file; ``{policy:id}`` stays in the text and is
replaced, as text, by the clinic's words for the document's location when the document is filled
(handouts.documents.base). A translated section carries the same markers as its English original
and cites that section's support.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from handouts.model import SLUG, Block, Statement

MARKER = re.compile(r"[ \t]*\[@([^\[\]\n]*)\]")
POLICY = re.compile(r"\{policy:([^{}\n]*)\}")
HEADING = re.compile(r"^ {0,3}#{1,6}(?:\s|$)")
ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+")
QUOTE = re.compile(r"^\s*(?:>\s?)+")
RULE = re.compile(r"^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
TABLE_RULE = re.compile(r"^[ \t>]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
WORD = re.compile(r"[^\W_]", re.UNICODE)


@dataclass(frozen=True)
class Marked:
    """What the markers of one section body say, and what is wrong with them."""

    body: str
    """The body with every ``[@key]`` taken out (same lines), ready for Markdown."""
    statements: tuple[Statement, ...]
    blocks: tuple[Block, ...]
    markers: tuple[tuple[int, str], ...]
    policies: tuple[tuple[int, str], ...]
    problems: tuple[tuple[int, str], ...]
    """(line in the body, message) for each malformed marker."""


def marker_keys(inside: str) -> list[str] | None:
    """The keys of a marker's inside ('a' or 'a; @b'), or None when it is malformed."""
    keys = [part.strip().removeprefix("@").strip() for part in inside.split(";")]
    return keys if keys and all(SLUG.match(key) for key in keys) else None


def reader_text(markdown: str) -> str:
    """Markdown as a reader sees it: emphasis, links, tags, list and quote marks taken out."""
    text = MARKER.sub("", markdown)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)  # [words](address) -> words
    text = re.sub(r"<[^<>]*>", " ", text)
    text = re.sub(r"(\*\*|__|\*|(?<!\w)_|_(?!\w))", "", text)
    text = re.sub(r"\\([\\`*_{}\[\]()#+\-.!|>])", r"\1", text)
    text = "\n".join(QUOTE.sub("", ITEM.sub("", line, count=1)) for line in text.split("\n"))
    text = text.replace("|", " ")
    text = html.unescape(text)
    return re.sub(r"\s+", " ", text).strip()


def has_words(text: str) -> bool:
    """Whether ``text`` holds a letter or digit (not only punctuation and space)."""
    return bool(WORD.search(POLICY.sub("", text)))


@dataclass
class _Open:
    kind: str
    lines: list[tuple[int, str]]


def _blocks(body: str) -> list[_Open]:
    """Split the body into headings, paragraphs, list items and table rows (line numbers from 1)."""
    blocks: list[_Open] = []
    current: _Open | None = None
    lines = body.split("\n")
    in_table = False
    for index, raw in enumerate(lines, start=1):
        line = QUOTE.sub("", raw)
        following = QUOTE.sub("", lines[index]) if index < len(lines) else ""
        if not line.strip() or (RULE.match(line) and not ITEM.match(line)):
            current, in_table = None, False
            continue
        if HEADING.match(line):
            blocks.append(_Open("heading", [(index, line.lstrip(" #"))]))
            current, in_table = None, False
            continue
        if "|" in line and TABLE_RULE.match(following) and "-" in following:
            # A table's header row labels its columns, like a heading.
            blocks.append(_Open("heading", [(index, line)]))
            current, in_table = None, True
            continue
        if in_table:
            if TABLE_RULE.match(line) and "-" in line:
                continue
            blocks.append(_Open("row", [(index, line)]))
            current = None
            continue
        if ITEM.match(line):
            current = _Open("item", [(index, line)])
            blocks.append(current)
            continue
        if current is None:
            current = _Open("paragraph", [])
            blocks.append(current)
        current.lines.append((index, line))
    return blocks


def _statements(block: _Open) -> tuple[list[Statement], list[tuple[int, str]]]:
    """The statements of one block, each closed by markers or a policy item, and marker errors."""
    statements: list[Statement] = []
    problems: list[tuple[int, str]] = []
    # One stream of (line, text piece) so a statement may run over several lines.
    pieces: list[tuple[int, str]] = []
    for line, text in block.lines:
        pieces.append((line, text + "\n"))
    pending: list[tuple[int, str]] = []
    last: Statement | None = None

    def start_line() -> int:
        for line, text in pending:
            if text.strip():
                return line
        return pending[0][0] if pending else block.lines[0][0]

    def close(keys: tuple[str, ...], policies: tuple[str, ...], token: str, line: int) -> None:
        nonlocal last, pending
        words = "".join(text for _, text in pending)
        if has_words(words) or policies:
            shown = reader_text(words + token)
            last = Statement(start_line(), shown, keys, policies)
            statements.append(last)
        elif last is not None and keys:
            # [@a] [@b]: the second marker closes the same statement as the first.
            last = Statement(last.line, last.text, last.keys + keys, last.policies)
            statements[-1] = last
        elif keys:
            problems.append(
                (
                    line,
                    f"marker '[@{'; @'.join(keys)}]' follows no statement; put it after the "
                    "statement it supports",
                )
            )
        pending = []

    token = re.compile(f"{MARKER.pattern}|{POLICY.pattern}")
    for line, text in pieces:
        position = 0
        for match in token.finditer(text):
            pending.append((line, text[position : match.start()]))
            position = match.end()
            if match.group(1) is not None:
                keys = marker_keys(match.group(1))
                if keys is None:
                    problems.append(
                        (
                            line,
                            f"marker '{match.group().strip()}' is not a support marker (expected "
                            "[@key] or [@key; @other], keys being lowercase words joined by -)",
                        )
                    )
                    continue
                close(tuple(keys), (), "", line)
            else:
                close((), (match.group(2).strip(),), match.group(), line)
        pending.append((line, text[position:]))
    words = "".join(text for _, text in pending)
    if has_words(words):
        statements.append(Statement(start_line(), reader_text(words)))
    return statements, problems


def read_markup(body: str, first_line: int = 1) -> Marked:
    """The markers, statements and blocks of a section body whose first line is ``first_line``
    of its file, and the body without markers for Markdown."""
    shift = first_line - 1
    problems: list[tuple[int, str]] = []
    stripped_lines = []
    markers: list[tuple[int, str]] = []
    policies: list[tuple[int, str]] = []
    for number, line in enumerate(body.split("\n"), start=1):
        for match in MARKER.finditer(line):
            for key in marker_keys(match.group(1)) or []:
                markers.append((number + shift, key))
        for match in POLICY.finditer(line):
            policy_id = match.group(1).strip()
            if SLUG.match(policy_id):
                policies.append((number + shift, policy_id))
            else:
                problems.append(
                    (
                        number,
                        f"'{match.group()}' does not name a policy item (expected "
                        "{policy:id}, e.g. {policy:driving})",
                    )
                )
        stripped = MARKER.sub("", line)
        if line.strip() and not stripped.strip():
            # A blank line would end the paragraph: the text around it would change.
            problems.append(
                (
                    number,
                    "a marker on a line of its own would split the paragraph; put it at the end "
                    "of the statement's last line",
                )
            )
            stripped = line  # kept, so the rest of the section still reads as written
        stripped_lines.append(stripped)
    statements: list[Statement] = []
    blocks: list[Block] = []
    for block in _blocks(body):
        text = reader_text(" ".join(text for _, text in block.lines))
        blocks.append(Block(block.lines[0][0] + shift, block.kind, text))  # type: ignore[arg-type]
        if block.kind == "heading":
            continue  # a label, not a statement
        found, wrong = _statements(block)
        statements += [Statement(s.line + shift, s.text, s.keys, s.policies) for s in found]
        problems += wrong
    alone = {line for line, message in problems if "line of its own" in message}
    problems = [(line, m) for line, m in problems if line not in alone or "line of its own" in m]
    return Marked(
        "\n".join(stripped_lines),
        tuple(statements),
        tuple(blocks),
        tuple(markers),
        tuple(policies),
        tuple(dict.fromkeys(problems)),
    )
