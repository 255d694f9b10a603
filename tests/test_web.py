"""The web edition (build --format html) and the archive site (archive --site), without a
browser: files, links, text, fonts, refusals. tests/test_web_browser.py looks at them in
Chromium."""

from __future__ import annotations

import html
import io
import itertools
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import run_cli

from typesetter.web import build_web
from typesetter.web.edition import article_body
from typesetter.web.write import MARKER

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "2023-17"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]")


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("web") / "2023-17"
    build_web(SEED, out)
    return out


def _links(page: Path) -> list[str]:
    return [html.unescape(h) for h in re.findall(r'(?:href|src)="([^"]+)"', page.read_text())]


def test_the_edition_has_an_issue_page_and_a_page_per_article(edition: Path) -> None:
    pages = sorted(p.relative_to(edition).as_posix() for p in edition.rglob("*.html"))
    assert pages[-1] == "index.html"
    assert len(pages) == 48  # 47 articles
    index = (edition / "index.html").read_text()
    assert '<html lang="zh-CN">' in index
    assert '<h1 class="masthead">电子商务动态</h1>' in index
    assert "2023年第17期（总294期）" in index and "2023年9月5日" in index
    assert index.count('<li><a href="articles/') == 47
    assert "编辑部地址：中山南路1088号南浦大厦四楼" in index
    assert "<script" not in index


def test_every_link_is_relative_and_resolves(edition: Path) -> None:
    for page in edition.rglob("*.html"):
        for link in _links(page):
            assert not re.match(r"^[a-z]+:|^/", link), (page, link)
            target = link.split("#")[0]
            if target:
                assert (page.parent / target).resolve().is_file(), (page, link)


def test_headings_are_in_order(edition: Path) -> None:
    for page in edition.rglob("*.html"):
        levels = [int(n) for n in re.findall(r"<h([1-6])\b", page.read_text())]
        assert levels[0] == 1 and levels.count(1) == 1, page
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), (page, levels)


def test_an_article_page(edition: Path) -> None:
    page = (edition / "articles" / "a-46-dianshang-zhibo.html").read_text()
    assert '<h1 class="article-title">新电商精英系列教程：电商直播</h1>' in page
    assert 'rel="prev" href="../articles/a-45-yang-changyong.html"' in page
    assert 'rel="next" href="../articles/a-47-dianshang-yunying.html"' in page
    last = (edition / "articles" / "a-47-dianshang-yunying.html").read_text()
    assert 'rel="next"' not in last
    assert '<img src="../images/dianshang-zhibo.svg"' in page
    assert "data-pagefind-body" in page
    first = (edition / "articles" / "a-01-guowuyuan.html").read_text()
    assert 'rel="next" href="../articles/a-02-shangwubu-dianshang.html"' in first
    assert '<p class="source-line">' in first


def test_every_han_character_of_the_articles_is_in_its_page_in_order(edition: Path) -> None:
    for source in sorted((SEED / "articles").glob("*.md")):
        body = source.read_text(encoding="utf-8").split("---", 2)[2]
        anchor = "a-" + source.stem
        page = (edition / "articles" / f"{anchor}.html").read_text()
        shown = html.unescape(re.sub(r"<[^>]*>", "", page.split('<div class="article-body">')[1]))
        shown = shown.split('<p class="source-line">')[0]
        wanted = "".join(HAN.findall(body))
        assert wanted in "".join(HAN.findall(shown)), source.name


def test_text_is_prepared_as_for_the_pdf(edition: Path) -> None:
    pages = "".join(
        p.read_text().split('<div class="article-body">')[1]
        for p in (edition / "articles").glob("*.html")
    )
    han_space_latin = re.compile(r"[\u4e00-\u9fff] [A-Za-z0-9]|[A-Za-z0-9] [\u4e00-\u9fff]")
    text = re.sub(r"<[^>]*>", "", pages)
    assert not han_space_latin.search(text.replace("\n", ""))


