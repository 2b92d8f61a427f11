"""`handouts serve` in a real browser (Debian's Chromium, driven by Playwright): one server for
the module, the installed command on a copy of the fixture clinic, in its own process with its
own home, temporary folder and cache.

The front desk fills the form by keyboard, previews, prints and takes a blank packet; uploads a
day's schedule and gets one PDF with the patients in appointment order; the editors' preview
follows an edit and shows a broken one's error instead of a stale page. axe-core finds nothing
wrong on any page; labels, keyboard order and visible focus are checked; screenshots of each page
go to tests/_artifacts/. Last, the server's log and every file it wrote are searched for the
patients' names.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pypdfium2
import pytest

from handouts.commands.build import BuildResult
from handouts.paths import ProjectPaths
from handouts.write.cache import CACHE_ENV, project_cache_folder
from tests.clinic import SOURCE_DATE_EPOCH, make_project
from tests.serving import Server, axe_violations, chromium, screenshot, start_server

PATIENTS = ["Siobhán O'Connor", "Zofia Wójcik", "Ana Diaz", "Night Typo"]
SOON = dt.date.today() + dt.timedelta(days=7)
TIMEOUT = 120_000  # ms: the machine's two cores are shared with the rest of the suite


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`handouts serve` on a copy of the fixture clinic (the preview test edits it)."""
    scratch = tmp_path_factory.mktemp("serve")
    project = make_project(scratch / "clinic")
    running = start_server(
        project, scratch, "--location", "downtown", env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
    )
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """One headless Chromium for the module."""
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    """A fresh tab (its own cookies) on the server."""
    context = browser.new_context(viewport={"width": 1100, "height": 900}, base_url=server.url)
    context.set_default_timeout(TIMEOUT)
    tab = context.new_page()
    tab.bring_to_front()  # the tab has the keyboard focus, as the one a person looks at
    yield tab
    context.close()


PRINT_RECORDER = """
const own = Object.getOwnPropertyDescriptor(HTMLIFrameElement.prototype, 'contentWindow');
window.printed = [];
Object.defineProperty(HTMLIFrameElement.prototype, 'contentWindow', {
  get() {
    const frame = this, inner = own.get.call(this);
    return {focus: () => inner && inner.focus(),
            print: () => window.printed.push(frame.src.slice(0, 5))};
  },
});
"""


def pdf_texts(data: bytes) -> list[str]:
    """Each page's text."""
    document = pypdfium2.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def shown_pdf(page: Any) -> bytes:
    """The PDF the page shows in its frame, as the browser holds it."""
    page.wait_for_function("() => document.getElementById('pdf-frame').src.startsWith('blob:')")
    encoded = page.evaluate(
        """async () => {
            const answer = await fetch(document.getElementById('pdf-frame').src);
            const bytes = new Uint8Array(await answer.arrayBuffer());
            let text = '';
            for (const byte of bytes) text += String.fromCharCode(byte);
            return btoa(text);
        }"""
    )
    return base64.b64decode(encoded)


def no_violations(page: Any) -> None:
    """axe-core finds nothing wrong with the page as it is now."""
    violations = axe_violations(page)
    assert violations == [], violations


def focus_order(page: Any, presses: int) -> list[str]:
    """What Tab reaches, in order (an element's id, else its text), each once; and that each
    shows a visible focus outline when reached."""
    reached: list[str] = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        found = page.evaluate(
            """() => { const e = document.activeElement; const s = getComputedStyle(e);
            return {name: e.id || e.textContent.trim(), outline: s.outlineStyle,
                    width: parseFloat(s.outlineWidth),
                    picker: ['date', 'time'].includes(e.type) && !e.matches(':focus')}; }"""
        )
        # (A date or time field's own calendar or clock button takes the focus last, inside the
        # field, with the browser's own focus ring: the field is then not :focus itself.)
        if not found["picker"]:
            assert found["outline"] != "none" and found["width"] >= 3, found
        if not reached or reached[-1] != found["name"]:
            reached.append(found["name"])
    return reached


def type_appointment(page: Any, day: dt.date, time: str) -> None:
    """Type the day and time as a keyboard user does in Chromium's own date and time fields."""
    page.focus("#day")
    page.keyboard.type(f"{day.month:02d}{day.day:02d}{day.year}")
    page.focus("#time")
    page.keyboard.type(time)


