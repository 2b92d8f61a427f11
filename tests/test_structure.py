"""Past the validators, on every PDF the fixture clinic's build writes (both editions, handouts
and blank packets): what a blind patient hears and what a printer does.

Each test reads the PDF's structure tree (pikepdf) as a screen reader would: no marked content
that no element reaches (the running header and footer are artifacts), no empty elements,
headings in order, every figure with short alternative text, every link printable and described
in words; and as a print room would: no transparency (so Ghostscript's PostScript output stays
vector and small), lines of at most 80 characters, no page less than half full but a document's
last page and the blank backs and part ends of a duplex packet. The shipped clinic's PDFs get
the structural ones in tests/test_shipped.py.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from handouts.commands.build import BuildResult
from handouts.documents import PrintSettings
from handouts.documents.page import STANDARD_BODY_SIZE
from handouts.render.finish import finish_pdf, link_words, phone_words
from handouts.write.manifest import BuiltPdf
from tests import pdfaudit
from tests.clinic import REVIEWED_IN_WORDS, wording

MAX_LINE = 80  # characters a line at most (WCAG 1.4.8)
MAX_AVERAGE_LINE = 72  # the measure is set for about 70
MAX_ALT = 200  # a figure's alternative text is short; the words are in the text and tables
PS2WRITE_LIMIT = 2_000_000  # bytes of PostScript for a duplex packet (7.9 MB when rasterised)
LARGE_PRINT_SIZE = 18.0  # the fixture clinic's large-print body size (content/settings.yaml)
ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
CHECKLIST_ITEMS = 3  # the fixture checklist section's list
BRAND = "Harbor Test Clinic"
CHART_LEAD_IN = {  # the fixture's sentence before its chart, in each language
    "en": "Most effects fade within a few hours.",
    "es": "La mayoría de los efectos",
    "zh-Hans": "大多数反应",
}


@pytest.fixture(scope="module")
def lines(clinic_build: BuildResult) -> dict[Path, list[pdfaudit.TextLine]]:
    """The tagged text lines of every PDF, read once for this module."""
    return {pdf.path: pdfaudit.text_lines(pdf.path) for pdf in clinic_build.pdfs}


@pytest.fixture(scope="module")
def printed(clinic_build: BuildResult) -> dict[Path, list[str]]:
    """Each PDF's page texts as printed (artifacts included), read once for this module."""
    return {pdf.path: pdfaudit.page_texts(pdf.path) for pdf in clinic_build.pdfs}


def shown(build: BuildResult, pdf: BuiltPdf) -> str:
    """A PDF as output/ names it."""
    return pdf.path.relative_to(build.manifest.parent).as_posix()  # type: ignore[union-attr]


def packets(build: BuildResult) -> list[BuiltPdf]:
    """The blank packets of the build, plain and duplex, both editions."""
    return [p for p in build.pdfs if p.document.kind.startswith("packet")]


def test_the_build_holds_both_editions(clinic_build: BuildResult) -> None:
    assert {pdf.document.variant for pdf in clinic_build.pdfs} == {"", "large-print"}


def test_no_orphaned_structure_elements(clinic_build: BuildResult) -> None:
    # WeasyPrint tags the running header and footer but links them to nothing in the tag tree;
    # the finishing step makes them artifacts (page furniture), so none is left behind.
    found = {}
    for pdf in clinic_build.pdfs:
        with pikepdf.open(pdf.path) as document:
            orphans = pdfaudit.read_tree(document).orphans()
        if orphans:
            found[shown(clinic_build, pdf)] = orphans[:3]
    assert found == {}


def test_the_running_header_and_footer_are_printed_but_not_read(
    clinic_build: BuildResult,
    lines: dict[Path, list[pdfaudit.TextLine]],
    printed: dict[Path, list[str]],
) -> None:
    # On paper on every page (the phone number and "Page X of Y"), but page furniture for a
    # screen reader, which reads the phone number in the contact card instead.
    for pdf in clinic_build.pdfs:
        words = wording(pdf.document.lang)
        phone = "(555) 010-0112" if pdf.document.location == "downtown" else "(555) 010-0111"
        texts = printed[pdf.path]
        for number, text in enumerate(texts, start=1):
            if words["blank_page"] not in text:
                footer = words["page_number"].format(page=number, pages=len(texts))
                assert phone in text and footer in text, pdf.path
        tagged = " ".join(line.text for line in lines[pdf.path])
        reviewed = words["reviewed_on"].format(date=REVIEWED_IN_WORDS[pdf.document.lang])
        first_page = words["page_number"].format(page=1, pages=len(texts))
        assert first_page not in tagged and reviewed not in tagged, pdf.path
        assert phone in tagged, pdf.path  # the contact card's, or the text's


