"""Lay out a timeline chart in points: pure, from chart data and font widths.

Boxes first (testable on their own: nothing overlaps, everything inside the frame), then
handouts.chart.svg writes them. Labels wrap with the shipped font's widths, so the chart never
relies on the renderer to fit text.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from handouts.chart.axis import Axis, effect_span, make_axis
from handouts.model import TextMetrics, Timeline

COLUMN_WIDTH = 484.8
"""The handout's text column in points, where the chart is drawn at 1:1: Letter (612 pt) less
0.8 in page margins and the body's default 8 px (6 pt) margin on each side."""

# Sizes in points in the standard edition (an edition with larger text scales every one of
# them, see layout_timeline). Labels never go below MIN_SIZE at the printed width: 11 pt, as
# the running footer; 10 pt was too small for many of the clinic's older patients.
MIN_SIZE = 11.0
NAME_SIZES = (12.0, 11.5, MIN_SIZE)
NAME_LINES = 2  # at most this many lines before a name is set smaller
PHASE_SIZE = 11.0
GROUP_SIZE = 12.0
LEGEND_SIZE = 11.0
TITLE_SIZE = 14.0  # the standalone chart's visible title
MARGIN = 18.0  # paper around the standalone chart (a quarter inch)
TITLE_GAP = 10.0  # between the standalone chart's title and the chart
LINE_HEIGHT = 1.2
LABEL_SHARE = 0.3  # share of the width for effect names
GAP = 8.0
BAR_HEIGHT = 12.0
ROW_PAD = 3.0
ROW_MIN = 18.0
GROUP_ROW = 20.0
TAIL = 34.0  # how far the striped "can last longer" end reaches
SWATCH = (18.0, 10.0)
STRIPE = 4.0  # period of the stripes, and their dark share below
STRIPE_DARK = 0.65  # balances the striped end's average grey between bar and paper

Anchor = Literal["start", "middle"]
Kind = Literal["phase", "group", "name", "legend", "title"]


@dataclass(frozen=True)
class Box:
    """A rectangle in points, y growing downwards."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        """Horizontal size."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """Vertical size."""
        return self.y1 - self.y0

    def overlaps(self, other: Box) -> bool:
        """Whether the two rectangles share any area."""
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, other: Box) -> bool:
        """Whether this rectangle lies within ``other``."""
        return (
            self.x0 >= other.x0
            and self.y0 >= other.y0
            and self.x1 <= other.x1
            and self.y1 <= other.y1
        )


@dataclass(frozen=True)
class Text:
    """A block of text lines: where it goes and the box its ink can fill."""

    kind: Kind
    lines: tuple[str, ...]
    x: float
    baseline: float
    size: float
    bold: bool
    anchor: Anchor
    box: Box

    @property
    def line_height(self) -> float:
        """Distance between baselines."""
        return self.size * LINE_HEIGHT


@dataclass(frozen=True)
class Bar:
    """One effect: its bar, the striped end where it can last longer, and its group colour."""

    name: str
    note: str
    box: Box
    tail: Box | None
    color: int


@dataclass(frozen=True)
class Swatch:
    """A legend sample: a solid box in a group's colour, or the striped end."""

    box: Box
    striped: bool
    color: int


@dataclass(frozen=True)
class Layout:
    """Everything the chart draws, in points."""

    width: float
    height: float
    plot: Box
    bands: tuple[Box, ...]
    rules: tuple[float, ...]
    texts: tuple[Text, ...]
    bars: tuple[Bar, ...]
    swatches: tuple[Swatch, ...]

    @property
    def frame(self) -> Box:
        """The whole drawing."""
        return Box(0, 0, self.width, self.height)


@dataclass(frozen=True)
class Frame:
    """What the standalone chart (website, slides) adds around the chart: a margin of paper
    and the chart's title above it. The handout has its own heading and caption instead."""

    width: float
    height: float
    title: Text
    chart_x: float
    chart_y: float
    """Where the chart's own origin lies in the frame."""


