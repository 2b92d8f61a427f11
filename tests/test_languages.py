"""Spanish and Chinese editions on the fixture clinic: names in every shipped script printed on
personalised packets, Chinese text that extracts as itself from subset fonts, /Lang per PDF,
dates in each language's words, Chinese line breaking, honest translation status (drafts,
--strict, staleness with the English lines that changed, from a tiny git repository), one
warning for a document a language lacks something for, `handouts list`'s matrix, the manifest,
and the plain refusal of a script no shipped font covers."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from click.testing import CliRunner

from handouts.chart.layout import wrap
from handouts.cli import main
from handouts.commands.build import BuildResult
from handouts.commands.check import check_project
from handouts.commands.packet import PacketRequest, make_packet
from handouts.documents.fonts import metrics_for
from handouts.documents.page import TEXT_WIDTH, TITLE_SAFETY, balanced_width
from handouts.documents.visit import parse_appointment, parse_patient
from handouts.errors import HandoutsError
from handouts.load import load_project
from handouts.model import Visit
from handouts.paths import ProjectPaths
from tests import pdfaudit
from tests.brandutil import line_of
from tests.clinic import SOURCE_DATE_EPOCH, TODAY
from tests.pdfutil import font_report, pdf_fonts

NOW = dt.datetime(2026, 11, 27, 9, 0)
APPOINTMENT = "2026-12-03 10:30"
NAMES = {"zh-Hans": "李小龙", "es": "José Núñez", "en": "Ольга Петрова"}
APPOINTMENT_WORDS = {  # Babel, from each strings file's CLDR patterns
    "zh-Hans": ("2026年12月3日 星期四", "上午10:30"),
    "es": ("jueves, 3 de diciembre de 2026", "10:30"),
    "en": ("Thursday, December 3, 2026", "10:30 AM"),
}
CLOSING = "，。、；：？！）」』"
"""Chinese punctuation that never starts a line."""
CHINESE_REST = "今天余下的时间请好好休息。"  # the first sentence of zh-Hans/after-care.md
AFTER_CARE = "content/sections/en/after-care.md"


def text_of(path: Path) -> str:
    """Every page's text, as a reader extracts it (pdfium), one string."""
    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def flat(text: str) -> str:
    """``text`` without whitespace (a Chinese line may break between any two characters)."""
    return "".join(text.split())


@pytest.fixture(scope="module")
def named(clinic: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """lang -> a personalised packet for that language's name, each rendered once."""
    made = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
        for lang, name in NAMES.items():
            folder = tmp_path_factory.mktemp(f"desk-{lang}")
            visit = Visit(parse_patient(name), parse_appointment(APPOINTMENT, NOW))
            request = PacketRequest("downtown", lang=lang, visit=visit)
            made[lang] = make_packet(ProjectPaths(clinic), request, cwd=folder).path
    return made


def built(build: BuildResult, lang: str) -> list[Path]:
    """The PDFs of the fixture build in ``lang``."""
    return [p.path for p in build.pdfs if p.document.lang == lang]


# --- names, dates, fonts -----------------------------------------------------------------------


@pytest.mark.parametrize("lang", list(NAMES))
def test_a_name_in_any_shipped_script_prints_on_the_packet(
    named: dict[str, Path], lang: str
) -> None:
    text = text_of(named[lang])
    assert NAMES[lang] in text
    assert "\ufffd" not in text
    date, time = APPOINTMENT_WORDS[lang]
    assert date in text and time in text, text[:400]


def test_a_name_brings_only_the_font_it_needs(named: dict[str, Path]) -> None:
    families = {
        lang: {re.sub(r"-Bold$", "", f.base_name) for f in pdf_fonts(path)}
        for lang, path in named.items()
    }
    assert families["en"] == {"Atkinson-Hyperlegible", "Noto-Sans"}  # Cyrillic
    assert families["es"] == {"Atkinson-Hyperlegible"}
    assert families["zh-Hans"] == {"Atkinson-Hyperlegible", "Noto-Sans-SC"}
    for path in named.values():
        assert all(
            info == {"embedded": True, "subset": True} for info in font_report(path).values()
        )


def test_chinese_pdfs_extract_as_the_chinese_text(clinic_build: BuildResult) -> None:
    chinese = built(clinic_build, "zh-Hans")
    assert len(chinese) == 12  # aftercare and the packet (plain, duplex), 2 locations, 2 editions
    for path in chinese:
        text = text_of(path)
        assert "\ufffd" not in text, path
        with pikepdf.open(path) as document:
            assert pdfaudit.language(document) == "zh-Hans"
        if path.name.startswith("aftercare"):
            assert CHINESE_REST in flat(text), path
        assert all(info["subset"] for info in font_report(path).values()), path


def test_english_handouts_embed_no_chinese_font_and_each_pdf_has_its_language(
    clinic_build: BuildResult,
) -> None:
    tags = {"en": "en-US", "es": "es-US", "zh-Hans": "zh-Hans"}
    for pdf in clinic_build.pdfs:
        with pikepdf.open(pdf.path) as document:
            assert pdfaudit.language(document) == tags[pdf.document.lang], pdf.path
        if pdf.document.lang != "zh-Hans":
            assert not any("Noto" in name for name in font_report(pdf.path)), pdf.path


def test_no_chinese_line_starts_with_closing_punctuation(clinic_build: BuildResult) -> None:
    # Pango breaks Chinese lines by UAX #14: closing punctuation stays at the end of the line
    # before it. Proven on every line of every Chinese PDF, standard and large print.
    checked = 0
    for path in built(clinic_build, "zh-Hans"):
        for line in pdfaudit.text_lines(path):
            text = line.text.strip()
            if text:
                checked += 1
                assert text[0] not in CLOSING, (path.name, line.page, text)
    # Enough lines that break inside Chinese text for the rule to have been tested.
    assert checked > 200


# --- honest status ----------------------------------------------------------------------------


def test_drafts_are_warnings_and_strict_fails_on_them(clinic: Path) -> None:
    drafts = sorted(
        f"content/sections/zh-Hans/{p.name}"
        for p in (clinic / "content/sections/zh-Hans").glob("*.md")
    )
    report = check_project(ProjectPaths(clinic), TODAY)
    assert report.errors == [] and report.exit_code == 0
    warned = sorted(p.path for p in report.warnings if p.field == "translation.status")
    assert warned == drafts
    strict = check_project(ProjectPaths(clinic), TODAY, strict=True)
    failed = sorted(p.path for p in strict.errors if p.field == "translation.status")
    assert failed == drafts and strict.exit_code == 1


def git(folder: Path, *args: str) -> str:
    """Run git in ``folder`` with a fixed identity and no user configuration."""
    env = {"GIT_CONFIG_GLOBAL": "/dev/null", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(folder)}
    env |= {"GIT_AUTHOR_DATE": "2026-10-01T00:00:00Z", "GIT_COMMITTER_DATE": "2026-10-01T00:00:00Z"}
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *args]
    done = subprocess.run(command, cwd=folder, env=env, capture_output=True, text=True, check=True)
    return done.stdout


