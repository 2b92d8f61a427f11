"""Hermetic fonts: rendering sees only templates/fonts/ whatever fonts the machine has, a letter
those fonts lack is refused at its file and line on every machine, and no PDF embeds any other
font."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from handouts.commands.build import BuildResult
from handouts.render.pdf import use_project_fonts
from tests.brandutil import line_of
from tests.clinic import ROOT, TODAY, make_project
from tests.fontutil import (
    FALLBACK,
    FOREIGN,
    IMPOSTOR,
    CliBuild,
    font_file_of,
    handouts_command,
    machine_with_fonts,
)
from tests.pdfutil import page_texts, pdf_fonts

FONTS = ROOT / "templates" / "fonts"
GLYPH_ERROR = (
    "{path}:{line}: error: {char} cannot be printed: the fonts in templates/fonts/ have no such "
    "letter (write it another way, or add a font that has it)"
)
# The faces of templates/fonts/fonts.yaml, and the name WeasyPrint gives each in a PDF.
FACE_NAMES = {"regular": "", "bold": "-Bold", "italic": "-Italic", "bold-italic": "-Bold-Italic"}

# WeasyPrint alone, as handouts uses it (the project's font loaded by @font-face, no other font
# named), without the font configuration handouts sets: what a render on the machine embeds.
WITHOUT_OVERRIDE = """
import ast
import sys
from pathlib import Path

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

regular, target, text = Path(sys.argv[1]), sys.argv[2], ast.literal_eval(sys.argv[3])
fonts = FontConfiguration()
css = CSS(
    string="@font-face { font-family: 'Atkinson Hyperlegible'; src: url('%s') } "
    "p { font-family: 'Atkinson Hyperlegible' }" % regular.as_uri(),
    font_config=fonts,
)
HTML(string="<p>Hello</p><p>%s</p>" % text).write_pdf(target, stylesheets=[css], font_config=fonts)
"""


def shipped_faces() -> dict[str, Path]:
    """Every file of templates/fonts/fonts.yaml by the name a PDF gives its font."""
    registry = yaml.safe_load((FONTS / "fonts.yaml").read_text(encoding="utf-8"))
    return {
        family.replace(" ", "-") + FACE_NAMES[face]: FONTS / filename
        for family, entry in registry.items()
        for face, filename in entry["files"].items()
    }


def foreign_fonts(pdf: Path) -> list[str]:
    """Each font of the PDF that is not embedded, or whose program was not cut from the shipped
    file its name stands for (named as in the PDF, with the file it was cut from, if any)."""
    faces = shipped_faces()
    found = []
    for font in pdf_fonts(pdf):
        shipped = faces.get(font.base_name)
        origin = (
            font_file_of(font.program, [*faces.values(), IMPOSTOR, FALLBACK])
            if font.program
            else None
        )
        if shipped is None or origin != shipped:
            found.append(f"{font.name} from {origin.name if origin else 'no known file'}")
    return found


@dataclass(frozen=True)
class MachineRuns:
    """Three processes run side by side on one machine with fonts of its own: WeasyPrint alone
    (the control), and `handouts check` and `handouts build` of a clinic whose section holds
    letters only the machine's fonts have."""

    control: subprocess.CompletedProcess[str]
    control_pdf: Path
    check: subprocess.CompletedProcess[str]
    build: subprocess.CompletedProcess[str]
    output: Path
    expected: list[str]
    """The error lines for the foreign letters."""
    printable: subprocess.CompletedProcess[str]
    """`handouts build` of one handout whose text has only the Cyrillic and Chinese letters."""
    printable_output: Path


@pytest.fixture(scope="module")
def machine_runs(tmp_path_factory: pytest.TempPathFactory) -> MachineRuns:
    folder = tmp_path_factory.mktemp("machine")
    machine = machine_with_fonts(folder)
    project = make_project(folder / "clinic")
    section = project / "content/sections/en/visit-day.md"
    # Cyrillic and Chinese (the machine has them too, and the shipped fallback families print
    # them), and Thai (no shipped font has it, nor the machine's).
    section.write_text(section.read_text(encoding="utf-8") + f"\n{FOREIGN}\n\u0e01 too\n")
    shown = "content/sections/en/visit-day.md"
    expected = [
        GLYPH_ERROR.format(
            path=shown,
            line=line_of(section, "\u0e01 too"),
            char="'\u0e01' (U+0E01 THAI CHARACTER KO KAI)",
        ),
    ]
    # The same clinic without the Thai letter: what the shipped fonts print.
    printable = make_project(folder / "printable")
    section = printable / "content/sections/en/visit-day.md"
    section.write_text(section.read_text(encoding="utf-8") + f"\n{FOREIGN}\n")
    control_pdf, output = folder / "control.pdf", folder / "output"
    regular = FONTS / "AtkinsonHyperlegible-Regular.ttf"
    commands = {
        "control": [
            sys.executable,
            "-c",
            WITHOUT_OVERRIDE,
            str(regular),
            str(control_pdf),
            ascii(FOREIGN),  # an ASCII command line on any locale
        ],
        "check": [*handouts_command(), "check", "--today", TODAY.isoformat()],
        "build": [*handouts_command(), "build", "-o", str(output)],
        "printable": [
            *handouts_command(),
            "build",
            *("-o", str(output.with_name("printable"))),
            *("--handout", "visit-guide", "--location", "downtown", "--lang", "en"),
        ],
    }
    processes = {
        name: subprocess.Popen(
            [*args, "--project", str(project if name != "printable" else printable)]
            if name != "control"
            else args,
            cwd=machine.home,
            env=machine.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            encoding="utf-8",
        )
        for name, args in commands.items()
    }
    done = {}
    for name, process in processes.items():
        stdout, stderr = process.communicate(timeout=300)
        done[name] = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return MachineRuns(
        done["control"],
        control_pdf,
        done["check"],
        done["build"],
        output,
        expected,
        done["printable"],
        output.with_name("printable"),
    )


