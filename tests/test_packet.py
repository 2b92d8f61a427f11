"""The pre-visit packet: blank and personalised, for each location, plain and duplex.

Each packet is rendered once per session; the tests open the PDFs and read them as a printer, a
reader and a screen reader would.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

import page as pdf_validator
import pdfplumber
import pypdf
import pypdfium2
import pytest
from click.testing import CliRunner

from handouts.appointment import (
    Visit,
    check_printable,
    fasting_cutoff,
    make_visit,
    parse_patient,
    visit_context,
)
from handouts.build import BuildResult, build, document_identifier
from handouts.choice import choose
from handouts.cli import main
from handouts.errors import HandoutsError
from handouts.loader import load_project
from handouts.packet import (
    PacketJob,
    make_packet,
    name_characters,
    render_packet_document,
    shift_headings,
)
from handouts.project import ProjectPaths
from handouts.templating import make_environment
from tests.conftest import ROOT

LOCATIONS = ["queens", "long-island"]
NOW = dt.datetime(2026, 11, 27, 9, 0)  # "now" for the personalised packets: fixed, so they are too
PATIENT = "Ana Diaz"
APPOINTMENT = "2026-12-03 10:30"
# The fasting hours the personalised-packet project sets: Queens crosses midnight, Long Island not.
FASTING = {"queens": 12, "long-island": 6}
CUTOFF = {
    "queens": "10:30 PM on Wednesday, December 2, 2026",
    "long-island": "4:30 AM on Thursday, December 3, 2026",
}
TITLE = "Getting ready for your first visit"
PARTS = [
    "Before your visit",
    "During your visit",
    "Side effects: what to expect",
    "After your visit",
    "Questions? Contact us",
]
BLANK_NOTICE = "This page is intentionally blank"


@dataclass(frozen=True)
class Pdf:
    """A packet read once: its file, its pages' text in reading order, its bookmarks."""

    path: Path
    texts: list[str]
    outline: list[tuple[str, int]]
    """Top-level bookmarks as (title, 1-based page)."""


Packets = dict[tuple[str, bool], Pdf]


def read_pdf(path: Path) -> Pdf:
    """Open a packet: text in content order (pdfium, fast; margin boxes come last on a page)."""
    document = pypdfium2.PdfDocument(path)
    try:
        texts = [page.get_textpage().get_text_range().replace("\r\n", "\n") for page in document]
    finally:
        document.close()
    reader = pypdf.PdfReader(path)
    assert all(not isinstance(item, list) for item in reader.outline), "nested bookmarks"
    marks = [(item.title, reader.get_destination_page_number(item) + 1) for item in reader.outline]
    return Pdf(path, texts, marks)


@pytest.fixture(scope="session")
def blank_build(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """`handouts build` of the shipped project: handouts plus blank packets, plain and duplex."""
    return build(ProjectPaths(ROOT), tmp_path_factory.mktemp("output"), packets=True)


@pytest.fixture(scope="session")
def blank_packets(blank_build: BuildResult) -> Packets:
    """(location, duplex) -> blank packet."""
    return {
        (p.job.location, p.job.duplex): read_pdf(p.path)
        for p in blank_build.pdfs
        if isinstance(p.job, PacketJob)
    }


@pytest.fixture(scope="session")
def fasting_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project with fasting_hours set for each location."""
    dest = tmp_path_factory.mktemp("fasting") / "project"
    for folder in ("content", "templates"):
        shutil.copytree(ROOT / folder, dest / folder)
    for location, hours in FASTING.items():
        path = dest / f"content/locations/{location}.yaml"
        text = re.sub(r"(?m)^fasting_hours: null.*$", f"fasting_hours: {hours}", path.read_text())
        path.write_text(text)
    return dest


@pytest.fixture(scope="session")
def personal_packets(tmp_path_factory: pytest.TempPathFactory, fasting_project: Path) -> Packets:
    """(location, duplex) -> personalised packet: duplex ones with fasting hours set, plain ones
    with the shipped (unset) fasting hours."""
    visit = make_visit(PATIENT, APPOINTMENT, NOW)
    packets = {}
    for location in LOCATIONS:
        for duplex, root in ((True, fasting_project), (False, ROOT)):
            folder = tmp_path_factory.mktemp(f"personal-{location}-{duplex}")
            written = make_packet(
                ProjectPaths(root), location, visit=visit, duplex=duplex, cwd=folder
            )
            packets[location, duplex] = read_pdf(written.path)
    return packets


@pytest.fixture(scope="session", params=["blank", "personal"])
def kind(request: pytest.FixtureRequest) -> str:
    """Each test below runs for blank and personalised packets."""
    return str(request.param)


@pytest.fixture(scope="session")
def packets(kind: str, request: pytest.FixtureRequest) -> Packets:
    """The packets of one kind."""
    return request.getfixturevalue(f"{kind}_packets")  # type: ignore[no-any-return]


def pdf_strings(path: Path) -> list[str]:
    """Every string in the PDF's objects outside page content (metadata, XMP, outline, names,
    structure tree): where a file's hidden details live."""
    reader = pypdf.PdfReader(path)
    found: list[str] = []

    def visit(obj: object, depth: int = 0) -> None:
        if depth > 8:
            return
        if isinstance(obj, pypdf.generic.IndirectObject):
            return  # reached through the xref loop below
        if isinstance(obj, str | bytes):
            found.append(obj if isinstance(obj, str) else obj.decode("latin-1"))
        elif isinstance(obj, dict):
            for key, value in obj.items():
                found.append(str(key))
                visit(value, depth + 1)
        elif isinstance(obj, list):
            for value in obj:
                visit(value, depth + 1)

    for number in range(1, int(reader.trailer["/Size"])):
        try:
            obj = reader.get_object(number)
        except Exception:  # free xref entries
            continue
        visit(obj)
    if reader.xmp_metadata is not None:
        found.append(reader.xmp_metadata.stream.get_data().decode("utf-8"))
    return found


