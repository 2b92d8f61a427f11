"""Write a laid-out timeline chart as SVG: text stays text in the brand font, so WeasyPrint
embeds it as vector and readers can search it.

Nothing here depends on colour alone: every bar is named beside it, effects are grouped under
headings, and the "can last longer" end is striped and outlined, so a black-and-white printer
keeps every distinction.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass

from handouts.chart.layout import (
    COLUMN_WIDTH,
    STRIPE,
    STRIPE_DARK,
    Box,
    Frame,
    Layout,
    Text,
    frame_layout,
    iter_texts,
    layout_timeline,
    text_alternative,
)
from handouts.colors import band_shade
from handouts.model import Brand, TextMetrics, Timeline


@dataclass(frozen=True)
class ChartStyle:
    """Colours and font of a chart, taken from the brand."""

    font_family: str
    """The body family, then the fallback families the chart's text needs (comma-separated)."""
    heading: str
    text: str
    muted: str
    background: str
    band: str
    bars: tuple[str, ...]


@dataclass(frozen=True)
class ChartSvg:
    """A drawn chart: the SVG markup, its size in points, and its text alternative."""

    svg: str
    width: float
    height: float
    alt: str
    caption: str


def chart_style(brand: Brand, families: Sequence[str] = ()) -> ChartStyle:
    """The chart's colours and font from the brand: chart colours for bars, body font for text
    (then ``families``, for letters the body font lacks)."""
    colors = brand.colors
    return ChartStyle(
        font_family=", ".join(dict.fromkeys([brand.fonts.body, *families])),
        heading=colors.primary,
        text=colors.text,
        muted=colors.muted,
        background=colors.background,
        band=band_shade(colors.surface, colors.background, colors.primary),
        bars=tuple(colors.chart),
    )


def _n(value: float) -> str:
    """A coordinate with one decimal, no trailing zeros: keeps the SVG small."""
    return f"{round(value, 1):g}"


def _add(parent: ET.Element, tag: str, **attrs: str) -> ET.Element:
    """A child element; ``stroke_width`` becomes ``stroke-width`` and ``class_`` ``class``."""
    return ET.SubElement(
        parent, tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
    )


def _rect(parent: ET.Element, box: Box, **attrs: str) -> ET.Element:
    return _add(
        parent,
        "rect",
        x=_n(box.x0),
        y=_n(box.y0),
        width=_n(box.width),
        height=_n(box.height),
        **attrs,
    )


def _write_text(parent: ET.Element, text: Text, fill: str) -> None:
    node = ET.SubElement(parent, "text", {"font-size": _n(text.size), "fill": fill})
    if text.bold:
        node.set("font-weight", "bold")
    if text.anchor != "start":
        node.set("text-anchor", text.anchor)
    # One tspan per line: WeasyPrint drops newlines inside SVG text.
    for index, line in enumerate(text.lines):
        span = ET.SubElement(
            node, "tspan", x=_n(text.x), y=_n(text.baseline + index * text.line_height)
        )
        span.text = line


def svg_from_layout(
    layout: Layout,
    style: ChartStyle,
    ids: str,
    title: str,
    description: str,
    frame: Frame | None = None,
) -> str:
    """Write the laid-out chart as an SVG document (no XML declaration); with ``frame``, on
    paper with a margin and its title above (the standalone chart).

    ``ids`` prefixes every id in the drawing: the same chart drawn twice in one document needs
    its own ids in each place. ``title`` is the short accessible name (a hover tooltip on a web
    page, and the PDF Figure's /Alt: WeasyPrint 70 reads the first <title> only);
    ``description`` the long text alternative, every effect in words."""
    width, height = (frame.width, frame.height) if frame else (layout.width, layout.height)
    root = ET.Element(
        "svg",
        {
            "xmlns": "http://www.w3.org/2000/svg",
            "viewBox": f"0 0 {_n(width)} {_n(height)}",
            "width": f"{_n(width)}pt",
            "height": f"{_n(height)}pt",
            "role": "img",
            "aria-labelledby": f"{ids}-title",
            "aria-describedby": f"{ids}-desc",
            "font-family": ", ".join(f"'{name}'" for name in style.font_family.split(", "))
            + ", sans-serif",
        },
    )
    ET.SubElement(root, "title", id=f"{ids}-title").text = title
    ET.SubElement(root, "desc", id=f"{ids}-desc").text = description
    defs = ET.SubElement(root, "defs")
    # Stripes in the bar's colour on paper: one pattern per colour that has a striped end
    # (and the first, for the legend).
    for index in sorted({b.color for b in layout.bars if b.tail is not None} | {0}):
        pattern = ET.SubElement(
            defs,
            "pattern",
            id=f"{ids}-longer-{index}",
            patternUnits="userSpaceOnUse",
            width=_n(STRIPE),
            height=_n(STRIPE),
            patternTransform="rotate(45)",
        )
        _add(pattern, "rect", width=_n(STRIPE), height=_n(STRIPE), fill=style.background)
        _add(
            pattern,
            "rect",
            width=_n(STRIPE * STRIPE_DARK),
            height=_n(STRIPE),
            fill=_bar_color(style, index),
        )

    canvas = root
    if frame is not None:
        _rect(root, Box(0, 0, width, height), fill=style.background)
        _write_text(root, frame.title, style.heading)
        transform = f"translate({_n(frame.chart_x)} {_n(frame.chart_y)})"
        canvas = ET.SubElement(root, "g", {"class": "chart", "transform": transform})
    _draw_chart(canvas, layout, style, ids)
    return ET.tostring(root, encoding="unicode")


