"""Read one data file into a record: plain-words findings for every value a record refuses."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from handouts.errors import Problem, error
from handouts.load.yaml import (
    LocatedData,
    YamlSyntaxError,
    decode_text,
    parse_yaml,
    too_big,
)
from handouts.model import Record
from handouts.paths import ProjectPaths

M = TypeVar("M", bound=Record)
MAX_SHOWN = 60
"""Characters of a refused value repeated in a message (a 5,000-digit number is not)."""


def _field_name(loc: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in loc if not str(part).startswith("function-"))


def _expected(item: Any) -> str | None:
    """What a field expects, in words, for pydantic's common error kinds."""
    kind, ctx = item["type"], item.get("ctx") or {}
    words = {
        "string_type": "expected text",
        "int_type": "expected a whole number",
        "int_parsing": "expected a whole number",
        "int_from_float": "expected a whole number",
        "float_type": "expected a number",
        "float_parsing": "expected a number",
        "bool_type": "expected true or false",
        "bool_parsing": "expected true or false",
        "date_type": "expected a date written YYYY-MM-DD, e.g. 2026-11-20",
        "date_parsing": "expected a date written YYYY-MM-DD, e.g. 2026-11-20",
        "date_from_datetime_parsing": "expected a date written YYYY-MM-DD, e.g. 2026-11-20",
        "date_from_datetime_inexact": "expected a date written YYYY-MM-DD, e.g. 2026-11-20",
        "list_type": "expected a list (one '- item' per line, or [a, b])",
        "dict_type": "expected 'key: value' lines",
        "model_type": "expected 'key: value' lines",
        "string_too_short": "must not be empty",
        "string_unicode": "expected text without broken characters (lone surrogates)",
    }
    if kind in words:
        return words[kind]
    if kind == "too_short":
        return f"expected at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return f"expected at most {ctx.get('max_length')} item(s)"
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = next(iter(ctx.values()), "")
        relation = {
            "greater_than_equal": "at least",
            "less_than_equal": "at most",
            "greater_than": "more than",
            "less_than": "less than",
        }[kind]
        return f"expected a number {relation} {bound}"
    return None


def shown_value(value: Any) -> str:
    """A value as a message repeats it: short, and never a huge number spelt out."""
    if value is None:
        return "nothing"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return "a very long number"
    text = repr(value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 4] + "...'"


def validation_problems(
    exc: ValidationError, shown_path: str, located: LocatedData, model: type[BaseModel]
) -> list[Problem]:
    """Turn pydantic's errors into one plain line each: file, line, field, what is expected."""
    suggested: set[tuple[Any, ...]] = set()
    messages: list[tuple[tuple[Any, ...], str, str]] = []
    for item in exc.errors():
        loc = tuple(p for p in item["loc"] if not str(p).startswith("function-"))
        name = _field_name(loc)
        kind = item["type"]
        if kind == "extra_forbidden":
            known = _known_fields(model, loc)
            close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
            if close:
                suggested.add((*loc[:-1], close[0]))
                hint = f"did you mean '{close[0]}'?"
            elif known:
                hint = "check the spelling; expected one of: " + ", ".join(known)
            else:
                hint = "check the spelling; see the README for the allowed keys"
            message = f"unknown key ({hint})"
        elif kind == "missing":
            message = "missing (this field is required)"
        elif kind == "value_error":
            message = item["msg"].removeprefix("Value error, ")
        elif kind == "model_type" and not loc:
            message = "expected a mapping of keys to values at the top of the file"
        elif (expected := _expected(item)) is not None:
            message = f"{expected}, got {shown_value(item.get('input'))}"
        else:
            message = (
                f"{item['msg'][0].lower()}{item['msg'][1:]}, got {shown_value(item.get('input'))}"
            )
        messages.append((loc, name, message))
    problems = []
    for loc, name, message in messages:
        if loc in suggested and message == "missing (this field is required)":
            continue  # one line for a misspelt key, not a second one for the key it meant
        line = located.line_of(tuple(str(p) if isinstance(p, str) else p for p in loc))
        problems.append(error(shown_path, message, line, field=name))
    return problems


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed next to the unknown one."""
    current: Any = model
    for part in loc[:-1]:
        if isinstance(part, int):  # an item of a list: its model is the list's item type
            current = next(iter(get_args(current)), None)
            continue
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = field.annotation
    found = getattr(current, "model_fields", None) or {}
    return [field.alias or name for name, field in found.items()]


def read_text(path: Path, shown: str) -> tuple[str | None, list[Problem]]:
    """A data file's text (UTF-8, byte-order mark dropped, at most MAX_YAML_BYTES), or why not."""
    try:
        size = path.stat().st_size
        refused = too_big(size)
        if refused is not None:
            return None, [error(shown, str(refused))]
        return decode_text(path.read_bytes()), []
    except YamlSyntaxError as exc:
        return None, [error(shown, str(exc), exc.line)]
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symbolic-link loop
        reason = getattr(exc, "strerror", None) or str(exc)
        return None, [error(shown, f"cannot read the file ({reason})")]


def read_yaml(path: Path, shown: str) -> tuple[LocatedData | None, list[Problem]]:
    """A data file parsed with its key lines, or the one problem that stops it."""
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    try:
        return parse_yaml(text), []
    except YamlSyntaxError as exc:
        return None, [error(shown, str(exc), exc.line)]


def make_record(
    located: LocatedData, model: type[M], shown: str, extra: dict[str, Any] | None = None
) -> tuple[M | None, list[Problem]]:
    """Validate parsed data into ``model``; the record knows its file and key lines."""
    data = located.data
    if not isinstance(data, dict):
        return None, [
            error(shown, "expected a mapping of keys to values at the top of the file", 1)
        ]
    try:
        record = model.model_validate({**(extra or {}), **data})
    except ValidationError as exc:
        return None, validation_problems(exc, shown, located, model)
    return record.from_source(located.source(shown)), []


def load_record(
    path: Path, model: type[M], paths: ProjectPaths, extra: dict[str, Any] | None = None
) -> tuple[M | None, list[Problem]]:
    """Load one YAML file into ``model``; return the record or the problems found."""
    shown = paths.relative(path)
    located, problems = read_yaml(path, shown)
    if located is None:
        return None, problems
    return make_record(located, model, shown, extra)


def load_folder(
    folder: Path, model: type[M], paths: ProjectPaths, required: bool = True
) -> tuple[dict[str, M], list[Problem]]:
    """Load every YAML file of a folder; a record's id is its file name."""
    records: dict[str, M] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        if not required:
            return records, problems
        return records, [error(paths.relative(folder), "missing: expected a folder of .yaml files")]
    for path in yaml_files(folder):
        record, found = load_record(path, model, paths, extra={"id": path.stem})
        problems += found
        if record is not None:
            records[path.stem] = record
    if not records and not problems and required:
        problems.append(error(paths.relative(folder), "no .yaml files found"))
    return records, problems


def yaml_files(folder: Path) -> list[Path]:
    """The .yaml files of a folder, sorted by name (the same order on every machine)."""
    return sorted(
        (folder / name for name in os.listdir(folder) if name.endswith(".yaml")),
        key=lambda p: p.name,
    )
