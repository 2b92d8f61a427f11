"""Templates: every one compiles, every document's HTML fills without a missing value, and every
resource a filled document would load passes the same gate the build uses.

A document kind is covered as soon as ``documents.plan`` plans it (packets are also filled for a
sample patient, as the front desk will fill them); the brand sheet is filled too.
"""

from __future__ import annotations

import html as htmllib
import re
from html.parser import HTMLParser
from pathlib import Path

import jinja2

from handouts.checks.memo import CLEAN, COMPILED, FILLED, Memo, key_of, note_files
from handouts.documents import BrandSheetDocument, ChartSheetDocument, Document, plan
from handouts.errors import Problem, error
from handouts.model import Project
from handouts.render.document import Filled, fill
from handouts.render.fetch import (
    RefusedResource,
    allowed_path,
    find_sites,
    named_file,
    resolve_reference,
)
from handouts.render.html import TemplateFailed, compile_template, make_environment
from handouts.render.inputs import (
    Reads,
    cacheable,
    document_identity,
    recording_environment,
    recording_view,
)

TEMPLATE_SUFFIXES = (".html", ".jinja", ".svg", ".xml")
# check fills templates only; a fixed date stands in for the build's source date.
CHECK_SOURCE_DATE = "1970-01-01T00:00:00Z"
CSS_REFERENCE = re.compile(
    r"""url\(\s*(?:"(?P<u1>[^"]*)"|'(?P<u2>[^']*)'|(?P<u3>[^)\s'"]*))\s*\)"""
    r"""|@import\s+(?:"(?P<i1>[^"]*)"|'(?P<i2>[^']*)')""",
    re.IGNORECASE,
)
# What WeasyPrint fetches from HTML: (tag, attribute). Hyperlinks (<a href>) are not fetched.
FETCHED = {
    ("img", "src"),
    ("object", "data"),
    ("embed", "src"),
    ("image", "href"),
    ("image", "xlink:href"),
    ("feimage", "href"),
    ("feimage", "xlink:href"),
}


def template_files(templates: Path) -> list[str]:
    """Every Jinja template under templates/, as loader names."""
    return sorted(
        p.relative_to(templates).as_posix()
        for p in templates.rglob("*")
        if p.is_file() and p.suffix in TEMPLATE_SUFFIXES
    )


def compile_problems(
    project: Project, env: jinja2.Environment, memo: Memo | None = None
) -> list[Problem]:
    """Templates that do not compile, at their line (one remembered by its source compiles)."""
    problems = []
    for name in template_files(project.paths.templates):
        key = None
        if memo is not None:
            try:
                source = (project.paths.templates / name).read_bytes()
            except OSError:
                source = b""
            key = key_of(memo.software(), COMPILED, name, source)
            if memo.recall(COMPILED, key, project) == CLEAN:
                continue
        problem = compile_template(env, name)
        if problem is not None:
            problems.append(problem)
        elif memo is not None and key is not None:
            memo.remember(COMPILED, key, project, None, CLEAN)
    return problems


def documents_to_fill(project: Project) -> list[tuple[Document, Project]]:
    """Every document the project can make, with the project as it is filled: what a build
    makes, the ways the front desk fills them (a packet for a sample patient), the brand sheet
    and each chart alone."""
    documents: list[Document] = plan(project)
    documents.append(BrandSheetDocument(project.default_language))
    if project.locations:
        first = next(iter(project.locations))
        documents += [
            ChartSheetDocument(chart, first, project.default_language) for chart in project.charts
        ]
    filled: list[tuple[Document, Project]] = []
    for document in documents:
        filled.append((document, project))
        filled += document.samples(project)
    return filled


def memorable(entries: list[tuple[Document, Project]]) -> dict[Document, str]:
    """The documents whose clean fill may be remembered, each with what identifies it: any
    that may be kept (never a patient's packet), and the samples those are filled as (a packet
    for the sample patient: synthetic, the same every run, named after the document)."""
    known: dict[Document, str] = {}
    for document, view in entries:
        if not cacheable(document):
            continue
        identity = document_identity(document)
        known[document] = identity
        for index, (sample, _) in enumerate(document.samples(view)):
            known.setdefault(sample, f"sample {index} of {identity}")
    return known


