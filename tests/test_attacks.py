"""Every attack in tests/fixtures/attacks/ and its exact refusal: file, line and message.

Sections (added to a copy of the fixture clinic) are refused by the content policy from both
`handouts check` and `handouts build`; pages and stylesheets are refused by the project fetcher
while WeasyPrint renders them, with the line of the file that named the resource; a template,
stylesheet or logo of a project naming a machine file is refused by the gate before anything is
rendered. Symbolic links are made here (not kept in git).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from handouts.cli import main
from handouts.errors import HandoutsError
from handouts.render.pdf import PdfRenderer
from tests.clinic import ROOT, make_project

ATTACKS = ROOT / "tests" / "fixtures" / "attacks"
ALLOWED = "allowed: <abbr title>, <br>, <sub>, <sup>"
OUTSIDE = "the file is outside content/ and templates/"
NETWORK = (
    "the build never uses the network (only data: URLs and files inside content/ and "
    "templates/ may be used)"
)

# Each section fixture -> the error lines `handouts check` and `handouts build` print for it.
SECTION_REFUSALS = {
    "attachment-link": [
        f"9: raw HTML <a> is not allowed in sections ({ALLOWED}; write links as [words](https://...))"
    ],
    "attachment-link-tag": [f"8: raw HTML <link> is not allowed in sections ({ALLOWED})"],
    "bare-autolink": [
        "8: link text 'https://example.org/book' is a bare address; give the link words, "
        "e.g. [example.org/book](https://example.org/book)"
    ],
    "comment-trick": [
        "8: HTML comments (<!-- -->) are not allowed in sections; put notes for editors in the "
        "front matter as # comments"
    ],
    "entity-javascript": [
        f"8: raw HTML <a> is not allowed in sections ({ALLOWED}; write links as [words](https://...))"
    ],
    "event-attribute": [
        "8: raw HTML <abbr>: attribute 'onmouseover' is not allowed (allowed: title)",
        "8: raw HTML <abbr>: attribute 'style' is not allowed (allowed: title)",
    ],
    "file-reference-link": [
        "10: link to 'file:///etc/passwd' is not allowed (links must start with https://, "
        "mailto: or tel:)"
    ],
    "form": [
        f"10: raw HTML <form> is not allowed in sections ({ALLOWED})",
        f"10: raw HTML <input> is not allowed in sections ({ALLOWED})",
    ],
    "http-link": [
        "8: link to 'http://example.org/book' is not allowed (links must start with https://, "
        "mailto: or tel:)"
    ],
    "iframe": [f"10: raw HTML <iframe> is not allowed in sections ({ALLOWED})"],
    "image-dotdot": ["10: images are not allowed in sections (found '../../../../../etc/passwd')"],
    "image-file-url": ["10: images are not allowed in sections (found 'file:///etc/passwd')"],
    "image-http": [
        "10: images are not allowed in sections "
        "(found 'http://169.254.169.254/latest/meta-data/iam/security-credentials/')"
    ],
    "javascript-link": [
        "8: link to 'javascript:alert(document.domain)' is not allowed (links must start with "
        "https://, mailto: or tel:)"
    ],
    "object-embed": [
        f"8: raw HTML <object> is not allowed in sections ({ALLOWED})",
        f"10: raw HTML <embed> is not allowed in sections ({ALLOWED})",
    ],
    "raw-img": [
        f"10: raw HTML <img> is not allowed in sections ({ALLOWED}; sections cannot show images)"
    ],
    "script": [f"10: raw HTML <script> is not allowed in sections ({ALLOWED})"],
    "style-attribute-url": [
        f"10: raw HTML <span> is not allowed in sections ({ALLOWED}; write the text without it)"
    ],
    "style-tag-url": [f"8: raw HTML <style> is not allowed in sections ({ALLOWED})"],
    "table-cell-style": [
        f"12: raw HTML <span> is not allowed in sections ({ALLOWED}; write the text without it)"
    ],
    "svg-image": [
        f"10: raw HTML <image> is not allowed in sections ({ALLOWED})",
        f"10: raw HTML <svg> is not allowed in sections ({ALLOWED}; sections cannot show images)",
    ],
}

# Each page or stylesheet fixture -> the one error line rendering it prints. {templates} is the
# project's templates/ folder as a file: URL.
RESOURCE_REFUSALS = {
    "a-attachment.html": "templates/a-attachment.html:6: error: refused attachment "
    "'../content/notes.txt': handouts never embed files in the PDF (remove rel=\"attachment\")",
    "img-dotdot.html": f"templates/img-dotdot.html:6: error: refused resource 'file:///etc/passwd': {OUTSIDE}",
    "img-file-host.html": "templates/img-file-host.html:5: error: refused resource "
    "'file://fileserver/share/secret.png': the file is on another computer (only data: URLs "
    "and files inside content/ and templates/ may be used)",
    "img-file-url.html": f"templates/img-file-url.html:6: error: refused resource 'file:///etc/passwd': {OUTSIDE}",
    "img-http.html": "templates/img-http.html:5: error: refused resource "
    f"'http://169.254.169.254/latest/meta-data/': {NETWORK}",
    "img-https.html": "templates/img-https.html:7: error: refused resource "
    f"'https://attacker.example/pixel.png': {NETWORK}",
    "img-missing.html": "templates/img-missing.html:5: error: refused resource "
    "'{templates}/images/missing.png': no such file in the project",
    "link-attachment.html": "templates/link-attachment.html:5: error: refused attachment "
    "'link-attachment.html': handouts never embed files in the PDF (remove rel=\"attachment\")",
    "svg-data-url.html": f"templates/svg-data-url.html:6: error: refused resource 'file:///etc/passwd': {OUTSIDE}",
    "svg-image.html": f"templates/svg-image.html:6: error: refused resource 'file:///etc/passwd': {OUTSIDE}",
    "css/font-face.css": f"templates/css/font-face.css:4: error: refused resource 'file:///etc/passwd': {OUTSIDE}",
    "css/import.css": f"templates/css/import.css:2: error: refused resource 'file:///etc/passwd': {OUTSIDE}",
    "css/url-dotdot.css": f"templates/css/url-dotdot.css:3: error: refused resource 'file:///etc/passwd': {OUTSIDE}",
    "css/url-http.css": "templates/css/url-http.css:2: error: refused resource "
    f"'https://attacker.example/track.png': {NETWORK}",
    "css/url-outside.css": f"templates/css/url-outside.css:3: error: refused resource 'file:///etc/passwd': {OUTSIDE}",
}


def run(project: Path, *args: str) -> tuple[int, str]:
    """Run the CLI on a project; exit code and everything printed (both streams)."""
    result = CliRunner().invoke(main, [*args, "--project", str(project)])
    return result.exit_code, result.output


def errors(output: str) -> list[str]:
    """The error lines of a run's output."""
    return [line for line in output.splitlines() if ": error: " in line]


