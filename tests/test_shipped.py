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
import pikepdf
import pypdfium2
import pytest

from handouts.checks.report import source_report
from handouts.commands.build import BuildResult
from handouts.commands.check import check_project
from handouts.load import load_project
from handouts.paths import ProjectPaths
from tests import pdfaudit
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
    # Every language of content/settings.yaml has an edition (drafts are warnings, not gaps).
    project, _ = load_project(ProjectPaths(ROOT))
    assert project is not None
    assert {pdf.document.lang for pdf in shipped_build.pdfs} == set(project.languages)
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


# Past the validators (tests/test_structure.py has the reasons): what a screen reader and a
# printer get, on every shipped PDF, both editions.


def test_every_shipped_pdf_has_a_whole_tag_tree(shipped_build: BuildResult) -> None:
    # No marked content left out of the tree, no empty element, headings in order, every
    # figure with short alternative text, every link printable and described in words.
    problems = {}
    for path in _pdfs(shipped_build):
        with pikepdf.open(path) as pdf:
            tree = pdfaudit.read_tree(pdf)
            found = tree.orphans()[:2] + pdfaudit.empty_elements(tree)[:2]
            found += pdfaudit.heading_problems(pdfaudit.heading_levels(tree))
            found += [
                f"figure without short alt: {a}"
                for a in pdfaudit.figures(tree)
                if not a or len(a) > 200
            ]
            found += [f"link {k}" for k in pdfaudit.links(pdf) if not (k.prints and k.in_words)]
        if found:
            problems[path.name] = found
    assert problems == {}


def test_every_shipped_pdf_prints_as_vectors_in_its_language(
    shipped_build: BuildResult, tmp_path: Path
) -> None:
    project, _ = load_project(ProjectPaths(ROOT))
    assert project is not None
    for pdf in shipped_build.pdfs:
        tag = project.strings[pdf.document.lang].values["language_tag"]
        with pikepdf.open(pdf.path) as document:
            assert pdfaudit.transparency(document) == [], pdf.path
            assert pdfaudit.language(document) == tag, pdf.path
            duplex = pdfaudit.viewer_preferences(document).get("/Duplex")
        assert (duplex == "/DuplexFlipLongEdge") == (pdf.document.kind == "packet-duplex")
        if pdf.document.kind == "packet-duplex" and pdf.document.lang == project.default_language:
            target = tmp_path / "packet.ps"
            command = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=ps2write"]
            subprocess.run([*command, f"-sOutputFile={target}", str(pdf.path)], check=True)
            assert target.stat().st_size < 2_000_000, pdf.path


def test_every_shipped_pdf_keeps_lines_short(shipped_build: BuildResult) -> None:
    # (How full each page is depends on the words: tests/test_structure.py checks it on the
    # fixture clinic, so an honest edit here never fails on a page break.)
    # One location's (the other prints the same lines but for its address), and no duplex
    # packet (the plain one's pages with blank backs): every language and edition.
    first = shipped_build.pdfs[0].document.location
    for pdf in shipped_build.pdfs:
        if pdf.document.location != first or "-duplex" in pdf.path.name:
            continue
        lengths = pdfaudit.line_lengths(pdf.path)
        assert lengths.longest <= 80 and lengths.average <= 72, (pdf.path, lengths)
