"""Loading and validating an issue folder: every bad input gets its exact message and line."""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from conftest import ARTICLE_TEXT, ISSUE_TEXT, PNG, SVG, png_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typesetter.content import available_layouts, load_issue, source_line
from typesetter.errors import ContentError, Problem
from typesetter.model import ArticleMeta
from typesetter.resources import LAYOUTS_DIR

MakeIssue = Callable[..., Path]

# Line numbers below are those of these two templates.
ISSUE = ISSUE_TEXT
ARTICLE = ARTICLE_TEXT

Y = "content/t/issue.yaml"
#: Where an unknown layout was looked for (no layouts/ folder beside these issues).
LOOKED = f"looked in: {LAYOUTS_DIR} (built-in)"
AVAILABLE = ", ".join(available_layouts())
A = "content/t/articles/01.md"


def messages(
    make_issue: MakeIssue,
    issue: str = ISSUE,
    article: str = ARTICLE,
    **kwargs: object,
) -> list[str]:
    folder = make_issue(issue=issue, articles={"01": article}, **kwargs)
    with pytest.raises(ContentError) as caught:
        load_issue(folder, display_dir="content/t")
    return [str(p) for p in caught.value.problems]


def load(make_issue: MakeIssue, issue: str = ISSUE, article: str = ARTICLE, **kwargs: object):
    folder = make_issue(issue=issue, articles={"01": article}, **kwargs)
    return load_issue(folder, display_dir="content/t")


# --- the bad-input table of issue 2 ------------------------------------------------------

BAD_INPUTS = [
    (
        "broken YAML",
        ISSUE.replace("number: 17", "number: [17"),
        ARTICLE,
        [
            f"{Y}:4: broken YAML at column 9: the '[' opened here is never closed"
            " (close it with ']', or put the value in quotes if '[' is part of the text)"
        ],
    ),
    (
        "unknown key",
        ISSUE.replace("kicker:", "kiker:"),
        ARTICLE,
        [f"{Y}:2: unknown key 'kiker' (did you mean 'kicker'?)"],
    ),
    (
        "unknown front-matter key",
        ISSUE,
        ARTICLE.replace("source:", "sourse:"),
        [f"{A}:3: unknown key 'sourse' (did you mean 'source'?)"],
    ),
    (
        "wrong type",
        ISSUE.replace("number: 17", "number: 十七"),
        ARTICLE,
        [f"{Y}:4: number: must be a whole number, not '十七'"],
    ),
    (
        "missing required field",
        ISSUE.replace("publisher: 上海市电子商务和消费促进中心\n", ""),
        ARTICLE,
        [f"{Y}:1: missing required key 'publisher'"],
    ),
    (
        "missing required nested field",
        ISSUE.replace("address: 中山南路 1088 号南浦大厦四楼", "office: 中心内"),
        ARTICLE,
        [f"{Y}:11: missing required key 'address'"],
    ),
    (
        "missing article file",
        ISSUE + "      - articles/02.md\n",
        ARTICLE,
        [f"{Y}:17: article file 'articles/02.md' not found (no file content/t/articles/02.md)"],
    ),
    (
        "missing image",
        ISSUE,
        ARTICLE.replace("date:", "image: images/cover.png\ndate:"),
        [f"{A}:4: image 'images/cover.png' not found (no file content/t/images/cover.png)"],
    ),
    (
        "missing image in the body",
        ISSUE,
        ARTICLE + "\n![图1 跨境电商进出口额](images/chart.png)\n",
        [f"{A}:9: image 'images/chart.png' not found (no file content/t/images/chart.png)"],
    ),
    (
        "image path outside the issue",
        ISSUE,
        ARTICLE + "\n![图1](../../secret.png)\n",
        [
            f"{A}:9: image '../../secret.png' is outside the issue folder"
            " (paths must stay inside it)"
        ],
    ),
    (
        "remote image URL",
        ISSUE,
        ARTICLE + "\n![图1](https://example.com/chart.png)\n",
        [
            f"{A}:9: image 'https://example.com/chart.png' is a URL (URLs are never fetched;"
            " put the file in the issue folder and give its path)"
        ],
    ),
    (
        "raw <script> in Markdown",
        ISSUE,
        ARTICLE + "\n<script>alert(1)</script>\n",
        [f"{A}:9: raw HTML '<script>' is not allowed (write Markdown; HTML is never printed)"],
    ),
    (
        "unknown layout",
        ISSUE.replace("layout: newsletter", "layout: weekly"),
        ARTICLE,
        [f"{Y}:9: layout: unknown layout 'weekly' ({LOOKED}; available: {AVAILABLE})"],
    ),
]


