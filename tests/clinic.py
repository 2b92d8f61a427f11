"""The projects tests run on: the fixture clinic (tests/fixtures/clinic) with the product's own
templates, and the shipped clinic (content/ of this repository).

Behaviour tests use the fixture clinic, so an honest edit to the shipped clinic's words never
turns the suite red; the shipped clinic has its own thin layer (tests/test_shipped.py).
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""This repository: the shipped clinic and the product's templates."""
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "clinic"
"""The fixture clinic's content (it has no templates of its own)."""
TODAY = dt.date(2026, 12, 1)
"""'Today' for the fixture clinic's review dates (every section was reviewed 2026-10-01)."""
SOURCE_DATE_EPOCH = "1764547200"
"""2025-12-01T00:00:00Z: the source date of every test build, so no test depends on git."""


def make_project(dest: Path, content: Path = FIXTURE / "content") -> Path:
    """A writable project at ``dest``: ``content`` (the fixture clinic's by default) and the
    product's templates."""
    shutil.copytree(content, dest / "content")
    shutil.copytree(ROOT / "templates", dest / "templates")
    return dest


def wording(lang: str) -> dict[str, str]:
    """The fixture clinic's template wording in ``lang`` (content/strings/<lang>.yaml)."""
    import yaml

    text = (FIXTURE / "content" / "strings" / f"{lang}.yaml").read_text(encoding="utf-8")
    loaded: dict[str, str] = yaml.safe_load(text)
    return loaded


REVIEWED_IN_WORDS = {"en": "October 2026", "es": "octubre de 2026", "zh-Hans": "2026年10月"}
"""The fixture clinic's review date (2026-10-01) as each language's footer says it."""


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a file with ``new`` (a test's edit; ``old`` must be there)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    """Add ``text`` at the end of a file."""
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)
