"""A chart on its own, for the clinic's website and slides: the SVG, and a one-page PDF of it
that `handouts chart --png` rasterises."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from markupsafe import Markup

from handouts.chart import ChartSvg, chart_style, draw_timeline
from handouts.documents.base import (
    LaidOutOnce,
    Stylesheet,
    brand_stylesheet,
    chart_text,
)
from handouts.documents.fonts import families_for, metrics_for
from handouts.model import Project, brand_for

XML_HEADER = '<?xml version="1.0" encoding="UTF-8"?>\n'


def draw_standalone(project: Project, chart_id: str, location: str, lang: str) -> ChartSvg:
    """The chart in a location's brand and a language, on paper with its title above it."""
    timeline = project.charts[chart_id]
    text = chart_text(timeline, lang)
    # Measured and named in the fonts its language needs (Chinese labels in Noto Sans SC).
    metrics = metrics_for(project, lang, text)
    if metrics is None:  # the font check reports why; this only guards the type
        raise ValueError("charts need the brand's body font (see templates/fonts/fonts.yaml)")
    brand = brand_for(project.brand, project.locations[location])
    fallbacks = families_for(project, lang, text)[1:]
    return draw_timeline(timeline, lang, chart_style(brand, fallbacks), metrics, standalone=True)


def svg_document(chart: ChartSvg) -> bytes:
    """The chart as a standalone .svg file."""
    return (XML_HEADER + chart.svg + "\n").encode("utf-8")


@dataclass(frozen=True)
class ChartSheetDocument(LaidOutOnce):
    """output/<location>/<chart>.svg, and its one-page PDF (a page the chart's own size)."""

    id: str
    location: str
    lang: str
    template: str = "chart-sheet.html"
    variant: str = ""
    kind: str = "chart"

    @property
    def name(self) -> str:
        """How messages name it."""
        return f"{self.location}/{self.id}"

    def output_path(self, project: Project) -> PurePosixPath:
        """<location>/<chart>.svg (the PNG goes beside it)."""
        return PurePosixPath(self.location, f"{self.id}.svg")

    def identifier(self, project: Project) -> bytes | None:
        """None: the PDF is only a step towards the PNG."""
        return None

    def dated(self) -> bool:
        """Undated: only the picture is kept."""
        return False

    def section_ids(self, project: Project) -> list[str]:
        """It prints no section."""
        return []

    def drawn(self, project: Project) -> ChartSvg:
        """The chart, framed, in the location's brand."""
        return draw_standalone(project, self.id, self.location, self.lang)

    def context(self, project: Project, source_date: str | None) -> dict[str, Any]:
        """The chart and its title."""
        chart = self.drawn(project)
        title = project.charts[self.id].title[self.lang]
        return {
            "lang": self.lang,
            "lang_tag": project.strings[self.lang].values["language_tag"],
            "title": title,
            "chart": {"svg": Markup(chart.svg)},
        }

    def stylesheets(self, project: Project) -> list[Stylesheet]:
        """The brand (for the font), then a page exactly the chart's size."""
        chart = self.drawn(project)
        page = Stylesheet(
            "css/chart-sheet.css.jinja", {"width": chart.width, "height": chart.height}
        )
        return [brand_stylesheet(project, project.locations[self.location]), page]
