"""Which documents a build makes: every handout and blank packet for every location, language and
edition (the standard one and each variant in content/settings.yaml), or the share a selection
names."""

from __future__ import annotations

from dataclasses import dataclass

from handouts.documents.base import Document
from handouts.documents.handout import handout_document
from handouts.documents.packet import packet_document
from handouts.model import Project


@dataclass(frozen=True)
class Selection:
    """What to build, as ids the project defines (empty: all of them)."""

    locations: tuple[str, ...] = ()
    handouts: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    packets: bool = True
    """Blank packets too, plain and duplex, for the chosen locations and languages."""
    variants: tuple[str, ...] = ()
    """Editions ('' for the standard one); empty: the standard edition and every variant."""


def editions(project: Project, selection: Selection) -> tuple[str, ...]:
    """The editions to build: those selected, else the standard one and every variant."""
    return selection.variants or ("", *project.settings.variants)


def plan(project: Project, selection: Selection = Selection()) -> list[Document]:
    """The documents to build, in a stable order: handouts, then blank packets."""
    locations = selection.locations or tuple(project.locations)
    handouts = selection.handouts or tuple(project.handouts)
    languages = selection.languages or tuple(project.languages)
    variants = editions(project, selection)
    documents: list[Document] = [
        handout_document(project, handout, location, lang, variant)
        for location in locations
        for handout in handouts
        for lang in languages
        for variant in variants
    ]
    if selection.packets:
        documents += [
            packet_document(project, packet, location, lang, duplex=duplex, variant=variant)
            for location in locations
            for packet in project.packets
            for lang in languages
            for duplex in (False, True)
            for variant in variants
        ]
    # A document its language lacks something for is left out (`check` says what it lacks).
    return [document for document in documents if not document.missing(project)]
