"""The brand sheet: one printable page showing the brand as the handouts use it.

Marketing prints it after changing content/brand.yaml: logo, every colour with the contrast
figures the build checks, font samples at the sizes the handouts print, and each location's
tagline and booking QR code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from handouts.colors import CHART_USE, ContrastCheck, accent_check, contrast_checks, format_ratio
from handouts.documents.base import (
    LaidOutOnce,
    Stylesheet,
    brand_stylesheet,
)
from handouts.model import Project

TEMPLATE = "brand-sheet.html"
# What each colour is for, in the words of the README's marketing section.
COLOR_USES = {
    "primary": "headings, header, links",
    "accent": "tagline, rules and lines",
    "text": "body text",
    "muted": "footer, captions",
    "background": "paper",
    "surface": "call-out boxes, contact card",
}
# The sizes the handouts print text at (templates/css/handout.css), smallest first.
BODY_SAMPLES = ((10, "footer and notes"), (12.5, "body text"))
HEADING_SAMPLES = ((13.5, "sub-heading"), (17, "section heading"), (24, "title"))


def _figure(check: ContrastCheck) -> dict[str, Any]:
    return {
        "on": check.background_key[-1],
        "on_color": check.background,
        "ratio": format_ratio(check.ratio),
        "needs": format_ratio(check.minimum),
        "passes": check.passes,
    }


def color_rows(project: Project) -> list[dict[str, Any]]:
    """One row per brand colour (then per chart colour) with its contrast figures."""
    colors = project.brand.colors
    checks = contrast_checks(colors)
    rows = []
    for name, use in COLOR_USES.items():
        rows.append(
            {
                "key": f"colors.{name}",
                "var": f"--color-{name}",
                "value": getattr(colors, name),
                "use": use,
                "figures": [_figure(c) for c in checks if c.key == ("colors", name)],
            }
        )
    for index, color in enumerate(colors.chart):
        (check,) = [c for c in checks if c.key == ("colors", "chart", index)]
        rows.append(
            {
                "key": check.label,
                "var": f"--color-chart-{index + 1}",
                "value": color,
                "use": CHART_USE,
                "figures": [_figure(check)],
            }
        )
    return rows


def location_cards(project: Project, lang: str) -> list[dict[str, Any]]:
    """Each location with what it sets of the brand (tagline, accent) and its booking address."""
    brand = project.brand
    cards = []
    for location in project.locations.values():
        override = location.brand
        accent = override.accent
        cards.append(
            {
                "location": location,
                "tagline": (override.tagline or brand.tagline)[lang],
                "own_tagline": override.tagline is not None,
                "accent": accent or brand.colors.accent,
                "own_accent": accent is not None,
                "accent_figure": _figure(accent_check(accent, brand.colors)) if accent else None,
            }
        )
    return cards


def brand_sheet_context(project: Project) -> dict[str, Any]:
    """Everything templates/brand-sheet.html shows."""
    lang = project.default_language
    brand = project.brand
    return {
        "lang": lang,
        "lang_tag": project.strings[lang].values["language_tag"],
        "brand": brand,
        "strings": project.strings[lang].values,
        "title": f"Brand sheet: {brand.name}",
        "tagline": brand.tagline[lang],
        "disclaimer": brand.disclaimer[lang],
        "logo_src": "../content/" + brand.logo,
        "logo_file": "content/" + brand.logo,
        "colors": color_rows(project),
        "body_samples": BODY_SAMPLES,
        "heading_samples": HEADING_SAMPLES,
        "faces": project.font_faces,
        "locations": location_cards(project, lang),
    }


@dataclass(frozen=True)
class BrandSheetDocument(LaidOutOnce):
    """output/brand-sheet.pdf: one page for the whole clinic, in the first language."""

    lang: str
    id: str = "brand-sheet"
    location: str = ""
    template: str = TEMPLATE
    variant: str = ""
    kind: str = "brand-sheet"

    @property
    def name(self) -> str:
        """How messages name it."""
        return TEMPLATE

    def output_path(self, project: Project) -> PurePosixPath:
        """brand-sheet.pdf, beside the locations' folders."""
        return PurePosixPath("brand-sheet.pdf")

    def identifier(self, project: Project) -> bytes | None:
        """None: the sheet is a proof for marketing, not a document to track."""
        return None

    def dated(self) -> bool:
        """Undated, as it always was."""
        return False

    def section_ids(self, project: Project) -> list[str]:
        """It prints no section."""
        return []

    def context(self, project: Project, source_date: str | None) -> dict[str, Any]:
        """Logo, colours with their figures, fonts, each location's card."""
        return brand_sheet_context(project)

    def stylesheets(self, project: Project) -> list[Stylesheet]:
        """The brand as brand.yaml sets it (no location's own accent)."""
        return [brand_stylesheet(project)]
