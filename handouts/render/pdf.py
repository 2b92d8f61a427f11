"""HTML -> PDF: the one module that imports WeasyPrint (so list, check and --help stay fast).

Rendering sees only the project's fonts: before WeasyPrint loads, fontconfig is pointed at a
configuration that lists templates/fonts/ and nothing else, so a machine's own fonts (a CJK
fallback font on a Mac, DejaVu on Linux) can never fill in a missing letter. The downloaded
fallback fonts in templates/fonts/vendor/ are not among them either: a document loads one only
through the @font-face rule its own text needs (handouts.documents.fonts). The same commit
gives the same PDF bytes on every machine; a letter the project's fonts lack prints nowhere and
the checks refuse it first.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin
from xml.sax.saxutils import escape

from handouts.errors import HandoutsError, error
from handouts.render.fetch import RefusedResource, allowed_path, find_sites, named_file

PDF_VARIANT = "pdf/ua-1"
# Messages about the machine, not the document: the output is still correct.
IGNORED_LOG = ("HarfBuzz-Subset",)


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered document: its bytes and its page count."""

    data: bytes
    pages: int
    fetched: tuple[Path, ...] = ()
    """Every project file WeasyPrint read for it (stylesheets, fonts, images): cache inputs."""


FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- Written by handouts: the project's fonts only, never the machine's. -->
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
  <!-- The fallback fonts (Chinese, Korean, Cyrillic) reach a document only through the
       @font-face rules of those whose letters it prints. -->
  <selectfont><rejectfont><glob>{fonts}/vendor/*</glob></rejectfont></selectfont>
</fontconfig>
"""


def use_project_fonts(fonts: Path) -> Path:
    """Point fontconfig at ``fonts`` alone (FONTCONFIG_FILE, read when WeasyPrint loads and each
    time it sets up fonts); return the configuration file, a private file removed at exit."""
    folder = Path(tempfile.mkdtemp(prefix="handouts-fonts-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    config = folder / "fonts.conf"
    text = FONTCONFIG.format(
        fonts=escape(str(fonts.resolve())), cache=escape(str(folder / "cache"))
    )
    config.write_text(text, encoding="utf-8")
    os.environ["FONTCONFIG_FILE"] = str(config)
    return config


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not any(noise in message for noise in IGNORED_LOG):
            self.messages.append(message)


def _fetcher_class(base: Any, fatal: type[BaseException]) -> Any:
    """The project's URL fetcher, built on WeasyPrint's (imported lazily) URLFetcher class."""

    class ProjectFetcher(base):  # type: ignore[misc]
        """Serves data: URLs and project files. Every refusal is recorded as well as raised:
        WeasyPrint swallows some errors (an SVG image that fails to draw is only logged), and a
        refusal must never be dropped."""

        def __init__(self, roots: tuple[Path, ...], **kwargs: Any) -> None:
            super().__init__(**kwargs)
            self.roots = roots
            self.refused: list[RefusedResource] = []
            self.fetched: list[Path] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url[:5].lower() == "data:":
                return super().fetch(url, headers)
            try:
                path = allowed_path(url, self.roots)
            except RefusedResource as exc:
                self.refused.append(exc)
                raise fatal(str(exc)) from exc
            self.fetched += [path, *named_file(url)]
            return super().fetch(path.as_uri(), headers)

    return ProjectFetcher


def attachment_links(root: Any) -> list[str]:
    """The href of every element marked rel="attachment" (WeasyPrint would embed its file)."""
    found = []
    for element in root.iter():
        rel = element.get("rel") or ""
        if "attachment" in rel.lower().split():
            found.append(element.get("href") or "")
    return found


def no_embedded_files(name: str) -> Callable[[Any, Any], None]:
    """A write_pdf finisher: a last look at the PDF's catalog, refusing any embedded file
    (attachments are refused earlier; this catches any other way in)."""

    def finish(document: Any, pdf: Any) -> None:
        names = pdf.catalog.get("Names")
        if (names is not None and "EmbeddedFiles" in names) or "AF" in pdf.catalog:
            raise HandoutsError(
                error(name, "the PDF would carry an embedded file; handouts never do")
            )

    return finish


@dataclass
class PdfRenderer:
    """Renders HTML to PDF with one shared font configuration; reusable in a long-lived process.

    Every resource goes through a project fetcher (handouts.fetch): data: URLs and files inside
    ``roots`` only, one fetcher per document. A refused resource or an attachment stops the
    render with one line naming the file and line that asked for it.
    """

    roots: tuple[Path, ...]
    fonts: Path
    """The project's font folder: the only fonts rendering may use."""
    _state: dict[str, Any] = field(default_factory=dict, repr=False)

    def _weasy(self) -> Any:
        if "weasyprint" not in self._state:
            # Before WeasyPrint's import, which already asks fontconfig for the fonts it has.
            use_project_fonts(self.fonts)
            import weasyprint
            from weasyprint.text.fonts import FontConfiguration
            from weasyprint.urls import FatalURLFetchingError, URLFetcher

            self._state.update(
                weasyprint=weasyprint,
                fonts=FontConfiguration(),
                fetcher_class=_fetcher_class(URLFetcher, FatalURLFetchingError),
                fatal=FatalURLFetchingError,
            )
        return self._state

    def load(self) -> None:
        """Import WeasyPrint and set up the fonts now (a worker does it before its first job)."""
        self._weasy()

    def located(self, message: str, url: str, source: Source) -> HandoutsError:
        """One problem at the project file (and line) most likely to have named ``url``: a
        stylesheet this document loaded, else a template whose reference is in its HTML, else
        any project file; the document's name when no file names it."""
        sites = find_sites(url, self.roots, source.base_url, source.html, source.fetcher.fetched)
        if sites:
            return HandoutsError(error(sites[0].path, message, sites[0].line))
        return HandoutsError(error(source.name, message))

    def render(
        self, html: str, base_url: Path, css: str, name: str, identifier: bytes | None = None
    ) -> RenderedPdf:
        """Lay out ``html`` (with extra ``css``) and write it as a tagged PDF/UA-1 document.

        ``identifier``: the permanent half of the PDF's /ID (the other half hashes the content).
        """
        return self.write(self.lay_out(html, base_url, css, name), identifier)

    def lay_out(self, html: str, base_url: Path, css: str, name: str) -> LaidOut:
        """Paginate ``html`` (with extra ``css``) without writing it, so a caller can look first."""
        state = self._weasy()
        wp = state["weasyprint"]
        fetcher = state["fetcher_class"](self.roots, allow_redirects=False, fail_on_errors=True)
        source = Source(name, html + "\n" + css, base_url, fetcher)
        base = str(base_url) + "/"
        with self._problems(source):
            stylesheet = wp.CSS(
                string=css, base_url=base, url_fetcher=fetcher, font_config=state["fonts"]
            )
            page = wp.HTML(string=html, base_url=base, url_fetcher=fetcher)
            for href in attachment_links(page.etree_element):
                raise self.located(
                    f"refused attachment '{href}': handouts never embed files in the PDF "
                    '(remove rel="attachment")',
                    urljoin(base_url.resolve().as_uri() + "/", href),
                    source,
                )
            document = page.render(
                stylesheets=[stylesheet], font_config=state["fonts"], pdf_variant=PDF_VARIANT
            )
        anchors = {
            anchor: index for index, page in enumerate(document.pages) for anchor in page.anchors
        }
        return LaidOut(name, len(document.pages), anchors, document, source)

    def write(self, laid: LaidOut, identifier: bytes | None = None) -> RenderedPdf:
        """Write a laid-out document as a tagged PDF/UA-1 file (images in SVGs load now)."""
        with self._problems(laid.source):
            data = laid.document.write_pdf(
                pdf_variant=PDF_VARIANT,
                pdf_identifier=identifier or False,
                finisher=no_embedded_files(laid.name),
            )
        return RenderedPdf(data, laid.pages, tuple(laid.source.fetcher.fetched))

    @contextmanager
    def _problems(self, source: Source) -> Iterator[None]:
        """Turn a refused resource, or anything WeasyPrint logs as a warning, into one error
        line; a refusal is reported even when WeasyPrint caught it."""
        collect = _Collect()
        logger = logging.getLogger("weasyprint")
        logger.addHandler(collect)
        stopped: BaseException | None = None
        try:
            yield
        except self._weasy()["fatal"] as exc:
            stopped = exc
        finally:
            logger.removeHandler(collect)
        if source.fetcher.refused:
            refused = source.fetcher.refused[0]
            raise self.located(str(refused), refused.url, source)
        if stopped is not None:
            raise HandoutsError(error(source.name, str(stopped.__cause__ or stopped)))
        if collect.messages:
            raise HandoutsError(error(source.name, f"WeasyPrint: {collect.messages[0]}"))


@dataclass(frozen=True)
class Source:
    """What one document is made from, kept to say where a refused resource came from."""

    name: str
    html: str
    """The document's HTML and generated CSS."""
    base_url: Path
    fetcher: Any = field(repr=False)
    """The document's own project fetcher, with the files it loaded and the URLs it refused."""


@dataclass(frozen=True)
class LaidOut:
    """A document laid out in pages but not yet written."""

    name: str
    pages: int
    anchors: dict[str, int]
    """Element id -> 0-based index of the page it starts on."""
    document: Any = field(repr=False)
    source: Source = field(repr=False)
    """What the document was made from (writing loads SVG images through its fetcher)."""