STALE = ": warning: translation.source: stale: "


def test_editing_one_english_section_makes_exactly_its_translations_stale(
    clinic_copy: Path,
) -> None:
    if shutil.which("git") is None:
        pytest.fail("git is not installed")
    git(clinic_copy, "init", "-q")
    git(clinic_copy, "add", "-A")
    git(clinic_copy, "commit", "-q", "-m", "the clinic")
    before = {str(p) for p in check_project(ProjectPaths(clinic_copy), TODAY).problems}
    # The one stale translation the fixture has: its original's old version was never committed.
    (old,) = [line for line in before if STALE in line]
    assert old.startswith("content/sections/es/hello.md:")
    assert "is not in git history, so the changed lines are unknown" in old
    section = clinic_copy / AFTER_CARE
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("- Drink water.", "- Drink a glass of water."), "utf-8")
    changed = line_of(section, "Drink a glass of water.")
    first = git(clinic_copy, "rev-parse", "HEAD").strip()

    def stale_lines() -> list[str]:
        after = [str(p) for p in check_project(ProjectPaths(clinic_copy), TODAY).problems]
        return sorted(line for line in after if line not in before and STALE in line)

    # Before the edit is committed (its original is the index's), and after.
    for where in ["the index", f"commit {first[:10]}"]:
        new = stale_lines()
        assert [line.split(":")[0] for line in new] == [
            "content/sections/es/after-care.md",
            "content/sections/zh-Hans/after-care.md",
        ]
        for line in new:
            assert f"stale: {AFTER_CARE} changed since this was translated from it" in line
            assert f"({where}): its lines {changed} are new or changed;" in line, line
        if where == "the index":
            git(clinic_copy, "commit", "-q", "-am", "more water")


# --- availability, list, manifest -------------------------------------------------------------


def test_a_document_a_language_lacks_something_for_is_one_warning(clinic_copy: Path) -> None:
    (clinic_copy / "content/sections/zh-Hans/checklist.md").unlink()
    report = check_project(ProjectPaths(clinic_copy), TODAY)
    assert report.errors == []
    skipped = [str(p) for p in report.warnings if "not built in" in p.message]
    # One warning per document and language, naming all it lacks (the visit guide has no
    # Spanish or Chinese title; the packet, now, no Chinese checklist).
    assert sorted(skipped) == [
        "content/handouts/visit-guide.yaml:1: warning: not built in es: it lacks title, subject "
        "in content/handouts/visit-guide.yaml",
        "content/handouts/visit-guide.yaml:1: warning: not built in zh-Hans: it lacks title, "
        "subject in content/handouts/visit-guide.yaml",
        "content/packets/first-visit.yaml:1: warning: not built in zh-Hans: it lacks "
        "content/sections/zh-Hans/checklist.md",
    ]
    # The packet command says the same, and offers the languages it has.
    runner = CliRunner()
    result = runner.invoke(
        main, ["packet", "-l", "downtown", "--lang", "zh-Hans", "--project", str(clinic_copy)]
    )
    assert result.exit_code == 1
    assert "content/sections/zh-Hans/checklist.md" in result.output
    assert "en, es" in result.output


