"""Shared fixtures: the shipped project, a built copy of it, and a fail-on-log guard."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from handouts.build import BuildResult, build
from handouts.project import ProjectPaths

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def fail_on_log(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Like WeasyPrint's own suite: any warning logged during a test (a dropped CSS rule,
    a missing image) fails it."""
    caplog.set_level(logging.WARNING)
    yield
    noisy = [r for r in caplog.get_records("call") if r.levelno >= logging.WARNING]
    assert not noisy, "logged during the test: " + "; ".join(r.getMessage() for r in noisy)


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository's own project (content/ and templates/)."""
    return ROOT


@pytest.fixture(scope="session")
def shipped_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """Every handout for every location, built once for the session into a temporary folder."""
    out = tmp_path_factory.mktemp("output")
    return build(ProjectPaths(ROOT), out)


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped project, for tests that break it on purpose."""
    dest = tmp_path / "project"
    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, dest / folder)
    return dest
