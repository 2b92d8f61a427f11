"""Read a PDF as a screen reader and a print room would: its structure tree, links, figures,
transparency, line lengths and how full each page is.

Validators check that a PDF is well formed; these helpers check what they miss (see
/work/shared/audits/pdf-2026-12-02.md): marked content that no element of the tag tree reaches,
empty elements, headings out of order, links that vanish on printing or archiving, pages that a
PostScript printer path turns into pictures, lines too long to read comfortably. Tests use them
on every PDF a build writes; scripts/audit_pdfs.py prints the same figures for any folder.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pdfplumber
import pikepdf

HEADING = re.compile(r"^/H([1-6])$")
# Elements a line of reading text belongs to (the nearest one above its characters).
BLOCKS = frozenset(
    {"/P", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6", "/LBody", "/Lbl", "/TD", "/TH", "/Caption"}
)
RAW_ADDRESS = re.compile(r"^(?:tel|mailto|https?|ftp):", re.IGNORECASE)
PRINT_FLAG = 1 << 2


def _key(obj: Any) -> tuple[int, int]:
    return (obj.objgen[0], obj.objgen[1])


def _is_element(obj: Any) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and obj.get("/S") is not None


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    if isinstance(kids, pikepdf.Array):
        return list(kids)
    return [kids]


@dataclass
class Tree:
    """A PDF's structure tree, walked from its root: every element reachable, in reading order,
    and what the ParentTree maps each page's marked content (and each annotation) to."""

    elements: list[Any] = field(default_factory=list)
    """Reachable structure elements, depth first, in reading order."""
    parents: dict[tuple[int, int], Any] = field(default_factory=dict)
    """(page index, MCID) -> the element the ParentTree names for it."""
    annotation_parents: dict[int, Any] = field(default_factory=dict)
    """StructParent key -> element, for annotations."""
    page_of: dict[tuple[int, int], int] = field(default_factory=dict)
    """Page object -> page index."""

    def reachable(self) -> set[tuple[int, int]]:
        """Object numbers of the reachable elements."""
        return {_key(e) for e in self.elements if e.is_indirect}

    def orphans(self) -> list[str]:
        """ParentTree entries whose element the tree never reaches from its root: marked
        content that a screen reader cannot find and that is not marked as an artifact."""
        reachable = self.reachable()
        found = [
            f"page {page + 1} MCID {mcid}"
            for (page, mcid), element in sorted(self.parents.items())
            if element is not None and _key(element) not in reachable
        ]
        found += [
            f"annotation {key}"
            for key, element in sorted(self.annotation_parents.items())
            if element is not None and _key(element) not in reachable
        ]
        return found


def read_tree(pdf: pikepdf.Pdf) -> Tree:
    """Walk the structure tree from its root and read the ParentTree."""
    tree = Tree()
    tree.page_of = {_key(page.obj): index for index, page in enumerate(pdf.pages)}
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return tree
    seen: set[tuple[int, int]] = set()

    def walk(node: Any) -> None:
        if not _is_element(node):
            return
        if node.is_indirect:
            if _key(node) in seen:
                return
            seen.add(_key(node))
        tree.elements.append(node)
        for kid in _kids(node):
            walk(kid)

    for kid in _kids(root):
        walk(kid)
    parent_tree = root.get("/ParentTree")
    if parent_tree is not None:
        for key, value in pikepdf.NumberTree(parent_tree).items():
            if isinstance(value, pikepdf.Array):
                for mcid, element in enumerate(value):
                    tree.parents[(key, mcid)] = element if _is_element(element) else None
            else:
                tree.annotation_parents[key] = value if _is_element(value) else None
    return tree


def _has_content(element: Any) -> bool:
    for kid in _kids(element):
        if isinstance(kid, int):
            return True
        if isinstance(kid, pikepdf.Dictionary) and (
            kid.get("/Type") in ("/MCR", "/OBJR") or _is_element(kid)
        ):
            return True
    return False


TABLE_CELLS = frozenset({"/TD", "/TH"})


def empty_elements(tree: Tree) -> list[str]:
    """Reachable elements holding nothing: no marked content, no annotation, no element (a
    table cell may be empty: it keeps its table's rows and columns whole)."""
    return [str(e.S) for e in tree.elements if not _has_content(e) and str(e.S) not in TABLE_CELLS]


def heading_levels(tree: Tree) -> list[int]:
    """The heading levels in reading order."""
    return [int(m.group(1)) for e in tree.elements if (m := HEADING.match(str(e.S)))]


def heading_problems(levels: list[int]) -> list[str]:
    """Headings a screen-reader user would find out of order: the first is not H1, or one goes
    more than one level deeper than the heading before it."""
    problems = []
    if levels and levels[0] != 1:
        problems.append(f"the first heading is H{levels[0]}, not H1")
    for before, level in itertools.pairwise(levels):
        if level > before + 1:
            problems.append(f"H{before} is followed by H{level}")
    return problems


