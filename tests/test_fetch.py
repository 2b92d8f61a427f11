"""The resource gate (handouts.render.fetch) on its own: which URLs pass, why others are refused, how
a refusal finds the file that named the URL, and links leading out of the project."""

from __future__ import annotations

from pathlib import Path

import pytest

from handouts.load.links import outside_link_problems
from handouts.paths import ProjectPaths
from handouts.render.fetch import RefusedResource, allowed_path, find_sites

INSIDE = "only data: URLs and files inside content/ and templates/ may be used"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """templates/ and content/ with one file each, and a file outside them."""
    root = tmp_path / "project"
    (root / "templates/css").mkdir(parents=True)
    (root / "content/brand").mkdir(parents=True)
    (root / "templates/css/handout.css").write_text("p { color: black; }\n")
    (root / "content/brand/logo.svg").write_text("<svg/>")
    (root / "content/100% real.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("secret")
    return root


def roots(project: Path) -> tuple[Path, ...]:
    return (project / "templates", project / "content")


def reason(url: str, project: Path) -> str:
    with pytest.raises(RefusedResource) as caught:
        allowed_path(url, roots(project))
    assert caught.value.url == url
    return caught.value.reason


def test_files_inside_the_project_pass(project: Path) -> None:
    css = project / "templates/css/handout.css"
    assert allowed_path(css.as_uri(), roots(project)) == css.resolve()
    logo = project / "content/brand/logo.svg"
    assert allowed_path(f"file://localhost{logo}", roots(project)) == logo.resolve()


def test_percent_escapes_are_decoded_once(project: Path) -> None:
    path = project / "content/100% real.svg"
    assert allowed_path(path.as_uri(), roots(project)) == path.resolve()
    assert reason(path.as_uri().replace("%25", "%2525"), project) == "no such file in the project"


@pytest.mark.parametrize(
    "url",
    [
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/logo.png",
        "HTTPS://EXAMPLE.ORG/logo.png",
        "ftp://example.org/file",
    ],
)
def test_the_network_is_refused(project: Path, url: str) -> None:
    assert reason(url, project) == f"the build never uses the network ({INSIDE})"


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("gopher://x/", "gopher"), ("javascript:alert(1)", "javascript"), ("jar:file:///x!/", "jar")],
)
def test_other_schemes_are_refused(project: Path, url: str, scheme: str) -> None:
    assert reason(url, project) == f"'{scheme}:' URLs are not fetched ({INSIDE})"


def test_a_file_on_another_computer_is_refused(project: Path) -> None:
    assert reason("file://fileserver/share/x.png", project) == (
        f"the file is on another computer ({INSIDE})"
    )


@pytest.mark.parametrize(
    "relative",
    ["../secret.txt", "templates/../../secret.txt", "content/%2e%2e/%2e%2e/secret.txt"],
)
def test_dot_dot_out_of_the_project_is_refused(project: Path, relative: str) -> None:
    url = project.as_uri() + "/" + relative
    assert reason(url, project) == "the file is outside content/ and templates/"


def test_a_file_beside_the_folders_is_refused(project: Path) -> None:
    (project / "notes.txt").write_text("x")
    url = (project / "notes.txt").as_uri()
    assert reason(url, project) == "the file is outside content/ and templates/"


def test_a_symlink_leading_outside_is_refused_and_named(project: Path, tmp_path: Path) -> None:
    link = project / "content/brand/logo-link.svg"
    link.symlink_to(tmp_path / "secret.txt")
    assert reason(link.as_uri(), project) == (
        f"the file is outside content/ and templates/; it leads to {tmp_path / 'secret.txt'}"
    )


def test_a_symlink_inside_the_project_passes(project: Path) -> None:
    link = project / "templates/logo.svg"
    link.symlink_to(project / "content/brand/logo.svg")
    assert allowed_path(link.as_uri(), roots(project)) == (project / "content/brand/logo.svg")