@pytest.mark.parametrize(
    ("issue", "article", "expected"),
    [case[1:] for case in BAD_INPUTS],
    ids=[case[0] for case in BAD_INPUTS],
)
def test_bad_input_gets_exact_message(
    make_issue: MakeIssue, issue: str, article: str, expected: list[str]
) -> None:
    assert messages(make_issue, issue, article) == expected


def test_a_good_issue_loads(make_issue: MakeIssue) -> None:
    issue, warnings = load(make_issue)
    assert warnings == []
    assert issue.publication == "电子商务动态"
    assert issue.issue_line == "2023年第17期（总294期）"
    assert issue.date_text == "2023年9月5日"
    assert issue.colophon.postcode == "200011"
    [section] = issue.sections
    assert (section.title, section.toc_title, section.style, section.anchor) == (
        "行业资讯",
        None,
        "articles",
        "s-1",
    )
    [article] = issue.articles()
    assert article.display_path == A
    assert article.path == (issue.dir / "articles/01.md").resolve()
    assert article.body_line == 6
    assert article.body == "\n8月21日下午，国务院进行第三次专题学习。\n"
    assert article.html == "<p>8月21日下午，国务院进行第三次专题学习。</p>\n"
    assert article.source_text == "来源：《文汇报》　编选：《电子商务动态》编辑部　2023年08月22日"
    assert article.anchor == "a-01"


# --- types and keys ----------------------------------------------------------------------


def test_octal_postcode_says_to_quote_it(make_issue: MakeIssue) -> None:
    issue = ISSUE.replace('postcode: "200011"', "postcode: 010000")
    assert messages(make_issue, issue) == [
        f"{Y}:12: postcode: must be text, but YAML reads 010000 as the number 4096"
        ' (quote it: postcode: "010000")'
    ]


def test_bare_phone_number_says_to_quote_it(make_issue: MakeIssue) -> None:
    issue = ISSUE.replace('postcode: "200011"', "phone: 63685517")
    assert messages(make_issue, issue) == [
        f'{Y}:12: phone: must be text, not the number 63685517 (quote it: phone: "63685517")'
    ]


def test_text_field_given_true_or_a_date(make_issue: MakeIssue) -> None:
    article = ARTICLE.replace("source: 《文汇报》", "source: 2023-08-22\nauthor: yes")
    assert messages(make_issue, article=article) == [
        f"{A}:3: source: must be text, but YAML reads 2023-08-22 as a date"
        ' (quote it: source: "2023-08-22")',
        f'{A}:4: author: must be text, but YAML reads yes as true (quote it: author: "yes")',
    ]


def test_dates_must_be_real(make_issue: MakeIssue) -> None:
    issue = ISSUE.replace("date: 2023-09-05", "date: 2023-13-01")
    article = ARTICLE.replace("date: 2023-08-22", "date: 2023-02-30 10:00")
    assert messages(make_issue, issue, article) == [
        f"{A}:4: date: not a valid date ('2023-02-30 10:00') (write YYYY-MM-DD, e.g. 2023-09-05)",
        f"{Y}:6: date: not a valid date ('2023-13-01') (write YYYY-MM-DD, e.g. 2023-09-05)",
    ]


def test_a_quoted_iso_date_is_a_date(make_issue: MakeIssue) -> None:
    issue, _ = load(make_issue, ISSUE.replace("date: 2023-09-05", 'date: "2023-09-05"'))
    assert issue.date == datetime.date(2023, 9, 5)


def test_int_fields_reject_bools_text_and_zero(make_issue: MakeIssue) -> None:
    issue = ISSUE.replace("year: 2023", "year: true").replace("total: 294", "total: 0")
    issue = issue.replace("number: 17", 'number: "17"')
    assert messages(make_issue, issue) == [
        f"{Y}:3: year: must be a whole number, not true",
        f"{Y}:4: number: must be a whole number, not '17'",
        f"{Y}:5: total: must be 1 or more, not 0",
    ]


