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
from typing import TYPE_CHECKING, Any, Protocol

from markupsafe import Markup

from handouts.chart import ChartSvg, chart_style, draw_timeline
from handouts.chart.layout import table_groups
from handouts.documents.fonts import faces_of, families_for, metrics_for

if TYPE_CHECKING:
    from handouts.documents.availability import Need
from handouts.model import Brand, Location, Project, Section, Timeline, brand_for

HEADER_LOGO_HEIGHT = 22.0  # points: the logo's height in the running header
MAX_LOGO_RATIO = 4.0  # a wider logo is scaled down to fit 4 x 22 pt rather than crowd the name
LOGO_GAP = 8.0  # points between the logo and the clinic name
CHART_SCALE_STEP = 0.04  # how much larger chart text gives way at a time when a chart is too tall


@dataclass(frozen=True)
class LinkWords:
    """How a link annotation describes itself (its /Contents), per kind of address, from
    content/strings/<lang>.yaml: '{number}' and '{address}' are filled in."""

    phone: str = "Call {number}"
    web: str = "Open {address} in a web browser"
    email: str = "Write to {address}"


@dataclass(frozen=True)
class PrintSettings:
    """What a document's PDF asks of readers and printers beyond what the page shows."""

    language: str
    """Its language tag (BCP 47), e.g. en-US: the PDF's /Lang, so a screen reader picks the
    right voice."""
    duplex: bool = False
    """Printed on both sides: the print dialog offers two-sided, long-edge printing."""
    link_words: LinkWords = LinkWords()


@dataclass(frozen=True)
class Stylesheet:
    """A generated stylesheet: the Jinja template that writes it and what it may use."""

    template: str
    context: Mapping[str, Any]
    declares_fonts: bool = False
    """Its context's ``font_faces``, ``body_families`` and ``headings_families`` are set, when the
    document is filled, to what the document's own text needs (handouts.documents.fonts)."""


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

    def print_settings(self, project: Project) -> PrintSettings:
        """Its language tag, whether it is printed on both sides, and the words of its links."""

    def relayout(self, anchors: Mapping[str, int]) -> Document | None:
        """After a first layout (element id -> page index): the document to lay out instead,
        or None to keep the first layout."""

    def samples(self, project: Project) -> list[tuple[Document, Project]]:
        """Other ways users fill this document, with the project as they see it, for `check`
        to fill too (a blank packet: for a sample patient, with a fasting time set)."""

    def missing(self, project: Project) -> list[Need]:
        """What it lacks in its language (a section, a title...): a document that lacks
        anything is not made (handouts.documents.availability)."""


def pdf_identifier(path: PurePosixPath) -> bytes:
    """The permanent half of a PDF's /ID: the same for every revision of one document."""
    return hashlib.md5(f"handouts:{path.as_posix()}".encode()).hexdigest().encode()


def print_settings_for(project: Project, lang: str, *, duplex: bool = False) -> PrintSettings:
    """A document's print settings from the wording of its language (content/strings/<lang>.yaml:
    ``language_tag``, ``link_phone``, ``link_web``, ``link_email``)."""
    strings = project.strings[lang].values
    return PrintSettings(
        strings["language_tag"],
        duplex,
        LinkWords(strings["link_phone"], strings["link_web"], strings["link_email"]),
    )


class LaidOutOnce:
    """What most documents share (a mixin for their dataclasses): printed one-sided in their
    language, laid out once, filled one way, and nothing lacking in their language."""

    lang: str

    def print_settings(self, project: Project) -> PrintSettings:
        """Its language; printed one-sided."""
        return print_settings_for(project, self.lang)

    def relayout(self, anchors: Mapping[str, int]) -> Document | None:
        """One layout is enough."""
        return None

    def samples(self, project: Project) -> list[tuple[Document, Project]]:
        """Filled one way only."""
        return []

    def missing(self, project: Project) -> list[Need]:
        """Nothing a build would skip it for: it is made in the first language (which is
        complete), or in another one only when someone asks for it by name."""
        return []


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
    fonts = brand.fonts
    return Stylesheet(
        "css/brand.css.jinja",
        {
            "brand": brand,
            "font_faces": faces_of(project, [fonts.body, fonts.headings]),
            "body_families": [fonts.body],
            "headings_families": [fonts.headings],
            "logo": "../content/" + project.brand.logo,
            "logo_box": header_logo(ratio),
        },
        declares_fonts=True,
    )