def test_fonts_are_subset_woff2_of_the_vendored_faces(edition: Path) -> None:
    from fontTools.ttLib import TTFont

    css = (edition / "assets" / "web.css").read_text()
    assert 'src: url("fonts/serif-regular.woff2") format("woff2")' in css
    assert "text-autospace: normal" in css and "text-spacing-trim" in css
    assert "@media print" in css
    serif = edition / "assets" / "fonts" / "serif-regular.woff2"
    assert serif.read_bytes()[:4] == b"wOF2"
    font = TTFont(io.BytesIO(serif.read_bytes()))
    cmap = font.getBestCmap()
    index = (edition / "index.html").read_text()
    for ch in "电子商务动态国务院促进数字":
        assert ord(ch) in cmap and ch in index
    assert 5_000 < serif.stat().st_size < 600_000
    assert len(cmap) < 3000


def test_footnotes_become_numbered_notes() -> None:
    body, notes = article_body(
        '<p>正文<span class="footnote">注释的<em>文字</em></span>继续。</p>', {}, "../"
    )
    assert '<sup class="note-ref"><a href="#note-1" id="note-ref-1"' in body
    assert "继续" in body and "注释" not in body
    assert notes == ["注释的<em>文字</em>"]


def test_a_table_scrolls_in_its_own_box() -> None:
    body, _ = article_body("<table><tr><td>甲</td></tr></table>", {}, "")
    assert body.startswith('<div class="table-box" role="region" aria-label="表格" tabindex="0">')


