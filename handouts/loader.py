"""Gather and validate the whole project before anything is rendered (MkDocs' 'gather first')."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handouts import config, content
from handouts.brandcheck import brand_problems, located
from handouts.errors import Problem, ProblemsFound, error
from handouts.fetch import outside_link_problems
from handouts.fonts import FontFace, load_font_faces
from handouts.limits import handout_size_problem
from handouts.model import Brand, Handout, Location, Packet, Section, Settings
from handouts.project import ProjectPaths
from handouts.textmetrics import TextMetrics, load_text_metrics
from handouts.timeline import Timeline, load_timelines


@dataclass(frozen=True)
class Project:
    """Everything a build needs, loaded and cross-checked."""

    paths: ProjectPaths
    settings: Settings
    brand: Brand
    locations: dict[str, Location]
    handouts: dict[str, Handout]
    sections: dict[str, dict[str, Section]]
    strings: dict[str, dict[str, str]]
    font_faces: list[FontFace] = field(default_factory=list)
    charts: dict[str, Timeline] = field(default_factory=dict)
    text_metrics: TextMetrics | None = None
    packets: dict[str, Packet] = field(default_factory=dict)

    @property
    def languages(self) -> list[str]:
        """Languages the project is written in; the first is the default."""
        return self.settings.languages


def _missing_languages(
    shown: str, what: str, value: dict[str, str], langs: list[str], path: Path | None = None
) -> list[Problem]:
    """Text that lacks a project language, or names one the project does not have (a typo)."""
    key = tuple(what.split("."))

    def line(*extra: str) -> int | None:
        # Read only on the error path: a clean project never re-reads its files here.
        return located(path).line_of((*key, *extra)) if path is not None else None

    missing = [
        error(shown, f"{what}: no text for language '{lang}'", line())
        for lang in langs
        if lang not in value
    ]
    unknown = [
        error(
            shown,
            f"{what}.{lang}: '{lang}' is not one of the project's languages "
            f"({', '.join(langs)}; see content/settings.yaml)",
            line(lang),
        )
        for lang in value
        if lang not in langs
    ]
    return missing + unknown


def _missing_sections(
    project: Project,
    lang: str,
    shown: str,
    named: list[tuple[str, str]],
    path: Path | None = None,
) -> list[Problem]:
    """Sections a handout or packet names (``(field, id)`` pairs) that have no file. A section
    whose file exists but failed to load is left out: its own file was reported."""
    folder = project.paths.sections(lang)
    known = project.sections.get(lang, {})
    problems = []
    for where, section_id in named:
        if section_id in known or (folder / f"{section_id}.md").is_file():
            continue
        key = tuple(int(p) if p.isdigit() else p for p in where.split("."))
        field = ".".join(p for p in where.split(".") if not p.isdigit())
        problems.append(
            error(
                shown,
                f"{field}: '{section_id}' has no file content/sections/{lang}/{section_id}.md",
                located(path).line_of(key) if path is not None else None,
            )
        )
    return problems


def _file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def cross_check(project: Project) -> list[Problem]:
    """Problems between files: unknown sections, missing translations, unknown includes."""
    paths = project.paths
    problems: list[Problem] = []
    langs = project.languages
    brand_shown = paths.relative(paths.brand)
    problems += _missing_languages(
        brand_shown, "tagline", project.brand.tagline, langs, paths.brand
    )
    problems += _missing_languages(
        brand_shown, "disclaimer", project.brand.disclaimer, langs, paths.brand
    )
    problems += brand_problems(project)
    blocks = paths.templates / "blocks"
    for handout in project.handouts.values():
        handout_path = paths.handouts / f"{handout.id}.yaml"
        shown = paths.relative(handout_path)
        problems += _missing_languages(shown, "title", handout.title, langs, handout_path)
        problems += _missing_languages(shown, "subject", handout.subject, langs, handout_path)
        if not (paths.templates / handout.template).is_file():
            problems.append(error(shown, f"template: '{handout.template}' not found in templates/"))
        for lang in langs:
            too_big = handout_size_problem(
                sum(_file_size(paths.sections(lang) / f"{sid}.md") for sid in handout.sections)
            )
            if too_big is not None:
                lines = located(paths.handouts / f"{handout.id}.yaml")
                problems.append(error(shown, too_big, lines.line_of(("sections",))))
            problems += _missing_sections(
                project,
                lang,
                shown,
                [(f"sections.{i}", sid) for i, sid in enumerate(handout.sections)],
                handout_path,
            )
    for lang_sections in project.sections.values():
        for section in lang_sections.values():
            for name in section.meta.include:
                if not (blocks / f"{name}.html").is_file():
                    known_blocks = ", ".join(sorted(p.stem for p in blocks.glob("*.html")))
                    problems.append(
                        error(
                            paths.relative(section.path),
                            f"include: unknown block '{name}' (expected one of: {known_blocks})",
                        )
                    )
    for location in project.locations.values():
        if location.brand.tagline is not None:
            shown = paths.relative(paths.locations / f"{location.id}.yaml")
            problems += _missing_languages(shown, "brand.tagline", location.brand.tagline, langs)
    return problems


def cross_check_packets(project: Project) -> list[Problem]:
    """Problems between a packet and what it names: handouts, sections, templates, languages."""
    paths = project.paths
    problems: list[Problem] = []
    for packet in project.packets.values():
        shown = paths.relative(paths.packets / f"{packet.id}.yaml")
        problems += _missing_languages(shown, "title", packet.title, project.languages)
        problems += _missing_languages(shown, "subject", packet.subject, project.languages)
        if not (paths.templates / packet.template).is_file():
            problems.append(error(shown, f"template: '{packet.template}' not found in templates/"))
        named = [("cover", sid) for sid in packet.cover]
        for part in packet.parts:
            problems += _missing_languages(
                shown, f"parts.{part.id}.title", part.title, project.languages
            )
            if part.handout is not None:
                handout = project.handouts.get(part.handout)
                if handout is None and (paths.handouts / f"{part.handout}.yaml").is_file():
                    continue  # the handout's own file failed to load and was reported
                if handout is None:
                    choices = ", ".join(project.handouts) or "none"
                    problems.append(
                        error(
                            shown,
                            f"parts.{part.id}.handout: unknown handout '{part.handout}' "
                            f"(expected one of: {choices})",
                        )
                    )
                    continue
                extra = [sid for sid in part.sections if sid not in handout.sections]
                if extra:
                    problems.append(
                        error(
                            shown,
                            f"parts.{part.id}.sections: '{extra[0]}' is not a section of "
                            f"handout '{part.handout}' (expected some of: "
                            f"{', '.join(handout.sections)})",
                        )
                    )
                    continue
            named += [(f"parts.{part.id}.sections", sid) for sid in part.sections]
        for lang in project.languages:
            problems += _missing_sections(project, lang, shown, named)
    return problems


def load_project(paths: ProjectPaths) -> tuple[Project | None, list[Problem]]:
    """Load every data file, section and string; return the project or every problem found."""
    problems: list[Problem] = []
    for folder in (paths.content, paths.templates):
        if not folder.is_dir():
            return None, [
                error(
                    str(paths.root),
                    f"not a handouts project: it has no {folder.name}/ folder (run handouts in "
                    "the folder that holds content/ and templates/, or name it with --project)",
                )
            ]
    links = outside_link_problems(paths)
    if links:
        return None, links  # read nothing through a link that leads off the project
    settings, found = config.load_settings(paths)
    problems += found
    brand, found = config.load_brand(paths)
    problems += found
    locations, found = config.load_locations(paths)
    problems += found
    handouts, found = config.load_handouts(paths)
    problems += found
    packets, found = config.load_packets(paths)
    problems += found
    sections: dict[str, dict[str, Section]] = {}
    strings: dict[str, dict[str, str]] = {}
    for lang in settings.languages if settings else []:
        sections[lang], found = content.load_sections(paths, lang)
        problems += found
        strings[lang], found = config.load_strings(paths, lang)
        problems += found
    faces: list[FontFace] = []
    if brand is not None:
        faces, found = load_font_faces(
            paths, brand.fonts, paths.relative(paths.brand), located(paths.brand)
        )
        problems += found
    charts, found = load_timelines(paths, settings.languages if settings else [])
    problems += found
    metrics = None
    if charts and brand is not None and faces:
        metrics, found = load_text_metrics(paths.templates, faces, brand.fonts.body)
        problems += found
    if settings is None or brand is None:
        return None, problems
    project = Project(
        paths,
        settings,
        brand,
        locations,
        handouts,
        sections,
        strings,
        faces,
        charts=charts,
        text_metrics=metrics,
        packets=packets,
    )
    problems += cross_check(project)
    problems += cross_check_packets(project)
    return project, problems


def load_checked(paths: ProjectPaths) -> tuple[Project, list[Problem]]:
    """Load the project; stop with every error when there is any."""
    project, problems = load_project(paths)
    if project is None or any(p.severity == "error" for p in problems):
        raise ProblemsFound(problems)
    return project, problems
