"""The build cache: a PDF from the cache is the PDF a clean build renders, byte for byte, and
changing any one input re-renders exactly the documents that read it, no more, no fewer.

The session's clinic_build renders every document once into an empty cache (conftest.py); the
tests here start from a copy of that cache and a copy of the clinic, so they render almost
nothing: a changed input is seen by asking the build what it would take from the cache.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from handouts.commands.build import BuildResult, Request, build, cache_status
from handouts.documents import Document
from handouts.documents.packet import SAMPLE_VISIT
from handouts.load import load_project
from handouts.model import Project
from handouts.paths import ProjectPaths
from handouts.render.inputs import cacheable, unclassified_fields
from handouts.write.cache import PdfCache
from tests.clinic import SOURCE_DATE_EPOCH, TODAY, append, edit
from tests.pdfutil import page_texts

ENVIRON = {"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH}
LOCATIONS = ("north-shore", "downtown")


def tree(folder: Path) -> dict[str, bytes]:
    """Every file a reader sees under a folder (hidden files are the build's own)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def clean_output(clinic_build: BuildResult) -> Path:
    assert clinic_build.manifest is not None
    return clinic_build.manifest.parent


@pytest.fixture
def warm_cache(clinic_build: BuildResult, tmp_path: Path) -> PdfCache:
    """A copy of the cache the session's clean build filled."""
    folder = tmp_path / "cache"
    shutil.copytree(clean_output(clinic_build).parent / "cache", folder)
    return PdfCache(folder)


def loaded(root: Path) -> Project:
    project, problems = load_project(ProjectPaths(root))
    assert project is not None, problems
    return project


def stale(
    project: Path, cache: PdfCache, environ: dict[str, str] | None = None
) -> set[tuple[str, str]]:
    """(location, kind + id + edition) of every document the next build would render."""
    status = cache_status(ProjectPaths(project), cache, today=TODAY, environ=environ or ENVIRON)
    return {name(doc) for doc, cached in status if not cached}


def name(doc: Document) -> tuple[str, str]:
    """A document as these tests compare them: its location, then kind, id, language (but the
    first, English) and edition."""
    lang = "" if doc.lang == "en" else f".{doc.lang}"
    return (doc.location, f"{doc.kind}:{doc.id}{lang}{'.' + doc.variant if doc.variant else ''}")


def reading(
    project: Project, section_ids: set[str], langs: tuple[str, ...] | None = None
) -> set[tuple[str, str]]:
    """The oracle, from the model alone: the documents (in ``langs``; every language by default)
    that print any of these sections. A translation is a file of its own: an edit to an English
    section changes the English documents only (their translations go stale in check's report and
    the manifest, not on paper)."""
    documents = [doc for doc, _ in planned(project) if langs is None or doc.lang in langs]
    return {name(doc) for doc in documents if section_ids & set(doc.section_ids(project))}


def planned(project: Project) -> list[tuple[Document, Project]]:
    from handouts.documents import plan

    return [(doc, project) for doc in plan(project)]


def every(
    project: Project, kinds: tuple[str, ...] = ("handout", "packet", "packet-duplex")
) -> set[tuple[str, str]]:
    return {name(d) for d, _ in planned(project) if d.kind in kinds}


# --- the same bytes --------------------------------------------------------------------------


def test_pdfs_from_the_cache_are_a_clean_builds_bytes_and_manifest(
    clinic_build: BuildResult, clinic_copy: Path, warm_cache: PdfCache, tmp_path: Path
) -> None:
    # Another copy of the clinic in another folder: every document comes from the cache, and
    # the output (PDFs and manifest) is byte for byte what the clean build wrote.
    out = tmp_path / "out"
    result = build(ProjectPaths(clinic_copy), out, today=TODAY, environ=ENVIRON, cache=warm_cache)
    assert result.cached == len(result.pdfs) == len(clinic_build.pdfs)
    assert tree(out) == tree(clean_output(clinic_build))


def test_nothing_unchanged_is_stale(clinic_copy: Path, warm_cache: PdfCache) -> None:
    assert stale(clinic_copy, warm_cache) == set()


def test_the_session_build_rendered_everything_and_filled_the_cache(
    clinic_build: BuildResult,
) -> None:
    assert clinic_build.cached == 0
    entries = list((clean_output(clinic_build).parent / "cache" / "pdf").rglob("*.json"))
    assert len(entries) == len(clinic_build.pdfs)


# --- exactly the documents that read an input ------------------------------------------------


SECTIONS = "content/sections/en"


@pytest.mark.parametrize("section", ["after-care", "visit-day", "hello", "recovery-timeline"])
def test_a_section_edit_makes_exactly_its_documents_stale(
    clinic_copy: Path, warm_cache: PdfCache, section: str
) -> None:
    append(clinic_copy / SECTIONS / f"{section}.md", "\nOne more sentence.\n")
    expected = reading(loaded(clinic_copy), {section}, ("en",))
    assert expected and expected != every(loaded(clinic_copy))  # a real partition
    assert stale(clinic_copy, warm_cache) == expected


def test_a_location_edit_makes_exactly_its_documents_stale(
    clinic_copy: Path, warm_cache: PdfCache
) -> None:
    edit(clinic_copy / "content/locations/north-shore.yaml", "(555) 010-0111", "(555) 010-0199")
    project = loaded(clinic_copy)
    assert stale(clinic_copy, warm_cache) == {d for d in every(project) if d[0] == "north-shore"}


def test_a_brand_edit_makes_every_document_stale(clinic_copy: Path, warm_cache: PdfCache) -> None:
    append(clinic_copy / "content/brand.yaml", "# a comment changes the file\n")
    assert stale(clinic_copy, warm_cache) == every(loaded(clinic_copy))


def test_the_chart_data_makes_the_documents_that_draw_it_stale(
    clinic_copy: Path, warm_cache: PdfCache
) -> None:
    append(clinic_copy / "content/charts/recovery.yaml", "# a comment\n")
    project = loaded(clinic_copy)
    drawing = {s.id for s in project.sections["en"].values() if s.meta.chart == "recovery"}
    assert drawing == {"recovery-timeline"}
    assert stale(clinic_copy, warm_cache) == reading(project, drawing)


@pytest.mark.parametrize(
    ("template", "kinds"),
    [
        ("packet.html", ("packet", "packet-duplex")),
        ("handout.html", ("handout",)),
        ("css/page.css.jinja", ("handout", "packet", "packet-duplex")),
        ("css/packet.css", ("packet", "packet-duplex")),
        ("css/handout.css", ("handout", "packet", "packet-duplex")),
    ],
)
def test_a_template_or_stylesheet_edit_makes_exactly_its_users_stale(
    clinic_copy: Path, warm_cache: PdfCache, template: str, kinds: tuple[str, ...]
) -> None:
    comment = "\n/* edited */\n" if template.endswith(".css") else "\n{# edited #}\n"
    append(clinic_copy / "templates" / template, comment)
    assert stale(clinic_copy, warm_cache) == every(loaded(clinic_copy), kinds)


def test_a_block_template_makes_the_documents_that_include_it_stale(
    clinic_copy: Path, warm_cache: PdfCache
) -> None:
    # Blocks are included by name from a section's front matter ("blocks/" ~ block): only the
    # documents whose sections include the timeline chart read this one.
    append(clinic_copy / "templates/blocks/timeline-chart.html", "\n{# edited #}\n")
    project = loaded(clinic_copy)
    including = {
        s.id for s in project.sections["en"].values() if "timeline-chart" in s.meta.include
    }
    assert stale(clinic_copy, warm_cache) == reading(project, including)


def test_a_font_file_makes_every_document_stale(clinic_copy: Path, warm_cache: PdfCache) -> None:
    with (clinic_copy / "templates/fonts/AtkinsonHyperlegible-Italic.ttf").open("ab") as font:
        font.write(b"\0")
    assert stale(clinic_copy, warm_cache) == every(loaded(clinic_copy))


def test_the_source_date_makes_every_document_stale(
    clinic_copy: Path, warm_cache: PdfCache
) -> None:
    later = {"SOURCE_DATE_EPOCH": str(int(SOURCE_DATE_EPOCH) + 86400)}
    assert stale(clinic_copy, warm_cache, later) == every(loaded(clinic_copy))


@pytest.mark.parametrize(
    "change",
    [
        lambda root: append(root / "templates/brand-sheet.html", "\n{# edited #}\n"),
        lambda root: (root / SECTIONS / "unused.md").write_text(
            "---\nid: unused\ntitle: Unused\nreviewed: 2026-10-01\n---\n\nNot printed.\n",
            encoding="utf-8",
        ),
        lambda root: append(root / "content/sections/README.md", "\nNotes for editors.\n"),
    ],
    ids=["brand-sheet template", "a new section nothing prints", "a file no document reads"],
)
def test_an_input_no_document_reads_makes_none_stale(
    clinic_copy: Path, warm_cache: PdfCache, change: Callable[[Path], object]
) -> None:
    change(clinic_copy)
    assert stale(clinic_copy, warm_cache) == set()


def test_a_new_location_renders_only_its_own_documents(
    clinic_copy: Path, warm_cache: PdfCache
) -> None:
    shutil.copy(
        clinic_copy / "content/locations/downtown.yaml",
        clinic_copy / "content/locations/uptown.yaml",
    )
    assert {location for location, _ in stale(clinic_copy, warm_cache)} == {"uptown"}


# --- an edit, built ----------------------------------------------------------------------------


def test_an_edit_renders_only_what_reads_it_and_reuses_the_rest(
    clinic_build: BuildResult, clinic_copy: Path, warm_cache: PdfCache, tmp_path: Path
) -> None:
    handout = clinic_copy / "content/handouts/visit-guide.yaml"
    edit(handout, "en: Your visit day", "en: The day of your visit")
    out = tmp_path / "out"
    result = build(ProjectPaths(clinic_copy), out, today=TODAY, environ=ENVIRON, cache=warm_cache)
    rendered = {(p.document.location, p.document.id) for p in result.pdfs if not p.cached}
    assert rendered == {(location, "visit-guide") for location in LOCATIONS}
    # The re-rendered handout says what the edit says; every other PDF is the clean build's.
    for location in LOCATIONS:
        texts = page_texts(out / location / "visit-guide.pdf")
        assert "The day of your visit" in texts[0]
    clean, now = tree(clean_output(clinic_build)), tree(out)
    unchanged = {name for name in clean if "visit-guide" not in name and name != "manifest.json"}
    assert {name: now[name] for name in unchanged} == {name: clean[name] for name in unchanged}
    # The manifest tells the new handouts' hashes, and a second build takes them from the cache.
    manifest = json.loads(now["manifest.json"])
    for entry in manifest["pdfs"]:
        assert entry["sha256"] == hashlib.sha256(now[entry["path"]]).hexdigest()
    again = build(ProjectPaths(clinic_copy), out, today=TODAY, environ=ENVIRON, cache=warm_cache)
    assert again.cached == len(again.pdfs)
    assert tree(out) == now


def test_a_full_build_keeps_only_what_it_used(
    clinic_copy: Path, warm_cache: PdfCache, tmp_path: Path
) -> None:
    edit(clinic_copy / "content/handouts/visit-guide.yaml", "en: Your visit day", "en: Day")
    build(
        ProjectPaths(clinic_copy), tmp_path / "out", today=TODAY, environ=ENVIRON, cache=warm_cache
    )
    entries = sorted((warm_cache.folder / "pdf").rglob("*.json"))
    # Every document of both editions; the old visit guides are gone, their new ones are kept.
    assert len(entries) == len(every(loaded(clinic_copy)))
    # A partial build keeps the rest.
    request = Request(locations=("north-shore",), handouts=("aftercare",), packets=False)
    build(
        ProjectPaths(clinic_copy),
        tmp_path / "o2",
        request,
        today=TODAY,
        environ=ENVIRON,
        cache=warm_cache,
    )
    assert sorted((warm_cache.folder / "pdf").rglob("*.json")) == entries


# --- what is never used, and what cannot be trusted -------------------------------------------


def test_a_patients_packet_is_never_cacheable(clinic: Path) -> None:
    from handouts.documents.packet import packet_document

    project = loaded(clinic)
    blank = packet_document(project, "first-visit", "downtown", "en")
    personal = packet_document(project, "first-visit", "downtown", "en", visit=SAMPLE_VISIT)
    assert cacheable(blank)
    assert not cacheable(personal)


def test_a_damaged_entry_is_a_miss_not_a_wrong_pdf(clinic_copy: Path, warm_cache: PdfCache) -> None:
    pdfs = sorted(warm_cache.folder.rglob("*.pdf"))
    damaged = pdfs[0]
    damaged.write_bytes(damaged.read_bytes()[:-10] + b"0123456789")
    assert len(stale(clinic_copy, warm_cache)) == 1


def test_an_unwritable_cache_never_fails_the_build(clinic_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder would go\n", encoding="utf-8")
    cache = PdfCache(blocker / "cache")
    request = Request(
        locations=("downtown",), handouts=("visit-guide",), packets=False, editions=("",)
    )
    result = build(
        ProjectPaths(clinic_copy),
        tmp_path / "out",
        request,
        today=TODAY,
        environ=ENVIRON,
        cache=cache,
    )
    assert [p.cached for p in result.pdfs] == [False]
    assert result.cache_trouble and "not-a-folder" in result.cache_trouble[0]


def test_every_project_field_is_an_input_or_said_not_to_be() -> None:
    # A field added to the model without saying how documents read it could be read unseen.
    assert unclassified_fields() == []


def test_the_front_desks_blank_packet_comes_from_the_builds_cache(
    clinic_build: BuildResult,
    clinic_copy: Path,
    warm_cache: PdfCache,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from handouts.commands.packet import PacketRequest, make_packet
    from handouts.load.snapshot import take_snapshot
    from handouts.render.pool import Studio
    from handouts.write.cache import CheckMemo

    def no_render(*args: object) -> None:
        raise AssertionError("the packet was rendered again")

    monkeypatch.setattr(Studio, "render", no_render)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", SOURCE_DATE_EPOCH)
    memo = CheckMemo(warm_cache.folder, take_snapshot(ProjectPaths(clinic_copy)))
    request = PacketRequest("downtown", duplex=True)
    written = make_packet(ProjectPaths(clinic_copy), request, output=tmp_path / "p.pdf", memo=memo)
    built = clean_output(clinic_build) / "downtown/first-visit-packet-duplex.pdf"
    assert written.path.read_bytes() == built.read_bytes()


def test_a_build_knows_early_whether_any_file_changed_since_the_last(
    clinic_copy: Path, tmp_path: Path
) -> None:
    # What decides whether the workers start before the project is even read.
    from handouts.load.snapshot import take_snapshot

    cache = PdfCache(tmp_path / "cache")
    paths = ProjectPaths(clinic_copy)
    assert cache.sources_changed(take_snapshot(paths))  # no build yet
    cache.note_sources(take_snapshot(paths))
    assert not cache.sources_changed(take_snapshot(paths))
    append(clinic_copy / "content/sections/en/hello.md", "\nHello again.\n")
    assert cache.sources_changed(take_snapshot(paths))
