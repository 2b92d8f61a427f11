"""Fonts in tests: a machine with fonts of its own (a fake home folder and font configuration for
a subprocess), and telling which font file an embedded font program was cut from."""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from tests.clinic import SOURCE_DATE_EPOCH, make_project

MACHINE_FONTS = Path(__file__).resolve().parent / "fixtures" / "fonts"
IMPOSTOR = MACHINE_FONTS / "AtkinsonImpostor-Regular.ttf"
"""Another font named "Atkinson Hyperlegible" (with Cyrillic letters the real one lacks)."""
FALLBACK = MACHINE_FONTS / "TestFallbackCJK.ttf"
"""A fallback font for Chinese, family "Test Fallback CJK"."""
FOREIGN = "Звоните 请"
"""Letters the project's fonts lack and the machine's fonts have."""

FONTCONFIG = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<!-- A machine's font configuration, as a test sets it: the fonts in the home folder. -->
<fontconfig>
  <dir>{fonts}</dir>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""
# What a subprocess must not inherit from the test process or the real machine.
NOT_INHERITED = ("HOME", "SOURCE_DATE_EPOCH", "TZ", "FONTCONFIG_FILE", "FONTCONFIG_PATH")


@dataclass(frozen=True)
class Machine:
    """A home folder whose ~/.fonts holds IMPOSTOR and FALLBACK, and the environment of a process
    on that machine: FONTCONFIG_FILE names a configuration listing ~/.fonts, the clock's zone is
    far from UTC, Python speaks UTF-8, and SOURCE_DATE_EPOCH is the tests' source date."""

    home: Path
    fonts: Path
    config: Path
    env: dict[str, str]


def machine_with_fonts(folder: Path) -> Machine:
    """Set up the machine under ``folder``."""
    home = folder / "home"
    fonts = home / ".fonts"
    fonts.mkdir(parents=True)
    for font in (IMPOSTOR, FALLBACK):
        shutil.copy(font, fonts)
    config = folder / "fonts.conf"
    config.write_text(
        FONTCONFIG.format(fonts=escape(str(fonts)), cache=escape(str(folder / "cache"))),
        encoding="utf-8",
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in NOT_INHERITED and not key.startswith("XDG_")
    }
    env.update(
        HOME=str(home),
        XDG_CACHE_HOME=str(folder / "cache"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        FONTCONFIG_FILE=str(config),
        TZ="Pacific/Kiritimati",  # UTC+14: a date taken from the clock's zone would show
        PYTHONUTF8="1",  # messages quote foreign letters: UTF-8 on any locale
        SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH,
    )
    return Machine(home, fonts, config, env)


def handouts_command() -> list[str]:
    """The installed `handouts` command of this environment (python -m handouts without one)."""
    script = Path(sys.executable).with_name("handouts")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "handouts"]


@dataclass(frozen=True)
class CliBuild:
    """A build run by the installed command in its own process."""

    project: Path
    output: Path
    machine: Machine
    done: subprocess.CompletedProcess[str]


@dataclass(frozen=True)
class CliRun:
    """`handouts build` of a copy of the fixture clinic, started on a machine with fonts of its
    own (``machine_with_fonts``) and still running."""

    project: Path
    output: Path
    machine: Machine
    process: subprocess.Popen[str]

    @classmethod
    def start(cls, folder: Path) -> CliRun:
        """Copy the fixture clinic into ``folder`` and start building it into folder/output, on
        two worker processes (the session's clinic_build renders in its own process)."""
        machine = machine_with_fonts(folder)
        project = make_project(folder / "clinic")
        output = folder / "output"
        args = [
            *handouts_command(),
            *("build", "--project", str(project), "-o", str(output), "--jobs", "2"),
        ]
        process = subprocess.Popen(
            args,
            cwd=machine.home,
            env=machine.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            encoding="utf-8",
        )
        return cls(project, output, machine, process)

    def finish(self, timeout: float = 600) -> CliBuild:
        """Wait for the build to end."""
        stdout, stderr = self.process.communicate(timeout=timeout)
        done = subprocess.CompletedProcess(
            self.process.args, self.process.returncode, stdout, stderr
        )
        return CliBuild(self.project, self.output, self.machine, done)

    def stop(self) -> None:
        """End the process if it still runs (a session that never waited for it)."""
        if self.process.poll() is None:
            self.process.kill()
        self.process.communicate()


Shape = tuple[tuple[object, ...], int]


def _shape(font: TTFont, name: str) -> Shape:
    """A glyph's outline as drawn (accented letters' components drawn in place, since a subset
    renames the glyphs they refer to) and its advance width."""
    glyphs = font.getGlyphSet()
    pen = DecomposingRecordingPen(glyphs)
    glyphs[name].draw(pen)
    return tuple(pen.value), font["hmtx"][name][0]


def glyph_shapes(font: bytes | Path) -> dict[int, Shape]:
    """Each character a font maps, with its shape."""
    data = font.read_bytes() if isinstance(font, Path) else font
    with TTFont(io.BytesIO(data)) as opened:
        return {code: _shape(opened, name) for code, name in (opened.getBestCmap() or {}).items()}


@functools.cache
def _opened(path: Path) -> tuple[TTFont, dict[int, str]]:
    """A font file opened once per test process, its glyphs read when asked (a Chinese font
    has tens of thousands; a subset needs a few dozen of them)."""
    font = TTFont(path, lazy=True)
    return font, font.getBestCmap() or {}


@functools.cache
def _file_shape(path: Path, code: int) -> Shape | None:
    font, cmap = _opened(path)
    return _shape(font, cmap[code]) if code in cmap else None


def font_file_of(program: bytes, files: list[Path]) -> Path | None:
    """The file among ``files`` an embedded font program was cut from: every character it maps
    is drawn exactly as that file draws it. None when no file draws them all (or it maps none)."""
    shapes = glyph_shapes(program)
    if not shapes:
        return None
    for path in files:
        if all(_file_shape(path, code) == shape for code, shape in shapes.items()):
            return path
    return None
