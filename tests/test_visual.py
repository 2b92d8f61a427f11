"""Visual regression: chosen pages of the fixture clinic's PDFs against their baseline pictures in
tests/baselines/ (header, title block in each location's brand, chart and table, packet cover with
its appointment box and contact card), and the comparison itself.

A change to the look that is meant: run `scripts/update_baselines.py`, look at the pictures, and
commit them with the change.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from handouts.commands.build import BuildResult
from tests.visual import (
    BASELINES,
    CHANNEL_TOLERANCE,
    DPI,
    baseline_name,
    baseline_pages,
    compare,
    render_page,
    save_artifacts,
)

UPDATE = "scripts/update_baselines.py"


@pytest.mark.parametrize(("pdf", "page"), baseline_pages(), ids=lambda v: str(v))
def test_page_matches_its_baseline(clinic_build: BuildResult, pdf: str, page: int) -> None:
    assert clinic_build.manifest is not None
    out = clinic_build.manifest.parent
    built = {p.path.relative_to(out).as_posix() for p in clinic_build.pdfs}
    assert pdf in built, f"the build no longer writes output/{pdf} (update tests/visual.py PAGES)"
    name = baseline_name(pdf, page)
    baseline = BASELINES / name
    assert baseline.exists(), (
        f"output/{pdf} page {page}: no baseline tests/baselines/{name}; run {UPDATE}"
    )
    actual = render_page(out / pdf, page)
    with Image.open(baseline) as stored:
        expected = stored.convert("RGB")
    diff = compare(actual, expected)
    if diff is not None:
        saved = save_artifacts(name, actual, expected)
        pytest.fail(
            diff.describe(f"output/{pdf} page {page}")
            + f"; see {', '.join(str(p.relative_to(BASELINES.parent.parent)) for p in saved)}"
            + f" (if the change is meant, run {UPDATE} and commit the pictures)"
        )


def test_no_stale_baselines() -> None:
    expected = {baseline_name(pdf, page) for pdf, page in baseline_pages()}
    stale = sorted(p.name for p in BASELINES.glob("*.png") if p.name not in expected)
    assert stale == [], f"no page has these baselines any more (run {UPDATE}): {stale}"


def test_baselines_are_low_resolution() -> None:
    baselines = sorted(BASELINES.glob("*.png"))
    assert baselines
    for baseline in baselines:
        with Image.open(baseline) as picture:
            # US Letter at the test's resolution: 8.5 x 11 inches.
            assert picture.size == (round(8.5 * DPI), round(11 * DPI)), baseline.name


def page_like() -> Image.Image:
    """A picture with text-like bars, for the comparison tests."""
    picture = Image.new("RGB", (340, 440), "white")
    draw = ImageDraw.Draw(picture)
    for top in range(40, 400, 20):
        draw.rectangle((30, top, 300, top + 8), fill=(30, 35, 40))
    return picture


def test_antialiasing_noise_is_within_tolerance() -> None:
    expected = page_like()
    actual = expected.copy()
    for x in range(30, 300):
        value = actual.getpixel((x, 48))
        assert isinstance(value, tuple)
        actual.putpixel((x, 48), tuple(min(255, c + CHANNEL_TOLERANCE) for c in value))
    actual.putpixel((5, 5), (0, 0, 0))  # one stray pixel
    assert compare(actual, expected) is None


def test_a_moved_layout_is_named_with_its_first_pixel(tmp_path: Path) -> None:
    expected = page_like()
    actual = Image.new("RGB", expected.size, "white")
    actual.paste(expected.crop((0, 0, 340, 430)), (0, 10))  # everything pushed down 10 px
    diff = compare(actual, expected)
    assert diff is not None
    message = diff.describe("output/north-shore/aftercare.pdf page 1")
    assert message.startswith("output/north-shore/aftercare.pdf page 1: ")
    assert "first at (x=30, y=40): (255, 255, 255) instead of (30, 35, 40)" in message
    saved = save_artifacts("north-shore-aftercare-p1.png", actual, expected, tmp_path)
    assert [p.name for p in saved] == [
        "north-shore-aftercare-p1.actual.png",
        "north-shore-aftercare-p1.expected.png",
        "north-shore-aftercare-p1.diff.png",
    ]
    with Image.open(saved[2]) as picture:
        assert picture.getpixel((30, 40)) == (220, 0, 0)


def test_a_different_page_size_fails() -> None:
    diff = compare(Image.new("RGB", (340, 440)), Image.new("RGB", (440, 340)))
    assert diff is not None
    assert "size (340, 440) differs from the baseline's (440, 340)" in diff.describe("p")
