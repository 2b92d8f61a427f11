"""WCAG 2.x contrast arithmetic, the brand's colour pairs, and the colour mixing the chart uses
(handouts.colors)."""

from __future__ import annotations

import pytest

from handouts.colors import (
    BAND_CONTRAST,
    RULES,
    accent_check,
    band_shade,
    channels,
    contrast_checks,
    contrast_ratio,
    format_ratio,
    key_label,
    mix,
    relative_luminance,
)
from handouts.model import Colors


@pytest.mark.parametrize(
    ("foreground", "background", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.478),  # the classic grey that just fails 4.5:1
        ("#767676", "#ffffff", 4.542),  # and the one that just passes
        ("#9aa0a6", "#ffffff", 2.641),
    ],
)
def test_contrast_ratio_matches_the_wcag_formula(
    foreground: str, background: str, expected: float
) -> None:
    assert contrast_ratio(foreground, background) == pytest.approx(expected, abs=0.001)
    assert contrast_ratio(background, foreground) == contrast_ratio(foreground, background)


def test_relative_luminance_ends() -> None:
    assert relative_luminance("#000000") == 0
    assert relative_luminance("#ffffff") == pytest.approx(1)


@pytest.mark.parametrize(
    ("ratio", "shown"),
    [
        (21.0, "21.0:1"),
        (4.5, "4.5:1"),
        (4.4999, "4.4:1"),
        (2.6405, "2.6:1"),
        (3.0, "3.0:1"),
        (5.04, "5.0:1"),
        (2.99, "2.9:1"),
    ],
)
def test_ratio_is_shown_rounded_down_with_one_decimal(ratio: float, shown: str) -> None:
    # A failing 4.49:1 must never read "4.5:1, needs 4.5:1"; every figure has one decimal so a
    # column of them lines up ("5.0:1", never "5:1").
    assert format_ratio(ratio) == shown


def test_every_pair_the_templates_draw_is_checked() -> None:
    colors = Colors(
        primary="#1d4e6f",
        accent="#2f7d6d",
        text="#9aa0a6",
        muted="#4b5563",
        background="#ffffff",
        surface="#edf4f7",
        chart=["#1d4e6f", "#fde68a"],
    )
    failing = [c.message for c in contrast_checks(colors) if not c.passes]
    assert failing == [
        "colors.text #9aa0a6 on colors.background #ffffff has contrast 2.6:1, needs 4.5:1",
        "colors.text #9aa0a6 on colors.surface #edf4f7 has contrast 2.3:1, needs 4.5:1",
        "colors.chart #2 #fde68a on colors.background #ffffff has contrast 1.2:1, needs 3.0:1",
    ]
    pairs = {(r.foreground, r.background, r.minimum) for r in RULES}
    assert ("primary", "background", 4.5) in pairs  # the header and links are normal-size text
    assert ("accent", "background", 3.0) in pairs  # the tagline is 14 pt bold: large text


def test_key_label() -> None:
    assert key_label(("colors", "chart", 2)) == "colors.chart #3"
    assert key_label(("brand", "accent")) == "brand.accent"


def test_a_location_accent_is_measured_on_the_brand_background() -> None:
    colors = Colors(
        primary="#1d4e6f",
        accent="#2f7d6d",
        text="#1f2328",
        muted="#4b5563",
        background="#ffffff",
        surface="#edf4f7",
        chart=["#1d4e6f", "#2f7d6d"],
    )
    check = accent_check("#a7f3d0", colors)
    assert not check.passes
    assert check.message == (
        "brand.accent #a7f3d0 on colors.background #ffffff has contrast 1.2:1, needs 3.0:1"
    )
    assert accent_check("#9a3412", colors).passes


@pytest.mark.parametrize(
    ("color", "other", "share", "expected"),
    [
        ("#000000", "#ffffff", 0.0, "#000000"),
        ("#000000", "#ffffff", 1.0, "#ffffff"),
        ("#000000", "#ffffff", 0.5, "#808080"),
        ("#edf4f7", "#1d4e6f", 0.25, "#b9cad5"),
    ],
)
def test_mix(color: str, other: str, share: float, expected: str) -> None:
    assert mix(color, other, share) == expected


def test_band_shade_is_the_lightest_tint_that_survives_greyscale() -> None:
    shade = band_shade("#edf4f7", "#ffffff", "#1d4e6f")
    assert contrast_ratio(shade, "#ffffff") >= BAND_CONTRAST
    # One step less of the primary colour would be too light.
    lighter = [mix("#edf4f7", "#1d4e6f", step / 100) for step in range(101)]
    previous = lighter[lighter.index(shade) - 1]
    assert contrast_ratio(previous, "#ffffff") < BAND_CONTRAST
    # A surface already dark enough stays as it is.
    assert band_shade("#c0c0c0", "#ffffff", "#1d4e6f") == "#c0c0c0"


def test_channels_refuses_what_is_not_rrggbb() -> None:
    assert channels("#1d4e6f") == (29, 78, 111)
    with pytest.raises(ValueError, match="is not a #rrggbb colour"):
        channels("#fff")
