"""Timeline chart data (content/charts/<id>.yaml): records, loading, and checks between fields."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from handouts.config import validation_problems
from handouts.errors import Problem, error
from handouts.model import Localized, Record, Slug
from handouts.project import ProjectPaths
from handouts.yamlio import LocatedData, YamlSyntaxError, load_yaml

MAX_EFFECTS = 14
"""The most bars the chart lays out in the text column (tests cover 4, 8 and 14)."""
MAX_NAME = 80
"""The longest display name: three lines of the label column at the smallest label size."""
HOURS = re.compile(r"^(\d+(?:\.\d+)?)\s*hours?$")

Edge = Literal["start", "end"]
TimeValue = str | float


class Phase(Record):
    """One band of the time axis, e.g. 'During your session'."""

    id: Slug
    label: Localized
    hours: tuple[Annotated[float, Field(ge=0)], Annotated[float, Field(ge=0)]] | None = None
    width: float = Field(default=1.0, gt=0, le=10)


class Group(Record):
    """A group of effects drawn together under its label, e.g. 'Common side effects', in its
    own colour, which the legend explains in ``legend`` (e.g. 'Common: when it usually happens')."""

    id: Slug
    label: Localized
    legend: Localized


class Legend(Record):
    """The legend's words for marks shared by every group (each group names its own swatch)."""

    longer: Localized


class Effect(Record):
    """One side effect: its name, group, when it starts and ends, and a note."""

    name: dict[str, Annotated[str, Field(min_length=1, max_length=MAX_NAME)]]
    group: Slug
    starts: TimeValue
    ends: TimeValue
    can_last_longer: bool = False
    note: Localized


class Timeline(Record):
    """A timeline chart: phases on the time axis, groups, and the effects drawn as bars."""

    id: Slug
    title: Localized
    caption: Localized
    legend: Legend
    phases: list[Phase] = Field(min_length=1)
    groups: list[Group] = Field(min_length=1)
    effects: list[Effect] = Field(min_length=1)


class TimeError(ValueError):
    """A start or end that does not name a phase or an hour the phases cover."""


@dataclass(frozen=True)
class Axis:
    """Where each phase sits on the time axis, as fractions of the axis from 0 to 1."""

    phases: tuple[Phase, ...]
    bounds: tuple[tuple[float, float], ...]

    def position(self, value: TimeValue, edge: Edge) -> float:
        """Axis position of a start (edge='start') or end (edge='end'); raise TimeError."""
        hours = _hours(value)
        if hours is None:
            for phase, (x0, x1) in zip(self.phases, self.bounds, strict=True):
                if phase.id == value:
                    return x0 if edge == "start" else x1
            known = ", ".join(p.id for p in self.phases)
            raise TimeError(
                f"unknown phase '{value}' (expected one of: {known}; or hours like '4 hours')"
            )
        for phase, (x0, x1) in zip(self.phases, self.bounds, strict=True):
            if phase.hours is None:
                continue
            low, high = phase.hours
            # An hour on the border of two phases ends the earlier one and starts the later one.
            inside = low < hours <= high if edge == "end" else low <= hours < high
            if inside:
                return x0 + (hours - low) / (high - low) * (x1 - x0)
        covered = [
            f"{p.id}: {_num(p.hours[0])} to {_num(p.hours[1])}" for p in self.phases if p.hours
        ]
        where = "; ".join(covered) if covered else "no phase lists hours"
        raise TimeError(f"'{_describe(value)}' is not inside a phase with hours ({where})")


def make_axis(phases: list[Phase]) -> Axis:
    """Lay the phases side by side, each as wide as its share of the total width."""
    total = sum(p.width for p in phases)
    bounds = []
    left = 0.0
    for phase in phases:
        right = left + phase.width / total
        bounds.append((left, right))
        left = right
    return Axis(tuple(phases), tuple(bounds))


def effect_span(axis: Axis, effect: Effect) -> tuple[float, float]:
    """Where an effect's bar starts and ends on the axis; raise TimeError for a bad time."""
    return axis.position(effect.starts, "start"), axis.position(effect.ends, "end")


def _hours(value: TimeValue) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    match = HOURS.match(value.strip())
    return float(match.group(1)) if match else None


def _num(value: float) -> str:
    return f"{value:g}"


def _describe(value: TimeValue) -> str:
    return f"{_num(value)} hours" if isinstance(value, int | float) else value


def _name(effect: Effect, index: int, lang: str) -> str:
    return effect.name.get(lang) or next(iter(effect.name.values()), "") or f"#{index + 1}"