def test_one_part_for_the_whole_document(clinic_build: BuildResult) -> None:
    # WeasyPrint starts a Part on every page; the document has one <main>, so one Part, which
    # reflow and export to other formats read as one flow instead of page-sized pieces.
    for pdf in clinic_build.pdfs:
        with pikepdf.open(pdf.path) as document:
            tree = pdfaudit.read_tree(document)
        kinds = [str(e.S) for e in tree.elements]
        assert kinds[:2] == ["/Document", "/Part"] and kinds.count("/Part") == 1, pdf.path


def test_no_empty_structure_elements(clinic_build: BuildResult) -> None:
    found = {}
    for pdf in clinic_build.pdfs:
        with pikepdf.open(pdf.path) as document:
            empty = pdfaudit.empty_elements(pdfaudit.read_tree(document))
        if empty:
            found[shown(clinic_build, pdf)] = empty
    assert found == {}


def test_headings_are_in_order(clinic_build: BuildResult) -> None:
    found = {}
    for pdf in clinic_build.pdfs:
        with pikepdf.open(pdf.path) as document:
            levels = pdfaudit.heading_levels(pdfaudit.read_tree(document))
        problems = pdfaudit.heading_problems(levels)
        if problems or not levels:
            found[shown(clinic_build, pdf)] = problems or ["no headings"]
    assert found == {}


def test_every_link_prints_and_says_what_it_is_for(clinic_build: BuildResult) -> None:
    checked = 0
    for pdf in clinic_build.pdfs:
        with pikepdf.open(pdf.path) as document:
            links = pdfaudit.links(document)
        assert links, pdf.path  # every document has the contact card's links
        for link in links:
            checked += 1
            assert link.prints, (pdf.path, link)
            assert link.in_words, (pdf.path, link)
    assert checked >= 2 * len(clinic_build.pdfs)


def test_link_words_name_the_number_or_the_address() -> None:
    settings = PrintSettings("en-US")
    assert link_words("tel:+15550100111", settings) == "Call (555) 010-0111"
    assert link_words("tel:911", settings) == "Call 911"
    assert (
        link_words("https://example.org/book/downtown/", settings)
        == "Open example.org/book/downtown in a web browser"
    )
    assert link_words("mailto:care@example.org?subject=Hi", settings) == "Write to care@example.org"
    assert phone_words("+1 555 010 0111") == "(555) 010-0111"


def test_every_figure_has_short_alternative_text(clinic_build: BuildResult) -> None:
    for pdf in clinic_build.pdfs:
        with pikepdf.open(pdf.path) as document:
            alts = pdfaudit.figures(pdfaudit.read_tree(document))
        assert alts, pdf.path
        assert all(alt and alt.strip() for alt in alts), (pdf.path, alts)
        assert max(len(alt or "") for alt in alts) <= MAX_ALT, (pdf.path, alts)


def test_no_page_uses_transparency(clinic_build: BuildResult) -> None:
    found = {}
    for pdf in clinic_build.pdfs:
        with pikepdf.open(pdf.path) as document:
            places = pdfaudit.transparency(document)
        if places:
            found[shown(clinic_build, pdf)] = places[:3]
    assert found == {}


def test_ghostscript_postscript_stays_vector_and_small(
    clinic_build: BuildResult, tmp_path: Path
) -> None:
    # Many office printer drivers print through Ghostscript's ps2write: a page with a
    # transparency group becomes one 720 dpi picture (7.9 MB for a 16-page packet).
    if shutil.which("gs") is None:
        pytest.fail("gs is not installed (scripts/setup test installs it)")
    duplex = [p for p in clinic_build.pdfs if p.document.kind == "packet-duplex"]
    assert len(duplex) == 12  # two locations, two editions, three languages
    # English, and one Chinese packet (its CJK font subsets must stay text too).
    chosen = [p for p in duplex if p.document.lang == "en"]
    chosen += [p for p in duplex if p.document.lang == "zh-Hans" and not p.document.variant][:1]
    for pdf in chosen:
        target = tmp_path / "packet.ps"
        command = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=ps2write"]
        subprocess.run([*command, f"-sOutputFile={target}", str(pdf.path)], check=True)
        data = target.read_bytes()
        assert len(data) < PS2WRITE_LIMIT, (pdf.path, len(data))
        # Text stays text: fonts are selected on every page, not painted into pictures.
        assert data.count(b" Tf") >= pdf.pages, pdf.path


