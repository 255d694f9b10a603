"""Each built-in layout looks as it did: a few pages of the seed issue, rendered small and
grey, compared with the reference images in tests/data/page-images/ (as Typst and
rinohtype test their layouts).

A page passes when its pixels differ from the reference by at most MAX_MEAN_DIFF on average
(0–255 grey levels) and at most MAX_CHANGED_SHARE of them by more than CHANGED_LEVEL: a
moved line, a changed colour or a lost picture fails; anti-aliasing noise does not.

When a layout is changed on purpose, look at the new pages, then write them as the new
references and commit them with the change:

    .venv/bin/python -m pytest tests/test_layout_images.py --update-images
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import run_cli
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "2023-17"
REFERENCES = ROOT / "tests" / "data" / "page-images"
UPDATE = ".venv/bin/python -m pytest tests/test_layout_images.py --update-images"

DPI = 30
MAX_MEAN_DIFF = 2.0
CHANGED_LEVEL = 64
MAX_CHANGED_SHARE = 0.01

#: The pages compared, by layout: (page number, what it shows).
PAGES = {
    "newsletter": [(1, "cover"), (3, "body")],
    "magazine": [(1, "cover"), (2, "contents"), (3, "body")],
}


@pytest.fixture(scope="module", params=sorted(PAGES))
def built(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path]:
    """The seed issue built in one layout (``--layout``), once per module."""
    layout = request.param
    out = tmp_path_factory.mktemp(f"images-{layout}") / f"{layout}.pdf"
    result = run_cli("build", str(SEED), "--layout", layout, "-o", str(out))
    assert result.returncode == 0, result.stdout + result.stderr
    return layout, out


def render_page(pdf: Path, number: int) -> Image.Image:
    """Page ``number`` (from 1) at DPI, in grey."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        bitmap = document[number - 1].render(scale=DPI / 72, grayscale=True)
        return bitmap.to_pil().convert("L")
    finally:
        document.close()


def compare(image: Image.Image, reference: Image.Image) -> tuple[float, float]:
    """(mean absolute difference per pixel, share of pixels differing by > CHANGED_LEVEL)."""
    diff = ImageChops.difference(image, reference)
    histogram = diff.histogram()
    pixels = image.width * image.height
    mean = sum(level * count for level, count in enumerate(histogram)) / pixels
    changed = sum(histogram[CHANGED_LEVEL + 1 :]) / pixels
    return mean, changed


def test_pages_look_as_before(built: tuple[str, Path], request: pytest.FixtureRequest) -> None:
    layout, pdf = built
    update = request.config.getoption("--update-images")
    failures = []
    for number, what in PAGES[layout]:
        image = render_page(pdf, number)
        path = REFERENCES / f"{layout}-{number}-{what}.png"
        if update:
            REFERENCES.mkdir(parents=True, exist_ok=True)
            image.save(path, optimize=True)
            continue
        shown = path.relative_to(ROOT)
        if not path.is_file():
            failures.append(f"{shown}: no reference image (write it: {UPDATE})")
            continue
        with Image.open(path) as stored:
            reference = stored.convert("L")
        if reference.size != image.size:
            failures.append(
                f"{shown}: page {number} is {image.size}, the reference {reference.size}"
            )
            continue
        mean, changed = compare(image, reference)
        if mean > MAX_MEAN_DIFF or changed > MAX_CHANGED_SHARE:
            failures.append(
                f"{shown}: page {number} ({what}) differs: mean {mean:.2f} grey levels a pixel "
                f"(at most {MAX_MEAN_DIFF}), {changed:.1%} of pixels changed (at most "
                f"{MAX_CHANGED_SHARE:.0%})"
            )
    if failures:
        hint = (
            f"if the {layout} layout was changed on purpose, look at its pages, then update "
            f"the references and commit them: {UPDATE}"
        )
        pytest.fail("\n".join([*failures, hint]), pytrace=False)


def test_compare_tells_a_moved_line_from_noise() -> None:
    """The tolerance: a few pixels of noise pass, a block of text moved down fails."""
    page = Image.new("L", (250, 350), 255)
    for row in range(40, 300, 12):
        page.paste(0, (20, row, 230, row + 4))
    noisy = page.copy()
    for x in range(0, 250, 25):
        noisy.putpixel((x, 5), 200)
    moved = Image.new("L", page.size, 255)
    moved.paste(page.crop((0, 0, 250, 340)), (0, 10))
    assert compare(noisy, page)[0] <= MAX_MEAN_DIFF
    assert compare(noisy, page)[1] <= MAX_CHANGED_SHARE
    mean, changed = compare(moved, page)
    assert mean > MAX_MEAN_DIFF or changed > MAX_CHANGED_SHARE
