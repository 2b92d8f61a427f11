"""What every document is: the ``Document`` protocol, and the pieces of context kinds share.

A document kind (handout, packet, brand sheet, chart sheet) is one module with one frozen class
that says what it is called, where it goes, which template fills it with which context, which
stylesheets it adds, and, optionally, how to lay it out again once its pages are known. Build,
check, the manifest and every command loop over documents and never ask which kind they hold.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any, Protocol

from markupsafe import Markup

from handouts.chart import ChartSvg, chart_style, draw_timeline
from handouts.model import Brand, Location, Project, Section, brand_for

HEADER_LOGO_HEIGHT = 22.0  # points: the logo's height in the running header
MAX_LOGO_RATIO = 4.0  # a wider logo is scaled down to fit 4 x 22 pt rather than crowd the name
LOGO_GAP = 8.0  # points between the logo and the clinic name


@dataclass(frozen=True)
class Stylesheet:
    """A generated stylesheet: the Jinja template that writes it and what it may use."""

    template: str
    context: Mapping[str, Any]


class Document(Protocol):
    """One PDF the project can make."""

    @property
    def kind(self) -> str:
        """What the manifest calls it: handout, packet, packet-duplex, brand-sheet, chart."""

    @property
    def id(self) -> str:
        """The handout, packet or chart id it is made from."""

    @property
    def location(self) -> str:
        """The location id ('' for a document of the whole clinic, such as the brand sheet)."""

    @property
    def lang(self) -> str:
        """Its language."""

    @property
    def variant(self) -> str:
        """'' for the standard edition, else the variant's name."""

    @property
    def name(self) -> str:
        """How messages name it (never with personal details)."""

    @property
    def template(self) -> str:
        """The Jinja template that lays it out."""

    def output_path(self, project: Project) -> PurePosixPath:
        """Where it goes inside the output folder."""

    def identifier(self, project: Project) -> bytes | None:
        """The permanent half of the PDF's /ID (None: no /ID, as for a patient's packet)."""

    def dated(self) -> bool:
        """Whether the PDF carries the sources' date (a patient's packet carries none)."""

    def section_ids(self, project: Project) -> list[str]:
        """The sections it prints, in order, each once."""

    def context(self, project: Project, source_date: str | None) -> dict[str, Any]:
        """Everything its template may use."""

    def stylesheets(self, project: Project) -> list[Stylesheet]:
        """The generated stylesheets it adds to the template's own."""

    def relayout(self, anchors: Mapping[str, int]) -> Document | None:
        """After a first layout (element id -> page index): the document to lay out instead,
        or None to keep the first layout."""

    def samples(self, project: Project) -> list[tuple[Document, Project]]:
        """Other ways users fill this document, with the project as they see it, for `check`
        to fill too (a blank packet: for a sample patient, with a fasting time set)."""


def pdf_identifier(path: PurePosixPath) -> bytes:
    """The permanent half of a PDF's /ID: the same for every revision of one document."""
    return hashlib.md5(f"handouts:{path.as_posix()}".encode()).hexdigest().encode()


def language_suffix(project: Project, lang: str) -> str:
    """'' for the project's first language, '.<lang>' for the others (output file names)."""
    return "" if lang == project.default_language else f".{lang}"


@dataclass(frozen=True)
class LogoBox:
    """Where the header draws the logo: its size in points, its offset from the top (a logo
    wider than MAX_LOGO_RATIO is centred in the 22 pt line) and the room the name starts after."""

    width: float
    height: float
    top: float
    space: float


def header_logo(ratio: float) -> LogoBox:
    """The header's logo box for a logo of this width-to-height ratio: 22 pt high at its own
    shape, or, when wider than MAX_LOGO_RATIO, as wide as that allows and centred on the line."""
    width = HEADER_LOGO_HEIGHT * min(ratio, MAX_LOGO_RATIO)
    height = width / ratio
    top = (HEADER_LOGO_HEIGHT - height) / 2
    return LogoBox(round(width, 2), round(height, 2), round(top, 2), round(width + LOGO_GAP, 2))


