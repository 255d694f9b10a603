"""The proof's rules on hand-made geometry: one line, one pair of marks, one boundary."""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from typesetter.proof import Fault, ProofReport, proof_layout
from typesetter.proof.chars import compressible_pair, han_only, is_han, is_latin
from typesetter.proof.layout import Layout, analyse
from typesetter.proof.pdfchars import Box, Glyph, PageGlyphs, Rule

SIZE = 10.0
LATIN_WIDTH = 6.0


def line(
    text: str, x: float, baseline: float, *, spacing: float = 0.0, half_chars: str = ""
) -> list[Glyph]:
    """Glyphs of ``text`` set from ``x``: Han and marks 1 em wide, Latin 0.6 em, ``spacing``
    added after every character (justification); ``half_chars`` are set half-width."""
    glyphs = []
    for ch in text:
        width = LATIN_WIDTH if is_latin(ch) else SIZE
        advance = width / 2 if ch in half_chars else width
        glyphs.append(
            Glyph(
                ch,
                "Noto-Serif-CJK-SC",
                SIZE,
                x,
                x + width,
                baseline - 8.8,
                baseline + 1.2,
                baseline,
            )
        )
        x += advance + spacing
    return glyphs


def layout_of(*pages: list[list[Glyph]], width: float = 700.0) -> Layout:
    return analyse(
        PageGlyphs(
            n, width, 3000.0, Box(0.0, 0.0, width, 3000.0), tuple(g for ln in lines for g in ln)
        )
        for n, lines in enumerate(pages, start=1)
    )


def faults(*pages: list[list[Glyph]], kind: str | None = None) -> list[Fault]:
    report = proof_layout(layout_of(*pages))
    return [f for f in report.faults if kind is None or f.kind == kind]


