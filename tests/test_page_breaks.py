"""Page breaks in templates/css/handout.css (shared by handouts and packets): a short list never
splits across pages or leaves its lead-in behind, and a section's closing paragraph never starts
a page alone, nor does the closing disclaimer; in templates/css/packet.css, a short section is never split. A synthetic section
is pushed down line by line across the page break, so every possible break point is tried in
the real stylesheets, with the fixture clinic's generated brand stylesheet and fonts."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest

from handouts.documents.base import brand_stylesheet
from handouts.load import load_project
from handouts.paths import ProjectPaths
from handouts.render.document import renderer_for
from handouts.render.html import make_environment, render_template

LIST = ["Two of these are:", "Item A", "Item B", "Item C"]
SHORT = ["Short section", "First paragraph.", "Second.", "Closing sentence."]
FILLERS = range(17, 27)
"""Lines of filler before the section under test: enough that its end crosses the page break."""

Layout = Callable[..., list[str]]


@pytest.fixture(scope="module")
def lay_out(clinic: Path) -> Layout:
    """Lay out a body with the project's stylesheets (as handouts and packets link them) and the
    fixture clinic's brand stylesheet; the text of each page."""
    project, problems = load_project(ProjectPaths(clinic))
    assert project is not None, problems
    sheet = brand_stylesheet(project)
    brand_css = render_template(
        make_environment(project.paths.templates), sheet.template, dict(sheet.context)
    )
    renderer = renderer_for(project)
    templates = project.paths.templates

    def pages(
        body: str, stylesheets: tuple[str, ...] = ("handout",), classes: str = ""
    ) -> list[str]:
        links = "".join(f'<link rel="stylesheet" href="css/{name}.css">' for name in stylesheets)
        html = (
            f'<!DOCTYPE html><html lang="en"><head><title>Breaks</title>{links}</head>'
            f'<body class="{classes}"><main>{body}</main></body></html>'
        )
        pdf = renderer.render(html, templates, brand_css, "breaks")
        with pdfplumber.open(io.BytesIO(pdf.data)) as document:
            return [page.extract_text() or "" for page in document.pages]

    return pages


def filler_lines(count: int) -> str:
    """``count`` one-line paragraphs."""
    return "".join(f"<p>Filler line {i}.</p>" for i in range(count))


@pytest.fixture(scope="module")
def layouts(lay_out: Layout) -> dict[int, list[str]]:
    """A section with a lead-in, a short list and two closing paragraphs, laid out after each
    number of filler lines: its end crosses the page break."""
    return {
        filler: lay_out(
            f'<section class="section"><h2>A section</h2>{filler_lines(filler)}<p>{LIST[0]}</p>'
            f"<ul>{''.join(f'<li>{item}</li>' for item in LIST[1:])}</ul>"
            "<p>Middle paragraph.</p><p>Closing sentence.</p></section>"
        )
        for filler in FILLERS
    }


def test_the_section_end_crosses_the_page_break(layouts: dict[int, list[str]]) -> None:
    counts = [len(pages) for pages in layouts.values()]
    # Else the range no longer tries every break point: one page first, two pages last.
    assert counts[0] == 1 and counts[-1] == 2, counts


def test_a_short_list_stays_on_one_page_with_its_lead_in(layouts: dict[int, list[str]]) -> None:
    for filler, pages in layouts.items():
        holding = {n for n, text in enumerate(pages) for line in LIST if line in text}
        assert len(holding) == 1, (filler, pages)


def test_a_closing_paragraph_never_starts_a_page_alone(layouts: dict[int, list[str]]) -> None:
    for filler, pages in layouts.items():
        last = pages[-1].splitlines()
        assert last != ["Closing sentence."], (filler, pages)


def test_a_short_packet_section_is_never_split(lay_out: Layout) -> None:
    # A part's section of a title and three short paragraphs, as packets often hold.
    split = set()
    for filler in FILLERS:
        pages = lay_out(
            f'<section class="section"><h3>Before</h3>{filler_lines(filler)}</section>'
            f'<section class="section"><h3>{SHORT[0]}</h3>'
            f"{''.join(f'<p>{line}</p>' for line in SHORT[1:])}</section>",
            ("handout", "packet"),
            "packet",
        )
        holding = {n for n, text in enumerate(pages) for line in SHORT if line in text}
        assert len(holding) == 1, (filler, pages)
        split.add(len(pages))
    assert split == {1, 2}, split  # the short section did meet the page break


DISCLAIMER = "Important: these pages give general facts."


def test_the_disclaimer_never_stands_alone_on_a_page(lay_out: Layout) -> None:
    # As handout.html ends: the last section (with its contact card, never split), then the
    # disclaimer, pushed down line by line until both have moved to the next page.
    counts = set()
    for filler in range(12, 20):
        pages = lay_out(
            f'<section class="section"><h2>Before</h2>{filler_lines(filler)}</section>'
            '<section class="section with-block"><h2>Last</h2><p>Call us if:</p>'
            "<ul><li>an effect does not go away</li><li>you feel very sick</li></ul>"
            '<div class="contact-card"><p>Call us: (555) 010-0123</p></div></section>'
            f'<aside class="disclaimer"><p>{DISCLAIMER}</p></aside>'
        )
        assert pages[-1].splitlines() != [DISCLAIMER], (filler, pages)
        counts.add(len(pages))
    assert counts == {1, 2}, "the disclaimer never met the page break"
