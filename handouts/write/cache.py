"""The build cache: PDFs filed under what they were made from, so nothing is rendered twice.

An entry is a PDF with its page count, its sha256 and its inputs (see handouts.render.inputs):
every file, record and template it read, with the digest each held. It is filed under the
document's static key (what the document is, its date, the software); a build reuses it when
every input still holds the same value, and checks the PDF's sha256 before using it.

Where: $HANDOUTS_CACHE_DIR, else $XDG_CACHE_HOME/handouts, else ~/.cache/handouts, one folder per
project. Never inside the project: a pull request can commit files anywhere in it (even where
.gitignore says not to), and a "cached" PDF planted there would skip every check. A patient's
packet is never cached: it holds health information. The cache is an optimisation only: when it
cannot be read or written, the build renders and says so, and never fails because of it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.load.snapshot import Snapshot, take_snapshot
from handouts.model import Project
from handouts.paths import ProjectPaths
from handouts.render.inputs import Reads, input_value, read_inputs, software_digest

CACHE_ENV = "HANDOUTS_CACHE_DIR"
ENTRY_FORMAT = 1
FOLDER_MODE = 0o700  # the user's own: another account on the machine must not plant entries


def cache_root(environ: Mapping[str, str]) -> Path:
    """The folder for every project's cache: $HANDOUTS_CACHE_DIR, else the XDG cache folder."""
    if environ.get(CACHE_ENV):
        return Path(environ[CACHE_ENV]).expanduser()
    xdg = environ.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "handouts"


def project_cache_folder(paths: ProjectPaths, environ: Mapping[str, str]) -> Path:
    """One project's cache: a folder named after the project folder's absolute path."""
    where = str(paths.root.resolve())
    name = hashlib.sha256(where.encode()).hexdigest()[:16]
    return cache_root(environ) / "projects" / name


@dataclass(frozen=True)
class CachedPdf:
    """A PDF from the cache."""

    data: bytes
    pages: int
    entry: Path


