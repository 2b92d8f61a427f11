"""Helpers to open produced PDFs and read what a reader (or a screen reader) would get."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
import pypdf

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
SUBSET_TAG = re.compile(r"^/?[A-Z]{6}\+")


def page_texts(path: Path) -> list[str]:
    """The text of each page, in order."""
    with pdfplumber.open(path) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


@dataclass(frozen=True)
class PdfFont:
    """A font a PDF uses: its /BaseFont name and, when the PDF embeds it, the font program."""

    name: str
    """As the PDF writes it: e.g. /ABCDEF+Atkinson-Hyperlegible-Bold."""
    program: bytes | None

    @property
    def subset(self) -> bool:
        """Whether the name carries a subset tag (six capitals and '+')."""
        return SUBSET_TAG.match(self.name) is not None

    @property
    def base_name(self) -> str:
        """The name without its slash and subset tag: e.g. Atkinson-Hyperlegible-Bold."""
        return SUBSET_TAG.sub("", self.name).removeprefix("/")


def pdf_fonts(path: Path) -> list[PdfFont]:
    """Every font used on every page (in forms and SVG drawings too), each once."""
    reader = pypdf.PdfReader(path)
    found: dict[tuple[str, bytes | None], PdfFont] = {}

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
            stream = next((descriptor[k] for k in FONT_FILES if k in descriptor), None)
            program = stream.get_object().get_data() if stream is not None else None
            found.setdefault((name, program), PdfFont(name, program))
        for xobject in (resources.get("/XObject") or {}).values():
            visit(xobject.get_object().get("/Resources"))

    for page in reader.pages:
        visit(page.get("/Resources"))
    return list(found.values())


def font_report(path: Path) -> dict[str, dict[str, bool]]:
    """Every font used on every page: {base name: {'embedded': ..., 'subset': ...}}."""
    return {
        font.name: {"embedded": font.program is not None, "subset": font.subset}
        for font in pdf_fonts(path)
    }
