"""A packet: a cover page, then parts built from sections; blank, or for one patient's visit."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from typing import Any

from markupsafe import Markup

from handouts.documents.availability import Need, needs
from handouts.documents.base import (
    Document,
    PrintSettings,
    Stylesheet,
    brand_stylesheet,
    common_context,
    language_suffix,
    pdf_identifier,
    print_settings_for,
    review_date,
)
from handouts.documents.fonts import families_for
from handouts.documents.page import (
    chart_room,
    edition_context,
    page_stylesheet,
    text_scale,
    variant_suffix,
)
from handouts.documents.visit import visit_context
from handouts.model import Packet, PacketPart, Project, Visit

SAMPLE_VISIT = Visit("Sample Patient", dt.datetime(2030, 1, 2, 10, 30))
"""Who `check` fills a packet for: as the front desk would, with every field printed."""
CONTENT_END = "packet-end"  # element ids the templates set: the last text, the closing blank page
END_BLANK = "end-blank"
HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")


def shift_headings(html: str, by: int) -> str:
    """Move every heading down ``by`` levels (h3 -> h4), so sections nest under a part title
    (or up, with a negative ``by``: a cover section's h3 -> h2, under the cover's title)."""
    return HEADING.sub(lambda m: f"<{m.group(1)}h{max(2, min(int(m.group(2)) + by, 6))}", html)


def part_section_ids(project: Project, part: PacketPart) -> list[str]:
    """The sections of a part: its own list, else every section of the handout it names."""
    if part.sections or part.handout is None:
        return list(part.sections)
    return list(project.handouts[part.handout].sections)


def packet_section_ids(project: Project, packet: Packet) -> list[str]:
    """Every section the packet prints, once each, cover first."""
    ids = list(packet.cover)
    for part in packet.parts:
        ids += part_section_ids(project, part)
    return list(dict.fromkeys(ids))


@dataclass(frozen=True)
class PacketDocument:
    """output/<location>/<packet>-packet[-duplex][.<lang>][.<variant>].pdf, or a patient's
    packet."""

    id: str
    location: str
    lang: str
    template: str = "packet.html"
    duplex: bool = False
    visit: Visit | None = None
    """The patient's details: health information, printed on the cover only."""
    pad_end: bool = True
    """Duplex: end with a blank left-hand page so the page count is even (see relayout)."""
    variant: str = ""

    @property
    def kind(self) -> str:
        """packet, or packet-duplex."""
        return "packet-duplex" if self.duplex else "packet"

    @property
    def name(self) -> str:
        """How messages name it (never with personal details)."""
        edition = f", {self.variant}" if self.variant else ""
        return f"{self.location}/{self.id} packet ({self.lang}{edition})"

    def output_path(self, project: Project) -> PurePosixPath:
        """<location>/<packet>-packet[-duplex][.<lang>][.<variant>].pdf"""
        duplex = "-duplex" if self.duplex else ""
        suffix = language_suffix(project, self.lang) + variant_suffix(self.variant)
        return PurePosixPath(self.location, f"{self.id}-packet{duplex}{suffix}.pdf")

    def identifier(self, project: Project) -> bytes | None:
        """A blank packet's is stable; a patient's packet has none: nothing in it may identify
        or date the visit beyond what the page prints."""
        return None if self.visit is not None else pdf_identifier(self.output_path(project))

    def dated(self) -> bool:
        """A blank packet carries the sources' date; a patient's packet no date at all."""
        return self.visit is None

    def section_ids(self, project: Project) -> list[str]:
        """Every section the packet prints, once each, cover first."""
        return packet_section_ids(project, project.packets[self.id])

    def context(self, project: Project, source_date: str | None) -> dict[str, Any]:
        """Everything packet.html may use: a handout's context plus cover, parts and visit."""
        packet = project.packets[self.id]
        context = common_context(
            project,
            self.location,
            self.lang,
            title=packet.title[self.lang],
            subject=packet.subject[self.lang],
            document_id=f"{packet.id}-{self.lang}",
            section_ids=self.section_ids(project),
            source_date=source_date,
            scale=text_scale(project, self.variant),
            chart_room=chart_room(project, self.variant),
        )
        cover = {
            s["id"]: {**s, "html": Markup(shift_headings(str(s["html"]), -1))}
            for s in context["sections"]
        }
        sections = {
            s["id"]: {**s, "html": Markup(shift_headings(str(s["html"]), 1))}
            for s in context["sections"]
        }
        location = project.locations[self.location]
        context.update(
            packet=packet,
            cover_sections=[cover[sid] for sid in packet.cover],
            parts=[
                {
                    "id": part.id,
                    "title": part.title[self.lang],
                    "sections": [sections[sid] for sid in part_section_ids(project, part)],
                }
                for part in packet.parts
            ],
            duplex=self.duplex,
            pad_end=self.duplex and self.pad_end,
            visit=(
                visit_context(self.visit, location.fasting_hours, context["strings"], self.lang)
                if self.visit is not None
                else None
            ),
        )
        context.update(edition_context(project, context["title"], self.variant, self.lang))
        return context

    def stylesheets(self, project: Project) -> list[Stylesheet]:
        """The brand, the page (text size, header and footer), then the packet's wording for
        blank pages (never the visit)."""
        location = project.locations[self.location]
        brand = brand_stylesheet(project, location)
        reviewed = review_date(project, self.lang, self.section_ids(project))
        page = page_stylesheet(project, location, self.lang, reviewed, self.variant)
        strings = project.strings[self.lang].values
        blank = families_for(project, self.lang, strings["blank_page"])
        wording = Stylesheet(
            "css/packet.css.jinja",
            {"strings": strings, "brand": brand.context["brand"], "blank_families": blank},
        )
        return [brand, page, wording]

    def print_settings(self, project: Project) -> PrintSettings:
        """Its language; a duplex packet asks the print dialog for two-sided printing."""
        return print_settings_for(project, self.lang, duplex=self.duplex)

    def relayout(self, anchors: Mapping[str, int]) -> Document | None:
        """Duplex: the closing blank page goes on a left-hand page, so the count is always even;
        when the text already ends on a left-hand page it would cost a whole empty sheet, so the
        packet is laid out again without it. ("Page X of Y" is only known after layout, hence no
        cheaper fix; a short last part, as shipped, needs the closing page: one layout.)"""
        if not (self.duplex and self.pad_end):
            return None
        if anchors.get(END_BLANK, 0) - anchors.get(CONTENT_END, 0) == 2:
            return replace(self, pad_end=False)
        return None

    def missing(self, project: Project) -> list[Need]:
        """Its sections and words in its language, as far as they are lacking."""
        packet = project.packets[self.id]
        shown = packet.source.path
        texts = {"title": (shown, packet.title), "subject": (shown, packet.subject)}
        texts.update({f"parts.{part.id}.title": (shown, part.title) for part in packet.parts})
        return needs(project, self.lang, self.location, self.section_ids(project), texts)

    def samples(self, project: Project) -> list[tuple[Document, Project]]:
        """A blank plain packet is also filled for a sample patient, with a fasting time set for
        the location, so every line of the appointment box and its wording is filled."""
        if self.visit is not None or self.duplex:
            return []
        location = project.locations[self.location]
        if not location.fasting_hours:
            update = {"fasting_hours": 1}
            location = location.model_copy(update=update).from_source(location.source)
        view = replace(project, locations={**project.locations, self.location: location})
        return [(replace(self, visit=SAMPLE_VISIT), view)]


def packet_document(
    project: Project,
    packet_id: str,
    location: str,
    lang: str,
    *,
    duplex: bool = False,
    visit: Visit | None = None,
    variant: str = "",
) -> PacketDocument:
    """The packet ``packet_id`` for ``location`` in ``lang`` (in the ``variant`` edition), with
    its own template."""
    template = project.packets[packet_id].template
    return PacketDocument(packet_id, location, lang, template, duplex, visit, variant=variant)
