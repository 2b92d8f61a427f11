"""The chart in the built handout (fixture clinic): real text, a text alternative in the tagged PDF,
and bars, labels and paper that stay apart when printed in black and white; and `handouts chart`."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdf
import pypdfium2
import pytest
from click.testing import CliRunner
from PIL import Image, ImageStat

from handouts.chart import chart_style
from handouts.chart.layout import BAR_HEIGHT, MARGIN, MIN_SIZE, TITLE_SIZE
from handouts.cli import main
from handouts.colors import channels
from handouts.commands.build import BuildResult
from handouts.load import load_project
from handouts.model import Project, Timeline
from handouts.paths import ProjectPaths

CHART = "recovery"
DPI = 72  # low resolution on purpose: one pixel per point, like a quick office print preview
# What "distinguishable in greyscale" means here (WCAG contrast ratios of the grey levels):
BAR_VS_PAPER = 4.5  # bars against the paper around them
LABEL_VS_PAPER = 4.5  # the darkest ink of each label against the paper (WCAG text contrast)
# The striped "can last longer" end must read as lighter than the bar and darker than the
# paper even when a printer blurs its stripes into one grey. A single grey can be at most
# sqrt(bar-vs-paper) ~ 3:1 from both at once, so 2:1 from each is required, and the stripes
# themselves (bar colour on paper) must stay 3:1 apart inside the end.
TAIL_VS_EACH = 2.0
STRIPES_APART = 3.0
# The groups' colours: the group headings and the legend's words already tell the groups apart;
# their shades must too, as a second cue in black and white.
GROUPS_APART = 1.4
# The shaded phase bands against the paper: a light tint, but still a visible grey when
# printed in black and white (the brand's surface colour alone measured 1.12:1 and vanished).
BAND_VS_PAPER = 1.2
REQUIRED = {
    "bar vs paper": BAR_VS_PAPER,
    "label vs paper": LABEL_VS_PAPER,
    "tail vs paper": TAIL_VS_EACH,
    "tail vs bar": TAIL_VS_EACH,
    "stripes": STRIPES_APART,
    "group vs group": GROUPS_APART,
    "band vs paper": BAND_VS_PAPER,
}
ARTIFACTS = Path(__file__).parent / "_artifacts"

Rect = tuple[float, float, float, float]


def luminance(grey: float) -> float:
    """WCAG relative luminance of an sRGB grey level 0-255."""
    c = grey / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def contrast(a: float, b: float) -> float:
    """WCAG contrast ratio of two grey levels."""
    low, high = sorted((luminance(a), luminance(b)))
    return (high + 0.05) / (low + 0.05)


@pytest.fixture(scope="module")
def project(clinic: Path) -> Project:
    """The fixture clinic, loaded."""
    loaded, problems = load_project(ProjectPaths(clinic))
    assert loaded is not None, problems
    return loaded


@pytest.fixture(scope="module")
def timeline(project: Project) -> Timeline:
    """The chart the handout draws."""
    return project.charts[CHART]


@pytest.fixture(scope="module")
def handout(clinic_build: BuildResult) -> Path:
    """Downtown's aftercare handout (in the brand's own colours), which holds the chart."""
    (path,) = [
        p.path
        for p in clinic_build.pdfs
        if (p.document.kind, p.document.id, p.document.location, p.document.variant)
        == ("handout", "aftercare", "downtown", "")
        and p.document.lang == "en"
    ]
    return path


@dataclass(frozen=True)
class ChartOnPage:
    """Where the chart's bars and striped ends are on a page, in PDF points from the top."""

    page: int
    bars: list[Rect]
    tails: list[Rect]
    colors: list[int]
    """For each bar, the index of its colour in the brand's chart colours."""
    bands: list[Rect]
    """The shaded phase bands."""