def test_the_edition_replaces_itself_but_nothing_else(edition: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    shutil.copytree(edition, again)
    (again / "articles" / "stale.html").write_text("old")
    result = run_cli("build", str(SEED), "--format", "html", "-o", str(again))
    assert result.returncode == 0, result.stderr
    assert f"{again}/index.html: 48 pages" in result.stdout
    assert not (again / "articles" / "stale.html").exists()
    assert (again / MARKER).is_file()
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    result = run_cli("build", str(SEED), "--format", "html", "-o", str(foreign))
    assert result.returncode == 2
    assert f"{foreign} is a folder that is not a web edition" in result.stderr
    assert (foreign / "notes.txt").read_text() == "mine"
    inside = SEED / "web"
    result = run_cli("build", str(SEED), "--format", "html", "-o", str(inside))
    assert result.returncode == 2
    assert f"{inside} is inside the issue folder {SEED}" in result.stderr
    assert not inside.exists()
    result = run_cli("build", str(SEED), "--format", "html", "--map", "-o", str(again))
    assert result.returncode == 2 and "is for the PDF, not --format html" in result.stderr


def test_a_broken_issue_writes_no_edition(make_issue: Any, tmp_path: Path) -> None:
    articles = {"01": {"title": "待填写", "body": "正文。\n"}, "02": {"title": "标题"}}
    issue = make_issue(articles=articles)
    out = tmp_path / "web"
    result = run_cli("build", str(issue), "--format", "html", "-o", str(out))
    assert result.returncode == 1
    assert "stub 待填写" in result.stderr
    assert not out.exists()


# --- SVG pictures bring the fonts of their text ----------------------------------------------


def _embedded_fonts(svg: str) -> dict[tuple[str, str], set[int]]:
    """The @font-face rules of ``svg``: (family, weight) → the code points of its fonts."""
    import base64

    from fontTools.ttLib import TTFont

    found: dict[tuple[str, str], set[int]] = {}
    for rule in re.findall(r"@font-face \{ font-family: \"TS SVG [^}]*\}", svg):
        family = re.search(r'font-family: "([^"]+)"', rule)
        weight = re.search(r"font-weight: ([\d ]+);", rule)
        data = re.search(r'url\("data:font/woff2;base64,([A-Za-z0-9+/=]+)"\)', rule)
        assert family and weight and data, rule
        font = TTFont(io.BytesIO(base64.b64decode(data[1])))
        assert font.flavor == "woff2"
        found.setdefault((family[1], weight[1]), set()).update(font.getBestCmap())
    return found


def _text_characters(svg: str) -> set[int]:
    texts = re.findall(r"<text\b[^>]*>(.*?)</text>", svg, re.S)
    return {ord(ch) for text in texts for ch in re.sub(r"<[^>]*>|\s", "", html.unescape(text))}


def test_a_copied_svg_carries_the_fonts_of_its_text(edition: Path) -> None:
    """An SVG shown as <img> cannot use the page's fonts: the edition's copy embeds WOFF2
    subsets of the vendored faces (data: URIs) and adds their family to its font lists."""
    original = (SEED / "images" / "dianshang-zhibo.svg").read_text(encoding="utf-8")
    copy = (edition / "images" / "dianshang-zhibo.svg").read_text(encoding="utf-8")
    fonts = _embedded_fonts(copy)
    # the regular text and the bold title are both Noto Sans CJK SC: the sans, both weights
    assert set(fonts) == {("TS SVG Sans", "1 599"), ("TS SVG Sans", "600 1000")}
    wanted = _text_characters(original)
    assert {ord(ch) for ch in "电商直播阿里巴巴商学院新电商精英系列教程"} <= wanted
    assert wanted <= fonts["TS SVG Sans", "1 599"] | fonts["TS SVG Sans", "600 1000"]
    assert {ord(ch) for ch in "电商直播"} <= fonts["TS SVG Sans", "600 1000"]
    assert len(fonts["TS SVG Sans", "1 599"]) < 40  # a subset to the text, not the face
    assert copy.count('font-family="Noto Sans CJK SC, Noto Serif CJK SC, TS SVG Sans"') == 3
    # the rest of the picture as it was; the issue's own file untouched
    assert (
        re.sub(
            r"<style>.*?</style>|, TS SVG Sans| font-family=\"TS SVG Serif\"", "", copy, flags=re.S
        )
        == original
    )
    assert "TS SVG" not in (SEED / "images" / "dianshang-zhibo.svg").read_text(encoding="utf-8")
    assert len(copy.encode()) < 20_000


def test_svg_fonts_follow_families_weights_and_stylesheets() -> None:
    from typesetter.web.svgfonts import embed_fonts

    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="urn:x"><title>标题不画</title>'
        "<style>.a { font: bold 12px/1.2 'Songti SC', serif !important }"
        ' @font-face { font-family: "Own"; src: url(own.woff2) }</style>'
        '<text>默认</text><g font-weight="700"><text style="font-family: &quot;SimHei&quot;">'
        '粗<tspan font-weight="normal">细</tspan></text></g>'
        '<text font-family="sans-serif" class="a">𠀀甲</text></svg>'
    )
    out = embed_fonts(svg.encode()).decode()
    fonts = _embedded_fonts(out)
    assert fonts["TS SVG Serif", "1 599"] >= {ord("默"), ord("认")}  # no family: the serif
    assert ord("标") not in fonts["TS SVG Serif", "1 599"]  # <title> is not drawn
    assert ord("粗") in fonts["TS SVG Sans", "600 1000"]
    assert (
        ord("细") in fonts["TS SVG Sans", "1 599"]
        and ord("细") not in fonts["TS SVG Sans", "600 1000"]
    )
    # the stylesheet may give any text the bold serif: it gets all of them
    assert {ord(ch) for ch in "默认粗细甲"} <= fonts["TS SVG Serif", "600 1000"]
    # U+20000 is in no main face: the HanaMinB fallback, by unicode-range
    assert "unicode-range: U+20000;" in out and 0x20000 in fonts["TS SVG Sans", "1 599"]
    assert '<svg font-family="TS SVG Serif" xmlns=' in out
    assert 'style="font-family: &quot;SimHei&quot;, TS SVG Sans"' in out
    assert 'font-family="sans-serif, TS SVG Sans"' in out
    assert "font: bold 12px/1.2 'Songti SC', serif, TS SVG Serif !important" in out
    assert '@font-face { font-family: "Own"; src: url(own.woff2) }' in out
    empty = b'<svg xmlns="http://www.w3.org/2000/svg"><style/><text>\xe4\xb8\xad</text></svg>'
    assert embed_fonts(empty).endswith(b"]]></style><style/><text>\xe4\xb8\xad</text></svg>")
    # nothing to draw, or not an SVG we can read: unchanged
    for unchanged in (
        b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>',
        b'<svg xmlns="http://www.w3.org/2000/svg"><text> </text></svg>',
        b"<svg><text>\xe4\xb8\xad</text></svg>",  # no SVG namespace
        b'<svg xmlns="http://www.w3.org/2000/svg"><text>\xe4\xb8</text></svg>',  # not UTF-8
        b'<!DOCTYPE svg [<!ENTITY a "\xe4\xb8\xad">]><svg xmlns="http://www.w3.org/2000/svg">'
        b"<text>&a;</text></svg>",
    ):
        assert embed_fonts(unchanged) == unchanged


