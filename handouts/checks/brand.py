"""Brand rules marketing can break: colour contrast (WCAG 2.x), and a logo that names nothing
outside the project.

Every rule reports one line in the project's form, e.g.
``content/brand.yaml:9: error: colors.text #9aa0a6 on colors.background #ffffff has contrast
2.6:1, needs 4.5:1``, so a bad choice stops the build instead of reaching patients.
"""

from __future__ import annotations

from handouts.colors import accent_check, contrast_checks
from handouts.errors import Problem, error
from handouts.model import Project
from handouts.render.fetch import RefusedResource, allowed_path, resolve_reference


def contrast_problems(project: Project) -> list[Problem]:
    """Contrast of every colour pair the templates draw, brand and location accents alike."""
    brand = project.brand.source
    problems = [
        error(brand.path, check.message, brand.line_of(check.key))
        for check in contrast_checks(project.brand.colors)
        if not check.passes
    ]
    for location in project.locations.values():
        if location.brand.accent is None:
            continue
        check = accent_check(location.brand.accent, project.brand.colors)
        if not check.passes:
            source = location.source
            problems.append(error(source.path, check.message, source.line_of(check.key)))
    return problems


def logo_reference_problems(project: Project) -> list[Problem]:
    """What an SVG logo names (an image, a stylesheet, a font) passes the same gate as every
    resource a document loads: the build would refuse it, so the check does too."""
    logo = project.logo
    if logo is None or not logo.shown:
        return []
    paths = project.paths
    roots = (paths.templates, paths.content)
    base = (paths.root / logo.shown).resolve().as_uri()
    problems = []
    for url, line in logo.references:
        if url.startswith("#") or url[:5].lower() == "data:":
            continue  # a link inside the image itself, or data it carries
        try:
            allowed_path(resolve_reference(base, url), roots)
        except RefusedResource as exc:
            problems.append(error(logo.shown, str(exc), line))
    return problems
