"""Translations a clinic can trust: each translated section says whether a medical translator
has reviewed it and which version of its original it was made from; a document is made in a
language only when that language has everything it prints.

- A draft is a warning (``--strict``: an error, for a release).
- A stale translation (its original changed since) is a warning naming both files and the
  original's lines that changed, found in git history (handouts.load.history).
- A document a language lacks something for is one warning naming what it lacks; it is not
  built in that language. The first language is the source: what it lacks is an error
  elsewhere (handouts.checks.references).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from handouts.documents import Document
from handouts.documents.availability import is_stale, original_of
from handouts.documents.handout import handout_document
from handouts.documents.packet import packet_document
from handouts.errors import Problem, error, warning
from handouts.load.history import changed_lines, find_version, line_ranges
from handouts.model import Project, Section
from handouts.paths import is_file

SAME_AS_ORIGINAL = ("include", "chart", "checklist")
"""Front matter a translation repeats from its original as it is (what it prints besides text)."""


def translation_problems(project: Project) -> list[Problem]:
    """Every translated section: its record is there and sound, it matches its original's
    blocks, and whether it is a draft or stale; a source-language section is no translation."""
    problems: list[Problem] = []
    for lang, sections in project.sections.items():
        for section in sections.values():
            if lang == project.default_language:
                if section.meta.translation is not None:
                    problems.append(
                        error(
                            section.source.path,
                            f"'{lang}' is the source language, from which the others are "
                            "translated: its sections are not translations (remove translation:)",
                            section.source.line_of(("translation",)),
                            "translation",
                        )
                    )
                continue
            problems += _translated(project, section)
    return problems


def _translated(project: Project, section: Section) -> list[Problem]:
    source = section.source
    original = original_of(project, section)
    source_lang = project.default_language
    english = project.paths.relative(project.paths.sections(source_lang) / f"{section.id}.md")
    if original is None:
        if is_file(project.paths.sections(source_lang) / f"{section.id}.md"):
            return []  # the original failed to load: its own error says why
        return [
            error(
                source.path,
                f"translates nothing: {english} does not exist (a translation keeps the file "
                "name of its original)",
                source.line_of(("id",)),
                "id",
            )
        ]
    translation = section.meta.translation
    if translation is None:
        return [
            error(
                source.path,
                "missing (a translated section records translation: {status: draft, "
                f"reviewed_by: null, reviewed_on: null, source: {original.digest}}}, the "
                f"sha256 of {english} it was translated from)",
                source.line_of(()) or 1,
                "translation",
            )
        ]
    problems: list[Problem] = []
    stale = is_stale(project, section)
    # A stale translation may differ: its original changed since (the stale warning says so).
    for key in () if stale else SAME_AS_ORIGINAL:
        mine, theirs = getattr(section.meta, key), getattr(original.meta, key)
        if mine != theirs:
            problems.append(
                error(
                    source.path,
                    f"{_shown(mine)} differs from {english}, which has {_shown(theirs)} "
                    "(a translation prints the same blocks as its original)",
                    source.line_of((key,)),
                    key,
                )
            )
    if stale:
        problems.append(
            warning(
                source.path,
                _stale_message(project, section, original, english),
                source.line_of(("translation", "source")),
                "translation.source",
            )
        )
    if translation.status == "draft":
        problems.append(
            warning(
                source.path,
                "draft: no qualified medical translator has reviewed it yet; once one has, "
                "set status: reviewed, reviewed_by and reviewed_on",
                source.line_of(("translation", "status")),
                "translation.status",
            )
        )
    return problems


def _shown(value: object) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return "nothing" if value is None else str(value).lower()


def _stale_message(project: Project, section: Section, original: Section, english: str) -> str:
    """Why a translation is stale: which lines of its original changed since it was made."""
    translation = section.meta.translation
    assert translation is not None
    then = find_version(project.paths.root, english, translation.original)
    update = f"update the translation, then record source: {original.digest}"
    if then is None:
        return (
            f"stale: {english} changed since this was translated from it; the version it was "
            "translated from is not in git history, so the changed lines are unknown: compare "
            f"the two files, {update}"
        )
    new_text = original.path.read_text(encoding="utf-8")
    lines, removed = changed_lines(then.text, new_text)
    if lines:
        what = f"its lines {line_ranges(lines)} are new or changed"
        what += ", and lines were removed" if removed else ""
    else:
        what = "lines were removed from it" if removed else "only its bytes changed"
    return (
        f"stale: {english} changed since this was translated from it ({then.commit}): {what}; "
        f"{update}"
    )


def availability_problems(project: Project) -> list[Problem]:
    """One warning per handout or packet that a language other than the first lacks something
    for (it is not built in that language), naming all it lacks."""
    problems: list[Problem] = []
    others = [lang for lang in project.languages if lang != project.default_language]
    kinds = [
        ("handout", handout_id, project.handouts[handout_id].source)
        for handout_id in project.handouts
    ]
    kinds += [
        ("packet", packet_id, project.packets[packet_id].source) for packet_id in project.packets
    ]
    for lang in others:
        for kind, doc_id, source in kinds:
            lacking: dict[tuple[str, str], list[str]] = {}
            for location in project.locations:
                document: Document
                if kind == "handout":
                    document = handout_document(project, doc_id, location, lang)
                else:
                    document = packet_document(project, doc_id, location, lang)
                try:
                    found = document.missing(project)
                except KeyError:
                    continue  # a broken reference, reported as an error of its own
                for need in found:
                    if need.what == "section" and not is_file(
                        project.paths.sections(project.default_language)
                        / PurePosixPath(need.path).name
                    ):
                        continue  # the source language lacks it too: an error of its own
                    lacking.setdefault((need.path, need.what), []).append(location)
            if not lacking:
                continue
            problems.append(
                warning(
                    source.path,
                    f"not built in {lang}: it lacks {_lacking(lacking, len(project.locations))}",
                    source.line_of(()) or 1,
                )
            )
    return problems


def _lacking(lacking: dict[tuple[str, str], list[str]], locations: int) -> str:
    """What a document lacks, by file: 'content/sections/es/a.md; title, subject in
    content/handouts/b.yaml; hours in content/locations/c.yaml (for c)'."""
    by_file: dict[tuple[str, str], list[str]] = {}
    for (path, what), where in lacking.items():
        note = "" if len(where) == locations else f" (for {', '.join(where)})"
        by_file.setdefault((path, note), []).append(what)
    items = []
    for (path, note), whats in by_file.items():
        texts = [what for what in whats if what != "section"]
        items.append(f"{', '.join(texts)} in {path}{note}" if texts else f"{path}{note}")
    return "; ".join(items)
