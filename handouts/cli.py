"""The `handouts` command: parse arguments, call one function, print the result."""

from __future__ import annotations

import os
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
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    envvar="HANDOUTS_JOBS",
    metavar="N",
    help="Render on N processes (or set HANDOUTS_JOBS).  [default: one per core]",
)
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
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Check, then build every handout for every location into output/<location>/<handout>.pdf."""
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
        requested(locations, handouts, languages, shard),
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
@click.option("--patient", metavar="NAME", help='The patient\'s name, e.g. "Ana Diaz".')
@click.option(
    "--appointment",
    metavar='"YYYY-MM-DD HH:MM"',
    help='The appointment, 24-hour clock, e.g. "2026-12-03 10:30".',
)
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
def packet(
    project_dir: Path,
    location: str | None,
    patient: str | None,
    appointment: str | None,
    duplex: bool,
    output: Path | None,
    lang: str | None,
    packet_id: str | None,
) -> None:
    """Write the pre-visit packet for one location: blank, or for one patient."""
    import datetime as dt

    from handouts.commands.packet import PacketRequest, make_packet
    from handouts.documents.visit import make_visit
    from handouts.write.cache import project_memo

    visit = make_visit(patient, appointment, dt.datetime.now())
    paths = find_project(project_dir)
    result = make_packet(
        paths,
        PacketRequest(location, packet_id, lang, duplex, visit),
        output=output,
        memo=project_memo(paths, os.environ),
    )
    # The path only: the patient's details never reach the screen or a log.
    click.echo(
        f"wrote {relative_to_cwd(result.path)}  ({result.pages} pages, "
        f"{result.size // 1024} KiB, {result.seconds:.2f} s){result.reminder}"
    )
