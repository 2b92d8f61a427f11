"""What a section's Markdown may contain, and the checked HTML it becomes.

Sections come from pull requests and Markdown passes raw HTML through, so one edit could put a
<script>, an <iframe>, an attachment or a file:// image into a published PDF. The policy is an
allow-list, small because a patient handout needs little:

* Markdown: paragraphs, ### to ###### headings, lists, **bold**, *italic*, line breaks, quotes,
  horizontal rules, and links with words to https:, mailto: or tel: addresses.
* Raw HTML: only <br>, <sup>, <sub> and <abbr title="...">.

Everything else is refused, never stripped: ``check_section`` returns one (line, message) per
finding, with the line in the Markdown source. Two views are checked: the raw HTML fragments
Python-Markdown passed through (its "stash"), and the HTML Markdown itself made from the text. The
final HTML then goes through nh3 (the Ammonia sanitizer, an HTML5 parser like the one WeasyPrint
uses) with the same allow-list; if it would change anything the stdlib parser let through, the
section is refused as well, so a disagreement between two HTML parsers cannot smuggle markup in.
"""

from __future__ import annotations

import html as htmllib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from html.parser import HTMLParser

import nh3

from handouts.load.budget import Budget, OverBudget, budgeted
from handouts.load.markdown import heading_problems, make_markdown

RAW_TAGS: dict[str, tuple[str, ...]] = {
    "abbr": ("title",),
    "br": (),
    "sub": (),
    "sup": (),
}
"""Raw HTML a section may use, with the attributes each tag may carry."""
MARKDOWN_TAGS: dict[str, tuple[str, ...]] = {
    "a": ("href", "title"),
    "blockquote": (),
    "br": (),
    "em": (),
    "h3": (),
    "h4": (),
    "h5": (),
    "h6": (),
    "hr": (),
    "li": (),
    "ol": ("start",),
    "p": (),
    "strong": (),
    "ul": (),
    "table": (),
    "thead": (),
    "tbody": (),
    "tr": (),
    "th": ("align", "scope"),
    "td": ("align",),
}
"""The HTML that Markdown syntax may produce in a section."""
# What may come right before a table, saying what it shows: a sub-heading or a lead-in sentence.
TABLE_LEAD = ("p", "h3", "h4", "h5", "h6")
# The rule under a table's header row, e.g. |---|:---:| (inside a quote too).
TABLE_RULE = re.compile(r"^[ \t>]*(?=[^\n]*\|)(?=[^\n]*-)[|:\- \t]+$", re.MULTILINE)
LINK_SCHEMES = ("https", "mailto", "tel")
MAX_HTML_DEPTH = 50
"""Elements inside one another in a section's HTML (20 list levels need about 45)."""

HINTS = {
    "a": "write links as [words](https://...)",
    "b": "write **bold**",
    "strong": "write **bold**",
    "i": "write *italic*",
    "em": "write *italic*",
    "img": "sections cannot show images",
    "svg": "sections cannot show images",
    "h1": "use ### for sub-headings",
    "h2": "use ### for sub-headings",
    "h3": "use ### for sub-headings",
    "ul": "write lists with - at the start of each line",
    "ol": "write lists with 1. at the start of each line",
    "li": "write lists with - at the start of each line",
    "p": "separate paragraphs with a blank line",
    "div": "separate paragraphs with a blank line",
    "span": "write the text without it",
}
ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
STASH_PLACEHOLDER = re.compile("\x02wzxhzdk:[0-9]+\x03")


def allowed_raw_html() -> str:
    """The raw HTML tags a section may use, as written in messages and the README."""
    return ", ".join(
        f"<{tag} {' '.join(attrs)}>" if attrs else f"<{tag}>" for tag, attrs in RAW_TAGS.items()
    )


@dataclass(frozen=True)
class Node:
    """A start tag, or markup that is not a tag (comment, declaration), as a parser saw it."""

    kind: str
    tag: str
    attrs: tuple[tuple[str, str | None], ...] = ()
    text: str = ""
    depth: int = 0
    line: int = 1
    """Line in the parsed text (1-based)."""


