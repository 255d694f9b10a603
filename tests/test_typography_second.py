"""Chinese typography, second level (issue 17), measured on real PDFs with pdfplumber.

1. A line break of the Markdown source between two East Asian wide characters prints as
   nothing (CSS Text 3 segment breaks), in bodies and text fields; between Latin words it
   stays a space.
2. Inline code takes the ¼ em Han–Latin gap on both sides, none at a line edge.
3. ’ ‘ ” “ in or around Latin words take the proportional Latin glyph; between Han
   characters they stay full width.
4. ⸺ and ⸻ never start a line and are never split or hung, like ——.
8. Letter-spaced centred text (the kicker, the masthead, 目录) is centred on the column.

Items 1–3 go end to end through a small issue (Markdown, templates, fonts); the line
edges of 2 and 4 need a column of a chosen width (``render_html``); 8 is measured on the
cover of content/2023-17.
"""

from __future__ import annotations

import io
import itertools
from dataclasses import dataclass
from typing import Any

import pdfplumber
import pytest
from conftest import ROOT, render_html, write_issue

from typesetter.markdown import render_body
from typesetter.pipeline import build_issue
from typesetter.typography import prepare_fragment
from typesetter.typography.chars import is_han

CLREQ_CSS = ROOT / "layouts" / "newsletter" / "clreq.css"
FONT_SIZE = 10.5  # pt: the body size of the newsletter layout and of the column cases
EM = FONT_SIZE
MARGIN = 20 * 72 / 25.4  # the column cases' left margin: 20 mm in pt
TOLERANCE = 0.5  # pt: a line meets an edge
CENTRED = 0.2  # pt: letter-spaced text is centred within this

BODY = """\
第一行在这里结束
第二行从这里开始，他说：
“你好。”
结束。

英文单词 the quick
brown fox 之间的换行是空格。

使用`API`接口，调用 `--help` 命令。

在Levi’s店，Macy’s和L’Oréal的柜台。

He said “Hello” to ‘everyone’ there. 他说“你好”和‘再见’。
"""

ISSUE = {"kicker": "本期\n专题"}
ARTICLES = {
    "01-planted": {
        "title": "标题第一行\n第二行结束",
        "source": "《文汇\n报》",
        "body": BODY,
    }
}

#: Columns of a chosen width (in em): name → (Markdown source, width).
COLUMNS: dict[str, tuple[str, float]] = {
    "code-edge": ("一二三四五六七八九`Temu`一二三四五六七八九十一二三", 10),
    "code-edge-end": ("一二三四五六七`Temu`一二三四五六七八九十一二三", 10),
    "apostrophe-stretched": ("一二三Levi’s四五六七八九十一二三四五六七八", 10),
    "two-em": ("一二三四五六七八九他⸺说一二三四五六七八", 10),
    "three-em": ("一二三四五六七八九他⸻说一二三四五六七八", 10),
    "two-em-late": ("一二三四五六七八他⸺说一二三四五六七八", 10),
    "two-em-doubled": ("一二三四五六七八他⸺⸺说一二三四五六七八", 10),
    "two-em-stretched": ("一二⸺⸺三四五六七八九十", 10.5),
}


@dataclass
class Line:
    page: int
    top: float
    chars: list[dict[str, Any]]

    @property
    def text(self) -> str:
        return "".join(char["text"] for char in self.chars)

    @property
    def x0(self) -> float:
        return float(self.chars[0]["x0"])

    @property
    def x1(self) -> float:
        return float(self.chars[-1]["x1"])

    def char(self, text: str, occurrence: int = 0) -> dict[str, Any]:
        return [char for char in self.chars if char["text"] == text][occurrence]

    def gap(self, before: str, after: str) -> float:
        """Space between the glyph boxes of the first ``before`` + ``after`` pair."""
        for a, b in itertools.pairwise(self.chars):
            if a["text"] == before and b["text"] == after:
                return float(b["x0"] - a["x1"])
        raise AssertionError(f"no {before}{after} in {self.text!r}")


def pdf_lines(pdf: bytes) -> list[Line]:
    """Every line of text, page by page, top to bottom."""
    lines = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            rows: dict[int, list[dict[str, Any]]] = {}
            for char in page.chars:  # by baseline: code is set smaller than the text
                rows.setdefault(round(-char["matrix"][5]), []).append(char)
            for top in sorted(rows):
                chars = sorted(rows[top], key=lambda char: char["x0"])
                lines.append(Line(number, top, chars))
    return lines


def find(lines: list[Line], needle: str) -> Line:
    found = [line for line in lines if needle in line.text]
    assert len(found) == 1, (needle, [line.text for line in found])
    return found[0]


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> list[Line]:
    folder = write_issue(tmp_path_factory.mktemp("second"), issue=ISSUE, articles=ARTICLES)
    built = build_issue(folder, folder / "out.pdf")
    return pdf_lines(built.data)


