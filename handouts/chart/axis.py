"""The chart's time axis: where each phase sits, and where an effect starts and ends on it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from handouts.model import Effect, Phase, TimeValue

HOURS = re.compile(r"^(\d+(?:\.\d+)?)\s*hours?$")

Edge = Literal["start", "end"]


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
            f"{p.id}: {hours_text(p.hours[0])} to {hours_text(p.hours[1])}"
            for p in self.phases
            if p.hours
        ]
        where = "; ".join(covered) if covered else "no phase lists hours"
        raise TimeError(f"'{describe_time(value)}' is not inside a phase with hours ({where})")


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


def hours_text(value: float) -> str:
    """An hour as written in messages: 4, 1.5."""
    return f"{value:g}"


def describe_time(value: TimeValue) -> str:
    """A start or end as written in messages: a phase id, or '4 hours'."""
    return f"{hours_text(value)} hours" if isinstance(value, int | float) else value
