"""The data model: immutable, validated records for brand, locations, handouts and sections."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

HEX_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
PHONE = re.compile(r"^\(\d{3}\) \d{3}-\d{4}$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANG = re.compile(r"^[a-z]{2}(?:-[A-Z]{2})?$")


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
    twice = [v for i, v in enumerate(values) if v in values[:i]]
    if twice:
        raise ValueError(f"'{twice[0]}' is listed twice (list each one once)")
    return values


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
        raise ValueError(f"'{value}' is not a language code (expected e.g. en, es or pt-BR)")
    return value


Color = Annotated[str, BeforeValidator(_color_given), AfterValidator(_color)]
Phone = Annotated[str, AfterValidator(_phone)]
Url = Annotated[str, AfterValidator(_url)]
Slug = Annotated[str, AfterValidator(_slug)]
NonEmpty = Annotated[str, Field(min_length=1)]
TemplateName = Annotated[str, AfterValidator(_template_name)]
Language = Annotated[str, AfterValidator(_language)]
SectionIds = Annotated[list[Slug], AfterValidator(_unique)]
Localized = dict[str, NonEmpty]
"""Text in several languages, keyed by language code (en, es, ...)."""


class Record(BaseModel):
    """Base for every record: immutable, and unknown keys are errors (typos must not pass)."""

    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Settings(Record):
    """Project-wide settings (content/settings.yaml)."""

    languages: Annotated[list[Language], AfterValidator(_unique)] = Field(min_length=1)
    review_interval_months: int = Field(default=12, ge=1, le=60)
    max_reading_grade: float = Field(default=8.0, ge=1, le=20)


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
    hours: list[NonEmpty] = Field(min_length=1)
    booking_url: Url
    fasting_hours: int | None = Field(default=None, ge=1, le=24)
    placeholders: list[str] = Field(default_factory=list)
    brand: BrandOverride = Field(default_factory=BrandOverride)


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
        ids = [part.id for part in parts]
        twice = sorted({i for i in ids if ids.count(i) > 1})
        if twice:
            raise ValueError(f"id '{twice[0]}' is used twice (each part needs its own id)")
        return parts


class SectionMeta(Record):
    """The front matter of a Markdown section."""

    id: Slug
    title: NonEmpty
    reviewed: dt.date
    include: list[Slug] = Field(default_factory=list)


class Section(BaseModel):
    """A section ready for templates: its front matter plus the rendered HTML."""

    model_config = ConfigDict(frozen=True)

    meta: SectionMeta
    lang: str
    path: Path
    body_line: int
    html: str
    text: str

    @property
    def id(self) -> str:
        """The section's stable id."""
        return self.meta.id

    @property
    def title(self) -> str:
        """The section's heading."""
        return self.meta.title
