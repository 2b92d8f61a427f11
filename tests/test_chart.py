"""Chart geometry and SVG on the fixture clinic's chart, without rendering: labels never overlap,
text stays text, 4 to 14 bars, the legend explains every mark, the standalone frame."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from handouts.chart import ChartStyle, chart_style, draw_timeline
from handouts.chart.layout import (
    COLUMN_WIDTH,
    GAP,
    MARGIN,
    MIN_SIZE,
    TITLE_SIZE,
    Layout,
    layout_timeline,
    text_alternative,
)
from handouts.colors import BAND_CONTRAST, band_shade, channels, contrast_ratio
from handouts.load import load_project
from handouts.model import MAX_EFFECTS, MAX_NAME, Effect, Project, TextMetrics, Timeline
from handouts.paths import ProjectPaths
from tests.brandutil import line_of

SVG = "{http://www.w3.org/2000/svg}"
CHART = "recovery"
CHART_FILE = Path("content/charts/recovery.yaml")
LONG_NAME = "Feeling disconnected from your thoughts, your body and the room around you a bit"
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosislike feeling"
PAGE_BODY = 8.95 * 72  # Letter less the 1 in top and 1.05 in bottom page margins


def loaded(root: Path) -> Project:
    project, problems = load_project(ProjectPaths(root))
    assert project is not None, problems
    return project


@pytest.fixture(scope="module")
def project(clinic: Path) -> Project:
    """The fixture clinic, loaded."""
    return loaded(clinic)


@pytest.fixture(scope="module")
def metrics(project: Project) -> TextMetrics:
    """Widths of the brand's body font."""
    assert project.text_metrics is not None
    return project.text_metrics


@pytest.fixture(scope="module")
def timeline(project: Project) -> Timeline:
    """The fixture chart: three phases, two groups, four effects, one that can last longer."""
    return project.charts[CHART]


@pytest.fixture(scope="module")
def style(project: Project) -> ChartStyle:
    """The brand's chart style."""
    return chart_style(project.brand)


def with_effects(timeline: Timeline, count: int, names: dict[int, str] | None = None) -> Timeline:
    """The chart with ``count`` effects (its own repeated under new names)."""
    effects: list[Effect] = []
    for index, source in zip(range(count), itertools.cycle(timeline.effects), strict=False):
        name = source.name["en"] if index < len(timeline.effects) else f"Other effect {index + 1}"
        name = (names or {}).get(index, name)
        effects.append(source.model_copy(update={"name": {"en": name}}))
    return timeline.model_copy(update={"effects": effects})


def assert_layout_holds(layout: Layout) -> None:
    """Nothing overlaps, everything is inside the drawing, text is at least MIN_SIZE."""
    frame = layout.frame
    assert layout.width == COLUMN_WIDTH
    for text in layout.texts:
        assert text.size >= MIN_SIZE, text
        assert text.box.inside(frame), text
    for a, b in itertools.combinations(layout.texts, 2):
        assert not a.box.overlaps(b.box), (a.lines, b.lines)
    shapes = [b.box for b in layout.bars] + [b.tail for b in layout.bars if b.tail]
    shapes += [s.box for s in layout.swatches]
    for shape in shapes:
        assert shape.inside(frame)
        for text in layout.texts:
            assert not text.box.overlaps(shape), (text.lines, shape)
    for bar in layout.bars:
        assert bar.box.inside(layout.plot)
        assert bar.box.width > 0
        if bar.tail:
            assert bar.tail.inside(layout.plot) and bar.tail.width > 10
    names = [t for t in layout.texts if t.kind == "name"]
    assert len(names) == len(layout.bars)
    for name in names:
        assert name.box.x1 <= layout.plot.x0 - GAP / 2, name.lines
    # Each phase label stays inside its own band.
    phases = [t for t in layout.texts if t.kind == "phase"]
    for label, band in zip(phases, layout.bands, strict=True):
        assert band.x0 < label.box.x0 and label.box.x1 < band.x1, label.lines


