"""The pre-visit packet: a cover page, then parts built from sections, blank or for one patient."""

from __future__ import annotations

import dataclasses
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from handouts.appointment import Visit, check_printable, visit_context
from handouts.choice import choose
from handouts.document import Job, document_context, stylesheet_context
from handouts.errors import HandoutsError, Problem, ProblemsFound, warning
from handouts.loader import Project, load_project
from handouts.model import Handout, Packet, PacketPart
from handouts.output import write_atomic
from handouts.project import ProjectPaths
from handouts.provenance import source_date
from handouts.render import PdfRenderer, RenderedPdf
from handouts.templating import make_environment, markup, render_template
from handouts.textmetrics import load_text_metrics

PERSONAL_MODE = 0o600  # a personalised packet holds health information: its owner only
PERSONAL_FOLDER_MODE = 0o700  # and so do the folders --output creates for it
PERSONAL_REMINDER = " - holds health information: print it, then delete it"
# Inside the project folder (kept in git, read by the build, uploaded by CI) a personalised packet
# may only be a top-level packet-*.pdf, which .gitignore keeps out of git.
PRIVATE_IN_PROJECT = "packet-*.pdf"
CONTENT_END = "packet-end"  # element ids the templates set: the last text, the closing blank page
END_BLANK = "end-blank"
HEADING = re.compile(r"<(/?)h([1-6])(?=[\s>])")
# What a personalised packet says when rendering fails: WeasyPrint's own message may quote the
# page's text, and so the patient's name (e.g. ".notdef glyph rendered for ... '李'").
PERSONAL_RENDER_ERROR = (
    "the packet could not be rendered (a font or layout problem); try a blank packet"
)


@dataclass(frozen=True)
class PacketJob:
    """One packet to make: which packet, for which location and language, how it is printed."""

    packet: str
    location: str
    lang: str
    duplex: bool = False

    @property
    def name(self) -> str:
        """How the job is named in messages (never with personal details)."""
        return f"{self.location}/{self.packet} packet ({self.lang})"

    @property
    def kind(self) -> str:
        """The document kind, as the manifest lists it."""
        return "packet-duplex" if self.duplex else "packet"

    @property
    def document(self) -> str:
        """The packet's id."""
        return self.packet


@dataclass(frozen=True)
class WrittenPacket:
    """A packet written to disk."""

    path: Path
    pages: int
    size: int
    seconds: float
    notices: list[Problem]
    personal: bool = False
    """It holds a patient's details (health information)."""

    @property
    def reminder(self) -> str:
        """What to do with the file once written: for a personalised packet, print and delete."""
        return PERSONAL_REMINDER if self.personal else ""


def shift_headings(html: str, by: int) -> str:
    """Move every heading down ``by`` levels (h3 -> h4), so sections nest under a part title."""
    return HEADING.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + by, 6)}", html)


def part_section_ids(project: Project, part: PacketPart) -> list[str]:
    """The sections of a part: its own list, else every section of the handout it names."""
    if part.sections or part.handout is None:
        return list(part.sections)
    return list(project.handouts[part.handout].sections)


def packet_section_ids(project: Project, packet: Packet) -> list[str]:
    """Every section the packet prints, once each, cover first."""
    ids = list(packet.cover)
    for part in packet.parts:
        ids += part_section_ids(project, part)
    return list(dict.fromkeys(ids))


def as_handout(project: Project, packet: Packet) -> Handout:
    """The packet seen as one handout, so it gets the same document context as any handout."""
    return Handout(
        id=packet.id,
        title=packet.title,
        subject=packet.subject,
        template=packet.template,
        sections=packet_section_ids(project, packet),
    )


def packet_context(
    project: Project,
    job: PacketJob,
    visit: Visit | None = None,
    pad_end: bool = False,
    source_date: str | None = None,
) -> dict[str, Any]:
    """Everything the packet template may use: a handout's context plus cover, parts and visit."""
    packet = project.packets[job.packet]
    location = project.locations[job.location]
    pseudo = as_handout(project, packet)
    # Reusing document_context keeps the packet in step with handouts (charts, QR code, ...).
    view = dataclasses.replace(project, handouts={**project.handouts, pseudo.id: pseudo})
    context = document_context(view, Job(pseudo.id, job.location, job.lang), source_date)
    strings = context["strings"]
    sections = {
        s["id"]: {**s, "html": markup(shift_headings(str(s["html"]), 1))}
        for s in context["sections"]
    }
    parts = [
        {
            "id": part.id,
            "title": part.title[job.lang],
            "sections": [sections[sid] for sid in part_section_ids(project, part)],
        }
        for part in packet.parts
    ]
    context.update(
        packet=packet,
        cover_sections=[sections[sid] for sid in packet.cover],
        parts=parts,
        duplex=job.duplex,
        pad_end=pad_end,
        visit=(
            visit_context(visit, location.fasting_hours, strings, job.lang)
            if visit is not None
            else None
        ),
    )
    return context


