"""The content policy for sections (handouts.load.policy): what passes, and the exact line and
message for what does not; Markdown tables, from the policy to the tagged table in the PDF. The
attacks themselves are in tests/test_attacks.py."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pikepdf
import pytest

from handouts.commands.build import BuildResult
from handouts.commands.check import check_project
from handouts.load.policy import (
    allowed_raw_html,
    check_section,
    differs_after_sanitizing,
    sanitize,
)
from handouts.load.sections import split_front_matter
from handouts.load.support import MARKER
from handouts.paths import ProjectPaths
from tests.brandutil import line_of
from tests.clinic import FIXTURE, ROOT, TODAY

ALLOWED = "allowed: <abbr title>, <br>, <sub>, <sup>"
AFTERCARE_PDF = "north-shore/aftercare.pdf"


def findings(body: str) -> list[tuple[int, str]]:
    html, found = check_section(body)
    assert (html == "") == bool(found)
    return found


@pytest.mark.parametrize(
    "path", sorted((FIXTURE / "content/sections").glob("*/*.md")), ids=lambda p: p.stem
)
def test_the_fixture_sections_pass(path: Path) -> None:
    parts = split_front_matter(path.read_text())
    assert parts is not None
    assert findings(parts[1]) == []


def test_what_a_handout_needs_passes_unchanged() -> None:
    body = (
        "Rest **today** and *drink water*.\n\n"
        "### What to expect\n\n"
        "- Sleepy\n- Dizzy\n\n"
        "3. Call us\n4. Rest\n\n"
        "> Ask us anything.\n\n"
        "---\n\n"
        "Line one  \nline two<br>line three.\n\n"
        'Call [our desk](tel:+15550100101), [write](mailto:care@example.org) or [book online](https://example.org/book "Booking").\n\n'
        'H<sub>2</sub>O, 10<sup>3</sup>, <abbr title="blood pressure">BP</abbr>.'
    )
    html, found = check_section(body)
    assert found == []
    assert html == (
        "<p>Rest <strong>today</strong> and <em>drink water</em>.</p>\n"
        "<h3>What to expect</h3>\n"
        "<ul>\n<li>Sleepy</li>\n<li>Dizzy</li>\n</ul>\n"
        '<ol start="3">\n<li>Call us</li>\n<li>Rest</li>\n</ol>\n'
        "<blockquote>\n<p>Ask us anything.</p>\n</blockquote>\n"
        "<hr>\n"
        "<p>Line one<br>\nline two<br>line three.</p>\n"
        '<p>Call <a href="tel:+15550100101">our desk</a>, '
        '<a href="mailto:care@example.org">write</a> or '
        '<a href="https://example.org/book" title="Booking">book online</a>.</p>\n'
        '<p>H<sub>2</sub>O, 10<sup>3</sup>, <abbr title="blood pressure">BP</abbr>.</p>'
    )


def test_entities_and_typography_are_text() -> None:
    html, found = check_section('It\'s "fine" -- &copy; &lt;script&gt; AT&T')
    assert found == []
    assert html == "<p>It\u2019s \u201cfine\u201d \u2013 \u00a9 &lt;script&gt; AT&amp;T</p>"


def test_an_email_autolink_is_a_link_with_words() -> None:
    html, found = check_section("Write to <care@example.org>.")
    assert found == []
    assert html == '<p>Write to <a href="mailto:care@example.org">care@example.org</a>.</p>'


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "One.\n\nTwo <b>bold</b>.\n\nThree <b>more</b>.",
            [
                (3, f"raw HTML <b> is not allowed in sections ({ALLOWED}; write **bold**)"),
                (5, f"raw HTML <b> is not allowed in sections ({ALLOWED}; write **bold**)"),
            ],
        ),
        (
            "Text\n\n<div>\nblock\n</div>",
            [
                (
                    3,
                    f"raw HTML <div> is not allowed in sections ({ALLOWED}; separate paragraphs "
                    "with a blank line)",
                )
            ],
        ),
        (
            "Text\n\n<div>\nok\n<script>x</script>\n</div>",
            [
                (
                    3,
                    f"raw HTML <div> is not allowed in sections ({ALLOWED}; separate paragraphs "
                    "with a blank line)",
                ),
                (5, f"raw HTML <script> is not allowed in sections ({ALLOWED})"),
            ],
        ),
        (
            "Text </section> more",
            [(1, f"raw HTML <section> is not allowed in sections ({ALLOWED})")],
        ),
        (
            '<abbr title="a" title="b">x</abbr>',
            [(1, "raw HTML <abbr>: attribute 'title' is given twice")],
        ),
        (
            "<br class=x>",
            [(1, "raw HTML <br>: attribute 'class' is not allowed (allowed: none)")],
        ),
        (
            "A\n\n<!-- note for editors -->",
            [
                (
                    3,
                    "HTML comments (<!-- -->) are not allowed in sections; put notes for "
                    "editors in the front matter as # comments",
                )
            ],
        ),
        (
            "<?php echo 1 ?>",
            [
                (
                    1,
                    "HTML processing instructions ('<!...>' or '<?...>') are not allowed in sections",
                )
            ],
        ),
        (
            "Text\n\nHeading\n=======\n\nMore\n\nSub\n---",
            [
                (
                    3,
                    "underlined heading ('===' or '---' on the next line) makes a top-level "
                    "heading; use ### for sub-headings (the section title is printed from the "
                    "front matter)",
                ),
                (
                    8,
                    "underlined heading ('===' or '---' on the next line) makes a top-level "
                    "heading; use ### for sub-headings (the section title is printed from the "
                    "front matter)",
                ),
            ],
        ),
        (
            "Text\n\n## Title",
            [
                (
                    3,
                    "'##' heading: use ### for sub-headings (the section title is printed from "
                    "the front matter)",
                )
            ],
        ),
        (
            "Run `rm -rf` now.",
            [
                (
                    1,
                    "code (text in `backticks` or indented by 4 spaces) is not used in handouts; "
                    "remove the backticks or the indentation",
                )
            ],
        ),
        (
            "Text.\n\n    indented by mistake",
            [
                (
                    3,
                    "code (text in `backticks` or indented by 4 spaces) is not used in handouts; "
                    "remove the backticks or the indentation",
                )
            ],
        ),
        (
            "See [the next part](#when-to-call) and [this](other.md).",
            [
                (
                    1,
                    "link to '#when-to-call' is not allowed (links must start with https://, "
                    "mailto: or tel:)",
                ),
                (
                    1,
                    "link to 'other.md' is not allowed (links must start with https://, "
                    "mailto: or tel:)",
                ),
            ],
        ),
        (
            "Mail [mailto:care@example.org](mailto:care@example.org).",
            [
                (
                    1,
                    "link text 'mailto:care@example.org' is a bare address; give the link words, "
                    "e.g. [mailto:care@example.org](mailto:care@example.org)",
                )
            ],
        ),
        (
            "x\n\n![a chart](chart.png)",
            [(3, "images are not allowed in sections (found 'chart.png')")],
        ),
        (
            "<sup>" * 60 + "deep" + "</sup>" * 60,
            [
                (
                    1,
                    "the text is nested more than 50 elements deep (lists, quotes and emphasis "
                    "inside one another)",
                )
            ],
        ),
    ],
    ids=lambda v: v if isinstance(v, str) and len(v) < 30 else None,
)
def test_refusals_name_the_source_line(body: str, expected: list[tuple[int, str]]) -> None:
    assert findings(body) == expected


def test_allowed_raw_html_is_listed_for_messages() -> None:
    assert allowed_raw_html() == "<abbr title>, <br>, <sub>, <sup>"


def test_the_readme_lists_what_content_may_contain() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "## What content may contain" in readme
    for item in ("<br>", "<sup>", "<sub>", '<abbr title="...">', "https://", "mailto:", "tel:"):
        assert item in readme, item


# --- The second parser --------------------------------------------------------------------


def test_sanitizing_keeps_allowed_html_as_it_is() -> None:
    html = '<p>A <strong>b</strong> <a href="https://example.org">c</a><br>d</p>'
    assert sanitize(html) == html
    assert not differs_after_sanitizing(html, sanitize(html))


def test_a_parser_disagreement_is_detected() -> None:
    # Python's html.parser reads '<!-->' as the start of a comment that runs to '-->'; an HTML5
    # parser (nh3, and WeasyPrint's) ends the comment at once and sees the <b> element.
    html = "<p>a <!--> <b>hidden</b> --> z</p>"
    assert differs_after_sanitizing(html, sanitize(html))


# --- Tables ---------------------------------------------------------------------------------

NEEDS_LEAD = (
    "a table needs a sub-heading (###) or a sentence just before it that says what it shows"
)
TABLE = "| Who | Can drive you |\n|---|---|\n| A friend | Yes |\n"


def test_a_table_after_a_lead_in_sentence_passes_tagged() -> None:
    html, found = check_section("Who can drive you home:\n\n" + TABLE)
    assert found == []
    assert html == (
        "<p>Who can drive you home:</p>\n<table>\n<thead>\n<tr>\n"
        '<th scope="col">Who</th>\n<th scope="col">Can drive you</th>\n'
        "</tr>\n</thead>\n<tbody>\n<tr>\n<td>A friend</td>\n<td>Yes</td>\n</tr>\n</tbody>\n"
        "</table>"
    )


def test_a_table_after_a_sub_heading_passes_with_its_alignment() -> None:
    html, found = check_section("### Drivers\n\n| Who | Can |\n|:---|---:|\n| A friend | Yes |\n")
    assert found == []
    # Alignment is an attribute, never a style.
    assert '<th align="left" scope="col">Who</th>' in html
    assert '<td align="right">Yes</td>' in html
    assert "style" not in html


@pytest.mark.parametrize(
    ("body", "line"),
    [
        (TABLE, 1),
        ("Intro.\n\n- a list\n\n" + TABLE, 5),
        ("> a quote\n\n" + TABLE, 3),
        # The second table is the one without a lead-in: its own line, not the first table's.
        ("Lead:\n\n" + TABLE + "\n- a list\n\n" + TABLE, 9),
        ("Pick A | B today.\n\n- a list\n\n" + TABLE, 5),
    ],
    ids=["first thing", "after a list", "after a quote", "second table", "pipe in a sentence"],
)
def test_a_table_with_nothing_to_say_what_it_shows_is_refused(body: str, line: int) -> None:
    assert findings(body) == [(line, NEEDS_LEAD)]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            'Lead:\n\n| Who | Can |\n|---|---|\n| <span style="color:red">A</span> | Yes |\n',
            [
                (
                    5,
                    f"raw HTML <span> is not allowed in sections ({ALLOWED}; write the text without it)",
                )
            ],
        ),
        (
            'Lead:\n\n| Who | Can |\n|---|---|\n| <abbr title="x" class="y">A</abbr> | Yes |\n',
            [(5, "raw HTML <abbr>: attribute 'class' is not allowed (allowed: title)")],
        ),
        (
            'Lead:\n\n<table style="width:100%"><tr><td>a</td></tr></table>\n',
            [
                (3, f"raw HTML <table> is not allowed in sections ({ALLOWED})"),
                (3, f"raw HTML <td> is not allowed in sections ({ALLOWED})"),
                (3, f"raw HTML <tr> is not allowed in sections ({ALLOWED})"),
            ],
        ),
    ],
    ids=["style in a cell", "class in a cell", "raw HTML table"],
)
def test_styles_and_other_attributes_stay_refused_in_tables(
    body: str, expected: list[tuple[int, str]]
) -> None:
    assert findings(body) == expected


def _check_errors(project: Path) -> list[str]:
    return [str(p) for p in check_project(ProjectPaths(project), TODAY).errors]


def test_check_accepts_a_table_after_a_lead_in(clinic_copy: Path) -> None:
    section = clinic_copy / "content/sections/en/visit-day.md"
    section.write_text(section.read_text() + "\nWhat to pack:\n\n" + TABLE)
    assert _check_errors(clinic_copy) == []


def test_check_locates_a_table_that_comes_first(clinic_copy: Path) -> None:
    section = clinic_copy / "content/sections/en/visit-day.md"
    text = section.read_text()
    front = text[: text.index("---\n", 4) + 4]
    section.write_text(front + "\n" + TABLE + "\nMore words.\n")
    assert _check_errors(clinic_copy) == [
        f"content/sections/en/visit-day.md:{line_of(section, '| Who |')}: error: {NEEDS_LEAD}"
    ]


def test_check_refuses_a_style_in_a_table_cell(clinic_copy: Path) -> None:
    section = clinic_copy / "content/sections/en/recovery-timeline.md"
    edit = section.read_text().replace(
        "| A friend |", '| <span style="color:red">A friend</span> |'
    )
    section.write_text(edit)
    assert _check_errors(clinic_copy) == [
        f"content/sections/en/recovery-timeline.md:{line_of(section, 'A friend')}: error: raw "
        f"HTML <span> is not allowed in sections ({ALLOWED}; write the text without it)"
    ]


def _kids(node: pikepdf.Object) -> list[pikepdf.Object]:
    kids = node.get("/K") if isinstance(node, pikepdf.Dictionary) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _elements(node: pikepdf.Object, role: str) -> list[pikepdf.Dictionary]:
    """Every structure element of ``role`` (e.g. '/TD') under ``node``, in reading order."""
    found = []
    if isinstance(node, pikepdf.Dictionary):
        if node.get("/S") == role:
            found.append(node)
        for kid in _kids(node):
            found += _elements(kid, role)
    return found


def _marked_content(
    node: pikepdf.Dictionary,
    pages: dict[tuple[int, int], int],
    page: pikepdf.Object | None = None,
) -> list[tuple[int, int]]:
    """(page index, MCID) of every piece of page content under a structure element."""
    page = node.get("/Pg", page)
    found = []
    for kid in _kids(node):
        if isinstance(kid, int):
            assert page is not None, "marked content without a page"
            found.append((pages[page.objgen], int(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            on = kid.get("/Pg", page)
            assert on is not None, "marked content without a page"
            found.append((pages[on.objgen], int(kid.MCID)))
        elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += _marked_content(kid, pages, page)
    return found


def test_the_table_is_tagged_with_header_and_data_cells(clinic_build: BuildResult) -> None:
    (path,) = [p.path for p in clinic_build.pdfs if p.path.as_posix().endswith(AFTERCARE_PDF)]
    # The cells as readers see them: without the [@key] support markers.
    rows = [
        [MARKER.sub("", cell).strip() for cell in line.strip().strip("|").split("|")]
        for line in (FIXTURE / "content/sections/en/recovery-timeline.md").read_text().splitlines()
        if line.startswith("|") and not line.startswith("|---")
    ]
    header, body = rows[0], rows[1:]
    with pdfplumber.open(path) as plumber:
        text: dict[tuple[int, int], str] = {}
        for index, page in enumerate(plumber.pages):
            for char in page.chars:
                key = (index, char["mcid"])
                text[key] = text.get(key, "") + char["text"]
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}

        def words(element: pikepdf.Dictionary) -> str:
            return "".join(text.get(m, "") for m in _marked_content(element, pages))

        # The section's own table (the chart's tables follow it, one per group of effects).
        (table,) = [
            t
            for t in _elements(pdf.Root.StructTreeRoot, "/Table")
            if [words(th) for th in _elements(t, "/TH")] == header
        ]
        (head,) = _elements(table, "/THead")
        (tbody,) = _elements(table, "/TBody")
        assert [len(_elements(row, "/TH")) for row in _elements(head, "/TR")] == [len(header)]
        headers = _elements(head, "/TH")
        assert [words(th) for th in headers] == header
        # Each data cell names its column's header cell, so a screen reader reads "Who: You".
        ids = [str(th.ID) for th in headers]
        assert len(set(ids)) == len(ids)
        body_rows = _elements(tbody, "/TR")
        assert [[words(td) for td in _elements(tr, "/TD")] for tr in body_rows] == body
        for tr in body_rows:
            assert [[str(h) for h in td.A.Headers] for td in _elements(tr, "/TD")] == [
                [i] for i in ids
            ]
        assert _elements(tbody, "/TH") == []
