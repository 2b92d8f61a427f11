"""Split a build into N stable shares for a CI matrix: `handouts build --shard I/N`.

A PDF belongs to a shard by the hash of its output path, not by its position in the list, so
adding a location or a handout moves no other PDF to another shard.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")
SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` (1-based) of ``count``."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if self.count < 1 or not 1 <= self.index <= self.count:
            raise ValueError(
                f"'{self.index}/{self.count}' is not a shard (expected I/N with 1 <= I <= N)"
            )

    @classmethod
    def parse(cls, text: str) -> Shard:
        """Read 'I/N' (e.g. '2/3'); raise ValueError with the expected form otherwise."""
        match = SHARD.match(text)
        if not match:
            raise ValueError(f"'{text}' is not a shard (expected I/N, e.g. 2/3)")
        return cls(int(match.group(1)), int(match.group(2)))

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"

    def owns(self, key: str) -> bool:
        """Whether the item named ``key`` (an output path) belongs to this shard."""
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def select(self, items: Iterable[T], key: Callable[[T], str]) -> list[T]:
        """The items of this shard, in their original order."""
        return [item for item in items if self.owns(key(item))]