def test_the_same_issue_gives_the_same_bytes(edition: Path, tmp_path: Path) -> None:
    """Fonts included (no timestamp in the WOFF2), also when nothing is remembered."""
    from typesetter.web import edition as web_edition
    from typesetter.web import fonts, pictures, svgfonts

    fonts.subset_file_woff2.cache_clear()
    svgfonts._embed.cache_clear()
    pictures._SCALED.clear()
    web_edition._article_body.cache_clear()
    again = tmp_path / "again"
    build_web(SEED, again)
    files = sorted(p.relative_to(edition) for p in edition.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(again) for p in again.rglob("*") if p.is_file())
    for name in files:
        assert (edition / name).read_bytes() == (again / name).read_bytes(), name


def test_a_wide_raster_is_scaled_down_once() -> None:
    from PIL import Image

    from typesetter.web import pictures

    out = io.BytesIO()
    Image.new("RGB", (2400, 120), (180, 30, 30)).save(out, "PNG")
    data, width, height = pictures._sized(out.getvalue(), "images/wide.png")
    assert (width, height) == (1600, 80)
    with Image.open(io.BytesIO(data)) as scaled:
        assert scaled.size == (1600, 80) and scaled.format == "PNG"
    again = pictures._sized(out.getvalue(), "images/wide.png")
    assert again[0] is data  # remembered, not scaled again


def test_the_pictures_an_svg_draws_travel_inside_its_copy(tmp_path: Path) -> None:
    """An SVG shown as <img> fetches no file: the PNG and the SVG it draws by relative
    paths become data: URIs (the inner SVG with its own fonts); a path outside the issue,
    a URL and a fragment stay as written."""
    import base64

    from PIL import Image

    from typesetter.web.pictures import inline_images

    issue = tmp_path / "issue"
    (issue / "images" / "parts").mkdir(parents=True)
    dot = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 90, 0)).save(dot, "PNG")
    (issue / "images" / "parts" / "dot.png").write_bytes(dot.getvalue())
    inner = '<svg xmlns="http://www.w3.org/2000/svg"><text>内图</text></svg>'
    (issue / "images" / "parts" / "inner.svg").write_text(inner, encoding="utf-8")
    (tmp_path / "outside.png").write_bytes(dot.getvalue())
    outer = (
        b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        b'<image href="parts/dot.png" width="4" height="4"/>'
        b"<image xlink:href='parts/inner.svg'/>"
        b'<image href="../../outside.png"/><image href="https://example.com/x.png"/>'
        b'<use href="#a"/></svg>'
    )
    out = inline_images(outer, issue / "images" / "outer.svg", issue.resolve()).decode()
    png = base64.b64encode(dot.getvalue()).decode()
    assert f'<image href="data:image/png;base64,{png}" width="4" height="4"/>' in out
    drawn = re.search(r"xlink:href='data:image/svg\+xml;base64,([^']+)'", out)
    assert drawn is not None
    svg = base64.b64decode(drawn[1]).decode()
    assert "内图" in svg and "TS SVG Serif" in svg and "data:font/woff2;base64," in svg
    assert '<image href="../../outside.png"/>' in out
    assert '<image href="https://example.com/x.png"/>' in out and '<use href="#a"/>' in out


def test_a_picture_is_named_by_what_it_holds(tmp_path: Path) -> None:
    """A PNG saved as ``chart.svg`` prints in the PDF (WeasyPrint reads the content); a
    browser goes by the name, so the edition serves it as ``chart.svg.png``."""
    from conftest import png_bytes, write_issue

    articles = {
        "01-chart": {"title": "图表", "body": "![增长图](images/chart.svg)\n\n正文一段。\n"},
    }
    issue = write_issue(tmp_path, articles=articles, images={"images/chart.svg": png_bytes(8, 4)})
    out = tmp_path / "web"
    build_web(issue, out)
    assert (out / "images" / "chart.svg.png").read_bytes() == png_bytes(8, 4)
    assert not (out / "images" / "chart.svg").exists()
    (page,) = (out / "articles").glob("*.html")
    assert re.search(r'<img [^>]*src="\.\./images/chart\.svg\.png"[^>]*width="8"', page.read_text())
