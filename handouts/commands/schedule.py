"""A day's schedule: a CSV file from the scheduling program -> every patient's packet, in
appointment order, as one print job (`handouts packet --schedule day.csv`, and the front desk's
page).

The header row names the columns as scheduling programs export them (``COLUMNS``: "Patient Name"
or "Name", or "First Name" and "Last Name"; "Appointment", or "Appointment Date" and "Appointment
Time"; "Location"; "Language"; "Large Print"), in any case and order; other columns (date of
birth, phone, provider...) are ignored and never read into anything. A row that cannot be used is
set aside with its row number and the reason, which never repeats what the row holds.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from handouts.checks import checked
from handouts.commands.choice import LARGE_PRINT, choose, normalise_id
from handouts.commands.packet import PERSONAL_RENDER_ERROR, WrittenPacket
from handouts.documents import Document
from handouts.documents.fonts import unprintable
from handouts.documents.packet import PacketDocument, packet_document
from handouts.documents.when import WhenError, check_visit, parse_moment
from handouts.errors import HandoutsError, error, warning
from handouts.model import Project, Visit
from handouts.paths import ProjectPaths
from handouts.render.combine import combine_pdfs
from handouts.render.pdf import RenderedPdf
from handouts.render.pool import Outcome, RenderPool, Studio, render_here
from handouts.write.cache import CheckMemo
from handouts.write.private import (
    make_private_folders,
    personal_packet_path,
    private_workspace,
    refuse_shared_folder,
    write_private,
)

MAX_SCHEDULE_BYTES = 256 * 1024
"""A day's export is a few kilobytes (about 100 bytes a patient); a bigger file is the wrong one."""
MAX_PATIENTS = 200
"""Rows one job takes: a long clinic day, with room to spare (each packet is about ten pages)."""

COLUMNS: Mapping[str, tuple[str, ...]] = {
    "name": ("patient name", "patient", "name", "patient full name", "full name", "client name"),
    "first": ("first name", "patient first name", "given name", "first"),
    "last": ("last name", "patient last name", "family name", "surname", "last"),
    "appointment": (
        "appointment",
        "appointment date time",
        "appointment datetime",
        "appointment start",
        "start date time",
        "date time",
        "scheduled",
    ),
    "date": ("appointment date", "appt date", "date", "visit date", "start date"),
    "time": ("appointment time", "appt time", "time", "start time", "visit time", "start"),
    "location": ("location", "clinic", "site", "office", "facility", "clinic location"),
    "language": ("language", "preferred language", "patient language", "lang"),
    "large_print": ("large print", "large print packet"),
}
"""Each field the schedule may give, with the header names it is known by (compared in lower
case, with anything but letters and digits as a space: "Appt. Date" is "appt date")."""

YES = frozenset({"yes", "y", "true", "1", "x", "large print", "large"})
NO = frozenset({"", "no", "n", "false", "0"})


def header_key(text: str) -> str:
    """A header as COLUMNS lists it: lower case, words of letters and digits."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.lower()).split())


def _plain(text: str) -> str:
    """Lower case without accents, for matching names people type ("Espanol" is "Español")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@dataclass(frozen=True)
class Table:
    """A schedule file read: which column holds each field, and every row after the header
    with its row number (the header is row 1, as a spreadsheet numbers it)."""

    columns: Mapping[str, int]
    rows: tuple[tuple[int, tuple[str, ...]], ...] = field(repr=False)


def decode_schedule(data: bytes) -> str:
    """The file's text: UTF-8 (with or without the byte-order mark Excel writes), else
    Windows-1252 (Excel's plain "CSV" on a US computer); refused when it is not text."""
    if len(data) > MAX_SCHEDULE_BYTES:
        raise ScheduleError(
            f"the file is {len(data) // 1024} KiB, more than a day's schedule "
            f"({MAX_SCHEDULE_BYTES // 1024} KiB at most); export one day at a time"
        )
    if data.startswith(b"PK\x03\x04"):
        raise ScheduleError(
            "this is an Excel workbook, not a CSV file; in Excel choose File > Save As > "
            "CSV UTF-8, then choose that file"
        )
    if b"\x00" in data:
        raise ScheduleError("this is not a CSV file (save the schedule as CSV, then choose it)")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


