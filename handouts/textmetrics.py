"""How wide a line of text is in a shipped font, so the chart can wrap labels before drawing."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from handouts.errors import Problem, error
from handouts.fonts import FontFace

# Kerning and shaping can make a line a little wider or narrower than the sum of its advances;
# measure with a small margin so a label that "just fits" never touches its neighbour.
SAFETY = 1.03


@dataclass(frozen=True)
class FontMetrics:
    """Advance widths of one font face, in font units."""

    units_per_em: int
    advances: dict[int, int] = field(repr=False)
    fallback: int = 0
    ascent: float = 0.95
    """Height above the baseline, as a fraction of the font size."""
    descent: float = 0.3
    """Depth below the baseline, as a fraction of the font size."""

    def width(self, text: str, size: float) -> float:
        """Width of ``text`` set at ``size`` points, in points."""
        units = sum(self.advances.get(ord(char), self.fallback) for char in text)
        return units * size / self.units_per_em * SAFETY


@dataclass(frozen=True)
class TextMetrics:
    """The regular and bold faces of the body font: what chart labels are set in."""

    regular: FontMetrics
    bold: FontMetrics

    def width(self, text: str, size: float, bold: bool = False) -> float:
        """Width of ``text`` at ``size`` points in the regular or bold face."""
        return (self.bold if bold else self.regular).width(text, size)


def load_font_metrics(path: Path) -> FontMetrics:
    """Read the advance widths of a TrueType/OpenType font file."""
    from fontTools.ttLib import TTFont  # imported here: only chart drawing needs it

    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap() or {}
        hmtx = font["hmtx"].metrics
        upm = int(font["head"].unitsPerEm)
        advances = {code: int(hmtx[name][0]) for code, name in cmap.items() if name in hmtx}
        hhea = font["hhea"]
        ascent, descent = hhea.ascent / upm, -hhea.descent / upm
    # A character the font lacks is drawn from a fallback font; assume the widest common glyph.
    fallback = advances.get(ord("W"), upm)
    return FontMetrics(upm, advances, fallback, ascent, descent)


def load_text_metrics(
    templates: Path, faces: list[FontFace], family: str
) -> tuple[TextMetrics | None, list[Problem]]:
    """Widths of a family's regular and bold faces (bold falls back to regular)."""
    upright = {f.weight: f for f in faces if f.family == family and f.style == "normal"}
    regular = upright.get("normal")
    if regular is None:  # an unknown family: the font check has already reported it
        return None, []
    loaded: dict[str, FontMetrics] = {}
    for weight, face in (("normal", regular), ("bold", upright.get("bold", regular))):
        try:
            loaded[weight] = load_font_metrics(templates / face.src)
        except Exception as exc:  # fontTools raises many kinds for a broken file
            return None, [error(f"templates/{face.src}", f"cannot read the font ({exc})")]
    return TextMetrics(loaded["normal"], loaded["bold"]), []