def test_lines_are_at_most_80_characters(
    clinic_build: BuildResult, lines: dict[Path, list[pdfaudit.TextLine]]
) -> None:
    for pdf in clinic_build.pdfs:
        lengths = pdfaudit.line_lengths(pdf.path, lines[pdf.path])
        assert lengths.count >= 3, (pdf.path, "too few wrapped lines to measure")
        assert lengths.longest <= MAX_LINE, (pdf.path, lengths.longest_text)
        assert lengths.average <= MAX_AVERAGE_LINE, (pdf.path, lengths.average)


def opens_with_a_block_that_never_splits(
    lines: list[pdfaudit.TextLine], page: int, lang: str
) -> bool:
    """Whether ``page`` opens with the chart's lead-in (the chart, taller than half a page in
    large print, keeps to it) or the closing contact card (which goes with the disclaimer):
    blocks that never split, so the page before them keeps what did not fit."""
    first = min((line for line in lines if line.page == page), key=lambda line: line.top)
    return first.text.startswith((CHART_LEAD_IN[lang], BRAND))


def test_no_page_is_less_than_half_full(
    clinic_build: BuildResult, lines: dict[Path, list[pdfaudit.TextLine]]
) -> None:
    # But a document's last page, the blank backs of a duplex packet and, printed on both
    # sides, the last page of a part (the next part starts on a right-hand page); and a page
    # followed by one that opens with a block that never splits and did not fit (in the large
    # print edition: the chart with its lead-in, 28 % before it; the contact card with the
    # disclaimer, 41 %).
    checked = 0
    for pdf in clinic_build.pdfs:
        fill = pdfaudit.page_fill(pdf.path, lines[pdf.path])
        duplex = pdf.document.kind == "packet-duplex"
        starts = pdfaudit.bookmark_pages(pdf.path) if duplex else set()
        for index, value in enumerate(fill[:-1]):
            if value == 0:  # a blank back
                continue
            following = next((i for i in range(index + 1, len(fill)) if fill[i] > 0), None)
            if following in starts:  # a part ends here
                continue
            if following is not None and opens_with_a_block_that_never_splits(
                lines[pdf.path], following, pdf.document.lang
            ):
                continue
            checked += 1
            assert value >= 0.5, (pdf.path, index + 1, fill)
    assert checked >= 20  # the rule did apply to most pages
    # And the standard edition needs no exception but its last pages.
    for pdf in clinic_build.pdfs:
        if not pdf.document.variant and pdf.document.kind != "packet-duplex":
            fill = pdfaudit.page_fill(pdf.path, lines[pdf.path])
            assert min(fill[:-1], default=1) >= 0.5, (pdf.path, fill)


def test_language_and_duplex_come_from_the_document(clinic_build: BuildResult) -> None:
    for pdf in clinic_build.pdfs:
        tag = wording(pdf.document.lang)["language_tag"]  # en-US, es-US, zh-Hans
        with pikepdf.open(pdf.path) as document:
            assert pdfaudit.language(document) == tag
            assert document.open_metadata().get("dc:language") == {tag}
            prefs = pdfaudit.viewer_preferences(document)
        duplex = pdf.document.kind == "packet-duplex"
        assert (prefs.get("/Duplex") == "/DuplexFlipLongEdge") == duplex, pdf.path
        assert prefs.get("/DisplayDocTitle") == "True"


def test_the_footer_dates_in_words_and_the_id_is_small_print_at_the_end(
    clinic_build: BuildResult, printed: dict[Path, list[str]]
) -> None:
    for pdf in clinic_build.pdfs:
        lang = pdf.document.lang
        words = wording(lang)
        texts = printed[pdf.path]
        pages = [n for n, text in enumerate(texts) if words["blank_page"] not in text]
        reviewed = words["reviewed_on"].format(date=REVIEWED_IN_WORDS[lang])
        # (In words that may wrap in the footer's middle box: "Revisado en octubre de / 2026".)
        # (Compared without spaces: a Chinese line breaks between any two characters.)
        flat = "".join(reviewed.split())
        assert all(flat in "".join(texts[n].split()) for n in pages), (pdf.path, reviewed)
        assert not any(ISO_DATE.search(text) for text in texts), pdf.path
        staff = f"{words['document']} {pdf.document.id}-{lang}"
        # Once, at the end (a duplex packet may end with a blank back).
        assert [n for n, text in enumerate(texts) if staff in text] == [pages[-1]], pdf.path


