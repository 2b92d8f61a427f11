"""What `handouts serve` keeps warm between requests: the checked project, one renderer (one
Jinja environment, WeasyPrint with its fonts loaded), the worker processes once a schedule or the
editors' preview needs both cores, and the preview's documents.

A patient's packet is made in memory and handed back; nothing of it is kept here, written to
disk, or filed in the build cache.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import partial

from handouts.checks import Options, Report, gate
from handouts.commands.choice import LARGE_PRINT
from handouts.commands.packet import blank_packet, personal_packet
from handouts.commands.preview import Previewed, preview_documents, render_previews
from handouts.commands.schedule import Renderer, Schedule, render_schedule
from handouts.documents import Document
from handouts.documents.packet import PacketDocument, packet_document
from handouts.errors import HandoutsError, Problem, error
from handouts.load.snapshot import Snapshot, take_snapshot
from handouts.model import Project, Visit
from handouts.paths import ProjectPaths
from handouts.render.pdf import RenderedPdf
from handouts.render.pool import Outcome, RenderPool, Studio, render_here
from handouts.write.cache import CheckMemo, PdfCache, project_cache_folder
from handouts.write.provenance import source_date


@dataclass(frozen=True)
class Loaded:
    """The project as the last reload found it: usable when the checks found no error."""

    version: int
    project: Project | None
    report: Report
    snapshot: Snapshot
    date: str
    """The source date blank documents carry (as `handouts build` dates them)."""
    loaded_at: dt.datetime

    @property
    def usable(self) -> Project | None:
        """The project, when packets may be made from it (no error)."""
        return self.project if self.project is not None and not self.report.errors else None


@dataclass(frozen=True)
class Choice:
    """Which packet the front desk asked for (ids the project defines)."""

    location: str
    lang: str
    packet: str
    two_sided: bool = False
    large_print: bool = False

    def document(self, project: Project, visit: Visit | None) -> PacketDocument:
        """The packet document: blank, or for ``visit``."""
        variant = (
            LARGE_PRINT if self.large_print and LARGE_PRINT in project.settings.variants else ""
        )
        return packet_document(
            project,
            self.packet,
            self.location,
            self.lang,
            duplex=self.two_sided,
            visit=visit,
            variant=variant,
        )


class NotReady(HandoutsError):
    """The project has errors: no packet can be made until they are fixed."""


@dataclass
class PreviewState:
    """The editors' preview of one version of the project: each document as it is done."""

    version: int
    documents: list[str]
    done: dict[int, Previewed] = field(default_factory=dict)
    finished: bool = False

    @property
    def progress(self) -> tuple[int, int]:
        """(documents done, documents in all)."""
        return len(self.done), len(self.documents)


