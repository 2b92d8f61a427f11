"""The last step of every PDF: what WeasyPrint 70 cannot write, done on the bytes it wrote.

What a blind patient, a printer driver and an archive need that the renderer leaves out:

- Running headers and footers are page furniture: WeasyPrint tags their text but links it to
  nothing in the tag tree (Kozea/WeasyPrint#1836), so they are neither read nor skipped
  properly. Marked content that no element reachable from the root owns becomes an
  ``/Artifact`` of type ``/Pagination``, and its ParentTree slots are emptied.
- Structure elements that hold nothing (a box drawn only with borders, an empty page's
  ``Part``) are removed: a screen reader would announce them as empty items.
- Links get the Print flag (PDF/A conversions delete annotations without it) and ``/Contents``
  in words ("Call (555) 010-0101") instead of the raw address.
- Form XObjects that WeasyPrint wraps in a transparency group, with nothing transparent inside
  (every alpha 1, no soft mask, no blend mode), lose the group: Ghostscript's PostScript output
  (many office printer drivers) otherwise turns each such page into one 720 dpi picture.
- The catalog (and the XMP metadata) get the document's language tag (``en-US``) and, for a
  duplex document,
  ``/Duplex /DuplexFlipLongEdge``, so the print dialog offers two-sided printing by itself.

Deterministic: the same bytes in give the same bytes out (qpdf's object order and compression
are fixed, and the /ID WeasyPrint wrote is put back as it was, or left out when there was none).
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from typing import Any

import pikepdf

from handouts.documents import PrintSettings

PRINT_FLAG = 1 << 2
PAGINATION = pikepdf.Dictionary(Type=pikepdf.Name.Pagination)
# qpdf's fixed second half of /ID with static_id=True (its test value, the digits of pi).
STATIC_HALF = b"<31415926535897932384626433832795>"
STATIC_ID = re.compile(rb"/ID \[(<[0-9a-f]*>)" + re.escape(STATIC_HALF) + rb"\]")
TRANSPARENT_BLENDS = frozenset({"/Normal", "/Compatible"})
TABLE_PARTS = frozenset({"/Table", "/THead", "/TBody", "/TFoot", "/TR", "/TH", "/TD"})


def finish_pdf(data: bytes, settings: PrintSettings) -> bytes:
    """The PDF WeasyPrint wrote, finished for screen readers, printers and archives."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        original_id = pdf.trailer.get("/ID")
        root = pdf.Root.get("/StructTreeRoot")
        if root is not None:
            orphans = orphaned_content(pdf, root)
            mark_artifacts(pdf, orphans)
            drop_empty_elements(root)
            join_page_parts(root)
        finish_links(pdf, settings)
        drop_opaque_groups(pdf)
        pdf.Root.Lang = pikepdf.String(settings.language)
        # The same tag in the XMP metadata, which archives and catalogues read (no date added).
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:language"] = {settings.language}
        preferences = pdf.Root.get("/ViewerPreferences", pikepdf.Dictionary())
        if settings.duplex:
            preferences.Duplex = pikepdf.Name.DuplexFlipLongEdge
        pdf.Root.ViewerPreferences = preferences
        out = io.BytesIO()
        pdf.save(
            out,
            static_id=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            compress_streams=True,
            fix_metadata_version=False,
        )
    return restore_id(out.getvalue(), original_id)


def restore_id(data: bytes, original: Any) -> bytes:
    """Put back the /ID WeasyPrint wrote (qpdf always writes one), or remove it when there was
    none, as for a patient's packet. The ID sits in the trailer dictionary, after every offset
    the cross-reference data records, so no offset moves."""
    found = list(STATIC_ID.finditer(data))
    if len(found) != 1:
        raise ValueError("finishing: expected one /ID written by qpdf in the trailer")
    match = found[0]
    if original is None:
        replacement = b""
    else:
        halves = [bytes(half).hex().encode() for half in original]
        replacement = b"/ID [" + b"".join(b"<" + h + b">" for h in halves) + b"]"
    return data[: match.start()] + replacement + data[match.end() :]


def _key(obj: Any) -> tuple[int, int]:
    return (obj.objgen[0], obj.objgen[1])


