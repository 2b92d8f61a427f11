"""The font families shipped in templates/fonts/, and the @font-face rules that load them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from handouts.errors import Problem, error
from handouts.project import ProjectPaths
from handouts.yamlio import YamlSyntaxError, load_yaml

FACES = {
    "regular": ("normal", "normal"),
    "bold": ("bold", "normal"),
    "italic": ("normal", "italic"),
    "bold-italic": ("bold", "italic"),
}


@dataclass(frozen=True)
class FontFace:
    """One file of a family: weight, style and the path relative to templates/."""

    family: str
    weight: str
    style: str
    src: str


def registry_path(paths: ProjectPaths) -> Path:
    """The font list."""
    return paths.templates / "fonts" / "fonts.yaml"


def load_font_faces(
    paths: ProjectPaths, families: list[str], brand_path: str
) -> tuple[list[FontFace], list[Problem]]:
    """Faces for the brand's families; an unknown family or a missing file is an error."""
    reg_path = registry_path(paths)
    shown = paths.relative(reg_path)
    try:
        registry = load_yaml(reg_path).data or {}
    except (OSError, YamlSyntaxError) as exc:
        return [], [error(shown, f"cannot read the font list ({exc})")]
    faces: list[FontFace] = []
    problems: list[Problem] = []
    for family in dict.fromkeys(families):
        entry = registry.get(family)
        if not isinstance(entry, dict) or not isinstance(entry.get("files"), dict):
            known = ", ".join(sorted(registry)) or "none"
            problems.append(
                error(brand_path, f"fonts: unknown font '{family}' (expected one of: {known})")
            )
            continue
        for face, filename in entry["files"].items():
            if face not in FACES:
                problems.append(
                    error(
                        shown,
                        f"{family}: unknown face '{face}' (expected one of: {', '.join(FACES)})",
                    )
                )
                continue
            path = reg_path.parent / str(filename)
            if not path.is_file():
                problems.append(error(shown, f"{family}: font file '{filename}' is missing"))
                continue
            weight, style = FACES[face]
            faces.append(FontFace(family, weight, style, f"fonts/{filename}"))
    return faces, problems
