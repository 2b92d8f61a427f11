"""Bad input: one line naming the file, line and field, never a traceback; a non-zero exit; no
PDF left behind. Includes what the hardened YAML loader says about duplicate keys, control
characters and tags it cannot read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import handouts.render.pool
from handouts.cli import main
from handouts.commands.build import build as run_build
from handouts.commands.build import requested
from handouts.commands.check import check_project
from handouts.errors import HandoutsError, error
from handouts.paths import ProjectPaths
from handouts.render.pdf import RenderedPdf
from tests.brandutil import line_of
from tests.clinic import SOURCE_DATE_EPOCH, TODAY

NORTH = "content/locations/north-shore.yaml"
HELLO = "content/sections/en/hello.md"


def run(project: Path, *args: str) -> tuple[int, str, str]:
    """Exit code, standard output and standard error of one command."""
    result = CliRunner().invoke(main, [*args, "--project", str(project)])
    return result.exit_code, result.stdout, result.stderr


def build(project: Path, out: Path, *args: str) -> tuple[int, str, str]:
    return run(project, "build", "--output", str(out), *args)


def written(folder: Path) -> list[Path]:
    """Every file a run left in ``folder``."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def errors(project: Path) -> list[str]:
    """The error lines `handouts check` prints for the project."""
    return [str(p) for p in check_project(ProjectPaths(project), TODAY).errors]


def test_broken_front_matter_names_file_and_line(clinic_copy: Path, tmp_path: Path) -> None:
    section = clinic_copy / HELLO
    edit(section, "title: Welcome", "title: [Welcome")
    code, out, err = build(clinic_copy, tmp_path / "out")
    assert (code, out) == (1, "")
    assert err == (
        f"{HELLO}:{line_of(section, 'title:')}: error: front matter: invalid YAML: expected ',' "
        "or ']', but got ':'\n"
    )
    assert written(tmp_path / "out") == []


def test_missing_front_matter_field(clinic_copy: Path, tmp_path: Path) -> None:
    edit(clinic_copy / HELLO, "reviewed: 2026-10-01\n", "")
    code, _, err = build(clinic_copy, tmp_path / "out")
    assert code == 1
    assert err == f"{HELLO}:1: error: reviewed: missing (this field is required)\n"


def test_handout_naming_a_missing_section(clinic_copy: Path, tmp_path: Path) -> None:
    handout = clinic_copy / "content/handouts/visit-guide.yaml"
    edit(handout, "  - visit-day\n", "  - visit-days\n")
    code, _, err = build(clinic_copy, tmp_path / "out")
    assert code == 1
    assert err == (
        f"content/handouts/visit-guide.yaml:{line_of(handout, 'visit-days')}: error: sections: "
        "'visit-days' has no file content/sections/en/visit-days.md\n"
    )
    assert written(tmp_path / "out") == []


def test_large_print_without_the_edition_is_a_usage_error(
    clinic_copy: Path, tmp_path: Path
) -> None:
    settings = clinic_copy / "content/settings.yaml"
    text = settings.read_text()
    settings.write_text(text[: text.index("variants:")])
    expected = (
        "error: --large-print: this project has no large-print edition (expected "
        "'variants: {large-print: {body_size: 18}}' in content/settings.yaml)\n"
    )
    code, out, err = build(clinic_copy, tmp_path / "o", "--large-print")
    assert (code, out, err) == (2, "", expected)
    code, out, err = run(clinic_copy, "packet", "-l", "downtown", "--large-print")
    assert (code, out, err) == (2, "", expected)
    assert written(tmp_path / "o") == [] and not (clinic_copy / "output").exists()


def test_unknown_location_option_is_a_usage_error(clinic: Path, tmp_path: Path) -> None:
    code, out, err = build(clinic, tmp_path / "o", "--location", "brooklyn")
    assert (code, out) == (2, "")
    assert err == (
        "error: --location: unknown location 'brooklyn' (expected one of: downtown, "
        "north-shore, e.g. --location downtown)\n"
    )
    code, _, err = build(clinic, tmp_path / "o", "--location", "north")
    assert code == 2
    assert err.rstrip().endswith("did you mean --location north-shore?)")
    assert written(tmp_path / "o") == []