@pytest.mark.parametrize("count", [4, 8, MAX_EFFECTS])
def test_layout_fits_the_column_at_any_count(
    timeline: Timeline, metrics: TextMetrics, count: int
) -> None:
    layout = layout_timeline(with_effects(timeline, count), "en", metrics)
    assert_layout_holds(layout)
    assert len(layout.bars) == count
    # With its caption the chart still fits on one page.
    assert layout.height < PAGE_BODY - 80, layout.height


def test_a_very_long_name_wraps_smaller_and_grows_its_row(
    timeline: Timeline, metrics: TextMetrics
) -> None:
    assert len(LONG_NAME) == MAX_NAME  # the longest name a chart file may give
    chart = with_effects(timeline, MAX_EFFECTS, {1: LONG_NAME, 5: LONG_WORD})
    layout = layout_timeline(chart, "en", metrics)
    assert_layout_holds(layout)
    names = {" ".join(t.lines): t for t in layout.texts if t.kind == "name"}
    long = names[LONG_NAME]
    assert long.size == MIN_SIZE and len(long.lines) == 3
    (split,) = [t for n, t in names.items() if n.startswith("Pneumono")]
    assert "".join(split.lines).replace(" ", "") == LONG_WORD.replace(" ", "")
    assert len(split.lines) > 1  # the word alone is wider than the label column
    rows = {b.name: b.box for b in layout.bars}
    normal = layout_timeline(with_effects(timeline, MAX_EFFECTS), "en", metrics)
    assert layout.height > normal.height
    assert rows[LONG_NAME].x0 >= long.box.x1


