"""Reproducible PDFs, their dates, the manifest, and sharded builds."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest

from handouts.build import BuildResult, build, newest_review, plan_jobs, shard_key
from handouts.document import Job
from handouts.errors import HandoutsError
from handouts.loader import Project, load_project
from handouts.manifest import merge_manifests
from handouts.project import ProjectPaths
from handouts.provenance import source_date, source_revision
from handouts.shard import Shard

SHARDS = 3
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def cli_build(root: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same build as `shipped_build`, run by the CLI in another process and folder."""
    out = tmp_path_factory.mktemp("cli-output")
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    subprocess.run(
        # Handouts only, like shipped_build (.ci/run diffs two full builds, packets included).
        [
            sys.executable,
            "-m",
            "handouts",
            "build",
            "--handout",
            "side-effects",
            "--output",
            str(out),
        ],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    return out


@pytest.fixture(scope="module")
def shard_builds(root: Path, tmp_path_factory: pytest.TempPathFactory) -> list[BuildResult]:
    """The shipped build split into three shards, each into its own folder."""
    return [
        build(ProjectPaths(root), tmp_path_factory.mktemp(f"shard-{i}"), shard=Shard(i, SHARDS))
        for i in range(1, SHARDS + 1)
    ]


def output_dir(result: BuildResult) -> Path:
    assert result.manifest is not None
    return result.manifest.parent


# --- byte-identical rebuilds --------------------------------------------------------------


def test_two_builds_in_two_processes_are_byte_identical(
    shipped_build: BuildResult, cli_build: Path
) -> None:
    first, second = tree(output_dir(shipped_build)), tree(cli_build)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == [], f"differ between two builds of the same sources: {different}"


def shipped_build_project(root: Path) -> Project:
    """The shipped project, loaded."""
    project, _ = load_project(ProjectPaths(root))
    assert project is not None
    return project


def test_pdf_dates_are_the_source_date_not_the_clock(
    shipped_build: BuildResult, root: Path
) -> None:
    # The same rule the build follows (git, else the newest review date), so this also holds
    # for a source tarball without git history.
    expected = source_date(root, {}, newest_review(shipped_build_project(root))).when.strftime(
        "D:%Y%m%d%H%M%SZ"
    )
    for pdf in shipped_build.pdfs:
        meta = pypdf.PdfReader(pdf.path).metadata
        assert meta is not None
        assert meta["/CreationDate"] == expected
        assert meta["/ModDate"] == expected


def test_pdf_identifier_is_stable_per_document(shipped_build: BuildResult) -> None:
    ids = {}
    for pdf in shipped_build.pdfs:
        trailer_id = pypdf.PdfReader(pdf.path).trailer["/ID"]
        ids[pdf.job.location] = bytes(trailer_id[0].original_bytes)
    assert len(set(ids.values())) == len(ids), "each document has its own permanent /ID"


def test_source_date_epoch_sets_the_pdf_dates(project_copy: Path, tmp_path: Path) -> None:
    result = build(
        ProjectPaths(project_copy),
        tmp_path / "out",
        locations=["queens"],
        environ={"SOURCE_DATE_EPOCH": EPOCH},
    )
    (pdf,) = result.pdfs
    reader = pypdf.PdfReader(pdf.path)
    assert reader.metadata is not None
    assert reader.metadata["/CreationDate"] == "D:20231114221320Z"
    assert reader.metadata["/ModDate"] == "D:20231114221320Z"
    xmp = reader.xmp_metadata
    assert xmp is not None
    assert xmp.xmp_create_date == dt.datetime(2023, 11, 14, 22, 13, 20)
    manifest = json.loads((tmp_path / "out/manifest.json").read_text())
    assert manifest["source"] == {
        "date": "2023-11-14T22:13:20Z",
        "date_from": "SOURCE_DATE_EPOCH",
        "revision": "unknown",
    }


# --- where the source date and revision come from ------------------------------------------


def test_source_date_from_git_is_the_last_commit_of_content_or_templates(root: Path) -> None:
    if shutil.which("git") is None or not (root / ".git").exists():
        pytest.skip("not a git checkout")
    stamp = subprocess.run(
        ["git", "log", "-1", "--format=%ct", "--", "content", "templates"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    date = source_date(root, {})
    assert date.origin == "git"
    assert date.when == dt.datetime.fromtimestamp(int(stamp), dt.UTC)
    assert (
        source_revision(root).split("-")[0]
        == subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
    )


def test_source_date_without_git_is_the_newest_review(tmp_path: Path) -> None:
    date = source_date(tmp_path, {}, newest_review=dt.date(2026, 11, 20))
    assert (date.origin, date.w3c()) == ("reviewed", "2026-11-20T00:00:00Z")
    assert source_revision(tmp_path) == "unknown"


def test_source_date_epoch_wins(root: Path) -> None:
    date = source_date(root, {"SOURCE_DATE_EPOCH": EPOCH})
    assert (date.origin, date.w3c()) == ("SOURCE_DATE_EPOCH", "2023-11-14T22:13:20Z")


@pytest.mark.parametrize("value", ["yesterday", "-5", "1.5"])
def test_bad_source_date_epoch_is_one_clear_error(root: Path, value: str) -> None:
    with pytest.raises(HandoutsError, match=r"SOURCE_DATE_EPOCH: '.*' is"):
        source_date(root, {"SOURCE_DATE_EPOCH": value})


# --- manifest ------------------------------------------------------------------------------


def test_manifest_describes_the_files(shipped_build: BuildResult) -> None:
    out = output_dir(shipped_build)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["format"] == 1
    assert manifest["shard"] is None
    assert manifest["source"]["date_from"] in ("git", "reviewed")
    listed = [entry["path"] for entry in manifest["pdfs"]]
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert listed == on_disk
    for entry in manifest["pdfs"]:
        data = (out / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        assert entry["pages"] == len(pypdf.PdfReader(out / entry["path"]).pages)
        assert entry["path"] == f"{entry['location']}/{entry['document']}.pdf"
        assert (entry["kind"], entry["lang"]) == ("handout", "en")


def test_manifest_is_stable_json(shipped_build: BuildResult) -> None:
    text = (output_dir(shipped_build) / "manifest.json").read_text()
    manifest = json.loads(text)
    assert text == json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    assert "T" not in json.dumps(manifest["pdfs"]), "no timestamps in the entries"


# --- shards --------------------------------------------------------------------------------


def test_shards_are_disjoint_and_add_up_to_the_full_build(
    shipped_build: BuildResult, shard_builds: list[BuildResult]
) -> None:
    full = tree(output_dir(shipped_build))
    full.pop("manifest.json")
    seen: dict[str, bytes] = {}
    for number, result in enumerate(shard_builds, start=1):
        files = tree(output_dir(result))
        assert files.pop(f"manifest-shard-{number}-of-{SHARDS}.json")
        overlap = set(files) & set(seen)
        assert not overlap, f"shard {number} repeats {overlap}"
        seen.update(files)
    assert seen == full  # the same names and the same bytes


def test_shard_manifests_merge_into_the_full_manifest(
    shipped_build: BuildResult, shard_builds: list[BuildResult]
) -> None:
    full = json.loads((output_dir(shipped_build) / "manifest.json").read_text())
    parts = [json.loads(r.manifest.read_text()) for r in shard_builds if r.manifest]
    assert [p["shard"] for p in parts] == ["1/3", "2/3", "3/3"]
    assert merge_manifests(parts) == full


def test_adding_a_location_moves_no_pdf_to_another_shard(root: Path) -> None:
    project, _ = load_project(ProjectPaths(root))
    assert project is not None
    jobs = plan_jobs(project)
    more = [*jobs, *(Job(j.handout, "brooklyn", j.lang) for j in jobs)]
    for count in (2, 3, 5):
        for index in range(1, count + 1):
            shard = Shard(index, count)
            before = shard.select(jobs, lambda j: shard_key(j, "en"))
            after = shard.select(more, lambda j: shard_key(j, "en"))
            assert [j for j in after if j.location != "brooklyn"] == before


def test_shards_share_many_jobs_evenly() -> None:
    keys = [f"location-{n}/handout-{m}.pdf" for n in range(40) for m in range(5)]
    sizes = [len(Shard(i, 4).select(keys, str)) for i in range(1, 5)]
    assert sum(sizes) == len(keys)
    assert min(sizes) > len(keys) / 4 * 0.7, sizes


@pytest.mark.parametrize("text", ["0/3", "4/3", "1/0", "x", "1-3", "/3"])
def test_bad_shard_is_a_usage_error(root: Path, text: str, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from handouts.cli import main

    result = CliRunner().invoke(
        main, ["build", "--shard", text, "--project", str(root), "--output", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "Invalid value for '--shard'" in result.stderr
    assert not list(tmp_path.iterdir())
