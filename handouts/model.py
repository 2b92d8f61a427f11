"""The data model: immutable records for everything a project holds, each knowing where it came from.

The loader (handouts.load) is the only code that reads content/ and makes these records; every
later stage reads them. A record's ``source`` names its file and the line of each of its fields,
so a rule can point at a line without reading the file again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    field_validator,
    model_validator,
)

from handouts.paths import ProjectPaths

Key = tuple[str | int, ...]
"""A path to a value in a data file: ('colors', 'chart', 2)."""

HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
PHONE = re.compile(r"^\(\d{3}\) \d{3}-\d{4}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG = re.compile(r"^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?$")
"""A BCP 47 language code: language, optional script, optional region (en, es-US, zh-Hans)."""


@dataclass(frozen=True)
class Source:
    """Where a record came from: its file as shown in messages, and the line of each key."""

    path: str
    lines: Mapping[Key, int] = field(default_factory=dict, compare=False, repr=False)
    line_offset: int = field(default=0, compare=False, repr=False)

    def line_of(self, key: Key = ()) -> int | None:
        """Line of ``key``, or of its nearest parent that has one (the file's first line for
        the file itself; None when nothing is known)."""
        for end in range(len(key), 0, -1):
            if key[:end] in self.lines:
                return self.lines[key[:end]] + self.line_offset
        return (1 + self.line_offset) if self.lines or self.line_offset else None


NO_SOURCE = Source("")


def _color_given(value: Any) -> Any:
    if value is None:
        # YAML reads `primary: #1d4e6f` (no quotes) as an empty value: '#' starts a comment.
        raise ValueError(
            'no colour given (write it in quotes, e.g. "#1f4e79": without quotes, # starts a comment)'
        )
    return value


def _color(value: str) -> str:
    if not HEX_COLOR.match(value):
        raise ValueError(f"'{value}' is not a colour (expected #rrggbb, e.g. #1f4e79)")
    return value.lower()


def _phone(value: str) -> str:
    if not PHONE.match(value):
        raise ValueError(f"'{value}' is not a phone number (expected e.g. (555) 010-0123)")
    return value


def _url(value: str) -> str:
    if not re.match(r"^https://[^\s/$.?#][^\s]*$", value):
        raise ValueError(f"'{value}' is not a web address (expected e.g. https://example.org/book)")
    return value


def _slug(value: str) -> str:
    if not SLUG.match(value):
        raise ValueError(
            f"'{value}' is not an id (expected lowercase words joined by -, e.g. side-effects)"
        )
    return value


def _unique(values: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    for value in values:
        if value in seen:
            raise ValueError(f"'{value}' is listed twice (list each one once)")
        seen.add(value)
    return values


def _plausible_date(value: dt.date) -> dt.date:
    if not 1900 <= value.year <= 2100:
        raise ValueError(
            f"{value.isoformat()} is not a plausible date (expected a year from 1900 to 2100)"
        )
    return value


def _template_name(value: str) -> str:
    path = Path(value)
    if path.is_absolute() or ".." in path.parts or path.suffix != ".html":
        raise ValueError(
            f"'{value}' is not a template name (expected an .html file inside templates/, "
            "e.g. handout.html)"
        )
    return value


def _language(value: str) -> str:
    if not LANG.match(value):
        raise ValueError(
            f"'{value}' is not a language code (expected e.g. en, es, pt-BR or zh-Hans)"
        )
    return value


Color = Annotated[str, BeforeValidator(_color_given), AfterValidator(_color)]
Phone = Annotated[str, AfterValidator(_phone)]
Url = Annotated[str, AfterValidator(_url)]
Slug = Annotated[str, AfterValidator(_slug)]
NonEmpty = Annotated[str, Field(min_length=1)]
TemplateName = Annotated[str, AfterValidator(_template_name)]
Language = Annotated[str, AfterValidator(_language)]
SectionIds = Annotated[list[Slug], AfterValidator(_unique)]
Date = Annotated[dt.date, AfterValidator(_plausible_date)]
Localized = dict[str, NonEmpty]
"""Text in several languages, keyed by language code (en, es, ...)."""


class Record(BaseModel):
    """Base for every record: immutable, and unknown keys are errors (typos must not pass)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)

    _source: Source = PrivateAttr(default=NO_SOURCE)

    @property
    def source(self) -> Source:
        """The file (and key lines) this record was read from."""
        return self._source

    def from_source(self, source: Source) -> Any:
        """This record, knowing it was read from ``source``."""
        self._source = source
        return self