@pytest.fixture(scope="module")
def columns() -> dict[str, list[Line]]:
    """Each column case on its own page, its body rendered by the product's Markdown."""
    pages = []
    for source, width in COLUMNS.values():
        html, problems = render_body(
            source, display_path="x.md", first_line=1, issue_dir=ROOT, anchor="a"
        )
        assert not problems
        pages.append(f'<div style="width: {width}em">{prepare_fragment(html)}</div>')
    document = f"""<html lang="zh-CN"><head><style>
        @page {{ size: A5; margin: 20mm; }}
        body {{ margin: 0; font-family: "Noto Serif CJK SC"; font-size: {FONT_SIZE}pt;
                line-height: 1.7; }}
        div {{ break-after: page; }}
        p {{ margin: 0; text-align: justify; }}
        code {{ font-size: 0.92em; }}
        {CLREQ_CSS.read_text(encoding="utf-8")}
        </style></head><body>{"".join(pages)}</body></html>"""
    lines = pdf_lines(render_html(document))
    result: dict[str, list[Line]] = {name: [] for name in COLUMNS}
    for line in lines:
        result[list(COLUMNS)[line.page - 1]].append(line)
    return result


def assert_justified(lines: list[Line], width: float) -> None:
    """Every line but the last meets both edges of the column; no line passes its end."""
    right = MARGIN + width * EM
    for line in lines[:-1]:
        assert abs(line.x0 - MARGIN) <= TOLERANCE, line.text
        assert abs(line.x1 - right) <= TOLERANCE, (line.text, line.x1, right)
    assert all(line.x1 <= right + TOLERANCE for line in lines)


# --- 1. segment breaks ----------------------------------------------------------------


def test_a_line_break_between_han_prints_as_nothing(planted: list[Line]) -> None:
    line = find(planted, "结束第二行")
    assert "结束 第二行" not in line.text
    assert abs(line.gap("束", "第")) < 0.05  # before: a space, 2.69 pt
    assert "他说：“你好。”结束。" in line.text  # full-width marks and quotes too


def test_a_line_break_between_latin_words_stays_a_space(planted: list[Line]) -> None:
    line = find(planted, "quick brown")
    space = line.char(" ")
    assert space["x1"] - space["x0"] > 0.2 * EM
    assert "英文单词the" in line.text  # the typed Han–Latin space gives way to the ¼ em gap


@pytest.mark.parametrize(
    ("text", "where"),
    [("标题第一行第二行结束", 2), ("《文汇报》", 1), ("本期专题", 1)],
    ids=["title", "source", "kicker"],
)
def test_a_line_break_in_a_text_field_prints_as_nothing(
    planted: list[Line], text: str, where: int
) -> None:
    # The title is printed over the article and in the contents.
    assert len([line for line in planted if text in line.text]) == where
    assert not [line.text for line in planted if " " in line.text and text[:2] in line.text]


# --- 2. inline code -----------------------------------------------------------------------


def test_inline_code_takes_the_han_latin_gap(planted: list[Line]) -> None:
    line = find(planted, "使用API接口")
    assert abs(line.gap("用", "A") - 0.25 * EM) < 0.1  # before: 0
    assert abs(line.gap("I", "接") - 0.25 * EM) < 0.1
    # Typed spaces around code give way to the gap, like those around any Latin run.
    assert "调用--help命令" in line.text
    assert abs(line.gap("用", "-") - 0.25 * EM) < 0.1
    assert abs(line.gap("p", "命") - 0.25 * EM) < 0.1


@pytest.mark.parametrize("name", ["code-edge", "code-edge-end"])
def test_no_code_gap_at_a_line_edge(columns: dict[str, list[Line]], name: str) -> None:
    lines = columns[name]
    edge = next(
        line for line in lines if line.text.startswith("Temu") or line.text.endswith("Temu")
    )
    assert_justified(lines, COLUMNS[name][1])
    # On the other side the code keeps its ¼ em, and the gap is stretched before the
    # spaces between Han characters are (before: 2.62 pt in all, 0.60 pt between Han).
    between_han = max(
        b["x0"] - a["x1"]
        for a, b in itertools.pairwise(edge.chars)
        if is_han(a["text"]) and is_han(b["text"])
    )
    code = edge.gap("u", "一") if edge.text.startswith("Temu") else edge.gap("七", "T")
    assert code - 0.25 * EM >= between_han - 0.05, (code, between_han)


# --- 3. quotes in Latin words ---------------------------------------------------------


@pytest.mark.parametrize("word", ["Levi’s", "Macy’s", "L’Oréal"])
def test_an_apostrophe_in_a_latin_word_is_proportional(planted: list[Line], word: str) -> None:
    line = find(planted, word)
    start = line.text.index(word)
    apostrophe = line.chars[start + word.index("’")]
    assert apostrophe["text"] == "’"  # the text layer keeps U+2019
    assert apostrophe["x1"] - apostrophe["x0"] < 0.35 * EM  # before: 1 em
    before, after = line.chars[start + word.index("’") - 1], line.chars[start + word.index("’") + 1]
    assert abs(apostrophe["x0"] - before["x1"]) < 0.05
    assert abs(after["x0"] - apostrophe["x1"]) < 0.05