def timeline_problems(
    timeline: Timeline, located: LocatedData, shown: str, langs: list[str]
) -> list[Problem]:
    """Checks between fields: phases in order, known groups and phases, ends after starts,
    no duplicate names, text for every language."""
    problems: list[Problem] = []

    def add(key: tuple[str | int, ...], message: str) -> None:
        problems.append(error(shown, message, located.line_of(key)))

    def need_langs(key: tuple[str | int, ...], what: str, value: dict[str, str]) -> None:
        for lang in langs:
            if lang not in value:
                add(key, f"{what}: no text for language '{lang}'")

    for field in ("title", "caption"):
        need_langs((field,), field, getattr(timeline, field))
    need_langs(("legend", "longer"), "legend.longer", timeline.legend.longer)

    seen_phases: set[str] = set()
    axis_ok = True
    last_hour = 0.0
    for i, phase in enumerate(timeline.phases):
        where = f"phase '{phase.id}'"
        if phase.id in seen_phases:
            add(("phases", i, "id"), f"{where}: duplicate id (each phase needs its own)")
            axis_ok = False
        seen_phases.add(phase.id)
        need_langs(("phases", i, "label"), f"{where}: label", phase.label)
        if phase.hours is not None:
            low, high = phase.hours
            if high <= low:
                add(
                    ("phases", i, "hours"),
                    f"{where}: hours: [{_num(low)}, {_num(high)}] must go from earlier to later",
                )
                axis_ok = False
            elif low < last_hour:
                add(
                    ("phases", i, "hours"),
                    f"{where}: hours: starts at {_num(low)}, before the phase before it ends "
                    f"({_num(last_hour)}); phases go in time order",
                )
                axis_ok = False
            last_hour = max(last_hour, high)

    group_ids = [g.id for g in timeline.groups]
    for i, group in enumerate(timeline.groups):
        if group.id in group_ids[:i]:
            add(("groups", i, "id"), f"group '{group.id}': duplicate id (each group needs its own)")
        need_langs(("groups", i, "label"), f"group '{group.id}': label", group.label)
        need_langs(("groups", i, "legend"), f"group '{group.id}': legend", group.legend)

    if len(timeline.effects) > MAX_EFFECTS:
        add(
            ("effects",),
            f"effects: {len(timeline.effects)} effects do not fit the chart "
            f"(at most {MAX_EFFECTS}; split them into two charts)",
        )
    axis = make_axis(timeline.phases) if axis_ok else None
    first_seen: dict[tuple[str, str], int] = {}
    for i, effect in enumerate(timeline.effects):
        name = _name(effect, i, langs[0] if langs else "en")
        where = f"effect '{name}'"
        need_langs(("effects", i, "name"), f"{where}: name", effect.name)
        need_langs(("effects", i, "note"), f"{where}: note", effect.note)
        for lang, text in effect.name.items():
            key = (lang, " ".join(text.casefold().split()))
            if key in first_seen:
                add(
                    ("effects", i, "name", lang),
                    f"{where}: duplicate name (also at line {first_seen[key]}; "
                    "each effect is listed once)",
                )
            else:
                first_seen[key] = located.line_of(("effects", i, "name", lang)) or 0
        if effect.group not in group_ids:
            add(
                ("effects", i, "group"),
                f"{where}: group: unknown group '{effect.group}' "
                f"(expected one of: {', '.join(group_ids)})",
            )
        if axis is None:
            continue
        positions: dict[str, float] = {}
        for field, edge in (("starts", "start"), ("ends", "end")):
            try:
                positions[field] = axis.position(getattr(effect, field), edge)  # type: ignore[arg-type]
            except TimeError as exc:
                add(("effects", i, field), f"{where}: {field}: {exc}")
        if len(positions) == 2 and positions["ends"] <= positions["starts"]:
            add(
                ("effects", i, "ends"),
                f"{where}: ends ({_describe(effect.ends)}) before it starts "
                f"({_describe(effect.starts)}); an effect must end after it starts",
            )
        elif effect.can_last_longer and positions.get("ends", 0.0) >= 1.0:
            add(
                ("effects", i, "can_last_longer"),
                f"{where}: can_last_longer: it already ends with the last phase, so the chart "
                "has no room to show that it can last longer",
            )
    return problems


def charts_folder(paths: ProjectPaths) -> Path:
    """Where chart data lives: content/charts/."""
    return paths.content / "charts"


def load_timeline(
    path: Path, paths: ProjectPaths, langs: list[str]
) -> tuple[Timeline | None, list[Problem]]:
    """Read and check one chart file; its id is the file name."""
    shown = paths.relative(path)
    try:
        located = load_yaml(path)
    except YamlSyntaxError as exc:
        return None, [error(shown, str(exc), exc.line)]
    except (OSError, UnicodeDecodeError) as exc:
        return None, [error(shown, f"cannot read the file ({exc})")]
    if not isinstance(located.data, dict):
        return None, [
            error(shown, "expected a mapping of keys to values at the top of the file", 1)
        ]
    try:
        timeline = Timeline.model_validate({"id": path.stem, **located.data})
    except ValidationError as exc:
        return None, validation_problems(exc, shown, located, Timeline)
    problems = timeline_problems(timeline, located, shown, langs)
    return (None if problems else timeline), problems


def load_timelines(
    paths: ProjectPaths, langs: list[str]
) -> tuple[dict[str, Timeline], list[Problem]]:
    """Read every chart in content/charts/ (the folder is optional), keyed by file name."""
    folder = charts_folder(paths)
    charts: dict[str, Timeline] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        timeline, found = load_timeline(path, paths, langs)
        problems += found
        if timeline is not None:
            charts[timeline.id] = timeline
    return charts, problems
