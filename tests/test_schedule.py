"""A day's schedule: the days and times people type and exports write, the header names of
scheduling programs, rows set aside with their number and reason (never their contents), the
one print job (each packet on fresh sheets for duplex), and `handouts packet --schedule`."""

from __future__ import annotations

import datetime as dt
import io
import os
import stat
from dataclasses import replace
from functools import partial
from pathlib import Path

import pikepdf
import pypdfium2
import pytest
from click.testing import CliRunner

from handouts.cli import main
from handouts.commands.schedule import (
    MAX_PATIENTS,
    Defaults,
    ScheduleError,
    decode_schedule,
    match_language,
    read_schedule,
    read_table,
)
from handouts.documents.fonts import unprintable
from handouts.documents.when import (
    Refusal,
    WhenError,
    appointment_refusal,
    check_visit,
    parse_clock,
    parse_day,
    parse_moment,
)
from handouts.load import load_project
from handouts.model import Project
from handouts.paths import ProjectPaths
from handouts.render.combine import combine_pdfs
from tests.clinic import wording

NOW = dt.datetime(2026, 12, 2, 8, 0)
DAY = dt.date(2026, 12, 3)
DEFAULTS = Defaults("downtown", "en")


@pytest.fixture(scope="module")
def project(clinic: Path) -> Project:
    """The fixture clinic, loaded (not changed)."""
    loaded, problems = load_project(ProjectPaths(clinic))
    assert loaded is not None and not [p for p in problems if p.is_error]
    return loaded


@pytest.mark.parametrize(
    "text",
    [
        "2026-12-03",
        "2026-12-3",
        "12/3/2026",
        "12/03/2026",
        "12/3/26",
        "Dec 3, 2026",
        "December 3 2026",
        "Thursday, December 3, 2026",
        " 2026-12-03 ",
    ],
)
def test_a_day_in_the_forms_people_type_and_exports_write(text: str) -> None:
    assert parse_day(text) == DAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:30", (9, 30)),
        ("09:30", (9, 30)),
        ("9:30 AM", (9, 30)),
        ("9:30am", (9, 30)),
        ("9:30 a.m.", (9, 30)),
        ("9 am", (9, 0)),
        ("2:30 PM", (14, 30)),
        ("14:30", (14, 30)),
        ("09:30:00", (9, 30)),
        ("12:15 pm", (12, 15)),
        ("12:15 am", (0, 15)),
    ],
)
def test_a_time_in_the_forms_people_type_and_exports_write(
    text: str, expected: tuple[int, int]
) -> None:
    assert parse_clock(text) == dt.time(*expected)


@pytest.mark.parametrize(
    "text", ["2026-12-03 9:30", "2026-12-03T09:30", "12/3/2026 9:30 AM", "Dec 3, 2026 9:30 am"]
)
def test_a_day_and_a_time_in_one_cell(text: str) -> None:
    assert parse_moment(text) == dt.datetime(2026, 12, 3, 9, 30)


@pytest.mark.parametrize(
    ("parse", "text", "says"),
    [
        (parse_day, "2026-02-30", "that month has no such day"),
        (parse_day, "13/3/2026", "no such month (the month comes first"),
        (parse_day, "tomorrow", "not a day (e.g. 2026-12-03 or 12/3/2026)"),
        (parse_clock, "7", "not a time (e.g. 9:30 AM or 14:30)"),
        (parse_clock, "13:00 pm", "with AM or PM the hour is 1 to 12"),
        (parse_clock, "24:10", "not a time of day"),
        (parse_moment, "2026-12-04", "no time given after the day"),
    ],
)
def test_what_is_wrong_is_said_without_repeating_it(parse: object, text: str, says: str) -> None:
    with pytest.raises(WhenError) as caught:
        parse(text)  # type: ignore[operator]
    assert says in str(caught.value)
    assert text.strip() not in str(caught.value)


@pytest.mark.parametrize(
    ("start", "refusal"),
    [
        (dt.datetime(2026, 12, 1, 10, 0), Refusal.PAST),
        (dt.datetime(2026, 12, 3, 2, 30), Refusal.NO_PM),
        (dt.datetime(2026, 12, 3, 23, 0), Refusal.NIGHT),
        (dt.datetime(2026, 12, 3, 0, 30), Refusal.NIGHT),
        (dt.datetime(2027, 12, 3, 10, 0), Refusal.FAR),
        (dt.datetime(2026, 12, 3, 10, 0), None),
    ],
)
def test_the_appointment_rules_of_handouts_packet(
    start: dt.datetime, refusal: Refusal | None
) -> None:
    assert appointment_refusal(start, NOW) is refusal


