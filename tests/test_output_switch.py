"""A build is all or nothing: a full disk or a kill at any moment of writing leaves the old build
or the new one, each with the manifest that matches it (handouts/write/tree.py).

Faults are injected into the writer's file operations (handouts.write.tree.Disk): "the disk is
full" raises ENOSPC at one operation; "killed" freezes the folder as it is at that operation (a
killed process runs no clean-up), which the next build then finds. Both are tried at every
operation of a build's writing.
"""

from __future__ import annotations

import errno
import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from handouts.commands.build import BuildResult, Request, build
from handouts.errors import HandoutsError
from handouts.paths import ProjectPaths
from handouts.write.cache import PdfCache
from handouts.write.tree import JOURNAL, STAGING, Disk, recover, write_tree
from tests.clinic import SOURCE_DATE_EPOCH, TODAY

ENVIRON = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}


def visible(folder: Path) -> dict[str, bytes]:
    """What a reader of the output folder sees: every file but the build's own hidden ones."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    }


def manifest(files: dict[str, bytes]) -> bytes:
    """A manifest as the build writes one: each PDF's path and sha256."""
    entries = [
        {"path": name, "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in sorted(files.items())
    ]
    return json.dumps({"pdfs": entries}, indent=2).encode()


def matches_its_manifest(tree: dict[str, bytes]) -> bool:
    """Every PDF the manifest lists is there with the bytes it names."""
    listed = json.loads(tree["manifest.json"])["pdfs"]
    return all(
        entry["path"] in tree and hashlib.sha256(tree[entry["path"]]).hexdigest() == entry["sha256"]
        for entry in listed
    )


OLD_PDFS = {"north/a.pdf": b"%PDF old a", "north/b.pdf": b"%PDF old b"}
NEW_PDFS = {"north/a.pdf": b"%PDF new a", "north/b.pdf": b"%PDF new b", "south/c.pdf": b"%PDF c"}
OTHER = {"brand-sheet.pdf": b"%PDF made by `handouts brand`, not by the build"}
NEW_FILES = [*NEW_PDFS.items(), ("manifest.json", manifest(NEW_PDFS))]


def old_tree(folder: Path) -> dict[str, bytes]:
    files = {**OLD_PDFS, "manifest.json": manifest(OLD_PDFS), **OTHER}
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return visible(folder)


NEW_TREE = {**NEW_PDFS, "manifest.json": manifest(NEW_PDFS), **OTHER}


class Counting(Disk):
    """A disk that counts the operations a write makes."""

    def __init__(self) -> None:
        self.calls = 0

    def _op(self, name: str, *args: Any) -> None:
        self.calls += 1

    def write(self, path: Path, data: bytes, mode: int = 0o644) -> None:
        self._op("write", path)
        super().write(path, data, mode)

    def replace(self, source: Path, target: Path) -> None:
        self._op("replace", source, target)
        super().replace(source, target)

    def mkdir(self, path: Path) -> None:
        self._op("mkdir", path)
        super().mkdir(path)

    def remove(self, path: Path) -> None:
        self._op("remove", path)
        super().remove(path)

    def remove_tree(self, path: Path) -> None:
        self._op("remove_tree", path)
        super().remove_tree(path)

    def rmdir(self, path: Path) -> None:
        self._op("rmdir", path)
        super().rmdir(path)


class Full(Counting):
    """The disk fills up at operation ``at`` (ENOSPC), and has room again after it."""

    def __init__(self, at: int) -> None:
        super().__init__()
        self.at = at

    def _op(self, name: str, *args: Any) -> None:
        super()._op(name, *args)
        if self.calls == self.at:
            raise OSError(errno.ENOSPC, "No space left on device")


class Killed(BaseException):
    """The process ended here (nothing after it runs: the test reads the frozen folder)."""


class Kill(Counting):
    """The process is killed just before operation ``at``: the folder is copied as it is."""

    def __init__(self, at: int, folder: Path, frozen: Path) -> None:
        super().__init__()
        self.at, self.folder, self.frozen = at, folder, frozen

    def _op(self, name: str, *args: Any) -> None:
        super()._op(name, *args)
        if self.calls == self.at:
            shutil.copytree(self.folder, self.frozen, symlinks=True)
            raise Killed


@pytest.fixture(scope="module")
def every_operation(tmp_path_factory: pytest.TempPathFactory) -> list[int]:
    """1, 2, ... up to the number of file operations writing the new tree over the old takes."""
    folder = tmp_path_factory.mktemp("count")
    old_tree(folder)
    disk = Counting()
    write_tree(folder, NEW_FILES, disk)
    assert disk.calls >= len(NEW_FILES) * 2  # each file is written, then renamed into place
    return list(range(1, disk.calls + 1))


def test_a_write_without_faults_gives_the_new_tree(tmp_path: Path) -> None:
    old_tree(tmp_path)
    write_tree(tmp_path, NEW_FILES)
    assert visible(tmp_path) == NEW_TREE
    # Nothing of the switch is left.
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["brand-sheet.pdf", "manifest.json", "north", "south"]


def test_a_full_disk_at_any_operation_leaves_the_old_tree_or_the_new_one(
    tmp_path: Path, every_operation: list[int]
) -> None:
    outcomes = []
    for at in every_operation:
        folder = tmp_path / f"full-{at}"
        folder.mkdir()
        old = old_tree(folder)
        message = ""
        try:
            write_tree(folder, NEW_FILES, Full(at))
        except HandoutsError as exc:
            message = exc.format_message()
        assert "\n" not in message
        written = f"error: {folder}: cannot write there (No space left on device); "
        if message == written + "the previous build is unchanged":
            assert visible(folder) == old
        elif message:
            # A rename stopped after the commit (renames write no data, but a new name can
            # need room in its folder): the next build, with room on the disk again, finishes
            # the switch before anything else.
            assert message == written + (
                "the new build is written but not all of it is in place; run the build again "
                "to finish it"
            )
            assert (folder / JOURNAL).exists()
        else:
            assert visible(folder) == NEW_TREE  # only the clean-up after the switch failed
        recover(folder)  # as the next build starts
        after = visible(folder)
        assert after == (old if message.endswith("unchanged") else NEW_TREE), at
        assert matches_its_manifest(after)
        assert not (folder / STAGING).exists() and not (folder / JOURNAL).exists()
        outcomes.append("new" if after == NEW_TREE else "old")
    # Early faults keep the old build; from the commit on, the new one is there.
    assert outcomes[0] == "old" and outcomes[-1] == "new"
    assert outcomes == sorted(outcomes, key=lambda o: o == "new")


def test_a_kill_at_any_operation_leaves_the_old_tree_or_the_new_one(
    tmp_path: Path, every_operation: list[int]
) -> None:
    for at in every_operation:
        folder, frozen = tmp_path / f"live-{at}", tmp_path / f"killed-{at}"
        folder.mkdir()
        old = old_tree(folder)
        with pytest.raises(Killed):
            write_tree(folder, NEW_FILES, Kill(at, folder, frozen))
        # As the kill left it: the old tree, the new one, or a journal to finish the switch.
        left = visible(frozen)
        if not (frozen / JOURNAL).exists():
            assert left in (old, NEW_TREE), f"a kill at operation {at} mixed the builds"
        # The next build first finishes or clears what the killed one left.
        recover(frozen)
        after = visible(frozen)
        assert after in (old, NEW_TREE), f"after a kill at operation {at}: a mix"
        assert matches_its_manifest(after)
        assert not (frozen / STAGING).exists() and not (frozen / JOURNAL).exists()
        # And the next write works.
        write_tree(frozen, NEW_FILES)
        assert visible(frozen) == NEW_TREE


# --- the build itself --------------------------------------------------------------------


@pytest.fixture
def rebuilt_from_cache(clinic_build: BuildResult, tmp_path: Path) -> Callable[..., BuildResult]:
    """Build a copy of the clinic from the session's cache (nothing renders) into ``out``."""
    assert clinic_build.manifest is not None
    cache = tmp_path / "cache"
    shutil.copytree(clinic_build.manifest.parent.parent / "cache", cache)

    def run(project: Path, out: Path, disk: Disk, request: Request | None = None) -> BuildResult:
        return build(
            ProjectPaths(project),
            out,
            request or Request(),
            today=TODAY,
            environ=ENVIRON,
            cache=PdfCache(cache),
            disk=disk,
        )

    return run


def test_a_build_that_cannot_finish_writing_leaves_the_previous_build(
    clinic: Path, tmp_path: Path, rebuilt_from_cache: Callable[..., BuildResult]
) -> None:
    # The previous build made one location's PDFs; the next, of both, meets a full disk on
    # its second PDF (the third operation: the staging folder, one PDF, then the second).
    out = tmp_path / "output"
    rebuilt_from_cache(clinic, out, Disk(), Request(locations=("downtown",)))
    before = visible(out)
    assert {name.split("/")[0] for name in before} == {"downtown", "manifest.json"}
    with pytest.raises(HandoutsError, match="No space left on device"):
        rebuilt_from_cache(clinic, out, Full(3))
    assert visible(out) == before
    assert matches_its_manifest(before)
    assert sorted(p.name for p in out.iterdir()) == ["downtown", "manifest.json"]


def test_a_build_finishes_the_switch_a_killed_build_left(
    clinic_build: BuildResult,
    clinic: Path,
    tmp_path: Path,
    rebuilt_from_cache: Callable[..., BuildResult],
) -> None:
    # A build killed among its renames, after the commit: the journal says what is left to do,
    # and the next build finishes it before anything else.
    counter = Counting()
    rebuilt_from_cache(clinic, tmp_path / "probe", counter)
    out, frozen = tmp_path / "output", tmp_path / "frozen"
    out.mkdir()
    with pytest.raises(Killed):
        rebuilt_from_cache(clinic, out, Kill(counter.calls - 3, out, frozen))
    assert (frozen / JOURNAL).exists()
    half = visible(frozen)
    assert "manifest.json" not in half or not matches_its_manifest(half)  # mid-switch
    assert recover(frozen)
    tree = visible(frozen)
    assert matches_its_manifest(tree)
    assert tree == visible(tmp_path / "probe")
    assert not (frozen / JOURNAL).exists() and not (frozen / STAGING).exists()