def test_style_and_bool_values(make_issue: MakeIssue) -> None:
    issue = ISSUE.replace("    articles:", "    style: book\n    articles:")
    article = ARTICLE.replace("date:", "toc: maybe\ndate:")
    assert messages(make_issue, issue, article) == [
        f"{A}:4: toc: must be true or false, not 'maybe'",
        f"{Y}:15: style: must be articles or books, not 'book' (did you mean 'books'?)",
    ]


def test_unknown_key_without_a_close_match_lists_known_keys(make_issue: MakeIssue) -> None:
    issue = ISSUE.replace("  address:", "  zzz: 1\n  address:")
    assert messages(make_issue, issue) == [
        f"{Y}:11: unknown key 'zzz' (known keys: address, postcode, office, phone, email)"
    ]


def test_duplicate_key(make_issue: MakeIssue) -> None:
    assert messages(make_issue, ISSUE + "year: 2024\n") == [
        f"{Y}:17: key 'year' appears twice: lines 3 and 17 (keep one)"
    ]


def test_not_a_mapping_and_empty_files(make_issue: MakeIssue) -> None:
    hint = "(it starts with 'publication: …'; see docs/content.md)"
    assert messages(make_issue, "- a\n- b\n") == [
        f"{Y}:1: issue.yaml must hold 'key: value' lines, not a list {hint}"
    ]
    assert messages(make_issue, "") == [f"{Y}:1: issue.yaml is empty {hint}"]


def test_empty_sections_and_articles(make_issue: MakeIssue) -> None:
    issue = ISSUE[: ISSUE.index("sections:")] + "sections:\n  - title: x\n    articles: []\n"
    assert messages(make_issue, issue) == [
        f"{Y}:15: articles: must not be empty (list at least one entry)"
    ]
    issue = ISSUE[: ISSUE.index("sections:")] + "sections: []\n"
    assert messages(make_issue, issue) == [
        f"{Y}:13: sections: must not be empty (list at least one entry)"
    ]


def test_language(make_issue: MakeIssue) -> None:
    for tag in ("zh-CN", "ZH-hans", "zh-Hans-CN"):
        issue, _ = load(make_issue, ISSUE + f"language: {tag}\n")
        assert issue.language == tag
        assert issue.html_lang == "zh-CN"
    assert messages(make_issue, ISSUE + "language: en\n") == [
        f"{Y}:17: language: 'en' is not supported by layout 'newsletter'"
        " (use zh-Hans or zh-CN; other languages are not supported yet)"
    ]


def test_layout_names_cannot_escape(make_issue: MakeIssue) -> None:
    issue = ISSUE.replace("layout: newsletter", "layout: ../layouts/newsletter")
    [message] = messages(make_issue, issue)
    # A path is a layout folder relative to the issue folder (docs/layouts.md).
    assert message.startswith(f"{Y}:9: layout: no layout at '../layouts/newsletter'")


def test_default_layout_and_language(make_issue: MakeIssue) -> None:
    issue, _ = load(make_issue, ISSUE.replace("layout: newsletter\n", ""))
    assert (issue.layout, issue.language) == ("newsletter", "zh-Hans")


# --- article paths -----------------------------------------------------------------------


def test_article_path_rules(make_issue: MakeIssue) -> None:
    refs = [
        "articles/01.md",
        "../x.md",
        "/etc/passwd",
        "https://example.com/a.md",
        "file:///etc/passwd",
        "//host/a.md",
        "articles",
        "./articles/01.md",
    ]
    issue = ISSUE.replace("      - articles/01.md\n", "".join(f"      - {r}\n" for r in refs))
    url_hint = "(URLs are never fetched; put the file in the issue folder and give its path)"
    assert messages(make_issue, issue) == [
        f"{Y}:17: article file '../x.md' is outside the issue folder (paths must stay inside it)",
        f"{Y}:18: article file '/etc/passwd' is an absolute path"
        " (give a path relative to the issue folder)",
        f"{Y}:19: article file 'https://example.com/a.md' is a URL {url_hint}",
        f"{Y}:20: article file 'file:///etc/passwd' is a URL {url_hint}",
        f"{Y}:21: article file '//host/a.md' is a URL {url_hint}",
        f"{Y}:22: article file 'articles' is not a file",
        f"{Y}:23: article file './articles/01.md' is listed twice"
        " (first at line 16; list each article once)",
    ]