class Variant(Record):
    """An edition built besides the standard one, e.g. large print (content/settings.yaml)."""

    body_size: float = Field(ge=9, le=36)
    """Body text in points; every other size (headings, header, footer, chart labels) follows."""


class ReadingLimits(Record):
    """Reading-level limits for a language the English grade formulas do not fit (Spanish,
    Chinese...): each measure set here is checked (handouts.checks.readability)."""

    fernandez_huerta: float | None = Field(default=None, ge=0, le=120)
    """Spanish: the lowest Fernández-Huerta reading ease (higher is easier; 60-70 reads at
    grades 7-8)."""
    szigriszt_pazos: float | None = Field(default=None, ge=0, le=120)
    """Spanish: the lowest Szigriszt-Pazos perspicuity (higher is easier; 55-65 is 'normal')."""
    characters_per_sentence: float | None = Field(default=None, gt=0, le=200)
    """Chinese: the most characters a sentence may have on average."""
    uncommon_characters: float | None = Field(default=None, ge=0, le=100)
    """Chinese: the largest share, in percent, of characters outside the 2,500 most common."""


class Settings(Record):
    """Project-wide settings (content/settings.yaml)."""

    languages: Annotated[list[Language], AfterValidator(_unique)] = Field(min_length=1)
    review_interval_months: int = Field(default=12, ge=1, le=60)
    max_reading_grade: float = Field(default=8.0, ge=1, le=20)
    jargon: dict[NonEmpty, list[NonEmpty]] = Field(default_factory=dict)
    """Words a reader may not know, each with the words that explain it: the first time a
    document uses one, the same or the next paragraph must hold one of them (an empty list: a
    word to avoid)."""
    variants: dict[Slug, Variant] = Field(default_factory=dict)
    """Editions of every document besides the standard one, by name (large-print)."""
    reading_limits: dict[Language, ReadingLimits] = Field(default_factory=dict)
    """Reading-level limits of the languages ``max_reading_grade`` (English) does not fit."""


class Colors(Record):
    """The brand's colours, as #rrggbb."""

    primary: Color
    accent: Color
    text: Color
    muted: Color
    background: Color
    surface: Color
    chart: list[Color] = Field(min_length=2)


class Fonts(Record):
    """Font families by role; each must be one of the fonts shipped in templates/fonts/."""

    body: NonEmpty
    headings: NonEmpty
    fallback: Annotated[list[NonEmpty], AfterValidator(_unique)] = Field(default_factory=list)
    """Families for the letters body and headings lack (Cyrillic, Chinese, Korean...), in the
    order they are tried; a document declares only those its text needs."""
    languages: dict[Language, Annotated[list[NonEmpty], AfterValidator(_unique)]] = Field(
        default_factory=dict
    )
    """Per language, fallback families tried before the others (zh-Hans: Noto Sans SC, so a
    Chinese character shared with Korean takes its Chinese form)."""

    def stack(self, lang: str) -> tuple[str, ...]:
        """The fallback families for text in ``lang``, in the order they are tried."""
        return tuple(dict.fromkeys([*self.languages.get(lang, []), *self.fallback]))

    def stack_all(self) -> tuple[str, ...]:
        """Every fallback family the brand names, for any language."""
        names = [*self.fallback, *(name for names in self.languages.values() for name in names)]
        return tuple(dict.fromkeys(names))


class Brand(Record):
    """The clinic's brand (content/brand.yaml)."""

    name: NonEmpty
    tagline: Localized
    website: Url
    colors: Colors
    fonts: Fonts
    logo: NonEmpty
    disclaimer: Localized


class BrandOverride(Record):
    """What a location may change of the brand: its own accent colour and tagline."""

    tagline: Localized | None = None
    accent: Color | None = None


