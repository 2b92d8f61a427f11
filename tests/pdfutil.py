"""Helpers to open produced PDFs and read what a reader (or a screen reader) would get."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pypdf


def page_texts(path: Path) -> list[str]:
    """The text of each page, in order."""
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def font_report(path: Path) -> dict[str, dict[str, bool]]:
    """Every font used on every page: {base name: {'embedded': ..., 'subset': ...}}."""
    reader = pypdf.PdfReader(path)
    fonts: dict[str, dict[str, bool]] = {}

    def visit(resources: pypdf.generic.DictionaryObject | None) -> None:
        if not resources:
            return
        resources = resources.get_object()
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            name = str(font.get("/BaseFont"))
            descendants = font.get("/DescendantFonts")
            target = descendants[0].get_object() if descendants else font
            descriptor = target.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[name] = {"embedded": embedded, "subset": "+" in name[:8]}
        for xobject in (resources.get("/XObject") or {}).values():
            xobject = xobject.get_object()
            visit(xobject.get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return fonts
