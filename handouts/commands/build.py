"""`handouts build`: gate, plan, take what the cache has, render the rest on every core, then
switch the new PDFs and their manifest in all at once."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from handouts.checks import checked
from handouts.commands.choice import LARGE_PRINT, choose_editions, choose_many
from handouts.documents import Document, Selection, plan
from handouts.errors import HandoutsError, Problem
from handouts.load.snapshot import Snapshot, take_snapshot
from handouts.model import Project
from handouts.paths import ProjectPaths
from handouts.render.inputs import (
    cacheable,
    engine_fingerprint,
    input_value,
    static_key,
)
from handouts.render.pool import Outcome, Rendered, RenderPool, Studio, render_here
from handouts.write.cache import CachedPdf, CheckMemo, PdfCache, project_cache_folder
from handouts.write.files import prepare_folder
from handouts.write.manifest import BuiltPdf, dump_manifest, make_manifest, manifest_name
from handouts.write.provenance import SourceDate, source_date, source_revision
from handouts.write.shard import Shard
from handouts.write.tree import LOCAL_DISK, Disk, recover, write_tree


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

    @property
    def everything(self) -> bool:
        """Whether it asks for every document the project makes (no choice, no shard)."""
        return self == Request()


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and how long it took."""

    pdfs: list[BuiltPdf]
    seconds: float
    manifest: Path | None = None
    warnings: list[Problem] = field(default_factory=list)
    """What the checks found that does not stop a build (`handouts check` lists them)."""
    cache_trouble: list[str] = field(default_factory=list)
    """Why the cache could not be used (the build went on without it)."""

    @property
    def pages(self) -> int:
        """Pages across all PDFs."""
        return sum(p.pages for p in self.pdfs)

    @property
    def cached(self) -> int:
        """How many PDFs came from the cache rather than being rendered."""
        return sum(1 for p in self.pdfs if p.cached)


@dataclass
class _Plan:
    """The documents of one build with what the cache already has for each."""

    project: Project
    documents: list[Document]
    date: SourceDate
    keys: list[str | None]
    """Each document's static cache key (None: not cached, or no cache)."""
    hits: list[CachedPdf | None]
    """Each document's PDF from the cache, or None."""

    @property
    def misses(self) -> list[int]:
        """The documents to render, by index."""
        return [i for i, hit in enumerate(self.hits) if hit is None]


@dataclass
class _Planner:
    """Plans a build once the project is loaded, from inside the gate (documents=...): the
    documents, their cache keys and hits, and the worker processes for the rest, started
    before the checks run so that they load WeasyPrint meanwhile. Nothing renders before the
    checks pass."""

    request: Request
    paths: ProjectPaths
    environ: Mapping[str, str]
    snapshot: Snapshot
    cache: PdfCache | None
    jobs: int
    stack: ExitStack
    planned: _Plan | None = None
    pool: RenderPool | None = None

    def __call__(self, project: Project) -> list[Document]:
        documents = self.request.documents(project)
        date = source_date(self.paths.root, self.environ, project.newest_review())
        keys: list[str | None] = [None] * len(documents)
        hits: list[CachedPdf | None] = [None] * len(documents)
        if self.cache is not None:
            engine = engine_fingerprint()

            def value_of(name: str) -> str:
                return input_value(name, project, self.snapshot)

            for index, document in enumerate(documents):
                if cacheable(document):
                    keys[index] = key = static_key(document, project, date.w3c(), engine)
                    hits[index] = self.cache.lookup(key, value_of)
        self.planned = _Plan(project, documents, date, keys, hits)
        workers = min(self.jobs, len(self.planned.misses))
        if workers > 1 and self.pool is None:
            self.pool = self.stack.enter_context(RenderPool(self.paths, workers))
        return documents


def default_cache(paths: ProjectPaths, environ: Mapping[str, str]) -> PdfCache:
    """The project's cache in the user's cache folder (see handouts.write.cache)."""
    return PdfCache(project_cache_folder(paths, environ))


