"""The content policy for sections (handouts.policy): what passes, and the exact line and message
for what does not. The attacks themselves are in tests/test_attacks.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.content import split_front_matter
from handouts.policy import (
    allowed_raw_html,
    check_section,
    differs_after_sanitizing,
    sanitize,
)

ROOT = Path(__file__).resolve().parent.parent
ALLOWED = "allowed: <abbr title>, <br>, <sub>, <sup>"


def findings(body: str) -> list[tuple[int, str]]:
    html, found = check_section(body)
    assert (html == "") == bool(found)
    return found


@pytest.mark.parametrize(
    "path", sorted((ROOT / "content/sections").glob("*/*.md")), ids=lambda p: p.stem
)
def test_shipped_sections_pass(path: Path) -> None:
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
