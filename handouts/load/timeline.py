"""Read chart data (content/charts/<id>.yaml) into Timeline records; the rules between fields are
in handouts.checks.timeline."""

from __future__ import annotations

from handouts.errors import Problem
from handouts.load.records import load_folder
from handouts.model import Timeline
from handouts.paths import ProjectPaths


def load_timelines(paths: ProjectPaths) -> tuple[dict[str, Timeline], list[Problem]]:
    """Read every chart in content/charts/ (the folder is optional), keyed by file name."""
    return load_folder(paths.charts, Timeline, paths, required=False)
