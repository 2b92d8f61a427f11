"""Pictures of PDF pages at low resolution, compared with a stated tolerance.

The pages with a baseline are the fixture clinic's (tests/fixtures/clinic), so an edit to the
shipped clinic's words never changes a picture; together they show the running header and footer,
the title block in each location's brand, the chart and its table, and the packet cover with its
appointment box and contact card, and the large-print edition's first page.

Like WeasyPrint's own pixel tests: a per-channel tolerance absorbs anti-aliasing differences
between builds of FreeType and PDFium; a small share of pixels may differ beyond it (a changed
digit), but a layout that moves (a line that wraps, a block pushed down) changes far more.
Failures save actual, expected and diff PNGs under tests/_artifacts/ (git-ignored).
Baselines change only on purpose: `scripts/update_baselines.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pypdfium2
from PIL import Image, ImageChops

DPI = 40
CHANNEL_TOLERANCE = 24  # out of 255, per red, green and blue channel
MAX_DIFFERING = 0.002  # share of pixels allowed beyond the tolerance (0.2 %, ~300 pixels)
TESTS = Path(__file__).resolve().parent
BASELINES = TESTS / "baselines"
ARTIFACTS = TESTS / "_artifacts"


LOCATIONS = ("downtown", "north-shore")
"""The fixture clinic's locations: north-shore has its own accent and tagline, downtown not."""
PAGES = (
    ("aftercare.pdf", 1),
    ("aftercare.pdf", 2),
    ("first-visit-packet.pdf", 1),
    ("aftercare.large-print.pdf", 1),
)
"""Pages with a baseline in each location: a handout's header, footer and title block, its
chart and tables, the packet cover (appointment box, contact card, booking QR code), and the
first page of the large-print edition."""


def baseline_name(pdf: str, page: int = 1) -> str:
    """tests/baselines file for a page of output/<location>/<document>.pdf."""
    stem = pdf.removesuffix(".pdf").replace("/", "-")
    return f"{stem}-p{page}.png"


def baseline_pages() -> list[tuple[str, int]]:
    """Every (output path, 1-based page) that has a baseline, e.g. ('downtown/aftercare.pdf', 1)."""
    return [(f"{location}/{pdf}", page) for location in LOCATIONS for pdf, page in PAGES]


def render_page(pdf: Path, page: int = 1, dpi: int = DPI) -> Image.Image:
    """One page of a PDF as an RGB picture."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        bitmap = document[page - 1].render(scale=dpi / 72)
        return bitmap.to_pil().convert("RGB")
    finally:
        document.close()


@dataclass(frozen=True)
class ImageDiff:
    """How a picture differs from its baseline."""

    differing: int
    total: int
    first: tuple[int, int] | None
    actual_pixel: tuple[int, ...] | None = None
    expected_pixel: tuple[int, ...] | None = None
    sizes: tuple[tuple[int, int], tuple[int, int]] | None = None

    def describe(self, what: str) -> str:
        """One line for a failure message."""
        if self.sizes is not None:
            return f"{what}: size {self.sizes[0]} differs from the baseline's {self.sizes[1]}"
        return (
            f"{what}: {self.differing} of {self.total} pixels "
            f"({self.differing / self.total:.2%}) differ by more than {CHANNEL_TOLERANCE}/255, "
            f"above the {MAX_DIFFERING:.1%} allowed; first at (x={self.first[0]}, "
            f"y={self.first[1]}): {self.actual_pixel} instead of {self.expected_pixel}"
            if self.first
            else f"{what}: differs"
        )


def difference_mask(actual: Image.Image, expected: Image.Image) -> Image.Image:
    """A black-and-white mask of the pixels that differ by more than the tolerance."""
    channels = ImageChops.difference(actual, expected).split()
    masks = [c.point(lambda v: 255 if v > CHANNEL_TOLERANCE else 0) for c in channels]
    mask = masks[0]
    for other in masks[1:]:
        mask = ImageChops.lighter(mask, other)
    return mask


def compare(actual: Image.Image, expected: Image.Image) -> ImageDiff | None:
    """None when ``actual`` matches ``expected`` within the tolerance; else how it differs."""
    actual, expected = actual.convert("RGB"), expected.convert("RGB")
    total = actual.width * actual.height
    if actual.size != expected.size:
        return ImageDiff(total, total, None, sizes=(actual.size, expected.size))
    mask = difference_mask(actual, expected)
    differing = mask.histogram()[255]
    if differing <= total * MAX_DIFFERING:
        return None
    index = mask.tobytes().index(255)  # mode L: one byte per pixel, in reading order
    x, y = index % actual.width, index // actual.width
    return ImageDiff(differing, total, (x, y), actual.getpixel((x, y)), expected.getpixel((x, y)))


def diff_picture(actual: Image.Image, expected: Image.Image) -> Image.Image:
    """The baseline, faded, with the differing pixels in red."""
    faded = Image.blend(expected.convert("RGB"), Image.new("RGB", expected.size, "white"), 0.7)
    if actual.size != expected.size:
        return faded
    red = Image.new("RGB", expected.size, (220, 0, 0))
    return Image.composite(red, faded, difference_mask(actual.convert("RGB"), expected))


def save_artifacts(
    name: str, actual: Image.Image, expected: Image.Image, folder: Path = ARTIFACTS
) -> list[Path]:
    """Write actual, expected and diff pictures for a failed comparison."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = name.removesuffix(".png")
    saved = []
    for kind, picture in (
        ("actual", actual),
        ("expected", expected),
        ("diff", diff_picture(actual, expected)),
    ):
        path = folder / f"{stem}.{kind}.png"
        picture.save(path)
        saved.append(path)
    return saved
