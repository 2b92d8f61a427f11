"""Orchestration: load -> validate -> fill templates -> render PDF -> write atomically."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from handouts.document import Job, render_document
from handouts.errors import HandoutsError, Problem, ProblemsFound
from handouts.loader import Project, load_project
from handouts.output import write_atomic
from handouts.packet import PacketJob, blank_packet_path, packet_notices, render_packet
from handouts.project import ProjectPaths
from handouts.render import PdfRenderer
from handouts.templating import make_environment


@dataclass(frozen=True)
class BuiltPdf:
    """One PDF written."""

    job: Job | PacketJob
    path: Path
    pages: int
    size: int


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and how long it took."""

    pdfs: list[BuiltPdf]
    seconds: float
    notices: list[Problem] = field(default_factory=list)
    """Settings left unset that the PDFs print as blanks to fill in by hand (not errors)."""

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
    packets: bool = False,
) -> BuildResult:
    """Build the chosen handouts (and, with ``packets``, every blank packet for the chosen
    locations, plain and duplex); every PDF is rendered in one process with one font setup."""
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
    packet_jobs = plan_packet_jobs(project, locations, languages) if packets else []
    notices = [
        n
        for loc in dict.fromkeys(j.location for j in packet_jobs)
        for n in packet_notices(project, loc)
    ]
    for packet_job in packet_jobs:
        pdf = render_packet(renderer, env, project, packet_job)
        target = blank_packet_path(out_dir, packet_job, project.languages[0])
        write_atomic(target, pdf.data)
        result = BuiltPdf(packet_job, target, pdf.pages, len(pdf.data))
        built.append(result)
        if on_written is not None:
            on_written(result)
    return BuildResult(built, time.perf_counter() - start, notices)


def plan_packet_jobs(
    project: Project, locations: Iterable[str] = (), languages: Iterable[str] = ()
) -> list[PacketJob]:
    """The blank packets to build: each packet for each location and language, plain and duplex."""
    locs = _choose("location", locations, project.locations)
    langs = _choose("language", languages, project.languages)
    return [
        PacketJob(packet, loc, lang, duplex)
        for loc in locs
        for packet in project.packets
        for lang in langs
        for duplex in (False, True)
    ]
