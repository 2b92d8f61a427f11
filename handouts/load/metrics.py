"""What the shipped fonts can print and how wide their text is, read once from the font files.

The chart wraps its labels with these widths before drawing; the checks refuse any character the
brand's fonts lack (rendering sees only the project's fonts, so a missing letter would print as
an empty box).
"""

from __future__ import annotations

from pathlib import Path

from handouts.errors import Problem, error
from handouts.load.cmap import FontFileError, read_character_map
from handouts.model import FallbackFont, FontFace, FontMetrics, TextMetrics


def load_font_metrics(path: Path) -> tuple[FontMetrics, frozenset[int]]:
    """The advance widths of a TrueType/OpenType font file, and the characters it maps."""
    from fontTools.ttLib import TTFont  # imported here: list and --help do not need it

    with TTFont(path, lazy=True) as font:
        cmap = font.getBestCmap() or {}
        hmtx = font["hmtx"].metrics
        upm = int(font["head"].unitsPerEm)
        advances = {code: int(hmtx[name][0]) for code, name in cmap.items() if name in hmtx}
        hhea = font["hhea"]
        ascent, descent = hhea.ascent / upm, -hhea.descent / upm
    # A character the font lacks is refused by the checks; assume the widest common glyph.
    fallback = advances.get(ord("W"), upm)
    return FontMetrics(upm, advances, fallback, ascent, descent), frozenset(cmap)


def load_text_metrics(
    templates: Path, faces: list[FontFace], body: str
) -> tuple[TextMetrics | None, frozenset[int], list[Problem]]:
    """Widths of the body family's regular and bold faces (bold falls back to regular), and the
    characters every face of the brand's families can print. Each font file is read once."""
    loaded: dict[str, tuple[FontMetrics, frozenset[int]]] = {}
    for face in faces:
        if face.src in loaded:
            continue
        try:
            loaded[face.src] = load_font_metrics(templates / face.src)
        except Exception as exc:  # fontTools raises many kinds for a broken file
            return (
                None,
                frozenset(),
                [error(f"templates/{face.src}", f"cannot read the font ({exc})")],
            )
    if not loaded:
        return None, frozenset(), []  # an unknown family: the font check has already reported it
    characters = frozenset.intersection(*(cmap for _, cmap in loaded.values()))
    upright = {f.weight: f for f in faces if f.family == body and f.style == "normal"}
    regular = upright.get("normal")
    if regular is None:
        return None, characters, []
    bold = upright.get("bold", regular)
    return TextMetrics(loaded[regular.src][0], loaded[bold.src][0]), characters, []


def load_fallback_fonts(
    templates: Path, faces: list[FontFace], families: list[str]
) -> tuple[dict[str, FallbackFont], list[Problem]]:
    """The letters and widths of each fallback family's regular and bold faces (bold falls back
    to regular), read from the files' own tables (handouts.load.cmap: milliseconds, where
    decoding a Chinese font's map whole takes a tenth of a second)."""
    found: dict[str, FallbackFont] = {}
    for family in families:
        upright = {f.weight: f for f in faces if f.family == family and f.style == "normal"}
        regular = upright.get("normal")
        if regular is None:
            continue  # the font list's own check says why
        loaded: dict[str, FontMetrics] = {}
        for weight, face in (("normal", regular), ("bold", upright.get("bold", regular))):
            try:
                cmap = read_character_map(templates / face.src)
            except (OSError, FontFileError) as exc:
                return {}, [error(f"templates/{face.src}", f"cannot read the font ({exc})")]
            fallback = cmap.get(ord("W"), cmap.units_per_em)
            loaded[weight] = FontMetrics(
                cmap.units_per_em, cmap, fallback, cmap.ascent, cmap.descent
            )
        found[family] = FallbackFont(family, TextMetrics(loaded["normal"], loaded["bold"]))
    return found, []