def test_the_front_desk_by_keyboard(page: Any) -> None:
    page.goto("/")
    no_violations(page)
    for label in (
        "Location",
        "Language",
        "Large print",
        "Print on both sides of the paper",
        "Patient's name",
        "Appointment day",
        "Time",
    ):
        assert page.get_by_label(re.compile("^" + re.escape(label))).count() == 1, label
    assert focus_order(page, 21) == [
        "Skip to the main content",
        "Pre-visit packet",
        "A day's schedule",
        "Editors' preview",
        "location",
        "lang",
        "large_print",
        "two_sided",
        "name",
        "day",
        "time",
        "Preview",
        "Print",
        "Blank packet",
        "Clear for the next patient",
    ]
    page.focus("#name")
    page.keyboard.type(PATIENTS[0])
    type_appointment(page, SOON, "0930A")
    page.focus("button[value=preview]")
    with page.expect_response(lambda r: r.url.endswith("/packet")) as answer:
        page.keyboard.press("Enter")
    response = answer.value
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["cache-control"] == "no-store"
    first = pdf_texts(shown_pdf(page))[0]
    assert PATIENTS[0] in first and f"{SOON:%B} {SOON.day}, {SOON.year}" in first
    assert "9:30 AM" in first
    page.wait_for_function("() => document.getElementById('pdf-frame').src.startsWith('blob:')")
    assert page.text_content("#status").startswith("Ready (5 pages)")
    page.wait_for_timeout(1500)  # the PDF viewer draws the first page
    screenshot(page, "serve-desk-preview")
    no_violations(page)


def test_errors_show_beside_their_fields(page: Any) -> None:
    page.goto("/")
    screenshot(page, "serve-desk")
    page.fill("#name", PATIENTS[1])
    type_appointment(page, SOON, "0230A")
    page.click("button[value=print]")
    page.wait_for_selector("#error-summary")
    assert page.evaluate("document.activeElement.id") == "error-summary"
    error = page.locator("#time-error")
    assert "that time is at night" in error.text_content()
    assert page.get_attribute("#time", "aria-invalid") == "true"
    assert "time-error" in page.get_attribute("#time", "aria-describedby")
    # What was typed stays, to be corrected.
    assert page.input_value("#name") == PATIENTS[1]
    screenshot(page, "serve-desk-error")
    no_violations(page)


def test_print_two_sided_where_the_printer_does(page: Any) -> None:
    # Headless Chromium's print() on a PDF frame has no window to open and can crash the tab
    # under load: the frame's print() is recorded instead (the dialog is the browser's own).
    page.add_init_script(PRINT_RECORDER)
    page.goto("/")
    assert not page.is_checked("#two_sided")  # downtown's printer prints one side
    page.select_option("#location", "north-shore")
    assert page.is_checked("#two_sided")  # north-shore's prints both
    page.fill("#name", PATIENTS[2])
    type_appointment(page, SOON, "0200P")
    page.click("button[value=print]")
    page.wait_for_selector("#pdf-frame[data-intent=print]")
    data = shown_pdf(page)
    with pikepdf.open(io.BytesIO(data)) as pdf:
        assert pdf.Root.ViewerPreferences.Duplex == pikepdf.Name.DuplexFlipLongEdge
        assert len(pdf.pages) % 2 == 0
    assert PATIENTS[2] in pdf_texts(data)[0] and "2:00 PM" in pdf_texts(data)[0]
    # The print window was asked for, once, on the frame holding the PDF.
    page.wait_for_selector("#pdf-frame[data-intent=print][data-printed=yes]")
    assert page.evaluate("() => window.printed") == ["blob:"]


def test_a_blank_packet_in_one_click(page: Any, clinic_build: BuildResult) -> None:
    page.goto("/")
    page.select_option("#location", "north-shore")
    page.click("button[value=blank]")
    page.wait_for_selector("#pdf-frame[data-intent=blank]")
    built = {pdf.path.relative_to(pdf.path.parents[1]).as_posix(): pdf for pdf in clinic_build.pdfs}
    expected = built["north-shore/first-visit-packet-duplex.pdf"].path.read_bytes()
    assert shown_pdf(page) == expected  # the build's own blank packet, byte for byte


def test_a_days_schedule_in_appointment_order(page: Any, tmp_path: Path) -> None:
    day = f"{SOON.month}/{SOON.day}/{SOON.year}"
    schedule = tmp_path / "day.csv"
    schedule.write_text(
        "Patient Name,Appointment Date,Appointment Time,Location,Date of Birth\n"
        f"{PATIENTS[0]},{day},2:30 PM,North Shore,1/1/1950\n"
        f"{PATIENTS[1]},{day},9:00 AM,,2/2/1960\n"
        f"{PATIENTS[3]},{day},3:00,,3/3/1970\n"
        f"{PATIENTS[2]},{SOON.isoformat()},10:15,downtown,4/4/1980\n",
        encoding="utf-8",
    )
    page.goto("/schedule")
    no_violations(page)
    page.set_input_files("#file", str(schedule))
    page.click("#schedule-form button[type=submit]")
    page.wait_for_selector("table.schedule")
    rows = page.locator("table.schedule tbody th").all_text_contents()
    assert rows == [PATIENTS[1], PATIENTS[2], PATIENTS[0]]
    assert page.locator(".set-aside tbody tr").all_text_contents() == [
        "4Time: that time is at night; for the afternoon use PM (2:30 PM, or 14:30)"
    ]
    screenshot(page, "serve-schedule-check")
    no_violations(page)
    page.click("button[value=preview]")
    texts = pdf_texts(shown_pdf(page))
    covers = [t for t in texts if "Your appointment" in t]
    assert [next(p for p in PATIENTS if p in t) for t in covers] == [
        PATIENTS[1],
        PATIENTS[2],
        PATIENTS[0],
    ]
    assert PATIENTS[3] not in "".join(texts)
    page.wait_for_timeout(1500)
    screenshot(page, "serve-schedule-packets")