class Location(Record):
    """One clinic location (content/locations/<id>.yaml)."""

    id: Slug
    name: NonEmpty
    address: list[NonEmpty] = Field(min_length=1, max_length=4)
    phone: Phone
    hours: list[NonEmpty] | dict[Language, list[NonEmpty]] = Field(min_length=1)
    """Opening hours, one line each: the same lines in every language, or lines per language."""
    booking_url: Url
    fasting_hours: int | None = Field(default=None, ge=1, le=24)
    duplex_printer: bool = False
    """The front desk's printer prints both sides: `handouts serve` then ticks "Print on both
    sides" for this location (each part on a right-hand page, each packet an even page count)."""
    placeholders: list[str] = Field(default_factory=list)
    brand: BrandOverride = Field(default_factory=BrandOverride)

    def hours_in(self, lang: str) -> list[str] | None:
        """The opening hours as printed in ``lang`` (None: not written in that language)."""
        return list(self.hours) if isinstance(self.hours, list) else self.hours.get(lang)


class Handout(Record):
    """A handout: title, template and ordered section ids (content/handouts/<id>.yaml)."""

    id: Slug
    title: Localized
    subject: Localized
    template: TemplateName = "handout.html"
    sections: SectionIds = Field(min_length=1)


class PacketPart(Record):
    """One part of a packet: a title and its sections, or the sections of a handout."""

    id: Slug
    title: Localized
    handout: Slug | None = None
    sections: SectionIds = Field(default_factory=list)

    @model_validator(mode="after")
    def _has_sections(self) -> PacketPart:
        if self.handout is None and not self.sections:
            raise ValueError(
                f"part '{self.id}' has no sections (expected 'sections: [id, ...]' "
                "or 'handout: side-effects')"
            )
        return self


class Packet(Record):
    """A packet: a cover page, then parts each starting on a new page (content/packets/<id>.yaml)."""

    id: Slug
    title: Localized
    subject: Localized
    template: TemplateName = "packet.html"
    cover: SectionIds = Field(default_factory=list)
    parts: list[PacketPart] = Field(min_length=1)

    @field_validator("parts")
    @classmethod
    def _unique_parts(cls, parts: list[PacketPart]) -> list[PacketPart]:
        seen: set[str] = set()
        for part in parts:
            if part.id in seen:
                raise ValueError(f"id '{part.id}' is used twice (each part needs its own id)")
            seen.add(part.id)
        return parts


# Sources, support and sign-off ------------------------------------------------------------------

SHA256 = re.compile(r"^[0-9a-f]{64}$")


def _sha256(value: str) -> str:
    if not SHA256.match(value):
        raise ValueError(f"'{value}' is not a sha256 (expected 64 lowercase hex digits)")
    return value


class Approval(Record):
    """A clinician's sign-off: who, in what role, on which day, and the hash of what they read
    (anything changed since no longer matches it, so the approval lapses)."""

    by: NonEmpty
    role: NonEmpty
    date: Date
    sha256: Annotated[str, AfterValidator(_sha256)]

    @model_validator(mode="before")
    @classmethod
    def _no_on(cls, data: Any) -> Any:
        if isinstance(data, dict) and True in data:
            # YAML 1.1 reads the key `on:` as true, so `on: 2026-12-01` would be a puzzling error.
            raise ValueError("write the day as 'date: YYYY-MM-DD' ('on:' reads as true in YAML)")
        return data


def _support_shorthand(value: Any) -> Any:
    # `key: "a quote"` and `key: ["a quote", "another"]` are short for `key: {quotes: [...]}`.
    if isinstance(value, str):
        return {"quotes": [value]}
    if isinstance(value, list):
        return {"quotes": value}
    return value


class SupportDetail(Record):
    """Why a statement may be printed: quotes from a source in content/sources/, a clinic policy
    item, a plain-language definition the clinician signs (gloss), or a note that it is not a
    medical statement at all."""

    quotes: list[NonEmpty] = Field(default_factory=list)
    policy: Slug | None = None
    gloss: NonEmpty | None = None
    not_medical: NonEmpty | None = None

    @model_validator(mode="after")
    def _says_something(self) -> SupportDetail:
        if not (self.quotes or self.policy or self.gloss or self.not_medical):
            raise ValueError(
                "gives no support (expected a quote, a list of quotes, or quotes:, policy:, "
                "gloss: or not_medical:)"
            )
        return self


Support = Annotated[SupportDetail, BeforeValidator(_support_shorthand)]
"""One support entry: a quote, a list of quotes, or a SupportDetail mapping."""


