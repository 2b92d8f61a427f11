"""`handouts brand`: the one-page brand sheet marketing prints to check a change, made for the
fixture clinic by the command line (colours with their contrast, fonts, each location's tagline,
accent and booking QR code), and refused like a build when the brand is bad."""

from __future__ import annotations

import re
from pathlib import Path

import page as pdf_validator
import pypdf
import pypdfium2
import pytest
from click.testing import CliRunner

from handouts.cli import main
from handouts.colors import accent_check, channels, contrast_checks, format_ratio
from handouts.load import load_project
from handouts.model import Project
from handouts.paths import ProjectPaths
from tests.brandutil import distance, line_of, qr_texts, render_page
from tests.clinic import make_project
from tests.pdfutil import font_report, page_texts

DPI = 100


def content_order_text(path: Path) -> str:
    """The first page's text in the order it was laid out, on one line."""
    document = pypdfium2.PdfDocument(path)
    try:
        return " ".join(document[0].get_textpage().get_text_range().split())
    finally:
        document.close()


@pytest.fixture(scope="module")
def sheet_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the fixture clinic (the CLI writes into PROJECT/output by default)."""
    return make_project(tmp_path_factory.mktemp("sheet") / "project")


@pytest.fixture(scope="module")
def project(clinic: Path) -> Project:
    """The fixture clinic as loaded: what the sheet must show."""
    loaded, problems = load_project(ProjectPaths(clinic))
    assert loaded is not None, problems
    return loaded


@pytest.fixture(scope="module")
def sheet(sheet_project: Path) -> tuple[Path, str]:
    """The brand sheet written by the command line, and what the command printed."""
    result = CliRunner().invoke(main, ["brand", "--project", str(sheet_project)])
    assert result.exit_code == 0, result.output
    return sheet_project / "output/brand-sheet.pdf", result.output


def test_command_writes_one_page_to_the_default_place(
    sheet: tuple[Path, str], project: Project
) -> None:
    path, output = sheet
    assert re.fullmatch(r"wrote \S*output/brand-sheet\.pdf  \(1 page, \d+ KiB\)\n", output)
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)
    assert reader.metadata is not None
    assert reader.metadata.title == f"Brand sheet: {project.brand.name}"
    assert reader.metadata.author == project.brand.name


def test_sheet_shows_the_brand_and_every_contrast_figure(
    sheet: tuple[Path, str], project: Project
) -> None:
    (text,) = page_texts(sheet[0])
    flat = " ".join(text.split())
    brand = project.brand
    assert brand.name in flat
    assert brand.tagline["en"] in flat
    assert "example.org" in flat
    for check in contrast_checks(brand.colors):
        assert f"{check.label} {check.foreground}" in flat
        on = check.background_key[-1]
        assert f"{format_ratio(check.ratio)} on {on} (needs {format_ratio(check.minimum)})" in flat
    # List items are numbered like people count them, and every figure has one decimal.
    for number, colour in enumerate(brand.colors.chart, start=1):
        assert f"colors.chart #{number} {colour}" in flat
    assert "colour 1" not in flat
    ratios = re.findall(r"[\d.]+:1", flat)
    assert len(ratios) >= 2 * len(contrast_checks(brand.colors))
    assert all(re.fullmatch(r"\d+\.\d:1", r) for r in ratios), ratios
    assert "(needs 3.0:1)" in flat and "(needs 4.5:1)" in flat
    for size in ("10 pt", "12.5 pt", "13.5 pt", "17 pt", "24 pt"):
        assert size in flat
    assert f"Body: {brand.fonts.body}" in flat
    assert f"Headings: {brand.fonts.headings}" in flat
    for location in project.locations.values():
        assert location.name in flat
        assert str(location.booking_url).removeprefix("https://") in flat
    assert "Standard disclaimer" in flat
    assert " ".join(brand.disclaimer["en"].split()) in flat


def test_each_location_card_says_what_it_sets_of_the_brand(
    sheet: tuple[Path, str], project: Project
) -> None:
    flat = content_order_text(sheet[0])  # card by card, not the columns' lines side by side
    brand = project.brand
    own = [loc for loc in project.locations.values() if loc.brand.accent is not None]
    plain = [loc for loc in project.locations.values() if loc.brand.accent is None]
    assert own and plain, "the fixture clinic has a location with its own accent and one without"
    for location in own:
        accent = location.brand.accent
        assert location.brand.tagline is not None and accent is not None
        figure = accent_check(accent, brand.colors)
        assert (
            f"{location.name} {location.brand.tagline['en']} Own tagline; own accent colour "
            f"{accent}, {format_ratio(figure.ratio)} on background "
            f"(needs {format_ratio(figure.minimum)})."
        ) in flat
    for location in plain:
        assert (
            f"{location.name} {brand.tagline['en']} Brand tagline; brand accent colour."
        ) in flat


def test_sheet_uses_only_the_brand_fonts_embedded_and_subset(sheet: tuple[Path, str]) -> None:
    fonts = font_report(sheet[0])
    assert {re.sub(r"^/[A-Z]{6}\+", "", n) for n in fonts} == {
        "Atkinson-Hyperlegible",
        "Atkinson-Hyperlegible-Bold",
    }
    assert all(info == {"embedded": True, "subset": True} for info in fonts.values())


def test_sheet_is_pdf_ua_compliant(sheet: tuple[Path, str]) -> None:
    report = pdf_validator.validate_pdf(sheet[0], profile="ua1")
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]


def test_every_colour_is_printed_as_a_swatch_and_every_qr_scans(
    sheet: tuple[Path, str], project: Project
) -> None:
    colors = project.brand.colors
    page = render_page(sheet[0], 0, DPI)
    counts = page.getcolors(page.width * page.height) or []
    # A swatch is 40 x 13 pt: at 100 dpi about 55 x 18 solid pixels of exactly that colour.
    for name in ("primary", "accent", "text", "muted", "surface", *colors.chart):
        colour = channels(getattr(colors, name, name))
        solid = sum(n for n, c in counts if distance(c, colour) <= 2)
        assert solid >= 55 * 16, (name, solid)
    assert sorted(qr_texts(page)) == sorted(
        str(loc.booking_url) for loc in project.locations.values()
    )


def test_sheet_refuses_a_bad_brand_like_the_build(tmp_path: Path, clinic_copy: Path) -> None:
    brand = clinic_copy / "content/brand.yaml"
    text = brand.read_text()
    assert 'muted: "#4b5563"' in text
    brand.write_text(text.replace('muted: "#4b5563"', 'muted: "#a0a0a0"'))
    out = tmp_path / "sheet.pdf"
    result = CliRunner().invoke(
        main, ["brand", "--project", str(clinic_copy), "--output", str(out)]
    )
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"content/brand.yaml:{line_of(brand, '  muted:')}: error: colors.muted #a0a0a0 on "
        "colors.background #ffffff has contrast 2.6:1, needs 4.5:1"
    ]
    assert not out.exists()
