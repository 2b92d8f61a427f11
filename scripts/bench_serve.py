#!/usr/bin/env python3
"""How long the front desk waits on `handouts serve`: medians of N runs, in one run.

    .venv/bin/python scripts/bench_serve.py [--runs 7] [--project DIR]

1. A personalised packet from the warm server (POST /packet over HTTP, as the page asks for it:
   form checks, the packet's HTML, layout, PDF, finishing) against WeasyPrint's own warm render
   of the same packet HTML and CSS in this process (HTML().render().write_pdf(), fonts loaded
   once). Goal: at most 1.3x.
2. A day's schedule of 20 patients (POST /schedule/packets): the server on one process, then
   on two (both cores).

Every server runs `handouts serve` on a free port with its own home and cache in a temporary
folder; nothing is written elsewhere. The patients are invented.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import statistics
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from functools import partial
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts.documents.fonts import unprintable  # noqa: E402
from handouts.documents.when import check_visit  # noqa: E402
from handouts.load import load_project  # noqa: E402
from handouts.model import Project  # noqa: E402
from handouts.paths import ProjectPaths  # noqa: E402
from handouts.render.document import fill  # noqa: E402
from handouts.render.html import make_environment  # noqa: E402
from handouts.render.pdf import PDF_VARIANT, use_project_fonts  # noqa: E402
from handouts.web.desk import Choice  # noqa: E402
from tests.serving import Server, start_server  # noqa: E402

NAMES = [
    "Ana Diaz", "Siobhán O'Connor", "Zofia Wójcik", "Li Wei", "Amara Okafor", "Jonas Berg",
    "Maria Rossi", "Omar Haddad", "Grace Kim", "Pedro Alves", "Hana Sato", "Liam Walsh",
    "Nora Lind", "Ravi Patel", "Ewa Nowak", "Tomás Ruiz", "Chloé Martin", "Ivan Petrov",
    "Sara Cohen", "Kofi Mensah",
]  # fmt: skip
DAY = dt.date.today() + dt.timedelta(days=7)


def timed(func: Callable[[], object], runs: int, warmups: int = 2) -> list[float]:
    """``runs`` timings of ``func`` after ``warmups`` untimed calls."""
    for _ in range(warmups):
        func()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def line(label: str, times: list[float]) -> float:
    """Print one line of the table; the median."""
    median = statistics.median(times)
    print(f"  {label:<46} median {median:6.3f} s   (min {min(times):.3f}, max {max(times):.3f})")
    return median


class Browser:
    """What the page does: a cookie jar, the CSRF token, same-origin POSTs."""

    def __init__(self, server: Server) -> None:
        self.url = server.url
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        with self.opener.open(self.url + "/") as answer:
            page = answer.read().decode()
        found = re.search(r'name="csrf" value="([^"]+)"', page)
        assert found, "no CSRF token on the page"
        self.csrf = found.group(1)

    def post(self, path: str, fields: dict[str, str]) -> bytes:
        """POST a form; the answer's body (a PDF, or the run stops)."""
        body = urllib.parse.urlencode({"csrf": self.csrf, **fields}).encode()
        request = urllib.request.Request(
            self.url + path, body, headers={"Origin": self.url}, method="POST"
        )
        with self.opener.open(request, timeout=600) as answer:
            data = answer.read()
            if answer.headers.get("Content-Type") != "application/pdf":
                raise SystemExit(f"{path}: no PDF: {data[:500]!r}")
            return bytes(data)


def weasyprint_alone(project: Project, choice: Choice, runs: int) -> list[float]:
    """WeasyPrint's own warm render of the packet's HTML and CSS, as the server makes them."""
    paths = project.paths
    printable = partial(unprintable, project, choice.lang)
    checked = check_visit(NAMES[0], DAY.isoformat(), "10:30", dt.datetime.now(), printable)
    assert checked.visit is not None, checked.problems
    filled = fill(
        make_environment(paths.templates), project, choice.document(project, checked.visit), None
    )
    use_project_fonts(paths.fonts)
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    base = str(paths.templates) + "/"

    def render() -> None:
        css = weasyprint.CSS(string=filled.css, base_url=base, font_config=fonts)
        page = weasyprint.HTML(string=filled.html, base_url=base)
        document = page.render(stylesheets=[css], font_config=fonts, pdf_variant=PDF_VARIANT)
        document.write_pdf(pdf_variant=PDF_VARIANT)

    return timed(render, runs)


def schedule_csv(choice: Choice) -> str:
    """20 patients, a quarter of an hour apart, in no particular order."""
    rows = ["Patient Name,Appointment Date,Appointment Time,Location"]
    for index, name in enumerate(NAMES):
        minutes = 8 * 60 + ((index * 7) % 20) * 15
        rows.append(
            f'"{name}",{DAY.isoformat()},{minutes // 60}:{minutes % 60:02d},{choice.location}'
        )
    return "\n".join(rows) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args()
    project, problems = load_project(ProjectPaths(args.project.resolve()))
    if project is None:
        raise SystemExit("\n".join(str(p) for p in problems))
    choice = Choice(
        next(iter(project.locations)), project.default_language, next(iter(project.packets))
    )
    fields = {"location": choice.location, "lang": choice.lang, "packet": choice.packet}
    packet = {**fields, "name": NAMES[0], "day": DAY.isoformat(), "time": "10:30"}
    schedule = {**fields, "schedule": schedule_csv(choice)}
    print(
        f"{project.paths.root}: packet '{choice.packet}', location '{choice.location}'; {args.runs} runs each"
    )

    with tempfile.TemporaryDirectory(prefix="bench-serve-") as scratch:
        results: dict[str, float] = {}
        for jobs in (1, 2):
            folder = Path(scratch) / f"jobs{jobs}"
            folder.mkdir()
            server = start_server(project.paths.root, folder, "--jobs", str(jobs), "--no-watch")
            try:
                browser = Browser(server)
                if jobs == 1:
                    print("1. A personalised packet:")
                    results["server"] = line(
                        "warm server, POST /packet",
                        timed(partial(browser.post, "/packet", packet), args.runs),
                    )
                    results["alone"] = line(
                        "WeasyPrint alone, same HTML, warm",
                        weasyprint_alone(project, choice, args.runs),
                    )
                    print("2. A day's schedule, 20 patients:")
                runs = max(3, args.runs // 2)
                results[f"schedule{jobs}"] = line(
                    f"{jobs} process{'es' if jobs > 1 else ''}, POST /schedule/packets",
                    timed(partial(browser.post, "/schedule/packets", schedule), runs, warmups=1),
                )
            finally:
                server.stop()
    ratio = results["server"] / results["alone"]
    print(f"\nwarm server / WeasyPrint alone: {ratio:.2f}x (goal: at most 1.30x)")
    speedup = results["schedule1"] / results["schedule2"]
    print(f"20-patient schedule, 1 process / 2 processes: {speedup:.2f}x faster on both cores")
    print(f"  (per patient on both cores: {results['schedule2'] / len(NAMES):.3f} s)")


if __name__ == "__main__":
    main()
