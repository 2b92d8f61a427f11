"""Shared fixtures: the fixture clinic and the shipped clinic, each built once per test run (the
fixture clinic once more by the installed command, in its own process), and a fail-on-log
guard.

`make test` runs the suite on every core (pytest-xdist). A build every worker needs is still made
once per run: the first worker to ask makes it under the run's shared temporary folder, the
others wait for it and read the same result (`shared`).
"""

from __future__ import annotations

import logging
import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest
from filelock import FileLock

from handouts.commands.build import BuildResult, build
from handouts.paths import ProjectPaths
from handouts.write.cache import PdfCache
from tests.clinic import ROOT, SOURCE_DATE_EPOCH, TODAY, make_project
from tests.fontutil import CliBuild, CliRun

ENVIRON = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
T = TypeVar("T")


def shared(factory: pytest.TempPathFactory, name: str, make: Callable[[Path], T]) -> T:
    """``make(folder)`` done once for the whole test run, however many workers run it: the first
    worker makes it in a folder every worker can read and keeps the result; the others load it."""
    root = factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the run's folder, above each worker's own
    folder = root / f"shared-{name}"
    kept = root / f"shared-{name}.pickle"
    with FileLock(str(root / f"shared-{name}.lock")):
        if kept.exists():
            result: T = pickle.loads(kept.read_bytes())
            return result
        folder.mkdir()
        result = make(folder)
        kept.write_bytes(pickle.dumps(result))
        return result


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """No test writes into the real user's build cache, and a command-line build renders in
    its own process unless a test asks for workers (--jobs): HANDOUTS_CACHE_DIR and HANDOUTS_JOBS
    for the session, inherited by the commands tests start."""
    saved = {name: os.environ.get(name) for name in ("HANDOUTS_CACHE_DIR", "HANDOUTS_JOBS")}
    folder = tmp_path_factory.mktemp("user-cache")
    os.environ.update(HANDOUTS_CACHE_DIR=str(folder), HANDOUTS_JOBS="1")
    yield folder
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value


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
    """The fixture clinic as a project, shared by the run: do not change it (use clinic_copy
    for that)."""
    return shared(tmp_path_factory, "clinic", lambda folder: make_project(folder / "clinic"))


@pytest.fixture
def clinic_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture clinic, for tests that break it on purpose."""
    return make_project(tmp_path / "clinic")


@pytest.fixture(scope="session")
def clinic_build(clinic: Path, tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Every document of the fixture clinic, built once for the run, in this process (the CLI
    build renders on two workers) and with an empty cache it fills, in the folder beside its
    output (tests/test_cache.py reuses it instead of rendering again)."""

    def make(folder: Path) -> BuildResult:
        cache = PdfCache(folder / "cache")
        output = folder / "output"
        return build(ProjectPaths(clinic), output, today=TODAY, environ=ENVIRON, cache=cache)

    return shared(tmp_path_factory, "clinic-build", make)


@pytest.fixture(scope="session")
def clinic_cli_build(tmp_path_factory: pytest.TempPathFactory) -> CliBuild:
    """The fixture clinic built a second time, as a user builds it: `handouts build` in its own
    process, from another copy in another folder, on a machine whose own fonts would change the
    PDFs if rendering saw them (tests/fontutil.py). test_reproducible and test_fonts compare it
    with clinic_build."""
    return shared(tmp_path_factory, "cli-build", lambda folder: CliRun.start(folder).finish())


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Every document of the shipped clinic, built once for the run."""

    def make(folder: Path) -> BuildResult:
        return build(ProjectPaths(ROOT), folder / "output", environ=ENVIRON)

    return shared(tmp_path_factory, "shipped-build", make)
