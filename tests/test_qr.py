"""Booking QR codes: vector SVG with alt text, and the printed code really scans, on a handout's
contact card and on the packet cover, in each location of the fixture clinic; a language file
without the QR wording stops at the gate."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pypdf
import pytest

from handouts.checks import Options, gate
from handouts.commands.build import BuildResult
from handouts.load import load_project
from handouts.paths import ProjectPaths
from handouts.render.qr import QUIET_ZONE, qr_svg
from tests.brandutil import line_of, qr_texts, render_page
from tests.clinic import TODAY
from tests.pdfutil import page_texts

LOCATIONS = ["downtown", "north-shore"]
DOCUMENTS = ["aftercare.pdf", "first-visit-packet.pdf"]
SVG = "{http://www.w3.org/2000/svg}"


def parse(svg: str) -> ET.Element:
    """Parse inline SVG (written without a namespace, as HTML allows) as XML."""
    return ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{SVG[1:-1]}" ', 1))


def built(build: BuildResult, location: str, name: str) -> Path:
    """The PDF output/<location>/<name> of a build."""
    (path,) = [p.path for p in build.pdfs if p.path.parts[-2:] == (location, name)]
    return path


@pytest.fixture(scope="module")
def booking(clinic: Path) -> dict[str, str]:
    """Each location's booking address, as its file gives it."""
    project, problems = load_project(ProjectPaths(clinic))
    assert project is not None, problems
    return {lid: str(loc.booking_url) for lid, loc in project.locations.items()}


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


@pytest.mark.parametrize("document", DOCUMENTS)
@pytest.mark.parametrize("location", LOCATIONS)
def test_printed_qr_code_scans_to_the_booking_address(
    clinic_build: BuildResult, booking: dict[str, str], location: str, document: str
) -> None:
    pdf = built(clinic_build, location, document)
    texts = page_texts(pdf)
    cards = [i for i, text in enumerate(texts) if "Book online" in text]
    assert cards, "no booking card"
    for index in cards:  # a packet has one on its cover and one in its contact part
        # The address is printed beside the code for readers without a phone camera.
        assert booking[location].removeprefix("https://") in texts[index]
        # 100 dpi is a rough phone photo of a printed page; the code must still read.
        assert qr_texts(render_page(pdf, index, dpi=100)) == [booking[location]], index + 1


@pytest.mark.parametrize("location", LOCATIONS)
def test_qr_code_is_tagged_as_a_figure_with_alt_text(
    clinic_build: BuildResult, booking: dict[str, str], location: str
) -> None:
    reader = pypdf.PdfReader(built(clinic_build, location, "aftercare.pdf"))
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
    # The code's words, from the strings file; the address itself is read right after it, as
    # the link beside the code, so the alternative text does not repeat it.
    assert "QR code to book online (the address is printed beside it)" in alts
    assert not any(booking[location].removeprefix("https://") in alt for alt in alts)


def test_missing_qr_wording_is_a_template_error(clinic_copy: Path) -> None:
    """A language file lacking the QR wording stops the gate; it never prints a blank."""
    strings = clinic_copy / "content/strings/en.yaml"
    assert line_of(strings, "booking_qr:")
    strings.write_text(
        "\n".join(
            line for line in strings.read_text().splitlines() if not line.startswith("booking_qr")
        )
    )
    _, report = gate(ProjectPaths(clinic_copy), Options(TODAY), collect=True)
    partial = clinic_copy / "templates/partials/booking-qr.html"
    assert [str(p) for p in report.errors] == [
        f"templates/partials/booking-qr.html:{line_of(partial, 'strings.booking_qr')}: error: "
        "'dict object' has no attribute 'booking_qr'"
    ]
