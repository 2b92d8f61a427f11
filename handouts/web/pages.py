"""Pages of a PDF as PNG images for the editors' preview (pdfium, one page at a time, kept in
memory while the document is current; never a patient's packet)."""

from __future__ import annotations

import io
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

SMALL_WIDTH = 220
"""Pixels across a page in the list (about 26 dpi for US Letter): enough to see the layout."""
LARGE_WIDTH = 1100
"""Pixels across a page opened on its own (about 130 dpi): enough to read it."""
KEEP = 400
"""Images kept (a few MB): every page of a dozen documents at both sizes."""


@dataclass
class PageImages:
    """Rasterises pages on demand and keeps the latest ones. pdfium is not thread-safe: one
    page at a time."""

    _images: OrderedDict[tuple[str, int, int], bytes] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def png(self, digest: str, data: bytes, page: int, width: int) -> bytes:
        """Page ``page`` (0-based) of the PDF ``data`` (named ``digest``), ``width`` pixels wide."""
        key = (digest, page, width)
        with self._lock:
            if key in self._images:
                self._images.move_to_end(key)
                return self._images[key]
            image = _render(data, page, width)
            self._images[key] = image
            while len(self._images) > KEEP:
                self._images.popitem(last=False)
            return image


def page_size(width: int, size: tuple[float, float] = (612.0, 792.0)) -> tuple[int, int]:
    """The pixel size of a page ``width`` pixels wide (US Letter unless told)."""
    return width, round(width * size[1] / size[0])


def _render(data: bytes, page: int, width: int) -> bytes:
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        if not 0 <= page < len(document):
            raise IndexError(page)
        sheet = document[page]
        scale = width / sheet.get_width()
        image = sheet.render(scale=scale, fill_color=(255, 255, 255, 255)).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()
