"""Page breaks in templates/css/handout.css (shared by handouts and packets): a short list never
splits across pages or leaves its lead-in behind, and a section's closing paragraph never starts
a page alone; in templates/css/packet.css, a short section is never split. A synthetic section
is pushed down line by line across the page break, so every possible break point is tried in
the real stylesheets."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from handouts.render import PdfRenderer
from tests.conftest import ROOT

BRAND = (
    ":root { --font-body: sans-serif; --font-headings: sans-serif; --color-text: #000; "
    "--color-primary: #000; --color-accent: #000; --color-muted: #000; "
    "--color-background: #fff; --color-surface: #eee; }"
)
LIST = ["Two of these are:", "Item A", "Item B", "Item C"]


def page_texts(
    body: str, stylesheets: tuple[str, ...] = ("handout",), classes: str = ""
) -> list[str]:
    """Text of each page of ``body`` laid out with the project's stylesheets."""
    links = "".join(f'<link rel="stylesheet" href="css/{name}.css">' for name in stylesheets)
    html = (
        f'<!DOCTYPE html><html lang="en"><head><title>Breaks</title>{links}</head>'
        f'<body class="{classes}"><main>{body}</main></body></html>'
    )
    templates = ROOT / "templates"
    pdf = PdfRenderer((templates,)).render(html, templates, BRAND, "breaks")
    with pdfplumber.open(io.BytesIO(pdf.data)) as document:
        return [page.extract_text() or "" for page in document.pages]


def filler_lines(count: int) -> str:
    """``count`` one-line paragraphs."""
    return "".join(f"<p>Filler line {i}.</p>" for i in range(count))


def section_pages(filler: int) -> list[str]:
    """Text of each page of a section that starts with ``filler`` one-line paragraphs."""
    return page_texts(
        f'<section class="section"><h2>A section</h2>{filler_lines(filler)}<p>{LIST[0]}</p>'
        f"<ul>{''.join(f'<li>{item}</li>' for item in LIST[1:])}</ul>"
        "<p>Middle paragraph.</p><p>Closing sentence.</p></section>"
    )


@pytest.fixture(scope="module")
def layouts() -> dict[int, list[str]]:
    """The section laid out with 17 to 26 lines before it: its end crosses the page break."""
    return {filler: section_pages(filler) for filler in range(17, 27)}


def test_the_section_end_crosses_the_page_break(layouts: dict[int, list[str]]) -> None:
    counts = {len(pages) for pages in layouts.values()}
    assert counts == {1, 2}, counts  # else the range above no longer tries every break point


def test_a_short_list_stays_on_one_page_with_its_lead_in(layouts: dict[int, list[str]]) -> None:
    for filler, pages in layouts.items():
        holding = {n for n, text in enumerate(pages) for line in LIST if line in text}
        assert len(holding) == 1, (filler, pages)


def test_a_closing_paragraph_never_starts_a_page_alone(layouts: dict[int, list[str]]) -> None:
    for filler, pages in layouts.items():
        last = pages[-1].splitlines()
        assert last != ["Closing sentence."], (filler, pages)


SHORT = ["Short section", "First paragraph.", "Second.", "Third.", "Closing sentence."]


def test_a_short_packet_section_is_never_split() -> None:
    # The packet's "Weighing benefits and risks": a title and four short paragraphs.
    for filler in range(17, 27):
        pages = page_texts(
            f'<section class="section"><h3>Before</h3>{filler_lines(filler)}</section>'
            f'<section class="section"><h3>{SHORT[0]}</h3>'
            f"{''.join(f'<p>{line}</p>' for line in SHORT[1:])}</section>",
            ("handout", "packet"),
            "packet",
        )
        holding = {n for n, text in enumerate(pages) for line in SHORT if line in text}
        assert len(holding) == 1, (filler, pages)
