# ruff: noqa: E501  (the table holds whole message lines, one per line)
"""The error table in both languages for the importer, preview, proof and archive areas:
each case the suite asserts for those modules, reproduced in-process on small inputs, with
its exact English and exact Chinese text (docs/i18n.md); plus the import report and the
archive summary in Chinese.

Each case's ``make(folder)`` runs once per language in a fresh folder (its path shows as
``T``); the proof's findings come from hand-made glyphs, from stand-ins of the measured
lines, and from three small PDFs (rendered once per session, read once, measured in both
languages)."""

from __future__ import annotations

import errno
import http.client
import io
import json
import os
import re
import socket
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from conftest import PNG, render_html, write_issue

from typesetter import i18n
from typesetter.errors import TypesetterError

DATA = Path(__file__).resolve().parent / "data" / "import"
LANGUAGES = ("en", "zh-CN")


@dataclass(frozen=True)
class Case:
    id: str
    make: Callable[[Path], str]
    en: str
    zh: str


def _problems(error: TypesetterError) -> str:
    return "\n".join(str(p) for p in error.problems)


def _raised(action: Callable[[], object]) -> str:
    try:
        action()
    except TypesetterError as error:
        return _problems(error)
    except ValueError as error:
        return str(error)
    raise AssertionError("no error")


# --- importer -----------------------------------------------------------------------------


def _import(folder: Path, name: str) -> Any:
    from typesetter.importer import import_text

    return import_text(DATA / name, folder / "issue")


def _review(folder: Path, name: str, *lines: int) -> str:
    result = _import(folder, name)
    return "\n".join(
        f"{i.line}: {i.message}" for i in result.review if not lines or i.line in lines
    )


def _issue_yaml_line(folder: Path, name: str, start: str) -> str:
    _import(folder, name)
    text = (folder / "issue" / "issue.yaml").read_text(encoding="utf-8")
    return next(line for line in text.splitlines() if line.startswith(start))


def _first_article_comment(folder: Path) -> str:
    _import(folder, "no-source.txt")
    first = sorted((folder / "issue" / "articles").glob("*.md"))[0]
    return first.read_text(encoding="utf-8").splitlines()[1]


def _gbk(folder: Path) -> str:
    from typesetter.importer import import_text

    text = folder / "gbk.txt"
    text.write_bytes("【要闻】\n标题\n正文。\n".encode("gbk"))
    return _raised(lambda: import_text(text, folder / "out"))


def _existing(folder: Path, *, as_file: bool) -> str:
    from typesetter.importer import import_text

    target = folder / "issue"
    if as_file:
        target.write_text("not a folder", encoding="utf-8")
    else:
        target.mkdir()
    return _raised(lambda: import_text(DATA / "weekly-2024-05.txt", target, force=as_file))


