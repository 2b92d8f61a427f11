"""Read YAML data with the line number of every key, so findings can point at the line."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

from handouts.model import Key, Source

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

    def source(self, shown: str) -> Source:
        """Where this data came from, as records carry it."""
        return Source(shown, self.lines, self.line_offset)

    def line_of(self, key: Key) -> int | None:
        """Line of ``key``, or of its nearest parent that has one."""
        return self.source("").line_of(key)


class YamlSyntaxError(ValueError):
    """Broken YAML, with the 1-based line where a person must look."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


def _walk(node: yaml.Node, path: Key, lines: dict[Key, int]) -> None:
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            name = str(key_node.value)
            line = key_node.start_mark.line + 1
            if name in first:
                # The last value would win unseen: a reviewer reads the first (fasting_hours: 12)
                # while the handouts print the second.
                raise YamlSyntaxError(
                    f"'{name}' is given twice (first at line {first[name]}); keep one", line
                )
            first[name] = line
            key = (*path, name)
            lines[key] = line
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

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        # A tag can ask PyYAML for a value it cannot make (`!!int 12x`, `!!timestamp 2025-13-45`,
        # a 5,000-digit number): one located line, never a traceback.
        try:
            return super().construct_object(node, deep)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError) as exc:
            tag = node.tag.rsplit(":", 1)[-1]
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"the value cannot be read as {tag} ({_short(str(exc))})",
                node.start_mark,
            ) from None


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def parse_yaml(text: str, line_offset: int = 0) -> LocatedData:
    """Parse YAML text safely; raise YamlSyntaxError with a line number on bad syntax."""
    try:
        loader = _BoundedLoader(text)
    except yaml.YAMLError as exc:  # a control character among the first bytes read
        raise _syntax_error(exc, text, line_offset) from None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
        lines: dict[Key, int] = {}
        if node is not None:
            _walk(node, (), lines)
    except yaml.YAMLError as exc:
        raise _syntax_error(exc, text, line_offset) from None
    except YamlSyntaxError as exc:
        raise YamlSyntaxError(str(exc), (exc.line or 0) + line_offset or None) from None
    finally:
        loader.dispose()
    return LocatedData(data, lines, line_offset)


def _syntax_error(exc: yaml.YAMLError, text: str, line_offset: int) -> YamlSyntaxError:
    if isinstance(exc, yaml.reader.ReaderError):
        # A control character (NUL, form feed, escape...) that YAML does not allow anywhere.
        line = text.count("\n", 0, exc.position) + 1 + line_offset
        code = exc.character if isinstance(exc.character, int) else 0
        return YamlSyntaxError(
            f"invalid YAML: the file holds the control character U+{code:04X}, which YAML does "
            "not allow (an invisible character pasted in?); delete it",
            line,
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        # The context mark is where the broken construct starts (e.g. an unclosed '['), which is
        # the line a person must fix; the problem mark is where the parser gave up.
        mark = exc.context_mark or exc.problem_mark
        found = mark.line + 1 + line_offset if mark else None
        problem = exc.problem or exc.context or "invalid YAML"
        if "'\\t'" in problem:
            problem += " (indent with spaces, not tabs)"
        if problem == "mapping values are not allowed here":
            problem += (
                " (text that holds ': ' must be in quotes, e.g. title: \"Care: what to expect\")"
            )
        if problem.startswith("the value cannot be read"):
            return YamlSyntaxError(problem, found)
        return YamlSyntaxError(f"invalid YAML: {problem}", found)
    return YamlSyntaxError(f"invalid YAML: {exc}", None)


def decode_text(data: bytes) -> str:
    """UTF-8 text without a byte-order mark; other encodings are refused with their line."""
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise YamlSyntaxError(
            "the file is not UTF-8 text (save it as UTF-8 in your editor)", line
        ) from exc


def too_big(size: int) -> YamlSyntaxError | None:
    """Why a data file of ``size`` bytes is refused before it is read, if it is."""
    if size <= MAX_YAML_BYTES:
        return None
    return YamlSyntaxError(
        f"the file is {size // 1024} KiB; content files may be at most "
        f"{MAX_YAML_BYTES // 1024} KiB",
        None,
    )
