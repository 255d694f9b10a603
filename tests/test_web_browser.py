"""The web edition and the archive site in a real browser: Debian's chromium and
chromium-driver (scripts/dev installs them), driven by Selenium.

Skipped, with the reason, only where Chromium or its driver is not installed. The
screenshots are kept in ``$TMPDIR/typesetter-web-screenshots``, whose path is printed.

Chromium sees no font of the machine: its fontconfig knows one font, which the tests make
from the vendored Noto Sans CJK SC cut down to ASCII (Chromium draws no text at all with
no font, not even with web fonts). So every Han character the pages and pictures show
comes from the fonts the edition brings, as on a reader's machine without Chinese fonts;
a character that fell back to the machine would print as an empty box (tofu).
The archive site's own checks that need no browser (failed issue marked, Chinese dates,
newest first) run everywhere.
"""

from __future__ import annotations

import functools
import html
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import pytest
from conftest import run_cli

from typesetter.web import build_web

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "2023-17"
AXE = Path(__file__).parent / "data" / "axe-core" / "axe.min.js"
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\U00020000-\U0003134f]")
CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


# --- the archive site: three issues, one broken after its first build --------------------


def _small_issue(root: Path, name: str, number: int, date: str, files: list[str]) -> Path:
    folder = root / name
    (folder / "articles").mkdir(parents=True)
    head = (SEED / "issue.yaml").read_text(encoding="utf-8").split("sections:")[0]
    head = head.replace("number: 17", f"number: {number}").replace(
        "date: 2023-09-05", f"date: {date}"
    )
    head = head.replace("total: 294", f"total: {277 + number}")
    head = head.replace("year: 2023", f"year: {date[:4]}")
    for file in files:
        shutil.copy(SEED / "articles" / file, folder / "articles" / file)
    shutil.copytree(SEED / "images", folder / "images")
    listed = "\n".join(f"      - articles/{file}" for file in files)
    text = f"{head}sections:\n  - title: 行业资讯\n    articles:\n{listed}\n"
    (folder / "issue.yaml").write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("site")
    root, out = base / "content", base / "out"
    _small_issue(root, "2023-18", 18, "2023-09-19", ["29-zhibo-dianshang.md", "30-kuaidi.md"])
    _small_issue(root, "2023-19", 19, "2023-10-08", ["24-tianjin.md", "46-dianshang-zhibo.md"])
    broken = _small_issue(root, "2024-01", 1, "2024-01-09", ["19-baidu.md", "01-guowuyuan.md"])
    first = run_cli("archive", str(root), "-o", str(out), "-j", "2", "--site")
    assert first.returncode == 0, first.stderr
    article = broken / "articles" / "01-guowuyuan.md"
    article.write_text(article.read_text(encoding="utf-8").replace("title: ", "title: 待填写 #", 1))
    second = run_cli("archive", str(root), "-o", str(out), "-j", "2", "--site")
    return {"out": out, "first": first, "second": second}


def test_the_site_marks_the_failed_issue_and_keeps_its_last_edition(site: dict[str, Any]) -> None:
    second, out = site["second"], site["out"]
    assert second.returncode == 1
    assert "01-guowuyuan.md:2: title: stub 待填写" in second.stderr
    # 2 unchanged, unless the typesetter's code changed between the two runs
    site_line = r"site: (0 editions written, 2 unchanged|[12] editions written, [01] unchanged)"
    assert re.search(site_line + ", 1 marked failed, search index of 6 pages", second.stdout)
    home = (out / "index.html").read_text()
    assert home.count("本期重建失败，显示的是上次成功的版本") == 1
    for page in ["2024-01/index.html", "2024-01/articles/a-19-baidu.html", "year-2024.html"]:
        assert "本期重建失败，显示的是上次成功的版本" in (out / page).read_text(), page
    assert "本期重建失败" not in (out / "2023-18" / "index.html").read_text()


def test_the_home_page_lists_issues_newest_first_with_chinese_dates(site: dict[str, Any]) -> None:
    home = (site["out"] / "index.html").read_text()
    assert home.index("2024年第1期") < home.index("2023年第19期") < home.index("2023年第18期")
    assert "2023年9月19日" in home and "2023-09-19<" not in home
    assert 'href="2023-18/articles/a-29-zhibo-dianshang.html"' in home
    assert re.search(r'<span class="where">第[1-9]页</span>', home)
    year = (site["out"] / "year-2023.html").read_text()
    assert '<h1 class="page-title">2023年度总目录</h1>' in year
    assert 'href="annual-2023.pdf"' in year
    issue = (site["out"] / "2023-18" / "index.html").read_text()
    assert '<a href="../2023-18.pdf">下载本期 PDF</a>' in issue
    assert re.search(
        r'a-29-zhibo-dianshang.html">[^<]+</a> <span class="toc-page">第[1-9]页</span>', issue
    )


