# ruff: noqa: E501  (the table holds whole message lines, one per line)
"""The error table in both languages: each case the suite exercises for the content and
CLI areas, with its exact English and exact Chinese line (docs/i18n.md)."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ARTICLE_TEXT as A
from conftest import ISSUE_TEXT as I
from conftest import PNG, png_bytes, write_issue
from pydantic import BaseModel, ValidationError
from test_content_hostile import CASES as HOSTILE
from test_content_hostile import write_case as hostile_case
from test_markdown_hostile import CASES as MD_HOSTILE
from test_pictures_size import REFUSED_BODY, WARNED_BODY

from typesetter import i18n
from typesetter.content import load_issue
from typesetter.errors import ContentError, Problem, UsageError
from typesetter.markdown import render_body
from typesetter.model import ArticleMeta, Colophon
from typesetter.preflight import check_glyphs
from typesetter.scaffold import add_article, parse_date, start_issue
from typesetter.yamlsource import parse_yaml, validation_problems

MakeIssue = Callable[..., Path]

# (case, issue.yaml, article 01.md, the English line, the Chinese line); the lines are those
# of tests/test_yaml_errors.py, test_content.py and test_model.py's cases.
TABLE = [
    (
        "indent differs",
        I.replace('  postcode: "200011"', ' postcode: "200011"'),
        A,
        "t/issue.yaml:12: broken YAML at column 2: this line is indented differently from the line above (which starts at column 3) (line up the keys of one block, and the '-' of one list, in one column)",
        "t/issue.yaml:12: YAML 有误（第2列）：缩进与上一行不一致（上一行从第3列开始）（同一层的键、同一列表的 '-' 都应上下对齐）",
    ),
    (
        "indent more",
        I.replace("kicker: 行业资讯", "  kicker: 行业资讯"),
        A,
        "t/issue.yaml:2: broken YAML at column 3: this line is indented more than the key above it (line up the keys of one block in one column; if the text above goes on here, put it in quotes)",
        "t/issue.yaml:2: YAML 有误（第3列）：此行比上面的键缩进得多（同一层的键应上下对齐；如果是上一行的文字接续到这里，请给它加引号）",
    ),
    (
        "tab",
        I.replace("  address:", "\taddress:"),
        A,
        "t/issue.yaml:11: broken YAML at column 1: a tab (YAML needs spaces: replace the tab with spaces)",
        "t/issue.yaml:11: YAML 有误（第1列）：有制表符（Tab）（YAML 只能用空格缩进：请把制表符换成空格）",
    ),
    (
        "colon in value",
        I.replace("publication: 电子商务动态", "publication: 电子商务动态: 2023"),
        A,
        "t/issue.yaml:1: broken YAML at column 20: a ': ' inside the value (put the value in quotes: publication: \"电子商务动态: 2023\")",
        "t/issue.yaml:1: YAML 有误（第20列）：值里有 ': '（请给值加引号：publication: \"电子商务动态: 2023\"）",
    ),
    (
        "no colon",
        I.replace("publisher: 上海", "publisher 上海"),
        A,
        "t/issue.yaml:7: broken YAML at column 1: this line has no ':' after its key (write 'key: value'; a value that goes on from the line above is indented under it)",
        "t/issue.yaml:7: YAML 有误（第1列）：此行的键后面没有 ':'（请写成 'key: value'；接续上一行的值要缩进到它下面）",
    ),
    (
        "unclosed bracket",
        I.replace("number: 17", "number: [17"),
        A,
        "t/issue.yaml:4: broken YAML at column 9: the '[' opened here is never closed (close it with ']', or put the value in quotes if '[' is part of the text)",
        "t/issue.yaml:4: YAML 有误（第9列）：这里开始的 '[' 没有闭合（请用 ']' 闭合；如果 '[' 是正文的一部分，请给值加引号）",
    ),
    (
        "full-width colon",
        I,
        A.replace("source: 《文汇报》", "来源：《文汇报》"),
        "t/articles/01.md:3: broken YAML at column 3: a full-width colon '：' after the key (write a half-width colon and a space: 来源: 《文汇报》)",
        "t/articles/01.md:3: YAML 有误（第3列）：键后用了全角冒号 '：'（请改用半角冒号加一个空格：来源: 《文汇报》）",
    ),
    (
        "chinese key",
        I,
        A.replace("source: 《文汇报》", "来源: 《文汇报》"),
        "t/articles/01.md:3: unknown key '来源' (did you mean 'source'? keys are written in English)",
        "t/articles/01.md:3: 未知的键 '来源'（是不是 'source'？键名要用英文）",
    ),
    (
        "duplicate key",
        I,
        A.replace("date: 2023-08-22", "date: 2023-08-22\ntitle: 又一个"),
        "t/articles/01.md:5: key 'title' appears twice: lines 2 and 5 (keep one)",
        "t/articles/01.md:5: 键 'title' 出现了两次：第2行和第5行（请只保留一处）",
    ),
    (
        "alias",
        I,
        A.replace("title: 国务院", "title: *重要*国务院"),
        "t/articles/01.md:2: broken YAML at column 8: a value starting with '*' is read as a YAML reference (put the value in quotes: title: \"*重要*国务院：促进数字技术与实体经济深度融合\")",
        "t/articles/01.md:2: YAML 有误（第8列）：以 '*' 开头的值会被当作 YAML 引用（请给值加引号：title: \"*重要*国务院：促进数字技术与实体经济深度融合\"）",
    ),
    (
        "after quote",
        I,
        A.replace("title: 国务院：促进数字技术与实体经济深度融合", 'title: "他说"好"'),
        "t/articles/01.md:2: broken YAML at column 12: text after the closing quote (quotes inside a quoted value: use “ ” or 「 」, or put the value in the other quotes: title: '他说\"好')",
        "t/articles/01.md:2: YAML 有误（第12列）：闭合引号之后还有文字（带引号的值里又有引号：请改用 “ ” 或 「 」，或换用另一种引号：title: '他说\"好'）",
    ),
    (
        "unclosed quote",
        I,
        A.replace("title: 国务院：促进数字技术与实体经济深度融合", "title: '未闭合"),
        "t/articles/01.md:2: broken YAML at column 8: the quote ' opened here is never closed (close it with '; for quotes inside the text, use “ ” or 「 」)",
        "t/articles/01.md:2: YAML 有误（第8列）：这里开始的引号 ' 没有闭合（请用 ' 闭合；正文里的引号请用 “ ” 或 「 」）",
    ),
    (
        "cannot start",
        I,
        A.replace("source: 《文汇报》", "source: @人民日报"),
        "t/articles/01.md:3: broken YAML at column 9: a value cannot start with '@' (put the value in quotes: source: \"@人民日报\")",
        "t/articles/01.md:3: YAML 有误（第9列）：值不能以 '@' 开头（请给值加引号：source: \"@人民日报\"）",
    ),
    (
        "typo key",
        I,
        A.replace("source: 《文汇报》", "sourse: 《文汇报》"),
        "t/articles/01.md:3: unknown key 'sourse' (did you mean 'source'?)",
        "t/articles/01.md:3: 未知的键 'sourse'（是不是 'source'？）",
    ),
    (
        "missing key",
        I.replace("publication: 电子商务动态\n", ""),
        A,
        "t/issue.yaml:1: missing required key 'publication'",
        "t/issue.yaml:1: 缺少必填的键 'publication'",
    ),
    (
        "not a number",
        I.replace("number: 17", "number: 十七"),
        A,
        "t/issue.yaml:4: number: must be a whole number, not '十七'",
        "t/issue.yaml:4: number：应为整数，而不是 '十七'",
    ),
    (
        "below minimum",
        I.replace("number: 17", "number: 0"),
        A,
        "t/issue.yaml:4: number: must be 1 or more, not 0",
        "t/issue.yaml:4: number：应不小于 1，而不是 0",
    ),
    (
        "bad date",
        I,
        A.replace("date: 2023-08-22", "date: 2023-13-01"),
        "t/articles/01.md:4: date: not a valid date ('2023-13-01') (write YYYY-MM-DD, e.g. 2023-09-05)",
        "t/articles/01.md:4: date：不是有效的日期（'2023-13-01'）（请写成 YYYY-MM-DD，如 2023-09-05）",
    ),
    (
        "not text",
        I,
        A.replace("source: 《文汇报》", "source: 2023"),
        't/articles/01.md:3: source: must be text, not the number 2023 (quote it: source: "2023")',
        't/articles/01.md:3: source：应为文字，而不是数字 2023（请加引号：source: "2023"）',
    ),
    (
        "list not mapping",
        I.replace("colophon:\n", "colophon: 无\n").replace(
            '  address: 中山南路 1088 号南浦大厦四楼\n  postcode: "200011"\n', ""
        ),
        A,
        "t/issue.yaml:10: colophon: must be a mapping of 'key: value' lines, not text",
        "t/issue.yaml:10: colophon：应为若干 'key: value' 行，而不是文字",
    ),
]


@pytest.fixture
def speak() -> Iterator[Callable[[str], None]]:
    yield i18n.set_language
    i18n.set_language("en")


def _problems(make_issue: MakeIssue, issue: str, article: str) -> list[str]:
    folder = make_issue(issue=issue, articles={"01": article})
    with pytest.raises(ContentError) as caught:
        load_issue(folder, display_dir="t")
    return [str(p) for p in caught.value.problems]


@pytest.mark.parametrize(
    ("case", "issue", "article", "english", "chinese"), TABLE, ids=[r[0] for r in TABLE]
)
def test_error_table(
    make_issue: MakeIssue,
    speak: Callable[[str], None],
    case: str,
    issue: str,
    article: str,
    english: str,
    chinese: str,
) -> None:
    speak("en")
    assert _problems(make_issue, issue, article) == [english]
    speak("zh-CN")
    assert _problems(make_issue, issue, article) == [chinese]


@pytest.mark.parametrize(
    ("problem", "english", "chinese"),
    [
        (Problem("a.md", 3, "m", "h", "warning"), "a.md:3: warning: m (h)", "a.md:3: 警告：m（h）"),
        (Problem("a.md", None, "m"), "a.md: m", "a.md: m"),
        (Problem("a.md", 1, "m", "h"), "a.md:1: m (h)", "a.md:1: m（h）"),
    ],
)
def test_problem_lines_keep_the_place(
    speak: Callable[[str], None], problem: Problem, english: str, chinese: str
) -> None:
    speak("en")
    assert str(problem) == english
    speak("zh-CN")
    assert str(problem) == chinese


# --- the content area's messages, each case of the suite reproduced in-process ------------
# The cases of tests/test_content.py, test_content_hostile.py, test_scaffold.py,
# test_model.py, test_cover.py, test_markdown*.py, test_quotes.py and test_pictures_size.py
# (their Markdown messages), each with its exact English and exact Chinese lines.

Run = Callable[[Path], list[str]]
IY, AY = "t/issue.yaml", "t/articles/01.md"
SEED = Path(__file__).resolve().parent.parent / "content" / "2023-17"
DAY = datetime.date(2023, 9, 19)


def _lines(error: ContentError | UsageError) -> list[str]:
    return [str(p) for p in error.problems]


def _load(folder: Path, display: str = "t") -> list[str]:
    """The errors of loading ``folder``, else its warnings."""
    try:
        _, warnings = load_issue(folder, display_dir=display)
    except ContentError as error:
        return _lines(error)
    return [str(w) for w in warnings]


def loaded(issue: str = I, article: str = A, **kwargs: Any) -> Run:
    """Load an issue written from ``issue`` and one article ``article`` (+ ``kwargs`` of
    :func:`conftest.write_issue`)."""
    kwargs.setdefault("articles", {"01": article})
    return lambda root: _load(write_issue(root, issue=issue, **kwargs))


def hostile(name: str) -> Run:
    """A row of tests/test_content_hostile.py's table, loaded in-process."""
    [files] = [row[1] for row in HOSTILE if row[0] == name]
    return lambda root: _load(hostile_case(root, files), "issue")


