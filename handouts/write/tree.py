"""A build's output, all or nothing: every new file is written next to the old tree first, then
switched in, so a full disk or a kill at any moment leaves the old build or the new one, each
with the manifest that matches it.

1. Stage: each new file (the PDFs, the manifest last) goes into output/.handouts-staging/, and
   any folder the new tree needs is made. A failure here (no space left, say) removes what was
   staged and made: the old tree was never touched.
2. Commit: output/.handouts-journal.json, written whole and then renamed into place, lists where
   each staged file goes. Its rename is the moment the build becomes the new one.
3. Switch: each staged file is renamed over its target, the manifest last, then the journal is
   removed. Renames write no data, so a full disk cannot stop them; a kill can, and the next
   build (before anything else) finishes the switch the journal describes.

output/ itself is never replaced, so files the build does not make (the brand sheet, a chart)
stay, a folder open in a file browser stays open, and output/ may be a mount point.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from handouts.errors import HandoutsError

STAGING = ".handouts-staging"
JOURNAL = ".handouts-journal.json"
JOURNAL_DRAFT = ".handouts-journal.json.draft"
FILE_MODE = 0o644


class Disk:
    """The file-system operations a build's output is written with (the one place a test
    injects a full disk or a kill)."""

    def write(self, path: Path, data: bytes, mode: int = FILE_MODE) -> None:
        """Create ``path`` (it must not exist) holding ``data``."""
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        except BaseException:
            path.unlink(missing_ok=True)
            raise
        os.chmod(path, mode)  # whatever the umask

    def replace(self, source: Path, target: Path) -> None:
        """Rename ``source`` over ``target`` in one step."""
        os.replace(source, target)

    def mkdir(self, path: Path) -> None:
        """Make one folder."""
        path.mkdir(mode=0o755)

    def remove(self, path: Path) -> None:
        """Remove a file, if it is there."""
        path.unlink(missing_ok=True)

    def remove_tree(self, path: Path) -> None:
        """Remove a folder and everything in it, if it is there."""
        shutil.rmtree(path, ignore_errors=True)

    def rmdir(self, path: Path) -> None:
        """Remove an empty folder."""
        path.rmdir()


LOCAL_DISK = Disk()


@dataclass(frozen=True)
class Move:
    """One staged file and where it goes, relative to the output folder."""

    staged: str
    target: str


def _safe(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if (
        path.is_absolute()
        or ".." in path.parts
        or not path.parts
        or path.parts[0]
        in (
            STAGING,
            JOURNAL,
            JOURNAL_DRAFT,
        )
    ):
        raise ValueError(f"'{relative}' is not a path inside the output folder")
    return path


def _cannot(out_dir: Path, exc: OSError, what: str) -> HandoutsError:
    reason = exc.strerror or str(exc)
    return HandoutsError(f"{out_dir}: cannot write there ({reason}); {what}")


@contextmanager
def locked(out_dir: Path) -> Iterator[None]:
    """Hold a lock on the output folder itself: two builds into one folder switch in one after
    the other, never into each other's staging (the lock ends with the process, however it
    ends, and leaves no file behind)."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock
        yield
        return
    try:
        fd = os.open(out_dir, os.O_RDONLY)
    except OSError as exc:
        raise _cannot(out_dir, exc, "the previous build is unchanged") from None
    try:
        # A file system without locks (some network shares): go on unlocked.
        with suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def write_tree(out_dir: Path, files: Sequence[tuple[str, bytes]], disk: Disk = LOCAL_DISK) -> None:
    """Put ``files`` ((path relative to ``out_dir``, bytes), in the order they switch in: the
    manifest last) into ``out_dir`` all at once; any other file there stays as it is."""
    with locked(out_dir):
        _write_tree(out_dir, files, disk)


