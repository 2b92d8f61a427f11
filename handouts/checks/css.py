"""The project's stylesheets, read as WeasyPrint reads them: a declaration it would ignore (a
misspelt property such as ``colr: red``, an empty value, a syntax error) stops the build with a
WeasyPrint warning that names only the document; `check` names the stylesheet and its line.

Checked without WeasyPrint (tinycss2 parses and cssselect2 compiles selectors, as they do inside
WeasyPrint), against the property, descriptor, margin-box and pseudo-element names WeasyPrint
accepts (handouts.checks.css_names, made by
scripts/css_names.py). Values are not checked here: a value WeasyPrint cannot use is reported by
the build, naming the document.
"""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Any

import cssselect2
import tinycss2

from handouts.checks.css_names import DESCRIPTORS, MARGIN_BOXES, PROPERTIES, PSEUDO_ELEMENTS
from handouts.errors import Problem, error
from handouts.model import Project

# At-rules whose block holds declarations of their own kind, and those that hold rules.
RULE_BLOCKS = ("media",)


def stylesheet_files(templates: Path) -> list[Path]:
    """The plain stylesheets under templates/ (generated ones, *.css.jinja, hold Jinja)."""
    return sorted(p for p in templates.rglob("*.css") if p.is_file())


def _declaration_problems(
    shown: str, content: Any, names: frozenset[str], in_page: bool = False
) -> list[Problem]:
    problems = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "error":
            problems.append(error(shown, f"CSS: {item.message}", item.source_line))
        elif item.type == "at-rule":
            problems += _rule_problems(shown, item, in_page)  # @page margin boxes (@top-left...)
        elif item.type == "declaration":
            name = item.lower_name if not item.name.startswith("--") else item.name
            if name.startswith("-"):
                continue  # custom properties, and vendor prefixes WeasyPrint skips unseen
            if name not in names:
                close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.75)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                problems.append(
                    error(shown, f"unknown property{hint}", item.source_line, field=item.name)
                )
            elif not [t for t in item.value if t.type not in ("whitespace", "comment")]:
                problems.append(error(shown, "no value", item.source_line, field=item.name))
    return problems


def _rule_problems(shown: str, rule: Any, in_page: bool = False) -> list[Problem]:
    if rule.type == "error":
        return [error(shown, f"CSS: {rule.message}", rule.source_line)]
    at = rule.lower_at_keyword if rule.type == "at-rule" else None
    if in_page and at not in MARGIN_BOXES:
        return [error(shown, f"unknown @page rule @{at}", rule.source_line)]
    if rule.content is None:
        if at in (None, "import", "layer"):
            return []
        return [error(shown, f"@{at} has no block", rule.source_line)]
    if at in RULE_BLOCKS:
        return _sheet_problems(shown, tinycss2.parse_rule_list(rule.content))
    problems = _selector_problems(shown, rule) if at is None else []
    names = DESCRIPTORS.get(at, PROPERTIES) if at else PROPERTIES
    return problems + _declaration_problems(shown, rule.content, names, in_page=at == "page")


def _selector_problems(shown: str, rule: Any) -> list[Problem]:
    """A selector WeasyPrint cannot use (the whole rule would be ignored)."""
    if any(getattr(token, "value", None) == "&" for token in rule.prelude):
        return []  # nesting: WeasyPrint rewrites '&' before compiling
    try:
        selectors = cssselect2.compile_selector_list(rule.prelude)
    except cssselect2.SelectorError as exc:
        reason = " ".join(part for part in exc.args if isinstance(part, str)) or "invalid"
        return [error(shown, f"invalid or unsupported selector ({reason})", rule.source_line)]
    for selector in selectors:
        pseudo = selector.pseudo_element
        if pseudo is not None and pseudo not in PSEUDO_ELEMENTS and not pseudo.startswith("-"):
            return [error(shown, f"unknown pseudo-element ::{pseudo}", rule.source_line)]
    return []


def _sheet_problems(shown: str, rules: list[Any]) -> list[Problem]:
    problems = []
    for rule in rules:
        if rule.type in ("whitespace", "comment"):
            continue
        problems += _rule_problems(shown, rule)
    return problems


def stylesheet_problems(shown: str, css: str) -> list[Problem]:
    """What WeasyPrint would ignore in one stylesheet, each at its line."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _sheet_problems(shown, rules)


def css_problems(project: Project) -> list[Problem]:
    """Every plain stylesheet under templates/, checked."""
    paths = project.paths
    problems = []
    for path in stylesheet_files(paths.templates):
        shown = paths.relative(path)
        try:
            text = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        except (OSError, UnicodeDecodeError):
            problems.append(error(shown, "cannot be read as UTF-8 text"))
            continue
        problems += stylesheet_problems(shown, text)
    return problems
