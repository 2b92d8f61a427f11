"""The `handouts` command: parse arguments, call one function, print the result."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from handouts import __version__
from handouts.errors import plural
from handouts.paths import find_project

F = TypeVar("F", bound=Callable[..., Any])


def project_option(func: F) -> F:
    """--project DIR: the project folder (default: the current folder)."""
    return click.option(
        "--project",
        "project_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        show_default="current folder",
        help="Project folder holding content/ and templates/.",
    )(func)


class ShardType(click.ParamType):  # type: ignore[type-arg]  # generic from click 8.2 on
    """--shard I/N: one stable share of the PDFs (a click usage error otherwise)."""

    name = "I/N"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        """Parse 'I/N' into a Shard."""
        from handouts.write.shard import Shard

        if isinstance(value, Shard):
            return value
        try:
            return Shard.parse(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


def jobs_option(what: str) -> Callable[[F], F]:
    """``--jobs N`` (or HANDOUTS_JOBS): how many processes render; ``what`` says what they do."""
    return click.option(
        "--jobs",
        "-j",
        type=click.IntRange(min=1),
        default=None,
        envvar="HANDOUTS_JOBS",
        metavar="N",
        help=f"{what}  [default: one per core]",
    )


def relative_to_cwd(path: Path) -> str:
    """A path as the user would type it: relative below the current folder, else absolute."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(Path(path).absolute()) if relative.startswith("..") else relative


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="handouts")
def main() -> None:
    """Branded, print-ready PDF handouts from Markdown sections and Jinja templates."""


