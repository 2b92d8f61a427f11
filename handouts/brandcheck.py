"""Brand rules marketing can break: colour contrast (WCAG 2.x) and a readable logo inside content/.

Every rule reports one line in the project's form, e.g.
``content/brand.yaml:9: error: colors.text #9aa0a6 on colors.background #ffffff has contrast
2.6:1, needs 4.5:1``, so a bad choice stops the build instead of reaching patients.
"""

from __future__ import annotations

import warnings
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from handouts.contrast import contrast_ratio, format_ratio
from handouts.errors import Problem, error, warning
from handouts.model import Colors
from handouts.project import ProjectPaths
from handouts.yamlio import Key, LocatedData, YamlSyntaxError, load_yaml

if TYPE_CHECKING:
    from handouts.loader import Project

SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
LOGO_TYPES = (".svg", ".png")
# A PNG logo is drawn up to about 1 inch wide (brand sheet); at 256 pixels it stays sharp in print.
MIN_PNG_PIXELS = 256
LARGE_TEXT = 3.0
BODY_TEXT = 4.5


@dataclass(frozen=True)
class ContrastRule:
    """A colour pair the templates draw, and the WCAG 2.x minimum it needs."""

    foreground: str
    background: str
    minimum: float
    use: str


# What the templates actually draw. A colour used for normal-size text (under 18 pt, or under 14 pt
# bold) needs 4.5:1; large text and graphics (rules, chart marks) need 3:1. When a template starts
# drawing a new pair, add it here: the build, the brand sheet and the README table follow.
RULES: tuple[ContrastRule, ...] = (
    ContrastRule("text", "background", BODY_TEXT, "body text"),
    ContrastRule("text", "surface", BODY_TEXT, "text in call-out boxes and the contact card"),
    ContrastRule("muted", "background", BODY_TEXT, "footer, captions and small notes"),
    ContrastRule("primary", "background", BODY_TEXT, "headings, header, sub-headings and links"),
    ContrastRule("primary", "surface", BODY_TEXT, "contact card title and links"),
    ContrastRule("accent", "background", LARGE_TEXT, "tagline (14 pt bold) and rules"),
)
CHART_USE = "chart marks"


@dataclass(frozen=True)
class ContrastCheck:
    """One colour pair of a brand with its measured contrast."""

    key: Key
    foreground: str
    background_key: Key
    background: str
    minimum: float
    use: str

    @property
    def ratio(self) -> float:
        """WCAG contrast ratio of the pair."""
        return contrast_ratio(self.foreground, self.background)

    @property
    def passes(self) -> bool:
        """Whether the pair meets its minimum (WCAG does not round: 4.49 fails 4.5)."""
        return self.ratio >= self.minimum

    @property
    def label(self) -> str:
        """The key as marketing reads it, e.g. colors.text or colors.chart #3."""
        return key_label(self.key)

    @property
    def message(self) -> str:
        """The one-line finding when the pair fails."""
        return (
            f"{self.label} {self.foreground} on {key_label(self.background_key)} "
            f"{self.background} has contrast {format_ratio(self.ratio)}, "
            f"needs {format_ratio(self.minimum)}"
        )


def key_label(key: Key) -> str:
    """('colors', 'chart', 2) -> 'colors.chart #3' (list items counted from 1, as people do)."""
    text = ""
    for part in key:
        text += f" #{part + 1}" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def contrast_checks(colors: Colors) -> list[ContrastCheck]:
    """Every colour pair the templates and the chart draw, measured."""
    checks = [
        ContrastCheck(
            ("colors", rule.foreground),
            getattr(colors, rule.foreground),
            ("colors", rule.background),
            getattr(colors, rule.background),
            rule.minimum,
            rule.use,
        )
        for rule in RULES
    ]
    checks += [
        ContrastCheck(
            ("colors", "chart", index),
            color,
            ("colors", "background"),
            colors.background,
            LARGE_TEXT,
            CHART_USE,
        )
        for index, color in enumerate(colors.chart)
    ]
    return checks


def accent_check(accent: str, colors: Colors) -> ContrastCheck:
    """A location's own accent colour against the brand background."""
    rule = next(r for r in RULES if r.foreground == "accent")
    return ContrastCheck(
        ("brand", "accent"),
        accent,
        ("colors", "background"),
        colors.background,
        rule.minimum,
        rule.use,
    )


