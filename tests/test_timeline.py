"""The timeline data file: what it says, and one clear line for each kind of mistake in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.cli import main
from handouts.project import ProjectPaths
from handouts.timeline import Timeline, effect_span, load_timeline, make_axis

CHART = "content/charts/side-effect-timeline.yaml"
PHASES = "session, first-hour, two-to-four-hours, rest-of-day"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def replace_nth(text: str, old: str, new: str, occurrence: int = 1) -> str:
    """``text`` with the n-th ``old`` replaced."""
    parts = text.split(old)
    assert len(parts) > occurrence, f"{old!r} occurs fewer than {occurrence} times"
    return old.join(parts[:occurrence]) + new + old.join(parts[occurrence:])


def load(root: Path, text: str | None = None) -> tuple[Timeline | None, list[str]]:
    """Load the chart file (optionally with new text) and return problems as printed lines."""
    path = root / CHART
    if text is not None:
        path.write_text(text)
    timeline, problems = load_timeline(path, ProjectPaths(root), ["en"])
    return timeline, [str(p) for p in problems]


@pytest.fixture
def chart_text(project_copy: Path) -> str:
    """The shipped chart file's text (in a writable project copy)."""
    return (project_copy / CHART).read_text()


def test_shipped_data_loads_and_follows_the_article(root: Path) -> None:
    timeline, problems = load(root)
    assert problems == []
    assert timeline is not None
    axis = make_axis(timeline.phases)
    spans = {e.name["en"]: effect_span(axis, e) for e in timeline.effects}
    quarter = 1 / len(timeline.phases)
    # Drowsiness, dizziness, nausea: gone 2 to 4 hours after (end of the third phase).
    for name in ("Drowsiness", "Dizziness", "Nausea and vomiting"):
        assert spans[name][1] == pytest.approx(3 * quarter)
    # Dissociation: about an hour, and it can last longer.
    assert spans["Feeling disconnected (dissociation)"][1] == pytest.approx(2 * quarter)
    longer = [e.name["en"] for e in timeline.effects if e.can_last_longer]
    assert longer == ["Feeling disconnected (dissociation)"]
    groups = {e.name["en"]: e.group for e in timeline.effects}
    assert [n for n, g in groups.items() if g == "rare"] == [
        "Higher blood pressure",
        "Hallucinations",
    ]
    assert len(timeline.effects) == 10


def test_unknown_phase_names_file_line_and_effect(project_copy: Path, chart_text: str) -> None:
    text = replace_nth(chart_text, "    ends: first-hour ", "    ends: first-hours", 1)
    _, problems = load(project_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, 'ends: first-hours')}: error: effect 'Disorientation (confusion)': "
        f"ends: unknown phase 'first-hours' (expected one of: {PHASES}; or hours like '4 hours')"
    ]


def test_end_before_start(project_copy: Path, chart_text: str) -> None:
    text = replace_nth(
        chart_text, "    ends: 4 hours", "    ends: session", 1
    )  # Drowsiness starts later
    _, problems = load(project_copy, text)
    line = line_of(text, "    ends: session")
    assert problems == [
        f"{CHART}:{line}: error: effect 'Drowsiness': ends (session) before it starts "
        "(first-hour); an effect must end after it starts"
    ]


def test_duplicate_name(project_copy: Path, chart_text: str) -> None:
    text = chart_text.replace("en: Anxiety", "en: dizziness")
    _, problems = load(project_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, 'en: dizziness')}: error: effect 'dizziness': duplicate name "
        f"(also at line {line_of(text, 'en: Dizziness')}; each effect is listed once)"
    ]


def test_hours_outside_the_phases(project_copy: Path, chart_text: str) -> None:
    text = replace_nth(chart_text, "    ends: 4 hours", "    ends: 6 hours", 2)
    _, problems = load(project_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, 'ends: 6 hours')}: error: effect 'Dizziness': ends: '6 hours' is "
        "not inside a phase with hours (first-hour: 0 to 1; two-to-four-hours: 1 to 4)"
    ]


def test_unknown_group(project_copy: Path, chart_text: str) -> None:
    text = replace_nth(chart_text, "group: rare", "group: rarely", 1)
    _, problems = load(project_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, 'group: rarely')}: error: effect 'Higher blood pressure': "
        "group: unknown group 'rarely' (expected one of: common, rare)"
    ]


def test_phases_out_of_time_order(project_copy: Path, chart_text: str) -> None:
    text = chart_text.replace("hours: [1, 4]", "hours: [0.5, 4]")
    _, problems = load(project_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, 'hours: [0.5, 4]')}: error: phase 'two-to-four-hours': hours: "
        "starts at 0.5, before the phase before it ends (1); phases go in time order"
    ]


def test_missing_field_and_unknown_key(project_copy: Path, chart_text: str) -> None:
    text = replace_nth(chart_text, "    can_last_longer: true", "    can_last_long: true", 1)
    text = replace_nth(text, "    group: common\n", "", 1)
    _, problems = load(project_copy, text)
    assert (
        f"{CHART}:{line_of(text, 'can_last_long:')}: error: effects.1.can_last_long: unknown key"
        in (problems[-1])
    )
    assert any("effects.0.group: missing (this field is required)" in p for p in problems)


def test_each_group_names_its_legend_swatch(project_copy: Path, chart_text: str) -> None:
    text = chart_text.replace('    legend:\n      en: "Rare: when our staff watch for it"\n', "")
    assert text != chart_text
    _, problems = load(project_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, '- id: rare')}: error: groups.1.legend: missing "
        "(this field is required)"
    ]


def test_too_many_effects(project_copy: Path, chart_text: str) -> None:
    extra = "".join(
        f"  - name:\n      en: Extra effect {n}\n    group: common\n    starts: session\n"
        f"    ends: session\n    note:\n      en: A note.\n"
        for n in range(5)
    )
    text = chart_text.rstrip("\n") + "\n" + extra
    timeline, problems = load(project_copy, text)
    assert timeline is None
    assert problems == [
        f"{CHART}:{line_of(text, 'effects:')}: error: effects: 15 effects do not fit the chart "
        "(at most 14; split them into two charts)"
    ]


def test_a_bad_chart_stops_the_build_with_one_line(project_copy: Path, tmp_path: Path) -> None:
    path = project_copy / CHART
    text = replace_nth(path.read_text(), "    starts: session", "    starts: during", 2)
    path.write_text(text)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--project", str(project_copy), "--output", str(out)]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: {CHART}:{line_of(text, 'starts: during')}: error: effect 'Dizziness': starts: "
        f"unknown phase 'during' (expected one of: {PHASES}; or hours like '4 hours')\n"
    )
    assert not out.exists() or not any(out.rglob("*.pdf"))
