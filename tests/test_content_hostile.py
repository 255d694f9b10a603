"""Careless and hostile content (issue 11): unprintable and bidi characters, size limits,
encodings, and article paths that look like URLs.

Each row of :data:`CASES` writes a few files over a small valid issue and runs
``typesetter check`` on it in a fresh process (some rows also ``build``, next to an earlier
good PDF). Every row checks the exact messages (``PATH:LINE``), the exit code, that no
traceback was printed, and that no file was written or changed: a failed build leaves the
earlier PDF byte for byte.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli, write_issue
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typesetter.content import load_issue
from typesetter.contentfiles import (
    BIDI,
    UNPRINTABLE_RE,
    describe_character,
    read_text,
    reference_problems,
    scan_characters,
)
from typesetter.errors import ContentError
from typesetter.yamlsource import parse_yaml

# An issue.yaml written verbatim, so that every line number below is plain to see.
ISSUE_YAML = """\
publication: 电子商务动态
kicker: 行业资讯
year: 2023
number: 17
date: 2023-09-05
publisher: 上海市电子商务和消费促进中心
editor: 《电子商务动态》编辑部
colophon:
  address: 中山南路 1088 号
sections:
  - title: 行业资讯
    articles:
      - articles/01.md
"""
ARTICLE = "---\ntitle: 国务院：促进数字技术与实体经济深度融合\nsource: 《文汇报》\n---\n\n正文。\n"
MB = 1024 * 1024
A = "issue/articles/01.md"
Y = "issue/issue.yaml"
DELETE_SURROGATE = "write the character itself, not half of its UTF-16 form"
BIDI_HINT = "delete it unless the text is right-to-left"


def issue_yaml(**replace: str) -> str:
    """ISSUE_YAML with whole lines replaced: ``issue_yaml(kicker='kicker: "x"')``."""
    lines = ISSUE_YAML.splitlines()
    for key, line in replace.items():
        [index] = [i for i, old in enumerate(lines) if old.strip().startswith(f"{key}:")]
        lines[index] = line
    return "\n".join(lines) + "\n"


def article(title: str = "国务院：促进数字技术", body: str = "正文。\n", extra: str = "") -> str:
    """Front matter on lines 1–3 (title on line 2, ``extra`` lines after it), the body from
    line 5 (4 when ``extra`` is empty)."""
    return f"---\ntitle: {title}\n{extra}---\n\n{body}"


def with_articles(*paths: str) -> str:
    return ISSUE_YAML.replace(
        "      - articles/01.md\n", "".join(f"      - {path}\n" for path in paths)
    )


# (name, files over the valid issue (None: delete it), expected problem lines, exit code,
# also build: None, "build" or "strict")
Files = Mapping[str, str | bytes | None]
Case = tuple[str, Files, list[str], int, str | None]

CASES: list[Case] = [
    # --- unprintable characters: errors ---------------------------------------------------
    (
        "nul escape in a title",
        {"articles/01.md": article('"标题\\0空"')},
        [f"{A}:2: title: control character U+0000 NUL cannot be printed (delete '\\0')"],
        1,
        "build",
    ),
    (
        "nul escape in issue.yaml",
        {"issue.yaml": issue_yaml(publication='publication: "电子\\0商务"')},
        [f"{Y}:1: publication: control character U+0000 NUL cannot be printed (delete '\\0')"],
        1,
        None,
    ),
    (
        "nul byte typed in the body",
        {"articles/01.md": article(body="正文\x00。\n")},
        [f"{A}:5: control character U+0000 NUL cannot be printed (delete it)"],
        1,
        None,
    ),
    (
        "esc and bel typed in the body",
        {"articles/01.md": article(body="第一段。\n\n正文\x1b[31m红\x07。\n")},
        [
            f"{A}:7: control character U+0007 BEL cannot be printed (delete it)",
            f"{A}:7: control character U+001B ESC cannot be printed (delete it)",
        ],
        1,
        "build",
    ),
    (
        "esc typed in the front matter",
        {"articles/01.md": article("标题\x1b空")},
        [f"{A}:2: control character U+001B ESC cannot be printed (delete it)"],
        1,
        None,
    ),
    (
        "esc typed in issue.yaml",
        {"issue.yaml": issue_yaml(editor="editor: 编辑\x1b部")},
        [f"{Y}:7: control character U+001B ESC cannot be printed (delete it)"],
        1,
        None,
    ),
    (
        "del and c1 controls typed in the body",
        {"articles/01.md": article(body="正文\x7f。\x9b\n")},
        [
            f"{A}:5: control character U+007F DEL cannot be printed (delete it)",
            f"{A}:5: control character U+009B CSI cannot be printed (delete it)",
        ],
        1,
        None,
    ),
    (
        "c1 escapes in a source",
        {"articles/01.md": article(extra='source: "新华社\\x85\\e"\n')},
        [
            f"{A}:3: source: control character U+001B ESC cannot be printed (delete '\\e')",
            f"{A}:3: source: control character U+0085 NEL cannot be printed (delete '\\x85')",
        ],
        1,
        None,
    ),
    (
        "control escape on the second line of a quoted title",
        {"articles/01.md": article('"标题\n  第二行\\a"')},
        [f"{A}:3: title: control character U+0007 BEL cannot be printed (delete '\\a')"],
        1,
        None,
    ),
    (
        "lone surrogate escape in issue.yaml",
        {"issue.yaml": issue_yaml(kicker='kicker: "行业\\ud800资讯"')},
        [
            f"{Y}:2: kicker: lone surrogate U+D800 cannot be printed (delete '\\ud800': "
            f"{DELETE_SURROGATE})"
        ],
        1,
        "build",
    ),
    (
        "surrogate pair written as two escapes",
        {"articles/01.md": article('"笑\\ud83d\\ude00"')},
        [
            f"{A}:2: title: lone surrogate U+D83D cannot be printed (delete '\\ud83d': "
            f"{DELETE_SURROGATE})",
            f"{A}:2: title: lone surrogate U+DE00 cannot be printed (delete '\\ude00': "
            f"{DELETE_SURROGATE})",
        ],
        1,
        None,
    ),
    (
        "lone surrogate reference in the body",
        {"articles/01.md": article(body="正文&#xD800;。\n")},
        [f"{A}:5: lone surrogate U+D800 cannot be printed (delete '&#xD800;': {DELETE_SURROGATE})"],
        1,
        "build",
    ),
    (
        "nul, esc, noncharacter and out-of-range references",
        {"articles/01.md": article(body="甲&#0;乙&#X1B;\n\n丙&#xFFFF;丁&#x110000;\n")},
        [
            f"{A}:5: control character U+0000 NUL cannot be printed (delete '&#0;')",
            f"{A}:5: control character U+001B ESC cannot be printed (delete '&#X1B;')",
            f"{A}:7: '&#x110000;' names no character (delete '&#x110000;')",
            f"{A}:7: noncharacter U+FFFF cannot be printed (delete '&#xFFFF;')",
        ],
        1,
        None,
    ),
    (
        "escapes that print as written are fine",
        {
            "articles/01.md": article(
                '"反斜杠\\\\x00与\\\\0"', body="写作 \\&#0; 与 &amp;#0; 即可。\n"
            )
        },
        [],
        0,
        None,
    ),
    (
        "the first 20 unprintable characters, then a count",
        {"articles/01.md": article(body="".join(f"第{i}行\x01\n" for i in range(25)))},
        [
            f"{A}:{5 + i}: control character U+0001 SOH cannot be printed (delete it)"
            for i in range(20)
        ]
        + [f"{A}:25: 5 more unprintable or bidi characters from this line on (delete them too)"],
        1,
        None,
    ),
    (
        "control character in an article path",
        {"issue.yaml": with_articles('"articles/0\\x001.md"')},
        [f"{Y}:13: articles: control character U+0000 NUL cannot be printed (delete '\\x00')"],
        1,
        None,
    ),
    # --- bidi controls: warnings (errors with --strict) -----------------------------------
    (
        "right-to-left override typed in a title",
        {"articles/01.md": article("标题\u202e反过来")},
        [
            f"{A}:2: warning: bidi control U+202E RIGHT-TO-LEFT OVERRIDE can reorder the "
            f"printed text ({BIDI_HINT})"
        ],
        0,
        "strict",
    ),
    (
        "isolate escapes in a section title",
        {"issue.yaml": issue_yaml(**{"- title": '  - title: "行业\\u2066资讯\\u2069"'})},
        [
            f"{Y}:11: warning: title: bidi control U+2066 LEFT-TO-RIGHT ISOLATE can reorder "
            "the printed text (delete '\\u2066' unless the text is right-to-left)",
            f"{Y}:11: warning: title: bidi control U+2069 POP DIRECTIONAL ISOLATE can reorder "
            "the printed text (delete '\\u2069' unless the text is right-to-left)",
        ],
        0,
        None,
    ),
    (
        "marks written as references in the body",
        {"articles/01.md": article(body="正文&rlm;。\n\n&#x202D;正文。\n")},
        [
            f"{A}:5: warning: bidi control U+200F RIGHT-TO-LEFT MARK can reorder the printed "
            "text (delete '&rlm;' unless the text is right-to-left)",
            f"{A}:7: warning: bidi control U+202D LEFT-TO-RIGHT OVERRIDE can reorder the "
            "printed text (delete '&#x202D;' unless the text is right-to-left)",
        ],
        0,
        None,
    ),
    # --- limits ---------------------------------------------------------------------------
    (
        "a 10 MB title",
        {"articles/01.md": article("标" * (10 * MB // 3))},
        [
            f"{A}:2: file too large: an article may be at most 1 MB, and this line passes it "
            "(look for text pasted by mistake, or split the article)"
        ],
        1,
        "build",
    ),
    (
        "an article body past 1 MB",
        {"articles/01.md": article(body="正文正文正文。\n\n" * 60_000)},
        [
            f"{A}:91181: file too large: an article may be at most 1 MB, and this line passes "
            "it (look for text pasted by mistake, or split the article)"
        ],
        1,
        None,
    ),
    (
        "issue.yaml past 1 MB",
        {"issue.yaml": ISSUE_YAML + "# 注释\n" * (MB // 9)},
        [
            f"{Y}:116488: file too large: issue.yaml may be at most 1 MB, and this line passes "
            "it (look for text pasted by mistake)"
        ],
        1,
        None,
    ),
    (
        "a title of 201 characters",
        {"articles/01.md": article("标" * 201)},
        [f"{A}:2: title: too long (201 characters; at most 200) (shorten it)"],
        1,
        None,
    ),
    (
        "a title of 200 characters is fine",
        {"articles/01.md": article("标" * 200)},
        [],
        0,
        None,
    ),
    (
        "a publisher and an author over the limit",
        {
            "issue.yaml": issue_yaml(publisher="publisher: " + "上海" * 400),
            "articles/01.md": article(extra=f"author: {'杨' * 250}\n"),
        },
        [
            f"{A}:3: author: too long (250 characters; at most 200) (shorten it)",
            f"{Y}:6: publisher: too long (800 characters; at most 200) (shorten it)",
        ],
        1,
        None,
    ),
    (
        "an article path over the limit",
        {"issue.yaml": with_articles("articles/" + "a" * 1000 + ".md")},
        [f"{Y}:13: articles: too long (1,012 characters; at most 1,000) (shorten it)"],
        1,
        None,
    ),
    # --- encodings ------------------------------------------------------------------------
    (
        "an article saved as GBK",
        {"articles/01.md": article(body="正文，这是中文。\n").encode("gbk")},
        [f"{A}:2: not UTF-8 text (this file looks like GBK; save it as UTF-8)"],
        1,
        "build",
    ),
    (
        "issue.yaml saved as GB18030",
        {"issue.yaml": issue_yaml(kicker="kicker: 行业𠀀资讯").encode("gb18030")},
        [f"{Y}:1: not UTF-8 text (this file looks like GB18030; save it as UTF-8)"],
        1,
        None,
    ),
    (
        "an article saved as UTF-16",
        {"articles/01.md": ARTICLE.encode("utf-16")},
        [f"{A}:1: not UTF-8 text (this file looks like UTF-16; save it as UTF-8)"],
        1,
        None,
    ),
    (
        "an article saved as UTF-16 without a byte-order mark",
        {"articles/01.md": "---\ntitle: T\n---\n\nabc\n".encode("utf-16-le")},
        [
            f"{A}:1: not a text file (it holds NUL bytes) "
            "(this file looks like UTF-16; save it as UTF-8)"
        ],
        1,
        None,
    ),
    (
        "one GBK line pasted into a UTF-8 article",
        {"articles/01.md": ARTICLE.encode() + "第二段。\n".encode("gbk")},
        [f"{A}:7: not UTF-8 text (save the article as UTF-8 Markdown)"],
        1,
        None,
    ),
    # --- article paths are file names, not URLs -------------------------------------------
    (
        "fragment and percent signs in article file names",
        {
            "issue.yaml": with_articles("articles/a#b.md", "articles/a%20b.md", "articles/c?.md"),
            "articles/a#b.md": ARTICLE,
            "articles/a%20b.md": ARTICLE,
            "articles/c?.md": ARTICLE,
            "articles/01.md": None,
        },
        [],
        0,
        None,
    ),
    (
        "a percent escape is not decoded",
        {"issue.yaml": with_articles("articles/a%20b.md"), "articles/a b.md": ARTICLE},
        [f"{Y}:13: article file 'articles/a%20b.md' not found (no file issue/articles/a%20b.md)"],
        1,
        None,
    ),
]


def snapshot(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` with a digest of its bytes."""
    found = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink() or not path.is_file():
            found[key] = "link" if path.is_symlink() else "folder"
        else:
            found[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def write_case(root: Path, files: Files) -> Path:
    folder = write_issue(root, issue=ISSUE_YAML, articles={"01": ARTICLE})
    for relative, data in files.items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if data is None:
            target.unlink()
        elif isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    return folder


def problem_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("issue/")]


