"""What a document is made from: the inputs its cache key names.

A PDF is a pure function of (1) what the document is (kind, ids, location, language, variant,
template), (2) the source date it carries, (3) the code and libraries that make it, and (4) the
project files it reads. The first three are known before rendering: they make the document's
*static key*. The fourth is recorded while it renders, as a build system records a compiler's
included headers: every project record it looks up, every template Jinja loads, every file
WeasyPrint fetches, and the font folder fontconfig reads. Those *reads* are stored with the PDF
in the cache, and a later build reuses the PDF when every one of them still holds the same bytes.

This is sound because rendering is deterministic: a document that reads the same inputs reads
the same inputs again, so if none of the files it read has changed, neither have its bytes; an
edit that makes it read something new (a section that now includes another block) changes a
file it read before. It is generic: a new kind of document or a new variant is covered by the
same recording, with no list of what each kind uses.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Any

import jinja2

import handouts
from handouts.documents import Document
from handouts.load.snapshot import MISSING, Snapshot
from handouts.model import Project, Visit

KEY_FORMAT = 1
"""Bumped whenever what a key covers changes: every older entry is then a miss."""
FONTS_FOLDER = "templates/fonts"
# The project's mappings are recorded key by key as a document looks records up. Its other
# fields every document reads (the brand stylesheet names the brand, logo and fonts; the output
# path depends on the settings' languages): they are inputs of every document (always_read).
RECORDED_MAPPINGS = (
    "locations",
    "handouts",
    "packets",
    "sections",
    "strings",
    "charts",
    "references",
)
ALWAYS_READ = (
    "settings",
    "brand",
    "logo",
    "font_faces",
    "text_metrics",
    "characters",
    "policy",
    "fallback_fonts",
)
NOT_READ = ("paths",)
"""Where the files are, not what they hold."""
# System libraries that lay out and write the PDF (names as WeasyPrint loads them) and the
# function each reports its version with: a new Pango or HarfBuzz may move a line or a glyph.
ENGINE_LIBRARIES = {
    "pango": (
        ("libpango-1.0.so.0", "libpango-1.0-0", "libpango-1.0.dylib"),
        "pango_version_string",
    ),
    "harfbuzz": (("libharfbuzz.so.0", "libharfbuzz-0", "libharfbuzz.0.dylib"), "hb_version_string"),
    "fontconfig": (
        ("libfontconfig.so.1", "libfontconfig-1", "libfontconfig.1.dylib"),
        "FcGetVersion",
    ),
}


@dataclass
class Reads:
    """What one document read while it was filled and rendered (see the module's docstring)."""

    records: set[tuple[str, ...]] = field(default_factory=set)
    """Paths into the project: ('locations', 'queens'), ('sections', 'en', 'welcome'); a path
    to a mapping stands for its list of keys (the document listed or counted them)."""
    templates: set[str] = field(default_factory=set)
    """Jinja template names, as loaded (includes, extends and generated stylesheets too)."""
    files: set[Path] = field(default_factory=set)
    """Files WeasyPrint fetched: stylesheets, fonts, images."""


class RecordingMapping(Mapping[str, Any]):
    """A read-only view of one of the project's mappings that notes each key looked up, and
    the mapping itself when it is listed or counted (a nested mapping is recorded the same way)."""

    def __init__(self, inner: Mapping[str, Any], path: tuple[str, ...], reads: Reads) -> None:
        self._inner = inner
        self._path = path
        self._reads = reads

    def __getitem__(self, key: str) -> Any:
        path = (*self._path, key)
        try:
            value = self._inner[key]
        except KeyError:
            self._reads.records.add(path)  # its absence is an input too
            raise
        if isinstance(value, Mapping):
            # A nested mapping (a language's sections) is recorded by what is looked up in it.
            return RecordingMapping(value, path, self._reads)
        self._reads.records.add(path)
        return value

    def __iter__(self) -> Iterator[str]:
        self._reads.records.add(self._path)
        return iter(self._inner)

    def __len__(self) -> int:
        self._reads.records.add(self._path)
        return len(self._inner)


def recording_view(project: Project, reads: Reads) -> Project:
    """The project as a document sees it, noting in ``reads`` every record it looks up."""
    wrapped: dict[str, Any] = {
        name: RecordingMapping(getattr(project, name), (name,), reads) for name in RECORDED_MAPPINGS
    }
    return replace(project, **wrapped)


class RecordingLoader(jinja2.FileSystemLoader):
    """Jinja's file loader that notes, in ``reads``, every template a render asks for, the
    ones it has compiled before included (Jinja checks those are up to date on each use)."""

    def __init__(self, searchpath: Path) -> None:
        super().__init__(searchpath)
        self.reads: Reads | None = None

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        """The template's source, noting that it was read."""
        source, filename, uptodate = super().get_source(environment, template)
        self._note(template)

        def noted_uptodate() -> bool:
            self._note(template)
            return uptodate()

        return source, filename, noted_uptodate

    def _note(self, template: str) -> None:
        if self.reads is not None:
            self.reads.templates.add(template)


def recording_environment(env: jinja2.Environment, templates: Path) -> RecordingLoader:
    """Give ``env`` a recording loader for ``templates``; return it (its ``reads`` says where
    to note the next render's templates)."""
    loader = RecordingLoader(templates)
    env.loader = loader
    return loader


def cacheable(document: Document) -> bool:
    """Whether what is made of a document may be kept between runs: never for one that holds
    a patient's details (a Visit in any of its fields, as a personalised packet does): they are
    health information."""
    values: list[object] = (
        [getattr(document, f.name) for f in fields(document)] if is_dataclass(document) else []
    )
    return not any(isinstance(value, Visit) for value in values)


def document_identity(document: Document) -> str:
    """What the document is, every field of it: its class and its dataclass repr."""
    kind = type(document)
    return f"{kind.__module__}.{kind.__qualname__}:{document!r}"


def _code_digest() -> str:
    """sha256 of the handouts package's own source: an edited module is a new renderer."""
    digest = hashlib.sha256()
    package = Path(handouts.__file__).parent
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _installed_packages() -> list[str]:
    """The name and version of every package installed for this Python (the names of its
    *.dist-info folders): WeasyPrint, pydyf, fontTools... and anything they use."""
    found: set[str] = set()
    for entry in sys.path:
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found.update(name for name in names if name.endswith(".dist-info"))
    return sorted(found)


def _library_version(names: tuple[str, ...], function: str) -> str:
    import ctypes

    for name in names:
        try:
            library = ctypes.CDLL(name)
        except OSError:
            continue
        report = getattr(library, function)
        if function == "FcGetVersion":
            report.restype = ctypes.c_int
            return str(report())
        report.restype = ctypes.c_char_p
        return str(report().decode())
    return "unknown"


def software_digest() -> str:
    """One digest of this package's code, Python and the installed packages: what computes
    the checks' remembered results."""
    payload = {
        "handouts": handouts.__version__,
        "code": _code_digest(),
        "python": sys.version,
        "packages": _installed_packages(),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def engine_fingerprint() -> dict[str, Any]:
    """Everything about the machine's software that can change a PDF's bytes: this package's
    code, Python and zlib (PDF streams are compressed), the installed Python packages, and the
    system libraries that lay out and subset text."""
    return {
        "handouts": handouts.__version__,
        "code": _code_digest(),
        "python": sys.version,
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
        "packages": _installed_packages(),
        "libraries": {
            name: _library_version(names, function)
            for name, (names, function) in ENGINE_LIBRARIES.items()
        },
    }


def static_key(
    document: Document,
    project: Project,
    source_date: str | None,
    engine: Mapping[str, Any],
) -> str:
    """The part of a document's cache key known before it renders: what it is, the date it
    carries, its PDF identifier and the software that makes it."""
    identifier = document.identifier(project)
    payload = {
        "format": KEY_FORMAT,
        "document": document_identity(document),
        "date": source_date if document.dated() else None,
        "identifier": identifier.decode() if identifier is not None else None,
        "engine": engine,
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=True)
    return hashlib.sha256(text.encode()).hexdigest()


def _record_file(value: Any) -> str | None:
    """The project file a record was read from (as shown in messages: relative to the root)."""
    source = getattr(value, "source", None)
    path = getattr(source, "path", None)
    return path if isinstance(path, str) and path else None


def _lookup(project: Project, path: tuple[str, ...]) -> Any:
    value: Any = getattr(project, path[0])
    for key in path[1:]:
        if not isinstance(value, Mapping) or key not in value:
            return None
        value = value[key]
    return value


def record_input(project: Project, path: tuple[str, ...]) -> tuple[str, str]:
    """One recorded record as an input: ('file:<path>', '') for a record read from a file
    (its bytes are the snapshot's), else ('keys:<path>' or 'record:<path>', its value here)."""
    value = _lookup(project, path)
    shown = json.dumps(list(path))
    if isinstance(value, Mapping):
        keys = hashlib.sha256(json.dumps(sorted(value)).encode()).hexdigest()
        return f"keys:{shown}", keys
    if value is None:
        return f"record:{shown}", MISSING
    where = _record_file(value)
    if where is None:  # no file to name: the record's own contents
        return f"record:{shown}", hashlib.sha256(repr(value).encode()).hexdigest()
    return f"file:{where}", ""


def always_read(project: Project) -> list[str]:
    """Inputs every document reads: the brand, settings and clinic policy files, the logo, the
    fonts."""
    paths = project.paths
    names = [f"file:{paths.relative(paths.brand)}", f"file:{paths.relative(paths.settings)}"]
    if project.policy is not None and project.policy.source.path:
        names.append(f"file:{project.policy.source.path}")
    if project.logo is not None and project.logo.shown:
        names.append(f"file:{project.logo.shown}")
    names.append(f"folder:{FONTS_FOLDER}")
    return names


def read_inputs(project: Project, reads: Reads) -> list[str]:
    """A document's reads as input names: 'file:', 'folder:', 'keys:' and 'record:' entries,
    evaluated by ``input_value``."""
    paths = project.paths
    root = paths.root.resolve()
    names = set(always_read(project))
    names.update(f"file:templates/{name}" for name in reads.templates)
    for path in reads.files:
        resolved = path.resolve()
        if resolved.is_relative_to(root):
            names.add(f"file:{resolved.relative_to(root).as_posix()}")
    for record in reads.records:
        names.add(record_input(project, record)[0])
    return sorted(names)


def input_value(name: str, project: Project, snapshot: Snapshot) -> str:
    """What an input holds now: a file's or folder's digest, a mapping's keys, a record."""
    kind, _, rest = name.partition(":")
    if kind == "file":
        return snapshot.file(rest)
    if kind == "folder":
        return snapshot.folder(rest)
    if kind in ("keys", "record"):
        path = tuple(json.loads(rest))
        if not path or path[0] not in RECORDED_MAPPINGS:
            return MISSING
        entry, value = record_input(project, path)
        # A record that was missing and now has a file (or the reverse) is a change.
        return value if entry == name else f"now {entry}"
    return MISSING


def unclassified_fields() -> list[str]:
    """Fields of the project that are neither recorded, always read, nor known to hold no
    data: a new field must be classified here, or documents could read it unrecorded."""
    known = (*RECORDED_MAPPINGS, *ALWAYS_READ, *NOT_READ)
    return [f.name for f in fields(Project) if f.name not in known]
