"""A second brand (tests/fixtures/other-brand) swapped into a copy of the fixture clinic: every
handout must take its name, colours, logo and fonts from the brand file alone (the product's own
font folder is removed), and a location's own accent and tagline still win, proven from the PDFs
and the brand sheet."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import page as pdf_validator
import pdfplumber
import pypdf
import pypdfium2
import pytest

from handouts.colors import channels
from handouts.commands.brand import BrandSheet, build_brand_sheet
from handouts.commands.build import BuildResult, build, requested
from handouts.paths import ProjectPaths
from tests.brandutil import distance, dominant_colour, page_count, qr_texts, render_page
from tests.clinic import FIXTURE, ROOT, SOURCE_DATE_EPOCH, TODAY, make_project
from tests.pdfutil import font_report, page_texts

OTHER = FIXTURE.parent / "other-brand"
NAME = "Harbor Light Wellness"
PRIMARY, TEXT, ACCENT, PAPER = "#5b2a86", "#1c1917", "#a3470f", "#fffdf7"
CHART = ["#5b2a86", "#a3470f", "#0f766e", "#1e40af"]
BRAND_TAGLINE = "Calm, careful care close to home"
# The fixture clinic's north-shore sets its own accent and tagline; downtown keeps the brand's.
OWN_ACCENT = "#9a3412"
OWN_TAGLINE = "Your neighbours on the North Shore"
HANDOUT = "aftercare"  # its title, then a section that opens with BODY
TITLE, BODY = "After your visit: what to expect", "Rest for the rest of the day."
DPI = 100


@pytest.fixture(scope="module")
def other_brand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture clinic wearing the other brand, with only the other brand's fonts."""
    project = make_project(tmp_path_factory.mktemp("other-brand") / "project")
    shutil.rmtree(project / "templates/fonts")  # nothing may still rely on the product's font
    shutil.copytree(OTHER / "content", project / "content", dirs_exist_ok=True)
    shutil.copytree(OTHER / "templates", project / "templates", dirs_exist_ok=True)
    # Its one fallback family, for the fixture clinic's Chinese words (tests/fixtures/other-brand).
    vendor = project / "templates/fonts/vendor"
    vendor.mkdir()
    for name in ("NotoSansSC-OFL.txt", "NotoSansSC-Regular.ttf", "NotoSansSC-Bold.ttf"):
        shutil.copy(ROOT / "templates/fonts/vendor" / name, vendor / name)
    north_shore = (project / "content/locations/north-shore.yaml").read_text()
    assert f'accent: "{OWN_ACCENT}"' in north_shore and OWN_TAGLINE in north_shore
    return project


@pytest.fixture(scope="module")
def other_build(other_brand: Path) -> BuildResult:
    """One handout for every location, built once with the other brand."""
    return build(
        ProjectPaths(other_brand),
        other_brand / "output",
        requested(handouts=[HANDOUT], languages=["en"], editions=[""]),
        today=TODAY,
        environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )


@pytest.fixture(scope="module")
def other_sheet(other_brand: Path) -> BrandSheet:
    """The other brand's brand sheet."""
    return build_brand_sheet(ProjectPaths(other_brand), other_brand / "output/brand-sheet.pdf")


def content_order_text(path: Path) -> str:
    """The first page's text in the order it was laid out, on one line."""
    document = pypdfium2.PdfDocument(path)
    try:
        return " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()


def handout(build: BuildResult, location: str) -> Path:
    """The handout built for ``location``."""
    (path,) = [p.path for p in build.pdfs if p.document.location == location]
    return path


def rgb(colour: tuple[float, ...]) -> tuple[int, ...]:
    """A pdfplumber colour (0-1 floats) as 0-255 integers."""
    return tuple(round(c * 255) for c in colour)


def chars_of(pdf: Path, text: str, page: int = 0) -> list[dict]:
    """The characters of the first occurrence of ``text`` on a page."""
    with pdfplumber.open(pdf) as doc:
        chars = [c for c in doc.pages[page].chars if c["text"].strip()]
    # A ligature (ff, fi) is one character holding two letters: map letters back to characters.
    owner = [i for i, c in enumerate(chars) for _ in c["text"]]
    wanted = text.replace(" ", "")
    start = "".join(c["text"] for c in chars).find(wanted)
    assert start >= 0, f"{text!r} not on page {page + 1} of {pdf.name}"
    return [chars[i] for i in sorted(set(owner[start : start + len(wanted)]))]


def test_every_handout_was_built(other_build: BuildResult) -> None:
    assert sorted((p.document.id, p.document.location) for p in other_build.pdfs) == [
        (HANDOUT, "downtown"),
        (HANDOUT, "north-shore"),
    ]


