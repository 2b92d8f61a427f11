#!/usr/bin/env python3
"""Regenerate the visual baselines on purpose, after a change to the look that is meant.

Builds every PDF of the project into a temporary folder, renders page 1 of each at the test's
resolution into tests/baselines/<location>-<handout>-p1.png, removes baselines of PDFs that
are no longer built, and says what changed. Review the pictures before committing them.

    .venv/bin/python scripts/update_baselines.py
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageChops  # noqa: E402

from handouts.build import build  # noqa: E402
from handouts.project import ProjectPaths  # noqa: E402
from tests.visual import BASELINES, baseline_name, render_page  # noqa: E402


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
        out = Path(tmp)
        result = build(ProjectPaths(ROOT), out, environ={"SOURCE_DATE_EPOCH": "0"})
        for pdf in result.pdfs:
            name = baseline_name(pdf.path.relative_to(out).as_posix())
            target = BASELINES / name
            picture = render_page(pdf.path)
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
