"""A handout: its sections for one location in one language, laid out by its template."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from handouts.documents.availability import Need, needs
from handouts.documents.base import (
    LaidOutOnce,
    Stylesheet,
    brand_stylesheet,
    common_context,
    language_suffix,
    pdf_identifier,
    review_date,
)
from handouts.documents.page import (
    chart_room,
    edition_context,
    page_stylesheet,
    text_scale,
    variant_suffix,
)
from handouts.model import Project


@dataclass(frozen=True)
class HandoutDocument(LaidOutOnce):
    """output/<location>/<handout>[.<lang>][.<variant>].pdf"""

    id: str
    location: str
    lang: str
    template: str = "handout.html"
    """Set per handout in its data file."""
    variant: str = ""
    kind: str = "handout"

    @property
    def name(self) -> str:
        """How messages name it."""
        edition = f", {self.variant}" if self.variant else ""
        return f"{self.location}/{self.id} ({self.lang}{edition})"

    def output_path(self, project: Project) -> PurePosixPath:
        """<location>/<handout>[.<lang>][.<variant>].pdf"""
        suffix = language_suffix(project, self.lang) + variant_suffix(self.variant)
        return PurePosixPath(self.location, f"{self.id}{suffix}.pdf")

    def identifier(self, project: Project) -> bytes | None:
        """Stable across revisions: derived from where the PDF goes."""
        return pdf_identifier(self.output_path(project))

    def dated(self) -> bool:
        """A handout carries the sources' date."""
        return True

    def section_ids(self, project: Project) -> list[str]:
        """The handout's sections, in its order."""
        return list(project.handouts[self.id].sections)

    def context(self, project: Project, source_date: str | None) -> dict[str, Any]:
        """Everything handout.html may use."""
        handout = project.handouts[self.id]
        context = common_context(
            project,
            self.location,
            self.lang,
            title=handout.title[self.lang],
            subject=handout.subject[self.lang],
            document_id=f"{handout.id}-{self.lang}",
            section_ids=self.section_ids(project),
            source_date=source_date,
            scale=text_scale(project, self.variant),
            chart_room=chart_room(project, self.variant),
        )
        context["handout"] = handout
        context.update(edition_context(project, context["title"], self.variant, self.lang))
        return context

    def stylesheets(self, project: Project) -> list[Stylesheet]:
        """The brand as the location sees it, then the page: text size, header and footer."""
        location = project.locations[self.location]
        reviewed = review_date(project, self.lang, self.section_ids(project))
        return [
            brand_stylesheet(project, location),
            page_stylesheet(project, location, self.lang, reviewed, self.variant),
        ]

    def missing(self, project: Project) -> list[Need]:
        """Its sections and words in its language, as far as they are lacking."""
        handout = project.handouts[self.id]
        shown = handout.source.path
        texts = {"title": (shown, handout.title), "subject": (shown, handout.subject)}
        return needs(project, self.lang, self.location, self.section_ids(project), texts)


def handout_document(
    project: Project, handout_id: str, location: str, lang: str, variant: str = ""
) -> HandoutDocument:
    """The handout ``handout_id`` for ``location`` in ``lang`` (in the ``variant`` edition),
    with its own template."""
    template = project.handouts[handout_id].template
    return HandoutDocument(handout_id, location, lang, template, variant)
