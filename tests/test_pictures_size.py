"""Picture sizes ({width=30%}, {width=60mm}), caps at the column and the page, captions kept
with their pictures, measured on the PDF; and the Markdown warnings around pictures, tables
and links, at their lines."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import run_cli, write_issue
from PIL import Image

MM = 72 / 25.4  # PDF points per millimetre
#: Column width and the height of a content page's text area (page less top and bottom
#: margins), in mm, per page size of the newsletter layout. The column is a whole number
#: of 10.5 pt characters (layout.yaml chars_per_line, issue 17): 45 on A4, 29 on A5.
COLUMN = {"A4": 45 * 10.5 / MM, "A5": 29 * 10.5 / MM}
TEXT_HEIGHT = {"A4": 297.0 - 22 - 20, "A5": 210.0 - 22 - 20}


def png(width: int, height: int) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(data, "PNG")
    return data.getvalue()


#: caption → (file, pixels, size written after the picture)
PICTURES = {
    "图1宽图": ("wide.png", (4000, 2000), "{width=30%}"),
    "图2定宽": ("fixed.png", (1500, 1000), "{width=60mm}"),
    "图3高图": ("tall.png", (2000, 8000), ""),
    "图4满栏": ("full.png", (4000, 2000), "{width=100%}"),
    "图5超宽": ("huge.png", (4000, 1000), "{width=400mm}"),
    "图6无尺寸": ("plain.png", (3000, 2000), ""),
}
FILLER = "电子商务持续发展，数字技术与实体经济深度融合，各地积极推进。" * 6


def picture_body() -> str:
    parts = []
    for caption, (name, _, size) in PICTURES.items():
        parts += [FILLER, f"![{caption}](images/{name}){size}"]
    parts.append("行内图标![标](images/icon.png){height=1em}在文字中。")
    return "\n\n".join(parts) + "\n"


@pytest.fixture(scope="module", params=["A4", "A5"])
def built(request: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    root = tmp_path_factory.mktemp(f"pictures-{request.param}")
    images = {f"images/{name}": png(*pixels) for name, pixels, _ in PICTURES.values()}
    images["images/icon.png"] = png(64, 64)
    folder = write_issue(
        root, articles={"01": {"title": "图片尺寸", "body": picture_body()}}, images=images
    )
    out = root / "out.pdf"
    result = run_cli("build", str(folder), "-o", str(out), "--page-size", request.param)
    assert result.returncode == 0, result.stderr
    assert "ppi" not in result.stderr and "warning" not in result.stderr, result.stderr
    return request.param, out


def drawn(pdf: Path) -> list[tuple[int, dict[str, Any]]]:
    with pdfplumber.open(pdf) as document:
        return [(n, image) for n, page in enumerate(document.pages, 1) for image in page.images]


def caption_pages(pdf: Path) -> dict[str, tuple[int, float]]:
    """Each caption → its page and its top (pt)."""
    found: dict[str, tuple[int, float]] = {}
    with pdfplumber.open(pdf) as document:
        for number, page in enumerate(document.pages, 1):
            for line in page.extract_text_lines():
                text = line["text"].replace(" ", "")
                if text in PICTURES:
                    found[text] = (number, line["top"])
    return found


def mm(points: float) -> float:
    return points / MM


def test_pictures_print_at_the_width_asked_never_wider_than_the_column(
    built: tuple[str, Path],
) -> None:
    size, pdf = built
    column = COLUMN[size]
    images = drawn(pdf)
    assert len(images) == len(PICTURES) + 1
    widths = sorted(round(mm(image["x1"] - image["x0"]), 1) for _, image in images)
    expected = {
        "wide.png": 0.3 * column,
        "fixed.png": 60.0,
        "full.png": column,
        "huge.png": column,  # 400 mm asked: capped at the column
        "plain.png": column,  # no size: its natural size (794 mm at 96 px/in), capped
    }
    for _, image in images:
        width, height = mm(image["x1"] - image["x0"]), mm(image["bottom"] - image["top"])
        assert width <= column + 0.1, widths
        assert height <= TEXT_HEIGHT[size], (width, height)
    for name, width in expected.items():
        assert any(abs(w - width) < 0.3 for w in widths), (name, width, widths)


def test_a_tall_picture_fits_on_one_page_with_its_caption(built: tuple[str, Path]) -> None:
    size, pdf = built
    tall = [image for _, image in drawn(pdf) if image["srcsize"] == (2000, 8000)]
    assert len(tall) == 1
    height = mm(tall[0]["bottom"] - tall[0]["top"])
    width = mm(tall[0]["x1"] - tall[0]["x0"])
    assert height <= 0.75 * TEXT_HEIGHT[size] + 0.75 * 22 + 0.1  # 75vh of the first page
    assert abs(width / height - 2000 / 8000) < 0.01  # never distorted


def test_each_caption_is_on_the_page_of_its_picture_just_under_it(
    built: tuple[str, Path],
) -> None:
    _, pdf = built
    captions = caption_pages(pdf)
    assert set(captions) == set(PICTURES)
    by_size = {pixels: caption for caption, (_, pixels, _) in PICTURES.items()}
    for page, image in drawn(pdf):
        caption = by_size.get(image["srcsize"])
        if caption is None:
            continue  # the icon in a line of text
        if image["srcsize"] == (4000, 2000):  # two pictures of that size: either caption
            options = [c for c, (_, p, _) in PICTURES.items() if p == (4000, 2000)]
            assert any(captions[c][0] == page for c in options)
            continue
        caption_page, caption_top = captions[caption]
        assert caption_page == page, caption
        assert 0 <= caption_top - image["bottom"] < 8 * MM, caption


def test_picture_in_a_line_of_text_is_one_line_high(built: tuple[str, Path]) -> None:
    _, pdf = built
    icons = [image for _, image in drawn(pdf) if image["srcsize"] == (64, 64)]
    assert len(icons) == 1
    assert abs(icons[0]["bottom"] - icons[0]["top"] - 10.5) < 0.2  # 1 em of 10.5 pt text


# --- the messages -------------------------------------------------------------------------

#: Article bodies start at line 5 of the file (after three lines of front matter and a blank).
WARNED_BODY = """正文。

