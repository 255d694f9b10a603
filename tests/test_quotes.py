"""Straight quotes next to Chinese text: `check` warns and the text is printed as typed.

A straight ``"`` or ``'`` counts when a CJK character (Han, CJK punctuation, full-width
forms) is its neighbour on one side (spaces and tabs skipped) and no Western letter or
digit (nor inline code) is on the other: ``业内常说"渠道为王"`` warns; ``Levi's``,
``"Hello"他说`` (English quoted in Chinese) and quotes in code do not. One warning per
kind of quote and line, like the half-width marks (markdown.warn_half_width).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.conftest import run_cli

DOUBLE = "warning: straight quote '\"' next to Han characters (use '“' and '”')"
SINGLE = "warning: straight quote \"'\" next to Han characters (use '‘' and '’')"

#: Body lines: (text, the warnings expected on its line).
LINES = [
    ('业内常说"渠道为王"，此言不虚。', [DOUBLE]),
    ("他说'好'。", [SINGLE]),
    ('"渠道为王"是老话。', [DOUBLE]),
    ("他说 \"渠道\" 也说'好'。", [SINGLE, DOUBLE]),  # check lists a line's messages sorted
    ("Levi's 与 Macy's 的门店。", []),
    ('品牌口号是"Hello"他说。', []),
    ('他说"Just do it"。', []),
    ('英文 "Hello world" 一词。', []),
    ("代码`a\"b`与`'x'`不算。", []),
    ('It\'s a "test" line in English.', []),
    ("“中文引号”与‘单引号’不警告。", []),
    ("数字 5'10\" 身高。", []),
]


def test_straight_quotes_warn_at_their_lines(make_issue: Any) -> None:
    body = "\n\n".join(text for text, _ in LINES) + "\n"
    article = {"title": '关于"渠道为王"的讨论', "body": body}
    folder: Path = make_issue(articles={"01": article})
    result = run_cli("check", str(folder))
    assert result.returncode == 0, result.stderr
    path = f"{folder}/articles/01.md"
    text = (folder / "articles/01.md").read_text(encoding="utf-8")
    first = text.splitlines().index(LINES[0][0])
    expected = [f"{path}:2: {DOUBLE}"]  # the title, in the front matter
    for number, (_, warnings) in enumerate(LINES):
        expected += [f"{path}:{first + 1 + 2 * number}: {warning}" for warning in warnings]
    warnings = [line for line in result.stderr.splitlines() if "straight quote" in line]
    assert warnings == expected, result.stderr
    assert LINES[0][0] in text  # left as written


def test_straight_quotes_are_printed_as_typed() -> None:
    from typesetter.markdown import render_body

    html, problems = render_body(
        '业内常说"渠道为王"。\n', display_path="a.md", first_line=1, issue_dir=Path("/"), anchor="a"
    )
    assert "业内常说&quot;渠道为王&quot;。" in html or '业内常说"渠道为王"。' in html
    assert [problem.message for problem in problems] == [DOUBLE.split(": ", 1)[1].split(" (")[0]]
