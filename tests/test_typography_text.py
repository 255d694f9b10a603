"""Text preparation (no rendering): normalisation, the few spans, idempotence."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from typesetter.typography import prepare_fragment, prepare_text
from typesetter.typography.chars import as_western, break_forbidden, halt_side, is_cjk, is_wide
from typesetter.typography.spacing import (
    CJK_CAP,
    EVEN_FROM,
    Shares,
    Units,
    boundary_kind,
    distribute,
    gap_boundaries,
    lonely_cut,
    make_plan,
    spacing_runs,
)
from typesetter.typography.text import halt_positions, latin_quotes, no_break_ranges


def text_of(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", fragment))


def without_our_spans(fragment: str) -> str:
    """The fragment with every ``span.zh-*`` (and its end tag) taken out."""
    out, stack = [], []
    for token in re.split(r"(<[^>]*>)", fragment):
        if token.startswith("<span"):
            stack.append('class="zh-' in token)
            if stack[-1]:
                continue
        elif token == "</span>" and stack.pop():
            continue
        out.append(token)
    return "".join(out)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2023 年 08 月", "2023年08月"),
        ("2023年08月", "2023年08月"),
        ("在 Temu 平台", "在Temu平台"),
        ("TikTok Shop 很好", "TikTok Shop很好"),
        ("增长 55.37% ，", "增长55.37% ，"),  # only Han–letter/digit spaces go
        ("中 文", "中 文"),
        ("a b", "a b"),
        ("。 Temu", "。 Temu"),
    ],
)
def test_prepare_text_removes_only_han_western_spaces(typed: str, expected: str) -> None:
    assert prepare_text(typed) == expected


def test_prepare_fragment_normalises_across_tags() -> None:
    out = prepare_fragment("<p>我们在 <strong>Temu</strong> 平台</p>")
    assert text_of(out) == "我们在Temu平台"
    assert '<strong><span class="zh-wl zh-wr">Temu</span></strong>' in out


def test_runs_inside_one_text_node_get_no_span() -> None:
    # The engine spaces them (attrs.py): no element, no extra box.
    assert prepare_fragment("<p>2023 年 8 月用了5G网络。</p>") == "<p>2023年8月用了5G网络。</p>"


def test_run_split_by_a_tag_gets_the_margin_on_its_han_side() -> None:
    out = prepare_fragment("<p>中<a>Tik</a>Tok平台</p>")
    assert out == '<p>中<a><span class="zh-wl">Tik</span></a>Tok平台</p>'


def test_pair_of_marks_split_by_a_tag_gets_one_halt_span() -> None:
    out = prepare_fragment("<p>他说：<em>“你好。</em>”</p>")
    assert out == (
        '<p>他说<span class="zh-halt">：</span><em>“你好<span class="zh-halt">。</span></em>”</p>'
    )


def test_code_entities_and_attributes_are_left_alone() -> None:
    fragment = '<p title="中 A">代码 <code>a 中 b</code> 好&amp;中 A</p>'
    out = prepare_fragment(fragment)
    assert "<code>a 中 b</code>" in out and 'title="中 A"' in out
    assert out.endswith("好&amp;中A</p>")


FRAGMENT_TEXT = st.text(alphabet="中文年月 ATG5 0，。“”《》（）—…·&<", min_size=0, max_size=12)


@st.composite
def fragments(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        text = html.escape(draw(FRAGMENT_TEXT), quote=False)
        tag = draw(st.sampled_from(["", "strong", "em", "a", "span"]))
        parts.append(f"<{tag}>{text}</{tag}>" if tag else text)
    return "<p>" + "".join(parts) + "</p>"


@settings(max_examples=200, deadline=None)
@given(fragments())
def test_prepare_fragment_is_idempotent_and_keeps_the_text(fragment: str) -> None:
    once = prepare_fragment(fragment)
    assert prepare_fragment(once) == once
    assert text_of(once) == prepare_text(text_of(fragment))
    tags = re.compile(r"<[^>]*>")
    assert tags.findall(without_our_spans(once)) == tags.findall(fragment)


def test_halt_side_follows_clreq() -> None:
    assert halt_side("。", "”") == 0  # closing + closing: the first loses its tail
    assert halt_side("，", "“") == 0  # closing + opening
    assert halt_side("（", "《") == 1  # opening + opening: the second loses its head
    assert halt_side("（", "）") is None
    assert halt_positions("他说：“好。”）") == [2, 5, 6]


def test_break_rules() -> None:
    for mark in "，。、；：？！）》」』】〕〉”’％·—～":
        assert break_forbidden("字", mark), mark
    for mark in "（《「『【〔〈“‘":
        assert break_forbidden(mark, "字"), mark
    assert break_forbidden("…", "…") and not break_forbidden("字", "字")
    assert no_break_ranges("伊丽莎白·泰勒——好～") == [(3, 5), (6, 9), (9, 11)]


def test_gap_boundaries_and_plan() -> None:
    assert gap_boundaries("在5G时代，Temu。") == (1, 3)  # ，|T: a mark, no gap
    plan = make_plan("年8月", font_size=10.0, justify=None)
    # '8' is Western: the Han characters on each side take the gap, one side each.
    assert plan.extra == {0: 2.5 * 2, 2: 2.5 * 2}  # text ends: the other half is trimmed
    plan = make_plan("国年8月国", font_size=10.0, justify=None)
    assert plan.extra == {1: 2.5, 3: 2.5} and plan.moves == {1: -1.25, 3: 1.25}


def test_justification_order() -> None:
    """Word spaces, then Han–Western gaps (each up to ¼ em more), then CJK characters;
    Western letters share evenly only when CJK alone would spread by over EVEN_FROM em."""
    em = 10.0
    shares = distribute(2 * em, Units(cjk=30, space=2, gap=4, latin=12), em)
    assert shares is not None
    assert (shares.space, shares.gap) == (2.5, 2.5)  # both capped: 1.5 em of the 2
    assert shares.cjk == pytest.approx(5.0 / 30) and shares.latin == 0.0  # 0.017 em
    # a line that is mostly a 70-digit number: its three Han gaps would take 0.33 em each
    shares = distribute(em, Units(cjk=3, latin=70), em)
    assert shares is not None
    assert shares.cjk == shares.latin == pytest.approx(em / 73)
    assert shares.cjk < EVEN_FROM * em
    # a few Western letters cannot take it all: CJK stops at its cap, letters take the rest
    shares = distribute(4 * em, Units(cjk=4, latin=2), em)
    assert shares is not None
    assert shares.cjk == CJK_CAP * em and shares.latin == pytest.approx(15.0)
    assert distribute(em, Units(), em) is None and distribute(0, Units(cjk=5), em) is None


def test_lonely_cut() -> None:
    text = "一二三四五六七八九十好。"
    assert lonely_cut(text, 10) == 9  # "好。" alone: end the line before "十"
    assert lonely_cut(text, 9) is None  # "十好。" holds two
    assert lonely_cut("用了5G网。", 4) == 2  # the short word goes down with "网"
    assert lonely_cut("有Temu。", 1) is None


# --- issue 17: segment breaks, inline code, quotes in Latin words, ⸺ ⸻ ------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("第一行在这里结束\n第二行从这里开始", "第一行在这里结束第二行从这里开始"),
        ("结束 \n  第二", "结束第二"),  # the spaces around the break go with it
        ("他说：\n“你好。”\n结束", "他说：“你好。”结束"),  # mainland-wide quotes count as wide
        ("破折号⸺\n开始", "破折号⸺开始"),
        ("the quick\nbrown fox", "the quick\nbrown fox"),  # Latin words: a space
        ("中文\nLatin", "中文Latin"),  # Han–Latin: the ¼ em gap instead
        ("。\nHello", "。\nHello"),  # one side narrow: a space (CSS Text 3)
        ("한국어\n문장", "한국어\n문장"),  # Hangul keeps its word space
        ("ｱｲ\nｳｴ", "ｱｲｳｴ"),  # half-width (H) counts
        ("中 文", "中 文"),  # a typed space between Han is not a line break
        ("a\u200b\nb", "a\u200bb"),  # next to a zero-width space
    ],
)
def test_line_breaks_between_wide_characters_go(typed: str, expected: str) -> None:
    assert prepare_text(typed) == expected
    assert text_of(prepare_fragment(f"<p>{html.escape(typed)}</p>")) == expected


def test_line_breaks_go_across_tags_but_not_across_blocks() -> None:
    out = prepare_fragment("<p>结束\n<strong>第二</strong></p>")
    assert out == "<p>结束<strong>第二</strong></p>"
    assert prepare_fragment("<p>结束</p>\n<p>第二</p>") == "<p>结束</p>\n<p>第二</p>"
    assert prepare_fragment("<p>结束<br />\n第二</p>") == "<p>结束<br />\n第二</p>"


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        (
            "<p>使用<code>API</code>接口</p>",
            '<p>使用<span class="zh-wl zh-wr"><code>API</code></span>接口</p>',
        ),
        (  # typed spaces give way to the gap; code is Latin even where it is punctuation
            "<p>调用 <code>--help</code> 命令</p>",
            '<p>调用<span class="zh-wl zh-wr"><code>--help</code></span>命令</p>',
        ),
        (  # one side: the other is punctuation, or Han inside the code
            "<p>用<code>中A</code>，</p>",
            "<p>用<code>中A</code>，</p>",
        ),
        (
            "<p>Web<code>API</code>接口</p>",
            '<p>Web<span class="zh-wr"><code>API</code></span>接口</p>',
        ),
        (  # the code's own spaces and text are never changed
            "<p>中<code> a 中 b </code>文</p>",
            "<p>中<code> a 中 b </code>文</p>",
        ),
        (
            "<pre><code>中 A\n中</code></pre>",
            "<pre><code>中 A\n中</code></pre>",
        ),
    ],
)
def test_inline_code_is_a_latin_run(fragment: str, expected: str) -> None:
    out = prepare_fragment(fragment)
    assert out == expected
    assert prepare_fragment(out) == out


@pytest.mark.parametrize(
    ("text", "latin"),
    [
        ("Levi’s", "’"),
        ("在Levi’s店，Macy’s和L’Oréal。", "’’’"),
        ("He said “Hello” to them.", "“”"),
        ("“Hello world”", "“”"),
        ("He said ‘hi’ and “it’s ‘fine’”.", "‘’“’‘’”"),
        ("the users’ data, the ’90s", "’’"),
        ("他说“Hello”。", ""),  # next to Chinese: Chinese quotes
        ("“Hello”是问候语", ""),
        ("He said “你好” to me", ""),  # holding Chinese
        ("他说：“你好”，‘再见’。", ""),
        ("中’文", ""),
    ],
)
def test_quotes_in_latin_text_are_latin(text: str, latin: str) -> None:
    assert "".join(text[i] for i in latin_quotes(text)) == latin


def test_latin_quotes_get_a_span_once() -> None:
    out = prepare_fragment("<p>在<em>Levi</em>’s店，他说“Hello”。</p>")
    assert out == (
        '<p>在<em><span class="zh-wl">Levi</span></em><span class="zh-pq">’</span>s店，'
        "他说“Hello”。</p>"
    )
    assert prepare_fragment(out) == out
    assert as_western("“Levi’s”") == '"Levi\'s"'


def test_long_dashes_are_ruled_like_the_doubled_dash() -> None:
    for dash in "⸺⸻":
        assert break_forbidden("他", dash) and break_forbidden(dash, dash)
        assert is_cjk(dash) and is_wide(dash)
        assert no_break_ranges(f"他{dash}说") == [(0, 2)]
    # Justification never spaces inside them, nor inside —— and ……
    runs = spacing_runs("他⸺⸺说——好……", Shares(cjk=1.0))
    assert [(start, end) for start, end, _ in runs] == [(0, 1), (3, 4), (6, 7)]
    assert boundary_kind("⸺", "⸺") is None and boundary_kind("他", "⸺") == "cjk"


QUOTED_TEXT = st.text(alphabet="中文 Ab’‘“”\n。，<", min_size=0, max_size=12)


@st.composite
def fragments_with_code(draw: st.DrawFn) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        text = html.escape(draw(QUOTED_TEXT), quote=False)
        tag = draw(st.sampled_from(["", "strong", "code", "span"]))
        parts.append(f"<{tag}>{text}</{tag}>" if tag else text)
    return "<p>" + "".join(parts) + "</p>"


@settings(max_examples=200, deadline=None)
@given(fragments_with_code())
def test_prepare_fragment_with_code_is_idempotent_and_leaves_code_alone(fragment: str) -> None:
    once = prepare_fragment(fragment)
    assert prepare_fragment(once) == once
    code = re.compile(r"<code>.*?</code>", re.S)
    assert code.findall(once) == code.findall(fragment)
    tags = re.compile(r"<[^>]*>")
    assert tags.findall(without_our_spans(once)) == tags.findall(fragment)