def build(
    paths: ProjectPaths,
    out_dir: Path,
    request: Request = Request(),
    *,
    on_written: Callable[[BuiltPdf], None] | None = None,
    today: dt.date | None = None,
    environ: Mapping[str, str] | None = None,
    jobs: int = 1,
    cache: PdfCache | None = None,
    disk: Disk = LOCAL_DISK,
) -> BuildResult:
    """Check, then make the requested documents (from ``cache`` when it has them, else on
    ``jobs`` processes) and switch them in with their manifest."""
    start = time.perf_counter()
    environ = os.environ if environ is None else environ
    recover(out_dir, disk)  # a build interrupted while switching in: finish it first
    snapshot = take_snapshot(paths)
    memo = CheckMemo(cache.folder, snapshot) if cache is not None else None
    with ExitStack() as stack:
        if memo is not None:
            stack.callback(memo.save)
        planner = _Planner(request, paths, environ, snapshot, cache, jobs, stack)
        if jobs > 1 and (cache is None or cache.sources_changed(snapshot)):
            # Something will render (no cache, or a file changed since the last build): start
            # the workers now, so that they load WeasyPrint while this process reads and checks
            # the project. Else only once the cache lookups show what is left to render.
            planner.pool = stack.enter_context(RenderPool(paths, jobs))
        project, report = checked(paths, today, planner, memo)
        planned = planner.planned
        assert planned is not None  # the gate plans a project that passes it
        prepare_folder(out_dir)  # before rendering: a folder that cannot be used fails fast
        rendered = _render(planned, planner.pool)
    built: list[BuiltPdf] = []
    files: list[tuple[str, bytes]] = []
    keep: list[Path] = []
    for index, document in enumerate(planned.documents):
        relative = document.output_path(project)
        hit = planned.hits[index]
        if hit is not None:
            data, pages, cached = hit.data, hit.pages, True
            keep.append(hit.entry)
        else:
            outcome = rendered[index]
            data, pages, cached = outcome.pdf.data, outcome.pdf.pages, False
            entry = _store(cache, planned, index, outcome, snapshot)
            if entry is not None:
                keep.append(entry)
        digest = hashlib.sha256(data).hexdigest()
        built.append(BuiltPdf(document, out_dir / relative, pages, len(data), digest, cached))
        files.append((relative.as_posix(), data))
    manifest = make_manifest(
        built, out_dir, planned.date, source_revision(paths.root), request.shard, project=project
    )
    name = manifest_name(request.shard)
    write_tree(out_dir, [*files, (name, dump_manifest(manifest))], disk)
    if on_written is not None:
        for pdf in built:
            on_written(pdf)
    if cache is not None:
        cache.note_sources(snapshot)
        if request.everything:
            cache.prune(keep)
    trouble = [*cache.trouble, *memo.trouble] if cache is not None and memo is not None else []
    return BuildResult(built, time.perf_counter() - start, out_dir / name, report.warnings, trouble)


def cache_status(
    paths: ProjectPaths,
    cache: PdfCache,
    request: Request = Request(),
    *,
    today: dt.date | None = None,
    environ: Mapping[str, str] | None = None,
) -> list[tuple[Document, bool]]:
    """What a build would do, without doing it: each document, and whether the cache has it."""
    environ = os.environ if environ is None else environ
    snapshot = take_snapshot(paths)
    with ExitStack() as stack:
        planner = _Planner(request, paths, environ, snapshot, cache, 1, stack)
        checked(paths, today, planner)
    planned = planner.planned
    assert planned is not None
    return [
        (doc, hit is not None) for doc, hit in zip(planned.documents, planned.hits, strict=True)
    ]


def _render(planned: _Plan, pool: RenderPool | None) -> dict[int, Rendered]:
    """Render the documents the cache lacks, on the pool or here; stop at the first document
    (in the plan's order) that fails, with its problems."""
    misses = planned.misses
    jobs = [(planned.documents[i], planned.date.w3c()) for i in misses]
    outcomes: Iterator[tuple[int, Outcome]]
    if not jobs:
        return {}
    project = planned.project
    if pool is not None:
        outcomes = pool.render(project, jobs)
    else:
        outcomes = render_here(Studio(project.paths), project, jobs)
    rendered: dict[int, Rendered] = {}
    for position, outcome in outcomes:
        if isinstance(outcome, list):
            raise HandoutsError(outcome)
        rendered[misses[position]] = outcome
    return rendered


def _store(
    cache: PdfCache | None, planned: _Plan, index: int, outcome: Rendered, snapshot: Snapshot
) -> Path | None:
    """File a rendered PDF in the cache (see PdfCache.store_rendered)."""
    key = planned.keys[index]
    if cache is None or key is None:
        return None
    pdf = outcome.pdf
    return cache.store_rendered(key, planned.project, snapshot, outcome.reads, pdf.data, pdf.pages)


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