@dataclass(frozen=True)
class Link:
    """A link annotation as printing and archiving tools see it."""

    page: int
    flags: int
    contents: str | None
    uri: str | None

    @property
    def prints(self) -> bool:
        """Whether the Print flag is set (PDF/A conversions drop annotations without it)."""
        return bool(self.flags & PRINT_FLAG)

    @property
    def in_words(self) -> bool:
        """Whether /Contents describes the link in words rather than repeating its address."""
        return bool(self.contents and self.contents.strip()) and not RAW_ADDRESS.match(
            self.contents or ""
        )


def links(pdf: pikepdf.Pdf) -> list[Link]:
    """Every link annotation."""
    found = []
    for index, page in enumerate(pdf.pages):
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            uri = str(action.URI) if action is not None and "/URI" in action else None
            contents = annotation.get("/Contents")
            found.append(
                Link(
                    index + 1,
                    int(annotation.get("/F", 0)),
                    str(contents) if contents is not None else None,
                    uri,
                )
            )
    return found


def figures(tree: Tree) -> list[str | None]:
    """The /Alt of every Figure, in reading order (None when missing)."""
    return [str(e.Alt) if "/Alt" in e else None for e in tree.elements if str(e.S) == "/Figure"]


def _transparent_state(state: Any) -> bool:
    if state.get("/SMask", pikepdf.Name.None_) != pikepdf.Name.None_:
        return True
    if state.get("/BM", pikepdf.Name.Normal) not in (pikepdf.Name.Normal, pikepdf.Name.Compatible):
        return True
    return any(float(state.get(key, 1)) < 1 for key in ("/CA", "/ca"))


def transparency(pdf: pikepdf.Pdf) -> list[str]:
    """Where a page uses transparency (a transparency group, a soft mask, a blend mode or an
    alpha below 1), which makes Ghostscript's PostScript output turn the page into a picture."""
    found: list[str] = []

    def visit(resources: Any, where: str, seen: set[tuple[int, int]]) -> None:
        if resources is None:
            return
        for name, state in resources.get("/ExtGState", {}).items():
            if _transparent_state(state):
                found.append(f"{where}: graphics state {name}")
        for name, xobject in resources.get("/XObject", {}).items():
            if xobject.is_indirect:
                if _key(xobject) in seen:
                    continue
                seen.add(_key(xobject))
            if xobject.get("/SMask") is not None or xobject.get("/Mask") is not None:
                found.append(f"{where}: image {name} has a soft mask")
            group = xobject.get("/Group")
            if group is not None and group.get("/S") == pikepdf.Name.Transparency:
                found.append(f"{where}: form {name} is a transparency group")
            visit(xobject.get("/Resources"), f"{where} {name}", seen)
        for name, pattern in resources.get("/Pattern", {}).items():
            visit(pattern.get("/Resources"), f"{where} pattern {name}", seen)

    for index, page in enumerate(pdf.pages):
        where = f"page {index + 1}"
        group = page.obj.get("/Group")
        if group is not None and group.get("/S") == pikepdf.Name.Transparency:
            found.append(f"{where}: the page is a transparency group")
        visit(page.obj.get("/Resources"), where, set())
    return found


@dataclass(frozen=True)
class TextLine:
    """One line of reading text: its page, its block element and its characters."""

    page: int
    block: tuple[int, int]
    top: float
    bottom: float
    text: str


def _block_of(tree: Tree) -> dict[tuple[int, int], tuple[int, int] | None]:
    """(page, MCID) -> the nearest block element above it (None inside a Figure)."""
    parent_of: dict[tuple[int, int], Any] = {}
    for element in tree.elements:
        for kid in _kids(element):
            if _is_element(kid) and kid.is_indirect:
                parent_of[_key(kid)] = element
    blocks: dict[tuple[int, int], tuple[int, int] | None] = {}
    for (page, mcid), element in tree.parents.items():
        node = element
        block = None
        while node is not None:
            kind = str(node.S)
            if kind == "/Figure":
                block = None
                break
            if block is None and kind in BLOCKS:
                block = _key(node)
            node = parent_of.get(_key(node)) if node.is_indirect else None
        blocks[(page, mcid)] = block
    return blocks


