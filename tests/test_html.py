"""The HTML stage: what the templates receive and print, checked on the HTML itself."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PNG

from typesetter.errors import LayoutError
from typesetter.html import render_html, toc_groups
from typesetter.layouts import load_layout
from typesetter.pipeline import check_issue
from typesetter.resources import LAYOUTS_DIR


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


def child_layout(tmp_path: Path, options: str, files: dict[str, str]) -> Path:
    """A layouts root holding the newsletter layout and ``press``, which extends it."""
    root = tmp_path / "layouts"
    shutil.copytree(LAYOUTS_DIR / "newsletter", root / "newsletter")
    (root / "press").mkdir()
    (root / "press" / "layout.yaml").write_text(
        f"name: press\nextends: newsletter\n{options}", encoding="utf-8"
    )
    for name, text in files.items():
        (root / "press" / name).write_text(text, encoding="utf-8")
    return root


def test_a_layout_adds_a_stylesheet_after_its_parents(
    make_issue: Callable[..., Path], tmp_path: Path
) -> None:
    root = child_layout(
        tmp_path,
        "stylesheets: [page.css.j2, newsletter.css, clreq.css, press.css]\n",
        {"press.css": ".masthead { color: #123456; }\n"},
    )
    checked = check_issue(make_issue())
    html = render_html(checked.issue, load_layout("press", root=root))
    parents = [
        (LAYOUTS_DIR / "newsletter" / name).read_text(encoding="utf-8")
        for name in ("newsletter.css", "clreq.css")
    ]
    assert "size: 210mm 297mm;" in html  # page.css.j2, rendered
    positions = [html.index(text) for text in parents]
    assert positions[0] < positions[1] < html.index(".masthead { color: #123456; }")
    assert html.index("</style>") > html.index("#123456")


def test_a_layout_that_sets_no_stylesheets_inherits_its_parents(tmp_path: Path) -> None:
    root = child_layout(tmp_path, "accent: '#000000'\n", {})
    assert (
        load_layout("press", root=root).options.stylesheets
        == load_layout("newsletter").options.stylesheets
    )


def test_a_missing_stylesheet_is_an_error_at_its_line(tmp_path: Path) -> None:
    options = "stylesheets:\n  - page.css.j2\n  - press.css\n  - clreq.css\n"
    root = child_layout(tmp_path, options, {"extra.css": ""})
    with pytest.raises(LayoutError) as caught:
        load_layout("press", root=root)
    assert str(caught.value) == (
        f"{root / 'press' / 'layout.yaml'}:5: stylesheets: no file 'press.css' in "
        "layouts/press, layouts/newsletter (stylesheets there: annual.css, clreq.css, "
        "extra.css, newsletter.css, page.css.j2, web/web.css)"
    )


def test_a_stylesheet_must_be_css(tmp_path: Path) -> None:
    root = child_layout(tmp_path, "stylesheets: [page.css.j2, press.scss]\n", {})
    with pytest.raises(LayoutError) as caught:
        load_layout("press", root=root)
    assert str(caught.value) == (
        f"{root / 'press' / 'layout.yaml'}:3: stylesheets: "
        "'press.scss' is not a .css or .css.j2 file"
    )


def test_band_top_sets_the_cover_bands_height(make_issue: Callable[..., Path]) -> None:
    checked = check_issue(make_issue())
    # the band's sides are the body grid's margins (chars_per_line), whole or rounded
    inner, outer = checked.layout.area.inner_mm, checked.layout.area.outer_mm
    band = "padding: {}mm " + f"{round(outer, 3)}mm 7mm {round(inner, 3)}mm;"
    assert band.format("12.0") in render_html(checked.issue, checked.layout)
    html = render_html(checked.issue, load_layout("newsletter", band_top="20mm"))
    assert band.format("20.0") in html
    bleed = render_html(checked.issue, load_layout("newsletter", band_top="2cm", bleed="3mm"))
    sides = f"{round(outer + 3, 3)}mm 7mm {round(inner + 3, 3)}mm;"
    assert f"padding: 23.0mm {sides}" in bleed


def test_bookmarks_get_the_same_text_preparation_as_the_page(
    make_issue: Callable[..., Path],
) -> None:
    """A title wrapped in the source, with a typed Han–digit space: the outline entry reads
    as the printed title does (no space from the line break, none before the digits)."""
    folder = make_issue(
        articles={"01": {"title": "标题第一行\n第二行结束 2023 年", "body": "正文。\n"}}
    )
    html = html_of(folder)
    assert 'data-bookmark="标题第一行第二行结束2023年"' in html
