"""The CI workflow users get: valid YAML that installs, checks, builds and uploads output/, and a
problem matcher that reads the lines `handouts check` prints."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from handouts.checks import Report
from handouts.checks.placeholders import placeholder_problems
from handouts.errors import HandoutsError, Problem, error
from handouts.load import load_project
from handouts.paths import ProjectPaths
from tests.clinic import ROOT

WORKFLOW = ROOT / ".github/workflows/handouts.yml"
MATCHER = ".github/handouts-problem-matcher.json"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    (job,) = workflow["jobs"].values()
    assert job["runs-on"].startswith("ubuntu-")
    return list(job["steps"])


def step_using(steps: list[dict[str, Any]], action: str, path: str | None = None) -> int:
    """Index of the first step using ``action`` (e.g. actions/checkout), with ``path`` when
    given (its ``with: path``)."""
    found = [
        i
        for i, s in enumerate(steps)
        if str(s.get("uses", "")).startswith(action + "@")
        and (path is None or s.get("with", {}).get("path") == path)
    ]
    assert found, f"no step uses {action}" + (f" for {path}" if path else "")
    return found[0]


def step_running(steps: list[dict[str, Any]], command: str) -> int:
    """Index of the first step whose shell script contains ``command``."""
    found = [i for i, s in enumerate(steps) if command in str(s.get("run", ""))]
    assert found, f"no step runs {command}"
    return found[0]


def test_runs_on_pushes_and_pull_requests(workflow: dict[Any, Any]) -> None:
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as the boolean true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read"}


def test_steps_install_check_build_upload_in_order(steps: list[dict[str, Any]]) -> None:
    checkout = step_using(steps, "actions/checkout")
    python = step_using(steps, "actions/setup-python")
    install = step_running(steps, "scripts/setup")
    check = step_running(steps, ".venv/bin/handouts check")
    build = step_running(steps, ".venv/bin/handouts build")
    upload = step_using(steps, "actions/upload-artifact")
    assert checkout < python < install < check < build < upload
    # The PDFs' dates come from the content's last commit: a shallow clone would lose it.
    assert steps[checkout]["with"]["fetch-depth"] == 0
    assert steps[python]["with"]["python-version"] == "3.11"
    artifact = steps[upload]["with"]
    assert artifact["path"] == "output/"
    assert artifact["if-no-files-found"] == "error"


def test_actions_are_pinned_by_commit_hash(steps: list[dict[str, Any]]) -> None:
    text = WORKFLOW.read_text(encoding="utf-8")
    for step in steps:
        if "uses" in step:
            # A tag can be moved to other code; a commit hash cannot. The tag stays as a comment.
            assert re.fullmatch(r"[\w-]+/[\w-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
            assert re.search(re.escape(step["uses"]) + r"  # v\d+\.\d+\.\d+\n", text), step["uses"]
        assert "name" in step, step


def test_checkout_keeps_no_credentials(steps: list[dict[str, Any]]) -> None:
    checkout = steps[step_using(steps, "actions/checkout")]
    assert checkout["with"]["persist-credentials"] is False


def test_problem_matcher_reads_check_output(clinic: Path, steps: list[dict[str, Any]]) -> None:
    assert any(MATCHER in str(step.get("run", "")) for step in steps)
    (matcher,) = json.loads((ROOT / MATCHER).read_text(encoding="utf-8"))["problemMatcher"]
    (pattern,) = matcher["pattern"]
    regexp = re.compile(pattern["regexp"])
    # Real findings (the fixture clinic's placeholder warnings, with file, line and field), and
    # errors with no line or no field, as check prints them.
    project, loaded = load_project(ProjectPaths(clinic))
    assert project is not None and loaded == []
    findings: list[Problem] = [
        *placeholder_problems(project),
        error("content/handouts/aftercare.yaml", "'x' has no file", field="sections"),
        error("content/brand.yaml", "expected a mapping: the brand's name, colours and fonts"),
    ]
    assert any(p.line for p in findings) and any(p.severity == "warning" for p in findings)
    for problem in findings:
        match = regexp.match(str(problem))
        assert match is not None, str(problem)
        assert match.group(pattern["file"]) == problem.path
        assert match.group(pattern["line"]) == (str(problem.line) if problem.line else None)
        assert match.group(pattern["severity"]) == problem.severity
        message = f"{problem.field}: {problem.message}" if problem.field else problem.message
        assert match.group(pattern["message"]) == message
    # The closing lines are not findings.
    assert regexp.match(Report(findings, 24).summary()) is None
    closing = HandoutsError(findings).format_message().splitlines()[-1]
    assert closing == "2 errors found; nothing was written"
    assert regexp.match(closing) is None


def test_zizmor_finds_nothing_in_the_workflow() -> None:
    """The users' workflow is code too: zizmor's audits (unpinned actions, persisted
    credentials, template injection, excessive permissions...) report nothing."""
    zizmor = Path(sys.executable).parent / "zizmor"
    done = subprocess.run(
        [str(zizmor), "--offline", "--no-progress", str(WORKFLOW)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No findings to report" in done.stdout + done.stderr


def test_the_build_cache_is_kept_between_runs_outside_the_checkout(
    steps: list[dict[str, Any]],
) -> None:
    from handouts.write.cache import cache_root

    cache = step_using(steps, "actions/cache", "~/.cache/handouts")
    assert step_running(steps, "scripts/setup") < cache < step_running(steps, "handouts check")
    kept = steps[cache]["with"]
    # Where handouts keeps it on the runner (no XDG_CACHE_HOME there), never in the checkout.
    assert kept["path"] == "~/.cache/handouts"
    assert cache_root({}) == Path.home() / ".cache/handouts"
    # Each image its own cache (its Pango may differ); within one, the newest cache is taken.
    assert kept["key"].startswith("handouts-${{ steps.image.outputs.name }}-${{ hashFiles(")
    assert kept["restore-keys"].strip() == "handouts-${{ steps.image.outputs.name }}-"


def test_the_pinned_fonts_are_kept_between_runs_and_checked_by_setup(
    steps: list[dict[str, Any]],
) -> None:
    fonts = step_using(steps, "actions/cache", "templates/fonts/vendor")
    assert fonts < step_running(steps, "scripts/setup")  # setup verifies what the cache restored
    kept = steps[fonts]["with"]
    assert kept["key"] == "fonts-${{ hashFiles('templates/fonts/vendor.yaml') }}"
    assert "restore-keys" not in kept  # another list's fonts are never restored


def test_the_artifact_leaves_out_hidden_files(steps: list[dict[str, Any]]) -> None:
    upload = steps[step_using(steps, "actions/upload-artifact")]["with"]
    assert upload["path"] == "output/" and upload["include-hidden-files"] is False