@main.command()
@project_option
@click.option(
    "--location",
    "-l",
    "locations",
    multiple=True,
    metavar="ID",
    help="Only this location (repeatable). Default: all.",
)
@click.option(
    "--handout",
    "-d",
    "handouts",
    multiple=True,
    metavar="ID",
    help="Only this handout (repeatable). Default: all.",
)
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="CODE",
    help="Only this language (repeatable). Default: all.",
)
@click.option(
    "--output",
    "-o",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output folder.  [default: PROJECT/output]",
)
@click.option(
    "--shard",
    type=ShardType(),
    default=None,
    help="Build only share I of N (e.g. 2/3), for a CI matrix; the N shares add up to all PDFs.",
)
@click.option(
    "--large-print",
    is_flag=True,
    help="Only the large-print edition (<handout>.large-print.pdf). Default: every edition.",
)
@jobs_option("Render on N processes (or set HANDOUTS_JOBS).")
@click.option(
    "--no-cache",
    is_flag=True,
    help="Render every PDF, ignoring (and not filling) the build cache.",
)
def build(
    project_dir: Path,
    locations: tuple[str, ...],
    handouts: tuple[str, ...],
    languages: tuple[str, ...],
    out_dir: Path | None,
    shard: Any,
    large_print: bool,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Check, then build every handout for every location into output/<location>/<handout>.pdf
    (and each edition, such as large print, beside it)."""
    from handouts.commands.build import build as run_build
    from handouts.commands.build import default_cache, requested
    from handouts.render.pool import available_cores
    from handouts.write.manifest import BuiltPdf

    paths = find_project(project_dir)
    target = out_dir if out_dir is not None else paths.output

    def report(pdf: BuiltPdf) -> None:
        cached = ", from the cache" if pdf.cached else ""
        click.echo(
            f"wrote {relative_to_cwd(pdf.path)}  "
            f"({pdf.pages} pages, {pdf.size // 1024} KiB{cached})"
        )

    result = run_build(
        paths,
        target,
        requested(locations, handouts, languages, shard, large_print),
        on_written=report,
        jobs=jobs or available_cores(),
        cache=None if no_cache else default_cache(paths, os.environ),
    )
    if result.manifest is not None:
        click.echo(f"wrote {relative_to_cwd(result.manifest)}")
    cached = f" ({result.cached} from the cache)" if result.cached else ""
    click.echo(
        f"built {plural(len(result.pdfs), 'PDF')}{cached}, {result.pages} pages, "
        f"in {result.seconds:.2f} s"
    )
    for trouble in result.cache_trouble:
        click.echo(f"note: the build cache could not be used ({trouble})", err=True)
    if result.warnings:
        # One line, not eleven: every build would repeat them; `handouts check` lists them.
        files = len({w.path for w in result.warnings})
        click.echo(
            f"{plural(len(result.warnings), 'warning')} in {plural(files, 'file')}; "
            "run 'handouts check' to list them",
            err=True,
        )


@main.command()
@project_option
@click.option("--strict", is_flag=True, help="Count warnings as errors (exit 1 on any finding).")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    metavar="YYYY-MM-DD",
    help="Age the review dates as of this day.  [default: today]",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Check everything afresh, without what earlier runs found clean.",
)
def check(project_dir: Path, strict: bool, today: Any, no_cache: bool) -> None:
    """Check content, data and templates without writing PDFs; exit 1 on errors."""
    from handouts.commands.check import check_project
    from handouts.write.cache import project_memo

    paths = find_project(project_dir)
    memo = None if no_cache else project_memo(paths, os.environ)
    report = check_project(paths, today.date() if today else None, strict, memo)
    for line in report.lines():
        click.echo(line)
    raise SystemExit(report.exit_code)


@main.command()
@project_option
@click.option(
    "--pdf", is_flag=True, help="Write it as a PDF to print and sign instead of printing it."
)
@click.option(
    "--output",
    "-o",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="PDF to write (with --pdf).  [default: PROJECT/output/source-report.pdf]",
)
def sources(project_dir: Path, pdf: bool, target: Path | None) -> None:
    """Show every statement of every handout and packet with its source, for clinical sign-off."""
    from handouts.commands.sources import load_report, report_lines, write_report_pdf

    paths = find_project(project_dir)
    if target is not None and not pdf:
        raise click.BadParameter(
            "only with --pdf (the text goes to the screen)", param_hint="'--output'"
        )
    if not pdf:
        for line in report_lines(load_report(paths)):
            click.echo(line)
        return
    if target is not None and target.suffix.lower() != ".pdf":
        raise click.BadParameter("expected a file name ending in .pdf", param_hint="'--output'")
    written = write_report_pdf(paths, target or paths.output / "source-report.pdf")
    pages = f"{written.pages} page{'s' if written.pages != 1 else ''}"
    click.echo(f"wrote {relative_to_cwd(written.path)}  ({pages}, {written.size // 1024} KiB)")


@main.command("list")
@project_option
def list_(project_dir: Path) -> None:
    """Show the locations, handouts and sections the project defines."""
    from handouts.commands.list import listing, loaded

    for line in listing(loaded(find_project(project_dir))):
        click.echo(line)


@main.command("brand")
@project_option
@click.option(
    "--output",
    "-o",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="PDF to write.  [default: PROJECT/output/brand-sheet.pdf]",
)
def brand(project_dir: Path, target: Path | None) -> None:
    """Write the one-page brand sheet: logo, colours and their contrast, fonts, QR codes."""
    from handouts.commands.brand import build_brand_sheet

    if target is not None and target.suffix.lower() != ".pdf":
        raise click.BadParameter("expected a file name ending in .pdf", param_hint="'--output'")
    paths = find_project(project_dir)
    sheet = build_brand_sheet(paths, target or paths.output / "brand-sheet.pdf")
    pages = f"{sheet.pages} page{'s' if sheet.pages != 1 else ''}"
    click.echo(f"wrote {relative_to_cwd(sheet.path)}  ({pages}, {sheet.size // 1024} KiB)")


@main.command()
@project_option
@click.option(
    "--location", "-l", required=True, metavar="ID", help="Draw in this location's brand."
)
@click.option(
    "--chart", "chart_id", default=None, metavar="ID", help="The chart.  [default: the first one]"
)
@click.option("--lang", default=None, metavar="CODE", help="Language.  [default: the first one]")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="SVG file to write.  [default: PROJECT/output/<location>/<chart>.svg]",
)
@click.option("--png", is_flag=True, help="Also write a PNG (192 dpi) beside the SVG.")
def chart(
    project_dir: Path,
    location: str,
    chart_id: str | None,
    lang: str | None,
    output: Path | None,
    png: bool,
) -> None:
    """Write a chart alone as SVG (and PNG) for the website and slides."""
    from handouts.commands.chart import ChartRequest, write_chart

    request = ChartRequest(location, chart_id, lang)
    for path in write_chart(find_project(project_dir), request, output, png):
        click.echo(f"wrote {relative_to_cwd(path)}")


@main.command()
@project_option
@click.option(
    "--location", "-l", metavar="ID", help="The location, e.g. queens (required; any case)."
)
@click.option(
    "--for-patient",
    is_flag=True,
    help="For one patient: asks for the name and the appointment (typed at the prompt, they "
    "stay off the command line, where other users and the shell history would see them).",
)
@click.option(
    "--patient-from",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    metavar="FILE",
    help="For one patient: read 'patient: NAME' and 'appointment: YYYY-MM-DD HH:MM' lines from "
    "FILE ('-': standard input).",
)
@click.option(
    "--delete-patient-file",
    is_flag=True,
    help="Delete the --patient-from FILE once the packet is written.",
)
@click.option("--patient", metavar="NAME", hidden=True)
@click.option("--appointment", metavar='"YYYY-MM-DD HH:MM"', hidden=True)
@click.option(
    "--duplex", is_flag=True, help="Start each part on a right-hand page (double-sided printing)."
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="A .pdf file or a folder.  [default: a blank packet goes to "
    "PROJECT/output/<location>/, a personalised one to the current folder]",
)
@click.option("--lang", default=None, metavar="CODE", help="Language. Default: the first one.")
@click.option(
    "--packet", "packet_id", default=None, metavar="ID", help="The packet. Default: the first one."
)
@click.option(
    "--large-print", is_flag=True, help="The large-print edition (body text 18 pt, larger chart)."
)
@click.option(
    "--schedule",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.csv",
    help="A day's schedule exported as CSV: every patient's packet, in appointment order, in one "
    "private file (packet-schedule.pdf); --location and --lang are for rows that leave them out.",
)
def packet(
    project_dir: Path,
    location: str | None,
    for_patient: bool,
    patient_from: Path | None,
    delete_patient_file: bool,
    patient: str | None,
    appointment: str | None,
    duplex: bool,
    output: Path | None,
    lang: str | None,
    packet_id: str | None,
    large_print: bool,
    schedule: Path | None,
) -> None:
    """Write the pre-visit packet for one location: blank, for one patient (--for-patient), or
    for every patient of a day's schedule (--schedule day.csv)."""
    import datetime as dt

    if schedule is not None:
        if for_patient or patient_from is not None or patient is not None or appointment:
            raise click.UsageError("--schedule: the patients' details come from the file")
        schedule_packets(
            project_dir, schedule, location, lang, packet_id, duplex, large_print, output
        )
        return

    from handouts.commands.packet import PacketRequest, make_packet
    from handouts.write.cache import project_memo
    from handouts.write.private import exits_on_signals

    now = dt.datetime.now()
    on_line = patient is not None or appointment is not None
    if sum((for_patient, patient_from is not None, on_line)) > 1:
        raise click.UsageError(
            "give the patient's details one way: --for-patient, --patient-from FILE, or "
            "(not recommended) --patient and --appointment"
        )
    if delete_patient_file and (patient_from is None or str(patient_from) == "-"):
        raise click.UsageError("--delete-patient-file: only with --patient-from FILE")
    with exits_on_signals():
        visit = patient_details(now, for_patient, patient_from, patient, appointment)
        paths = find_project(project_dir)
        result = make_packet(
            paths,
            PacketRequest(location, packet_id, lang, duplex, visit, large_print),
            output=output,
            memo=project_memo(paths, os.environ),
        )
        if delete_patient_file and patient_from is not None:
            patient_from.unlink(missing_ok=True)
    # The path only: the patient's details never reach the screen or a log.
    click.echo(
        f"wrote {relative_to_cwd(result.path)}  ({result.pages} pages, "
        f"{result.size // 1024} KiB, {result.seconds:.2f} s){result.reminder}"
    )


def schedule_packets(
    project_dir: Path,
    source: Path,
    location: str | None,
    lang: str | None,
    packet_id: str | None,
    duplex: bool,
    large_print: bool,
    output: Path | None,
) -> None:
    """`handouts packet --schedule FILE`: one private PDF with every usable row's packet."""
    from handouts.commands.schedule import ScheduleRequest, set_aside_lines, write_schedule
    from handouts.render.pool import available_cores
    from handouts.write.cache import project_memo
    from handouts.write.private import exits_on_signals

    request = ScheduleRequest(source, location, lang, packet_id, duplex, large_print)
    paths = find_project(project_dir)
    with exits_on_signals():
        written, read = write_schedule(
            paths,
            request,
            output=output,
            jobs=int(os.environ.get("HANDOUTS_JOBS") or available_cores()),
            memo=project_memo(paths, os.environ),
        )
    for line in set_aside_lines(source, read.set_aside):
        click.echo(line, err=True)
    click.echo(
        f"wrote {relative_to_cwd(written.path)}  ({plural(len(read.patients), 'patient')}, "
        f"{written.pages} pages, {written.size // 1024} KiB, {written.seconds:.2f} s)"
        f"{written.reminder}"
    )


@main.command()
@project_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but this computer (e.g. 0.0.0.0 for the clinic's "
    "network) asks every browser for a password.",
)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--location", "-l", metavar="ID", help="The location the forms start with (the desk's own)."
)
@click.option(
    "--password-file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help="With --host: the password, on the file's first line (or set HANDOUTS_SERVE_PASSWORD; "
    "neither: one is made up and printed here).",
)
@jobs_option("Render a schedule and the editors' preview on N processes.")
@click.option("--no-watch", is_flag=True, help="Do not read the project again when files change.")
def serve(
    project_dir: Path,
    host: str,
    port: int,
    location: str | None,
    password_file: Path | None,
    jobs: int | None,
    no_watch: bool,
) -> None:
    """Start the front desk's page and the editors' live preview in the browser."""
    from handouts.render.pool import available_cores
    from handouts.web.server import ServeOptions, is_loopback, serve_project

    password = None
    if not is_loopback(host):
        password = serve_password(password_file)
    options = ServeOptions(host, port, password, location, jobs or available_cores(), not no_watch)
    serve_project(find_project(project_dir), options, click.echo)


def serve_password(password_file: Path | None) -> str:
    """The password a networked server asks for: from the file, the environment, or made up
    (and printed, once)."""
    import secrets

    if password_file is not None:
        try:
            lines = password_file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise click.BadParameter(
                f"cannot read it ({exc})", param_hint="'--password-file'"
            ) from None
        if not lines or len(lines[0].strip()) < 8:
            raise click.BadParameter(
                "expected a password of 8 characters or more on its first line",
                param_hint="'--password-file'",
            )
        return lines[0].strip()
    given = os.environ.get("HANDOUTS_SERVE_PASSWORD", "").strip()
    if given:
        if len(given) < 8:
            raise click.UsageError("HANDOUTS_SERVE_PASSWORD: expected 8 characters or more")
        return given
    made = "-".join(secrets.token_hex(2) for _ in range(4))
    click.echo(f"handouts serve: the password for this run is {made}")
    return made


MAX_STDIN = 64 * 1024  # a visit is two short lines; read_visit names a bigger input
ON_COMMAND_LINE = (
    "warning: --patient and --appointment put the patient's details where every user of this "
    "computer can see them while the packet is made (ps) and in your shell's history; leave "
    "them out and use --for-patient to be asked, or --patient-from FILE"
)


def patient_details(
    now: Any,
    for_patient: bool,
    patient_from: Path | None,
    patient: str | None,
    appointment: str | None,
) -> Any:
    """The visit from the prompt, a file or standard input, or (with a warning) the command
    line; None for a blank packet."""
    from handouts.documents.visit import (
        decode_visit,
        make_visit,
        parse_appointment,
        parse_patient,
        read_visit,
    )
    from handouts.errors import HandoutsError
    from handouts.model import Visit

    def asked(parse: Callable[[str], Any]) -> Callable[[str], Any]:
        def convert(text: str) -> Any:
            try:
                return parse(text)
            except HandoutsError as exc:  # asked again, as click does for any bad answer
                raise click.UsageError(exc.format_message().removeprefix("error: ")) from None

        return convert

    if for_patient:
        name = click.prompt("Patient's name", value_proc=asked(parse_patient))
        start = click.prompt(
            "Appointment (YYYY-MM-DD HH:MM, 24-hour clock)",
            value_proc=asked(lambda text: parse_appointment(text, now)),
        )
        return Visit(name, start)
    if patient_from is not None:
        if str(patient_from) == "-":
            data = sys.stdin.buffer.read(MAX_STDIN)
        else:
            try:
                data = patient_from.read_bytes()
            except OSError as exc:
                raise HandoutsError(
                    f"--patient-from: cannot read '{patient_from}' ({exc.strerror or exc})"
                ) from None
        return read_visit(decode_visit(data), now)
    if patient is not None or appointment is not None:
        click.echo(ON_COMMAND_LINE, err=True)
    return make_visit(patient, appointment, now)
