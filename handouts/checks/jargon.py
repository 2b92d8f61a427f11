"""Words a reader may not know are explained the first time a document uses them.

``jargon:`` in content/settings.yaml lists each word with the words that explain it. The first
heading, paragraph or list item of a handout or packet (in print order) that uses the word, or
the one right after it, must hold one of those words; a word listed with none is one to avoid.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from handouts.documents.packet import packet_section_ids
from handouts.errors import Problem, warning
from handouts.model import Project


def term_pattern(term: str) -> re.Pattern[str]:
    """How a listed word is found: whole words, plurals too; written in capitals (IV), only in
    capitals, so 'iv' in another word never counts."""
    flags = 0 if any(char.isupper() for char in term) else re.IGNORECASE
    return re.compile(rf"(?<![\w-]){re.escape(term)}(?:s|es)?(?![\w-])", flags)


def _documents(project: Project) -> Iterator[tuple[str, list[str]]]:
    for handout_id, handout in project.handouts.items():
        yield f"handout '{handout_id}'", list(handout.sections)
    for packet_id, packet in project.packets.items():
        if all(p.handout is None or p.handout in project.handouts for p in packet.parts):
            yield f"packet '{packet_id}'", packet_section_ids(project, packet)


def _blocks(project: Project, lang: str, section_ids: list[str]) -> list[tuple[str, int, str]]:
    """(file, line, text) of every title and block of the sections, in print order."""
    found = []
    for sid in section_ids:
        section = project.sections.get(lang, {}).get(sid)
        if section is None:
            continue
        source = section.source
        found.append((source.path, source.line_of(("title",)) or 1, section.title))
        found += [(source.path, block.line, block.text) for block in section.blocks]
    return found


def jargon_problems(project: Project) -> list[Problem]:
    """A warning where a listed word is first used in a document without being explained."""
    jargon = project.settings.jargon
    if not jargon:
        return []
    findings: dict[tuple[str, int, str, str], list[str]] = {}
    for lang in project.languages:
        if lang.split("-")[0] != "en":
            continue  # the list is written in English
        for name, section_ids in _documents(project):
            blocks = _blocks(project, lang, section_ids)
            for term, explained_by in jargon.items():
                pattern = term_pattern(term)
                first = next((i for i, b in enumerate(blocks) if pattern.search(b[2])), None)
                if first is None:
                    continue
                path, line, _ = blocks[first]
                if not explained_by:
                    message = (
                        f"'{term}' is a word to avoid (content/settings.yaml, jargon:); "
                        "use plain words instead"
                    )
                else:
                    nearby = " ".join(b[2] for b in blocks[first : first + 2]).casefold()
                    if any(words.casefold() in nearby for words in explained_by):
                        continue
                    choices = ", ".join(f"'{w}'" for w in explained_by)
                    message = (
                        f"'{term}' is not explained where it is first used (explain it here or "
                        f"in the next paragraph, with {choices})"
                    )
                findings.setdefault((path, line, term, message), []).append(name)
    return [
        warning(path, f"{message}; in {' and '.join(names)}", line, "jargon")
        for (path, line, _term, message), names in findings.items()
    ]