def written(folder: Path) -> list[Path]:
    """Every file a run left in ``folder``."""
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


# --- Sections: the content policy -----------------------------------------------------------


@pytest.fixture(scope="module")
def attacked_sections(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture clinic with every section fixture added to content/sections/en/."""
    project = make_project(tmp_path_factory.mktemp("sections") / "project")
    for fixture in (ATTACKS / "sections").glob("*.md"):
        shutil.copy(fixture, project / "content/sections/en" / fixture.name)
    return project


@pytest.fixture(scope="module")
def check_output(attacked_sections: Path) -> tuple[int, str]:
    """`handouts check` on the attacked project, run once."""
    return run(attacked_sections, "check")


def test_every_section_fixture_has_an_expected_refusal() -> None:
    assert sorted(p.stem for p in (ATTACKS / "sections").glob("*.md")) == sorted(SECTION_REFUSALS)


@pytest.mark.parametrize("name", sorted(SECTION_REFUSALS))
def test_check_refuses_section_attack(check_output: tuple[int, str], name: str) -> None:
    code, output = check_output
    assert code == 1
    shown = f"content/sections/en/{name}.md:"
    lines = [line for line in output.splitlines() if line.startswith(shown)]
    assert lines == [f"{shown}{line.split(': ', 1)[0]}: error: {line.split(': ', 1)[1]}"
                     for line in SECTION_REFUSALS[name]]  # fmt: skip


def test_build_refuses_every_section_attack_and_writes_nothing(
    attacked_sections: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    code, output = run(attacked_sections, "build", "--output", str(out))
    assert code == 1
    expected = [
        f"content/sections/en/{name}.md:{line.split(': ', 1)[0]}: error: {line.split(': ', 1)[1]}"
        for name, lines in SECTION_REFUSALS.items()
        for line in lines
    ]
    # The same lines as check, each once, and nothing else; then the count.
    assert sorted(errors(output)) == sorted(expected)
    assert output.splitlines()[-1] == f"{len(expected)} errors found; nothing was written"
    assert written(out) == []


# --- Pages and stylesheets: the project fetcher ---------------------------------------------


@pytest.fixture(scope="module")
def fetch_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project holding every page and stylesheet fixture (so a refusal must name the
    right one among them) and a private file inside content/."""
    project = tmp_path_factory.mktemp("fetch") / "project"
    shutil.copytree(ATTACKS / "templates", project / "templates")
    (project / "content").mkdir()
    (project / "content/notes.txt").write_text("private notes\n")
    return project


@pytest.fixture(scope="module")
def renderer(fetch_project: Path) -> PdfRenderer:
    """One renderer for all fetcher tests (WeasyPrint's font setup is made once); it sees the
    product's fonts only."""
    return PdfRenderer(
        (fetch_project / "templates", fetch_project / "content"), ROOT / "templates" / "fonts"
    )


def page_for(fixture: str) -> str:
    """The HTML to render for a fixture: the page itself, or a page linking the stylesheet."""
    if fixture.endswith(".css"):
        return (
            '<!DOCTYPE html>\n<html lang="en"><head><title>t</title>'
            f'<link rel="stylesheet" href="{fixture}"></head><body><p>Text</p></body></html>'
        )
    return (ATTACKS / "templates" / fixture).read_text()


def refusal(renderer: PdfRenderer, project: Path, html: str) -> str:
    """The one error line rendering ``html`` stops with."""
    with pytest.raises(HandoutsError) as caught:
        renderer.render(html, project / "templates", "", "test-document")
    return caught.value.format_message()


def test_every_resource_fixture_has_an_expected_refusal() -> None:
    found = sorted(
        p.relative_to(ATTACKS / "templates").as_posix()
        for p in (ATTACKS / "templates").rglob("*")
        if p.suffix in (".html", ".css")
    )
    assert found == sorted(RESOURCE_REFUSALS)


@pytest.mark.parametrize("fixture", sorted(RESOURCE_REFUSALS))
def test_fetcher_refuses_resource_attack(
    renderer: PdfRenderer, fetch_project: Path, fixture: str, caplog: pytest.LogCaptureFixture
) -> None:
    expected = RESOURCE_REFUSALS[fixture].format(
        templates=(fetch_project / "templates").resolve().as_uri()
    )
    assert refusal(renderer, fetch_project, page_for(fixture)) == expected
    if fixture.startswith("svg-"):
        # WeasyPrint catches every error while drawing an SVG and only logs "Failed to render
        # SVG image": that it became the refusal above is the point of these two fixtures.
        caplog.clear()


def test_a_plain_page_renders(renderer: PdfRenderer, fetch_project: Path) -> None:
    html = (
        '<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><p>Hi</p></body></html>'
    )
    assert renderer.render(html, fetch_project / "templates", "", "plain").pages == 1


# --- Symbolic links -------------------------------------------------------------------------


@pytest.fixture
def secret(tmp_path: Path) -> Path:
    """A file of the build machine, outside any project."""
    path = tmp_path / "machine" / "secret.svg"
    path.parent.mkdir()
    path.write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><title>secret</title></svg>'
    )
    return path


