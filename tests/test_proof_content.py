"""The proof against the content: Han characters missing from the text layer, and TOC page
numbers that disagree with the page where each title is printed."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import render_html

from typesetter.proof import ProofReport, TocEntry, proof_pdf
from typesetter.proof.issue import expectations_from_issue, read_toc
from typesetter.proof.layout import analyse
from typesetter.proof.pdfchars import read_pages

STYLE = """
@page { size: A5; margin: 15mm; @top-center { content: "电子商务动态 第十七期"; font-size: 7pt }
        @bottom-center { content: counter(page); font-size: 7pt } }
body { font-family: "Noto Serif CJK SC"; font-size: 9pt; line-height: 1.6; }
h1 { font-size: 14pt; break-before: page; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.toc p { text-indent: 0; }
.fn { float: footnote; font-size: 7pt; }
"""
TITLES = ["国务院促进数字技术与实体经济深度融合", "商务部将从五方面推动电子商务创新发展"]
BODY_1 = (
    "八月二十一日下午国务院以加快发展数字经济促进数字技术与实体经济深度融合为主题进行专题学习。" * 6
)
BODY_2 = (
    "商务部部长助理表示商务部将围绕促进数字经济和实体经济深度融合持续推动电子商务创新发展。" * 30
)
NOTE = "脚注说明文字来自商务部网站"


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Page 1: a TOC that gives page 2 for both articles; article 2 starts on page 3."""
    half = len(BODY_2) // 2
    html = f"""<html lang="zh-CN"><head><meta charset="utf-8"><style>{STYLE}</style></head><body>
    <div class="toc"><p>目录</p><p>{TITLES[0]}　2</p><p>{TITLES[1]}　2</p></div>
    <h1>{TITLES[0]}</h1><p>{BODY_1}</p>
    <h1>{TITLES[1]}</h1><p>{BODY_2[:half]}<span class="fn">{NOTE}</span>{BODY_2[half:]}</p>
    </body></html>"""
    path = tmp_path_factory.mktemp("content") / "issue.pdf"
    path.write_bytes(render_html(html, clreq=False))  # plain WeasyPrint: faults on purpose
    return path


def articles(body_2: str = BODY_2) -> list[str]:
    """The articles' texts as the content gives them: title, body, then the footnotes."""
    return [f"{TITLES[0]}\n\n{BODY_1}", f"{TITLES[1]}\n\n{body_2}\n\n[^1]: {NOTE}"]


def kinds(report: ProofReport, kind: str) -> list[str]:
    return [f.message for f in report.faults if f.kind == kind]


def test_all_text_present_despite_running_heads_and_footnotes(pdf: Path) -> None:
    report = proof_pdf(pdf, expected_text=articles())
    assert kinds(report, "missing-text") == []


def test_missing_character_is_reported_with_context(pdf: Path) -> None:
    changed = BODY_2.replace("持续推动", "持续大力推动", 1)
    report = proof_pdf(pdf, expected_text=articles(changed))
    missing = [f for f in report.faults if f.kind == "missing-text"]
    assert [f.message for f in missing] == [
        "article 2: “大” (U+5927) is missing after “经济深度融合持续”"
    ]
    assert missing[0].text == "经济深度融合持续[大]力推动电子商务创"
    assert missing[0].page == 3


def test_article_absent_from_the_pdf(pdf: Path) -> None:
    report = proof_pdf(pdf, expected_text=[*articles(), "完全不存在的文章内容在这里出现"])
    assert kinds(report, "missing-text") == ["article 3: its text is not in the PDF"]


def test_toc_page_numbers(pdf: Path) -> None:
    toc = [TocEntry(TITLES[0], 2), TocEntry(TITLES[1], 2)]
    report = proof_pdf(pdf, toc=toc)
    faults = [f for f in report.faults if f.kind == "toc-page"]
    assert [(f.page, f.message, f.text) for f in faults] == [
        (1, "TOC gives page 2; the title is printed on page 3", TITLES[1])
    ]


def test_toc_title_printed_nowhere(pdf: Path) -> None:
    report = proof_pdf(pdf, toc=[TocEntry(TITLES[0], 2), TocEntry("不存在的标题", 4)])
    assert kinds(report, "toc-page") == ["“不存在的标题” (TOC page 4) is not printed anywhere"]


def test_toc_lines_are_not_checked_for_shortness(pdf: Path) -> None:
    report = proof_pdf(pdf)
    assert [f for f in report.faults if f.page == 1] == []
    assert {f.kind for f in report.faults} == {"short-line"}  # A5 is not a whole number of em


def test_read_toc_numbers_from_the_pdf(pdf: Path) -> None:
    entries, unlisted = read_toc(analyse(read_pages(pdf)), [*TITLES, "不在目录里的标题"])
    assert entries == [TocEntry(TITLES[0], 2), TocEntry(TITLES[1], 2)]
    assert [(f.kind, f.text) for f in unlisted] == [("toc-page", "不在目录里的标题")]


def test_expectations_from_the_sample_issue() -> None:
    folder = Path(__file__).parents[1] / "content" / "2023-17"
    from typesetter.content import load_issue

    issue, _ = load_issue(folder)
    expected = expectations_from_issue(issue)
    articles = [a for s in issue.sections for a in s.articles]
    assert len(expected.texts) == len(articles)
    assert expected.texts[0].startswith(articles[0].meta.title)
    assert expected.toc_titles == [a.meta.title for a in articles if a.meta.toc]
    assert not any("<!--" in text for text in expected.texts)
