"""`handouts list`: what the project defines, read without checking (fast, for a quick look)."""

from __future__ import annotations

from handouts.errors import HandoutsError, errors_in
from handouts.load import load_project
from handouts.model import Project
from handouts.paths import ProjectPaths


def loaded(paths: ProjectPaths) -> Project:
    """The project as loaded; stop with every error when a file cannot be read."""
    project, problems = load_project(paths)
    if project is None or errors_in(problems):
        raise HandoutsError(problems)
    return project


def listing(project: Project) -> list[str]:
    """Languages, locations, handouts with their sections, packets with their parts."""
    lang = project.default_language
    lines = [f"Languages: {', '.join(project.languages)}", "Locations:"]
    lines += [f"  {loc.id:<16} {loc.name}, {loc.phone}" for loc in project.locations.values()]
    lines.append("Handouts:")
    for handout in project.handouts.values():
        lines.append(f"  {handout.id:<16} {handout.title[lang]}  [{handout.template}]")
        for section_id in handout.sections:
            section = project.sections.get(lang, {}).get(section_id)
            about = (
                f"{section.title}  (reviewed {section.meta.reviewed})"
                if section is not None
                else "(no file yet; run handouts check)"
            )
            lines.append(f"    - {section_id:<28} {about}")
    if project.packets:
        lines.append("Packets:")
    for packet in project.packets.values():
        lines.append(f"  {packet.id:<16} {packet.title[lang]}  [{packet.template}]")
        for part in packet.parts:
            source = f"  (from handout {part.handout})" if part.handout else ""
            lines.append(f"    - {part.id:<28} {part.title[lang]}{source}")
    return lines