def find_chart(path: Path, project: Project) -> ChartOnPage:
    """The page with the chart bars: filled rectangles in the brand's chart colours."""

    def rgb(color: str) -> tuple[float, ...]:
        return tuple(round(int(color[i : i + 2], 16) / 255, 2) for i in (1, 3, 5))

    colors = [rgb(c) for c in project.brand.colors.chart]
    band = rgb(chart_style(project.brand).band)
    with pdfplumber.open(path) as pdf:
        for number, page in enumerate(pdf.pages):
            bars, tails, indexes = [], [], []
            bands = [
                (r["x0"], r["top"], r["x1"], r["bottom"])
                for r in page.rects
                if r["height"] > 100
                and isinstance(r["non_stroking_color"], tuple | list)
                and tuple(round(v, 2) for v in r["non_stroking_color"]) == band
            ]
            for rect in page.rects:
                if abs(rect["height"] - BAR_HEIGHT) > 0.5:
                    continue
                box = (rect["x0"], rect["top"], rect["x1"], rect["bottom"])
                fill = rect["non_stroking_color"]
                if isinstance(fill, str):  # a pattern: the striped end
                    tails.append(box)
                elif fill and tuple(round(v, 2) for v in fill) in colors:
                    bars.append(box)
                    indexes.append(colors.index(tuple(round(v, 2) for v in fill)))
            if bars:
                return ChartOnPage(number, bars, tails, indexes, bands)
    raise AssertionError("no chart bars found in the handout")


def struct_elements(node: object) -> Iterator[pypdf.generic.DictionaryObject]:
    """Every structure element below ``node``."""
    node = node.get_object()  # type: ignore[attr-defined]
    if not isinstance(node, pypdf.generic.DictionaryObject):
        return
    yield node
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pypdf.generic.ArrayObject) else [kids]:
        if kid is not None and not isinstance(kid, int):
            yield from struct_elements(kid)


def test_screen_readers_get_the_chart_in_words(handout: Path, timeline: Timeline) -> None:
    reader = pypdf.PdfReader(handout)
    elements = list(struct_elements(reader.trailer["/Root"]["/StructTreeRoot"]))
    figures = [str(e["/Alt"]) for e in elements if e.get("/S") == "/Figure" and "/Alt" in e]
    # A short alternative text: the chart's title, and that a table follows (not every effect
    # in one block of 1,100 characters that cannot be read effect by effect).
    (alt,) = [f for f in figures if f.startswith(timeline.title["en"])]
    assert alt == f"{timeline.title['en']}. The table below the chart gives the same information."
    # The tables: one per group, captioned with the group's name, a row per effect whose cells
    # name their column headers, so a screen reader reads "What to expect: ..." per effect.
    tables = [e for e in elements if e.get("/S") == "/Table"]
    cells = {}
    for table in tables:
        parts = list(struct_elements(table))
        headers = {str(h["/ID"]): h for h in parts if h.get("/S") == "/TH"}
        for row in (e for e in parts if e.get("/S") == "/TR"):
            data = [c for c in struct_elements(row) if c.get("/S") == "/TD"]
            if data:
                assert all(str(h) in headers for c in data for h in c["/A"]["/Headers"])
                cells[len(cells)] = data
    with pdfplumber.open(handout) as pdf:
        text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    for group in timeline.groups:
        assert group.label["en"] in text
    for effect in timeline.effects:  # (a long name wraps in its cell: words, not lines)
        assert effect.note["en"] in text
        assert all(word in text for word in effect.name["en"].split())
    # The chart's effects (plus the section's own two-row table).
    assert len(cells) >= len(timeline.effects)
    # The caption is tagged as the figure's caption, and each group's name as its table's.
    assert sum(e.get("/S") == "/Caption" for e in elements) >= 1 + len(timeline.groups)


