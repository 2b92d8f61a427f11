"""The pipeline end to end on the fixture clinic: every document of every location, opened as a
reader would: folders, running header and footer, section order, the chart, metadata, fonts,
text size and PDF/UA."""

from __future__ import annotations

import re
from pathlib import Path

import page as pdf_validator
import pdfplumber
import pypdf
import pypdfium2
import pytest

from handouts.commands.build import BuildResult
from tests.pdfutil import font_report, page_texts

BRAND = "Harbor Test Clinic"
LOCATIONS = {
    "north-shore": ("North Shore", "(555) 010-0111"),
    "downtown": ("Downtown", "(555) 010-0112"),
}
HANDOUTS = {
    "aftercare": (
        "After your visit: what to expect",
        "How to rest after a visit, how long you may feel tired, and when to call",
        ["Taking care of yourself", "How long effects last", "When to call us"],
    ),
    "visit-guide": (
        "Your visit day",
        "What happens on the day of a visit",
        ["What happens on the day", "When to call us"],
    ),
}
PACKET = "first-visit-packet"
EFFECTS = ["Sleepiness", "Light-headedness", "Upset stomach", "Blood pressure changes"]
PAGES = {"aftercare": 3, "visit-guide": 2}
"""The layout of the fixture handouts: aftercare's chart, with the sentence that leads into it,
opens the second of three pages; the visit guide's contact card runs onto a second page."""


def pdf_for(result: BuildResult, location: str, name: str) -> Path:
    """The PDF output/<location>/<name>.pdf of the build."""
    (path,) = [p.path for p in result.pdfs if p.path.parts[-2:] == (location, f"{name}.pdf")]
    return path


def test_one_pdf_per_document_in_its_location_folder(clinic_build: BuildResult) -> None:
    names = sorted(p.path.relative_to(p.path.parent.parent).as_posix() for p in clinic_build.pdfs)
    # Every document in both editions: the standard one and the large-print one beside it; in
    # Spanish and Chinese, what is translated (the visit guide is not: tests/test_languages.py).
    translated = ["aftercare", PACKET, f"{PACKET}-duplex"]
    assert names == sorted(
        f"{location}/{name}{lang}{edition}.pdf"
        for location in LOCATIONS
        for lang, names in [
            ("", [*HANDOUTS, PACKET, f"{PACKET}-duplex"]),
            (".es", translated),
            (".zh-Hans", translated),
        ]
        for name in names
        for edition in ("", ".large-print")
    )


@pytest.mark.parametrize("name", [*HANDOUTS, PACKET])
@pytest.mark.parametrize("location", LOCATIONS)
def test_every_page_carries_location_name_and_phone(
    clinic_build: BuildResult, location: str, name: str
) -> None:
    shown, phone = LOCATIONS[location]
    texts = page_texts(pdf_for(clinic_build, location, name))
    for number, text in enumerate(texts, start=1):
        assert f"{BRAND} {shown}" in text, f"page {number} lacks the header"
        assert phone in text, f"page {number} lacks the phone"
        assert f"Page {number} of {len(texts)}" in text


@pytest.mark.parametrize("name", HANDOUTS)
@pytest.mark.parametrize("location", LOCATIONS)
def test_sections_appear_in_the_defined_order(
    clinic_build: BuildResult, location: str, name: str
) -> None:
    headings = HANDOUTS[name][2]
    text = "\n".join(page_texts(pdf_for(clinic_build, location, name)))
    positions = [text.find(heading) for heading in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions, strict=True) if p < 0]
    assert positions == sorted(positions)


def test_every_effect_of_the_chart_is_named(clinic_build: BuildResult) -> None:
    text = "\n".join(page_texts(pdf_for(clinic_build, "downtown", "aftercare")))
    for effect in EFFECTS:
        assert effect in text


def test_page_count_follows_the_layout(clinic_build: BuildResult) -> None:
    # Both locations share the layout, so they have the same counts.
    counts = {
        (p.document.location, p.document.id): len(pypdf.PdfReader(p.path).pages)
        for p in clinic_build.pdfs
        if p.document.kind == "handout" and not p.document.variant and p.document.lang == "en"
    }
    assert counts == {(loc, name): PAGES[name] for loc in LOCATIONS for name in HANDOUTS}
    assert all(len(pypdf.PdfReader(p.path).pages) == p.pages for p in clinic_build.pdfs)
    assert clinic_build.pages == sum(p.pages for p in clinic_build.pdfs)


@pytest.mark.parametrize("name", HANDOUTS)
@pytest.mark.parametrize("location", LOCATIONS)
def test_metadata_title_author_subject_language(
    clinic_build: BuildResult, location: str, name: str
) -> None:
    reader = pypdf.PdfReader(pdf_for(clinic_build, location, name))
    meta = reader.metadata
    assert meta is not None
    title, subject, _ = HANDOUTS[name]
    assert (meta.title, meta.author, meta.subject) == (title, BRAND, subject)
    assert reader.trailer["/Root"]["/Lang"] == "en-US"  # content/strings/en.yaml: language_tag
    for page in reader.pages:
        box = page.mediabox
        assert (round(box.width), round(box.height)) == (612, 792)  # US Letter


def test_every_font_is_embedded_and_subset(clinic_build: BuildResult) -> None:
    for pdf in clinic_build.pdfs:
        fonts = font_report(pdf.path)
        assert fonts, f"{pdf.path}: no fonts"
        for name, info in fonts.items():
            assert info == {"embedded": True, "subset": True}, (pdf.path, name)
        # The brand's font, and a Chinese edition's own fallback family: no other.
        allowed = (
            ("Atkinson-Hyperlegible", "Noto-Sans-SC")
            if pdf.document.lang == "zh-Hans"
            else ("Atkinson-Hyperlegible",)
        )
        assert all(any(family in name for family in allowed) for name in fonts), fonts


def test_pdf_ua_1_validator_reports_compliant(clinic_build: BuildResult) -> None:
    failures = {}
    for pdf in clinic_build.pdfs:
        report = pdf_validator.validate_pdf(pdf.path, profile="ua1")
        if not report.is_compliant:
            failures[pdf.path.name] = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert failures == {}


@pytest.mark.parametrize("name", HANDOUTS)
def test_body_text_is_at_least_12pt(clinic_build: BuildResult, name: str) -> None:
    with pdfplumber.open(pdf_for(clinic_build, "north-shore", name)) as pdf:
        sizes = [round(c["size"], 1) for page in pdf.pages for c in page.chars if c["text"].strip()]
    body = max(set(sizes), key=sizes.count)
    assert body >= 12, body


def test_no_template_syntax_leaks_into_the_text(clinic_build: BuildResult) -> None:
    for pdf in clinic_build.pdfs:
        document = pypdfium2.PdfDocument(pdf.path)
        try:
            text = "\n".join(page.get_textpage().get_text_range() for page in document)
        finally:
            document.close()
        assert "Harbor" in text  # the text was read
        assert not re.search(r"\{\{|\{%|\{#|None\b|Undefined", text), pdf.path


@pytest.mark.parametrize("location", LOCATIONS)
def test_the_chart_shares_a_page_with_its_section(clinic_build: BuildResult, location: str) -> None:
    # "The chart below shows..." must not end a page with the chart a page away: the sentence
    # just before the chart, the chart (its labels are real text) and the caption sit on one
    # page.
    texts = page_texts(pdf_for(clinic_build, location, "aftercare"))
    (page,) = [t for t in texts if "About how long each effect lasts" in t]  # the caption
    assert "The chart below shows" in page
    assert EFFECTS[-1] in page  # the last row of the chart
