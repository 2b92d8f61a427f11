"""Placeholders the clinic has not replaced yet: values a location lists under `placeholders`,
fictional 555 phone numbers and example.org addresses anywhere in the location and brand files."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import Any
from urllib.parse import urlsplit

from handouts.errors import Problem, error, warning
from handouts.model import Location, Project, Record, Source

# Fictional numbers: the unused area code 555, and 555-0100 to 555-0199 (reserved for fiction).
PHONE_NUMBER = re.compile(r"\(?\b(\d{3})\)?[ .-]?(\d{3})[ .-](\d{4})\b")
URL = re.compile(r"https?://[^\s<>\"']+")
EXAMPLE_HOSTS = ("example.org", "example.com", "example.net")
RESERVED_TLDS = ("example", "test", "invalid", "localhost")


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
    if isinstance(value, dict) and value:
        value = next(iter(value.values()))  # text per language: the first language's
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def _field_name(path: tuple[str | int, ...]) -> str:
    return ".".join(str(p) for p in path)


def example_value_problems(record: Record, skip: Collection[str] = ()) -> list[Problem]:
    """Warnings for fictional phone numbers and example web addresses in a data file."""
    problems = []
    source: Source = record.source
    for path, text in _leaves(record.model_dump(mode="json")):
        if not path or str(path[0]) in skip or path[0] in ("placeholders", "id"):
            continue
        name = _field_name(path[:1] if isinstance(path[-1], int) else path)
        line = source.line_of(path)
        if is_fictional_phone(text):
            problems.append(
                warning(
                    source.path, f"'{text}' is a fictional 555 number; set the real one", line, name
                )
            )
        elif is_example_address(text):
            problems.append(
                warning(
                    source.path, f"'{text}' is an example address; set the real one", line, name
                )
            )
    return problems


def location_placeholder_problems(location: Location) -> list[Problem]:
    """The location's listed placeholders (still set, or not set yet) and unlisted examples."""
    problems = []
    source = location.source
    fields = [f for f in Location.model_fields if f not in ("id", "placeholders")]
    for index, name in enumerate(location.placeholders):
        if name not in fields:
            problems.append(
                error(
                    source.path,
                    f"'{name}' is not a location field (expected one of: {', '.join(fields)})",
                    source.line_of(("placeholders", index)),
                    "placeholders",
                )
            )
            continue
        value = getattr(location, name)
        line = source.line_of((name,))
        if value in (None, "", []):
            problems.append(
                warning(source.path, "not set yet (listed under placeholders)", line, name)
            )
        else:
            problems.append(
                warning(
                    source.path,
                    f"placeholder value {_shown_value(value)!r} is still set",
                    line,
                    name,
                )
            )
    problems += example_value_problems(location, set(location.placeholders))
    return problems


def placeholder_problems(project: Project) -> list[Problem]:
    """Placeholder values still set in the location files and the brand."""
    problems: list[Problem] = []
    for location in project.locations.values():
        problems += location_placeholder_problems(location)
        if (
            project.packets
            and location.fasting_hours is None
            and "fasting_hours" not in location.placeholders
        ):
            # Listed or not, an unset number prints as a blank in every packet: say so.
            problems.append(
                warning(
                    location.source.path,
                    "not set; packets leave the number of hours (and the time to "
                    "stop eating and drinking) blank to fill in by hand",
                    location.source.line_of(("fasting_hours",)),
                    "fasting_hours",
                )
            )
    return problems + example_value_problems(project.brand)
