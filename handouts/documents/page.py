"""The printed page of handouts and packets: its edition (standard or a variant such as large
print), its running header and footer, and a title set in balanced lines.

The header and footer are plain strings in the page's margin boxes, with the logo as the
margin box's background: nothing is laid out again on every page but a few words, and the
strings reach the stylesheet only through ``css_string``. Every size in the print stylesheets is
relative to the root font size, so an edition is one number: its body size.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from handouts.chart.layout import is_wide, wrap
from handouts.documents.base import HEADER_LOGO_HEIGHT, Stylesheet, header_logo
from handouts.documents.fonts import families_for, metrics_for
from handouts.documents.visit import format_date
from handouts.documents.wording import fill_in, pattern_parts
from handouts.model import Location, Project, TextMetrics, brand_for

STANDARD_BODY_SIZE = 12.5
"""Body text of the standard edition, in points (templates/css/handout.css sizes follow it)."""
TITLE_SIZE = 1.92
"""The title (h1) in rem: 24 pt in the standard edition."""
TEXT_WIDTH = 484.8
"""The width titles and charts are set in, in points: Letter less 0.8 in page margins and the
body's 6 pt margin on each side (handouts.chart.layout.COLUMN_WIDTH)."""
PAGE_HEIGHT = 792.0
"""US Letter, in points (the page size handout.css sets)."""
MARGIN_TOP, MARGIN_BOTTOM, PADDING = 5.2, 5.8, 0.6
"""The page's margins (header, footer) and the padding between them and the text, in rem: they
grow with an edition's text (written into css/page.css.jinja from here)."""
CHART_SHARE = 0.78
"""The share of a page's text area a chart may take: the rest holds its lead-in line and its
caption, which stay on its page."""
TITLE_SAFETY = 0.96
"""A balanced title line may use this share of the width at most: the headings font may be
wider than the body font the widths are measured in."""


def variant_suffix(variant: str) -> str:
    """'' for the standard edition, '.<variant>' for another (output file names)."""
    return f".{variant}" if variant else ""


def body_size(project: Project, variant: str) -> float:
    """The body text size of an edition, in points."""
    if not variant:
        return STANDARD_BODY_SIZE
    return project.settings.variants[variant].body_size


def text_scale(project: Project, variant: str) -> float:
    """How much larger an edition's text is than the standard edition's (chart labels follow)."""
    return body_size(project, variant) / STANDARD_BODY_SIZE


def chart_room(project: Project, variant: str) -> float:
    """The tallest a chart may be in an edition, in points."""
    size = body_size(project, variant)
    area = PAGE_HEIGHT - (MARGIN_TOP + MARGIN_BOTTOM + 2 * PADDING) * size
    return round(area * CHART_SHARE, 1)


def reviewed_words(project: Project, lang: str, reviewed: dt.date) -> str:
    """'Reviewed November 2026': the review date in words (``reviewed_on`` and ``month_format``
    in content/strings/<lang>.yaml), never an ISO date a patient would have to decode."""
    strings = project.strings[lang].values
    month = format_date(reviewed, strings["month_format"], lang)
    return fill_in(strings["reviewed_on"], {"date": month})


@dataclass(frozen=True)
class ScaledLogo:
    """The header logo's box at an edition's size, in points."""

    width: float
    height: float
    space: float


def scaled_logo(project: Project, scale: float) -> ScaledLogo:
    """The header logo at its own shape, as large as the edition's text needs."""
    box = header_logo(project.logo.ratio if project.logo is not None else 1.0)
    return ScaledLogo(
        round(box.width * scale, 2), round(box.height * scale, 2), round(box.space * scale, 2)
    )


FOOTER_SIZE = 0.88
"""The footer's text in rem (css/page.css.jinja)."""
FOOTER_GAP = 1.2
"""Room between the footer's three boxes, in rem (their padding in templates/css/handout.css)."""


