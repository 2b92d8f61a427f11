"""Read YAML data with the line number of every key, so errors can point at the line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Key = tuple[str | int, ...]
# Content files are small; these bounds keep a hostile one from stalling the build. Aliases are
# refused because a few lines of them expand into billions of values ("billion laughs").
MAX_YAML_BYTES = 256 * 1024
MAX_YAML_DEPTH = 50


@dataclass(frozen=True)
class LocatedData:
    """Parsed YAML plus a map from key path to 1-based line number."""

    data: Any
    lines: dict[Key, int] = field(default_factory=dict)
    line_offset: int = 0

    def line_of(self, key: Key) -> int | None:
        """Line of ``key``, or of its nearest parent that has one."""
        for end in range(len(key), 0, -1):
            if key[:end] in self.lines:
                return self.lines[key[:end]] + self.line_offset
        return (1 + self.line_offset) if self.lines or self.line_offset else None


class YamlSyntaxError(ValueError):
    """Broken YAML, with the 1-based line where the parser gave up."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def _walk(node: yaml.Node, path: Key, lines: dict[Key, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*path, str(key_node.value))
            lines[key] = key_node.start_mark.line + 1
            _walk(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            key = (*path, index)
            lines[key] = item.start_mark.line + 1
            _walk(item, key, lines)


class _BoundedLoader(yaml.SafeLoader):
    """SafeLoader without aliases and with a nesting limit (content files need neither).

    Dates stay text: the records parse them, so an impossible date (2025-13-45) is reported at
    its line like any other bad value instead of escaping as a bare ValueError.
    """

    depth = 0
    yaml_implicit_resolvers = {  # noqa: RUF012  (PyYAML's own class-level table)
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise yaml.composer.ComposerError(
                None,
                None,
                "aliases (*name) are not allowed in content files; write the value out",
                self.peek_event().start_mark,  # type: ignore[no-untyped-call]
            )
        if self.depth >= MAX_YAML_DEPTH:
            raise yaml.composer.ComposerError(
                None,
                None,
                f"values are nested more than {MAX_YAML_DEPTH} levels deep",
                self.peek_event().start_mark,  # type: ignore[no-untyped-call]
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def parse_yaml(text: str, line_offset: int = 0) -> LocatedData:
    """Parse YAML text safely; raise YamlSyntaxError with a line number on bad syntax."""
    loader = _BoundedLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        # The context mark is where the broken construct starts (e.g. an unclosed '['), which is
        # the line a person must fix; the problem mark is where the parser gave up.
        mark = exc.context_mark or exc.problem_mark
        line = mark.line + 1 + line_offset if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if "'\\t'" in problem:
            problem += " (indent with spaces, not tabs)"
        raise YamlSyntaxError(f"invalid YAML: {problem}", line) from exc
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(f"invalid YAML: {exc}", None) from exc
    finally:
        loader.dispose()
    lines: dict[Key, int] = {}
    if node is not None:
        _walk(node, (), lines)
    return LocatedData(data, lines, line_offset)


def load_yaml(path: Path) -> LocatedData:
    """Read and parse one YAML file (at most MAX_YAML_BYTES)."""
    size = path.stat().st_size
    if size > MAX_YAML_BYTES:
        raise YamlSyntaxError(
            f"the file is {size // 1024} KiB; content files may be at most "
            f"{MAX_YAML_BYTES // 1024} KiB",
            None,
        )
    return parse_yaml(decode_text(path.read_bytes()))


def decode_text(data: bytes) -> str:
    """UTF-8 text without a byte-order mark; other encodings are refused with their line."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlSyntaxError(
            "the file is not UTF-8 text (save it as UTF-8 in your editor)", line
        ) from exc