class Translation(Record):
    """How a translated section stands: a draft until a qualified medical translator reviews
    it, and the sha256 of the source-language file it was made from (another digest there now
    means the original changed since: the translation is stale)."""

    status: Literal["draft", "reviewed"]
    reviewed_by: NonEmpty | None = None
    reviewed_on: Date | None = None
    original: Annotated[str, AfterValidator(_sha256)] = Field(alias="source")
    """``source:`` in the file: the sha256 of the source-language section file's bytes it was
    translated from (named apart from every record's ``source``, the file it was read from)."""

    @model_validator(mode="after")
    def _reviewed_says_who(self) -> Translation:
        if self.status == "reviewed" and (self.reviewed_by is None or self.reviewed_on is None):
            raise ValueError(
                "status reviewed needs reviewed_by (the medical translator's name) and "
                "reviewed_on (YYYY-MM-DD)"
            )
        return self


class SectionMeta(Record):
    """The front matter of a Markdown section."""

    id: Slug
    title: NonEmpty
    reviewed: Date
    include: list[Slug] = Field(default_factory=list)
    chart: Slug | None = None
    """The chart a timeline-chart block in ``include`` draws (a file in content/charts/)."""
    checklist: bool = False
    """Its bullet lists print as checklists: a tick box before each item."""
    support: dict[Slug, Support] = Field(default_factory=dict)
    """What each ``[@key]`` marker in the body stands on (a translation cites its English
    section's support and may leave this out)."""
    approved: Approval | None = None
    translation: Translation | None = None
    """Set in a translated section (any language but the first): its status and its source."""


@dataclass(frozen=True)
class Statement:
    """A run of a section's text up to the support marker(s) closing it, or up to the end of its
    paragraph or list item when no marker follows (then it has no support)."""

    line: int
    """The line of the file where the statement starts."""
    text: str
    """As a reader sees it: Markdown and markers taken out."""
    keys: tuple[str, ...] = ()
    """The ``[@key]`` markers that close it."""
    policies: tuple[str, ...] = ()
    """The clinic policy items printed in it (``{policy:id}``), which support themselves."""


@dataclass(frozen=True)
class Block:
    """A paragraph, list item, table row or heading of a section, as a reader sees it."""

    line: int
    kind: Literal["heading", "paragraph", "item", "row"]
    text: str


@dataclass(frozen=True)
class Section:
    """A section ready for templates: its front matter, the checked HTML and its plain text."""

    meta: SectionMeta
    lang: str
    path: Path
    body_line: int
    html: str
    text: str
    digest: str = ""
    """sha256 of the file's bytes: what a cache key or a sign-off records."""
    body: str = field(default="", repr=False)
    """The Markdown after the front matter, as written (its first line is ``body_line``)."""
    statements: tuple[Statement, ...] = ()
    blocks: tuple[Block, ...] = ()
    markers: tuple[tuple[int, str], ...] = ()
    """Every ``[@key]`` of the body with its line (a key may close several statements)."""
    policies: tuple[tuple[int, str], ...] = ()
    """Every ``{policy:id}`` of the body with its line."""

    @property
    def id(self) -> str:
        """The section's stable id."""
        return self.meta.id

    @property
    def title(self) -> str:
        """The section's heading."""
        return self.meta.title

    @property
    def source(self) -> Source:
        """The section file, with the lines of its front matter keys."""
        return self.meta.source


@dataclass(frozen=True)
class Strings:
    """The wording templates print in one language (content/strings/<lang>.yaml)."""

    lang: str
    values: Mapping[str, str]
    source: Source = NO_SOURCE


# Chart data (content/charts/<id>.yaml) ---------------------------------------------------------

MAX_EFFECTS = 14
"""The most bars the chart lays out in the text column (tests cover 4, 8 and 14)."""
MAX_NAME = 80
"""The longest display name: three lines of the label column at the smallest label size."""

TimeValue = str | float


class Phase(Record):
    """One band of the time axis, e.g. 'During your session'."""

    id: Slug
    label: Localized
    hours: tuple[Annotated[float, Field(ge=0)], Annotated[float, Field(ge=0)]] | None = None
    width: float = Field(default=1.0, gt=0, le=10)


