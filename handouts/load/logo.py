"""The brand's logo: read once, its proportions measured, anything unusable reported at brand.yaml.

The running header shows the logo as a CSS background (decoration, not a tagged image). A
background's size must be given, so the loader reads the logo's width-to-height ratio here (an
SVG's viewBox or size, a PNG's pixels) and the generated brand stylesheet passes the box as
custom properties (--logo-width, --logo-height, --logo-top, --logo-space).
"""

from __future__ import annotations

import re
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path, PurePosixPath, PureWindowsPath

from handouts.errors import Problem, error, warning
from handouts.model import Logo, Source
from handouts.paths import ProjectPaths, is_file

SVG_ROOT = "{http://www.w3.org/2000/svg}svg"
LOGO_TYPES = (".svg", ".png")
# A PNG logo is drawn up to about 1 inch wide (brand sheet); at 256 pixels it stays sharp in print.
MIN_PNG_PIXELS = 256
SVG_LENGTH = re.compile(r"^\s*([\d.]+)\s*(px|pt|pc|mm|cm|in)?\s*$")
# What an SVG may name that WeasyPrint would fetch: href and xlink:href values, url(...) in style.
SVG_REFERENCE = re.compile(
    r"""(?:\b(?:href|xlink:href)\s*=\s*(?:"(?P<a1>[^"]*)"|'(?P<a2>[^']*)')"""
    r"""|url\(\s*(?:"(?P<u1>[^"]*)"|'(?P<u2>[^']*)'|(?P<u3>[^)\s'"]*))\s*\)"""
    r"""|@import\s+(?:"(?P<i1>[^"]*)"|'(?P<i2>[^']*)'))""",
    re.IGNORECASE,
)


def _path_message(logo: str) -> str | None:
    if "://" in logo or logo.startswith("data:"):
        return (
            f"'{logo}' is a web address; save the logo file in content/brand/ "
            "and write its name here, e.g. brand/logo.svg"
        )
    if PurePosixPath(logo).is_absolute() or PureWindowsPath(logo).anchor:
        return (
            f"'{logo}' is a full path on this computer; save the logo in content/brand/ "
            "and write its name here, e.g. brand/logo.svg"
        )
    if ".." in PurePosixPath(logo.replace("\\", "/")).parts:
        return (
            f"'{logo}' points outside content/; save the logo in content/brand/ "
            "and write its name here, e.g. brand/logo.svg"
        )
    suffix = PurePosixPath(logo).suffix.lower()
    if suffix not in LOGO_TYPES:
        kind = f"a {suffix} file" if suffix else "a file without .svg or .png at the end"
        return f"'{logo}' is {kind}; use an SVG (preferred) or a PNG image"
    return None


def _svg(path: Path, logo: str) -> tuple[float | None, str | None, tuple[tuple[str, int], ...]]:
    """Ratio, the reason it is unusable, and every reference it holds with its line."""
    try:
        text = path.read_text(encoding="utf-8")
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return None, f"'{logo}' is not a readable SVG image ({exc}); export it again as SVG", ()
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        return None, f"'{logo}' cannot be read ({getattr(exc, 'strerror', None) or exc})", ()
    if root.tag != SVG_ROOT:
        if root.tag == "svg":
            return (
                None,
                f"'{logo}' is not a usable SVG image (its <svg> element lacks "
                'xmlns="http://www.w3.org/2000/svg"); export it again as SVG',
                (),
            )
        name = root.tag.rpartition("}")[2]
        return None, f"'{logo}' is not an SVG image (it holds <{name}>, expected <svg>)", ()
    references = tuple(
        (
            next(v for v in m.groupdict().values() if v is not None).strip(),
            text.count("\n", 0, m.start()) + 1,
        )
        for m in SVG_REFERENCE.finditer(text)
    )
    return _svg_ratio(root), None, tuple((url, line) for url, line in references if url)


def _svg_ratio(root: ET.Element) -> float | None:
    box = (root.get("viewBox") or "").replace(",", " ").split()
    try:
        if len(box) == 4:
            width, height = float(box[2]), float(box[3])
        else:
            sizes = [SVG_LENGTH.match(root.get(name) or "") for name in ("width", "height")]
            if not all(sizes):
                return None
            # Same unit on both sides in practice; a ratio needs no conversion then.
            width, height = (float(m.group(1)) for m in sizes if m)
    except ValueError:
        return None
    return width / height if width > 0 and height > 0 else None


def _png(path: Path, logo: str) -> tuple[float | None, Problem | None]:
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            # A huge image is refused below as an error, not printed as a Pillow warning.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, size = image.format, image.size
                image.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return None, error(
            "", f"'{logo}' is far too large an image; save it at most 2000 pixels wide"
        )
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        return None, error("", f"'{logo}' is not a readable PNG image ({exc})")
    if kind != "PNG":
        return None, error("", f"'{logo}' is a {kind} image, not a PNG; save it as PNG or SVG")
    ratio = size[0] / size[1] if size[0] > 0 and size[1] > 0 else None
    if max(size) < MIN_PNG_PIXELS:
        return ratio, warning(
            "",
            f"'{logo}' is only {size[0]}x{size[1]} pixels and will look blurry in "
            f"print (use an SVG, or a PNG at least {MIN_PNG_PIXELS} pixels wide)",
        )
    return ratio, None


def load_logo(paths: ProjectPaths, logo: str, brand: Source) -> tuple[Logo, list[Problem]]:
    """The logo named in brand.yaml: an SVG or PNG file inside content/ that opens as one."""
    line = brand.line_of(("logo",))

    def problem(finding: Problem) -> Problem:
        return Problem(brand.path, line, finding.severity, finding.message, "logo")

    message = _path_message(logo)
    if message is not None:
        return Logo(logo), [problem(error("", message))]
    try:
        content = paths.content.resolve()
        path = (paths.content / logo).resolve()
    except (OSError, RuntimeError):  # a symbolic-link loop
        return Logo(logo), [problem(error("", f"'{logo}' cannot be read (a link loop)"))]
    if not path.is_relative_to(content):
        return Logo(logo), [
            problem(error("", f"'{logo}' points outside content/ (through a link)"))
        ]
    if not is_file(path):
        return Logo(logo), [
            problem(
                error(
                    "", f"'{logo}' not found in content/ (expected a file such as brand/logo.svg)"
                )
            )
        ]
    if path.suffix.lower() == ".svg":
        ratio, reason, references = _svg(path, logo)
        found = [problem(error("", reason))] if reason else []
        return Logo(logo, ratio or 1.0, paths.relative(path), references), found
    ratio, finding = _png(path, logo)
    return Logo(logo, ratio or 1.0, paths.relative(path)), [problem(finding)] if finding else []
