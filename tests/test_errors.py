"""Bad input: one line naming the file, line and field; non-zero exit; no PDF left behind."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from handouts.cli import main


def run(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args, "--project", str(project)])
    return result.exit_code, result.output


def pdfs_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.pdf")) + sorted(folder.rglob("*.tmp")) if folder.exists() else []


def test_broken_front_matter_names_file_and_line(project_copy: Path, tmp_path: Path) -> None:
    section = project_copy / "content/sections/en/rare-side-effects.md"
    text = section.read_text().replace("title: Rare side effects", "title: [Rare side effects", 1)
    section.write_text(text)
    code, output = run(project_copy, "build", "--output", str(tmp_path / "out"))
    assert code == 1
    assert (
        "Error: content/sections/en/rare-side-effects.md:3: error: front matter: invalid YAML"
        in output
    )
    assert pdfs_in(tmp_path / "out") == []


def test_missing_front_matter_field(project_copy: Path, tmp_path: Path) -> None:
    section = project_copy / "content/sections/en/rare-side-effects.md"
    section.write_text(section.read_text().replace("reviewed: 2026-11-20\n", "", 1))
    code, output = run(project_copy, "build", "--output", str(tmp_path / "out"))
    assert code == 1
    assert (
        "content/sections/en/rare-side-effects.md:1: error: reviewed: missing "
        "(this field is required)"
    ) in output


def test_handout_naming_a_missing_section(project_copy: Path, tmp_path: Path) -> None:
    handout = project_copy / "content/handouts/side-effects.yaml"
    handout.write_text(handout.read_text().replace("  - rare-side-effects\n", "  - rare-effects\n"))
    code, output = run(project_copy, "build", "--output", str(tmp_path / "out"))
    assert code == 1
    assert (
        "content/handouts/side-effects.yaml:12: error: sections: 'rare-effects' has no file "
        "content/sections/en/rare-effects.md"
    ) in output
    assert pdfs_in(tmp_path / "out") == []


def test_unknown_location_option(project_copy: Path, tmp_path: Path) -> None:
    code, output = run(
        project_copy, "build", "--location", "brooklyn", "--output", str(tmp_path / "o")
    )
    assert code == 1
    assert output.strip() == (
        "Error: unknown location 'brooklyn' (expected one of: long-island, queens, "
        "e.g. --location long-island)"
    )
    assert pdfs_in(tmp_path / "o") == []


def test_location_option_forgives_case_and_suggests(project_copy: Path, tmp_path: Path) -> None:
    code, output = run(
        project_copy,
        "build",
        "--location",
        "Long Island",
        "--handout",
        "side-effects",
        "--output",
        str(tmp_path / "o"),
    )
    assert code == 0, output
    assert (tmp_path / "o/long-island/side-effects.pdf").is_file()
    code, output = run(
        project_copy, "build", "--location", "queen", "--output", str(tmp_path / "p")
    )
    assert code == 1
    assert output.strip().endswith("did you mean --location queens?)")


def test_unknown_key_in_location_is_an_error(project_copy: Path, tmp_path: Path) -> None:
    loc = project_copy / "content/locations/queens.yaml"
    loc.write_text(loc.read_text().replace("phone:", "phnoe:", 1))
    code, output = run(project_copy, "build", "--output", str(tmp_path / "o"))
    assert code == 1
    # One line for the misspelt key, with the key it meant; not a second "phone: missing".
    assert output.strip() == (
        "Error: content/locations/queens.yaml:8: error: phnoe: unknown key (did you mean 'phone'?)"
    )


def test_bad_phone_number_names_the_expected_form(project_copy: Path, tmp_path: Path) -> None:
    loc = project_copy / "content/locations/queens.yaml"
    loc.write_text(loc.read_text().replace("(555) 010-0101", "555-01", 1))
    code, output = run(project_copy, "build", "--output", str(tmp_path / "o"))
    assert code == 1
    assert (
        "content/locations/queens.yaml:8: error: phone: '555-01' is not a phone number "
        "(expected e.g. (555) 010-0123)"
    ) in output


def test_a_failed_render_leaves_no_partial_pdf(project_copy: Path, tmp_path: Path) -> None:
    template = project_copy / "templates/partials/disclaimer.html"
    template.write_text("{{ no_such_value }}")
    code, output = run(project_copy, "build", "--output", str(tmp_path / "o"))
    assert code == 1
    # The check before the build names the template and line where the value is used.
    assert "templates/partials/disclaimer.html:1: error: 'no_such_value' is undefined" in output
    assert pdfs_in(tmp_path / "o") == []


def test_a_file_that_is_not_utf8_names_its_line(project_copy: Path, tmp_path: Path) -> None:
    loc = project_copy / "content/locations/queens.yaml"
    loc.write_bytes(loc.read_bytes() + b"# caf\xe9\n")
    code, output = run(project_copy, "build", "--output", str(tmp_path / "o"))
    assert code == 1
    line = loc.read_bytes().count(b"\n")
    assert (
        f"content/locations/queens.yaml:{line}: error: the file is not UTF-8 text "
        "(save it as UTF-8 in your editor)"
    ) in output


def test_an_impossible_date_is_reported_at_its_line(project_copy: Path, tmp_path: Path) -> None:
    section = project_copy / "content/sections/en/rare-side-effects.md"
    section.write_text(section.read_text().replace("reviewed: 2026-11-20", "reviewed: 2025-13-45"))
    code, output = run(project_copy, "build", "--output", str(tmp_path / "o"))
    assert code == 1
    assert "content/sections/en/rare-side-effects.md:4: error: reviewed:" in output
    assert "2025-13-45" in output


def test_a_tab_in_yaml_says_to_indent_with_spaces(project_copy: Path, tmp_path: Path) -> None:
    (project_copy / "content/settings.yaml").write_text("languages:\n\t- en\n")
    code, output = run(project_copy, "build", "--output", str(tmp_path / "o"))
    assert code == 1
    assert "content/settings.yaml:2: error: invalid YAML:" in output
    assert "(indent with spaces, not tabs)" in output


def test_a_template_that_is_not_utf8_is_named(project_copy: Path, tmp_path: Path) -> None:
    template = project_copy / "templates/partials/disclaimer.html"
    template.write_bytes(template.read_bytes() + b"caf\xe9\n")
    code, output = run(project_copy, "check")
    assert code == 1
    assert "templates/partials/disclaimer.html: error: the file is not UTF-8 text" in output
    code, output = run(project_copy, "build", "--output", str(tmp_path / "o"))
    assert code == 1
    assert (
        "templates/handout.html: error: the file is not UTF-8 text (save it as UTF-8 in your editor) (or one it includes)"
        in output
    )


def test_an_unwritable_output_folder_is_one_line(project_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    code, output = run(project_copy, "build", "--output", str(blocker / "sub"))
    assert code == 1
    assert output.strip() == (
        f"Error: {blocker / 'sub'}: cannot write there (Not a directory); choose another --output"
    )


def test_a_document_that_fails_leaves_earlier_pdfs_unwritten(
    project_copy: Path, tmp_path: Path
) -> None:
    # The packet templates fill after the handouts: a broken one must not leave the handouts
    # of this run beside an old manifest.
    (project_copy / "templates/partials/appointment.html").write_text("{{ no_such_value }}\n")
    out = tmp_path / "o"
    code, output = run(project_copy, "build", "--output", str(out))
    assert code == 1
    assert "templates/partials/appointment.html:1: error: 'no_such_value' is undefined" in output
    assert pdfs_in(out) == []
