"""The clreq rules measured on real PDFs (pdfplumber), one small case per page.

Every case is a column ``width`` em wide at the page's left margin; a line "meets the
edges" when its first character starts at the column's left and its last ends at the
column's right, within 0.5 pt.
"""

from __future__ import annotations

import html
import io
import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
from conftest import render_html

from typesetter.typography import prepare_fragment
from typesetter.typography.chars import NO_END, NO_START, is_han

CLREQ_CSS = Path(__file__).parent.parent / "layouts" / "newsletter" / "clreq.css"
FONT_SIZE = 10.5  # pt
MARGIN = 20 * 72 / 25.4  # 20 mm in pt
TOLERANCE = 0.5  # pt
EM = FONT_SIZE

CASES: dict[str, tuple[str, float]] = {  # name: (body HTML, column width in em)
    "plain": ("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十好。", 10),
    "justify": (
        "据悉，2023 年 8 月 21 日下午，国务院以“加快发展数字经济，促进数字技术与实体经济深度"
        "融合”为主题，进行第三次专题学习。Temu、TikTok Shop 等平台在 5G 时代增长 55.37%，"
        "总额达到 19916 亿元……他说：“这是一个好消息。”（见《人民日报》）。",
        14.3,
    ),
    "middle-dot": ("一二三四五六七八九伊·泰勒一二三四五六七八", 10),
    "dash": ("一二三四五六七八九他——说一二三四五六七八", 10),
    "tilde": ("一二三四五六七八九5～10个一二三四五六七八", 10),
    "pairs": ("字。”字，“字》、字）。字：《字", 30),
    "gap": ("中Temu中", 30),
    "gap-inside": ("国第1期，国Temu国", 30),
    "gap-typed": ("2023 年 08 月", 30),
    "gap-untyped": ("2023年08月", 30),
    "gap-tag": ("中<strong>Temu</strong>中", 30),
    "gap-edge": ("一二三四五六七八九Temu一二三四五六七八九十", 10),
    "gap-edge-tag": ("一二三四五六七八九<em>Temu</em>一二三四五六七八九十", 10),
    "url": (
        "https://www.example.com/a/very/long/path/that/goes/on/and/on/index.html?q=1&amp;r=2",
        20,
    ),
    "url-in-text": (
        "访问https://www.example.com/a/very/long/path/that/goes/on/and/on获取详情。",
        20,
    ),
    "url-run": ("访问" + "abcdefghij" * 12 + "获取详情。", 20),
    "url-run-tag": ("一二三四<a>https://example.com/" + "q" * 90 + "</a>。", 20),
    "lonely": ("一二三四五六七八九十一二三四五六七八九十好。", 10),
    "lonely-word": ("一二三四五六七八九十一二三四五六七八九十用了5G网。", 10),
    "ragged": ("一二三四五六七八九十一二三四五六七八九十一二三。", 10.5),
}


@dataclass
class Line:
    x0: float
    x1: float
    text: str
    chars: list[dict[str, Any]]


def render(cases: dict[str, tuple[str, float]], size: str = "A5") -> dict[str, list[Line]]:
    """Render each case on its own page; return its lines (top to bottom)."""
    pages = "".join(
        f'<div style="width: {width}em" class="{"ragged" if name == "ragged" else ""}">'
        f"<p>{prepare_fragment(body)}</p></div>"
        for name, (body, width) in cases.items()
    )
    html = f"""<html lang="zh-CN"><head><style>
        @page {{ size: {size}; margin: 20mm; }}
        body {{ margin: 0; font-family: "Noto Serif CJK SC"; font-size: {FONT_SIZE}pt;
                line-height: 1.7; }}
        div {{ break-after: page; }}
        p {{ margin: 0; text-align: justify; }}
        .ragged p {{ text-align: start; }}
        {CLREQ_CSS.read_text(encoding="utf-8")}
        </style></head><body>{pages}</body></html>"""
    pdf = render_html(html)
    result: dict[str, list[Line]] = {}
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        assert len(document.pages) == len(cases)
        for name, page in zip(cases, document.pages, strict=True):
            rows: dict[float, list[dict[str, Any]]] = {}
            for char in page.chars:
                rows.setdefault(round(char["top"]), []).append(char)
            result[name] = []
            for top in sorted(rows):
                chars = sorted(rows[top], key=lambda char: char["x0"])
                text = "".join(char["text"] for char in chars)
                result[name].append(Line(chars[0]["x0"], chars[-1]["x1"], text, chars))
    return result


