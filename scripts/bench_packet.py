#!/usr/bin/env python3
"""How long the front desk waits for a packet: medians of N runs, blank and personalised.

    .venv/bin/python scripts/bench_packet.py [--runs 7] [--location queens]

1. The command as typed (a fresh process each time, imports included): what a person waits for.
2. In one process: the full render (layout + PDF), blank and personalised, plain and duplex.
3. The alternative considered: lay out the unchanging parts once, then per patient only the
   cover page, and join the pages. It is measured, and checked for what it breaks.
Writes only to a temporary folder.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from handouts.appointment import make_visit  # noqa: E402
from handouts.loader import load_project  # noqa: E402
from handouts.packet import PacketJob, render_packet, render_packet_document  # noqa: E402
from handouts.project import ProjectPaths  # noqa: E402
from handouts.render import PdfRenderer  # noqa: E402
from handouts.templating import make_environment  # noqa: E402


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


def command_times(location: str, runs: int, out: Path) -> None:
    """The CLI in a fresh process, as the front desk runs it."""
    appointment = (dt.datetime.now() + dt.timedelta(days=7)).strftime("%Y-%m-%d 10:30")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    base = [sys.executable, "-m", "handouts", "packet", "--project", str(ROOT), "-l", location]
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


def in_process_times(location: str, runs: int) -> None:
    """Full renders in one warm process, and the cover-only alternative."""
    paths = ProjectPaths(ROOT)
    project, _ = load_project(paths)
    assert project is not None
    env = make_environment(paths.templates)
    renderer = PdfRenderer((paths.templates, paths.content))
    now = dt.datetime.now()
    visit = make_visit("Ana Diaz", (now + dt.timedelta(days=7)).strftime("%Y-%m-%d 10:30"), now)
    packet_id = next(iter(project.packets))
    render_packet(renderer, env, project, PacketJob(packet_id, location, "en"))  # warm up fonts
    print(f"2. Full render in a warm process (layout + PDF), {runs} runs each:")
    for duplex in (False, True):
        job = PacketJob(packet_id, location, "en", duplex)
        suffix = ", duplex" if duplex else ""

        def blank(job: PacketJob = job) -> object:
            return render_packet(renderer, env, project, job)

        def personal(job: PacketJob = job) -> object:
            return render_packet(renderer, env, project, job, visit)

        report(f"blank{suffix}", median_seconds(blank, runs))
        report(f"personalised{suffix}", median_seconds(personal, runs))

    # The alternative: the body laid out once, then per patient only a one-page cover, joined.
    job = PacketJob(packet_id, location, "en")
    html, css = render_packet_document(env, project, job)
    body = renderer.lay_out(html, paths.templates, css, job.name)
    cover_only = project.packets[packet_id].model_copy(update={"parts": []})
    view = type(project)(**{**project.__dict__, "packets": {packet_id: cover_only}})
    cover_html, cover_css = render_packet_document(env, view, job, visit)

    def cover_plus_cached_body() -> bytes:
        cover = renderer.lay_out(cover_html, paths.templates, cover_css, job.name)
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
    import re

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
    parser.add_argument("--location", default="queens")
    args = parser.parse_args()
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, location {args.location}\n")
    with tempfile.TemporaryDirectory() as out:
        command_times(args.location, args.runs, Path(out))
    print()
    in_process_times(args.location, args.runs)


if __name__ == "__main__":
    main()