def test_each_field_of_a_visit_gets_its_own_reason(project: Project) -> None:
    printable = partial(unprintable, project, "en")
    checked = check_visit("  Ana   Diaz ", "2026-12-01", "2:30", NOW, printable)
    assert checked.visit is None
    assert checked.problems == {
        "day": "that day has already passed",
        "time": "that time is at night; for the afternoon use PM (2:30 PM, or 14:30)",
    }
    assert "Ana" not in repr(checked)
    good = check_visit("  Ana   Diaz ", "12/3/2026", "2:30 PM", NOW, printable)
    assert good.visit is not None and good.visit.patient == "Ana Diaz"
    assert good.visit.start == dt.datetime(2026, 12, 3, 14, 30)
    # Thai: a script the fixture clinic's fonts cannot print; the reason names no letter of it.
    thai = check_visit("สมชาย", "2026-12-03", "10:00", NOW, printable)
    assert thai.problems["name"].startswith("the name is written in a script no shipped font")
    assert "(Thai)" in thai.problems["name"] and "ส" not in thai.problems["name"]
    # Chinese and Cyrillic print from the fallback fonts, in any edition.
    for name in ("李小龙", "Ольга Петрова"):
        assert check_visit(name, "2026-12-03", "10:00", NOW, printable).visit is not None


SCHEDULE = """\
Appt. Date,Appt Time,Patient Name,DOB,Location,Language,Provider
12/3/2026,2:30 PM,Siobhán O'Connor,01/01/1950,North Shore,English,Dr. A
2026-12-03,9:30,Ana Diaz,02/02/1960,downtown,Español,Dr. B
2026-12-03,2:30,Night Typo,03/03/1970,downtown,,Dr. B
12/3/2026,10:00 AM,Far Away,04/04/1980,Brooklyn,,Dr. C
11/3/2026,10:00 AM,Long Gone,05/05/1990,,,Dr. C
12/3/2026,11:00 AM,Nadia Petrova,06/06/1955,,Russian,Dr. A
12/3/2026,8:00 AM,Li Wei,07/07/1965,Downtown,EN,Dr. A
"""


def test_header_names_as_scheduling_programs_export_them() -> None:
    table = read_table(SCHEDULE)
    assert table.columns == {"date": 0, "time": 1, "name": 2, "location": 4, "language": 5}
    first_last = read_table("First Name;Last Name;Appointment\nAna;Diaz;2026-12-03 9:30\n")
    assert first_last.columns == {"first": 0, "last": 1, "appointment": 2}
    assert first_last.rows == ((2, ("Ana", "Diaz", "2026-12-03 9:30")),)


@pytest.mark.parametrize(
    ("text", "says", "line"),
    [
        ("Patient,When\nAna,2026-12-03 9:30\n", "no column for the appointment", 1),
        ("Date,Time\n2026-12-03,9:30\n", "no column for the patient's name", 1),
        ("\n\n", "the file is empty", None),
        (
            "Name,Appointment\n" + "Ana,2026-12-03 9:30\n" * (MAX_PATIENTS + 1),
            "split the day",
            None,
        ),
    ],
)
def test_a_file_that_cannot_be_used_says_why(text: str, says: str, line: int | None) -> None:
    with pytest.raises(ScheduleError) as caught:
        read_table(text)
    assert says in caught.value.message
    assert caught.value.line == line


def test_what_is_not_a_csv_file_is_named() -> None:
    with pytest.raises(ScheduleError, match="Excel workbook"):
        decode_schedule(b"PK\x03\x04 rest of a workbook")
    with pytest.raises(ScheduleError, match="not a CSV file"):
        decode_schedule(b"\x00\x01\x02")
    with pytest.raises(ScheduleError, match="KiB"):
        decode_schedule(b"x" * (256 * 1024 + 1))
    # Excel's "CSV UTF-8" (a byte-order mark), and its plain "CSV" on a US computer.
    assert decode_schedule("\ufeffName\nSiobhán".encode()) == "Name\nSiobhán"
    assert decode_schedule("Name\nSiobhán".encode("cp1252")) == "Name\nSiobhán"


def test_rows_in_appointment_order_and_rows_set_aside_with_reasons(project: Project) -> None:
    schedule = read_schedule(project, SCHEDULE.encode(), DEFAULTS, NOW)
    assert [(p.row, p.visit.patient, p.location, p.lang) for p in schedule.patients] == [
        (8, "Li Wei", "downtown", "en"),
        (3, "Ana Diaz", "downtown", "es"),
        (2, "Siobhán O'Connor", "north-shore", "en"),
    ]
    reasons = {row.row: row.reason for row in schedule.set_aside}
    assert reasons == {
        4: "Time: that time is at night; for the afternoon use PM (2:30 PM, or 14:30)",
        5: "Location: not one of this clinic's locations (expected one of: Downtown, North Shore)",
        6: "Date: that day has already passed",
        7: "Language: the packets are not written in that language (expected one of: English, "
        "Spanish, Chinese (Simplified)); "
        "print this patient's packet on its own in one of these",
    }
    names = ["Night Typo", "Far Away", "Long Gone", "Nadia Petrova", "Brooklyn", "Russian"]
    assert not [name for name in names if any(name in r for r in reasons.values())]
    assert "Siob" not in repr(schedule)


