"""Write files atomically: no reader sees half a PDF, and a failed run leaves nothing."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from handouts.errors import HandoutsError


def prepare_folder(folder: Path, mode: int = 0o755) -> None:
    """Create the output folder (before any rendering), or say plainly why it cannot be used."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=mode)
        if not os.access(folder, os.W_OK):
            raise PermissionError(13, "permission denied")
    except OSError as exc:
        raise HandoutsError(
            f"{folder}: cannot write there ({exc.strerror or exc}); choose another --output"
        ) from None


def write_atomic(path: Path, data: bytes, mode: int = 0o644) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    prepare_folder(path.parent)
    try:
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise HandoutsError(f"{path}: cannot write there ({exc.strerror or exc})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise HandoutsError(f"{path}: cannot write there ({exc.strerror or exc})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
