#!/usr/bin/env python3
"""What validators miss, for every PDF in a folder: orphaned structure elements, empty elements,
headings out of order, links without the Print flag or words, figures without /Alt,
transparency, characters per line, page fill; and, with --ps2write, how Ghostscript's PostScript
path (what many office printer drivers use) copes with each file.

    .venv/bin/python scripts/audit_pdfs.py output/ [--ps2write]

The same helpers run in the test suite (tests/pdfaudit.py). Writes only to a temporary folder.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pikepdf

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import pdfaudit  # noqa: E402


def ps2write(path: Path, folder: Path) -> tuple[float, int, bool]:
    """Seconds, bytes of PostScript, and whether any page came out as one big picture."""
    target = folder / (path.stem + ".ps")
    start = time.perf_counter()
    subprocess.run(
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=ps2write", f"-sOutputFile={target}", path],
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - start
    # ps2write writes a rasterised page as an image operator over the whole page.
    data = target.read_bytes()
    return seconds, len(data), b"/ImageType" in data and data.count(b"Tf") == 0


def main() -> int:
    """Print one block of figures per PDF."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--ps2write", action="store_true", help="also time gs -sDEVICE=ps2write")
    args = parser.parse_args()
    pdfs = sorted(args.folder.rglob("*.pdf"))
    with tempfile.TemporaryDirectory() as scratch:
        for path in pdfs:
            with pikepdf.open(path) as pdf:
                tree = pdfaudit.read_tree(pdf)
                pages = len(pdf.pages)
                orphans = len(tree.orphans())
                empty = pdfaudit.empty_elements(tree)
                headings = pdfaudit.heading_problems(pdfaudit.heading_levels(tree))
                links = pdfaudit.links(pdf)
                figures = pdfaudit.figures(tree)
                transparent = pdfaudit.transparency(pdf)
                lang = pdfaudit.language(pdf)
                prefs = pdfaudit.viewer_preferences(pdf)
            lengths = pdfaudit.line_lengths(path)
            fill = pdfaudit.page_fill(path)
            print(f"{path.relative_to(args.folder)}: {pages} pages, /Lang {lang}")
            print(f"  orphaned ParentTree entries: {orphans}; empty elements: {len(empty)}")
            print(f"  headings: {'in order' if not headings else '; '.join(headings)}")
            print(
                f"  links: {len(links)}, without Print flag {sum(not k.prints for k in links)}, "
                f"/Contents not in words {sum(not k.in_words for k in links)}"
            )
            alts = [len(a) for a in figures if a is not None]
            print(
                f"  figures: {len(figures)}, without /Alt {sum(a is None for a in figures)}, "
                f"longest /Alt {max(alts, default=0)} characters"
            )
            print(f"  transparency: {len(transparent)} places; viewer preferences {prefs}")
            print(
                f"  characters per wrapped line: average {lengths.average:.1f}, "
                f"max {lengths.longest} ({lengths.count} lines)"
            )
            inner = fill[:-1]
            print(
                "  page fill: "
                + " ".join(f"{value:.2f}" for value in fill)
                + f"; below half (not last, not blank): "
                f"{sum(0 < value < 0.5 for value in inner)}"
            )
            if args.ps2write:
                seconds, size, raster = ps2write(path, Path(scratch))
                print(
                    f"  ps2write: {seconds:.2f} s, {size / 1e6:.2f} MB"
                    f"{', pages as pictures' if raster else ''}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