def raised(call: Callable[[Path], object]) -> Run:
    def run(root: Path) -> list[str]:
        root.mkdir(parents=True, exist_ok=True)
        try:
            call(root)
        except (ContentError, UsageError) as error:
            return _lines(error)
        raise AssertionError("no error")

    return run


def next_issue(root: Path) -> Path:
    """The seed issue's next issue, started as tests/test_scaffold.py does."""
    start_issue(root / "18", previous=SEED, date=DAY)
    return root / "18"


def _write_body(path: Path, text: str) -> None:
    old = path.read_text(encoding="utf-8")
    path.write_text(old[: old.rindex("待填写")] + text + "\n", encoding="utf-8")


def _stubs_left_out(root: Path) -> list[str]:
    folder = next_issue(root)
    added = add_article(folder, "专家视点", "跨境电商的新机遇")
    _write_body(folder / added.name, "正文。")
    return _load(folder, "c")


def _begun_stub(root: Path) -> list[str]:
    folder = next_issue(root)
    add_article(folder, "1", "跨境电商的新机遇")
    return [line.replace(str(folder), "c") for line in _load(folder, "c")]


def _titled_stub(root: Path) -> list[str]:
    folder = next_issue(root)
    added = add_article(folder, "1", "跨境电商的新机遇")
    _write_body(folder / "articles" / "02-zhengcefagui.md", "正文。")
    _write_body(folder / added.name, "正文。")
    return _load(folder, "c")


def _seed_stubs(root: Path) -> list[str]:
    return _load(next_issue(root), "c")


def _skeleton(root: Path) -> list[str]:
    start_issue(root / "new", date=datetime.date(2024, 3, 1))
    return _load(root / "new", "new")


def _new_summary(root: Path) -> list[str]:
    started = start_issue(root / "18", previous=SEED, date=DAY)
    return [
        line.replace(str(root), "c").replace(str(SEED), "2023-17") for line in started.summary()
    ]


def _skeleton_summary(root: Path) -> list[str]:
    started = start_issue(root / "new", date=datetime.date(2024, 3, 1))
    return [line.replace(str(root), "c") for line in started.summary()]


def _add_summary(root: Path) -> list[str]:
    folder = next_issue(root)
    return add_article(folder, "行业资讯", "商务部推进电子商务", display_dir="c/18").summary()


def _add_appended(root: Path) -> list[str]:
    folder = next_issue(root)
    add_article(folder, "3", "国家统计局：网络零售额增长")
    return add_article(folder, "3", "直播电商交易规模", display_dir="c/18").summary()


def _in_use(root: Path) -> None:
    folder = next_issue(root)
    start_issue(folder, previous=SEED, date=DAY)


def _inside_an_issue(root: Path) -> None:
    start_issue(next_issue(root) / "inner", date=DAY)


def _brackets(root: Path) -> None:
    text = (
        "publication: 电子商务动态\nyear: 2023\nnumber: 17\ndate: 2023-09-05\n"
        "publisher: 中心\neditor: 编辑部\ncolophon:\n  address: 地址\n"
        "sections:\n  - title: 行业资讯\n    articles: [articles/01.md]\n"
    )
    folder = write_issue(root, issue=text, articles={"01": {"title": "标题"}})
    add_article(folder, "1", "盒马", display_dir="t")


def _skeleton_add(root: Path) -> None:
    start_issue(root / "y", date=datetime.date(2024, 3, 1))
    add_article(root / "y", "行业资讯", "标题", display_dir="y")


def _relative(run: Run) -> Run:
    """``run`` with the temporary folder shown as ``tmp``."""

    def shown(root: Path) -> list[str]:
        return [line.replace(str(root), "tmp") for line in run(root)]

    return shown


def _seed_shown(run: Run) -> Run:
    """``run`` with the seed issue's folder shown as ``content/2023-17``."""
    return lambda root: [line.replace(str(SEED), "content/2023-17") for line in run(root)]


def _empty_folder(root: Path) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    return root


def _symlinked(root: Path) -> list[str]:
    secret = root / "secret.md"
    root.mkdir(parents=True, exist_ok=True)
    secret.write_text(A, encoding="utf-8")
    folder = write_issue(root, issue=I + "      - articles/link.md\n", articles={"01": A})
    os.symlink(secret, folder / "articles/link.md")
    return _load(folder)


def _glyphs(root: Path) -> list[str]:
    folder = write_issue(root, issue=I, articles={"01": A.replace("第三次", "第三次ก")})
    issue, _warnings = load_issue(folder, display_dir="t")
    return [str(p) for p in check_glyphs(issue)]


def _validated(model: type[BaseModel], data: dict[str, Any], text: str) -> Run:
    """``data`` validated by ``model`` as a file written ``text`` would be."""

    def run(root: Path) -> list[str]:
        doc, _found = parse_yaml(text, "x.yaml")
        assert doc is not None
        try:
            model.model_validate(data)
        except ValidationError as error:
            return [str(p) for p in validation_problems(error, doc, "x.yaml", model)]
        raise AssertionError("valid")

    return run


def _cover(cover: dict[str, Any]) -> Run:
    return lambda root: _load(
        write_issue(root, issue={"cover": cover}, images={"images/a.png": png_bytes(4, 3)}), "issue"
    )


def body(text: str, first_line: int = 10, path: str = AY) -> Run:
    """The problems of an article body ``text`` from ``first_line`` (pictures: images/c.png)."""

    def run(root: Path) -> list[str]:
        (root / "images").mkdir(parents=True, exist_ok=True)
        (root / "images" / "c.png").write_bytes(PNG)
        _html, problems = render_body(
            text,
            display_path=path,
            first_line=first_line,
            issue_dir=root,
            anchor="a",
            display_dir="t",
        )
        return [str(p) for p in problems]

    return run


def md_hostile(name: str) -> Run:
    """A row of tests/test_markdown_hostile.py's table, rendered in-process."""
    [text] = [row[1] for row in MD_HOSTILE if row[0] == name]
    return body(text, 5, "issue/articles/01.md")


CONTENT_CASES: list[tuple[str, Run]] = [
    # --- tests/test_content.py --------------------------------------------------------------
    (
        "missing article file",
        loaded(I + "      - articles/02.md\n"),
    ),
    (
        "missing image",
        loaded(article=A.replace("date:", "image: images/cover.png\ndate:")),
    ),
    (
        "missing image in the body",
        loaded(article=A + "\n![图1 跨境电商进出口额](images/chart.png)\n"),
    ),
    (
        "image path outside the issue",
        loaded(article=A + "\n![图1](../../secret.png)\n"),
    ),
    (
        "remote image URL",
        loaded(article=A + "\n![图1](https://example.com/chart.png)\n"),
    ),
    ("unknown key kiker", loaded(I.replace("kicker:", "kiker:"))),
    (
        "missing required nested field",
        loaded(I.replace("address: 中山南路 1088 号南浦大厦四楼", "office: 中心内")),
    ),
    (
        "missing publisher",
        loaded(I.replace("publisher: 上海市电子商务和消费促进中心\n", "")),
    ),
    ("octal postcode", loaded(I.replace('postcode: "200011"', "postcode: 010000"))),
    ("bare phone number", loaded(I.replace('postcode: "200011"', "phone: 63685517"))),
    (
        "text field given a date or yes",
        loaded(article=A.replace("source: 《文汇报》", "source: 2023-08-22\nauthor: yes")),
    ),
    (
        "dates must be real",
        loaded(
            I.replace("date: 2023-09-05", "date: 2023-13-01"),
            A.replace("date: 2023-08-22", "date: 2023-02-30 10:00"),
        ),
    ),
    (
        "int fields reject bools, text and zero",
        loaded(
            I.replace("year: 2023", "year: true")
            .replace("total: 294", "total: 0")
            .replace("number: 17", 'number: "17"')
        ),
    ),
    (
        "style and bool values",
        loaded(
            I.replace("    articles:", "    style: book\n    articles:"),
            A.replace("date:", "toc: maybe\ndate:"),
        ),
    ),
    ("known keys", loaded(I.replace("  address:", "  zzz: 1\n  address:"))),
    ("duplicate year", loaded(I + "year: 2024\n")),
    ("issue.yaml a list", loaded("- a\n- b\n")),
    ("issue.yaml empty", loaded("")),
    (
        "empty articles",
        loaded(I[: I.index("sections:")] + "sections:\n  - title: x\n    articles: []\n"),
    ),
    ("empty sections", loaded(I[: I.index("sections:")] + "sections: []\n")),
    ("language en", loaded(I + "language: en\n")),
    (
        "article path rules",
        loaded(
            I.replace(
                "      - articles/01.md\n",
                "".join(
                    f"      - {r}\n"
                    for r in [
                        "articles/01.md",
                        "../x.md",
                        "/etc/passwd",
                        "https://example.com/a.md",
                        "file:///etc/passwd",
                        "//host/a.md",
                        "articles",
                        "./articles/01.md",
                    ]
                ),
            )
        ),
    ),
    ("symlink out of the issue", _symlinked),
    ("unlisted article", loaded(files={"articles/99-draft.md": A})),
    ("not a folder", lambda root: _load(root / "nope", "nope")),
    ("no issue.yaml", lambda root: _load(_empty_folder(root))),
    ("no front matter", loaded(article="正文。\n")),
    ("front matter not closed", loaded(article="---\ntitle: T\n正文\n")),
    ("front matter a list", loaded(article="---\n- a\n---\n")),
    ("front matter without a title", loaded(article="---\nsource: x\n---\n")),
    ("empty title", loaded(article="---\ntitle:\n---\n")),
    ("blank title", loaded(article="---\ntitle: '  '\n---\n")),
    (
        "non-UTF-8 article",
        loaded(files={"articles/01.md": A.encode() + "第二段".encode("gb18030") + b"\n"}),
    ),
    ("binary issue.yaml", loaded(files={"issue.yaml": PNG})),
    *[
        (
            f"bad image {name}",
            loaded(
                article=A.replace("date:", "image: images/c.png\ndate:"),
                images={"images/c.png": data},
            ),
        )
        for name, data in [
            ("truncated PNG", PNG[:40]),
            ("damaged JPEG", b"\xff\xd8\xff\xe0\x00\x10JFIF"),
            ("GIF", b"GIF89a"),
            ("broken SVG", b"<svg><g></svg>"),
            ("SVG entities", b'<!DOCTYPE svg [<!ENTITY x "y">]><svg/>'),
        ]
    ],
    (
        "image data URL",
        loaded(article=A.replace("date:", "image: 'data:image/png;base64,iVBORw0KGgo='\ndate:")),
    ),
    # --- tests/test_content_hostile.py --------------------------------------------------------
    *[(f"hostile: {row[0]}", hostile(row[0])) for row in HOSTILE if row[2]],
    # --- a character no font has (preflight) -----------------------------------------------
    ("glyph missing", _glyphs),
    # --- tests/test_scaffold.py -------------------------------------------------------------
    (
        "new: an earlier date",
        raised(
            lambda root: start_issue(root / "new", previous=SEED, date=datetime.date(2023, 9, 1))
        ),
    ),
    (
        "new: an earlier year",
        _seed_shown(
            raised(lambda root: start_issue(root / "new", previous=SEED, date=DAY, year=2022))
        ),
    ),
    ("new: a folder in use", _relative(raised(_in_use))),
    ("new: inside an issue", _relative(raised(_inside_an_issue))),
    (
        "new: a broken previous issue",
        _relative(
            raised(
                lambda root: start_issue(
                    root / "new", previous=write_issue(root, issue={"number": "十七"}), date=DAY
                )
            )
        ),
    ),
    ("new: not a date", raised(lambda root: parse_date("2023-13-01"))),
    ("new: the summary", _new_summary),
    ("new: the skeleton's summary", _skeleton_summary),
    ("new: only stubs", _seed_stubs),
    ("new: the skeleton's stubs", _skeleton),
    ("add: the summary", _add_summary),
    ("add: appended", _add_appended),
    (
        "add: an unknown section",
        raised(lambda root: add_article(next_issue(root), "行业咨询", "标题", display_dir="c/18")),
    ),
    (
        "add: no section 6",
        raised(lambda root: add_article(next_issue(root), "6", "标题", display_dir="c/18")),
    ),
    ("add: an empty title", raised(lambda root: add_article(next_issue(root), "1", "  "))),
    (
        "add: a line feed in the title",
        raised(lambda root: add_article(next_issue(root), "1", "a\nb")),
    ),
    (
        "add: a long title",
        raised(lambda root: add_article(next_issue(root), "1", "长" * 201)),
    ),
    ("add: a list in brackets", raised(_brackets)),
    ("add: the skeleton's one section", raised(_skeleton_add)),
    ("stubs left out", _stubs_left_out),
    ("a begun article with stub text", _begun_stub),
    ("a stub title", _titled_stub),
    # --- tests/test_markdown.py, test_markdown_hostile.py, test_pictures_size.py, ---------
    # --- test_quotes.py, test_layout_magazine.py (the Markdown of article bodies) ----------
    ("headings", body("# 标题\n\n正文\n\n#### 太深\n\n标题二\n===\n")),
    ("image not found", body("正文\n\n![图](images/none.png)\n")),
    ("image absolute", body("正文\n\n![图](/etc/passwd)\n")),
    ("image data URL in the body", body("正文\n\n![图](data:image/png;base64,AAAA)\n")),
    (
        "raw HTML",
        body("正文\n<span>内联</span>\n\n<div>\n块\n</div>\n\n<script>x()</script>\n"),
    ),
    ("links", body("[别处](other.md) [脚本](javascript:alert(1))\n")),
    (
        "half-width punctuation",
        body("第一行\n中国,上海:深圳;广州(番禺)好?是!吗\n\n`代码,里`不算,对English, ok\n"),
    ),
    ("straight quotes", body("业内常说\"渠道为王\"，他说'好'。\n")),
    *[(f"markdown hostile: {row[0]}", md_hostile(row[0])) for row in MD_HOSTILE if row[3]],
    ("picture warnings", body(WARNED_BODY, 1)),
    ("picture size errors", body(REFUSED_BODY, 1)),
    ("picture height in a line", body("文字![标](images/c.png){height=2em}文字\n")),
    ("unknown picture size", body("![图](images/c.png){depth=3}\n")),
    ("pull quote without text", body("> [!pull]\n\n正文。", 5, "a.md")),
    ("pull quote of two paragraphs", body("> [!pull]\n> 一。\n>\n> 二。", 5, "a.md")),
    ("pull quote in a list", body("- 列表\n\n  > [!pull]\n  > 一句。", 5, "a.md")),
    ("long pull quote", body("> [!pull]\n> " + "长" * 90, 5, "a.md")),
    (
        "half-width in a section title",
        loaded(I.replace("  - title: 行业资讯", "  - title: 行业资讯(上海)动态")),
    ),
    (
        "half-width in a title",
        loaded(article=A.replace("title: 国务院：", "title: 国务院:") + "\n中国(上海)自贸区,好\n"),
    ),
    # --- tests/test_model.py, test_cover.py, test_pages_keep.py -----------------------------
    (
        "model: a blank address",
        _validated(Colophon, {"address": " "}, "address: ' '\n"),
    ),
    (
        "model: a date with a time",
        _validated(
            ArticleMeta,
            {"title": "T", "date": datetime.datetime(2023, 1, 1, 8)},
            "title: T\ndate: 2023-01-01 08:00\n",
        ),
    ),
    (
        "model: break_before true",
        _validated(
            ArticleMeta, {"title": "T", "break_before": True}, "title: T\nbreak_before: true\n"
        ),
    ),
    ("cover: a credit without a picture", _cover({"credit": "摄影：张三"})),
    ("cover: a note without text", _cover({"note": {"title": "卷首语"}})),
    ("cover: a long note", _cover({"note": {"text": "字" * 601}})),
    ("cover: a blank note", _cover({"note": {"text": "  "}})),
    ("cover: an unknown key", _cover({"image": "images/a.png", "photographer": "张三"})),
    ("cover: a note as text", _cover({"note": "卷首语"})),
    ("cover: a missing picture", _cover({"image": "images/nope.png"})),
]