def test_list_shows_documents_by_language(clinic: Path) -> None:
    result = CliRunner().invoke(main, ["list", "--project", str(clinic)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index("Translations:")
    rows = [line.split() for line in lines[start + 1 : start + 5]]
    assert rows == [
        ["en", "es", "zh-Hans"],
        ["aftercare", "(handout)", "source", "reviewed", "draft"],
        ["visit-guide", "(handout)", "source", "missing", "missing"],
        ["first-visit", "(packet)", "source", "stale", "draft"],
    ]


def test_the_manifest_records_each_pdfs_translation_status(clinic_build: BuildResult) -> None:
    assert clinic_build.manifest is not None
    entries = json.loads(clinic_build.manifest.read_text())["pdfs"]
    status = {(e["document"], e["lang"]): e["translation"]["status"] for e in entries}
    assert status == {
        ("aftercare", "en"): "source",
        ("visit-guide", "en"): "source",
        ("first-visit", "en"): "source",
        ("aftercare", "es"): "reviewed",
        ("first-visit", "es"): "stale",  # its cover's hello.md
        ("aftercare", "zh-Hans"): "draft",
        ("first-visit", "zh-Hans"): "draft",
    }
    packet = next(e for e in entries if (e["document"], e["lang"]) == ("first-visit", "es"))
    assert packet["translation"]["sections"]["hello"] == "stale"


# --- a script no shipped font covers ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "es", "zh-Hans"])
def test_a_thai_name_is_refused_naming_the_script_only(
    clinic: Path, tmp_path: Path, lang: str
) -> None:
    name = "กานดา ใจดี"
    visit = Visit(parse_patient(name), parse_appointment(APPOINTMENT, NOW))
    request = PacketRequest("downtown", lang=lang, visit=visit)
    with pytest.raises(HandoutsError) as refused:
        make_packet(ProjectPaths(clinic), request, cwd=tmp_path)
    message = str(refused.value)
    assert "no shipped font covers (Thai)" in message
    assert "กานดา" not in message and "ใจดี" not in message
    assert list(tmp_path.iterdir()) == []


def test_a_long_chinese_title_is_set_in_even_lines(clinic: Path) -> None:
    # A title in a language written without spaces breaks between characters, into lines of
    # about equal width (not seven characters and one alone), never inside a Latin word, before
    # closing punctuation or after an opening bracket; English titles still break between words.
    project, _ = load_project(ProjectPaths(clinic))
    assert project is not None
    size = 34.56  # the large-print edition's title size
    limit = TEXT_WIDTH * TITLE_SAFETY

    def lines_of(title: str) -> list[str]:
        metrics = metrics_for(project, "zh-Hans", title)
        assert metrics is not None
        width = balanced_width(title, metrics, size)
        assert width is not None
        lines = wrap(title, width * size, size, metrics, bold=True)
        assert "".join(lines) == title.replace(" ", "")
        return lines

    assert lines_of("氯胺酮治疗的副作用：可能会怎样") == ["氯胺酮治疗的副作", "用：可能会怎样"]
    mixed = lines_of("氯胺酮治疗的副作Spravato用可能会怎样")
    assert len(mixed) == 2 and any("Spravato" in line for line in mixed)
    bracketed = lines_of("氯胺酮治疗的副作用可（艾司氯胺酮）可能会怎样")
    assert len(bracketed) == 2
    assert not any(line.endswith("（") or line.startswith(("）", "：")) for line in bracketed)
    english = "Side effects of ketamine treatment: what to expect"
    metrics = metrics_for(project, "en", english)
    assert metrics is not None and metrics.width(english, size, bold=True) > limit
    width = balanced_width(english, metrics, size)
    assert width is not None and width * size < limit  # two even lines, broken between words


def test_chinese_chart_labels_wrap_in_even_lines(clinic: Path) -> None:
    # A column heading too wide for its column: two halves, not a full line and one character.
    project, _ = load_project(ProjectPaths(clinic))
    assert project is not None
    label = "治疗后1到4小时"
    metrics = metrics_for(project, "zh-Hans", label)
    assert metrics is not None
    narrow = metrics.width(label, 11, bold=True) * 0.9
    assert wrap(label, narrow, 11, metrics, bold=True) == ["治疗后1", "到4小时"]
