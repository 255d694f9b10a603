"""The importer's small rules: clean-up, source lines, bylines, Markdown escaping, YAML."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from typesetter.importer.clean import Cleaner
from typesetter.importer.markdown import escape
from typesetter.importer.source import parse_byline, parse_source, split_glued_source
from typesetter.importer.text import ends_sentence, enum_value, key
from typesetter.importer.write import scalar


def clean(text: str, *, title: bool = False) -> tuple[str, dict[str, int]]:
    cleaner = Cleaner()
    out = cleaner.clean(text, title=title)
    return out, {k: v for k, v in cleaner.counts.items() if v}


@pytest.mark.parametrize(
    ("raw", "expected", "counts"),
    [
        ("国务院: 促进数字技术", "国务院：促进数字技术", {"punctuation": 1, "punct_space": 1}),
        (
            "增长 39.6%, 比上年",
            "增长39.6%，比上年",
            {"punctuation": 1, "punct_space": 1, "han_digit_space": 1},
        ),
        (
            "共 1,000 家,10:30 开始",
            "共1,000家，10:30开始",
            {"punctuation": 1, "han_digit_space": 3},
        ),
        ('主打"高贵不贵"。', "主打“高贵不贵”。", {"quotes": 2}),
        ("北京(95.6)、广东", "北京（95.6）、广东", {"parentheses": 2}),
        ("GDP (nominal) rose", "GDP (nominal) rose", {}),
        ("民众的 获得感。 复杂问题", "民众的获得感。复杂问题", {"han_space": 1, "punct_space": 1}),
        ("2023 年 08 月 22 日", "2023年08月22日", {"han_digit_space": 5}),
        ("AI 语音机器人", "AI语音机器人", {"han_latin_space": 1}),
        ("Shopee, TikTok Shop", "Shopee, TikTok Shop", {}),
        (
            "比例为 72.8%, 60 岁",
            "比例为72.8%，60岁",
            {"punctuation": 1, "punct_space": 1, "han_digit_space": 2},
        ),
        (
            "如下: **开通权益**: 向服务",
            "如下：**开通权益**：向服务",
            {"punctuation": 2, "punct_space": 2},
        ),
        ("a\t\tb", "a b", {"whitespace": 1}),
        ("真的吗?好!", "真的吗？好！", {"punctuation": 2}),
    ],
)
def test_clean_up_rules_and_counts(raw: str, expected: str, counts: dict[str, int]) -> None:
    assert clean(raw) == (expected, counts)


def test_titles_keep_the_spaces_between_their_parts() -> None:
    assert clean("天津: 推动平台经济健康发展 壮大直播电商产业", title=True)[0] == (
        "天津：推动平台经济健康发展 壮大直播电商产业"
    )
    assert clean('政策加码促"数商兴农" 电商平台', title=True)[0] == "政策加码促“数商兴农” 电商平台"
    assert (
        clean("埃及电商渗透率达55.37% 居非洲之首", title=True)[0]
        == "埃及电商渗透率达55.37% 居非洲之首"
    )
    assert clean("开放特许权益、升级数字化产品 、开放 AIGC 能力", title=True)[0] == (
        "开放特许权益、升级数字化产品、开放AIGC能力"
    )


TEXT_CHARS = st.sampled_from(list('电商数字经济。，,:;!?()"  \t1234567890abcXYZ%-*「」《》“”'))


@settings(max_examples=300, deadline=None)
@given(st.text(TEXT_CHARS, max_size=60), st.booleans())
def test_clean_up_never_adds_drops_or_moves_a_word(text: str, title: bool) -> None:
    out = Cleaner().clean(text, title=title)
    assert key(out) == key(text)
    assert Cleaner().clean(out, title=title) == out  # cleaning twice changes nothing more


@pytest.mark.parametrize(
    ("line", "source", "editor", "date"),
    [
        (
            "来源:《文汇报》 编选:《电子商务动态》编辑部 2023 年 08 月 22 日",
            "《文汇报》",
            "《电子商务动态》编辑部",
            dt.date(2023, 8, 22),
        ),
        (
            "来源:《电子商务动态》编辑部 2023 年 09 月 03 日",
            "《电子商务动态》编辑部",
            None,
            dt.date(2023, 9, 3),
        ),
        (
            '来源: "环球网" 编选: 《电子商务动态》编辑部 2023 年 08 月 21 日',
            '"环球网"',
            "《电子商务动态》编辑部",
            dt.date(2023, 8, 21),
        ),
        ("来源：南方日报 2024-03-05", "南方日报", None, dt.date(2024, 3, 5)),
        ("（来源：新华社）", "新华社", None, None),
        ("来源：人民网　2024年3月5日", "人民网", None, dt.date(2024, 3, 5)),
        ("来源：海关总署 2024.03.01", "海关总署", None, dt.date(2024, 3, 1)),
        (
            "来源：交通运输部网站　编选：本刊　2024年03月04日",
            "交通运输部网站",
            "本刊",
            dt.date(2024, 3, 4),
        ),
    ],
)
def test_source_line_formats(
    line: str, source: str, editor: str | None, date: dt.date | None
) -> None:
    parsed = parse_source(line, 7)
    assert parsed is not None
    assert (parsed.line, parsed.source, parsed.editor, parsed.date) == (7, source, editor, date)


def test_source_line_with_an_impossible_date_keeps_its_text() -> None:
    parsed = parse_source("来源：新华社 2024年02月30日", 1)
    assert parsed is not None and parsed.date is None and parsed.date_text == "2024年02月30日"


@pytest.mark.parametrize(
    "line",
    [
        "来源于生活的艺术。据了解，来源：这不是来源行，因为它太长太长太长太长太长太长太长太长太长太长太长太长太长太长。",
        "据来源:说",
        "本文来源未知",
    ],
)
def test_not_source_lines(line: str) -> None:
    assert parse_source(line, 1) is None


def test_source_glued_to_a_paragraph_is_split_off() -> None:
    text = "比2021年增长1%。来源:《人民日报海外版》 编选:《电子商务动态》编辑部 2023 年 08 月 21 日"
    assert split_glued_source(text) == (
        "比2021年增长1%。",
        "来源:《人民日报海外版》 编选:《电子商务动态》编辑部 2023 年 08 月 21 日",
    )
    assert split_glued_source("措施将降低成本。(来源:海关总署)") == (
        "措施将降低成本。",
        "(来源:海关总署)",
    )
    assert split_glued_source("据该报来源:消息称……") is None


def test_bylines() -> None:
    trailing = "(杨长湧:中国宏观经济研究院对外经济研究所研究员)"
    assert parse_byline(trailing, leading=False) == (
        "杨长湧",
        "中国宏观经济研究院对外经济研究所研究员",
    )
    assert parse_byline("文／王小明(华南理工大学教授)", leading=True) == (
        "王小明",
        "华南理工大学教授",
    )
    assert parse_byline("作者：李四", leading=True) == ("李四", None)
    assert parse_byline("(以下简称《报告》)", leading=False) is None
    assert parse_byline("文化产业持续发展", leading=True) is None


def test_sentence_ends_and_enumerations() -> None:
    assert ends_sentence("发展。") and ends_sentence("“好体验。”") and ends_sentence("如下:")
    assert (
        not ends_sentence("居委会") and not ends_sentence("（2023）") and not ends_sentence("5100")
    )
    assert [enum_value(t) for t in ("一是市场", "**三是长", "第十二，", "十是", "是否")] == [
        1,
        3,
        12,
        10,
        None,
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("**一是发展。**积极推动", "**一是发展。**积极推动"),
        ("# 不是标题", "\\# 不是标题"),
        ("> 不是引用", "\\> 不是引用"),
        ("- 不是列表", "\\- 不是列表"),
        ("1. 不是列表", "1\\. 不是列表"),
        ("2023. 年份", "2023\\. 年份"),
        ("5*3=15", "5\\*3=15"),
        ("a<b> 与 <div>", "a\\<b> 与 \\<div>"),
        ("&amp; 与 AT&T", "\\&amp; 与 AT&T"),
        ("snake_case 与 `代码`", "snake\\_case 与 \\`代码\\`"),
        ("技能[1]的网民", "技能[1]的网民"),
    ],
)
def test_markdown_escaping(text: str, expected: str) -> None:
    assert escape(text) == expected


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("200011", '"200011"'),
        ("021-63685517", '"021-63685517"'),
        ("010000", '"010000"'),
        ("国务院：促进", "国务院：促进"),
        ("Premier: 首店", '"Premier: 首店"'),
        ("yes", '"yes"'),
        ("null", '"null"'),
        ("#话题", '"#话题"'),
        ("“2023全球独角兽”发布", "“2023全球独角兽”发布"),
        (False, "false"),
        (dt.date(2023, 9, 5), "2023-09-05"),
        (None, "null"),
    ],
)
def test_yaml_scalars(value: object, written: str) -> None:
    assert scalar(value) == written
    assert yaml.safe_load(f"k: {written}") == {"k": value}


@settings(max_examples=300, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30))
def test_yaml_scalars_read_back_as_the_same_string(text: str) -> None:
    assert yaml.safe_load(f"k: {scalar(text)}") == {"k": text}
