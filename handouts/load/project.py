"""Gather the whole project into one model before anything is checked or rendered (MkDocs'
'gather first'). This is the only code that reads content/: each file once per run."""

from __future__ import annotations

from handouts.errors import Problem, error
from handouts.load.clinic_policy import load_clinic_policy
from handouts.load.fonts import load_font_faces
from handouts.load.links import outside_link_problems
from handouts.load.logo import load_logo
from handouts.load.metrics import load_fallback_fonts, load_text_metrics
from handouts.load.names import bad_name_problems
from handouts.load.records import load_folder, load_record, read_yaml
from handouts.load.references import load_references
from handouts.load.sections import load_sections
from handouts.load.timeline import load_timelines
from handouts.model import (
    Brand,
    Handout,
    Location,
    Packet,
    Project,
    Section,
    Settings,
    Strings,
)
from handouts.paths import ProjectPaths, is_project


def load_strings(paths: ProjectPaths, lang: str) -> tuple[Strings | None, list[Problem]]:
    """Read the template wording of one language (content/strings/<lang>.yaml)."""
    path = paths.strings / f"{lang}.yaml"
    shown = paths.relative(path)
    if not path.is_file():
        return None, [error(shown, f"missing: the wording for language '{lang}'")]
    located, problems = read_yaml(path, shown)
    if located is None:
        return None, problems
    data = located.data
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        return None, [error(shown, "expected 'key: text' lines only", 1)]
    broken = [k for k, v in data.items() if _has_surrogate(v)]
    if broken:
        return None, [
            error(
                shown,
                "expected text without broken characters (a lone surrogate such as \\ud800)",
                located.line_of((broken[0],)),
                field=broken[0],
            )
        ]
    return Strings(lang, data, located.source(shown)), []


def _has_surrogate(text: str) -> bool:
    return any(0xD800 <= ord(char) <= 0xDFFF for char in text)


def not_a_project(paths: ProjectPaths) -> list[Problem]:
    """Why ``paths.root`` is not a project, if it is not."""
    if is_project(paths.root):
        return []
    missing = [f"{f}/" for f in ("content", "templates") if not (paths.root / f).is_dir()]
    return [
        error(
            str(paths.root),
            f"not a handouts project: it has no {' and no '.join(missing)} folder (run handouts "
            "in the folder that holds content/ and templates/, or name it with --project)",
        )
    ]


def load_project(paths: ProjectPaths) -> tuple[Project | None, list[Problem]]:
    """Load every data file, section, string, font and chart; return the project (None when the
    settings or brand cannot be read) and every problem found on the way."""
    problems = not_a_project(paths)
    if problems:
        return None, problems
    links = outside_link_problems(paths)
    if links:
        return None, links  # read nothing through a link that leads off the project
    names = bad_name_problems(paths)
    if names:
        return None, names  # every finding names its file: refuse names that cannot be shown
    if not paths.settings.is_file():
        problems.append(
            error(paths.relative(paths.settings), "missing: the project needs its settings file")
        )
        settings = None
    else:
        settings, found = load_record(paths.settings, Settings, paths)
        problems += found
    if not paths.brand.is_file():
        problems.append(
            error(paths.relative(paths.brand), "missing: the project needs a brand file")
        )
        brand = None
    else:
        brand, found = load_record(paths.brand, Brand, paths)
        problems += found
    locations, found = load_folder(paths.locations, Location, paths)
    problems += found
    handouts, found = load_folder(paths.handouts, Handout, paths)
    problems += found
    packets, found = load_folder(paths.packets, Packet, paths, required=False)
    problems += found
    languages = settings.languages if settings else []
    sections: dict[str, dict[str, Section]] = {}
    strings: dict[str, Strings] = {}
    for index, lang in enumerate(languages):
        # The first language is the source: it must be complete. Another may lack its folder
        # or its wording while it is being translated: nothing is built in it yet (a warning).
        translating = index > 0 and not paths.sections(lang).is_dir()
        sections[lang], found = ({}, []) if translating else load_sections(paths, lang)
        problems += found
        if index > 0 and not (paths.strings / f"{lang}.yaml").is_file():
            continue
        wording, found = load_strings(paths, lang)
        problems += found
        if wording is not None:
            strings[lang] = wording
    charts, found = load_timelines(paths)
    problems += found
    references, found = load_references(paths)
    problems += found
    policy, found = load_clinic_policy(paths)
    problems += found
    if settings is None or brand is None:
        return None, problems
    faces, found = load_font_faces(paths, brand.fonts, brand.source)
    problems += found
    main = (brand.fonts.body, brand.fonts.headings)
    metrics, characters, found = load_text_metrics(
        paths.templates, [face for face in faces if face.family in main], brand.fonts.body
    )
    problems += found
    fallbacks = [name for name in brand.fonts.stack_all() if name not in main]
    fallback_fonts, found = load_fallback_fonts(paths.templates, faces, fallbacks)
    problems += found
    logo, found = load_logo(paths, brand.logo, brand.source)
    problems += found
    project = Project(
        paths,
        settings,
        brand,
        locations,
        handouts,
        sections,
        strings,
        tuple(faces),
        charts=charts,
        text_metrics=metrics,
        packets=packets,
        logo=logo,
        characters=characters,
        references=references,
        policy=policy,
        fallback_fonts=fallback_fonts,
    )
    return project, problems