def brand_stylesheet(project: Project, location: Location | None = None) -> Stylesheet:
    """The generated brand stylesheet (css/brand.css.jinja): colours, fonts and the logo, as the
    location sees the brand. The one place every document gets it from."""
    brand = project.brand if location is None else brand_for(project.brand, location)
    ratio = project.logo.ratio if project.logo is not None else 1.0
    return Stylesheet(
        "css/brand.css.jinja",
        {
            "brand": brand,
            "font_faces": project.font_faces,
            "logo": "../content/" + project.brand.logo,
            "logo_box": header_logo(ratio),
        },
    )


@dataclass
class Charts(Mapping[str, dict[str, Any]]):
    """The project's charts as a template sees them, ``charts[id]`` -> {svg, caption, alt}: each
    drawn in the document's brand and language the first time a template asks for it."""

    project: Project
    brand: Brand
    lang: str
    _drawn: dict[str, dict[str, Any]] = field(default_factory=dict, repr=False)

    def __getitem__(self, chart_id: str) -> dict[str, Any]:
        if chart_id not in self._drawn:
            timeline = self.project.charts[chart_id]
            metrics = self.project.text_metrics
            if metrics is None:  # the font check has said why
                raise KeyError(chart_id)
            drawn: ChartSvg = draw_timeline(timeline, self.lang, chart_style(self.brand), metrics)
            self._drawn[chart_id] = {
                "svg": Markup(drawn.svg),
                "caption": drawn.caption,
                "alt": drawn.alt,
            }
        return self._drawn[chart_id]

    def __iter__(self) -> Iterator[str]:
        return iter(self.project.charts)

    def __len__(self) -> int:
        return len(self.project.charts)


POLICY_TOKEN = re.compile(r"\{policy:([^{}<>\n]*)\}")


def with_policy(section_html: str, policy: Mapping[str, str]) -> str:
    """The section's HTML with each {policy:id} replaced by the clinic's words, as text (escaped:
    whatever the policy file holds prints as written, never as markup)."""

    def words(match: re.Match[str]) -> str:
        text = policy.get(match.group(1).strip())
        return match.group() if text is None else html.escape(text, quote=True)

    return POLICY_TOKEN.sub(words, section_html)


def section_context(section: Section, policy: Mapping[str, str] | None = None) -> dict[str, Any]:
    """A section as templates use it: id, title, checked HTML (with the clinic policy's words for
    the document's location) and included blocks."""
    return {
        "id": section.id,
        "title": section.title,
        "html": Markup(with_policy(section.html, policy or {})),
        "include": section.meta.include,
        "chart": section.meta.chart,
    }


def review_date(project: Project, lang: str, section_ids: list[str]) -> dt.date:
    """A document is as current as its oldest section review."""
    return min(project.sections[lang][sid].meta.reviewed for sid in section_ids)


def common_context(
    project: Project,
    location_id: str,
    lang: str,
    *,
    title: str,
    subject: str,
    document_id: str,
    section_ids: list[str],
    source_date: str | None,
) -> dict[str, Any]:
    """What every handout-like document's template may use: brand, location, wording, sections,
    charts, and the dates the PDF carries."""
    location = project.locations[location_id]
    brand = brand_for(project.brand, location)
    policy = project.policy.texts(location_id, lang) if project.policy is not None else {}
    return {
        "lang": lang,
        "strings": project.strings[lang].values,
        "brand": brand,
        "tagline": brand.tagline[lang],
        "disclaimer": brand.disclaimer[lang],
        "location": location,
        "title": title,
        "subject": subject,
        "document_id": document_id,
        "reviewed": review_date(project, lang, section_ids),
        "sections": [section_context(project.sections[lang][sid], policy) for sid in section_ids],
        "charts": Charts(project, brand, lang),
        "source_date": source_date,
    }
