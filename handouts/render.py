"""HTML -> PDF: the one module that imports WeasyPrint (so list, check and --help stay fast)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError
from handouts.fetch import RefusedResource, allowed_path

PDF_VARIANT = "pdf/ua-1"
# Messages about the machine, not the document: the output is still correct.
IGNORED_LOG = ("HarfBuzz-Subset",)


@dataclass(frozen=True)
class RenderedPdf:
    """A rendered document: its bytes and its page count."""

    data: bytes
    pages: int


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not any(noise in message for noise in IGNORED_LOG):
            self.messages.append(message)


@dataclass
class PdfRenderer:
    """Renders HTML to PDF with one shared font configuration; reusable in a long-lived process."""

    roots: tuple[Path, ...]
    _state: dict[str, Any] = field(default_factory=dict, repr=False)

    def _weasy(self) -> Any:
        if "fetcher" not in self._state:
            import weasyprint
            from weasyprint.text.fonts import FontConfiguration
            from weasyprint.urls import FatalURLFetchingError, URLFetcher

            roots = self.roots

            class ProjectFetcher(URLFetcher):  # type: ignore[misc]
                """Serves data: URLs and project files; anything else stops the build."""

                def fetch(self, url: str, headers: Any = None) -> Any:
                    if url.startswith("data:"):
                        return super().fetch(url, headers)
                    try:
                        path = allowed_path(url, roots)
                    except RefusedResource as exc:
                        raise FatalURLFetchingError(str(exc)) from exc
                    return super().fetch(path.as_uri(), headers)

            self._state.update(
                weasyprint=weasyprint,
                fonts=FontConfiguration(),
                fetcher=ProjectFetcher(allow_redirects=False, fail_on_errors=True),
                fatal=FatalURLFetchingError,
            )
        return self._state

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
        with _weasyprint_problems(name, state["fatal"]):
            stylesheet = wp.CSS(
                string=css,
                base_url=str(base_url) + "/",
                url_fetcher=state["fetcher"],
                font_config=state["fonts"],
            )
            document = wp.HTML(
                string=html, base_url=str(base_url) + "/", url_fetcher=state["fetcher"]
            ).render(stylesheets=[stylesheet], font_config=state["fonts"], pdf_variant=PDF_VARIANT)
        anchors = {
            anchor: index for index, page in enumerate(document.pages) for anchor in page.anchors
        }
        return LaidOut(name, len(document.pages), anchors, document)

    def write(self, laid: LaidOut, identifier: bytes | None = None) -> RenderedPdf:
        """Write a laid-out document as a tagged PDF/UA-1 file."""
        with _weasyprint_problems(laid.name, self._weasy()["fatal"]):
            data = laid.document.write_pdf(
                pdf_variant=PDF_VARIANT, pdf_identifier=identifier or False
            )
        return RenderedPdf(data, laid.pages)


@contextmanager
def _weasyprint_problems(name: str, fatal: type[BaseException]) -> Iterator[None]:
    """Turn a refused resource, or anything WeasyPrint logs as a warning, into one error line."""
    collect = _Collect()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(collect)
    try:
        yield
    except fatal as exc:
        raise HandoutsError(f"{name}: error: {exc.__cause__ or exc}") from None
    finally:
        logger.removeHandler(collect)
    if collect.messages:
        raise HandoutsError(f"{name}: error: WeasyPrint: {collect.messages[0]}")


@dataclass(frozen=True)
class LaidOut:
    """A document laid out in pages but not yet written."""

    name: str
    pages: int
    anchors: dict[str, int]
    """Element id -> 0-based index of the page it starts on."""
    document: Any = field(repr=False)
