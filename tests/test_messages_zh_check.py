# ruff: noqa: E501  (the table holds whole report lines, one per line)
"""``typesetter check``'s report lines (preflight.py) in both languages, in process: the
seed issue checked for the print and the screen edition."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from typesetter import i18n
from typesetter.options import Edition, PrintOptions
from typesetter.pipeline import check_issue
from typesetter.preflight import preflight_report

SEED = Path(__file__).resolve().parent.parent / "content" / "2023-17"

REPORT = {
    "print": (
        [
            "content: 5 sections, 47 articles",
            "fonts: every character has a glyph in the layout's fonts",
            "images: no raster pictures",
            "layout: newsletter, A4 210×297 mm, margins 22mm/20mm, inner 22mm, outer 18mm (mirrored), bleed 0 mm, marks none",
            "output: print edition, plain PDF, RGB (sRGB)",
            "pages: not laid out (--pages checks resolution, overflow and the trim)",
        ],
        [
            "内容：5 个栏目，47 篇文章",
            "字体：每个字符在版式字体中都有字形",
            "图片：没有位图",
            "版式：newsletter，A4 210×297 mm，页边距 上22mm/下20mm，内侧 22mm，外侧 18mm（左右页对称），出血 0 mm，裁切标记 none",
            "输出：印刷版，普通 PDF，RGB（sRGB）",
            "页面：未排版（--pages 会检查分辨率、溢出和裁切边）",
        ],
    ),
    "screen": (
        [
            "content: 5 sections, 47 articles",
            "fonts: every character has a glyph in the layout's fonts",
            "images: no raster pictures",
            "layout: newsletter, A4 210×297 mm, margins 22mm/20mm, inner 22mm, outer 18mm (not mirrored), bleed 0 mm, marks none",
            "output: screen edition, PDF/A-2B, RGB (sRGB), pictures recompressed",
            "pages: not laid out (--pages checks resolution, overflow and the trim)",
        ],
        [
            "内容：5 个栏目，47 篇文章",
            "字体：每个字符在版式字体中都有字形",
            "图片：没有位图",
            "版式：newsletter，A4 210×297 mm，页边距 上22mm/下20mm，内侧 22mm，外侧 18mm（左右页不对称），出血 0 mm，裁切标记 none",
            "输出：屏幕版，PDF/A-2B，RGB（sRGB），图片已重新压缩",
            "页面：未排版（--pages 会检查分辨率、溢出和裁切边）",
        ],
    ),
}


@pytest.fixture
def restore_language() -> Iterator[None]:
    yield
    i18n.set_language("en")


@pytest.mark.parametrize("edition", list(REPORT))
def test_the_check_report_in_both_languages(restore_language: None, edition: str) -> None:
    printing = PrintOptions(edition=Edition(edition))
    checked = check_issue(SEED, display_dir="content/2023-17", printing=printing)
    got = []
    for language in ("en", "zh-CN"):
        i18n.set_language(language)
        got.append(preflight_report(checked))
    assert got == list(REPORT[edition])


def test_pydantic_sentences_never_reach_the_user(restore_language: None) -> None:
    """An error yamlsource has no words of its own for: ours in place of pydantic's
    English ("Input should be …"), and a ValueError's message without "Value error, "."""
    from pydantic import BaseModel, ValidationError, field_validator

    from typesetter.yamlsource import parse_yaml, validation_problems

    class Odd(BaseModel):
        ratio: float
        name: str

        @field_validator("name")
        @classmethod
        def _named(cls, value: str) -> str:
            raise ValueError(f"{value!r} is taken")

    text = "ratio: lots\nname: x\n"
    doc, problems = parse_yaml(text, "odd.yaml")
    assert doc is not None and not problems
    got = []
    for language in ("en", "zh-CN"):
        i18n.set_language(language)
        with pytest.raises(ValidationError) as caught:
            Odd.model_validate(doc.data)
        got.append([str(p) for p in validation_problems(caught.value, doc, "odd.yaml", Odd)])
    assert got == [
        ["odd.yaml:1: ratio: not a valid value ('lots')", "odd.yaml:2: name: 'x' is taken"],
        ["odd.yaml:1: ratio：不是有效的值（'lots'）", "odd.yaml:2: name：'x' is taken"],
    ]