class ScheduleError(ValueError):
    """Why a schedule file cannot be used at all (``line``: where, when one row is to blame)."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def read_table(text: str) -> Table:
    """The header row matched against COLUMNS, and the rows (blank ones skipped); a file
    without the columns a packet needs, or with too many rows, is refused."""
    lines = text.splitlines()
    first = next((line for line in lines if line.strip()), "")
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(first, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        records = [(reader.line_num, tuple(record)) for record in reader]
    except csv.Error as exc:
        raise ScheduleError(
            f"this is not a CSV file that can be read ({exc})", reader.line_num
        ) from None
    records = [(number, cells) for number, cells in records if any(c.strip() for c in cells)]
    if not records:
        raise ScheduleError("the file is empty (expected a header row, then one row a patient)")
    header_line, header = records[0]
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = header_key(name)
        for field_name, names in COLUMNS.items():
            if key in names and field_name not in columns:
                columns[field_name] = index
    rows = tuple(records[1:])
    missing = _missing_columns(columns)
    if missing:
        raise ScheduleError(missing, header_line)
    if len(rows) > MAX_PATIENTS:
        raise ScheduleError(
            f"the file has {len(rows)} rows; one print job takes at most {MAX_PATIENTS} "
            "patients (split the day in two)"
        )
    return Table(columns, rows)


def _missing_columns(columns: Mapping[str, int]) -> str:
    if "name" not in columns and not {"first", "last"} <= columns.keys():
        return (
            "the header row has no column for the patient's name (expected 'Patient Name' or "
            "'Name', or 'First Name' and 'Last Name')"
        )
    if "appointment" not in columns and "date" not in columns:
        return (
            "the header row has no column for the appointment (expected 'Appointment', or "
            "'Appointment Date' and 'Appointment Time')"
        )
    return ""


@dataclass(frozen=True)
class Defaults:
    """What a row that leaves a column out (or blank) gets: the front desk's choices."""

    location: str | None
    lang: str
    large_print: bool = False
    packet: str | None = None


@dataclass(frozen=True)
class Patient:
    """One usable row: the visit and which packet it gets."""

    row: int
    visit: Visit
    location: str
    lang: str
    variant: str = ""

    def __repr__(self) -> str:
        return f"Patient(row={self.row}, <personal details hidden>)"


@dataclass(frozen=True)
class SetAside:
    """A row that cannot be used: its number and why, never what it holds."""

    row: int
    reason: str


@dataclass(frozen=True)
class Schedule:
    """A schedule resolved against the project: the patients in appointment order, and the
    rows set aside."""

    patients: tuple[Patient, ...]
    set_aside: tuple[SetAside, ...]
    packet: str


def _cell(cells: Sequence[str], columns: Mapping[str, int], name: str) -> str | None:
    index = columns.get(name)
    if index is None:
        return None
    return cells[index].strip() if index < len(cells) else ""


def match_location(project: Project, text: str) -> str | None:
    """The location a cell names: its id or its name, in any case ("Long Island")."""
    wanted = normalise_id(text)
    for location_id, location in project.locations.items():
        if wanted in (normalise_id(location_id), normalise_id(location.name)):
            return location_id
    return None


def language_names(code: str) -> tuple[str, str]:
    """A language's name in English and in itself, from CLDR (Babel): ('Spanish', 'español')."""
    from babel import Locale, UnknownLocaleError

    try:
        locale = Locale.parse(code, sep="-")
    except (ValueError, UnknownLocaleError):
        return code, code
    return locale.get_display_name("en") or code, locale.get_display_name(locale) or code


def match_language(project: Project, text: str) -> str | None:
    """The language a cell names: a code ("es", "es-US"), or its name in English or in itself
    ("Spanish", "Español", "中文"), in any case and with or without accents."""
    wanted = _plain(text.replace("_", "-"))
    for code in project.languages:
        english, own = language_names(code)
        names = {_plain(code), _plain(english), _plain(own)}
        base = wanted.split("-")[0]
        if wanted in names or base == _plain(code) or _plain(english).split(" (")[0] == wanted:
            return code
    return None


def resolve(project: Project, table: Table, defaults: Defaults, now: dt.datetime) -> Schedule:
    """Each row as a patient with a visit, location, language and edition, or set aside with
    its reason; patients in appointment order (then row order)."""
    packet = defaults.packet or next(iter(project.packets))
    patients: list[Patient] = []
    set_aside: list[SetAside] = []
    for number, cells in table.rows:
        outcome = _resolve_row(project, table.columns, cells, defaults, now)
        if isinstance(outcome, str):
            set_aside.append(SetAside(number, outcome))
        else:
            visit, location, lang, variant = outcome
            patients.append(Patient(number, visit, location, lang, variant))
    patients.sort(key=lambda p: (p.visit.start, p.row))
    return Schedule(tuple(patients), tuple(set_aside), packet)


