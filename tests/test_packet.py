"""The fixture clinic's packet (first-visit): blank and personalised, for each location, plain and
duplex; fasting wording with and without a location's setting; privacy of a patient's packet;
what `handouts packet` prints and refuses; renders that fail without leaking the patient's name.

Each packet is rendered once per session (blank ones by the session build, personalised ones by
`personal_packets`); the tests open the PDFs and read them as a printer, a reader and a screen
reader would.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import page as pdf_validator
import pypdf
import pypdfium2
import pytest
from click.testing import CliRunner

from handouts.cli import ON_COMMAND_LINE, main
from handouts.commands.build import BuildResult
from handouts.commands.check import check_project
from handouts.commands.choice import choose
from handouts.commands.packet import PacketRequest, make_packet
from handouts.documents.base import pdf_identifier
from handouts.documents.fonts import unprintable
from handouts.documents.packet import PacketDocument, packet_document, shift_headings
from handouts.documents.page import MARGIN_BOTTOM, MARGIN_TOP, STANDARD_BODY_SIZE
from handouts.documents.visit import (
    check_printable,
    fasting_cutoff,
    make_visit,
    parse_patient,
    visit_context,
)
from handouts.errors import HandoutsError
from handouts.load import load_project
from handouts.model import Project, Visit
from handouts.paths import ProjectPaths
from handouts.render.document import fill
from handouts.render.html import make_environment
from tests.brandutil import line_of
from tests.clinic import SOURCE_DATE_EPOCH, TODAY

LOCATIONS = ["downtown", "north-shore"]
PACKET = "first-visit"
NOW = dt.datetime(2026, 11, 27, 9, 0)  # "now" for the personalised packets: fixed, so they are too
PATIENT = "Ana Diaz"
APPOINTMENT = "2026-12-03 10:30"
# north-shore sets fasting_hours: 6; downtown leaves it unset (null).
FASTING_HOURS = 6
CUTOFF = "4:30 AM on Thursday, December 3, 2026"
TITLE = "Getting ready for your first visit"
PARTS = [
    "Before your visit",
    "On the day",
    "After your visit: what to expect",
    "Questions? Call us",
]
# The fixture clinic's locations as the cover's contact card prints them.
CONTACT = {
    "downtown": ("Downtown", "(555) 010-0112"),
    "north-shore": ("North Shore", "(555) 010-0111"),
}
BRAND = "Harbor Test Clinic"
DISCLAIMER = "These pages give general facts for the tests. Ask your own care team about your care."
BLANK_NOTICE = "This page is intentionally blank"
FASTING_RULE_SET = f"No food or drink for {FASTING_HOURS} hours before your visit."
FASTING_RULE_BLANK = "No food or drink for hours before your visit."
FASTING_RULE_ASK = "Our staff will tell you the number of hours. Ask us if you are not sure."
CUTOFF_ASK = "Ask us what time to stop eating and drinking."


@dataclass(frozen=True)
class Pdf:
    """A packet read once: its file, its pages' text in reading order, its bookmarks."""

    path: Path
    texts: list[str]
    outline: list[tuple[str, int]]
    """Top-level bookmarks as (title, 1-based page)."""

    def part_pages(self, title: str) -> list[str]:
        """The text of the part with this bookmark title, from its title to the next part's
        (printed one-sided, parts share pages), page by page."""
        titles = [t for t, _ in self.outline[1:]]
        index = titles.index(title)
        starts = [number for _, number in self.outline[1:]] + [len(self.texts)]
        pages = self.texts[starts[index] - 1 : starts[index + 1]]
        text = "\n\f\n".join(pages)
        begin = text.index(f"{title}\n")
        end = text.find(f"\n{titles[index + 1]}\n", begin) if index + 1 < len(titles) else -1
        return text[begin : end if end >= 0 else None].split("\n\f\n")


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
def project(clinic: Path) -> Project:
    """The fixture clinic as loaded (not to be changed)."""
    loaded, problems = load_project(ProjectPaths(clinic))
    assert loaded is not None, problems
    return loaded


@pytest.fixture(scope="session")
def blank_packets(clinic_build: BuildResult) -> Packets:
    """(location, duplex) -> blank packet, as the session build wrote it."""
    return {
        (p.document.location, p.document.duplex): read_pdf(p.path)
        for p in clinic_build.pdfs
        if isinstance(p.document, PacketDocument)
        and not p.document.variant
        and p.document.lang == "en"
    }


@pytest.fixture(scope="session")
def personal_packets(clinic: Path, tmp_path_factory: pytest.TempPathFactory) -> Packets:
    """(location, duplex) -> personalised packet, each written once into its own folder outside
    the project, as the front desk would from their home folder."""
    visit = make_visit(PATIENT, APPOINTMENT, NOW)
    packets = {}
    for location in LOCATIONS:
        for duplex in (False, True):
            folder = tmp_path_factory.mktemp(
                f"personal-{location}-{'duplex' if duplex else 'plain'}"
            )
            written = make_packet(
                ProjectPaths(clinic),
                PacketRequest(location, duplex=duplex, visit=visit),
                cwd=folder,
            )
            assert written.personal
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


both_sides = pytest.mark.parametrize("duplex", [False, True], ids=["plain", "duplex"])
each_location = pytest.mark.parametrize("location", LOCATIONS)


# Parts, order, pages.


@both_sides
@each_location
def test_outline_has_one_bookmark_per_part_in_order(
    packets: Packets, location: str, duplex: bool
) -> None:
    marks = packets[location, duplex].outline
    assert [title for title, _ in marks] == [TITLE, *PARTS]
    pages = [number for _, number in marks]
    assert pages[0] == 1
    assert pages == sorted(pages)
    if duplex:  # each part on a page of its own, a right-hand (odd) one
        assert len(set(pages)) == len(pages)
        assert all(number % 2 == 1 for number in pages)
    else:  # the parts follow each other without empty half pages: some share a page
        assert len(set(pages)) < len(pages)


