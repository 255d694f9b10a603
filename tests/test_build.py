"""The real issue, built once per test session, checked on the PDF itself."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest
import yaml
from conftest import run_cli
from pypdf import PdfReader

from typesetter.pipeline import proof_pdf

ROOT = Path(__file__).resolve().parent.parent
ISSUE = ROOT / "content" / "2023-17"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
INVENTED = re.compile(r"[\u2000-\u200f\u2060\ufeff]")


@pytest.fixture(scope="session")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/2023-17 built by the CLI in a fresh process, once per session."""
    out = tmp_path_factory.mktemp("sample") / "2023-17.pdf"
    result = run_cli("build", "content/2023-17", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert f"{out}: " in result.stdout and " pages" in result.stdout
    return out


@pytest.fixture(scope="session")
def reader(sample_pdf: Path) -> PdfReader:
    return PdfReader(sample_pdf)


@pytest.fixture(scope="session")
def page_texts(sample_pdf: Path) -> list[str]:
    """The body text of each page, without the running header and the page number."""
    texts = []
    with pdfplumber.open(sample_pdf) as pdf:
        for page in pdf.pages:
            top, bottom = 18 * 72 / 25.4, page.height - 16 * 72 / 25.4
            body = page.crop((0, top if page.page_number > 1 else 0, page.width, bottom))
            texts.append(body.extract_text(use_text_flow=True) or "")
    return texts


def front_matter(path: Path) -> tuple[dict[str, object], str]:
    _, meta, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(meta), body


def article_paths() -> Iterator[Path]:
    issue = yaml.safe_load((ISSUE / "issue.yaml").read_text(encoding="utf-8"))
    for section in issue["sections"]:
        for article in section["articles"]:
            yield ISSUE / article


def han(text: str) -> str:
    return "".join(HAN.findall(text))


def test_every_han_character_in_order(page_texts: list[str]) -> None:
    stream = han("".join(page_texts))
    position = 0
    for path in article_paths():
        meta, body = front_matter(path)
        for piece in (str(meta["title"]), body):
            expected = han(piece)
            found = stream.find(expected, position)
            assert found >= 0, f"{path.name}: text not found in order: {expected[:40]}…"
            position = found + len(expected)


def test_no_invented_characters(page_texts: list[str]) -> None:
    text = "".join(page_texts)
    assert not INVENTED.findall(text)


def test_toc_numbers_match_article_pages(page_texts: list[str]) -> None:
    cover = page_texts[0].replace(" ", "")
    listed = [
        (str(meta["title"]), path)
        for path in article_paths()
        for meta, _ in [front_matter(path)]
        if meta.get("toc", True)
    ]
    assert len(listed) == 14
    flat = [text.replace(" ", "") for text in page_texts]
    for title, path in listed:
        key = title.replace(" ", "")
        match = re.search(re.escape(key) + r"[.．·…]*(\d+)", cover)
        assert match, f"{path.name}: {title} not in the TOC with a page number"
        printed = int(match[1])
        actual = next(i for i, text in enumerate(flat[1:], start=2) if key in text)
        assert printed == actual, f"{title}: TOC says {printed}, printed on page {actual}"


def test_outline_lists_sections_and_articles(reader: PdfReader) -> None:
    issue = yaml.safe_load((ISSUE / "issue.yaml").read_text(encoding="utf-8"))
    outline = reader.outline
    sections = [item for item in outline if not isinstance(item, list)]
    assert [s.title for s in sections] == [s["title"] for s in issue["sections"]]
    children = [item for item in outline if isinstance(item, list)]
    assert len(children) == len(sections)
    for entries, section in zip(children, issue["sections"], strict=True):
        titles = [front_matter(ISSUE / a)[0]["title"] for a in section["articles"]]
        assert [e.title for e in entries] == titles


def test_fonts_embedded_and_subset(sample_pdf: Path) -> None:
    result = subprocess.run(["pdffonts", str(sample_pdf)], capture_output=True, text=True)
    rows = result.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        name, *rest = row.split()
        assert re.match(r"^[A-Z]{6}\+", name), row
        assert rest[-5:-3] == ["yes", "yes"], f"not embedded and subset: {row}"
    names = " ".join(row.split()[0] for row in rows) + " "
    for family in ("+Noto-Serif-CJK-SC ", "+Noto-Sans-CJK-SC-Bold "):
        assert family in names


def test_metadata(reader: PdfReader) -> None:
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "电子商务动态 2023年第17期（总294期）"
    assert meta.author == "上海市电子商务和消费促进中心（联合国贸易网络上海中心）"
    assert meta.subject and "2023年第17期" in meta.subject
    assert "行业资讯" in (meta.get("/Keywords") or "")
    assert meta.get("/CreationDate") == "D:20230905000000+08'00"
    assert meta.get("/ModDate") == "D:20230905000000+08'00"


def test_document_language_and_page_size(reader: PdfReader) -> None:
    assert reader.trailer["/Root"].get("/Lang") == "zh-CN"
    box = reader.pages[0].mediabox
    assert (round(float(box.width) / 72 * 25.4), round(float(box.height) / 72 * 25.4)) == (
        210,
        297,
    )


def test_rebuild_is_byte_identical_from_another_path(sample_pdf: Path, tmp_path: Path) -> None:
    """Another process, another folder holding the issue: the same bytes."""
    copy = tmp_path / "elsewhere" / "2023-17"
    shutil.copytree(ISSUE, copy)
    out = tmp_path / "again.pdf"
    result = run_cli("build", str(copy), "-o", str(out), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes() == sample_pdf.read_bytes()


def test_proof_finds_no_faults_in_the_real_issue(sample_pdf: Path) -> None:
    result = run_cli("proof", str(sample_pdf), "--issue", "content/2023-17")
    assert result.returncode == 0, result.stdout
    assert result.stdout.rstrip().endswith("no faults")


def test_proof_finds_no_faults_in_the_stress_issue(tmp_path: Path) -> None:
    """Dense punctuation, Latin and digits, a long URL and number, a table, footnotes,
    rare characters: tests/data/stress, written to break Chinese layout."""
    out = tmp_path / "stress.pdf"
    result = run_cli("build", "tests/data/stress", "-o", str(out), "--proof")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no faults" in result.stdout
    # issue 17's looseness targets (p99 ≤ 0.02 em, max ≤ 0.06 em): the lines that are
    # mostly a 70-digit number or a URL share their slack with the digits and letters
    looseness = proof_pdf(out).looseness
    assert looseness.lines >= 20 and looseness.within_targets(), looseness.to_json()


def test_a_long_toc_continues_on_the_next_page(tmp_path: Path) -> None:
    """All 47 articles listed: the TOC runs onto page 2, never clipped, numbers right."""
    issue = tmp_path / "2023-17"
    shutil.copytree(ISSUE, issue)
    for article in (issue / "articles").glob("*.md"):
        text = article.read_text(encoding="utf-8")
        article.write_text(text.replace("toc: false\n", ""), encoding="utf-8")
    out = tmp_path / "toc.pdf"
    result = run_cli("build", str(issue), "-o", str(out), "--proof")
    assert result.returncode == 0, result.stdout + result.stderr
    with pdfplumber.open(out) as pdf:
        cover, second = (pdf.pages[i].extract_text() or "" for i in (0, 1))
    assert "目 录" in cover or "目录" in cover
    assert "杨长湧：充分释放跨境电商发展潜力" in second.replace(" ", "")
    assert "主办单位" in cover  # the publisher line stays at the foot of the cover


VARIED_BODY = """> 这是一段引用文字，引用里面也有“标点”和 English words，以及数字 2024。

1. 第一项
2. 第二项
   - 嵌套一
   - 嵌套二
3. 第三项

行内代码 `hello_world()` 与代码块：

```
def main():
    print("你好")
```

---

水平线之后的段落。[链接文字](https://example.com)以及~~删除线~~。

### 三级标题

最后一段。
"""


def test_a_varied_issue_builds_and_proofs_clean(make_issue: Any, tmp_path: Path) -> None:
    """Everything the contract allows that the real issue does not use: no kicker, no
    total, a colophon with the address only, quotes, code, nested lists, rules, a book
    without a cover picture."""
    folder = make_issue(
        issue={
            "kicker": None,
            "total": None,
            "colophon": {"address": "广州市天河路1号"},
            "sections": [
                {"title": "要闻", "articles": ["articles/a.md"]},
                {"title": "书讯", "style": "books", "articles": ["articles/c.md"]},
            ],
        },
        articles={
            "a": {"title": "引用、代码与嵌套列表", "body": VARIED_BODY},
            "c": {"title": "没有封面的书", "author": "张三", "body": "内容简介：没有封面。\n"},
        },
    )
    out = tmp_path / "varied.pdf"
    result = run_cli("build", str(folder), "-o", str(out), "--proof")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no faults" in result.stdout
    with pdfplumber.open(out) as pdf:
        text = "".join((page.extract_text() or "") for page in pdf.pages).replace(" ", "")
    pieces = ("2023年第17期2023年9月5日", "嵌套二", "hello_world()", "广州市天河路1号")
    for piece in pieces:
        assert piece in text, piece


API_AFTER_WEASYPRINT = """
import json, sys
from pathlib import Path
import weasyprint  # a notebook or a test runner imported it first, made a font configuration
from weasyprint.text.fonts import FontConfiguration
FontConfiguration()
from typesetter.pipeline import build_issue
built = build_issue(Path(sys.argv[1]), Path(sys.argv[2]))
print(json.dumps({"pages": built.pages, "warnings": [str(w) for w in built.warnings]}))
"""


def test_the_api_after_importing_weasyprint_first_matches_the_cli(
    sample_pdf: Path, tmp_path: Path
) -> None:
    """Whatever was imported first, the Python API renders what the CLI renders."""
    import json
    import sys

    out = tmp_path / "api.pdf"
    result = subprocess.run(
        [sys.executable, "-c", API_AFTER_WEASYPRINT, str(ISSUE), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(result.stdout.splitlines()[-1])
    assert report == {"pages": 19, "warnings": []}
    assert out.read_bytes() == sample_pdf.read_bytes()


def test_a_short_issue_proofs_clean(make_issue: Any, tmp_path: Path) -> None:
    """Two one-paragraph articles: the source lines, cover and colophon outnumber the body
    text, so the proof takes the body size from the layout (10.5 pt), not from counting.
    Counting took the 9 pt of the source lines for the body: the cover's publisher line
    was a stranded heading and a source line a widow."""
    issue = make_issue()
    out = tmp_path / "short.pdf"
    result = run_cli("build", str(issue), "-o", str(out), "--proof")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("no faults")
