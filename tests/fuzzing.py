"""Property-based fuzzing of what content editors write: sections and every kind of YAML file.

Hypothesis builds hostile sections (runs of Markdown marks, brackets, backticks, tags, escapes,
control characters, deep nesting) and mutates the fixture clinic's data files (tags PyYAML cannot
honour, huge numbers, aliases, duplicate keys, control characters, impossible dates), then checks
what the review asked (issue 16):

* loading answers with findings of one line each (file first) or with success, never a traceback;
* no section takes longer than its budget (CPU time, so a busy machine does not matter);
* `handouts check` and the gate `handouts build` passes before rendering give the same verdict
  (check names every error the build's gate names, and may name more: it also fills the brand
  sheet and each chart alone, which a build does not make).

tests/test_fuzz.py runs these within a few seconds, with Hypothesis derandomized so every run
tries the same inputs; scripts/fuzz.py runs them for minutes with fresh random inputs.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from handouts.checks import checked
from handouts.commands.build import Request
from handouts.commands.check import check_project
from handouts.errors import CONTROL, HandoutsError, Problem
from handouts.load import load_project
from handouts.load.budget import CONVERT_SECONDS
from handouts.load.sections import load_section
from handouts.paths import ProjectPaths
from tests.clinic import TODAY

SECTION_BUDGET = CONVERT_SECONDS + 1.0
"""CPU seconds one section may take to load: the watchdog's budget plus the limits' own pass."""

# Pieces Markdown, the HTML policy and YAML act on, and plain words between them.
MARKS = [
    "[", "]", "(", ")", "`", "``", "*", "**", "_", "__", "<", ">", "&amp;", "&#x26;", "&", "\\",
    "#", "##", "### ", "- ", "1. ", "> ", "    ", "\t", "|", "|---|", "---", "===", "!", "[a](",
    "](https://example.org)", "<care@example.org>", "https://example.org", "<br>", "<sup>",
    "<abbr title=\"x\">", "</abbr>", "<script>", "<!--", "-->", "<img src=x>", "'", '"', "--",
    "...", "\x00", "\x0c", "\x1b", "\r", "\u202e", "\ufeff", "  \n", "\n", "\n\n", "word ",
    "Rest today. ", "é", "李",
]  # fmt: skip
SCALARS = [
    "!!int 12x", "!!float abc", "!!bool maybe", "!!timestamp 2025-13-45", "!!int ''",
    "!!timestamp garbage", "!!timestamp 2025-01-01T10:00:00+99:99", "1" * 5000, "0x" + "f" * 5000,
    "9999-06-01", "0001-01-01", "*alias", "&anchor x", "[", "{", "'", '"\\ud800"', "!!python/name:os",
    "~", "null", "[]", "{}", "-1", "1e999", ".nan", "yes", "\x00", "\x0c", "\t", "a: b",
    "[" * 60 + "]" * 60, "''", "|", ">", "%YAML 1.1", "---", "...", "#", "555-01", "#12345",
]  # fmt: skip


def pieces() -> st.SearchStrategy[str]:
    """One piece of text: a mark, some letters, or a long run of either."""
    one = st.sampled_from(MARKS) | st.text(max_size=6)
    return one | st.tuples(st.sampled_from(MARKS), st.integers(2, 9000)).map(lambda t: t[0] * t[1])


def section_bodies() -> st.SearchStrategy[str]:
    """A section body: a few pieces joined, long runs included."""
    return st.lists(pieces(), max_size=12).map("".join)


FRONT_MATTER = "---\nid: probe\ntitle: A probe\nreviewed: 2026-10-01\n---\n"


def section_files() -> st.SearchStrategy[str]:
    """A whole section file: usually sound front matter, sometimes a mutated one."""
    front = st.just(FRONT_MATTER) | yaml_mutations(FRONT_MATTER)
    return st.tuples(front, section_bodies()).map("".join)


@st.composite
def yaml_mutations(draw: st.DrawFn, text: str) -> str:
    """``text`` (a data file) with one to three edits: a value replaced by a hostile scalar, a
    line duplicated, deleted or indented, a piece inserted anywhere."""
    lines = text.split("\n")
    for _ in range(draw(st.integers(1, 3))):
        index = draw(st.integers(0, max(0, len(lines) - 1)))
        edit = draw(st.sampled_from(["value", "duplicate", "delete", "insert", "indent"]))
        line = lines[index]
        if edit == "value" and ":" in line:
            key = line.split(":", 1)[0]
            lines[index] = f"{key}: {draw(st.sampled_from(SCALARS))}"
        elif edit == "duplicate":
            lines.insert(index, line)
        elif edit == "delete" and len(lines) > 1:
            del lines[index]
        elif edit == "indent":
            lines[index] = draw(st.sampled_from(["  ", "\t", " "])) + line
        else:
            column = draw(st.integers(0, len(line)))
            piece = draw(pieces() | st.sampled_from(SCALARS))
            lines[index] = line[:column] + piece + line[column:]
    return "\n".join(lines)


def assert_one_line_each(problems: list[Problem], project: Path) -> None:
    """Every finding prints as one line that starts with its file (or is a plain error)."""
    for problem in problems:
        shown = str(problem)
        assert "\n" not in shown and "\r" not in shown, shown
        assert not CONTROL.search(shown), shown
        shown.encode("utf-8")  # a terminal can print it
        if problem.path:
            assert not Path(problem.path).is_absolute() or problem.path == str(project), shown


MIN_EXAMPLES = 5
"""Examples of each property that run whatever the time budget says."""


@dataclass
class Fuzzer:
    """The properties, on one writable copy of the fixture clinic; each example restores the files
    it changed. ``deadline``: a monotonic time after which examples pass unread (so the suite's
    fuzzing stays within its time budget on a slow machine)."""

    project: Path
    pristine: Path
    deadline: float = float("inf")
    counts: dict[str, int] = field(default_factory=dict)

    def _count(self, name: str) -> bool:
        # The first few examples of each property always run, however slow the machine: a
        # budget spent elsewhere must not leave a kind of input untried.
        if self.counts.get(name, 0) >= MIN_EXAMPLES and time.monotonic() > self.deadline:
            return False
        self.counts[name] = self.counts.get(name, 0) + 1
        return True

    def section(self, text: str) -> None:
        """A section file loads to a section or to one-line findings, within its budget."""
        if not self._count("sections"):
            return
        folder = self.project / "content/sections/en"
        path = folder / "probe.md"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            start = time.thread_time()
            section, problems = load_section(path, "en", ProjectPaths(self.project))
            spent = time.thread_time() - start
        finally:
            path.unlink()
        assert spent < SECTION_BUDGET, f"{spent:.1f} s of CPU for one section"
        assert (section is None) == bool(problems)
        assert_one_line_each(problems, self.project)

    def data_file(self, relative: str, text: str) -> None:
        """A mutated data file: loading gives one-line findings, and check and build's gate
        agree on the errors."""
        if not self._count(relative):
            return
        target = self.project / relative
        target.write_bytes(text.encode("utf-8", "surrogatepass"))
        try:
            self.same_verdict()
        finally:
            shutil.copyfile(self.pristine / relative, target)

    def same_verdict(self) -> None:
        """`check` and the gate `build` passes give the same verdict, one line per finding, and
        check names every error the build's gate names."""
        paths = ProjectPaths(self.project)
        start = time.thread_time()
        _, loaded = load_project(paths)
        assert_one_line_each(loaded, self.project)
        report = check_project(paths, TODAY)
        assert_one_line_each(report.problems, self.project)
        try:
            checked(paths, TODAY, Request().documents)
            gated: list[str] = []
        except HandoutsError as stopped:
            gated = [str(p) for p in stopped.errors]
        # The same verdict; check may say more, as it also fills what a build does not make
        # (the brand sheet, each chart alone), but never less.
        errors = [str(p) for p in report.errors]
        assert bool(errors) == bool(gated), (errors, gated)
        assert set(gated) <= set(errors), (errors, gated)
        assert time.thread_time() - start < 60, "one data file took a minute of CPU"


DATA_FILES = [
    "content/settings.yaml",
    "content/brand.yaml",
    "content/locations/north-shore.yaml",
    "content/handouts/aftercare.yaml",
    "content/packets/first-visit.yaml",
    "content/charts/recovery.yaml",
    "content/strings/en.yaml",
    "content/sections/en/hello.md",
]
"""Every kind of YAML the project reads (the last: a section's front matter and body)."""


def properties(fuzzer: Fuzzer, examples: int, derandomize: bool) -> dict[str, Callable[[], None]]:
    """The fuzzing properties as Hypothesis tests, by name, each trying ``examples`` inputs."""
    common = settings(
        max_examples=examples,
        derandomize=derandomize,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )

    @common
    @given(section_files())
    def sections(text: str) -> None:
        fuzzer.section(text)

    def data_property(relative: str) -> Callable[[], None]:
        original = (fuzzer.pristine / relative).read_text(encoding="utf-8")

        @settings(parent=common, max_examples=max(1, examples // 8))
        @given(yaml_mutations(original))
        def data(text: str) -> None:
            fuzzer.data_file(relative, text)

        return data

    return {"sections": sections, **{relative: data_property(relative) for relative in DATA_FILES}}
