"""`handouts brand`: the one-page brand sheet marketing prints to check content/brand.yaml."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.checks import checked
from handouts.documents import BrandSheetDocument
from handouts.paths import ProjectPaths
from handouts.render.document import render_document, renderer_for
from handouts.render.html import make_environment
from handouts.write.files import write_atomic


@dataclass(frozen=True)
class BrandSheet:
    """The written brand sheet."""

    path: Path
    pages: int
    size: int


def build_brand_sheet(paths: ProjectPaths, target: Path) -> BrandSheet:
    """Pass the gate like a build does, then write the brand sheet PDF to ``target``."""
    project, _ = checked(paths, documents=lambda p: [BrandSheetDocument(p.default_language)])
    document = BrandSheetDocument(project.default_language)
    env = make_environment(paths.templates)
    pdf = render_document(renderer_for(project), env, project, document, None)
    write_atomic(target, pdf.data)
    return BrandSheet(target, pdf.pages, len(pdf.data))
