"""output/manifest.json: what a build wrote, with sizes, page counts, hashes and the source.

Deterministic like the PDFs: sorted keys and entries, paths relative to the output folder, and
no timestamp but the source date. A run lists the PDFs it built (all of them, or those its
--location/--handout/--lang/--shard options chose); a sharded run writes
manifest-shard-I-of-N.json, so the shards of one CI matrix can share a folder.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts import __version__
from handouts.documents import Document
from handouts.documents.approval import approval_state
from handouts.documents.availability import translation_state
from handouts.model import Project
from handouts.write.files import write_atomic
from handouts.write.provenance import SourceDate
from handouts.write.shard import Shard

MANIFEST_FORMAT = 1


def manifest_name(shard: Shard | None = None) -> str:
    """manifest.json, or manifest-shard-I-of-N.json for one shard of a split build."""
    return (
        "manifest.json" if shard is None else f"manifest-shard-{shard.index}-of-{shard.count}.json"
    )


@dataclass(frozen=True)
class BuiltPdf:
    """One PDF a build wrote."""

    document: Document
    path: Path
    pages: int
    size: int
    sha256: str = ""
    cached: bool = False
    """Taken from the build cache rather than rendered (the manifest does not say: the bytes
    are the same)."""


def manifest_entry(pdf: BuiltPdf, out_dir: Path, project: Project | None = None) -> dict[str, Any]:
    """One PDF as the manifest lists it (with its clinical sign-off when ``project`` is given)."""
    document = pdf.document
    approval = (
        approval_state(project, document.lang, document.section_ids(project))
        if project is not None
        else None
    )
    translation = (
        translation_state(project, document.lang, document.section_ids(project))
        if project is not None
        else None
    )
    return {
        "approval": approval,
        "translation": translation,
        "path": pdf.path.relative_to(out_dir).as_posix(),
        "location": document.location,
        "kind": document.kind,
        "document": document.id,
        "lang": document.lang,
        "variant": document.variant,
        "pages": pdf.pages,
        "bytes": pdf.size,
        "sha256": pdf.sha256,
    }


def make_manifest(
    pdfs: Iterable[BuiltPdf],
    out_dir: Path,
    date: SourceDate,
    revision: str,
    shard: Shard | None = None,
    project: Project | None = None,
) -> dict[str, Any]:
    """The manifest of one build run; with ``project``, each PDF's clinical sign-off."""
    entries = sorted((manifest_entry(p, out_dir, project) for p in pdfs), key=lambda e: e["path"])
    return {
        "format": MANIFEST_FORMAT,
        "generator": f"handouts {__version__}",
        "source": {"revision": revision, "date": date.w3c(), "date_from": date.origin},
        "shard": None if shard is None else str(shard),
        "pdfs": entries,
    }


def dump_manifest(manifest: dict[str, Any]) -> bytes:
    """The manifest as stable JSON text."""
    return (json.dumps(manifest, indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode()


def write_manifest(out_dir: Path, manifest: dict[str, Any], shard: Shard | None = None) -> Path:
    """Write the manifest atomically into the output folder; return its path."""
    path = out_dir / manifest_name(shard)
    write_atomic(path, dump_manifest(manifest))
    return path


def merge_manifests(manifests: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """One manifest from the shards of a split build (they must share one source)."""
    manifests = list(manifests)
    if not manifests:
        raise ValueError("no manifests to merge")
    sources = {json.dumps(m["source"], sort_keys=True) for m in manifests}
    if len(sources) != 1:
        raise ValueError("the manifests come from different sources")
    entries = sorted((e for m in manifests for e in m["pdfs"]), key=lambda e: e["path"])
    paths = [e["path"] for e in entries]
    if len(paths) != len(set(paths)):
        raise ValueError("the manifests list the same PDF more than once")
    return {**manifests[0], "shard": None, "pdfs": entries}
