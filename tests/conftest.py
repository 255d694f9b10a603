"""Shared fixtures: ``make_issue`` writes a small valid issue folder that a test can bend.

    def test_x(make_issue):
        folder = make_issue()                                   # valid: 2 articles, 1 section
        folder = make_issue(issue={"total": None})              # override / delete (None) keys
        folder = make_issue(issue="publication: x\\n")           # issue.yaml written verbatim
        folder = make_issue(articles={"01": "---\\ntitle: T\\n---\\n正文。\\n"})
        folder = make_issue(articles={"01": {"title": "T", "body": "正文。"}})
        folder = make_issue(images={"images/a.png": PNG}, files={"notes.txt": "…"})

Without ``sections`` in ``issue``, one section lists every article in the order given.
A first positional argument chooses the parent folder (default: the test's ``tmp_path``).
"""

from __future__ import annotations

import datetime
import os
import struct
import subprocess
import sys
import zlib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
#: A fontconfig configuration with no fonts: the suite runs with the system's fonts hidden.
EMPTY_FONTCONFIG = Path(__file__).resolve().parent / "data" / "fontconfig-empty.conf"

# Hidden before anything renders, in this process and every process it starts (xdist
# workers, the CLI): the product must bring every font it uses. A test that leans on a
# system font fails here on every machine, also on one that has the font.
os.environ["FONTCONFIG_FILE"] = str(EMPTY_FONTCONFIG)
# The messages the tests assert are English, whatever the machine's locale; tests of the
# Chinese messages set the language themselves (tests/test_i18n.py, docs/i18n.md).
os.environ["TYPESETTER_LANG"] = "en"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--system-fonts",
        action="store_true",
        help="also compare the vendored fonts with the system's fonts-noto-cjk files",
    )
    parser.addoption(
        "--update-images",
        action="store_true",
        help="tests/test_layout_images.py: write the page images as the new references "
        "in tests/data/page-images/ instead of comparing with them",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "system_fonts: compares with system font files (opt in: --system-fonts)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--system-fonts"):
        return
    opt_in = pytest.mark.skip(reason="compares with system fonts: run with --system-fonts")
    for item in items:
        if "system_fonts" in item.keywords:
            item.add_marker(opt_in)


def run_cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """``typesetter ARGS`` in a fresh process, as an editor runs it."""
    return subprocess.run(
        [sys.executable, "-m", "typesetter", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
    )


def render_html(html: str, *, clreq: bool = True) -> bytes:
    """PDF bytes of a test document, through the product's one render path.

    ``clreq=False`` renders with plain WeasyPrint line breaking and justification: the
    proof's tests need PDFs with faults in them. The document may fetch nothing.
    """
    from typesetter.pdf import content_identifier
    from typesetter.weasy import RenderJob, render_pdf

    job = RenderJob(
        html=html,
        base_dir=ROOT,
        allowed_roots=[],
        display_dir="test",
        identifier=content_identifier(html),
        clreq=clreq,
    )
    return render_pdf(job).data


#: A small valid issue.yaml and article as text: tests that assert line numbers use these
#: (their line numbers are part of the expected messages).
ISSUE_TEXT = """\
publication: 电子商务动态
kicker: 行业资讯
year: 2023
number: 17
total: 294
date: 2023-09-05
publisher: 上海市电子商务和消费促进中心
editor: 《电子商务动态》编辑部
layout: newsletter
colophon:
  address: 中山南路 1088 号南浦大厦四楼
  postcode: "200011"
sections:
  - title: 行业资讯
    articles:
      - articles/01.md
"""

ARTICLE_TEXT = """\
---
title: 国务院：促进数字技术与实体经济深度融合
source: 《文汇报》
date: 2023-08-22
---

8月21日下午，国务院进行第三次专题学习。
"""


DEFAULT_ISSUE: dict[str, Any] = {
    "publication": "电子商务动态",
    "kicker": "行业资讯",
    "year": 2023,
    "number": 17,
    "total": 294,
    "date": datetime.date(2023, 9, 5),
    "publisher": "上海市电子商务和消费促进中心（联合国贸易网络上海中心）",
    "editor": "《电子商务动态》编辑部",
    "layout": "newsletter",
    "language": "zh-Hans",
    "colophon": {
        "address": "中山南路 1088 号南浦大厦四楼",
        "postcode": "200011",
        "office": "上海市电子商务和消费促进中心内",
        "phone": "021-63685517",
        "email": None,
    },
}

DEFAULT_ARTICLES: dict[str, str | dict[str, Any]] = {
    "01-guowuyuan": {
        "title": "国务院：促进数字技术与实体经济深度融合",
        "source": "《文汇报》",
        "date": datetime.date(2023, 8, 22),
        "body": "8月21日下午，国务院以“加快发展数字经济”为主题，进行第三次专题学习。\n",
    },
    "02-shangwubu": {
        "title": "商务部：将从五方面推动电子商务创新发展",
        "body": "**一是发展数字贸易，加快贸易强国建设。**积极推动出台促进贸易改革。\n",
    },
}


def png_bytes(width: int = 1, height: int = 1) -> bytes:
    """A valid, tiny greyscale PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


PNG = png_bytes()
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b'<rect width="10" height="10"/></svg>'
)


def dump_yaml(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, default_flow_style=False)


def article_text(article: str | Mapping[str, Any]) -> str:
    """An article file's text: verbatim, or front matter from a dict (its ``body`` key aside)."""
    if isinstance(article, str):
        return article
    fields = {k: v for k, v in article.items() if k != "body"}
    body = article.get("body", "正文。\n")
    return f"---\n{dump_yaml(fields)}---\n\n{body}"


def article_path(name: str) -> str:
    """``01`` → ``articles/01.md``; a name with a slash or a suffix is used as it is."""
    path = name if "/" in name else f"articles/{name}"
    return path if Path(path).suffix else f"{path}.md"


def issue_text(
    issue: str | Mapping[str, Any] | None, article_paths: list[str], *, merge: bool = True
) -> str:
    if isinstance(issue, str):
        return issue
    data = dict(DEFAULT_ISSUE) if merge else {}
    for key, value in (issue or {}).items():
        if value is None and key in data:
            del data[key]
        else:
            data[key] = value
    data.setdefault("sections", [{"title": "行业资讯", "articles": article_paths}])
    return dump_yaml(data)


def write_issue(
    root: Path,
    *,
    issue: str | Mapping[str, Any] | None = None,
    articles: Mapping[str, str | Mapping[str, Any]] | None = None,
    images: Mapping[str, bytes] | None = None,
    files: Mapping[str, str | bytes] | None = None,
    name: str = "issue",
) -> Path:
    """Write an issue folder ``root/name`` and return its path."""
    folder = root / name
    folder.mkdir(parents=True, exist_ok=True)
    chosen = DEFAULT_ARTICLES if articles is None else articles
    paths = []
    for article_name, article in chosen.items():
        relative = article_path(article_name)
        paths.append(relative)
        _write(folder / relative, article_text(article))
    _write(folder / "issue.yaml", issue_text(issue, paths))
    for relative, data in {**(images or {}), **(files or {})}.items():
        _write(folder / relative, data)
    return folder


def _write(path: Path, data: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")


@pytest.fixture
def make_issue(tmp_path: Path) -> Callable[..., Path]:
    """``make_issue([root], issue=…, articles=…, images=…, files=…, name=…)`` → issue folder."""

    def make(root: Path | None = None, **kwargs: Any) -> Path:
        return write_issue(tmp_path if root is None else root, **kwargs)

    return make