@both_sides
@each_location
def test_each_part_opens_its_page_in_order_in_the_text(
    packets: Packets, location: str, duplex: bool
) -> None:
    pdf = packets[location, duplex]
    for title, number in pdf.outline[1:]:
        lines = pdf.texts[number - 1].splitlines()
        if duplex:  # printed on both sides, each part opens its page
            assert lines[0] == title, (title, number)
        else:  # printed one-sided, on its bookmark's page, never as the page's last line
            assert title in lines[:-4], (title, number)
    body = "\n".join(pdf.texts)
    positions = [body.find(f"\n{title}\n") for title in PARTS]
    assert -1 not in positions and positions == sorted(positions)


def test_a_part_reuses_the_sections_it_lists_of_a_handout(packets: Packets) -> None:
    # The "after" part names handout aftercare and lists two of its three sections.
    for key, pdf in packets.items():
        after = "\n".join(pdf.part_pages("After your visit: what to expect"))
        for heading in ["Taking care of yourself", "How long effects last"]:
            assert f"\n{heading}\n" in after, (key, heading)
        assert "Rest for the rest of the day." in after, key  # after-care.md's words
        assert "Who can drive you home:" in after, key  # and recovery-timeline.md's table
        # Its third section (call-us) is not listed: it is printed once, in the contact part.
        assert "When to call us" not in after, key
        contact = "\n".join(pdf.part_pages("Questions? Call us"))
        assert "\n".join(pdf.texts).count("When to call us") == 1 and "When to call us" in contact


@both_sides
@each_location
def test_page_x_of_y_counts_the_whole_packet(packets: Packets, location: str, duplex: bool) -> None:
    texts = packets[location, duplex].texts
    for number, text in enumerate(texts, start=1):
        if text.strip() == BLANK_NOTICE:
            continue
        assert f"Page {number} of {len(texts)}" in text, number


@each_location
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


@each_location
def test_plain_packet_has_no_blank_pages(packets: Packets, location: str) -> None:
    texts = packets[location, False].texts
    assert not any(BLANK_NOTICE in text for text in texts)
    assert len(texts) < len(packets[location, True].texts)


@both_sides
@each_location
def test_pdf_ua_1_validator_reports_compliant(
    packets: Packets, location: str, duplex: bool
) -> None:
    report = pdf_validator.validate_pdf(packets[location, duplex].path, profile="ua1")
    assert report.is_compliant, [f"{f.rule_id}: {f.message}" for f in report.failures]


@each_location
def test_cover_has_location_details(packets: Packets, location: str) -> None:
    cover = packets[location, True].texts[0]
    name, phone = CONTACT[location]
    # The middle dot between the names is drawn, not a character a screen reader calls "dot".
    words = " ".join(cover.split())
    assert "·" not in cover
    for text in [TITLE, f"{BRAND} {name}", phone, "Hours", "Your appointment"]:
        assert text in words, text


# Fasting: a location's setting prints its number; unset, a line to fill in and a question.


def test_a_set_fasting_time_prints_its_number(packets: Packets) -> None:
    for duplex in (False, True):
        before = "\n".join(packets["north-shore", duplex].part_pages("Before your visit"))
        assert FASTING_RULE_SET in before.splitlines(), duplex
        assert FASTING_RULE_ASK not in before


def test_unset_fasting_hours_print_as_a_blank(packets: Packets) -> None:
    for duplex in (False, True):
        before = "\n".join(packets["downtown", duplex].part_pages("Before your visit"))
        lines = before.splitlines()
        assert FASTING_RULE_BLANK in lines, duplex  # the number left out: a line to write on
        assert FASTING_RULE_ASK in lines, duplex


# Blank packets: lines to fill in, never a guessed number.


@each_location
def test_blank_packet_has_lines_to_fill_in(blank_packets: Packets, location: str) -> None:
    for duplex in (False, True):
        lines = blank_packets[location, duplex].texts[0].splitlines()
        for label in ["Name:", "Date:", "Time:", "No food or drink after:"]:
            assert label in lines, f"{label} is not followed by a blank line to fill in"
        # No time to stop eating without a visit, even where the number of hours is set.
        assert CUTOFF_ASK in lines


def test_build_reports_unset_fasting_hours(clinic_build: BuildResult, clinic: Path) -> None:
    downtown = clinic / "content/locations/downtown.yaml"
    assert [str(w) for w in clinic_build.warnings if w.field == "fasting_hours"] == [
        f"content/locations/downtown.yaml:{line_of(downtown, 'fasting_hours:')}: warning: "
        "fasting_hours: not set yet (listed under placeholders)"
    ]


def test_check_reports_unset_fasting_hours_not_listed_as_a_placeholder(clinic_copy: Path) -> None:
    downtown = clinic_copy / "content/locations/downtown.yaml"
    text = downtown.read_text()
    assert ", fasting_hours]" in text
    downtown.write_text(text.replace(", fasting_hours]", "]"))
    report = check_project(ProjectPaths(clinic_copy), TODAY)
    assert [str(p) for p in report.problems if p.field == "fasting_hours"] == [
        f"content/locations/downtown.yaml:{line_of(downtown, 'fasting_hours:')}: warning: "
        "fasting_hours: not set; packets leave the number of hours (and the time to stop eating "
        "and drinking) blank to fill in by hand"
    ]
    assert report.errors == []


