"""Appointment days and times as people type them and scheduling programs export them, and the
rules every appointment meets, whoever typed it (the front desk's page, a day's schedule).

Accepted, with examples (US order: month before day, as the clinic's New York staff write it):

- a day: ``2026-12-03``, ``2026-12-3``, ``12/3/2026``, ``12/03/26``, ``Dec 3, 2026``,
  ``December 3 2026``, ``Thursday, December 3, 2026``;
- a time: ``9:30``, ``09:30``, ``9:30 AM``, ``9:30am``, ``9:30 a.m.``, ``9 am``, ``14:30``,
  ``09:30:00``; without am/pm it is the 24-hour clock (``2:30`` is at night, and refused as such);
- both in one cell: the day, then the time (``2026-12-03 9:30``, ``2026-12-03T09:30``,
  ``12/3/2026 9:30 AM``).

Messages never repeat what was typed: with a name beside it, a date is personal information.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from handouts.documents.visit import (
    DAY_STARTS,
    HIDDEN_CATEGORIES,
    NIGHT_STARTS,
    check_printable,
    one_year_after,
)
from handouts.errors import HandoutsError
from handouts.model import Visit

MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
ISO_DAY = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
US_DAY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")
WORDS_DAY = re.compile(WEEKDAY + r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
CLOCK = re.compile(r"(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?")
# A cell holding both: the day, then a space or a "T" (lower case here), then the time.
MOMENT = re.compile(
    r"(.*?\d)(?:\s*t\s*|\s+(?:at\s+)?)(\d{1,2}(?:[:.]\d{2})?(?::\d{2})?\s*(?:[ap]\.?\s*m\.?)?)"
)

DAY_EXAMPLES = "e.g. 2026-12-03 or 12/3/2026"
TIME_EXAMPLES = "e.g. 9:30 AM or 14:30"


class WhenError(ValueError):
    """What is wrong with a day or time as typed, in words that never repeat it."""


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _day(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        if 1 <= month <= 12:
            raise WhenError("that month has no such day (check the day)") from None
        raise WhenError(f"no such month (the month comes first: {DAY_EXAMPLES})") from None


def parse_day(text: str) -> dt.date:
    """A day as typed or exported (see the module's docstring)."""
    value = _normal(text)
    if not value:
        raise WhenError(f"no day given ({DAY_EXAMPLES})")
    if match := ISO_DAY.fullmatch(value):
        return _day(int(match[1]), int(match[2]), int(match[3]))
    if match := US_DAY.fullmatch(value):
        year = int(match[3]) + (2000 if len(match[3]) == 2 else 0)
        return _day(year, int(match[1]), int(match[2]))
    if (match := WORDS_DAY.fullmatch(value)) and match[1] in MONTHS:
        return _day(int(match[3]), MONTHS[match[1]], int(match[2]))
    raise WhenError(f"not a day ({DAY_EXAMPLES})")


def parse_clock(text: str) -> dt.time:
    """A time of day as typed or exported (see the module's docstring)."""
    value = _normal(text)
    if not value:
        raise WhenError(f"no time given ({TIME_EXAMPLES})")
    match = CLOCK.fullmatch(value)
    if match is None or (match[2] is None and match[4] is None):
        raise WhenError(f"not a time ({TIME_EXAMPLES})")
    hour, minute, second = int(match[1]), int(match[2] or 0), int(match[3] or 0)
    if match[4] is not None:
        if not 1 <= hour <= 12:
            raise WhenError(f"with AM or PM the hour is 1 to 12 ({TIME_EXAMPLES})")
        hour = hour % 12 + (12 if match[4] == "p" else 0)
    if hour > 23 or minute > 59 or second > 59:
        raise WhenError(f"not a time of day ({TIME_EXAMPLES})")
    return dt.time(hour, minute)


def parse_moment(text: str) -> dt.datetime:
    """A day and a time in one cell: the day first, then the time."""
    value = _normal(text)
    match = MOMENT.fullmatch(value)
    if match is None:
        parse_day(value)  # a day alone says what is missing
        raise WhenError("no time given after the day (e.g. 2026-12-03 9:30 AM)")
    return dt.datetime.combine(parse_day(match[1]), parse_clock(match[2]))


class Refusal(enum.Enum):
    """Why an appointment that parsed is still refused: most likely a typing slip."""

    PAST = "that appointment has already passed"
    NIGHT = "that time is at night (expected 6:00 AM to 9:59 PM)"
    NO_PM = "that time is at night; for the afternoon use PM (2:30 PM, or 14:30)"
    FAR = "that day is more than a year away (check the year)"


def appointment_refusal(start: dt.datetime, now: dt.datetime) -> Refusal | None:
    """The rule ``handouts packet`` applies (handouts.documents.visit.parse_appointment): in the
    future of ``now`` but within a year, in the daytime."""
    if start <= now:
        return Refusal.PAST
    if not DAY_STARTS <= start.time() < NIGHT_STARTS:
        # 1:00 to 5:59 is the afternoon typed without PM; later at night is no such slip.
        return Refusal.NO_PM if 1 <= start.hour < 6 else Refusal.NIGHT
    if start > one_year_after(now):
        return Refusal.FAR
    return None


def name_problem(text: str, unprintable: Callable[[str], str | None]) -> str | None:
    """What is wrong with a patient's name as typed (the rules of handouts.documents.visit:
    one line, not empty, every letter printable by the packet's fonts: ``unprintable`` gives the
    first letter they cannot print), or None."""
    if any(unicodedata.category(char) in HIDDEN_CATEGORIES for char in text):
        return (
            "the name has a line break, a tab or another invisible character (type it on one line)"
        )
    name = unicodedata.normalize("NFC", " ".join(text.split()))
    if not name:
        return "no name given (type the patient's name as it should print)"
    try:
        check_printable(name, unprintable)
    except HandoutsError as exc:
        return exc.problems[0].message.removeprefix("--patient: ")
    return None


@dataclass(frozen=True)
class VisitCheck:
    """A visit read from separate fields: the visit, or what is wrong, field by field
    ('name', 'day', 'time'), in words that never repeat what was typed."""

    visit: Visit | None
    problems: Mapping[str, str]

    def __repr__(self) -> str:
        return f"VisitCheck(<personal details hidden>, problems={dict(self.problems)!r})"


def check_visit(
    name: str, day: str, time: str, now: dt.datetime, unprintable: Callable[[str], str | None]
) -> VisitCheck:
    """The patient's name, the appointment's day and its time, each checked as the front desk
    typed them (a day and a time in any accepted form), then the appointment as a whole."""
    problems: dict[str, str] = {}
    if (wrong := name_problem(name, unprintable)) is not None:
        problems["name"] = wrong
    parsed_day = parsed_time = None
    try:
        parsed_day = parse_day(day)
    except WhenError as exc:
        problems["day"] = str(exc)
    try:
        parsed_time = parse_clock(time)
    except WhenError as exc:
        problems["time"] = str(exc)
    if parsed_day is None or parsed_time is None:
        return VisitCheck(None, problems)
    start = dt.datetime.combine(parsed_day, parsed_time)
    # Each field gets its own reason: a night-time slip and a day gone by are both told at once.
    night = appointment_refusal(dt.datetime.combine(dt.date.max, parsed_time), now)
    if night in (Refusal.NIGHT, Refusal.NO_PM):
        problems["time"] = night.value
    refusal = appointment_refusal(start, now)
    if refusal is Refusal.PAST:
        if parsed_day < now.date():
            problems["day"] = "that day has already passed"
        else:
            problems.setdefault("time", "that time has already passed today")
    elif refusal is Refusal.FAR:
        problems["day"] = refusal.value
    if problems:
        return VisitCheck(None, problems)
    return VisitCheck(Visit(unicodedata.normalize("NFC", " ".join(name.split())), start), {})