def footer_address(project: Project, location: Location, lang: str, size: float) -> str:
    """The location's address as the footer prints it between the phone number and the page
    number: on one line when it fits there, else one line per line of the address (large
    print), so it never breaks at an odd place ("Downtown, / NY")."""
    joined = ", ".join(location.address)
    metrics = project.text_metrics
    if metrics is None or len(location.address) == 1:
        return joined
    strings = project.strings[lang].values
    text = FOOTER_SIZE * size
    page = fill_in(strings["page_number"], {"page": 88, "pages": 88})
    sides = metrics.width(location.phone, text, bold=True) + metrics.width(page, text, bold=True)
    room = TEXT_WIDTH - sides - FOOTER_GAP * size
    return joined if metrics.width(joined, text) <= room else "\n".join(location.address)


def page_stylesheet(
    project: Project, location: Location, lang: str, reviewed: dt.date, variant: str
) -> Stylesheet:
    """The generated page stylesheet (css/page.css.jinja): the edition's text size, and the
    running header and footer as strings in the location's brand."""
    scale = text_scale(project, variant)
    strings = project.strings[lang].values
    brand = brand_for(project.brand, location)
    address = footer_address(project, location, lang, body_size(project, variant))
    words = reviewed_words(project, lang, reviewed)
    footer = " ".join((location.phone, address, words, strings["page_number"]))
    return Stylesheet(
        "css/page.css.jinja",
        {
            "header_families": families_for(
                project, lang, f"{brand.name} {location.name}", brand.fonts.headings
            ),
            "footer_families": families_for(project, lang, footer),
            "page_number": pattern_parts(strings["page_number"], ("page", "pages")),
            "body_size": body_size(project, variant),
            "margins": (MARGIN_TOP, MARGIN_BOTTOM, PADDING),
            "brand": brand_for(project.brand, location),
            "location": location,
            "address": address,
            "reviewed": words,
            "strings": project.strings[lang].values,
            "logo": "../content/" + project.brand.logo,
            "logo_box": scaled_logo(project, scale),
            "logo_line": round(HEADER_LOGO_HEIGHT * scale, 2),
        },
    )


def balanced_width(
    title: str, metrics: TextMetrics | None, size: float, width: float = TEXT_WIDTH
) -> float | None:
    """The width, in em of the title's own size, that sets a title needing more than one line in
    lines of about equal length ('Side effects of ketamine / treatment: what to expect' rather
    than a lone 'to expect'); None for a title that fits on one line."""
    if metrics is None:
        return None
    limit = width * TITLE_SAFETY
    whole = metrics.width(title, size, bold=True)
    if whole <= limit:
        return None
    if any(is_wide(char) for char in title):
        # Chinese (any text written without spaces): even lines, broken where its rules allow.
        lines = wrap(title, limit, size, metrics, bold=True)
        longest = max(metrics.width(line, size, bold=True) for line in lines)
        return round((longest + size * 0.5) / size, 2) if len(lines) > 1 else None
    words = title.split()
    for count in range(math.ceil(whole / limit), len(words) + 1):
        lines = _greedy(words, whole / count, metrics, size)
        longest = max(metrics.width(line, size, bold=True) for line in lines)
        if len(lines) == count and longest <= limit:
            # A little room over the longest line, so the renderer breaks where we did.
            return round((longest + size * 0.5) / size, 2)
    return None


def _greedy(words: list[str], target: float, metrics: TextMetrics, size: float) -> list[str]:
    """Lines filled up to about ``target`` wide: a word goes on the line while the line stays
    closer to the target with it than without it."""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}" if current else word
        wide = metrics.width(candidate, size, bold=True)
        if current and wide > target:
            before = metrics.width(current, size, bold=True)
            if wide - target > target - before:
                lines.append(current)
                current = word
                continue
        current = candidate
    if current:
        lines.append(current)
    return lines


def edition_context(project: Project, title: str, variant: str, lang: str) -> dict[str, Any]:
    """What templates need to know of the edition: its name, and the title's balanced width."""
    size = TITLE_SIZE * body_size(project, variant)
    return {
        "variant": variant,
        "title_width": balanced_width(title, metrics_for(project, lang, title), size),
    }