def test_symlink_out_of_the_issue_is_refused(make_issue: MakeIssue, tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(ARTICLE, encoding="utf-8")
    folder = make_issue(issue=ISSUE + "      - articles/link.md\n", articles={"01": ARTICLE})
    os.symlink(secret, folder / "articles/link.md")
    with pytest.raises(ContentError) as caught:
        load_issue(folder, display_dir="content/t")
    assert [str(p) for p in caught.value.problems] == [
        f"{Y}:17: article file 'articles/link.md' is outside the issue folder"
        " (paths must stay inside it)"
    ]


def test_unlisted_article_is_a_warning(make_issue: MakeIssue) -> None:
    _, warnings = load(make_issue, files={"articles/99-draft.md": ARTICLE})
    assert [str(w) for w in warnings] == [
        "content/t/articles/99-draft.md: warning: not listed in issue.yaml"
        " (add it to a section of issue.yaml or delete it)"
    ]


def test_display_dir_defaults_to_the_path_given(make_issue: MakeIssue) -> None:
    folder = make_issue(issue=ISSUE.replace("kicker:", "kiker:"), articles={"01": ARTICLE})
    with pytest.raises(ContentError) as caught:
        load_issue(folder)
    assert caught.value.problems[0].path == f"{folder}/issue.yaml"


def test_missing_folder_and_issue_yaml(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_issue(tmp_path / "nope", display_dir="nope")
    assert [str(p) for p in caught.value.problems] == ["nope: not a folder (give the issue folder)"]
    with pytest.raises(ContentError) as caught:
        load_issue(tmp_path, display_dir="t")
    assert [str(p) for p in caught.value.problems] == [
        "t/issue.yaml: issue.yaml not found (an issue folder holds issue.yaml; see docs/content.md)"
    ]


# --- front matter ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("article", "expected"),
    [
        (
            "正文。\n",
            f"{A}:1: no front matter (the file starts with a line '---',"
            " then 'title: …', then a line '---')",
        ),
        (
            "",
            f"{A}:1: no front matter (the file starts with a line '---',"
            " then 'title: …', then a line '---')",
        ),
        ("---\ntitle: T\n正文\n", f"{A}:1: front matter not closed (end it with a line '---')"),
        (
            "---\n- a\n---\n",
            f"{A}:2: front matter must hold 'key: value' lines, not a list"
            " (write 'title: …' and the other fields, one per line)",
        ),
        ("---\n---\n正文\n", f"{A}:1: missing required key 'title'"),
        ("---\nsource: x\n---\n", f"{A}:2: missing required key 'title'"),
        ("---\ntitle:\n---\n", f"{A}:2: title: is empty (it is required)"),
        ("---\ntitle: '  '\n---\n", f"{A}:2: title: must not be empty"),
        (
            "---\ntitle: [a\n---\n",
            f"{A}:2: broken YAML at column 8: the '[' opened here is never closed"
            " (close it with ']', or put the value in quotes if '[' is part of the text)",
        ),
    ],
)
def test_front_matter_problems(make_issue: MakeIssue, article: str, expected: str) -> None:
    assert messages(make_issue, article=article) == [expected]


def test_front_matter_with_crlf_and_bom(make_issue: MakeIssue) -> None:
    article = "\ufeff" + ARTICLE.replace("\n", "\r\n")
    issue, _ = load(make_issue, article=article)
    [loaded] = issue.articles()
    assert loaded.meta.title == "国务院：促进数字技术与实体经济深度融合"
    assert loaded.body_line == 6


def test_non_utf8_article(make_issue: MakeIssue) -> None:
    data = ARTICLE.encode("utf-8") + "第二段".encode("gb18030") + b"\n"
    folder = make_issue(issue=ISSUE, articles={"01": ARTICLE}, files={"articles/01.md": data})
    with pytest.raises(ContentError) as caught:
        load_issue(folder, display_dir="content/t")
    assert [str(p) for p in caught.value.problems] == [
        f"{A}:8: not UTF-8 text (save the article as UTF-8 Markdown)"
    ]


def test_binary_issue_yaml(make_issue: MakeIssue) -> None:
    folder = make_issue(issue=ISSUE, articles={"01": ARTICLE}, files={"issue.yaml": PNG})
    with pytest.raises(ContentError) as caught:
        load_issue(folder, display_dir="content/t")
    assert [str(p) for p in caught.value.problems] == [
        f"{Y}:1: not UTF-8 text (save it as UTF-8 text)"
    ]


def test_empty_optional_text_means_null(make_issue: MakeIssue) -> None:
    issue, _ = load(make_issue, ISSUE.replace('postcode: "200011"', 'postcode: ""\n  email:'))
    assert issue.colophon.postcode is None
    assert issue.colophon.email is None


# --- images ------------------------------------------------------------------------------


def with_image(ref: str) -> str:
    return ARTICLE.replace("date:", f"image: {ref}\ndate:")


@pytest.mark.parametrize(
    "data", [PNG, png_bytes(3, 2), SVG, b"\xff\xd8\xff\xe0\x00\x10JFIF\xff\xc0\x00\x11\xff\xd9"]
)
def test_good_images(make_issue: MakeIssue, data: bytes) -> None:
    issue, _ = load(
        make_issue, article=with_image("images/cover.png"), images={"images/cover.png": data}
    )
    [article] = issue.articles()
    assert article.meta.image == "images/cover.png"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (PNG[:40], "image 'images/c.png' is not a readable PNG (the file is truncated or damaged)"),
        (
            PNG[:-1] + b"\x00",
            "image 'images/c.png' is not a readable PNG (the file is truncated or damaged)",
        ),
        (
            b"\xff\xd8\xff\xe0\x00\x10JFIF",
            "image 'images/c.png' is not a readable JPEG (the file is truncated or damaged)",
        ),
        (
            b"GIF89a",
            "image 'images/c.png' is not a PNG, JPEG or SVG file (convert it to PNG or JPEG)",
        ),
        (b"", "image 'images/c.png' is not a PNG, JPEG or SVG file (convert it to PNG or JPEG)"),
        (
            b"<svg><g></svg>",
            "image 'images/c.png' is not a readable SVG (mismatched tag: line 1, column 10)",
        ),
    ],
)
def test_bad_images(make_issue: MakeIssue, data: bytes, expected: str) -> None:
    article = with_image("images/c.png")
    assert messages(make_issue, article=article, images={"images/c.png": data}) == [
        f"{A}:4: {expected}"
    ]


