"""Several PDFs as one print job: a day's packets, one after another, in memory.

Each packet keeps its pages as they are. For two-sided printing every packet is padded to an even
number of pages, so the next one starts on a fresh sheet and no patient takes home a page of
someone else's packet. The job is for the printer: it carries no tag tree (each packet made alone
is the tagged, accessible file), no title, no date and no /ID, nothing but the pages.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pikepdf

from handouts.render.finish import restore_id
from handouts.render.pdf import RenderedPdf

# What a page copied out of a tagged file points at in a tag tree the job does not carry.
TAG_KEYS = ("/StructParents", "/Tabs")


def combine_pdfs(parts: Sequence[bytes], *, two_sided: bool, language: str) -> RenderedPdf:
    """``parts`` as one PDF, in order; ``two_sided``: each part padded to an even page count
    (a blank page added where needed) and the print dialog asked for long-edge duplex."""
    job = pikepdf.new()
    try:
        for data in parts:
            with pikepdf.open(io.BytesIO(data)) as part:
                first = len(job.pages)
                job.pages.extend(part.pages)
                for page in job.pages[first:]:
                    _untag(page)
                if two_sided and len(part.pages) % 2:
                    last = job.pages[-1]
                    job.add_blank_page(page_size=(float(last.mediabox[2]), float(last.mediabox[3])))
        job.Root.Lang = pikepdf.String(language)
        if two_sided:
            job.Root.ViewerPreferences = pikepdf.Dictionary(Duplex=pikepdf.Name.DuplexFlipLongEdge)
        out = io.BytesIO()
        job.remove_unreferenced_resources()
        job.save(
            out,
            static_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            fix_metadata_version=False,
        )
        pages = len(job.pages)
    finally:
        job.close()
    return RenderedPdf(_without_id(out.getvalue()), pages)


def _untag(page: pikepdf.Page) -> None:
    for key in TAG_KEYS:
        if key in page.obj:
            del page.obj[key]
    for annotation in page.obj.get("/Annots", []):
        if "/StructParent" in annotation:
            del annotation["/StructParent"]


def _without_id(data: bytes) -> bytes:
    """qpdf always writes an /ID; the job needs none (see finish.restore_id)."""
    return restore_id(data, None)
