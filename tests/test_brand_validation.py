"""Bad brand values stop the build with one line marketing can act on: file, line, key, fix
(colour contrast, colour values, the logo file, the fonts), on the fixture clinic."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image

from handouts.cli import main
from handouts.commands.check import check_project
from handouts.load import load_project
from handouts.paths import ProjectPaths
from tests.brandutil import line_of
from tests.clinic import TODAY

BRAND = "content/brand.yaml"
DOWNTOWN = "content/locations/downtown.yaml"
FONTS = "templates/fonts/fonts.yaml"


def edit(path: Path, old: str, new: str) -> None:
    """Replace one piece of text in a file, failing loudly if it is not there."""
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def loaded(project: Path) -> list[str]:
    """Every problem loading the project finds, as printed."""
    _, found = load_project(ProjectPaths(project))
    return [str(p) for p in found]


def errors(project: Path) -> list[str]:
    """The errors `handouts check` finds (loading and every rule)."""
    return [str(p) for p in check_project(ProjectPaths(project), TODAY).errors]


def test_the_fixture_brand_loads_without_a_word(clinic: Path) -> None:
    assert loaded(clinic) == []


# (what marketing typed, replacing what, the key whose line is named, the messages)
CONTRAST_CASES = {
    "body text too light": (
        'text: "#1f2328"',
        'text: "#9aa0a6"',
        "  text:",
        [
            "colors.text #9aa0a6 on colors.background #ffffff has contrast 2.6:1, needs 4.5:1",
            "colors.text #9aa0a6 on colors.surface #edf4f7 has contrast 2.3:1, needs 4.5:1",
        ],
    ),
    "footer grey too light": (
        'muted: "#4b5563"',
        'muted: "#9ca3af"',
        "  muted:",
        ["colors.muted #9ca3af on colors.background #ffffff has contrast 2.5:1, needs 4.5:1"],
    ),
    "primary fine for headings but not for links": (
        'primary: "#1d4e6f"',
        'primary: "#3b82f6"',
        "  primary:",
        [
            "colors.primary #3b82f6 on colors.background #ffffff has contrast 3.6:1, needs 4.5:1",
            "colors.primary #3b82f6 on colors.surface #edf4f7 has contrast 3.3:1, needs 4.5:1",
        ],
    ),
    "accent below 3:1": (
        'accent: "#2f7d6d"',
        'accent: "#7dd3c0"',
        "  accent:",
        ["colors.accent #7dd3c0 on colors.background #ffffff has contrast 1.7:1, needs 3.0:1"],
    ),
    "chart colour too pale": (
        '"#2f7d6d"]',
        '"#fcd34d"]',
        "  chart:",
        ["colors.chart #2 #fcd34d on colors.background #ffffff has contrast 1.4:1, needs 3.0:1"],
    ),
}


@pytest.mark.parametrize("case", CONTRAST_CASES)
def test_low_contrast_names_key_line_ratio_and_need(clinic_copy: Path, case: str) -> None:
    old, new, key, messages = CONTRAST_CASES[case]
    brand = clinic_copy / BRAND
    edit(brand, old, new)
    line = line_of(brand, key)
    assert errors(clinic_copy) == [f"{BRAND}:{line}: error: {m}" for m in messages]


def test_the_build_stops_and_writes_nothing(clinic_copy: Path, tmp_path: Path) -> None:
    brand = clinic_copy / BRAND
    edit(brand, 'text: "#1f2328"', 'text: "#9aa0a6"')
    line = line_of(brand, "  text:")
    out = tmp_path / "out"
    result = CliRunner().invoke(
        main, ["build", "--project", str(clinic_copy), "--output", str(out)]
    )
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{BRAND}:{line}: error: colors.text #9aa0a6 on colors.background #ffffff "
        "has contrast 2.6:1, needs 4.5:1",
        f"{BRAND}:{line}: error: colors.text #9aa0a6 on colors.surface #edf4f7 "
        "has contrast 2.3:1, needs 4.5:1",
        "2 errors found; nothing was written",
    ]
    assert not out.exists()


def test_location_accent_is_checked_in_its_own_file(clinic_copy: Path) -> None:
    downtown = clinic_copy / DOWNTOWN
    downtown.write_text(downtown.read_text() + 'brand:\n  accent: "#a7f3d0"\n')
    line = line_of(downtown, "  accent:")
    assert errors(clinic_copy) == [
        f"{DOWNTOWN}:{line}: error: brand.accent #a7f3d0 on "
        "colors.background #ffffff has contrast 1.2:1, needs 3.0:1"
    ]


def test_location_accent_that_passes_is_accepted(clinic_copy: Path) -> None:
    downtown = clinic_copy / DOWNTOWN
    downtown.write_text(downtown.read_text() + 'brand:\n  accent: "#9a3412"\n')
    assert errors(clinic_copy) == []


@pytest.mark.parametrize(
    ("old", "new", "key", "message"),
    [
        (
            'primary: "#1d4e6f"',
            "primary: #1d4e6f",
            "  primary:",
            'colors.primary: no colour given (write it in quotes, e.g. "#1f4e79": '
            "without quotes, # starts a comment)",
        ),
        (
            'accent: "#2f7d6d"',
            "accent: teal",
            "  accent:",
            "colors.accent: 'teal' is not a colour (expected #rrggbb, e.g. #1f4e79)",
        ),
        (
            "  text:",
            "  txet:",
            "  txet:",
            "colors.txet: unknown key (did you mean 'text'?)",
        ),
    ],
    ids=["unquoted colour", "colour name", "typo in a key"],
)
def test_colour_values_and_keys(
    clinic_copy: Path, old: str, new: str, key: str, message: str
) -> None:
    brand = clinic_copy / BRAND
    edit(brand, old, new)
    assert errors(clinic_copy) == [f"{BRAND}:{line_of(brand, key)}: error: {message}"]


LOGO_CASES = {
    "missing file": (
        "brand/missing.svg",
        "logo: 'brand/missing.svg' not found in content/ (expected a file such as brand/logo.svg)",
    ),
    "web address": (
        "https://example.org/logo.svg",
        "logo: 'https://example.org/logo.svg' is a web address; save the logo file in "
        "content/brand/ and write its name here, e.g. brand/logo.svg",
    ),
    "absolute path": (
        "/etc/logo.svg",
        "logo: '/etc/logo.svg' is a full path on this computer; save the logo in content/brand/ "
        "and write its name here, e.g. brand/logo.svg",
    ),
    "outside content": (
        "../templates/fonts/OFL.txt",
        "logo: '../templates/fonts/OFL.txt' points outside content/; save the logo in "
        "content/brand/ and write its name here, e.g. brand/logo.svg",
    ),
    "wrong type": (
        "brand/logo.jpg",
        "logo: 'brand/logo.jpg' is a .jpg file; use an SVG (preferred) or a PNG image",
    ),
}


@pytest.mark.parametrize("case", LOGO_CASES)
def test_logo_must_be_an_image_file_inside_content(clinic_copy: Path, case: str) -> None:
    value, message = LOGO_CASES[case]
    brand = clinic_copy / BRAND
    edit(brand, "logo: brand/logo.svg", f"logo: {value}")
    assert errors(clinic_copy) == [f"{BRAND}:{line_of(brand, 'logo:')}: error: {message}"]


def test_logo_linked_to_outside_content_is_refused(clinic_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.svg"
    logo = clinic_copy / "content/brand/logo.svg"
    shutil.copy(logo, outside)
    logo.unlink()
    logo.symlink_to(outside)
    # The project-wide link check refuses it before the brand is even read.
    assert errors(clinic_copy) == [
        f"content/brand/logo.svg: error: symbolic link to '{outside}' leads outside content/ "
        "and templates/; put the file itself in the project"
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "<svg xmlns='http://www.w3.org/2000/svg'><rect></svg>",
            "logo: 'brand/logo.svg' is not a readable SVG image (mismatched tag: line 1, "
            "column 48); export it again as SVG",
        ),
        (
            "<html><body>not a logo</body></html>",
            "logo: 'brand/logo.svg' is not an SVG image (it holds <html>, expected <svg>)",
        ),
        (
            "<svg viewBox='0 0 10 10'><rect width='10' height='10'/></svg>",
            "logo: 'brand/logo.svg' is not a usable SVG image (its <svg> element lacks "
            'xmlns="http://www.w3.org/2000/svg"); export it again as SVG',
        ),
    ],
    ids=["broken XML", "not SVG", "no namespace"],
)
def test_unreadable_svg_logo(clinic_copy: Path, content: str, message: str) -> None:
    (clinic_copy / "content/brand/logo.svg").write_text(content)
    line = line_of(clinic_copy / BRAND, "logo:")
    assert errors(clinic_copy) == [f"{BRAND}:{line}: error: {message}"]


@pytest.mark.parametrize(
    ("reference", "reason"),
    [
        (
            '<image href="file:///etc/passwd" width="8" height="8"/>',
            "refused resource 'file:///etc/passwd': the file is outside content/ and templates/",
        ),
        (
            "<style>rect { fill: url('../../templates/fonts/nothing.svg#x'); }</style>",
            "refused resource '{templates}/fonts/nothing.svg#x': no such file in the project",
        ),
    ],
    ids=["machine file", "missing file"],
)
def test_what_an_svg_logo_names_is_checked_at_its_line(
    clinic_copy: Path, reference: str, reason: str
) -> None:
    logo = clinic_copy / "content/brand/logo.svg"
    edit(logo, "</svg>", f"  {reference}\n</svg>")
    templates = (clinic_copy / "templates").resolve().as_uri()
    assert errors(clinic_copy) == [
        f"content/brand/logo.svg:{line_of(logo, reference[:10])}: error: "
        + reason.format(templates=templates)
    ]


def _use_png_logo(project: Path, write: bool = True, size: int = 300, kind: str = "PNG") -> None:
    edit(project / BRAND, "logo: brand/logo.svg", "logo: brand/logo.png")
    if write:
        Image.new("RGB", (size, size), (29, 78, 111)).save(project / "content/brand/logo.png", kind)


def test_png_logo_is_accepted(clinic_copy: Path) -> None:
    _use_png_logo(clinic_copy)
    assert loaded(clinic_copy) == []
    assert errors(clinic_copy) == []


def test_png_logo_that_is_not_a_png(clinic_copy: Path) -> None:
    _use_png_logo(clinic_copy, kind="JPEG")
    line = line_of(clinic_copy / BRAND, "logo:")
    assert errors(clinic_copy) == [
        f"{BRAND}:{line}: error: logo: 'brand/logo.png' is a JPEG image, not a PNG; save it as "
        "PNG or SVG"
    ]


def test_png_logo_that_is_not_an_image(clinic_copy: Path) -> None:
    _use_png_logo(clinic_copy, write=False)
    (clinic_copy / "content/brand/logo.png").write_text("not an image")
    line = line_of(clinic_copy / BRAND, "logo:")
    (found,) = errors(clinic_copy)
    assert found.startswith(
        f"{BRAND}:{line}: error: logo: 'brand/logo.png' is not a readable PNG image ("
    )


def test_small_png_logo_is_a_warning_not_an_error(clinic_copy: Path) -> None:
    _use_png_logo(clinic_copy, size=64)
    assert errors(clinic_copy) == []
    line = line_of(clinic_copy / BRAND, "logo:")
    assert loaded(clinic_copy) == [
        f"{BRAND}:{line}: warning: logo: 'brand/logo.png' is only 64x64 pixels and will look "
        "blurry in print (use an SVG, or a PNG at least 256 pixels wide)"
    ]


def test_unknown_font_lists_the_known_ones(clinic_copy: Path) -> None:
    brand = clinic_copy / BRAND
    edit(brand, "body: Atkinson Hyperlegible", "body: Atkinson")
    assert errors(clinic_copy) == [
        f"{BRAND}:{line_of(brand, 'body:')}: error: fonts.body: unknown font 'Atkinson' "
        "(expected one of: Atkinson Hyperlegible, Noto Sans, Noto Sans KR, Noto Sans SC; a new "
        "font needs its files and an entry in "
        "templates/fonts/fonts.yaml)"
    ]


def test_missing_font_file_is_an_error(clinic_copy: Path) -> None:
    (clinic_copy / "templates/fonts/AtkinsonHyperlegible-Bold.ttf").unlink()
    line = line_of(clinic_copy / FONTS, "bold:")
    assert errors(clinic_copy) == [
        f"{FONTS}:{line}: error: Atkinson Hyperlegible: font file "
        "'AtkinsonHyperlegible-Bold.ttf' is missing"
    ]


def test_a_file_that_is_not_a_font(clinic_copy: Path) -> None:
    (clinic_copy / "templates/fonts/AtkinsonHyperlegible-Italic.ttf").write_text("<html>")
    line = line_of(clinic_copy / FONTS, "italic:")
    assert errors(clinic_copy) == [
        f"{FONTS}:{line}: error: Atkinson Hyperlegible: 'AtkinsonHyperlegible-Italic.ttf' is not "
        "a font file (expected TrueType, OpenType, WOFF or WOFF2)"
    ]


def test_a_family_needs_regular_and_bold(clinic_copy: Path) -> None:
    fonts = clinic_copy / FONTS
    edit(fonts, "    bold: AtkinsonHyperlegible-Bold.ttf\n", "")
    assert errors(clinic_copy) == [
        f"{FONTS}:{line_of(fonts, 'files:')}: error: Atkinson Hyperlegible: no 'bold' file "
        "(a family needs at least: regular, bold)"
    ]


def test_a_font_needs_its_licence(clinic_copy: Path) -> None:
    (clinic_copy / "templates/fonts/OFL.txt").unlink()
    assert errors(clinic_copy) == [
        f"{FONTS}:{line_of(clinic_copy / FONTS, 'licence:')}: error: Atkinson Hyperlegible: "
        "licence file 'OFL.txt' is missing (every shipped font needs its licence)"
    ]


def test_font_file_outside_the_fonts_folder(clinic_copy: Path) -> None:
    fonts = clinic_copy / FONTS
    edit(fonts, "regular: AtkinsonHyperlegible-Regular.ttf", "regular: ../../content/brand.yaml")
    assert errors(clinic_copy) == [
        f"{FONTS}:{line_of(fonts, 'regular:')}: error: Atkinson Hyperlegible: font file "
        "'../../content/brand.yaml' is outside templates/fonts/"
    ]