@pytest.mark.parametrize(
    "ref", ["data:image/png;base64,iVBORw0KGgo=", "file:///etc/passwd", "//cdn/x.png", "HTTP://x"]
)
def test_image_urls_are_never_fetched(make_issue: MakeIssue, ref: str) -> None:
    assert messages(make_issue, article=with_image(f"'{ref}'")) == [
        f"{A}:4: image '{ref}' is a URL"
        " (URLs are never fetched; put the file in the issue folder and give its path)"
    ]


# --- many problems at once ---------------------------------------------------------------


def test_all_problems_are_reported_at_once_sorted(make_issue: MakeIssue) -> None:
    issue = (
        ISSUE.replace("kicker:", "kiker:")
        .replace("total: 294", "total: 0")
        .replace("layout: newsletter", "layout: nope")
        + "      - articles/02.md\n"
    )
    article = ARTICLE.replace("source:", "sourse:") + "\n# 标题\n\n<b>粗</b>\n"
    assert messages(make_issue, issue, article) == [
        f"{A}:3: unknown key 'sourse' (did you mean 'source'?)",
        f"{A}:9: level-1 heading '标题' is not allowed"
        " (the title comes from the front matter; use ## or ###)",
        f"{A}:11: raw HTML '<b>' is not allowed (write Markdown; HTML is never printed)",
        f"{Y}:2: unknown key 'kiker' (did you mean 'kicker'?)",
        f"{Y}:5: total: must be 1 or more, not 0",
        f"{Y}:9: layout: unknown layout 'nope' ({LOOKED}; available: {AVAILABLE})",
        f"{Y}:17: article file 'articles/02.md' not found (no file content/t/articles/02.md)",
    ]


def test_problems_are_problem_objects_with_lines(make_issue: MakeIssue) -> None:
    folder = make_issue(issue=ISSUE.replace("kicker:", "kiker:"), articles={"01": ARTICLE})
    with pytest.raises(ContentError) as caught:
        load_issue(folder, display_dir="content/t")
    assert caught.value.problems == [
        Problem(Y, 2, "unknown key 'kiker'", "did you mean 'kicker'?", "error")
    ]