def paragraph(
    top: float, rows: int, *, right: float = 250.0, short: float = 0.0
) -> list[list[Glyph]]:
    """A paragraph of ``rows`` lines in a 20-em column at x=50: first line indented 2 em,
    every line but the last ending at ``right`` (the second one ``short`` points early)."""
    lines = []
    for i in range(rows):
        x = 70.0 if i == 0 else 50.0
        count = int((right - x) // SIZE) if i < rows - 1 else 5
        glyphs = line("国" * count, x, top + i * 16)
        if i == 1 and short:
            glyphs[-1] = _shift(glyphs[-1], -short)
        lines.append(glyphs)
    return lines


def _shift(g: Glyph, dx: float) -> Glyph:
    return Glyph(g.text, g.font, g.size, g.x0 + dx, g.x1 + dx, g.top, g.bottom, g.baseline)


# Character classes


def test_character_classes() -> None:
    assert is_han("中") and is_han("𠀀") and is_han("〇") and not is_han("。")
    assert is_latin("A") and is_latin("7") and not is_latin("Ａ") and not is_latin("中")
    assert han_only("⼀二 A，三") == "一二三"  # the Kangxi radical is unified by NFKC


@pytest.mark.parametrize("pair", ["。”", "》、", "）。", "：《", "，“", "（“"])
def test_compressible_pairs(pair: str) -> None:
    assert compressible_pair(*pair)


@pytest.mark.parametrize("pair", ["“”", "（）", "？”", "！”", "——", "中。"])
def test_pairs_that_keep_their_width(pair: str) -> None:
    assert not compressible_pair(*pair)


# One pair of marks, one boundary


def test_pair_measured_net_of_justification_expansion() -> None:
    compressed = line("数字。”经济", 50, 100, spacing=1.0, half_chars="。")
    assert faults([compressed], kind="punct-pair") == []
    full = line("数字。”经济", 50, 100, spacing=1.0)
    assert [f.message for f in faults([full], kind="punct-pair")] == [
        "“。”” takes 2.00 em (expected 1.5 em)"
    ]


def test_han_latin_gap_net_of_expansion() -> None:
    glyphs = line("中文", 50, 100, spacing=1.0)
    x = glyphs[-1].x1 + 2.5 + 1.0  # ¼ em plus the line's expansion
    good = glyphs + line("AB", x, 100)
    assert faults([good], kind="han-latin-gap") == []
    tight = line("中文AB", 50, 100, spacing=1.0)
    found = faults([tight], kind="han-latin-gap")
    assert [f.message for f in found] == [
        "gap between “文” and “A” is 0.10 em"
        " (expected 0.25 em plus the line's 0.10 em justification)"
    ]


def test_han_latin_boundary_after_ideographic_space_is_not_measured() -> None:
    assert faults([line("编选　2023", 50, 100)], kind="han-latin-gap") == []


# Paragraph geometry


def test_justified_paragraphs_meet_both_edges() -> None:
    lines = paragraph(100, 4) + paragraph(180, 3)
    assert faults(lines) == []


@pytest.mark.parametrize(("short", "found"), [(0.4, 0), (0.6, 1), (5.0, 1)])
def test_edge_tolerance_is_half_a_point(short: float, found: int) -> None:
    lines = paragraph(100, 4, short=short) + paragraph(180, 3)
    assert len(faults(lines, kind="short-line")) == found


def test_line_starting_off_the_left_edge() -> None:
    lines = paragraph(100, 3)
    lines[1] = [_shift(g, 2.0) for g in lines[1][:-1]] + lines[1][-1:]
    found = faults(lines, kind="short-line")
    assert [f.message for f in found][:1] == ["line starts 2.0 pt right of the left edge"]


def test_half_width_closing_mark_at_the_edge_is_flush() -> None:
    lines = paragraph(100, 3)
    last = lines[0][-1]
    lines[0][-1] = Glyph(
        "。", last.font, SIZE, last.x0 + 5, last.x1 + 5, last.top, last.bottom, last.baseline
    )
    assert faults(lines) == []


def test_url_line_is_exempt_not_a_fault() -> None:
    lines = paragraph(100, 3)
    lines[1] = line("https://example.com/abc", 50, 116)  # 42 pt short
    report = proof_layout(layout_of(lines))
    assert report.faults == []
    assert [(f.kind, f.text) for f in report.exempt] == [("short-line", "https://example.com/abc")]


def test_lonely_last_character() -> None:
    lines = paragraph(100, 2)
    lines[-1] = line("国。", 50, 116)
    assert [f.text for f in faults(lines, kind="lonely-char")] == ["国。"]


def test_widow_on_the_next_page() -> None:
    first = paragraph(100, 3) + paragraph(160, 5)[:4]
    second = [line("国国国。", 50, 100), *paragraph(120, 2)]
    assert [(f.kind, f.page) for f in faults(first, second)] == [("widow", 2)]


def test_two_columns_on_one_baseline_are_two_lines() -> None:
    left = paragraph(100, 3)
    right = [[_shift(g, 220) for g in ln] for ln in paragraph(100, 3)]
    layout = layout_of(left + right, width=520)
    assert len(layout.pages[0].columns) == 2
    assert all(len(ln.text) <= 20 for ln in layout.flow())
    assert proof_layout(layout).faults == []


def test_overprinted_text() -> None:
    lines = [line("重叠的文字", 50, 100), line("重叠的文字", 52, 104)]
    assert len(faults(lines, kind="overlap")) == 1


# Report


def test_report_text_and_json() -> None:
    report = ProofReport(
        pages=3,
        faults=[
            Fault("short-line", 2, "line ends 3.0 pt (0.30 em) short of the right edge", "数字经济")
        ],
        exempt=[Fault("short-line", 3, "line ends 9.0 pt short", "https://example.com")],
        stats={"justified_lines": 12},
    )
    assert not report.ok()
    text = report.format_text()
    assert text.splitlines()[:2] == [
        "page 2:",
        "  short-line: line ends 3.0 pt (0.30 em) short of the right edge — 数字经济",
    ]
    assert (
        text.splitlines()[-1]
        == "proof: 3 pages, 12 justified lines checked: 1 faults (short-line 1)"
    )
    data = json.loads(json.dumps(report.to_json()))
    assert data["ok"] is False and data["counts"] == {"short-line": 1}
    assert data["faults"][0] == {
        "kind": "short-line",
        "page": 2,
        "message": "line ends 3.0 pt (0.30 em) short of the right edge",
        "text": "数字经济",
    }
    assert (
        ProofReport(1, [], [], {}).format_text()
        == "proof: 1 pages, 0 justified lines checked: no faults"
    )


def test_dash_pairs_split_and_whole() -> None:
    split = [line("他说—", 50, 100), line("—然后", 50, 116)]
    assert [f.kind for f in faults(split, kind="split-dash")] == ["split-dash"]
    whole = [line("他说——", 50, 100), line("——然后", 50, 116)]
    assert faults(whole, kind="split-dash") == []


def test_vertical_rules_cut_table_cells() -> None:
    glyphs = line("北京", 50, 100) + line("95", 75, 100)
    rule = Rule(72.5, 88.0, 104.0)
    page = PageGlyphs(1, 400.0, 600.0, Box(0.0, 0.0, 400.0, 600.0), tuple(glyphs), (rule,))
    layout = analyse([page])
    assert [ln.text for ln in layout.flow()] == ["北京", "95"]
    assert proof_layout(layout).faults == []


def _column(
    x: float, em: float, width: int, lengths: list[int], top: float
) -> tuple[list[list[Glyph]], list[int]]:
    """Justified Han paragraphs (first lines indented 2 em) in a column ``width`` em wide,
    and the indexes of the lines that are not a paragraph's last (all full)."""
    lines: list[list[Glyph]] = []
    inner: list[int] = []
    y = top
    for length in lengths:
        left = length
        first = True
        while left > 0:
            start = x + (2 * em if first else 0.0)
            count = min(left, width - (2 if first else 0))
            lines.append(
                [
                    Glyph("国", "Noto-Serif-CJK-SC", em, s, s + em, y - 0.88 * em, y + 0.12 * em, y)
                    for s in (start + i * em for i in range(count))
                ]
            )
            left -= count
            if left > 0:
                inner.append(len(lines) - 1)
            first = False
            y += 1.5 * em
        y += 0.5 * em
    return lines, inner


@settings(max_examples=25, deadline=None)
@given(
    x=st.floats(20, 120),
    em=st.sampled_from([8.0, 9.0, 10.5, 12.0]),
    width=st.integers(12, 40),
    lengths=st.lists(st.integers(60, 200), min_size=2, max_size=4),
    shortfall=st.floats(0.6, 7.5),  # less than the smallest em: the glyph stays last
    pick=st.integers(0, 1000),
)
def test_any_geometry_is_inferred(
    x: float, em: float, width: int, lengths: list[int], shortfall: float, pick: int
) -> None:
    assume(all((n + 2) % width != 1 for n in lengths))  # no lonely last character
    lines, inner = _column(x, em, width, lengths, 60.0)
    assert faults(lines) == []  # every line full or a paragraph's last: nothing to report
    victim = lines[inner[pick % len(inner)]]
    victim[-1] = _shift(victim[-1], -shortfall)
    found = faults(lines, kind="short-line")
    assert len(found) == 1
    measured = float(found[0].message.split()[2])  # "line ends 3.2 pt (…) short…"
    assert measured == pytest.approx(shortfall, abs=0.051)
