"""Stage 1, load: the only code that reads content/. Data files, sections (Markdown checked and
converted to HTML), fonts, the logo and chart data become the records of handouts.model."""

from handouts.load.project import load_project

__all__ = ["load_project"]
