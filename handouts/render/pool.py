"""Render documents on every core: a pool of worker processes, each importing WeasyPrint once
and keeping one font configuration, or the same work in this process for one job.

Workers start from the project's folders alone, so a build can start them before it loads
anything: they load WeasyPrint while it reads and checks the project. Each job then carries the
checked project, pickled once (about 50 KB for the shipped clinic, a millisecond; a worker
unpickles it once), where loading it again in each worker would take a tenth of a second and
could read files edited since the checks passed. Each answer is the PDF with what it read (its
cache inputs), or the problems that stop the build. A document renders to the same bytes in any
worker: nothing in a PDF depends on what the process rendered before.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import jinja2

from handouts.documents import Document
from handouts.errors import HandoutsError, Problem
from handouts.model import Project
from handouts.paths import ProjectPaths
from handouts.render.document import render_document
from handouts.render.html import make_environment
from handouts.render.inputs import Reads, RecordingLoader, recording_environment, recording_view
from handouts.render.pdf import PdfRenderer, RenderedPdf

if TYPE_CHECKING:
    from concurrent.futures import Future


@dataclass(frozen=True)
class Rendered:
    """A document rendered: its PDF and everything it read."""

    pdf: RenderedPdf
    reads: Reads


Outcome = Rendered | list[Problem]
"""What rendering one document gives: the PDF, or the problems that stop the build."""


def available_cores() -> int:
    """How many cores this process may run on (its CPU affinity, else the machine's count)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Studio:
    """What renders documents in one process: one Jinja environment whose loader notes the
    templates each document reads, and one PDF renderer (one font configuration)."""

    def __init__(self, paths: ProjectPaths) -> None:
        self.env: jinja2.Environment = make_environment(paths.templates)
        self.loader: RecordingLoader = recording_environment(self.env, paths.templates)
        self.renderer = PdfRenderer((paths.templates, paths.content), paths.fonts)

    def warm(self) -> None:
        """Import WeasyPrint and set up the fonts now, before the first document."""
        self.renderer.load()

    def render(self, project: Project, document: Document, source_date: str | None) -> Outcome:
        """One document as PDF bytes with its reads, or the problems that stop it."""
        reads = Reads()
        self.loader.reads = reads
        try:
            view = recording_view(project, reads)
            pdf = render_document(self.renderer, self.env, view, document, source_date)
        except HandoutsError as exc:
            return list(exc.problems)
        finally:
            self.loader.reads = None
        reads.files.update(pdf.fetched)
        return Rendered(pdf, reads)


@dataclass
class _Worker:
    """A worker process's own state, set once by its initializer: its studio, and the last
    project a job brought (unpickled once, whatever the number of jobs)."""

    studio: Studio
    project_key: str = ""
    project: Project | None = None


# The state a process pool keeps per worker: set by the initializer in each worker process,
# never in the process that starts them, never shared.
_worker: _Worker | None = None


def _die_with_parent() -> None:
    """On Linux, have the kernel end this worker when the build that started it ends (killed
    or not): a worker never renders on for a build that is gone."""
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            libc = ctypes.CDLL(None)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _start_worker(paths: ProjectPaths) -> None:
    """A worker's initializer: ignore Ctrl-C (the build stops the pool itself, without a
    traceback from every worker), then load WeasyPrint and the fonts once."""
    global _worker
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    _worker = _Worker(Studio(paths))
    _worker.studio.warm()


def _ready() -> bool:
    return True


def _render_in_worker(
    project_key: str, project_data: bytes, document: Document, source_date: str | None
) -> Outcome:
    assert _worker is not None, "the worker's initializer sets its state"
    if _worker.project_key != project_key:
        _worker.project = pickle.loads(project_data)
        _worker.project_key = project_key
    assert _worker.project is not None
    return _worker.studio.render(_worker.project, document, source_date)


def start_method() -> str:
    """fork where it is safe (Linux, no other thread): the worker starts with the project and
    the imports already in memory. Else spawn: a fresh interpreter, as macOS needs and as a
    process with threads (a test runner) must."""
    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return "fork"
    return "spawn"


class RenderPool:
    """``jobs`` worker processes for the project at ``paths``, started now so that they load
    WeasyPrint while the caller reads and checks the project. Use as a context manager:
    leaving it stops every worker."""

    def __init__(self, paths: ProjectPaths, jobs: int) -> None:
        # Imported here: a build the cache serves starts no process and need not load these.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        context = multiprocessing.get_context(start_method())
        self.jobs = jobs
        self._executor = ProcessPoolExecutor(
            max_workers=jobs,
            mp_context=context,
            initializer=_start_worker,
            initargs=(paths,),
        )
        # Spawn every worker now (a pool starts them as jobs arrive).
        self._warming = [self._executor.submit(_ready) for _ in range(jobs)]

    def render(
        self, project: Project, jobs: Sequence[tuple[Document, str | None]]
    ) -> Iterator[tuple[int, Outcome]]:
        """Render the jobs on the workers; yield (index, outcome) in the jobs' order."""
        from concurrent.futures.process import BrokenProcessPool

        data = pickle.dumps(project, protocol=pickle.HIGHEST_PROTOCOL)
        key = hashlib.sha256(data).hexdigest()
        stopped = HandoutsError(
            "a worker process ended before its documents were rendered (out of memory, or "
            "killed); nothing was written: build again, or with --jobs 1 to use less memory"
        )
        try:
            futures: list[Future[Outcome]] = [
                self._executor.submit(_render_in_worker, key, data, document, date)
                for document, date in jobs
            ]
        except BrokenProcessPool:
            raise stopped from None
        for index, future in enumerate(futures):
            try:
                outcome = future.result()
            except BrokenProcessPool:
                raise stopped from None
            yield index, outcome

    def close(self) -> None:
        """Stop the workers: the rest of the queue is dropped and a busy worker is ended."""
        processes = list(getattr(self._executor, "_processes", {}).values())
        self._executor.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            if process.is_alive():
                process.terminate()
        for process in processes:
            process.join()

    def __enter__(self) -> RenderPool:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()


def render_here(
    studio: Studio, project: Project, jobs: Sequence[tuple[Document, str | None]]
) -> Iterator[tuple[int, Outcome]]:
    """The same work in this process, one document after another."""
    for index, (document, date) in enumerate(jobs):
        yield index, studio.render(project, document, date)
