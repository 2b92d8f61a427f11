"""A time budget for converting one section: the last line of defence behind the limits.

The limits (handouts.load.limits) refuse every shape of text known to make Python-Markdown slow,
before it runs. Should some other shape still make it crawl, the converter checks its budget
wherever its loops turn (before each block processor looks at a block, before each inline
pattern is tried), and a conversion that runs past the budget stops with one located error
instead of stalling `check` and the build.

The budget counts the CPU time of the converting thread, not the wall clock: a busy machine, a
build's process pool or a server thread does not eat into it, so a verdict does not depend on
what else the machine is doing. Sections inside the limits convert in a small fraction of it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import markdown

CONVERT_SECONDS = 3.0
"""CPU seconds one section may take to convert and check (inside the limits: under 0.5 s)."""
EVERY = 64
"""Loop turns between two looks at the clock (reading a thread's CPU clock is a system call)."""

F = TypeVar("F", bound=Callable[..., Any])


class OverBudget(Exception):
    """A conversion ran past its budget."""


@dataclass
class Budget:
    """CPU seconds a piece of work may take, counted from when the budget was made."""

    seconds: float = CONVERT_SECONDS
    clock: Callable[[], float] = field(default=time.thread_time, repr=False)
    _deadline: float = field(init=False, repr=False)
    _turns: int = field(default=0, init=False, repr=False)

    def __post_init__(self) -> None:
        self._deadline = self.clock() + self.seconds

    def check(self) -> None:
        """Raise OverBudget once the budget is spent (looks at the clock every EVERY calls)."""
        self._turns += 1
        if self._turns % EVERY == 0 and self.clock() > self._deadline:
            raise OverBudget(f"more than {self.seconds:g} s")

    def guard(self, func: F) -> F:
        """``func``, checking the budget before each call."""

        def guarded(*args: Any, **kwargs: Any) -> Any:
            self.check()
            return func(*args, **kwargs)

        return guarded  # type: ignore[return-value]


def budgeted(md: markdown.Markdown, budget: Budget) -> markdown.Markdown:
    """``md``, checking ``budget`` before each block processor's test and each inline pattern's
    match (the inner loops of Python-Markdown, smarty's quotes included)."""
    for processor in md.parser.blockprocessors:
        processor.test = budget.guard(processor.test)  # type: ignore[method-assign]
    seen: set[int] = set()
    for tree in md.treeprocessors:
        patterns = getattr(tree, "inlinePatterns", None)
        if patterns is None or id(patterns) in seen:
            continue
        seen.add(id(patterns))
        for pattern in patterns:
            pattern.getCompiledRegExp = budget.guard(pattern.getCompiledRegExp)
    return md
