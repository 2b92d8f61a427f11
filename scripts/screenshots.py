#!/usr/bin/env python3
"""The README's pictures of `handouts serve` (docs/front-desk-*.png, docs/editors-preview.png),
taken in Debian's Chromium on the shipped project, with invented patients. Run again after the
pages change:

    .venv/bin/python scripts/screenshots.py

Each picture is the top of the page at 900 px wide, reduced to 64 colours to stay small.
The server runs with its own home and cache in a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.serving import chromium, start_server  # noqa: E402

DOCS = ROOT / "docs"
DAY = dt.date.today() + dt.timedelta(days=7)


def shot(page: object, name: str, height: int = 1000) -> None:
    """Save the top of the page, small."""
    path = DOCS / f"{name}.png"
    page.screenshot(
        path=str(path),
        full_page=height > 1400,
        clip={"x": 0, "y": 0, "width": 900, "height": height},
    )  # type: ignore[attr-defined]
    with Image.open(path) as image:
        small = image.convert("RGB").quantize(64)
    small.save(path, optimize=True)
    print(f"wrote {path.relative_to(ROOT)} ({path.stat().st_size // 1024} KiB)")


def main() -> None:
    DOCS.mkdir(exist_ok=True)
    day = f"{DAY.month:02d}{DAY.day:02d}{DAY.year}"
    with tempfile.TemporaryDirectory(prefix="screenshots-") as scratch:
        server = start_server(ROOT, Path(scratch), "--no-watch")
        try:
            with chromium() as browser:
                context = browser.new_context(
                    viewport={"width": 900, "height": 1000}, base_url=server.url
                )
                context.set_default_timeout(120_000)
                page = context.new_page()
                page.set_viewport_size({"width": 900, "height": 1400})
                page.goto("/")
                page.fill("#name", "Ana Diaz")
                page.focus("#day")
                page.keyboard.type(day)
                page.focus("#time")
                page.keyboard.type("1030A")
                page.click("button[value=preview]")
                page.wait_for_function(
                    "() => document.getElementById('pdf-frame').src.startsWith('blob:')"
                )
                page.wait_for_timeout(1500)  # the PDF viewer draws the first page
                page.evaluate("window.scrollTo(0, 0)")
                shot(page, "front-desk-packet", 1400)  # (the viewport: the PDF viewer draws there)
                page.set_viewport_size({"width": 900, "height": 1000})
                page.goto("/")
                page.fill("#name", "Ana Diaz")
                page.focus("#day")
                page.keyboard.type(day)
                page.focus("#time")
                page.keyboard.type("0230A")
                page.click("button[value=print]")
                page.wait_for_selector("#error-summary")
                shot(page, "front-desk-error")
                csv = Path(scratch) / "day.csv"
                csv.write_text(
                    "Patient Name,Appointment Date,Appointment Time\n"
                    f"Ana Diaz,{DAY.month}/{DAY.day}/{DAY.year},2:30 PM\n"
                    f"Li Wei,{DAY.isoformat()},9:00\n"
                    f"Grace Kim,{DAY.isoformat()},3:00\n"
                    f"Omar Haddad,{DAY.isoformat()},10:15 AM\n",
                    encoding="utf-8",
                )
                page.goto("/schedule")
                shot(page, "front-desk-schedule", 900)
                page.set_input_files("#file", str(csv))
                page.click("#schedule-form button[type=submit]")
                page.wait_for_selector("table.schedule")
                shot(page, "front-desk-schedule-check", 900)
                page.goto("/preview")
                page.wait_for_selector("#preview-status[data-finished=yes]")
                page.locator("section.document img").first.scroll_into_view_if_needed()
                page.wait_for_function(
                    "() => document.querySelector('section.document img').naturalWidth > 0"
                )
                page.evaluate("window.scrollTo(0, 0)")
                shot(page, "editors-preview", 900)
                context.close()
        finally:
            server.stop()


if __name__ == "__main__":
    main()
