"""Read the sources the clinic relies on (content/sources/): each a description, <id>.yaml,
naming the text file beside it that holds the source's words. Read once per run; the checks
compare every quote against these words."""

from __future__ import annotations

from pathlib import PurePosixPath

from handouts.errors import Problem, error
from handouts.load.records import load_folder
from handouts.model import Reference, ReferenceMeta
from handouts.paths import ProjectPaths

MAX_SOURCE_BYTES = 1024 * 1024
"""A source is an article or a leaflet, not a book: larger text is refused before it is read."""


def _text_problem(name: str) -> str | None:
    path = PurePosixPath(name)
    if len(path.parts) != 1 or name in (".", "..") or path.suffix != ".txt":
        return (
            f"'{name}' is not a text file beside the description (expected a file name ending "
            "in .txt in content/sources/, e.g. article.txt)"
        )
    return None


def load_references(paths: ProjectPaths) -> tuple[dict[str, Reference], list[Problem]]:
    """Every source in content/sources/ (the folder is optional), keyed by id, with its words."""
    metas, problems = load_folder(paths.sources, ReferenceMeta, paths, required=False)
    references: dict[str, Reference] = {}
    for source_id, meta in metas.items():
        shown, line = meta.source.path, meta.source.line_of(("text",))
        wrong = _text_problem(meta.text)
        if wrong is not None:
            problems.append(error(shown, wrong, line, "text"))
            continue
        path = paths.sources / meta.text
        text_shown = paths.relative(path)
        try:
            if path.is_symlink() or not path.is_file():
                problems.append(
                    error(shown, f"'{meta.text}' not found in content/sources/", line, "text")
                )
                continue
            if path.stat().st_size > MAX_SOURCE_BYTES:
                problems.append(
                    error(text_shown, f"the source is larger than {MAX_SOURCE_BYTES // 1024} KiB")
                )
                continue
            words = path.read_bytes().decode("utf-8").removeprefix("\ufeff")
        except UnicodeDecodeError:
            problems.append(error(text_shown, "the file is not UTF-8 text (save it as UTF-8)"))
            continue
        except OSError as exc:
            problems.append(error(text_shown, f"cannot read the file ({exc.strerror or exc})"))
            continue
        references[source_id] = Reference(meta, words, text_shown)
    return references, problems