文字![图](images/c.png)文字

![图](images/c.png) {width=50%}

| 项目 | 金额 |
|---|

| 项目 | 金额 |
| 甲 | 1 |

链接[]()与[商务部]()和[](https://www.mofcom.gov.cn)。
"""
WARNINGS = [
    ":7: warning: image 'images/c.png' is not alone in its paragraph: it prints one line high "
    "(for a figure, give it a paragraph of its own, with blank lines around it; to keep it in "
    "the text, one line high, mark it ![…](…){height=1em})",
    ":9: warning: image 'images/c.png' is not alone in its paragraph: it prints one line high "
    "(write the size right after the ')', with no space: ![…](…){width=50%})",
    ":11: warning: this looks like a table but did not make one: its lines print as text "
    "(the first line has 2 columns and the line under it 1: give each column a ---, "
    "e.g. |---|---|)",
    ":14: warning: this looks like a table but did not make one: its lines print as text "
    "(its second line must divide the columns, e.g. |---|---|; or write it as a list)",
    ":17: warning: empty link '[]()': nothing is printed (delete it, or write [文字](https://…))",
    ":17: warning: link '[商务部]()' has no address (give its address in (…): "
    "[文字](https://…); the text is printed without a link)",
    ":17: warning: link to 'https://www.mofcom.gov.cn' has no text: nothing is printed "
    "(write the text to print in […]: [文字](https://www.mofcom.gov.cn))",
]

REFUSED_BODY = """正文。

![图](images/c.png){width=150%}

![图](images/c.png){width=50px}

![图](images/c.png){width=0mm}

![图](images/c.png){height=3cm}

文字![图](images/c.png){width=50%}

![图](images/c.png){width=50% .big}
"""
_SIZES = (
    "a figure takes {width=50%}, a share of the column from 1 to 100%, or {width=60mm}, "
    "{width=6cm}; a picture inside a line of text takes {height=1em}"
)
_WIDTH = (
    "is not a share of the column (1-100%) or a length in mm or cm "
    "(e.g. {width=50%}, {width=60mm} or {width=6cm})"
)
ERRORS = [
    f":7: picture width '150%' {_WIDTH}",
    f":9: picture width '50px' {_WIDTH}",
    f":11: picture width '0mm' {_WIDTH}",
    ":13: 'height=3cm' is for a picture inside a line of text (a figure takes its height "
    "from its width: {width=50%}, {width=60mm})",
    ":15: 'width=50%' sizes a figure, and this picture is inside a line of text (give it a "
    "paragraph of its own, with blank lines around it)",
    f":17: picture size '.big' is not key=value ({_SIZES})",
]


@pytest.mark.parametrize(
    ("body", "expected", "status"), [(WARNED_BODY, WARNINGS, 0), (REFUSED_BODY, ERRORS, 1)]
)
def test_size_errors_and_markdown_warnings_name_file_and_line(
    tmp_path: Path, body: str, expected: list[str], status: int
) -> None:
    folder = write_issue(
        tmp_path,
        articles={"01": {"title": "检查", "body": body}},
        images={"images/c.png": png(3000, 2000)},
    )
    result = run_cli("check", str(folder))
    assert result.returncode == status, result.stderr
    lines = [line for line in result.stderr.splitlines() if "/articles/01.md:" in line]
    assert lines == [f"{folder}/articles/01.md{message}" for message in expected]
    assert "Traceback" not in result.stdout + result.stderr


def test_good_sizes_and_tables_pass_without_a_word(tmp_path: Path) -> None:
    body = (
        "![图](images/c.png){width=50%}\n\n![图](images/c.png){width=6cm}\n\n"
        "![图](images/c.png){width=1%}\n\n文字![标](images/c.png){height=1em}。\n\n"
        "| 项目 | 金额 |\n|---|--:|\n| 甲 | 1 |\n\n[商务部](https://www.mofcom.gov.cn)\n"
    )
    folder = write_issue(
        tmp_path,
        articles={"01": {"title": "检查", "body": body}},
        images={"images/c.png": png(3000, 2000)},
    )
    result = run_cli("check", str(folder))
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
