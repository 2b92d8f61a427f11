"""`handouts chart`: a chart alone as SVG (and PNG) for the clinic's website and slides."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from handouts.checks import checked
from handouts.commands.choice import choose
from handouts.documents import ChartSheetDocument
from handouts.documents.chartsheet import svg_document
from handouts.errors import HandoutsError
from handouts.model import Project
from handouts.paths import ProjectPaths
from handouts.render.document import render_document, renderer_for
from handouts.render.html import make_environment
from handouts.write.files import write_atomic

PNG_DPI = 192  # twice a screen's 96 dpi: sharp on high-density screens and projectors


@dataclass(frozen=True)
class ChartRequest:
    """Which chart to write, for which location and language, as typed."""

    location: str
    chart: str | None = None
    lang: str | None = None

    def document(self, project: Project) -> ChartSheetDocument:
        """The chart this request names (the first chart when none is named)."""
        charts = sorted(project.charts)
        if not charts:
            raise HandoutsError("--chart: the project has no charts (content/charts/ is empty)")
        return ChartSheetDocument(
            choose("chart", self.chart, charts, "--chart"),
            choose("location", self.location, sorted(project.locations), "--location"),
            choose("language", self.lang, project.languages, "--lang"),
        )


def png_image(project: Project, document: ChartSheetDocument, dpi: int = PNG_DPI) -> bytes:
    """The chart as PNG: WeasyPrint lays it out on a page its own size, pdfium rasterises it."""
    import pypdfium2  # only --png needs it

    env = make_environment(project.paths.templates)
    pdf = render_document(renderer_for(project), env, project, document, None)
    rendered = pypdfium2.PdfDocument(pdf.data)
    try:
        image = rendered[0].render(scale=dpi / 72, fill_color=(255, 255, 255, 255)).to_pil()
    finally:
        rendered.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True, dpi=(dpi, dpi))
    return buffer.getvalue()


def write_chart(
    paths: ProjectPaths, request: ChartRequest, output: Path | None = None, png: bool = False
) -> list[Path]:
    """Write the chart as SVG (and PNG beside it); default output/<location>/<chart>.svg."""
    project, _ = checked(paths, documents=lambda p: [request.document(p)])
    document = request.document(project)
    target = output or paths.output / document.output_path(project)
    if target.suffix.lower() != ".svg":
        raise HandoutsError(f"--output: '{target}' must end in .svg (the PNG is written beside it)")
    files = {target: svg_document(document.drawn(project))}
    if png:
        files[target.with_suffix(".png")] = png_image(project, document)
    for path, data in files.items():
        write_atomic(path, data)
    return list(files)
