"""Rules about the sections themselves: reading level, review dates, sections nothing prints."""

from __future__ import annotations

import calendar
import datetime as dt

from handouts.checks.memo import GRADE, Memo, key_of
from handouts.checks.readability import (
    Readability,
    measure_all,
    measure_other,
    measures,
    measures_other,
    prose,
)
from handouts.documents.packet import packet_section_ids, part_section_ids
from handouts.errors import Problem, warning
from handouts.load.records import yaml_files
from handouts.load.support import POLICY
from handouts.model import Project, Record, Section


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the end of a shorter month (Jan 31 + 1 = Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def section_prose(project: Project, section: Section) -> str:
    """A section's words as a reader meets them, for measuring: its title, then each heading,
    paragraph and list item ended as a sentence, with the clinic policy's words in place."""
    policy = (
        project.policy.texts(next(iter(project.locations), ""), section.lang)
        if project.policy is not None
        else {}
    )
    texts = [section.title, *(block.text for block in section.blocks)]
    return prose(POLICY.sub(lambda m: policy.get(m.group(1).strip(), ""), t) for t in texts)


def readabilities(
    project: Project, texts: list[str], lang: str, memo: Memo | None = None
) -> list[Readability]:
    """Each text on the three measures: remembered by its words, the others measured together
    (the pronouncing dictionary is read once, for their words only)."""
    if memo is None:
        return measure_all(texts, lang)
    keys = [key_of(memo.software(), GRADE, lang, text) for text in texts]
    found: list[Readability | None] = []
    for key in keys:
        kept = memo.recall(GRADE, key, project)
        found.append(Readability(*kept) if isinstance(kept, list) and len(kept) == 5 else None)
    missing = [index for index, value in enumerate(found) if value is None]
    for index, value in zip(missing, measure_all([texts[i] for i in missing], lang), strict=True):
        found[index] = value
        memo.remember(
            GRADE,
            keys[index],
            project,
            None,
            [value.flesch_kincaid, value.smog, value.dale_chall, value.words, value.sentences],
        )
    return [value for value in found if value is not None]


def section_readability(project: Project, section: Section) -> Readability:
    """A section on the three reading-level measures."""
    return readabilities(project, [section_prose(project, section)], section.lang)[0]


def document_prose(project: Project, lang: str, section_ids: list[str]) -> str:
    """A whole handout or packet as measured: its sections in print order."""
    sections = [project.sections[lang][sid] for sid in section_ids if sid in project.sections[lang]]
    return " ".join(section_prose(project, s) for s in sections)


def document_readability(project: Project, lang: str, section_ids: list[str]) -> Readability:
    """A whole handout or packet on the three measures, its sections in print order."""
    return readabilities(project, [document_prose(project, lang, section_ids)], lang)[0]


def reading_level_problems(project: Project, memo: Memo | None = None) -> list[Problem]:
    """A warning for each section, handout and packet above the reading-grade limit on
    Flesch-Kincaid, Dale-Chall or (from 30 sentences on) SMOG."""
    limit = project.settings.max_reading_grade
    problems = []
    advice = "use shorter sentences and common words"
    documents: list[tuple[Record, list[str]]] = [
        (h, list(h.sections)) for h in project.handouts.values()
    ]
    documents += [
        (p, packet_section_ids(project, p))
        for p in project.packets.values()
        if all(part.handout is None or part.handout in project.handouts for part in p.parts)
    ]
    for lang, sections in project.sections.items():
        if not measures(lang):
            problems += other_language_problems(project, lang, documents)
            continue
        texts = [section_prose(project, section) for section in sections.values()]
        texts += [document_prose(project, lang, ids) for _, ids in documents]
        measured = readabilities(project, texts, lang, memo)
        for section, readability in zip(sections.values(), measured, strict=False):
            above = readability.above(limit)
            if above:
                problems.append(
                    warning(
                        section.source.path,
                        f"section '{section.id}' reads above grade {limit:g} on "
                        f"{', '.join(above)}; {advice}",
                        section.body_line,
                        "reading level",
                    )
                )
        for (record, _), readability in zip(documents, measured[len(sections) :], strict=True):
            above = readability.above(limit)
            if above:
                problems.append(
                    warning(
                        record.source.path,
                        f"as a whole ({lang}), it reads above grade {limit:g} on "
                        f"{', '.join(above)}; {advice}",
                        record.source.line_of(("sections",)),
                        "reading level",
                    )
                )
    return problems


def other_language_problems(
    project: Project, lang: str, documents: list[tuple[Record, list[str]]]
) -> list[Problem]:
    """A warning for each section, handout and packet in ``lang`` (Spanish, Chinese) past the
    limits ``reading_limits`` sets for it in content/settings.yaml."""
    limits = project.settings.reading_limits.get(lang)
    if limits is None or not measures_other(lang):
        return []
    sections = project.sections.get(lang, {})
    advice = "use shorter sentences and common words"
    problems = []
    for section in sections.values():
        found = measure_other(section_prose(project, section), lang)
        failing = found.failing(limits) if found is not None else []
        if failing:
            problems.append(
                warning(
                    section.source.path,
                    f"section '{section.id}' reads harder than {lang} allows: "
                    f"{', '.join(failing)}; {advice}",
                    section.body_line,
                    "reading level",
                )
            )
    for record, ids in documents:
        if not all(sid in sections for sid in ids):
            continue  # not built in this language
        found = measure_other(document_prose(project, lang, ids), lang)
        failing = found.failing(limits) if found is not None else []
        if failing:
            problems.append(
                warning(
                    record.source.path,
                    f"as a whole ({lang}), it reads harder than allowed: {', '.join(failing)}; "
                    f"{advice}",
                    record.source.line_of(("sections",)),
                    "reading level",
                )
            )
    return problems


def review_problems(project: Project, today: dt.date) -> list[Problem]:
    """A warning for each section whose last medical review is older than the interval, or
    dated in the future."""
    months = project.settings.review_interval_months
    problems = []
    # The source language's: a translation repeats its original's date (a new review changes
    # the original, which makes the translation stale until it is brought up to date).
    for sections in list(project.sections.values())[:1]:
        for section in sections.values():
            reviewed = section.meta.reviewed
            source = section.source
            line = source.line_of(("reviewed",))
            due = add_months(reviewed, months)
            if reviewed > today:
                problems.append(
                    warning(
                        source.path,
                        f"{reviewed.isoformat()} is in the future "
                        f"(today is {today.isoformat()}); check the date",
                        line,
                        "reviewed",
                    )
                )
            elif due < today:
                problems.append(
                    warning(
                        source.path,
                        f"last review {reviewed.isoformat()} is older than "
                        f"{months} months (due {due.isoformat()}); review the section "
                        "and update the date",
                        line,
                        "reviewed",
                    )
                )
    return problems


def unused_section_problems(project: Project) -> list[Problem]:
    """A warning for each section no handout or packet prints (usually a forgotten list entry)."""
    paths = project.paths
    for folder, loaded in ((paths.handouts, project.handouts), (paths.packets, project.packets)):
        if folder.is_dir() and any(p.stem not in loaded for p in yaml_files(folder)):
            return []  # a file that failed to load was reported; what it lists is unknown
    used = {sid for handout in project.handouts.values() for sid in handout.sections}
    for packet in project.packets.values():
        used.update(packet.cover)
        for part in packet.parts:
            if part.handout is None or part.handout in project.handouts:
                used.update(part_section_ids(project, part))
    return [
        warning(
            section.source.path,
            f"section '{section.id}' is in no handout or packet, so it is never printed "
            "(add its id to a handout's sections)",
            1,
        )
        for sections in project.sections.values()
        for section in sections.values()
        if section.id not in used
    ]