def render_packet_document(
    env: jinja2.Environment,
    project: Project,
    job: PacketJob,
    visit: Visit | None = None,
    pad_end: bool = False,
    source_date: str | None = None,
) -> tuple[str, str]:
    """HTML and generated CSS (brand, then packet) for one packet."""
    context = packet_context(project, job, visit, pad_end, source_date)
    html = render_template(env, project.packets[job.packet].template, context)
    pseudo_job = Job(job.packet, job.location, job.lang)
    css = render_template(env, "css/brand.css.jinja", stylesheet_context(project, pseudo_job))
    css += render_template(env, "css/packet.css.jinja", packet_stylesheet_context(context))
    return html, css


def packet_stylesheet_context(context: dict[str, Any]) -> dict[str, Any]:
    """What css/packet.css.jinja may use: the wording and the brand, never the visit."""
    return {"strings": context["strings"], "brand": context["brand"]}


def render_packet(
    renderer: PdfRenderer,
    env: jinja2.Environment,
    project: Project,
    job: PacketJob,
    visit: Visit | None = None,
    source_date: str | None = None,
    identifier: bytes | None = None,
) -> RenderedPdf:
    """The packet as PDF; for duplex printing, with an even page count."""
    pad = job.duplex
    html, css = render_packet_document(env, project, job, visit, pad, source_date)
    laid = renderer.lay_out(html, project.paths.templates, css, job.name)
    if pad and laid.anchors.get(END_BLANK, 0) - laid.anchors.get(CONTENT_END, 0) == 2:
        # The closing blank page goes on a left-hand page, so the count is always even; when the
        # text already ends on a left-hand page it would cost a whole empty sheet, so the packet
        # is laid out again without it. "Page X of Y" is only known after layout, hence no cheaper
        # fix. A short last part (one page, as shipped) needs the closing page: one layout.
        html, css = render_packet_document(env, project, job, visit, False, source_date)
        laid = renderer.lay_out(html, project.paths.templates, css, job.name)
    return renderer.write(laid, identifier)


def packet_notices(project: Project, location: str) -> list[Problem]:
    """What a packet for ``location`` leaves to fill in by hand because a setting is not set."""
    loc = project.locations[location]
    if loc.fasting_hours is not None:
        return []
    shown = project.paths.relative(project.paths.locations / f"{location}.yaml")
    return [
        warning(
            shown,
            "fasting_hours: not set; the packet leaves the number of hours (and the time to stop "
            "eating and drinking) blank to fill in by hand",
        )
    ]


def blank_packet_path(out_dir: Path, job: PacketJob, default_lang: str) -> Path:
    """output/<location>/<packet>-packet[-duplex][.<lang>].pdf."""
    duplex = "-duplex" if job.duplex else ""
    lang = "" if job.lang == default_lang else f".{job.lang}"
    return out_dir / job.location / f"{job.packet}-packet{duplex}{lang}.pdf"


def personal_packet_path(output: Path | None, job: PacketJob, cwd: Path) -> Path:
    """Where a personalised packet goes: --output (a .pdf file or a folder), else the current
    folder, under a name that holds no personal details: packet-<location>.pdf."""
    name = f"packet-{job.location}.pdf"
    if output is None:
        return cwd / name
    output = cwd / output  # an absolute --output stays as it is
    return output if output.suffix.lower() == ".pdf" else output / name


def refuse_shared_folder(paths: ProjectPaths, target: Path) -> None:
    """Stop before a personalised packet lands anywhere in the project that git, the build or
    CI could pick up; only a top-level packet-*.pdf (git-ignored) is allowed there."""
    root = paths.root.resolve()
    where = target.resolve()
    if not where.is_relative_to(root):
        return
    if where.parent == root and where.match(PRIVATE_IN_PROJECT):
        return
    raise HandoutsError(
        "--output: a personalised packet holds health information and must not be written "
        "inside the project folder, which is kept in git and shared by builds "
        "(expected a private folder, e.g. --output ~/packets, or leave --output out in the "
        "project folder to write packet-<location>.pdf there, which git ignores)"
    )


