"""The logo keeps its proportions: its ratio is read from the file (SVG viewBox or size, PNG
pixels), and a wide PNG in the page header and on the brand sheet is drawn at its own shape
(measured in the rendered pixels), never squashed into a square."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PIL import Image, ImageChops

from handouts.commands.brand import build_brand_sheet
from handouts.commands.build import build, requested
from handouts.documents.base import HEADER_LOGO_HEIGHT, LOGO_GAP, LogoBox, header_logo
from handouts.load.logo import load_logo
from handouts.model import Source
from handouts.paths import ProjectPaths
from tests.brandutil import render_page
from tests.clinic import SOURCE_DATE_EPOCH, TODAY, make_project

DPI = 144  # two pixels per point
LOGO = (190, 30, 60)  # a colour nothing else on the page uses
SHEET_LOGO_HEIGHT = 56.0  # templates/css/brand-sheet.css
LOGO_LINE = 17  # where the test's brand.yaml names the logo
SVG = '<svg xmlns="http://www.w3.org/2000/svg" {}><rect width="1" height="1"/></svg>'


def write_png(path: Path, size: tuple[int, int]) -> None:
    """A solid PNG logo of ``size`` pixels."""
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.new("RGB", size, LOGO).save(path)


def logo_bbox(image: Image.Image) -> tuple[int, int, int, int]:
    """The pixel box of the logo's colour on a rendered page."""
    red, green, blue = ImageChops.difference(image, Image.new("RGB", image.size, LOGO)).split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    box = largest.point(lambda level: 255 if level <= 12 else 0).getbbox()
    assert box is not None, "logo not drawn"
    return box


@pytest.fixture(scope="module")
def wide_logo_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture clinic with a 600 x 200 pixel PNG logo (three times as wide as high)."""
    project = make_project(tmp_path_factory.mktemp("wide-logo") / "project")
    write_png(project / "content/brand/wide.png", (600, 200))
    brand = project / "content/brand.yaml"
    text = brand.read_text()
    assert "logo: brand/logo.svg" in text
    brand.write_text(text.replace("logo: brand/logo.svg", "logo: brand/wide.png"))
    return project


@pytest.fixture(scope="module")
def logo_files(tmp_path_factory: pytest.TempPathFactory) -> ProjectPaths:
    """A project folder holding logos of known shapes, and a PNG outside content/."""
    root = tmp_path_factory.mktemp("logos")
    brand = root / "content/brand"
    brand.mkdir(parents=True)
    (brand / "box.svg").write_text(SVG.format('viewBox="0 0 300 100" width="10"'))
    (brand / "sized.svg").write_text(SVG.format('width="120px" height="40px"'))
    (brand / "unsized.svg").write_text(SVG.format('width="100%"'))
    write_png(brand / "wide.png", (600, 200))
    write_png(brand / "tall.png", (300, 600))
    write_png(root / "outside.png", (600, 200))
    return ProjectPaths(root)


@pytest.mark.parametrize(
    ("logo", "ratio", "problem"),
    [
        ("brand/box.svg", 3, None),  # the viewBox wins over a width alone
        ("brand/sized.svg", 3, None),
        ("brand/wide.png", 3, None),
        ("brand/tall.png", 0.5, None),
        # Unknown shape: square, and nothing to report (the file is a fine SVG).
        ("brand/unsized.svg", 1, None),
        # A missing file, or one outside content/ (never opened): square, and reported.
        (
            "brand/missing.png",
            1,
            "'brand/missing.png' not found in content/ (expected a file such as brand/logo.svg)",
        ),
        (
            "../outside.png",
            1,
            "'../outside.png' points outside content/; save the logo in content/brand/ and write "
            "its name here, e.g. brand/logo.svg",
        ),
    ],
)
def test_ratio_of_svg_and_png_logos(
    logo_files: ProjectPaths, logo: str, ratio: float, problem: str | None
) -> None:
    brand = Source("content/brand.yaml", {("logo",): LOGO_LINE})
    loaded, problems = load_logo(logo_files, logo, brand)
    assert loaded.ratio == ratio
    expected = [f"content/brand.yaml:{LOGO_LINE}: error: logo: {problem}"] if problem else []
    assert [str(p) for p in problems] == expected


def test_header_box_keeps_the_shape() -> None:
    assert header_logo(1) == LogoBox(22, 22, 0, 30)  # a square logo
    assert header_logo(3) == LogoBox(66, 22, 0, 74)
    assert header_logo(0.5) == LogoBox(11, 22, 0, 19)
    # Wider than 4:1: as wide as 4 x 22 pt, centred on the 22 pt line.
    assert header_logo(8) == LogoBox(88, 11, 5.5, 96)


def test_wide_logo_keeps_its_shape_in_the_page_header(
    wide_logo_project: Path, tmp_path: Path
) -> None:
    result = build(
        ProjectPaths(wide_logo_project),
        tmp_path,
        requested(locations=["north-shore"], handouts=["visit-guide"], editions=[""]),
        today=TODAY,
        environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )
    (pdf,) = result.pdfs
    page = render_page(pdf.path, 0, DPI)
    x0, y0, x1, y1 = logo_bbox(page.crop((0, 0, page.width, DPI)))  # the top inch
    width, height = (x1 - x0) * 72 / DPI, (y1 - y0) * 72 / DPI
    print(f"header logo drawn {width:.1f} x {height:.1f} pt")
    assert height == pytest.approx(HEADER_LOGO_HEIGHT, abs=1)
    assert width / height == pytest.approx(3, rel=0.05)  # squashed, it measured 1:1
    # The clinic name starts after the logo, with the usual gap.
    with pdfplumber.open(pdf.path) as doc:
        chars = [c for c in doc.pages[0].chars if c["top"] < 72]
    name = min(c["x0"] for c in chars)
    assert name >= x1 * 72 / DPI + LOGO_GAP - 1, (name, x1 * 72 / DPI)


def test_wide_logo_keeps_its_shape_on_the_brand_sheet(
    wide_logo_project: Path, tmp_path: Path
) -> None:
    sheet = build_brand_sheet(ProjectPaths(wide_logo_project), tmp_path / "sheet.pdf")
    page = render_page(sheet.path, 0, DPI)
    x0, y0, x1, y1 = logo_bbox(page.crop((0, 0, page.width, 2 * DPI)))
    width, height = (x1 - x0) * 72 / DPI, (y1 - y0) * 72 / DPI
    print(f"brand sheet logo drawn {width:.1f} x {height:.1f} pt")
    assert height == pytest.approx(SHEET_LOGO_HEIGHT, abs=1)
    assert width / height == pytest.approx(3, rel=0.05)
    # The title beside it is not pushed off the page or under the logo.
    with pdfplumber.open(sheet.path) as doc:
        title = [c for c in doc.pages[0].chars if c["size"] > 20]
    assert title, "no title on the brand sheet"
    assert min(c["x0"] for c in title) > x1 * 72 / DPI
    assert max(c["x1"] for c in title) < 612 - 0.55 * 72