def _search_page_characters(out: Path) -> set[int]:
    """The code points the search page's fonts draw: the site's serif and the search
    slices its search.css names."""
    import io

    from fontTools.ttLib import TTFont

    css = (out / "site-assets" / "search.css").read_text(encoding="utf-8")
    names = ["fonts/serif-regular.woff2", *re.findall(r'url\("([^"]+)"\)', css)]
    found: set[int] = set()
    for name in names:
        data = (out / "site-assets" / name).read_bytes()
        found.update(TTFont(io.BytesIO(data)).getBestCmap())
    return found


def test_the_search_page_has_fonts_for_every_character_of_the_articles(
    site: dict[str, Any],
) -> None:
    """Pagefind's excerpts show the articles' text on the search page: its fonts cover
    every character of every edition's articles (typesetter/web/searchfonts.py)."""
    out = site["out"]
    search = (out / "search.html").read_text(encoding="utf-8")
    assert '<link rel="stylesheet" href="site-assets/search.css">' in search
    drawn = _search_page_characters(out)
    for page in out.glob("20*/articles/*.html"):
        article = re.search(r"<article\b.*?</article>", page.read_text(encoding="utf-8"), re.S)
        assert article is not None
        text = html.unescape(re.sub(r"<[^>]*>", "", article[0]))
        missing = {ch for ch in text if not ch.isspace() and ord(ch) not in drawn}
        assert not missing, (page, sorted(missing))
    css = (out / "site-assets" / "search.css").read_text(encoding="utf-8")
    assert '#search { --pagefind-ui-font: "TS Serif SC", "TS Search Serif", var(--serif); }' in css
    assert len(list((out / "site-assets" / "fonts").glob("search-*.woff2"))) == css.count("url(")


# --- the browser -------------------------------------------------------------------------