class _Collector(HTMLParser):
    """Every tag (with its attributes and nesting depth), comment and declaration of some HTML,
    the words inside links and headings, and all the text."""

    CAPTURE = ("a", "code", "h1", "h2")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.nodes: list[Node] = []
        self.words: list[tuple[Node, str]] = []
        self.text: list[str] = []
        self._open: list[str] = []
        self._capturing: list[tuple[Node, list[str]]] = []
        self.tables: list[tuple[Node, str | None, int]] = []
        """Each top-level table, the top-level element just before it, and how many tables
        (at any depth) came before it."""
        self._last_top: str | None = None
        self._table_count = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node("tag", tag, tuple(attrs), depth=len(self._open) + 1, line=self.getpos()[0])
        self.nodes.append(node)
        if not self._open:
            if tag == "table":
                self.tables.append((node, self._last_top, self._table_count))
            self._last_top = tag
        if tag == "table":
            self._table_count += 1
        if tag not in ("br", "hr", "img"):
            self._open.append(tag)
        if tag in self.CAPTURE:
            self._capturing.append((node, []))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.nodes.append(
            Node("tag", tag, tuple(attrs), depth=len(self._open) + 1, line=self.getpos()[0])
        )

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open and self._open.pop() != tag:
                pass
        else:
            self.nodes.append(Node("end", tag, line=self.getpos()[0]))
        for index in range(len(self._capturing) - 1, -1, -1):
            node, parts = self._capturing[index]
            if node.tag == tag:
                self.words.append((node, "".join(parts)))
                del self._capturing[index]
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for _node, parts in self._capturing:
            parts.append(data)

    def handle_comment(self, data: str) -> None:
        self.nodes.append(Node("comment", "", text=data, line=self.getpos()[0]))

    def handle_decl(self, decl: str) -> None:
        self.nodes.append(Node("declaration", "", text=decl, line=self.getpos()[0]))

    def unknown_decl(self, data: str) -> None:
        self.nodes.append(Node("declaration", "", text=data, line=self.getpos()[0]))

    def handle_pi(self, data: str) -> None:
        self.nodes.append(Node("processing instruction", "", text=data, line=self.getpos()[0]))


def parse_html(text: str) -> _Collector:
    """Parse HTML with the standard library and collect what the policy looks at."""
    collector = _Collector()
    collector.feed(text)
    collector.close()
    return collector


