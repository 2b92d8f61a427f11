"""Read Markdown sections: YAML front matter + Markdown body -> Section records."""

from __future__ import annotations

from pathlib import Path

import frontmatter.default_handlers
from pydantic import ValidationError

from handouts.config import validation_problems
from handouts.errors import Problem, error
from handouts.limits import limit_problems, size_problem
from handouts.markup import heading_problems, plain_text
from handouts.model import Section, SectionMeta
from handouts.policy import check_section
from handouts.project import ProjectPaths
from handouts.yamlio import YamlSyntaxError, parse_yaml


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split into (front matter, body, line where the body starts); None when there is none."""
    handler = frontmatter.default_handlers.YAMLHandler()
    if not handler.detect(text):
        return None
    try:
        fm, body = handler.split(text)
    except ValueError:
        return None
    consumed = text[: len(text) - len(body)] if body else text
    return fm, body, consumed.count("\n") + 1


def load_section(
    path: Path, lang: str, paths: ProjectPaths
) -> tuple[Section | None, list[Problem]]:
    """Read one section file; return the section or the problems found."""
    shown = paths.relative(path)
    try:
        too_big = size_problem(path.stat().st_size)  # before reading: a huge file fails fast
        if too_big is not None:
            return None, [error(shown, too_big)]
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error(shown, f"cannot read the file as UTF-8 text ({exc})")]
    parts = split_front_matter(text)
    if parts is None:
        return None, [
            error(
                shown,
                "front matter: missing (the file must start with a '---' line, "
                "then id, title and reviewed, then '---')",
                1,
            )
        ]
    fm, body, body_line = parts
    try:
        located = parse_yaml(fm)  # fm keeps the first fence line's newline, so lines match the file
    except YamlSyntaxError as exc:
        return None, [error(shown, f"front matter: {exc}", exc.line)]
    data = located.data if located.data is not None else {}
    if not isinstance(data, dict):
        return None, [error(shown, "front matter: expected 'key: value' lines", 2)]
    try:
        meta = SectionMeta.model_validate(data)
    except ValidationError as exc:
        return None, validation_problems(exc, shown, located, SectionMeta)
    problems = []
    if meta.id != path.stem:
        problems.append(
            error(
                shown,
                f"id: '{meta.id}' must match the file name '{path.stem}'",
                located.line_of(("id",)),
            )
        )
    # Bounds first (one linear pass), so hostile text never reaches Markdown; then the HTML
    # policy (handouts.policy), which returns the checked HTML and repeats the heading check.
    findings = heading_problems(body)
    limits = limit_problems(body)
    html = ""
    if limits:
        findings += limits
    else:
        html, policy = check_section(body)
        findings += policy
    for line, message in dict.fromkeys(findings):
        problems.append(error(shown, message, body_line + line - 1))
    if problems:
        return None, problems
    return Section(
        meta=meta, lang=lang, path=path, body_line=body_line, html=html, text=plain_text(html)
    ), []


def load_sections(paths: ProjectPaths, lang: str) -> tuple[dict[str, Section], list[Problem]]:
    """Read every section of one language, keyed by id."""
    folder = paths.sections(lang)
    if not folder.is_dir():
        return {}, [error(paths.relative(folder), f"missing: the sections for language '{lang}'")]
    sections: dict[str, Section] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.md")):
        section, found = load_section(path, lang, paths)
        problems += found
        if section is not None:
            sections[section.id] = section
    return sections, problems