@dataclass
class Charts(Mapping[str, dict[str, Any]]):
    """The project's charts as a template sees them: ``charts.in_place(id, place)`` -> {svg,
    caption, alt, groups}, each drawn in the document's brand, language and text size, with ids
    of its own for each place it is printed (``charts[id]``: with the chart's own ids)."""

    project: Project
    brand: Brand
    lang: str
    scale: float = 1.0
    """Text size relative to the standard edition (a large-print edition draws larger labels)."""
    table_note: str = ""
    """What the short alternative text adds after the chart's title: that a table follows."""
    room: float | None = None
    """The tallest a chart may be, in points: a larger ``scale`` gives way until it fits the page
    with its lead-in line and caption (a chart is never split across pages)."""
    _drawn: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict, repr=False)

    def in_place(self, chart_id: str, place: str) -> dict[str, Any]:
        """The chart as drawn in one place of the document: its ids start with ``place``."""
        key = (chart_id, place)
        if key not in self._drawn:
            timeline = self.project.charts[chart_id]
            text = chart_text(timeline, self.lang)
            metrics = metrics_for(self.project, self.lang, text)
            if metrics is None:  # the font check has said why
                raise KeyError(chart_id)
            title = timeline.title[self.lang].strip().rstrip(".")
            alt = f"{title}. {self.table_note}".strip()
            families = families_for(self.project, self.lang, text)
            scale = self.scale
            while True:
                drawn: ChartSvg = draw_timeline(
                    timeline,
                    self.lang,
                    chart_style(self.brand, families[1:]),
                    metrics,
                    ids=place,
                    alt=alt,
                    scale=scale,
                )
                if self.room is None or drawn.height <= self.room or scale <= 1.0:
                    break
                scale = max(1.0, round(scale - CHART_SCALE_STEP, 2))
            self._drawn[key] = {
                "svg": Markup(drawn.svg),
                "caption": drawn.caption,
                "alt": drawn.alt,
                "groups": table_groups(timeline, self.lang),
            }
        return self._drawn[key]

    def __getitem__(self, chart_id: str) -> dict[str, Any]:
        return self.in_place(chart_id, chart_id)

    def __iter__(self) -> Iterator[str]:
        return iter(self.project.charts)

    def __len__(self) -> int:
        return len(self.project.charts)


def chart_text(timeline: Timeline, lang: str) -> str:
    """Every word a chart prints in ``lang`` (what its fonts must cover)."""
    texts = [timeline.title, timeline.caption, timeline.legend.longer]
    texts += [phase.label for phase in timeline.phases]
    texts += [text for group in timeline.groups for text in (group.label, group.legend)]
    texts += [text for effect in timeline.effects for text in (effect.name, effect.note)]
    return " ".join(text.get(lang, "") for text in texts)


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
        "checklist": section.meta.checklist,
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
    scale: float = 1.0,
    chart_room: float | None = None,
) -> dict[str, Any]:
    """What every handout-like document's template may use: brand, location, wording, sections,
    charts (their text ``scale`` times the standard edition's, at most ``chart_room`` points
    high), and the dates the PDF carries."""
    location = project.locations[location_id]
    brand = brand_for(project.brand, location)
    policy = project.policy.texts(location_id, lang) if project.policy is not None else {}
    strings = project.strings[lang].values
    return {
        "lang": lang,
        "lang_tag": strings["language_tag"],
        "strings": strings,
        "brand": brand,
        "tagline": brand.tagline[lang],
        "disclaimer": brand.disclaimer[lang],
        "location": location,
        "hours": location.hours_in(lang) or [],
        "title": title,
        "subject": subject,
        "document_id": document_id,
        "reviewed": review_date(project, lang, section_ids),
        "sections": [section_context(project.sections[lang][sid], policy) for sid in section_ids],
        "charts": Charts(project, brand, lang, scale, strings["chart_table_follows"], chart_room),
        "source_date": source_date,
    }
