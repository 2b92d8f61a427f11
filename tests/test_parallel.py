"""Rendering on several processes (`handouts build --jobs N`): the same bytes and manifest as one
process, the same one-line error when a document fails, output/ untouched, no worker left."""

from __future__ import annotations

import multiprocessing
import shutil
from pathlib import Path

import pytest

import handouts.commands.build
from handouts.commands.build import BuildResult, build, requested
from handouts.errors import HandoutsError
from handouts.paths import ProjectPaths
from handouts.write.cache import PdfCache
from tests.clinic import SOURCE_DATE_EPOCH, TODAY
from tests.fontutil import CliBuild

ENVIRON = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}


def tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_two_workers_write_the_same_pdfs_and_manifest_as_one_process(
    clinic_cli_build: CliBuild, clinic_build: BuildResult
) -> None:
    # The session's clinic_build renders in its own process; the CLI build of another copy
    # renders on two workers (tests/fontutil.py).
    assert clinic_cli_build.done.returncode == 0, clinic_cli_build.done.stderr
    assert clinic_cli_build.done.args[-2:] == ["--jobs", "2"]
    assert clinic_build.manifest is not None
    assert tree(clinic_cli_build.output) == tree(clinic_build.manifest.parent)


def test_a_failing_document_gives_the_same_error_on_two_workers_and_writes_nothing(
    clinic_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A value WeasyPrint refuses (the checks read property names, not values, and do not lay
    # documents out): every document fails, and the first in the build's order is the one
    # reported, on any --jobs.
    with (clinic_copy / "templates/css/handout.css").open("a", encoding="utf-8") as css:
        css.write("\n.section { color: no-such-colour; }\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("an earlier run's manifest\n", encoding="utf-8")
    request = requested(locations=["downtown"], handouts=["visit-guide", "aftercare"])
    messages = []
    # Other tests of this process may keep workers of their own (the web app's warm pool).
    others = set(multiprocessing.active_children())
    for jobs in (1, 2):
        with pytest.raises(HandoutsError) as caught:
            build(ProjectPaths(clinic_copy), out, request, today=TODAY, environ=ENVIRON, jobs=jobs)
        messages.append(caught.value.format_message())
        assert tree(out) == {"manifest.json": b"an earlier run's manifest\n"}
        assert set(multiprocessing.active_children()) <= others
    assert messages[0] == messages[1]
    assert messages[0].startswith(
        "downtown/visit-guide (en): error: WeasyPrint: Ignored `color: no-such-colour`"
    )
    assert "\n" not in messages[0]
    caplog.clear()  # WeasyPrint's warning, logged in this process by the one-job build


def test_a_build_the_cache_can_serve_starts_no_worker(
    clinic_build: BuildResult, clinic_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert clinic_build.manifest is not None
    shutil.copytree(clinic_build.manifest.parent.parent / "cache", tmp_path / "cache")

    def no_pool(*args: object) -> None:
        raise AssertionError("a worker was started for a build the cache serves")

    monkeypatch.setattr(handouts.commands.build, "RenderPool", no_pool)
    result = build(
        ProjectPaths(clinic_copy),
        tmp_path / "out",
        today=TODAY,
        environ=ENVIRON,
        jobs=4,
        cache=PdfCache(tmp_path / "cache"),
    )
    assert result.cached == len(result.pdfs)
