"""Colours: WCAG 2.x contrast of two #rrggbb colours, and mixing them.

The formula is the one WCAG 2.2 defines (its "relative luminance" and "contrast ratio" terms); it is
a few lines and fixed by the standard, so it lives here rather than in a dependency. WCAG 2.0
printed 0.03928 as the sRGB threshold and 2.2 corrects it to 0.04045: no 8-bit channel value lies
between the two, so the results are the same.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from handouts.model import Colors, Key

# The chart's shaded phase bands: the brand's surface colour, mixed with the primary colour just
# enough to keep this WCAG contrast with the paper, so the bands survive a black-and-white print
# (the surface alone, #edf4f7, is 1.12:1: nearly white in greyscale) yet stay a light brand tint.
BAND_CONTRAST = 1.25


def channels(color: str) -> tuple[int, int, int]:
    """The red, green and blue values (0-255) of a #rrggbb colour."""
    value = color.removeprefix("#")
    if len(value) != 6:
        raise ValueError(f"'{color}' is not a #rrggbb colour")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    """WCAG relative luminance: 0 for black, 1 for white."""
    r, g, b = (_linear(c) for c in channels(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio of two colours, from 1 (same) to 21 (black on white)."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def format_ratio(ratio: float) -> str:
    """A ratio as people read it, always with one decimal ('4.5:1', '3.0:1', '21.0:1'), rounded
    down so a failing ratio never shows as enough."""
    shown = math.floor(ratio * 10 + 1e-9) / 10
    return f"{shown:.1f}:1"


def is_darker(color: str, other: str) -> bool:
    """Whether ``color`` is darker than ``other``."""
    return relative_luminance(color) < relative_luminance(other)


def mix(color: str, other: str, share: float) -> str:
    """``color`` with ``share`` (0 to 1) of ``other`` mixed in, as #rrggbb."""
    pairs = zip(channels(color), channels(other), strict=True)
    return "#" + "".join(f"{round(a + (b - a) * share):02x}" for a, b in pairs)


def band_shade(surface: str, background: str, toward: str) -> str:
    """The surface colour, mixed with ``toward`` in 1 % steps until it is BAND_CONTRAST from
    the background (unchanged when it already is)."""
    for step in range(101):
        shade = mix(surface, toward, step / 100)
        if contrast_ratio(shade, background) >= BAND_CONTRAST:
            return shade
    return toward


# The colour pairs the templates draw, and the contrast each needs ------------------------------

LARGE_TEXT = 3.0
BODY_TEXT = 4.5


@dataclass(frozen=True)
class ContrastRule:
    """A colour pair the templates draw, and the WCAG 2.x minimum it needs."""

    foreground: str
    background: str
    minimum: float
    use: str


# What the templates actually draw. A colour used for normal-size text (under 18 pt, or under 14 pt
# bold) needs 4.5:1; large text and graphics (rules, chart marks) need 3:1. When a template starts
# drawing a new pair, add it here: the build, the brand sheet and the README table follow.
RULES: tuple[ContrastRule, ...] = (
    ContrastRule("text", "background", BODY_TEXT, "body text"),
    ContrastRule("text", "surface", BODY_TEXT, "text in call-out boxes and the contact card"),
    ContrastRule("muted", "background", BODY_TEXT, "footer, captions and small notes"),
    ContrastRule("primary", "background", BODY_TEXT, "headings, header, sub-headings and links"),
    ContrastRule("primary", "surface", BODY_TEXT, "contact card title and links"),
    ContrastRule("accent", "background", LARGE_TEXT, "tagline (14 pt bold) and rules"),
)
CHART_USE = "chart marks"


@dataclass(frozen=True)
class ContrastCheck:
    """One colour pair of a brand with its measured contrast."""

    key: Key
    foreground: str
    background_key: Key
    background: str
    minimum: float
    use: str

    @property
    def ratio(self) -> float:
        """WCAG contrast ratio of the pair."""
        return contrast_ratio(self.foreground, self.background)

    @property
    def passes(self) -> bool:
        """Whether the pair meets its minimum (WCAG does not round: 4.49 fails 4.5)."""
        return self.ratio >= self.minimum

    @property
    def label(self) -> str:
        """The key as marketing reads it, e.g. colors.text or colors.chart #3."""
        return key_label(self.key)

    @property
    def message(self) -> str:
        """The one-line finding when the pair fails."""
        return (
            f"{self.label} {self.foreground} on {key_label(self.background_key)} "
            f"{self.background} has contrast {format_ratio(self.ratio)}, "
            f"needs {format_ratio(self.minimum)}"
        )


def key_label(key: Key) -> str:
    """('colors', 'chart', 2) -> 'colors.chart #3' (list items counted from 1, as people do)."""
    text = ""
    for part in key:
        text += f" #{part + 1}" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def contrast_checks(colors: Colors) -> list[ContrastCheck]:
    """Every colour pair the templates and the chart draw, measured."""
    checks = [
        ContrastCheck(
            ("colors", rule.foreground),
            getattr(colors, rule.foreground),
            ("colors", rule.background),
            getattr(colors, rule.background),
            rule.minimum,
            rule.use,
        )
        for rule in RULES
    ]
    checks += [
        ContrastCheck(
            ("colors", "chart", index),
            color,
            ("colors", "background"),
            colors.background,
            LARGE_TEXT,
            CHART_USE,
        )
        for index, color in enumerate(colors.chart)
    ]
    return checks


def accent_check(accent: str, colors: Colors) -> ContrastCheck:
    """A location's own accent colour against the brand background."""
    rule = next(r for r in RULES if r.foreground == "accent")
    return ContrastCheck(
        ("brand", "accent"),
        accent,
        ("colors", "background"),
        colors.background,
        rule.minimum,
        rule.use,
    )