# --- half-width punctuation (issue 3, item 6) --------------------------------------------


def test_half_width_punctuation_warnings(make_issue: MakeIssue) -> None:
    article = (
        ARTICLE.replace("title: 国务院：", "title: 国务院:")
        + "\n中国(上海)自贸区,好\n\nHello, world (ok).\n"
    )
    _, warnings = load(make_issue, article=article)
    assert [str(w) for w in warnings] == [
        f"{A}:2: warning: half-width ':' between Han characters (use '：')",
        f"{A}:9: warning: half-width '(' between Han characters (use '（')",
        f"{A}:9: warning: half-width ')' between Han characters (use '）')",
        f"{A}:9: warning: half-width ',' between Han characters (use '，')",
    ]
    assert all(w.severity == "warning" for w in warnings)


def test_half_width_punctuation_in_section_titles(make_issue: MakeIssue) -> None:
    issue = ISSUE.replace("  - title: 行业资讯", "  - title: 行业资讯(上海)动态")
    _, warnings = load(make_issue, issue)
    assert [str(w) for w in warnings] == [
        f"{Y}:14: warning: half-width '(' between Han characters (use '（')",
        f"{Y}:14: warning: half-width ')' between Han characters (use '）')",
    ]


def test_half_width_punctuation_is_never_rewritten(make_issue: MakeIssue) -> None:
    issue, _ = load(make_issue, article=ARTICLE + "\n中国,上海\n")
    [article] = issue.articles()
    assert "中国,上海" in article.html


# --- source line and printed forms -------------------------------------------------------


class _Editor:
    editor = "《电子商务动态》编辑部"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        (
            {"source": "《文汇报》", "date": datetime.date(2023, 8, 22)},
            "来源：《文汇报》　编选：《电子商务动态》编辑部　2023年08月22日",
        ),
        ({"source": "《文汇报》"}, "来源：《文汇报》　编选：《电子商务动态》编辑部"),
        ({"date": datetime.date(2023, 8, 2)}, "来源：《电子商务动态》编辑部　2023年08月02日"),
        ({}, "来源：《电子商务动态》编辑部"),
        ({"source": "新华社", "editor": "王编辑"}, "来源：新华社　编选：王编辑"),
        ({"editor": "王编辑"}, "来源：王编辑"),
        ({"source": "新华社", "source_line": False}, None),
    ],
)
def test_source_line(fields: dict[str, object], expected: str | None) -> None:
    meta = ArticleMeta.model_validate({"title": "T", **fields})
    assert source_line(meta, _Editor()) == expected


def test_source_line_false_in_an_issue(make_issue: MakeIssue) -> None:
    issue, _ = load(make_issue, article=ARTICLE.replace("date:", "source_line: false\ndate:"))
    [article] = issue.articles()
    assert article.source_text is None


def test_issue_line_without_total(make_issue: MakeIssue) -> None:
    issue, _ = load(
        make_issue, ISSUE.replace("total: 294\n", "").replace("number: 17", "number: 4")
    )
    assert issue.issue_line == "2023年第4期"


# --- sections, anchors -------------------------------------------------------------------


def test_sections_anchors_and_order(make_issue: MakeIssue) -> None:
    issue_text = ISSUE[: ISSUE.index("sections:")] + yaml.safe_dump(
        {
            "sections": [
                {
                    "title": "行业资讯",
                    "toc_title": "电子商务动态",
                    "articles": ["articles/01.md", "articles/国务院.md"],
                },
                {
                    "title": "悦读电商",
                    "style": "books",
                    "articles": ["articles/01_copy.md", "articles/01-.md"],
                },
            ]
        },
        allow_unicode=True,
    )
    folder = make_issue(
        issue=issue_text,
        articles={"01": ARTICLE, "国务院": ARTICLE, "01_copy": ARTICLE, "01-": ARTICLE},
    )
    issue, _ = load_issue(folder, display_dir="content/t")
    assert [(s.title, s.toc_title, s.style, s.anchor) for s in issue.sections] == [
        ("行业资讯", "电子商务动态", "articles", "s-1"),
        ("悦读电商", None, "books", "s-2"),
    ]
    assert [a.anchor for a in issue.articles()] == ["a-01", "a-2", "a-01-copy", "a-01-2"]


