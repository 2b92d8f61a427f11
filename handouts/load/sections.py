"""Read Markdown sections: YAML front matter + Markdown body -> Section records."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import frontmatter.default_handlers
from pydantic import ValidationError

from handouts.errors import Problem, error
from handouts.load.limits import limit_problems, size_problem
from handouts.load.markdown import heading_problems, plain_text
from handouts.load.policy import check_section
from handouts.load.records import validation_problems
from handouts.load.support import read_markup
from handouts.load.yaml import YamlSyntaxError, parse_yaml
from handouts.model import Section, SectionMeta
from handouts.paths import ProjectPaths


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


def read_section_text(path: Path, shown: str) -> tuple[str | None, str, list[Problem]]:
    """A section file's text and the sha256 of its bytes, or the problem that stops it. The size
    is checked before reading, so a huge file fails fast; a byte-order mark is dropped."""
    try:
        too_big = size_problem(path.stat().st_size)
        if too_big is not None:
            return None, "", [error(shown, too_big)]
        data = path.read_bytes()
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, "", [error(shown, "the file is not UTF-8 text (save it as UTF-8)", line)]
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic-link loop
        reason = getattr(exc, "strerror", None) or str(exc)
        return None, "", [error(shown, f"cannot read the file ({reason})")]
    return text, hashlib.sha256(data).hexdigest(), []


def load_section(
    path: Path, lang: str, paths: ProjectPaths
) -> tuple[Section | None, list[Problem]]:
    """Read one section file; return the section or the problems found."""
    shown = paths.relative(path)
    text, digest, problems = read_section_text(path, shown)
    if text is None:
        return None, problems
    parts = split_front_matter(text)
    if parts is None:
        return None, [
            error(
                shown,
                "missing (the file must start with a '---' line, "
                "then id, title and reviewed, then '---')",
                1,
                field="front matter",
            )
        ]
    fm, body, body_line = parts
    try:
        located = parse_yaml(fm)  # fm keeps the first fence line's newline, so lines match the file
    except YamlSyntaxError as exc:
        return None, [error(shown, str(exc), exc.line, field="front matter")]
    data = located.data if located.data is not None else {}
    if not isinstance(data, dict):
        return None, [error(shown, "expected 'key: value' lines", 2, field="front matter")]
    try:
        meta = SectionMeta.model_validate(data).from_source(located.source(shown))
    except ValidationError as exc:
        return None, validation_problems(exc, shown, located, SectionMeta)
    if meta.id != path.stem:
        problems.append(
            error(
                shown,
                f"'{meta.id}' must match the file name '{path.stem}'",
                located.line_of(("id",)),
                field="id",
            )
        )
    # Bounds first (one linear pass), so hostile text never reaches Markdown; then the HTML
    # policy (handouts.load.policy), which returns the checked HTML and repeats the heading check.
    # Support markers come out before Markdown reads the text (line for line, see load.support).
    findings = heading_problems(body)
    limits = limit_problems(body)
    html = ""
    markup = None
    if limits:
        findings += limits
    else:
        markup = read_markup(body, body_line)
        findings += list(markup.problems)
        html, policy = check_section(markup.body)
        findings += policy
    for line, message in dict.fromkeys(findings):
        problems.append(error(shown, message, body_line + line - 1))
    if problems or markup is None:
        return None, problems
    section = Section(
        meta,
        lang,
        path,
        body_line,
        html,
        plain_text(html),
        digest,
        body,
        statements=markup.statements,
        blocks=markup.blocks,
        markers=markup.markers,
        policies=markup.policies,
    )
    return section, []


def section_files(folder: Path) -> list[Path]:
    """The .md files of a language folder, sorted by name."""
    return sorted(
        (folder / name for name in os.listdir(folder) if name.endswith(".md")),
        key=lambda p: p.name,
    )


def load_sections(paths: ProjectPaths, lang: str) -> tuple[dict[str, Section], list[Problem]]:
    """Read every section of one language, keyed by id."""
    folder = paths.sections(lang)
    if not folder.is_dir():
        return {}, [error(paths.relative(folder), f"missing: the sections for language '{lang}'")]
    sections: dict[str, Section] = {}
    problems: list[Problem] = []
    for path in section_files(folder):
        section, found = load_section(path, lang, paths)
        problems += found
        if section is not None:
            sections[section.id] = section
    return sections, problems