def _layout(name: str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        import typesetter.importer as importer

        real = getattr(importer, "available_layouts")  # noqa: B009
        setattr(importer, "available_layouts", lambda: ["newsletter"])  # noqa: B010
        try:
            return _raised(lambda: importer._check_layout(name))
        finally:
            setattr(importer, "available_layouts", real)  # noqa: B010

    return make


def _report_lines(folder: Path, name: str, *indexes: int) -> str:
    from typesetter.importer import format_report

    lines = format_report(_import(folder, name)).splitlines()
    return "\n".join(lines[i] for i in indexes)


IMPORTER = [
    Case(
        "import: not an issue",
        lambda f: _raised(lambda: _import(f, "not-an-issue.txt")).replace(str(DATA), "DATA"),
        "DATA/not-an-issue.txt: not an issue: no 【…】 section heading and no source line (来源：…) found",
        "DATA/not-an-issue.txt: 不是一期刊物：既没有【…】栏目标题，也没有来源行（来源：…）",
    ),
    Case(
        "import: not UTF-8",
        _gbk,
        "T/gbk.txt: not UTF-8 text (byte 0) (save the text as UTF-8)",
        "T/gbk.txt: 不是 UTF-8 文本（第0字节）（请把文本存为 UTF-8）",
    ),
    Case(
        "import: folder exists",
        lambda f: _existing(f, as_file=False),
        "T/issue: already exists (pass --force to replace it)",
        "T/issue: 已存在（加 --force 可覆盖）",
    ),
    Case(
        "import: output is a file",
        lambda f: _existing(f, as_file=True),
        "T/issue: exists and is not a folder",
        "T/issue: 已存在，且不是文件夹",
    ),
    Case(
        "import: unknown layout",
        _layout("../../x"),
        "--layout: unknown layout '../../x' (available: newsletter)",
        "--layout: 未知的版式 '../../x'（可用的版式：newsletter）",
    ),
    Case(
        "import: layout typo",
        _layout("newsleter"),
        "--layout: unknown layout 'newsleter' (did you mean 'newsletter'? available: newsletter)",
        "--layout: 未知的版式 'newsleter'（是不是 'newsletter'？可用的版式：newsletter）",
    ),
    Case(
        "import: weekly review",
        lambda f: _review(f, "weekly-2024-05.txt"),
        "53: no source line found: written with source_line: false\n"
        "119: no cover picture in the text: add image: if there is one\n"
        "125: no cover picture in the text: add image: if there is one",
        "53: 未找到来源行：已写为 source_line: false\n"
        "119: 文本中没有封面图：如有，请添加 image:\n"
        "125: 文本中没有封面图：如有，请添加 image:",
    ),
    Case(
        "import: broken cover review",
        lambda f: _review(f, "broken-cover.txt"),
        "0: date not found in the text (guessed: the latest article date)\n"
        "0: no contents found on the cover: every article is listed (toc)\n"
        "0: number not found in the text (fill in 第N期)\n"
        "0: publisher not found in the text (主办单位)\n"
        "0: year not found in the text (guessed from the date)\n"
        "3: cover line not placed: “第  期”",
        "0: 封面上未找到目录：所有文章都列入目录（toc）\n"
        "0: 文本中未找到 date（已按最晚一篇文章的日期推测）\n"
        "0: 文本中未找到 number（请填写第N期）\n"
        "0: 文本中未找到 publisher（主办单位）\n"
        "0: 文本中未找到 year（已按日期推测）\n"
        "3: 封面文字未归位：“第  期”",
    ),
    Case(
        "import: REVIEW comment on a field",
        lambda f: _issue_yaml_line(f, "broken-cover.txt", "number:"),
        "number: null  # REVIEW: number not found in the text (fill in 第N期)",
        "number: null  # REVIEW：文本中未找到 number（请填写第N期）",
    ),
    Case(
        "import: guessed article boundary",
        lambda f: _review(f, "no-source.txt", 13),
        "13: guessed an article boundary: “乙县农产品电商销售额增长三成” taken as a title (it could be a subheading)",
        "13: 推测的文章分界：“乙县农产品电商销售额增长三成”被当作标题（也可能是小标题）",
    ),
    Case(
        "import: REVIEW comment in an article",
        _first_article_comment,
        "# REVIEW (text line 9): no source line found: written with source_line: false",
        "# REVIEW（文本第9行）：未找到来源行：已写为 source_line: false",
    ),
    Case(
        "import: title on two lines",
        lambda f: _review(f, "wrapped-title.txt", 11),
        "11: title continued on the next line: the two lines joined",
        "11: 标题接续到下一行：两行已合并",
    ),
    Case(
        "import: no section heading",
        lambda f: _review(f, "no-sections.txt", 5),
        "5: no 【…】 section heading before the first article: section title needed",
        "5: 第一篇文章前没有【…】栏目标题：需要填写栏目名",
    ),
    Case(
        "import: no colophon address",
        lambda f: _issue_yaml_line(f, "no-sections.txt", "colophon:"),
        "colophon:  # REVIEW: colophon address (编辑部地址) not found in the text",
        "colophon:  # REVIEW：文本中未找到版权页地址（编辑部地址）",
    ),
    Case(
        "import: variants",
        lambda f: _review(f, "variants.txt"),
        "0: no contents found on the cover: every article is listed (toc)",
        "0: 封面上未找到目录：所有文章都列入目录（toc）",
    ),
    Case(
        "import: cover titles differ",
        lambda f: _review(f, "cover-toc.txt"),
        "13: the cover lists “辛地物流指数回升”, taken as “辛地物流景气指数回升” (the titles differ)",
        "13: 封面目录中的“辛地物流指数回升”，已当作“辛地物流景气指数回升”（两处标题不同）",
    ),
    Case(
        "import: one item to review",
        lambda f: _report_lines(f, "cover-toc.txt", -2),
        "1 item to review:",
        "1处需要复核：",
    ),
    Case(
        "import: page furniture",
        lambda f: _review(f, "furniture.txt"),
        "6: the cover lists “华南跨境电商”, taken as “华南跨境电商出口订单明显回升” (the titles differ)\n"
        "18: short lines in a row (a table or a list?): kept as they are\n"
        "26: “页面杂项测试 2024年第6期” repeated 3 times (a running header?): left out",
        "6: 封面目录中的“华南跨境电商”，已当作“华南跨境电商出口订单明显回升”（两处标题不同）\n"
        "18: 连续的短行（表格或列表？）：保持原样\n"
        "26: “页面杂项测试 2024年第6期”重复出现3次（是书眉？）：已略去",
    ),
]

WEEKLY_REPORT_EN = """\
import DATA/weekly-2024-05.txt → T/issue
12 articles in 5 sections, 7 in the table of contents; 14 files written
clean-up (punctuation and spaces only; no word added, dropped or moved):
{changes}
3 items to review:
  DATA/weekly-2024-05.txt:53: no source line found: written with source_line: false
  DATA/weekly-2024-05.txt:119: no cover picture in the text: add image: if there is one
  DATA/weekly-2024-05.txt:125: no cover picture in the text: add image: if there is one
"""
WEEKLY_REPORT_ZH = """\
导入 DATA/weekly-2024-05.txt → T/issue
12篇文章，分属5个栏目，其中7篇列入目录；写出14个文件
整理（只改标点和空格，未增、删、移动任何字）：
{changes}
3处需要复核：
  DATA/weekly-2024-05.txt:53: 未找到来源行：已写为 source_line: false
  DATA/weekly-2024-05.txt:119: 文本中没有封面图：如有，请添加 image:
  DATA/weekly-2024-05.txt:125: 文本中没有封面图：如有，请添加 image:
"""
#: The clean-up lines of the weekly issue's report, by kind: (count, English, Chinese).
WEEKLY_CHANGES = {
    "punctuation": ("half-width punctuation set full-width", "半角标点改为全角"),
    "parentheses": ("parentheses set full-width", "括号改为全角"),
    "quotes": ("straight quotes set as “ ”", "直引号改为“ ”"),
    "punct_space": ("spaces next to full-width punctuation removed", "删去全角标点旁的空格"),
    "han_space": ("spaces between Han characters removed", "删去汉字之间的空格"),
    "han_digit_space": (
        "spaces between Han characters and digits removed",
        "删去汉字与数字之间的空格",
    ),
    "han_latin_space": (
        "spaces between Han characters and Latin letters removed",
        "删去汉字与拉丁字母之间的空格",
    ),
    "whitespace": ("tabs and runs of spaces squeezed", "制表符和连续空格合并为一个空格"),
    "page_number": ("lines holding only a page number left out", "略去只有页码的行"),
}


# --- preview ------------------------------------------------------------------------------


def _page_words(folder: Path) -> str:
    from typesetter.preview.page import render_page, texts

    page = render_page()
    head = page[: page.index("<style>")].split("\n")[1:5]
    return "\n".join([*head, *(f"{k}: {v}" for k, v in texts().items())])


def _served(path: str, host: str = "127.0.0.1") -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        from typesetter.preview import start_preview

        server = start_preview(folder, start=False)
        server.serve_in_thread()
        try:
            connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
            connection.request("GET", path, headers={"Host": host})
            response = connection.getresponse()
            body = response.read().decode("utf-8")
            connection.close()
            return f"{response.status} {body}"
        finally:
            server.close()

    return make


def _internal_error(folder: Path) -> str:
    import typesetter.preview.rebuild as rebuild

    def broken(*args: object, **kwargs: object) -> object:
        raise RuntimeError("boom")

    real = getattr(rebuild, "check_issue")  # noqa: B009
    setattr(rebuild, "check_issue", broken)  # noqa: B010
    try:
        outcome = rebuild.Rebuilder(folder, "issue").rebuild()
    finally:
        setattr(rebuild, "check_issue", real)  # noqa: B010
    return "\n".join(str(p) for p in outcome.problems)


PREVIEW = [
    Case(
        "preview: the page's words",
        _page_words,
        """\
<html lang="en">
<head>
<meta charset="utf-8">
<title>typesetter preview</title>
title: typesetter preview
window: {issue} · typesetter preview
starting: starting…
rebuilding:  · rebuilding…
problems: Problems
none: none
open: open in the editor
warning: warning: {message}
hint:  ({hint})
page: page {n}
first: first build…
built: build {version}: {pages} pages in {seconds} s, at {time}
failed: build {version} failed
disconnected: disconnected: is typesetter preview running?
kept: ['{n} error: these are the pages of the last good build, at {time}.', '{n} errors: these are the pages of the last good build, at {time}.']
nogood: ['{n} error: no good build yet.', '{n} errors: no good build yet.']""",
        """\
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<title>typesetter 预览</title>
title: typesetter 预览
window: {issue} · typesetter 预览
starting: 正在启动…
rebuilding:  · 正在重新排版…
problems: 问题
none: 无
open: 在编辑器中打开
warning: 警告：{message}
hint: （{hint}）
page: 第{n}页
first: 首次排版…
built: 第{version}次排版：{pages}页，用时{seconds}秒，完成于{time}
failed: 第{version}次排版失败
disconnected: 连接已断开：typesetter preview 还在运行吗？
kept: ['{n}处错误：下面是{time}最后一次成功排版的页面。', '{n}处错误：下面是{time}最后一次成功排版的页面。']
nogood: ['{n}处错误：还没有成功排版过。', '{n}处错误：还没有成功排版过。']""",
    ),
    Case("preview: no such path", _served("/nothing"), "404 not found\n", "404 未找到\n"),
    Case(
        "preview: a replaced page",
        _served("/pages/7/1.png"),
        "404 no such page (rebuilt since?)\n",
        "404 没有这一页（已重新排版？）\n",
    ),
    Case(
        "preview: not a local request",
        _served("/state", host="attacker.example:80"),
        "403 not a local request\n",
        "403 不是本机发出的请求\n",
    ),
    Case(
        "preview: a bug of ours",
        _internal_error,
        "issue: internal error: RuntimeError: boom (please report it)",
        "issue: 内部错误：RuntimeError: boom（请报告此问题）",
    ),
]


# --- proof --------------------------------------------------------------------------------

SIZE = 10.0


def _glyphs(
    text: str, x: float, baseline: float, *, spacing: float = 0.0, half: str = ""
) -> list[Any]:
    """As tests/test_proof_units.py: Han 1 em, Latin 0.6 em, ``spacing`` after each."""
    from typesetter.proof.chars import is_latin
    from typesetter.proof.pdfchars import Glyph

    glyphs = []
    for ch in text:
        width = 6.0 if is_latin(ch) else SIZE
        glyphs.append(
            Glyph(
                ch,
                "Noto-Serif-CJK-SC",
                SIZE,
                x,
                x + width,
                baseline - 8.8,
                baseline + 1.2,
                baseline,
            )
        )
        x += (width / 2 if ch in half else width) + spacing
    return glyphs


def _paragraph(top: float, rows: int) -> list[list[Any]]:
    lines = []
    for i in range(rows):
        x = 70.0 if i == 0 else 50.0
        count = int((250.0 - x) // SIZE) if i < rows - 1 else 5
        lines.append(_glyphs("国" * count, x, top + i * 16))
    return lines


def _layout_of(*pages: list[list[Any]], width: float = 700.0) -> Any:
    from typesetter.proof.layout import analyse
    from typesetter.proof.pdfchars import Box, PageGlyphs

    return analyse(
        PageGlyphs(
            n, width, 3000.0, Box(0.0, 0.0, width, 3000.0), tuple(g for ln in lines for g in ln)
        )
        for n, lines in enumerate(pages, start=1)
    )


def _found(layout: Any, kind: str, **expected: Any) -> str:
    from typesetter.proof import proof_layout

    report = proof_layout(layout, **expected)
    return "\n".join(str(f) for f in report.faults if f.kind == kind)


def _shifted(lines: list[list[Any]]) -> list[list[Any]]:
    from dataclasses import replace

    lines[1] = [replace(g, x0=g.x0 + 2.0, x1=g.x1 + 2.0) for g in lines[1][:-1]] + lines[1][-1:]
    return lines


def _leaders(dots: str) -> Any:
    rows = []
    for y, text in enumerate(
        [
            "数字经济发展具有广阔空间......",
            "统筹发展和安全发挥优势......",
            f"数字人民币应用场景持续扩大{dots}",
        ]
    ):
        rows += [_glyphs(text, 50, 100 + 16 * y), _glyphs("4", 300, 100 + 16 * y)]
    return _layout_of(rows)


def _report_text(folder: Path) -> str:
    from typesetter.proof import Fault, ProofReport

    report = ProofReport(
        pages=3,
        faults=[
            Fault("short-line", 2, "line ends 3.0 pt (0.30 em) short of the right edge", "数字经济")
        ],
        exempt=[Fault("short-line", 3, "line ends 9.0 pt short", "https://example.com")],
        stats={"justified_lines": 12},
    )
    return report.format_text()


def _stub_line(text: str, page: int) -> Any:
    return SimpleNamespace(text=text, page=page)


def _pdf_error(make: Callable[[Path], object]) -> Callable[[Path], str]:
    def run(folder: Path) -> str:
        return _raised(lambda: make(folder)).replace(str(folder), "T")

    return run


def _limit(folder: Path) -> object:
    from typesetter.proof.pdfchars import _unreadable
    from typesetter.proof.pdflimits import DecodeBudget, PDFLimitError

    try:
        DecodeBudget().charge(65 << 20)
    except PDFLimitError as error:
        raise TypesetterError([_unreadable(Path("bomb.pdf"), error)]) from None
    return None


def _ccitt(folder: Path) -> object:
    from typesetter.proof.pdfchars import _unreadable
    from typesetter.proof.pdflimits import (
        DecodeBudget,
        PDFLimitError,
        _ccittfaxdecode,
        decoding_limit,
    )

    try:
        with decoding_limit(DecodeBudget()):
            _ccittfaxdecode(b"", {})
    except PDFLimitError as error:
        raise TypesetterError([_unreadable(Path("ccitt.pdf"), error)]) from None
    return None


def _password(folder: Path) -> object:
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    from typesetter.proof.pdfchars import _unreadable

    raise TypesetterError([_unreadable(Path("locked.pdf"), PDFPasswordIncorrect())])


def _read(name: str, data: bytes | None) -> Callable[[Path], object]:
    def make(folder: Path) -> object:
        from typesetter.proof.pdfchars import read_pages

        if data is not None:
            (folder / name).write_bytes(data)
        return list(read_pages(folder / name))

    return make


def _stranded(last: bool, page: int) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        from typesetter.proof.checks_flow import _stranded as message

        return message(_stub_line("落在栏底的标题", 1), _stub_line("", page), last=last)

    return make


def _outside(folder: Path) -> str:
    from typesetter.proof.checks_flow import _picture_outside, _size, _text_outside

    frame = SimpleNamespace(left=50.0, right=300.0, top=50.0, bottom=500.0)
    page = SimpleNamespace(columns=[])
    line = SimpleNamespace(em=9.0, x0=50.0, x1=357.0, top=100.0, bottom=109.0, column=-1)
    text = _text_outside(page, line, frame)  # type: ignore[arg-type]
    picture = SimpleNamespace(x0=50.0, x1=475.2, top=200.0, bottom=256.7)
    where = _picture_outside(page, picture, frame, None)  # type: ignore[arg-type]
    return "\n".join([str(text), str(where), _size(picture)])  # type: ignore[arg-type]


PROOF_UNITS = [
    Case(
        "proof: a pair of marks not compressed",
        lambda f: _found(_layout_of([_glyphs("数字。”经济", 50, 100, spacing=1.0)]), "punct-pair"),
        "punct-pair: “。”” takes 2.00 em (expected 1.5 em) — 数字。”经济",
        "punct-pair: “。””占2.00 em（应为1.5 em） — 数字。”经济",
    ),
    Case(
        "proof: Han–Latin gap on a justified line",
        lambda f: _found(_layout_of([_glyphs("中文AB", 50, 100, spacing=1.0)]), "han-latin-gap"),
        "han-latin-gap: gap between “文” and “A” is 0.10 em (expected 0.25 em plus the line's 0.10 em justification) — 中文AB",
        "han-latin-gap: “文”与“A”的间距为0.10 em（应为0.25 em，加上本行两端对齐拉开的0.10 em） — 中文AB",
    ),
    Case(
        "proof: line starts off the left edge",
        lambda f: _found(_layout_of(_shifted(_paragraph(100, 3))), "short-line").splitlines()[0],
        "short-line: line starts 2.0 pt right of the left edge — 国国国国国国国国国国国国国国国国国国国国",
        "short-line: 行首在左边线右侧2.0 pt处 — 国国国国国国国国国国国国国国国国国国国国",
    ),
    Case(
        "proof: a widow",
        lambda f: _found(
            _layout_of(
                _paragraph(100, 3) + _paragraph(160, 5)[:4],
                [_glyphs("国国国。", 50, 100), *_paragraph(120, 2)],
            ),
            "widow",
        ),
        "widow: the paragraph's last line stands alone at the top of the page — 国国国。",
        "widow: 段末行单独落在页首 — 国国国。",
    ),
    Case(
        "proof: overprinted text",
        lambda f: _found(
            _layout_of([_glyphs("重叠的文字", 50, 100), _glyphs("重叠的第二行文字", 52, 104)]),
            "overlap",
        ),
        "overlap: drawn over another line: “重叠的第二行文字” — 重叠的文字",
        "overlap: 与另一行重叠：“重叠的第二行文字” — 重叠的文字",
    ),
    Case(
        "proof: a short TOC leader",
        lambda f: _found(_leaders(".."), "toc-leader"),
        "toc-leader: TOC entry shows a leader of 2 dots before its page number (at least 3) — 数字人民币应用场景持续扩大.. 4",
        "toc-leader: 目录条目的页码前只有2个引导点（至少3个） — 数字人民币应用场景持续扩大.. 4",
    ),
    Case(
        "proof: no TOC leader",
        lambda f: _found(_leaders(""), "toc-leader"),
        "toc-leader: TOC entry shows no leader before its page number (at least 3) — 数字人民币应用场景持续扩大 4",
        "toc-leader: 目录条目的页码前没有引导点（至少3个） — 数字人民币应用场景持续扩大 4",
    ),
    Case(
        "proof: a heading at the foot of a column",
        _stranded(last=False, page=1),
        "the heading “落在栏底的标题” is the last text in its column: its text starts in the next column",
        "标题“落在栏底的标题”落在栏末：正文从下一栏才开始",
    ),
    Case(
        "proof: text and picture past the text area",
        _outside,
        "text reaches 57.0 pt past the right edge of the text area\n"
        "picture reaches 175.2 pt past the right edge of the text area\n"
        "picture 150×20 mm at (18, 71) mm",
        "文字超出版心右边57.0 pt\n图片超出版心右边175.2 pt\n图片150×20 mm，位于（18, 71）mm",
    ),
    Case(
        "proof: the report",
        _report_text,
        "page 2:\n"
        "  short-line: line ends 3.0 pt (0.30 em) short of the right edge — 数字经济\n"
        "exempt (no expansion opportunity):\n"
        "  page 3: short-line: line ends 9.0 pt short — https://example.com\n"
        "proof: 3 pages, 12 justified lines checked: 1 faults (short-line 1)",
        "第2页：\n"
        "  short-line: line ends 3.0 pt (0.30 em) short of the right edge — 数字经济\n"
        "豁免（无处可伸展）：\n"
        "  第3页：short-line: line ends 9.0 pt short — https://example.com\n"
        "校对：共3页，检查了12行两端对齐的行：1处问题（short-line 1）",
    ),
    Case(
        "proof: no faults",
        lambda f: (
            __import__("typesetter.proof", fromlist=["ProofReport"])
            .ProofReport(1, [], [], {})
            .format_text()
        ),
        "proof: 1 pages, 0 justified lines checked: no faults",
        "校对：共1页，检查了0行两端对齐的行：没有问题",
    ),
    Case(
        "proof: a decompression bomb",
        _pdf_error(_limit),
        "bomb.pdf: the PDF decompresses to more than 64 MiB, the most the proof reads (is the file damaged?)",
        "bomb.pdf: PDF 解压后超过64 MiB，超出了校对读取的上限（文件是否已损坏？）",
    ),
    Case(
        "proof: a CCITT stream",
        _pdf_error(_ccitt),
        "ccitt.pdf: a stream the proof reads is CCITTFaxDecode, a filter for pictures (is the file damaged?)",
        "ccitt.pdf: 校对要读取的数据流用了 CCITTFaxDecode，这是图片专用的过滤器（文件是否已损坏？）",
    ),
    Case(
        "proof: a password",
        _pdf_error(_password),
        "locked.pdf: cannot read the PDF: it is protected by a password (proof the file before it is encrypted)",
        "locked.pdf: 无法读取 PDF：文件有密码保护（请在加密之前校对文件）",
    ),
    Case(
        "proof: an empty file",
        _pdf_error(_read("empty.pdf", b"")),
        "T/empty.pdf: not a readable PDF: No /Root object! - Is this really a PDF?",
        "T/empty.pdf: 不是可读的 PDF：No /Root object! - Is this really a PDF?",
    ),
    Case(
        "proof: no such file",
        _pdf_error(_read("missing.pdf", None)),
        "T/missing.pdf: cannot read PDF: [Errno 2] No such file or directory: 'T/missing.pdf'",
        "T/missing.pdf: 无法读取 PDF：[Errno 2] No such file or directory: 'T/missing.pdf'",
    ),
]


# The PDF cases: the documents of tests/test_proof_content.py (TOC and missing text) and
# tests/test_proof_pages.py (a heading at the foot of the page, a caption parted from its
# figure), each rendered once and read once; the findings are measured in each language.


@pytest.fixture(scope="session")
def layouts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    from test_proof_content import BODY_1, BODY_2, NOTE, STYLE, TITLES
    from test_proof_pages import DOCUMENTS, render

    from typesetter.proof.layout import analyse
    from typesetter.proof.pdfchars import read_pages

    folder = tmp_path_factory.mktemp("proof-zh")
    half = len(BODY_2) // 2
    content = f"""<html lang="zh-CN"><head><meta charset="utf-8"><style>{STYLE}</style></head><body>
    <div class="toc"><p>目录</p><p>{TITLES[0]}　2</p><p>{TITLES[1]}　2</p></div>
    <h1>{TITLES[0]}</h1><p>{BODY_1}</p>
    <h1>{TITLES[1]}</h1><p>{BODY_2[:half]}<span class="fn">{NOTE}</span>{BODY_2[half:]}</p>
    </body></html>"""
    pdfs = {
        "content": render_html(content, clreq=False),
        "stranded-page": render(DOCUMENTS["stranded-page"], folder),
        "caption": render(DOCUMENTS["caption"], folder),
    }
    found = {}
    for name, data in pdfs.items():
        (folder / f"{name}.pdf").write_bytes(data)
        found[name] = analyse(read_pages(folder / f"{name}.pdf"))
    return found


def _articles(body_2: str | None = None) -> list[str]:
    from test_proof_content import BODY_1, BODY_2, NOTE, TITLES

    return [f"{TITLES[0]}\n\n{BODY_1}", f"{TITLES[1]}\n\n{body_2 or BODY_2}\n\n[^1]: {NOTE}"]


def _on_pdf(name: str, kind: str, **expected: Callable[[], Any]) -> Callable[[dict[str, Any]], str]:
    def make(layouts: dict[str, Any]) -> str:
        from typesetter.proof import proof_layout

        report = proof_layout(layouts[name], **{k: v() for k, v in expected.items()})
        return "\n".join(f"{f.page}: {f.message}" for f in report.faults if f.kind == kind)

    return make


def _toc(*entries: tuple[int, int]) -> Callable[[], Any]:
    from test_proof_content import TITLES

    from typesetter.proof import TocEntry

    return lambda: [TocEntry(TITLES[i] if i >= 0 else "不存在的标题", page) for i, page in entries]


PROOF_PDFS = [
    (
        "proof: a missing character",
        _on_pdf(
            "content",
            "missing-text",
            expected_text=lambda: _articles(
                __import__("test_proof_content").BODY_2.replace("持续推动", "持续大力推动", 1)
            ),
        ),
        "3: article 2: “大” (U+5927) is missing after “经济深度融合持续”",
        "3: 第2篇文章：“经济深度融合持续”之后缺了“大”（U+5927）",
    ),
    (
        "proof: an article not in the PDF",
        _on_pdf(
            "content",
            "missing-text",
            expected_text=lambda: [*_articles(), "完全不存在的文章内容在这里出现"],
        ),
        "4: article 3: its text is not in the PDF",
        "4: 第3篇文章：PDF 中没有它的文字",
    ),
    (
        "proof: a wrong TOC page",
        _on_pdf("content", "toc-page", toc=_toc((0, 2), (1, 2))),
        "1: TOC gives page 2; the title is printed on page 3",
        "1: 目录标第2页；标题实际在第3页",
    ),
    (
        "proof: a TOC title printed nowhere",
        _on_pdf("content", "toc-page", toc=_toc((0, 2), (-1, 4))),
        "1: “不存在的标题” (TOC page 4) is not printed anywhere",
        "1: “不存在的标题”（目录标第4页）在正文中找不到",
    ),
    (
        "proof: a heading at the foot of the page",
        _on_pdf("stranded-page", "stranded-heading"),
        "1: the heading “落在页脚的标题” is the last text on the page: its text starts on page 2",
        "1: 标题“落在页脚的标题”落在页末：正文从第2页才开始",
    ),
    (
        "proof: a caption parted from its figure",
        _on_pdf("caption", "caption-apart"),
        "1: the figure's caption is parted from it: it opens page 2",
        "1: 图注与图片分开了：图注排在第2页开头",
    ),
]


# --- archive ------------------------------------------------------------------------------


def _shard(text: str) -> Callable[[Path], str]:
    from typesetter.archive import parse_shard

    return lambda folder: _raised(lambda: parse_shard(text))


def _discovered(*names: str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        from typesetter.archive import discover

        for name in names:
            sub, _, issue = name.rpartition("/")
            write_issue(folder / "a" / sub, name=issue)
        return _raised(lambda: discover(folder / "a")).replace(str(folder), "T")

    return make


def _missing_root(folder: Path) -> str:
    from typesetter.archive import discover

    problems: list[Any] = []
    discover(folder / "gone", unreadable=problems)
    return "\n".join(str(p) for p in problems).replace(str(folder), "T")


def _bent(bend: Callable[[Path, Path], None], deny: str | None = None) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        from typesetter.archive.fingerprint import Hasher, issue_files

        issue = write_issue(folder, name="i", images={"images/a.png": PNG})
        bend(issue, folder)
        hasher = Hasher({})
        if deny is not None:  # reading this file fails (as a file without read permission)
            real = hasher.sha
            hasher.sha = lambda path: _denied(path) if path.name == deny else real(path)  # type: ignore[method-assign]
        files = issue_files(issue, "i", hasher)
        return "\n".join(str(p) for p in files.problems).replace(str(folder), "T")

    return make


def _denied(path: Path) -> str:
    raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))


def _index_only(folder: Path) -> str:
    from typesetter.archive import ArchiveOptions, index_only

    write_issue(folder / "content", name="2023-06", issue={"year": 2023, "number": 6})
    result = index_only(ArchiveOptions(folder / "content", folder / "out", jobs=1))
    return "\n".join(str(p) for p in result.problems).replace(str(folder), "T")


def _cluster(text: str) -> Callable[[Path], str]:
    from typesetter.archive.cluster import parse_cluster

    return lambda folder: _raised(lambda: parse_cluster(text))


def _no_dask(folder: Path) -> str:
    from typesetter.archive.cluster import require_dask

    saved = sys.modules.get("distributed")
    sys.modules["distributed"] = None  # type: ignore[assignment]
    try:
        return _raised(require_dask)
    finally:
        if saved is None:
            del sys.modules["distributed"]
        else:
            sys.modules["distributed"] = saved


def _refused(folder: Path) -> str:
    from typesetter.archive.cluster import Environment, _refusal

    mine, theirs = Environment("1", "c", "f", "l"), Environment("1", "c", "F", "l")
    return str(_refusal("w", mine.differences(theirs))).replace(socket.gethostname(), "HOST")


def _unreachable(folder: Path) -> str:
    from typesetter.archive.cluster import _unreachable as problem

    return str(problem("tcp://127.0.0.1:9", 1.5, OSError()))


def _disk_full(folder: Path) -> str:
    from typesetter.archive.manifest import write_problem

    error = OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return str(write_problem(Path("out/manifest/2023-01.json"), error))


def _fifo(relative: str) -> Callable[[Path, Path], None]:
    def bend(issue: Path, base: Path) -> None:
        (issue / relative).unlink(missing_ok=True)
        os.mkfifo(issue / relative)

    return bend


def _link(relative: str, target: str) -> Callable[[Path, Path], None]:
    return lambda issue, base: (issue / relative).symlink_to(target)


def _loop(issue: Path, base: Path) -> None:
    (issue / "images" / "x.png").symlink_to("y.png")
    (issue / "images" / "y.png").symlink_to("x.png")


ARCHIVE = [
    Case(
        "archive: not a shard",
        _shard("3"),
        "not a shard: '3' (write K/N, e.g. 1/4)",
        "不是分片：'3'（请写成 K/N，如 1/4）",
    ),
    Case(
        "archive: shard out of range",
        _shard("3/2"),
        "not a shard: '3/2' (K must be between 1 and N)",
        "不是分片：'3/2'（K 必须在1到N之间）",
    ),
    Case(
        "archive: clashing folder names",
        _discovered("x/2023-01", "y/2023-01"),
        "T/a/x/2023-01: issue folder name '2023-01' is used 2 times (each issue's PDF is named after its folder: rename all but one (T/a/y/2023-01))\n"
        "T/a/y/2023-01: issue folder name '2023-01' is used 2 times (each issue's PDF is named after its folder: rename all but one (T/a/x/2023-01))",
        "T/a/x/2023-01: 期文件夹名 '2023-01' 用了2次（每期的 PDF 以文件夹命名：只保留一个，其余请改名（T/a/y/2023-01））\n"
        "T/a/y/2023-01: 期文件夹名 '2023-01' 用了2次（每期的 PDF 以文件夹命名：只保留一个，其余请改名（T/a/x/2023-01））",
    ),
    Case(
        "archive: reserved folder names",
        _discovered("annual-2023", "_hash-cache", "2023-01"),
        "T/a/_hash-cache: issue folder name '_hash-cache' is reserved (the archive names its own files so: rename the folder)\n"
        "T/a/annual-2023: issue folder name 'annual-2023' is reserved (the archive names its own files so: rename the folder)",
        "T/a/_hash-cache: 期文件夹名 '_hash-cache' 是保留名（过刊库自己的文件用这种名字：请给文件夹改名）\n"
        "T/a/annual-2023: 期文件夹名 'annual-2023' 是保留名（过刊库自己的文件用这种名字：请给文件夹改名）",
    ),
    Case(
        "archive: a folder it cannot read",
        _missing_root,
        "T/gone: cannot read the folder (No such file or directory) (any issue in it is left out: make it readable)",
        "T/gone: 无法读取文件夹（No such file or directory）（其中各期都会被略过：请把它设为可读）",
    ),
    Case(
        "archive: a dangling link",
        _bent(_link("images/gone.png", "missing.png")),
        "i/images/gone.png: broken link (to 'missing.png', which does not exist) (remove the link, or put the file it names in its place)",
        "i/images/gone.png: 链接已断开（指向 'missing.png'，该文件不存在）（请删除链接，或把它指向的文件放到这里）",
    ),
    Case(
        "archive: a loop of links",
        _bent(_loop),
        "i/images/x.png: broken link (to 'y.png', a loop of links) (remove the link, or put the file it names in its place)\n"
        "i/images/y.png: broken link (to 'x.png', a loop of links) (remove the link, or put the file it names in its place)",
        "i/images/x.png: 链接已断开（指向 'y.png'，链接构成了循环）（请删除链接，或把它指向的文件放到这里）\n"
        "i/images/y.png: 链接已断开（指向 'x.png'，链接构成了循环）（请删除链接，或把它指向的文件放到这里）",
    ),
    Case(
        "archive: a link out of the issue",
        _bent(_link("images/passwd.png", "/etc/passwd")),
        "i/images/passwd.png: links outside the issue folder (to '/etc/passwd') (nothing outside the issue folder is read: copy the file in instead)",
        "i/images/passwd.png: 链接到本期文件夹之外（指向 '/etc/passwd'）（本期文件夹之外的文件一概不读：请把文件复制进来）",
    ),
    Case(
        "archive: a FIFO",
        _bent(_fifo("images/pipe.png")),
        "i/images/pipe.png: not a regular file (a FIFO) (only files are read: remove it from the issue folder)",
        "i/images/pipe.png: 不是普通文件（FIFO 管道）（只读取普通文件：请把它从本期文件夹中移走）",
    ),
    Case(
        "archive: a file it cannot read",
        _bent(lambda issue, base: None, deny="01-guowuyuan.md"),
        "i/articles/01-guowuyuan.md: cannot read the file (Permission denied) (make it readable, or remove it from the issue folder)",
        "i/articles/01-guowuyuan.md: 无法读取文件（Permission denied）（请把它设为可读，或从本期文件夹中移走）",
    ),
    Case(
        "archive: not in any catalog",
        _index_only,
        "T/content/2023-06: not in any catalog (build it first (with the shard it belongs to))",
        "T/content/2023-06: 不在任何目录文件中（请先排这一期（用它所属的分片））",
    ),
    Case(
        "archive: a full disk",
        _disk_full,
        "out/manifest/2023-01.json: could not write the file (No space left on device) (the disk is full: free some space and run the archive again)",
        "out/manifest/2023-01.json: 无法写入文件（No space left on device）（磁盘已满：请腾出空间后重新运行 archive）",
    ),
    Case(
        "archive: not a cluster",
        _cluster("x"),
        "--cluster: 'x' is not a cluster (give the scheduler's address (tcp://HOST:8786) or local:N for N local workers)",
        "--cluster: 'x' 不是集群地址（请给出调度器地址（tcp://HOST:8786），或用 local:N 表示本机 N 个工作进程）",
    ),
    Case(
        "archive: no local workers",
        _cluster("local:0"),
        "--cluster: 'local:0': N must be 1 or more (give the scheduler's address (tcp://HOST:8786) or local:N for N local workers)",
        "--cluster: 'local:0'：N 至少为1（请给出调度器地址（tcp://HOST:8786），或用 local:N 表示本机 N 个工作进程）",
    ),
    Case(
        "archive: without Dask",
        _no_dask,
        "--cluster: needs Dask distributed, which is not installed (install the extra: pip install 'typesetter[cluster]')",
        "--cluster: 需要 Dask distributed，但尚未安装（请安装扩展：pip install 'typesetter[cluster]'）",
    ),
    Case(
        "archive: a scheduler out of reach",
        _unreachable,
        "tcp://127.0.0.1:9: cannot reach the Dask scheduler within 1.5 s (start it with 'dask scheduler', and check the address, the port and the firewall)",
        "tcp://127.0.0.1:9: 1.5秒内连不上 Dask 调度器（请用 'dask scheduler' 启动调度器，并检查地址、端口和防火墙）",
    ),
    Case(
        "archive: a worker with other fonts",
        _refused,
        "w: worker HOST has other fonts than this client: refused, its PDFs would differ (install the same typesetter version and fonts on every worker)",
        "w: 工作节点 HOST 的字体与本机不同：已拒绝，否则排出的 PDF 会不一样（请在每个工作节点上安装相同版本的 typesetter 和相同的字体）",
    ),
]


# --- running the table --------------------------------------------------------------------


@pytest.fixture
def speak(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str], None]]:
    """Choose a language; the environment set_language touches is restored after, and the
    language is English again."""
    monkeypatch.setenv(i18n.ENV_VAR, "en")
    monkeypatch.delenv("LANGUAGE", raising=False)
    try:
        yield i18n.set_language
    finally:
        i18n.set_language("en")


