"""Visual regression: page 1 of each PDF against its baseline picture in tests/baselines/.

A change to the look that is meant: run `scripts/update_baselines.py`, look at the pictures, and
commit them with the change.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from handouts.build import BuildResult
from tests.visual import (
    BASELINES,
    CHANNEL_TOLERANCE,
    DPI,
    baseline_name,
    compare,
    render_page,
    save_artifacts,
)

UPDATE = "scripts/update_baselines.py"


def test_first_pages_match_their_baselines(shipped_build: BuildResult) -> None:
    assert shipped_build.manifest is not None
    out = shipped_build.manifest.parent
    failures, expected_names = [], set()
    for pdf in shipped_build.pdfs:
        relative = pdf.path.relative_to(out).as_posix()
        name = baseline_name(relative)
        expected_names.add(name)
        baseline = BASELINES / name
        if not baseline.exists():
            failures.append(f"output/{relative} page 1: no baseline tests/baselines/{name}")
            continue
        actual = render_page(pdf.path)
        with Image.open(baseline) as stored:
            expected = stored.convert("RGB")
        diff = compare(actual, expected)
        if diff is not None:
            saved = save_artifacts(name, actual, expected)
            failures.append(
                diff.describe(f"output/{relative} page 1")
                + f"; see {', '.join(str(p.relative_to(BASELINES.parent.parent)) for p in saved)}"
            )
    stale = sorted(p.name for p in BASELINES.glob("*.png") if p.name not in expected_names)
    failures += [f"tests/baselines/{name}: no PDF has this page any more" for name in stale]
    assert not failures, (
        "pages differ from their baselines (if the change is meant, run "
        f"{UPDATE} and commit the pictures):\n" + "\n".join(failures)
    )


def test_baselines_are_low_resolution(shipped_build: BuildResult) -> None:
    for baseline in BASELINES.glob("*.png"):
        with Image.open(baseline) as picture:
            # US Letter at the test's resolution: 8.5 x 11 inches.
            assert picture.size == (round(8.5 * DPI), round(11 * DPI)), baseline.name


def page_like() -> Image.Image:
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
    message = diff.describe("output/queens/side-effects.pdf page 1")
    assert message.startswith("output/queens/side-effects.pdf page 1: ")
    assert "first at (x=30, y=40): (255, 255, 255) instead of (30, 35, 40)" in message
    saved = save_artifacts("queens-side-effects-p1.png", actual, expected, tmp_path)
    assert [p.name for p in saved] == [
        "queens-side-effects-p1.actual.png",
        "queens-side-effects-p1.expected.png",
        "queens-side-effects-p1.diff.png",
    ]
    with Image.open(saved[2]) as picture:
        assert picture.getpixel((30, 40)) == (220, 0, 0)


def test_a_different_page_size_fails() -> None:
    diff = compare(Image.new("RGB", (340, 440)), Image.new("RGB", (440, 340)))
    assert diff is not None
    assert "size (340, 440) differs from the baseline's (440, 340)" in diff.describe("p")