def preview_settled(page: Any, after: str | None = None) -> str:
    """Wait for the preview to be up to date (it reloads itself when it is), and a version of
    the project other than ``after``; that version."""
    page.wait_for_function(
        """after => { const s = document.getElementById('preview-status');
        return s && s.dataset.finished === 'yes' && s.dataset.version !== after; }""",
        arg=after,
        timeout=TIMEOUT,
    )
    return str(page.get_attribute("#preview-status", "data-version"))


def test_the_editors_preview_follows_edits_and_shows_a_broken_one(
    page: Any, server: Server, clinic_build: BuildResult
) -> None:
    every = len(clinic_build.pdfs)  # the preview shows what a build makes
    # As after a `handouts build`: the build cache holds every PDF (the session's build's), so
    # the preview renders only what the edits below touch.
    assert clinic_build.manifest is not None
    root = {CACHE_ENV: str(server.home / ".cache" / "handouts")}
    shutil.copytree(
        clinic_build.manifest.parent.parent / "cache",
        project_cache_folder(ProjectPaths(server.project), root),
        dirs_exist_ok=True,
    )
    page.goto("/preview")
    version = preview_settled(page)
    documents = page.locator("section.document")
    assert documents.count() == every
    # The fixture's warnings (drafts, placeholders) folded away, the pages in sight.
    assert page.locator(".check-report details.warnings:not([open])").count() == 1
    assert not page.locator(".check-report details.warnings li").first.is_visible()
    page.click(".check-report details.warnings summary")  # opened, it stays open on reload
    page.reload()
    preview_settled(page)
    assert page.locator(".check-report details.warnings li").first.is_visible()
    assert page.locator("section.document img").count() > 40
    first = page.locator("section.document img").first
    first.scroll_into_view_if_needed()
    page.wait_for_function("() => document.querySelector('section.document img').naturalWidth > 0")
    no_violations(page)
    screenshot(page, "serve-preview")
    # An edit: the sections that print it are rendered again, the others come from the cache.
    section = server.project / "content/sections/en/after-care.md"  # in aftercare and packets
    original = section.read_text(encoding="utf-8")
    section.write_text(original.rstrip("\n") + "\n\nCall us with any question.\n", "utf-8")
    version = preview_settled(page, after=version)
    cached = page.get_by_text("from the build cache").count()
    assert 1 <= cached < documents.count()
    # A broken edit: its error, linked to the file and line, and no stale page.
    location = server.project / "content/locations/downtown.yaml"
    kept = location.read_text(encoding="utf-8")
    location.write_text(kept.replace("phone: (555) 010-0112", "phone: 555-01"), "utf-8")
    version = preview_settled(page, after=version)
    assert page.locator(".check-report .notice").count() == 1
    assert page.locator("section.document").count() == 0
    assert "not a phone number" in page.text_content(".check-report")
    error = page.locator(".check-report > ul.findings li.error")  # errors never folded
    assert error.count() == 1 and error.is_visible()
    screenshot(page, "serve-preview-error")
    no_violations(page)
    page.click("a[href^='/source/content/locations/downtown.yaml#L']")
    marked = page.locator("li.marked")
    assert "phone: 555-01" in marked.text_content()
    no_violations(page)
    screenshot(page, "serve-source")
    location.write_text(kept, "utf-8")
    section.write_text(original, "utf-8")
    page.goto("/preview")
    preview_settled(page, after=version)
    assert page.locator("section.document").count() == every
    assert page.locator("section.document img").count() > 40


def test_nothing_of_the_patients_is_logged_or_written(server: Server) -> None:
    log = server.stop()
    assert "GET / 200" in log and "POST /packet 200" in log and "POST /schedule 200" in log
    names = [*PATIENTS, "Siobh", "Wójcik", "Diaz", "1/1/1950", "2/2/1960", "3/3/1970"]
    assert not [name for name in names if name in log]
    assert not re.search(r"(GET|POST) \S*\?", log), log  # no query string, ever
    found = []
    for path in server.written():
        data = path.read_bytes()
        text = data.decode("utf-8", "replace") + data.decode("utf-16-le", "replace")
        if data.startswith(b"%PDF"):
            text += "".join(pdf_texts(data))
        found += [f"{path}: {name}" for name in names if name in text]
    assert found == []
