"""The font families shipped in templates/fonts/, and the @font-face rules that load them.

A brand may only name a family listed in templates/fonts/fonts.yaml, and every file listed there
must exist and be a font: WeasyPrint would otherwise fall back to whatever the machine has, and the
handouts would look different on every computer.
"""

from __future__ import annotations

from pathlib import Path

from handouts.errors import Problem, error
from handouts.load.records import read_yaml
from handouts.load.yaml import LocatedData
from handouts.model import FontFace, Fonts, Source
from handouts.paths import ProjectPaths, is_file

FACES = {
    "regular": ("normal", "normal"),
    "bold": ("bold", "normal"),
    "italic": ("normal", "italic"),
    "bold-italic": ("bold", "italic"),
}
# Headings and <strong> are bold: without a bold file the browser would fake one by smearing.
REQUIRED_FACES = ("regular", "bold")
# The first bytes of TrueType, OpenType (CFF), WOFF and WOFF2 files.
FONT_SIGNATURES = (b"\x00\x01\x00\x00", b"true", b"OTTO", b"wOFF", b"wOF2")
ENTRY_KEYS = ("licence", "files")


def registry_path(paths: ProjectPaths) -> Path:
    """The font list."""
    return paths.fonts / "fonts.yaml"


def _is_font(path: Path) -> bool:
    with path.open("rb") as handle:
        return handle.read(4) in FONT_SIGNATURES


def _family_problems(
    folder: Path, family: str, entry: object, shown: str, lines: LocatedData
) -> tuple[list[FontFace], list[Problem]]:
    """Faces of one registry entry, or why it cannot be used."""
    here = lines.line_of((family,))
    if not isinstance(entry, dict) or not isinstance(entry.get("files"), dict):
        return [], [
            error(
                shown, f"{family}: expected 'licence' and 'files' (see the top of the file)", here
            )
        ]
    problems = [
        error(
            shown,
            f"{family}: unknown key '{key}' (expected one of: {', '.join(ENTRY_KEYS)})",
            lines.line_of((family, str(key))),
        )
        for key in entry
        if key not in ENTRY_KEYS
    ]
    licence = entry.get("licence")
    if not isinstance(licence, str) or not is_file(_inside(folder, licence)):
        problems.append(
            error(
                shown,
                f"{family}: licence file '{licence}' is missing (every shipped font needs its licence)",
                lines.line_of((family, "licence")),
            )
        )
    files: dict[object, object] = entry["files"]
    for required in REQUIRED_FACES:
        if required not in files:
            problems.append(
                error(
                    shown,
                    f"{family}: no '{required}' file (a family needs at least: {', '.join(REQUIRED_FACES)})",
                    lines.line_of((family, "files")),
                )
            )
    faces = []
    for face, filename in files.items():
        line = lines.line_of((family, "files", str(face)))
        if face not in FACES:
            problems.append(
                error(
                    shown,
                    f"{family}: unknown face '{face}' (expected one of: {', '.join(FACES)})",
                    line,
                )
            )
            continue
        path = _inside(folder, str(filename))
        if not path.is_relative_to(folder.resolve()):
            problems.append(
                error(shown, f"{family}: font file '{filename}' is outside templates/fonts/", line)
            )
        elif not is_file(path):
            problems.append(error(shown, f"{family}: font file '{filename}' is missing", line))
        elif not _is_font(path):
            problems.append(
                error(
                    shown,
                    f"{family}: '{filename}' is not a font file (expected TrueType, OpenType, WOFF or WOFF2)",
                    line,
                )
            )
        else:
            weight, style = FACES[str(face)]
            relative = path.relative_to(folder.resolve().parent).as_posix()
            faces.append(FontFace(family, weight, style, relative))
    return faces, problems


def _inside(folder: Path, name: str) -> Path:
    return (folder / name).resolve()


def load_font_faces(
    paths: ProjectPaths, fonts: Fonts, brand: Source
) -> tuple[list[FontFace], list[Problem]]:
    """Faces for the brand's families; an unknown family or a missing or broken file is an error."""
    reg_path = registry_path(paths)
    shown = paths.relative(reg_path)
    lines, problems = read_yaml(reg_path, shown)
    if lines is None:
        return [], [
            Problem(p.path, p.line, p.severity, f"cannot read the font list ({p.message})")
            for p in problems
        ]
    registry = lines.data or {}
    if not isinstance(registry, dict):
        return [], [error(shown, "expected one entry per font family", 1)]
    faces: list[FontFace] = []
    families: dict[tuple[str | int, ...], str] = {
        ("body",): fonts.body,
        ("headings",): fonts.headings,
    }
    families.update({("fallback", i): name for i, name in enumerate(fonts.fallback)})
    for lang, names in fonts.languages.items():
        families.update({("languages", lang, i): name for i, name in enumerate(names)})
    for role, family in families.items():
        if family not in registry:
            known = ", ".join(sorted(registry)) or "none"
            problems.append(
                error(
                    brand.path,
                    f"unknown font '{family}' (expected one of: {known}; "
                    "a new font needs its files and an entry in templates/fonts/fonts.yaml)",
                    brand.line_of(("fonts", *role)),
                    field=".".join(str(part) for part in ("fonts", *role)),
                )
            )
    for family in dict.fromkeys(families.values()):
        if family in registry:
            found, found_problems = _family_problems(
                reg_path.parent, family, registry[family], shown, lines
            )
            faces += found
            problems += found_problems
    return faces, problems
