"""Messages in Chinese and English: choosing the language, and the catalogs (docs/i18n.md)."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from collections.abc import Callable, Mapping
from importlib.machinery import SourceFileLoader
from pathlib import Path
from types import ModuleType

import pytest
from conftest import ROOT

from typesetter import i18n

MakeIssue = Callable[..., Path]
PACKAGE = ROOT / "typesetter"


# --- choosing the language ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("env", "language"),
    [
        ({}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "zh_CN.UTF-8"}, "zh-CN"),
        ({"LANG": "zh_TW.UTF-8"}, "zh-CN"),
        ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"}, "zh-CN"),
        ({"LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"}, "en"),
        ({"LC_ALL": "zh_CN.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "zh-CN"),
        ({"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"LANG": "de_DE.UTF-8", "LANGUAGE": "zh_CN:en"}, "zh-CN"),
        ({"LANG": "C.UTF-8", "LANGUAGE": "zh_CN"}, "en"),  # gettext ignores LANGUAGE in C
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"TYPESETTER_LANG": "zh-CN"}, "zh-CN"),
        ({"TYPESETTER_LANG": "zh", "LANG": "en_US.UTF-8"}, "zh-CN"),
        ({"TYPESETTER_LANG": "en", "LANG": "zh_CN.UTF-8"}, "en"),
        ({"TYPESETTER_LANG": "klingon", "LANG": "zh_CN.UTF-8"}, "zh-CN"),
    ],
)
def test_language_from_the_environment(env: Mapping[str, str], language: str) -> None:
    assert i18n.language_from_env(env) == language


@pytest.mark.parametrize(
    ("argv", "language"),
    [
        (["build", "x"], None),
        (["--lang", "zh-CN", "build", "x"], "zh-CN"),
        (["build", "x", "--lang=en"], "en"),
        (["build", "--lang", "zh_CN.UTF-8"], "zh-CN"),
        (["build", "--", "--lang", "zh-CN"], None),
        (["--lang", "fr", "build"], None),
    ],
)
def test_language_from_the_command_line(argv: list[str], language: str | None) -> None:
    assert i18n.language_from_argv(argv) == language


def test_lang_is_moved_before_the_command() -> None:
    from typesetter.cli_text import lang_first

    assert lang_first(["build", "x", "--lang", "zh-CN", "--map"]) == [
        "--lang",
        "zh-CN",
        "build",
        "x",
        "--map",
    ]
    assert lang_first(["check", "--lang=en", "--", "--lang", "x"]) == [
        "--lang=en",
        "check",
        "--",
        "--lang",
        "x",
    ]


def test_a_sentence_follows_the_language_chosen_when_it_is_used() -> None:
    _ = i18n.Translator("cli")
    try:
        i18n.set_language("zh-CN")
        assert _("warning: {message}", message="x") == "警告：x"
        assert _.ngettext("{n} error; nothing was written.", "", 3) == "3 处错误，未写出任何文件。"
        i18n.set_language("en")
        assert _("warning: {message}", message="x") == "warning: x"
    finally:
        i18n.set_language("en")
    with pytest.raises(ValueError, match="choose en or zh-CN"):
        i18n.set_language("fr")


def _env(**changes: str) -> dict[str, str]:
    """The test environment without any language setting, plus ``changes``."""
    names = {"TYPESETTER_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"}
    env = {k: v for k, v in os.environ.items() if k not in names}
    return {**env, **changes}


def _cli(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "typesetter", *args],
        cwd=cwd,
        env=_env(**env),
        capture_output=True,
        text=True,
        timeout=300,
    )


def _broken(make_issue: MakeIssue) -> Path:
    """An issue whose article has a Chinese key name (unknown key, with a hint)."""
    return make_issue(articles={"01": "---\ntitle: 标题\n来源: 《文汇报》\n---\n正文。\n"})


EN_LINE = (
    "t/articles/01.md:3: unknown key '来源' (did you mean 'source'? keys are written in English)"
)
ZH_LINE = "t/articles/01.md:3: 未知的键 '来源'（是不是 'source'？键名要用英文）"


@pytest.mark.parametrize(
    ("args", "env", "line", "summary"),
    [
        ((), {"LANG": "zh_CN.UTF-8"}, ZH_LINE, "1 处错误，未写出任何文件。"),
        (
            (),
            {"LANG": "C.UTF-8", "LC_MESSAGES": "zh_CN.UTF-8"},
            ZH_LINE,
            "1 处错误，未写出任何文件。",
        ),
        (
            (),
            {"TYPESETTER_LANG": "zh-CN", "LANG": "en_US.UTF-8"},
            ZH_LINE,
            "1 处错误，未写出任何文件。",
        ),
        (("--lang", "en"), {"LANG": "zh_CN.UTF-8"}, EN_LINE, "1 error; nothing was written."),
        (("--lang", "zh-CN"), {"TYPESETTER_LANG": "en"}, ZH_LINE, "1 处错误，未写出任何文件。"),
        ((), {}, EN_LINE, "1 error; nothing was written."),
    ],
    ids=["LANG", "LC_MESSAGES", "TYPESETTER_LANG", "--lang en", "--lang zh-CN", "default"],
)
def test_a_broken_issue_in_the_chosen_language(
    make_issue: MakeIssue, args: tuple[str, ...], env: dict[str, str], line: str, summary: str
) -> None:
    folder = _broken(make_issue)
    folder = folder.rename(folder.parent / "t")
    result = _cli("build", *args, "t", "-o", "out.pdf", cwd=folder.parent, **env)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [line, summary]


def test_lang_after_the_command(make_issue: MakeIssue) -> None:
    folder = _broken(make_issue)
    folder = folder.rename(folder.parent / "t")
    result = _cli("check", "t", "--lang", "zh-CN", cwd=folder.parent)
    assert (result.returncode, result.stderr.splitlines()) == (
        1,
        [ZH_LINE, "1 处错误，未写出任何文件。"],
    )


def test_help_in_chinese() -> None:
    result = _cli("--lang", "zh-CN", "build", "--help")
    assert result.returncode == 0
    out = result.stdout
    assert out.startswith("用法：typesetter build [OPTIONS] ")
    assert "\n  将 ISSUE_DIR 排版为 PDF。\n" in out
    assert "\n参数：\n" in out and "\n选项：\n" in out
    assert "将所有警告视为错误。" in out
    assert "显示此帮助并退出。" in out
    assert "[默认：no-strict]" in out
    top = _cli("--help", LANG="zh_CN.UTF-8").stdout
    assert "\n命令：\n" in top and "  check    预检 ISSUE_DIR" in top


def test_help_in_english() -> None:
    result = _cli("build", "--help", LANG="zh_CN.UTF-8", TYPESETTER_LANG="en")
    assert result.stdout.startswith("Usage: typesetter build [OPTIONS] ")
    assert "Show this message and exit." in result.stdout


def test_usage_errors_in_chinese() -> None:
    result = _cli("--lang", "zh-CN", "build")
    assert (result.returncode, result.stderr.splitlines()) == (
        2,
        [
            "用法：typesetter build [OPTIONS] {issue_dir}",
            "运行“typesetter build --help”查看帮助。",
            "",
            "错误：缺少参数 'issue_dir'。",
        ],
    )
    missing = _cli("build", "no/such/folder", "--lang", "zh-CN")
    assert missing.returncode == 2
    assert missing.stderr.splitlines()[-1] == (
        "错误：'issue_dir' 的值无效：文件夹 'no/such/folder' 不存在。"
    )


@pytest.mark.parametrize("args", [("--lang", "fr", "check", "x"), ("check", "x", "--lang=fr")])
def test_an_unknown_language_is_a_usage_error(args: tuple[str, ...]) -> None:
    result = _cli(*args)
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: Invalid value for --lang: unknown language 'fr' (choose zh-CN or en)"
    )


# --- the catalogs ------------------------------------------------------------------------


def _script() -> ModuleType:
    loader = SourceFileLoader("i18n_script", str(ROOT / "scripts" / "i18n"))
    spec = importlib.util.spec_from_loader("i18n_script", loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


@pytest.mark.parametrize("domain", i18n.DOMAINS)
def test_catalog_complete_and_compiled(domain: str) -> None:
    """Every msgid of the domain's sources has a zh translation, not fuzzy, with the same
    {fields}; the committed .mo is the compiled .po (scripts/i18n check)."""
    pytest.importorskip("babel")
    assert _script().check(domain) == []


def test_every_module_is_in_the_domain_it_declares() -> None:
    script = _script()
    listed = {
        path: domain
        for domain in i18n.DOMAINS
        if domain != "click"
        for path, _name in script.sources(domain)
    }
    for path in sorted(PACKAGE.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for declared in re.findall(r'^_ = Translator\("(\w+)"\)', text, re.M):
            where = path.relative_to(ROOT)
            assert listed.get(path) == declared, f"{where} declares {declared!r}"


def test_catalogs_are_shipped_as_package_data() -> None:
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["typesetter"]
    for mo in (PACKAGE / "locale").rglob("*.mo"):
        relative = mo.relative_to(PACKAGE)
        assert any(relative.match(p) for p in patterns), relative
