"""Read and validate the data files (settings, brand, locations, handouts, strings) into records."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from handouts.errors import Problem, error
from handouts.model import Brand, Handout, Location, Packet, Settings
from handouts.project import ProjectPaths
from handouts.yamlio import LocatedData, YamlSyntaxError, load_yaml

M = TypeVar("M", bound=BaseModel)


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


def _got(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "a mapping"
    return repr(value)


def validation_problems(
    exc: ValidationError, shown_path: str, located: LocatedData, model: type[BaseModel]
) -> list[Problem]:
    """Turn pydantic's errors into one plain line each: file, line, field, what is expected."""
    items = exc.errors()
    suggested: set[tuple[Any, ...]] = set()
    messages: list[tuple[tuple[Any, ...], str]] = []
    for item in items:
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
            message = f"{name}: unknown key ({hint})"
        elif kind == "missing":
            message = f"{name}: missing (this field is required)"
        elif kind == "value_error":
            message = f"{name}: {item['msg'].removeprefix('Value error, ')}"
        elif kind == "model_type" and not loc:
            message = "expected a mapping of keys to values at the top of the file"
        elif (expected := _expected(item)) is not None:
            message = f"{name}: {expected}, got {_got(item.get('input'))}"
        else:
            message = (
                f"{name}: {item['msg'][0].lower()}{item['msg'][1:]}, got {_got(item.get('input'))}"
            )
        messages.append((loc, message))
    problems = []
    for loc, message in messages:
        if loc in suggested and message.endswith("missing (this field is required)"):
            continue  # one line for a misspelt key, not a second one for the key it meant
        line = located.line_of(tuple(str(p) if isinstance(p, str) else p for p in loc))
        problems.append(error(shown_path, message, line))
    return problems


def _known_fields(model: type[BaseModel], loc: tuple[Any, ...]) -> list[str]:
    """The keys allowed next to the unknown one."""
    current: Any = model
    for part in loc[:-1]:
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return []
        current = field.annotation
    return list(getattr(current, "model_fields", None) or [])


def load_record(
    path: Path,
    model: type[M],
    paths: ProjectPaths,
    extra: dict[str, Any] | None = None,
    transform: Callable[[Any], Any] | None = None,
) -> tuple[M | None, list[Problem]]:
    """Load one YAML file into ``model``; return the record or the problems found."""
    shown = paths.relative(path)
    try:
        located = load_yaml(path)
    except YamlSyntaxError as exc:
        return None, [error(shown, str(exc), exc.line)]
    except OSError as exc:
        return None, [error(shown, f"cannot read the file ({exc.strerror})")]
    data = located.data
    if transform is not None:
        data = transform(data)
    if not isinstance(data, dict):
        return None, [
            error(shown, "expected a mapping of keys to values at the top of the file", 1)
        ]
    try:
        return model.model_validate({**(extra or {}), **data}), []
    except ValidationError as exc:
        return None, validation_problems(exc, shown, located, model)


def load_settings(paths: ProjectPaths) -> tuple[Settings | None, list[Problem]]:
    """Read content/settings.yaml."""
    if not paths.settings.is_file():
        return None, [
            error(paths.relative(paths.settings), "missing: the project needs its settings file")
        ]
    return load_record(paths.settings, Settings, paths)


def load_brand(paths: ProjectPaths) -> tuple[Brand | None, list[Problem]]:
    """Read content/brand.yaml."""
    if not paths.brand.is_file():
        return None, [error(paths.relative(paths.brand), "missing: the project needs a brand file")]
    return load_record(paths.brand, Brand, paths)


def _load_folder(
    folder: Path, model: type[M], paths: ProjectPaths
) -> tuple[dict[str, M], list[Problem]]:
    """Load every YAML file of a folder; a record's id is its file name."""
    records: dict[str, M] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return records, [error(paths.relative(folder), "missing: expected a folder of .yaml files")]
    for path in sorted(folder.glob("*.yaml")):
        record, found = load_record(path, model, paths, extra={"id": path.stem})
        problems += found
        if record is not None:
            records[path.stem] = record
    if not records and not problems:
        problems.append(error(paths.relative(folder), "no .yaml files found"))
    return records, problems


def load_locations(paths: ProjectPaths) -> tuple[dict[str, Location], list[Problem]]:
    """Read content/locations/*.yaml."""
    return _load_folder(paths.locations, Location, paths)


def load_handouts(paths: ProjectPaths) -> tuple[dict[str, Handout], list[Problem]]:
    """Read content/handouts/*.yaml."""
    return _load_folder(paths.handouts, Handout, paths)


def load_packets(paths: ProjectPaths) -> tuple[dict[str, Packet], list[Problem]]:
    """Read content/packets/*.yaml; a project without that folder has no packets."""
    if not paths.packets.is_dir():
        return {}, []
    return _load_folder(paths.packets, Packet, paths)


def load_strings(paths: ProjectPaths, lang: str) -> tuple[dict[str, str], list[Problem]]:
    """Read the template wording of one language (content/strings/<lang>.yaml)."""
    path = paths.strings / f"{lang}.yaml"
    shown = paths.relative(path)
    if not path.is_file():
        return {}, [error(shown, f"missing: the wording for language '{lang}'")]
    try:
        located = load_yaml(path)
    except YamlSyntaxError as exc:
        return {}, [error(shown, str(exc), exc.line)]
    data = located.data
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        return {}, [error(shown, "expected 'key: text' lines only", 1)]
    return data, []