def test_name_on_every_page_and_no_trace_of_the_fixture_brand(other_build: BuildResult) -> None:
    for pdf in other_build.pdfs:
        texts = page_texts(pdf.path)
        for number, text in enumerate(texts, start=1):
            assert NAME in text, f"{pdf.path.name} page {number}"
            assert "Harbor Test Clinic" not in text
            assert "Calm care, close to home" not in text
        metadata = pypdf.PdfReader(pdf.path).metadata
        assert metadata is not None and metadata.author == NAME


def test_fonts_are_the_brand_fonts_embedded_and_subset(other_build: BuildResult) -> None:
    for pdf in other_build.pdfs:
        fonts = font_report(pdf.path)
        names = {re.sub(r"^/[A-Z]{6}\+", "", name) for name in fonts}
        assert names == {"Lexend", "Lexend-Bold"}, names
        for name, info in fonts.items():
            assert info == {"embedded": True, "subset": True}, name


def test_header_is_drawn_in_the_brand_primary(other_build: BuildResult) -> None:
    for pdf in other_build.pdfs:
        for index in range(page_count(pdf.path)):
            page = render_page(pdf.path, index, DPI)
            header = page.crop((0, 0, page.width, DPI))  # the top inch: logo, name, rule
            colour = dominant_colour(header, ignore=PAPER)
            assert distance(colour, channels(PRIMARY)) <= 3, (pdf.path, index, colour)
            assert distance(page.getpixel((5, 5)), channels(PAPER)) <= 1  # the paper colour


def test_text_colours_come_from_the_brand(other_build: BuildResult) -> None:
    north_shore = handout(other_build, "north-shore")
    downtown = handout(other_build, "downtown")
    title = chars_of(north_shore, TITLE)
    assert {rgb(c["non_stroking_color"]) for c in title} == {channels(PRIMARY)}
    body = chars_of(north_shore, BODY)
    assert {rgb(c["non_stroking_color"]) for c in body} == {channels(TEXT)}
    # A location overrides its accent and tagline; the other keeps the brand's.
    assert {rgb(c["non_stroking_color"]) for c in chars_of(north_shore, OWN_TAGLINE)} == {
        channels(OWN_ACCENT)
    }
    brand_tagline = chars_of(downtown, BRAND_TAGLINE)
    assert {rgb(c["non_stroking_color"]) for c in brand_tagline} == {channels(ACCENT)}
    assert BRAND_TAGLINE not in page_texts(north_shore)[0]


def test_the_other_brand_stays_pdf_ua_compliant(other_build: BuildResult) -> None:
    report = pdf_validator.validate_pdf(handout(other_build, "north-shore"), profile="ua1")
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]


def test_qr_code_in_the_other_colours_scans(other_build: BuildResult) -> None:
    north_shore = handout(other_build, "north-shore")
    last = page_count(north_shore) - 1
    assert qr_texts(render_page(north_shore, last, DPI)) == ["https://example.org/book/north-shore"]


def test_brand_sheet_shows_the_other_brand(other_sheet: BrandSheet) -> None:
    assert other_sheet.pages == 1
    (text,) = page_texts(other_sheet.path)
    assert NAME in text
    assert "Body: Lexend" in text
    assert "Headings: Lexend" in text
    assert f"colors.primary {PRIMARY}" in text
    cards = content_order_text(other_sheet.path)  # card by card, not the columns side by side
    assert f"{OWN_TAGLINE} Own tagline; own accent colour {OWN_ACCENT}," in cards
    assert f"Downtown {BRAND_TAGLINE} Brand tagline; brand accent colour." in cards
    names = {re.sub(r"^/[A-Z]{6}\+", "", n) for n in font_report(other_sheet.path)}
    assert names == {"Lexend", "Lexend-Bold"}
    # The PNG logo is placed as an image, top left, in the brand's plum.
    page = render_page(other_sheet.path, 0, DPI)
    logo = page.crop((int(0.55 * DPI), int(0.4 * DPI), int(1.3 * DPI), int(1.15 * DPI)))
    assert distance(dominant_colour(logo, ignore=PAPER), channels(PRIMARY)) <= 3
    # Every chart colour (four distinct ones here) has its own swatch: about 55 x 18 pixels.
    counts = page.getcolors(page.width * page.height) or []
    for colour in CHART:
        assert f"{colour}" in text
        solid = sum(n for n, c in counts if distance(c, channels(colour)) <= 2)
        assert solid >= 55 * 16, (colour, solid)
    assert sorted(qr_texts(page)) == [
        "https://example.org/book/downtown",
        "https://example.org/book/north-shore",
    ]