def test_blanks_to_fill_in_are_announced_in_their_sentence(clinic_build: BuildResult) -> None:
    for pdf in packets(clinic_build):
        with pikepdf.open(pdf.path) as document:
            tree = pdfaudit.read_tree(document)
            parent = pdfaudit.parents(tree)
            blanks = [
                e
                for e in tree.elements
                if str(e.S) == "/Figure"
                and str(e.get("/Alt")) == wording(pdf.document.lang)["blank_line"]
            ]
            holders = {str(parent[b.objgen].S) for b in blanks}
        # Name, date, time and the time to stop eating, and where the clinic has not set the
        # number of hours (downtown) the fasting rule's number; each inside its sentence or its
        # "Name: ..." paragraph, not an empty list item.
        assert len(blanks) == 4 + (pdf.document.location == "downtown"), pdf.path
        assert holders <= {"/P", "/Span"}, (pdf.path, holders)


def test_checklist_boxes_are_announced(clinic_build: BuildResult) -> None:
    for pdf in packets(clinic_build):
        with pikepdf.open(pdf.path) as document:
            tree = pdfaudit.read_tree(document)
            boxed = [
                item
                for item in tree.elements
                if str(item.S) == "/LI"
                and any(
                    str(f.S) == "/Figure"
                    and str(f.get("/Alt")) == wording(pdf.document.lang)["tick_box"]
                    for f in pdfaudit.descendants(item)
                )
            ]
        assert len(boxed) == CHECKLIST_ITEMS, pdf.path


def test_boxes_have_headings_and_labels_stay_with_their_values(
    clinic_build: BuildResult, lines: dict[Path, list[pdfaudit.TextLine]]
) -> None:
    for pdf in packets(clinic_build):
        with pikepdf.open(pdf.path) as document:
            tree = pdfaudit.read_tree(document)
            kinds = {e.objgen: str(e.S) for e in tree.elements}
        words = wording(pdf.document.lang)
        text = lines[pdf.path]
        h2 = [line.text for line in text if kinds.get(line.block) == "/H2"]
        # The appointment box and the cover's contact card are headings under the title, so a
        # screen-reader user jumping by heading finds them.
        assert words["your_appointment"] in h2, h2
        assert any(text.startswith("Harbor Test Clinic") for text in h2), h2
        # "Name:" and its line are one paragraph, not two items of a list.
        starts = tuple(words["label"].format(label=words[k]) for k in ("patient_name", "address"))
        labels = [line for line in text if line.text.startswith(starts)]
        assert labels and all(kinds[line.block] == "/P" for line in labels), pdf.path


def test_large_print_is_18_pt_with_a_larger_chart(clinic_build: BuildResult) -> None:
    def sizes(path: Path) -> list[float]:
        with pdfplumber.open(path) as document:
            return [round(c["size"], 1) for p in document.pages for c in p.chars if c["text"]]

    standard = next(p.path for p in clinic_build.pdfs if p.path.name == "aftercare.pdf")
    large = standard.with_name("aftercare.large-print.pdf")
    small, big = sizes(standard), sizes(large)
    assert [max(set(s), key=s.count) for s in (small, big)] == [
        STANDARD_BODY_SIZE,
        LARGE_PRINT_SIZE,
    ]
    # The chart's smallest label (its text is drawn in the SVG, as text) grows too.
    assert min(big) > min(small) * 1.1


def test_finishing_is_deterministic_and_keeps_the_id(clinic_build: BuildResult) -> None:
    pdf = next(p for p in clinic_build.pdfs if p.path.name == "aftercare.pdf")
    data = pdf.path.read_bytes()
    settings = PrintSettings("en-US")
    again = finish_pdf(data, settings)
    assert again == finish_pdf(data, settings)
    with pikepdf.open(pdf.path) as first, pikepdf.open(io.BytesIO(again)) as second:
        assert [bytes(h) for h in second.trailer.ID] == [bytes(h) for h in first.trailer.ID]