NO_LINE_START = frozenset("，。、；：？！）」』》〉”’…%)]},.;:?!")
"""Closing punctuation: never the first character of a line (Chinese line-breaking rules, and
Unicode's, which Pango follows on the page)."""
NO_LINE_END = frozenset("（「『《〈“‘([{")
"""Opening brackets and quotes: never the last character of a line."""


def is_wide(char: str) -> bool:
    """Whether ``char`` is a wide (East Asian) character: Chinese, Japanese, Korean and their
    full-width punctuation, written without spaces between words."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def line_units(text: str) -> list[tuple[str, bool]]:
    """``text`` as the pieces a line may break between, each with whether a space comes before
    it: words of spaced scripts whole, wide characters one by one, punctuation kept with the
    character it belongs to (never starting or ending a line on its own)."""
    units: list[tuple[str, bool]] = []
    for index, word in enumerate(text.split()):
        pieces: list[str] = []
        for char in word:
            joins = pieces and (
                char in NO_LINE_START
                or pieces[-1][-1] in NO_LINE_END
                or not (is_wide(char) or is_wide(pieces[-1][-1]))
            )
            if joins:
                pieces[-1] += char
            else:
                pieces.append(char)
        units += [(piece, index > 0 and i == 0) for i, piece in enumerate(pieces)]
    return units


def wrap(
    text: str, width: float, size: float, metrics: TextMetrics, bold: bool = False
) -> list[str]:
    """Break ``text`` into lines no wider than ``width``; a word too long for a line is split.
    Text with wide (Chinese, Korean...) characters may break between any two of them."""
    if any(is_wide(char) for char in text):
        units = line_units(text)
        full = _wrap_units(units, width, size, metrics, bold)
        return _balanced(units, width, len(full), size, metrics, bold) if len(full) > 1 else full
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if metrics.width(candidate, size, bold) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = ""
        while metrics.width(word, size, bold) > width:
            cut = max(1, _fitting_prefix(word, width, size, metrics, bold))
            lines.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        lines.append(current)
    return lines or [""]


def _wrap_units(
    units: list[tuple[str, bool]], width: float, size: float, metrics: TextMetrics, bold: bool
) -> list[str]:
    lines: list[str] = []
    current = ""
    for unit, spaced in units:
        candidate = f"{current}{' ' if spaced else ''}{unit}" if current else unit
        if metrics.width(candidate, size, bold) <= width or not current:
            current = candidate
            continue
        lines.append(current)
        current = unit
    if current:
        lines.append(current)
    return lines or [""]


def _balanced(
    units: list[tuple[str, bool]],
    width: float,
    count: int,
    size: float,
    metrics: TextMetrics,
    bold: bool,
) -> list[str]:
    """Text that breaks between any two wide characters, in ``count`` lines of about equal
    width (the narrowest wrap that still needs no more lines), not full lines and a last one
    holding a character or two."""
    best = _wrap_units(units, width, size, metrics, bold)
    low, high = 0.0, width
    for _ in range(12):
        middle = (low + high) / 2
        lines = _wrap_units(units, middle, size, metrics, bold)
        if len(lines) <= count:
            best, high = lines, middle
        else:
            low = middle
    return best


def _fitting_prefix(word: str, width: float, size: float, metrics: TextMetrics, bold: bool) -> int:
    count = 0
    while count < len(word) and metrics.width(word[: count + 1], size, bold) <= width:
        count += 1
    return count


def _text(
    kind: Kind,
    lines: list[str],
    x: float,
    top: float,
    size: float,
    metrics: TextMetrics,
    bold: bool = False,
    anchor: Anchor = "start",
) -> Text:
    face = metrics.bold if bold else metrics.regular
    baseline = top + face.ascent * size
    widest = max(metrics.width(line, size, bold) for line in lines)
    x0 = x - widest / 2 if anchor == "middle" else x
    bottom = baseline + (len(lines) - 1) * size * LINE_HEIGHT + face.descent * size
    return Text(
        kind, tuple(lines), x, baseline, size, bold, anchor, Box(x0, top, x0 + widest, bottom)
    )


def _text_height(lines: int, size: float, metrics: TextMetrics, bold: bool = False) -> float:
    face = metrics.bold if bold else metrics.regular
    return (face.ascent + face.descent) * size + (lines - 1) * size * LINE_HEIGHT


def _name_lines(
    name: str, width: float, metrics: TextMetrics, scale: float = 1.0
) -> tuple[list[str], float]:
    """Wrap a name; set it smaller (not below MIN_SIZE) when it would need many lines."""
    sizes = [size * scale for size in NAME_SIZES]
    for size in sizes:
        lines = wrap(name, width, size, metrics)
        if len(lines) <= NAME_LINES:
            return lines, size
    return lines, sizes[-1]


def layout_timeline(
    timeline: Timeline,
    lang: str,
    metrics: TextMetrics,
    width: float = COLUMN_WIDTH,
    scale: float = 1.0,
) -> Layout:
    """Place every label, band and bar of the chart for one language. ``scale``: how much larger
    than the standard edition's the text is (a large-print edition): every size and gap grows
    with it, within the same width."""
    axis: Axis = make_axis(timeline.phases)
    label_width = round(width * LABEL_SHARE, 1)
    phase_size, group_size, legend_size = (
        PHASE_SIZE * scale,
        GROUP_SIZE * scale,
        LEGEND_SIZE * scale,
    )
    gap, row_pad, row_min, group_row = (
        GAP * scale,
        ROW_PAD * scale,
        ROW_MIN * scale,
        GROUP_ROW * scale,
    )
    bar_height, tail_length = BAR_HEIGHT * scale, TAIL * scale
    swatch_w, swatch_h = SWATCH[0] * scale, SWATCH[1] * scale
    plot_x0 = label_width + gap
    plot_w = width - plot_x0

    def x_at(position: float) -> float:
        return plot_x0 + position * plot_w

    texts: list[Text] = []
    # Header: phase labels, centred in their bands.
    header_bottom = 0.0
    for (start, end), phase in zip(axis.bounds, axis.phases, strict=True):
        band_w = (end - start) * plot_w
        lines = wrap(phase.label[lang], band_w - 6 * scale, phase_size, metrics, bold=True)
        label = _text(
            "phase", lines, x_at((start + end) / 2), 4 * scale, phase_size, metrics, True, "middle"
        )
        texts.append(label)
        header_bottom = max(header_bottom, label.box.y1)
    y = round(header_bottom + 6 * scale, 1)
    plot_top = y

    bars: list[Bar] = []
    rules: list[float] = []
    # The legend explains every mark drawn: each group's colour in its own words, then the
    # striped end if any effect can last longer.
    entries: list[tuple[str, bool, int]] = []
    for color, group in enumerate(timeline.groups):
        effects = [e for e in timeline.effects if e.group == group.id]
        if not effects:
            continue
        entries.append((group.legend[lang], False, color))
        lines = wrap(group.label[lang], width, group_size, metrics, bold=True)
        height = max(group_row, _text_height(len(lines), group_size, metrics, True) + 2 * row_pad)
        top = y + height - row_pad / 2 - _text_height(len(lines), group_size, metrics, True)
        texts.append(_text("group", lines, 0, top, group_size, metrics, bold=True))
        y += height
        for effect in effects:
            name = effect.name[lang]
            lines, size = _name_lines(name, label_width, metrics, scale)
            text_h = _text_height(len(lines), size, metrics)
            row_h = max(row_min, text_h + 2 * row_pad)
            middle = y + row_h / 2
            texts.append(_text("name", lines, 0, middle - text_h / 2, size, metrics))
            start, end = effect_span(axis, effect)
            bar = Box(x_at(start), middle - bar_height / 2, x_at(end), middle + bar_height / 2)
            tail = None
            if effect.can_last_longer:
                tail_end = min(bar.x1 + tail_length, x_at(1.0))
                tail = Box(bar.x1, bar.y0, tail_end, bar.y1)
            bars.append(Bar(name, effect.note[lang], bar, tail, color))
            y += row_h
            rules.append(round(y, 2))
    plot = Box(plot_x0, plot_top, width, y)
    bands = tuple(Box(x_at(s), 0, x_at(e), y) for s, e in axis.bounds)

    # Legend under the plot, entries side by side, wrapping onto more lines when needed.
    if any(b.tail is not None for b in bars):
        entries.append((timeline.legend.longer[lang], True, 0))
    swatches: list[Swatch] = []
    x, line_top = 0.0, y + 8 * scale
    next_top = line_top
    first_line = _text_height(1, legend_size, metrics)
    for words, striped, color in entries:
        lines = wrap(words, width - swatch_w - 5 * scale, legend_size, metrics)
        text_w = max(metrics.width(line, legend_size) for line in lines)
        if x > 0 and x + swatch_w + 5 * scale + text_w > width:
            x, line_top = 0.0, next_top
        swatch_top = line_top + (first_line - swatch_h) / 2
        box = Box(x, swatch_top, x + swatch_w, swatch_top + swatch_h)
        swatches.append(Swatch(box, striped, color))
        label = _text("legend", lines, x + swatch_w + 5 * scale, line_top, legend_size, metrics)
        texts.append(label)
        x = label.box.x1 + 18 * scale
        next_top = max(next_top, label.box.y1 + 4 * scale)
    height = round(max(t.box.y1 for t in texts) + 4 * scale, 1)
    return Layout(
        width, height, plot, bands, tuple(rules), tuple(texts), tuple(bars), tuple(swatches)
    )


def frame_layout(layout: Layout, title: str, metrics: TextMetrics) -> Frame:
    """Place the standalone chart: its title across the top, everything MARGIN inside the edge."""
    lines = wrap(title, layout.width, TITLE_SIZE, metrics, bold=True)
    heading = _text("title", lines, MARGIN, MARGIN, TITLE_SIZE, metrics, bold=True)
    chart_y = round(heading.box.y1 + TITLE_GAP, 1)
    return Frame(
        layout.width + 2 * MARGIN, chart_y + layout.height + MARGIN, heading, MARGIN, chart_y
    )


def text_alternative(timeline: Timeline, lang: str) -> str:
    """What a screen reader says for the chart: the title, then each group and effect in words."""
    parts = [_sentence(timeline.title[lang])]
    for group in timeline.groups:
        effects = [e for e in timeline.effects if e.group == group.id]
        if effects:
            parts.append(_sentence(group.label[lang]))
            parts += [f"{e.name[lang]}: {_sentence(e.note[lang])}" for e in effects]
    return " ".join(parts)


@dataclass(frozen=True)
class TableGroup:
    """One group of the chart as table rows: its label, then each effect's name and note."""

    label: str
    rows: tuple[tuple[str, str], ...]


def table_groups(timeline: Timeline, lang: str) -> tuple[TableGroup, ...]:
    """The chart's data as a table reads it: each group that has effects, in order, with each
    effect's name and note (the note says how long it lasts, in the medical source's words)."""
    groups = []
    for group in timeline.groups:
        rows = tuple((e.name[lang], e.note[lang]) for e in timeline.effects if e.group == group.id)
        if rows:
            groups.append(TableGroup(group.label[lang], rows))
    return tuple(groups)


def _sentence(text: str) -> str:
    text = text.strip()
    if text.endswith((".", "!", "?", ":", "。", "！", "？", "：")):
        return text
    return f"{text}。" if text and is_wide(text[-1]) else f"{text}."


def iter_texts(layout: Layout, kind: Kind) -> Iterator[Text]:
    """The laid-out texts of one kind, in drawing order."""
    return (t for t in layout.texts if t.kind == kind)