def test_svg_is_vector_text_with_title_and_description(
    timeline: Timeline, metrics: TextMetrics, style: ChartStyle
) -> None:
    drawn = draw_timeline(timeline, "en", style, metrics)
    root = ET.fromstring(drawn.svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert style.font_family in root.get("font-family", "")
    # A short accessible name (a hover tooltip on a web page, the PDF Figure's /Alt), and the
    # long text alternative, every effect in words, as the description.
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and title.text == timeline.title["en"] == drawn.alt
    assert desc is not None and desc.text == text_alternative(timeline, "en")
    assert root.get("aria-labelledby") == f"{title.get('id')}"
    assert root.get("aria-describedby") == f"{desc.get('id')}"
    assert drawn.caption == timeline.caption["en"]
    assert root.find(f".//{SVG}image") is None, "no raster images"
    # One tspan per line: WeasyPrint drops newlines inside one text element.
    words = " ".join(t.text or "" for t in root.iter(f"{SVG}tspan"))
    for effect in timeline.effects:
        assert effect.name["en"] in words
    for phase in timeline.phases:
        assert phase.label["en"] in words
    for text in root.iter(f"{SVG}text"):
        assert float(text.get("font-size", "0")) >= MIN_SIZE
        assert "\n" not in "".join(text.itertext())
    effects = root.findall(f"{SVG}g[@class='effect']")
    assert len(effects) == len(timeline.effects)
    striped = [r for g in effects for r in g.iter(f"{SVG}rect") if "url(#" in r.get("fill", "")]
    longer = [e for e in timeline.effects if e.can_last_longer]
    assert len(striped) == len(longer) == 1
    pattern_ids = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert striped[0].get("fill") == f"url(#{next(iter(pattern_ids))})"
    assert len(drawn.svg.encode()) < 12_000


def legend_entries(svg: str) -> list[tuple[str, str]]:
    """The legend as drawn: (swatch fill, words beside it) in order."""
    legend = ET.fromstring(svg).find(f"{SVG}g[@class='legend']")
    assert legend is not None
    fills = [r.get("fill", "") for r in legend.findall(f"{SVG}rect")]
    words = [" ".join(t.itertext()) for t in legend.findall(f"{SVG}text")]
    return list(zip(fills, words, strict=True))


def test_legend_explains_every_mark_the_chart_draws(
    timeline: Timeline, metrics: TextMetrics, style: ChartStyle
) -> None:
    drawn = draw_timeline(timeline, "en", style, metrics)
    root = ET.fromstring(drawn.svg)
    bar_fills = {
        r.get("fill")
        for g in root.findall(f"{SVG}g[@class='effect']")
        for r in g.findall(f"{SVG}rect")
    }
    entries = legend_entries(drawn.svg)
    assert entries == [
        (style.bars[0], "Usual: when it happens"),
        (style.bars[1], "Watched: when staff check"),
        (f"url(#{CHART}-longer-0)", "Can last a little longer"),
    ]
    # Every fill a bar or striped end uses has its swatch, and the other way round.
    assert bar_fills == {fill for fill, _ in entries}
    # Group words come from the data file.
    assert [w for _, w in entries[:2]] == [g.legend["en"] for g in timeline.groups]
    layout = layout_timeline(timeline, "en", metrics)
    assert [s.color for s in layout.swatches if not s.striped] == [0, 1]


def test_legend_leaves_out_marks_the_chart_does_not_draw(
    timeline: Timeline, metrics: TextMetrics, style: ChartStyle
) -> None:
    # Only usual effects, none that can last longer: one swatch, in the first group's colour.
    effects = [
        e.model_copy(update={"can_last_longer": False})
        for e in timeline.effects
        if e.group == "usual"
    ]
    chart = timeline.model_copy(update={"effects": effects})
    assert legend_entries(draw_timeline(chart, "en", style, metrics).svg) == [
        (style.bars[0], "Usual: when it happens")
    ]
    # Only watched effects: the swatch keeps the second group's colour, as its bars do.
    watched = [e for e in timeline.effects if e.group == "watch"]
    chart = timeline.model_copy(update={"effects": watched})
    assert legend_entries(draw_timeline(chart, "en", style, metrics).svg) == [
        (style.bars[1], "Watched: when staff check")
    ]


def test_phase_bands_are_a_light_tint_that_survives_greyscale(
    project: Project, style: ChartStyle
) -> None:
    # The brand's surface is too light on the paper to show in greyscale: darkened just enough,
    # keeping its hue.
    colors = project.brand.colors
    assert contrast_ratio(colors.surface, colors.background) < BAND_CONTRAST
    ratio = contrast_ratio(style.band, style.background)
    assert BAND_CONTRAST <= ratio < BAND_CONTRAST + 0.05, (style.band, ratio)
    red, green, blue = channels(style.band)
    assert blue > green > red, "still the brand's blue-grey tint, not a neutral grey"
    # Phase labels and bars drawn on a band keep their contrast.
    assert contrast_ratio(style.text, style.band) >= 4.5
    assert all(contrast_ratio(bar, style.band) >= 3 for bar in style.bars[:2])
    # A surface that is already dark enough is used as it is.
    assert band_shade("#d0d0d0", "#ffffff", "#1d4e6f") == "#d0d0d0"


def test_standalone_chart_has_a_margin_and_its_title(
    timeline: Timeline, metrics: TextMetrics, style: ChartStyle
) -> None:
    layout = layout_timeline(timeline, "en", metrics)
    inline = draw_timeline(timeline, "en", style, metrics)
    alone = draw_timeline(timeline, "en", style, metrics, standalone=True)
    # In the handout the section heading and caption frame the chart: no title, no margin.
    assert (inline.width, inline.height) == (layout.width, layout.height)
    drawn_words = [" ".join(t.itertext()) for t in ET.fromstring(inline.svg).iter(f"{SVG}text")]
    assert timeline.title["en"] not in drawn_words
    root = ET.fromstring(alone.svg)
    assert alone.width == layout.width + 2 * MARGIN
    assert root.get("viewBox") == f"0 0 {alone.width:g} {round(alone.height, 1):g}"
    # Paper under everything, so the margin shows on any web page or slide.
    paper = root.find(f"{SVG}rect")
    assert paper is not None and paper.get("fill") == style.background
    assert [paper.get("width"), paper.get("height")] == root.get("viewBox", "").split()[2:]
    # The visible title: the data file's title, bold, in the heading colour, inside the margin.
    title = root.find(f"{SVG}text")
    assert title is not None
    assert "".join(title.itertext()) == timeline.title["en"]
    assert (title.get("fill"), title.get("font-weight")) == (style.heading, "bold")
    assert float(title.get("font-size", "0")) == TITLE_SIZE
    (span,) = title.findall(f"{SVG}tspan")
    assert float(span.get("x", "0")) == MARGIN and float(span.get("y", "0")) > MARGIN
    # The chart itself, moved in by the margin and down below the title.
    chart = root.find(f"{SVG}g[@class='chart']")
    assert chart is not None
    dx, dy = map(float, chart.get("transform", "").removeprefix("translate(")[:-1].split())
    assert dx == MARGIN and dy > float(span.get("y", "0"))
    assert round(alone.height - dy - layout.height, 1) == MARGIN
    # The accessible name and description are the handout's.
    assert root.find(f"{SVG}title").text == inline.alt == alone.alt  # type: ignore[union-attr]
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text == text_alternative(timeline, "en")


def test_ids_are_the_places_own(
    timeline: Timeline, metrics: TextMetrics, style: ChartStyle
) -> None:
    # The same chart printed twice in one document (one section in two parts of a packet) must
    # not define an id twice: every id starts with its place.
    first = draw_timeline(timeline, "en", style, metrics, ids="before-recovery-chart")
    second = draw_timeline(timeline, "en", style, metrics, ids="after-recovery-chart")
    ids = [
        {node.get("id") for node in ET.fromstring(d.svg).iter() if node.get("id")}
        for d in (first, second)
    ]
    assert ids[0] and not ids[0] & ids[1]
    assert all(i.startswith("before-recovery-chart-") for i in ids[0])
    # Every reference inside the drawing points at an id of its own place.
    fills = {
        node.get("fill", "")[5:-1]
        for node in ET.fromstring(first.svg).iter()
        if node.get("fill", "").startswith("url(#")
    }
    assert fills and fills <= ids[0]


def test_larger_text_scales_every_label(
    timeline: Timeline, metrics: TextMetrics, style: ChartStyle
) -> None:
    # A large-print edition draws the labels larger, in the same width, never overlapping.
    standard = layout_timeline(timeline, "en", metrics)
    large = layout_timeline(timeline, "en", metrics, scale=1.44)
    assert large.width == standard.width and large.height > standard.height
    for small, big in zip(standard.texts, large.texts, strict=True):
        assert big.kind == small.kind
        assert big.size >= small.size * 1.3, (small, big)
        assert big.size >= MIN_SIZE * 1.44 - 0.01
    for text in large.texts:
        assert text.box.inside(large.frame), text
        others = [t for t in large.texts if t is not text]
        assert not any(text.box.overlaps(o.box) for o in others), text


def test_alt_text_names_every_effect_with_its_note(timeline: Timeline) -> None:
    alt = text_alternative(timeline, "en")
    assert alt.startswith("How long you may feel each effect.")
    for effect in timeline.effects:
        assert f"{effect.name['en']}: {effect.note['en']}" in alt
    assert alt.index("Usual effects.") < alt.index("Effects our staff watch for.")


def test_changing_the_data_file_changes_the_chart(
    project: Project, clinic_copy: Path, style: ChartStyle
) -> None:
    path = clinic_copy / CHART_FILE
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # Blood pressure changes: renamed, and now lasting into the second phase as well.
    name, ends = line_of(path, "en: Blood pressure changes"), line_of(path, "ends: visit")
    lines[name - 1] = lines[name - 1].replace("Blood pressure changes", "Heart rate changes")
    lines[ends - 1] = lines[ends - 1].replace("ends: visit", "ends: first-hours")
    path.write_text("".join(lines), encoding="utf-8")
    after = loaded(clinic_copy)

    def bar_of(project: Project, name: str) -> float:
        assert project.text_metrics is not None
        layout = layout_timeline(project.charts[CHART], "en", project.text_metrics)
        (bar,) = [b for b in layout.bars if b.name == name]
        return bar.box.width

    before_width = bar_of(project, "Blood pressure changes")
    assert bar_of(after, "Heart rate changes") == pytest.approx(2 * before_width)
    assert after.text_metrics is not None
    svg = draw_timeline(after.charts[CHART], "en", style, after.text_metrics).svg
    assert ">Heart rate changes<" in svg and "Blood pressure" not in svg