class Group(Record):
    """A group of effects drawn together under its label, e.g. 'Common side effects', in its
    own colour, which the legend explains in ``legend`` (e.g. 'Common: when it usually happens')."""

    id: Slug
    label: Localized
    legend: Localized


class Legend(Record):
    """The legend's words for marks shared by every group (each group names its own swatch)."""

    longer: Localized


class Effect(Record):
    """One side effect: its name, group, when it starts and ends, and a note."""

    name: dict[str, Annotated[str, Field(min_length=1, max_length=MAX_NAME)]]
    group: Slug
    starts: TimeValue
    ends: TimeValue
    can_last_longer: bool = False
    note: Localized
    support: dict[Literal["starts", "ends", "can_last_longer", "note"], Support] = Field(
        default_factory=dict
    )
    """The quotes each claim of the bar stands on: when it starts and ends, the striped end,
    and the note a screen reader hears."""


class Timeline(Record):
    """A timeline chart: phases on the time axis, groups, and the effects drawn as bars."""

    id: Slug
    title: Localized
    caption: Localized
    legend: Legend
    phases: list[Phase] = Field(min_length=1)
    groups: list[Group] = Field(min_length=1)
    effects: list[Effect] = Field(min_length=1)
    support: dict[Literal["caption"], Support] = Field(default_factory=dict)
    approved: Approval | None = None


# Sources and clinic policy ----------------------------------------------------------------------


class ReferenceMeta(Record):
    """What content/sources/<id>.yaml says about a source: its title, where it came from, its
    date, and the text file beside it that holds its words."""

    id: Slug
    title: NonEmpty
    origin: NonEmpty
    """A web address, or words saying where the text came from."""
    date: Date | None = None
    """When it was published or taken (None: not known yet, which check reports)."""
    text: NonEmpty
    """The file in content/sources/ holding its words, e.g. article.txt."""


@dataclass(frozen=True)
class Reference:
    """A source the clinic relies on: its description and its words, read once."""

    meta: ReferenceMeta
    text: str = field(repr=False)
    shown: str = ""
    """The text file as messages name it."""

    @property
    def id(self) -> str:
        """The source's id (its file name)."""
        return self.meta.id


class PolicyItem(Record):
    """One thing the clinic decides (not the article): what it is about, the words patients
    read, per language (and per location where a location differs), and who approved it."""

    about: NonEmpty
    text: Localized
    locations: dict[Slug, Localized] = Field(default_factory=dict)
    placeholder: bool = False
    """True while the words are a stand-in the clinic has not set."""
    approved: Approval | None = None

    def text_for(self, location: str, lang: str) -> str | None:
        """The words for ``location`` in ``lang``: the location's own, else the clinic's."""
        own = self.locations.get(location, {})
        return own.get(lang) or self.text.get(lang)


class ClinicPolicy(Record):
    """content/policy.yaml: every item of clinic policy the sections print."""

    items: dict[Slug, PolicyItem] = Field(default_factory=dict)

    def texts(self, location: str, lang: str) -> dict[str, str]:
        """Every item's words for one location and language."""
        texts = {key: item.text_for(location, lang) for key, item in self.items.items()}
        return {key: text for key, text in texts.items() if text is not None}


# Fonts -----------------------------------------------------------------------------------------

# Kerning and shaping can make a line a little wider or narrower than the sum of its advances;
# measure with a small margin so a label that "just fits" never touches its neighbour.
WIDTH_SAFETY = 1.03


@dataclass(frozen=True)
class FontFace:
    """One file of a family: weight, style and the path relative to templates/."""

    family: str
    weight: str
    style: str
    src: str


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths of one font face, in font units."""

    units_per_em: int
    advances: Mapping[int, int] = field(repr=False)
    fallback: int = 0
    ascent: float = 0.95
    """Height above the baseline, as a fraction of the font size."""
    descent: float = 0.3
    """Depth below the baseline, as a fraction of the font size."""

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` set at ``size`` points, in points."""
        units = sum(self.advances.get(ord(char), self.fallback) for char in text)
        return units * size / self.units_per_em * WIDTH_SAFETY


