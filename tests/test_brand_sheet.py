"""`handouts brand`: the one-page brand sheet marketing prints to check a change."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import page as pdf_validator
import pypdf
import pytest
from click.testing import CliRunner

from handouts.brandcheck import contrast_checks
from handouts.cli import main
from handouts.contrast import channels, format_ratio
from handouts.loader import load_project
from handouts.project import ProjectPaths
from tests.brandutil import distance, line_of, qr_texts, render_page
from tests.pdfutil import font_report, page_texts

ROOT = Path(__file__).resolve().parent.parent
DPI = 100


@pytest.fixture(scope="module")
def sheet_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the shipped project (the CLI writes into PROJECT/output by default)."""
    project = tmp_path_factory.mktemp("sheet") / "project"
    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    return project


@pytest.fixture(scope="module")
def sheet(sheet_project: Path) -> tuple[Path, str]:
    """The brand sheet written by the command line, and what the command printed."""
    result = CliRunner().invoke(main, ["brand", "--project", str(sheet_project)])
    assert result.exit_code == 0, result.output
    return sheet_project / "output/brand-sheet.pdf", result.output


def test_command_writes_one_page_to_the_default_place(sheet: tuple[Path, str]) -> None:
    path, output = sheet
    assert re.fullmatch(r"wrote \S*output/brand-sheet\.pdf  \(1 page, \d+ KiB\)\n", output)
    reader = pypdf.PdfReader(path)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)
    assert reader.metadata.title == "Brand sheet: Ketamine Wellness NY"


def test_sheet_shows_the_brand_and_every_contrast_figure(sheet: tuple[Path, str]) -> None:
    (text,) = page_texts(sheet[0])
    flat = " ".join(text.split())
    project, _ = load_project(ProjectPaths(ROOT))
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
        assert location.booking_url.removeprefix("https://") in flat
    assert "Standard disclaimer" in flat


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


def test_every_colour_is_printed_as_a_swatch_and_every_qr_scans(sheet: tuple[Path, str]) -> None:
    project, _ = load_project(ProjectPaths(ROOT))
    colors = project.brand.colors
    page = render_page(sheet[0], 0, DPI)
    counts = page.getcolors(page.width * page.height) or []
    # A swatch is 40 x 13 pt: at 100 dpi about 55 x 18 solid pixels of exactly that colour.
    for name in ("primary", "accent", "text", "muted", "surface", *colors.chart):
        colour = channels(getattr(colors, name, name))
        solid = sum(n for n, c in counts if distance(c, colour) <= 2)
        assert solid >= 55 * 16, (name, solid)
    assert sorted(qr_texts(page)) == sorted(loc.booking_url for loc in project.locations.values())


def test_sheet_refuses_a_bad_brand_like_the_build(tmp_path: Path, sheet_project: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(sheet_project / "content", project / "content")
    shutil.copytree(sheet_project / "templates", project / "templates")
    brand = project / "content/brand.yaml"
    brand.write_text(brand.read_text().replace('"#4b5563"', '"#a0a0a0"'))
    out = tmp_path / "sheet.pdf"
    result = CliRunner().invoke(main, ["brand", "--project", str(project), "--output", str(out)])
    assert result.exit_code == 1
    assert (
        f"content/brand.yaml:{line_of(brand, '  muted:')}: error: colors.muted #a0a0a0 on "
        "colors.background #ffffff has contrast 2.6:1, needs 4.5:1"
    ) in result.output
    assert not out.exists()