def fill_problems(
    project: Project,
    env: jinja2.Environment,
    documents: list[tuple[Document, Project]] | None = None,
    memo: Memo | None = None,
) -> list[Problem]:
    """Documents filled (every one the project can make, by default); each template error once,
    at its template and line. A document whose fill read nothing that changed since it last
    filled cleanly is not filled again."""
    problems: list[Problem] = []
    entries = documents if documents is not None else documents_to_fill(project)
    loader = recording_environment(env, project.paths.templates) if memo is not None else None
    known = memorable(entries) if memo is not None else {}
    for document, view in entries:
        reads = None
        identity = known.get(document)
        if memo is not None and loader is not None and identity is not None:
            key = key_of(memo.software(), FILLED, identity, CHECK_SOURCE_DATE)
            if memo.recall(FILLED, key, view) == CLEAN:
                continue
            reads = Reads()
            loader.reads = reads
            view = recording_view(view, reads)
        try:
            filled = fill(env, view, document, CHECK_SOURCE_DATE)
        except TemplateFailed as exc:
            problems.append(exc.problem)
            continue
        except KeyError as exc:  # the visit's wording, read in Python (documents.visit)
            strings = project.strings[document.lang].source
            problems.append(
                error(strings.path, "missing (packets need it)", None, str(exc.args[0]))
            )
            continue
        except ValueError as exc:
            strings = project.strings[document.lang].source
            problems.append(error(strings.path, str(exc), None, "date_format or time_format"))
            continue
        finally:
            if loader is not None:
                loader.reads = None
        found = resource_problems(project, document, filled, reads)
        problems += found
        if memo is not None and reads is not None and not found:
            memo.remember(FILLED, key, view, reads, CLEAN)
    return list(dict.fromkeys(problems))


# The start tags that can make WeasyPrint fetch something, and style given anywhere: the page is
# searched for these instead of parsed whole (each tag found is parsed on its own).
CANDIDATE_TAG = re.compile(r"<(?:img|object|embed|image|feimage|link|a)\b[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"""\sstyle\s*=\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.IGNORECASE | re.DOTALL)


class _Tag(HTMLParser):
    """One start tag's name and attributes, as an HTML parser reads them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tag = ""
        self.attrs: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tag, self.attrs = tag, {name: value or "" for name, value in attrs}

    handle_startendtag = handle_starttag


def fetched_urls(html: str) -> list[str]:
    """The addresses an HTML page makes WeasyPrint fetch: images, objects, stylesheets and
    attachments, and url() in style attributes and <style> elements."""
    urls: list[str] = []
    for match in CANDIDATE_TAG.finditer(html):
        parsed = _Tag()
        parsed.feed(match.group(0))
        parsed.close()
        tag, values = parsed.tag, parsed.attrs
        urls += [value for name, value in values.items() if (tag, name) in FETCHED]
        rel = values.get("rel", "").lower().split()
        if (tag == "link" and "stylesheet" in rel) or (tag == "a" and "attachment" in rel):
            urls.append(values.get("href", ""))
    for match in STYLE_ATTRIBUTE.finditer(html):
        urls += css_references(htmllib.unescape(match.group(1) or match.group(2) or ""))
    for match in STYLE_ELEMENT.finditer(html):
        urls += css_references(match.group(1))
    return urls


def css_references(css: str) -> list[str]:
    """Every url() and @import of a stylesheet."""
    return [
        next(v for v in m.groupdict().values() if v is not None).strip()
        for m in CSS_REFERENCE.finditer(css)
    ]


def resource_problems(
    project: Project, document: Document, filled: Filled, reads: Reads | None = None
) -> list[Problem]:
    """Resources the filled document would load that the build's gate refuses, located at the
    project file that names them (the first of each); each file looked at is noted in
    ``reads``."""
    paths = project.paths
    roots = (paths.templates, paths.content)
    base = paths.templates.resolve().as_uri() + "/"
    pending = [(resolve_reference(base, url), "html") for url in fetched_urls(filled.html) if url]
    pending += [(resolve_reference(base, url), "css") for url in css_references(filled.css) if url]
    seen: set[str] = set()
    while pending:
        url, _ = pending.pop(0)
        if url in seen or url[:5].lower() == "data:" or url.startswith("#"):
            continue
        seen.add(url)
        try:
            path = allowed_path(url, roots)
        except RefusedResource as exc:
            sites = find_sites(exc.url, roots, paths.templates, filled.html + filled.css)
            where = (sites[0].path, sites[0].line) if sites else (document.name, None)
            return [error(where[0], str(exc), where[1])]
        note_files(reads, [path, *named_file(url)])
        if path.suffix.lower() == ".css":
            # A stylesheet loads what it names, relative to itself.
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            pending += [
                (resolve_reference(path.as_uri(), u), "css") for u in css_references(text) if u
            ]
    return []


def template_problems(
    project: Project,
    documents: list[tuple[Document, Project]] | None,
    fill_documents: bool,
    memo: Memo | None = None,
) -> list[Problem]:
    """Compile every template; when the project is otherwise sound, fill the documents too
    (all of them unless ``documents`` names some; filling a project with errors only echoes
    them)."""
    env = make_environment(project.paths.templates)
    problems = compile_problems(project, env, memo)
    if fill_documents and not problems:
        problems += fill_problems(project, env, documents, memo)
    return problems
