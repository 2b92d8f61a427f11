#!/usr/bin/env python3
"""Regenerate the visual baselines on purpose, after a change to the look that is meant.

Builds the fixture clinic (tests/fixtures/clinic, with the product's templates, as the tests do)
into a temporary folder, renders each page listed in tests/visual.py (PAGES, for every location)
at the test's resolution into tests/baselines/<location>-<document>-p<page>.png, removes the
baselines of pages no longer listed, and says what changed. Look at the pictures before
committing them.

    .venv/bin/python scripts/update_baselines.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageChops  # noqa: E402

from handouts.commands.build import build  # noqa: E402
from handouts.paths import ProjectPaths  # noqa: E402
from tests.clinic import SOURCE_DATE_EPOCH, TODAY, make_project  # noqa: E402
from tests.visual import BASELINES, baseline_name, baseline_pages, render_page  # noqa: E402


def same_pixels(picture: Image.Image, path: Path) -> bool:
    """Whether the baseline at ``path`` holds exactly these pixels."""
    with Image.open(path) as old:
        old_rgb = old.convert("RGB")
    return (
        old_rgb.size == picture.size and ImageChops.difference(old_rgb, picture).getbbox() is None
    )


def main() -> int:
    """Write every baseline; print one line per picture."""
    BASELINES.mkdir(parents=True, exist_ok=True)
    written = set()
    with tempfile.TemporaryDirectory() as tmp:
        project = make_project(Path(tmp) / "clinic")
        out = Path(tmp) / "output"
        # The same build as the tests' clinic_build fixture: same day, same source date.
        build(
            ProjectPaths(project),
            out,
            today=TODAY,
            environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
        )
        for pdf, page in baseline_pages():
            name = baseline_name(pdf, page)
            target = BASELINES / name
            picture = render_page(out / pdf, page)
            if not target.exists():
                status = "new"
            else:
                status = "unchanged" if same_pixels(picture, target) else "updated"
            if status != "unchanged":
                picture.save(target, optimize=True)
            written.add(name)
            print(f"{status:9} tests/baselines/{name}")
    for stale in sorted(BASELINES.glob("*.png")):
        if stale.name not in written:
            stale.unlink()
            print(f"{'removed':9} tests/baselines/{stale.name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
