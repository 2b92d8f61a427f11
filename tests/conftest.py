"""Shared fixtures: the fixture clinic and the shipped clinic, each built once per session (the
fixture clinic once more by the installed command, in its own process), and a fail-on-log
guard."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from handouts.commands.build import BuildResult, build
from handouts.paths import ProjectPaths
from tests.clinic import ROOT, SOURCE_DATE_EPOCH, TODAY, make_project
from tests.fontutil import CliBuild, CliRun

ENVIRON = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}


@pytest.fixture(autouse=True)
def fail_on_log(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Like WeasyPrint's own suite: any warning logged during a test (a dropped CSS rule,
    a missing image) fails it."""
    caplog.set_level(logging.WARNING)
    yield
    noisy = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    assert not noisy, "logged during the test: " + "; ".join(r.getMessage() for r in noisy)


@pytest.fixture(scope="session")
def clinic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture clinic as a project, shared by the session: do not change it (use
    clinic_copy for that)."""
    return make_project(tmp_path_factory.mktemp("clinic"))


@pytest.fixture
def clinic_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture clinic, for tests that break it on purpose."""
    return make_project(tmp_path / "clinic")


@pytest.fixture(scope="session")
def clinic_build(
    clinic: Path, tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest
) -> BuildResult:
    """Every document of the fixture clinic, built once for the session."""
    if any(
        "clinic_cli_build" in getattr(item, "fixturenames", ()) for item in request.session.items
    ):
        request.getfixturevalue("clinic_cli_run")  # the other build runs meanwhile
    out = tmp_path_factory.mktemp("clinic-output")
    return build(ProjectPaths(clinic), out, today=TODAY, environ=ENVIRON)


@pytest.fixture(scope="session")
def clinic_cli_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CliRun]:
    """The build of clinic_cli_build, started (alongside clinic_build when a test needs both)."""
    run = CliRun.start(tmp_path_factory.mktemp("cli-build"))
    yield run
    run.stop()


@pytest.fixture(scope="session")
def clinic_cli_build(clinic_cli_run: CliRun) -> CliBuild:
    """The fixture clinic built a second time, as a user builds it: `handouts build` in its own
    process, from another copy in another folder, on a machine whose own fonts would change the
    PDFs if rendering saw them (tests/fontutil.py). test_reproducible and test_fonts compare it
    with clinic_build."""
    return clinic_cli_run.finish()


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Every document of the shipped clinic, built once for the session."""
    out = tmp_path_factory.mktemp("shipped-output")
    return build(ProjectPaths(ROOT), out, environ=ENVIRON)
