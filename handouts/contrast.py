"""WCAG 2.x colour contrast: relative luminance and contrast ratio of two #rrggbb colours.

The formula is the one WCAG 2.2 defines (its "relative luminance" and "contrast ratio" terms); it is
a few lines and fixed by the standard, so it lives here rather than in a dependency. WCAG 2.0
printed 0.03928 as the sRGB threshold and 2.2 corrects it to 0.04045: no 8-bit channel value lies
between the two, so the results are the same.
"""

from __future__ import annotations

import math


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
