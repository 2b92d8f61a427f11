"""Helpers for brand tests: render PDF pages to pixels, read QR codes, sample colours."""

from __future__ import annotations

from pathlib import Path

import pypdfium2 as pdfium
import zxingcpp
from PIL import Image

from handouts.colors import channels


def render_page(path: Path, index: int, dpi: int = 100) -> Image.Image:
    """One page of a PDF as an RGB image, as a printer would lay it out."""
    pdf = pdfium.PdfDocument(path)
    try:
        return pdf[index].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        pdf.close()


def page_count(path: Path) -> int:
    """Number of pages."""
    pdf = pdfium.PdfDocument(path)
    try:
        return len(pdf)
    finally:
        pdf.close()


def qr_texts(image: Image.Image) -> list[str]:
    """What every QR code on the image says, as a phone camera would read it."""
    return [
        code.text for code in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    ]


def distance(a: tuple[int, ...], b: tuple[int, ...]) -> int:
    """Largest per-channel difference of two RGB colours."""
    return max(abs(x - y) for x, y in zip(a, b, strict=True))


def dominant_colour(image: Image.Image, ignore: str, tolerance: int = 24) -> tuple[int, int, int]:
    """The most frequent colour of an image region, leaving out ``ignore`` (the paper) and its
    anti-aliased neighbours."""
    paper = channels(ignore)
    counts = image.getcolors(image.width * image.height) or []
    _, colour = max((n, c) for n, c in counts if distance(c, paper) > tolerance)
    return colour


def line_of(path: Path, text: str) -> int:
    """1-based number of the first line of ``path`` holding ``text``."""
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")
