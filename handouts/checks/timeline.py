"""Rules between a chart's fields: phases in time order, known groups and phases, effects that
end after they start, no name twice, text for every language."""

from __future__ import annotations

from handouts.chart.axis import TimeError, describe_time, hours_text, make_axis
from handouts.errors import Problem, error
from handouts.model import MAX_EFFECTS, Effect, Project, Timeline


def _name(effect: Effect, index: int, lang: str) -> str:
    return effect.name.get(lang) or next(iter(effect.name.values()), "") or f"#{index + 1}"


def timeline_problems(timeline: Timeline, langs: list[str]) -> list[Problem]:
    """Checks between fields: phases in order, known groups and phases, ends after starts,
    no duplicate names, text for every language."""
    problems: list[Problem] = []
    source = timeline.source

    def add(key: tuple[str | int, ...], message: str) -> None:
        problems.append(error(source.path, message, source.line_of(key)))

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
                    f"{where}: hours: [{hours_text(low)}, {hours_text(high)}] must go from earlier to later",
                )
                axis_ok = False
            elif low < last_hour:
                add(
                    ("phases", i, "hours"),
                    f"{where}: hours: starts at {hours_text(low)}, before the phase before it ends "
                    f"({hours_text(last_hour)}); phases go in time order",
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
                first_seen[key] = source.line_of(("effects", i, "name", lang)) or 0
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
                f"{where}: ends ({describe_time(effect.ends)}) before it starts "
                f"({describe_time(effect.starts)}); an effect must end after it starts",
            )
        elif effect.can_last_longer and positions.get("ends", 0.0) >= 1.0:
            add(
                ("effects", i, "can_last_longer"),
                f"{where}: can_last_longer: it already ends with the last phase, so the chart "
                "has no room to show that it can last longer",
            )
    return problems


def chart_problems(project: Project) -> list[Problem]:
    """Every chart's rules."""
    return [
        p
        for chart in project.charts.values()
        # Other languages than the first: see handouts.checks.translations.
        for p in timeline_problems(chart, project.languages[:1])
    ]