@pytest.fixture(scope="session")
def a5() -> dict[str, list[Line]]:
    return render(CASES)


@pytest.fixture(scope="session")
def a4() -> dict[str, list[Line]]:
    wide = {"justify": (CASES["justify"][0] * 3, 40), "lonely": (CASES["lonely"][0], 10)}
    return render(wide, size="A4")


def right_edge(name: str, cases: dict[str, tuple[str, float]] = CASES) -> float:
    return MARGIN + cases[name][1] * EM


def char_at(line: Line, text: str) -> dict[str, Any]:
    return next(char for char in line.chars if char["text"] == text)


#: Marks a line may end on set half width (clreq/breaks.py: shrink before stretch).
HALF_AT_END = frozenset("，。、；：？！）》」』】〕〉”’")


def assert_justified(lines: list[Line], right: float) -> None:
    for line in lines[:-1]:
        assert abs(line.x0 - MARGIN) <= TOLERANCE, line.text
        # a half-width line-end mark keeps its 1 em advance box in the text layer (the
        # half it gave up is the TJ adjustment after it): its ½ em ends on the edge
        half = EM / 2 if line.text[-1] in HALF_AT_END and line.x1 > right + EM / 4 else 0
        assert abs(line.x1 - half - right) <= TOLERANCE, (line.text, line.x1, right)


def test_every_line_but_the_last_meets_both_edges(a5: dict[str, list[Line]]) -> None:
    for name in ("plain", "justify", "middle-dot", "dash", "tilde", "gap-edge", "lonely"):
        assert len(a5[name]) >= 2, name
        assert_justified(a5[name], right_edge(name))
        assert a5[name][-1].x1 < right_edge(name) - EM, name  # the last line is not stretched


def test_another_page_size_and_width(a4: dict[str, list[Line]]) -> None:
    right = MARGIN + 40 * EM
    assert len(a4["justify"]) >= 4
    assert_justified(a4["justify"], right)


def test_text_align_start_is_not_stretched(a5: dict[str, list[Line]]) -> None:
    first = a5["ragged"][0]
    assert first.x1 < right_edge("ragged") - 0.4 * EM
    gaps = [b["x0"] - a["x1"] for a, b in zip(first.chars, first.chars[1:], strict=False)]
    assert max(gaps) < 0.01


def test_expansion_goes_to_spaces_first_then_between_han(a5: dict[str, list[Line]]) -> None:
    spaces = 0
    for line in a5["justify"][:-1]:
        pairs = list(zip(line.chars, line.chars[1:], strict=False))
        gaps = [b["x0"] - a["x1"] for a, b in pairs if is_han(a["text"]) and is_han(b["text"])]
        # The same between all Han (WeasyPrint draws glyph offsets 2.4 % too far: 0.1 pt).
        assert max(gaps) - min(gaps) < 0.1, line.text
        for _, b in pairs:
            if b["text"] == " ":
                spaces += 1  # a word space takes ¼ em more before Han gaps get anything
                assert b["x1"] - b["x0"] + max(gaps) > 0.2 * EM
    assert spaces


@pytest.mark.parametrize(("name", "mark"), [("middle-dot", "·"), ("dash", "—"), ("tilde", "～")])
def test_marks_pango_lets_start_a_line_do_not(
    a5: dict[str, list[Line]], name: str, mark: str
) -> None:
    lines = a5[name]
    assert len(lines) >= 2
    assert not any(line.text[0] == mark for line in lines[1:])
    assert lines[1].text[1] == mark  # the character before it goes down with it


def test_no_line_starts_or_ends_with_a_forbidden_mark(a5: dict[str, list[Line]]) -> None:
    for lines in a5.values():
        for before, after in itertools.pairwise(lines):
            assert after.text[0] not in NO_START, after.text
            assert before.text[-1] not in NO_END, before.text
            assert not (before.text[-1] == after.text[0] and after.text[0] in "—…")