def test_a_missing_file_and_a_folder_are_refused(project: Path) -> None:
    assert reason((project / "templates/nothing.png").as_uri(), project) == (
        "no such file in the project"
    )
    assert reason((project / "templates/css").as_uri(), project) == "no such file in the project"


def test_a_nul_in_the_name_is_refused(project: Path) -> None:
    assert reason(project.as_uri() + "/templates/a%00b", project).startswith(
        "not a usable file name"
    )


def test_the_message_names_url_and_reason() -> None:
    assert str(RefusedResource("file:///etc/passwd", "why")) == (
        "refused resource 'file:///etc/passwd': why"
    )


# --- Finding the file that named a refused URL ----------------------------------------------


def test_sites_resolve_stylesheet_references_against_the_stylesheet(project: Path) -> None:
    css = project / "templates/css/handout.css"
    css.write_text(
        "p { color: black; }\n\np { background: url('../../../../../../../../../../../../etc/passwd'); }\n"
    )
    sites = find_sites("file:///etc/passwd", roots(project), project / "templates")
    assert [(s.path, s.line) for s in sites] == [("templates/css/handout.css", 3)]


def test_sites_resolve_template_references_against_the_document(project: Path) -> None:
    (project / "templates/page.html").write_text('<p>\n<img src="css/missing.png" alt="x">\n')
    url = (project / "templates/css/missing.png").as_uri()
    sites = find_sites(url, roots(project), project / "templates")
    assert [(s.path, s.line) for s in sites] == [("templates/page.html", 2)]


def test_sites_the_document_used_come_first(project: Path) -> None:
    (project / "templates/a.html").write_text('<img src="file:///etc/passwd" alt="a">\n')
    (project / "templates/b.html").write_text('\n<img alt="b" src="file:///etc/passwd">\n')
    document = '<main><img alt="b" src="file:///etc/passwd"></main>'
    sites = find_sites("file:///etc/passwd", roots(project), project / "templates", document)
    assert [(s.path, s.line) for s in sites] == [("templates/b.html", 2), ("templates/a.html", 1)]
    css = project / "templates/css/handout.css"
    css.write_text("p { background: url(file:///etc/passwd) }\n")
    sites = find_sites(
        "file:///etc/passwd", roots(project), project / "templates", document, fetched=[css]
    )
    assert sites[0].path == "templates/css/handout.css"


def test_a_url_hidden_in_a_data_url_is_found_by_its_text(project: Path) -> None:
    (project / "content/brand/logo.svg").write_text(
        "<svg>\n<image href=\"data:image/svg+xml,<svg><image href='file:///etc/passwd'/></svg>\"/>"
    )
    sites = find_sites("file:///etc/passwd", roots(project), project / "templates")
    assert [(s.path, s.line) for s in sites] == [("content/brand/logo.svg", 2)]


# --- Symbolic links in the project ----------------------------------------------------------


def test_links_leading_outside_are_listed(project: Path, tmp_path: Path) -> None:
    (project / "content/brand/out.svg").symlink_to(tmp_path / "secret.txt")
    (project / "templates/etc").symlink_to("/etc", target_is_directory=True)
    (project / "templates/dangling.css").symlink_to(tmp_path / "gone.css")
    (project / "content/in.svg").symlink_to(project / "content/brand/logo.svg")
    found = [str(p) for p in outside_link_problems(ProjectPaths(project))]
    assert found == [
        f"content/brand/out.svg: error: symbolic link to '{tmp_path / 'secret.txt'}' leads "
        "outside content/ and templates/; put the file itself in the project",
        f"templates/dangling.css: error: symbolic link to '{tmp_path / 'gone.css'}' leads "
        "outside content/ and templates/; put the file itself in the project",
        "templates/etc: error: symbolic link to '/etc' leads outside content/ and templates/; "
        "put the file itself in the project",
    ]
