"""A chart on its own, as SVG (and PNG) files for the clinic's website and slides."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from handouts.chart import ChartSvg, chart_style, draw_timeline
from handouts.choice import choose
from handouts.document import Job, brand_for, stylesheet_context
from handouts.errors import HandoutsError
from handouts.loader import Project, load_checked
from handouts.output import write_atomic
from handouts.project import ProjectPaths
from handouts.render import PdfRenderer
from handouts.templating import make_environment, render_template

DEFAULT_CHART = "side-effect-timeline"
PNG_DPI = 192  # twice a screen's 96 dpi: sharp on high-density screens and projectors
XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'


@dataclass(frozen=True)
class ChartRequest:
    """Which chart to write, for which location and language."""

    location: str
    chart: str = DEFAULT_CHART
    lang: str | None = None


def draw_chart(project: Project, request: ChartRequest) -> tuple[ChartSvg, Job]:
    """Draw one chart in a location's brand and a language (default: the first language)."""
    location = choose("location", request.location, sorted(project.locations), "--location")
    chart_id = choose("chart", request.chart, sorted(project.charts), "--chart")
    lang = choose("language", request.lang, project.languages, "--lang")
    if project.text_metrics is None:  # the loader reports why; this only guards the type
        raise HandoutsError("charts need the brand's body font (see templates/fonts/fonts.yaml)")
    brand = brand_for(project.brand, project.locations[location])
    drawn = draw_timeline(
        project.charts[chart_id], lang, chart_style(brand), project.text_metrics, standalone=True
    )
    return drawn, Job(chart_id, location, lang)


def svg_document(chart: ChartSvg) -> bytes:
    """The chart as a standalone .svg file."""
    return (XML_HEADER + chart.svg + "\n").encode("utf-8")


def png_image(project: Project, chart: ChartSvg, job: Job, dpi: int = PNG_DPI) -> bytes:
    """The chart as PNG: WeasyPrint lays it out on a page its own size, pdfium rasterises it."""
    import pypdfium2

    paths = project.paths
    env = make_environment(paths.templates)
    css = render_template(env, "css/brand.css.jinja", stylesheet_context(project, job))
    css += (
        f"\n@page {{ size: {chart.width}pt {chart.height}pt; margin: 0 }}\nbody {{ margin: 0 }}\n"
    )
    html = (
        f'<!DOCTYPE html><html lang="{job.lang}"><head><meta charset="utf-8">'
        f"<title>{job.handout}</title></head><body>{chart.svg}</body></html>"
    )
    renderer = PdfRenderer((paths.templates, paths.content))
    pdf = renderer.render(html, paths.templates, css, f"{job.location}/{job.handout}")
    document = pypdfium2.PdfDocument(pdf.data)
    try:
        image = document[0].render(scale=dpi / 72, fill_color=(255, 255, 255, 255)).to_pil()
    finally:
        document.close()
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True, dpi=(dpi, dpi))
    return buffer.getvalue()


def write_chart(
    paths: ProjectPaths, request: ChartRequest, output: Path | None = None, png: bool = False
) -> list[Path]:
    """Write the chart as SVG (and PNG beside it); default output/<location>/<chart>.svg."""
    project, _ = load_checked(paths)
    chart, job = draw_chart(project, request)
    target = output or paths.root / "output" / job.location / f"{request.chart}.svg"
    if target.suffix.lower() != ".svg":
        raise HandoutsError(f"--output: '{target}' must end in .svg (the PNG is written beside it)")
    files = {target: svg_document(chart)}
    if png:
        files[target.with_suffix(".png")] = png_image(project, chart, job)
    for path, data in files.items():
        write_atomic(path, data)
    return list(files)
