"""Which characters a font file maps, and how wide each is, read straight from its tables.

fontTools decodes a whole character map into a dictionary: about 80 ms for one of the Chinese
fonts' 30,000 characters, on every `check` and `build`. The fallback fonts (Cyrillic, Chinese,
Korean) are read here instead, as the ranges their map already holds (a few milliseconds), and a
width is looked up only for the characters a chart label uses. tests/test_languages.py proves
the answers are fontTools' own.
"""

from __future__ import annotations

import bisect
import struct
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

# Unicode subtables in the order they are preferred: full repertoire (format 12), then the
# Basic Multilingual Plane (format 4).
PREFERRED = ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3), (0, 2), (0, 1), (0, 0))


class FontFileError(ValueError):
    """A font file whose tables cannot be read."""


@dataclass(frozen=True)
class Segment:
    """Characters ``start``..``end`` mapped to glyphs: ``start_glyph`` + offset, or each its own
    glyph from ``glyphs`` (a format 4 segment with a glyph array); glyph 0 is 'not mapped'."""

    start: int
    end: int
    start_glyph: int = 0
    glyphs: tuple[int, ...] = ()

    def glyph(self, code: int) -> int:
        """The glyph of ``code`` (inside the segment)."""
        if self.glyphs:
            return self.glyphs[code - self.start]
        return (self.start_glyph + code - self.start) & 0xFFFF


@dataclass(frozen=True)
class CharacterMap(Mapping[int, int]):
    """A font's advance width of each character it maps, in font units (a Mapping, so it can
    stand in for fontTools' dictionary in handouts.model.FontMetrics)."""

    segments: tuple[Segment, ...]
    advances: tuple[int, ...]
    """Advance of each glyph (the last one repeats, as the hmtx table says)."""
    units_per_em: int
    ascent: float
    descent: float

    def _segment(self, code: int) -> Segment | None:
        index = bisect.bisect_left(self.segments, code, key=lambda s: s.end)
        if index < len(self.segments) and self.segments[index].start <= code:
            return self.segments[index]
        return None

    def glyph(self, code: int) -> int:
        """The glyph of ``code``, 0 when the font does not map it."""
        segment = self._segment(code)
        return 0 if segment is None else segment.glyph(code)

    def __getitem__(self, code: int) -> int:
        glyph = self.glyph(code)
        if glyph == 0:
            raise KeyError(code)
        return self.advances[min(glyph, len(self.advances) - 1)]

    def __contains__(self, code: object) -> bool:
        return isinstance(code, int) and self.glyph(code) != 0

    def __iter__(self) -> Iterator[int]:
        for segment in self.segments:
            for code in range(segment.start, segment.end + 1):
                if segment.glyph(code):
                    yield code

    def __len__(self) -> int:
        return sum(1 for _ in self)

    def ranges(self) -> list[tuple[int, int]]:
        """The characters it maps, as (first, last) ranges."""
        found: list[tuple[int, int]] = []
        for code in self:
            if found and found[-1][1] == code - 1:
                found[-1] = (found[-1][0], code)
            else:
                found.append((code, code))
        return found


def _tables(data: bytes) -> dict[bytes, tuple[int, int]]:
    if data[:4] not in (b"\x00\x01\x00\x00", b"true", b"OTTO"):
        raise FontFileError("not a TrueType or OpenType file")
    (count,) = struct.unpack_from(">H", data, 4)
    tables = {}
    for index in range(count):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", data, 12 + 16 * index)
        tables[tag] = (offset, length)
    return tables


def _format12(data: bytes, at: int) -> list[Segment]:
    (groups,) = struct.unpack_from(">I", data, at + 12)
    return [
        Segment(start, end, glyph)
        for start, end, glyph in struct.iter_unpack(">III", data[at + 16 : at + 16 + 12 * groups])
    ]


def _format4(data: bytes, at: int) -> list[Segment]:
    (count2,) = struct.unpack_from(">H", data, at + 6)
    count = count2 // 2
    ends = struct.unpack_from(f">{count}H", data, at + 14)
    starts = struct.unpack_from(f">{count}H", data, at + 16 + count2)
    deltas = struct.unpack_from(f">{count}h", data, at + 16 + 2 * count2)
    range_at = at + 16 + 3 * count2
    offsets = struct.unpack_from(f">{count}H", data, range_at)
    segments = []
    for index in range(count):
        start, end, delta, offset = starts[index], ends[index], deltas[index], offsets[index]
        if start == 0xFFFF:
            continue
        if offset == 0:
            segments.append(Segment(start, end, (start + delta) & 0xFFFF))
            continue
        glyphs = []
        for code in range(start, end + 1):
            where = range_at + 2 * index + offset + 2 * (code - start)
            (glyph,) = struct.unpack_from(">H", data, where)
            glyphs.append((glyph + delta) & 0xFFFF if glyph else 0)
        segments.append(Segment(start, end, 0, tuple(glyphs)))
    return segments


def read_character_map(path: Path) -> CharacterMap:
    """The characters a TrueType/OpenType file maps and their advance widths."""
    data = path.read_bytes()
    try:
        tables = _tables(data)
        cmap_at, _ = tables[b"cmap"]
        (count,) = struct.unpack_from(">H", data, cmap_at + 2)
        subtables: dict[tuple[int, int], int] = {}
        for index in range(count):
            platform, encoding, offset = struct.unpack_from(">HHI", data, cmap_at + 4 + 8 * index)
            subtables.setdefault((platform, encoding), cmap_at + offset)
        segments: list[Segment] | None = None
        for key in PREFERRED:
            if key in subtables:
                at = subtables[key]
                (kind,) = struct.unpack_from(">H", data, at)
                if kind == 12:
                    segments = _format12(data, at)
                    break
                if kind == 4:
                    segments = _format4(data, at)
                    break
        if segments is None:
            raise FontFileError("no Unicode character map")
        head_at, _ = tables[b"head"]
        (units,) = struct.unpack_from(">H", data, head_at + 18)
        hhea_at, _ = tables[b"hhea"]
        ascent, descent = struct.unpack_from(">hh", data, hhea_at + 4)
        (metrics,) = struct.unpack_from(">H", data, hhea_at + 34)
        hmtx_at, _ = tables[b"hmtx"]
        pairs = array("H", data[hmtx_at : hmtx_at + 4 * metrics])
        if pairs.itemsize == 2 and struct.pack("=H", 1) == b"\x01\x00":
            pairs.byteswap()  # the file is big-endian
    except (KeyError, struct.error) as exc:
        raise FontFileError(f"cannot read its tables ({exc})") from None
    segments.sort(key=lambda s: s.end)
    return CharacterMap(
        tuple(segments), tuple(pairs[0::2]), units, ascent / units, -descent / units
    )
