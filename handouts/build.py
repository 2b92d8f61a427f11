"""Orchestration: load -> validate -> fill templates -> render PDF -> write atomically."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from handouts.choice import choose_many
from handouts.document import Job, render_document
from handouts.errors import Problem
from handouts.loader import Project
from handouts.manifest import make_manifest, write_manifest
from handouts.output import prepare_folder, write_atomic
from handouts.packet import PacketJob, blank_packet_path, packet_notices, render_packet
from handouts.project import ProjectPaths
from handouts.provenance import source_date, source_revision
from handouts.render import PdfRenderer
from handouts.shard import Shard
from handouts.templating import make_environment


@dataclass(frozen=True)
class BuiltPdf:
    """One PDF written."""

    job: Job | PacketJob
    path: Path
    pages: int
    size: int
    sha256: str = ""


@dataclass(frozen=True)
class BuildResult:
    """What a build wrote and how long it took."""

    pdfs: list[BuiltPdf]
    seconds: float
    manifest: Path | None = None
    notices: list[Problem] = field(default_factory=list)
    """Settings left unset that the PDFs print as blanks to fill in by hand (not errors)."""

    @property
    def pages(self) -> int:
        """Pages across all PDFs."""
        return sum(p.pages for p in self.pdfs)


def plan_jobs(
    project: Project,
    locations: Iterable[str] = (),
    handouts: Iterable[str] = (),
    languages: Iterable[str] = (),
) -> list[Job]:
    """The PDFs to build, in a stable order, narrowed by the given names."""
    locs = choose_many("location", locations, project.locations, "--location")
    outs = choose_many("handout", handouts, project.handouts, "--handout")
    langs = choose_many("language", languages, project.languages, "--lang")
    return [Job(h, loc, lang) for loc in locs for h in outs for lang in langs]


def output_path(out_dir: Path, job: Job, default_lang: str) -> Path:
    """output/<location>/<handout>.pdf, with .<lang> before .pdf for other languages."""
    suffix = "" if job.lang == default_lang else f".{job.lang}"
    return out_dir / job.location / f"{job.handout}{suffix}.pdf"


def relative_output(job: Job | PacketJob, default_lang: str) -> Path:
    """Where a job's PDF goes inside the output folder."""
    if isinstance(job, PacketJob):
        return blank_packet_path(Path(), job, default_lang)
    return output_path(Path(), job, default_lang)


def shard_key(job: Job | PacketJob, default_lang: str) -> str:
    """The name a shard is chosen by: the PDF's path inside the output folder."""
    return relative_output(job, default_lang).as_posix()


def document_identifier(job: Job | PacketJob, default_lang: str) -> bytes:
    """The permanent half of a PDF's /ID: the same for every revision of one document."""
    key = f"handouts:{shard_key(job, default_lang)}"
    return hashlib.md5(key.encode()).hexdigest().encode()


def newest_review(project: Project) -> dt.date | None:
    """The most recent section review date (the source date when nothing better is known)."""
    dates = [s.meta.reviewed for sections in project.sections.values() for s in sections.values()]
    return max(dates, default=None)


def plan_packet_jobs(
    project: Project, locations: Iterable[str] = (), languages: Iterable[str] = ()
) -> list[PacketJob]:
    """The blank packets to build: each packet for each location and language, plain and duplex."""
    locs = choose_many("location", locations, project.locations, "--location")
    langs = choose_many("language", languages, project.languages, "--lang")
    return [
        PacketJob(packet, loc, lang, duplex)
        for loc in locs
        for packet in project.packets
        for lang in langs
        for duplex in (False, True)
    ]


def build(
    paths: ProjectPaths,
    out_dir: Path,
    locations: Iterable[str] = (),
    handouts: Iterable[str] = (),
    languages: Iterable[str] = (),
    on_written: Callable[[BuiltPdf], None] | None = None,
    shard: Shard | None = None,
    on_warnings: Callable[[list[Problem]], None] | None = None,
    today: dt.date | None = None,
    environ: Mapping[str, str] | None = None,
    packets: bool = False,
) -> BuildResult:
    """Check, then build the chosen handouts (and, with ``packets``, every blank packet for the
    chosen locations, plain and duplex); every PDF is rendered with one font setup."""
    from handouts.check import checked_project  # check plans jobs with this module

    start = time.perf_counter()
    checked = checked_project(paths, today)
    project = checked.project
    default_lang = project.languages[0]
    jobs: list[Job | PacketJob] = [*plan_jobs(project, locations, handouts, languages)]
    if packets:
        jobs += plan_packet_jobs(project, locations, languages)
    if shard is not None:
        jobs = shard.select(jobs, lambda job: shard_key(job, default_lang))
    if checked.warnings and on_warnings is not None:
        on_warnings(checked.warnings)
    date = source_date(
        paths.root, os.environ if environ is None else environ, newest_review(project)
    )
    prepare_folder(out_dir)
    env = make_environment(paths.templates)
    renderer = PdfRenderer((paths.templates, paths.content))
    # Render everything first, then write: a document that fails leaves output/ as it was,
    # never half old and half new with a manifest that no longer matches.
    rendered = []
    for job in jobs:
        identifier = document_identifier(job, default_lang)
        if isinstance(job, PacketJob):
            pdf = render_packet(
                renderer, env, project, job, source_date=date.w3c(), identifier=identifier
            )
        else:
            html, css = render_document(env, project, job, source_date=date.w3c())
            pdf = renderer.render(html, paths.templates, css, job.name, identifier)
        rendered.append((job, pdf))
    built = []
    for job, pdf in rendered:
        target = out_dir / relative_output(job, default_lang)
        write_atomic(target, pdf.data)
        digest = hashlib.sha256(pdf.data).hexdigest()
        result = BuiltPdf(job, target, pdf.pages, len(pdf.data), digest)
        built.append(result)
        if on_written is not None:
            on_written(result)
    notices = [
        notice
        for loc in dict.fromkeys(j.location for j in jobs if isinstance(j, PacketJob))
        for notice in packet_notices(project, loc)
    ]
    manifest = make_manifest(built, out_dir, date, source_revision(paths.root), shard)
    manifest_path = write_manifest(out_dir, manifest, shard)
    return BuildResult(built, time.perf_counter() - start, manifest_path, notices)