def text_lines(path: Path) -> list[TextLine]:
    """Every line of tagged text (artifacts, such as running headers and footers, and the text
    drawn inside figures left out), grouped by its block element."""
    with pikepdf.open(path) as pdf:
        blocks = _block_of(read_tree(pdf))
    lines: list[TextLine] = []
    with pdfplumber.open(path) as document:
        for index, page in enumerate(document.pages):
            rows: dict[tuple[tuple[int, int], float], list[dict[str, Any]]] = defaultdict(list)
            for char in page.chars:
                if char.get("mcid") is None:
                    continue
                block = blocks.get((index, char["mcid"]))
                if block is None:
                    continue
                rows[(block, round(char["bottom"], 0))].append(char)
            for (block, _), chars in rows.items():
                chars.sort(key=lambda c: c["x0"])
                text = "".join(c["text"] for c in chars).strip()
                top = min(c["top"] for c in chars)
                bottom = max(c["bottom"] for c in chars)
                lines.append(TextLine(index, block, top, bottom, text))
    lines.sort(key=lambda line: (line.page, line.top))
    return lines


def wrapped_lines(lines: list[TextLine]) -> list[TextLine]:
    """Lines that a block's text runs on from (every line of a block on a page but its last):
    the lines whose length the measure sets. A paragraph's short last line says nothing."""
    by_block: dict[tuple[int, tuple[int, int]], list[TextLine]] = defaultdict(list)
    for line in lines:
        by_block[(line.page, line.block)].append(line)
    wrapped = []
    for block_lines in by_block.values():
        block_lines.sort(key=lambda line: line.top)
        wrapped += block_lines[:-1]
    return wrapped


@dataclass(frozen=True)
class LineLengths:
    """Characters per wrapped line of reading text."""

    count: int
    average: float
    longest: int
    longest_text: str


def line_lengths(path: Path, lines: list[TextLine] | None = None) -> LineLengths:
    """Characters per wrapped line (spaces included), average and longest (``lines``: the
    file's text lines, when already read)."""
    wrapped = wrapped_lines(text_lines(path) if lines is None else lines)
    if not wrapped:
        return LineLengths(0, 0.0, 0, "")
    longest = max(wrapped, key=lambda line: len(line.text))
    return LineLengths(
        len(wrapped),
        statistics.fmean(len(line.text) for line in wrapped),
        len(longest.text),
        longest.text,
    )


def page_fill(path: Path, lines: list[TextLine] | None = None) -> list[float]:
    """How full each page is: from the top of the text area to its lowest line of tagged text,
    as a share of the text area's height (the deepest any page reaches). 0.0 for a page
    without tagged text (a blank back in a duplex packet)."""
    lines = text_lines(path) if lines is None else lines
    with pikepdf.open(path) as pdf:
        count = len(pdf.pages)
    if not lines:
        return [0.0] * count
    top = min(line.top for line in lines)
    limit = max(line.bottom for line in lines)
    lowest: dict[int, float] = {}
    for line in lines:
        lowest[line.page] = max(lowest.get(line.page, top), line.bottom)
    return [
        round((lowest[i] - top) / (limit - top), 3) if i in lowest else 0.0 for i in range(count)
    ]


def language(pdf: pikepdf.Pdf) -> str:
    """The document's /Lang."""
    return str(pdf.Root.get("/Lang", ""))


def viewer_preferences(pdf: pikepdf.Pdf) -> dict[str, str]:
    """The catalog's /ViewerPreferences as names and values."""
    prefs = pdf.Root.get("/ViewerPreferences", {})
    return {str(k): str(v) for k, v in prefs.items()}


def page_texts(path: Path) -> list[str]:
    """Each page's text as printed (artifacts, such as the running footer, included)."""
    with pdfplumber.open(path) as document:
        return [page.extract_text() or "" for page in document.pages]


def parents(tree: Tree) -> dict[tuple[int, int], Any]:
    """Element (object number) -> its parent element."""
    return {
        _key(kid): element
        for element in tree.elements
        for kid in _kids(element)
        if _is_element(kid) and kid.is_indirect
    }


def descendants(element: Any) -> list[Any]:
    """Every structure element below ``element``, depth first."""
    found = []
    for kid in _kids(element):
        if _is_element(kid):
            found.append(kid)
            found += descendants(kid)
    return found


def bookmark_pages(path: Path) -> set[int]:
    """0-based pages the top-level bookmarks point at (a packet's title and parts)."""
    pages = set()
    with pikepdf.open(path) as pdf, pdf.open_outline() as outline:
        for item in outline.root:
            destination = item.destination
            if destination is None and item.action is not None:
                destination = item.action.get("/D")
            if isinstance(destination, pikepdf.Array) and len(destination):
                pages.add(pdf.pages.index(pikepdf.Page(destination[0])))
    return pages


def spoken(pdf: pikepdf.Pdf) -> Iterator[tuple[str, str]]:
    """Each reachable element with its replacement words (/Alt, /ActualText), if any."""
    for element in read_tree(pdf).elements:
        words = element.get("/ActualText") or element.get("/Alt")
        if words is not None:
            yield str(element.S), str(words)