def recover(out_dir: Path, disk: Disk = LOCAL_DISK) -> bool:
    """Before a build: finish the switch of one that was interrupted (see the module's
    docstring); whether there was one."""
    leftovers = (out_dir / JOURNAL, out_dir / JOURNAL_DRAFT, out_dir / STAGING)
    if not any(path.exists() for path in leftovers):
        return False
    with locked(out_dir):
        return finish_interrupted(out_dir, disk)


def _write_tree(out_dir: Path, files: Sequence[tuple[str, bytes]], disk: Disk) -> None:
    finish_interrupted(out_dir, disk)
    staging = out_dir / STAGING
    made: list[Path] = []
    moves = []
    try:
        disk.mkdir(staging)
        made.append(staging)
        for number, (relative, data) in enumerate(files):
            target = out_dir / _safe(relative)
            staged = f"{number:05d}{target.suffix}"
            disk.write(staging / staged, data)
            for folder in reversed(target.relative_to(out_dir).parents[:-1]):
                if not (out_dir / folder).is_dir():
                    disk.mkdir(out_dir / folder)
                    made.append(out_dir / folder)
            moves.append(Move(staged, relative))
        journal = [{"staged": m.staged, "target": m.target} for m in moves]
        disk.write(out_dir / JOURNAL_DRAFT, json.dumps(journal, indent=1).encode())
        disk.replace(out_dir / JOURNAL_DRAFT, out_dir / JOURNAL)  # the commit
    except BaseException as exc:
        _undo(out_dir, made, disk)
        if isinstance(exc, OSError):
            raise _cannot(out_dir, exc, "the previous build is unchanged") from None
        raise
    try:
        _switch(out_dir, moves, disk)
    except OSError as exc:
        raise _cannot(
            out_dir,
            exc,
            "the new build is written but not all of it is in place; run the "
            "build again to finish it",
        ) from None


def _undo(out_dir: Path, made: list[Path], disk: Disk) -> None:
    """Remove what a failed staging made (the staging folder, new empty folders, a draft)."""
    try:
        disk.remove(out_dir / JOURNAL_DRAFT)
        for folder in reversed(made):
            if folder.name == STAGING:
                disk.remove_tree(folder)
            else:
                disk.rmdir(folder)
    except OSError:
        pass  # left for the next build, which clears a staging folder without a journal


def _switch(out_dir: Path, moves: Sequence[Move], disk: Disk) -> None:
    staging = out_dir / STAGING
    for move in moves:
        staged = staging / move.staged
        if staged.exists():  # else: moved before an interruption
            disk.replace(staged, out_dir / _safe(move.target))
    try:
        disk.remove(out_dir / JOURNAL)
        disk.remove_tree(staging)
    except OSError:
        pass  # the new tree is whole; the next build clears what is left of the switch


def finish_interrupted(out_dir: Path, disk: Disk = LOCAL_DISK) -> bool:
    """Finish the switch of a build that was stopped after its commit (its journal is still
    there), or clear what a build stopped before it left; whether a build was finished."""
    journal = out_dir / JOURNAL
    try:
        if journal.is_file():
            entries = json.loads(journal.read_text(encoding="utf-8"))
            moves = [Move(str(e["staged"]), str(e["target"])) for e in entries]
            for move in moves:
                if "/" in move.staged or move.staged.startswith("."):
                    raise ValueError(f"'{move.staged}' is not a staged file")
                _safe(move.target)
            _switch(out_dir, moves, disk)
            return True
        if (out_dir / STAGING).exists() or (out_dir / JOURNAL_DRAFT).exists():
            disk.remove(out_dir / JOURNAL_DRAFT)
            disk.remove_tree(out_dir / STAGING)
    except (ValueError, KeyError, TypeError) as exc:
        raise HandoutsError(
            f"{journal}: not a journal handouts wrote ({exc}); remove it and the folder "
            f"{STAGING} beside it, then build again"
        ) from None
    except OSError as exc:
        if exc.errno == errno.ENOENT:
            return False
        raise _cannot(out_dir, exc, "could not finish the build that was interrupted") from None
    return False
