"""What the checks remember between runs: results of their costliest pure steps, by what those
steps read, so that an unchanged input is never checked twice.

Three steps are remembered: a section's reading grade (by its text), a template that compiles
(by its source), and a document whose templates fill and whose resources pass the gate (by
everything the fill read: records, templates, stylesheets, fonts; see handouts.render.inputs).
Only a clean result is remembered: a finding is always found afresh, so its message is always
today's. The memo itself (handouts.write.cache.CheckMemo) is kept in the user's cache folder,
like the build's PDFs; the commands hand it to the gate (`--no-cache` does without).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any, Protocol

from handouts.model import Project
from handouts.render.inputs import Reads

GRADE = "grade"
COMPILED = "compiled"
FILLED = "filled"
CLEAN = "clean"


class Memo(Protocol):
    """Results of pure steps, each under a key, valid while the inputs it read still hold."""

    def recall(self, kind: str, key: str, project: Project) -> Any | None:
        """The result remembered under ``key`` whose inputs all hold in ``project`` (and the
        files it was loaded from), or None."""

    def remember(
        self, kind: str, key: str, project: Project, reads: Reads | None, value: Any
    ) -> None:
        """Remember ``value`` under ``key``, with what it read (None: a function of the key
        alone)."""

    def software(self) -> str:
        """A digest of the code and packages that compute the results."""


def key_of(*parts: str | bytes) -> str:
    """One key from several parts (unambiguous: each part's length is hashed too)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(f"{len(data)}:".encode() + data)
    return digest.hexdigest()


def note_files(reads: Reads | None, paths: Iterable[Any]) -> None:
    """Note files a step looked at (read, or found missing) as inputs."""
    if reads is not None:
        reads.files.update(paths)
