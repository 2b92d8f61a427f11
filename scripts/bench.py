#!/usr/bin/env python3
"""How fast handouts is, as ratios measured side by side in one run.

    .venv/bin/python scripts/bench.py [--runs 5] [--project DIR]

Every figure is a whole command in a fresh process (imports included), as a person or CI runs
it, on a copy of the project in a temporary folder. The two sides of each ratio run in turn, run
after run, so that whatever else the machine does weighs on both alike; each side's median and
range (min-max) are printed, then the ratio of the medians (and of the fastest runs, which other
work on the machine disturbs least) and the goal it is held to (issue 15).
Peak memory is the most the command's processes held at once (all of them: the build and its
workers), sampled in one more run of each. Ratios only: absolute times depend on the machine,
and the tests never assert a time.

The pairs:
  full build, 1 job / WeasyPrint alone   the tool's overhead: WeasyPrint in one process on the same
                                         HTML and CSS (captured from the build), one font
                                         configuration, each document laid out and written as
                                         PDF/UA-1
  full build, default jobs / 1 job       both cores (goal: 1.7x faster, a ratio of at most 0.59)
  no-op rebuild / full build             nothing changed since the last build (goal: 0.1)
  one-section edit / full build          one section changed: only the PDFs that print it render
  check / list                           an editor's check after the last one (goal: 1.5)
  check --no-cache / list                the same, remembering nothing from earlier runs
  personalised packet / import weasyprint  the front desk's packet (goal: 1.8)
A "full build" starts from an empty cache; `handouts build` runs with its defaults otherwise.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SOURCE_DATE_EPOCH = "1764547200"  # the PDFs' date, fixed: no git history in the copy
APPOINTMENT_DAYS = 14


@dataclass
class Series:
    """Wall times of one command, in seconds."""

    label: str
    times: list[float]

    @property
    def median(self) -> float:
        """The median time."""
        return statistics.median(self.times)

    def shown(self) -> str:
        """'1.234 s (1.200-1.300)'."""
        return f"{self.median:6.3f} s ({min(self.times):.3f}-{max(self.times):.3f})"


def handouts_command() -> list[str]:
    """The installed `handouts` command of this Python."""
    script = Path(sys.executable).with_name("handouts")
    return [str(script)] if script.is_file() else [sys.executable, "-m", "handouts"]


def run(args: Sequence[str], env: dict[str, str], cwd: Path) -> float:
    """Run one command; its wall time (a failure stops the benchmark with its output)."""
    start = time.perf_counter()
    done = subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants, in bytes (Linux /proc)."""
    children: dict[int, list[int]] = {}
    sizes: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
            parent, rss_pages = int(fields[1]), int(fields[21])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(parent, []).append(int(entry))
        sizes[int(entry)] = rss_pages * os.sysconf("SC_PAGE_SIZE")
    total, stack = 0, [pid]
    while stack:
        current = stack.pop()
        total += sizes.get(current, 0)
        stack += children.get(current, [])
    return total


