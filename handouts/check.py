"""`handouts check`: the build pipeline stopped before PDF writing, collecting every problem.

Load and validate everything (handouts.loader), then run the content checks below: reading
level, review dates, placeholder values, and every document's HTML filled from its templates.
Nothing is written. A new kind of finding is one more function in CHECKERS; a new kind of
document is covered once build.plan_jobs plans it and document.render_document fills it.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from handouts.content import split_front_matter
from handouts.errors import Problem, ProblemsFound, error, warning
from handouts.loader import Project, load_project
from handouts.model import Location
from handouts.project import ProjectPaths
from handouts.readability import measures, reading_grade
from handouts.templating import TemplateFailed, compile_template, make_environment
from handouts.yamlio import LocatedData, YamlSyntaxError, load_yaml, parse_yaml

TEMPLATE_SUFFIXES = (".html", ".jinja", ".svg", ".xml")
# Fictional numbers: the unused area code 555, and 555-0100 to 555-0199 (reserved for fiction).
PHONE_NUMBER = re.compile(r"\(?\b(\d{3})\)?[ .-]?(\d{3})[ .-](\d{4})\b")
URL = re.compile(r"https?://[^\s<>\"']+")
EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")
RESERVED_TLDS = ("example", "test", "invalid", "localhost")
# check renders HTML only; a fixed date stands in for the build's source date.
CHECK_SOURCE_DATE = "1970-01-01T00:00:00Z"


@dataclass(frozen=True)
class CheckOptions:
    """What the checks compare against: the date reviews are aged at."""

    today: dt.date
    load_failed: bool = False


@dataclass(frozen=True)
class CheckReport:
    """Every finding of a check run, sorted by file and line, and how many files were read."""

    problems: list[Problem]
    files: int = 0

    @property
    def errors(self) -> list[Problem]:
        """Findings that fail the check."""
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """Findings that do not fail the check (unless --strict)."""
        return [p for p in self.problems if p.severity == "warning"]

    def as_strict(self) -> CheckReport:
        """The same findings with every warning counted as an error (--strict)."""
        problems = [replace(p, severity="error") for p in self.problems]
        return CheckReport(problems, self.files)

    @property
    def exit_code(self) -> int:
        """0 when there are no errors, 1 otherwise."""
        return 1 if self.errors else 0

    def summary(self) -> str:
        """The closing line: counts of errors, warnings and files."""
        errors, warnings = len(self.errors), len(self.warnings)
        return (
            f"check: {errors} error{'s' if errors != 1 else ''}, "
            f"{warnings} warning{'s' if warnings != 1 else ''} "
            f"({self.files} file{'s' if self.files != 1 else ''})"
        )

    def lines(self) -> list[str]:
        """One line per finding, then the summary."""
        return [*(str(p) for p in self.problems), self.summary()]


def sort_problems(problems: list[Problem]) -> list[Problem]:
    """Unique findings ordered by file, line, severity and message."""
    unique = set(problems)
    return sorted(unique, key=lambda p: (p.path, p.line or 0, p.severity, p.message))


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the end of a shorter month (Jan 31 + 1 = Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def front_matter_line(path: Path, key: str) -> int | None:
    """The line of ``key`` in a section's front matter."""
    try:
        parts = split_front_matter(path.read_text(encoding="utf-8"))
        if parts is None:
            return None
        return parse_yaml(parts[0]).lines.get((key,))
    except (OSError, UnicodeDecodeError, YamlSyntaxError):
        return None


def reading_level_problems(project: Project, options: CheckOptions) -> list[Problem]:
    """A warning for each section whose Flesch-Kincaid grade is above the limit."""
    limit = project.settings.max_reading_grade
    problems = []
    for lang, sections in project.sections.items():
        if not measures(lang):
            continue
        for section in sections.values():
            grade = reading_grade(section.text, lang)
            if grade > limit:
                problems.append(
                    warning(
                        project.paths.relative(section.path),
                        f"reading level: section '{section.id}' reads at grade {grade:.1f} "
                        f"(Flesch-Kincaid), above the limit of {limit:g}; use shorter "
                        "sentences and common words",
                        section.body_line,
                    )
                )
    return problems


def review_problems(project: Project, options: CheckOptions) -> list[Problem]:
    """A warning for each section whose last medical review is older than the interval."""
    months = project.settings.review_interval_months
    problems = []
    for sections in project.sections.values():
        for section in sections.values():
            reviewed = section.meta.reviewed
            shown = project.paths.relative(section.path)
            line = front_matter_line(section.path, "reviewed")
            due = add_months(reviewed, months)
            if reviewed > options.today:
                problems.append(
                    warning(
                        shown,
                        f"reviewed: {reviewed.isoformat()} is in the future "
                        f"(today is {options.today.isoformat()}); check the date",
                        line,
                    )
                )
            elif due < options.today:
                problems.append(
                    warning(
                        shown,
                        f"reviewed: last review {reviewed.isoformat()} is older than "
                        f"{months} months (due {due.isoformat()}); review the section "
                        "and update the date",
                        line,
                    )
                )
    return problems