def test_build_writes_blank_packets_per_location(clinic_build: BuildResult) -> None:
    out = clinic_build.manifest.parent  # type: ignore[union-attr]
    packets = sorted(
        (p.path.relative_to(out).as_posix(), p.document.kind)
        for p in clinic_build.pdfs
        if isinstance(p.document, PacketDocument) and p.document.lang == "en"
    )
    assert packets == [
        ("downtown/first-visit-packet-duplex.large-print.pdf", "packet-duplex"),
        ("downtown/first-visit-packet-duplex.pdf", "packet-duplex"),
        ("downtown/first-visit-packet.large-print.pdf", "packet"),
        ("downtown/first-visit-packet.pdf", "packet"),
        ("north-shore/first-visit-packet-duplex.large-print.pdf", "packet-duplex"),
        ("north-shore/first-visit-packet-duplex.pdf", "packet-duplex"),
        ("north-shore/first-visit-packet.large-print.pdf", "packet"),
        ("north-shore/first-visit-packet.pdf", "packet"),
    ]


# Personalised packets: details on the cover, nowhere else, file for its owner only.


@both_sides
@each_location
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


@both_sides
def test_fasting_time_is_computed_from_the_location_setting(
    personal_packets: Packets, duplex: bool
) -> None:
    cover = personal_packets["north-shore", duplex].texts[0]
    assert f"No food or drink after: {CUTOFF}" in cover.splitlines()
    assert CUTOFF_ASK not in cover


@both_sides
def test_unset_fasting_hours_leave_the_time_blank(personal_packets: Packets, duplex: bool) -> None:
    lines = personal_packets["downtown", duplex].texts[0].splitlines()
    assert "No food or drink after:" in lines
    assert CUTOFF_ASK in lines
    assert not any(line.startswith("No food or drink after: ") for line in lines)


@both_sides
@each_location
def test_no_patient_details_in_metadata_or_file_name(
    personal_packets: Packets, location: str, duplex: bool
) -> None:
    path = personal_packets[location, duplex].path
    assert path.name == f"packet-{location}.pdf"
    meta = pypdf.PdfReader(path).metadata
    assert meta is not None and meta.title == TITLE
    hidden = "\n".join(pdf_strings(path))
    assert TITLE in hidden and f"{PACKET}-en" in hidden  # the search reaches the metadata
    for detail in [PATIENT, "Diaz", "December", "2026-12-03", "10:30", "Thursday", "4:30"]:
        assert detail not in hidden, detail


@both_sides
@each_location
def test_personalised_packet_is_readable_by_its_owner_only(
    personal_packets: Packets, location: str, duplex: bool
) -> None:
    mode = stat.S_IMODE(personal_packets[location, duplex].path.stat().st_mode)
    assert mode == 0o600, oct(mode)


@each_location
def test_personalised_packet_has_no_dates_and_no_identifier(
    personal_packets: Packets, location: str
) -> None:
    for duplex in (False, True):
        reader = pypdf.PdfReader(personal_packets[location, duplex].path)
        assert "/ID" not in reader.trailer
        assert reader.metadata is not None
        assert reader.metadata.creation_date is None and reader.metadata.modification_date is None


@each_location
def test_blank_packet_is_an_ordinary_file(blank_packets: Packets, location: str) -> None:
    for duplex in (False, True):
        assert stat.S_IMODE(blank_packets[location, duplex].path.stat().st_mode) == 0o644


# Duplex when the text already ends on a left-hand page: no closing blank sheet.


def test_duplex_packet_ending_on_a_left_page_gets_no_extra_sheet(clinic_copy: Path) -> None:
    # A packet whose one part runs over two pages: the cover (1), its blank back (2), the part
    # (3 and 4). A closing blank page would start a whole empty sheet.
    packet = clinic_copy / "content/packets/first-visit.yaml"
    packet.write_text(
        f"title:\n  en: {TITLE}\nsubject:\n  en: A test\ncover: [hello]\nparts:\n"
        "  - id: contact\n    title:\n      en: Questions? Call us\n"
        "    sections: [after-care, call-us]\n"
    )
    written = make_packet(
        ProjectPaths(clinic_copy),
        PacketRequest("downtown", duplex=True),
        output=clinic_copy / "odd.pdf",
    )
    pdf = read_pdf(written.path)
    assert pdf.outline == [(TITLE, 1), ("Questions? Call us", 3)]
    assert len(pdf.texts) == 4  # even, and the last part fills the left page itself
    assert [n for n, t in enumerate(pdf.texts, start=1) if BLANK_NOTICE in t] == [2]
    assert "Page 4 of 4" in pdf.texts[-1]
    # A long last part flows on: no page holds only its tail or the disclaimer.
    assert min(count for count in body_lines(written.path) if count) >= MIN_BODY_LINES


# The command line: what the front desk types.


