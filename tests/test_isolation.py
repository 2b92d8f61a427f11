"""A normal build stays inside the project: no network connection, no embedded file, and data
from location and brand files printed as text, never as markup."""

from __future__ import annotations

import shutil
import socket
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

import pypdf
import pytest

from handouts.build import BuildResult, build
from handouts.errors import HandoutsError
from handouts.project import ProjectPaths
from handouts.render import no_embedded_files
from tests.pdfutil import page_texts

ROOT = Path(__file__).resolve().parent.parent


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
def offline_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[BuildResult, list[str]]:
    """Every PDF of the shipped project, built with the network blocked."""
    out = tmp_path_factory.mktemp("offline")
    with no_network() as attempts:
        result = build(ProjectPaths(ROOT), out)
    return result, attempts


def test_the_network_block_works() -> None:
    with no_network() as attempts, pytest.raises(OSError):
        urllib.request.urlopen("http://example.org/", timeout=1)
    assert attempts, "the block recorded nothing: the test below would prove nothing"


def test_a_normal_build_opens_no_network_connection(
    offline_build: tuple[BuildResult, list[str]],
) -> None:
    result, attempts = offline_build
    assert attempts == []
    assert len(result.pdfs) >= 2
    assert all(pdf.path.stat().st_size > 0 for pdf in result.pdfs)


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


def test_no_pdf_of_a_normal_build_embeds_a_file(
    offline_build: tuple[BuildResult, list[str]],
) -> None:
    result, _ = offline_build
    for pdf in result.pdfs:
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
    "brand name": "Ketamine <b>Wellness</b> NY",
    "tagline": "Safe <i>and</i> supportive",
    "disclaimer": 'General information <a href="file:///etc/passwd">only</a> & more.',
    "location name": "Queens <u>North</u>",
    "address": '100 <img src="file:///etc/passwd"> Avenue',
    "hours": "Monday <script>alert(1)</script> to Friday",
    "chart legend": "Common: when it <em>usually</em> happens",
}


def set_value(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="module")
def markup_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Queens side-effects handout built with HTML in every free-text brand and location
    field, and in the chart's data."""
    project = tmp_path_factory.mktemp("markup") / "project"
    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, project / folder)
    brand = project / "content/brand.yaml"
    set_value(brand, "name: Ketamine Wellness NY", f"name: '{MARKUP['brand name']}'")
    set_value(brand, "en: Safe, supportive ketamine therapy", f"en: '{MARKUP['tagline']}'")
    text = brand.read_text()
    start = text.index("disclaimer:")
    brand.write_text(text[:start] + f"disclaimer:\n  en: '{MARKUP['disclaimer']}'\n")
    queens = project / "content/locations/queens.yaml"
    set_value(queens, "name: Queens", f"name: '{MARKUP['location name']}'")
    set_value(queens, "- 100 Example Avenue, Suite 1", f"- '{MARKUP['address']}'")
    set_value(queens, '- "Monday to Friday: 9 am to 5 pm"', f"- '{MARKUP['hours']}'")
    chart = project / "content/charts/side-effect-timeline.yaml"
    set_value(chart, 'en: "Common: when it usually happens"', f"en: '{MARKUP['chart legend']}'")
    out = tmp_path_factory.mktemp("markup-out")
    result = build(ProjectPaths(project), out, locations=["queens"], handouts=["side-effects"])
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
    finish = no_embedded_files("queens/side-effects (en)")
    finish(None, SimpleNamespace(catalog={"Names": {"Dests": []}}))  # nothing embedded: fine
    for catalog in ({"Names": {"EmbeddedFiles": []}}, {"AF": []}):
        with pytest.raises(HandoutsError) as caught:
            finish(None, SimpleNamespace(catalog=catalog))
        assert caught.value.format_message() == (
            "queens/side-effects (en): error: the PDF would carry an embedded file; handouts "
            "never do"
        )
