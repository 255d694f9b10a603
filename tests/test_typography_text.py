"""Text preparation (no rendering): normalisation, the few spans, idempotence."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from typesetter.typography import prepare_fragment, prepare_text
from typesetter.typography.chars import break_forbidden, halt_side
from typesetter.typography.spacing import gap_boundaries, lonely_cut, make_plan
from typesetter.typography.text import halt_positions, no_break_ranges


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


def test_lonely_cut() -> None:
    text = "一二三四五六七八九十好。"
    assert lonely_cut(text, 10) == 9  # "好。" alone: end the line before "十"
    assert lonely_cut(text, 9) is None  # "十好。" holds two
    assert lonely_cut("用了5G网。", 4) == 2  # the short word goes down with "网"
    assert lonely_cut("有Temu。", 1) is None
