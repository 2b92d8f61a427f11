"""The CI workflow users get: valid YAML that installs, checks, builds and uploads output/."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

WORKFLOW = ".github/workflows/handouts.yml"
MATCHER = ".github/handouts-problem-matcher.json"


@pytest.fixture(scope="module")
def workflow(root: Path) -> dict[Any, Any]:
    data = yaml.safe_load((root / WORKFLOW).read_text())
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    (job,) = workflow["jobs"].values()
    assert job["runs-on"].startswith("ubuntu-")
    return list(job["steps"])


def step_using(steps: list[dict[str, Any]], action: str) -> int:
    """Index of the first step using ``action`` (e.g. actions/checkout)."""
    found = [i for i, s in enumerate(steps) if str(s.get("uses", "")).startswith(action + "@")]
    assert found, f"no step uses {action}"
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


def test_actions_are_pinned_to_a_major_version(steps: list[dict[str, Any]]) -> None:
    for step in steps:
        if "uses" in step:
            assert re.fullmatch(r"[\w-]+/[\w-]+@v\d+", step["uses"]), step["uses"]
        assert "name" in step, step


def test_problem_matcher_reads_check_output(root: Path, steps: list[dict[str, Any]]) -> None:
    assert any(MATCHER in str(step.get("run", "")) for step in steps)
    (matcher,) = json.loads((root / MATCHER).read_text())["problemMatcher"]
    (pattern,) = matcher["pattern"]
    regexp = re.compile(pattern["regexp"])
    line = "content/locations/queens.yaml:8: warning: phone: placeholder value '(555) 010-0101' is still set"
    match = regexp.match(line)
    assert match is not None
    assert match.group(pattern["file"]) == "content/locations/queens.yaml"
    assert match.group(pattern["line"]) == "8"
    assert match.group(pattern["severity"]) == "warning"
    assert match.group(pattern["message"]).startswith("phone: placeholder value")
    no_line = regexp.match("content/handouts/side-effects.yaml: error: sections: 'x' has no file")
    assert no_line is not None
    assert no_line.group(pattern["line"]) is None
    assert regexp.match("check: 0 errors, 11 warnings (24 files)") is None