def run(cwd: Path, *args: str, project: Path) -> tuple[int, list[str]]:
    """Run `handouts ARGS --project PROJECT` in ``cwd``; the exit code and the output lines
    (without the warning --patient and --appointment always print: tests/test_findings.py)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(cwd)
        result = CliRunner().invoke(main, [*args, "--project", str(project)])
    return result.exit_code, [
        line for line in result.output.splitlines() if line != ON_COMMAND_LINE
    ]


def future(days: int = 30) -> str:
    """An appointment ``days`` from now, as typed."""
    return (dt.datetime.now() + dt.timedelta(days=days)).strftime("%Y-%m-%d 10:30")


def personal(location: str = "north-shore", patient: str = PATIENT) -> list[str]:
    """The arguments of a personalised packet for an appointment a month away."""
    return ["packet", "-l", location, "--patient", patient, "--appointment", future()]


@pytest.fixture
def empty_folder(tmp_path: Path) -> Path:
    """A folder the command runs in; it must stay empty when the command refuses."""
    folder = tmp_path / "desk"
    folder.mkdir()
    return folder


def test_cli_personalised_packet_goes_to_the_current_folder(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path.parent / f"{tmp_path.name}-cache"
    monkeypatch.setenv("HANDOUTS_CACHE_DIR", str(cache))
    code, lines = run(tmp_path, *personal(), project=clinic)
    assert code == 0, lines
    # The check's memo may be kept, never the packet, nor anything of the patient.
    kept = [p for p in cache.rglob("*") if p.is_file()]
    assert [p.name for p in kept if p.suffix != ".json"] == []
    assert not any(PATIENT.encode() in p.read_bytes() for p in kept)
    target = tmp_path / "packet-north-shore.pdf"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["packet-north-shore.pdf"]  # no temporary left
    assert len(lines) == 1
    assert re.fullmatch(
        r"wrote packet-north-shore\.pdf  \(\d+ pages, \d+ KiB, \d+\.\d\d s\) - holds health "
        r"information: print it, then delete it",
        lines[0],
    ), lines
    assert not any(PATIENT in line or future() in line for line in lines)
    assert f"Name: {PATIENT}" in read_pdf(target).texts[0]


def test_cli_replaces_an_older_file_with_an_owner_only_one(clinic: Path, tmp_path: Path) -> None:
    old = tmp_path / "ana.pdf"
    old.write_bytes(b"old")
    old.chmod(0o644)
    code, lines = run(tmp_path, *personal("downtown"), "--output", "ana.pdf", project=clinic)
    assert code == 0, lines
    assert stat.S_IMODE(old.stat().st_mode) == 0o600
    assert old.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["ana.pdf"]


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
def test_cli_bad_appointment_is_one_line_with_an_example(
    clinic: Path, empty_folder: Path, value: str
) -> None:
    code, lines = run(
        empty_folder,
        *["packet", "-l", "north-shore", "--patient", PATIENT, "--appointment", value],
        project=clinic,
    )
    assert code == 1
    assert len(lines) == 1, lines
    assert re.fullmatch(
        r"error: --appointment: not a date and time in the form YYYY-MM-DD HH:MM \(24-hour "
        r"clock, two digits for month, day and hour\), "
        r'e\.g\. --appointment "\d{4}-\d\d-\d\d 10:30"',
        lines[0],
    ), lines[0]
    assert PATIENT not in lines[0]
    assert list(empty_folder.iterdir()) == []


@pytest.mark.parametrize(
    "value", ["2020-01-06 09:00", dt.datetime.now().strftime("%Y-%m-%d %H:%M")]
)
def test_cli_past_appointment_is_refused(clinic: Path, empty_folder: Path, value: str) -> None:
    code, lines = run(
        empty_folder,
        *["packet", "-l", "north-shore", "--patient", PATIENT, "--appointment", value],
        project=clinic,
    )
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(
        "error: --appointment: that date and time has already passed (expected a future one, "
        'e.g. --appointment "'
    ), lines
    assert value not in lines[0]
    assert list(empty_folder.iterdir()) == []


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
    clinic: Path, empty_folder: Path, clock: str, expected: str
) -> None:
    day = (dt.datetime.now() + dt.timedelta(days=30)).strftime("%Y-%m-%d")
    code, lines = run(
        empty_folder,
        *["packet", "-l", "north-shore", "--patient", PATIENT, "--appointment", f"{day} {clock}"],
        project=clinic,
    )
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(f"error: --appointment: {expected}"), lines
    assert re.search(r'e\.g\. --appointment "\d{4}-\d\d-\d\d \d\d:\d\d"$', lines[0]), lines[0]
    assert day not in lines[0] and clock not in lines[0]  # the appointment is not repeated
    assert list(empty_folder.iterdir()) == []


def refusal(call: Callable[[], object]) -> list[str]:
    """The lines a refused visit prints."""
    with pytest.raises(HandoutsError) as caught:
        call()
    return [str(p) for p in caught.value.errors]


def test_appointment_hours_and_horizon() -> None:
    for ok in ["2026-12-03 06:00", "2026-12-03 21:59", "2027-11-27 09:00"]:
        assert make_visit(PATIENT, ok, NOW) is not None, ok
    assert refusal(lambda: make_visit(PATIENT, "2026-12-03 02:30", NOW)) == [
        "error: --appointment: that time is at night; use the 24-hour clock (2:30 pm is 14:30), "
        'e.g. --appointment "2026-12-04 10:30"'
    ]
    for far in ["2027-11-27 09:01", "2062-12-03 10:30"]:
        assert refusal(lambda far=far: make_visit(PATIENT, far, NOW)) == [
            "error: --appointment: that date is more than a year away; check the year "
            '(expected e.g. --appointment "2026-12-04 10:30")'
        ]
    leap = dt.datetime(2028, 2, 29, 9, 0)
    assert make_visit(PATIENT, "2029-02-28 09:00", leap) is not None
    with pytest.raises(HandoutsError, match="more than a year away"):
        make_visit(PATIENT, "2029-03-01 09:00", leap)


def test_cli_far_future_appointment_is_refused(clinic: Path, empty_folder: Path) -> None:
    far = (dt.datetime.now() + dt.timedelta(days=400)).strftime("%Y-%m-%d 10:30")
    code, lines = run(
        empty_folder,
        *["packet", "-l", "north-shore", "--patient", PATIENT, "--appointment", far],
        project=clinic,
    )
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(
        "error: --appointment: that date is more than a year away; check the year (expected "
        'e.g. --appointment "'
    ), lines
    assert far not in lines[0]
    assert list(empty_folder.iterdir()) == []


def test_cli_unknown_location(clinic: Path, empty_folder: Path) -> None:
    code, lines = run(empty_folder, "packet", "--location", "brooklyn", project=clinic)
    assert code == 2
    assert lines == [
        "error: --location: unknown location 'brooklyn' (expected one of: downtown, "
        "north-shore, e.g. --location downtown)"
    ]
    assert list(empty_folder.iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "closest"),
    [("northshore", "north-shore"), ("dowtown", "downtown"), ("North-Shor", "north-shore")],
)
def test_cli_location_typo_suggests_the_closest(
    clinic: Path, empty_folder: Path, typed: str, closest: str
) -> None:
    code, lines = run(empty_folder, "packet", "--location", typed, project=clinic)
    assert code == 2
    assert lines == [
        f"error: --location: unknown location '{typed}' (expected one of: downtown, north-shore; "
        f"did you mean --location {closest}?)"
    ]
    assert list(empty_folder.iterdir()) == []


@pytest.mark.parametrize(
    ("typed", "location"),
    [
        ("North Shore", "north-shore"),
        ("NORTH-SHORE", "north-shore"),
        (" north_shore ", "north-shore"),
        ("North  Shore", "north-shore"),
        ("Downtown", "downtown"),
    ],
)
def test_location_accepts_any_case_and_spaces(typed: str, location: str) -> None:
    assert choose("location", typed, LOCATIONS, "--location") == location


def test_cli_missing_location_lists_them(clinic: Path, empty_folder: Path) -> None:
    code, lines = run(empty_folder, "packet", project=clinic)
    assert code == 2
    assert lines == [
        "error: --location: missing (expected one of: downtown, north-shore, "
        "e.g. --location downtown)"
    ]
    assert list(empty_folder.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ["--patient", PATIENT],
            "error: --appointment: missing (a personalised packet needs both, e.g. "
            '--patient "Ana Diaz" --appointment "',
        ),
        (
            ["--appointment", "2099-01-05 10:30"],
            "error: --patient: missing (a personalised packet needs both, e.g. "
            '--patient "Ana Diaz" --appointment "',
        ),
        (
            ["--patient", "  ", "--appointment", "2099-01-05 10:30"],
            'error: --patient: the name is empty (expected e.g. --patient "Ana Diaz")',
        ),
    ],
    ids=["no-appointment", "no-patient", "empty-name"],
)
def test_cli_incomplete_patient_details(
    clinic: Path, empty_folder: Path, args: list[str], expected: str
) -> None:
    code, lines = run(empty_folder, "packet", "-l", "north-shore", *args, project=clinic)
    assert code == 1
    assert len(lines) == 1 and lines[0].startswith(expected), lines
    assert list(empty_folder.iterdir()) == []


@pytest.mark.parametrize(
    ("where", "folder"),
    [
        ("output", "output"),
        ("output/north-shore", "output"),
        ("output/north-shore/ana.pdf", "output"),
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
    clinic_copy: Path, tmp_path: Path, where: str, folder: str
) -> None:
    (clinic_copy / "link-to-content").symlink_to(clinic_copy / "content")
    code, lines = run(
        tmp_path, *personal(), "--output", str(clinic_copy / where), project=clinic_copy
    )
    assert code == 1
    assert lines == [
        "error: --output: a personalised packet holds health information and must not be "
        "written inside the project folder, which is kept in git and shared by builds "
        "(expected a private folder, e.g. --output ~/packets, or leave --output out in the "
        "project folder to write packet-<location>.pdf there, which git ignores)"
    ], folder
    assert list(clinic_copy.rglob("*.pdf")) == []
    for made in ["output", "tests", ".github", "docs", "scripts"]:
        assert not (clinic_copy / made).exists(), made


def test_cli_personalised_packet_folders_are_private(clinic: Path, tmp_path: Path) -> None:
    (tmp_path / "shared").mkdir(mode=0o755)
    target = tmp_path / "shared" / "front-desk" / "today"
    old_umask = os.umask(0)  # the folders are private whatever the umask
    try:
        code, lines = run(tmp_path, *personal(), "--output", f"{target}/", project=clinic)
    finally:
        os.umask(old_umask)
    assert code == 0, lines
    assert (target / "packet-north-shore.pdf").is_file()
    for made in [target, target.parent]:
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
    assert stat.S_IMODE((tmp_path / "shared").stat().st_mode) == 0o755  # existing: untouched


def test_cli_personalised_packet_folder_that_cannot_be_made_is_one_line(
    clinic: Path, tmp_path: Path
) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    code, lines = run(
        tmp_path, *personal(), "--output", str(tmp_path / "a-file" / "new") + "/", project=clinic
    )
    assert code == 1
    assert lines == [f"error: {tmp_path}/a-file: is a file, not a folder; choose another --output"]
    assert [p.name for p in tmp_path.iterdir()] == ["a-file"]


def test_packet_stylesheet_never_sees_the_visit(clinic_copy: Path) -> None:
    stylesheet = clinic_copy / "templates/css/packet.css.jinja"
    stylesheet.write_text(stylesheet.read_text() + "/* {{ visit.patient }} */\n")
    project, problems = load_project(ProjectPaths(clinic_copy))
    assert project is not None, problems
    visit = make_visit(PATIENT, APPOINTMENT, NOW)
    document = packet_document(project, PACKET, "north-shore", "en", visit=visit)
    with pytest.raises(HandoutsError, match="'visit' is undefined") as caught:
        fill(make_environment(clinic_copy / "templates"), project, document, None)
    assert PATIENT not in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "location", "duplex", "output"),
    [("North Shore", "north-shore", False, None), ("DOWNTOWN", "downtown", True, "printed")],
    ids=["plain-default-folder", "duplex-output-folder"],
)
def test_cli_blank_packet_is_the_same_file_as_the_build_writes(
    clinic_build: BuildResult,
    clinic_copy: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    typed: str,
    location: str,
    duplex: bool,
    output: str | None,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)  # the session build's date
    args = ["packet", "--location", typed, *(["--duplex"] if duplex else [])]
    args += ["--output", output] if output else []
    code, lines = run(tmp_path, *args, project=clinic_copy)
    assert code == 0, lines
    name = f"{PACKET}-packet{'-duplex' if duplex else ''}.pdf"
    folder = tmp_path / output if output else clinic_copy / "output"
    written = folder / location / name
    (built,) = [p for p in clinic_build.pdfs if p.path.parts[-2:] == (location, name)]
    # One line: no warning (`check` reports unset settings), no health-information reminder.
    shown = os.path.relpath(written, tmp_path)
    assert len(lines) == 1 and re.fullmatch(
        rf"wrote {re.escape(shown)}  \({built.pages} pages, {built.size // 1024} KiB, "
        r"\d+\.\d\d s\)",
        lines[0],
    ), lines
    assert written.read_bytes() == built.path.read_bytes()  # cmp: dates and /ID included
    assert stat.S_IMODE(written.stat().st_mode) == 0o644
    reader = pypdf.PdfReader(written)
    assert reader.trailer["/ID"][0].original_bytes == pdf_identifier(PurePosixPath(location, name))
    assert reader.metadata is not None and reader.metadata.creation_date is not None


# Pieces.


def test_appointment_parsing_uses_the_given_now() -> None:
    visit = make_visit(" Ana   Diaz ", "2026-12-03 10:30", NOW)
    assert visit is not None
    assert (visit.patient, visit.start) == ("Ana Diaz", dt.datetime(2026, 12, 3, 10, 30))
    assert "Ana" not in repr(visit)
    with pytest.raises(HandoutsError, match="already passed"):
        make_visit(PATIENT, "2026-12-03 10:30", dt.datetime(2026, 12, 3, 10, 30))
    assert make_visit(None, None, NOW) is None


@pytest.mark.parametrize(
    ("hours", "cutoff_time", "cutoff_date"),
    [
        (None, None, None),
        (FASTING_HOURS, "4:30 AM", "Thursday, December 3, 2026"),
        (8, "2:30 AM", "Thursday, December 3, 2026"),
        (12, "10:30 PM", "Wednesday, December 2, 2026"),  # the night before
        (24, "10:30 AM", "Wednesday, December 2, 2026"),
    ],
)
def test_fasting_cutoff_and_wording(
    project: Project, hours: int | None, cutoff_time: str | None, cutoff_date: str | None
) -> None:
    start = dt.datetime(2026, 12, 3, 10, 30)
    expected = None if hours is None else start - dt.timedelta(hours=hours)
    assert fasting_cutoff(start, hours) == expected
    # In the fixture clinic's patterns (strings/en.yaml), as Babel words them.
    words = visit_context(Visit(PATIENT, start), hours, project.strings["en"].values, "en")
    assert words == {
        "patient": PATIENT,
        "date": "Thursday, December 3, 2026",
        "time": "10:30 AM",
        "cutoff_time": cutoff_time,
        "cutoff_date": cutoff_date,
    }


def test_shift_headings_moves_every_level() -> None:
    html = '<h3>A</h3><p>x</p><h3 class="c">B</h3><h6>C</h6><hr>'
    assert shift_headings(html, 1) == '<h4>A</h4><p>x</p><h4 class="c">B</h4><h6>C</h6><hr>'


@pytest.mark.parametrize(
    ("old", "new", "line", "expected"),
    [
        (
            "sections: [checklist]",
            "sections: [checklist-x]",
            "sections: [checklist",
            "parts.prepare.sections: 'checklist-x' has no file content/sections/en/checklist-x.md",
        ),
        (
            "handout: aftercare",
            "handout: aftercar",
            "handout: aftercar",
            "parts.after.handout: unknown handout 'aftercar' (expected one of: aftercare, "
            "visit-guide)",
        ),
        (
            "sections: [after-care, recovery-timeline]",
            "sections: [after-care, hello]",
            "sections: [after-care, hello]",
            "parts.after.sections: 'hello' is not a section of handout 'aftercare' (expected some "
            "of: after-care, recovery-timeline, call-us)",
        ),
        (
            "  - id: day\n",
            "  - id: prepare\n",
            "parts:",
            "parts: id 'prepare' is used twice (each part needs its own id)",
        ),
        (
            "sections: [visit-day]",
            "sections: []",
            "  - id: day",
            "parts.1: part 'day' has no sections (expected 'sections: [id, ...]' or "
            "'handout: side-effects')",
        ),
    ],
    ids=["unknown-section", "unknown-handout", "not-in-handout", "duplicate-part", "empty-part"],
)
def test_packet_data_errors_name_file_and_field(
    clinic_copy: Path, tmp_path: Path, old: str, new: str, line: str, expected: str
) -> None:
    packet = clinic_copy / "content/packets/first-visit.yaml"
    assert old in packet.read_text()
    packet.write_text(packet.read_text().replace(old, new, 1))
    code, lines = run(tmp_path, "packet", "-l", "north-shore", project=clinic_copy)
    assert code == 1
    assert lines == [f"content/packets/first-visit.yaml:{line_of(packet, line)}: error: {expected}"]
    assert not (clinic_copy / "output").exists()


def test_list_shows_the_packet_and_its_parts(clinic: Path, tmp_path: Path) -> None:
    code, lines = run(tmp_path, "list", project=clinic)
    assert code == 0
    start = lines.index("Packets:")
    assert lines[start + 1].split() == [PACKET, *TITLE.split(), "[packet.html]"]
    assert [line.split()[1] for line in lines[start + 2 : start + 6]] == [
        "prepare",
        "day",
        "after",
        "contact",
    ]
    assert lines[start + 4].endswith("(from handout aftercare)")


def test_patient_name_reaches_the_page_as_text_only(project: Project) -> None:
    visit = make_visit('<b>Ana</b> "Diaz" & {{ 7 * 7 }}', APPOINTMENT, NOW)
    document = packet_document(project, PACKET, "north-shore", "en", visit=visit)
    html = fill(make_environment(project.paths.templates), project, document, None).html
    assert "&lt;b&gt;Ana&lt;/b&gt; &#34;Diaz&#34; &amp; {{ 7 * 7 }}" in html
    assert "<b>Ana" not in html
    assert "Diaz&#34; &amp; 49" not in html  # the braces were not evaluated as a template


# Names the packet cannot print, or that hide characters: one plain line that never repeats them.


def unprintable_name(script: str) -> str:
    """The refusal of a name in a script no shipped font covers: it names the script only."""
    return (
        f"error: --patient: the name is written in a script no shipped font covers ({script}); "
        "type it in Latin letters, or print a blank packet and write the name by hand"
    )


HIDDEN_CHARACTER = (
    "error: --patient: the name has a line break, a tab or another invisible character "
    '(expected the name on one line, e.g. --patient "Ana Diaz")'
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("กานดา ใจดี", unprintable_name("Thai")),
        ("فاطمة الزهراء", unprintable_name("Arabic")),
        ("Ana Diaz 😀", unprintable_name("symbols such as emoji")),
        ("Ana\nDiaz", HIDDEN_CHARACTER),
        ("Ana\tDiaz", HIDDEN_CHARACTER),
        ("Ana\rDiaz", HIDDEN_CHARACTER),
        ("Ana\u2028Diaz", HIDDEN_CHARACTER),
        ("Ana\u202eDiaz", HIDDEN_CHARACTER),  # right-to-left override: would print "zaiD"
        ("Ana\x00Diaz", HIDDEN_CHARACTER),
    ],
    ids=[
        "thai",
        "arabic",
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
    clinic: Path, empty_folder: Path, name: str, expected: str
) -> None:
    code, lines = run(empty_folder, *personal(patient=name), project=clinic)
    assert code == 1
    assert lines == [expected]
    letters = {char for char in name if char.isalpha() and char not in expected}
    assert not any(char in lines[0] for char in letters)  # no letter of the name (e.g. "李")
    assert list(empty_folder.iterdir()) == []


@pytest.mark.parametrize("lang", ["en", "es", "zh-Hans"])
def test_names_in_every_shipped_script_pass_the_font_check(project: Project, lang: str) -> None:
    def missing(text: str) -> str | None:
        return unprintable(project, lang, text)

    assert ord("A") in project.characters and ord("李") not in project.characters
    names = ["Zoë Müller-Łukasz", "François O\u2019Brien", "Ørsted Dvořák", "Ñúñez Şahin"]
    names += ["李小龙", "김민준", "Ольга Петрова", "Nguyễn Văn An", "Γιώργος Παπαδόπουλος"]
    for typed in names:
        check_printable(parse_patient(typed), missing)
    # Typed decomposed (e + combining accent, as some keyboards send it): composed first.
    decomposed = "Jose\u0301 Zoe\u0308"
    assert parse_patient(decomposed) == "José Zoë"
    check_printable(parse_patient(decomposed), missing)
    assert parse_patient(" Ana\u00a0 Diaz ") == "Ana Diaz"  # spaces of any kind are just spaces
    with pytest.raises(HandoutsError, match=r"no shipped font covers \(Thai\)"):
        check_printable("Ana กานดา", missing)


# Renders that fail. Rendering sees only templates/fonts/, so a letter those fonts lack fails
# the same way on every machine: a patient's packet says nothing of the page, a blank one says
# exactly what failed.


def test_a_failed_personalised_render_says_nothing_of_the_page(
    clinic: Path,
    empty_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Without the name check, the render itself meets letters no shipped font has (Thai), and
    # WeasyPrint's own message would quote them.
    monkeypatch.setattr("handouts.commands.packet.check_printable", lambda name, missing: None)
    code, lines = run(empty_folder, *personal(patient="กานดา"), project=clinic)
    assert any("ก" in r.getMessage() for r in caplog.records), "the render did not fail on it"
    caplog.clear()  # WeasyPrint's warning is expected here
    assert code == 1
    assert lines == [
        "north-shore/first-visit packet (en): error: the packet could not be rendered (a font or "
        "layout problem); try a blank packet"
    ]
    assert list(empty_folder.iterdir()) == []


def test_a_failed_blank_render_keeps_the_detailed_message(
    clinic_copy: Path,
    empty_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    hello = clinic_copy / "content/sections/en/hello.md"
    hello.write_text(hello.read_text() + "\nก\n")  # Thai: no shipped font has it
    # The gate finds the letter first, at its file and line.
    code, lines = run(empty_folder, "packet", "-l", "north-shore", project=clinic_copy)
    assert code == 1
    assert lines == [
        f"content/sections/en/hello.md:{line_of(hello, 'ก')}: error: 'ก' (U+0E01 THAI CHARACTER "
        "KO KAI) cannot be printed: the fonts in templates/fonts/ have no such letter "
        "(write it another way, or add a font that has it)"
    ]
    # Past the gate, the render meets it: a blank packet holds nothing personal, so the message
    # says exactly what failed.
    monkeypatch.setattr("handouts.checks.glyph_problems", lambda project: [])
    code, lines = run(empty_folder, "packet", "-l", "north-shore", project=clinic_copy)
    caplog.clear()  # WeasyPrint's warning is expected here
    assert code == 1
    assert lines == [
        "north-shore/first-visit packet (en): error: WeasyPrint: .notdef glyph rendered for "
        'Unicode string unsupported by fonts: "ก" (U+0E01)'
    ]
    assert list(empty_folder.iterdir()) == []
    assert not (clinic_copy / "output").exists()


def test_the_same_chart_in_two_parts_prints_twice(clinic_copy: Path, empty_folder: Path) -> None:
    # The chart's section in a second part: each place draws the chart with ids of its own
    # (it failed with "Anchor defined twice: 'recovery-title'" when the ids were the chart's).
    packet = clinic_copy / "content/packets/first-visit.yaml"
    packet.write_text(
        packet.read_text().replace(
            "sections: [visit-day]", "sections: [visit-day, recovery-timeline]"
        )
    )
    code, lines = run(empty_folder, "packet", "-l", "downtown", project=clinic_copy)
    assert code == 0, lines
    path = clinic_copy / "output/downtown/first-visit-packet.pdf"
    text = "\n".join(read_pdf(path).texts)
    assert text.count("About how long each effect lasts") == 2  # the caption, in each place
    reader = pypdf.PdfReader(path)
    alts = [str(e["/Alt"]) for e in _figures(reader)]
    assert sum(alt.startswith("How long you may feel each effect") for alt in alts) == 2


def _figures(reader: pypdf.PdfReader) -> list[pypdf.generic.DictionaryObject]:
    found = []

    def walk(node: object) -> None:
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, pypdf.generic.ArrayObject):
            for child in node:
                walk(child)
        elif isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure":
                found.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


# Wording shared by packets and handouts.


def test_packet_never_calls_itself_a_handout(packets: Packets) -> None:
    for key, pdf in packets.items():
        text = " ".join("\n".join(pdf.texts).split())
        assert f"Important: {DISCLAIMER}" in text, key
        assert "handout" not in text.lower(), key


def test_handouts_share_the_wording(clinic_build: BuildResult) -> None:
    handouts = [
        p.path
        for p in clinic_build.pdfs
        if p.document.kind == "handout" and p.document.lang == "en"
    ]
    assert handouts
    for path in handouts:
        document = pypdfium2.PdfDocument(path)
        try:
            text = " ".join(" ".join(p.get_textpage().get_text_range() for p in document).split())
        finally:
            document.close()
        assert f"Important: {DISCLAIMER}" in text, path


# Layout: no page holds only a scrap of text.

LARGE_PRINT_SIZE = 18.0  # the fixture clinic's large-print body size (content/settings.yaml)
MIN_BODY_LINES = 6  # fewer lines of body text on a page is a section's tail left alone
BULLET = "\u2022"


def body_lines(path: Path, body_size: float = STANDARD_BODY_SIZE) -> list[int]:
    """Lines of text between the running header and footer, page by page (a list item's bullet,
    drawn apart from its text, is not a line); 0 for a page that only says it is intentionally
    blank. The page margins grow with the edition's body size (handouts/documents/page.py)."""
    counts = []
    top, bottom = MARGIN_TOP * body_size, MARGIN_BOTTOM * body_size
    document = pypdfium2.PdfDocument(path)
    try:
        for page in document:
            width, height = page.get_size()
            text = page.get_textpage()
            if text.get_text_range().strip() == BLANK_NOTICE:
                counts.append(0)
                continue
            body = text.get_text_bounded(left=0, bottom=bottom, right=width, top=height - top)
            counts.append(sum(1 for line in body.splitlines() if line.strip() not in ("", BULLET)))
    finally:
        document.close()
    return counts


