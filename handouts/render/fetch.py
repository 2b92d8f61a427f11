"""The one gate for every resource a document names: data: URLs and project files only.

WeasyPrint fetches whatever HTML and CSS name (images, stylesheets, fonts, SVG images,
attachments). Content changes through pull requests, so a document must never read a file from
the build machine or call the network: render.py routes every fetch through ``allowed_path``, and
a refusal stops the build with one line naming the file (and line) that asked for the resource.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import url2pathname

from handouts.paths import is_file

INSIDE = "only data: URLs and files inside content/ and templates/ may be used"
NETWORK_SCHEMES = ("http", "https", "ftp", "ftps", "ws", "wss")
# Files whose references WeasyPrint resolves against the file itself (stylesheets, SVG images),
# and files that are filled into the document (templates), whose base is templates/.
SELF_BASED = (".css", ".svg")
DOCUMENT_BASED = (".html", ".jinja", ".xml")
REFERENCE = re.compile(
    r"""url\(\s*(?:"(?P<u1>[^"]*)"|'(?P<u2>[^']*)'|(?P<u3>[^)\s'"]*))\s*\)"""
    r"""|@import\s+(?:"(?P<i1>[^"]*)"|'(?P<i2>[^']*)')"""
    r"""|\b(?:src|href|xlink:href|data)\s*=\s*(?:"(?P<a1>[^"]*)"|'(?P<a2>[^']*)'|(?P<a3>[^\s>"']+))""",
    re.IGNORECASE,
)


class RefusedResource(Exception):
    """A document named a resource outside what the project may use."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"refused resource '{url}': {reason}")
        self.url = url
        self.reason = reason


def _inside(path: Path, roots: Iterable[Path]) -> bool:
    return any(path.is_relative_to(root.resolve()) for root in roots)


def allowed_path(url: str, roots: tuple[Path, ...]) -> Path:
    """The project file a file: URL names, if it lies inside one of ``roots`` after resolving
    '..' and symbolic links; anything else raises RefusedResource."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme in NETWORK_SCHEMES:
        raise RefusedResource(url, f"the build never uses the network ({INSIDE})")
    if scheme != "file":
        raise RefusedResource(url, f"'{scheme}:' URLs are not fetched ({INSIDE})")
    if parts.netloc not in ("", "localhost"):
        raise RefusedResource(url, f"the file is on another computer ({INSIDE})")
    try:
        named = Path(url2pathname(parts.path))  # url2pathname decodes %xx exactly once
        path = named.resolve()
    except (OSError, ValueError, RuntimeError) as exc:
        raise RefusedResource(url, f"not a usable file name ({exc})") from None
    if not _inside(path, roots):
        link = ""
        if Path(os.path.abspath(named)) != path:
            link = f"; it leads to {path}"
        raise RefusedResource(url, f"the file is outside content/ and templates/{link}")
    if not is_file(path):
        raise RefusedResource(url, "no such file in the project")
    return path


def named_file(url: str) -> list[Path]:
    """The file a file: URL names, before links are resolved (a link retargeted is a change
    of what it names, even when the old target is unchanged); none for other URLs."""
    parts = urlsplit(url)
    if parts.scheme.lower() != "file":
        return []
    try:
        return [Path(os.path.abspath(url2pathname(parts.path)))]
    except ValueError:
        return []


def resolve_reference(base: str, url: str) -> str:
    """``url`` as WeasyPrint fetches it from a file whose address is ``base``."""
    return urljoin(base, url)


def _normal(url: str) -> str:
    """A URL compared as WeasyPrint fetches it: no fragment, no query on files, decoded."""
    url = url.split("#", 1)[0]
    if url.lower().startswith("file:"):
        url = url.split("?", 1)[0]
    return unquote(url)


def _source_files(roots: Iterable[Path]) -> Iterator[Path]:
    for root in roots:
        for folder, _dirs, files in os.walk(root):
            for name in sorted(files):
                if name.endswith(SELF_BASED + DOCUMENT_BASED):
                    yield Path(folder) / name


@dataclass(frozen=True)
class Site:
    """Where a resource is named: a project file (shown relative to the project), its line, and
    the text there that names it."""

    path: str
    line: int
    file: Path
    written: str
    line_text: str


def _references(text: str) -> Iterator[tuple[str, str, int]]:
    """Every url(), @import and src/href/data value in a text: (value, as written, line)."""
    for match in REFERENCE.finditer(text):
        value = next(v for v in match.groupdict().values() if v is not None)
        yield value.strip(), match.group(0), text.count("\n", 0, match.start()) + 1


def _shown(path: Path, top: Path) -> str:
    return Path(os.path.relpath(path, top)).as_posix() if path.is_relative_to(top) else str(path)


def _site(path: Path, top: Path, text: str, line: int, written: str) -> Site:
    line_text = text.split("\n")[line - 1].strip()
    return Site(_shown(path, top), line, path, written, line_text)


def find_sites(
    url: str,
    roots: tuple[Path, ...],
    document_base: Path,
    document: str = "",
    fetched: Iterable[Path] = (),
) -> list[Site]:
    """The project files (and lines) that name ``url``, most likely first, so a refusal can
    point at the one that asked for it.

    Stylesheets and SVG files resolve references against themselves; templates (and the HTML
    they write) against ``document_base``; Jinja expressions are skipped. Files that merely hold
    the URL's text (inside a data: URL, say) count too. Most likely: a file the document loaded
    (``fetched``), then a template line that appears whole in the ``document``'s HTML, then a
    template reference that does, then any other file.
    """
    wanted = _normal(url)
    top = Path(os.path.commonpath([r.resolve() for r in roots]))
    if top in {r.resolve() for r in roots}:
        top = top.parent
    sites: dict[tuple[Path, int], tuple[int, Site]] = {}
    for path in _source_files(roots):
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        if path.name.endswith(SELF_BASED):
            base = path.resolve().as_uri()
        else:
            base = document_base.resolve().as_uri() + "/"
        for value, written, line in _references(text):
            if not value or "{{" in value or "{%" in value:
                continue
            if value == url or _normal(urljoin(base, value)) == wanted:
                sites.setdefault((path, line), (0, _site(path, top, text, line, written)))
        index = text.find(url)
        if index >= 0:
            line = text.count("\n", 0, index) + 1
            sites.setdefault((path, line), (1, _site(path, top, text, line, url)))
    loaded = {p.resolve() for p in fetched}

    def rank(item: tuple[int, Site]) -> tuple[int, int]:
        order, site = item
        if site.file.resolve() in loaded:
            return 0, order
        if site.file.suffix in DOCUMENT_BASED and document:
            if site.line_text and site.line_text in document:
                return 1, order
            if site.written in document:
                return 2, order
        return 3, order

    return [site for _, site in sorted(sites.values(), key=rank)]
