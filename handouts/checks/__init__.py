"""Stage 2, checks: pure rules over the loaded model, and the one gate every command passes.

``gate`` loads the project and runs every rule; `check` collects everything, every other command
stops at the first error line printed, so one input gets one verdict everywhere. A new kind of
finding is one more function in RULES; a new kind of document is covered once documents.plan
plans it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, replace

from handouts.checks.approvals import approval_problems
from handouts.checks.brand import contrast_problems, logo_reference_problems
from handouts.checks.clinic_policy import policy_problems
from handouts.checks.content import (
    reading_level_problems,
    review_problems,
    unused_section_problems,
)
from handouts.checks.copying import copy_problems
from handouts.checks.css import css_problems
from handouts.checks.glyphs import glyph_problems
from handouts.checks.jargon import jargon_problems
from handouts.checks.memo import Memo
from handouts.checks.placeholders import placeholder_problems
from handouts.checks.printing import wording_problems
from handouts.checks.references import (
    brand_language_problems,
    handout_problems,
    include_problems,
    packet_problems,
)
from handouts.checks.sources import source_problems
from handouts.checks.templates import template_files, template_problems
from handouts.checks.timeline import chart_problems
from handouts.checks.translations import availability_problems, translation_problems
from handouts.checks.words import long_word_problems
from handouts.documents import Document
from handouts.errors import HandoutsError, Problem, errors_in, plural, sort_problems
from handouts.load import load_project
from handouts.model import Project
from handouts.paths import ProjectPaths


@dataclass(frozen=True)
class Options:
    """What the rules compare against: the day review dates are aged at; and what they
    remember from earlier runs (handouts.checks.memo; None: remember nothing)."""

    today: dt.date
    memo: Memo | None = None


@dataclass(frozen=True)
class Report:
    """Every finding of a run, sorted by file and line, and how many files were read."""

    problems: list[Problem]
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        """Findings that fail the check."""
        return errors_in(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        """Findings that do not fail the check (unless --strict)."""
        return [p for p in self.problems if not p.is_error]

    def as_strict(self) -> Report:
        """The same findings with every warning counted as an error (--strict)."""
        return Report([replace(p, severity="error") for p in self.problems], self.files)

    @property
    def exit_code(self) -> int:
        """0 when there are no errors, 1 otherwise."""
        return 1 if self.errors else 0

    def summary(self) -> str:
        """The closing line: counts of errors, warnings and files."""
        return (
            f"check: {plural(len(self.errors), 'error')}, "
            f"{plural(len(self.warnings), 'warning')} ({plural(self.files, 'file')})"
        )

    def lines(self) -> list[str]:
        """One line per finding, then the summary."""
        return [*(str(p) for p in self.problems), self.summary()]


Rule = Callable[[Project, Options], list[Problem]]
RULES: tuple[Rule, ...] = (
    lambda project, _: brand_language_problems(project),
    lambda project, _: handout_problems(project),
    lambda project, _: packet_problems(project),
    lambda project, _: include_problems(project),
    lambda project, _: contrast_problems(project),
    lambda project, _: logo_reference_problems(project),
    lambda project, _: chart_problems(project),
    lambda project, _: glyph_problems(project),
    lambda project, options: reading_level_problems(project, options.memo),
    lambda project, options: review_problems(project, options.today),
    lambda project, _: placeholder_problems(project),
    lambda project, _: wording_problems(project),
    lambda project, _: unused_section_problems(project),
    lambda project, _: source_problems(project),
    lambda project, _: copy_problems(project),
    lambda project, _: jargon_problems(project),
    lambda project, _: policy_problems(project),
    lambda project, _: approval_problems(project),
    lambda project, _: long_word_problems(project),
    lambda project, _: css_problems(project),
    lambda project, _: translation_problems(project),
    lambda project, _: availability_problems(project),
)
"""Every rule over the model. Filling the templates comes last, and only for a sound project."""


def run_rules(
    project: Project,
    options: Options,
    loaded: list[Problem],
    documents: list[Document] | None = None,
) -> list[Problem]:
    """Every rule over a loaded project (``loaded``: what loading found), then the templates:
    compiled always, filled when nothing else is wrong (for ``documents``, or all)."""
    problems = list(loaded)
    for rule in RULES:
        problems += rule(project, options)
    to_fill = None
    if documents is not None:
        to_fill = [(doc, project) for doc in documents]
        to_fill += [sample for doc in documents for sample in doc.samples(project)]
    problems += template_problems(
        project, to_fill, fill_documents=not errors_in(problems), memo=options.memo
    )
    return problems


def checked_files(paths: ProjectPaths) -> int:
    """How many data, section and template files a check reads."""
    if not paths.content.is_dir():
        return 0
    data = [p for p in paths.content.rglob("*") if p.suffix in (".yaml", ".md")]
    data = [p for p in data if p.name != "README.md"]
    templates = template_files(paths.templates) if paths.templates.is_dir() else []
    return len(data) + len(templates)


def gate(
    paths: ProjectPaths,
    options: Options,
    *,
    collect: bool = False,
    documents: Callable[[Project], list[Document]] | None = None,
) -> tuple[Project | None, Report]:
    """Load the project and run every rule: the one gate of every command. ``collect``: return
    every finding (`check`); else stop with every error found (every other command).
    ``documents``: the documents the caller will make, whose templates are filled (default: all)."""
    project, problems = load_project(paths)
    if project is not None:
        # A project that loaded with errors lacks what failed (a packet file with a mistake):
        # asking it which documents the caller means would answer "no packets defined" or
        # "unknown packet" instead of the mistake itself. Its templates are not filled anyway.
        loaded_whole = not errors_in(problems)
        planned = documents(project) if documents is not None and loaded_whole else None
        problems = run_rules(project, options, problems, planned)
    report = Report(sort_problems(problems), checked_files(paths))
    if not collect and (project is None or report.errors):
        raise HandoutsError(report.problems)
    return project, report


def checked(
    paths: ProjectPaths,
    today: dt.date | None = None,
    documents: Callable[[Project], list[Document]] | None = None,
    memo: Memo | None = None,
) -> tuple[Project, Report]:
    """The project when the gate finds no error (else HandoutsError with every error)."""
    options = Options(today or dt.date.today(), memo)
    project, report = gate(paths, options, documents=documents)
    assert project is not None  # gate raises otherwise
    return project, report