def _is_element(obj: Any) -> bool:
    return isinstance(obj, pikepdf.Dictionary) and "/S" in obj


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def reachable_elements(root: Any) -> Iterator[Any]:
    """Every structure element reachable from the root, depth first."""
    seen: set[tuple[int, int]] = set()
    stack = list(reversed(_kids(root)))
    while stack:
        node = stack.pop()
        if not _is_element(node):
            continue
        if node.is_indirect:
            if _key(node) in seen:
                continue
            seen.add(_key(node))
        yield node
        stack.extend(reversed(_kids(node)))


def orphaned_content(pdf: pikepdf.Pdf, root: Any) -> dict[int, set[int]]:
    """Page index -> the MCIDs whose ParentTree element the tag tree never reaches (the running
    header and footer); their slots are emptied on the way."""
    reachable = {_key(e) for e in reachable_elements(root) if e.is_indirect}
    orphans: dict[int, set[int]] = {}
    parent_tree = root.get("/ParentTree")
    if parent_tree is None:
        return orphans
    tree = pikepdf.NumberTree(parent_tree)
    for page, value in list(tree.items()):
        if not isinstance(value, pikepdf.Array) or page >= len(pdf.pages):
            continue
        for mcid, element in enumerate(value):
            if _is_element(element) and element.is_indirect and _key(element) not in reachable:
                orphans.setdefault(page, set()).add(mcid)
                value[mcid] = None
    return orphans


def mark_artifacts(pdf: pikepdf.Pdf, orphans: dict[int, set[int]]) -> None:
    """Turn the orphaned marked content of each page into pagination artifacts."""
    for index, mcids in orphans.items():
        page = pdf.pages[index]
        changed = False
        operations = []
        for instruction in pikepdf.parse_content_stream(page):
            operands, operator = instruction.operands, instruction.operator
            if (
                str(operator) == "BDC"
                and len(operands) == 2
                and isinstance(operands[1], pikepdf.Dictionary)
                and int(operands[1].get("/MCID", -1)) in mcids
            ):
                changed = True
                artifact = [pikepdf.Name.Artifact, PAGINATION]
                instruction = pikepdf.ContentStreamInstruction(artifact, operator)
            operations.append(instruction)
        if changed:
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))


def _has_content(element: Any) -> bool:
    for kid in _kids(element):
        if isinstance(kid, int) or not isinstance(kid, pikepdf.Dictionary):
            return True
        if kid.get("/Type") in ("/MCR", "/OBJR"):
            return True
        if _is_element(kid) and (_has_content(kid) or str(kid.get("/S")) in TABLE_PARTS):
            return True
    return False


def _removable(element: Any) -> bool:
    """An element that holds nothing and is not a table cell (an empty cell keeps its table's
    rows and columns whole; a screen reader announces it as blank)."""
    return (
        _is_element(element)
        and str(element.get("/S")) not in TABLE_PARTS
        and not _has_content(element)
    )


def drop_empty_elements(root: Any) -> None:
    """Remove every element that holds no content, however deep (a list item whose only child
    was an empty span goes too), but table cells."""
    for element in [root, *reachable_elements(root)]:
        kids = _kids(element)
        kept = [k for k in kids if not _removable(k)]
        if len(kept) != len(kids):
            element.K = pikepdf.Array(kept)


def join_page_parts(root: Any) -> None:
    """One ``Part`` for the document's one <main>: WeasyPrint starts a new one on every page,
    which reflow and export to other formats inherit as a break between every two pages."""
    for document in _kids(root):
        if not _is_element(document):
            continue
        kids = _kids(document)
        parts = [k for k in kids if _is_element(k) and str(k.get("/S")) == "/Part"]
        if len(parts) < 2 or len(parts) != len(kids):
            continue
        first = parts[0]
        joined = [kid for part in parts for kid in _kids(part)]
        for kid in joined:
            if _is_element(kid):
                kid.P = first
        first.K = pikepdf.Array(joined)
        document.K = pikepdf.Array([first])
        _repoint(root, {_key(part) for part in parts[1:] if part.is_indirect}, first)


