"""handouts: branded, print-ready, accessible PDF handouts from Markdown and Jinja templates."""

__version__ = "0.1.0"