def _leaves(
    value: Any, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every text value in nested data, with its key path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(item, (*path, str(key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _leaves(item, (*path, index))


def is_fictional_phone(text: str) -> bool:
    """Whether ``text`` holds a fictional 555 phone number (area code 555, or 555-01xx)."""
    for area, exchange, number in PHONE_NUMBER.findall(text):
        if area == "555" or (exchange == "555" and number.startswith("01")):
            return True
    return bool(re.search(r"\b555[ .-]01\d\d\b", text))


def is_example_address(text: str) -> bool:
    """Whether ``text`` holds a web address on a domain reserved for examples (RFC 2606)."""
    for url in URL.findall(text):
        host = (urlsplit(url).hostname or "").lower()
        if any(host == h or host.endswith("." + h) for h in EXAMPLE_HOSTS):
            return True
        if host.rsplit(".", 1)[-1] in RESERVED_TLDS:
            return True
    return False


def _shown_value(value: Any) -> str:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _field_name(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in path)


def example_value_problems(
    shown: str, located: LocatedData, skip: Collection[str] = ()
) -> list[Problem]:
    """Warnings for fictional phone numbers and example web addresses in a data file."""
    problems = []
    data = located.data if isinstance(located.data, dict) else {}
    for path, text in _leaves(data):
        if not path or str(path[0]) in skip or path[0] == "placeholders":
            continue
        name = _field_name(path[:1] if isinstance(path[-1], int) else path)
        line = located.line_of(path)
        if is_fictional_phone(text):
            problems.append(
                warning(
                    shown, f"{name}: '{text}' is a fictional 555 number; set the real one", line
                )
            )
        elif is_example_address(text):
            problems.append(
                warning(shown, f"{name}: '{text}' is an example address; set the real one", line)
            )
    return problems


def location_placeholder_problems(
    shown: str, location: Location, located: LocatedData
) -> list[Problem]:
    """The location's listed placeholders (still set, or not set yet) and unlisted examples."""
    problems = []
    fields = [f for f in Location.model_fields if f not in ("id", "placeholders")]
    for index, name in enumerate(location.placeholders):
        if name not in fields:
            problems.append(
                error(
                    shown,
                    f"placeholders: '{name}' is not a location field "
                    f"(expected one of: {', '.join(fields)})",
                    located.line_of(("placeholders", index)),
                )
            )
            continue
        value = getattr(location, name)
        line = located.line_of((name,))
        if value in (None, "", []):
            problems.append(
                warning(shown, f"{name}: not set yet (listed under placeholders)", line)
            )
        else:
            problems.append(
                warning(
                    shown,
                    f"{name}: placeholder value {_shown_value(value)!r} is still set",
                    line,
                )
            )
    problems += example_value_problems(shown, located, set(location.placeholders))
    return problems


def placeholder_problems(project: Project, options: CheckOptions) -> list[Problem]:
    """Placeholder values still set in the location files and the brand."""
    paths = project.paths
    problems: list[Problem] = []
    for location in project.locations.values():
        path = paths.locations / f"{location.id}.yaml"
        try:
            located = load_yaml(path)
        except (OSError, YamlSyntaxError):
            continue  # reported by the loader
        problems += location_placeholder_problems(paths.relative(path), location, located)
        if (
            project.packets
            and location.fasting_hours is None
            and "fasting_hours" not in location.placeholders
        ):
            # Listed or not, an unset number prints as a blank in every packet: say so.
            problems.append(
                warning(
                    paths.relative(path),
                    "fasting_hours: not set; packets leave the number of hours (and the time to "
                    "stop eating and drinking) blank to fill in by hand",
                    located.line_of(("fasting_hours",)),
                )
            )
    try:
        brand = load_yaml(paths.brand)
    except (OSError, YamlSyntaxError):
        return problems
    return problems + example_value_problems(paths.relative(paths.brand), brand)


def template_files(templates: Path) -> list[str]:
    """Every Jinja template under templates/, as loader names."""
    return sorted(
        p.relative_to(templates).as_posix()
        for p in templates.rglob("*")
        if p.is_file() and p.suffix in TEMPLATE_SUFFIXES
    )


def template_problems(project: Project, options: CheckOptions) -> list[Problem]:
    """Templates that do not compile, and every planned document whose HTML fails to fill."""
    from handouts.build import plan_jobs
    from handouts.document import render_document

    env = make_environment(project.paths.templates)
    problems = [
        p for name in template_files(project.paths.templates) if (p := compile_template(env, name))
    ]
    if options.load_failed:
        # Filling templates from a half-loaded project only echoes the loader's errors
        # (a missing section, a chart that failed validation); report those alone.
        return problems
    for job in plan_jobs(project):
        try:
            render_document(env, project, job, source_date=CHECK_SOURCE_DATE)
        except TemplateFailed as exc:
            problems.append(exc.problem)
    return problems + packet_template_problems(project, env)


def packet_template_problems(project: Project, env: Any) -> list[Problem]:
    """Fill every packet as the front desk will: blank, duplex, and for a sample patient with
    the fasting time computed, so a missing string or a bad date pattern is found here and not
    at the desk."""
    from handouts.appointment import Visit
    from handouts.packet import PacketJob, render_packet_document

    problems: list[Problem] = []
    sample = Visit("Sample Patient", dt.datetime(2030, 1, 2, 10, 30))
    for location_id, location in project.locations.items():
        fasting = (
            location if location.fasting_hours else location.model_copy(update={"fasting_hours": 1})
        )
        view = replace(project, locations={**project.locations, location_id: fasting})
        for packet_id in project.packets:
            for lang in project.languages:
                strings = project.paths.relative(project.paths.strings / f"{lang}.yaml")
                for duplex, visit in ((False, None), (True, None), (False, sample)):
                    job = PacketJob(packet_id, location_id, lang, duplex)
                    try:
                        render_packet_document(env, view, job, visit, duplex, CHECK_SOURCE_DATE)
                    except TemplateFailed as exc:
                        problems.append(exc.problem)
                    except KeyError as exc:
                        problems.append(error(strings, f"{exc.args[0]}: missing (packets need it)"))
                    except ValueError as exc:
                        problems.append(error(strings, f"date_format or time_format: {exc}"))
    return list(dict.fromkeys(problems))


def unused_section_problems(project: Project, options: CheckOptions) -> list[Problem]:
    """A warning for each section no handout or packet prints (usually a forgotten list entry)."""
    used = {sid for handout in project.handouts.values() for sid in handout.sections}
    for packet in project.packets.values():
        used.update(packet.cover)
        for part in packet.parts:
            used.update(part.sections)
            if part.handout in project.handouts and not part.sections:
                used.update(project.handouts[part.handout].sections)
    return [
        warning(
            project.paths.relative(section.path),
            f"section '{section.id}' is in no handout or packet, so it is never printed "
            "(add its id to a handout's sections)",
            1,
        )
        for sections in project.sections.values()
        for section in sections.values()
        if section.id not in used
    ]


Checker = Callable[[Project, CheckOptions], list[Problem]]
CHECKERS: tuple[Checker, ...] = (
    reading_level_problems,
    review_problems,
    placeholder_problems,
    unused_section_problems,
    template_problems,
)
# What `build` runs before rendering. It leaves out the reading level (warnings only, and loading
# the pronouncing dictionary costs about a second) and filling the templates (the build fills
# every one itself, and writes nothing until all of them have rendered).
BUILD_CHECKERS: tuple[Checker, ...] = (review_problems, placeholder_problems)


def checked_files(paths: ProjectPaths) -> int:
    """How many data, section and template files a check reads."""
    data = [p for p in paths.content.rglob("*") if p.suffix in (".yaml", ".md")]
    data = [p for p in data if p.name != "README.md"]
    templates = template_files(paths.templates) if paths.templates.is_dir() else []
    return len(data) + len(templates)


def run_checks(
    project: Project, options: CheckOptions, checkers: tuple[Checker, ...] = CHECKERS
) -> list[Problem]:
    """Every content check on a loaded project."""
    problems: list[Problem] = []
    for checker in checkers:
        problems += checker(project, options)
    return problems


def inspect_project(
    paths: ProjectPaths, today: dt.date | None = None, checkers: tuple[Checker, ...] = CHECKERS
) -> tuple[Project | None, CheckReport]:
    """Load, validate and check the whole project; return it with every finding."""
    project, problems = load_project(paths)
    if project is not None:
        options = CheckOptions(
            today=today or dt.date.today(),
            load_failed=any(p.severity == "error" for p in problems),
        )
        problems = problems + run_checks(project, options, checkers)
    files = checked_files(paths) if paths.content.is_dir() else 0
    return project, CheckReport(sort_problems(problems), files)


def check_project(paths: ProjectPaths, today: dt.date | None = None) -> CheckReport:
    """Every finding about the project; nothing is written."""
    return inspect_project(paths, today)[1]


@dataclass(frozen=True)
class Checked:
    """A project that passed the checks, with the warnings found on the way."""

    project: Project
    warnings: list[Problem] = field(default_factory=list)


def checked_project(paths: ProjectPaths, today: dt.date | None = None) -> Checked:
    """The project when the checks find no error; else raise with every problem (for build)."""
    project, report = inspect_project(paths, today, BUILD_CHECKERS)
    if project is None or report.errors:
        raise ProblemsFound(report.problems)
    return Checked(project, report.warnings)
