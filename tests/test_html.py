"""The HTML stage: what the templates receive and print, checked on the HTML itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import PNG

from typesetter.html import render_html, toc_groups
from typesetter.pipeline import check_issue


def html_of(folder: Path) -> str:
    checked = check_issue(folder)
    return render_html(checked.issue, checked.layout)


def test_document_language_metadata_and_dates(make_issue: Callable[..., Path]) -> None:
    html = html_of(make_issue())
    assert '<html lang="zh-CN">' in html
    assert "<title>电子商务动态 2023年第17期（总294期）</title>" in html
    assert '<meta name="dcterms.created" content="2023-09-05T00:00:00+08:00">' in html
    publisher = "上海市电子商务和消费促进中心（联合国贸易网络上海中心）"
    assert f'<meta name="author" content="{publisher}">' in html


def test_toc_groups_by_section_and_skips_unlisted(make_issue: Callable[..., Path]) -> None:
    folder = make_issue(
        issue={
            "sections": [
                {"title": "行业资讯", "toc_title": "要闻", "articles": ["articles/a.md"]},
                {"title": "悦读", "articles": ["articles/b.md"]},
            ]
        },
        articles={"a": {"title": "甲"}, "b": {"title": "乙", "toc": False}},
    )
    issue = check_issue(folder).issue
    groups = toc_groups(issue)
    assert [(g.title, [a.meta.title for a in g.articles]) for g in groups] == [("要闻", ["甲"])]
    html = html_of(folder)
    assert '<a href="#a-a">甲</a>' in html
    assert 'href="#a-b"' not in html


def test_an_article_picture_is_printed_under_its_title(make_issue: Callable[..., Path]) -> None:
    folder = make_issue(
        articles={"a": {"title": "有图", "image": "images/a.png", "body": "正文。\n"}},
        images={"images/a.png": PNG},
    )
    html = html_of(folder)
    title = html.index('<h3 class="article-title"')
    picture = html.index('<figure class="article-picture"><img src="images/a.png" alt="有图">')
    assert title < picture < html.index('<div class="article-body zh-prose">')


def test_text_is_escaped_and_prepared(make_issue: Callable[..., Path]) -> None:
    folder = make_issue(articles={"a": {"title": "A&B <公司> 2023 年", "body": "正文。\n"}})
    html = html_of(folder)
    assert "A&amp;B &lt;公司&gt; 2023年" in html  # escaped; the typed Han–digit space removed
