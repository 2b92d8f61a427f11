"""`handouts list`: what the project defines, read without checking (fast, for a quick look)."""

from __future__ import annotations

from handouts.documents.availability import Status, document_status
from handouts.documents.handout import handout_document
from handouts.documents.packet import packet_document
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
    return lines + translation_matrix(project)


def translation_matrix(project: Project) -> list[str]:
    """Documents x languages: source, reviewed, draft, stale (its original changed since) or
    missing (not built in that language: `handouts check` says what it lacks)."""
    rows: list[tuple[str, list[Status]]] = []
    locations = list(project.locations)
    for handout_id in project.handouts:
        statuses = [
            document_status(
                project, [handout_document(project, handout_id, loc, lang) for loc in locations]
            )
            for lang in project.languages
        ]
        rows.append((f"{handout_id} (handout)", list(statuses)))
    for packet_id in project.packets:
        statuses = [
            document_status(
                project, [packet_document(project, packet_id, loc, lang) for loc in locations]
            )
            for lang in project.languages
        ]
        rows.append((f"{packet_id} (packet)", list(statuses)))
    width = max([len(name) for name, _ in rows] + [8])
    columns = [max(len(lang), 8) for lang in project.languages]
    head = "".join(f"  {lang:<{w}}" for lang, w in zip(project.languages, columns, strict=True))
    lines = ["Translations:", f"  {'':<{width}}{head}".rstrip()]
    for name, statuses in rows:
        cells = "".join(f"  {s:<{w}}" for s, w in zip(statuses, columns, strict=True))
        lines.append(f"  {name:<{width}}{cells}".rstrip())
    return lines
