"""The one gate every command passes (handouts.checks.gate): the same located lines from check,
build, brand, packet and chart; characters the fonts cannot print; each content file read once."""

from __future__ import annotations

import builtins
import collections
import io
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from handouts.checks import Options, gate
from handouts.cli import main
from handouts.paths import ProjectPaths
from tests.brandutil import line_of
from tests.clinic import TODAY

NETWORK = (
    "the build never uses the network (only data: URLs and files inside content/ and "
    "templates/ may be used)"
)
CANNOT_PRINT = (
    "cannot be printed: the fonts in templates/fonts/ have no such letter (write it another "
    "way, or add a font that has it)"
)
ZE = "'\u0e01' (U+0E01 THAI CHARACTER KO KAI)"
"""How the first letter of 'กรุณาโทร' is named in messages (Thai: no shipped font has it; the
fallback fonts print Cyrillic, Chinese and Korean)."""


def run(project: Path, *args: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of one command."""
    result = CliRunner().invoke(main, [*args, "--project", str(project)])
    return result.exit_code, result.stdout, result.stderr


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def written(folder: Path) -> list[Path]:
    """Every file a run left in ``folder``."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- One verdict everywhere ------------------------------------------------------------------

# Each command that writes something, with where it would write (under the test's folder).
WRITERS: dict[str, Callable[[Path], list[str]]] = {
    "build": lambda out: ["build", "--output", str(out)],
    "brand": lambda out: ["brand", "--output", str(out / "brand-sheet.pdf")],
    "packet": lambda out: ["packet", "--location", "north-shore", "--output", str(out)],
    "chart": lambda out: ["chart", "--location", "north-shore", "--output", str(out / "c.svg")],
}


@pytest.fixture
def image_in_logo(clinic_copy: Path) -> tuple[Path, str]:
    """A fixture clinic copy whose SVG logo names an image on the web, and the one line every
    command must print for it."""
    logo = clinic_copy / "content/brand/logo.svg"
    edit(logo, "</svg>", '  <image href="https://example.org/x.png"/>\n</svg>')
    line = line_of(logo, "<image")
    return clinic_copy, (
        f"content/brand/logo.svg:{line}: error: refused resource 'https://example.org/x.png': "
        f"{NETWORK}"
    )


def test_check_refuses_an_svg_logo_that_names_a_web_image(
    image_in_logo: tuple[Path, str],
) -> None:
    project, expected = image_in_logo
    code, out, err = run(project, "check", "--today", TODAY.isoformat())
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert [line for line in lines if ": error: " in line] == [expected]
    assert lines[-1].startswith("check: 1 error, ")


@pytest.mark.parametrize("command", WRITERS)
def test_every_command_gives_the_same_verdict_and_writes_nothing(
    image_in_logo: tuple[Path, str], tmp_path: Path, command: str
) -> None:
    project, expected = image_in_logo
    out = tmp_path / "out"
    code, stdout, stderr = run(project, *WRITERS[command](out))
    assert (code, stdout) == (1, "")
    assert stderr == expected + "\n"
    assert written(out) == []
    assert written(project / "output") == []


# --- Characters the fonts cannot print -------------------------------------------------------

WORDS = "กรุณาโทร"


@pytest.fixture
def unprintable(clinic_copy: Path) -> tuple[Path, list[str]]:
    """A fixture clinic copy with Thai letters in a section's body, a location's
    name and the templates' wording, and the three error lines they must give."""
    section = clinic_copy / "content/sections/en/after-care.md"
    location = clinic_copy / "content/locations/north-shore.yaml"
    strings = clinic_copy / "content/strings/en.yaml"
    edit(section, "Rest for the rest of the day.", f"Rest for the rest of the day. {WORDS}")
    edit(location, "name: North Shore", f"name: North Shore {WORDS}")
    edit(strings, "call_us: Call us", f"call_us: Call us {WORDS}")
    return clinic_copy, [
        f"content/locations/north-shore.yaml:{line_of(location, 'name:')}: error: name: "
        f"{ZE} {CANNOT_PRINT}",
        f"content/sections/en/after-care.md:{line_of(section, WORDS)}: error: {ZE} {CANNOT_PRINT}",
        f"content/strings/en.yaml:{line_of(strings, 'call_us:')}: error: call_us: {ZE} "
        f"{CANNOT_PRINT}",
    ]


def test_check_locates_each_unprintable_character(unprintable: tuple[Path, list[str]]) -> None:
    project, expected = unprintable
    code, out, _ = run(project, "check", "--today", TODAY.isoformat())
    assert code == 1
    assert [line for line in out.splitlines() if ": error: " in line] == expected
    assert out.splitlines()[-1].startswith("check: 3 errors, ")


def test_build_refuses_unprintable_characters_with_the_same_lines(
    unprintable: tuple[Path, list[str]], tmp_path: Path
) -> None:
    project, expected = unprintable
    out = tmp_path / "out"
    code, stdout, stderr = run(project, "build", "--output", str(out))
    assert (code, stdout) == (1, "")
    assert stderr.splitlines() == [*expected, "3 errors found; nothing was written"]
    assert written(out) == []


@pytest.mark.parametrize(
    ("old", "new", "field", "char"),
    [
        (
            "title: Welcome",
            "title: Welcome ก",
            "title: ",
            "'ก' (U+0E01 THAI CHARACTER KO KAI)",
        ),
        # An entity prints as the letter it names.
        (
            "We are glad you are here.",
            "We are glad &#x0e01; you are here.",
            "",
            "'ก' (U+0E01 THAI CHARACTER KO KAI)",
        ),
    ],
    ids=["front matter title", "entity in the body"],
)
def test_a_section_title_and_an_entity_are_checked_too(
    clinic_copy: Path, old: str, new: str, field: str, char: str
) -> None:
    section = clinic_copy / "content/sections/en/hello.md"
    edit(section, old, new)
    _, report = gate(ProjectPaths(clinic_copy), Options(TODAY), collect=True)
    assert [str(p) for p in report.errors] == [
        f"content/sections/en/hello.md:{line_of(section, new)}: error: {field}{char} {CANNOT_PRINT}"
    ]


def test_letters_the_fonts_have_pass(clinic_copy: Path) -> None:
    # Accents, typographic quotes and dashes, and a no-break space are in the fonts.
    location = clinic_copy / "content/locations/north-shore.yaml"
    edit(
        location,
        "name: North Shore",
        'name: "Caf\u00e9 \u201cNord\u201d \u2013 Saint-\u00c9loi\u00a0Shore"',
    )
    _, report = gate(ProjectPaths(clinic_copy), Options(TODAY), collect=True)
    assert report.errors == []


# --- Each content file is read once ----------------------------------------------------------


def test_the_gate_reads_each_content_file_once(
    clinic_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = (clinic_copy / "content").resolve()
    opened: collections.Counter[str] = collections.Counter()
    real_open, real_os_open = io.open, os.open

    def note(file: Any) -> None:
        if isinstance(file, str | bytes | os.PathLike):
            path = Path(os.fsdecode(file)).resolve()
            if path.is_relative_to(content):
                opened[path.relative_to(content).as_posix()] += 1

    def counting_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        note(file)
        return real_open(file, *args, **kwargs)

    def counting_os_open(path: Any, *args: Any, **kwargs: Any) -> Any:
        note(path)
        return real_os_open(path, *args, **kwargs)

    # Path.read_text, read_bytes and open go through io.open; open() is builtins.open; Pillow
    # and others may open by name: every way in is counted.
    monkeypatch.setattr(builtins, "open", counting_open)
    monkeypatch.setattr(io, "open", counting_open)
    monkeypatch.setattr(os, "open", counting_os_open)
    project, report = gate(ProjectPaths(clinic_copy), Options(TODAY), collect=True)
    monkeypatch.undo()
    assert project is not None
    assert report.errors == []
    files = sorted(p.relative_to(content).as_posix() for p in content.rglob("*") if p.is_file())
    assert any(f.endswith(".md") for f in files) and any(f.endswith(".yaml") for f in files)
    # Every data file, section and the logo read: each exactly once.
    assert dict(opened) == dict.fromkeys(files, 1)
