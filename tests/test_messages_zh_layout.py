# ruff: noqa: E501  (the table holds whole message lines, one per line)
"""The error table of the ``layout`` domain in both languages: each case the suite exercises
for pictures, output paths, writes, layouts, page checks and rendering, with its exact
English and exact Chinese line (docs/i18n.md). Reproduced in this process, no PDF built."""

from __future__ import annotations

import errno
import logging
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import write_issue
from test_images import png
from test_images_hostile import ROWS, article, bomb, expected_lines

from typesetter import i18n, layouts, outputs
from typesetter.content import load_issue
from typesetter.errors import ContentError, LayoutError, Problem, TypesetterError, UsageError
from typesetter.layouts import ENV_VAR, bounded_length_pt, length_pt, load_layout, page_size_mm
from typesetter.options import PrintOptions
from typesetter.resources import FONTS_DIR, LAYOUTS_DIR

MakeIssue = Callable[..., Path]
NEWSLETTER_YAML = LAYOUTS_DIR / "newsletter" / "layout.yaml"
_CLI = i18n.Translator("cli")


@pytest.fixture(autouse=True)
def _english_after(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(layouts, "_option_dirs", [])
    monkeypatch.setenv(ENV_VAR, "")
    yield
    i18n.set_language("en")


def both(produce: Callable[[], Any]) -> tuple[Any, Any]:
    """What ``produce`` returns in English, then in Chinese."""
    try:
        i18n.set_language("en")
        english = produce()
        i18n.set_language("zh-CN")
        chinese = produce()
    finally:
        i18n.set_language("en")
    return english, chinese


def raised(kind: type[TypesetterError], call: Callable[[], Any]) -> Callable[[], list[str]]:
    """A producer: the lines of the ``kind`` error ``call`` raises."""

    def produce() -> list[str]:
        with pytest.raises(kind) as caught:
            call()
        return [str(problem) for problem in caught.value.problems]

    return produce


def value_error(call: Callable[[], Any]) -> Callable[[], str]:
    def produce() -> str:
        with pytest.raises(ValueError) as caught:
            call()
        return str(caught.value)

    return produce


# --- pictures before rendering (tests/test_images_hostile.py's table) ------------------------

#: Each row of test_images_hostile.ROWS in Chinese, after ``articles/NN.md:LINE: ``.
PICTURES = {
    "jpeg-cut-in-half-end-marker-kept": "图片 'images/r01.jpg'（{D}/images/r01.jpg）不完整：压缩数据在图片结束之前就断了（文件不完整或已损坏：请重新导出）",
    "progressive-jpeg-cut-in-half": "图片 'images/r02.jpg'（{D}/images/r02.jpg）不完整：压缩数据在图片结束之前就断了（文件不完整或已损坏：请重新导出）",
    "progressive-jpeg-without-its-last-scan": "图片 'images/r03.jpg'（{D}/images/r03.jpg）不完整：压缩数据在图片结束之前就断了（文件不完整或已损坏：请重新导出）",
    "jpeg-cut-between-restart-intervals": "图片 'images/r04.jpg'（{D}/images/r04.jpg）不完整：压缩数据在图片结束之前就断了（文件不完整或已损坏：请重新导出）",
    "png-short-zlib-stream": "图片 'images/r05.png'（{D}/images/r05.png）不完整：像素数据在 64 行中的第 32 行之后就断了（文件不完整或已损坏：请重新导出）",
    "png-named-dat": "图片 'images/r06.dat'（{D}/images/r06.dat）不完整：像素数据在 64 行中的第 32 行之后就断了（文件不完整或已损坏：请重新导出）",
    "png-named-svg": "图片 'images/r07.svg'（{D}/images/r07.svg）不完整：像素数据在 64 行中的第 32 行之后就断了（文件不完整或已损坏：请重新导出）",
    "ampersand-in-the-name": "图片 'images/r08&b.png'（{D}/images/r08&b.png）不完整：像素数据在 64 行中的第 32 行之后就断了（文件不完整或已损坏：请重新导出）",
    "interlaced-png-short": "图片 'images/r09.png'（{D}/images/r09.png）不完整：像素数据在图片的 50% 处就断了（文件不完整或已损坏：请重新导出）",
    "named-with-a-fragment": "图片 'images/r10.png#top'（{D}/images/r10.png）不完整：像素数据在 64 行中的第 32 行之后就断了（文件不完整或已损坏：请重新导出）",
    "front-matter-image": "图片 'images/r11.png'（{D}/images/r11.png）不完整：像素数据在 64 行中的第 32 行之后就断了（文件不完整或已损坏：请重新导出）",
    "svg-draws-a-short-png": "图片 'images/r12.svg'（{D}/images/r12.svg）所绘的 'r12b.png'（{D}/images/r12b.png）不完整：像素数据在 64 行中的第 32 行之后就断了（文件不完整或已损坏：请重新导出）",
    "svg-draws-a-cut-jpeg-relative-to-itself": "图片 'images/sub/r13.svg'（{D}/images/sub/r13.svg）所绘的 '../r13b.jpg'（{D}/images/r13b.jpg）不完整：压缩数据在图片结束之前就断了（文件不完整或已损坏：请重新导出）",
    "svg-draws-a-short-png-data-uri": "图片 'images/r14.svg'（{D}/images/r14.svg）所绘的 'data:image/png;base64,iVBORw0KGg…' 不完整：像素数据在 64 行中的第 32 行之后就断了（文件不完整或已损坏：请重新导出）",
    "svg-embeds-a-good-data-uri": "图片 'images/r15.svg'（{D}/images/r15.svg）以 data: URI 嵌入了图片（'data:image/png;base64,iVBORw0KGg…'），这种图片一概不用（请把该图片另存为期刊文件夹中的文件，并按文件名引用：<image href=\"picture.png\" …/>）",
    "png-bomb-named-svg": "图片 'images/r16.svg'（{D}/images/r16.svg）为 20000×20000 px（400 百万像素），超过了 100 百万像素的上限（请缩小图片：整页 A4 按 300 ppi 计为 8.7 百万像素；或在版式中调高 max_megapixels）",
    "png-12000-squared": "图片 'images/r17.png'（{D}/images/r17.png）为 12000×12000 px（144 百万像素），超过了 100 百万像素的上限（请缩小图片：整页 A4 按 300 ppi 计为 8.7 百万像素；或在版式中调高 max_megapixels）",
    "png-50000-squared": "图片 'images/r18.png'（{D}/images/r18.png）为 50000×50000 px（2500 百万像素），超过了 100 百万像素的上限（请缩小图片：整页 A4 按 300 ppi 计为 8.7 百万像素；或在版式中调高 max_megapixels）",
    "svg-draws-a-bomb": "图片 'images/r19.svg'（{D}/images/r19.svg）所绘的 'r19b.png'（{D}/images/r19b.png）为 20000×20000 px（400 百万像素），超过了 100 百万像素的上限（请缩小图片：整页 A4 按 300 ppi 计为 8.7 百万像素；或在版式中调高 max_megapixels）",
    "svg-20000-nested-groups": "图片 'images/r20.svg'（{D}/images/r20.svg）元素嵌套超过 200 层（请简化图形：取消编组、减少副本，或重新导出）",
    "svg-201-levels": "图片 'images/r21.svg'（{D}/images/r21.svg）元素嵌套超过 200 层（请简化图形：取消编组、减少副本，或重新导出）",
    "svg-draws-an-svg-with-entities": "图片 'images/r22.svg'（{D}/images/r22.svg）所绘的 'r22b.svg'（{D}/images/r22b.svg）声明了 XML 实体（请删除 <!ENTITY> 声明）",
    "svg-use-copies-bomb": "图片 'images/r23.svg'（{D}/images/r23.svg）要绘制的元素超过 100000 个（含 <use> 副本及其所绘的 SVG）（请简化图形：取消编组、减少副本，或重新导出）",
    "svg-draws-itself": "图片 'images/r24.svg'（{D}/images/r24.svg）所绘的 'r24.svg'（{D}/images/r24.svg）正在绘制中：这些 SVG 互相绘制，形成了循环（SVG 不能绘制自身）",
    "svg-use-copies-its-own-group": "图片 'images/r25.svg'（{D}/images/r25.svg）通过 <use> 在 <g> 自身内部绘制它（<use> 不能复制包含它自己的元素）",
    "svg-draws-a-missing-file": "图片 'images/r26.svg'（{D}/images/r26.svg）所绘的 'r26b.png' 找不到（没有文件 {D}/images/r26b.png）",
    "svg-draws-outside-the-issue": "图片 'images/r27.svg'（{D}/images/r27.svg）所绘的 '../../../outside.png' 在期刊文件夹之外（路径必须在期刊文件夹之内）",
    "svg-draws-etc-passwd": "图片 'images/r28.svg'（{D}/images/r28.svg）所绘的 'file:///etc/passwd' 在期刊文件夹之外（路径必须在期刊文件夹之内）",
    "svg-draws-a-url": "图片 'images/r29.svg'（{D}/images/r29.svg）所绘的 'https://example.com/a.png' 是网址（网址一概不会读取：请把图片放进期刊文件夹，并用相对于该 SVG 的路径引用）",
    "svg-draws-a-gif": "图片 'images/r30.svg'（{D}/images/r30.svg）所绘的 'r30b.gif'（{D}/images/r30b.gif）不是 PNG、JPEG 或 SVG 文件（请转换为 PNG 或 JPEG）",
    "svg-image-without-href": "图片 'images/r31.svg'（{D}/images/r31.svg）有一个没有指明图片的 <image>（请给它加上 href，或删除它）",
    "five-svgs-one-inside-another": "图片 'images/r32a.svg'（{D}/images/r32a.svg）所绘的 'r32b.svg'（{D}/images/r32b.svg）所绘的 'r32c.svg'（{D}/images/r32c.svg）所绘的 'r32d.svg'（{D}/images/r32d.svg）所绘的 'r32e.svg'（{D}/images/r32e.svg）是套在另外 4 个 SVG 里绘制的 SVG（最多只能套 4 层）（请简化图形：取消编组、减少副本，或重新导出）",
}


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    """The hostile issue of test_images_hostile, checked in this process in each language."""
    from typesetter.pipeline import check_issue

    root = tmp_path_factory.mktemp("pictures")
    articles, images = {}, {}
    for number, row in enumerate(ROWS, 1):
        name, content, _line = article(number, row)
        articles[name] = content
        images.update(row.files)
    folder = write_issue(root, articles=articles, images=images)
    english, chinese = both(raised(ContentError, lambda: check_issue(folder)))
    return folder, english, chinese


def test_every_picture_row_has_its_chinese_line() -> None:
    assert set(PICTURES) == {row.name for row in ROWS}


@pytest.mark.parametrize("number", range(len(ROWS)), ids=[row.name for row in ROWS])
def test_a_picture_in_both_languages(
    pictures: tuple[Path, list[str], list[str]], number: int
) -> None:
    folder, english, chinese = pictures
    row = ROWS[number]
    name, _content, line = article(number + 1, row)
    assert english[number] == expected_lines(folder)[row.name]
    where = f"{folder}/articles/{name}.md:{line}: "
    assert chinese[number] == where + PICTURES[row.name].replace("{D}", str(folder))


def test_the_pixel_limit_of_a_layout(make_issue: MakeIssue) -> None:
    from typesetter.pipeline import check_issue

    folder = make_issue(
        articles={"01": {"title": "图片", "body": "正文。\n\n![图](images/a.png)\n"}},
        images={"images/a.png": bomb(1001, 1000)},
    )
    lines = both(
        raised(ContentError, lambda: check_issue(folder, display_dir="t", max_megapixels=1))
    )
    assert lines == (
        [
            "t/articles/01.md:7: image 'images/a.png' (t/images/a.png) is 1001×1000 px "
            "(1.001 megapixels), more than the limit of 1 megapixels (scale it down: a full A4 "
            "page at 300 ppi is 8.7 megapixels; or raise max_megapixels in the layout)"
        ],
        [
            "t/articles/01.md:7: 图片 'images/a.png'（t/images/a.png）为 1001×1000 px（1.001 百万像素），"
            "超过了 1 百万像素的上限（请缩小图片：整页 A4 按 300 ppi 计为 8.7 百万像素；或在版式中调高 max_megapixels）"
        ],
    )


def test_the_colour_report_of_a_picture() -> None:
    from typesetter.images import ImageInfo

    infos = [
        ImageInfo("a", "PNG", 3000, 2000, "RGB", "sRGB built-in"),
        ImageInfo("b", "JPEG", 90, 60, "CMYK", None),
        ImageInfo("c", "PNG", 64, 48, "RGBA", "unnamed"),
        ImageInfo("d", "PNG", 64, 48, "L", None),
    ]
    assert both(lambda: [info.describe() for info in infos]) == (
        [
            "PNG 3000×2000 px, RGB, ICC profile 'sRGB built-in'",
            "JPEG 90×60 px, CMYK, no ICC profile",
            "PNG 64×48 px, RGB + alpha, ICC profile 'unnamed'",
            "PNG 64×48 px, greyscale, no ICC profile",
        ],
        [
            "PNG 3000×2000 px，RGB，ICC 特性文件 'sRGB built-in'",
            "JPEG 90×60 px，CMYK，无 ICC 特性文件",
            "PNG 64×48 px，RGB + 透明通道，ICC 特性文件 '未命名'",
            "PNG 64×48 px，灰度，无 ICC 特性文件",
        ],
    )


# --- after layout: resolution, overflow, trim (test_images.py, test_printing.py) -------------


def _picture(page: int, src: str, pixels: tuple[int, int], mm: float, article: str) -> Any:
    from typesetter.weasy import Placed

    width = mm / 25.4 * 96
    height = width * pixels[1] / pixels[0]
    return Placed(
        page, "picture", -1, False, article, 0, 0, width, height, 0, width, height,
        src=src, pixels=pixels, drawn=(width, height),
    )  # fmt: skip


def test_picture_resolution_after_layout(make_issue: MakeIssue) -> None:
    from typesetter.images import resolution_problems
    from typesetter.weasy import LaidOut

    folder = make_issue(
        articles={"01": {"title": "图片", "body": "正文。\n\n![图片说明](images/photo.png)\n"}},
        images={"images/photo.png": png(1200, 800)},
    )
    issue, _warnings = load_issue(folder, display_dir="t")
    anchor = next(issue.articles()).anchor
    soft = LaidOut(boxes=[_picture(2, "images/photo.png", (1200, 800), 170, anchor)])
    coarse = LaidOut(boxes=[_picture(2, "images/photo.png", (400, 300), 400 / 96 * 25.4, anchor)])
    lines = both(
        lambda: [str(p) for laid in (soft, coarse) for p in resolution_problems(laid, issue)]
    )
    assert lines == (
        [
            "t/articles/01.md:7: warning: page 2: image 'images/photo.png' prints at 179 ppi: "
            "it is 1200 px wide and needs ≥ 2008 px at 170 mm for 300 ppi (use a picture at "
            "least 2008 px wide, or print it at most 101 mm wide: {width=101mm})",
            "t/articles/01.md:7: page 2: image 'images/photo.png' prints at 96 ppi, under the "
            "150 ppi minimum for print: it is 400 px wide and needs ≥ 1250 px at 106 mm for "
            "300 ppi (use a picture at least 1250 px wide, or print it at most 33 mm wide: "
            "{width=33mm})",
        ],
        [
            "t/articles/01.md:7: 警告：第2页：图片 'images/photo.png' 印出只有 179 ppi：图宽 1200 px，"
            "按 170 mm 宽印刷要达到 300 ppi 需 ≥ 2008 px（请换用宽至少 2008 px 的图片，或把印刷宽度限制在 101 mm 以内：{width=101mm}）",
            "t/articles/01.md:7: 第2页：图片 'images/photo.png' 印出只有 96 ppi，低于印刷最低要求 150 ppi："
            "图宽 400 px，按 106 mm 宽印刷要达到 300 ppi 需 ≥ 1250 px（请换用宽至少 1250 px 的图片，或把印刷宽度限制在 33 mm 以内：{width=33mm}）",
        ],
    )


def test_overflow_and_text_near_the_trim() -> None:
    from typesetter.pagechecks import layout_problems, trim_problems
    from typesetter.weasy import Frame, LaidOut, Placed

    mm = 96 / 25.4
    frame = Frame(2, 210 * mm, 297 * mm, 20 * mm, 190 * mm, 277 * mm)
    table = Placed(
        2,
        "table",
        -1,
        False,
        "a2",
        20 * mm,
        40 * mm,
        200 * mm,
        10 * mm,
        20 * mm,
        202.5 * mm,
        50 * mm,
    )
    text = Placed(
        2,
        "text",
        -1,
        False,
        "",
        2 * mm,
        100 * mm,
        5 * mm,
        4 * mm,
        2 * mm,
        7 * mm,
        104 * mm,
        14.0,
        "c",
    )
    first = Frame(1, 210 * mm, 297 * mm, 20 * mm, 190 * mm, 277 * mm)
    laid = LaidOut(frames=[first, frame], boxes=[table, text])
    lines = both(
        lambda: (
            [str(p) for p in layout_problems(laid, {"a2": "t/articles/02.md"}, "t")]
            + [str(p) for p in trim_problems(laid, "t")]
        )
    )
    assert lines == (
        [
            "t/articles/02.md: warning: page 2: a table sticks out of the column by 12.5 mm "
            "(it is cut off or runs into the margin: shorten, break or shrink it)",
            "t: warning: page 2: the text 'c' sticks out of the column by 18.0 mm (it is cut off "
            "or runs into the margin: shorten, break or shrink it)",
            "t: warning: page 2: the text 'c' is 2.0 mm from the trim edge (keep text 5 mm inside)",
        ],
        [
            "t/articles/02.md: 警告：第2页：表格超出栏宽 12.5 mm（超出部分会被裁掉或伸进页边：请缩短、拆分或缩小）",
            "t: 警告：第2页：文字「c」超出栏宽 18.0 mm（超出部分会被裁掉或伸进页边：请缩短、拆分或缩小）",
            "t: 警告：第2页：文字「c」距裁切线只有 2.0 mm（文字应在裁切线内至少 5 mm）",
        ],
    )


# --- output paths (test_cli_safety.py's refusals), writes ------------------------------------


def _refusal(call: Callable[[], Any]) -> Callable[[], str]:
    def produce() -> str:
        refusal = call()
        assert refusal is not None
        return str(refusal.message + _CLI(" ({hint})", hint=refusal.hint))

    return produce


@pytest.fixture
def places(tmp_path: Path) -> Path:
    """Paths to refuse: an issue, a folder, a pipe, links, a content root with an issue."""
    write_issue(tmp_path)
    (tmp_path / "outdir").mkdir()
    os.mkfifo(tmp_path / "fifo.pdf")
    (tmp_path / "dangling.pdf").symlink_to(tmp_path / "missing.pdf")
    (tmp_path / "folder-link").symlink_to(tmp_path / "outdir")
    (tmp_path / "into-issue.pdf").symlink_to(tmp_path / "issue" / "issue.yaml")
    write_issue(tmp_path / "archive", name="a")
    (tmp_path / "out").mkdir()
    (tmp_path / "imp").mkdir()
    (tmp_path / "imp" / "issue.yaml").write_text("x\n", encoding="utf-8")
    return tmp_path


READS = "the build reads that folder: write elsewhere"
ZH_READS = "排版要读取该文件夹：请写到别处"
REFUSALS = [
    (
        "into the issue",
        lambda t: outputs.build_output(t / "issue/issue.yaml", t / "issue"),
        f"{{T}}/issue/issue.yaml is inside the issue folder {{T}}/issue ({READS})",
        f"{{T}}/issue/issue.yaml 在期刊文件夹 {{T}}/issue之内（{ZH_READS}）",
    ),
    (
        "a folder",
        lambda t: outputs.build_output(t / "outdir", t / "issue"),
        "{T}/outdir is a folder, not a regular file (name the file to write, e.g. {T}/outdir/issue.pdf)",
        "{T}/outdir 是文件夹，不是普通文件（请指定要写出的文件，如 {T}/outdir/issue.pdf）",
    ),
    (
        "a link to a folder",
        lambda t: outputs.build_output(t / "folder-link", t / "issue"),
        "{T}/folder-link is a symbolic link to a folder, not a regular file (name the file to write, e.g. {T}/folder-link/issue.pdf)",
        "{T}/folder-link 是指向文件夹的符号链接，不是普通文件（请指定要写出的文件，如 {T}/folder-link/issue.pdf）",
    ),
    (
        "a device",
        lambda t: outputs.build_output(Path("/dev/full"), t / "issue"),
        "/dev/full is a device, not a regular file (the output would replace it: name a new file or a regular one)",
        "/dev/full 是设备，不是普通文件（输出会替换它：请指定一个新文件或普通文件）",
    ),
    (
        "a named pipe",
        lambda t: outputs.build_output(t / "fifo.pdf", t / "issue"),
        "{T}/fifo.pdf is a named pipe, not a regular file (the output would replace it: name a new file or a regular one)",
        "{T}/fifo.pdf 是命名管道，不是普通文件（输出会替换它：请指定一个新文件或普通文件）",
    ),
    (
        "a dangling link",
        lambda t: outputs.build_output(t / "dangling.pdf", t / "issue"),
        "{T}/dangling.pdf is a symbolic link to a missing file, not a regular file (the output would replace it: name a new file or a regular one)",
        "{T}/dangling.pdf 是指向不存在文件的符号链接，不是普通文件（输出会替换它：请指定一个新文件或普通文件）",
    ),
    (
        "a link into the issue",
        lambda t: outputs.build_output(t / "into-issue.pdf", t / "issue"),
        f"{{T}}/into-issue.pdf is a link to {{R}}/issue/issue.yaml, inside the issue folder {{T}}/issue ({READS})",
        f"{{T}}/into-issue.pdf 是指向 {{R}}/issue/issue.yaml 的链接，在期刊文件夹 {{T}}/issue之内（{ZH_READS}）",
    ),
    (
        "the fonts",
        lambda t: outputs.build_output(FONTS_DIR / "x.pdf", t / "issue"),
        f"{FONTS_DIR}/x.pdf is inside the typesetter's fonts folder {FONTS_DIR} ({READS})",
        f"{FONTS_DIR}/x.pdf 在排版程序的字体文件夹 {FONTS_DIR}之内（{ZH_READS}）",
    ),
    (
        "archive -o inside an issue",
        lambda t: outputs.archive_output(t / "archive/a/out", t / "archive"),
        "{T}/archive/a/out is inside the issue folder {T}/archive/a (the archive reads that folder: write elsewhere)",
        "{T}/archive/a/out 在期刊文件夹 {T}/archive/a之内（合订本要读取该文件夹：请写到别处）",
    ),
    (
        "archive -o a file",
        lambda t: outputs.archive_output(t / "archive/a/issue.yaml", t / "archive"),
        "{T}/archive/a/issue.yaml is not a folder (name a folder, or a path that does not exist yet)",
        "{T}/archive/a/issue.yaml 不是文件夹（请指定一个文件夹，或一个尚不存在的路径）",
    ),
    (
        "archive --report the catalog",
        lambda t: outputs.archive_report(t / "out/catalog.json", t / "archive", t / "out"),
        "{T}/out/catalog.json is a file the archive writes itself (name another file, e.g. {T}/out/report.json)",
        "{T}/out/catalog.json 是合订本自己要写出的文件（请另指定一个文件，如 {T}/out/report.json）",
    ),
    (
        "archive --report the output folder",
        lambda t: outputs.archive_report(t / "out", t / "archive", t / "out"),
        "{T}/out is a folder, not a regular file (name the file to write, e.g. {T}/out/report.json)",
        "{T}/out 是文件夹，不是普通文件（请指定要写出的文件，如 {T}/out/report.json）",
    ),
    (
        "import -o inside an issue",
        lambda t: outputs.import_output(t / "text.txt", t / "issue/sub"),
        "{T}/issue/sub is inside the issue folder {T}/issue (an issue folder holds one issue: import next to it)",
        "{T}/issue/sub 在期刊文件夹 {T}/issue 之内（一个期刊文件夹只放一期：请导入到它旁边）",
    ),
    (
        "import over its own text",
        lambda t: outputs.import_output(t / "imp/issue.yaml", t / "imp"),
        "importing into {T}/imp would replace the text file {T}/imp/issue.yaml (move the text file out of that folder first)",
        "导入到 {T}/imp 会替换文本文件 {T}/imp/issue.yaml（请先把文本文件移出该文件夹）",
    ),
    (
        "import -o the layouts",
        lambda t: outputs.import_output(t / "text.txt", LAYOUTS_DIR / "new"),
        f"{LAYOUTS_DIR}/new is inside the typesetter's layouts folder {LAYOUTS_DIR} (the typesetter reads that folder: write elsewhere)",
        f"{LAYOUTS_DIR}/new 在排版程序的版式文件夹 {LAYOUTS_DIR}之内（排版程序要读取该文件夹：请写到别处）",
    ),
]


@pytest.mark.parametrize(
    ("call", "english", "chinese"),
    [case[1:] for case in REFUSALS],
    ids=[case[0] for case in REFUSALS],
)
def test_an_output_refused_in_both_languages(
    places: Path, call: Callable[[Path], Any], english: str, chinese: str
) -> None:
    real = str(places.resolve())

    def filled(text: str) -> str:
        return text.replace("{T}", str(places)).replace("{R}", real)

    assert both(_refusal(lambda: call(places))) == (filled(english), filled(chinese))


def test_a_failed_write_in_both_languages() -> None:
    from typesetter.pdf import write_problem

    full = OSError(errno.ENOSPC, "No space left on device")
    denied = OSError(errno.EACCES, "Permission denied")
    lines = both(
        lambda: [
            str(write_problem(Path("out/old.pdf"), full)),
            str(write_problem(Path("out/a.pdf"), full, again="run the archive again")),
            str(write_problem(Path("out/b.pdf"), denied)),
        ]
    )
    assert lines == (
        [
            "out/old.pdf: could not write the file (No space left on device) (the disk is full: free some space and try again)",
            "out/a.pdf: could not write the file (No space left on device) (the disk is full: free some space and run the archive again)",
            "out/b.pdf: could not write the file (Permission denied) (no permission to write there: write elsewhere)",
        ],
        [
            "out/old.pdf: 无法写入文件（No space left on device）（磁盘已满：请腾出空间后重试）",
            "out/a.pdf: 无法写入文件（No space left on device）（磁盘已满：请腾出空间后重新运行 archive）",
            "out/b.pdf: 无法写入文件（Permission denied）（没有写入权限：请写到别处）",
        ],
    )


# --- page size, lengths, the layout's options (test_cli_safety.py, test_layouts_*.py) ---------


def test_page_size_and_lengths_in_both_languages() -> None:
    cases = [
        (
            lambda: page_size_mm("0mm×0mm"),
            "each side must be 50–1000 mm, not 0mm×0mm",
            "每边须为 50–1000 mm，而不是 0mm×0mm",
        ),
        (
            lambda: bounded_length_pt("5000mm", "bleed"),
            "must be 0–20 mm, not 5000mm",
            "须为 0–20 mm，而不是 5000mm",
        ),
        (
            lambda: bounded_length_pt("30pt", "body_size"),
            "must be 6–24 pt, not 30pt",
            "须为 6–24 pt，而不是 30pt",
        ),
        (
            lambda: length_pt("3"),
            "not a length: '3' (write a number and a unit: mm, cm, pt, in, px)",
            "不是长度：'3'（请写数字加单位：mm、cm、pt、in、px）",
        ),
        (
            lambda: page_size_mm("A3"),
            "unknown page size 'A3' (use one of A4, A5, B5, 大16开, 16开, or e.g. 210mm×285mm)",
            "未知的开本 'A3'（请用 A4, A5, B5, 大16开, 16开 之一，或写成如 210mm×285mm）",
        ),
    ]
    for call, english, chinese in cases:
        assert both(value_error(call)) == (english, chinese)


def test_a_page_too_small_for_the_margins() -> None:
    from test_cli_safety import margins_line, text_area_on

    english, chinese = both(
        raised(LayoutError, lambda: load_layout("newsletter", page_size="50mm×50mm"))
    )
    area = text_area_on(50, 50)
    assert english == [
        f"{NEWSLETTER_YAML}:{margins_line()}: margins: leave {area} for text on the 50 mm × 50 mm "
        "page (at least 40 mm × 40 mm) (the page size 50mm×50mm given for this build is too small for them)"
    ]
    assert chinese == [
        f"{NEWSLETTER_YAML}:{margins_line()}: margins：在 50 mm × 50 mm 的页面上只给正文留下 {area}"
        "（至少需要 40 mm × 40 mm）（本次指定的开本 50mm×50mm 太小，放不下这样的页边距）"
    ]


def weekly(tmp_path: Path, options: str, files: dict[str, str] | None = None) -> Path:
    folder = tmp_path / "layouts" / "weekly"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "layout.yaml").write_text(f"name: weekly\nextends: newsletter\n{options}", "utf-8")
    for name, text in (files or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


#: (layout.yaml options after name and extends, the English and the Chinese line after
#: ``layouts/weekly/layout.yaml:``); test_layouts_options.py, test_images_hostile.py.
OPTIONS = [
    (
        "accent: blue\n",
        "3: accent: must be a colour as #rrggbb or #rgb, e.g. '#1f4e9b', not 'blue' (quote it: a bare # starts a YAML comment)",
        "3: accent：须为 #rrggbb 或 #rgb 形式的颜色，如 '#1f4e9b'，而不是 'blue'（请加引号：不加引号的 # 会开始 YAML 注释）",
    ),
    (
        "masthead: banner\n",
        "3: masthead: must be band, plain, or a mapping such as {logo: logo.png}, not 'banner'",
        "3: masthead：须为 band、plain 或如 {logo: logo.png} 的映射，而不是 'banner'",
    ),
    (
        "masthead:\n  logo: logo.png\n",
        "4: masthead: no logo file 'logo.png' (looked in: {weekly}, {newsletter})",
        "4: masthead：没有标志文件 'logo.png'（查找过：{weekly}, {newsletter}）",
    ),
    (
        "issue_line: '{year}年第{volume}期'\n",
        "3: issue_line: unknown field {volume} (fields: {year}, {number}, {total})",
        "3: issue_line：未知的字段 {volume}（可用字段：{year}, {number}, {total}）",
    ),
    (
        "issue_line: '{year}年第{number}期[（总{total}期）'\n",
        "3: issue_line: an optional part '[' is not closed with ']'",
        "3: issue_line：可省略部分的 '[' 没有用 ']' 闭合",
    ),
    (
        "fonts:\n  title: [Noto Sans SC]\n",
        "4: {key}: no vendored font family 'Noto Sans SC' (did you mean 'Noto Sans CJK SC'? families in fonts/: HanaMinB, Noto Sans CJK SC, Noto Sans CJK SC Fallback, Noto Serif CJK SC)",
        "4: {key}：自带字体中没有字族 'Noto Sans SC'（是不是 'Noto Sans CJK SC'？fonts/ 中的字族：HanaMinB, Noto Sans CJK SC, Noto Sans CJK SC Fallback, Noto Serif CJK SC）",
    ),
    (
        "max_megapixels: 0\n",
        "3: max_megapixels: must be more than 0 and at most 1000, not 0",
        "3: max_megapixels：须大于 0 且不超过 1000，而不是 0",
    ),
    (
        "max_megapixels: lots\n",
        "3: max_megapixels: must be a number of megapixels, e.g. 100, not 'lots'",
        "3: max_megapixels：须为百万像素数，如 100，而不是 'lots'",
    ),
    (
        "columns: 3\n",
        "3: columns: must be 1 or 2, not 3",
        "3: columns：须为 1 或 2，而不是 3",
    ),
    (
        "stylesheets:\n  - page.css.j2\n  - press.scss\n",
        "4: stylesheets: 'press.scss' is not a .css or .css.j2 file",
        "4: stylesheets：'press.scss' 不是 .css 或 .css.j2 文件",
    ),
    (
        "stylesheets:\n  - page.css.j2\n  - press.css\n",
        "5: stylesheets: no file 'press.css' in layouts/weekly, layouts/newsletter (stylesheets there: {sheets})",
        "5: stylesheets：layouts/weekly, layouts/newsletter 中没有文件 'press.css'（那里的样式表：{sheets}）",
    ),
]


@pytest.mark.parametrize(
    ("options", "english", "chinese"), OPTIONS, ids=[o[0].split(":")[0] for o in OPTIONS]
)
def test_a_layout_option_in_both_languages(
    tmp_path: Path, options: str, english: str, chinese: str
) -> None:
    folder = weekly(tmp_path, options)
    newsletter = LAYOUTS_DIR / "newsletter"
    sheets = sorted(
        {
            sheet.relative_to(each).as_posix()
            for each in (folder, newsletter)
            for sheet in [*each.rglob("*.css"), *each.rglob("*.css.j2")]
        }
    )
    names = {"weekly": str(folder), "newsletter": str(newsletter), "sheets": ", ".join(sheets)}
    prefix = f"{folder / 'layout.yaml'}:"
    lines = both(raised(LayoutError, lambda: load_layout("weekly", issue_dir=tmp_path / "issue")))
    # The name yamlsource gives a list item's key (content domain), as it gives it now.
    names["key"] = lines[0][0][len(prefix) :].split(": ")[1]
    expected = [english, chinese]
    for i, (got, want) in enumerate(zip(lines, expected, strict=True)):
        for key, value in names.items():
            want = want.replace("{" + key + "}", value)
        assert got == [prefix + want], i


def test_layout_lookup_in_both_languages(tmp_path: Path) -> None:
    root = tmp_path / "layouts"
    for name, parent in (("a", "b"), ("b", "a")):
        (root / name).mkdir(parents=True)
        (root / name / "layout.yaml").write_text(
            f"name: {name}\n# the parent\nextends: {parent}\n", "utf-8"
        )
    (root / "c").mkdir()
    (root / "c" / "layout.yaml").write_text("name: c\nextends: newsleter\n", encoding="utf-8")
    loop = both(raised(LayoutError, lambda: load_layout("a", root=root)))
    assert loop == (
        [
            f"{root / 'b' / 'layout.yaml'}:3: extends: 'a' is a layout that extends it (a → b → a: a layout cannot extend itself, or a layout that extends it)"
        ],
        [
            f"{root / 'b' / 'layout.yaml'}:3: extends：'a' 是继承自它的版式（a → b → a：版式不能继承自身，也不能继承继承自它的版式）"
        ],
    )
    unknown = both(raised(LayoutError, lambda: load_layout("c", issue_dir=tmp_path / "issue")))
    assert unknown == (
        [
            f"{root / 'c' / 'layout.yaml'}:2: extends: unknown layout 'newsleter' (looked in: "
            f"{root} (beside the issue), {LAYOUTS_DIR} (built-in); did you mean 'newsletter'?)"
        ],
        [
            f"{root / 'c' / 'layout.yaml'}:2: extends：未知的版式 'newsleter'（查找过："
            f"{root} (期刊旁), {LAYOUTS_DIR} (内置)；是不是 'newsletter'？）"
        ],
    )


# --- HTML: templates, stylesheets, formats (test_layouts_options.py, test_html.py) -----------


def test_html_errors_in_both_languages(make_issue: MakeIssue, tmp_path: Path) -> None:
    from typesetter.html import render_html
    from typesetter.pipeline import check_issue

    folder = weekly(
        tmp_path,
        "issue_line: '{year}年第{number}期 总第{total}期'\n",
        {"extra.css": "\n.cover { background: url('bg.png'); }\n"},
    )
    checked = check_issue(make_issue(issue={"layout": "weekly", "total": None}))
    total = both(raised(LayoutError, lambda: render_html(checked.issue, checked.layout)))
    assert total == (
        [
            f"{folder / 'layout.yaml'}:3: issue_line: the issue has no total for {{total}} "
            "(put the part with {total} in [ ], to leave it out when it is missing)"
        ],
        [
            f"{folder / 'layout.yaml'}:3: issue_line：本期没有可填入 {{total}} 的 total"
            "（请把含 {total} 的部分放进 [ ]，缺少时即省略）"
        ],
    )
    (folder / "layout.yaml").write_text("name: weekly\nextends: newsletter\n", encoding="utf-8")
    checked = check_issue(make_issue(name="again", issue={"layout": "weekly"}))
    url = both(raised(LayoutError, lambda: render_html(checked.issue, checked.layout)))
    assert url == (
        [
            f"{folder / 'extra.css'}:2: url(bg.png): no such file (put bg.png in {folder}, beside the stylesheet)"
        ],
        [
            f"{folder / 'extra.css'}:2: url(bg.png)：没有这个文件（请把 bg.png 放在样式表旁边的 {folder} 中）"
        ],
    )
    (folder / "extra.css").unlink()
    (folder / "running.html.j2").write_text(
        '{% extends "newsletter/running.html.j2" %}\n{% block cover_foot %}\n'
        "<img src=\"{{ layout_file('seal.png') }}\">{{ super() }}\n{% endblock %}\n",
        encoding="utf-8",
    )
    checked = check_issue(make_issue(name="third", issue={"layout": "weekly"}))
    asset = both(raised(LayoutError, lambda: render_html(checked.issue, checked.layout)))
    newsletter = LAYOUTS_DIR / "newsletter"
    assert asset == (
        [
            f"{folder / 'running.html.j2'}:3: layout_file: no file 'seal.png' in the layout's folders (looked in: {folder}, {newsletter})"
        ],
        [
            f"{folder / 'running.html.j2'}:3: layout_file：版式的文件夹中没有文件 'seal.png'（查找过：{folder}, {newsletter}）"
        ],
    )


# --- print settings (test_printing.py) --------------------------------------------------------


def test_print_settings_in_both_languages(tmp_path: Path) -> None:
    import shutil

    from typesetter.printing import resolve

    newsletter = load_layout("newsletter")
    variant = both(
        raised(LayoutError, lambda: resolve(newsletter, PrintOptions(pdf_variant="pdf/z-9")))
    )
    assert variant == (
        ["typesetter: unknown PDF variant 'pdf/z-9' (use one of pdf/x-4, pdf/a-2b, pdf/ua-1)"],
        ["typesetter: 未知的 PDF 类型 'pdf/z-9'（请用 pdf/x-4, pdf/a-2b, pdf/ua-1 之一）"],
    )
    root = tmp_path / "layouts"
    shutil.copytree(LAYOUTS_DIR / "newsletter", root / "press")
    (root / "press" / "printer.icc").write_bytes(b"not a profile at all" * 4)
    options = (root / "press" / "layout.yaml").read_text(encoding="utf-8")
    (root / "press" / "layout.yaml").write_text(f"{options}cmyk_profile: printer.icc\n", "utf-8")
    press = load_layout("press", root=root)
    where = root / "press" / "layout.yaml"
    profile = both(raised(LayoutError, lambda: resolve(press, PrintOptions(pdf_variant="pdf/x-4"))))
    assert profile == (
        [
            f"{where}: cmyk_profile: 'printer.icc' is not a CMYK ICC profile (a printer's profile such as FOGRA39 or GRACoL, colour space CMYK)"
        ],
        [
            f"{where}: cmyk_profile：'printer.icc' 不是 CMYK 的 ICC 特性文件（应为印刷厂的特性文件，如 FOGRA39 或 GRACoL，色彩空间为 CMYK）"
        ],
    )


# --- build --only, --strict (pipeline.py) -----------------------------------------------------


def test_only_an_unknown_article_in_both_languages(make_issue: MakeIssue) -> None:
    from typesetter.pipeline import check_issue

    folder = make_issue(
        articles={
            "01": {"title": "甲", "body": "正文。\n"},
            "02": {"title": "乙", "body": "正文。\n"},
        }
    )
    lines = both(
        raised(
            UsageError,
            lambda: check_issue(folder, display_dir="t", only=["articles/03.md", "articles/0.md"]),
        )
    )
    assert lines == (
        [
            "--only: 'articles/03.md' is not an article of t (did you mean articles/02.md?)",
            "--only: 'articles/0.md' is not an article of t (did you mean articles/02.md? the issue's articles: articles/01.md, articles/02.md)",
        ],
        [
            "--only: 'articles/03.md' 不是 t 中的文章（是不是 articles/02.md？）",
            "--only: 'articles/0.md' 不是 t 中的文章（是不是 articles/02.md？本期的文章：articles/01.md, articles/02.md）",
        ],
    )


def test_strict_turns_a_warning_without_hint_into_an_error() -> None:
    from typesetter.pipeline import _as_errors

    warning = Problem("t", None, "x", None, "warning")
    assert both(lambda: str(_as_errors([warning])[0])) == (
        "t: x (--strict turns warnings into errors)",
        "t: x（--strict 会把警告当作错误）",
    )


# --- rendering: refused fetches, pictures WeasyPrint fails on, the guard ----------------------


def test_refused_fetches_in_both_languages(tmp_path: Path) -> None:
    from typesetter.weasy.fetcher import make_fetcher

    (tmp_path / "issue").mkdir()
    (tmp_path / "other.png").write_bytes(b"x")

    def reasons() -> list[str]:
        fetcher = make_fetcher([tmp_path / "issue"])
        for url in (
            "https://example.com/a.png",
            (tmp_path / "other.png").as_uri(),
            (tmp_path / "issue" / "seal.png").as_uri(),
        ):
            with pytest.raises(ValueError, match=r"^refused: "):
                fetcher.fetch(url)
        return [reason for _url, reason in fetcher.refused]

    issue = tmp_path / "issue"
    assert both(reasons) == (
        [
            "only files inside the issue folder are used",
            f"only files in these folders are read: {issue}",
            f"no such file: {issue / 'seal.png'}; a template names a file of its layout as {{{{ layout_file('NAME') }}}}",
        ],
        [
            "只使用期刊文件夹内的文件",
            f"只读取这些文件夹中的文件：{issue}",
            f"没有这个文件：{issue / 'seal.png'}；模板引用版式中的文件要写成 {{{{ layout_file('NAME') }}}}",
        ],
    )


def test_a_picture_weasyprint_fails_on_in_both_languages() -> None:
    """test_images_hostile.py's last case: the log record WeasyPrint writes, as a Problem."""
    from PIL import Image

    from typesetter.weasy.render import _ProblemHandler

    url = "file:///x/images/bomb.svg"

    def problems() -> list[str]:
        sink: list[Problem] = []
        handler = _ProblemHandler("t", sink)
        try:
            raise Image.DecompressionBombError("Image size (400000000 pixels) exceeds limit")
        except Image.DecompressionBombError:
            try:
                raise ValueError  # WeasyPrint's own, which says nothing
            except ValueError:
                record = logging.LogRecord(
                    "weasyprint",
                    logging.ERROR,
                    "",
                    0,
                    "Failed to load image at %r: %s",
                    (url, "x"),
                    sys.exc_info(),
                )
                handler.emit(record)
        drawn = logging.LogRecord(
            "weasyprint", logging.ERROR, "", 0, "Failed to render SVG image %r", (url,), None
        )
        handler.emit(drawn)
        return [str(problem) for problem in sink]

    assert both(problems) == (
        [
            "t: the picture '/x/images/bomb.svg' could not be loaded: DecompressionBombError: Image size (400000000 pixels) exceeds limit "
            "(it would be missing from the PDF; please report this, with the picture)",
            "t: the picture '/x/images/bomb.svg' could not be drawn (it would be missing from the PDF; please report this, with the picture)",
        ],
        [
            "t: 图片 '/x/images/bomb.svg' 无法载入：DecompressionBombError: Image size (400000000 pixels) exceeds limit"
            "（PDF 中会缺少这张图片；请连同图片一起报告此问题）",
            "t: 图片 '/x/images/bomb.svg' 无法绘制（PDF 中会缺少这张图片；请连同图片一起报告此问题）",
        ],
    )


def test_the_weasyprint_guard_in_both_languages(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    from typesetter.weasy import guard

    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    monkeypatch.setattr(guard, "_verified", False)

    def message() -> str:
        with pytest.raises(TypesetterError) as caught:
            guard.verify()
        return str(caught.value)

    # The first problem the guard finds (others depend on how far WeasyPrint was loaded).
    english, chinese = (text.split("; ")[0] for text in both(message))
    assert english == (
        "typesetter: typesetter supports only WeasyPrint 70.0 with pydyf 0.13.0 as released: "
        "weasyprint 71.0 (expected 70.0)"
    )
    assert (
        chinese
        == "typesetter: typesetter 只支持原版发布的 WeasyPrint 70.0 与 pydyf 0.13.0：weasyprint 71.0（应为 70.0）"
    )