def test_fetcher_refuses_a_symlink_inside_content_leading_outside(
    renderer: PdfRenderer, fetch_project: Path, secret: Path
) -> None:
    link = fetch_project / "content" / "logo.svg"
    link.symlink_to(secret)
    try:
        html = (
            '<!DOCTYPE html>\n<html lang="en"><head><title>t</title></head>\n'
            '<body><img src="../content/logo.svg" alt="logo"></body></html>'
        )
        (fetch_project / "templates/symlink.html").write_text(html)
        assert refusal(renderer, fetch_project, html) == (
            f"templates/symlink.html:3: error: refused resource '{link.as_uri()}': {OUTSIDE}; "
            f"it leads to {secret}"
        )
    finally:
        link.unlink()
        (fetch_project / "templates/symlink.html").unlink()


def test_fetcher_refuses_a_linked_folder_leading_outside(
    renderer: PdfRenderer, fetch_project: Path, secret: Path
) -> None:
    link = fetch_project / "templates" / "images"
    link.symlink_to(secret.parent, target_is_directory=True)
    try:
        html = '<p><img src="images/secret.svg" alt="logo"></p>'
        assert refusal(renderer, fetch_project, html) == (
            "test-document: error: refused resource "
            f"'{(link / 'secret.svg').as_uri()}': {OUTSIDE}; it leads to {secret}"
        )
    finally:
        link.unlink()