def make_private_folders(folder: Path) -> None:
    """Create ``folder`` and any missing parents readable by their owner only (0700); folders
    that already exist keep their permissions."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    blocking = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise HandoutsError(f"{blocking}: is a file, not a folder; choose another --output")
    try:
        for path in reversed(missing):
            path.mkdir(mode=PERSONAL_FOLDER_MODE)
            path.chmod(PERSONAL_FOLDER_MODE)  # whatever the umask
    except OSError as exc:
        raise HandoutsError(
            f"{folder}: cannot write there ({exc.strerror or exc}); choose another --output"
        ) from None


def name_characters(project: Project) -> frozenset[int] | None:
    """The characters a patient's name can be printed in: those that both the regular and the
    bold face of the brand's body font map (None when the font cannot be read: loading said so)."""
    metrics = project.text_metrics  # loaded only when the project has charts
    if metrics is None:
        metrics, _ = load_text_metrics(
            project.paths.templates, project.font_faces, project.brand.fonts.body
        )
    if metrics is None:
        return None
    return frozenset(metrics.regular.advances) & frozenset(metrics.bold.advances)


def render_personal_packet(
    renderer: PdfRenderer, env: jinja2.Environment, project: Project, job: PacketJob, visit: Visit
) -> RenderedPdf:
    """A personalised packet as PDF; any failure becomes one generic line that holds nothing
    of the page (the same packet left blank shows the detailed message)."""
    try:
        return render_packet(renderer, env, project, job, visit)
    except Exception:
        raise HandoutsError(f"{job.name}: error: {PERSONAL_RENDER_ERROR}") from None


def load_packet_project(paths: ProjectPaths) -> Project:
    """Load the project and stop with every error; a project without packets is an error too."""
    project, problems = load_project(paths)
    if project is None or any(p.severity == "error" for p in problems):
        raise ProblemsFound(problems)
    if not project.packets:
        raise HandoutsError(
            f"{paths.relative(paths.packets)}: error: no packets defined "
            "(expected e.g. content/packets/pre-visit.yaml)"
        )
    return project


def make_packet(
    paths: ProjectPaths,
    location: str | None,
    *,
    visit: Visit | None = None,
    duplex: bool = False,
    lang: str | None = None,
    packet: str | None = None,
    output: Path | None = None,
    cwd: Path | None = None,
) -> WrittenPacket:
    """Write one packet: blank into output/<location>/, or personalised (0600) where asked."""
    start = time.perf_counter()
    project = load_packet_project(paths)
    job = PacketJob(
        choose("packet", packet, list(project.packets), "--packet"),
        choose("location", location, list(project.locations), "--location", required=True),
        choose("language", lang, project.languages, "--lang"),
        duplex,
    )
    here = cwd if cwd is not None else Path.cwd()
    if visit is None:
        if output is None:
            target = blank_packet_path(paths.root / "output", job, project.languages[0])
        elif output.suffix.lower() == ".pdf":
            target = here / output
        else:
            target = blank_packet_path(here / output, job, project.languages[0])
        mode = 0o644
    else:
        target = personal_packet_path(output.expanduser() if output else None, job, here)
        refuse_shared_folder(paths, target)
        characters = name_characters(project)
        if characters is not None:
            check_printable(visit.patient, characters)
        mode = PERSONAL_MODE
    renderer = PdfRenderer((paths.templates, paths.content))
    env = make_environment(paths.templates)
    if visit is None:
        # The same bytes as `handouts build` writes (same dates, same /ID), so output/manifest.json
        # still holds when the front desk prints a blank packet into output/.
        from handouts.build import document_identifier, newest_review  # build imports this module

        date = source_date(paths.root, os.environ, newest_review(project))
        identifier = document_identifier(job, project.languages[0])
        pdf = render_packet(renderer, env, project, job, None, date.w3c(), identifier)
    else:
        # No dates and no /ID: nothing in a personalised packet may identify or date the
        # patient's visit beyond what the page itself prints.
        pdf = render_personal_packet(renderer, env, project, job, visit)
    if visit is not None:
        make_private_folders(target.parent)
    write_atomic(target, pdf.data, mode=mode)
    return WrittenPacket(
        target,
        pdf.pages,
        len(pdf.data),
        time.perf_counter() - start,
        packet_notices(project, job.location),
        personal=visit is not None,
    )