def peak_memory(args: Sequence[str], env: dict[str, str], cwd: Path) -> int | None:
    """The most memory the command's processes held at once (None off Linux)."""
    if not Path("/proc/self/stat").exists():
        return None
    process = subprocess.Popen(
        args, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    peak = 0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(process.pid))
            stop.wait(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    stop.set()
    sampler.join()
    return peak


WEASYPRINT_ALONE = r"""
import sys
from pathlib import Path
from handouts.render.pdf import use_project_fonts
use_project_fonts(Path(sys.argv[1]))
import weasyprint
from weasyprint.text.fonts import FontConfiguration
fonts = FontConfiguration()
base = sys.argv[2] + "/"
for html in sorted(Path(sys.argv[3]).glob("*.html")):
    css = weasyprint.CSS(string=html.with_suffix(".css").read_text(), base_url=base, font_config=fonts)
    page = weasyprint.HTML(string=html.read_text(), base_url=base)
    document = page.render(stylesheets=[css], font_config=fonts, pdf_variant="pdf/ua-1")
    document.write_pdf(pdf_variant="pdf/ua-1")
"""


def capture_html(project: Path, folder: Path) -> int:
    """Fill every document the build makes, as the build does, into folder/NNN.html and .css;
    how many there are."""
    from handouts.checks import checked
    from handouts.documents import plan
    from handouts.paths import ProjectPaths
    from handouts.render.document import fill
    from handouts.render.html import make_environment
    from handouts.write.provenance import source_date

    paths = ProjectPaths(project)
    loaded, _ = checked(paths)
    environ = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    date = source_date(paths.root, environ, loaded.newest_review()).w3c()
    env = make_environment(paths.templates)
    documents = plan(loaded)
    for index, document in enumerate(documents):
        filled = fill(env, loaded, document, date)
        (folder / f"{index:03d}.html").write_text(filled.html, encoding="utf-8")
        (folder / f"{index:03d}.css").write_text(filled.css, encoding="utf-8")
    return len(documents)


def least_printed_section(project: Path) -> tuple[str, Path, int, int]:
    """The section printed by the fewest documents (at least one): (id, file, those, all)."""
    from handouts.documents import plan
    from handouts.load import load_project
    from handouts.paths import ProjectPaths

    loaded, _ = load_project(ProjectPaths(project))
    assert loaded is not None
    documents = plan(loaded)
    lang = loaded.default_language
    counts = {
        sid: sum(1 for doc in documents if sid in doc.section_ids(loaded))
        for sid in loaded.sections[lang]
    }
    used = {sid: n for sid, n in counts.items() if n}
    section = min(sorted(used), key=lambda sid: used[sid])
    return section, loaded.sections[lang][section].path, used[section], len(documents)


def verdict_on(ratio: float, goal: float | None) -> str:
    """'<= 1.50 met', '<= 0.10 NOT MET', or '' without a goal."""
    if goal is None:
        return ""
    return f"<= {goal:.2f} {'met' if ratio <= goal else 'NOT MET'}"


def side_by_side(
    runs: int, first: tuple[str, Callable[[], float]], second: tuple[str, Callable[[], float]]
) -> tuple[Series, Series]:
    """Both commands in turn, ``runs`` times each."""
    a, b = Series(first[0], []), Series(second[0], [])
    for _ in range(runs):
        a.times.append(first[1]())
        b.times.append(second[1]())
    return a, b


def main() -> None:
    """Measure, then print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--project", type=Path, default=ROOT, help="default: the shipped clinic")
    args = parser.parse_args()

    import weasyprint

    from handouts.render.pool import available_cores

    with tempfile.TemporaryDirectory(prefix="handouts-bench-") as temporary:
        tmp = Path(temporary)
        project = tmp / "project"
        for folder in ("content", "templates"):
            shutil.copytree(args.project / folder, project / folder)
        cache, html = tmp / "cache", tmp / "html"
        html.mkdir()
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("HANDOUTS_")},
            "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH,
            "HANDOUTS_CACHE_DIR": str(cache),
            "PYTHONPATH": str(ROOT),
        }
        command = handouts_command()
        out = tmp / "output"

        def cli(*words: str) -> list[str]:
            return [*command, *words, "--project", str(project)]

        def timed(*words: str, fresh_cache: bool = False) -> Callable[[], float]:
            def go() -> float:
                if fresh_cache:
                    shutil.rmtree(cache, ignore_errors=True)
                return run(cli(*words), env, tmp)

            return go

        documents = capture_html(project, html)
        section, section_file, touched, total = least_printed_section(project)
        edits = iter(range(10**6))

        def edited_build() -> float:
            with section_file.open("a", encoding="utf-8") as handle:
                handle.write(f"\nOne more sentence, number {next(edits)}.\n")
            return run(cli("build", "-o", str(out)), env, tmp)

        alone = [sys.executable, "-c", WEASYPRINT_ALONE]
        alone += [str(project / "templates/fonts"), str(project / "templates"), str(html)]
        import_weasyprint = [sys.executable, "-c", "import weasyprint"]
        day = time.strftime("%Y-%m-%d", time.localtime(time.time() + APPOINTMENT_DAYS * 86400))
        packet = ["packet", "-l", "", "--patient", "Ana Diaz", "--appointment", f"{day} 10:30"]

        from handouts.load import load_project
        from handouts.paths import ProjectPaths

        loaded, _ = load_project(ProjectPaths(project))
        assert loaded is not None
        packet[2] = next(iter(loaded.locations))
        packet += ["-o", str(tmp / "desk")]

        runs = args.runs
        rows: list[tuple[str, Series, Series, float | None]] = []

        def pair(
            name: str,
            a: tuple[str, Callable[[], float]],
            b: tuple[str, Callable[[], float]],
            goal: float | None = None,
        ) -> None:
            first, second = side_by_side(runs, a, b)
            rows.append((name, first, second, goal))
            print(f"  measured: {name}", file=sys.stderr)

        one_job = ("build -j 1", timed("build", "-j", "1", "-o", str(out), fresh_cache=True))
        default = ("build", timed("build", "-o", str(out), fresh_cache=True))
        pair(
            "full build, 1 job / WeasyPrint alone",
            one_job,
            ("weasyprint", lambda: run(alone, env, tmp)),
        )
        pair(f"full build, {available_cores()} jobs / 1 job", default, one_job, 1 / 1.7)
        run(cli("build", "-o", str(out)), env, tmp)  # fills the cache
        pair(
            "no-op rebuild / full build",
            ("build (cached)", timed("build", "-o", str(out))),
            default,
            0.1,
        )
        run(cli("build", "-o", str(out)), env, tmp)
        pair("one-section edit / full build", ("edit, build", edited_build), default)
        run(cli("check"), env, tmp)  # what the editor's previous check remembered
        pair("check / list", ("check", timed("check")), ("list", timed("list")), 1.5)
        pair(
            "check --no-cache / list",
            ("check --no-cache", timed("check", "--no-cache")),
            ("list", timed("list")),
        )
        pair(
            "personalised packet / import weasyprint",
            ("packet", timed(*packet)),
            ("import", lambda: run(import_weasyprint, env, tmp)),
            1.8,
        )

        memory = {}
        shutil.rmtree(cache, ignore_errors=True)
        memory["full build, default jobs"] = peak_memory(cli("build", "-o", str(out)), env, tmp)
        memory["no-op rebuild"] = peak_memory(cli("build", "-o", str(out)), env, tmp)
        shutil.rmtree(cache, ignore_errors=True)
        memory["full build, 1 job"] = peak_memory(cli("build", "-j", "1", "-o", str(out)), env, tmp)
        memory["check"] = peak_memory(cli("check"), env, tmp)
        memory["list"] = peak_memory(cli("list"), env, tmp)
        memory["personalised packet"] = peak_memory(cli(*packet), env, tmp)

    shown_project = "the shipped clinic" if args.project == ROOT else str(args.project)
    print(
        f"handouts bench: {platform.machine()} {platform.system()}, {available_cores()} cores "
        f"({os.cpu_count()} CPUs), Python {platform.python_version()}, WeasyPrint "
        f"{weasyprint.__version__}; {shown_project}: {documents} PDFs a "
        f"build; {runs} runs of each command, medians (min-max), each pair run in turn"
    )
    print(f"one-section edit: '{section}', printed by {touched} of the {total} PDFs")
    print()
    width = max(len(r[0]) for r in rows)
    print(f"{'':<{width}}  {'first':<26}  {'second':<26}  ratio  (fastest)  goal")
    for name, first, second, goal in rows:
        ratio = first.median / second.median
        fastest = min(first.times) / min(second.times)
        verdict = verdict_on(ratio, goal)
        print(
            f"{name:<{width}}  {first.shown():<26}  {second.shown():<26}  {ratio:5.2f}  "
            f"({fastest:5.2f})   {verdict}"
        )
    print()
    print(
        "ratio: of the medians; (fastest): of the fastest runs, the least disturbed when other "
        "work shares the machine"
    )
    print()
    print("peak memory (all of the command's processes at once):")
    for label, peak in memory.items():
        shown = f"{peak / 2**20:.0f} MiB" if peak is not None else "n/a (no /proc)"
        print(f"  {label:<28} {shown}")


if __name__ == "__main__":
    main()