# --- never a traceback -------------------------------------------------------------------

KNOWN_ISSUE_KEYS = [
    "publication",
    "year",
    "number",
    "total",
    "date",
    "colophon",
    "sections",
    "layout",
    "language",
]
KNOWN_ARTICLE_KEYS = ["title", "toc", "source", "editor", "date", "source_line", "image", "author"]
odd_text = st.lists(
    st.sampled_from(
        [
            *"ab中文：,:-#[]{}&*!|>'\"%@`\n\t ",
            "---",
            "\u3000",
            "\ufeff",
            "\x85",
            "😀",
            "../",
            "\x00",
        ]
    ),
    max_size=30,
).map("".join)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 3000),
    st.floats(allow_nan=True),
    st.dates(),
    odd_text,
    st.sampled_from(
        ["articles/01.md", "images/x.png", "../x", "/etc/passwd", "newsletter", "zh-CN"]
    ),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(odd_text, inner, max_size=3),
    max_leaves=8,
)


def documents(keys: list[str]) -> st.SearchStrategy[str]:
    mapping = st.dictionaries(st.sampled_from(keys) | odd_text, values, max_size=8)
    dumped = st.one_of(mapping, values).map(
        lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    )
    return st.one_of(dumped, odd_text, dumped.map(lambda s: s.replace(":", "", 1)))


plausible_front = st.fixed_dictionaries(
    {"title": st.text(min_size=1, max_size=20)},
    optional={key: scalars for key in KNOWN_ARTICLE_KEYS if key != "title"},
).map(lambda data: yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
markdown_bits = st.lists(
    st.sampled_from(
        [
            "正文",
            "中,文",
            "# ",
            "## ",
            "#### ",
            "<b>",
            "<!-- x -->",
            "![图](images/x.png)",
            "![图](../x.png)",
            "[^1]",
            "\n[^1]: 注",
            "^[内联]",
            "| a | b |\n|--|--|\n| 1 | 2 |",
            "**",
            "*",
            "- ",
            "1. ",
            "```",
            "\n",
            "\n\n",
            "[链接](x.md)",
            "<https://x.y>",
            "    ",
        ]
    ),
    max_size=20,
).map("".join)


def load_or_fail(folder: Path) -> str:
    """Load; every outcome must be a clean result or a ContentError with problems."""
    try:
        issue, warnings = load_issue(folder, display_dir="r")
    except ContentError as error:
        assert error.problems
        assert all(p.severity == "error" and p.path.startswith("r/") for p in error.problems)
        assert all(p.line is None or p.line >= 1 for p in error.problems)
        return "error"
    assert all(w.severity == "warning" for w in warnings)
    assert issue.sections
    return "ok"


FAST = settings(
    max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@FAST
@given(issue=documents(KNOWN_ISSUE_KEYS))
def test_random_issue_yaml_never_crashes(
    make_issue: MakeIssue, tmp_path_factory: pytest.TempPathFactory, issue: str
) -> None:
    folder = make_issue(tmp_path_factory.mktemp("random"), issue=issue)
    load_or_fail(folder)


@FAST
@given(
    front=st.one_of(plausible_front, documents(KNOWN_ARTICLE_KEYS)),
    body=st.one_of(markdown_bits, odd_text),
)
def test_random_front_matter_and_body_never_crash(
    make_issue: MakeIssue, tmp_path_factory: pytest.TempPathFactory, front: str, body: str
) -> None:
    folder = make_issue(
        tmp_path_factory.mktemp("random"),
        issue=ISSUE,
        articles={"01": f"---\n{front}---\n{body}"},
        images={"images/x.png": PNG},
    )
    load_or_fail(folder)


def test_the_default_factory_issue_is_valid(make_issue: MakeIssue) -> None:
    issue, warnings = load_issue(make_issue(), display_dir="i")
    assert warnings == []
    assert [a.display_path for a in issue.articles()] == [
        "i/articles/01-guowuyuan.md",
        "i/articles/02-shangwubu.md",
    ]
    issue, _ = load_issue(make_issue(name="b", issue={"total": None, "kicker": None}))
    assert (issue.issue_line, issue.kicker) == ("2023年第17期", None)
