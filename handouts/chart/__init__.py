"""Stage 3, chart: pure drawing. Timeline data + brand colours + font widths -> SVG with its text
alternative (axis -> layout in points -> SVG)."""

from handouts.chart.svg import ChartStyle, ChartSvg, chart_style, draw_timeline

__all__ = ["ChartStyle", "ChartSvg", "chart_style", "draw_timeline"]
