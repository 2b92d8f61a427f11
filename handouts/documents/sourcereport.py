"""The sources report a clinician reads to sign the content: per handout and packet, each
statement with what it stands on (the source's words, a clinic policy item, a gloss), each
section's approval and reading level. `handouts sources` prints it; `--pdf` writes this
document. The report is put together by handouts.checks.report; this module holds its shape and
the PDF kind."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Literal

from handouts.documents.base import (
    LaidOutOnce,
    Stylesheet,
    brand_stylesheet,
)
from handouts.model import Project

TEMPLATE = "source-report.html"
CitedKind = Literal["quote", "policy", "gloss", "not medical", "missing"]


@dataclass(frozen=True)
class Cited:
    """One thing a statement stands on."""

    kind: CitedKind
    text: str
    where: str = ""
    """The source's number and title for a quote; the item and its state for a policy."""


@dataclass(frozen=True)
class ReportStatement:
    """A statement as printed, where it is written, and what it stands on."""

    line: int
    text: str
    support: tuple[Cited, ...]

    @property
    def supported(self) -> bool:
        """Whether anything supports it."""
        return any(c.kind != "missing" for c in self.support)


@dataclass(frozen=True)
class ReportPart:
    """A section, a chart or the policy items one document prints, as a clinician signs it."""

    kind: Literal["section", "chart", "policy"]
    id: str
    title: str
    path: str
    state: str
    """approved, not approved, changed since approval (for policy: per item, in the support)."""
    digest: str
    approval: str
    """Who approved it, in what role and when ('' when nobody has)."""
    readability: str
    statements: tuple[ReportStatement, ...]
    shown_in: str = ""
    """The document this part was already shown in (its statements are not repeated)."""


@dataclass(frozen=True)
class ReportDocument:
    """One handout or packet."""

    kind: str
    id: str
    lang: str
    title: str
    approved: bool
    readability: str
    parts: tuple[ReportPart, ...]


@dataclass(frozen=True)
class ReportSource:
    """A source, numbered as the report cites it."""

    number: int
    id: str
    title: str
    origin: str
    date: str


@dataclass(frozen=True)
class SourceReport:
    """Everything the report shows."""

    clinic: str
    sources: tuple[ReportSource, ...]
    documents: tuple[ReportDocument, ...]

    @property
    def unsupported(self) -> int:
        """Statements without any support, across the report (each shown once)."""
        return sum(
            1
            for document in self.documents
            for part in document.parts
            for statement in part.statements
            if not statement.supported
        )


@dataclass(frozen=True)
class SourceReportDocument(LaidOutOnce):
    """output/source-report.pdf: the report, for a clinician to read, sign and keep."""

    report: SourceReport
    lang: str
    id: str = "source-report"
    location: str = ""
    template: str = TEMPLATE
    variant: str = ""
    kind: str = "source-report"

    @property
    def name(self) -> str:
        """How messages name it."""
        return TEMPLATE

    def output_path(self, project: Project) -> PurePosixPath:
        """source-report.pdf, beside the locations' folders."""
        return PurePosixPath("source-report.pdf")

    def identifier(self, project: Project) -> bytes | None:
        """None: a working paper, not a document to track."""
        return None

    def dated(self) -> bool:
        """It carries the sources' date, so a signed copy says which content it covered."""
        return True

    def section_ids(self, project: Project) -> list[str]:
        """It quotes sections but prints none as a patient reads it."""
        return []

    def context(self, project: Project, source_date: str | None) -> dict[str, Any]:
        """The report, and the date of the sources it covers."""
        return {
            "lang": self.lang,
            "title": f"Sources and sign-off: {self.report.clinic}",
            "report": self.report,
            "source_date": (source_date or "")[:10],
        }

    def stylesheets(self, project: Project) -> list[Stylesheet]:
        """The brand as brand.yaml sets it (for fonts and colours)."""
        return [brand_stylesheet(project)]
