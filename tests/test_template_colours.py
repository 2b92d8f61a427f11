"""Templates hold no colour of their own: every colour comes from content/brand.yaml.

The scanner reads CSS with tinycss2 (WeasyPrint's own CSS parser), so it finds colours the way a
browser would: #hex, rgb()/hsl()/..., and the named colours (red, white, ...), in stylesheets,
style attributes, <style> elements and SVG paint attributes. Jinja tags are blanked out first:
what they print comes from the brand data.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tinycss2
import tinycss2.color3

from tests.clinic import ROOT

TEMPLATES = ROOT / "templates"
SCANNED = (".html", ".css", ".jinja", ".svg", ".xml")
COLOR_FUNCTIONS = {"rgb", "rgba", "hsl", "hsla", "hwb", "lab", "lch", "oklab", "oklch", "color"}
NOT_COLORS = {"currentcolor", "transparent", "inherit", "initial", "unset", "none"}
PAINT_ATTRIBUTES = {"fill", "stroke", "color", "stop-color", "flood-color", "lighting-color"}
JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
HEX_ANYWHERE = re.compile(r"(?<![&\w])#[0-9a-fA-F]{3,8}\b")


def _tokens(nodes: list) -> list:
    found = []
    for node in nodes:
        found.append(node)
        if node.type in ("function", "() block", "[] block", "{} block") and not (
            node.type == "function" and node.lower_name == "var"
        ):
            found += _tokens(node.arguments if node.type == "function" else node.content)
    return found


def value_colours(nodes: list) -> list[str]:
    """Colour literals among CSS component values."""
    found = []
    for token in _tokens(nodes):
        is_function = token.type == "function" and token.lower_name in COLOR_FUNCTIONS
        if token.type == "hash" or is_function:
            found.append(token.serialize())
        elif (
            token.type == "ident"
            and token.lower_value not in NOT_COLORS
            and tinycss2.color3.parse_color(token) is not None
        ):
            found.append(token.value)
    return found


def _declaration_colours(nodes: list) -> list[str]:
    found = []
    for node in nodes:
        if node.type == "declaration":
            found += value_colours(node.value)
        elif node.type in ("qualified-rule", "at-rule") and node.content is not None:
            found += _declaration_colours(
                tinycss2.parse_blocks_contents(node.content, skip_whitespace=True)
            )
    return found


def css_colours(css: str) -> list[str]:
    """Colour literals in a stylesheet (nested @page margin rules included)."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _declaration_colours(rules)


class _HtmlColours(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._in_style = tag == "style"
        for name, value in attrs:
            if value is None:
                continue
            if name == "style":
                self.found += _declaration_colours(
                    tinycss2.parse_blocks_contents(value, skip_whitespace=True)
                )
            elif name in PAINT_ATTRIBUTES or name == "bgcolor":
                self.found += value_colours(tinycss2.parse_component_value_list(value))

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.found += css_colours(data)

    def handle_endtag(self, tag: str) -> None:
        self._in_style = False


def template_colours(text: str, name: str) -> list[str]:
    """Colour literals in one template file's text (``name`` tells CSS from HTML)."""
    text = JINJA.sub(" jinja ", text)
    found = HEX_ANYWHERE.findall(re.sub(r"&#x?[0-9a-fA-F]+;", " ", text))
    if name.endswith((".css", ".css.jinja")):
        found += css_colours(text)
    else:
        parser = _HtmlColours()
        parser.feed(text)
        found += parser.found
    return sorted(set(found))


def template_files() -> list[Path]:
    """Every text template (fonts and their licences are not templates)."""
    return sorted(
        p
        for p in TEMPLATES.rglob("*")
        if p.suffix in SCANNED and "fonts" not in p.relative_to(TEMPLATES).parts
    )


def test_the_templates_are_scanned() -> None:
    names = {p.relative_to(TEMPLATES).as_posix() for p in template_files()}
    # Every document kind's template and generated stylesheet...
    assert {
        "base.html",
        "handout.html",
        "packet.html",
        "brand-sheet.html",
        "chart-sheet.html",
        "css/handout.css",
        "css/brand.css.jinja",
        "css/packet.css.jinja",
        "css/chart-sheet.css.jinja",
    } <= names
    # ...and every other file but the fonts: a template of a kind the scanner skips would
    # carry its colours unseen.
    others = {
        p.relative_to(TEMPLATES).as_posix()
        for p in TEMPLATES.rglob("*")
        if p.is_file() and "fonts" not in p.relative_to(TEMPLATES).parts
    }
    assert others == names


@pytest.mark.parametrize(
    "path", template_files(), ids=lambda p: p.relative_to(TEMPLATES).as_posix()
)
def test_no_colour_literal_in_templates(path: Path) -> None:
    assert template_colours(path.read_text(encoding="utf-8"), path.name) == [], (
        f"{path.relative_to(TEMPLATES)}: use a brand colour, var(--color-...), instead"
    )


@pytest.mark.parametrize(
    ("text", "name", "found"),
    [
        ("a { color: white; }", "x.css", ["white"]),
        ("a { border: 1pt solid #1d4e6f; }", "x.css", ["#1d4e6f"]),
        ("@page { @top-left { color: rgb(0, 0, 0) } }", "x.css", ["rgb(0, 0, 0)"]),
        ("a { color: hsl(0 0% 0%); }", "x.css", ["hsl(0 0% 0%)"]),
        ('<p style="background: Red">x</p>', ".html", ["Red"]),
        ('<svg><rect fill="navy"/></svg>', ".html", ["navy"]),
        ("<style>p { color: black }</style>", "x.html", ["black"]),
        ('<p class="x" data-c="#abc">x</p>', ".html", ["#abc"]),
        ("a { color: var(--color-text); border: 1pt solid currentColor; }", "x.css", []),
        ("a { background: transparent; font-weight: bold; }", "x.css", []),
        ('<p>A &#10003; and &middot; {{ brand.colors.text }}</p><a href="#top">x</a>', ".html", []),
        (":root { --color-primary: {{ brand.colors.primary }}; }", "x.css.jinja", []),
        (
            ":root { --color-primary: {{ brand.colors.primary }}; --x: #fff; }",
            "x.css.jinja",
            ["#fff"],
        ),
    ],
)
def test_the_scanner_finds_colours(text: str, name: str, found: list[str]) -> None:
    assert template_colours(text, name) == sorted(found)
