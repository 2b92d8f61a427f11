"""The chart data file (content/charts/<id>.yaml): what the fixture chart says, and one clear line
for each kind of mistake in it (loading, then the chart rules of the gate)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.chart.axis import effect_span, make_axis
from handouts.checks.timeline import timeline_problems
from handouts.cli import main
from handouts.commands.check import check_project
from handouts.load.timeline import load_timelines
from handouts.model import Timeline
from handouts.paths import ProjectPaths
from tests.clinic import TODAY

CHART = "content/charts/recovery.yaml"
PHASES = "visit, first-hours, later"


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), start=1) if needle in line]
    return hits[occurrence - 1]


def replace_nth(text: str, old: str, new: str, occurrence: int = 1) -> str:
    """``text`` with the n-th ``old`` replaced."""
    parts = text.split(old)
    assert len(parts) > occurrence, f"{old!r} occurs fewer than {occurrence} times"
    return old.join(parts[:occurrence]) + new + old.join(parts[occurrence:])


def load(project: Path, text: str | None = None) -> tuple[Timeline | None, list[str]]:
    """Load the chart (optionally with new text) and run the chart rules; the problems as
    printed."""
    if text is not None:
        (project / CHART).write_text(text)
    charts, problems = load_timelines(ProjectPaths(project))
    timeline = charts.get("recovery")
    if timeline is not None:
        problems += timeline_problems(timeline, ["en"])
    return timeline, [str(p) for p in problems]


@pytest.fixture
def chart_text(clinic_copy: Path) -> str:
    """The fixture chart's text (in a writable copy)."""
    return (clinic_copy / CHART).read_text()


def test_the_fixture_chart_loads_as_written(clinic: Path) -> None:
    timeline, problems = load(clinic)
    assert problems == []
    assert timeline is not None
    assert timeline.source.path == CHART
    axis = make_axis(timeline.phases)
    spans = {e.name["en"]: effect_span(axis, e) for e in timeline.effects}
    third = 1 / 3
    assert spans == {
        # first-hours (0 to 2 hours) is the second of three equal phases.
        "Sleepiness": pytest.approx((third, 2 * third)),
        "Light-headedness": pytest.approx((0, third + third / 2)),  # 1 hour: half-way through
        "Upset stomach": pytest.approx((0, 2 * third)),
        "Blood pressure changes": pytest.approx((0, third)),
    }
    assert [e.name["en"] for e in timeline.effects if e.can_last_longer] == ["Light-headedness"]
    assert [e.group for e in timeline.effects] == ["usual", "usual", "usual", "watch"]


def test_unknown_phase_names_file_line_and_effect(clinic_copy: Path, chart_text: str) -> None:
    text = replace_nth(chart_text, "    ends: first-hours", "    ends: first-hour")
    _, problems = load(clinic_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, 'ends: first-hour')}: error: effect 'Upset stomach': ends: "
        f"unknown phase 'first-hour' (expected one of: {PHASES}; or hours like '4 hours')"
    ]


def test_end_before_start(clinic_copy: Path, chart_text: str) -> None:
    text = replace_nth(chart_text, "    ends: 2 hours", "    ends: visit")  # Sleepiness
    _, problems = load(clinic_copy, text)
    line = line_of(text, "ends: visit")
    assert problems == [
        f"{CHART}:{line}: error: effect 'Sleepiness': ends (visit) before it starts "
        "(first-hours); an effect must end after it starts"
    ]


def test_duplicate_name(clinic_copy: Path, chart_text: str) -> None:
    text = chart_text.replace("en: Upset stomach", "en: sleepiness")
    _, problems = load(clinic_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, 'en: sleepiness')}: error: effect 'sleepiness': duplicate name "
        f"(also at line {line_of(text, 'en: Sleepiness')}; each effect is listed once)"
    ]


def test_hours_outside_the_phases(clinic_copy: Path, chart_text: str) -> None:
    text = replace_nth(chart_text, "    ends: 2 hours", "    ends: 6 hours")
    _, problems = load(clinic_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, 'ends: 6 hours')}: error: effect 'Sleepiness': ends: '6 hours' "
        "is not inside a phase with hours (first-hours: 0 to 2)"
    ]


