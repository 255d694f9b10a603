"""Errors that help: YAML slips in plain words with line and column, every file's problems
at once, Chinese field names and duplicate keys named, all through ``typesetter check``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ARTICLE_TEXT, ISSUE_TEXT, run_cli

MakeIssue = Callable[..., Path]

# Line numbers below are those of these templates.
ISSUE = ISSUE_TEXT
ARTICLE = ARTICLE_TEXT

Y = "issue/issue.yaml"


def check(folder: Path) -> tuple[int, list[str]]:
    """Exit status and the problem lines of ``typesetter check`` run from the folder above."""
    result = run_cli("check", folder.name, cwd=folder.parent)
    lines = [line for line in result.stderr.splitlines() if line.startswith(folder.name + "/")]
    return result.returncode, lines


# --- slips in issue.yaml: (what, the line as written → the slip, the messages) ----------

ISSUE_SLIPS = [
    (
        "a key indented less than the one above",
        ('  postcode: "200011"', ' postcode: "200011"'),
        [
            f"{Y}:12: broken YAML at column 2: this line is indented differently from the line"
            " above (which starts at column 3) (line up the keys of one block, and the '-' of"
            " one list, in one column)"
        ],
    ),
    (
        "a key indented more than the one above",
        ("kicker: 行业资讯", "  kicker: 行业资讯"),
        [
            f"{Y}:2: broken YAML at column 3: this line is indented more than the key above it"
            " (line up the keys of one block in one column; if the text above goes on here,"
            " put it in quotes)"
        ],
    ),
    (
        "a list item out of line",
        ("      - articles/01.md", "      - articles/01.md\n     - articles/02.md"),
        [
            f"{Y}:17: broken YAML at column 6: this line is indented differently from the line"
            " above (which starts at column 7) (line up the keys of one block, and the '-' of"
            " one list, in one column)"
        ],
    ),
    (
        "a tab",
        ("  address:", "\taddress:"),
        [
            f"{Y}:11: broken YAML at column 1: a tab"
            " (YAML needs spaces: replace the tab with spaces)"
        ],
    ),
    (
        "a colon inside a value",
        ("publication: 电子商务动态", "publication: 电子商务动态: 2023"),
        [
            f"{Y}:1: broken YAML at column 20: a ': ' inside the value"
            ' (put the value in quotes: publication: "电子商务动态: 2023")'
        ],
    ),
    (
        "no colon after the key",
        ("publisher: 上海", "publisher 上海"),
        [
            f"{Y}:7: broken YAML at column 1: this line has no ':' after its key (write"
            " 'key: value'; a value that goes on from the line above is indented under it)"
        ],
    ),
    (
        "a full-width colon",
        ("publisher: 上海", "publisher：上海"),
        [
            f"{Y}:7: broken YAML at column 10: a full-width colon '：' after the key (write a"
            " half-width colon and a space: publisher: 上海市电子商务和消费促进中心)"
        ],
    ),
    (
        "an unclosed quote",
        ("publication: 电子商务动态", 'publication: "电子商务动态'),
        [
            f'{Y}:1: broken YAML at column 14: the quote " opened here is never closed'
            ' (close it with "; for quotes inside the text, use “ ” or 「 」)'
        ],
    ),
    (
        "an unclosed bracket",
        ("number: 17", "number: [17"),
        [
            f"{Y}:4: broken YAML at column 9: the '[' opened here is never closed (close it"
            " with ']', or put the value in quotes if '[' is part of the text)"
        ],
    ),
    (
        "an alias that names nothing",
        ("kicker: 行业资讯", "kicker: *hot"),
        [
            f"{Y}:2: broken YAML at column 9: '*hot' refers to nothing (a value starting with"
            " '*' is read as a YAML reference: put the value in quotes: kicker: \"*hot\")"
        ],
    ),
    (
        "a duplicate key",
        ("layout: newsletter", "layout: newsletter\nyear: 2024"),
        [f"{Y}:10: key 'year' appears twice: lines 3 and 10 (keep one)"],
    ),
    (
        "Chinese keys",
        ("number: 17\ntotal: 294", "期号: 17\n总期号: 294"),
        [
            f"{Y}:1: missing required key 'number'",
            f"{Y}:4: unknown key '期号' (did you mean 'number'? keys are written in English)",
            f"{Y}:5: unknown key '总期号' (did you mean 'total'? keys are written in English)",
        ],
    ),
    (
        "Chinese keys in the colophon and a section",
        ("  address:", "  地址:", "  - title:", "  - 栏目:"),
        [
            f"{Y}:11: missing required key 'address'",
            f"{Y}:11: unknown key '地址' (did you mean 'address'? keys are written in English)",
            f"{Y}:14: missing required key 'title'",
            f"{Y}:14: unknown key '栏目' (did you mean 'title'? keys are written in English)",
        ],
    ),
    (
        "an English near miss",
        ("kicker:", "kiker:"),
        [f"{Y}:2: unknown key 'kiker' (did you mean 'kicker'?)"],
    ),
]


def _replace(text: str, pairs: tuple[str, ...]) -> str:
    for old, new in zip(pairs[::2], pairs[1::2], strict=True):
        assert old in text, old
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize(
    ("slip", "expected"),
    [pytest.param(slip, expected, id=what) for what, slip, expected in ISSUE_SLIPS],
)
def test_issue_yaml_slips(
    make_issue: MakeIssue, slip: tuple[str, ...], expected: list[str]
) -> None:
    folder = make_issue(issue=_replace(ISSUE, slip), articles={"01": ARTICLE})
    assert check(folder) == (1, expected)


# --- slips in front matter: one issue, one article per slip, all reported at once -------

FRONT_MATTER_SLIPS = {
    "01": ("title: 国务院：促进", "title: 国务院: 促进"),
    "02": ("source:", "  source:"),
    "03": ("source:", "\tsource:"),
    "04": ("source:", "来源:"),
    "05": ("source: 《文汇报》\ndate:", "作者: 杨长湧\n日期:"),
    "06": ("date: 2023-08-22", "date: 2023-08-22\ntitle: 另一个标题"),
    "07": ("source: 《文汇报》", "来源：《文汇报》"),
    "08": ("title: 国务院：", "title: *重要*"),
    "09": ("title: 国务院：促进数字技术与实体经济深度融合", 'title: "他说"好""'),
    "10": ("title: 国务院：", "title: [转载]"),
    "11": ("title: 国务院：", "title: '国务院："),
    "12": ("source:", "sourse:"),
    "13": ("source: 《文汇报》", "source: @人民日报"),
    "14": ("date: 2023-08-22", "date: 2023-08-22\n图片: images/a.png"),
}


def test_front_matter_slips_all_reported(make_issue: MakeIssue) -> None:
    articles = {name: _replace(ARTICLE, slip) for name, slip in FRONT_MATTER_SLIPS.items()}
    folder = make_issue(issue=ISSUE.replace("articles/01.md", "[]"), articles=articles)
    refs = "".join(f"      - articles/{name}.md\n" for name in articles)
    (folder / "issue.yaml").write_text(ISSUE.replace("      - articles/01.md\n", refs))
    a = "issue/articles"
    words = "keys are written in English"
    assert check(folder) == (
        1,
        [
            f"{a}/01.md:2: broken YAML at column 11: a ': ' inside the value"
            ' (put the value in quotes: title: "国务院: 促进数字技术与实体经济深度融合")',
            f"{a}/02.md:3: broken YAML at column 3: this line is indented more than the key"
            " above it (line up the keys of one block in one column; if the text above goes on"
            " here, put it in quotes)",
            f"{a}/03.md:3: broken YAML at column 1: a tab"
            " (YAML needs spaces: replace the tab with spaces)",
            f"{a}/04.md:3: unknown key '来源' (did you mean 'source'? {words})",
            f"{a}/05.md:3: unknown key '作者' (did you mean 'author'? {words})",
            f"{a}/05.md:4: unknown key '日期' (did you mean 'date'? {words})",
            f"{a}/06.md:5: key 'title' appears twice: lines 2 and 5 (keep one)",
            f"{a}/07.md:3: broken YAML at column 3: a full-width colon '：' after the key"
            " (write a half-width colon and a space: 来源: 《文汇报》)",
            f"{a}/08.md:2: broken YAML at column 8: a value starting with '*' is read as a YAML"
            ' reference (put the value in quotes: title: "*重要*促进数字技术与实体经济深度融合")',
            f"{a}/09.md:2: broken YAML at column 12: text after the closing quote (quotes"
            " inside a quoted value: use “ ” or 「 」, or put the value in the other quotes:"
            " title: '他说\"好\"')",
            f"{a}/10.md:2: broken YAML at column 12: text after ']': a value starting with '['"
            " is read as a list"
            ' (put the value in quotes: title: "[转载]促进数字技术与实体经济深度融合")',
            f"{a}/11.md:2: broken YAML at column 8: the quote ' opened here is never closed"
            " (close it with '; for quotes inside the text, use “ ” or 「 」)",
            f"{a}/12.md:3: unknown key 'sourse' (did you mean 'source'?)",
            f"{a}/13.md:3: broken YAML at column 9: a value cannot start with '@'"
            ' (put the value in quotes: source: "@人民日报")',
            f"{a}/14.md:5: unknown key '图片' (did you mean 'image'? {words})",
        ],
    )


def test_a_broken_issue_yaml_hides_no_article_problem(make_issue: MakeIssue) -> None:
    """issue.yaml and two articles broken: one check reports all three."""
    issue = ISSUE.replace('  postcode: "200011"', ' postcode: "200011"').replace(
        "      - articles/01.md", "      - articles/01.md\n      - articles/02.md"
    )
    articles = {
        "01": ARTICLE.replace("source:", "  source:"),
        "02": ARTICLE.replace("source:", "来源:"),
        "03": ARTICLE,  # fine, and not listed: no warning while issue.yaml is broken
    }
    folder = make_issue(issue=issue, articles=articles)
    assert check(folder) == (
        1,
        [
            "issue/articles/01.md:3: broken YAML at column 3: this line is indented more than"
            " the key above it (line up the keys of one block in one column; if the text above"
            " goes on here, put it in quotes)",
            "issue/articles/02.md:3: unknown key '来源' (did you mean 'source'? keys are"
            " written in English)",
            f"{Y}:12: broken YAML at column 2: this line is indented differently from the line"
            " above (which starts at column 3) (line up the keys of one block, and the '-' of"
            " one list, in one column)",
        ],
    )