def test_no_packet_page_holds_only_a_scrap_of_text(packets: Packets) -> None:
    for key, pdf in packets.items():
        counts = body_lines(pdf.path)
        short = [(n, c) for n, c in enumerate(counts, start=1) if 0 < c < MIN_BODY_LINES]
        assert not short, f"{key}: pages with few lines (page, lines): {short}"
        blanks = [n for n, c in enumerate(counts, start=1) if c == 0]
        assert blanks == [n for n, t in enumerate(pdf.texts, start=1) if BLANK_NOTICE in t]


CHART_LEAD_IN = "Most effects fade within a few hours."  # the fixture's sentence before its chart


def test_no_handout_page_holds_only_a_scrap_of_text(clinic_build: BuildResult) -> None:
    handouts = [
        p for p in clinic_build.pdfs if p.document.kind == "handout" and p.document.lang == "en"
    ]
    assert len(handouts) == 8  # two handouts, two locations, two editions
    sizes = {"": STANDARD_BODY_SIZE, "large-print": LARGE_PRINT_SIZE}
    for pdf in handouts:
        counts = body_lines(pdf.path, sizes[pdf.document.variant])
        document = pypdfium2.PdfDocument(pdf.path)
        try:
            texts = [page.get_textpage().get_text_range() for page in document]
        finally:
            document.close()
        for index, count in enumerate(counts):
            # In large print the chart, with its lead-in, is taller than half a page and never
            # splits: the page before it keeps what came before (a heading and a short table).
            before_chart = index + 1 < len(texts) and texts[index + 1].startswith(CHART_LEAD_IN)
            if pdf.document.variant and before_chart:
                continue
            assert count >= MIN_BODY_LINES, (pdf.path, counts)


@pytest.mark.parametrize(
    "lines",
    [
        ["Use this list to get ready.", "Get a ride home."],
        ["Call us if:", "an effect does not go away", "you feel very sick"],
        ["Who can drive you home:", "A friend Yes", "You No"],
    ],
    ids=["checklist", "call-us", "table"],
)
def test_short_lists_stay_on_one_page_with_their_lead_in(
    packets: Packets, lines: list[str]
) -> None:
    for key, pdf in packets.items():
        page = next(t for t in pdf.texts if lines[0] in t)
        for line in lines[1:]:
            assert line in page, (key, line)
