"""`handouts build`: gate, plan, render every document, then write them all with the manifest."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from handouts.checks import checked
from handouts.commands.choice import LARGE_PRINT, choose_editions, choose_many
from handouts.documents import Document, Selection, plan
from handouts.errors import Problem
from handouts.model import Project
from handouts.paths import ProjectPaths
from handouts.render.document import render_document, renderer_for
from handouts.render.html import make_environment
from handouts.write.files import prepare_folder, write_atomic
from handouts.write.manifest import BuiltPdf, make_manifest, write_manifest
from handouts.write.provenance import source_date, source_revision
from handouts.write.shard import Shard


@dataclass(frozen=True)
class Request:
    """What to build, as typed: names are matched loosely against the project's ids."""

    locations: tuple[str, ...] = ()
    handouts: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    packets: bool = True
    shard: Shard | None = None
    editions: tuple[str, ...] = ()
    """The editions to build ('' for the standard one, 'large-print'); empty: every edition."""

    def selection(self, project: Project) -> Selection:
        """The request as ids the project defines (a usage error names an unknown one)."""
        return Selection(
            choose_many("location", self.locations, project.locations, "--location"),
            choose_many("handout", self.handouts, project.handouts, "--handout"),
            choose_many("language", self.languages, project.languages, "--lang"),
            self.packets,
            choose_editions(project.settings.variants, self.editions),
        )

    def documents(self, project: Project) -> list[Document]:
        """The documents this request builds, in a stable order (one shard's, with --shard)."""
        documents = plan(project, self.selection(project))
        if self.shard is None:
            return documents
        return self.shard.select(documents, lambda doc: doc.output_path(project).as_posix())


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and how long it took."""

    pdfs: list[BuiltPdf]
    seconds: float
    manifest: Path | None = None
    warnings: list[Problem] = field(default_factory=list)
    """What the checks found that does not stop a build (`handouts check` lists them)."""

    @property
    def pages(self) -> int:
        """Pages across all PDFs."""
        return sum(p.pages for p in self.pdfs)


def build(
    paths: ProjectPaths,
    out_dir: Path,
    request: Request = Request(),
    *,
    on_written: Callable[[BuiltPdf], None] | None = None,
    today: dt.date | None = None,
    environ: Mapping[str, str] | None = None,
) -> BuildResult:
    """Check, then render the requested documents and write them with their manifest."""
    start = time.perf_counter()
    project, report = checked(paths, today, request.documents)
    documents = request.documents(project)
    date = source_date(
        paths.root, os.environ if environ is None else environ, project.newest_review()
    )
    prepare_folder(out_dir)
    env = make_environment(paths.templates)
    renderer = renderer_for(project)
    # Render everything first, then write: a document that fails leaves output/ as it was.
    rendered = [
        (doc, render_document(renderer, env, project, doc, date.w3c())) for doc in documents
    ]
    built = []
    for document, pdf in rendered:
        target = out_dir / document.output_path(project)
        write_atomic(target, pdf.data)
        digest = hashlib.sha256(pdf.data).hexdigest()
        result = BuiltPdf(document, target, pdf.pages, len(pdf.data), digest)
        built.append(result)
        if on_written is not None:
            on_written(result)
    manifest = make_manifest(
        built, out_dir, date, source_revision(paths.root), request.shard, project=project
    )
    manifest_path = write_manifest(out_dir, manifest, request.shard)
    return BuildResult(built, time.perf_counter() - start, manifest_path, report.warnings)


def requested(
    locations: Iterable[str] = (),
    handouts: Iterable[str] = (),
    languages: Iterable[str] = (),
    shard: Shard | None = None,
    large_print: bool = False,
    editions: Iterable[str] = (),
) -> Request:
    """A request as the command line gives it: naming handouts leaves the packets out;
    --large-print builds the large-print edition alone (``editions``: any choice of editions)."""
    chosen = (LARGE_PRINT,) if large_print else tuple(editions)
    return Request(tuple(locations), tuple(handouts), tuple(languages), not handouts, shard, chosen)