@dataclass(frozen=True)
class TextMetrics:
    """The regular and bold faces of the body font: what chart labels are set in; with
    ``fallbacks``, the fonts a letter the body font lacks is set in, tried in order."""

    regular: FontMetrics
    bold: FontMetrics
    fallbacks: tuple[TextMetrics, ...] = ()

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width of ``text`` at ``size`` points in the regular or bold face."""
        face = self.bold if bold else self.regular
        if not self.fallbacks or all(ord(char) in face.advances for char in text):
            return face.width(text, size)
        units = 0.0
        for char in text:
            code = ord(char)
            chosen = next(
                (
                    font.bold if bold else font.regular
                    for font in (self, *self.fallbacks)
                    if code in (font.bold if bold else font.regular).advances
                ),
                face,
            )
            advance = chosen.advances.get(code, chosen.fallback)
            units += advance * 1000 / chosen.units_per_em
        return units * size / 1000 * WIDTH_SAFETY

    def with_fallbacks(self, fallbacks: tuple[TextMetrics, ...]) -> TextMetrics:
        """These metrics, with letters they lack measured in ``fallbacks`` (tried in order)."""
        return TextMetrics(self.regular, self.bold, fallbacks)


@dataclass(frozen=True)
class FallbackFont:
    """A family that prints what the body font cannot (Noto Sans SC for Chinese...): the
    letters it maps in every face, and their widths."""

    family: str
    metrics: TextMetrics

    def prints(self, code: int) -> bool:
        """Whether both its regular and bold faces have the character ``code``."""
        return code in self.metrics.regular.advances and code in self.metrics.bold.advances


@dataclass(frozen=True)
class Logo:
    """The brand's logo file as read: its width-to-height ratio (1 when unknown)."""

    name: str
    """As written in brand.yaml, e.g. brand/logo.svg."""
    ratio: float = 1.0
    shown: str = ""
    """The file as messages name it, e.g. content/brand/logo.svg ('' when it cannot be read)."""
    references: tuple[tuple[str, int], ...] = ()
    """Every address an SVG logo names (href, url(), @import), with its line."""


# A patient's visit ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Visit:
    """A personalised packet's details. Health information: never log it or put it in a file name."""

    patient: str
    start: dt.datetime

    def __repr__(self) -> str:
        # Keeps the name out of tracebacks and debug output.
        return "Visit(<personal details hidden>)"


# The project -----------------------------------------------------------------------------------

Kind = Literal["handout", "packet"]


@dataclass(frozen=True)
class Project:
    """Everything a build needs, as loaded: records keyed by id, sections by language and id."""

    paths: ProjectPaths
    settings: Settings
    brand: Brand
    locations: Mapping[str, Location]
    handouts: Mapping[str, Handout]
    sections: Mapping[str, Mapping[str, Section]]
    strings: Mapping[str, Strings]
    font_faces: tuple[FontFace, ...] = ()
    charts: Mapping[str, Timeline] = field(default_factory=dict)
    text_metrics: TextMetrics | None = None
    packets: Mapping[str, Packet] = field(default_factory=dict)
    logo: Logo | None = None
    characters: frozenset[int] = frozenset()
    """Every character the brand's body font can print (its character map)."""
    references: Mapping[str, Reference] = field(default_factory=dict)
    """The sources in content/sources/, keyed by id."""
    policy: ClinicPolicy | None = None
    """content/policy.yaml (None when the project has none)."""
    fallback_fonts: Mapping[str, FallbackFont] = field(default_factory=dict)
    """The brand's fallback families (``fonts.fallback`` and ``fonts.languages``), by name."""

    @property
    def languages(self) -> list[str]:
        """Languages the project is written in; the first is the default."""
        return self.settings.languages

    @property
    def default_language(self) -> str:
        """The first language: its PDFs carry no language in their file names."""
        return self.settings.languages[0]

    def newest_review(self) -> dt.date | None:
        """The most recent section review date (the source date when nothing better is known)."""
        dates = [s.meta.reviewed for by_id in self.sections.values() for s in by_id.values()]
        return max(dates, default=None)


def brand_for(brand: Brand, location: Location) -> Brand:
    """The brand as a location sees it: its own accent and tagline where it sets them."""
    override = location.brand
    update: dict[str, Any] = {}
    if override.tagline is not None:
        update["tagline"] = override.tagline
    if override.accent is not None:
        update["colors"] = brand.colors.model_copy(update={"accent": override.accent})
    return brand.model_copy(update=update) if update else brand
