"""Earlier versions of a file from git: what a stale translation was made from.

A translation records the sha256 of the source-language file it was translated from. When that
file has changed since, the version with that digest is looked for in the history of HEAD (and
in the index), newest first, so `check` can name the lines that changed. Only the file's own
versions are read, in one `git cat-file --batch` process.
"""

from __future__ import annotations

import difflib
import hashlib
import subprocess
from dataclasses import dataclass
from pathlib import Path

MAX_VERSIONS = 500
"""How far back the history is searched (commits that touched the file)."""
TIMEOUT = 20.0


@dataclass(frozen=True)
class Version:
    """A version of a file found in git: the commit that holds it (or 'the index') and its text."""

    commit: str
    text: str


def _git(root: Path, *args: str, data: bytes | None = None) -> bytes | None:
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            input=data,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


def _blobs(output: bytes, count: int) -> list[bytes | None]:
    """The contents `git cat-file --batch` printed for ``count`` requests (None: missing)."""
    found: list[bytes | None] = []
    at = 0
    for _ in range(count):
        end = output.index(b"\n", at)
        header = output[at:end].split()
        at = end + 1
        if len(header) < 3 or header[1] != b"blob":
            found.append(None)
            continue
        size = int(header[2])
        found.append(output[at : at + size])
        at += size + 1
    return found


def find_version(root: Path, relative: str, sha256: str) -> Version | None:
    """The version of ``relative`` (a path under the project ``root``) whose bytes hash to
    ``sha256``, from the index or HEAD's history; None when git has none (or no git)."""
    prefix = _git(root, "rev-parse", "--show-prefix")
    commits = _git(root, "rev-list", f"--max-count={MAX_VERSIONS}", "HEAD", "--", relative)
    if prefix is None:
        return None
    path = prefix.decode().strip() + relative
    names = ["the index", *(commits.decode().split() if commits else [])]
    requests = [f":{path}", *(f"{commit}:{path}" for commit in names[1:])]
    output = _git(root, "cat-file", "--batch", data="".join(f"{r}\n" for r in requests).encode())
    if output is None:
        return None
    for name, blob in zip(names, _blobs(output, len(requests)), strict=True):
        if blob is not None and hashlib.sha256(blob).hexdigest() == sha256:
            commit = name if name == "the index" else f"commit {name[:10]}"
            return Version(commit, blob.decode("utf-8", errors="replace"))
    return None


def changed_lines(old: str, new: str) -> tuple[list[int], bool]:
    """The lines of ``new`` (1-based) that are new or changed since ``old``, and whether lines
    of ``old`` were removed without a replacement."""
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    lines: list[int] = []
    removed = False
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag in ("replace", "insert"):
            lines += range(b1 + 1, b2 + 1)
        elif tag == "delete" and a2 > a1:
            removed = True
    return lines, removed


def line_ranges(lines: list[int]) -> str:
    """'3, 12-14, 20': line numbers as ranges."""
    ranges: list[list[int]] = []
    for line in sorted(set(lines)):
        if ranges and ranges[-1][1] == line - 1:
            ranges[-1][1] = line
        else:
            ranges.append([line, line])
    return ", ".join(str(a) if a == b else f"{a}-{b}" for a, b in ranges)