def _resolve_row(
    project: Project,
    columns: Mapping[str, int],
    cells: Sequence[str],
    defaults: Defaults,
    now: dt.datetime,
) -> tuple[Visit, str, str, str] | str:
    name = _cell(cells, columns, "name")
    if name is None:
        name = f"{_cell(cells, columns, 'first')} {_cell(cells, columns, 'last')}"
    appointment = _cell(cells, columns, "appointment")
    day, clock = _cell(cells, columns, "date"), _cell(cells, columns, "time")
    if appointment is None and clock is None:
        appointment = day  # one "Date" column holding both
    if appointment is not None:
        try:
            start = parse_moment(appointment)
        except WhenError as exc:
            return f"Appointment: {exc}"
        day, clock = start.date().isoformat(), start.strftime("%H:%M")
    lang = defaults.lang
    if given := _cell(cells, columns, "language"):
        found = match_language(project, given)
        if found is None:
            names = ", ".join(language_names(code)[0] for code in project.languages)
            return (
                f"Language: the packets are not written in that language (expected one of: "
                f"{names}); print this patient's packet on its own in one of these"
            )
        lang = found
    checked = check_visit(name, day or "", clock or "", now, partial(unprintable, project, lang))
    if checked.visit is None:
        labels = {"name": "Name", "day": "Date", "time": "Time"}
        if appointment is not None:
            labels.update(day="Appointment", time="Appointment")
        return "; ".join(f"{labels[key]}: {why}" for key, why in checked.problems.items())
    location = _location_of(project, _cell(cells, columns, "location"), defaults)
    if location is None:
        names = ", ".join(loc.name for loc in project.locations.values())
        return f"Location: not one of this clinic's locations (expected one of: {names})"
    large = defaults.large_print
    flag = _cell(cells, columns, "large_print")
    if flag is not None and flag.strip():
        value = _plain(flag)
        if value not in YES | NO:
            return "Large Print: expected yes or no"
        large = value in YES
    variant = LARGE_PRINT if large and LARGE_PRINT in project.settings.variants else ""
    return checked.visit, location, lang, variant


def _location_of(project: Project, given: str | None, defaults: Defaults) -> str | None:
    if given:
        return match_location(project, given)
    return defaults.location


def read_schedule(project: Project, data: bytes, defaults: Defaults, now: dt.datetime) -> Schedule:
    """A schedule file's bytes resolved against the project (ScheduleError: not usable at
    all)."""
    if defaults.location is not None and defaults.location not in project.locations:
        raise ScheduleError(f"unknown location '{defaults.location}'")
    table = read_table(decode_schedule(data))
    if "location" not in table.columns and defaults.location is None:
        raise ScheduleError(
            "the file has no Location column: choose the location its patients go to"
        )
    return resolve(project, table, defaults, now)


def schedule_documents(
    project: Project, schedule: Schedule, two_sided: bool
) -> list[PacketDocument]:
    """Each patient's packet, in appointment order; two-sided ones are duplex packets (an even
    number of pages each)."""
    return [
        packet_document(
            project,
            schedule.packet,
            patient.location,
            patient.lang,
            duplex=two_sided,
            visit=patient.visit,
            variant=patient.variant,
        )
        for patient in schedule.patients
    ]


Renderer = Callable[[Project, Sequence[tuple[Document, str | None]]], Iterator[tuple[int, Outcome]]]
"""Renders documents and yields (index, outcome): RenderPool.render, or render_here's partial."""


def render_schedule(
    project: Project, schedule: Schedule, two_sided: bool, render: Renderer
) -> RenderedPdf:
    """Every patient's packet rendered (``render``: on the worker processes, or here), then
    put together as one print job; made in memory, nothing written."""
    if not schedule.patients:
        raise HandoutsError("the schedule has no patient whose packet can be made")
    documents = schedule_documents(project, schedule, two_sided)
    parts: list[bytes] = [b""] * len(documents)
    for index, outcome in render(project, [(doc, None) for doc in documents]):
        if isinstance(outcome, list):
            # WeasyPrint's own message may quote the page, and so the patient's name.
            row = schedule.patients[index].row
            raise HandoutsError(f"row {row}: {PERSONAL_RENDER_ERROR}")
        parts[index] = outcome.pdf.data
    language = project.strings[project.default_language].values["language_tag"]
    return combine_pdfs(parts, two_sided=two_sided, language=language)