def located(path: Path) -> LocatedData:
    """A YAML file's key lines (empty when it cannot be read: loading reports that)."""
    try:
        return load_yaml(path)
    except (OSError, YamlSyntaxError, UnicodeDecodeError):
        return LocatedData(None)


def _logo_path_message(logo: str) -> str | None:
    if "://" in logo or logo.startswith("data:"):
        return (
            f"logo: '{logo}' is a web address; save the logo file in content/brand/ "
            "and write its name here, e.g. brand/logo.svg"
        )
    if PurePosixPath(logo).is_absolute() or PureWindowsPath(logo).anchor:
        return (
            f"logo: '{logo}' is a full path on this computer; save the logo in content/brand/ "
            "and write its name here, e.g. brand/logo.svg"
        )
    if ".." in PurePosixPath(logo.replace("\\", "/")).parts:
        return (
            f"logo: '{logo}' points outside content/; save the logo in content/brand/ "
            "and write its name here, e.g. brand/logo.svg"
        )
    suffix = PurePosixPath(logo).suffix.lower()
    if suffix not in LOGO_TYPES:
        kind = f"a {suffix} file" if suffix else "a file without .svg or .png at the end"
        return f"logo: '{logo}' is {kind}; use an SVG (preferred) or a PNG image"
    return None


def _svg_message(path: Path, logo: str) -> str | None:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        return f"logo: '{logo}' is not a readable SVG image ({exc}); export it again as SVG"
    except OSError as exc:
        return f"logo: '{logo}' cannot be read ({exc.strerror})"
    if root.tag == SVG_ROOT:
        return None
    if root.tag == "svg":
        return (
            f"logo: '{logo}' is not a usable SVG image (its <svg> element lacks "
            'xmlns="http://www.w3.org/2000/svg"); export it again as SVG'
        )
    name = root.tag.rpartition("}")[2]
    return f"logo: '{logo}' is not an SVG image (it holds <{name}>, expected <svg>)"


def _png_findings(path: Path, logo: str) -> list[Problem]:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # A huge image is refused below as an error, not printed as a Pillow warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, size = image.format, image.size
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return [
            error("", f"logo: '{logo}' is far too large an image; save it at most 2000 pixels wide")
        ]
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return [error("", f"logo: '{logo}' is not a readable PNG image ({exc})")]
    if kind != "PNG":
        return [error("", f"logo: '{logo}' is a {kind} image, not a PNG; save it as PNG or SVG")]
    if max(size) < MIN_PNG_PIXELS:
        return [
            warning(
                "",
                f"logo: '{logo}' is only {size[0]}x{size[1]} pixels and will look blurry in "
                f"print (use an SVG, or a PNG at least {MIN_PNG_PIXELS} pixels wide)",
            )
        ]
    return []


def logo_problems(paths: ProjectPaths, logo: str, shown: str, line: int | None) -> list[Problem]:
    """The logo must be an SVG or PNG file inside content/ that opens as one."""
    message = _logo_path_message(logo)
    if message is not None:
        return [error(shown, message, line)]
    content = paths.content.resolve()
    path = (paths.content / logo).resolve()
    if not path.is_relative_to(content):
        return [error(shown, f"logo: '{logo}' points outside content/ (through a link)", line)]
    if not path.is_file():
        return [
            error(
                shown,
                f"logo: '{logo}' not found in content/ (expected a file such as brand/logo.svg)",
                line,
            )
        ]
    if path.suffix.lower() == ".svg":
        svg = _svg_message(path, logo)
        return [error(shown, svg, line)] if svg else []
    return [
        Problem(shown, line, finding.severity, finding.message)
        for finding in _png_findings(path, logo)
    ]


def brand_problems(project: Project) -> list[Problem]:
    """Contrast of every colour pair (brand and location accents) and the logo, with lines."""
    paths = project.paths
    shown = paths.relative(paths.brand)
    lines = located(paths.brand)
    colors = project.brand.colors
    problems = [
        error(shown, check.message, lines.line_of(check.key))
        for check in contrast_checks(colors)
        if not check.passes
    ]
    for location in project.locations.values():
        if location.brand.accent is None:
            continue
        check = accent_check(location.brand.accent, colors)
        if not check.passes:
            path = paths.locations / f"{location.id}.yaml"
            problems.append(
                error(paths.relative(path), check.message, located(path).line_of(check.key))
            )
    problems += logo_problems(paths, project.brand.logo, shown, lines.line_of(("logo",)))
    return problems
