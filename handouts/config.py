"""Read and validate the data files (settings, brand, locations, handouts, strings) into records."""

from __future__ import annotations

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


def validation_problems(
    exc: ValidationError, shown_path: str, located: LocatedData, model: type[BaseModel]
) -> list[Problem]:
    """Turn pydantic's errors into one plain line each: file, line, field, what is expected."""
    problems = []
    for item in exc.errors():
        loc = tuple(p for p in item["loc"] if not str(p).startswith("function-"))
        line = located.line_of(tuple(str(p) if isinstance(p, str) else p for p in loc))
        name = _field_name(loc)
        kind = item["type"]
        if kind == "missing":
            message = f"{name}: missing (this field is required)"
        elif kind == "extra_forbidden":
            message = f"{name}: unknown key (check the spelling; {_known_keys(model, loc)})"
        elif kind == "value_error":
            message = f"{name}: {item['msg'].removeprefix('Value error, ')}"
        elif kind == "model_type" and not loc:
            message = "expected a mapping of keys to values at the top of the file"
        else:
            message = (
                f"{name}: {item['msg'][0].lower()}{item['msg'][1:]}, got {item.get('input')!r}"
            )
        problems.append(error(shown_path, message, line))
    return problems


def _known_keys(model: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """Describe the keys allowed next to the unknown one."""
    current: Any = model
    for part in loc[:-1]:
        field = getattr(current, "model_fields", {}).get(part)
        if field is None:
            return "see the README for the allowed keys"
        current = field.annotation
    fields = getattr(current, "model_fields", None)
    if not fields:
        return "see the README for the allowed keys"
    return "expected one of: " + ", ".join(fields)


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