def _draw_chart(root: ET.Element, layout: Layout, style: ChartStyle, ids: str) -> None:
    """Bands, rules, headings, bars and legend, in the chart's own coordinates."""
    bands = ET.SubElement(root, "g", {"class": "phases"})
    for index, band in enumerate(layout.bands):
        if index % 2 == 0:
            _rect(bands, band, fill=style.band)
    for band in layout.bands[1:]:
        _add(
            bands,
            "line",
            x1=_n(band.x0),
            y1="0",
            x2=_n(band.x0),
            y2=_n(band.y1),
            stroke=style.muted,
            stroke_width="0.75",
        )
    for text in iter_texts(layout, "phase"):
        _write_text(bands, text, style.text)
    rules = _add(root, "g", class_="rows", stroke=style.muted, stroke_width="0.4")
    for y in layout.rules:
        _add(rules, "line", x1="0", y1=_n(y), x2=_n(layout.width), y2=_n(y))
    for text in iter_texts(layout, "group"):
        # A strip of paper across the chart behind the heading, so band lines do not run
        # through its words and the groups read as separate blocks.
        box = text.box
        _rect(root, Box(0, box.y0 - 1, layout.width, box.y1 + 1), fill=style.background)
        _write_text(root, text, style.text)
    names = list(iter_texts(layout, "name"))
    for bar, name in zip(layout.bars, names, strict=True):
        group = ET.SubElement(root, "g", {"class": "effect"})
        ET.SubElement(group, "title").text = f"{bar.name}: {bar.note}"
        _write_text(group, name, style.text)
        color = _bar_color(style, bar.color)
        _rect(group, bar.box, fill=color)
        if bar.tail is not None:
            _rect(
                group,
                bar.tail,
                fill=f"url(#{ids}-longer-{bar.color})",
                stroke=color,
                stroke_width="1",
            )
    legend = ET.SubElement(root, "g", {"class": "legend"})
    for swatch in layout.swatches:
        color = _bar_color(style, swatch.color)
        if swatch.striped:
            stripes = f"url(#{ids}-longer-{swatch.color})"
            _rect(legend, swatch.box, fill=stripes, stroke=color, stroke_width="1")
        else:
            _rect(legend, swatch.box, fill=color)
    for text in iter_texts(layout, "legend"):
        _write_text(legend, text, style.text)


def _bar_color(style: ChartStyle, index: int) -> str:
    return style.bars[index % len(style.bars)]


def draw_timeline(
    timeline: Timeline,
    lang: str,
    style: ChartStyle,
    metrics: TextMetrics,
    width: float = COLUMN_WIDTH,
    standalone: bool = False,
    *,
    ids: str | None = None,
    alt: str | None = None,
    scale: float = 1.0,
) -> ChartSvg:
    """Chart data + brand style + font widths -> the chart as SVG, with its text alternatives.

    ``standalone``: for a web page or slide, on paper with a margin and the chart's title above
    it (in a handout the section heading and the caption frame it instead). ``ids``: the prefix
    of its ids (default: the chart's id). ``alt``: its short accessible name (default: its
    title); the long text alternative, every effect with its note, is its description.
    ``scale``: larger text for a large-print edition."""
    layout = layout_timeline(timeline, lang, metrics, width, scale)
    name = alt if alt is not None else timeline.title[lang]
    caption = timeline.caption[lang]
    frame = frame_layout(layout, timeline.title[lang], metrics) if standalone else None
    long_text = text_alternative(timeline, lang)
    svg = svg_from_layout(layout, style, ids or timeline.id, name, long_text, frame)
    size = (frame.width, frame.height) if frame else (layout.width, layout.height)
    return ChartSvg(svg, *size, name, caption)