@dataclass
class PdfCache:
    """One project's PDF cache (see the module's docstring)."""

    folder: Path
    trouble: list[str] = field(default_factory=list)
    """Why the cache could not be used, once per reason (a build reports them, and goes on)."""

    def _note(self, exc: OSError) -> None:
        reason = f"{self.folder}: {exc.strerror or exc}"
        if reason not in self.trouble:
            self.trouble.append(reason)

    def _entries(self, key: str) -> list[Path]:
        try:
            return sorted((self.folder / "pdf" / key).glob("*.json"))
        except OSError:
            return []

    def lookup(self, key: str, value_of: Callable[[str], str]) -> CachedPdf | None:
        """The PDF filed under ``key`` whose inputs all still hold what they held
        (``value_of(name)``: an input's value now), or None."""
        for entry in self._entries(key):
            try:
                record = json.loads(entry.read_text(encoding="utf-8"))
                if record.get("format") != ENTRY_FORMAT:
                    continue
                inputs: dict[str, str] = record["inputs"]
                if any(value_of(name) != value for name, value in inputs.items()):
                    continue
                data = entry.with_suffix(".pdf").read_bytes()
            except (OSError, ValueError, KeyError, TypeError, AttributeError):
                continue  # a broken or half-removed entry is a miss
            if hashlib.sha256(data).hexdigest() != record.get("sha256"):
                continue
            return CachedPdf(data, int(record["pages"]), entry)
        return None

    def store(self, key: str, inputs: Mapping[str, str], data: bytes, pages: int) -> Path | None:
        """File a PDF under ``key`` with its inputs; the entry, or None when it cannot be
        written (the reason is noted in ``trouble``)."""
        listing = json.dumps(sorted(inputs.items()), ensure_ascii=True).encode()
        entry = self.folder / "pdf" / key / f"{hashlib.sha256(listing).hexdigest()}.json"
        record = {
            "format": ENTRY_FORMAT,
            "pages": pages,
            "sha256": hashlib.sha256(data).hexdigest(),
            "inputs": dict(sorted(inputs.items())),
        }
        try:
            _private_folders(entry.parent)
            # The PDF first, then the record that makes the entry visible to lookups.
            _write_atomic(entry.with_suffix(".pdf"), data)
            _write_atomic(entry, (json.dumps(record, indent=1) + "\n").encode())
        except OSError as exc:
            self._note(exc)
            return None
        return entry

    def store_rendered(
        self,
        key: str,
        project: Project,
        snapshot: Snapshot,
        reads: Reads,
        data: bytes,
        pages: int,
    ) -> Path | None:
        """File a PDF just rendered with everything it read, unless a file among those changed
        since the snapshot was taken (its bytes may then not be the ones the inputs name)."""
        names = read_inputs(project, reads)
        files = [name.partition(":")[2] for name in names if name.startswith("file:")]
        folders = [name.partition(":")[2] for name in names if name.startswith("folder:")]
        within = [
            rel for folder in folders for rel in snapshot.digests if rel.startswith(folder + "/")
        ]
        if not snapshot.unchanged([*files, *within]):
            return None
        inputs = {name: input_value(name, project, snapshot) for name in names}
        return self.store(key, inputs, data, pages)

    def sources_changed(self, snapshot: Snapshot) -> bool:
        """Whether any project file differs from the last build's (or there was none): then
        something is likely to render, and a build starts its workers at once."""
        try:
            last = json.loads((self.folder / "sources.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return True
        return bool(last != dict(snapshot.digests))

    def note_sources(self, snapshot: Snapshot) -> None:
        """Remember the project's files as this build found them (see sources_changed)."""
        try:
            _private_folders(self.folder)
            text = json.dumps(dict(snapshot.digests), sort_keys=True)
            _write_atomic(self.folder / "sources.json", text.encode())
        except OSError as exc:
            self._note(exc)

    def prune(self, keep: Iterable[Path]) -> int:
        """Remove every entry but ``keep`` (after a full build: the cache then holds what the
        sources make now, no more); how many were removed."""
        kept = {path.resolve() for path in keep}
        removed = 0
        try:
            records = list((self.folder / "pdf").glob("*/*.json"))
        except OSError:
            return 0
        for record in records:
            if record.resolve() in kept:
                continue
            try:
                record.unlink(missing_ok=True)
                record.with_suffix(".pdf").unlink(missing_ok=True)
                removed += 1
                if not any(record.parent.iterdir()):
                    record.parent.rmdir()
            except OSError:
                continue
        return removed


def _private_folders(folder: Path) -> None:
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    for path in reversed(missing):
        path.mkdir(mode=FOLDER_MODE, exist_ok=True)


def _write_atomic(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def clear(folder: Path) -> None:
    """Remove a project's cache entirely."""
    shutil.rmtree(folder, ignore_errors=True)


MEMO_FORMAT = 1
MEMO_KEEP_RUNS = 50
"""A remembered result no run has used for this many runs is dropped."""


@dataclass
class CheckMemo:
    """What the checks remember between runs (handouts.checks.memo), in one small file of the
    project's cache folder: each result with the inputs it read and their values then."""

    folder: Path
    snapshot: Snapshot
    trouble: list[str] = field(default_factory=list)
    _data: dict[str, Any] | None = field(default=None, repr=False)
    _software: str = field(default="", repr=False)
    _changed: bool = field(default=False, repr=False)

    @property
    def path(self) -> Path:
        """The memo's file."""
        return self.folder / "check.json"

    def _entries(self) -> dict[str, Any]:
        if self._data is None:
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
                if data.get("format") != MEMO_FORMAT or not isinstance(data.get("entries"), dict):
                    raise ValueError("another format")
            except (OSError, ValueError, AttributeError):
                data = {"format": MEMO_FORMAT, "run": 0, "entries": {}}
            data["run"] = int(data.get("run", 0)) + 1
            self._data = data
        entries: dict[str, Any] = self._data["entries"]
        return entries

    def software(self) -> str:
        """A digest of this package's code, Python and the installed packages."""
        if not self._software:
            self._software = software_digest()
        return self._software

    def recall(self, kind: str, key: str, project: Project) -> Any | None:
        """The value remembered under ``key`` whose inputs all hold now, or None."""
        for entry in self._entries().get(kind, {}).get(key, []):
            try:
                inputs = entry["inputs"]
                if all(
                    input_value(name, project, self.snapshot) == value
                    for name, value in inputs.items()
                ):
                    if entry.get("used") != self._run:
                        entry["used"] = self._run
                        self._changed = True
                    return entry["value"]
            except (KeyError, TypeError, AttributeError, ValueError):
                continue
        return None

    @property
    def _run(self) -> int:
        self._entries()
        assert self._data is not None
        return int(self._data["run"])

    def remember(
        self, kind: str, key: str, project: Project, reads: Reads | None, value: Any
    ) -> None:
        """Remember ``value`` with the inputs ``reads`` names and their values now (unless a
        file among them changed since the run began: its value would not be the one read)."""
        names = read_inputs(project, reads) if reads is not None else []
        files = [n.partition(":")[2] for n in names if n.startswith("file:")]
        if files and not self.snapshot.unchanged(files):
            return
        inputs = {name: input_value(name, project, self.snapshot) for name in names}
        kept = self._entries().setdefault(kind, {}).setdefault(key, [])
        kept[:] = [e for e in kept if e.get("inputs") != inputs]
        kept.append({"inputs": inputs, "value": value, "used": self._run})
        self._changed = True

    def save(self) -> None:
        """Write what was remembered (results unused for MEMO_KEEP_RUNS runs are dropped)."""
        if self._data is None or not self._changed:
            return
        run = self._run
        for by_key in self._entries().values():
            for key in list(by_key):
                by_key[key] = [
                    e for e in by_key[key] if run - int(e.get("used", 0)) < MEMO_KEEP_RUNS
                ]
                if not by_key[key]:
                    del by_key[key]
        try:
            _private_folders(self.folder)
            _write_atomic(self.path, json.dumps(self._data, sort_keys=True).encode())
        except OSError as exc:
            reason = f"{self.folder}: {exc.strerror or exc}"
            if reason not in self.trouble:
                self.trouble.append(reason)
        self._changed = False


def project_memo(paths: ProjectPaths, environ: Mapping[str, str]) -> CheckMemo:
    """The project's check memo in the user's cache folder, the project's files as they are now
    (take it before the project is loaded)."""
    return CheckMemo(project_cache_folder(paths, environ), take_snapshot(paths))
