"""A handout: its sections for one location in one language, laid out by its template."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from handouts.documents.base import (
    Document,
    Stylesheet,
    brand_stylesheet,
    common_context,
    language_suffix,
    pdf_identifier,
)
from handouts.model import Project


@dataclass(frozen=True)
class HandoutDocument:
    """output/<location>/<handout>[.<lang>].pdf"""

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
        return f"{self.location}/{self.id} ({self.lang})"

    def output_path(self, project: Project) -> PurePosixPath:
        """<location>/<handout>[.<lang>].pdf"""
        return PurePosixPath(self.location, f"{self.id}{language_suffix(project, self.lang)}.pdf")

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
        )
        context["handout"] = handout
        return context

    def stylesheets(self, project: Project) -> list[Stylesheet]:
        """The brand, as the location sees it."""
        return [brand_stylesheet(project, project.locations[self.location])]

    def relayout(self, anchors: Mapping[str, int]) -> Document | None:
        """One layout is enough."""
        return None

    def samples(self, project: Project) -> list[tuple[Document, Project]]:
        """Filled one way only."""
        return []


def handout_document(
    project: Project, handout_id: str, location: str, lang: str
) -> HandoutDocument:
    """The handout ``handout_id`` for ``location`` in ``lang``, with its own template."""
    return HandoutDocument(handout_id, location, lang, project.handouts[handout_id].template)
