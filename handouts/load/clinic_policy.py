"""Read content/policy.yaml: what the clinic decides, as opposed to what a source says."""

from __future__ import annotations

from handouts.errors import Problem
from handouts.load.records import load_record
from handouts.model import ClinicPolicy
from handouts.paths import ProjectPaths


def load_clinic_policy(paths: ProjectPaths) -> tuple[ClinicPolicy | None, list[Problem]]:
    """The clinic's policy items (None, and no problem, when the project has no policy file)."""
    if not paths.policy.is_file():
        return None, []
    return load_record(paths.policy, ClinicPolicy, paths)
