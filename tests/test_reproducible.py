"""Reproducible PDFs: byte-identical in another process, dated by the source (SOURCE_DATE_EPOCH,
git or the newest review, never the clock), the manifest, and sharded builds."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from click.testing import CliRunner

from handouts.cli import main
from handouts.commands.build import BuildResult, Request, build, requested
from handouts.errors import HandoutsError
from handouts.load import load_project
from handouts.model import Project
from handouts.paths import ProjectPaths
from handouts.write.cache import PdfCache
from handouts.write.manifest import merge_manifests
from handouts.write.provenance import source_date, source_revision
from handouts.write.shard import Shard
from tests.clinic import SOURCE_DATE_EPOCH, TODAY, make_project
from tests.fontutil import CliBuild

SHARDS = 3
ENVIRON = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
SOURCE_MOMENT = dt.datetime.fromtimestamp(int(SOURCE_DATE_EPOCH), dt.UTC)


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, by relative path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def output_dir(result: BuildResult) -> Path:
    assert result.manifest is not None
    return result.manifest.parent


def loaded(root: Path) -> Project:
    project, problems = load_project(ProjectPaths(root))
    assert project is not None, problems
    return project


@pytest.fixture(scope="module")
def shard_builds(
    clinic: Path, clinic_build: BuildResult, tmp_path_factory: pytest.TempPathFactory
) -> list[BuildResult]:
    """The fixture clinic's build split into three shards, each built once into its own folder.
    They take their PDFs from the session build's cache (tests/test_cache.py proves a PDF from
    the cache is the one a clean build renders): what is tested here is how the shards share the
    documents and the manifest."""
    assert clinic_build.manifest is not None
    cache = PdfCache(clinic_build.manifest.parent.parent / "cache")
    return [
        build(
            ProjectPaths(clinic),
            tmp_path_factory.mktemp(f"shard-{index}"),
            requested(shard=Shard(index, SHARDS)),
            today=TODAY,
            environ=ENVIRON,
            cache=cache,
        )
        for index in range(1, SHARDS + 1)
    ]


# --- byte-identical rebuilds --------------------------------------------------------------


def test_two_builds_in_two_processes_are_byte_identical(
    clinic_cli_build: CliBuild, clinic_build: BuildResult
) -> None:
    # The other build: the installed command, another copy in another folder, another home,
    # time zone and set of machine fonts (tests/fontutil.py). PDFs and manifest alike.
    assert clinic_cli_build.done.returncode == 0, clinic_cli_build.done.stderr
    first, second = tree(output_dir(clinic_build)), tree(clinic_cli_build.output)
    assert sorted(first) == sorted(second)
    different = [name for name in first if first[name] != second[name]]
    assert different == [], f"differ between two builds of the same sources: {different}"


def test_pdf_dates_are_the_source_date_not_the_clock(
    clinic_build: BuildResult, clinic: Path
) -> None:
    stamp = SOURCE_MOMENT.strftime("D:%Y%m%d%H%M%SZ")
    for pdf in clinic_build.pdfs:
        reader = pypdf.PdfReader(pdf.path)
        assert reader.metadata is not None
        assert (reader.metadata["/CreationDate"], reader.metadata["/ModDate"]) == (stamp, stamp)
        xmp = reader.xmp_metadata
        assert xmp is not None
        assert xmp.xmp_create_date == SOURCE_MOMENT.replace(tzinfo=None), pdf.path
    manifest = json.loads(clinic_build.manifest.read_text())  # type: ignore[union-attr]
    assert manifest["source"] == {
        "date": SOURCE_MOMENT.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "date_from": "SOURCE_DATE_EPOCH",
        "revision": source_revision(clinic),
    }


def test_pdf_identifier_is_stable_per_document(clinic_build: BuildResult, clinic: Path) -> None:
    # The first half of /ID comes from where the document goes, so every revision of one
    # document keeps it, and no two documents share it.
    project = loaded(clinic)
    ids = {}
    for pdf in clinic_build.pdfs:
        first, _ = pypdf.PdfReader(pdf.path).trailer["/ID"]
        ids[pdf.path] = bytes(first.original_bytes)
        assert ids[pdf.path] == pdf.document.identifier(project)
    assert len(set(ids.values())) == len(ids) == len(clinic_build.pdfs)


# --- where the source date and revision come from ------------------------------------------


def git(folder: Path, *args: str, when: str = "") -> str:
    """Run git in ``folder`` with no user or system configuration; ``when``: the commit date."""
    env = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(folder),
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    if when:
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
    done = subprocess.run(
        ["git", *args], cwd=folder, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_source_date_from_git_is_the_last_commit_of_content_or_templates(tmp_path: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = make_project(tmp_path / "clinic")
    git(root, "init", "-q")
    git(root, "add", "content", "templates")
    git(root, "commit", "-q", "-m", "sources", when="2026-11-20T10:00:00Z")
    (root / "README.md").write_text("Not content.\n")
    git(root, "add", "README.md")
    git(root, "commit", "-q", "-m", "notes", when="2026-11-25T10:00:00Z")
    date = source_date(root, {})
    assert (date.origin, date.w3c()) == ("git", "2026-11-20T10:00:00Z")
    head = git(root, "rev-parse", "HEAD")
    assert source_revision(root) == head
    # A changed tracked file marks the revision dirty; the date stays the commit's.
    (root / "content/settings.yaml").write_text("# edited\n", encoding="utf-8")
    assert source_revision(root) == f"{head}-dirty"
    assert source_date(root, {}).w3c() == "2026-11-20T10:00:00Z"


def test_source_date_without_git_is_the_newest_review(tmp_path: Path, clinic: Path) -> None:
    newest = loaded(clinic).newest_review()
    assert newest is not None
    date = source_date(tmp_path, {}, newest_review=newest)
    assert (date.origin, date.when) == (
        "reviewed",
        dt.datetime(*newest.timetuple()[:3], tzinfo=dt.UTC),
    )
    assert source_revision(tmp_path) == "unknown"


def test_source_date_epoch_wins(tmp_path: Path) -> None:
    date = source_date(tmp_path, ENVIRON, newest_review=TODAY)
    assert (date.origin, date.when) == ("SOURCE_DATE_EPOCH", SOURCE_MOMENT)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday", "'yesterday' is not a whole number of seconds since 1970"),
        ("1.5", "'1.5' is not a whole number of seconds since 1970"),
        ("-5", "'-5' is before 1970"),
    ],
)
def test_bad_source_date_epoch_is_one_clear_error(tmp_path: Path, value: str, message: str) -> None:
    with pytest.raises(HandoutsError) as caught:
        source_date(tmp_path, {"SOURCE_DATE_EPOCH": value})
    assert caught.value.format_message() == f"error: SOURCE_DATE_EPOCH: {message}"


# --- manifest ------------------------------------------------------------------------------


def test_manifest_describes_the_files(clinic_build: BuildResult) -> None:
    out = output_dir(clinic_build)
    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["format"], manifest["shard"]) == (1, None)
    listed = [entry["path"] for entry in manifest["pdfs"]]
    on_disk = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf"))
    assert listed == on_disk
    built = {pdf.path.relative_to(out).as_posix(): pdf for pdf in clinic_build.pdfs}
    assert sorted(built) == listed
    for entry in manifest["pdfs"]:
        data = (out / entry["path"]).read_bytes()
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["bytes"] == len(data)
        assert entry["pages"] == len(pypdf.PdfReader(out / entry["path"]).pages)
        document = built[entry["path"]].document
        assert (entry["location"], entry["kind"], entry["document"], entry["lang"]) == (
            document.location,
            document.kind,
            document.id,
            document.lang,
        )
        assert entry["path"].startswith(f"{entry['location']}/{entry['document']}")
    assert {entry["kind"] for entry in manifest["pdfs"]} == {"handout", "packet", "packet-duplex"}


def test_manifest_is_stable_json(clinic_build: BuildResult) -> None:
    text = (output_dir(clinic_build) / "manifest.json").read_text(encoding="utf-8")
    manifest = json.loads(text)
    assert text == json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    assert "T" not in json.dumps(manifest["pdfs"]), "no timestamps in the entries"


# --- shards --------------------------------------------------------------------------------


def test_shards_are_disjoint_and_add_up_to_the_full_build(
    clinic_build: BuildResult, shard_builds: list[BuildResult]
) -> None:
    full = tree(output_dir(clinic_build))
    full.pop("manifest.json")
    seen: dict[str, bytes] = {}
    for number, result in enumerate(shard_builds, start=1):
        files = tree(output_dir(result))
        assert files.pop(f"manifest-shard-{number}-of-{SHARDS}.json")
        assert files, f"shard {number} is empty: the test would prove less"
        overlap = set(files) & set(seen)
        assert not overlap, f"shard {number} repeats {overlap}"
        seen.update(files)
    assert seen == full  # the same names and the same bytes


def test_shard_manifests_merge_into_the_full_manifest(
    clinic_build: BuildResult, shard_builds: list[BuildResult]
) -> None:
    full = json.loads(clinic_build.manifest.read_text())  # type: ignore[union-attr]
    parts = [json.loads(r.manifest.read_text()) for r in shard_builds if r.manifest]
    assert [p["shard"] for p in parts] == ["1/3", "2/3", "3/3"]
    assert merge_manifests(parts) == full


def test_adding_a_location_moves_no_pdf_to_another_shard(clinic: Path, clinic_copy: Path) -> None:
    locations = clinic_copy / "content/locations"
    text = (locations / "downtown.yaml").read_text(encoding="utf-8")
    (locations / "uptown.yaml").write_text(text.replace("Downtown", "Uptown"), encoding="utf-8")
    before, after = loaded(clinic), loaded(clinic_copy)
    assert "uptown" in after.locations
    for count in (2, 3, 5):
        for index in range(1, count + 1):
            shard = Request(shard=Shard(index, count))
            old = [d.output_path(before) for d in shard.documents(before)]
            new = [d.output_path(after) for d in shard.documents(after)]
            assert [p for p in new if p.parts[0] != "uptown"] == old


def test_shards_share_many_documents_evenly() -> None:
    keys = [f"location-{n}/handout-{m}.pdf" for n in range(40) for m in range(5)]
    sizes = [len(Shard(i, 4).select(keys, str)) for i in range(1, 5)]
    assert sum(sizes) == len(keys)
    assert min(sizes) > len(keys) / 4 * 0.7, sizes


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("0/3", "'0/3' is not a shard (expected I/N with 1 <= I <= N)"),
        ("4/3", "'4/3' is not a shard (expected I/N with 1 <= I <= N)"),
        ("1/0", "'1/0' is not a shard (expected I/N with 1 <= I <= N)"),
        ("x", "'x' is not a shard (expected I/N, e.g. 2/3)"),
        ("1-3", "'1-3' is not a shard (expected I/N, e.g. 2/3)"),
        ("/3", "'/3' is not a shard (expected I/N, e.g. 2/3)"),
    ],
)
def test_bad_shard_is_a_usage_error(clinic: Path, tmp_path: Path, text: str, message: str) -> None:
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--shard", text, "--project", str(clinic), "--output", str(out)]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == f"Error: Invalid value for '--shard': {message}"
    assert not out.exists()
