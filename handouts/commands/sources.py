"""`handouts sources`: the report a clinician reads to sign the content, as text or as a PDF.

A command of its own rather than `check --sources`: check prints one line per finding for
people and CI annotations alike, while this is a long document to read in one sitting, and
optionally a PDF to print and sign. It passes the same gate as every command.
"""

from __future__ import annotations

import datetime as dt
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path

from handouts.checks import checked
from handouts.checks.report import source_report
from handouts.documents.sourcereport import ReportPart, SourceReport, SourceReportDocument
from handouts.paths import ProjectPaths
from handouts.render.document import render_document, renderer_for
from handouts.render.html import make_environment
from handouts.write.files import write_atomic
from handouts.write.provenance import source_date

WIDTH = 100
"""Characters per line of the text report."""


def _wrapped(text: str, first: str, rest: str) -> list[str]:
    return textwrap.wrap(text, WIDTH, initial_indent=first, subsequent_indent=rest) or [first]


def _part_lines(part: ReportPart) -> list[str]:
    lines = [""]
    if part.kind == "policy":
        lines.append(f"  {part.title} ({part.path})")
    else:
        lines.append(f"  {part.kind.capitalize()} {part.id}: {part.title}")
        state = part.state + (f" by {part.approval}" if part.approval else "")
        lines.append(f"  {part.path}; {state}; sha256 {part.digest}")
        if part.readability:
            lines.append(f"  Reading level: {part.readability}")
    if part.shown_in:
        lines.append(f"  (its statements are shown above, under {part.shown_in})")
        return lines
    for statement in part.statements:
        head = f"  {statement.line:>4}  "
        lines += _wrapped(statement.text, head, " " * len(head))
        for cited in statement.support:
            if cited.kind == "quote":
                line = f'{cited.where} "{cited.text}"'
            elif cited.kind == "missing":
                line = f"NO SOURCE: {cited.text}" + (f" ({cited.where})" if cited.where else "")
            else:
                where = f" ({cited.where})" if cited.where else ""
                line = f"{cited.kind}{where}: {cited.text}"
            lines += _wrapped(line, " " * 10, " " * 12)
    return lines


def report_lines(report: SourceReport) -> list[str]:
    """The report as plain text lines."""
    lines = [
        f"Sources and sign-off: {report.clinic}",
        "Every statement the handouts and packets print, with what it stands on. Numbers are",
        "the lines of the files; a section shown under an earlier document is not repeated.",
        "",
        "Sources:",
    ]
    for source in report.sources:
        lines += _wrapped(
            f"[{source.number}] {source.title}. {source.origin}. {source.date}.", "  ", "      "
        )
    if not report.sources:
        lines.append("  none (content/sources/ is empty)")
    for document in report.documents:
        lines += ["", "=" * WIDTH]
        lines.append(
            f"{document.kind.capitalize()} {document.id} ({document.lang}): {document.title}"
        )
        lines.append("Approved: " + ("yes, every part" if document.approved else "no"))
        if document.readability:
            lines.append(f"Reading level as a whole: {document.readability}")
        for part in document.parts:
            lines += _part_lines(part)
    lines += ["", f"Statements without support: {report.unsupported}"]
    return lines


@dataclass(frozen=True)
class WrittenReport:
    """The report's PDF as written."""

    path: Path
    pages: int
    size: int


def load_report(paths: ProjectPaths, today: dt.date | None = None) -> SourceReport:
    """Pass the gate, then put the report together."""
    project, _ = checked(paths, today, documents=lambda p: [])
    return source_report(project)


def write_report_pdf(
    paths: ProjectPaths, target: Path, today: dt.date | None = None
) -> WrittenReport:
    """Pass the gate, then write the report as a PDF to ``target``."""
    project, _ = checked(paths, today, documents=lambda p: [])
    document = SourceReportDocument(source_report(project), project.default_language)
    date = source_date(paths.root, os.environ, project.newest_review())
    env = make_environment(paths.templates)
    pdf = render_document(renderer_for(project), env, project, document, date.w3c())
    write_atomic(target, pdf.data)
    return WrittenReport(target, pdf.pages, len(pdf.data))
