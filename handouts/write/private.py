"""Where a patient's packet may go: it holds health information, so it is readable by its owner
only, never lands where git, a build or CI could pick it up, and its name holds nothing personal."""

from __future__ import annotations

from pathlib import Path

from handouts.errors import HandoutsError
from handouts.paths import ProjectPaths

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
