"""Which documents exist in which language, and how far each translation can be trusted.

The first language of content/settings.yaml is the source every other is translated from: it
must be complete (the checks report what it lacks as errors). Any other language is built
document by document: a handout or packet is made in it when every section it prints and every
text it needs (its title and subject, the brand's tagline and disclaimer, the location's hours,
the chart's words, the clinic policy it prints, the template wording) exists in that language;
otherwise it is left out, and `check` says once what it lacks. A page never mixes languages.

Each translated section records its status (draft until a medical translator reviews it) and
the sha256 of the source-language file it was made from; another digest there now makes it
stale. A document's translation status is the worst of its sections'.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from handouts.documents.base import POLICY_TOKEN
from handouts.model import Project, Section, Timeline

Status = Literal["source", "reviewed", "draft", "stale", "missing"]
ORDER: tuple[Status, ...] = ("source", "reviewed", "draft", "stale", "missing")
"""From best to worst: a document's status is the worst of its sections'."""
CHART_BLOCKS = ("timeline-chart",)


@dataclass(frozen=True)
class Need:
    """Something a document in one language lacks: what it is, and the file it belongs in."""

    path: str
    what: str


def worst(statuses: list[Status]) -> Status:
    """The worst of several statuses ('source' when there are none)."""
    return max(statuses, key=ORDER.index, default="source")


def section_status(project: Project, lang: str, section_id: str) -> Status:
    """How one section stands in ``lang``: the source itself, reviewed, draft, stale (its
    original changed since it was translated) or missing."""
    if lang == project.default_language:
        return "source"
    section = project.sections.get(lang, {}).get(section_id)
    if section is None:
        return "missing"
    if is_stale(project, section):
        return "stale"
    translation = section.meta.translation
    return "reviewed" if translation is not None and translation.status == "reviewed" else "draft"


def original_of(project: Project, section: Section) -> Section | None:
    """The source-language section a translation was made from (None when it has none)."""
    return project.sections.get(project.default_language, {}).get(section.id)


def translation_state(project: Project, lang: str, section_ids: list[str]) -> dict[str, Any]:
    """A document's translation as the manifest records it: the worst status of its sections
    ('source' in the first language), and each section's."""
    if lang == project.default_language:
        return {"status": "source", "sections": {}}
    statuses = {sid: section_status(project, lang, sid) for sid in section_ids}
    return {"status": worst(list(statuses.values())), "sections": dict(sorted(statuses.items()))}


def document_status(project: Project, documents: list[Any]) -> Status:
    """How one handout or packet stands in one language, over its documents for every
    location: 'missing' when any lacks something, else the worst status of its sections."""
    statuses: list[Status] = []
    for document in documents:
        if document.missing(project):
            return "missing"
        ids = document.section_ids(project)
        statuses += [section_status(project, document.lang, sid) for sid in ids]
    return worst(statuses)


def is_stale(project: Project, section: Section) -> bool:
    """Whether the original's bytes no longer hash to what the translation records."""
    original = original_of(project, section)
    translation = section.meta.translation
    if original is None or translation is None or section.lang == project.default_language:
        return False
    return original.digest != translation.original


def _chart_needs(project: Project, timeline: Timeline, lang: str) -> list[str]:
    texts = {"title": timeline.title, "caption": timeline.caption}
    texts["legend.longer"] = timeline.legend.longer
    texts.update({f"phase '{p.id}' label": p.label for p in timeline.phases})
    for group in timeline.groups:
        texts[f"group '{group.id}' label"] = group.label
        texts[f"group '{group.id}' legend"] = group.legend
    for index, effect in enumerate(timeline.effects):
        texts[f"effect {index + 1} name"] = effect.name
        texts[f"effect {index + 1} note"] = effect.note
    return [what for what, text in texts.items() if lang not in text]


def needs(
    project: Project,
    lang: str,
    location_id: str,
    section_ids: list[str],
    texts: dict[str, tuple[str, dict[str, str]]],
) -> list[Need]:
    """What a document printing ``section_ids`` for one location lacks in ``lang`` (nothing in
    the source language, whose gaps are errors). ``texts``: its own words, by field name, with
    the file they are in."""
    if lang == project.default_language:
        return []
    paths = project.paths
    found: list[Need] = []
    strings = project.strings.get(lang)
    source_strings = project.strings.get(project.default_language)
    strings_file = paths.relative(paths.strings / f"{lang}.yaml")
    if strings is None:
        found.append(Need(strings_file, "the template wording"))
    elif source_strings is not None:
        lacking = [key for key in source_strings.values if key not in strings.values]
        if lacking:
            found.append(Need(strings_file, f"wording {', '.join(lacking)}"))
    for path, (shown, text) in texts.items():
        if lang not in text:
            found.append(Need(shown, path))
    brand = project.brand
    location = project.locations[location_id]
    tagline = location.brand.tagline if location.brand.tagline is not None else brand.tagline
    tagline_file = location.source.path if location.brand.tagline is not None else brand.source.path
    if lang not in tagline:
        found.append(Need(tagline_file, "tagline"))
    if lang not in brand.disclaimer:
        found.append(Need(brand.source.path, "disclaimer"))
    if location.hours_in(lang) is None:
        found.append(Need(location.source.path, "hours"))
    folder = paths.sections(lang)
    charts: list[str] = []
    policies: list[str] = []
    for section_id in section_ids:
        section = project.sections.get(lang, {}).get(section_id)
        if section is None:
            found.append(Need(paths.relative(folder / f"{section_id}.md"), "section"))
            continue
        chart = section.meta.chart
        if chart and any(block in CHART_BLOCKS for block in section.meta.include):
            charts.append(chart)
        policies += [pid.strip() for pid in POLICY_TOKEN.findall(section.html)]
    for chart_id in dict.fromkeys(charts):
        timeline = project.charts.get(chart_id)
        if timeline is not None:
            lacking = _chart_needs(project, timeline, lang)
            if lacking:
                found.append(Need(timeline.source.path, ", ".join(lacking)))
    if project.policy is not None:
        for item_id in dict.fromkeys(policies):
            item = project.policy.items.get(item_id)
            if item is not None and item.text_for(location_id, lang) is None:
                found.append(Need(project.policy.source.path, f"items.{item_id}.text"))
    return found
