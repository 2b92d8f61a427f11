"""A second brand (tests/fixtures/other-brand) swapped into a copy of the project: every handout
must take its name, colours, logo and fonts from the brand file alone, proven from the PDFs."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import page as pdf_validator
import pdfplumber
import pypdf
import pytest

from handouts.brandsheet import BrandSheet, build_brand_sheet
from handouts.build import BuildResult, build
from handouts.contrast import channels
from handouts.project import ProjectPaths
from tests.brandutil import distance, dominant_colour, page_count, qr_texts, render_page
from tests.pdfutil import font_report, page_texts

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests/fixtures/other-brand"
NAME = "Harbor Light Wellness"
PRIMARY, TEXT, ACCENT, PAPER = "#5b2a86", "#1c1917", "#a3470f", "#fffdf7"
QUEENS_ACCENT = "#0f766e"
QUEENS_TAGLINE = "Your neighbours in Queens"
DPI = 100


@pytest.fixture(scope="module")
def other_brand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project wearing the other brand; Queens sets its own accent and tagline."""
    project = tmp_path_factory.mktemp("other-brand") / "project"
    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    shutil.rmtree(project / "templates/fonts")  # nothing may still rely on the shipped font
    shutil.copytree(FIXTURE / "content", project / "content", dirs_exist_ok=True)
    shutil.copytree(FIXTURE / "templates", project / "templates", dirs_exist_ok=True)
    queens = project / "content/locations/queens.yaml"
    queens.write_text(
        queens.read_text()
        + f'brand:\n  accent: "{QUEENS_ACCENT}"\n  tagline:\n    en: {QUEENS_TAGLINE}\n'
    )
    return project


@pytest.fixture(scope="module")
def other_build(other_brand: Path) -> BuildResult:
    """Every handout for every location, built once with the other brand."""
    return build(ProjectPaths(other_brand), other_brand / "output")


@pytest.fixture(scope="module")
def other_sheet(other_brand: Path) -> BrandSheet:
    """The other brand's brand sheet."""
    return build_brand_sheet(ProjectPaths(other_brand), other_brand / "output/brand-sheet.pdf")


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
    assert {p.job.location for p in other_build.pdfs} == {"queens", "long-island"}
    assert other_build.pdfs


def test_name_on_every_page_and_no_trace_of_the_shipped_brand(other_build: BuildResult) -> None:
    for pdf in other_build.pdfs:
        texts = page_texts(pdf.path)
        for number, text in enumerate(texts, start=1):
            assert NAME in text, f"{pdf.path.name} page {number}"
            assert "Ketamine Wellness NY" not in text
        assert pypdf.PdfReader(pdf.path).metadata.author == NAME


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
    (queens,) = [p.path for p in other_build.pdfs if p.job.location == "queens"]
    (long_island,) = [p.path for p in other_build.pdfs if p.job.location == "long-island"]
    title = chars_of(queens, "Side effects of ketamine")
    assert {rgb(c["non_stroking_color"]) for c in title} == {channels(PRIMARY)}
    body = chars_of(queens, "Ketamine is a medicine")
    assert {rgb(c["non_stroking_color"]) for c in body} == {channels(TEXT)}
    # A location overrides its accent and tagline; the other keeps the brand's.
    assert {rgb(c["non_stroking_color"]) for c in chars_of(queens, QUEENS_TAGLINE)} == {
        channels(QUEENS_ACCENT)
    }
    brand_tagline = chars_of(long_island, "Calm, careful care close to home")
    assert {rgb(c["non_stroking_color"]) for c in brand_tagline} == {channels(ACCENT)}
    assert "Calm, careful care" not in page_texts(queens)[0]


def test_the_other_brand_stays_pdf_ua_compliant(other_build: BuildResult) -> None:
    (queens,) = [p.path for p in other_build.pdfs if p.job.location == "queens"]
    report = pdf_validator.validate_pdf(queens, profile="ua1")
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]


def test_qr_code_in_the_other_colours_scans(other_build: BuildResult) -> None:
    (queens,) = [p.path for p in other_build.pdfs if p.job.location == "queens"]
    last = page_count(queens) - 1
    assert qr_texts(render_page(queens, last, DPI)) == ["https://example.org/book/queens"]


def test_brand_sheet_shows_the_other_brand(other_sheet: BrandSheet) -> None:
    assert other_sheet.pages == 1
    (text,) = page_texts(other_sheet.path)
    assert NAME in text
    assert "Body: Lexend" in text
    assert "Headings: Lexend" in text
    assert f"colors.primary {PRIMARY}" in text
    assert f"own accent colour {QUEENS_ACCENT}" in text
    assert QUEENS_TAGLINE in text
    names = {re.sub(r"^/[A-Z]{6}\+", "", n) for n in font_report(other_sheet.path)}
    assert names == {"Lexend", "Lexend-Bold"}
    # The PNG logo is placed as an image, top left, in the brand's plum.
    page = render_page(other_sheet.path, 0, DPI)
    logo = page.crop((int(0.55 * DPI), int(0.4 * DPI), int(1.3 * DPI), int(1.15 * DPI)))
    assert distance(dominant_colour(logo, ignore=PAPER), channels(PRIMARY)) <= 3
    assert sorted(qr_texts(page)) == [
        "https://example.org/book/long-island",
        "https://example.org/book/queens",
    ]
