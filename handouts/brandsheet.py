"""The brand sheet: one printable page showing the brand as the handouts use it.

Marketing prints it after changing content/brand.yaml: logo, every colour with the contrast
figures the build checks, font samples at the sizes the handouts print, and each location's
tagline and booking QR code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.brandcheck import CHART_USE, ContrastCheck, accent_check, contrast_checks
from handouts.contrast import format_ratio
from handouts.loader import Project, load_checked
from handouts.logo import header_logo, logo_ratio
from handouts.output import write_atomic
from handouts.project import ProjectPaths
from handouts.templating import make_environment, render_template

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


@dataclass(frozen=True)
class BrandSheet:
    """The written brand sheet."""

    path: Path
    pages: int
    size: int


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
    lang = project.languages[0]
    brand = project.brand
    return {
        "lang": lang,
        "brand": brand,
        "strings": project.strings[lang],
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


def render_brand_sheet(project: Project) -> tuple[str, str]:
    """HTML and generated CSS of the brand sheet."""
    env = make_environment(project.paths.templates)
    html = render_template(env, TEMPLATE, brand_sheet_context(project))
    css = render_template(
        env,
        "css/brand.css.jinja",
        {
            "brand": project.brand,
            "font_faces": project.font_faces,
            "logo": "../content/" + project.brand.logo,
            "logo_box": header_logo(logo_ratio(project.paths.content, project.brand.logo)),
        },
    )
    return html, css


def build_brand_sheet(paths: ProjectPaths, target: Path) -> BrandSheet:
    """Validate the project like a build does, then write the brand sheet PDF to ``target``."""
    from handouts.render import PdfRenderer

    project, _ = load_checked(paths)
    html, css = render_brand_sheet(project)
    renderer = PdfRenderer((paths.templates, paths.content))
    pdf = renderer.render(html, paths.templates, css, TEMPLATE)
    write_atomic(target, pdf.data)
    return BrandSheet(target, pdf.pages, len(pdf.data))