# Parts, order, pages.


@pytest.mark.parametrize("duplex", [False, True], ids=["plain", "duplex"])
@pytest.mark.parametrize("location", LOCATIONS)
def test_outline_has_one_bookmark_per_part_in_order(
    packets: Packets, location: str, duplex: bool
) -> None:
    marks = packets[location, duplex].outline
    assert [title for title, _ in marks] == [TITLE, *PARTS]
    pages = [number for _, number in marks]
    assert pages[0] == 1
    assert pages == sorted(pages) and len(set(pages)) == len(pages)


@pytest.mark.parametrize("duplex", [False, True], ids=["plain", "duplex"])
@pytest.mark.parametrize("location", LOCATIONS)
def test_each_part_opens_its_page_in_order_in_the_text(
    packets: Packets, location: str, duplex: bool
) -> None:
    pdf = packets[location, duplex]
    for title, number in pdf.outline[1:]:
        first_line = pdf.texts[number - 1].splitlines()[0]
        assert first_line == title, (title, number)
    body = "\n".join(pdf.texts)
    positions = [body.find(f"\n{title}\n") for title in PARTS]
    assert -1 not in positions and positions == sorted(positions)


def test_side_effects_part_reuses_the_handout_sections(packets: Packets) -> None:
    text = "\n".join(packets["queens", False].texts)
    handout = (ROOT / "content/sections/en/common-side-effects.md").read_text()
    sentence = "This is one of the most common side effects."
    assert sentence in handout and sentence in text
    for heading in ["Common side effects and what you can do", "How long side effects last"]:
        assert heading in text


@pytest.mark.parametrize("duplex", [False, True], ids=["plain", "duplex"])
@pytest.mark.parametrize("location", LOCATIONS)
def test_page_x_of_y_counts_the_whole_packet(packets: Packets, location: str, duplex: bool) -> None:
    texts = packets[location, duplex].texts
    for number, text in enumerate(texts, start=1):
        if text.strip() == BLANK_NOTICE:
            continue
        assert f"Page {number} of {len(texts)}" in text, number


@pytest.mark.parametrize("location", LOCATIONS)
def test_duplex_is_even_and_every_part_starts_on_a_right_hand_page(
    packets: Packets, location: str
) -> None:
    pdf = packets[location, True]
    assert len(pdf.texts) % 2 == 0, len(pdf.texts)
    for title, number in pdf.outline:
        assert number % 2 == 1, f"{title} starts on page {number}"
    blanks = [n for n, text in enumerate(pdf.texts, start=1) if BLANK_NOTICE in text]
    assert blanks, "duplex packet without blank pages"
    for number in blanks:
        assert pdf.texts[number - 1].strip() == BLANK_NOTICE, f"page {number} is not only blank"
    # Never a whole empty sheet at the end.
    assert not {len(pdf.texts) - 1, len(pdf.texts)} <= set(blanks)


@pytest.mark.parametrize("location", LOCATIONS)
def test_plain_packet_has_no_blank_pages(packets: Packets, location: str) -> None:
    texts = packets[location, False].texts
    assert not any(BLANK_NOTICE in text for text in texts)
    assert len(texts) < len(packets[location, True].texts)


@pytest.mark.parametrize("duplex", [False, True], ids=["plain", "duplex"])
@pytest.mark.parametrize("location", LOCATIONS)
def test_pdf_ua_1_validator_reports_compliant(
    packets: Packets, location: str, duplex: bool
) -> None:
    report = pdf_validator.validate_pdf(packets[location, duplex].path, profile="ua1")
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]


@pytest.mark.parametrize("location", LOCATIONS)
def test_cover_has_location_details(packets: Packets, location: str) -> None:
    cover = packets[location, True].texts[0]
    name, phone = {
        "queens": ("Queens", "(555) 010-0101"),
        "long-island": ("Long Island", "(555) 010-0102"),
    }[location]
    for text in [TITLE, f"Ketamine Wellness NY · {name}", phone, "Hours", "Your appointment"]:
        assert text in cover, text


# Blank packets: lines to fill in, never a guessed number.


@pytest.mark.parametrize("location", LOCATIONS)
def test_blank_packet_has_lines_to_fill_in(blank_packets: Packets, location: str) -> None:
    lines = blank_packets[location, False].texts[0].splitlines()
    for label in ["Name:", "Date:", "Time:", "No food or drink after:"]:
        assert label in lines, f"{label} is not followed by a blank line to fill in"
    assert "Ask us what time to stop eating and drinking." in lines