def test_location_option_forgives_case_and_spaces(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What is chosen and where it goes, not how it looks: the session build renders for real.
    rendered: list[str] = []

    def render(*args: Any) -> RenderedPdf:
        rendered.append(args[3].output_path(args[2]).as_posix())
        return RenderedPdf(b"%PDF-1.7\n", 1)

    monkeypatch.setattr(handouts.render.pool, "render_document", render)
    out = tmp_path / "o"
    code, stdout, err = build(clinic, out, "--location", "North Shore", "--handout", "Visit_Guide")
    assert code == 0, err
    # Both editions of the chosen handout: the standard one and the large-print one.
    editions = ["north-shore/visit-guide.pdf", "north-shore/visit-guide.large-print.pdf"]
    assert rendered == editions
    assert written(out) == sorted([out / "manifest.json", *(out / e for e in editions)])
    assert stdout.splitlines()[-1].startswith("built 2 PDFs, 2 pages, in ")


def test_unknown_key_in_location_is_one_line(clinic_copy: Path, tmp_path: Path) -> None:
    location = clinic_copy / NORTH
    edit(location, "phone:", "phnoe:")
    code, out, err = build(clinic_copy, tmp_path / "o")
    assert (code, out) == (1, "")
    # One line for the misspelt key, with the key it meant; not a second "phone: missing".
    assert err == (
        f"{NORTH}:{line_of(location, 'phnoe:')}: error: phnoe: unknown key (did you mean "
        "'phone'?)\n"
    )


def test_bad_phone_number_names_the_expected_form(clinic_copy: Path, tmp_path: Path) -> None:
    location = clinic_copy / NORTH
    edit(location, "(555) 010-0111", "555-01")
    code, _, err = build(clinic_copy, tmp_path / "o")
    assert code == 1
    assert err == (
        f"{NORTH}:{line_of(location, 'phone:')}: error: phone: '555-01' is not a phone number "
        "(expected e.g. (555) 010-0123)\n"
    )


def test_a_template_error_stops_the_build_before_any_pdf(clinic_copy: Path, tmp_path: Path) -> None:
    (clinic_copy / "templates/partials/disclaimer.html").write_text("{{ no_such_value }}")
    code, _, err = build(clinic_copy, tmp_path / "o")
    assert code == 1
    # The gate before the build names the template and line where the value is used.
    assert err == "templates/partials/disclaimer.html:1: error: 'no_such_value' is undefined\n"
    assert written(tmp_path / "o") == []


def test_a_packet_template_error_leaves_the_handouts_unwritten(
    clinic_copy: Path, tmp_path: Path
) -> None:
    # The packet's template is filled for a sample patient by the gate, before any handout is
    # rendered: a broken one must not leave this run's handouts beside an old manifest.
    (clinic_copy / "templates/partials/appointment.html").write_text("{{ no_such_value }}\n")
    out = tmp_path / "o"
    code, _, err = build(clinic_copy, out)
    assert code == 1
    assert err == "templates/partials/appointment.html:1: error: 'no_such_value' is undefined\n"
    assert written(out) == []


def test_a_document_that_fails_to_render_leaves_the_output_as_it_was(
    clinic: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Every document is rendered before any is written: the second one failing (WeasyPrint
    # refusing something the gate let through) must not leave the first beside an old manifest.
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.json").write_text("an earlier run's manifest\n")
    rendered: list[str] = []

    def render(*args: Any) -> RenderedPdf:
        document = args[3]
        rendered.append(document.name)
        if len(rendered) == 2:
            raise HandoutsError(error(document.name, "WeasyPrint: stopped"))
        return RenderedPdf(b"%PDF-1.7\n", 1)

    monkeypatch.setattr(handouts.render.pool, "render_document", render)
    request = requested(
        locations=["north-shore"], handouts=["aftercare", "visit-guide"], editions=[""]
    )
    with pytest.raises(HandoutsError) as caught:
        run_build(
            ProjectPaths(clinic),
            out,
            request,
            today=TODAY,
            environ={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
        )
    assert len(rendered) == 2
    assert caught.value.format_message() == f"{rendered[1]}: error: WeasyPrint: stopped"
    assert written(out) == [out / "manifest.json"]
    assert (out / "manifest.json").read_text() == "an earlier run's manifest\n"


def test_a_file_that_is_not_utf8_names_its_line(clinic_copy: Path, tmp_path: Path) -> None:
    location = clinic_copy / NORTH
    location.write_bytes(location.read_bytes() + b"# caf\xe9\n")
    code, _, err = build(clinic_copy, tmp_path / "o")
    assert code == 1
    line = location.read_bytes().count(b"\n")
    assert err == (
        f"{NORTH}:{line}: error: the file is not UTF-8 text (save it as UTF-8 in your editor)\n"
    )


def test_an_impossible_date_is_reported_at_its_line(clinic_copy: Path) -> None:
    section = clinic_copy / HELLO
    edit(section, "reviewed: 2026-10-01", "reviewed: 2025-13-45")
    assert errors(clinic_copy) == [
        f"{HELLO}:{line_of(section, 'reviewed:')}: error: reviewed: expected a date written "
        "YYYY-MM-DD, e.g. 2026-11-20, got '2025-13-45'"
    ]


def test_a_tab_in_yaml_says_to_indent_with_spaces(clinic_copy: Path, tmp_path: Path) -> None:
    (clinic_copy / "content/settings.yaml").write_text("languages:\n\t- en\n")
    code, _, err = build(clinic_copy, tmp_path / "o")
    assert code == 1
    assert err == (
        "content/settings.yaml:2: error: invalid YAML: found character '\\t' that cannot start "
        "any token (indent with spaces, not tabs)\n"
    )


def test_a_template_that_is_not_utf8_gets_one_verdict(clinic_copy: Path, tmp_path: Path) -> None:
    template = clinic_copy / "templates/partials/disclaimer.html"
    template.write_bytes(template.read_bytes() + b"caf\xe9\n")
    expected = (
        "templates/partials/disclaimer.html: error: the file is not UTF-8 text (save it as "
        "UTF-8 in your editor)"
    )
    code, out, _ = run(clinic_copy, "check")
    assert code == 1
    assert expected in out.splitlines()
    code, _, err = build(clinic_copy, tmp_path / "o")
    assert code == 1
    assert err == expected + "\n"


def test_an_unwritable_output_folder_is_one_line(clinic: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, out, err = build(clinic, blocker / "sub")
    assert (code, out) == (1, "")
    assert err == (
        f"error: {blocker / 'sub'}: cannot write there (Not a directory); choose another --output\n"
    )


def test_several_errors_are_counted_and_nothing_is_written(
    clinic_copy: Path, tmp_path: Path
) -> None:
    edit(clinic_copy / HELLO, "reviewed: 2026-10-01\n", "")
    edit(clinic_copy / NORTH, "phone:", "phnoe:")
    code, _, err = build(clinic_copy, tmp_path / "o")
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 3
    assert lines[0].startswith(f"{NORTH}:")
    assert lines[1] == f"{HELLO}:1: error: reviewed: missing (this field is required)"
    assert lines[2] == "2 errors found; nothing was written"
    assert written(tmp_path / "o") == []


# --- The hardened YAML loader: one located line each, never a traceback ----------------------


def test_a_key_given_twice_in_a_data_file_names_both_lines(clinic_copy: Path) -> None:
    location = clinic_copy / NORTH
    first = line_of(location, "phone:")
    edit(location, "fasting_hours: 6\n", "fasting_hours: 6\nphone: (555) 010-0999\n")
    second = line_of(location, "phone: (555) 010-0999")
    assert errors(clinic_copy) == [
        f"{NORTH}:{second}: error: 'phone' is given twice (first at line {first}); keep one"
    ]


def test_a_key_given_twice_in_front_matter_names_both_lines(clinic_copy: Path) -> None:
    section = clinic_copy / HELLO
    first = line_of(section, "title:")
    edit(section, "reviewed: 2026-10-01\n", "reviewed: 2026-10-01\ntitle: Welcome again\n")
    second = line_of(section, "title: Welcome again")
    assert errors(clinic_copy) == [
        f"{HELLO}:{second}: error: front matter: 'title' is given twice (first at line "
        f"{first}); keep one"
    ]


@pytest.mark.parametrize(
    ("path", "old"),
    [(NORTH, "hours:\n"), ("content/settings.yaml", "languages:"), (HELLO, "title:")],
    ids=["location", "first line", "front matter"],
)
def test_a_control_character_in_yaml_is_one_located_line(
    clinic_copy: Path, path: str, old: str
) -> None:
    file = clinic_copy / path
    line = line_of(file, old.strip())
    edit(file, old, old.replace(":", ":\f", 1))
    field = "front matter: " if path.endswith(".md") else ""
    assert errors(clinic_copy) == [
        f"{path}:{line}: error: {field}invalid YAML: the file holds the control character "
        "U+000C, which YAML does not allow (an invisible character pasted in?); delete it"
    ]


@pytest.mark.parametrize(
    ("path", "old", "new", "message"),
    [
        (
            HELLO,
            "reviewed: 2026-10-01",
            "reviewed: !!timestamp 2025-13-45",
            "front matter: the value cannot be read as timestamp (month must be in 1..12)",
        ),
        (
            NORTH,
            "fasting_hours: 6",
            "fasting_hours: !!int 12x",
            "the value cannot be read as int (invalid literal for int() with base 10: '12x')",
        ),
    ],
    ids=["timestamp", "int"],
)
def test_a_tag_yaml_cannot_honour_is_one_located_line(
    clinic_copy: Path, path: str, old: str, new: str, message: str
) -> None:
    file = clinic_copy / path
    line = line_of(file, old.split(":")[0] + ":")
    edit(file, old, new)
    assert errors(clinic_copy) == [f"{path}:{line}: error: {message}"]


def test_the_build_gives_the_loader_verdict_too(clinic_copy: Path, tmp_path: Path) -> None:
    edit(clinic_copy / HELLO, "reviewed: 2026-10-01", "reviewed: !!timestamp 2025-13-45")
    code, _, err = build(clinic_copy, tmp_path / "o")
    assert code == 1
    assert err.splitlines() == errors(clinic_copy)
    assert "Traceback" not in err
    assert written(tmp_path / "o") == []
