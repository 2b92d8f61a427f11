"""What `check` remembers between runs (handouts/checks/memo.py): a check that remembers finds
exactly what a check from scratch finds, after any edit, and remembers nothing of a patient.

Each case starts from a memo a check of the unchanged clinic filled (copied, so the cases stay
independent), makes one edit, then checks with that memo and without any.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from handouts.checks import checked
from handouts.commands.check import check_project
from handouts.documents.packet import packet_document
from handouts.documents.visit import make_visit
from handouts.load.snapshot import take_snapshot
from handouts.paths import ProjectPaths
from handouts.write.cache import CheckMemo
from tests.clinic import TODAY, append, edit, make_project

HARD = (
    "\nConsiderable physiological heterogeneity notwithstanding, practitioners recommend "
    "individualized pharmacological interventions, contingent upon comprehensive "
    "psychiatric evaluation and longitudinal therapeutic monitoring.\n"
)


def findings(project: Path, memo: CheckMemo | None) -> list[str]:
    return [str(p) for p in check_project(ProjectPaths(project), TODAY, memo=memo).problems]


def memo_for(project: Path, folder: Path) -> CheckMemo:
    """The memo in ``folder``, with the project's files as they are now (as a command makes it)."""
    return CheckMemo(folder, take_snapshot(ProjectPaths(project)))


@pytest.fixture(scope="module")
def warm(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    """A memo filled by checking the unchanged fixture clinic, and what that check found."""
    root = tmp_path_factory.mktemp("warm")
    project = make_project(root / "clinic")
    found = findings(project, memo_for(project, root / "memo"))
    return root / "memo", found


EDITS: dict[str, Callable[[Path], None]] = {
    "nothing": lambda root: None,
    "a template names a file outside the project": lambda root: append(
        root / "templates/partials/disclaimer.html", '\n<img src="file:///etc/passwd" alt="">\n'
    ),
    "a stylesheet imports one from the network": lambda root: append(
        root / "templates/css/packet.css", '\n@import url("https://example.org/x.css");\n'
    ),
    "a block uses a value no document has": lambda root: append(
        root / "templates/blocks/timeline-chart.html", "\n{{ no_such_value }}\n"
    ),
    "a template no longer compiles": lambda root: append(
        root / "templates/partials/running-footer.html", "\n{% if %}\n"
    ),
    "a section becomes hard to read": lambda root: append(
        root / "content/sections/en/visit-day.md", HARD
    ),
    "the wording packets need is gone": lambda root: edit(
        root / "content/strings/en.yaml", "patient_name: Name\n", ""
    ),
    "a location changes": lambda root: edit(
        root / "content/locations/north-shore.yaml", "(555) 010-0111", "(555) 010-0199"
    ),
}


@pytest.mark.parametrize("change", EDITS.values(), ids=EDITS.keys())
def test_a_check_that_remembers_finds_what_a_fresh_check_finds(
    warm: tuple[Path, list[str]], clinic_copy: Path, tmp_path: Path, change: Callable[[Path], None]
) -> None:
    folder, before = warm
    shutil.copytree(folder, tmp_path / "memo")
    change(clinic_copy)
    remembered = findings(clinic_copy, memo_for(clinic_copy, tmp_path / "memo"))
    fresh = findings(clinic_copy, None)
    assert remembered == fresh
    if change is EDITS["nothing"]:
        assert fresh == before
    elif change is not EDITS["a location changes"]:
        assert fresh != before  # each edit is one the checks see


def test_an_unchanged_project_is_not_filled_again(
    warm: tuple[Path, list[str]], clinic_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import handouts.checks.templates

    folder, before = warm
    shutil.copytree(folder, tmp_path / "memo")
    filled: list[str] = []
    real_fill = handouts.checks.templates.fill

    def counting_fill(env, view, document, date):  # type: ignore[no-untyped-def]
        filled.append(document.name)
        return real_fill(env, view, document, date)

    monkeypatch.setattr(handouts.checks.templates, "fill", counting_fill)
    assert findings(clinic_copy, memo_for(clinic_copy, tmp_path / "memo")) == before
    assert filled == []
    # One section edited: only the documents that print it are filled again.
    append(clinic_copy / "content/sections/en/hello.md", "\nWelcome again.\n")
    findings(clinic_copy, memo_for(clinic_copy, tmp_path / "memo"))
    assert filled and all("first-visit packet" in name for name in filled)


def test_nothing_of_a_patient_is_remembered(clinic_copy: Path, tmp_path: Path) -> None:
    import datetime as dt

    paths = ProjectPaths(clinic_copy)
    memo = memo_for(clinic_copy, tmp_path / "memo")
    now = dt.datetime(2026, 12, 1, 9, 0)
    visit = make_visit("Zyxwv Qutsr", "2026-12-15 10:30", now)

    def personal(project):  # type: ignore[no-untyped-def]
        return [packet_document(project, "first-visit", "downtown", "en", visit=visit)]

    checked(paths, TODAY, personal, memo)
    memo.save()
    text = memo.path.read_text(encoding="utf-8")
    assert "Zyxwv" not in text and "Qutsr" not in text and "2026-12-15" not in text
    assert '"filled"' not in text  # the patient's packet was filled, and not remembered