@dataclass(frozen=True)
class ScheduleSummary:
    """What a schedule job made: its pages and the rows set aside."""

    pdf: RenderedPdf
    schedule: Schedule
    seconds: float


def make_schedule(
    project: Project,
    data: bytes,
    defaults: Defaults,
    two_sided: bool,
    render: Renderer,
    now: dt.datetime,
) -> ScheduleSummary:
    """Read, resolve and render a schedule in one go (the command line's path)."""
    start = time.perf_counter()
    schedule = read_schedule(project, data, defaults, now)
    pdf = render_schedule(project, schedule, two_sided, render)
    return ScheduleSummary(pdf, schedule, time.perf_counter() - start)


def schedule_problem(path: Path | str, exc: ScheduleError) -> HandoutsError:
    """A ScheduleError as the command line prints it: the file, the row, the reason."""
    return HandoutsError(error(str(path), exc.message, exc.line))


def set_aside_lines(path: Path | str, rows: Iterable[SetAside]) -> list[str]:
    """One warning line per row set aside, as the command line prints them."""
    return [str(warning(str(path), f"not printed: {row.reason}", row.row)) for row in rows]


@dataclass(frozen=True)
class ScheduleRequest:
    """`handouts packet --schedule FILE`, as typed: names are matched loosely."""

    source: Path
    location: str | None = None
    lang: str | None = None
    packet: str | None = None
    two_sided: bool = False
    large_print: bool = False

    def defaults(self, project: Project) -> Defaults:
        """The request's choices as ids the project defines (a usage error names an unknown)."""
        location = None
        if self.location is not None:
            location = choose("location", self.location, list(project.locations), "--location")
        return Defaults(
            location,
            choose("language", self.lang, project.languages, "--lang"),
            self.large_print,
            choose("packet", self.packet, list(project.packets), "--packet"),
        )

    def blank_documents(self, project: Project) -> list[Document]:
        """What the checks fill: the packet, blank, for every location and language (each
        also for a sample patient, as the rows will be filled)."""
        packet = self.defaults(project).packet or next(iter(project.packets))
        return [
            packet_document(project, packet, location, lang)
            for location in project.locations
            for lang in project.languages
        ]


MAX_READ = MAX_SCHEDULE_BYTES + 1


def read_source(source: Path) -> bytes:
    """The schedule file's bytes (one more than the limit at most, so the limit is named)."""
    try:
        with source.open("rb") as handle:
            return handle.read(MAX_READ)
    except OSError as exc:
        raise HandoutsError(f"--schedule: cannot read '{source}' ({exc.strerror or exc})") from None


def write_schedule(
    paths: ProjectPaths,
    request: ScheduleRequest,
    *,
    output: Path | None = None,
    cwd: Path | None = None,
    jobs: int = 1,
    memo: CheckMemo | None = None,
    now: dt.datetime | None = None,
) -> tuple[WrittenPacket, Schedule]:
    """Every patient's packet of a schedule file as one private file (0600), like a patient's
    packet: packet-schedule.pdf in the current folder unless ``output`` says elsewhere."""
    start = time.perf_counter()
    now = now or dt.datetime.now()
    data = read_source(request.source)
    here = cwd if cwd is not None else Path.cwd()
    target = personal_packet_path(output.expanduser() if output else None, "schedule", here)
    refuse_shared_folder(paths, target)
    with ExitStack() as stack:
        pool = stack.enter_context(RenderPool(paths, jobs)) if jobs > 1 else None
        try:
            project, _ = checked(paths, documents=request.blank_documents, memo=memo)
        finally:
            if memo is not None:
                memo.save()
        try:
            schedule = read_schedule(project, data, request.defaults(project), now)
        except ScheduleError as exc:
            raise schedule_problem(request.source, exc) from None
        if pool is not None:
            render: Renderer = pool.render
        else:
            studio = Studio(paths)
            render = partial(render_here, studio)
        pdf = render_schedule(project, schedule, request.two_sided, render)
    make_private_folders(target.parent)
    with private_workspace(paths) as workspace:
        write_private(target, pdf.data, workspace)
    written = WrittenPacket(
        target, pdf.pages, len(pdf.data), time.perf_counter() - start, personal=True
    )
    return written, schedule