def _repoint(root: Any, removed: set[tuple[int, int]], kept: Any) -> None:
    """ParentTree slots that named a removed element name ``kept`` instead."""
    parent_tree = root.get("/ParentTree")
    if parent_tree is None or not removed:
        return
    for _, value in pikepdf.NumberTree(parent_tree).items():
        if isinstance(value, pikepdf.Array):
            for index, element in enumerate(value):
                if _is_element(element) and element.is_indirect and _key(element) in removed:
                    value[index] = kept


def link_words(uri: str, settings: PrintSettings) -> str:
    """What a link is for, in words: 'Call (555) 010-0101', 'Open example.org/book in a web
    browser'. The address people read stays in the sentence; this is the annotation's own
    description (PDF/UA asks for one) that some readers speak instead of the address."""
    scheme, _, rest = uri.partition(":")
    scheme = scheme.lower()
    words = settings.link_words
    if scheme == "tel":
        return words.phone.replace("{number}", phone_words(rest))
    if scheme == "mailto":
        return words.email.replace("{address}", rest.split("?", 1)[0])
    if scheme in ("http", "https"):
        address = re.sub(r"^//", "", rest).rstrip("/")
        return words.web.replace("{address}", address)
    return words.web.replace("{address}", uri)


def phone_words(number: str) -> str:
    """A tel: number as people write it: +15550100101 -> (555) 010-0101; others as given."""
    digits = re.sub(r"\D", "", number)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) == 10:
        return f"({digits[:3]}) {digits[3:6]}-{digits[6:]}"
    return number.lstrip("+") if number.startswith("+1") else number


def finish_links(pdf: pikepdf.Pdf, settings: PrintSettings) -> None:
    """Every link annotation printable, and described in words."""
    for page in pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link":
                continue
            annotation.F = int(annotation.get("/F", 0)) | PRINT_FLAG
            action = annotation.get("/A")
            if action is not None and "/URI" in action:
                annotation.Contents = pikepdf.String(link_words(str(action.URI), settings))


def _transparent(resources: Any, seen: set[tuple[int, int]]) -> bool:
    """Whether anything drawn with these resources is really transparent."""
    if resources is None:
        return False
    for state in resources.get("/ExtGState", {}).values():
        if state.get("/SMask", pikepdf.Name.None_) != pikepdf.Name.None_:
            return True
        if str(state.get("/BM", "/Normal")) not in TRANSPARENT_BLENDS:
            return True
        if any(float(state.get(key, 1)) < 1 for key in ("/CA", "/ca")):
            return True
    for xobject in _unseen(resources.get("/XObject", {}).values(), seen):
        if xobject.get("/SMask") is not None:
            return True
        if _transparent(xobject.get("/Resources"), seen):
            return True
    return any(
        _transparent(pattern.get("/Resources"), seen)
        for pattern in _unseen(resources.get("/Pattern", {}).values(), seen)
    )


def _unseen(objects: Iterable[Any], seen: set[tuple[int, int]]) -> Iterator[Any]:
    for obj in objects:
        if obj.is_indirect:
            if _key(obj) in seen:
                continue
            seen.add(_key(obj))
        yield obj


def _forms(resources: Any, seen: set[tuple[int, int]]) -> Iterator[Any]:
    """Every form XObject these resources draw, however deep (patterns' forms too)."""
    if resources is None:
        return
    for xobject in _unseen(resources.get("/XObject", {}).values(), seen):
        if xobject.get("/Subtype") == "/Form":
            yield xobject
            yield from _forms(xobject.get("/Resources"), seen)
    for pattern in _unseen(resources.get("/Pattern", {}).values(), seen):
        yield from _forms(pattern.get("/Resources"), seen)


def drop_opaque_groups(pdf: pikepdf.Pdf) -> None:
    """Remove transparency groups that group nothing transparent: drawn the same without them,
    and printed as vectors by every PostScript path."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        for form in _forms(page.obj.get("/Resources"), seen):
            group = form.get("/Group")
            if group is None or group.get("/S") != pikepdf.Name.Transparency:
                continue
            if not _transparent(form.get("/Resources"), set()):
                del form.Group
        group = page.obj.get("/Group")
        if group is not None and not _transparent(page.obj.get("/Resources"), set()):
            del page.obj.Group
