"""The one gate for every resource a document names: data: URLs and project files only."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname


class RefusedResource(Exception):
    """A document named a resource outside what the project may use."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"refused resource '{url}': {reason}")
        self.url = url
        self.reason = reason


def allowed_path(url: str, roots: tuple[Path, ...]) -> Path:
    """The local file a file: URL names, if it lies inside one of ``roots`` (links resolved)."""
    parts = urlsplit(url)
    if parts.scheme != "file":
        raise RefusedResource(url, "only files inside content/ and templates/ may be used")
    if parts.netloc not in ("", "localhost"):
        raise RefusedResource(url, "only local files may be used")
    path = Path(url2pathname(unquote(parts.path))).resolve()
    for root in roots:
        if path.is_relative_to(root.resolve()):
            return path
    raise RefusedResource(url, "the file is outside content/ and templates/")