def test_adjacent_marks_take_one_and_a_half_em(a5: dict[str, list[Line]]) -> None:
    line = a5["pairs"][0]
    for first, second in ("。”", "，“", "》、", "）。", "：《"):
        start = line.text.index(first + second)
        left, right = line.chars[start - 1], line.chars[start + 2]  # the Han on each side
        assert abs(right["x0"] - left["x1"] - 1.5 * EM) < 0.3, first + second


def test_quarter_em_between_han_and_western(a5: dict[str, list[Line]]) -> None:
    for name in ("gap", "gap-tag", "gap-inside"):
        chars = a5[name][0].chars
        for a, b in itertools.pairwise(chars):
            gap = b["x0"] - a["x1"]
            if (is_han(a["text"]) and b["text"].isascii()) or (
                a["text"].isascii() and is_han(b["text"])
            ):
                assert abs(gap - 0.25 * EM) < 0.1, (name, a["text"], b["text"])
            elif is_han(a["text"]) and is_han(b["text"]):
                assert abs(gap) < 0.1, (name, a["text"], b["text"])  # moved glyphs land


def test_typed_spaces_print_like_no_spaces(a5: dict[str, list[Line]]) -> None:
    typed, untyped = a5["gap-typed"][0], a5["gap-untyped"][0]
    assert typed.text == untyped.text == "2023年08月"
    for a, b in zip(typed.chars, untyped.chars, strict=True):
        assert abs(a["x0"] - b["x0"]) < 0.05
    year, nian = untyped.chars[3], untyped.chars[4]
    assert abs(nian["x0"] - year["x1"] - 0.25 * EM) < 0.3


@pytest.mark.parametrize("name", ["gap-edge", "gap-edge-tag"])
def test_no_gap_at_the_start_or_end_of_a_line(a5: dict[str, list[Line]], name: str) -> None:
    lines = a5[name]
    western = [line for line in lines if line.text[0] == "T" or line.text[-1] == "u"]
    assert western, [line.text for line in lines]  # the case does put Temu at an edge
    assert_justified(lines, right_edge(name))


def test_url_alone_is_left_as_it_is(a5: dict[str, list[Line]]) -> None:
    lines = a5["url"]
    assert len(lines) >= 2
    assert "".join(line.text for line in lines) == CASES["url"][0].replace("&amp;", "&")
    for line in lines:
        gaps = [b["x0"] - a["x1"] for a, b in zip(line.chars, line.chars[1:], strict=False)]
        assert max(gaps) < 0.25  # not stretched (only the font's own kerning)
        assert line.x1 <= right_edge("url") + TOLERANCE


@pytest.mark.parametrize("name", ["url-in-text", "url-run", "url-run-tag"])
def test_url_in_text_does_not_gape(a5: dict[str, list[Line]], name: str) -> None:
    lines = a5[name]
    assert any(c.isascii() for c in lines[0].text)  # the run fills the first line
    assert_justified(
        [line for line in lines if any(ord(c) > 0x3000 for c in line.text)],
        right_edge(name),
    )
    for line in lines:
        gaps = [b["x0"] - a["x1"] for a, b in zip(line.chars, line.chars[1:], strict=False)]
        assert max(gaps) < 0.75 * EM, line.text


@pytest.mark.parametrize("name", ["lonely", "lonely-word"])
def test_no_paragraph_ends_with_a_lone_han(a5: dict[str, list[Line]], name: str) -> None:
    last = a5[name][-1].text
    assert sum("\u4e00" <= char <= "\u9fff" for char in last) >= 2, last


def test_text_layer_is_the_text(a5: dict[str, list[Line]]) -> None:
    for name, (body, _) in CASES.items():
        expected = html.unescape(re.sub(r"<[^>]*>", "", prepare_fragment(body)))
        expected = expected.replace(" ", "")
        got = "".join(line.text for line in a5[name]).replace(" ", "")
        assert got == expected, name
        assert not any(0x2000 <= ord(c) <= 0x200F or c in "\u2060\ufeff" for c in got)


def test_no_expansion_inside_doubled_marks(a5: dict[str, list[Line]]) -> None:
    lines = [line for line in a5["justify"][:-1] if "……" in line.text]
    assert lines  # the case puts …… on a justified line
    for line in lines:
        start = line.text.index("……")
        first, second = line.chars[start], line.chars[start + 1]
        assert abs(second["x0"] - first["x1"]) < 0.05
        assert line.chars[start - 1]["x1"] < first["x0"]  # the line is stretched around them
