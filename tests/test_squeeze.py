"""Shrink before stretch (issue 17 item 6; clreq §3.8, JIS X 4051's order).

A justified line that would end early — its next unit may not be parted (kinsoku:
``…务|设。``), or it would leave a lone last character — takes that unit instead, its
full-width marks compressed: the line-end mark set half width, marks inside the line by
up to ½ em each. The planted paragraphs break early without the squeeze (the line is then
stretched by 1 em over its gaps) and set solid with it; the text layer keeps every
character, in order, and the proof finds nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import render_html

from typesetter.pipeline import proof_pdf
from typesetter.proof.layout import analyse
from typesetter.proof.looseness import line_gap
from typesetter.proof.pdfchars import read_pages
from typesetter.weasy.clreq import breaks

WIDTH_EM = 20
#: 19 characters (a mark at index 4), then ``设。``: 设 may not be parted from 。, so
#: first-fit ends the first line after 务 (19 em on a 20 em line).
KINSOKU = "数字经济，持续发展各地积极推进电子商务设。以数据为关键要素推动实体经济深度融合发展"
#: A 20 em first line; the second would leave ``展。`` alone: the lonely rule ends it one
#: character early (``合`` goes down), the squeeze pulls ``展。`` up instead (。 half
#: width, the three marks inside the line ½ em each: 2 em).
LONELY = "数字经济持续发展各地积极推进电子商务创新" + "以数据、关键要素，推动实体、经济深度融合展。"
#: The same, with one mark fewer: the marks cannot make room, so the line breaks early
#: and is stretched, as before.
STRETCHED = LONELY.replace("、经济", "经济").replace("展。", "发展。")
#: A line with a Western run is a fraction of an em short of holding 体: the ， after the
#: run gives up that fraction (half width, the rest given back to it), not ½ em.
WESTERN = (
    "数字经济，持续发展、各地积极推进电子商务"
    + "同比增长54.4%，以数据为关键要素推动实体经济深度融合发展"
)


def _document(*paragraphs: str) -> str:
    body = "".join(f'<p style="margin: 0 0 1em; text-align: justify">{p}</p>' for p in paragraphs)
    return (
        '<html lang="zh-CN"><head><style>@page { size: A5; margin: 20mm }'
        'body { font: 10.5pt/1.7 "Noto Serif CJK SC" }</style></head><body>'
        f'<div class="zh-prose" style="width: {WIDTH_EM}em">{body}</div></body></html>'
    )


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("squeeze")
    html = _document(KINSOKU, LONELY, STRETCHED, WESTERN)
    out = {"squeezed": folder / "squeezed.pdf", "first-fit": folder / "first-fit.pdf"}
    out["squeezed"].write_bytes(render_html(html))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(breaks, "_squeeze", lambda *args, **kwargs: None)
        out["first-fit"].write_bytes(render_html(html))
    return out


def _lines(pdf: Path) -> list[list[str]]:
    return [[line.text for line in p.lines] for p in analyse(read_pages(pdf)).paragraphs]


def _gaps(pdf: Path) -> Iterator[float]:
    for paragraph in analyse(read_pages(pdf)).paragraphs:
        for line in paragraph.lines[:-1]:
            gap = line_gap(line)
            assert gap is not None
            yield gap


def test_without_the_squeeze_the_lines_break_early(pdfs: dict[str, Path]) -> None:
    kinsoku, lonely, stretched, western = _lines(pdfs["first-fit"])
    assert kinsoku[0] == KINSOKU[:19]  # 设 went down with 。
    assert lonely == [LONELY[:20], LONELY[20:39], "合展。"]  # 合 went down with 展。
    assert stretched[-1] == "发展。"
    assert western[1].endswith("推动实")
    gaps = list(_gaps(pdfs["first-fit"]))
    assert max(gaps) == pytest.approx(1 / 18, abs=0.002)  # 1 em over 18 gaps
    assert gaps[-1] > 0.03  # the Western line's fraction of an em over its Han gaps


def test_the_squeeze_sets_the_lines_solid(pdfs: dict[str, Path]) -> None:
    kinsoku, lonely, _, western = _lines(pdfs["squeezed"])
    assert kinsoku[0] == KINSOKU[:21]  # ends on a half-width 。, the ， compressed
    assert lonely == [LONELY[:20], LONELY[20:]]
    assert western[1].endswith("推动实体")
    # the text layer keeps every character, in order
    assert ["".join(lines) for lines in (kinsoku, lonely, western)] == [KINSOKU, LONELY, WESTERN]
    gaps = list(_gaps(pdfs["squeezed"]))
    # solid, but for the paragraph whose marks could not make room: stretched as before
    assert [gap > 0.002 for gap in gaps] == [False, False, False, True, False, False]
    assert max(gaps) == pytest.approx(1 / 18, abs=0.002)
    assert _lines(pdfs["squeezed"])[2] == _lines(pdfs["first-fit"])[2]


def test_squeezed_lines_meet_both_edges_and_proof_clean(pdfs: dict[str, Path]) -> None:
    report = proof_pdf(pdfs["squeezed"])
    assert report.faults == []
    layout = analyse(read_pages(pdfs["squeezed"]))
    first = layout.paragraphs[0].lines[0]
    # the line-end 。 is half width: its advance box reaches ½ em past the measure
    assert first.last.char == "。"
    assert first.last.x0 + first.em / 2 - first.first.x0 == pytest.approx(
        WIDTH_EM * first.em, abs=0.05
    )


#: The only mark inside the line is the opening quote that starts it: squeezed, it hangs
#: its whole blank half (letter-spacing given back to it would be trimmed at the line
#: start and move its glyph right: it hung 4.5 pt instead of 5.25).
LINE_START = "“数字经济持续发展各地积极推进电子AB设。以数据为关键要素推动实体经济深度融合发展"
#: ``★☆●○…`` are UAX #14 AI, which Pango takes for letters (no break inside the run):
#: the line before them was stretched by em-wide gaps.
SYMBOLS = "日文假名与韩文：あいうえお、アイウエオ。符号：①②③、★☆●○◆◇■□▲△※→←↑↓、℃、‰"


@pytest.fixture(scope="module")
def edges_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = tmp_path_factory.mktemp("squeeze-edges") / "edges.pdf"
    pdf.write_bytes(render_html(_document(LINE_START, SYMBOLS)))
    return pdf


def test_a_squeezed_line_start_quote_hangs_half_an_em(edges_pdf: Path) -> None:
    paragraphs = analyse(read_pages(edges_pdf)).paragraphs
    first, second = paragraphs[0].lines[:2]
    assert first.text == LINE_START[:21]  # 设。 pulled up: “ and 。 half width
    left = second.first.x0
    assert first.first.char == "“"
    assert left - first.first.x0 == pytest.approx(first.em / 2, abs=0.2)
    assert proof_pdf(edges_pdf).faults == []


def test_a_run_of_symbols_breaks_like_han(edges_pdf: Path) -> None:
    lines = analyse(read_pages(edges_pdf)).paragraphs[1].lines
    assert "".join(line.text for line in lines) == SYMBOLS
    for line in lines[:-1]:
        gap = line_gap(line)
        assert gap is not None and gap < 0.1, line.text


def test_symbol_breaks() -> None:
    assert breaks._symbol_break("①", "②") and breaks._symbol_break("、", "★")
    assert breaks._symbol_break("★", "字")
    assert not breaks._symbol_break("字", "经")  # Pango's business
    assert not breaks._symbol_break("、", "℃")  # a postfix stays with what precedes it
    assert not breaks._symbol_break("a", "★") and not breaks._symbol_break("★", "α")


def test_a_forced_break_keeps_kinsoku() -> None:
    """WeasyPrint's last resort for a unit wider than the line cuts at any character: the
    line ends where clreq allows instead (``——|“``, not ``——“|、``)."""
    text = "“、”，、！”、？”、……”、——“、』」、《"
    assert breaks._kinsoku_cut(text, text.index("“、』") + 1) == text.index("“、』")
    assert breaks._kinsoku_cut("abcd、", 4) is None  # never inside a Western word
    assert breaks._kinsoku_cut("字……、", 3) is None  # never inside a glued ellipsis


def test_quote_breaks() -> None:
    """After a closing quote that ends Chinese text a Western word may start the next line
    (``盒马“黑标店”|Premier``); inside a Western word it may not (``Levi’|s``)."""
    assert breaks._quote_break("”", "P", "店") and breaks._quote_break("”", "字", "店")
    assert breaks._quote_break("字", "“")
    assert not breaks._quote_break("’", "s", "i")  # Levi’s
    assert not breaks._quote_break("”", "P", "o")  # a Western quotation


# --- lines ahead ---------------------------------------------------------------------
#
# A line that ends short because its next unit is too wide to squeeze on cannot be helped
# by its own marks; the lines before it can: they take a unit more (their marks
# compressed), and the loose line starts one character later, with room for that unit.

#: 20 em, two marks: it can take one more character, squeezed.
FULL = "数字经济，持续发展、各地积极推进电子商务"
#: ``GDP`` (≈2 em and its ¼ em gap) does not fit after 18 characters, and the line has no
#: mark to compress: first-fit leaves it 2 em short.
BEFORE_WESTERN = FULL + "创新以数据为关键要素推动实体经济深度GDP增长速度明显加快了"
#: The last line would be ``展。`` alone: the lonely rule sends 发 down with it, and the
#: line, which has no mark, is 2 em short. One character fewer on it, and ``发展。`` fits.
BEFORE_LONELY = FULL + "以数据为关键要素推动实体经济深度融合发展。"
#: The same ``GDP`` line after a full line without marks: only the line two before it
#: can make room.
TWO_BEFORE = (
    FULL
    + "创新以数据为关键要素推动实体经济深度融合"
    + "发展以数据为关键要素推动实体经济深度GDP增长速度明显加快了"
)


@pytest.fixture(scope="module")
def ahead_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ahead")
    html = _document(BEFORE_WESTERN, BEFORE_LONELY, TWO_BEFORE)
    out = {name: folder / f"{name}.pdf" for name in ("ahead", "one ahead", "line by line")}
    out["ahead"].write_bytes(render_html(html))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(breaks, "LINES_AHEAD", 1)
        out["one ahead"].write_bytes(render_html(html))
        patch.setattr(breaks, "split_first_line", breaks._first_fit)
        out["line by line"].write_bytes(render_html(html))
    return out


def test_line_by_line_leaves_loose_lines(ahead_pdfs: dict[str, Path]) -> None:
    western, lonely, two = _lines(ahead_pdfs["line by line"])
    assert western[:2] == [FULL, "创新以数据为关键要素推动实体经济深度"]
    assert lonely == [FULL, "以数据为关键要素推动实体经济深度融合", "发展。"]
    assert two[2] == "发展以数据为关键要素推动实体经济深度"
    loose = [gap for gap in _gaps(ahead_pdfs["line by line"]) if gap > 0.05]
    assert len(loose) == 3 and min(loose) > 0.1  # 2 em over 17 gaps


def test_the_line_before_takes_a_unit(ahead_pdfs: dict[str, Path]) -> None:
    western, lonely, _ = _lines(ahead_pdfs["ahead"])
    assert western[0] == FULL + "创" and western[1] == "新以数据为关键要素推动实体经济深度GDP"
    assert lonely == [FULL + "以", "数据为关键要素推动实体经济深度融合发展。"]
    assert ["".join(western), "".join(lonely)] == [BEFORE_WESTERN, BEFORE_LONELY]
    # the first lines are solid (their two marks compressed); the one with GDP takes its
    # 0.7 em in the Han–Western gap first, then a few hundredths of an em
    gaps = list(_gaps(ahead_pdfs["ahead"]))
    assert gaps[0] < 0.002 and gaps[2] < 0.002
    assert max(gaps) < 0.04
    assert proof_pdf(ahead_pdfs["ahead"]).faults == []


def test_the_line_two_before_takes_a_unit(ahead_pdfs: dict[str, Path]) -> None:
    two = _lines(ahead_pdfs["ahead"])[2]
    assert two[:3] == [
        FULL + "创",
        "新以数据为关键要素推动实体经济深度融合发",
        "展以数据为关键要素推动实体经济深度GDP",
    ]
    assert "".join(two) == TWO_BEFORE
    # one line ahead sees nothing to do: the line before the loose one has no mark
    assert _lines(ahead_pdfs["one ahead"])[2] == _lines(ahead_pdfs["line by line"])[2]


def test_lines_set_ahead_are_given_once() -> None:
    """A line's layout goes to one box only; asked for again, it is set anew."""
    calls = []

    def original(text: str, *args: object, **kwargs: object) -> tuple[object, ...]:
        calls.append(text)
        return (object(), len(text), None, 50.0, 12.0, 10.0)

    style = {"font_size": 10, "lang": "en", "white_space": "normal"}
    box = breaks._Box(original, style, None, 0, (), {})
    kept = breaks._Lines()
    first = kept.options(box, "text", 100.0, expand=False)[0]
    # the same line, with a width that differs by rounding only: kept
    assert kept.options(box, "text", 100.0 + 1e-9, expand=False)[0] is first
    assert kept.claim(box, "text", 100.0, 0) is first
    assert kept.options(box, "text", 100.0, expand=False)[0][0] is None  # measures only
    again = kept.claim(box, "text", 100.0, 0)
    assert again[0] is not None and again[0] is not first[0] and again[1:] == first[1:]
    assert calls == ["text", "text"]
    kept.trim()
    assert kept.kept  # a few lines are kept
    for index in range(breaks.MAX_KEPT):
        kept.kept[box.key(str(index), 100.0)] = breaks._Set(box, [first])
    kept.trim()
    assert not kept.kept  # many are dropped, between lines
