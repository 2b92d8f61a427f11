"""Pick what a command-line option names among the ids the project defines."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from handouts.errors import UsageProblem


def normalise_id(text: str) -> str:
    """An id as typed, the way ids are written: lower case, hyphens for spaces and underscores
    ("Long Island" -> "long-island")."""
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def choose(
    kind: str,
    wanted: str | None,
    known: list[str],
    option: str,
    *,
    required: bool = False,
) -> str:
    """``wanted`` if it is known, in any case and with spaces or underscores for hyphens
    ("Long Island" is long-island, "PT_br" is pt-BR); missing: the first known, or a usage
    error listing them when ``required``; else one line listing them, with the closest one as a
    suggestion."""
    listed = ", ".join(known)
    if wanted is None:
        if not required:
            return known[0]
        raise UsageProblem(
            f"{option}: missing (expected one of: {listed}, e.g. {option} {known[0]})"
        )
    name = normalise_id(wanted)
    for candidate in known:
        if normalise_id(candidate) == name:
            return candidate
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"; did you mean {option} {close[0]}?" if close else f", e.g. {option} {known[0]}"
    raise UsageProblem(f"{option}: unknown {kind} '{wanted}' (expected one of: {listed}{hint})")


def choose_many(
    kind: str, wanted: Iterable[str], known: Iterable[str], option: str
) -> tuple[str, ...]:
    """Each name of a repeatable option (none given: empty, meaning all), loosely matched."""
    known = list(known)
    return tuple(dict.fromkeys(choose(kind, name, known, option) for name in wanted))


LARGE_PRINT = "large-print"
"""The edition `--large-print` names (a variant in content/settings.yaml)."""


def choose_editions(known: Iterable[str], wanted: Iterable[str]) -> tuple[str, ...]:
    """The editions asked for ('' is the standard one), each one the project defines (a usage
    error otherwise); none asked for: () for the command's default."""
    known = list(known)
    chosen = tuple(dict.fromkeys(wanted))
    for edition in chosen:
        if edition and edition not in known:
            option = "--large-print" if edition == LARGE_PRINT else f"edition '{edition}'"
            raise UsageProblem(
                f"{option}: this project has no {edition} edition (expected "
                f"'variants: {{{edition}: {{body_size: 18}}}}' in content/settings.yaml)"
            )
    return chosen