def test_quotes_take_their_form_from_the_context(planted: list[Line]) -> None:
    line = find(planted, "He said")
    widths = {}
    for index, char in enumerate(line.chars):
        if char["text"] in "“”‘’":
            han = any(is_han(c["text"]) for c in line.chars[index - 1 : index + 2])
            widths.setdefault("han" if han else "latin", []).append(char["x1"] - char["x0"])
    assert len(widths["latin"]) == 4 and len(widths["han"]) == 4
    assert all(width < 0.6 * EM for width in widths["latin"])  # “Hello” ‘everyone’
    assert all(abs(width - EM) < 0.05 for width in widths["han"])  # “你好” ‘再见’


def test_a_stretched_line_is_not_spaced_inside_a_latin_word(
    columns: dict[str, list[Line]],
) -> None:
    line = columns["apostrophe-stretched"][0]
    assert "三Levi’s四" in line.text
    assert_justified(columns["apostrophe-stretched"], COLUMNS["apostrophe-stretched"][1])
    assert line.gap("一", "二") > 0.02 * EM  # the line is stretched...
    assert abs(line.gap("i", "’")) < 0.05  # ...between Han, not inside the word
    assert abs(line.gap("’", "s")) < 0.05


# --- 4. two- and three-em dashes ------------------------------------------------------


@pytest.mark.parametrize("name", ["two-em", "three-em", "two-em-late", "two-em-doubled"])
def test_long_dashes_never_start_a_line(columns: dict[str, list[Line]], name: str) -> None:
    lines = columns[name]
    assert len(lines) >= 2
    assert "".join(line.text for line in lines) == COLUMNS[name][0]  # the text layer
    for before, after in itertools.pairwise(lines):
        assert after.text[0] not in "⸺⸻", [line.text for line in lines]
        assert before.text[-1] not in "⸺⸻" or after.text[0] not in "⸺⸻"
    assert lines[1].text[:2] in ("他⸺", "他⸻")  # the character before goes down with it
    assert_justified(lines, COLUMNS[name][1])  # and nothing hangs past the edge


def test_no_expansion_inside_doubled_long_dashes(columns: dict[str, list[Line]]) -> None:
    line = columns["two-em-stretched"][0]
    assert line.text.startswith("一二⸺⸺")
    first, second = line.char("⸺"), line.char("⸺", 1)
    assert abs(second["x0"] - first["x1"]) < 0.05
    assert line.gap("二", "⸺") > 0.02 * EM  # the line is stretched around them
    assert_justified(columns["two-em-stretched"], COLUMNS["two-em-stretched"][1])


# --- 8. centred letter-spaced text ----------------------------------------------------


@dataclass
class Cover:
    lines: list[Line]
    column: tuple[float, float]  # the text column's left and right edges
    boxes: list[tuple[float, float]]  # white rectangles: the kicker's border


@pytest.fixture(scope="module")
def cover(tmp_path_factory: pytest.TempPathFactory) -> Cover:
    """content/2023-17's cover: its lines, its text column (the rules of the issue line
    and of the contents span it; the masthead band alone runs to the page edges) and the
    kicker's border."""
    output = tmp_path_factory.mktemp("cover") / "2023-17.pdf"
    built = build_issue(ROOT / "content" / "2023-17", output)
    with pdfplumber.open(io.BytesIO(built.data)) as document:
        rects = document.pages[0].rects
        white = [r for r in rects if r["non_stroking_color"] == (1.0, 1.0, 1.0)]
        rules = [r for r in rects if r not in white and r["x0"] > 1]
    assert rules and white
    column = (min(float(r["x0"]) for r in rules), max(float(r["x1"]) for r in rules))
    boxes = [(float(r["x0"]), float(r["x1"])) for r in white]
    return Cover([line for line in pdf_lines(built.data) if line.page == 1], column, boxes)


def centre(x0: float, x1: float) -> float:
    return (x0 + x1) / 2


@pytest.mark.parametrize("text", ["行业资讯", "电子商务动态", "目录"])
def test_letter_spaced_titles_are_centred(cover: Cover, text: str) -> None:
    line = next(line for line in cover.lines if line.text == text)
    # Before: the kicker 1.63 pt and the masthead 4.16 pt left of the column's centre.
    assert abs(centre(line.x0, line.x1) - centre(*cover.column)) < CENTRED


def test_the_kicker_box_stays_centred_and_letter_spaced(cover: Cover) -> None:
    kicker = next(line for line in cover.lines if line.text == "行业资讯")
    for box in cover.boxes:  # the border's edges
        assert abs(centre(*box) - centre(*cover.column)) < CENTRED
        assert box[0] < kicker.x0 and kicker.x1 < box[1]
    spacing = 0.3 * kicker.chars[0]["size"]
    for a, b in itertools.pairwise(kicker.chars):
        assert abs(b["x0"] - a["x1"] - spacing) < 0.05