class _Locator:
    """Finds the Markdown source line of a finding by searching for a piece of its text;
    repeated pieces map to successive occurrences."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lower = source.lower()
        self.next_start: dict[str, int] = {}

    def line(self, *needles: str) -> int:
        for needle in needles:
            key = needle.strip().lower()
            if not key:
                continue
            start = self.next_start.get(key, 0)
            index = self.lower.find(key, start)
            if index < 0 and start:
                index = self.lower.find(key)
            if index >= 0:
                self.next_start[key] = index + 1
                return self.source.count("\n", 0, index) + 1
        return 1


def _tag_message(tag: str, allowed: str) -> str:
    hint = HINTS.get(tag)
    return f"raw HTML <{tag}> is not allowed in sections (allowed: {allowed}" + (
        f"; {hint})" if hint else ")"
    )


def _attr_problems(node: Node, permitted: tuple[str, ...], what: str) -> list[str]:
    messages = []
    seen: set[str] = set()
    for name, _value in node.attrs:
        if name in seen:
            messages.append(f"{what} <{node.tag}>: attribute '{name}' is given twice")
        elif name not in permitted:
            allowed = ", ".join(permitted) if permitted else "none"
            messages.append(
                f"{what} <{node.tag}>: attribute '{name}' is not allowed (allowed: {allowed})"
            )
        seen.add(name)
    return messages


def _markup_problem(node: Node) -> str:
    if node.kind == "comment":
        return (
            "HTML comments (<!-- -->) are not allowed in sections; put notes for editors in "
            "the front matter as # comments"
        )
    return f"HTML {node.kind}s ('<!...>' or '<?...>') are not allowed in sections"


def _raw_problems(fragments: list[str], where: _Locator) -> list[tuple[int, str]]:
    """Check the raw HTML Markdown passed through: only RAW_TAGS, only their attributes."""
    allowed = allowed_raw_html()
    found = []
    refused: set[str] = set()  # a closing tag of a refused tag is not reported again
    for fragment in fragments:
        if ENTITY.fullmatch(fragment.strip()):
            continue  # an entity such as &copy; (or one smarty made): text, not markup
        body = fragment.lstrip()
        skipped = fragment[: len(fragment) - len(body)].count("\n")
        nodes = parse_html(fragment).nodes
        if not nodes:
            continue
        start = where.line(body.split("\n", 1)[0], f"<{nodes[0].tag}")
        for node in nodes:
            line = start + node.line - 1 - skipped
            if node.kind in ("tag", "end"):
                if node.tag not in RAW_TAGS:
                    if node.kind == "tag" or node.tag not in refused:
                        found.append((line, _tag_message(node.tag, allowed)))
                    refused.add(node.tag)
                    continue
                found += [(line, m) for m in _attr_problems(node, RAW_TAGS[node.tag], "raw HTML")]
            else:
                found.append((line, _markup_problem(node)))
    return found


def _link_problems(node: Node, words: str, where: _Locator) -> list[tuple[int, str]]:
    href = dict(node.attrs).get("href") or ""
    scheme = href.split(":", 1)[0].lower() if ":" in href else ""
    line = where.line(href, href.split(":", 1)[-1], f"]({href}")
    if scheme not in LINK_SCHEMES:
        return [
            (
                line,
                f"link to '{href}' is not allowed (links must start with "
                "https://, mailto: or tel:)",
            )
        ]
    shown = STASH_PLACEHOLDER.sub("", words).strip()
    if re.match(r"^[a-z][a-z0-9+.-]*:", shown, re.IGNORECASE):
        label = re.sub(r"^https://", "", href).rstrip("/")
        return [
            (
                line,
                f"link text '{shown}' is a bare address; give the link words, "
                f"e.g. [{label}]({href})",
            )
        ]
    return []


def _markdown_problems(skeleton: str, where: _Locator) -> list[tuple[int, str]]:
    """Check the HTML Markdown made from the text itself (raw HTML left out as placeholders)."""
    parsed = parse_html(skeleton)
    found = []
    for node in parsed.nodes:
        if node.kind != "tag":
            continue
        attrs = dict(node.attrs)
        if node.tag == "img":
            src = attrs.get("src") or ""
            found.append(
                (
                    where.line(f"]({src}", src, "!["),
                    f"images are not allowed in sections (found '{src}')",
                )
            )
        elif node.tag in ("code", "h1", "h2", "pre"):
            continue  # below, with the element's words (Markdown puts <code> in every <pre>)
        elif node.tag not in MARKDOWN_TAGS:
            found.append((where.line(f"<{node.tag}"), f"<{node.tag}> is not allowed in sections"))
        else:
            found += [
                (where.line(f"<{node.tag}"), m)
                for m in _attr_problems(node, MARKDOWN_TAGS[node.tag], "Markdown")
            ]
    # The n-th table's header row is the line above the n-th '|---|' rule of the source.
    headers = [where.source.count("\n", 0, m.start()) for m in TABLE_RULE.finditer(where.source)]
    for _table, before, index in parsed.tables:
        if before not in TABLE_LEAD:
            found.append(
                (
                    headers[index] if index < len(headers) else where.line("|"),
                    "a table needs a sub-heading (###) or a sentence just before it that says "
                    "what it shows",
                )
            )
    for node, words in parsed.words:
        if node.tag == "a":
            found += _link_problems(node, words, where)
            continue
        line = where.line(STASH_PLACEHOLDER.sub("", words).strip().split("\n", 1)[0])
        if node.tag == "code":
            found.append(
                (
                    line,
                    "code (text in `backticks` or indented by 4 spaces) is not used in "
                    "handouts; remove the backticks or the indentation",
                )
            )
            continue
        if not where.source.split("\n")[line - 1].lstrip().startswith("#"):
            # '#' and '##' headings: check_section adds markup.heading_problems.
            found.append(
                (
                    line,
                    "underlined heading ('===' or '---' on the next line) makes a top-level "
                    "heading; use ### for sub-headings (the section title is printed from "
                    "the front matter)",
                )
            )
    return found


def _structure(html: str) -> tuple[list[tuple[str, tuple[tuple[str, str | None], ...]]], str]:
    parsed = parse_html(html)
    tags = [(n.tag, tuple(sorted(n.attrs))) for n in parsed.nodes if n.kind == "tag"]
    text = re.sub(r"\s+", " ", htmllib.unescape("".join(parsed.text))).strip()
    return tags, text


def sanitize(html: str) -> str:
    """The section HTML as nh3 (an HTML5 sanitizer) keeps it under the same allow-list."""
    tags = set(RAW_TAGS) | set(MARKDOWN_TAGS)
    attributes = {tag: set(RAW_TAGS.get(tag, ())) | set(MARKDOWN_TAGS.get(tag, ())) for tag in tags}
    return nh3.clean(
        html,
        tags=tags,
        attributes={tag: attrs for tag, attrs in attributes.items() if attrs},
        url_schemes=set(LINK_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )


def differs_after_sanitizing(html: str, clean: str) -> bool:
    """Whether nh3 changed tags, attributes or text that the stdlib parser saw as allowed."""
    return _structure(html) != _structure(clean)


def _depth_problem(html: str, where: _Locator) -> tuple[int, str] | None:
    for node in parse_html(html).nodes:
        if node.depth > MAX_HTML_DEPTH:
            return (
                where.line(f"<{node.tag}"),
                f"the text is nested more than {MAX_HTML_DEPTH} elements deep "
                "(lists, quotes and emphasis inside one another)",
            )
    return None


def check_section(body: str, budget: Budget | None = None) -> tuple[str, list[tuple[int, str]]]:
    """The checked HTML of a section's Markdown body, and (line, message) for each finding.

    Lines count from the first line of ``body``. When there are findings, the HTML must not be
    used. A conversion that runs past ``budget`` (CONVERT_SECONDS of CPU time by default) is one
    finding at the first line.
    """
    budget = budget if budget is not None else Budget()
    try:
        return _check_section(body, budget)
    except OverBudget as exc:
        return "", [
            (
                1,
                f"the section took {exc} to convert, which no handout needs; it holds text "
                "shaped to stall the build (split it, or remove repeated marks)",
            )
        ]
    except RecursionError:
        # Markdown recurses once per level of lists, quotes and emphasis: the limits keep
        # levels few, and this keeps any shape they miss from becoming a traceback.
        return "", [
            (
                1,
                "the section's lists, quotes or emphasis sit too deep inside one another to "
                "convert; flatten them",
            )
        ]


def _check_section(body: str, budget: Budget) -> tuple[str, list[tuple[int, str]]]:
    where = _Locator(body)
    md = budgeted(make_markdown(), budget)
    md.postprocessors.deregister("raw_html")
    skeleton = md.convert(body)
    # Python-Markdown stashes raw HTML as text (extensions may stash elements: serialise them).
    raw = [
        b if isinstance(b, str) else ET.tostring(b, encoding="unicode")
        for b in md.htmlStash.rawHtmlBlocks
    ]
    found = _raw_problems(raw, where)
    found += _markdown_problems(skeleton, where)
    found += heading_problems(body)
    html = budgeted(make_markdown(), budget).convert(body)
    depth = _depth_problem(html, where)
    if depth is not None:
        found.append(depth)
    if found:
        return "", sorted(set(found))
    clean = sanitize(html)
    if differs_after_sanitizing(html, clean):
        return "", [
            (
                1,
                "the section's HTML could not be verified (two HTML parsers read it "
                "differently); remove unusual markup",
            )
        ]
    return clean, []
