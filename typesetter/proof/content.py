"""Measurements against the content: Han characters missing from the text layer, and
table-of-contents numbers that disagree with the page where each title is printed."""

from __future__ import annotations

import itertools
import re
import unicodedata
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Sequence

from typesetter.i18n import Translator
from typesetter.proof.chars import han_only
from typesetter.proof.layout import Layout
from typesetter.proof.lines import Line
from typesetter.proof.report import Fault, TocEntry

#: Length of the runs of Han characters used to find an article and to resynchronise after
#: text the layout inserted (running heads, notes, captions).
GRAM = 6
_CONTEXT = 8
#: Up to this many characters printed in another order are not missing (a wrapped cell).
SWAP = 6

_ = Translator("proof")


class _Stream:
    """The text layer's Han characters in reading order, with the page of each."""

    def __init__(self, layout: Layout) -> None:
        chars: list[str] = []
        pages: list[int] = []
        for line in layout.flow():
            for glyph in line.ink:
                for ch in han_only(glyph.text):
                    chars.append(ch)
                    pages.append(line.page)
        self.text = "".join(chars)
        self.pages = pages
        self.grams: dict[str, list[int]] = defaultdict(list)
        for i in range(len(self.text) - GRAM + 1):
            self.grams[self.text[i : i + GRAM]].append(i)

    def find(self, needle: str, start: int) -> int:
        """The first position at or after ``start`` where ``needle`` occurs, or -1."""
        if len(needle) != GRAM:
            return self.text.find(needle, start)
        positions = self.grams.get(needle, [])
        i = bisect_left(positions, start)
        return positions[i] if i < len(positions) else -1

    def page(self, position: int) -> int:
        if not self.pages:
            return 1
        return self.pages[min(max(position, 0), len(self.pages) - 1)]


def missing_text(layout: Layout, expected: Sequence[str]) -> list[Fault]:
    """Han characters of each article missing from the text layer (the first per article)."""
    stream = _Stream(layout)
    faults = []
    cursor = 0
    for number, text in enumerate(expected, start=1):
        want = han_only(text)
        if not want:
            continue
        fault, cursor = _compare(stream, want, cursor, number)
        if fault is not None:
            faults.append(fault)
    return faults


def _compare(stream: _Stream, want: str, cursor: int, number: int) -> tuple[Fault | None, int]:
    start = _locate(stream, want, cursor)
    if start < 0:
        message = _("article {number}: its text is not in the PDF", number=number)
        return Fault("missing-text", stream.page(cursor), message, want[:20]), cursor
    i, j = 0, start
    doc = stream.text
    while i < len(want):
        if j < len(doc) and doc[j] == want[i]:
            i, j = i + 1, j + 1
            continue
        needle = want[i : i + GRAM]
        found = stream.find(needle, j)
        if found >= 0:  # the layout inserted text here (a running head, a note): skip it
            j = found
            continue
        earlier = stream.find(needle, start)
        if 0 <= earlier < j:  # set out of order (a footnote printed before the paragraph end)
            i += _common_prefix(doc, earlier, want, i)
            continue
        swapped = _swapped(stream, want, i, j)
        if swapped is not None:  # a few characters printed a line lower (a table cell wraps)
            i, j = swapped
            continue
        return _missing_fault(stream, want, i, j, number), j
    return None, j


def _locate(stream: _Stream, want: str, cursor: int) -> int:
    """Where the article starts: its first run found after ``cursor``, moved back by its offset."""
    for offset in range(0, max(1, len(want) - GRAM + 1), GRAM):
        found = stream.find(want[offset : offset + GRAM], cursor)
        if found >= 0:
            return max(cursor, found - offset)
    return -1


def _swapped(stream: _Stream, want: str, i: int, j: int) -> tuple[int, int] | None:
    """Where the text resumes when its next few characters are printed in another order
    (a wrapped table header: “2022 2023 增长” on one line, “年 年” under them): up to SWAP
    characters, and the text resumes right after the same characters, reordered."""
    doc = stream.text
    for skip in range(2, SWAP + 1):
        needle = want[i + skip : i + skip + GRAM]
        if len(needle) < GRAM:
            return None
        found = stream.find(needle, j)
        if found == j + skip and sorted(doc[j:found]) == sorted(want[i : i + skip]):
            return i + skip, found
    return None


