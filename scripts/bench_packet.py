#!/usr/bin/env python3
"""How long the front desk waits for a packet: medians of N runs, blank and personalised.

    .venv/bin/python scripts/bench_packet.py [--runs 7] [--location ID] [--project DIR]

1. The command as typed (a fresh process each time, imports included): what a person waits for.
2. In one process: the full render (layout + PDF), blank and personalised, plain and duplex.
3. The alternative considered: lay out the unchanging parts once, then per patient only the
   cover page, and join the pages. It is measured, and checked for what it breaks.
Writes only to a temporary folder.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts.documents.packet import packet_document  # noqa: E402
from handouts.documents.visit import make_visit  # noqa: E402
from handouts.load import load_project  # noqa: E402
from handouts.model import Project  # noqa: E402
from handouts.paths import ProjectPaths  # noqa: E402
from handouts.render.document import fill, render_document, renderer_for  # noqa: E402
from handouts.render.html import make_environment  # noqa: E402


def median_seconds(func: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """Median, fastest and slowest of ``runs`` timed calls."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def report(label: str, result: tuple[float, float, float]) -> None:
    """One line of the table."""
    med, low, high = result
    print(f"  {label:<52} median {med:6.3f} s   (min {low:.3f}, max {high:.3f})")


def loaded(project_dir: Path) -> Project:
    """The project, as loaded (the benchmark assumes it checks)."""
    project, problems = load_project(ProjectPaths(project_dir))
    if project is None:
        raise SystemExit("\n".join(str(p) for p in problems))
    return project


def command_times(project_dir: Path, location: str, runs: int, out: Path) -> None:
    """The CLI in a fresh process, as the front desk runs it."""
    appointment = (dt.datetime.now() + dt.timedelta(days=7)).strftime("%Y-%m-%d 10:30")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [
        sys.executable,
        *("-m", "handouts", "packet", "--project", str(project_dir), "-l", location),
    ]
    personal = ["--patient", "Ana Diaz", "--appointment", appointment]
    cases = {
        "blank": [*base, "-o", str(out / "blank.pdf")],
        "personalised": [*base, *personal, "-o", str(out / "personal.pdf")],
        "personalised, --duplex": [*base, *personal, "--duplex", "-o", str(out / "duplex.pdf")],
    }
    print(f"1. `handouts packet` in a fresh process (imports included), {runs} runs each:")
    for label, args in cases.items():

        def run(args: list[str] = args) -> None:
            subprocess.run(args, check=True, env=env, capture_output=True)

        report(label, median_seconds(run, runs))
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import handouts.cli"], check=True, env=env)
    middle = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import weasyprint"], check=True, env=env)
    end = time.perf_counter()
    print(
        f"  (for scale: python + handouts.cli {middle - start:.3f} s, + weasyprint import alone "
        f"{end - middle:.3f} s)"
    )


def in_process_times(project: Project, location: str, runs: int) -> None:
    """Full renders in one warm process, and the cover-only alternative."""
    templates = project.paths.templates
    env = make_environment(templates)
    renderer = renderer_for(project)
    now = dt.datetime.now()
    visit = make_visit("Ana Diaz", (now + dt.timedelta(days=7)).strftime("%Y-%m-%d 10:30"), now)
    packet_id = next(iter(project.packets))
    lang = project.default_language
    blank_packet = packet_document(project, packet_id, location, lang)
    render_document(renderer, env, project, blank_packet, None)  # warm up fonts
    print(f"2. Full render in a warm process (layout + PDF), {runs} runs each:")
    for duplex in (False, True):
        suffix = ", duplex" if duplex else ""
        blank = packet_document(project, packet_id, location, lang, duplex=duplex)
        personal = packet_document(project, packet_id, location, lang, duplex=duplex, visit=visit)
        for label, document in ((f"blank{suffix}", blank), (f"personalised{suffix}", personal)):

            def render(document: object = document) -> object:
                return render_document(renderer, env, project, document, None)  # type: ignore[arg-type]

            report(label, median_seconds(render, runs))

    # The alternative: the body laid out once, then per patient only a one-page cover, joined.
    filled = fill(env, project, blank_packet, None)
    body = renderer.lay_out(filled.html, templates, filled.css, blank_packet.name)
    cover_only = project.packets[packet_id].model_copy(update={"parts": []})
    view = dataclasses.replace(project, packets={packet_id: cover_only})
    cover_document = packet_document(view, packet_id, location, lang, visit=visit)
    cover_filled = fill(env, view, cover_document, None)

    def cover_plus_cached_body() -> bytes:
        cover = renderer.lay_out(
            cover_filled.html, templates, cover_filled.css, cover_document.name
        )
        joined = body.document.copy([cover.document.pages[0], *body.document.pages[1:]])
        return bytes(joined.write_pdf(pdf_variant="pdf/ua-1"))

    print("3. Alternative: cover laid out per patient + body laid out once, pages joined:")
    report("personalised (cover only + cached body)", median_seconds(cover_plus_cached_body, runs))
    data = cover_plus_cached_body()
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        footer = _first_page_footer(Path(handle.name))
    print(f"  but its cover says '{footer}' in a {body.pages}-page packet: the cover's page total")
    print("  comes from its own one-page layout. It saves layout time in a warm process only;")
    print("  a front-desk command is a fresh process, where importing WeasyPrint dominates.")


def _first_page_footer(path: Path) -> str:
    """The 'Page X of Y' of a PDF's first page."""
    import pypdfium2

    document = pypdfium2.PdfDocument(path)
    try:
        text = document[0].get_textpage().get_text_range()
    finally:
        document.close()
    match = re.search(r"Page \d+ of \d+", text)
    return match.group() if match else "(none)"


def main() -> None:
    """Run the benchmark and print a table of medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="runs per case (default 7)")
    parser.add_argument("--location", default=None, help="default: the project's first")
    parser.add_argument("--project", type=Path, default=ROOT)
    args = parser.parse_args()
    project_dir = args.project.resolve()
    project = loaded(project_dir)
    location = args.location or next(iter(project.locations))
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, location {location}\n")
    with tempfile.TemporaryDirectory() as out:
        command_times(project_dir, location, args.runs, Path(out))
    print()
    in_process_times(project, location, args.runs)


if __name__ == "__main__":
    main()
