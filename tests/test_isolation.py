"""A normal build stays inside the project (fixture clinic): no network connection, no embedded
file, and data from location, brand and chart files printed as text, never as markup."""

from __future__ import annotations

import socket
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pypdf
import pytest

from handouts.commands.build import BuildResult, Request, build, requested
from handouts.errors import HandoutsError
from handouts.paths import ProjectPaths
from handouts.render.pdf import no_embedded_files
from tests.clinic import SOURCE_DATE_EPOCH, TODAY, make_project
from tests.pdfutil import page_texts

ENVIRON = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}


@contextmanager
def no_network() -> Iterator[list[str]]:
    """Every way Python opens a connection or looks up a name raises, and is recorded."""
    attempts: list[str] = []

    def refuse(what: str):  # type: ignore[no-untyped-def]
        def blocked(*args: object, **kwargs: object) -> None:
            attempts.append(f"{what}{args[1:] if what.startswith('socket.') else args}")
            raise OSError(f"network blocked by the test: {what}")

        return blocked

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", refuse("socket.connect"))
        patch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
        patch.setattr(socket, "create_connection", refuse("create_connection"))
        patch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
        yield attempts


@pytest.fixture(scope="module")
def offline_build(
    clinic: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[BuildResult, list[str]]:
    """One handout and the packets (both templates, every section, the chart, the QR code) of
    one location, built with the network blocked."""
    out = tmp_path_factory.mktemp("offline")
    request = Request(
        locations=("north-shore",), handouts=("aftercare",), packets=True, editions=("",)
    )
    with no_network() as attempts:
        result = build(ProjectPaths(clinic), out, request, today=TODAY, environ=ENVIRON)
    return result, attempts


def test_the_network_block_works() -> None:
    with no_network() as attempts, pytest.raises(OSError):
        urllib.request.urlopen("http://example.org/", timeout=1)
    assert attempts, "the block recorded nothing: the test below would prove nothing"


def test_a_normal_build_opens_no_network_connection(
    offline_build: tuple[BuildResult, list[str]], clinic_build: BuildResult
) -> None:
    result, attempts = offline_build
    assert attempts == []
    assert {pdf.document.kind for pdf in result.pdfs} == {"handout", "packet", "packet-duplex"}
    # The same PDFs as the session's build: nothing was left out for want of the network.
    session = {pdf.path.parts[-2:]: pdf.sha256 for pdf in clinic_build.pdfs}
    for pdf in result.pdfs:
        assert pdf.sha256 == session[pdf.path.parts[-2:]], pdf.path


def embedded_files(path: Path) -> list[str]:
    """Everything in a PDF that carries a file: /EmbeddedFiles, /AF, file attachment notes."""
    reader = pypdf.PdfReader(path)
    root = reader.trailer["/Root"]
    found = []
    names = root.get("/Names")
    if names is not None and "/EmbeddedFiles" in names.get_object():
        found.append("/EmbeddedFiles")
    if "/AF" in root:
        found.append("/AF")
    for number, page in enumerate(reader.pages, start=1):
        for annot in page.get("/Annots") or []:
            if annot.get_object().get("/Subtype") == "/FileAttachment":
                found.append(f"page {number}: /FileAttachment")
    return found


def test_no_pdf_of_a_normal_build_embeds_a_file(clinic_build: BuildResult) -> None:
    for pdf in clinic_build.pdfs:
        assert embedded_files(pdf.path) == [], pdf.path
        raw = pdf.path.read_bytes()
        assert b"/EmbeddedFiles" not in raw and b"/FileAttachment" not in raw


def test_the_embedded_file_probe_finds_an_attachment(tmp_path: Path) -> None:
    # So that an empty answer above means something.
    writer = pypdf.PdfWriter()
    writer.add_blank_page(100, 100)
    writer.add_attachment("notes.txt", b"private")
    path = tmp_path / "with-attachment.pdf"
    writer.write(path)
    assert embedded_files(path) == ["/EmbeddedFiles"]


# --- Escaping: data is text -----------------------------------------------------------------

MARKUP = {
    "brand name": "Harbor <b>Test</b> Clinic",
    "tagline": "Calm <i>and</i> close to home",
    "disclaimer": 'General facts <a href="file:///etc/passwd">only</a> & more.',
    "location name": "Down <u>town</u>",
    "address": '20 <img src="file:///etc/passwd"> Street',
    "hours": "Monday <script>alert(1)</script> to Friday",
    "chart legend": "Usual: when it <em>usually</em> happens",
}


def set_value(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture(scope="module")
def markup_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Downtown's aftercare handout (brand, location, contact card and chart) built with HTML
    in every free-text brand and location field it prints, and in the chart's data."""
    project = make_project(tmp_path_factory.mktemp("markup") / "clinic")
    brand = project / "content/brand.yaml"
    set_value(brand, "name: Harbor Test Clinic", f"name: '{MARKUP['brand name']}'")
    set_value(brand, "en: Calm care, close to home", f"en: '{MARKUP['tagline']}'")
    text = brand.read_text(encoding="utf-8")
    start = text.index("disclaimer:")
    brand.write_text(text[:start] + f"disclaimer:\n  en: '{MARKUP['disclaimer']}'\n")
    downtown = project / "content/locations/downtown.yaml"
    set_value(downtown, "name: Downtown", f"name: '{MARKUP['location name']}'")
    set_value(downtown, "- 20 Example Street", f"- '{MARKUP['address']}'")
    set_value(downtown, '- "Monday to Friday: 9 am to 5 pm"', f"- '{MARKUP['hours']}'")
    chart = project / "content/charts/recovery.yaml"
    set_value(chart, 'en: "Usual: when it happens"', f"en: '{MARKUP['chart legend']}'")
    out = tmp_path_factory.mktemp("markup-out")
    request = requested(locations=["downtown"], handouts=["aftercare"], editions=[""])
    result = build(ProjectPaths(project), out, request, today=TODAY, environ=ENVIRON)
    (pdf,) = result.pdfs
    return pdf.path


@pytest.fixture(scope="module")
def markup_text(markup_build: Path) -> str:
    """The handout's text, whitespace collapsed."""
    return " ".join(" ".join(page_texts(markup_build)).split())


@pytest.mark.parametrize("field", MARKUP)
def test_markup_in_data_prints_literally(markup_text: str, field: str) -> None:
    if field.startswith("chart"):
        # pdfplumber reads the chart's SVG text without its spaces: compare without them.
        assert MARKUP[field].replace(" ", "") in markup_text.replace(" ", "")
    else:
        assert MARKUP[field] in markup_text


def test_markup_in_the_brand_name_stays_text_in_the_metadata(markup_build: Path) -> None:
    meta = pypdf.PdfReader(markup_build).metadata
    assert meta is not None
    assert meta.author == MARKUP["brand name"]


def test_the_finisher_refuses_a_pdf_with_embedded_files() -> None:
    finish = no_embedded_files("downtown/aftercare (en)")
    finish(None, SimpleNamespace(catalog={"Names": {"Dests": []}}))  # nothing embedded: fine
    for catalog in ({"Names": {"EmbeddedFiles": []}}, {"AF": []}):
        with pytest.raises(HandoutsError) as caught:
            finish(None, SimpleNamespace(catalog=catalog))
        assert caught.value.format_message() == (
            "downtown/aftercare (en): error: the PDF would carry an embedded file; handouts "
            "never do"
        )
