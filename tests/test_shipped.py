"""The shipped clinic (content/ of this repository), as a thin layer: it builds, it checks with no
error, and every PDF passes the PDF/UA validator and opens cleanly in real readers.

Nothing here names the shipped clinic's words, headings or page counts, so a content editor's
honest edit fails no test unless it breaks a rule; behaviour is tested on the fixture clinic.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import page as pdf_validator
import pypdfium2
import pytest

from handouts.checks.report import source_report
from handouts.commands.build import BuildResult
from handouts.commands.check import check_project
from handouts.load import load_project
from handouts.paths import ProjectPaths
from tests.clinic import ROOT
from tests.pdfutil import font_report


def test_the_shipped_clinic_checks_with_no_error() -> None:
    report = check_project(ProjectPaths(ROOT))
    assert report.errors == [], "\n".join(str(p) for p in report.errors)


def test_every_shipped_statement_names_its_source_and_nothing_is_copied() -> None:
    # Unsupported statements and copied runs are warnings (so check passes): here they fail.
    report = check_project(ProjectPaths(ROOT))
    found = [
        str(p)
        for p in report.problems
        if p.field in ("support", "copy")
        or p.field.startswith("support.")
        or "words in a row" in p.message
    ]
    assert found == []
    project, problems = load_project(ProjectPaths(ROOT))
    assert project is not None and not problems
    assert source_report(project).unsupported == 0
    assert project.references, "the shipped clinic names its sources"


def test_the_shipped_clinic_builds_every_document(shipped_build: BuildResult) -> None:
    paths = {
        pdf.path.relative_to(shipped_build.manifest.parent).as_posix() for pdf in shipped_build.pdfs
    }  # type: ignore[union-attr]
    assert shipped_build.pdfs, "the build wrote nothing"
    assert all(path.endswith(".pdf") for path in paths)
    assert all(pdf.pages > 0 and pdf.path.stat().st_size == pdf.size for pdf in shipped_build.pdfs)


def _pdfs(build: BuildResult) -> list[Path]:
    return [pdf.path for pdf in build.pdfs]


def test_every_shipped_pdf_passes_pdf_ua(shipped_build: BuildResult) -> None:
    failures = {}
    for path in _pdfs(shipped_build):
        report = pdf_validator.validate_pdf(path, profile="ua1")
        if not report.is_compliant:
            failures[path.name] = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert failures == {}


def test_every_shipped_pdf_embeds_its_fonts(shipped_build: BuildResult) -> None:
    for path in _pdfs(shipped_build):
        fonts = font_report(path)
        assert fonts, f"{path}: no fonts"
        assert all(f["embedded"] and f["subset"] for f in fonts.values()), (path, fonts)


def test_every_shipped_pdf_has_text_on_every_page(shipped_build: BuildResult) -> None:
    for path in _pdfs(shipped_build):
        document = pypdfium2.PdfDocument(path)
        try:
            for index in range(len(document)):
                text = document[index].get_textpage().get_text_range()
                assert text.strip(), f"{path}: page {index + 1} has no text"
                assert "\ufffd" not in text, f"{path}: page {index + 1} has a replacement character"
        finally:
            document.close()


@pytest.mark.parametrize(
    "command",
    [
        ["qpdf", "--check"],
        ["pdftotext", "-q"],
        ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=nullpage"],
    ],
    ids=["qpdf", "pdftotext", "ghostscript"],
)
def test_real_readers_open_every_shipped_pdf_without_a_word(
    shipped_build: BuildResult, command: list[str], tmp_path: Path
) -> None:
    if shutil.which(command[0]) is None:
        pytest.fail(f"{command[0]} is not installed (scripts/setup test installs it)")
    for path in _pdfs(shipped_build):
        args = [*command, str(path)]
        if command[0] == "pdftotext":
            args.append(str(tmp_path / "out.txt"))
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        assert done.returncode == 0, (path, done.stdout, done.stderr)
        noise = done.stderr.strip() if command[0] != "qpdf" else ""
        assert noise == "", (path, noise)