@pytest.mark.parametrize(("case", "run"), CONTENT_CASES, ids=[c[0] for c in CONTENT_CASES])
def test_content_messages(
    tmp_path: Path, speak: Callable[[str], None], case: str, run: Run
) -> None:
    english, chinese = EXPECTED[case]
    speak("en")
    assert run(tmp_path / "en") == english
    speak("zh-CN")
    assert run(tmp_path / "zh") == chinese


def test_every_case_has_its_lines() -> None:
    assert sorted(EXPECTED) == sorted(case for case, _run in CONTENT_CASES)


#: Each case's exact lines: (English, Chinese).
EXPECTED: dict[str, tuple[list[str], list[str]]] = {
    "missing article file": (
        [
            "t/issue.yaml:17: article file 'articles/02.md' not found (no file t/articles/02.md)",
        ],
        [
            "t/issue.yaml:17: 找不到文章文件 'articles/02.md'（没有文件 t/articles/02.md）",
        ],
    ),
    "missing image": (
        [
            "t/articles/01.md:4: image 'images/cover.png' not found (no file t/images/cover.png)",
        ],
        [
            "t/articles/01.md:4: 找不到图片 'images/cover.png'（没有文件 t/images/cover.png）",
        ],
    ),
    "missing image in the body": (
        [
            "t/articles/01.md:9: image 'images/chart.png' not found (no file t/images/chart.png)",
        ],
        [
            "t/articles/01.md:9: 找不到图片 'images/chart.png'（没有文件 t/images/chart.png）",
        ],
    ),
    "image path outside the issue": (
        [
            "t/articles/01.md:9: image '../../secret.png' is outside the issue folder (paths must stay inside it)",
        ],
        [
            "t/articles/01.md:9: 图片 '../../secret.png' 在本期文件夹之外（路径必须在本期文件夹之内）",
        ],
    ),
    "remote image URL": (
        [
            "t/articles/01.md:9: image 'https://example.com/chart.png' is a URL (URLs are never fetched; put the file in the issue folder and give its path)",
        ],
        [
            "t/articles/01.md:9: 图片 'https://example.com/chart.png' 是网址（网址不会被下载；请把文件放进本期文件夹，写出它的路径）",
        ],
    ),
    "unknown key kiker": (
        [
            "t/issue.yaml:2: unknown key 'kiker' (did you mean 'kicker'?)",
        ],
        [
            "t/issue.yaml:2: 未知的键 'kiker'（是不是 'kicker'？）",
        ],
    ),
    "missing required nested field": (
        [
            "t/issue.yaml:11: missing required key 'address'",
        ],
        [
            "t/issue.yaml:11: 缺少必填的键 'address'",
        ],
    ),
    "missing publisher": (
        [
            "t/issue.yaml:1: missing required key 'publisher'",
        ],
        [
            "t/issue.yaml:1: 缺少必填的键 'publisher'",
        ],
    ),
    "octal postcode": (
        [
            't/issue.yaml:12: postcode: must be text, but YAML reads 010000 as the number 4096 (quote it: postcode: "010000")',
        ],
        [
            't/issue.yaml:12: postcode：应为文字，但 YAML 把 010000 读作数字 4096（请加引号：postcode: "010000"）',
        ],
    ),
    "bare phone number": (
        [
            't/issue.yaml:12: phone: must be text, not the number 63685517 (quote it: phone: "63685517")',
        ],
        [
            't/issue.yaml:12: phone：应为文字，而不是数字 63685517（请加引号：phone: "63685517"）',
        ],
    ),
    "text field given a date or yes": (
        [
            't/articles/01.md:3: source: must be text, but YAML reads 2023-08-22 as a date (quote it: source: "2023-08-22")',
            't/articles/01.md:4: author: must be text, but YAML reads yes as true (quote it: author: "yes")',
        ],
        [
            't/articles/01.md:3: source：应为文字，但 YAML 把 2023-08-22 读作日期（请加引号：source: "2023-08-22"）',
            't/articles/01.md:4: author：应为文字，但 YAML 把 yes 读作逻辑值 true（请加引号：author: "yes"）',
        ],
    ),
    "dates must be real": (
        [
            "t/articles/01.md:4: date: not a valid date ('2023-02-30 10:00') (write YYYY-MM-DD, e.g. 2023-09-05)",
            "t/issue.yaml:6: date: not a valid date ('2023-13-01') (write YYYY-MM-DD, e.g. 2023-09-05)",
        ],
        [
            "t/articles/01.md:4: date：不是有效的日期（'2023-02-30 10:00'）（请写成 YYYY-MM-DD，如 2023-09-05）",
            "t/issue.yaml:6: date：不是有效的日期（'2023-13-01'）（请写成 YYYY-MM-DD，如 2023-09-05）",
        ],
    ),
    "int fields reject bools, text and zero": (
        [
            "t/issue.yaml:3: year: must be a whole number, not true",
            "t/issue.yaml:4: number: must be a whole number, not '17'",
            "t/issue.yaml:5: total: must be 1 or more, not 0",
        ],
        [
            "t/issue.yaml:3: year：应为整数，而不是 true",
            "t/issue.yaml:4: number：应为整数，而不是 '17'",
            "t/issue.yaml:5: total：应不小于 1，而不是 0",
        ],
    ),
    "style and bool values": (
        [
            "t/articles/01.md:4: toc: must be true or false, not 'maybe'",
            "t/issue.yaml:15: style: must be articles or books, not 'book' (did you mean 'books'?)",
        ],
        [
            "t/articles/01.md:4: toc：应为 true 或 false，而不是 'maybe'",
            "t/issue.yaml:15: style：应为 articles 或 books，而不是 'book'（是不是 'books'？）",
        ],
    ),
    "known keys": (
        [
            "t/issue.yaml:11: unknown key 'zzz' (known keys: address, postcode, office, phone, email)",
        ],
        [
            "t/issue.yaml:11: 未知的键 'zzz'（可用的键：address, postcode, office, phone, email）",
        ],
    ),
    "duplicate year": (
        [
            "t/issue.yaml:17: key 'year' appears twice: lines 3 and 17 (keep one)",
        ],
        [
            "t/issue.yaml:17: 键 'year' 出现了两次：第3行和第17行（请只保留一处）",
        ],
    ),
    "issue.yaml a list": (
        [
            "t/issue.yaml:1: issue.yaml must hold 'key: value' lines, not a list (it starts with 'publication: …'; see docs/content.md)",
        ],
        [
            "t/issue.yaml:1: issue.yaml 应为若干 'key: value' 行，而不是列表（它以 'publication: …' 开头；见 docs/content.md）",
        ],
    ),
    "issue.yaml empty": (
        [
            "t/issue.yaml:1: issue.yaml is empty (it starts with 'publication: …'; see docs/content.md)",
        ],
        [
            "t/issue.yaml:1: issue.yaml 是空的（它以 'publication: …' 开头；见 docs/content.md）",
        ],
    ),
    "empty articles": (
        [
            "t/issue.yaml:15: articles: must not be empty (list at least one entry)",
        ],
        [
            "t/issue.yaml:15: articles：不能为空（请至少列出一项）",
        ],
    ),
    "empty sections": (
        [
            "t/issue.yaml:13: sections: must not be empty (list at least one entry)",
        ],
        [
            "t/issue.yaml:13: sections：不能为空（请至少列出一项）",
        ],
    ),
    "language en": (
        [
            "t/issue.yaml:17: language: 'en' is not supported by layout 'newsletter' (use zh-Hans or zh-CN; other languages are not supported yet)",
        ],
        [
            "t/issue.yaml:17: language：版式 'newsletter' 不支持 'en'（请用 zh-Hans 或 zh-CN；暂不支持其他语言）",
        ],
    ),
    "article path rules": (
        [
            "t/issue.yaml:17: article file '../x.md' is outside the issue folder (paths must stay inside it)",
            "t/issue.yaml:18: article file '/etc/passwd' is an absolute path (give a path relative to the issue folder)",
            "t/issue.yaml:19: article file 'https://example.com/a.md' is a URL (URLs are never fetched; put the file in the issue folder and give its path)",
            "t/issue.yaml:20: article file 'file:///etc/passwd' is a URL (URLs are never fetched; put the file in the issue folder and give its path)",
            "t/issue.yaml:21: article file '//host/a.md' is a URL (URLs are never fetched; put the file in the issue folder and give its path)",
            "t/issue.yaml:22: article file 'articles' is not a file",
            "t/issue.yaml:23: article file './articles/01.md' is listed twice (first at line 16; list each article once)",
        ],
        [
            "t/issue.yaml:17: 文章文件 '../x.md' 在本期文件夹之外（路径必须在本期文件夹之内）",
            "t/issue.yaml:18: 文章文件 '/etc/passwd' 是绝对路径（请写相对于本期文件夹的路径）",
            "t/issue.yaml:19: 文章文件 'https://example.com/a.md' 是网址（网址不会被下载；请把文件放进本期文件夹，写出它的路径）",
            "t/issue.yaml:20: 文章文件 'file:///etc/passwd' 是网址（网址不会被下载；请把文件放进本期文件夹，写出它的路径）",
            "t/issue.yaml:21: 文章文件 '//host/a.md' 是网址（网址不会被下载；请把文件放进本期文件夹，写出它的路径）",
            "t/issue.yaml:22: 文章文件 'articles' 不是文件",
            "t/issue.yaml:23: 文章文件 './articles/01.md' 列了两次（第一次在第16行；每篇文章只列一次）",
        ],
    ),
    "symlink out of the issue": (
        [
            "t/issue.yaml:17: article file 'articles/link.md' is outside the issue folder (paths must stay inside it)",
        ],
        [
            "t/issue.yaml:17: 文章文件 'articles/link.md' 在本期文件夹之外（路径必须在本期文件夹之内）",
        ],
    ),
    "unlisted article": (
        [
            "t/articles/99-draft.md: warning: not listed in issue.yaml (add it to a section of issue.yaml or delete it)",
        ],
        [
            "t/articles/99-draft.md: 警告：没有列入 issue.yaml（请把它列入 issue.yaml 的某个栏目，或删去该文件）",
        ],
    ),
    "not a folder": (
        [
            "nope: not a folder (give the issue folder)",
        ],
        [
            "nope: 不是文件夹（请给出本期的文件夹）",
        ],
    ),
    "no issue.yaml": (
        [
            "t/issue.yaml: issue.yaml not found (an issue folder holds issue.yaml; see docs/content.md)",
        ],
        [
            "t/issue.yaml: 找不到 issue.yaml（每期的文件夹里应有 issue.yaml；见 docs/content.md）",
        ],
    ),
    "no front matter": (
        [
            "t/articles/01.md:1: no front matter (the file starts with a line '---', then 'title: …', then a line '---')",
        ],
        [
            "t/articles/01.md:1: 没有文前信息（文件应以一行 '---' 开头，接着 'title: …'，再一行 '---'）",
        ],
    ),
    "front matter not closed": (
        [
            "t/articles/01.md:1: front matter not closed (end it with a line '---')",
        ],
        [
            "t/articles/01.md:1: 文前信息没有结束（请用一行 '---' 结束）",
        ],
    ),
    "front matter a list": (
        [
            "t/articles/01.md:2: front matter must hold 'key: value' lines, not a list (write 'title: …' and the other fields, one per line)",
        ],
        [
            "t/articles/01.md:2: 文前信息应为若干 'key: value' 行，而不是列表（请写 'title: …' 等字段，每行一个）",
        ],
    ),
    "front matter without a title": (
        [
            "t/articles/01.md:2: missing required key 'title'",
        ],
        [
            "t/articles/01.md:2: 缺少必填的键 'title'",
        ],
    ),
    "empty title": (
        [
            "t/articles/01.md:2: title: is empty (it is required)",
        ],
        [
            "t/articles/01.md:2: title：为空（这一项必填）",
        ],
    ),
    "blank title": (
        [
            "t/articles/01.md:2: title: must not be empty",
        ],
        [
            "t/articles/01.md:2: title：不能为空",
        ],
    ),
    "non-UTF-8 article": (
        [
            "t/articles/01.md:8: not UTF-8 text (save the article as UTF-8 Markdown)",
        ],
        [
            "t/articles/01.md:8: 不是 UTF-8 文本（请把文章另存为 UTF-8 编码的 Markdown）",
        ],
    ),
    "binary issue.yaml": (
        [
            "t/issue.yaml:1: not UTF-8 text (save it as UTF-8 text)",
        ],
        [
            "t/issue.yaml:1: 不是 UTF-8 文本（请另存为 UTF-8 文本）",
        ],
    ),
    "bad image truncated PNG": (
        [
            "t/articles/01.md:4: image 'images/c.png' is not a readable PNG (the file is truncated or damaged)",
        ],
        [
            "t/articles/01.md:4: 图片 'images/c.png' 不是可读的 PNG 文件（文件不完整或已损坏）",
        ],
    ),
    "bad image damaged JPEG": (
        [
            "t/articles/01.md:4: image 'images/c.png' is not a readable JPEG (the file is truncated or damaged)",
        ],
        [
            "t/articles/01.md:4: 图片 'images/c.png' 不是可读的 JPEG 文件（文件不完整或已损坏）",
        ],
    ),
    "bad image GIF": (
        [
            "t/articles/01.md:4: image 'images/c.png' is not a PNG, JPEG or SVG file (convert it to PNG or JPEG)",
        ],
        [
            "t/articles/01.md:4: 图片 'images/c.png' 不是 PNG、JPEG 或 SVG 文件（请转换为 PNG 或 JPEG）",
        ],
    ),
    "bad image broken SVG": (
        [
            "t/articles/01.md:4: image 'images/c.png' is not a readable SVG (mismatched tag: line 1, column 10)",
        ],
        [
            "t/articles/01.md:4: 图片 'images/c.png' 不是可读的 SVG（mismatched tag: line 1, column 10）",
        ],
    ),
    "bad image SVG entities": (
        [
            "t/articles/01.md:4: image 'images/c.png' declares XML entities (remove the <!ENTITY> declarations)",
        ],
        [
            "t/articles/01.md:4: 图片 'images/c.png' 声明了 XML 实体（请删去 <!ENTITY> 声明）",
        ],
    ),
    "image data URL": (
        [
            "t/articles/01.md:4: image 'data:image/png;base64,iVBORw0KGgo=' is a URL (URLs are never fetched; put the file in the issue folder and give its path)",
        ],
        [
            "t/articles/01.md:4: 图片 'data:image/png;base64,iVBORw0KGgo=' 是网址（网址不会被下载；请把文件放进本期文件夹，写出它的路径）",
        ],
    ),
    "hostile: nul escape in a title": (
        [
            "issue/articles/01.md:2: title: control character U+0000 NUL cannot be printed (delete '\\0')",
        ],
        [
            "issue/articles/01.md:2: title：控制字符 U+0000 NUL 无法印出（请删去 '\\0'）",
        ],
    ),
    "hostile: nul escape in issue.yaml": (
        [
            "issue/issue.yaml:1: publication: control character U+0000 NUL cannot be printed (delete '\\0')",
        ],
        [
            "issue/issue.yaml:1: publication：控制字符 U+0000 NUL 无法印出（请删去 '\\0'）",
        ],
    ),
    "hostile: nul byte typed in the body": (
        [
            "issue/articles/01.md:5: control character U+0000 NUL cannot be printed (delete it)",
        ],
        [
            "issue/articles/01.md:5: 控制字符 U+0000 NUL 无法印出（请删去）",
        ],
    ),
    "hostile: esc and bel typed in the body": (
        [
            "issue/articles/01.md:7: control character U+0007 BEL cannot be printed (delete it)",
            "issue/articles/01.md:7: control character U+001B ESC cannot be printed (delete it)",
        ],
        [
            "issue/articles/01.md:7: 控制字符 U+0007 BEL 无法印出（请删去）",
            "issue/articles/01.md:7: 控制字符 U+001B ESC 无法印出（请删去）",
        ],
    ),
    "hostile: esc typed in the front matter": (
        [
            "issue/articles/01.md:2: control character U+001B ESC cannot be printed (delete it)",
        ],
        [
            "issue/articles/01.md:2: 控制字符 U+001B ESC 无法印出（请删去）",
        ],
    ),
    "hostile: esc typed in issue.yaml": (
        [
            "issue/issue.yaml:7: control character U+001B ESC cannot be printed (delete it)",
        ],
        [
            "issue/issue.yaml:7: 控制字符 U+001B ESC 无法印出（请删去）",
        ],
    ),
    "hostile: del and c1 controls typed in the body": (
        [
            "issue/articles/01.md:5: control character U+007F DEL cannot be printed (delete it)",
            "issue/articles/01.md:5: control character U+009B CSI cannot be printed (delete it)",
        ],
        [
            "issue/articles/01.md:5: 控制字符 U+007F DEL 无法印出（请删去）",
            "issue/articles/01.md:5: 控制字符 U+009B CSI 无法印出（请删去）",
        ],
    ),
    "hostile: c1 escapes in a source": (
        [
            "issue/articles/01.md:3: source: control character U+001B ESC cannot be printed (delete '\\e')",
            "issue/articles/01.md:3: source: control character U+0085 NEL cannot be printed (delete '\\x85')",
        ],
        [
            "issue/articles/01.md:3: source：控制字符 U+001B ESC 无法印出（请删去 '\\e'）",
            "issue/articles/01.md:3: source：控制字符 U+0085 NEL 无法印出（请删去 '\\x85'）",
        ],
    ),
    "hostile: control escape on the second line of a quoted title": (
        [
            "issue/articles/01.md:3: title: control character U+0007 BEL cannot be printed (delete '\\a')",
        ],
        [
            "issue/articles/01.md:3: title：控制字符 U+0007 BEL 无法印出（请删去 '\\a'）",
        ],
    ),
    "hostile: lone surrogate escape in issue.yaml": (
        [
            "issue/issue.yaml:2: kicker: lone surrogate U+D800 cannot be printed (delete '\\ud800': write the character itself, not half of its UTF-16 form)",
        ],
        [
            "issue/issue.yaml:2: kicker：孤立的代理码位 U+D800 无法印出（请删去 '\\ud800'：直接写出这个字符，不要写它 UTF-16 形式的一半）",
        ],
    ),
    "hostile: surrogate pair written as two escapes": (
        [
            "issue/articles/01.md:2: title: lone surrogate U+D83D cannot be printed (delete '\\ud83d': write the character itself, not half of its UTF-16 form)",
            "issue/articles/01.md:2: title: lone surrogate U+DE00 cannot be printed (delete '\\ude00': write the character itself, not half of its UTF-16 form)",
        ],
        [
            "issue/articles/01.md:2: title：孤立的代理码位 U+D83D 无法印出（请删去 '\\ud83d'：直接写出这个字符，不要写它 UTF-16 形式的一半）",
            "issue/articles/01.md:2: title：孤立的代理码位 U+DE00 无法印出（请删去 '\\ude00'：直接写出这个字符，不要写它 UTF-16 形式的一半）",
        ],
    ),
    "hostile: lone surrogate reference in the body": (
        [
            "issue/articles/01.md:5: lone surrogate U+D800 cannot be printed (delete '&#xD800;': write the character itself, not half of its UTF-16 form)",
        ],
        [
            "issue/articles/01.md:5: 孤立的代理码位 U+D800 无法印出（请删去 '&#xD800;'：直接写出这个字符，不要写它 UTF-16 形式的一半）",
        ],
    ),
    "hostile: nul, esc, noncharacter and out-of-range references": (
        [
            "issue/articles/01.md:5: control character U+0000 NUL cannot be printed (delete '&#0;')",
            "issue/articles/01.md:5: control character U+001B ESC cannot be printed (delete '&#X1B;')",
            "issue/articles/01.md:7: '&#x110000;' names no character (delete '&#x110000;')",
            "issue/articles/01.md:7: noncharacter U+FFFF cannot be printed (delete '&#xFFFF;')",
        ],
        [
            "issue/articles/01.md:5: 控制字符 U+0000 NUL 无法印出（请删去 '&#0;'）",
            "issue/articles/01.md:5: 控制字符 U+001B ESC 无法印出（请删去 '&#X1B;'）",
            "issue/articles/01.md:7: '&#x110000;' 不对应任何字符（请删去 '&#x110000;'）",
            "issue/articles/01.md:7: 非字符码位 U+FFFF 无法印出（请删去 '&#xFFFF;'）",
        ],
    ),
    "hostile: the first 20 unprintable characters, then a count": (
        [
            "issue/articles/01.md:5: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:6: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:7: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:8: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:9: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:10: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:11: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:12: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:13: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:14: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:15: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:16: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:17: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:18: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:19: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:20: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:21: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:22: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:23: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:24: control character U+0001 SOH cannot be printed (delete it)",
            "issue/articles/01.md:25: 5 more unprintable or bidi characters from this line on (delete them too)",
        ],
        [
            "issue/articles/01.md:5: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:6: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:7: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:8: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:9: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:10: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:11: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:12: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:13: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:14: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:15: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:16: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:17: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:18: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:19: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:20: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:21: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:22: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:23: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:24: 控制字符 U+0001 SOH 无法印出（请删去）",
            "issue/articles/01.md:25: 从这一行起还有 5 个无法印出的字符或双向控制符（请一并删去）",
        ],
    ),
    "hostile: control character in an article path": (
        [
            "issue/issue.yaml:13: articles: control character U+0000 NUL cannot be printed (delete '\\x00')",
        ],
        [
            "issue/issue.yaml:13: articles：控制字符 U+0000 NUL 无法印出（请删去 '\\x00'）",
        ],
    ),
    "hostile: right-to-left override typed in a title": (
        [
            "issue/articles/01.md:2: warning: bidi control U+202E RIGHT-TO-LEFT OVERRIDE can reorder the printed text (delete it unless the text is right-to-left)",
        ],
        [
            "issue/articles/01.md:2: 警告：双向控制符 U+202E RIGHT-TO-LEFT OVERRIDE 会打乱印出文字的顺序（除非这段文字从右向左书写，否则请删去）",
        ],
    ),
    "hostile: isolate escapes in a section title": (
        [
            "issue/issue.yaml:11: warning: title: bidi control U+2066 LEFT-TO-RIGHT ISOLATE can reorder the printed text (delete '\\u2066' unless the text is right-to-left)",
            "issue/issue.yaml:11: warning: title: bidi control U+2069 POP DIRECTIONAL ISOLATE can reorder the printed text (delete '\\u2069' unless the text is right-to-left)",
        ],
        [
            "issue/issue.yaml:11: 警告：title：双向控制符 U+2066 LEFT-TO-RIGHT ISOLATE 会打乱印出文字的顺序（除非这段文字从右向左书写，否则请删去 '\\u2066'）",
            "issue/issue.yaml:11: 警告：title：双向控制符 U+2069 POP DIRECTIONAL ISOLATE 会打乱印出文字的顺序（除非这段文字从右向左书写，否则请删去 '\\u2069'）",
        ],
    ),
    "hostile: marks written as references in the body": (
        [
            "issue/articles/01.md:5: warning: bidi control U+200F RIGHT-TO-LEFT MARK can reorder the printed text (delete '&rlm;' unless the text is right-to-left)",
            "issue/articles/01.md:7: warning: bidi control U+202D LEFT-TO-RIGHT OVERRIDE can reorder the printed text (delete '&#x202D;' unless the text is right-to-left)",
        ],
        [
            "issue/articles/01.md:5: 警告：双向控制符 U+200F RIGHT-TO-LEFT MARK 会打乱印出文字的顺序（除非这段文字从右向左书写，否则请删去 '&rlm;'）",
            "issue/articles/01.md:7: 警告：双向控制符 U+202D LEFT-TO-RIGHT OVERRIDE 会打乱印出文字的顺序（除非这段文字从右向左书写，否则请删去 '&#x202D;'）",
        ],
    ),
    "hostile: a 10 MB title": (
        [
            "issue/articles/01.md:2: file too large: an article may be at most 1 MB, and this line passes it (look for text pasted by mistake, or split the article)",
        ],
        [
            "issue/articles/01.md:2: 文件过大：一篇文章最多 1 MB，到这一行已超出（请检查是否误粘贴了文字，或把文章拆开）",
        ],
    ),
    "hostile: an article body past 1 MB": (
        [
            "issue/articles/01.md:91181: file too large: an article may be at most 1 MB, and this line passes it (look for text pasted by mistake, or split the article)",
        ],
        [
            "issue/articles/01.md:91181: 文件过大：一篇文章最多 1 MB，到这一行已超出（请检查是否误粘贴了文字，或把文章拆开）",
        ],
    ),
    "hostile: issue.yaml past 1 MB": (
        [
            "issue/issue.yaml:116488: file too large: issue.yaml may be at most 1 MB, and this line passes it (look for text pasted by mistake)",
        ],
        [
            "issue/issue.yaml:116488: 文件过大：issue.yaml 文件最多 1 MB，到这一行已超出（请检查是否误粘贴了文字）",
        ],
    ),
    "hostile: a title of 201 characters": (
        [
            "issue/articles/01.md:2: title: too long (201 characters; at most 200) (shorten it)",
        ],
        [
            "issue/articles/01.md:2: title：太长（201 字；最多 200 字）（请删减）",
        ],
    ),
    "hostile: a publisher and an author over the limit": (
        [
            "issue/articles/01.md:3: author: too long (250 characters; at most 200) (shorten it)",
            "issue/issue.yaml:6: publisher: too long (800 characters; at most 200) (shorten it)",
        ],
        [
            "issue/articles/01.md:3: author：太长（250 字；最多 200 字）（请删减）",
            "issue/issue.yaml:6: publisher：太长（800 字；最多 200 字）（请删减）",
        ],
    ),
    "hostile: an article path over the limit": (
        [
            "issue/issue.yaml:13: articles: too long (1,012 characters; at most 1,000) (shorten it)",
        ],
        [
            "issue/issue.yaml:13: articles：太长（1,012 字；最多 1,000 字）（请删减）",
        ],
    ),
    "hostile: an article saved as GBK": (
        [
            "issue/articles/01.md:2: not UTF-8 text (this file looks like GBK; save it as UTF-8)",
        ],
        [
            "issue/articles/01.md:2: 不是 UTF-8 文本（此文件似乎是 GBK 编码；请另存为 UTF-8）",
        ],
    ),
    "hostile: issue.yaml saved as GB18030": (
        [
            "issue/issue.yaml:1: not UTF-8 text (this file looks like GB18030; save it as UTF-8)",
        ],
        [
            "issue/issue.yaml:1: 不是 UTF-8 文本（此文件似乎是 GB18030 编码；请另存为 UTF-8）",
        ],
    ),
    "hostile: an article saved as UTF-16": (
        [
            "issue/articles/01.md:1: not UTF-8 text (this file looks like UTF-16; save it as UTF-8)",
        ],
        [
            "issue/articles/01.md:1: 不是 UTF-8 文本（此文件似乎是 UTF-16 编码；请另存为 UTF-8）",
        ],
    ),
    "hostile: an article saved as UTF-16 without a byte-order mark": (
        [
            "issue/articles/01.md:1: not a text file (it holds NUL bytes) (this file looks like UTF-16; save it as UTF-8)",
        ],
        [
            "issue/articles/01.md:1: 不是文本文件（含有 NUL 字节）（此文件似乎是 UTF-16 编码；请另存为 UTF-8）",
        ],
    ),
    "hostile: one GBK line pasted into a UTF-8 article": (
        [
            "issue/articles/01.md:7: not UTF-8 text (save the article as UTF-8 Markdown)",
        ],
        [
            "issue/articles/01.md:7: 不是 UTF-8 文本（请把文章另存为 UTF-8 编码的 Markdown）",
        ],
    ),
    "hostile: a percent escape is not decoded": (
        [
            "issue/issue.yaml:13: article file 'articles/a%20b.md' not found (no file issue/articles/a%20b.md)",
        ],
        [
            "issue/issue.yaml:13: 找不到文章文件 'articles/a%20b.md'（没有文件 issue/articles/a%20b.md）",
        ],
    ),
    "glyph missing": (
        [
            "t/articles/01.md:7: character 'ก' (U+0E01) is not in any of the layout's fonts (it would print as a blank box: replace it, or add a font that has it)",
        ],
        [
            "t/articles/01.md:7: 字符 'ก'（U+0E01）不在版式的任何字体中（它会印成空白方框：请换掉它，或加入含有它的字体）",
        ],
    ),
    "new: an earlier date": (
        [
            "--date: 2023-09-01 is before the previous issue's date 2023-09-05 (give the new issue's date: --date YYYY-MM-DD)",
        ],
        [
            "--date: 2023-09-01 早于上一期的日期 2023-09-05（请给出新一期的日期：--date YYYY-MM-DD）",
        ],
    ),
    "new: an earlier year": (
        [
            "--year: year 2022 is before the previous issue's year 2023 (the previous issue is content/2023-17)",
        ],
        [
            "--year: 年份 2022 早于上一期的年份 2023（上一期是 content/2023-17）",
        ],
    ),
    "new: a folder in use": (
        [
            "tmp/18: already exists and is not empty (name a new folder: typesetter new makes it)",
        ],
        [
            "tmp/18: 已存在，且不是空的（请给出一个新文件夹：typesetter new 会创建它）",
        ],
    ),
    "new: inside an issue": (
        [
            "NEW_DIR: tmp/18/inner is inside the issue folder tmp/18 (an issue folder holds one issue: start the new one next to it)",
        ],
        [
            "NEW_DIR: tmp/18/inner 在期刊文件夹 tmp/18 之内（一个期刊文件夹只放一期：请在它旁边新建）",
        ],
    ),
    "new: a broken previous issue": (
        [
            "tmp/issue/issue.yaml:4: number: must be a whole number, not '十七'",
        ],
        [
            "tmp/issue/issue.yaml:4: number：应为整数，而不是 '十七'",
        ],
    ),
    "new: not a date": (
        [
            "--date: not a valid date ('2023-13-01') (write YYYY-MM-DD, e.g. 2023-09-19)",
        ],
        [
            "--date: 不是有效的日期（'2023-13-01'）（请写成 YYYY-MM-DD，如 2023-09-19）",
        ],
    ),
    "new: the summary": (
        [
            "c/18: 2023年第18期（总295期）, 2023-09-19 (from 2023-17)",
            "5 stub articles:",
            "  1 行业资讯  c/18/articles/01-hangyezixun.md",
            "  2 政策法规  c/18/articles/02-zhengcefagui.md",
            "  3 数据观察  c/18/articles/03-shuju-guancha.md",
            "  4 专家视点  c/18/articles/04-zhuanjia-shidian.md",
            "  5 悦读电商  c/18/articles/05-yuedu-dianshang.md",
            'next: typesetter add c/18 SECTION "标题"',
        ],
        [
            "c/18: 2023年第18期（总295期），2023-09-19（据 2023-17）",
            "5 篇待写文章：",
            "  1 行业资讯  c/18/articles/01-hangyezixun.md",
            "  2 政策法规  c/18/articles/02-zhengcefagui.md",
            "  3 数据观察  c/18/articles/03-shuju-guancha.md",
            "  4 专家视点  c/18/articles/04-zhuanjia-shidian.md",
            "  5 悦读电商  c/18/articles/05-yuedu-dianshang.md",
            '下一步：typesetter add c/18 SECTION "标题"',
        ],
    ),
    "new: the skeleton's summary": (
        [
            "c/new: 2024年第1期, 2024-03-01 (a skeleton: fill in every 待填写)",
            "1 stub article:",
            "  1 待填写  c/new/articles/01-article.md",
            'next: typesetter add c/new SECTION "标题"',
        ],
        [
            "c/new: 2024年第1期，2024-03-01（空白框架：请填写每一处待填写）",
            "1 篇待写文章：",
            "  1 待填写  c/new/articles/01-article.md",
            '下一步：typesetter add c/new SECTION "标题"',
        ],
    ),
    "new: only stubs": (
        [
            "c/articles/01-hangyezixun.md:2: stub article: 待填写 (write it: no article of the issue is written yet)",
            "c/articles/02-zhengcefagui.md:2: stub article: 待填写 (write it: no article of the issue is written yet)",
            "c/articles/03-shuju-guancha.md:2: stub article: 待填写 (write it: no article of the issue is written yet)",
            "c/articles/04-zhuanjia-shidian.md:2: stub article: 待填写 (write it: no article of the issue is written yet)",
            "c/articles/05-yuedu-dianshang.md:2: stub article: 待填写 (write it: no article of the issue is written yet)",
        ],
        [
            "c/articles/01-hangyezixun.md:2: 文章仍是占位稿：待填写（请撰写：本期还没有一篇写好的文章）",
            "c/articles/02-zhengcefagui.md:2: 文章仍是占位稿：待填写（请撰写：本期还没有一篇写好的文章）",
            "c/articles/03-shuju-guancha.md:2: 文章仍是占位稿：待填写（请撰写：本期还没有一篇写好的文章）",
            "c/articles/04-zhuanjia-shidian.md:2: 文章仍是占位稿：待填写（请撰写：本期还没有一篇写好的文章）",
            "c/articles/05-yuedu-dianshang.md:2: 文章仍是占位稿：待填写（请撰写：本期还没有一篇写好的文章）",
        ],
    ),
    "new: the skeleton's stubs": (
        [
            "new/articles/01-article.md:2: stub article: 待填写 (write it: no article of the issue is written yet)",
            "new/issue.yaml:6: publication: stub 待填写 (fill it in)",
            "new/issue.yaml:12: publisher: stub 待填写 (fill it in)",
            "new/issue.yaml:13: editor: stub 待填写 (fill it in)",
            "new/issue.yaml:17: address: stub 待填写 (fill it in)",
            "new/issue.yaml:31: title: stub 待填写 (fill it in)",
        ],
        [
            "new/articles/01-article.md:2: 文章仍是占位稿：待填写（请撰写：本期还没有一篇写好的文章）",
            "new/issue.yaml:6: publication：仍是占位文字 待填写（请填写）",
            "new/issue.yaml:12: publisher：仍是占位文字 待填写（请填写）",
            "new/issue.yaml:13: editor：仍是占位文字 待填写（请填写）",
            "new/issue.yaml:17: address：仍是占位文字 待填写（请填写）",
            "new/issue.yaml:31: title：仍是占位文字 待填写（请填写）",
        ],
    ),
    "add: the summary": (
        [
            "c/18/articles/01-shangwubu-tuijin-dianzishangwu.md: added to section 1 行业资讯, issue.yaml line 23",
            "  in place of the stub c/18/articles/01-hangyezixun.md (removed)",
            "next: write the article in place of 待填写",
        ],
        [
            "c/18/articles/01-shangwubu-tuijin-dianzishangwu.md: 已加入第1栏 行业资讯，issue.yaml 第23行",
            "  替换了待写文章 c/18/articles/01-hangyezixun.md（已删除）",
            "下一步：把「待填写」换成文章正文",
        ],
    ),
    "add: appended": (
        [
            "c/18/articles/04-zhibo-dianshang-jiaoyi-guimo.md: added to section 3 数据观察, issue.yaml line 30",
            "next: write the article in place of 待填写",
        ],
        [
            "c/18/articles/04-zhibo-dianshang-jiaoyi-guimo.md: 已加入第3栏 数据观察，issue.yaml 第30行",
            "下一步：把「待填写」换成文章正文",
        ],
    ),
    "add: an unknown section": (
        [
            "c/18/issue.yaml:20: unknown section '行业咨询' (did you mean '行业资讯'? the sections are 1 行业资讯, 2 政策法规, 3 数据观察, 4 专家视点, 5 悦读电商)",
        ],
        [
            "c/18/issue.yaml:20: 没有栏目 '行业咨询'（是不是 '行业资讯'？现有栏目：1 行业资讯，2 政策法规，3 数据观察，4 专家视点，5 悦读电商）",
        ],
    ),
    "add: no section 6": (
        [
            "c/18/issue.yaml:20: no section 6 (the sections are 1 行业资讯, 2 政策法规, 3 数据观察, 4 专家视点, 5 悦读电商)",
        ],
        [
            "c/18/issue.yaml:20: 没有第6栏（现有栏目：1 行业资讯，2 政策法规，3 数据观察，4 专家视点，5 悦读电商）",
        ],
    ),
    "add: an empty title": (
        [
            'TITLE: must not be empty (give the title in quotes: "标题")',
        ],
        [
            'TITLE: 不能为空（请给标题加引号："标题"）',
        ],
    ),
    "add: a line feed in the title": (
        [
            "TITLE: control character U+000A LF cannot be printed (type the title again)",
        ],
        [
            "TITLE: 控制字符 U+000A LF 无法印出（请重新输入标题）",
        ],
    ),
    "add: a long title": (
        [
            "TITLE: too long (201 characters; at most 200) (shorten it)",
        ],
        [
            "TITLE: 太长（201 字；最多 200 字）（请删减）",
        ],
    ),
    "add: a list in brackets": (
        [
            "t/issue.yaml:11: cannot add to a list written in [ ] brackets (write the section's articles one per line, '- articles/….md', then run add again)",
        ],
        [
            "t/issue.yaml:11: 无法加入用 [ ] 写成的列表（请把该栏目的文章每行写一篇（'- articles/….md'），再运行 add）",
        ],
    ),
    "add: the skeleton's one section": (
        [
            "y/issue.yaml:30: unknown section '行业资讯' (the sections are 1 待填写)",
        ],
        [
            "y/issue.yaml:30: 没有栏目 '行业资讯'（现有栏目：1 待填写）",
        ],
    ),
    "stubs left out": (
        [
            "c/articles/01-hangyezixun.md:2: warning: stub article left out: 待填写 (section 行业资讯 is left out too; write the article to print it)",
            "c/articles/02-zhengcefagui.md:2: warning: stub article left out: 待填写 (section 政策法规 is left out too; write the article to print it)",
            "c/articles/03-shuju-guancha.md:2: warning: stub article left out: 待填写 (section 数据观察 is left out too; write the article to print it)",
            "c/articles/05-yuedu-dianshang.md:2: warning: stub article left out: 待填写 (section 悦读电商 is left out too; write the article to print it)",
        ],
        [
            "c/articles/01-hangyezixun.md:2: 警告：占位文章未排入：待填写（栏目 行业资讯 也随之略去；写好这篇文章才会印出）",
            "c/articles/02-zhengcefagui.md:2: 警告：占位文章未排入：待填写（栏目 政策法规 也随之略去；写好这篇文章才会印出）",
            "c/articles/03-shuju-guancha.md:2: 警告：占位文章未排入：待填写（栏目 数据观察 也随之略去；写好这篇文章才会印出）",
            "c/articles/05-yuedu-dianshang.md:2: 警告：占位文章未排入：待填写（栏目 悦读电商 也随之略去；写好这篇文章才会印出）",
        ],
    ),
    "a begun article with stub text": (
        [
            "c/articles/01-kuajing-dianshang-de-xinjiyu.md:17: stub 待填写 in the text (write the article's text here)",
        ],
        [
            "c/articles/01-kuajing-dianshang-de-xinjiyu.md:17: 正文里仍有占位文字 待填写（请在这里写正文）",
        ],
    ),
    "a stub title": (
        [
            "c/articles/02-zhengcefagui.md:2: title: stub 待填写 (write the title)",
        ],
        [
            "c/articles/02-zhengcefagui.md:2: title：仍是占位文字 待填写（请填写标题）",
        ],
    ),
    "headings": (
        [
            "t/articles/01.md:10: level-1 heading '标题' is not allowed (the title comes from the front matter; use ## or ###)",
            "t/articles/01.md:14: level-4 heading '太深' is not allowed (use ## or ###)",
            "t/articles/01.md:16: level-1 heading '标题二' is not allowed (the title comes from the front matter; use ## or ###)",
        ],
        [
            "t/articles/01.md:10: 不能用1级标题 '标题'（文章标题取自文前信息；请用 ## 或 ###）",
            "t/articles/01.md:14: 不能用4级标题 '太深'（请用 ## 或 ###）",
            "t/articles/01.md:16: 不能用1级标题 '标题二'（文章标题取自文前信息；请用 ## 或 ###）",
        ],
    ),
    "image not found": (
        [
            "t/articles/01.md:12: image 'images/none.png' not found (no file t/images/none.png)",
        ],
        [
            "t/articles/01.md:12: 找不到图片 'images/none.png'（没有文件 t/images/none.png）",
        ],
    ),
    "image absolute": (
        [
            "t/articles/01.md:12: image '/etc/passwd' is an absolute path (give a path relative to the issue folder)",
        ],
        [
            "t/articles/01.md:12: 图片 '/etc/passwd' 是绝对路径（请写相对于本期文件夹的路径）",
        ],
    ),
    "image data URL in the body": (
        [
            "t/articles/01.md:12: image 'data:image/png;base64,AAAA' is a URL (URLs are never fetched; put the file in the issue folder and give its path)",
        ],
        [
            "t/articles/01.md:12: 图片 'data:image/png;base64,AAAA' 是网址（网址不会被下载；请把文件放进本期文件夹，写出它的路径）",
        ],
    ),
    "raw HTML": (
        [
            "t/articles/01.md:11: raw HTML '<span>' is not allowed (write Markdown; HTML is never printed)",
            "t/articles/01.md:13: raw HTML '<div>' is not allowed (write Markdown; HTML is never printed)",
            "t/articles/01.md:17: raw HTML '<script>' is not allowed (write Markdown; HTML is never printed)",
        ],
        [
            "t/articles/01.md:11: 不能直接写 HTML '<span>'（请用 Markdown 书写；HTML 一律不会印出）",
            "t/articles/01.md:13: 不能直接写 HTML '<div>'（请用 Markdown 书写；HTML 一律不会印出）",
            "t/articles/01.md:17: 不能直接写 HTML '<script>'（请用 Markdown 书写；HTML 一律不会印出）",
        ],
    ),
    "links": (
        [
            "t/articles/01.md:10: warning: link 'other.md' is not a web or mail address (links must be http:, https: or mailto: addresses; the text is printed without a link)",
            "t/articles/01.md:10: warning: link 'javascript:alert(1)' is not a web or mail address (links must be http:, https: or mailto: addresses; the text is printed without a link)",
        ],
        [
            "t/articles/01.md:10: 警告：链接 'other.md' 不是网址或邮件地址（链接只能是 http:、https: 或 mailto: 地址；文字照印，但不带链接）",
            "t/articles/01.md:10: 警告：链接 'javascript:alert(1)' 不是网址或邮件地址（链接只能是 http:、https: 或 mailto: 地址；文字照印，但不带链接）",
        ],
    ),
    "half-width punctuation": (
        [
            "t/articles/01.md:11: warning: half-width ',' between Han characters (use '，')",
            "t/articles/01.md:11: warning: half-width ':' between Han characters (use '：')",
            "t/articles/01.md:11: warning: half-width ';' between Han characters (use '；')",
            "t/articles/01.md:11: warning: half-width '(' between Han characters (use '（')",
            "t/articles/01.md:11: warning: half-width ')' between Han characters (use '）')",
            "t/articles/01.md:11: warning: half-width '?' between Han characters (use '？')",
            "t/articles/01.md:11: warning: half-width '!' between Han characters (use '！')",
            "t/articles/01.md:13: warning: half-width ',' between Han characters (use '，')",
        ],
        [
            "t/articles/01.md:11: 警告：汉字之间用了半角 ','（请用 '，'）",
            "t/articles/01.md:11: 警告：汉字之间用了半角 ':'（请用 '：'）",
            "t/articles/01.md:11: 警告：汉字之间用了半角 ';'（请用 '；'）",
            "t/articles/01.md:11: 警告：汉字之间用了半角 '('（请用 '（'）",
            "t/articles/01.md:11: 警告：汉字之间用了半角 ')'（请用 '）'）",
            "t/articles/01.md:11: 警告：汉字之间用了半角 '?'（请用 '？'）",
            "t/articles/01.md:11: 警告：汉字之间用了半角 '!'（请用 '！'）",
            "t/articles/01.md:13: 警告：汉字之间用了半角 ','（请用 '，'）",
        ],
    ),
    "straight quotes": (
        [
            "t/articles/01.md:10: warning: straight quote '\"' next to Han characters (use '“' and '”')",
            "t/articles/01.md:10: warning: straight quote \"'\" next to Han characters (use '‘' and '’')",
        ],
        [
            "t/articles/01.md:10: 警告：汉字旁用了直引号 '\"'（请用 '“' 和 '”'）",
            "t/articles/01.md:10: 警告：汉字旁用了直引号 \"'\"（请用 '‘' 和 '’'）",
        ],
    ),
    "markdown hostile: list-10-levels": (
        [
            "issue/articles/01.md:16: list nested too deep: 列表嵌套过深, at most 9 levels (lists and block quotes inside one another count together; move the deeper text up)",
        ],
        [
            "issue/articles/01.md:16: 列表嵌套过深：最多 9 层（列表和引用互相嵌套时层数合计；请把更深一层的文字往外移）",
        ],
    ),
    "markdown hostile: dash-x10000": (
        [
            "issue/articles/01.md:5: list nested too deep: 列表嵌套过深, at most 9 levels (lists and block quotes inside one another count together; move the deeper text up)",
        ],
        [
            "issue/articles/01.md:5: 列表嵌套过深：最多 9 层（列表和引用互相嵌套时层数合计；请把更深一层的文字往外移）",
        ],
    ),
    "markdown hostile: quotes-25-levels": (
        [
            "issue/articles/01.md:23: block quote nested too deep: 引用嵌套过深, at most 9 levels (lists and block quotes inside one another count together; move the deeper text up)",
        ],
        [
            "issue/articles/01.md:23: 引用嵌套过深：最多 9 层（列表和引用互相嵌套时层数合计；请把更深一层的文字往外移）",
        ],
    ),
    "markdown hostile: quote-x10000-one-line": (
        [
            "issue/articles/01.md:5: block quote nested too deep: 引用嵌套过深, at most 9 levels (lists and block quotes inside one another count together; move the deeper text up)",
        ],
        [
            "issue/articles/01.md:5: 引用嵌套过深：最多 9 层（列表和引用互相嵌套时层数合计；请把更深一层的文字往外移）",
        ],
    ),
    "markdown hostile: quote-in-lists-counts-together": (
        [
            "issue/articles/01.md:15: block quote nested too deep: 引用嵌套过深, at most 9 levels (lists and block quotes inside one another count together; move the deeper text up)",
        ],
        [
            "issue/articles/01.md:15: 引用嵌套过深：最多 9 层（列表和引用互相嵌套时层数合计；请把更深一层的文字往外移）",
        ],
    ),
    "markdown hostile: two-deep-lists-two-errors": (
        [
            "issue/articles/01.md:14: list nested too deep: 列表嵌套过深, at most 9 levels (lists and block quotes inside one another count together; move the deeper text up)",
            "issue/articles/01.md:27: list nested too deep: 列表嵌套过深, at most 9 levels (lists and block quotes inside one another count together; move the deeper text up)",
        ],
        [
            "issue/articles/01.md:14: 列表嵌套过深：最多 9 层（列表和引用互相嵌套时层数合计；请把更深一层的文字往外移）",
            "issue/articles/01.md:27: 列表嵌套过深：最多 9 层（列表和引用互相嵌套时层数合计；请把更深一层的文字往外移）",
        ],
    ),
    "markdown hostile: footnote-definition-in-deep-list": (
        [
            "issue/articles/01.md:16: text nested too deep: 嵌套过深, at most 9 levels (lists, block quotes and footnote definitions inside one another; move it up)",
        ],
        [
            "issue/articles/01.md:16: 文字嵌套过深：最多 9 层（列表、引用和脚注定义互相嵌套；请把它往外移）",
        ],
    ),
    "markdown hostile: javascript-link": (
        [
            "issue/articles/01.md:7: warning: link 'javascript:alert(1)' is not a web or mail address (links must be http:, https: or mailto: addresses; the text is printed without a link)",
        ],
        [
            "issue/articles/01.md:7: 警告：链接 'javascript:alert(1)' 不是网址或邮件地址（链接只能是 http:、https: 或 mailto: 地址；文字照印，但不带链接）",
        ],
    ),
    "markdown hostile: file-autolink": (
        [
            "issue/articles/01.md:5: warning: link 'file:///etc/passwd' is not a web or mail address (links must be http:, https: or mailto: addresses; the text is printed without a link)",
        ],
        [
            "issue/articles/01.md:5: 警告：链接 'file:///etc/passwd' 不是网址或邮件地址（链接只能是 http:、https: 或 mailto: 地址；文字照印，但不带链接）",
        ],
    ),
    "markdown hostile: file-reference-definition": (
        [
            "issue/articles/01.md:5: warning: link 'file:///etc/passwd' is not a web or mail address (links must be http:, https: or mailto: addresses; the text is printed without a link)",
        ],
        [
            "issue/articles/01.md:5: 警告：链接 'file:///etc/passwd' 不是网址或邮件地址（链接只能是 http:、https: 或 mailto: 地址；文字照印，但不带链接）",
        ],
    ),
    "markdown hostile: data-link": (
        [
            "issue/articles/01.md:6: warning: link 'data:text/html;base64,PHNjcmlwdD4=' is not a web or mail address (links must be http:, https: or mailto: addresses; the text is printed without a link)",
        ],
        [
            "issue/articles/01.md:6: 警告：链接 'data:text/html;base64,PHNjcmlwdD4=' 不是网址或邮件地址（链接只能是 http:、https: 或 mailto: 地址；文字照印，但不带链接）",
        ],
    ),
    "markdown hostile: file-image": (
        [
            "issue/articles/01.md:7: image 'file:///etc/passwd' is a URL (URLs are never fetched; put the file in the issue folder and give its path)",
        ],
        [
            "issue/articles/01.md:7: 图片 'file:///etc/passwd' 是网址（网址不会被下载；请把文件放进本期文件夹，写出它的路径）",
        ],
    ),
    "markdown hostile: javascript-image": (
        [
            "issue/articles/01.md:5: image 'javascript:alert(1)' is a URL (URLs are never fetched; put the file in the issue folder and give its path)",
            "issue/articles/01.md:5: warning: image 'javascript:alert(1)' is not alone in its paragraph: it prints one line high (for a figure, give it a paragraph of its own, with blank lines around it; to keep it in the text, one line high, mark it ![…](…){height=1em})",
        ],
        [
            "issue/articles/01.md:5: 图片 'javascript:alert(1)' 是网址（网址不会被下载；请把文件放进本期文件夹，写出它的路径）",
            "issue/articles/01.md:5: 警告：图片 'javascript:alert(1)' 没有单独成段：它会按一行高印出（要做插图，请让它单独成段，前后各空一行；要留在文字行内、占一行高，请标注 ![…](…){height=1em}）",
        ],
    ),
    "markdown hostile: footnote-in-footnote": (
        [
            "issue/articles/01.md:5: footnote inside a footnote (a note cannot hold another note; write its text into the note)",
        ],
        [
            "issue/articles/01.md:5: 脚注里又有脚注（脚注里不能再套脚注；请把它的文字写进这条脚注）",
        ],
    ),
    "markdown hostile: footnote-defined-inside-another": (
        [
            "issue/articles/01.md:9: footnote '[^2]' is defined inside another footnote (start each definition '[^…]:' at the left margin, after a blank line)",
        ],
        [
            "issue/articles/01.md:9: 脚注 '[^2]' 定义在另一个脚注里面（每个定义 '[^…]:' 都要顶格写，前面空一行）",
        ],
    ),
    "markdown hostile: footnote-defined-twice": (
        [
            "issue/articles/01.md:8: footnote '[^1]' is defined twice (first at line 7; give each note its own label)",
        ],
        [
            "issue/articles/01.md:8: 脚注 '[^1]' 定义了两次（第一次在第7行；每条脚注要有自己的标签）",
        ],
    ),
    "markdown hostile: tildes-x2500-open-a-code-fence": (
        [
            "issue/articles/01.md:5: warning: '删除~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~…' after the code fence is not printed (the text after ``` or ~~~ names a language; write the text to print on the next lines)",
        ],
        [
            "issue/articles/01.md:5: 警告：代码块标记后的 '删除~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~…' 不会印出（``` 或 ~~~ 后面的文字是语言名称；要印出的文字请写在下面几行）",
        ],
    ),
    "markdown hostile: footnote-never-referenced": (
        [
            "issue/articles/01.md:7: warning: footnote '[^1]' is never referenced (its text is not printed: reference it as [^1] or remove it)",
        ],
        [
            "issue/articles/01.md:7: 警告：脚注 '[^1]' 没有被引用（它的文字不会印出：请用 [^1] 引用它，或删去）",
        ],
    ),
    "picture warnings": (
        [
            "t/articles/01.md:3: warning: image 'images/c.png' is not alone in its paragraph: it prints one line high (for a figure, give it a paragraph of its own, with blank lines around it; to keep it in the text, one line high, mark it ![…](…){height=1em})",
            "t/articles/01.md:5: warning: image 'images/c.png' is not alone in its paragraph: it prints one line high (write the size right after the ')', with no space: ![…](…){width=50%})",
            "t/articles/01.md:7: warning: this looks like a table but did not make one: its lines print as text (the first line has 2 columns and the line under it 1: give each column a ---, e.g. |---|---|)",
            "t/articles/01.md:10: warning: this looks like a table but did not make one: its lines print as text (its second line must divide the columns, e.g. |---|---|; or write it as a list)",
            "t/articles/01.md:13: warning: empty link '[]()': nothing is printed (delete it, or write [文字](https://…))",
            "t/articles/01.md:13: warning: link '[商务部]()' has no address (give its address in (…): [文字](https://…); the text is printed without a link)",
            "t/articles/01.md:13: warning: link to 'https://www.mofcom.gov.cn' has no text: nothing is printed (write the text to print in […]: [文字](https://www.mofcom.gov.cn))",
        ],
        [
            "t/articles/01.md:3: 警告：图片 'images/c.png' 没有单独成段：它会按一行高印出（要做插图，请让它单独成段，前后各空一行；要留在文字行内、占一行高，请标注 ![…](…){height=1em}）",
            "t/articles/01.md:5: 警告：图片 'images/c.png' 没有单独成段：它会按一行高印出（尺寸要紧跟在 ')' 后面，中间不留空格：![…](…){width=50%}）",
            "t/articles/01.md:7: 警告：这几行像表格，却没有排成表格：会按普通文字印出（第一行有 2 列，下一行却有 1 列：每列都要有 ---，如 |---|---|）",
            "t/articles/01.md:10: 警告：这几行像表格，却没有排成表格：会按普通文字印出（第二行要划分各列，如 |---|---|；或改写成列表）",
            "t/articles/01.md:13: 警告：空链接 '[]()'：什么也不会印出（请删去，或写成 [文字](https://…)）",
            "t/articles/01.md:13: 警告：链接 '[商务部]()' 没有地址（请在 (…) 里写地址：[文字](https://…)；现在文字照印，但不带链接）",
            "t/articles/01.md:13: 警告：指向 'https://www.mofcom.gov.cn' 的链接没有文字：什么也不会印出（请在 […] 里写要印出的文字：[文字](https://www.mofcom.gov.cn)）",
        ],
    ),
    "picture size errors": (
        [
            "t/articles/01.md:3: picture width '150%' is not a share of the column (1-100%) or a length in mm or cm (e.g. {width=50%}, {width=60mm} or {width=6cm})",
            "t/articles/01.md:5: picture width '50px' is not a share of the column (1-100%) or a length in mm or cm (e.g. {width=50%}, {width=60mm} or {width=6cm})",
            "t/articles/01.md:7: picture width '0mm' is not a share of the column (1-100%) or a length in mm or cm (e.g. {width=50%}, {width=60mm} or {width=6cm})",
            "t/articles/01.md:9: 'height=3cm' is for a picture inside a line of text (a figure takes its height from its width: {width=50%}, {width=60mm})",
            "t/articles/01.md:11: 'width=50%' sizes a figure, and this picture is inside a line of text (give it a paragraph of its own, with blank lines around it)",
            "t/articles/01.md:13: picture size '.big' is not key=value (a figure takes {width=50%}, a share of the column from 1 to 100%, or {width=60mm}, {width=6cm}; a picture inside a line of text takes {height=1em})",
        ],
        [
            "t/articles/01.md:3: 图片宽度 '150%' 既不是栏宽的比例（1%–100%），也不是以 mm 或 cm 为单位的长度（如 {width=50%}、{width=60mm} 或 {width=6cm}）",
            "t/articles/01.md:5: 图片宽度 '50px' 既不是栏宽的比例（1%–100%），也不是以 mm 或 cm 为单位的长度（如 {width=50%}、{width=60mm} 或 {width=6cm}）",
            "t/articles/01.md:7: 图片宽度 '0mm' 既不是栏宽的比例（1%–100%），也不是以 mm 或 cm 为单位的长度（如 {width=50%}、{width=60mm} 或 {width=6cm}）",
            "t/articles/01.md:9: 'height=3cm' 只用于文字行内的图片（插图的高度由宽度决定：{width=50%}、{width=60mm}）",
            "t/articles/01.md:11: 'width=50%' 用于插图，而这张图片在文字行内（请让它单独成段，前后各空一行）",
            "t/articles/01.md:13: 图片尺寸 '.big' 不是 key=value 形式（插图写栏宽的 1%–100%，如 {width=50%}，或写长度，如 {width=60mm}、{width=6cm}；文字行内的图片写 {height=1em}）",
        ],
    ),
    "picture height in a line": (
        [
            "t/articles/01.md:10: picture height '2em' inside a line of text (a picture inside a line of text prints one line high: {height=1em})",
        ],
        [
            "t/articles/01.md:10: 文字行内的图片写了高度 '2em'（文字行内的图片按一行高印出：{height=1em}）",
        ],
    ),
    "unknown picture size": (
        [
            "t/articles/01.md:10: unknown picture size 'depth=3' (a figure takes {width=50%}, a share of the column from 1 to 100%, or {width=60mm}, {width=6cm}; a picture inside a line of text takes {height=1em})",
        ],
        [
            "t/articles/01.md:10: 未知的图片尺寸 'depth=3'（插图写栏宽的 1%–100%，如 {width=50%}，或写长度，如 {width=60mm}、{width=6cm}；文字行内的图片写 {height=1em}）",
        ],
    ),
    "pull quote without text": (
        [
            "a.md:5: pull quote '[!pull]' has no text (write it as '> [!pull]' and, on the next line, '> ' and one short paragraph)",
        ],
        [
            "a.md:5: 摘句 '[!pull]' 没有文字（请写成 '> [!pull]'，下一行写 '> ' 和一小段文字）",
        ],
    ),
    "pull quote of two paragraphs": (
        [
            "a.md:5: a pull quote holds one paragraph of text (write it as '> [!pull]' and, on the next line, '> ' and one short paragraph)",
        ],
        [
            "a.md:5: 摘句只能有一段文字（请写成 '> [!pull]'，下一行写 '> ' 和一小段文字）",
        ],
    ),
    "pull quote in a list": (
        [
            "a.md:7: a pull quote must stand at the top level of the body (start '> [!pull]' at the left margin, outside lists, quotes and footnotes)",
        ],
        [
            "a.md:7: 摘句必须位于正文的最外层（'> [!pull]' 要顶格写，不能放在列表、引用或脚注里）",
        ],
    ),
    "long pull quote": (
        [
            "a.md:5: warning: pull quote of 90 characters: it is set large, 80 at most read well (shorten it to the one sentence that draws the reader in)",
        ],
        [
            "a.md:5: 警告：摘句有 90 字：摘句用大字排印，最好不超过 80 字（请压缩成最能吸引读者的一句话）",
        ],
    ),
    "half-width in a section title": (
        [
            "t/issue.yaml:14: warning: half-width '(' between Han characters (use '（')",
            "t/issue.yaml:14: warning: half-width ')' between Han characters (use '）')",
        ],
        [
            "t/issue.yaml:14: 警告：汉字之间用了半角 '('（请用 '（'）",
            "t/issue.yaml:14: 警告：汉字之间用了半角 ')'（请用 '）'）",
        ],
    ),
    "half-width in a title": (
        [
            "t/articles/01.md:2: warning: half-width ':' between Han characters (use '：')",
            "t/articles/01.md:9: warning: half-width '(' between Han characters (use '（')",
            "t/articles/01.md:9: warning: half-width ')' between Han characters (use '）')",
            "t/articles/01.md:9: warning: half-width ',' between Han characters (use '，')",
        ],
        [
            "t/articles/01.md:2: 警告：汉字之间用了半角 ':'（请用 '：'）",
            "t/articles/01.md:9: 警告：汉字之间用了半角 '('（请用 '（'）",
            "t/articles/01.md:9: 警告：汉字之间用了半角 ')'（请用 '）'）",
            "t/articles/01.md:9: 警告：汉字之间用了半角 ','（请用 '，'）",
        ],
    ),
    "model: a blank address": (
        [
            "x.yaml:1: address: must not be empty",
        ],
        [
            "x.yaml:1: address：不能为空",
        ],
    ),
    "model: a date with a time": (
        [
            "x.yaml:2: date: not a valid date (2023-01-01 08:00) (write YYYY-MM-DD, e.g. 2023-09-05)",
        ],
        [
            "x.yaml:2: date：不是有效的日期（2023-01-01 08:00）（请写成 YYYY-MM-DD，如 2023-09-05）",
        ],
    ),
    "model: break_before true": (
        [
            "x.yaml:2: break_before: must be auto or page, not true (write 'break_before: page' to start the article on a new page)",
        ],
        [
            "x.yaml:2: break_before：应为 auto 或 page，而不是 true（要让文章从新的一页开始，请写 'break_before: page'）",
        ],
    ),
    "cover: a credit without a picture": (
        [
            "issue/issue.yaml:18: credit: describes the cover picture: give cover.image too, or delete it",
        ],
        [
            "issue/issue.yaml:18: credit：这是封面图片的说明：请同时给出 cover.image，或删去这一项",
        ],
    ),
    "cover: a note without text": (
        [
            "issue/issue.yaml:19: missing required key 'text'",
        ],
        [
            "issue/issue.yaml:19: 缺少必填的键 'text'",
        ],
    ),
    "cover: a long note": (
        [
            "issue/issue.yaml:19: text: too long (601 characters; at most 600) (shorten it)",
        ],
        [
            "issue/issue.yaml:19: text：太长（601 字；最多 600 字）（请删减）",
        ],
    ),
    "cover: a blank note": (
        [
            "issue/issue.yaml:19: text: must not be empty",
        ],
        [
            "issue/issue.yaml:19: text：不能为空",
        ],
    ),
    "cover: an unknown key": (
        [
            "issue/issue.yaml:19: unknown key 'photographer' (remove it)",
        ],
        [
            "issue/issue.yaml:19: 未知的键 'photographer'（请删去）",
        ],
    ),
    "cover: a note as text": (
        [
            "issue/issue.yaml:18: note: must be a mapping of 'key: value' lines, not text",
        ],
        [
            "issue/issue.yaml:18: note：应为若干 'key: value' 行，而不是文字",
        ],
    ),
    "cover: a missing picture": (
        [
            "issue/issue.yaml:18: image 'images/nope.png' not found (no file issue/images/nope.png)",
        ],
        [
            "issue/issue.yaml:18: 找不到图片 'images/nope.png'（没有文件 issue/images/nope.png）",
        ],
    ),
}
