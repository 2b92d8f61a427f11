"""Where a build comes from: the source date printed into the PDFs and the source revision.

Reproducible builds (https://reproducible-builds.org/specs/source-date-epoch/): the PDF dates
come from SOURCE_DATE_EPOCH when it is set, else from the last commit that touched content/ or
templates/, else from the newest section review date. Never from the clock, so two builds of
the same commit are byte-identical.
"""

from __future__ import annotations

import datetime as dt
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import HandoutsError

UNKNOWN_REVISION = "unknown"


@dataclass(frozen=True)
class SourceDate:
    """The moment the sources were last changed, and where that was read from."""

    when: dt.datetime
    origin: str  # "SOURCE_DATE_EPOCH", "git" or "reviewed"

    def w3c(self) -> str:
        """The date as HTML metadata (<meta name="dcterms.modified">) wants it."""
        return self.when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _git(root: Path, *args: str) -> str | None:
    """Output of a git command in ``root``; None when git or the repository is unavailable."""
    try:
        done = subprocess.run(
            ["git", "-C", str(root), *args],
            capture_output=True,
            text=True,
            check=False,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return done.stdout.strip()


LAST_EPOCH = 4133980799
"""2100-12-31T23:59:59Z: the last source date handouts accept (reviewed dates end in 2100 too)."""


def _epoch(value: str) -> dt.datetime:
    shown = value if len(value) <= 24 else value[:20] + "..."
    try:
        seconds = int(value) if len(value) <= 24 else None
    except ValueError:
        seconds = None
    if seconds is None:
        raise HandoutsError(
            f"SOURCE_DATE_EPOCH: '{shown}' is not a whole number of seconds since 1970"
        )
    if seconds < 0:
        raise HandoutsError(f"SOURCE_DATE_EPOCH: '{shown}' is before 1970")
    if seconds > LAST_EPOCH:
        raise HandoutsError(
            f"SOURCE_DATE_EPOCH: '{shown}' is after 2100 (expected seconds since 1970, at most "
            f"{LAST_EPOCH})"
        )
    return dt.datetime.fromtimestamp(seconds, dt.UTC)


def source_date(
    root: Path, environ: Mapping[str, str], newest_review: dt.date | None = None
) -> SourceDate:
    """The date the PDFs carry: SOURCE_DATE_EPOCH, else git, else the newest review date."""
    value = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if value:
        return SourceDate(_epoch(value), "SOURCE_DATE_EPOCH")
    stamp = _git(root, "log", "-1", "--format=%ct", "--", "content", "templates")
    if stamp and stamp.isdigit():
        return SourceDate(dt.datetime.fromtimestamp(int(stamp), dt.UTC), "git")
    day = newest_review or dt.date(1970, 1, 1)
    return SourceDate(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC), "reviewed")


def source_revision(root: Path) -> str:
    """The commit the sources are at ('-dirty' when tracked files changed); 'unknown' off git."""
    head = _git(root, "rev-parse", "HEAD")
    if not head:
        return UNKNOWN_REVISION
    changed = _git(root, "status", "--porcelain", "--untracked-files=no")
    return f"{head}-dirty" if changed else head
