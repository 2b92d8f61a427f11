"""Every character that reaches a page must be one the project's fonts can print.

Rendering sees only the fonts in templates/fonts/ (handouts.render.pdf), so a letter they lack
would print as an empty box. This rule finds each such character before anything is rendered, at
its file and line, against the fonts of the text's language: the body font, then the fallback
families that language tries (handouts.documents.fonts); a patient's name gets the same test
without its letters being repeated.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any

from handouts.documents.fonts import unprintable
from handouts.errors import Problem, error
from handouts.model import Key, Project, Record, Source

# Fields that name files, ids and settings: never printed.
NOT_PRINTED = frozenset(
    {"id", "logo", "template", "fonts", "placeholders", "include", "group", "starts", "ends"}
    | {"support", "approved", "about"}
)


def describe(char: str) -> str:
    """'Ж' (U+0416 CYRILLIC CAPITAL LETTER ZHE)."""
    name = unicodedata.name(char, "")
    shown = char if char.isprintable() else ""
    return (
        f"'{shown}' (U+{ord(char):04X}{' ' + name if name else ''})"
        if shown
        else (f"U+{ord(char):04X}{' ' + name if name else ''}")
    )


def message(char: str) -> str:
    """Why a character is refused, and what to do."""
    return (
        f"{describe(char)} cannot be printed: the fonts in templates/fonts/ have no such "
        "letter (write it another way, or add a font that has it)"
    )


def _texts(value: Any, key: Key = ()) -> Iterator[tuple[Key, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, Mapping):
        for name, item in value.items():
            yield from _texts(item, (*key, str(name)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*key, index))


def record_problems(project: Project, record: Record, lang: str | None = None) -> list[Problem]:
    """One error per text field of a record that holds a character the fonts lack: text keyed
    by a language against that language's fonts, the rest (names, addresses) against the first
    language's."""
    source: Source = record.source
    problems = []
    languages = set(project.languages)
    for key, text in _texts(record.model_dump(mode="json")):
        if any(part in NOT_PRINTED for part in key):
            continue
        language = lang or next(
            (str(part) for part in key if part in languages), project.default_language
        )
        char = unprintable(project, language, text)
        if char is not None:
            field = ".".join(str(k) for k in key)
            problems.append(error(source.path, message(char), source.line_of(key), field))
    return problems


def glyph_problems(project: Project) -> list[Problem]:
    """Characters no shipped font can print, in sections, wording and every data file."""
    if not project.characters:
        return []  # the fonts could not be read: the font checks say why
    problems: list[Problem] = []
    records: list[Record] = [project.brand, *project.locations.values()]
    records += [*project.handouts.values(), *project.packets.values(), *project.charts.values()]
    if project.policy is not None:
        records.append(project.policy)
    for record in records:
        problems += record_problems(project, record)
    for lang, sections in project.sections.items():
        for section in sections.values():
            problems += record_problems(project, section.meta, lang)
            for offset, line in enumerate(section.body.split("\n")):
                # Entities too: &#x4e2d; prints as the letter it names.
                char = unprintable(project, lang, html.unescape(line))
                if char is not None:
                    problems.append(
                        error(section.source.path, message(char), section.body_line + offset)
                    )
    for lang, strings in project.strings.items():
        for name, text in strings.values.items():
            char = unprintable(project, lang, text)
            if char is not None:
                problems.append(
                    error(strings.source.path, message(char), strings.source.line_of((name,)), name)
                )
    return problems