def test_no_location_column_needs_the_desks_choice(project: Project) -> None:
    data = b"Name,Appointment\nAna Diaz,2026-12-03 9:30\n"
    with pytest.raises(ScheduleError, match="no Location column"):
        read_schedule(project, data, Defaults(None, "en"), NOW)
    schedule = read_schedule(project, data, Defaults("north-shore", "en", True), NOW)
    assert [(p.location, p.variant) for p in schedule.patients] == [("north-shore", "large-print")]


def test_large_print_row_by_row(project: Project) -> None:
    data = b"Name,Appointment,Large Print\nA B,2026-12-03 9:30,yes\nC D,2026-12-03 9:40,\nE F,2026-12-03 9:50,maybe\n"
    schedule = read_schedule(project, data, DEFAULTS, NOW)
    assert [p.variant for p in schedule.patients] == ["large-print", ""]
    assert [(r.row, r.reason) for r in schedule.set_aside] == [
        (4, "Large Print: expected yes or no")
    ]


def test_languages_by_code_or_by_name_in_english_or_in_itself(project: Project) -> None:
    settings = project.settings.model_copy(update={"languages": ["en", "es", "zh"]})
    three = replace(project, settings=settings)
    cases = {
        "es": "es",
        "ES": "es",
        "es-US": "es",
        "Spanish": "es",
        "Español": "es",
        "espanol": "es",
        "Chinese": "zh",
        "中文": "zh",
        "english": "en",
        "Russian": None,
    }
    assert {text: match_language(three, text) for text in cases} == cases


def blank_pdf(pages: int) -> bytes:
    """A PDF of ``pages`` empty Letter pages."""
    pdf = pikepdf.new()
    for _ in range(pages):
        pdf.add_blank_page(page_size=(612, 792))
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def test_one_print_job_each_packet_on_fresh_sheets_when_two_sided() -> None:
    parts = [blank_pdf(3), blank_pdf(2), blank_pdf(5)]
    two = combine_pdfs(parts, two_sided=True, language="en-US")
    one = combine_pdfs(parts, two_sided=False, language="en-US")
    assert (two.pages, one.pages) == (4 + 2 + 6, 10)
    with pikepdf.open(io.BytesIO(two.data)) as pdf:
        assert pdf.Root.ViewerPreferences.Duplex == pikepdf.Name.DuplexFlipLongEdge
        assert "/ID" not in pdf.trailer and str(pdf.Root.Lang) == "en-US"
    with pikepdf.open(io.BytesIO(one.data)) as pdf:
        assert "/ViewerPreferences" not in pdf.Root


def test_handouts_packet_schedule_writes_one_private_file(
    clinic_copy: Path, tmp_path: Path
) -> None:
    source = tmp_path / "day.csv"
    # The command checks against today's clock: the schedule is for a few days from now.
    soon = dt.date.today() + dt.timedelta(days=3)
    text = SCHEDULE.replace("12/3/2026", f"{soon.month}/{soon.day}/{soon.year}")
    text = text.replace("2026-12-03", soon.isoformat())
    source.write_text(text, encoding="utf-8")
    here = tmp_path / "desk"
    here.mkdir()
    cwd = os.getcwd()
    os.chdir(here)
    try:
        result = CliRunner().invoke(
            main,
            ["packet", "--project", str(clinic_copy), "--schedule", str(source), "--duplex"],
            catch_exceptions=False,
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    target = here / "packet-schedule.pdf"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    lines = result.output.splitlines()
    assert lines[-1].startswith("wrote packet-schedule.pdf  (3 patients, ")
    assert f"{source}:4: warning: not printed: Time: that time is at night" in lines[0]
    for name in ("Siob", "Ana", "Li Wei", "Night", "Petrova"):
        assert name not in result.output
    document = pypdfium2.PdfDocument(target)
    try:
        texts = [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()
    headings = (wording("en")["your_appointment"], wording("es")["your_appointment"])
    firsts = [i for i, text in enumerate(texts) if any(h in text for h in headings)]
    names = [
        next(n for n in ("Li Wei", "Ana Diaz", "Siobhán O'Connor") if n in texts[i]) for i in firsts
    ]
    assert names == ["Li Wei", "Ana Diaz", "Siobhán O'Connor"]
    # Ana's row asks for Spanish ("Español"): her packet is the Spanish edition.
    assert wording("es")["your_appointment"] in texts[firsts[1]]
    # Each packet starts on a fresh sheet: an even number of pages before each one.
    assert all(index % 2 == 0 for index in firsts)
