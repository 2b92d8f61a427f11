"""A document, filled and rendered: template + context -> HTML, generated stylesheets -> CSS,
then laid out (again, when the document asks) and written as PDF."""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from handouts.documents import Document, PrintSettings
from handouts.documents.fonts import document_fonts
from handouts.model import Project
from handouts.render.finish import finish_pdf
from handouts.render.html import render_template
from handouts.render.pdf import PdfRenderer, RenderedPdf


@dataclass(frozen=True)
class Filled:
    """A document's HTML, its generated CSS, and what its PDF asks of readers and printers."""

    html: str
    css: str
    settings: PrintSettings


def fill(
    env: jinja2.Environment, project: Project, document: Document, source_date: str | None
) -> Filled:
    """Fill the document's template and its generated stylesheets."""
    date = source_date if document.dated() else None
    html = render_template(env, document.template, document.context(project, date))
    sheets = document.stylesheets(project)
    css = [
        "" if sheet.declares_fonts else render_template(env, sheet.template, dict(sheet.context))
        for sheet in sheets
    ]
    # The fonts are declared last, for everything the pages print: the HTML and the other
    # stylesheets' strings (running header and footer).
    text = html + "".join(css)
    for index, sheet in enumerate(sheets):
        if sheet.declares_fonts:
            fonts = document_fonts(project, document.lang, text)
            css[index] = render_template(env, sheet.template, {**sheet.context, **fonts})
    return Filled(html, "".join(css), document.print_settings(project))


def renderer_for(project: Project) -> PdfRenderer:
    """A renderer that may read the project's files and sees only its fonts."""
    paths = project.paths
    return PdfRenderer((paths.templates, paths.content), paths.fonts)


def render_document(
    renderer: PdfRenderer,
    env: jinja2.Environment,
    project: Project,
    document: Document,
    source_date: str | None,
) -> RenderedPdf:
    """The document as PDF bytes: laid out, laid out again if it asks, written, then finished
    (handouts.render.finish: artifacts, links, language, duplex, no needless transparency)."""
    templates = project.paths.templates
    filled = fill(env, project, document, source_date)
    laid = renderer.lay_out(filled.html, templates, filled.css, document.name)
    again = document.relayout(laid.anchors)
    if again is not None:
        filled = fill(env, project, again, source_date)
        laid = renderer.lay_out(filled.html, templates, filled.css, document.name)
    written = renderer.write(laid, document.identifier(project))
    return RenderedPdf(finish_pdf(written.data, filled.settings), written.pages, written.fetched)
