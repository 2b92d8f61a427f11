"""The clinic writes in its own words: a warning for 8 or more words in a row shared with a source.

Everything a patient reads is compared: sections, the chart's words, the brand's tagline and
disclaimer, handout and packet titles, the templates' wording and the clinic policy. Words are
compared as quotes are (one case, one kind of apostrophe), sentence by sentence, so a run never
joins the end of one sentence to the start of the next. The quotes under ``support:`` are the
source's words on purpose and are not compared.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from handouts.checks.sources import normalize
from handouts.errors import Problem, warning
from handouts.load.support import POLICY
from handouts.model import Key, Project, Record, Reference, Source

RUN = 8
"""Shared words in a row that make a copy (shorter runs are ordinary phrases: 'within 2 to 4
hours after your treatment' is 7)."""
SENTENCE = re.compile(r"(?<=[.!?:;])\s+|\n+")
WORD = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
# Fields of data files that are ids, settings or support quotes, never read by patients.
NOT_READ = frozenset(
    {"id", "logo", "template", "fonts", "placeholders", "include", "group", "starts", "ends"}
    | {"support", "approved", "colors", "website", "booking_url", "about", "hours", "phone"}
)


def words(text: str) -> list[str]:
    """The words of ``text`` as compared."""
    return WORD.findall(normalize(text))


def sentences(text: str) -> list[list[str]]:
    """The words of each sentence of ``text``."""
    return [w for part in SENTENCE.split(text) if (w := words(part))]


@dataclass(frozen=True)
class Shingles:
    """Every run of RUN words of every source, with the source it comes from."""

    runs: Mapping[tuple[str, ...], Reference]

    def longest(self, text: str) -> tuple[int, str, Reference] | None:
        """The longest run of ``text`` shared with a source: its length, its words, the source."""
        best: tuple[int, str, Reference] | None = None
        for sentence in sentences(text):
            index = 0
            while index + RUN <= len(sentence):
                found = self.runs.get(tuple(sentence[index : index + RUN]))
                if found is None:
                    index += 1
                    continue
                end = index + RUN
                while end < len(sentence) and tuple(sentence[end - RUN + 1 : end + 1]) in self.runs:
                    end += 1
                if best is None or end - index > best[0]:
                    best = (end - index, " ".join(sentence[index:end]), found)
                index = end
        return best


def shingles(references: Mapping[str, Reference]) -> Shingles:
    """The sources' runs of RUN words (the first source by id wins a run two share)."""
    runs: dict[tuple[str, ...], Reference] = {}
    for _, reference in sorted(references.items()):
        for sentence in sentences(reference.text):
            for index in range(len(sentence) - RUN + 1):
                runs.setdefault(tuple(sentence[index : index + RUN]), reference)
    return Shingles(runs)


def _texts(value: Any, key: Key = ()) -> Iterator[tuple[Key, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, Mapping):
        for name, item in value.items():
            if str(name) not in NOT_READ:
                yield from _texts(item, (*key, str(name)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from _texts(item, (*key, index))


def copy_warning(
    path: str, line: int | None, field: str, found: tuple[int, str, Reference]
) -> Problem:
    """The finding for a copied run."""
    count, run, reference = found
    return warning(
        path,
        f"{count} words in a row are the same as in the source '{reference.meta.title}': "
        f"'{run}' (say it in your own words)",
        line,
        field,
    )


def record_copies(record: Record, source: Source, seen: Shingles) -> list[Problem]:
    """Copies in the printed text fields of a data record."""
    problems = []
    for key, text in _texts(record.model_dump(mode="json")):
        found = seen.longest(text)
        if found is not None:
            field = ".".join(str(k) for k in key)
            problems.append(copy_warning(source.path, source.line_of(key), field, found))
    return problems


def copy_problems(project: Project) -> list[Problem]:
    """A warning for each text a patient reads that shares RUN or more words in a row with a
    source."""
    if not project.references:
        return []
    seen = shingles(project.references)
    problems: list[Problem] = []
    for sections in project.sections.values():
        for section in sections.values():
            title = seen.longest(section.title)
            if title is not None:
                line = section.source.line_of(("title",))
                problems.append(copy_warning(section.source.path, line, "title", title))
            for block in section.blocks:
                found = seen.longest(POLICY.sub(" ", block.text))
                if found is not None:
                    problems.append(copy_warning(section.source.path, block.line, "copy", found))
    records: list[Record] = [project.brand, *project.handouts.values(), *project.packets.values()]
    records += [*project.charts.values(), *project.locations.values()]
    if project.policy is not None:
        records.append(project.policy)
    for record in records:
        problems += record_copies(record, record.source, seen)
    for strings in project.strings.values():
        for name, text in strings.values.items():
            found = seen.longest(text)
            if found is not None:
                line = strings.source.line_of((name,))
                problems.append(copy_warning(strings.source.path, line, name, found))
    return problems