def test_unknown_group(clinic_copy: Path, chart_text: str) -> None:
    text = replace_nth(chart_text, "group: watch", "group: watched")
    _, problems = load(clinic_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, 'group: watched')}: error: effect 'Blood pressure changes': "
        "group: unknown group 'watched' (expected one of: usual, watch)"
    ]


@pytest.mark.parametrize(
    ("hours", "message"),
    [
        (
            "[1, 4]",
            "phase 'later': hours: starts at 1, before the phase before it ends (2); phases go "
            "in time order",
        ),
        ("[4, 3]", "phase 'later': hours: [4, 3] must go from earlier to later"),
    ],
    ids=["overlap", "backwards"],
)
def test_phase_hours_go_forward_in_time(
    clinic_copy: Path, chart_text: str, hours: str, message: str
) -> None:
    text = chart_text.replace(
        "      zh-Hans: 当天稍后\n", f"      zh-Hans: 当天稍后\n    hours: {hours}\n"
    )
    _, problems = load(clinic_copy, text)
    assert problems == [f"{CHART}:{line_of(text, f'hours: {hours}')}: error: {message}"]


def test_an_effect_at_the_end_cannot_last_longer(clinic_copy: Path, chart_text: str) -> None:
    text = replace_nth(chart_text, "    ends: 1 hour", "    ends: later")  # Light-headedness
    _, problems = load(clinic_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, 'can_last_longer:')}: error: effect 'Light-headedness': "
        "can_last_longer: it already ends with the last phase, so the chart has no room to show "
        "that it can last longer"
    ]


def test_text_in_every_language(clinic_copy: Path, chart_text: str) -> None:
    text = chart_text.replace("      en: Staff check it", "      fr: Staff check it")
    _, problems = load(clinic_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, 'fr: Staff check it') - 1}: error: effect 'Blood pressure "
        "changes': note: no text for language 'en'"
    ]


def test_missing_field_and_unknown_key(clinic_copy: Path, chart_text: str) -> None:
    text = replace_nth(chart_text, "    can_last_longer: true", "    can_last_long: true")
    text = replace_nth(text, "    group: usual\n", "")
    timeline, problems = load(clinic_copy, text)
    assert timeline is None
    assert problems == [
        f"{CHART}:{line_of(text, '- name:')}: error: effects.0.group: missing (this field is "
        "required)",
        f"{CHART}:{line_of(text, 'can_last_long:')}: error: effects.1.can_last_long: unknown key "
        "(did you mean 'can_last_longer'?)",
    ]


def test_each_group_names_its_legend_swatch(clinic_copy: Path, chart_text: str) -> None:
    text = chart_text.replace(
        '    legend:\n      en: "Watched: when staff check"\n'
        '      es: "Vigilados: cuándo los revisa el personal"\n'
        "      zh-Hans: 需注意：医护人员什么时候检查\n",
        "",
    )
    assert text != chart_text
    _, problems = load(clinic_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, '- id: watch')}: error: groups.1.legend: missing "
        "(this field is required)"
    ]


def test_too_many_effects(clinic_copy: Path, chart_text: str) -> None:
    extra = "".join(
        f"  - name:\n      en: Extra effect {n}\n    group: usual\n    starts: visit\n"
        f"    ends: visit\n    note:\n      en: A note.\n"
        for n in range(11)
    )
    text = chart_text.rstrip("\n") + "\n" + extra
    _, problems = load(clinic_copy, text)
    assert problems == [
        f"{CHART}:{line_of(text, 'effects:')}: error: effects: 15 effects do not fit the chart "
        "(at most 14; split them into two charts)"
    ]
    # The gate runs the same rule: check reports the same line.
    report = check_project(ProjectPaths(clinic_copy), TODAY)
    assert [str(p) for p in report.errors] == problems


def test_a_bad_chart_stops_the_build_with_one_line(clinic_copy: Path, tmp_path: Path) -> None:
    path = clinic_copy / CHART
    text = replace_nth(path.read_text(), "    starts: visit", "    starts: during")
    path.write_text(text)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--project", str(clinic_copy), "--output", str(out)]
    )
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{CHART}:{line_of(text, 'starts: during')}: error: effect 'Light-headedness': starts: "
        f"unknown phase 'during' (expected one of: {PHASES}; or hours like '4 hours')\n"
    )
    assert not out.exists() or not any(out.rglob("*.pdf"))