@pytest.mark.parametrize("location", LOCATIONS)
def test_unset_fasting_hours_print_as_a_blank(blank_packets: Packets, location: str) -> None:
    text = "\n".join(blank_packets[location, False].texts)
    assert "No food or drink for hours before your visit." in text
    assert "Our staff will tell you the number of hours." in text


def test_build_reports_unset_fasting_hours(blank_build: BuildResult) -> None:
    assert [str(n) for n in blank_build.notices] == [
        f"content/locations/{location}.yaml: warning: fasting_hours: not set; the packet leaves "
        "the number of hours (and the time to stop eating and drinking) blank to fill in by hand"
        for location in ["long-island", "queens"]
    ]


def test_build_writes_blank_packets_per_location(blank_build: BuildResult) -> None:
    names = sorted(str(p.path.relative_to(p.path.parent.parent)) for p in blank_build.pdfs)
    assert names == [
        "long-island/pre-visit-packet-duplex.pdf",
        "long-island/pre-visit-packet.pdf",
        "long-island/side-effects.pdf",
        "queens/pre-visit-packet-duplex.pdf",
        "queens/pre-visit-packet.pdf",
        "queens/side-effects.pdf",
    ]


# Personalised packets: details on the cover, nowhere else, file for its owner only.


@pytest.mark.parametrize("duplex", [False, True], ids=["plain", "duplex"])
@pytest.mark.parametrize("location", LOCATIONS)
def test_patient_details_are_on_the_cover_only(
    personal_packets: Packets, location: str, duplex: bool
) -> None:
    texts = personal_packets[location, duplex].texts
    cover = texts[0].splitlines()
    assert f"Name: {PATIENT}" in cover
    assert "Date: Thursday, December 3, 2026" in cover
    assert "Time: 10:30 AM" in cover
    for number, text in enumerate(texts[1:], start=2):
        assert PATIENT not in text, f"name on page {number}"
        assert "December 3" not in text and "10:30" not in text, f"appointment on page {number}"


@pytest.mark.parametrize("location", LOCATIONS)
def test_fasting_time_is_computed_from_the_location_setting(
    personal_packets: Packets, location: str
) -> None:
    pdf = personal_packets[location, True]
    assert f"No food or drink after: {CUTOFF[location]}" in pdf.texts[0].splitlines()
    assert "Ask us what time" not in pdf.texts[0]
    before = pdf.texts[pdf.outline[1][1] - 1]
    assert f"No food or drink for {FASTING[location]} hours before your visit." in before


@pytest.mark.parametrize("location", LOCATIONS)
def test_unset_fasting_hours_leave_the_time_blank(personal_packets: Packets, location: str) -> None:
    lines = personal_packets[location, False].texts[0].splitlines()
    assert "No food or drink after:" in lines
    assert "Ask us what time to stop eating and drinking." in lines


@pytest.mark.parametrize("duplex", [False, True], ids=["plain", "duplex"])
@pytest.mark.parametrize("location", LOCATIONS)
def test_no_patient_details_in_metadata_or_file_name(
    personal_packets: Packets, location: str, duplex: bool
) -> None:
    path = personal_packets[location, duplex].path
    assert path.name == f"packet-{location}.pdf"
    meta = pypdf.PdfReader(path).metadata
    assert meta is not None and meta.title == TITLE
    hidden = "\n".join(pdf_strings(path))
    assert TITLE in hidden and "pre-visit-en" in hidden  # the search reaches the metadata
    for detail in [PATIENT, "Diaz", "December", "2026-12-03", "10:30", "Thursday"]:
        assert detail not in hidden, detail


@pytest.mark.parametrize("duplex", [False, True], ids=["plain", "duplex"])
@pytest.mark.parametrize("location", LOCATIONS)
def test_personalised_packet_is_readable_by_its_owner_only(
    personal_packets: Packets, location: str, duplex: bool
) -> None:
    mode = stat.S_IMODE(personal_packets[location, duplex].path.stat().st_mode)
    assert mode == 0o600, oct(mode)


@pytest.mark.parametrize("location", LOCATIONS)
def test_blank_packet_is_an_ordinary_file(blank_packets: Packets, location: str) -> None:
    assert stat.S_IMODE(blank_packets[location, False].path.stat().st_mode) == 0o644


# Duplex when the text already ends on a left-hand page: no closing blank sheet.


def test_duplex_packet_ending_on_a_left_page_gets_no_extra_sheet(project_copy: Path) -> None:
    packet = project_copy / "content/packets/pre-visit.yaml"
    text = packet.read_text().replace(
        "sections: [when-to-call]", "sections: [when-to-call, common-side-effects]"
    )
    packet.write_text(text)
    written = make_packet(
        ProjectPaths(project_copy), "queens", duplex=True, output=project_copy / "odd.pdf"
    )
    pdf = read_pdf(written.path)
    assert len(pdf.texts) % 2 == 0
    assert all(number % 2 == 1 for _, number in pdf.outline)
    assert pdf.texts[-1].strip() != BLANK_NOTICE  # the last part fills the left page itself
    assert f"Page {len(pdf.texts)} of {len(pdf.texts)}" in pdf.texts[-1]
    # A long last section flows on: no page holds only its tail or the disclaimer.
    assert min(count for count in body_lines(written.path) if count) >= MIN_BODY_LINES


