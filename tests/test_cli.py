"""The command line: exit codes, messages on stderr, nothing written on errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli
from typer.testing import CliRunner

from typesetter import __version__
from typesetter.cli import app

runner = CliRunner()
OLD_PDF = b"%PDF-1.7\n% an earlier, good PDF\n"

MakeIssue = Callable[..., Path]


def invoke(*args: str) -> Any:
    return runner.invoke(app, list(args))


def test_version() -> None:
    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"typesetter {__version__}"


def test_help_lists_the_commands() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for command in ("build", "check", "proof"):
        assert command in result.stdout


def test_missing_issue_dir_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("build", str(tmp_path / "nope"))
    assert result.exit_code == 2
    result = invoke("check", str(tmp_path / "nope"))
    assert result.exit_code == 2


BAD_INPUTS: list[tuple[str, dict[str, Any], str]] = [
    ("broken YAML", {"issue": "publication: [电子商务动态\nyear: 2023\n"}, "issue.yaml:"),
    ("unknown key", {"issue": {"kiker": "行业"}}, "unknown key 'kiker' (did you mean 'kicker'?)"),
    ("wrong type", {"issue": {"number": "十七"}}, "number: must be a whole number"),
    ("missing field", {"issue": {"publisher": None}}, "missing required key 'publisher'"),
    (
        "missing article",
        {"issue": {"sections": [{"title": "行业资讯", "articles": ["articles/99.md"]}]}},
        "article file 'articles/99.md' not found",
    ),
    (
        "missing image",
        {"articles": {"01": {"title": "题目", "body": "![图](images/none.png)\n"}}},
        "images/none.png",
    ),
    (
        "image outside",
        {"articles": {"01": {"title": "题目", "body": "![图](../../etc/passwd)\n"}}},
        "is outside the issue folder",
    ),
    (
        "remote image",
        {"articles": {"01": {"title": "题目", "body": "![图](http://example.com/a.png)\n"}}},
        "URLs are never fetched",
    ),
    (
        "raw script",
        {"articles": {"01": {"title": "题目", "body": "正文。\n\n<script>alert(1)</script>\n"}}},
        "raw HTML '<script>' is not allowed",
    ),
    ("unknown layout", {"issue": {"layout": "gazette"}}, "unknown layout 'gazette'"),
]


@pytest.mark.parametrize(
    ("case", "changes", "expected"), BAD_INPUTS, ids=[case for case, *_ in BAD_INPUTS]
)
def test_bad_input_exits_1_and_leaves_the_old_pdf(
    make_issue: MakeIssue, tmp_path: Path, case: str, changes: dict[str, Any], expected: str
) -> None:
    folder = make_issue(**changes)
    out = tmp_path / "out.pdf"
    out.write_bytes(OLD_PDF)
    result = invoke("build", str(folder), "-o", str(out))
    assert result.exit_code == 1, result.output
    assert expected in result.stderr
    assert f"{folder}/" in result.stderr  # PATH as the user gave it, then :LINE:
    assert "Traceback" not in result.output + result.stderr
    assert out.read_bytes() == OLD_PDF
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.pdf")] == []


def test_all_problems_reported_at_once(make_issue: MakeIssue) -> None:
    folder = make_issue(issue={"kiker": "x", "number": 0, "publisher": None})
    result = invoke("check", str(folder))
    assert result.exit_code == 1
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(folder))]
    assert len(lines) == 3, result.stderr
    assert result.stderr.rstrip().endswith("3 errors; nothing was written.")


def test_check_lists_warnings_and_exits_0(make_issue: MakeIssue) -> None:
    folder = make_issue(articles={"01": {"title": "题目", "body": "中文,中文。\n"}})
    result = invoke("check", str(folder))
    assert result.exit_code == 0, result.output
    assert f"{folder}/articles/01.md:5: warning: half-width ',' between Han characters" in (
        result.stderr
    )
    assert "1 warning" in result.stdout


def test_uncovered_character_is_an_error_naming_it(make_issue: MakeIssue) -> None:
    folder = make_issue(articles={"01": {"title": "题目", "body": "私用区字符\ue000。\n"}})
    result = invoke("check", str(folder))
    assert result.exit_code == 1
    assert (
        f"{folder}/articles/01.md:5: character '\ue000' (U+E000) is not in any of the "
        "layout's fonts" in result.stderr
    )


def test_build_a_small_issue_in_a_fresh_process(make_issue: MakeIssue, tmp_path: Path) -> None:
    folder = make_issue()
    result = run_cli("build", str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    out = tmp_path / "out" / f"{folder.name}.pdf"
    assert out.read_bytes().startswith(b"%PDF-")
    assert result.stdout.startswith(f"out/{folder.name}.pdf: 2 pages")


def test_strict_turns_warnings_into_errors(make_issue: MakeIssue, tmp_path: Path) -> None:
    folder = make_issue(articles={"01": {"title": "题目", "body": "中文,中文。\n"}})
    out = tmp_path / "strict.pdf"
    result = invoke("build", str(folder), "-o", str(out), "--strict")
    assert result.exit_code == 1
    assert "half-width ','" in result.stderr
    assert not out.exists()