def test_the_machine_fonts_would_replace_the_project_fonts_without_our_override(
    machine_runs: MachineRuns,
) -> None:
    # So that the build below proves something: on this machine, WeasyPrint on its own embeds the
    # impostor in place of the project's font it was given, and falls back to the machine's
    # font for Chinese, which no stylesheet names.
    assert machine_runs.control.returncode == 0, machine_runs.control.stderr
    target = machine_runs.control_pdf
    origins = {
        font.base_name: font_file_of(font.program, [IMPOSTOR, FALLBACK, *FONTS.glob("*.ttf")])
        for font in pdf_fonts(target)
        if font.program
    }
    assert origins == {"Atkinson-Hyperlegible": IMPOSTOR, "Test-Fallback-CJK": FALLBACK}
    # The same name, another font: the check below judges a font by its program, not its name.
    assert sorted(foreign_fonts(target)) == sorted(
        f"{font.name} from {origins[font.base_name].name}" for font in pdf_fonts(target)
    )


def test_a_build_on_that_machine_writes_the_same_pdfs(
    clinic_cli_build: CliBuild, clinic_build: BuildResult
) -> None:
    done = clinic_cli_build.done
    assert done.returncode == 0, done.stderr
    assert clinic_build.manifest is not None
    here = clinic_build.manifest.parent
    for pdf in clinic_build.pdfs:
        relative = pdf.path.relative_to(here)
        there = clinic_cli_build.output / relative
        assert there.read_bytes() == pdf.path.read_bytes(), f"{relative} differs"
    written = sorted(
        p.relative_to(clinic_cli_build.output) for p in clinic_cli_build.output.rglob("*.pdf")
    )
    assert written == sorted(pdf.path.relative_to(here) for pdf in clinic_build.pdfs)
    for path in clinic_cli_build.output.rglob("*.pdf"):
        assert foreign_fonts(path) == [], path


def test_no_pdf_embeds_a_font_from_outside_templates_fonts(clinic_build: BuildResult) -> None:
    faces = shipped_faces()
    used: set[str] = set()
    for pdf in clinic_build.pdfs:
        assert foreign_fonts(pdf.path) == [], pdf.path
        used |= {font.base_name for font in pdf_fonts(pdf.path)}
    # Body text and headings: the brand's family, regular and bold, from its own files.
    assert {"Atkinson-Hyperlegible", "Atkinson-Hyperlegible-Bold"} <= used <= set(faces)


# Before, the machine's fallback fonts printed such letters (DejaVu here, another font
# elsewhere); now check and build refuse them at their line, whatever fonts the machine has.


def test_check_refuses_letters_the_fonts_lack_on_any_machine(machine_runs: MachineRuns) -> None:
    check = machine_runs.check
    assert check.returncode == 1, (check.stdout, check.stderr)
    errors = [line for line in check.stdout.splitlines() if ": error: " in line]
    assert errors == machine_runs.expected
    assert check.stdout.splitlines()[-1].startswith("check: 1 error, ")


def test_build_refuses_letters_the_fonts_lack_on_any_machine(machine_runs: MachineRuns) -> None:
    build = machine_runs.build
    assert build.returncode == 1, (build.stdout, build.stderr)
    lines = machine_runs.expected  # one error: its line alone
    assert build.stderr == "\n".join(lines) + "\n"
    assert build.stdout == ""
    assert not machine_runs.output.exists()


def test_letters_the_machine_has_print_from_the_shipped_fallbacks(
    machine_runs: MachineRuns,
) -> None:
    # Cyrillic and Chinese, which the machine's impostor and fallback fonts also have, are set
    # in the shipped Noto Sans and Noto Sans SC (cut from their files), never the machine's.
    build = machine_runs.printable
    assert build.returncode == 0, build.stderr
    (pdf,) = machine_runs.printable_output.rglob("visit-guide.pdf")
    assert FOREIGN in " ".join(" ".join(page_texts(pdf)).split())
    assert foreign_fonts(pdf) == []
    names = {font.base_name for font in pdf_fonts(pdf)}
    assert {"Noto-Sans", "Noto-Sans-SC"} <= names, names


def test_rendering_reads_a_font_configuration_of_the_project_fonts_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FONTCONFIG_FILE", "/elsewhere/fonts.conf")  # restored after the test
    config = use_project_fonts(FONTS)
    assert os.environ["FONTCONFIG_FILE"] == str(config)
    root = ET.parse(config).getroot()
    # No <include> of the machine's configuration, no other folder; the downloaded fallback
    # fonts are rejected, so a document reaches one only through its own @font-face rules.
    assert [child.tag for child in root] == ["dir", "cachedir", "selectfont"]
    assert root.findtext("dir") == str(FONTS.resolve())
    assert root.findtext("selectfont/rejectfont/glob") == f"{FONTS.resolve()}/vendor/*"