def _common_prefix(doc: str, j: int, want: str, i: int) -> int:
    n = 0
    while i + n < len(want) and j + n < len(doc) and doc[j + n] == want[i + n]:
        n += 1
    return max(n, 1)


def _missing_fault(stream: _Stream, want: str, i: int, j: int, number: int) -> Fault:
    before = want[max(0, i - _CONTEXT) : i]
    after = want[i + 1 : i + 1 + _CONTEXT]
    message = _(
        "article {number}: “{char}” (U+{code:04X}) is missing after “{before}”",
        number=number,
        char=want[i],
        code=ord(want[i]),
        before=before,
    )
    return Fault("missing-text", stream.page(j - 1), message, f"{before}[{want[i]}]{after}")


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def toc_pages(layout: Layout, toc: Sequence[TocEntry]) -> list[Fault]:
    """Each TOC entry's printed page is the page where its title is printed as a heading.

    A block that reads as the title followed by leaders and a number is the TOC's own
    listing of it, not the heading.
    """
    titles = [_norm(entry.title) for entry in toc]
    candidates = {i: _candidates(layout, title) for i, title in enumerate(titles) if title}
    listings = {page for found in candidates.values() for page, _, listing in found if listing}
    listed_on = min(listings) if listings else 1
    faults = []
    for i, entry in enumerate(toc):
        headings = [(page, rank) for page, rank, listing in candidates.get(i, []) if not listing]
        if not headings:
            message = _(
                "“{title}” (TOC page {page}) is not printed anywhere",
                title=entry.title,
                page=entry.printed_page,
            )
            faults.append(Fault("toc-page", listed_on, message, entry.title))
            continue
        page = max(headings, key=lambda c: (c[1], -c[0]))[0]
        if page != entry.printed_page:
            message = _(
                "TOC gives page {printed}; the title is printed on page {page}",
                printed=entry.printed_page,
                page=page,
            )
            faults.append(Fault("toc-page", listed_on, message, entry.title))
    return faults


_LISTING = re.compile(r"[.…·．\-_⋯]*\d{1,4}")


def _candidates(layout: Layout, title: str) -> list[tuple[int, float, bool]]:
    """(page, prominence, is a TOC listing) of each block of one to four lines whose text is
    the title (a listing: the title, then leaders and a page number). A block's lines are
    read down the column past lines beside them (the text of a book's cover picture)."""
    found = []
    for page in layout.pages:
        for column in page.columns:
            for i, first in enumerate(column.lines):
                below = [first, *(ln for ln in column.lines[i + 1 :] if _under(first, ln))]
                for n in range(1, 5):
                    block = below[:n]
                    if len(block) < n or not _one_block(block):
                        break
                    text = _norm("".join(ln.text for ln in block))
                    if text == title or (text.startswith(title) and len(text) <= len(title) + 4):
                        listing = bool(_LISTING.fullmatch(text[len(title) :]))
                        found.append((page.number, _prominence(block, layout), listing))
                    elif title in text and len(text) <= len(title) + 4:
                        found.append((page.number, _prominence(block, layout), False))
    return found


def _under(first: Line, line: Line) -> bool:
    """``line`` shares some of ``first``'s width (it is not beside it)."""
    return min(first.x1, line.x1) > max(first.x0, line.x0)


def _one_block(block: Sequence[Line]) -> bool:
    first = block[0]
    return all(
        ln.size == first.size and ln.family == first.family and ln.top - above.bottom < first.size
        for above, ln in itertools.pairwise(block)
    )


def _prominence(block: Sequence[Line], layout: Layout) -> float:
    """Headings are set larger (or bolder) than the body."""
    line = block[0]
    bold = any(w in line.first.font.lower() for w in ("bold", "black", "heavy", "semibold"))
    return line.size / (layout.body_size or 1.0) + (0.5 if bold else 0.0)
