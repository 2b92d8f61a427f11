"""The bytes of every file a document can be made from, as sha256 digests: the sources' state
that build's cache keys name (see handouts.render.inputs).

Taken before the project is loaded, and checked again for the files a new cache entry names
before it is stored: an edit saved while a build runs never files a PDF under the wrong bytes.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from handouts.paths import ProjectPaths

MISSING = "-"
"""The digest of a file that does not exist (or cannot be read)."""


def file_digest(path: Path) -> str:
    """sha256 of a file's bytes, or MISSING."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, RuntimeError):  # RuntimeError: a symbolic-link loop
        return MISSING


@dataclass(frozen=True)
class Snapshot:
    """Digests of the project's files, by path relative to the project folder."""

    root: Path
    digests: Mapping[str, str]

    def file(self, relative: str) -> str:
        """The digest of one file (MISSING when it is not there)."""
        return self.digests.get(relative, MISSING)

    def folder(self, relative: str) -> str:
        """One digest for every file under a folder (names and bytes)."""
        prefix = relative.rstrip("/") + "/"
        listing = sorted((k, v) for k, v in self.digests.items() if k.startswith(prefix))
        return hashlib.sha256(repr(listing).encode()).hexdigest()

    def unchanged(self, relatives: Iterable[str]) -> bool:
        """Whether these files still hold the bytes they held when the snapshot was taken."""
        return all(file_digest(self.root / rel) == self.file(rel) for rel in relatives)


def take_snapshot(paths: ProjectPaths) -> Snapshot:
    """Digests of every file under content/ and templates/ (links are read, not followed
    into folders; the loader refuses those that lead outside)."""
    digests: dict[str, str] = {}
    for base in (paths.content, paths.templates):
        for folder, _dirs, files in os.walk(base):
            for name in files:
                path = Path(folder) / name
                digests[path.relative_to(paths.root).as_posix()] = file_digest(path)
    return Snapshot(paths.root, digests)