def test_chart_text_is_searchable_text_in_the_brand_font(
    handout: Path, project: Project, timeline: Timeline
) -> None:
    chart = find_chart(handout, project)
    top = min(b[1] for b in chart.bars) - 80
    bottom = max(b[3] for b in chart.bars) + 30
    with pdfplumber.open(handout) as pdf:
        page = pdf.pages[chart.page]
        assert page.images == [], "the chart must be vector, not a picture"
        chars = [c for c in page.chars if top < c["top"] < bottom and c["text"].strip()]
        text = page.crop((0, top, page.width, bottom)).extract_text()
    for phase in timeline.phases:
        assert phase.label["en"] in text
    for effect in timeline.effects:
        assert effect.name["en"] in text
    assert {c["fontname"].split("+")[-1] for c in chars} <= {
        "Atkinson-Hyperlegible",
        "Atkinson-Hyperlegible-Bold",
    }
    assert min(c["size"] for c in chars) >= MIN_SIZE - 0.01  # printed at 1:1, never below 10 pt


def test_chart_stays_readable_in_greyscale(
    handout: Path, project: Project, timeline: Timeline
) -> None:
    chart = find_chart(handout, project)
    document = pypdfium2.PdfDocument(handout)
    try:
        grey = document[chart.page].render(scale=DPI / 72).to_pil().convert("L")
    finally:
        document.close()
    scale = DPI / 72

    def pixels(box: Rect, inset: float = 0) -> Image.Image:
        x0, y0, x1, y1 = box
        return grey.crop(
            (
                round((x0 + inset) * scale),
                round((y0 + inset) * scale),
                round((x1 - inset) * scale),
                round((y1 - inset) * scale),
            )
        )

    def mean(box: Rect) -> float:
        return float(ImageStat.Stat(pixels(box, inset=1.5)).mean[0])

    # Paper: the page's left margin (0.8 in), level with the thing it is compared to. Not beside
    # the bars: the fixture chart's last phase band is shaded.
    def paper(top: float, bottom: float) -> float:
        strip = (4, top, 40, bottom)
        low, high = pixels(strip).getextrema()
        assert high - low <= 2, f"not plain paper at {strip}"
        return mean(strip)

    found: list[tuple[str, str, float]] = []  # (what, where, contrast)
    for index, bar in enumerate(chart.bars):
        found.append(("bar vs paper", f"bar {index}", contrast(mean(bar), paper(bar[1], bar[3]))))
    longer = sum(1 for e in timeline.effects if e.can_last_longer)
    assert len(chart.tails) == longer >= 1, "the fixture chart has a striped end"
    for index, tail in enumerate(chart.tails):
        (bar,) = [b for b in chart.bars if abs(b[1] - tail[1]) < 0.5]
        shade = mean(tail)
        found.append(("tail vs paper", f"tail {index}", contrast(shade, paper(tail[1], tail[3]))))
        found.append(("tail vs bar", f"tail {index}", contrast(shade, mean(bar))))
        found.append(("stripes", f"tail {index}", contrast(*pixels(tail, inset=2).getextrema())))
    shades = {
        index: [mean(bar) for bar, i in zip(chart.bars, chart.colors, strict=True) if i == index]
        for index in sorted(set(chart.colors))
    }
    assert len(shades) == len(timeline.groups) == 2, "the fixture chart has two groups"
    for a, b in zip(shades, list(shades)[1:], strict=False):
        found.append(
            ("group vs group", f"groups {a} and {b}", contrast(shades[a][0], shades[b][0]))
        )
    # A band's own shade is its most common light grey (bars and labels are dark).
    assert len(chart.bands) == (len(timeline.phases) + 1) // 2, "every other phase is shaded"
    beside = paper(chart.bars[0][1], chart.bars[0][3])
    for index, band in enumerate(chart.bands):
        histogram = pixels(band, inset=1).histogram()
        shade = max(range(128, 256), key=lambda level: histogram[level])
        found.append(("band vs paper", f"band {index}", contrast(shade, beside)))
    with pdfplumber.open(handout) as pdf:
        plot = min(b[0] for b in chart.bars)
        area = (0, min(b[1] for b in chart.bars) - 4, plot - 4, max(b[3] for b in chart.bars) + 4)
        words = pdf.pages[chart.page].crop(area).extract_words()
    named = {word for effect in timeline.effects for word in effect.name["en"].split()}
    assert named <= {word["text"] for word in words}, "every effect's name is measured"
    for word in words:
        ink = float(pixels((word["x0"], word["top"], word["x1"], word["bottom"])).getextrema()[0])
        found.append(
            ("label vs paper", word["text"], contrast(ink, paper(word["top"], word["bottom"])))
        )

    assert {what for what, _, _ in found} == set(REQUIRED), "every kind of mark is measured"
    lowest = {what: min(c for w, _, c in found if w == what) for what, _, _ in found}
    print(
        f"greyscale contrast at {DPI} dpi, lowest of each:",
        {k: round(v, 2) for k, v in lowest.items()},
    )
    too_low = [(what, where, round(c, 2)) for what, where, c in found if c < REQUIRED[what]]
    if too_low:
        ARTIFACTS.mkdir(exist_ok=True)
        grey.save(ARTIFACTS / "chart-page-greyscale.png")
    assert not too_low, f"too little contrast in greyscale (see tests/_artifacts/): {too_low}"


