"""Orchestration: load -> validate -> fill templates -> render PDF -> write atomically."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from handouts.document import Job, render_document
from handouts.errors import HandoutsError, Problem, ProblemsFound
from handouts.loader import Project, load_project
from handouts.output import write_atomic
from handouts.project import ProjectPaths
from handouts.render import PdfRenderer
from handouts.templating import make_environment


@dataclass(frozen=True)
class BuiltPdf:
    """One PDF written."""

    job: Job
    path: Path
    pages: int
    size: int


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and how long it took."""

    pdfs: list[BuiltPdf]
    seconds: float

    @property
    def pages(self) -> int:
        """Pages across all PDFs."""
        return sum(p.pages for p in self.pdfs)


def load_checked(paths: ProjectPaths) -> tuple[Project, list[Problem]]:
    """Load the project; stop with every error when there is any."""
    project, problems = load_project(paths)
    if project is None or any(p.severity == "error" for p in problems):
        raise ProblemsFound(problems)
    return project, problems


def _choose(kind: str, wanted: Iterable[str], known: Iterable[str]) -> list[str]:
    known = list(known)
    chosen = list(dict.fromkeys(wanted)) or known
    for name in chosen:
        if name not in known:
            raise HandoutsError(f"unknown {kind} '{name}' (expected one of: {', '.join(known)})")
    return chosen


def plan_jobs(
    project: Project,
    locations: Iterable[str] = (),
    handouts: Iterable[str] = (),
    languages: Iterable[str] = (),
) -> list[Job]:
    """The PDFs to build, in a stable order, narrowed by the given names."""
    locs = _choose("location", locations, project.locations)
    outs = _choose("handout", handouts, project.handouts)
    langs = _choose("language", languages, project.languages)
    return [Job(h, loc, lang) for loc in locs for h in outs for lang in langs]


def output_path(out_dir: Path, job: Job, default_lang: str) -> Path:
    """output/<location>/<handout>.pdf, with .<lang> before .pdf for other languages."""
    suffix = "" if job.lang == default_lang else f".{job.lang}"
    return out_dir / job.location / f"{job.handout}{suffix}.pdf"


def build(
    paths: ProjectPaths,
    out_dir: Path,
    locations: Iterable[str] = (),
    handouts: Iterable[str] = (),
    languages: Iterable[str] = (),
    on_written: Callable[[BuiltPdf], None] | None = None,
) -> BuildResult:
    """Build the chosen handouts; every PDF is rendered in one process with one font setup."""
    start = time.perf_counter()
    project, _ = load_checked(paths)
    jobs = plan_jobs(project, locations, handouts, languages)
    env = make_environment(paths.templates)
    renderer = PdfRenderer((paths.templates, paths.content))
    built = []
    for job in jobs:
        html, css = render_document(env, project, job)
        pdf = renderer.render(html, paths.templates, css, job.name)
        target = output_path(out_dir, job, project.languages[0])
        write_atomic(target, pdf.data)
        result = BuiltPdf(job, target, pdf.pages, len(pdf.data))
        built.append(result)
        if on_written is not None:
            on_written(result)
    return BuildResult(built, time.perf_counter() - start)
