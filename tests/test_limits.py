"""Bounded work: a huge or absurdly nested section, and hostile YAML, fail fast with one line;
the worst known shapes that stay inside the limits are converted quickly.

Timings are printed (run with -s to see them); the assertions on time are deliberately generous
(the machine running the suite may be busy): the point is minutes versus milliseconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TypeVar

import pytest
from click.testing import CliRunner

from handouts.cli import main
from handouts.commands.check import check_project
from handouts.load.limits import (
    MAX_ANGLE_BRACKETS,
    MAX_BACKTICKS,
    MAX_EMPHASIS_MARKS,
    MAX_LINK_BRACKETS,
    MAX_NESTING,
    MAX_OPEN_BRACKETS,
    MAX_SECTION_BYTES,
    MAX_SECTION_LINES,
    limit_problems,
)
from handouts.load.policy import check_section
from handouts.load.sections import load_section
from handouts.paths import ProjectPaths
from tests.brandutil import line_of
from tests.clinic import TODAY

FRONT = "---\nid: {id}\ntitle: A test section\nreviewed: 2026-01-01\n---\n"
BODY_LINE = 6  # the first body line of a file made with FRONT
T = TypeVar("T")
GENEROUS = 5.0  # seconds; the refusals below take milliseconds


def timed(action: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def section_problems(tmp_path: Path, body: str, name: str = "test-section") -> list[str]:
    """Load one section file holding ``body``; its problems as printed."""
    root = tmp_path / "project"
    folder = root / "content/sections/en"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.md"
    path.write_text(FRONT.format(id=name) + body)
    (result, problems), seconds = timed(lambda: load_section(path, "en", ProjectPaths(root)))
    print(f"\n{name}: {len(body) // 1024} KiB refused in {seconds * 1000:.0f} ms")
    assert seconds < GENEROUS
    assert result is None
    return [str(p) for p in problems]


def test_a_section_of_several_megabytes_is_refused_unread(tmp_path: Path) -> None:
    problems = section_problems(tmp_path, "Rest today. " * 500_000, "huge")
    assert problems == [
        "content/sections/en/huge.md: error: the section is 5859 KiB; a section may be at most "
        "32 KiB (split it into several sections)"
    ]


def test_check_and_build_refuse_a_huge_section(clinic_copy: Path, tmp_path: Path) -> None:
    huge = clinic_copy / "content/sections/en/huge.md"
    huge.write_text(FRONT.format(id="huge") + "[" * (5 * 1024 * 1024))
    expected = (
        "content/sections/en/huge.md: error: the section is 5120 KiB; a section may be at most "
        "32 KiB (split it into several sections)"
    )
    out = tmp_path / "out"
    for args in (["check"], ["build", "--output", str(out)]):
        result, seconds = timed(
            partial(CliRunner().invoke, main, [*args, "--project", str(clinic_copy)])
        )
        print(f"\nhandouts {args[0]} with a 5 MiB section: {seconds:.2f} s")
        assert seconds < GENEROUS
        assert result.exit_code == 1
        shown = result.stdout if args[0] == "check" else result.stderr
        assert [line for line in shown.splitlines() if ": error: " in line] == [expected]
    assert not out.exists()


def test_absurdly_nested_quotes_are_refused(tmp_path: Path) -> None:
    body = "Intro.\n\n" + "> " * 5000 + "deep\n"
    assert section_problems(tmp_path, body) == [
        f"content/sections/en/test-section.md:{BODY_LINE + 2}: error: lists and quotes are "
        f"nested 5000 levels deep here; at most {MAX_NESTING} levels are allowed"
    ]


def test_absurdly_nested_lists_are_refused(tmp_path: Path) -> None:
    body = "".join("    " * level + "- item\n" for level in range(60))
    assert section_problems(tmp_path, body) == [
        f"content/sections/en/test-section.md:{BODY_LINE + MAX_NESTING}: error: lists and "
        f"quotes are nested {MAX_NESTING + 1} levels deep here; at most {MAX_NESTING} levels "
        "are allowed"
    ]


def test_too_many_lines_are_refused(tmp_path: Path) -> None:
    body = "- x\n" * 3000
    # The body starts on the closing '---' line, so its line 401 is the file's line 405.
    assert section_problems(tmp_path, body) == [
        f"content/sections/en/test-section.md:{BODY_LINE + MAX_SECTION_LINES - 1}: error: the "
        f"section is longer than {MAX_SECTION_LINES} lines (split it into several sections)"
    ]


@pytest.mark.parametrize(
    ("body", "char"),
    [("[" * 16_000, "["), ("[a](" * 4000, "("), ("![a][" * 3000, "[")],
    ids=["brackets", "open-links", "open-images"],
)
def test_open_brackets_are_refused_before_markdown_runs(
    tmp_path: Path, body: str, char: str
) -> None:
    # Python-Markdown needs 27 s for 16 KiB of '[' and 2.4 s for 16 KiB of '[a](': it looks
    # ahead from every one of them for the closing bracket.
    assert section_problems(tmp_path, "Text.\n\n" + body) == [
        f"content/sections/en/test-section.md:{BODY_LINE + 2}: error: more than "
        f"{MAX_OPEN_BRACKETS} '{char}' are open at once in this paragraph; close them or "
        f"remove the extra '{char}'"
    ]


def test_a_flood_of_tags_is_refused(tmp_path: Path) -> None:
    body = "Text.\n\n" + "<a " * 5000
    assert section_problems(tmp_path, body) == [
        f"content/sections/en/test-section.md:{BODY_LINE + 2}: error: the section has more "
        f"than {MAX_ANGLE_BRACKETS} '<' characters; write 'less than' in words (sections hold "
        "very little HTML)"
    ]


def test_a_handout_listing_a_section_hundreds_of_times_is_refused(clinic_copy: Path) -> None:
    handout = clinic_copy / "content/handouts/aftercare.yaml"
    text = handout.read_text()
    handout.write_text(text.replace("  - call-us\n", "  - call-us\n" * 1000))
    result, seconds = timed(
        lambda: CliRunner().invoke(main, ["check", "--project", str(clinic_copy)])
    )
    assert seconds < GENEROUS
    assert result.exit_code == 1
    # Listing a section again is refused outright (it would also repeat its anchors), long
    # before the handout-size limit would be reached.
    errors = [line for line in result.stdout.splitlines() if ": error: " in line]
    assert errors == [
        f"content/handouts/aftercare.yaml:{line_of(handout, 'sections:')}: error: sections: "
        "'call-us' is listed twice (list each one once)"
    ]


# --- YAML ----------------------------------------------------------------------------------


def yaml_error(project: Path, name: str, text: str) -> str:
    """The one error check reports for a location file holding ``text``."""
    (project / "content/locations" / name).write_text(text)
    report, seconds = timed(lambda: check_project(ProjectPaths(project), TODAY))
    print(f"\n{name}: refused in {seconds:.2f} s")
    assert seconds < GENEROUS
    (line,) = [str(p) for p in report.errors]
    return line


def test_yaml_aliases_are_refused(clinic_copy: Path) -> None:
    # Nine levels of nine aliases: 387 million strings once expanded ("billion laughs").
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    lines.append("hours: *i")
    assert yaml_error(clinic_copy, "laughs.yaml", "\n".join(lines) + "\n") == (
        "content/locations/laughs.yaml:2: error: invalid YAML: aliases (*name) are not allowed "
        "in content files; write the value out"
    )


def test_deeply_nested_yaml_is_refused(clinic_copy: Path) -> None:
    assert yaml_error(clinic_copy, "deep.yaml", "name: " + "[" * 10_000 + "]" * 10_000 + "\n") == (
        "content/locations/deep.yaml:1: error: invalid YAML: values are nested more than 50 "
        "levels deep"
    )


def test_a_huge_yaml_file_is_refused(clinic_copy: Path) -> None:
    assert yaml_error(clinic_copy, "huge.yaml", "# padding\n" * 500_000) == (
        "content/locations/huge.yaml: error: the file is 4882 KiB; content files may be at "
        "most 256 KiB"
    )


# --- Inside the limits: the worst shapes known are quick -----------------------------------


def _fill(head: str) -> str:
    """``head`` then plain words up to the size limit, in one paragraph."""
    room = MAX_SECTION_BYTES - len(FRONT) - len(head) - 64
    return head + ("word " * (room // 5))


WORST_INSIDE = {
    "open brackets": _fill("[" * MAX_OPEN_BRACKETS),
    "open links": _fill("[a](" * MAX_OPEN_BRACKETS),
    "tags": _fill("<a " * MAX_ANGLE_BRACKETS),
    "list items": "- x\n" * (MAX_SECTION_LINES - 1),
    "underlined headings": "x\n-\n" * ((MAX_SECTION_LINES - 1) // 2),
    "emphasis": "*_" * (MAX_EMPHASIS_MARKS // 4) + "x" + "_*" * (MAX_EMPHASIS_MARKS // 4),
    "italic words": "*a* " * (MAX_EMPHASIS_MARKS // 2),
    "links": _fill("[a](https://example.org/a) " * MAX_LINK_BRACKETS),
    "backticks": _fill("it`s " * MAX_BACKTICKS),
    "nested lists": "".join("    " * (i % MAX_NESTING) + "- x\n" for i in range(399)),
}


@pytest.mark.parametrize("shape", WORST_INSIDE)
def test_worst_shapes_inside_the_limits_convert_quickly(shape: str) -> None:
    body = WORST_INSIDE[shape]
    assert len((FRONT + body).encode()) <= MAX_SECTION_BYTES
    assert limit_problems(body) == []
    _, seconds = timed(lambda: check_section(body))
    print(f"\n{shape}: {len(body) // 1024} KiB checked and converted in {seconds:.2f} s")
    assert seconds < GENEROUS
