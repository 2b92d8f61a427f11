"""The logo's proportions, so every page header draws it at its own shape, never squashed.

The running header shows the logo as a CSS background (decoration, not a tagged image). A
background's size must be given, so the build reads the logo's width-to-height ratio here (an
SVG's viewBox or size, a PNG's pixels) and the generated brand stylesheet passes the box as
custom properties (--logo-width, --logo-height, --logo-top, --logo-space).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

HEADER_HEIGHT = 22.0  # points: the logo's height in the running header
MAX_RATIO = 4.0  # a wider logo is scaled down to fit 4 x 22 pt rather than crowd the name
GAP = 8.0  # points between the logo and the clinic name
SVG_LENGTH = re.compile(r"^\s*([\d.]+)\s*(px|pt|pc|mm|cm|in)?\s*$")


@dataclass(frozen=True)
class LogoBox:
    """Where the header draws the logo: its size in points, its offset from the top (a logo
    wider than MAX_RATIO is centred in the 22 pt line) and the room the name starts after."""

    width: float
    height: float
    top: float
    space: float


def _svg_ratio(path: Path) -> float | None:
    root = ET.parse(path).getroot()
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4:
        width, height = float(box[2]), float(box[3])
    else:
        sizes = [SVG_LENGTH.match(root.get(name) or "") for name in ("width", "height")]
        if not all(sizes):
            return None
        # Same unit on both sides in practice; a ratio needs no conversion then.
        width, height = (float(m.group(1)) for m in sizes if m)
    return width / height if width > 0 and height > 0 else None


def _png_ratio(path: Path) -> float | None:
    from PIL import Image

    try:
        with Image.open(path) as image:
            width, height = image.size
    except Image.DecompressionBombError:
        return None
    return width / height if width > 0 and height > 0 else None


def logo_ratio(content: Path, logo: str) -> float:
    """Width over height of the logo file ``logo`` inside ``content``; 1 (square) when it
    cannot be read: the brand check reports why, and nothing outside content/ is opened."""
    folder = content.resolve()
    path = (content / logo).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        return 1.0
    suffix = path.suffix.lower()
    readers = {".svg": _svg_ratio, ".png": _png_ratio}
    try:
        ratio = readers[suffix](path) if suffix in readers else None
    except (OSError, ValueError, SyntaxError, ET.ParseError):
        ratio = None
    return ratio or 1.0


def header_logo(ratio: float) -> LogoBox:
    """The header's logo box for a logo of this width-to-height ratio: 22 pt high at its own
    shape, or, when wider than MAX_RATIO, as wide as that allows and centred on the line."""
    width = HEADER_HEIGHT * min(ratio, MAX_RATIO)
    height = width / ratio
    top = (HEADER_HEIGHT - height) / 2
    return LogoBox(round(width, 2), round(height, 2), round(top, 2), round(width + GAP, 2))