def _latin_only_fontconfig(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fontconfig configuration whose only font is the vendored Noto Sans CJK SC Regular
    cut down to printable ASCII (its family name kept: a "Noto Sans CJK SC" without Han,
    the worst case for an SVG that names that family)."""
    from typesetter.web.fonts import _harfbuzz_subset

    folder = tmp_path_factory.mktemp("chromium-fonts")
    source = ROOT / "fonts" / "NotoSansCJKsc-Regular.otf"
    data = _harfbuzz_subset(source, list(range(0x20, 0x7F)))
    if data is None:  # no libharfbuzz-subset0: fontTools (slower)
        from fontTools import subset

        options = subset.Options()
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=range(0x20, 0x7F))
        subsetter.subset(font)
        subset.save_font(font, str(folder / "latin.otf"), options)
    else:
        (folder / "latin.otf").write_bytes(data)
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<fontconfig>\n'
        f"  <dir>{html.escape(str(folder))}</dir>\n"
        f"  <cachedir>{html.escape(str(folder / 'cache'))}</cachedir>\n"
        "</fontconfig>\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    if not (Path(CHROMIUM).is_file() and Path(CHROMEDRIVER).is_file()):
        pytest.skip(
            "no Chromium: these tests need Debian's chromium and chromium-driver "
            "(./scripts/dev test installs them: apt-get install chromium chromium-driver)"
        )
    webdriver = pytest.importorskip("selenium.webdriver", reason="pip install -e '.[test]'")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars"):
        options.add_argument(argument)
    env = {**os.environ, "FONTCONFIG_FILE": str(_latin_only_fontconfig(tmp_path_factory))}
    browser = webdriver.Chrome(service=Service(CHROMEDRIVER, env=env), options=options)
    browser.set_script_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("web") / "2023-17"
    build_web(SEED, out)
    return out


@pytest.fixture(scope="module")
def screenshots() -> Path:
    """Kept after the run (pytest's own temporary folders are rotated away)."""
    folder = Path(tempfile.gettempdir()) / "typesetter-web-screenshots"
    folder.mkdir(exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def server(site: dict[str, Any]) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(site["out"]))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/sub/path/"[: -len("sub/path/")]
    finally:
        httpd.shutdown()


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


def _check_page(browser: Any, url: str) -> None:
    """No horizontal scrolling, every picture loaded, every internal link resolves."""
    browser.get(url)
    facts = browser.execute_script(
        "return {scroll: document.documentElement.scrollWidth, width: window.innerWidth,"
        " broken: [...document.images].filter(i => !i.complete || !i.naturalWidth)"
        ".map(i => i.src), links: [...document.querySelectorAll('a[href]')].map(a => a.href),"
        " ids: [...document.querySelectorAll('[id]')].map(e => e.id)}"
    )
    assert facts["scroll"] <= facts["width"], (url, facts["scroll"], facts["width"])
    assert facts["broken"] == [], url
    here = urlparse(url)
    for link in facts["links"]:
        target = urlparse(link)
        if target.scheme != "file":
            continue
        path = Path(unquote(target.path))
        assert path.is_file(), (url, link)
        if target.fragment and target.path == here.path:
            assert target.fragment in facts["ids"], (url, link)


@pytest.mark.parametrize("width", [390, 1280])
def test_the_seed_edition_reads_at_phone_and_desktop_width(
    driver: Any, edition: Path, screenshots: Path, width: int, capsys: pytest.CaptureFixture[str]
) -> None:
    driver.set_window_size(width, 1400)
    pages = [edition / "index.html", *sorted((edition / "articles").glob("*.html"))]
    for page in pages:
        _check_page(driver, page.as_uri())
    for page in (edition / "index.html", edition / "articles" / "a-46-dianshang-zhibo.html"):
        driver.get(page.as_uri())
        shot = screenshots / f"{page.stem}-{width}.png"
        driver.save_screenshot(str(shot))
    with capsys.disabled():
        print(f"\nweb edition screenshots ({width} px): {screenshots}")


def test_every_han_character_of_the_articles_is_shown_in_order(driver: Any, edition: Path) -> None:
    driver.set_window_size(390, 1400)
    for source in sorted((SEED / "articles").glob("*.md")):
        body = source.read_text(encoding="utf-8").split("---", 2)[2]
        driver.get((edition / "articles" / f"a-{source.stem}.html").as_uri())
        shown = driver.execute_script("return document.querySelector('article').innerText")
        assert "".join(HAN.findall(body)) in "".join(HAN.findall(shown)), source.name


def _axe(browser: Any, url: str) -> list[str]:
    browser.get(url)
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document).then(r => done(r.violations.map(v => [v.id, v.impact, v.help,"
        " v.nodes.map(n => n.target.join(' ')).slice(0, 3)])));"
    )
    return [f"{v[0]} ({v[1]}): {v[2]} {v[3]}" for v in result if v[1] in ("serious", "critical")]


def test_axe_finds_no_serious_or_critical_violations(
    driver: Any, edition: Path, site: dict[str, Any]
) -> None:
    driver.set_window_size(390, 1400)
    out = site["out"]
    pages = [
        edition / "index.html",
        edition / "articles" / "a-46-dianshang-zhibo.html",
        edition / "articles" / "a-01-guowuyuan.html",
        out / "index.html",
        out / "year-2023.html",
        out / "2024-01" / "index.html",
    ]
    found = {page.as_uri(): _axe(driver, page.as_uri()) for page in pages}
    assert found == {page.as_uri(): [] for page in pages}


def test_the_site_pages_read_and_link(driver: Any, site: dict[str, Any], screenshots: Path) -> None:
    out = site["out"]
    driver.set_window_size(390, 1400)
    for page in [out / "index.html", out / "year-2023.html", out / "year-2024.html"]:
        _check_page(driver, page.as_uri())
    for page in [*out.glob("20*/index.html"), *out.glob("20*/articles/*.html")]:
        _check_page(driver, page.as_uri())
    driver.get((out / "index.html").as_uri())
    driver.save_screenshot(str(screenshots / "site-home-390.png"))


def test_searching_the_archive_finds_the_articles(
    driver: Any, server: str, screenshots: Path, site: dict[str, Any]
) -> None:
    from selenium.webdriver.common.by import By

    driver.set_window_size(390, 1400)
    driver.get(server + "search.html")
    box = driver.find_element(By.CSS_SELECTOR, ".pagefind-ui__search-input")
    box.send_keys("直播电商")
    titles: list[str] = []
    deadline = time.monotonic() + 20
    wanted = {
        "2023上半年直播电商交易规模约为19916亿元",
        "天津：推动平台经济健康发展 壮大直播电商产业",
        "百度电商发起“百城万品”计划，并加码数字人直播",
    }
    while time.monotonic() < deadline and not wanted <= set(titles):
        time.sleep(0.3)
        titles = [
            html.unescape(e.text)
            for e in driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")
        ]
    driver.save_screenshot(str(screenshots / "site-search-390.png"))
    assert wanted <= set(titles), titles  # and others with 直播 and 电商 apart
    # the excerpts are drawn with the site's fonts (no tofu): every character is in them,
    # and the browser loaded the search page's slices for them
    shown = driver.execute_script(
        "return [...document.querySelectorAll('.pagefind-ui__result')].map(r => r.innerText)"
        ".join('')"
    )
    missing = {ch for ch in shown if not ch.isspace()} - {
        chr(cp) for cp in _search_page_characters(site["out"])
    }
    assert not missing, sorted(missing)
    loaded = driver.execute_script(
        "return [...document.fonts].filter(f => f.status === 'loaded').map(f => f.family)"
    )
    assert any("TS Search Serif" in family for family in loaded), loaded
    links = [
        e.get_attribute("href")
        for e in driver.find_elements(By.CSS_SELECTOR, ".pagefind-ui__result-link")
    ]
    assert all(re.search(r"/20\d\d-\d\d/articles/a-[\w-]+\.html$", link) for link in links), links


# --- the text of SVG pictures --------------------------------------------------------------

#: Draw a picture (a URL, or SVG text as a blob) on a canvas; its pixels as a string.
_DRAW = """
const [source, isText, done] = arguments;
const url = isText ? URL.createObjectURL(new Blob([source], {type: 'image/svg+xml'})) : source;
const image = new Image();
image.onerror = () => done('error');
image.onload = () => {
  const canvas = document.createElement('canvas');
  canvas.width = image.naturalWidth; canvas.height = image.naturalHeight;
  const context = canvas.getContext('2d');
  context.drawImage(image, 0, 0);
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
  let text = '';
  for (let i = 0; i < pixels.length; i += 4096) {
    text += String.fromCharCode(...pixels.subarray(i, i + 4096));
  }
  done(text);
};
image.src = url;
"""


def _without_text(svg: str) -> str:
    """``svg`` with every character its <text> elements draw replaced by U+E000, which no
    font here has: what the picture looks like when its text prints as tofu."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r">([^<]+)<", lambda m: ">" + re.sub(r"\S", "\ue000", m[1]) + "<", match[0])

    return re.sub(r"<text\b.*?</text>", blank, svg, flags=re.S)


def test_the_text_of_an_svg_picture_is_drawn_with_its_embedded_fonts(
    driver: Any, server: str, site: dict[str, Any]
) -> None:
    """The cover of 46-dianshang-zhibo.md is an SVG with Chinese text, shown as <img>: its
    copy in the edition brings the fonts of its text (typesetter/web/svgfonts.py). Drawn on
    a canvas, it must differ from the same picture with its text made tofu; the original
    SVG, without the fonts, must be tofu here (or the comparison would prove nothing)."""
    copy = site["out"] / "2023-19" / "images" / "dianshang-zhibo.svg"
    original = (SEED / "images" / "dianshang-zhibo.svg").read_text(encoding="utf-8")
    embedded = copy.read_text(encoding="utf-8")
    driver.get(server + "2023-19/index.html")  # a page of the same origin: the canvas is ours
    tofu = driver.execute_async_script(_DRAW, _without_text(embedded), True)
    assert tofu != "error"
    assert driver.execute_async_script(_DRAW, original, True) == tofu, (
        "Chromium found a font for the Han characters of the original SVG: this test needs "
        "a Chromium that sees no font with Han (its fontconfig here has one Latin font)"
    )
    drawn = tofu
    deadline = time.monotonic() + 10
    while drawn == tofu and time.monotonic() < deadline:  # the data: fonts may load late
        drawn = driver.execute_async_script(
            _DRAW, server + "2023-19/images/dianshang-zhibo.svg", False
        )
        assert drawn != "error"
    assert drawn != tofu, "the SVG's text is drawn as empty boxes: its fonts were not used"
