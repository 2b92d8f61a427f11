"""Rules between files: what a handout, packet, section or location names must exist, and every
text must have each project language (and no other)."""

from __future__ import annotations

from collections.abc import Mapping

from handouts.errors import Problem, error
from handouts.load.limits import handout_size_problem
from handouts.model import Handout, Key, Packet, Project, Source
from handouts.paths import is_file


def language_problems(
    source: Source, key: Key, value: Mapping[str, object], langs: list[str], what: str = ""
) -> list[Problem]:
    """Text that lacks the source language (the first; a document another language lacks
    text for is not built in it, see handouts.checks.translations), or names a language the
    project does not have (a typo)."""
    what = what or ".".join(str(k) for k in key)
    missing = [
        error(source.path, f"no text for language '{lang}'", source.line_of(key), what)
        for lang in langs[:1]
        if lang not in value
    ]
    unknown = [
        error(
            source.path,
            f"'{lang}' is not one of the project's languages "
            f"({', '.join(langs)}; see content/settings.yaml)",
            source.line_of((*key, lang)),
            f"{what}.{lang}",
        )
        for lang in value
        if lang not in langs
    ]
    return missing + unknown


Named = list[tuple[Key, str, str]]
"""Sections a file names: (key of the entry, field as messages name it, section id)."""


def _missing_sections(project: Project, lang: str, source: Source, named: Named) -> list[Problem]:
    """Sections a handout or packet names that have no file. A section whose file exists but
    failed to load is left out: its own file was reported."""
    folder = project.paths.sections(lang)
    known = project.sections.get(lang, {})
    problems = []
    for key, field, section_id in named:
        if section_id in known or is_file(folder / f"{section_id}.md"):
            continue
        problems.append(
            error(
                source.path,
                f"'{section_id}' has no file content/sections/{lang}/{section_id}.md",
                source.line_of(key),
                field,
            )
        )
    return problems


def brand_language_problems(project: Project) -> list[Problem]:
    """The brand's tagline and disclaimer, and each location's own tagline, in every language."""
    langs = project.languages
    brand = project.brand
    problems = language_problems(brand.source, ("tagline",), brand.tagline, langs)
    problems += language_problems(brand.source, ("disclaimer",), brand.disclaimer, langs)
    for location in project.locations.values():
        if isinstance(location.hours, dict):
            problems += language_problems(location.source, ("hours",), location.hours, langs)
        if location.brand.tagline is not None:
            problems += language_problems(
                location.source, ("brand", "tagline"), location.brand.tagline, langs
            )
    return problems


def _titled_problems(project: Project, record: Handout | Packet) -> list[Problem]:
    """A handout's or packet's title and subject in every language, and its template."""
    source = record.source
    langs = project.languages
    problems = language_problems(source, ("title",), record.title, langs)
    problems += language_problems(source, ("subject",), record.subject, langs)
    if not is_file(project.paths.templates / record.template):
        problems.append(
            error(
                source.path,
                f"'{record.template}' not found in templates/",
                source.line_of(("template",)),
                field="template",
            )
        )
    return problems


def handout_problems(project: Project) -> list[Problem]:
    """Each handout: its text in every language, its template, its sections' files and size."""
    langs = project.languages
    problems: list[Problem] = []
    for handout in project.handouts.values():
        source = handout.source
        problems += _titled_problems(project, handout)
        for lang in langs:
            total = sum(_file_size(project, lang, sid) for sid in handout.sections)
            too_big = handout_size_problem(total)
            if too_big is not None:
                problems.append(error(source.path, too_big, source.line_of(("sections",))))
        for lang in langs[:1]:
            problems += _missing_sections(
                project,
                lang,
                source,
                [(("sections", i), "sections", sid) for i, sid in enumerate(handout.sections)],
            )
    return problems


def _file_size(project: Project, lang: str, section_id: str) -> int:
    path = project.paths.sections(lang) / f"{section_id}.md"
    try:
        return path.stat().st_size
    except OSError:
        return 0


def packet_problems(project: Project) -> list[Problem]:
    """Each packet: its text in every language, its template, and the handouts and sections its
    parts name."""
    paths = project.paths
    langs = project.languages
    problems: list[Problem] = []
    for packet in project.packets.values():
        source = packet.source
        problems += _titled_problems(project, packet)
        named: Named = [(("cover", i), "cover", sid) for i, sid in enumerate(packet.cover)]
        for index, part in enumerate(packet.parts):
            problems += language_problems(
                source, ("parts", index, "title"), part.title, langs, f"parts.{part.id}.title"
            )
            if part.handout is not None:
                handout = project.handouts.get(part.handout)
                if handout is None and is_file(paths.handouts / f"{part.handout}.yaml"):
                    continue  # the handout's own file failed to load and was reported
                if handout is None:
                    choices = ", ".join(project.handouts) or "none"
                    problems.append(
                        error(
                            source.path,
                            f"unknown handout '{part.handout}' (expected one of: {choices})",
                            source.line_of(("parts", index, "handout")),
                            f"parts.{part.id}.handout",
                        )
                    )
                    continue
                extra = [sid for sid in part.sections if sid not in handout.sections]
                if extra:
                    problems.append(
                        error(
                            source.path,
                            f"'{extra[0]}' is not a section of handout '{part.handout}' "
                            f"(expected some of: {', '.join(handout.sections)})",
                            source.line_of(("parts", index, "sections")),
                            f"parts.{part.id}.sections",
                        )
                    )
                    continue
            named += [
                (("parts", index, "sections", i), f"parts.{part.id}.sections", sid)
                for i, sid in enumerate(part.sections)
            ]
        for lang in langs[:1]:
            problems += _missing_sections(project, lang, source, named)
    return problems


CHART_BLOCKS = ("timeline-chart",)
"""Blocks that draw the chart their section names with `chart:`."""


def include_problems(project: Project) -> list[Problem]:
    """Blocks a section's front matter includes must exist in templates/blocks/, and a section
    that shows a chart names one that exists."""
    blocks = project.paths.templates / "blocks"
    known = sorted(p.stem for p in blocks.glob("*.html")) if blocks.is_dir() else []
    problems = []
    for sections in project.sections.values():
        for section in sections.values():
            for index, name in enumerate(section.meta.include):
                if name not in known:
                    problems.append(
                        error(
                            section.source.path,
                            f"unknown block '{name}' (expected one of: {', '.join(known)})",
                            section.source.line_of(("include", index)),
                            "include",
                        )
                    )
            chart = section.meta.chart
            shows_chart = any(block in CHART_BLOCKS for block in section.meta.include)
            if chart is not None and chart not in project.charts:
                known_charts = ", ".join(sorted(project.charts)) or "none in content/charts/"
                problems.append(
                    error(
                        section.source.path,
                        f"unknown chart '{chart}' (expected one of: {known_charts})",
                        section.source.line_of(("chart",)),
                        "chart",
                    )
                )
            elif chart is None and shows_chart:
                problems.append(
                    error(
                        section.source.path,
                        "missing (a section that includes a chart block names its chart, "
                        f"e.g. chart: {next(iter(sorted(project.charts)), 'side-effect-timeline')})",
                        section.source.line_of(("include",)),
                        "chart",
                    )
                )
    return problems