def _each_language(
    tmp_path: Path, speak: Callable[[str], None], make: Callable[[Path], str]
) -> dict[str, str]:
    said = {}
    for language in LANGUAGES:
        folder = tmp_path / language
        folder.mkdir()
        speak(language)
        said[language] = make(folder).replace(str(folder), "T")
    return said


CASES = IMPORTER + PREVIEW + PROOF_UNITS + ARCHIVE


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_the_message_in_both_languages(
    case: Case, tmp_path: Path, speak: Callable[[str], None]
) -> None:
    said = _each_language(tmp_path, speak, case.make)
    assert said == {"en": case.en, "zh-CN": case.zh}


@pytest.mark.parametrize(("id", "make", "en", "zh"), PROOF_PDFS, ids=[c[0] for c in PROOF_PDFS])
def test_the_proof_of_a_pdf_in_both_languages(
    id: str,
    make: Callable[[dict[str, Any]], str],
    en: str,
    zh: str,
    layouts: dict[str, Any],
    speak: Callable[[str], None],
) -> None:
    said = {}
    for language in LANGUAGES:
        speak(language)
        said[language] = make(layouts)
    assert said == {"en": en, "zh-CN": zh}


def test_the_import_report_in_both_languages(tmp_path: Path, speak: Callable[[str], None]) -> None:
    from typesetter.importer import format_report

    def make(folder: Path) -> str:
        text = format_report(_import(folder, "weekly-2024-05.txt"))
        return text.replace(str(DATA), "DATA")

    said = _each_language(tmp_path, speak, make)
    from typesetter.importer import import_text

    speak("en")
    changes = import_text(DATA / "weekly-2024-05.txt", tmp_path / "again").changes
    kinds = [k for k in WEEKLY_CHANGES if changes.get(k)]
    assert said["en"] == WEEKLY_REPORT_EN.format(
        changes="\n".join(f"  {changes[k]:5d}  {WEEKLY_CHANGES[k][0]}" for k in kinds)
    )
    assert said["zh-CN"] == WEEKLY_REPORT_ZH.format(
        changes="\n".join(f"  {changes[k]:5d}  {WEEKLY_CHANGES[k][1]}" for k in kinds)
    )
    # the report is saved beside the issue in the language it was printed in
    saved = (tmp_path / "zh-CN" / "issue" / "import-report.txt").read_text(encoding="utf-8")
    assert saved.replace(str(DATA), "DATA").replace(str(tmp_path / "zh-CN"), "T") == said["zh-CN"]
    header = (
        (tmp_path / "zh-CN" / "issue" / "issue.yaml").read_text(encoding="utf-8").splitlines()[0]
    )
    assert header == "# 由 typesetter import 从 weekly-2024-05.txt 导入；详见 import-report.txt。"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_archive_summary_in_both_languages(speak: Callable[[str], None]) -> None:
    from typesetter.archive.report import print_summary
    from typesetter.archive.run import ArchiveResult, IssueResult

    fields = IssueResult.__dataclass_fields__
    assert {"name", "status"} <= set(fields)
    result = ArchiveResult(seconds=2.5, jobs=2, out_dir="out", written=["index.html"])
    result.peak_rss_kb = {1: 512000}
    shown = {}
    for language in LANGUAGES:
        speak(language)
        terminal, plain = _Terminal(), io.StringIO()
        print_summary(result, terminal, verbose=True)
        print_summary(result, plain)
        shown[language] = (re.sub(r"\x1b\[[0-9;]*m", "", terminal.getvalue()), plain.getvalue())
    en, zh = shown["en"][0], shown["zh-CN"][0]
    assert en.splitlines()[0].strip() == "typesetter archive"
    assert zh.splitlines()[0].strip() == "typesetter 过刊库"
    for word in ("built", "skipped", "failed", "pages", "time", "2.5 s", "500 MB"):
        assert word in en
    for word in ("已排", "跳过", "失败", "页数", "用时", "2.5 秒", "500 MB"):
        assert word in zh
    assert en.splitlines()[-1] == "output: out  index: out/index.html"
    assert zh.splitlines()[-1] == "输出：out　索引：out/index.html"
    # off a terminal: one key=value line, machine-readable in every language
    line = "archive: built=0 skipped=0 failed=0 pages=0 seconds=2.50 jobs=2 output=out index=out/index.html\n"
    assert shown["en"][1] == shown["zh-CN"][1] == line


def test_the_progress_bar_speaks_the_language(speak: Callable[[str], None]) -> None:
    from rich.console import Console

    from typesetter.archive.report import RichProgress

    speak("zh-CN")
    progress = RichProgress(Console(file=io.StringIO(), width=120))
    progress.planned(3, 2)
    rendered = progress.progress.get_renderable()
    console = Console(file=io.StringIO(), width=120)
    console.print(rendered)
    text = console.file.getvalue()  # type: ignore[attr-defined]
    assert "已排 0 · 跳过 1" in text and "· 失败 0" in text


def test_the_table_covers_every_error_case_named_by_the_brief() -> None:
    """A guard against dropping rows: each area keeps its cases."""
    assert len(IMPORTER) >= 15 and len(PREVIEW) >= 4 and len(ARCHIVE) >= 15
    assert len(PROOF_UNITS) + len(PROOF_PDFS) >= 20
    assert all(json.dumps(c.zh, ensure_ascii=False) != json.dumps(c.en) for c in CASES)
