"""Booking QR codes: vector SVG with alt text, and the printed code really scans."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from handouts.build import BuildResult
from handouts.qr import QUIET_ZONE, qr_svg
from tests.brandutil import qr_texts, render_page
from tests.pdfutil import page_texts

BOOKING = {
    "queens": "https://example.org/book/queens",
    "long-island": "https://example.org/book/long-island",
}
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """Parse inline SVG (written without a namespace, as HTML allows) as XML."""
    return ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def test_qr_svg_is_vector_with_a_title_and_quiet_zone() -> None:
    root = parse(qr_svg("https://example.org/book/queens", "#1f2328", "Book <online>", "#ffffff"))
    assert root.find(f"{SVG}title").text == "Book <online>"
    width = int(root.get("viewBox").split()[2])
    background, modules = root.findall(f"{SVG}path")
    assert background.get("fill") in ("#fff", "#ffffff")
    assert modules.get("stroke") == "#1f2328"
    # The first dark module starts after the quiet zone, in both directions.
    assert modules.get("d").startswith(f"M{QUIET_ZONE} {QUIET_ZONE}.5")
    assert width == 29 + 2 * QUIET_ZONE  # version 3 for this address


def test_light_text_on_dark_paper_still_prints_dark_modules() -> None:
    root = parse(qr_svg("https://example.org/book/queens", "#f5f5f5", "Book", "#111111"))
    background, modules = root.findall(f"{SVG}path")
    assert background.get("fill") == "#f5f5f5"
    assert modules.get("stroke") == "#111"


@pytest.mark.parametrize("location", BOOKING)
def test_printed_qr_code_scans_to_the_booking_address(
    shipped_build: BuildResult, location: str
) -> None:
    (pdf,) = [p.path for p in shipped_build.pdfs if p.job.location == location]
    texts = page_texts(pdf)
    (index,) = [i for i, text in enumerate(texts) if "Book online" in text]
    # The address is printed beside the code for readers without a phone camera.
    assert BOOKING[location].removeprefix("https://") in texts[index]
    # 100 dpi is a rough phone photo of a printed page; the code must still read.
    assert qr_texts(render_page(pdf, index, dpi=100)) == [BOOKING[location]]


def test_qr_code_is_tagged_as_a_figure_with_alt_text(shipped_build: BuildResult) -> None:
    import pypdf

    (pdf,) = [p.path for p in shipped_build.pdfs if p.job.location == "queens"]
    reader = pypdf.PdfReader(pdf)
    alts = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert "QR code to book online at example.org/book/queens" in alts


def test_missing_qr_wording_is_a_template_error(project_copy: Path) -> None:
    """A language file lacking the QR wording stops the build; it never prints a blank."""
    from handouts.build import build
    from handouts.errors import HandoutsError
    from handouts.project import ProjectPaths

    strings = project_copy / "content/strings/en.yaml"
    strings.write_text(
        "\n".join(
            line for line in strings.read_text().splitlines() if not line.startswith("booking_qr")
        )
    )
    with pytest.raises(HandoutsError, match="'dict object' has no attribute 'booking_qr'"):
        build(ProjectPaths(project_copy), project_copy / "out")