def test_check_and_build_refuse_a_symlink_in_content_before_reading_anything(
    clinic_copy: Path, tmp_path: Path, secret: Path
) -> None:
    project = clinic_copy
    (project / "content/brand/extra.svg").symlink_to(secret)
    expected = (
        f"content/brand/extra.svg: error: symbolic link to '{secret}' leads outside content/ "
        "and templates/; put the file itself in the project"
    )
    code, output = run(project, "check")
    assert code == 1
    # Nothing else is read, so there is no other finding.
    assert output.splitlines()[:-1] == [expected]
    assert output.splitlines()[-1].startswith("check: 1 error, 0 warnings (")
    code, output = run(project, "build", "--output", str(tmp_path / "out"))
    assert code == 1
    assert errors(output) == [expected]
    assert written(tmp_path / "out") == []


def test_a_template_linked_to_a_machine_file_is_refused(
    clinic_copy: Path, tmp_path: Path, secret: Path
) -> None:
    # Jinja would read the target as a template and print it into every PDF.
    project = clinic_copy
    disclaimer = project / "templates/partials/disclaimer.html"
    disclaimer.unlink()
    disclaimer.symlink_to(secret)
    code, output = run(project, "build", "--output", str(tmp_path / "out"))
    assert code == 1
    assert errors(output) == [
        f"templates/partials/disclaimer.html: error: symbolic link to '{secret}' leads outside "
        "content/ and templates/; put the file itself in the project"
    ]
    assert written(tmp_path / "out") == []


def test_a_link_inside_the_project_is_fine(clinic_copy: Path) -> None:
    (clinic_copy / "content/brand/logo-link.svg").symlink_to(clinic_copy / "content/brand/logo.svg")
    code, output = run(clinic_copy, "check")
    assert code == 0, output
    assert errors(output) == []


# --- Whole builds: a template, a stylesheet or the logo asking for a machine file -----------
# The gate fills every document and follows what it would load, so these stop before anything
# is rendered, with the same line rendering would give.


def edit(path: Path, old: str, new: str) -> int:
    """Replace ``old`` (which must be there) with ``new``; return the line where it starts."""
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))
    return text[: text.index(old)].count("\n") + 1


def test_build_names_the_stylesheet_line(clinic_copy: Path, tmp_path: Path) -> None:
    project = clinic_copy
    css = project / "templates/css/handout.css"
    line = len(css.read_text().splitlines()) + 1
    with css.open("a") as handle:
        # Enough '..' to climb out of any temporary folder, however deep, to the root.
        handle.write(f"main {{ background-image: url({'../' * 40}etc/passwd); }}\n")
    code, output = run(project, "build", "--output", str(tmp_path / "out"))
    assert code == 1
    assert errors(output) == [
        f"templates/css/handout.css:{line}: error: refused resource 'file:///etc/passwd': {OUTSIDE}"
    ]
    assert written(tmp_path / "out") == []


def test_build_names_the_template_line(clinic_copy: Path, tmp_path: Path) -> None:
    project = clinic_copy
    partial = project / "templates/partials/disclaimer.html"
    line = edit(partial, "<aside", '<img src="file:///etc/passwd" alt="">\n<aside')
    code, output = run(project, "build", "--output", str(tmp_path / "out"))
    assert code == 1
    assert errors(output) == [
        f"templates/partials/disclaimer.html:{line}: error: refused resource "
        f"'file:///etc/passwd': {OUTSIDE}"
    ]
    assert written(tmp_path / "out") == []


def test_build_names_the_logo_line_when_the_logo_svg_loads_a_machine_file(
    clinic_copy: Path, tmp_path: Path
) -> None:
    # WeasyPrint catches every error while drawing an SVG and only logs it: the gate refuses
    # what the logo names before anything is drawn, at the logo's line.
    project = clinic_copy
    logo = project / "content/brand/logo.svg"
    line = edit(logo, "</svg>", '<image href="file:///etc/passwd" width="8" height="8"/>\n</svg>')
    code, output = run(project, "build", "--output", str(tmp_path / "out"))
    assert code == 1
    assert errors(output) == [
        f"content/brand/logo.svg:{line}: error: refused resource 'file:///etc/passwd': {OUTSIDE}"
    ]
    assert written(tmp_path / "out") == []
