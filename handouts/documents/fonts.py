"""Which fonts a piece of text needs: the brand's body (or headings) family, then the fallback
families its language tries in order (brand.yaml ``fonts.fallback`` and ``fonts.languages``),
each only when it prints a letter the families before it cannot.

A document's stylesheet declares (and its PDF embeds a subset of) only the families its own
text needs: an English handout names Atkinson Hyperlegible alone, as before there were
fallbacks, while a Chinese one adds Noto Sans SC and a packet for Ольга adds Noto Sans. The
glyph rule and the patient-name check ask the same question of the same fonts.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from handouts.model import FontFace, Project, TextMetrics

LAYOUT = frozenset(ord(char) for char in "\n\r\t")
"""Line breaks and tabs are layout, never drawn."""


def codes(text: str) -> set[int]:
    """The characters of ``text`` that are drawn (entities read as the letters they name)."""
    return {ord(char) for char in html.unescape(text)} - LAYOUT


def families_for(project: Project, lang: str, text: str, first: str | None = None) -> list[str]:
    """``first`` (the body family by default), then each fallback family, in the order ``lang``
    tries them, that prints a letter of ``text`` the families before it cannot."""
    families = [first or project.brand.fonts.body]
    left = {code for code in codes(text) if code not in project.characters}
    for name in project.brand.fonts.stack(lang):
        font = project.fallback_fonts.get(name)
        if font is None or not left:
            continue
        printed = {code for code in left if font.prints(code)}
        if printed:
            families.append(name)
            left -= printed
    return families


def unprintable(project: Project, lang: str, text: str) -> str | None:
    """The first character of ``text`` that neither the body font nor any fallback family of
    ``lang`` can print, if any."""
    fallbacks = [
        project.fallback_fonts[name]
        for name in project.brand.fonts.stack(lang)
        if name in project.fallback_fonts
    ]
    for char in text:
        code = ord(char)
        if code in LAYOUT or code in project.characters:
            continue
        if not any(font.prints(code) for font in fallbacks):
            return char
    return None


def css_families(families: Iterable[str]) -> list[str]:
    """Family names as a stylesheet or SVG lists them, in order (quoting is the caller's)."""
    return list(dict.fromkeys(families))


def faces_of(project: Project, families: Iterable[str]) -> tuple[FontFace, ...]:
    """The font files of these families, in the registry's order (what @font-face declares)."""
    wanted = set(families)
    return tuple(face for face in project.font_faces if face.family in wanted)


def document_fonts(project: Project, lang: str, text: str) -> dict[str, object]:
    """What the brand stylesheet declares for a document whose pages print ``text``: the faces
    of the families it needs, and the body and headings lists (css/brand.css.jinja)."""
    fonts = project.brand.fonts
    body = families_for(project, lang, text, fonts.body)
    headings = families_for(project, lang, text, fonts.headings)
    return {
        "font_faces": faces_of(project, [fonts.body, fonts.headings, *body, *headings]),
        "body_families": body,
        "headings_families": headings,
    }


def metrics_for(project: Project, lang: str, text: str) -> TextMetrics | None:
    """The body font's metrics, with those of the fallback families ``text`` needs in ``lang``
    (what lays out a chart's labels or balances a title); None without the body font's."""
    metrics = project.text_metrics
    if metrics is None:
        return None
    fallbacks = tuple(
        project.fallback_fonts[name].metrics
        for name in families_for(project, lang, text)[1:]
        if name in project.fallback_fonts
    )
    return metrics.with_fallbacks(fallbacks) if fallbacks else metrics