class Desk:
    """The server's state (see the module's docstring). Thread-safe: requests run in threads;
    one lock keeps the one in-process renderer to one document at a time."""

    def __init__(
        self,
        paths: ProjectPaths,
        *,
        jobs: int = 1,
        environ: Mapping[str, str] | None = None,
        clock: Callable[[], dt.datetime] = dt.datetime.now,
    ) -> None:
        self.paths = paths
        self.jobs = jobs
        self.environ = dict(os.environ if environ is None else environ)
        self.clock = clock
        self.studio = Studio(paths)
        self._render_lock = threading.Lock()
        self._state_lock = threading.Lock()
        self._pool: RenderPool | None = None
        self._version = 0
        self._preview: PreviewState | None = None
        self._preview_wanted = False
        self.loaded = self._load()

    # Loading -----------------------------------------------------------------------------------

    def _cache_folder(self) -> PdfCache:
        return PdfCache(project_cache_folder(self.paths, self.environ))

    def _load(self) -> Loaded:
        snapshot = take_snapshot(self.paths)
        memo = CheckMemo(self._cache_folder().folder, snapshot)
        try:
            project, report = gate(self.paths, Options(self.clock().date(), memo), collect=True)
        finally:
            memo.save()
        newest = project.newest_review() if project is not None else None
        date = source_date(self.paths.root, self.environ, newest).w3c()
        with self._state_lock:
            self._version += 1
            version = self._version
        return Loaded(version, project, report, snapshot, date, self.clock())

    def reload(self) -> Loaded:
        """Read and check the project again (a file changed); the preview follows."""
        self.loaded = self._load()
        if self._preview_wanted:
            self.start_preview()
        return self.loaded

    def warm(self) -> None:
        """Load WeasyPrint and lay out one blank packet now, so the first patient's packet does
        not wait for it (a first layout costs more than the next ones)."""
        self.studio.warm()
        project = self.loaded.usable
        if project is None or not project.packets or not project.locations:
            return
        choice = Choice(
            next(iter(project.locations)), project.default_language, next(iter(project.packets))
        )
        with contextlib.suppress(HandoutsError):  # the page says what is wrong when asked
            self.blank(choice)

    def close(self) -> None:
        """Stop the worker processes."""
        self._preview_wanted = False
        with self._state_lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()

    # Packets -----------------------------------------------------------------------------------

    def project(self) -> Project:
        """The project packets are made from (NotReady while it has errors)."""
        project = self.loaded.usable
        if project is None:
            raise NotReady(
                "the handouts have errors, so no packet can be made until they are fixed "
                "(the Editors' preview lists them)"
            )
        return project

    def packet(self, choice: Choice, visit: Visit) -> RenderedPdf:
        """A patient's packet, made in memory by the warm renderer."""
        project = self.project()
        document = choice.document(project, visit)
        with self._render_lock:
            return personal_packet(self.studio.renderer, self.studio.env, project, document)

    def blank(self, choice: Choice) -> RenderedPdf:
        """A blank packet: the build's own bytes, from the build cache when it has them."""
        loaded = self.loaded
        project = self.project()
        document = choice.document(project, None)
        memo = CheckMemo(self._cache_folder().folder, loaded.snapshot)
        with self._render_lock:
            return blank_packet(project, document, loaded.date, memo, self.studio)

    def schedule(self, schedule: Schedule, two_sided: bool) -> RenderedPdf:
        """Every patient's packet of a schedule, on the worker processes, as one print job."""
        return render_schedule(self.project(), schedule, two_sided, self.renderer())

    # Rendering on every core -------------------------------------------------------------------

    def start_pool(self) -> None:
        """Start the worker processes now (they load WeasyPrint while the user reads a page)."""
        if self.jobs > 1:
            with self._state_lock:
                if self._pool is None:
                    self._pool = RenderPool(self.paths, self.jobs)

    def renderer(self) -> Renderer:
        """How to render many documents: on the workers, or here, one at a time."""
        if self.jobs <= 1:
            return self._render_here
        self.start_pool()
        assert self._pool is not None
        return partial(_render_on, self, self._pool)

    def _render_here(
        self, project: Project, jobs: Sequence[tuple[Document, str | None]]
    ) -> Iterator[tuple[int, Outcome]]:
        for index, job in enumerate(jobs):
            with self._render_lock:
                outcome = next(render_here(self.studio, project, [job]))[1]
            yield index, outcome

    def _pool_broke(self, pool: RenderPool) -> None:
        with self._state_lock:
            if self._pool is pool:
                self._pool = None
        pool.close()

    # The editors' preview ----------------------------------------------------------------------

    def preview(self) -> PreviewState | None:
        """The preview of the current version (None until someone asks for it)."""
        return self._preview

    def start_preview(self) -> PreviewState | None:
        """Render every document of the current version in the background (cache first)."""
        self._preview_wanted = True
        loaded = self.loaded
        project = loaded.usable
        current = self._preview
        if current is not None and current.version == loaded.version:
            return current
        if project is None:
            self._preview = PreviewState(loaded.version, [], finished=True)
            return self._preview
        documents = preview_documents(project)
        state = PreviewState(loaded.version, [d.output_path(project).as_posix() for d in documents])
        self._preview = state
        thread = threading.Thread(
            target=self._fill_preview, args=(state, loaded, project, documents), daemon=True
        )
        thread.start()
        return state

    def _fill_preview(
        self, state: PreviewState, loaded: Loaded, project: Project, documents: list[Document]
    ) -> None:
        def stopped() -> bool:
            return self.loaded.version != state.version

        try:
            for index, item in render_previews(
                project,
                documents,
                loaded.snapshot,
                self._cache_folder(),
                self.renderer(),
                loaded.date,
                stopped,
            ):
                state.done[index] = item
        except HandoutsError as exc:
            for index, document in enumerate(documents):
                if index not in state.done:
                    state.done[index] = Previewed(
                        document, state.documents[index], None, tuple(exc.problems)
                    )
        finally:
            state.finished = True


def _render_on(
    desk: Desk, pool: RenderPool, project: Project, jobs: Sequence[tuple[Document, str | None]]
) -> Iterator[tuple[int, Outcome]]:
    """Render on the pool; a pool whose worker died is replaced next time."""
    try:
        yield from pool.render(project, jobs)
    except HandoutsError:
        desk._pool_broke(pool)
        raise


def pdf_digest(pdf: RenderedPdf) -> str:
    """A short name for a PDF's bytes (the preview's image URLs)."""
    return hashlib.sha256(pdf.data).hexdigest()[:16]


def problem_of(message: str) -> Problem:
    """A problem that names no file."""
    return error("", message)


__all__ = [
    "Choice",
    "Desk",
    "Loaded",
    "NotReady",
    "PreviewState",
    "pdf_digest",
    "problem_of",
    "replace",
]
