"""The pipeline end to end: build the shipped handouts and open the PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import page as pdf_validator
import pypdf
import pytest

from handouts.build import BuildResult
from tests.pdfutil import font_report, page_texts

LOCATIONS = {
    "queens": ("Queens", "(555) 010-0101"),
    "long-island": ("Long Island", "(555) 010-0102"),
}
SECTION_HEADINGS = [
    "What is ketamine?",
    "How ketamine helps depression",
    "Common side effects and what you can do",
    "How long side effects last",
    "Rare side effects our team watches for",
    "How we help manage side effects",
    "Weighing benefits and risks",
    "After your treatment",
    "When to call us",
]
EIGHT_EFFECTS = [
    "Drowsiness",
    "dissociation",
    "Dizziness",
    "Disorientation",
    "Nausea and vomiting",
    "Anxiety",
    "Numbness",
    "Difficulty speaking",
]


def pdf_for(result: BuildResult, location: str) -> Path:
    """The side-effects handout of one location."""
    (pdf,) = [p.path for p in result.pdfs if p.job.location == location]
    return pdf


def test_one_pdf_per_location_in_its_folder(shipped_build: BuildResult) -> None:
    names = sorted(str(p.path.relative_to(p.path.parent.parent)) for p in shipped_build.pdfs)
    assert names == ["long-island/side-effects.pdf", "queens/side-effects.pdf"]


@pytest.mark.parametrize("location", LOCATIONS)
def test_every_page_carries_location_name_and_phone(
    shipped_build: BuildResult, location: str
) -> None:
    name, phone = LOCATIONS[location]
    texts = page_texts(pdf_for(shipped_build, location))
    for number, text in enumerate(texts, start=1):
        assert f"Ketamine Wellness NY {name}" in text, f"page {number} lacks the header"
        assert phone in text, f"page {number} lacks the phone"
        assert f"Page {number} of {len(texts)}" in text


@pytest.mark.parametrize("location", LOCATIONS)
def test_sections_appear_in_the_defined_order(shipped_build: BuildResult, location: str) -> None:
    text = "\n".join(page_texts(pdf_for(shipped_build, location)))
    positions = [text.find(heading) for heading in SECTION_HEADINGS]
    assert -1 not in positions, [
        h for h, p in zip(SECTION_HEADINGS, positions, strict=True) if p < 0
    ]
    assert positions == sorted(positions)


def test_all_eight_side_effects_are_named(shipped_build: BuildResult) -> None:
    text = "\n".join(page_texts(pdf_for(shipped_build, "queens")))
    for effect in EIGHT_EFFECTS:
        assert effect in text


def test_page_count_follows_the_layout(shipped_build: BuildResult) -> None:
    # Nine sections at 12.5 pt body text plus the timeline chart (about 4.5 in tall, kept whole on
    # one page) fill six Letter pages; both locations share the layout, so they have the same count.
    counts = {p.job.location: len(pypdf.PdfReader(p.path).pages) for p in shipped_build.pdfs}
    assert counts == {"queens": 6, "long-island": 6}
    assert shipped_build.pages == 12


@pytest.mark.parametrize("location", LOCATIONS)
def test_metadata_title_author_subject_language(shipped_build: BuildResult, location: str) -> None:
    reader = pypdf.PdfReader(pdf_for(shipped_build, location))
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Side effects of ketamine treatment: what to expect"
    assert meta.author == "Ketamine Wellness NY"
    assert meta.subject and "side effects" in meta.subject
    assert reader.trailer["/Root"]["/Lang"] == "en"
    page_box = reader.pages[0].mediabox
    assert (round(page_box.width), round(page_box.height)) == (612, 792)  # US Letter


def test_every_font_is_embedded_and_subset(shipped_build: BuildResult) -> None:
    fonts = font_report(pdf_for(shipped_build, "queens"))
    assert fonts, "no fonts found"
    for name, info in fonts.items():
        assert info == {"embedded": True, "subset": True}, name
    assert all("Atkinson-Hyperlegible" in name for name in fonts)


@pytest.mark.parametrize("location", LOCATIONS)
def test_pdf_ua_1_validator_reports_compliant(shipped_build: BuildResult, location: str) -> None:
    report = pdf_validator.validate_pdf(pdf_for(shipped_build, location), profile="ua1")
    failures = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.is_compliant, failures


def test_body_text_is_at_least_12pt(shipped_build: BuildResult) -> None:
    import pdfplumber

    with pdfplumber.open(pdf_for(shipped_build, "queens")) as pdf:
        sizes = [round(c["size"], 1) for page in pdf.pages for c in page.chars if c["text"].strip()]
    body = max(set(sizes), key=sizes.count)
    assert body >= 12, body


def test_no_template_syntax_leaks_into_the_text(shipped_build: BuildResult) -> None:
    text = "\n".join(page_texts(pdf_for(shipped_build, "queens")))
    assert not re.search(r"\{\{|\{%|None\b|Undefined", text)


@pytest.mark.parametrize("location", LOCATIONS)
def test_the_chart_shares_a_page_with_its_section(
    shipped_build: BuildResult, location: str
) -> None:
    # "The chart below shows..." must not end a page with the chart a page away: the section,
    # the chart (its legend is real text) and the caption sit on one page.
    texts = page_texts(pdf_for(shipped_build, location))
    (page,) = [t for t in texts if "How long side effects last" in t]
    assert "The chart below shows" in page
    assert "Hallucinations" in page  # the last row of the chart
    assert "About how long each side effect usually lasts" in page
