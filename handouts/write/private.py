"""Where a patient's packet may go: it holds health information, so it is readable by its owner
only, never lands where git, a build or CI could pick it up, and its name holds nothing personal."""

from __future__ import annotations

import errno
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType

from handouts.errors import HandoutsError
from handouts.paths import ProjectPaths
from handouts.write.files import write_atomic

PERSONAL_MODE = 0o600  # a personalised packet holds health information: its owner only
PERSONAL_FOLDER_MODE = 0o700  # and so do the folders --output creates for it
PERSONAL_REMINDER = " - holds health information: print it, then delete it"
# Inside the project folder (kept in git, read by the build, uploaded by CI) a personalised packet
# may only be a top-level packet-*.pdf, which .gitignore keeps out of git.
PRIVATE_IN_PROJECT = "packet-*.pdf"


def personal_packet_path(output: Path | None, location: str, cwd: Path, variant: str = "") -> Path:
    """Where a personalised packet goes: --output (a .pdf file or a folder), else the current
    folder, under a name that holds no personal details: packet-<location>[.<variant>].pdf."""
    name = f"packet-{location}{'.' + variant if variant else ''}.pdf"
    if output is None:
        return cwd / name
    output = cwd / output  # an absolute --output stays as it is
    return output if output.suffix.lower() == ".pdf" else output / name


def refuse_shared_folder(paths: ProjectPaths, target: Path) -> None:
    """Stop before a personalised packet lands anywhere in the project that git, the build or
    CI could pick up; only a top-level packet-*.pdf (git-ignored) is allowed there."""
    root = paths.root.resolve()
    where = target.resolve()
    if not where.is_relative_to(root):
        return
    if where.parent == root and where.match(PRIVATE_IN_PROJECT):
        return
    raise HandoutsError(
        "--output: a personalised packet holds health information and must not be written "
        "inside the project folder, which is kept in git and shared by builds "
        "(expected a private folder, e.g. --output ~/packets, or leave --output out in the "
        "project folder to write packet-<location>.pdf there, which git ignores)"
    )


def make_private_folders(folder: Path) -> None:
    """Create ``folder`` and any missing parents readable by their owner only (0700); folders
    that already exist keep their permissions."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    blocking = next((p for p in (folder, *folder.parents) if p.exists()), None)
    if blocking is not None and not blocking.is_dir():
        raise HandoutsError(f"{blocking}: is a file, not a folder; choose another --output")
    try:
        for path in reversed(missing):
            path.mkdir(mode=PERSONAL_FOLDER_MODE)
            path.chmod(PERSONAL_FOLDER_MODE)  # whatever the umask
    except OSError as exc:
        raise HandoutsError(
            f"{folder}: cannot write there ({exc.strerror or exc}); choose another --output"
        ) from None


@contextmanager
def private_workspace(paths: ProjectPaths) -> Iterator[Path]:
    """A folder for a personalised packet's temporary files: in the system's temporary folder,
    outside the project (never where git, a build or CI could pick a file up), readable by its
    owner only (0700), and removed with everything in it when the block ends, however it ends
    (with ``exits_on_signals``, a SIGTERM or SIGHUP ends it too)."""
    folder = Path(tempfile.mkdtemp(prefix="handouts-packet-"))
    try:
        if Path(os.path.realpath(folder)).is_relative_to(os.path.realpath(paths.root)):
            raise HandoutsError(
                f"TMPDIR: '{folder.parent}' is inside the project folder; a personalised "
                "packet's temporary files must not be (set TMPDIR to a private folder, or unset it)"
            )
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_private(target: Path, data: bytes, workspace: Path) -> None:
    """Write a personalised packet (0600) in ``workspace``, then move it to ``target`` in one
    step. When the two are on different file systems, the last copy goes through a hidden
    ``.packet-*.tmp`` file beside ``target`` (git-ignored), removed if anything fails."""
    staged = workspace / "packet.pdf"
    try:
        fd = os.open(staged, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PERSONAL_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        try:
            os.replace(staged, target)
            return
        except OSError as exc:
            if exc.errno != errno.EXDEV:
                raise
    except OSError as exc:
        raise HandoutsError(f"{target}: cannot write there ({exc.strerror or exc})") from None
    # Another file system: write_atomic stages beside the target, owner-only from the start.
    write_atomic(target, data, mode=PERSONAL_MODE)


@contextmanager
def exits_on_signals() -> Iterator[None]:
    """While the block runs, SIGTERM and SIGHUP (a closed terminal, a stopped service) end the
    run as Ctrl-C does, by an exception, so every clean-up on the way out runs: a personalised
    packet's temporary files are removed instead of being left behind. Python's own handling of
    those signals ends the process on the spot. Only the main thread can set handlers; elsewhere
    (a server's worker thread) the block runs as it is."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handled = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)
    before = {signum: signal.getsignal(signum) for signum in handled}

    def stop(signum: int, frame: FrameType | None) -> None:
        for other in handled:  # a second signal must not cut the clean-up short
            signal.signal(other, signal.SIG_IGN)
        if signum == signal.SIGINT:
            raise KeyboardInterrupt
        raise SystemExit(128 + signum)

    for signum in handled:
        if before[signum] is not signal.SIG_IGN:
            signal.signal(signum, stop)
    try:
        yield
    finally:
        for signum, handler in before.items():
            signal.signal(signum, handler)
