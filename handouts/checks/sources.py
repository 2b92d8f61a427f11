"""Every medical statement names its support, and every quote is in its source.

A section's statements are closed by ``[@key]`` markers (handouts.load.support); each key names
an entry of the front matter's ``support:``, which gives quotes from content/sources/, a clinic
policy item, a gloss (a plain-language definition a clinician signs) or why no source is needed.
The chart's bars name theirs field by field. A quote must occur in a source, compared without
regard to case, spacing or typographic quotes and dashes. A statement without support is a
warning at its line; a quote no source holds, or a marker naming no entry, is an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from handouts.errors import Problem, error, warning
from handouts.model import Key, Project, Reference, Section, Source, SupportDetail, Timeline

TYPOGRAPHIC = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
SHOWN = 70
"""Characters of a statement or quote repeated in a message."""


def normalize(text: str) -> str:
    """Text as quotes are compared: one case, one kind of quote mark and dash, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(TYPOGRAPHIC).casefold()
    return re.sub(r"\s+", " ", text).strip()


def shorten(text: str, limit: int = SHOWN) -> str:
    """``text`` cut to about ``limit`` characters at a word, with '...' when cut."""
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + "..."


@dataclass(frozen=True)
class Corpus:
    """The sources' words, normalised once per run."""

    texts: Mapping[str, str]
    references: Mapping[str, Reference]

    def find(self, quote: str) -> Reference | None:
        """The first source (by id) whose words hold ``quote``."""
        wanted = normalize(quote)
        for source_id, text in self.texts.items():
            if wanted and wanted in text:
                return self.references[source_id]
        return None


def corpus(project: Project) -> Corpus:
    """The project's sources, ready to look quotes up in."""
    refs = dict(sorted(project.references.items()))
    return Corpus({sid: normalize(ref.text) for sid, ref in refs.items()}, refs)


def support_of(project: Project, section: Section) -> Mapping[str, SupportDetail]:
    """A section's support entries: its own, or for a translation that gives none, those of the
    section with the same id in the first language (translations cite, they do not re-quote)."""
    if section.meta.support or section.lang == project.default_language:
        return section.meta.support
    original = project.sections.get(project.default_language, {}).get(section.id)
    return original.meta.support if original is not None else {}


def quote_line(source: Source, key: Key, index: int) -> int | None:
    """The line of the ``index``-th quote of the support entry at ``key`` in any of its forms."""
    for path in ((*key, "quotes", index), (*key, index)):
        if path in source.lines:
            return source.line_of(path)
    return source.line_of(key)


def entry_problems(
    entry: SupportDetail, key: Key, source: Source, where: Corpus, project: Project
) -> list[Problem]:
    """A support entry's quotes that no source holds, and a policy item that does not exist."""
    field = ".".join(str(k) for k in key)
    problems = []
    for index, quote in enumerate(entry.quotes):
        if where.find(quote) is None:
            found_in = (
                "any source in content/sources/"
                if where.texts
                else "a source (content/sources/ has none)"
            )
            problems.append(
                error(
                    source.path,
                    f"quote not found in {found_in}: '{shorten(quote)}' (copy the words exactly "
                    "as the source has them)",
                    quote_line(source, key, index),
                    field,
                )
            )
    items = project.policy.items if project.policy is not None else {}
    if entry.policy is not None and entry.policy not in items:
        problems.append(
            error(
                source.path,
                f"'{entry.policy}' is not an item of content/policy.yaml"
                + (f" (expected one of: {', '.join(items)})" if items else ""),
                source.line_of((*key, "policy")),
                f"{field}.policy",
            )
        )
    return problems


def unsupported(path: str, line: int | None, what: str, text: str) -> Problem:
    """The finding for a statement without support."""
    return warning(
        path,
        f"no source for '{shorten(text)}' ({what})",
        line,
        "support",
    )


SECTION_HINT = "add [@key] after it and its source's words under support:"


