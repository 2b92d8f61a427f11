"""The editors' preview: every document a build makes, taken from the build cache where an earlier
build or preview left it, else rendered and filed there, so an edit re-renders only the
documents it touches (and the next `handouts build` finds them too)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from handouts.commands.schedule import Renderer
from handouts.documents import Document, plan
from handouts.errors import Problem
from handouts.load.snapshot import Snapshot
from handouts.model import Project
from handouts.render.inputs import cacheable, engine_fingerprint, input_value, static_key
from handouts.render.pdf import RenderedPdf
from handouts.write.cache import PdfCache


@dataclass(frozen=True)
class Previewed:
    """One document of the preview: its PDF, or the problems that stopped it."""

    document: Document
    path: str
    """Where a build writes it, e.g. queens/side-effects.pdf."""
    pdf: RenderedPdf | None
    problems: tuple[Problem, ...] = ()
    cached: bool = False


def preview_documents(project: Project) -> list[Document]:
    """What the preview shows: every document `handouts build` makes, in its order."""
    return plan(project)


def render_previews(
    project: Project,
    documents: list[Document],
    snapshot: Snapshot,
    cache: PdfCache | None,
    render: Renderer,
    date: str,
    stopped: Callable[[], bool] = lambda: False,
) -> Iterator[tuple[int, Previewed]]:
    """Each document as (its index, Previewed): those the cache has first, then the rest as
    ``render`` makes them (each filed in the cache); ends early once ``stopped()``."""
    keys: list[str | None] = [None] * len(documents)
    misses: list[int] = []
    engine = engine_fingerprint()
    for index, document in enumerate(documents):
        path = document.output_path(project).as_posix()
        if cache is not None and cacheable(document):
            keys[index] = key = static_key(document, project, date, engine)
            hit = cache.lookup(key, lambda name: input_value(name, project, snapshot))
            if hit is not None:
                yield index, Previewed(document, path, RenderedPdf(hit.data, hit.pages), (), True)
                continue
        misses.append(index)
    if not misses or stopped():
        return
    outcomes = render(project, [(documents[i], date) for i in misses])
    for position, outcome in outcomes:
        index = misses[position]
        document = documents[index]
        path = document.output_path(project).as_posix()
        if isinstance(outcome, list):
            yield index, Previewed(document, path, None, tuple(outcome))
        else:
            stored = keys[index]
            if cache is not None and stored is not None:
                pdf = outcome.pdf
                cache.store_rendered(stored, project, snapshot, outcome.reads, pdf.data, pdf.pages)
            yield index, Previewed(document, path, outcome.pdf)
        if stopped():
            return
