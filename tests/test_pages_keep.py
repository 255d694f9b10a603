"""Pages an editor signs off (issue 12): headings kept with their text, TOC leaders that
always show, and page-break control, measured on the PDF with pdfplumber.

Test issues (tests/data/), each built once per page size in this process:

- ``keep-heads``: its books section, last in the issue, falls at a page foot on A4, A5 and
  大16开 (before the keeps, 【悦读电商】 printed alone there and the first book started on
  the next page); articles whose title, or a subheading, falls at a page foot with a first
  paragraph of one line.
- ``toc-40``: a 40-entry TOC whose titles nearly fill one line or two on each size.
- ``page-breaks``: ``break_before: page`` and ``keep_together: true`` in front matter.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pdfplumber
import pytest
from conftest import SVG

from typesetter.content import load_issue
from typesetter.pipeline import build_issue

DATA = Path(__file__).resolve().parent / "data"
PT_PER_MM = 72 / 25.4
BODY_PT = 10.5
#: Text at this size or more: body lines, headings and TOC entries. Running heads, folios,
#: bylines, source lines, footnotes, captions and table cells are smaller.
MIN_PT = 9.9
#: A filled rectangle or image at least this large (pt) is a picture; text drawn in it
#: (an SVG book cover's title) is not the page's text.
PICTURE_PT = 10 * PT_PER_MM


# --- reading the PDF --------------------------------------------------------------------


@dataclass(frozen=True)
class Glyph:
    text: str
    x0: float
    x1: float


@dataclass(frozen=True)
class Line:
    """One line of text (one column's part of it) at :data:`MIN_PT` or more."""

    page: int
    top: float
    bottom: float
    size: float
    bold: bool
    glyphs: tuple[Glyph, ...]

    @property
    def text(self) -> str:
        return "".join(glyph.text for glyph in self.glyphs)

    @property
    def x0(self) -> float:
        return self.glyphs[0].x0

    @property
    def x1(self) -> float:
        return self.glyphs[-1].x1


@dataclass(frozen=True)
class Page:
    number: int
    lines: list[Line]
    pictures: list[tuple[float, float, float, float]]  # x0, top, x1, bottom

    def columns(self) -> list[tuple[float, float]]:
        """The page's columns, left to right: split at a gutter where at least three rows
        hold two lines side by side; one column otherwise."""
        gaps = sorted(
            (a.x1 + b.x0) / 2
            for a, b in itertools.pairwise(self.lines)
            if abs(a.top - b.top) < 1.0 and b.x0 > a.x1
        )
        for gap in gaps:
            if sum(abs(other - gap) < 5.0 for other in gaps) >= 3:
                return [(0.0, gap), (gap, float("inf"))]
        return [(0.0, float("inf"))]


def read_pages(pdf: Path) -> list[Page]:
    with pdfplumber.open(pdf) as doc:
        return [_read_page(page, number) for number, page in enumerate(doc.pages, 1)]


def _read_page(page: pdfplumber.page.Page, number: int) -> Page:
    pictures = [
        (box["x0"], box["top"], box["x1"], box["bottom"])
        for box in [*page.rects, *page.images]
        if box["x1"] - box["x0"] >= PICTURE_PT
        and box["bottom"] - box["top"] >= PICTURE_PT
        and (box in page.images or box.get("fill"))
    ]
    chars = [
        char
        for char in page.chars
        if char["size"] >= MIN_PT
        and not char["text"].isspace()
        and not any(_inside(char, picture) for picture in pictures)
    ]
    # Group by baseline (the text matrix's y), then split a row at a gap of 1.5 em or more
    # (the gutter between two columns).
    chars.sort(key=lambda c: (round(page.height - c["matrix"][5], 1), c["x0"]))
    rows: list[list[dict]] = []
    for char in chars:
        baseline = page.height - char["matrix"][5]
        if rows and abs(baseline - (page.height - rows[-1][0]["matrix"][5])) < 2.0:
            rows[-1].append(char)
        else:
            rows.append([char])
    lines = []
    for row in rows:
        row.sort(key=lambda c: c["x0"])
        start = 0
        for i in range(1, len(row) + 1):
            if i == len(row) or row[i]["x0"] - row[i - 1]["x1"] > 1.5 * row[i]["size"]:
                lines.append(_line(row[start:i], number))
                start = i
    lines.sort(key=lambda ln: (ln.top, ln.x0))
    return Page(number, lines, pictures)


def _inside(char: dict, box: tuple[float, float, float, float]) -> bool:
    x = (char["x0"] + char["x1"]) / 2
    y = (char["top"] + char["bottom"]) / 2
    return box[0] <= x <= box[2] and box[1] <= y <= box[3]


def _line(chars: list[dict], page: int) -> Line:
    size = Counter(round(c["size"], 1) for c in chars).most_common(1)[0][0]
    return Line(
        page=page,
        top=min(c["top"] for c in chars),
        bottom=max(c["bottom"] for c in chars),
        size=size,
        bold=all("bold" in c["fontname"].lower() for c in chars),
        glyphs=tuple(Glyph(c["text"], c["x0"], c["x1"]) for c in chars),
    )


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


# --- headings ---------------------------------------------------------------------------

Kind = Literal["section", "title", "subheading"]


@dataclass(frozen=True)
class Heading:
    kind: Kind
    text: str
    book: bool = False
    first_title: str = ""  # a section's: the title of its first article or book


_SUBHEADING = re.compile(r"^#{2,3}\s+(.+?)\s*#*\s*$", re.MULTILINE)


def issue_headings(issue_dir: Path) -> list[Heading]:
    """Every heading of the issue, in print order: section headings (【…】), article and
    book titles, and the subheadings (## and ###) of the article bodies."""
    issue, _ = load_issue(issue_dir)
    headings = []
    for section in issue.sections:
        first = section.articles[0].meta.title
        headings.append(Heading("section", f"【{section.title}】", first_title=first))
        for article in section.articles:
            headings.append(Heading("title", article.meta.title, book=section.style == "books"))
            for text in _SUBHEADING.findall(article.body):
                headings.append(Heading("subheading", text.replace("*", "")))
    return headings


@dataclass(frozen=True)
class Placed:
    """Where a heading prints: its page and the lines it takes there."""

    heading: Heading
    page: Page
    first: int
    last: int

    @property
    def lines(self) -> list[Line]:
        return self.page.lines[self.first : self.last + 1]

    def after(self) -> list[Line]:
        """The lines below it on its page, in its column."""
        x0 = self.lines[0].x0
        left, right = next(col for col in self.page.columns() if col[0] <= x0 < col[1])
        below = self.page.lines[self.last + 1 :]
        return [ln for ln in below if left <= ln.x0 < right and ln.top >= self.lines[-1].top]


def _looks_like(kind: Kind, line: Line) -> bool:
    if kind == "section":
        return line.size >= 13.5
    if kind == "title":
        return line.size >= 12.0
    return line.bold and 10.4 <= line.size <= 11.6


def place_headings(pages: Sequence[Page], headings: Sequence[Heading]) -> list[Placed]:
    """Each heading's place, found in print order (a title may wrap to four lines)."""
    placed: list[Placed] = []
    cursor = (0, 0)  # page index, line index: headings print in order
    for heading in headings:
        want = norm(heading.text)
        found = _find(pages, heading.kind, want, cursor)
        assert found is not None, f"{heading.kind} “{heading.text}” not found after {cursor}"
        placed.append(Placed(heading, pages[found[0]], found[1], found[2]))
        cursor = (found[0], found[2] + 1)
    return placed


def _find(
    pages: Sequence[Page], kind: Kind, want: str, cursor: tuple[int, int]
) -> tuple[int, int, int] | None:
    for p in range(cursor[0], len(pages)):
        lines = pages[p].lines
        for i in range(cursor[1] if p == cursor[0] else 0, len(lines)):
            if not _looks_like(kind, lines[i]):
                continue
            text = ""
            for j in range(i, min(i + 4, len(lines))):
                if lines[j].size != lines[i].size:
                    break
                text += norm(lines[j].text)
                if text == want:
                    return p, i, j
                if not want.startswith(text):
                    break
    return None


def keep_faults(placed: Sequence[Placed]) -> list[str]:
    """What breaks the keeps: a section heading not followed on its page by the first
    line of its first article's title; a title followed by fewer than two lines of text
    (the byline and source line are smaller: not counted) or, for a book, with no cover
    beside it; a subheading followed by fewer than two lines."""
    faults = []
    for where in placed:
        heading, after = where.heading, where.after()
        name = f"page {where.page.number}: {heading.kind} “{heading.text}”"
        if heading.kind == "section":
            first = norm(heading.first_title)
            if not after or not first.startswith(norm(after[0].text)):
                nxt = after[0].text if after else "nothing"
                faults.append(f"{name} is followed by {nxt!r}, not its first title")
            continue
        if len(after) < 2:
            faults.append(f"{name} is followed by {len(after)} line(s) on its page")
        if heading.kind == "title" and heading.book and not _cover_beside(where):
            faults.append(f"{name} has no cover beside it")
    return faults


def _cover_beside(where: Placed) -> bool:
    title = where.lines[0]
    return any(
        x1 <= title.x0 and top <= title.bottom and bottom >= title.top
        for x0, top, x1, bottom in where.page.pictures
    )


# --- the table of contents --------------------------------------------------------------


@dataclass(frozen=True)
class TocEntry:
    title: str
    page: int
    lines: tuple[Line, ...]
    dots: int
    dot_steps: tuple[float, ...]  # from each dot of the leader to the next
    number: int
    title_end: float  # x1 of the title's last character
    number_start: float  # x0 of the page number

    def title_right_edges(self) -> list[float]:
        """Where the title's text ends on each of its lines."""
        return [ln.x1 for ln in self.lines[:-1]] + [self.title_end]


def toc_entries(pages: Sequence[Page], titles: Sequence[str]) -> list[TocEntry]:
    """The TOC entry of each title: its lines (body-size, one to four), the dots of its
    leader and its page number, read from the glyphs."""
    entries = []
    for title in titles:
        want = norm(title)
        entry = next((found for page in pages if (found := _toc_entry(page, title, want))), None)
        assert entry is not None, f"TOC entry for “{title}” not found"
        entries.append(entry)
    return entries


def _toc_entry(page: Page, title: str, want: str) -> TocEntry | None:
    lines = page.lines
    for i, line in enumerate(lines):
        if abs(line.size - BODY_PT) > 0.3 or not want.startswith(norm(line.text)[:4]):
            continue
        glyphs: list[Glyph] = []
        for j in range(i, min(i + 4, len(lines))):
            glyphs += [g for g in lines[j].glyphs if not g.text.isspace()]
            text = "".join(norm(g.text) for g in glyphs)
            match = re.fullmatch(re.escape(want) + r"(\.*)(\d+)", text)
            if match:
                chars = [g for g in glyphs for _ in norm(g.text)]
                dots = chars[match.start(1) : match.end(1)]
                return TocEntry(
                    title=title,
                    page=page.number,
                    lines=tuple(lines[i : j + 1]),
                    dots=len(dots),
                    dot_steps=tuple(b.x0 - a.x0 for a, b in itertools.pairwise(dots)),
                    number=int(match[2]),
                    title_end=chars[len(want) - 1].x1,
                    number_start=chars[match.start(2)].x0,
                )
            if not text.startswith(want[: len(text)]) and want not in text:
                break
    return None


def toc_faults(entries: Sequence[TocEntry]) -> list[str]:
    """A leader of fewer than three dots, or with a gap; a title whose last line stops
    less than 2 em before the number column (the leftmost page number on its page), or
    whose other lines run on under it; a wrapped title whose next line does not start
    under its first."""
    faults = []
    column = {
        page: min(e.number_start for e in entries if e.page == page)
        for page in {e.page for e in entries}
    }
    em = BODY_PT
    for entry in entries:
        name = f"page {entry.page}: “{entry.title}”"
        if entry.dots < 3:
            faults.append(f"{name} has a leader of {entry.dots} dot(s)")
        elif max(entry.dot_steps) - min(entry.dot_steps) > 0.2:
            steps = sorted({round(step, 2) for step in entry.dot_steps})
            faults.append(f"{name} has a gap in its leader (dot steps {steps})")
        gap = column[entry.page] - entry.title_end
        if gap < 2 * em - 0.5:
            faults.append(f"{name} stops {gap / em:.2f} em before the number column")
        for line in entry.lines[:-1]:
            if line.x1 > column[entry.page] + 0.5:
                faults.append(f"{name} runs on under the number column: {line.text!r}")
        starts = {round(ln.x0, 1) for ln in entry.lines}
        if max(starts) - min(starts) > 0.5:
            faults.append(f"{name} wraps to x={sorted(starts)}, not under its first line")
    return faults


# --- building the test issues once ------------------------------------------------------


@dataclass(frozen=True)
class Built:
    folder: Path
    size: str
    pdf: Path
    pages: list[Page]


def build(folder: Path, size: str, tmp: Path) -> Built:
    out = tmp / f"{folder.name}-{size}.pdf"
    built = build_issue(folder, out, page_size=size)
    assert built.warnings == [], [str(w) for w in built.warnings]
    return Built(folder, size, out, read_pages(out))


SIZES = ["A4", "A5", "大16开"]


@pytest.fixture(scope="module", params=SIZES)
def keep_heads(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(DATA / "keep-heads", request.param, tmp_path_factory.mktemp("keep"))


@pytest.fixture(scope="module", params=SIZES)
def toc_40(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(DATA / "toc-40", request.param, tmp_path_factory.mktemp("toc"))


@pytest.fixture(scope="module", params=["A4", "A5"])
def page_breaks(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    return build(DATA / "page-breaks", request.param, tmp_path_factory.mktemp("breaks"))


def placed_headings(built: Built) -> list[Placed]:
    return place_headings(built.pages, issue_headings(built.folder))


def listed_titles(folder: Path) -> list[str]:
    issue, _ = load_issue(folder)
    return [article.meta.title for article in issue.articles() if article.meta.toc]


def first_on_page(where: Placed) -> bool:
    """Nothing at body size or larger above it on its page (the running head is smaller)."""
    return where.first == 0


# --- keeps ------------------------------------------------------------------------------


def test_no_heading_is_left_at_a_page_foot(keep_heads: Built) -> None:
    assert keep_faults(placed_headings(keep_heads)) == []


def test_the_books_section_moves_with_its_first_book(keep_heads: Built) -> None:
    """The books section falls at a page foot on every size: its heading starts the next
    page, with the first book's cover and title (before the keeps it printed alone at the
    foot; if it no longer starts a page, the fillers of keep-heads need retuning)."""
    placed = placed_headings(keep_heads)
    books = next(p for p in placed if p.heading.text == "【悦读电商】")
    book = placed[placed.index(books) + 1]
    assert first_on_page(books), f"page {books.page.number}: the heading no longer starts a page"
    assert book.heading.book and book.page is books.page
    assert _cover_beside(book)


def test_a_title_and_a_subheading_at_a_page_foot_keep_two_lines(keep_heads: Built) -> None:
    """On A4 and A5, a title and a subheading of keep-heads fall at a page foot with a first
    paragraph of one line: they start the next page (before the keeps, each printed there
    with one line under it)."""
    if keep_heads.size == "大16开":
        pytest.skip("keep-heads places these cases on A4 and A5")
    cases = {
        "A4": ("商务部：加快推动数字贸易高质量发展", "二、下一步工作重点"),
        "A5": ("农业农村部：推进农村电商高质量发展", "四、对策与建议"),
    }[keep_heads.size]
    placed = {p.heading.text: p for p in placed_headings(keep_heads)}
    for text in cases:
        where = placed[text]
        assert first_on_page(where), f"page {where.page.number}: “{text}” no longer starts a page"
        assert len(where.after()) >= 2


def test_toc_numbers_are_the_pages_where_the_titles_print(keep_heads: Built) -> None:
    titles = listed_titles(keep_heads.folder)
    printed = {
        p.heading.text: p.page.number
        for p in placed_headings(keep_heads)
        if p.heading.kind == "title"
    }
    entries = toc_entries(keep_heads.pages, titles)
    assert [(e.title, e.number) for e in entries] == [(t, printed[t]) for t in titles]


# --- the table of contents --------------------------------------------------------------


def test_every_toc_leader_shows_dots_and_titles_keep_clear_of_the_numbers(toc_40: Built) -> None:
    entries = toc_entries(toc_40.pages, listed_titles(toc_40.folder))
    assert len(entries) == 40
    assert toc_faults(entries) == []


def test_toc_40_titles_nearly_fill_their_lines(toc_40: Built) -> None:
    """The case under test is there on every size: titles whose last line comes close to
    the leader's least length, some of them wrapped (else toc-40 needs new titles)."""
    entries = toc_entries(toc_40.pages, listed_titles(toc_40.folder))
    leader_end = max(e.number_start for e in entries) - 2 * BODY_PT  # the number column
    close = [e for e in entries if leader_end - e.title_end < 3.5 * BODY_PT]
    assert len(close) >= 3
    assert any(len(e.lines) > 1 for e in close)


def test_toc_40_numbers_and_keeps(toc_40: Built) -> None:
    placed = placed_headings(toc_40)
    assert keep_faults(placed) == []
    printed = {p.heading.text: p.page.number for p in placed if p.heading.kind == "title"}
    for entry in toc_entries(toc_40.pages, listed_titles(toc_40.folder)):
        assert entry.number == printed[entry.title], entry.title


# --- the seed and the stress issue -----------------------------------------------------


@pytest.fixture(
    scope="module",
    params=[DATA.parent.parent / "content" / "2023-17", DATA / "stress"],
    ids=["seed", "stress"],
)
def other_issue(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """The seed issue and tests/data/stress on A5 (the size with the most page feet)."""
    return build(request.param, "A5", tmp_path_factory.mktemp("other"))


def test_the_seed_and_stress_issues_keep_headings_and_leaders(other_issue: Built) -> None:
    assert keep_faults(placed_headings(other_issue)) == []
    assert toc_faults(toc_entries(other_issue.pages, listed_titles(other_issue.folder))) == []


# --- page-break control -----------------------------------------------------------------


def test_break_before_page_starts_the_article_on_a_new_page(page_breaks: Built) -> None:
    placed = {p.heading.text: p for p in placed_headings(page_breaks)}
    first = placed["开篇：本期起始页的第一篇文章"]
    assert first.page.number == 2, "the issue's first article: no blank page before it"
    assert placed["【行业资讯】"].page is first.page
    mid = placed["另起一页：编者指定从新页开始的文章"]
    assert first_on_page(mid)
    previous = page_breaks.pages[mid.page.number - 2]
    assert previous.lines, "no blank page before it"


def test_break_before_page_on_a_sections_first_article_takes_the_heading(
    page_breaks: Built,
) -> None:
    placed = {p.heading.text: p for p in placed_headings(page_breaks)}
    heading = placed["【政策法规】"]
    assert first_on_page(heading)
    assert placed["政策法规栏目首篇：整栏另起一页"].page is heading.page


def test_keep_together_is_never_split(page_breaks: Built) -> None:
    """03 would be split at a page foot on A4 and A5: kept whole, it starts the next page."""
    placed = {p.heading.text: p for p in placed_headings(page_breaks)}
    title = placed["专题：一篇不拆分的长文"]
    last = norm("以上为本篇全文，排版时整篇保持在同一页上。")
    end = next(
        page.number
        for page in page_breaks.pages
        for line in page.lines
        if norm(line.text) and last.endswith(norm(line.text))
    )
    assert first_on_page(title), "03 no longer falls at a page foot: retune 02's length"
    assert end == title.page.number
    assert keep_faults(list(placed.values())) == []


# --- the front matter fields and the HTML they make (no PDF) ----------------------------


def _html(folder: Path) -> str:
    from typesetter.html import render_html
    from typesetter.pipeline import check_issue

    checked = check_issue(folder)
    return render_html(checked.issue, checked.layout)


def test_break_fields_are_validated_at_their_line(make_issue: Callable[..., Path]) -> None:
    from typesetter.errors import ContentError

    folder = make_issue(
        articles={
            "01": "---\ntitle: 甲\nbreak_before: pgae\n---\n\n正文。\n",
            "02": "---\ntitle: 乙\nbreak_before: true\n---\n\n正文。\n",
            "03": '---\ntitle: 丙\n\nkeep_together: "yes"\n---\n\n正文。\n',
            "04": "---\ntitle: 丁\nbreak-before: page\n---\n\n正文。\n",
        }
    )
    with pytest.raises(ContentError) as caught:
        load_issue(folder, display_dir="content/t")
    assert [str(p) for p in caught.value.problems] == [
        "content/t/articles/01.md:3: break_before: must be auto or page, not 'pgae'"
        " (did you mean 'page'?)",
        "content/t/articles/02.md:3: break_before: must be auto or page, not true"
        " (write 'break_before: page' to start the article on a new page)",
        "content/t/articles/03.md:4: keep_together: must be true or false, not 'yes'",
        "content/t/articles/04.md:3: unknown key 'break-before' (did you mean 'break_before'?)",
    ]


def test_break_fields_default_to_none(make_issue: Callable[..., Path]) -> None:
    issue, _ = load_issue(make_issue())
    metas = [article.meta for article in issue.articles()]
    assert {(m.break_before, m.keep_together) for m in metas} == {("auto", False)}
    body = _html(make_issue()).split("<body>", 1)[1]
    assert "break-page" not in body and "keep-together" not in body


def test_break_fields_become_classes(make_issue: Callable[..., Path]) -> None:
    folder = make_issue(
        articles={
            "01": {"title": "甲", "break_before": "page", "body": "正文。\n"},
            "02": {"title": "乙", "break_before": "page", "keep_together": True},
            "03": {"title": "丙", "keep_together": True},
        }
    )
    html = _html(folder)
    # The first article's break goes to its section, so the heading goes with it.
    assert '<section class="section section-articles break-page" id="s-1">' in html
    assert '<article class="article" id="a-01">' in html
    assert '<article class="article break-page keep-together" id="a-02">' in html
    assert '<article class="article keep-together" id="a-03">' in html


def test_a_books_section_gets_the_same_classes(make_issue: Callable[..., Path]) -> None:
    folder = make_issue(
        issue={
            "sections": [
                {"title": "书", "style": "books", "articles": ["articles/01.md", "articles/02.md"]}
            ]
        },
        articles={
            "01": {"title": "甲", "image": "images/a.svg"},
            "02": {"title": "乙", "break_before": "page", "keep_together": True},
        },
        images={"images/a.svg": SVG},
    )
    html = _html(folder)
    assert '<article class="article book book-with-cover" id="a-01">' in html
    assert '<article class="article book break-page keep-together" id="a-02">' in html
    head = html.index('<div class="article-head book-head">')
    assert (
        head
        < html.index('<figure class="book-cover">')
        < html.index('<h3 class="article-title book-title"')
    )


def test_one_line_leads_are_marked_to_keep_with_the_next_block() -> None:
    from typesetter.html import keep_leads

    body = (
        '<p>一行。</p>\n<p>第二段。</p>\n<h2 id="a-h1">小标题</h2>\n<p>' + "长" * 50 + "</p>\n"
        '<p>又一段。</p>\n<h3 id="a-h2">小节</h3>\n'
        "<ul>\n<li>一项。</li>\n<li>二项。</li>\n</ul>\n"
        '<h2 id="a-h3">末节</h2>\n<p>最后一行。</p>\n'
    )
    marked = keep_leads(body, measure_em=45.0)
    assert marked.count('class="keep-next"') == 2
    assert marked.startswith('<p class="keep-next">一行。</p>')  # opens the body, one line
    assert "<p>" + "长" * 50 + "</p>" in marked  # wider than a line: not marked
    assert '<li class="keep-next">一项。</li>' in marked  # the first item after a subheading
    assert "<p>最后一行。</p>" in marked  # nothing after it to keep with
    assert keep_leads("<p>only</p>\n", measure_em=45.0) == "<p>only</p>\n"


def test_a_toc_title_keeps_its_end_with_the_leader() -> None:
    from typesetter.html import _toc_title

    assert _toc_title("甲") == "甲"
    head = '<span class="toc-head">国务院：促进数字技</span>术'
    assert _toc_title("国务院：促进数字技术") == head
    # The head never ends at a Han–Western boundary (its gap would be lost at the tag).
    assert _toc_title("货值增长2.7倍") == '<span class="toc-head">货值增长2.</span>7倍'
    assert _toc_title("Temu launch") == '<span class="toc-head">Temu launc</span>h'
