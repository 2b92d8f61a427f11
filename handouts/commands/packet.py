"""`handouts packet`: one packet for one location, blank (as the build makes it) or for one
patient (written privately, holding no date or id that could identify the visit)."""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import jinja2

from handouts.checks import checked
from handouts.commands.choice import LARGE_PRINT, choose, choose_editions
from handouts.documents.fonts import unprintable
from handouts.documents.packet import PacketDocument, packet_document
from handouts.documents.visit import check_printable
from handouts.errors import HandoutsError, error
from handouts.model import Project, Visit
from handouts.paths import ProjectPaths
from handouts.render.document import render_document, renderer_for
from handouts.render.html import make_environment
from handouts.render.inputs import engine_fingerprint, input_value, static_key
from handouts.render.pdf import PdfRenderer, RenderedPdf
from handouts.render.pool import Studio
from handouts.write.cache import CheckMemo, PdfCache
from handouts.write.files import write_atomic
from handouts.write.private import (
    PERSONAL_REMINDER,
    make_private_folders,
    personal_packet_path,
    private_workspace,
    refuse_shared_folder,
    write_private,
)
from handouts.write.provenance import source_date

# What a personalised packet says when rendering fails: WeasyPrint's own message may quote the
# page's text, and so the patient's name (e.g. ".notdef glyph rendered for ... '李'").
PERSONAL_RENDER_ERROR = (
    "the packet could not be rendered (a font or layout problem); try a blank packet"
)


@dataclass(frozen=True)
class PacketRequest:
    """Which packet, as typed: names are matched loosely against the project's ids."""

    location: str | None
    packet: str | None = None
    lang: str | None = None
    duplex: bool = False
    visit: Visit | None = None
    large_print: bool = False

    @property
    def editions(self) -> tuple[str, ...]:
        """The large-print edition, or the standard one."""
        return (LARGE_PRINT,) if self.large_print else ("",)

    def document(self, project: Project) -> PacketDocument:
        """The packet document this request names."""
        if not project.packets:
            raise HandoutsError(
                error(
                    project.paths.relative(project.paths.packets),
                    "no packets defined (expected e.g. content/packets/pre-visit.yaml)",
                )
            )
        document = packet_document(
            project,
            choose("packet", self.packet, list(project.packets), "--packet"),
            choose("location", self.location, list(project.locations), "--location", required=True),
            choose("language", self.lang, project.languages, "--lang"),
            duplex=self.duplex,
            visit=self.visit,
            variant="".join(choose_editions(project.settings.variants, self.editions)),
        )
        lacking = document.missing(project)
        if lacking:
            items = "; ".join(
                need.path if need.what == "section" else f"{need.what} in {need.path}"
                for need in lacking
            )
            raise HandoutsError(
                error(
                    project.paths.relative(project.paths.packets / f"{document.id}.yaml"),
                    f"--lang: not available in {document.lang} yet, which lacks {items} "
                    f"(print it in another language: {', '.join(self._available(project))})",
                )
            )
        return document

    def _available(self, project: Project) -> list[str]:
        """The languages the packet is available in for the location."""
        found = []
        for lang in project.languages:
            document = packet_document(
                project,
                choose("packet", self.packet, list(project.packets), "--packet"),
                choose("location", self.location, list(project.locations), "--location"),
                lang,
            )
            if not document.missing(project):
                found.append(lang)
        return found


@dataclass(frozen=True)
class WrittenPacket:
    """A packet written to disk."""

    path: Path
    pages: int
    size: int
    seconds: float
    personal: bool = False
    """It holds a patient's details (health information)."""

    @property
    def reminder(self) -> str:
        """What to do with the file once written: for a personalised packet, print and delete."""
        return PERSONAL_REMINDER if self.personal else ""


def blank_packet(
    project: Project,
    document: PacketDocument,
    date: str,
    memo: CheckMemo | None,
    studio: Studio | None = None,
) -> RenderedPdf:
    """A blank packet from the build cache (the memo's folder), else rendered (by ``studio``
    when given: a warm one) and kept there."""
    if memo is None:
        env = make_environment(project.paths.templates)
        return render_document(renderer_for(project), env, project, document, date)
    cache = PdfCache(memo.folder)
    key = static_key(document, project, date, engine_fingerprint())
    hit = cache.lookup(key, lambda name: input_value(name, project, memo.snapshot))
    if hit is not None:
        return RenderedPdf(hit.data, hit.pages)
    outcome = (studio or Studio(project.paths)).render(project, document, date)
    if isinstance(outcome, list):
        raise HandoutsError(outcome)
    pdf = outcome.pdf
    cache.store_rendered(key, project, memo.snapshot, outcome.reads, pdf.data, pdf.pages)
    return pdf


def personal_packet(
    renderer: PdfRenderer, env: jinja2.Environment, project: Project, document: PacketDocument
) -> RenderedPdf:
    """A patient's packet as PDF bytes, made in memory: nothing is written or cached, and a
    failure says nothing of the page (its name included)."""
    if document.visit is None:
        raise ValueError("a personal packet needs the patient's visit")
    if project.characters:
        check_printable(
            document.visit.patient, lambda text: unprintable(project, document.lang, text)
        )
    try:
        return render_document(renderer, env, project, document, None)
    except Exception:
        # Any failure becomes one generic line that holds nothing of the page (the same
        # packet left blank shows the detailed message).
        raise HandoutsError(error(document.name, PERSONAL_RENDER_ERROR)) from None


def make_packet(
    paths: ProjectPaths,
    request: PacketRequest,
    *,
    output: Path | None = None,
    cwd: Path | None = None,
    memo: CheckMemo | None = None,
) -> WrittenPacket:
    """Write one packet: blank into output/<location>/, or personalised (0600) where asked.
    ``memo``: what earlier checks found clean (never anything of the patient's)."""
    start = time.perf_counter()
    # A patient's packet is always rendered: load WeasyPrint and the fonts meanwhile, in a
    # thread (much of it waits on the dynamic loader and fontconfig, not on Python).
    renderer = PdfRenderer((paths.templates, paths.content), paths.fonts)
    loading = threading.Thread(target=renderer.load, daemon=True)
    if request.visit is not None:
        loading.start()
    try:
        project, _ = checked(paths, documents=lambda p: [request.document(p)], memo=memo)
    finally:
        if memo is not None:
            memo.save()
        if loading.is_alive():
            loading.join()
    document = request.document(project)
    here = cwd if cwd is not None else Path.cwd()
    visit = request.visit
    if visit is None:
        if output is None:
            target = paths.output / document.output_path(project)
        elif output.suffix.lower() == ".pdf":
            target = here / output
        else:
            target = here / output / document.output_path(project)
        # The same bytes as `handouts build` writes (same dates, same /ID), so output/manifest.json
        # still holds when the front desk prints a blank packet into output/; taken from the
        # build cache when the build made it already.
        date = source_date(paths.root, os.environ, project.newest_review())
        pdf = blank_packet(project, document, date.w3c(), memo)
        write_atomic(target, pdf.data)
    else:
        target = personal_packet_path(
            output.expanduser() if output else None, document.location, here, document.variant
        )
        refuse_shared_folder(paths, target)
        pdf = personal_packet(renderer, make_environment(paths.templates), project, document)
        make_private_folders(target.parent)
        with private_workspace(paths) as workspace:
            write_private(target, pdf.data, workspace)
    return WrittenPacket(
        target, pdf.pages, len(pdf.data), time.perf_counter() - start, personal=visit is not None
    )