@pytest.fixture(scope="module")
def good_pdf(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """An earlier good build, to be left untouched by every failed build."""
    root = tmp_path_factory.mktemp("good")
    write_case(root, {})
    result = run_cli("build", "issue", "-o", "good.pdf", cwd=root)
    assert result.returncode == 0, result.stderr
    return (root / "good.pdf").read_bytes()


@pytest.mark.parametrize(
    ("files", "expected", "code", "build"),
    [pytest.param(*case[1:], id=case[0]) for case in CASES],
)
def test_check(
    tmp_path: Path,
    files: Files,
    expected: list[str],
    code: int,
    build: str | None,
) -> None:
    write_case(tmp_path, files)
    before = snapshot(tmp_path)
    started = time.perf_counter()
    result = run_cli("check", "issue", cwd=tmp_path)
    seconds = time.perf_counter() - started
    assert "Traceback" not in result.stderr + result.stdout
    assert "internal error" not in result.stderr
    assert problem_lines(result.stderr) == expected, result.stderr
    assert result.returncode == code, result.stderr
    if code == 0:
        assert result.stdout.splitlines()[-1].startswith("issue: ok")
    assert snapshot(tmp_path) == before
    assert seconds < 15  # a 10 MB title is refused before it is parsed


BUILDS = [case for case in CASES if case[4] is not None]


@pytest.mark.parametrize(
    ("files", "expected", "build"),
    [pytest.param(case[1], case[2], case[4], id=case[0]) for case in BUILDS],
)
def test_failed_build_leaves_the_earlier_pdf(
    tmp_path: Path,
    good_pdf: bytes,
    files: Files,
    expected: list[str],
    build: str,
) -> None:
    write_case(tmp_path, files)
    output = tmp_path / "out" / "issue.pdf"
    output.parent.mkdir()
    output.write_bytes(good_pdf)
    before = snapshot(tmp_path)
    args = ["build", "issue", "-o", "out/issue.pdf"] + (["--strict"] if build == "strict" else [])
    result = run_cli(*args, cwd=tmp_path)
    assert "Traceback" not in result.stderr + result.stdout
    assert "internal error" not in result.stderr
    errors = [line.replace(": warning: ", ": ", 1) for line in expected]
    assert problem_lines(result.stderr) == errors, result.stderr
    assert result.returncode == 1
    assert output.read_bytes() == good_pdf
    assert snapshot(tmp_path) == before


# --- in-process: what the CLI cannot show as root ------------------------------------------


def test_unreadable_article_gets_a_permissions_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_case(tmp_path, {})
    target = folder / "articles" / "01.md"
    real_open = Path.open

    def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(ContentError) as caught:
        load_issue(folder, display_dir="issue")
    assert [str(p) for p in caught.value.problems] == [
        f"{A}: cannot read the file (Permission denied) "
        "(check its permissions: whoever runs typesetter must be able to read it)"
    ]


def test_unreadable_issue_yaml_gets_a_permissions_hint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_case(tmp_path, {})
    real_open = Path.open

    def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "issue.yaml":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    with pytest.raises(ContentError) as caught:
        load_issue(folder, display_dir="issue")
    assert [str(p) for p in caught.value.problems] == [
        f"{Y}: cannot read the file (Permission denied) "
        "(check its permissions: whoever runs typesetter must be able to read it)"
    ]


def test_issue_yaml_linking_outside_the_folder(tmp_path: Path) -> None:
    folder = write_case(tmp_path, {})
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text(ISSUE_YAML, encoding="utf-8")
    (folder / "issue.yaml").unlink()
    (folder / "issue.yaml").symlink_to(outside)
    with pytest.raises(ContentError) as caught:
        load_issue(folder, display_dir="issue")
    assert [str(p) for p in caught.value.problems] == [
        f"{Y}: issue.yaml links outside the issue folder (copy the file into the issue folder)"
    ]


def test_a_big_file_is_not_read_past_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.md"
    path.write_bytes(b"x" * (3 * MB))
    error = read_text(path, what="an article", limit=MB)
    assert not isinstance(error, str)
    assert error.line == 1
    assert error.message.startswith("file too large: an article may be at most 1 MB")


def test_escaped_key_is_reported_once() -> None:
    text = 'title: 标题\n"a\\eb": 1\nx: &a "\\0"\ny: *a\n'
    doc, problems = parse_yaml(text, "f.md", line_offset=1)
    assert doc is not None
    assert [str(p) for p in problems] == [
        "f.md:3: key: control character U+001B ESC cannot be printed (delete '\\e')",
        "f.md:4: x: control character U+0000 NUL cannot be printed (delete '\\0')",
    ]
    assert doc.flagged == {("x",), ("y",)}


def test_layout_yaml_control_character_is_named() -> None:
    _, problems = parse_yaml("a: b\x1bc\n", "layout.yaml")
    assert [str(p) for p in problems] == [
        "layout.yaml:1: broken YAML: control character U+001B ESC is not allowed (delete it)"
    ]


@pytest.mark.parametrize(
    ("char", "name"),
    [
        ("\x00", "control character U+0000 NUL"),
        ("\x1f", "control character U+001F US"),
        ("\x7f", "control character U+007F DEL"),
        ("\x80", "control character U+0080 PAD"),
        ("\x9f", "control character U+009F APC"),
        ("\udfff", "lone surrogate U+DFFF"),
        ("\ufdd0", "noncharacter U+FDD0"),
        ("\U0010ffff", "noncharacter U+10FFFF"),
        ("\u061c", "bidi control U+061C ARABIC LETTER MARK"),
        ("\u2068", "bidi control U+2068 FIRST STRONG ISOLATE"),
    ],
)
def test_characters_are_named_by_code_point(char: str, name: str) -> None:
    assert describe_character(char) == name


def test_tab_and_line_ends_are_text() -> None:
    text = "甲\t乙\n丙\r\n"
    assert scan_characters(text, "f") == (text, [])
    assert reference_problems("&#9;&#10;&#13;&#x4E00;&amp;", "f", 1) == []


# --- property: every character either reaches the page as text, or is a located error ------

# Typed into the file (a lone surrogate cannot be: it is not UTF-8; escapes bring those).
HOSTILE = st.sampled_from(
    [chr(c) for c in range(0x20)]
    + [chr(c) for c in range(0x7F, 0xA0)]
    + ["\ufffe", "\uffff", "\ufdd0", "\U0001fffe"]
    + ["\u061c", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069"]
)
PIECES = st.one_of(
    st.text(alphabet="标题正文，。、《》abc 12", min_size=1, max_size=6),
    HOSTILE,
    st.sampled_from(["&#0;", "&#x1B;", "&#xD800;", "&#x202E;", "&rlm;", "\\&#0;", "&amp;"]),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    title=st.lists(PIECES, min_size=1, max_size=6).map("".join),
    body=st.lists(PIECES, min_size=1, max_size=12).map("".join),
    escaped=st.sampled_from(["", "\\0", "\\e", "\\x85", "\\ud800", "\\u202e", "\\t"]),
)
def test_hostile_text_is_printed_or_reported_at_its_line(
    tmp_path_factory: pytest.TempPathFactory, title: str, body: str, escaped: str
) -> None:
    root = tmp_path_factory.mktemp("hostile")
    quoted = title.replace("\\", "\\\\").replace('"', '\\"') + escaped
    text = f'---\ntitle: "{quoted}"\n---\n\n{body}\n'
    folder = write_issue(root, issue=ISSUE_YAML, articles={"01": ARTICLE})
    (folder / "articles" / "01.md").write_text(text, encoding="utf-8")
    try:
        issue, warnings = load_issue(folder, display_dir="issue")
    except ContentError as error:
        assert error.problems
        assert all(p.line is not None and p.path == A for p in error.problems), error.problems
        return
    [loaded] = issue.articles()
    printed = loaded.meta.title + loaded.html
    assert UNPRINTABLE_RE.search(printed) is None
    assert all(p.line is not None for p in warnings)
    if re.search(f"[{BIDI}]", printed):
        assert any("bidi control" in p.message for p in warnings)