def section_problems(project: Project, section: Section, where: Corpus) -> list[Problem]:
    """One section's markers, entries and statements."""
    source = section.source
    path = source.path
    support = support_of(project, section)
    own = section.meta.support
    problems: list[Problem] = []
    for key, entry in own.items():
        problems += entry_problems(entry, ("support", key), source, where, project)
    used = {key for _, key in section.markers}
    for line, key in section.markers:
        if key not in support:
            whose = (
                "in the front matter's support:"
                if section.lang == project.default_language or own
                else f"in the support: of the {project.default_language} section '{section.id}'"
            )
            problems.append(
                error(
                    path,
                    f"marker [@{key}] names no entry {whose} (add '{key}:' with its source "
                    "quote there)",
                    line,
                    "support",
                )
            )
    for key in own:
        if key not in used:
            problems.append(
                warning(
                    path,
                    f"no [@{key}] marker in the text uses it (remove it, or mark the statement "
                    "it supports)",
                    source.line_of(("support", key)),
                    f"support.{key}",
                )
            )
    items = project.policy.items if project.policy is not None else {}
    for line, policy_id in section.policies:
        if policy_id not in items:
            expected = f" (expected one of: {', '.join(items)})" if items else ""
            problems.append(
                error(
                    path,
                    f"{{policy:{policy_id}}} names no item of content/policy.yaml{expected}",
                    line,
                    "policy",
                )
            )
    for statement in section.statements:
        if not statement.keys and not statement.policies:
            problems.append(unsupported(path, statement.line, SECTION_HINT, statement.text))
    return problems


CHART_FIELDS = ("starts", "ends", "note")


def chart_support_problems(
    chart_id: str, chart: Timeline, where: Corpus, project: Project
) -> list[Problem]:
    """Each bar's start, end, striped end and note, and the caption, name their support."""
    source = chart.source
    problems: list[Problem] = []
    hint = "add the source's words under support: caption"
    for caption_key, entry in chart.support.items():
        problems += entry_problems(entry, ("support", caption_key), source, where, project)
    if "caption" not in chart.support:
        text = next(iter(chart.caption.values()), "")
        problems.append(unsupported(source.path, source.line_of(("caption",)), hint, text))
    for index, effect in enumerate(chart.effects):
        for key, entry in effect.support.items():
            problems += entry_problems(
                entry, ("effects", index, "support", key), source, where, project
            )
        name = next(iter(effect.name.values()), f"#{index + 1}")
        needed = [*CHART_FIELDS, *(["can_last_longer"] if effect.can_last_longer else [])]
        for field in needed:
            if field in effect.support:
                continue
            value = getattr(effect, field)
            shown = next(iter(value.values()), "") if isinstance(value, dict) else str(value)
            claim = f"{name}: {field} {shown}" if field != "note" else f"{name}: {shown}"
            problems.append(
                unsupported(
                    source.path,
                    source.line_of(("effects", index, field)),
                    f"add the source's words under the effect's support: {field}",
                    claim,
                )
            )
    return problems


def reference_problems(project: Project) -> list[Problem]:
    """A source without a known date."""
    return [
        warning(
            ref.meta.source.path,
            "not known; record when the source was published or taken, so a reviewer knows "
            "which version the quotes come from",
            ref.meta.source.line_of(("date",)),
            "date",
        )
        for ref in project.references.values()
        if ref.meta.date is None
    ]


def source_problems(project: Project) -> list[Problem]:
    """Every support finding: sections in every language, every chart, every source."""
    where = corpus(project)
    problems: list[Problem] = []
    originals = project.sections.get(project.default_language, {})
    for lang, sections in project.sections.items():
        for section in sections.values():
            if (
                lang != project.default_language
                and not section.meta.support
                and section.id not in originals
            ):
                continue  # a translation of nothing, or of a section that failed to load
            problems += section_problems(project, section, where)
    for chart_id, chart in project.charts.items():
        problems += chart_support_problems(chart_id, chart, where, project)
    return problems + reference_problems(project)