# The command line: what the front desk types.


def run(cwd: Path, *args: str, project: Path = ROOT) -> tuple[int, list[str]]:
    """Run `handouts ARGS --project PROJECT` in ``cwd``; the exit code and the output lines."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        result = CliRunner().invoke(main, [*args, "--project", str(project)])
    return result.exit_code, result.output.splitlines()


def future(days: int = 30) -> str:
    """An appointment ``days`` from now, as typed."""
    return (dt.datetime.now() + dt.timedelta(days=days)).strftime("%Y-%m-%d 10:30")


def test_cli_personalised_packet_goes_to_the_current_folder(tmp_path: Path) -> None:
    code, lines = run(
        tmp_path, "packet", "--location", "queens", "--patient", PATIENT, "--appointment", future()
    )
    assert code == 0, lines
    target = tmp_path / "packet-queens.pdf"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["packet-queens.pdf"]  # no temporary left
    assert lines[-1].startswith("wrote packet-queens.pdf  (")
    assert lines[-1].endswith(" s) - holds health information: print it, then delete it")
    assert not any(PATIENT in line or future() in line for line in lines)
    assert PATIENT in read_pdf(target).texts[0]


def test_cli_replaces_an_older_file_with_an_owner_only_one(tmp_path: Path) -> None:
    old = tmp_path / "ana.pdf"
    old.write_bytes(b"old")
    old.chmod(0o644)
    args = ["packet", "-l", "long-island", "--patient", PATIENT, "--appointment", future()]
    code, lines = run(tmp_path, *args, "--output", "ana.pdf")
    assert code == 0, lines
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    assert old.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize(
    "value",
    [
        "03/12/2026 10:30",
        "2026-12-03",
        "2026-12-03 10:30 AM",
        "2026-13-01 10:30",
        "2026-02-30 10:30",
        "2026-12-03 25:00",
        "2026-12-03 2:30",  # read as 2:30 at night, when 2:30 pm was meant
        "2026-12-3 10:30",
        "2026-12-03 10:30:00",
        "2026-12-0\uff13 10:30",  # a full-width digit
        "tomorrow",
        "",
    ],
)
def test_cli_bad_appointment_is_one_line_with_an_example(tmp_path: Path, value: str) -> None:
    code, lines = run(
        tmp_path, "packet", "-l", "queens", "--patient", PATIENT, "--appointment", value
    )
    assert code == 1
    assert len(lines) == 1, lines
    assert re.fullmatch(
        r"Error: --appointment: not a date and time in the form YYYY-MM-DD HH:MM \(24-hour "
        r"clock, two digits for month, day and hour\), "
        r'e\.g\. --appointment "\d{4}-\d\d-\d\d 10:30"',
        lines[0],
    ), lines[0]
    assert PATIENT not in lines[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "value", ["2020-01-06 09:00", dt.datetime.now().strftime("%Y-%m-%d %H:%M")]
)
def test_cli_past_appointment_is_refused(tmp_path: Path, value: str) -> None:
    code, lines = run(
        tmp_path, "packet", "-l", "queens", "--patient", PATIENT, "--appointment", value
    )
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(
        "Error: --appointment: that date and time has already passed (expected a future one, "
        'e.g. --appointment "'
    ), lines
    assert value not in lines[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("clock", "expected"),
    [
        ("02:30", "that time is at night; use the 24-hour clock (2:30 pm is 14:30), e.g. "),
        ("05:59", "that time is at night; use the 24-hour clock (2:30 pm is 14:30), e.g. "),
        ("00:15", "that time is at night (expected a time from 06:00 to 21:59), e.g. "),
        ("22:00", "that time is at night (expected a time from 06:00 to 21:59), e.g. "),
        ("23:45", "that time is at night (expected a time from 06:00 to 21:59), e.g. "),
    ],
)
def test_cli_night_time_appointment_is_refused_with_a_hint(
    tmp_path: Path, clock: str, expected: str
) -> None:
    day = (dt.datetime.now() + dt.timedelta(days=30)).strftime("%Y-%m-%d")
    code, lines = run(
        tmp_path, "packet", "-l", "queens", "--patient", PATIENT, "--appointment", f"{day} {clock}"
    )
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"Error: --appointment: {expected}"), lines
    assert re.search(r'e\.g\. --appointment "\d{4}-\d\d-\d\d \d\d:\d\d"$', lines[0]), lines[0]
    assert day not in lines[0] and clock not in lines[0]  # the appointment is not repeated
    assert list(tmp_path.iterdir()) == []


def test_appointment_hours_and_horizon() -> None:
    for ok in ["2026-12-03 06:00", "2026-12-03 21:59", "2027-11-27 09:00"]:
        assert make_visit(PATIENT, ok, NOW) is not None, ok
    with pytest.raises(HandoutsError) as caught:
        make_visit(PATIENT, "2026-12-03 02:30", NOW)
    assert caught.value.message == (
        "--appointment: that time is at night; use the 24-hour clock (2:30 pm is 14:30), "
        'e.g. --appointment "2026-12-04 10:30"'
    )
    for far in ["2027-11-27 09:01", "2062-12-03 10:30"]:
        with pytest.raises(HandoutsError) as caught:
            make_visit(PATIENT, far, NOW)
        assert caught.value.message == (
            "--appointment: that date is more than a year away; check the year "
            '(expected e.g. --appointment "2026-12-04 10:30")'
        )
    leap = dt.datetime(2028, 2, 29, 9, 0)
    assert make_visit(PATIENT, "2029-02-28 09:00", leap) is not None
    with pytest.raises(HandoutsError, match="more than a year away"):
        make_visit(PATIENT, "2029-03-01 09:00", leap)


def test_cli_far_future_appointment_is_refused(tmp_path: Path) -> None:
    far = (dt.datetime.now() + dt.timedelta(days=400)).strftime("%Y-%m-%d 10:30")
    code, lines = run(
        tmp_path, "packet", "-l", "queens", "--patient", PATIENT, "--appointment", far
    )
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(
        "Error: --appointment: that date is more than a year away; check the year (expected "
        'e.g. --appointment "'
    ), lines
    assert far not in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_cli_unknown_location(tmp_path: Path) -> None:
    code, lines = run(tmp_path, "packet", "--location", "brooklyn")
    assert code == 1
    assert lines == [
        "Error: unknown location 'brooklyn' (expected one of: long-island, queens, "
        "e.g. --location long-island)"
    ]


@pytest.mark.parametrize(
    ("typed", "closest"),
    [("longisland", "long-island"), ("qeens", "queens"), ("Long-Iland", "long-island")],
)
def test_cli_location_typo_suggests_the_closest(tmp_path: Path, typed: str, closest: str) -> None:
    code, lines = run(tmp_path, "packet", "--location", typed)
    assert code == 1
    assert lines == [
        f"Error: unknown location '{typed}' (expected one of: long-island, queens; "
        f"did you mean --location {closest}?)"
    ]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "location"),
    [
        ("Queens", "queens"),
        ("QUEENS", "queens"),
        ("Long Island", "long-island"),
        (" long_island ", "long-island"),
        ("Long  Island", "long-island"),
    ],
)
def test_location_accepts_any_case_and_spaces(typed: str, location: str) -> None:
    assert choose("location", typed, LOCATIONS, "--location") == location


def test_cli_location_in_any_case_writes_the_usual_file(project_copy: Path, tmp_path: Path) -> None:
    code, lines = run(tmp_path, "packet", "--location", "Long Island", project=project_copy)
    assert code == 0, lines
    assert (project_copy / "output/long-island/pre-visit-packet.pdf").is_file()


def test_cli_missing_location_lists_them(tmp_path: Path) -> None:
    code, lines = run(tmp_path, "packet")
    assert code == 2
    assert lines[-1] == (
        "Error: Missing option '--location' (expected one of: long-island, queens, "
        "e.g. --location long-island)"
    )
    assert lines[0].startswith("Usage: ")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--patient", PATIENT],
            "Error: --appointment: missing (a personalised packet needs both, e.g. "
            '--patient "Ana Diaz" --appointment "',
        ),
        (
            ["--appointment", "2099-01-05 10:30"],
            "Error: --patient: missing (a personalised packet needs both, e.g. "
            '--patient "Ana Diaz" --appointment "',
        ),
        (
            ["--patient", "  ", "--appointment", "2099-01-05 10:30"],
            'Error: --patient: the name is empty (expected e.g. --patient "Ana Diaz")',
        ),
    ],
    ids=["no-appointment", "no-patient", "empty-name"],
)
def test_cli_incomplete_patient_details(tmp_path: Path, args: list[str], expected: str) -> None:
    code, lines = run(tmp_path, "packet", "-l", "queens", *args)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(expected), lines
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("where", "folder"),
    [
        ("output", "output"),
        ("output/queens", "output"),
        ("output/queens/ana.pdf", "output"),
        ("tests/_artifacts/ana.pdf", "tests"),
        ("tests", "tests"),
        ("content", "content"),
        ("content/sections/en/ana.pdf", "content"),
        ("templates/ana.pdf", "templates"),
        (".github/workflows", ".github"),
        ("scripts/ana.pdf", "scripts"),
        ("docs/new/ana.pdf", "docs"),
        ("ana.pdf", "."),  # top level, but not a git-ignored packet-*.pdf
        ("link-to-content/ana.pdf", "content"),  # a symbolic link is followed
    ],
)
def test_cli_refuses_a_personalised_packet_in_shared_folders(
    project_copy: Path, tmp_path: Path, where: str, folder: str
) -> None:
    (project_copy / "link-to-content").symlink_to(project_copy / "content")
    code, lines = run(
        tmp_path,
        *["packet", "-l", "queens", "--patient", PATIENT, "--appointment", future()],
        *["--output", str(project_copy / where)],
        project=project_copy,
    )
    assert code == 1
    assert lines == [
        "Error: --output: a personalised packet holds health information and must not be "
        "written inside the project folder, which is kept in git and shared by builds "
        "(expected a private folder, e.g. --output ~/packets, or leave --output out in the "
        "project folder to write packet-<location>.pdf there, which git ignores)"
    ], folder
    assert list(project_copy.rglob("*.pdf")) == []
    for made in ["output", "tests", ".github", "docs"]:
        assert not (project_copy / made).exists(), made


def test_cli_personalised_packet_folders_are_private(tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir(mode=0o755)
    target = tmp_path / "shared" / "front-desk" / "today"
    old_umask = os.umask(0)  # the folders are private whatever the umask
    try:
        code, lines = run(
            tmp_path,
            *["packet", "-l", "queens", "--patient", PATIENT, "--appointment", future()],
            *["--output", f"{target}/"],
        )
    finally:
        os.umask(old_umask)
    assert code == 0, lines
    assert (target / "packet-queens.pdf").is_file()
    for made in [target, target.parent]:
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o755  # existing: untouched


def test_cli_personalised_packet_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    code, lines = run(
        tmp_path,
        *["packet", "-l", "queens", "--patient", PATIENT, "--appointment", future()],
        *["--output", str(tmp_path / "a-file" / "new") + "/"],
    )
    assert code == 1
    assert lines == [f"Error: {tmp_path}/a-file: is a file, not a folder; choose another --output"]


def test_packet_stylesheet_never_sees_the_visit(project_copy: Path) -> None:
    stylesheet = project_copy / "templates/css/packet.css.jinja"
    stylesheet.write_text(stylesheet.read_text() + "/* {{ visit.patient }} */\n")
    project, _ = load_project(ProjectPaths(project_copy))
    assert project is not None
    visit = make_visit(PATIENT, APPOINTMENT, NOW)
    env = make_environment(project_copy / "templates")
    with pytest.raises(HandoutsError, match="'visit' is undefined"):
        render_packet_document(env, project, PacketJob("pre-visit", "queens", "en"), visit)


def test_cli_blank_packet_reports_the_unset_setting(project_copy: Path, tmp_path: Path) -> None:
    code, lines = run(tmp_path, "packet", "-l", "queens", project=project_copy)
    assert code == 0, lines
    assert lines[0].startswith("content/locations/queens.yaml: warning: fasting_hours: not set")
    target = project_copy / "output/queens/pre-visit-packet.pdf"
    assert target.is_file()
    assert lines[1].startswith(f"wrote {os.path.relpath(target, tmp_path)}  (10 pages, ")
    assert lines[1].endswith(" s)")  # no reminder: a blank packet holds no health information


# Pieces.


def test_appointment_parsing_uses_the_given_now() -> None:
    visit = make_visit(" Ana   Diaz ", "2026-12-03 10:30", NOW)
    assert visit is not None
    assert (visit.patient, visit.start) == ("Ana Diaz", dt.datetime(2026, 12, 3, 10, 30))
    assert "Ana" not in repr(visit)
    with pytest.raises(HandoutsError, match="already passed"):
        make_visit(PATIENT, "2026-12-03 10:30", dt.datetime(2026, 12, 3, 10, 30))
    assert make_visit(None, None, NOW) is None


def test_fasting_cutoff_and_wording() -> None:
    start = dt.datetime(2026, 12, 3, 10, 30)
    assert fasting_cutoff(start, None) is None
    assert fasting_cutoff(start, 12) == dt.datetime(2026, 12, 2, 22, 30)
    strings = {"date_format": "EEEE, MMMM d, y", "time_format": "h:mm a"}
    words = visit_context(Visit(PATIENT, start), 8, strings, "en")
    assert words == {
        "patient": PATIENT,
        "date": "Thursday, December 3, 2026",
        "time": "10:30 AM",
        "cutoff_time": "2:30 AM",
        "cutoff_date": "Thursday, December 3, 2026",
    }


def test_shift_headings_moves_every_level() -> None:
    html = '<h3>A</h3><p>x</p><h3 class="c">B</h3><h6>C</h6><hr>'
    assert shift_headings(html, 1) == '<h4>A</h4><p>x</p><h4 class="c">B</h4><h6>C</h6><hr>'


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "sections: [before-your-visit]",
            "sections: [before-your-vist]",
            "content/packets/pre-visit.yaml: error: parts.before.sections: 'before-your-vist' "
            "has no file content/sections/en/before-your-vist.md",
        ),
        (
            "handout: side-effects",
            "handout: side-efects",
            "content/packets/pre-visit.yaml: error: parts.side-effects.handout: unknown handout "
            "'side-efects' (expected one of: side-effects)",
        ),
        (
            "      - benefits-and-risks\n",
            "      - welcome\n",
            "content/packets/pre-visit.yaml: error: parts.side-effects.sections: 'welcome' is not "
            "a section of handout 'side-effects' (expected some of: what-is-ketamine,",
        ),
        (
            "  - id: during\n",
            "  - id: before\n",
            "content/packets/pre-visit.yaml:12: error: parts: id 'before' is used twice "
            "(each part needs its own id)",
        ),
        (
            "sections: [during-your-visit]",
            "sections: []",
            "content/packets/pre-visit.yaml:17: error: parts.1: part 'during' has no sections "
            "(expected 'sections: [id, ...]' or 'handout: side-effects')",
        ),
    ],
    ids=["unknown-section", "unknown-handout", "not-in-handout", "duplicate-part", "empty-part"],
)
def test_packet_data_errors_name_file_and_field(
    project_copy: Path, tmp_path: Path, old: str, new: str, expected: str
) -> None:
    packet = project_copy / "content/packets/pre-visit.yaml"
    assert old in packet.read_text()
    packet.write_text(packet.read_text().replace(old, new, 1))
    code, lines = run(tmp_path, "packet", "-l", "queens", project=project_copy)
    assert code == 1
    assert lines[0].startswith(f"Error: {expected}"), lines
    assert not (project_copy / "output").exists()


def test_list_shows_the_packet_and_its_parts(tmp_path: Path) -> None:
    code, lines = run(tmp_path, "list")
    assert code == 0
    start = lines.index("Packets:")
    assert lines[start + 1].split() == ["pre-visit", *TITLE.split(), "[packet.html]"]
    assert [line.split()[1] for line in lines[start + 2 :]] == [
        "before",
        "during",
        "side-effects",
        "after",
        "contacts",
    ]


def test_patient_name_reaches_the_page_as_text_only() -> None:
    project, _ = load_project(ProjectPaths(ROOT))
    assert project is not None
    visit = make_visit('<b>Ana</b> "Diaz" & {{ 7 * 7 }}', APPOINTMENT, NOW)
    html, _ = render_packet_document(
        make_environment(ROOT / "templates"), project, PacketJob("pre-visit", "queens", "en"), visit
    )
    assert "&lt;b&gt;Ana&lt;/b&gt; &#34;Diaz&#34; &amp; {{ 7 * 7 }}" in html
    assert "<b>Ana" not in html
    assert "Diaz&#34; &amp; 49" not in html  # the braces were not evaluated as a template


# Names the packet cannot print, or that hide characters: one plain line that never repeats them.

UNPRINTABLE_NAME = (
    "Error: --patient: the name has letters the packet's font cannot print (for example Chinese, "
    "Korean or Cyrillic letters, or some Vietnamese accents); type it in plain Latin letters, or "
    "print a blank packet and write the name by hand"
)
HIDDEN_CHARACTER = (
    "Error: --patient: the name has a line break, a tab or another invisible character "
    '(expected the name on one line, e.g. --patient "Ana Diaz")'
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("李小龙", UNPRINTABLE_NAME),
        ("김민준", UNPRINTABLE_NAME),
        ("Иван Петров", UNPRINTABLE_NAME),
        ("Nguyễn Văn An", UNPRINTABLE_NAME),
        ("Ana Diaz 😀", UNPRINTABLE_NAME),
        ("Ana\nDiaz", HIDDEN_CHARACTER),
        ("Ana\tDiaz", HIDDEN_CHARACTER),
        ("Ana\rDiaz", HIDDEN_CHARACTER),
        ("Ana\u2028Diaz", HIDDEN_CHARACTER),
        ("Ana\u202eDiaz", HIDDEN_CHARACTER),  # right-to-left override: would print "zaiD"
        ("Ana\x00Diaz", HIDDEN_CHARACTER),
    ],
    ids=[
        "chinese",
        "korean",
        "cyrillic",
        "vietnamese",
        "emoji",
        "newline",
        "tab",
        "cr",
        "lsep",
        "rlo",
        "nul",
    ],
)
def test_cli_refuses_a_name_it_cannot_print_without_repeating_it(
    tmp_path: Path, name: str, expected: str
) -> None:
    code, lines = run(
        tmp_path, "packet", "-l", "queens", "--patient", name, "--appointment", future()
    )
    assert code == 1
    assert lines == [expected]
    letters = {char for char in name if char.isalpha() and char not in expected}
    assert not any(char in lines[0] for char in letters)  # no letter of the name (e.g. "李")
    assert list(tmp_path.iterdir()) == []


def test_names_in_latin_letters_pass_the_font_check() -> None:
    project, _ = load_project(ProjectPaths(ROOT))
    assert project is not None
    characters = name_characters(project)
    assert characters is not None and ord("A") in characters and ord("李") not in characters
    for typed in ["Zoë Müller-Łukasz", "François O\u2019Brien", "Ørsted Dvořák", "Ñúñez Şahin"]:
        check_printable(parse_patient(typed), characters)
    # Typed decomposed (e + combining accent, as some keyboards send it): composed first.
    decomposed = "Jose\u0301 Zoe\u0308"
    assert parse_patient(decomposed) == "José Zoë"
    check_printable(parse_patient(decomposed), characters)
    assert parse_patient(" Ana\u00a0 Diaz ") == "Ana Diaz"  # spaces of any kind are just spaces


def test_a_failed_personalised_render_says_nothing_of_the_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    # Without the font check, WeasyPrint's own message would quote the name's letters.
    monkeypatch.setattr("handouts.packet.name_characters", lambda project: None)
    code, lines = run(
        tmp_path, "packet", "-l", "queens", "--patient", "李小龙", "--appointment", future()
    )
    caplog.clear()  # WeasyPrint's warning is expected here
    assert code == 1
    assert lines == [
        "Error: queens/pre-visit packet (en): error: the packet could not be rendered (a font or "
        "layout problem); try a blank packet"
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_failed_blank_render_keeps_the_detailed_message(
    project_copy: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    welcome = project_copy / "content/sections/en/welcome.md"
    welcome.write_text(welcome.read_text() + "\n李\n")
    code, lines = run(tmp_path, "packet", "-l", "queens", project=project_copy)
    caplog.clear()  # WeasyPrint's warning is expected here
    assert code == 1
    assert lines[-1] == (
        "Error: queens/pre-visit packet (en): error: WeasyPrint: .notdef glyph rendered for "
        'Unicode string unsupported by fonts: "李" (U+674E)'
    )


# A blank packet is the same file whichever command writes it.


@pytest.mark.parametrize("duplex", [False, True], ids=["plain", "duplex"])
def test_packet_command_writes_the_same_bytes_as_build(
    blank_build: BuildResult, tmp_path: Path, duplex: bool
) -> None:
    args = ["packet", "--location", "queens", "--output", str(tmp_path)]
    code, lines = run(tmp_path, *args, *(["--duplex"] if duplex else []))
    assert code == 0, lines
    name = f"pre-visit-packet{'-duplex' if duplex else ''}.pdf"
    built = next(
        p.path for p in blank_build.pdfs if p.path.name == name and "queens" in p.path.parts
    )
    written = tmp_path / "queens" / name
    assert written.read_bytes() == built.read_bytes()  # cmp: dates and /ID included
    reader = pypdf.PdfReader(written)
    job = PacketJob("pre-visit", "queens", "en", duplex)
    assert reader.trailer["/ID"][0].original_bytes == document_identifier(job, "en")
    assert reader.metadata is not None and reader.metadata.creation_date is not None


@pytest.mark.parametrize("location", LOCATIONS)
def test_personalised_packet_has_no_dates_and_no_identifier(
    personal_packets: Packets, location: str
) -> None:
    reader = pypdf.PdfReader(personal_packets[location, False].path)
    assert "/ID" not in reader.trailer
    assert reader.metadata is not None
    assert reader.metadata.creation_date is None and reader.metadata.modification_date is None


def test_packet_never_calls_itself_a_handout(packets: Packets) -> None:
    for key, pdf in packets.items():
        text = "\n".join(pdf.texts)
        assert "Keep these pages so our number is close by." in text, key
        assert "Important: The information on these pages is general." in text, key
        assert "handout" not in text.lower(), key


def test_handouts_share_the_wording(blank_build: BuildResult) -> None:
    handout = next(p.path for p in blank_build.pdfs if p.path.name == "side-effects.pdf")
    document = pypdfium2.PdfDocument(handout)
    try:
        text = " ".join(" ".join(page.get_textpage().get_text_range() for page in document).split())
    finally:
        document.close()
    assert "Keep these pages so our number is close by." in text
    assert "The information on these pages is general. It does not replace advice" in text


# Layout: no page holds only a scrap of text.

MIN_BODY_LINES = 6  # fewer lines of body text on a page is a section's tail left alone
BODY_TOP, BODY_BOTTOM = 72, 75.6  # the page margins (templates/css/handout.css @page), in points


def body_lines(path: Path) -> list[int]:
    """Lines of text between the running header and footer, page by page; 0 for a page that
    only says it is intentionally blank."""
    counts = []
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            text = page.extract_text() or ""
            if text.strip() == BLANK_NOTICE:
                counts.append(0)
                continue
            body = page.within_bbox((0, BODY_TOP, page.width, page.height - BODY_BOTTOM))
            counts.append(
                sum(1 for line in (body.extract_text() or "").splitlines() if line.strip())
            )
    return counts


def test_no_packet_page_holds_only_a_scrap_of_text(packets: Packets) -> None:
    for key, pdf in packets.items():
        counts = body_lines(pdf.path)
        short = [(n, c) for n, c in enumerate(counts, start=1) if 0 < c < MIN_BODY_LINES]
        assert not short, f"{key}: pages with few lines (page, lines): {short}"
        blanks = [n for n, c in enumerate(counts, start=1) if c == 0]
        assert blanks == [n for n, t in enumerate(pdf.texts, start=1) if BLANK_NOTICE in t]


def test_no_handout_page_holds_only_a_scrap_of_text(blank_build: BuildResult) -> None:
    handouts = [p.path for p in blank_build.pdfs if not isinstance(p.job, PacketJob)]
    assert len(handouts) == 2
    for path in handouts:
        counts = body_lines(path)
        assert min(counts) >= MIN_BODY_LINES, (path, counts)


def test_short_lists_stay_on_one_page(packets: Packets) -> None:
    # "Rare side effects our team watches for" leads into a two-item list: all on one page.
    for key, pdf in packets.items():
        page = next(t for t in pdf.texts if "Rare side effects our team watches for" in t)
        for line in ["Some side effects are not common. Two of these are:", "Hallucinations."]:
            assert line in page, (key, line)
