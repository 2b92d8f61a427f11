"""A patient's visit: parse what the front desk typed, work out the fasting time, word it."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping

from handouts.errors import HandoutsError
from handouts.model import Visit

INPUT_FORMAT = "%Y-%m-%d %H:%M"
INPUT_FORM = "YYYY-MM-DD HH:MM (24-hour clock, two digits for month, day and hour)"
# strptime alone takes "2026-12-3 2:30" too: "2:30" is then 2:30 at night, not in the afternoon.
INPUT_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}")
# No appointment is at night: such a time is a 12-hour time typed without "pm" (2:30 for 14:30).
DAY_STARTS, NIGHT_STARTS = dt.time(6, 0), dt.time(22, 0)
# Unicode categories a typed name never needs: control characters (line breaks, tabs), invisible
# format characters (e.g. right-to-left overrides), surrogates, private-use and unassigned ones.
HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


def example_appointment(now: dt.datetime) -> str:
    """A valid --appointment value a week from ``now``, for error messages."""
    return (now + dt.timedelta(days=7)).strftime("%Y-%m-%d 10:30")


def one_year_after(moment: dt.datetime) -> dt.datetime:
    """The same day and time a year later (February 29 becomes February 28)."""
    try:
        return moment.replace(year=moment.year + 1)
    except ValueError:
        return moment.replace(year=moment.year + 1, day=28)


def night_hint(start: dt.datetime, now: dt.datetime) -> str:
    """Why a night-time appointment is refused (without repeating the time typed)."""
    example = example_appointment(now)
    if start.time() >= NIGHT_STARTS or start.hour == 0:
        return (
            "--appointment: that time is at night (expected a time from 06:00 to 21:59), "
            f'e.g. --appointment "{example}"'
        )
    return (
        "--appointment: that time is at night; use the 24-hour clock (2:30 pm is 14:30), "
        f'e.g. --appointment "{example}"'
    )


def parse_appointment(text: str, now: dt.datetime) -> dt.datetime:
    """The appointment typed exactly as YYYY-MM-DD HH:MM: in the future of ``now`` but within a
    year, in the daytime (from 06:00 to 21:59)."""
    # The date is never repeated in a message: with the name, it is personal information.
    example = example_appointment(now)
    try:
        if not INPUT_PATTERN.fullmatch(text.strip()):
            raise ValueError
        start = dt.datetime.strptime(text.strip(), INPUT_FORMAT)
    except ValueError:
        raise HandoutsError(
            f"--appointment: not a date and time in the form {INPUT_FORM}, "
            f'e.g. --appointment "{example}"'
        ) from None
    if start <= now:
        raise HandoutsError(
            "--appointment: that date and time has already passed (expected a future one, "
            f'e.g. --appointment "{example}")'
        )
    if not DAY_STARTS <= start.time() < NIGHT_STARTS:
        raise HandoutsError(night_hint(start, now))
    if start > one_year_after(now):
        raise HandoutsError(
            "--appointment: that date is more than a year away; check the year "
            f'(expected e.g. --appointment "{example}")'
        )
    return start


def parse_patient(text: str) -> str:
    """The patient's name as typed, on one line, without stray spaces, composed (NFC: "é" as one
    character, as fonts map it); it must not be empty."""
    # Checked before spaces are collapsed: a line break would otherwise pass as a space.
    if any(unicodedata.category(char) in HIDDEN_CATEGORIES for char in text):
        raise HandoutsError(
            "--patient: the name has a line break, a tab or another invisible character "
            '(expected the name on one line, e.g. --patient "Ana Diaz")'
        )
    name = unicodedata.normalize("NFC", " ".join(text.split()))
    if not name:
        raise HandoutsError('--patient: the name is empty (expected e.g. --patient "Ana Diaz")')
    return name


SCRIPT = re.compile(
    r"^(.*?) (?:CAPITAL |SMALL )?(?:LETTER|CHARACTER|SYLLABLE|SYLLABICS|IDEOGRAPH|VOWEL|SIGN|"
    r"DIGIT|LIGATURE|NUMBER)\b"
)


def script_name(char: str) -> str:
    """The writing system a character belongs to, as a person names it: 'Thai', 'Arabic'
    (from its Unicode name), or 'symbols' for an emoji or another symbol."""
    if unicodedata.category(char).startswith("S"):
        return "symbols such as emoji"
    if unicodedata.name(char, "").startswith("CJK"):
        return "Han, as in Chinese, Japanese or Korean"
    found = SCRIPT.match(unicodedata.name(char, ""))
    return found.group(1).title() if found else f"U+{ord(char):04X}"


def check_printable(name: str, unprintable: Callable[[str], str | None]) -> None:
    """Stop when no font of the packet's font stack can print a character of the name
    (``unprintable``: the first such character of a text, if any). The message names the
    script, never the name nor any letter of it."""
    char = unprintable(name)
    if char is None:
        return
    raise HandoutsError(
        f"--patient: the name is written in a script no shipped font covers "
        f"({script_name(char)}); type it in Latin letters, or print a blank packet and write "
        "the name by hand"
    )


def make_visit(patient: str | None, appointment: str | None, now: dt.datetime) -> Visit | None:
    """Both details make a personalised packet, neither a blank one; one alone is an error."""
    if patient is None and appointment is None:
        return None
    if patient is None or appointment is None:
        missing = "--patient" if patient is None else "--appointment"
        raise HandoutsError(
            f"{missing}: missing (a personalised packet needs both, e.g. "
            f'--patient "Ana Diaz" --appointment "{example_appointment(now)}")'
        )
    return Visit(parse_patient(patient), parse_appointment(appointment, now))


def fasting_cutoff(start: dt.datetime, hours: int | None) -> dt.datetime | None:
    """When to stop eating and drinking: ``hours`` before the start, or None when not set."""
    return None if hours is None else start - dt.timedelta(hours=hours)


def format_date(value: dt.date, pattern: str, lang: str) -> str:
    """A date in words for ``lang``, e.g. 'Thursday, December 3, 2026' (CLDR pattern)."""
    from babel.dates import format_date as babel_date

    return babel_date(value, pattern, locale=lang.replace("-", "_"))


def format_time(value: dt.datetime, pattern: str, lang: str) -> str:
    """A time of day for ``lang``, e.g. '10:30 AM' (CLDR pattern)."""
    from babel.dates import format_time as babel_time

    return babel_time(value, pattern, locale=lang.replace("-", "_"))


def visit_context(
    visit: Visit, fasting_hours: int | None, strings: Mapping[str, str], lang: str
) -> dict[str, str | None]:
    """The visit as the cover page prints it: words, not raw values."""
    date_pattern, time_pattern = strings["date_format"], strings["time_format"]
    cutoff = fasting_cutoff(visit.start, fasting_hours)
    return {
        "patient": visit.patient,
        "date": format_date(visit.start.date(), date_pattern, lang),
        "time": format_time(visit.start, time_pattern, lang),
        "cutoff_time": format_time(cutoff, time_pattern, lang) if cutoff else None,
        "cutoff_date": format_date(cutoff.date(), date_pattern, lang) if cutoff else None,
    }


VISIT_KEYS = ("patient", "appointment")
MAX_VISIT_BYTES = 4096
"""A visit file holds two short lines; anything bigger is the wrong file."""


def read_visit(text: str, now: dt.datetime, where: str = "--patient-from") -> Visit:
    """The visit written as 'patient: NAME' and 'appointment: YYYY-MM-DD HH:MM' lines (blank lines
    and # comments are skipped). Messages name the line, never its value."""
    values: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, colon, value = stripped.partition(":")
        key = key.strip().lower()
        if not colon or key not in VISIT_KEYS:
            raise HandoutsError(
                f"{where}: line {number}: expected 'patient: NAME' or "
                "'appointment: YYYY-MM-DD HH:MM'"
            )
        if key in values:
            raise HandoutsError(f"{where}: line {number}: '{key}' is given twice; keep one")
        values[key] = value
    missing = [key for key in VISIT_KEYS if key not in values]
    if missing:
        example = {"patient": "patient: Ana Diaz", "appointment": "appointment: "}[missing[0]]
        if missing[0] == "appointment":
            example += example_appointment(now)
        raise HandoutsError(
            f"{where}: no '{missing[0]}:' line (a personalised packet needs both, e.g. '{example}')"
        )
    return Visit(parse_patient(values["patient"]), parse_appointment(values["appointment"], now))


def decode_visit(data: bytes, where: str = "--patient-from") -> str:
    """A visit file's text: UTF-8 (a byte-order mark is dropped), at most MAX_VISIT_BYTES."""
    if len(data) > MAX_VISIT_BYTES:
        raise HandoutsError(
            f"{where}: the file is {len(data) // 1024} KiB; a visit is two short lines "
            "(patient: NAME, appointment: YYYY-MM-DD HH:MM)"
        )
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        raise HandoutsError(f"{where}: the file is not UTF-8 text (save it as UTF-8)") from None
