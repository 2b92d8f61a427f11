"""Rules about the sections themselves: reading level, review dates, sections nothing prints."""

from __future__ import annotations

import calendar
import datetime as dt

from handouts.checks.memo import GRADE, Memo, key_of
from handouts.checks.readability import measures, reading_grades
from handouts.documents.packet import part_section_ids
from handouts.errors import Problem, warning
from handouts.load.records import yaml_files
from handouts.model import Project


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the end of a shorter month (Jan 31 + 1 = Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def section_grades(project: Project, lang: str, memo: Memo | None = None) -> list[float]:
    """The reading grade of each section of ``lang``, in order: remembered by its text, the
    others computed together (the dictionary is read once, for their words only)."""
    texts = [section.text for section in project.sections[lang].values()]
    if memo is None:
        return reading_grades(texts, lang)
    keys = [key_of(memo.software(), GRADE, lang, text) for text in texts]
    grades: list[float | None] = [memo.recall(GRADE, key, project) for key in keys]
    missing = [i for i, grade in enumerate(grades) if grade is None]
    if missing:
        for index, grade in zip(
            missing, reading_grades([texts[i] for i in missing], lang), strict=True
        ):
            grades[index] = grade
            memo.remember(GRADE, keys[index], project, None, grade)
    return [float(grade or 0.0) for grade in grades]


def reading_level_problems(project: Project, memo: Memo | None = None) -> list[Problem]:
    """A warning for each section whose Flesch-Kincaid grade is above the limit."""
    limit = project.settings.max_reading_grade
    problems = []
    for lang, sections in project.sections.items():
        if not measures(lang):
            continue
        grades = section_grades(project, lang, memo)
        for section, grade in zip(sections.values(), grades, strict=True):
            if grade > limit:
                problems.append(
                    warning(
                        section.source.path,
                        f"section '{section.id}' reads at grade {grade:.1f} "
                        f"(Flesch-Kincaid), above the limit of {limit:g}; use shorter "
                        "sentences and common words",
                        section.body_line,
                        "reading level",
                    )
                )
    return problems


def review_problems(project: Project, today: dt.date) -> list[Problem]:
    """A warning for each section whose last medical review is older than the interval, or
    dated in the future."""
    months = project.settings.review_interval_months
    problems = []
    for sections in project.sections.values():
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
