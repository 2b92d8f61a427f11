"""Stage 5, render: fill the Jinja templates (sandboxed), then lay out and write tagged PDF with
WeasyPrint (imported here only), every resource through one gate (fetch)."""