def test_chart_command_writes_svg_and_png(
    clinic: Path, tmp_path: Path, project: Project, timeline: Timeline
) -> None:
    target = tmp_path / "site" / "timeline.svg"
    result = CliRunner().invoke(
        main,
        [
            "chart",
            "--project",
            str(clinic),
            "--location",
            "downtown",
            "--output",
            str(target),
            "--png",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("wrote ") == 2
    svg = ET.parse(target).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    assert svg.find("{http://www.w3.org/2000/svg}title") is not None
    with Image.open(target.with_suffix(".png")) as image:
        width_pt = float(svg.get("width", "0").removesuffix("pt"))
        assert image.format == "PNG"
        assert abs(image.width - width_pt * 192 / 72) <= 2
        picture = image.convert("RGB")
    grey = picture.convert("L")
    darkest, lightest = grey.getextrema()
    assert darkest < 80 and lightest > 240  # drawn, not blank
    # Nothing touches the edges: a margin of paper all round (48 px at 192 dpi; 3 px are
    # allowed for anti-aliasing and rounding where the drawing starts).
    edge = round(MARGIN * 192 / 72) - 3
    w, h = grey.size
    for strip in ((0, 0, w, edge), (0, h - edge, w, h), (0, 0, edge, h), (w - edge, 0, w, h)):
        assert grey.crop(strip).getextrema()[0] >= 250, strip
    # The visible title: ink in a band across the top, starting at the margin, drawn in the
    # brand's primary colour.
    band = (0, edge, w, round((MARGIN + TITLE_SIZE * 1.3) * 192 / 72))
    ink = grey.crop(band).point(lambda level: 255 if level < 128 else 0).getbbox()
    assert ink is not None and abs(ink[0] - edge) <= 5, ink
    primary = channels(project.brand.colors.primary)
    counts = picture.crop(band).getcolors(w * h) or []
    assert sum(n for n, c in counts if max(map(abs, map(int.__sub__, c, primary))) <= 8) > 1000
    title = svg.find("{http://www.w3.org/2000/svg}text")
    assert title is not None
    assert "".join(title.itertext()) == timeline.title["en"]
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["site", "timeline.png", "timeline.svg"]


@pytest.mark.parametrize(
    ("location", "hint"),
    [
        ("brooklyn", ", e.g. --location downtown"),
        ("down-town", "; did you mean --location downtown?"),
    ],
)
def test_chart_command_rejects_an_unknown_location(
    clinic: Path, tmp_path: Path, location: str, hint: str
) -> None:
    result = CliRunner().invoke(
        main,
        ["chart", "--project", str(clinic), "-l", location, "-o", str(tmp_path / "c.svg")],
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"error: --location: unknown location '{location}' "
        f"(expected one of: downtown, north-shore{hint})\n"
    )
    assert list(tmp_path.iterdir()) == []
