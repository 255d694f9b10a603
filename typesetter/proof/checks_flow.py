"""Measurements of how blocks sit on the page: stranded headings, short TOC leaders, text
and pictures outside the text area, a figure parted from its caption.

All of it is inferred from the PDF, like the rest of the proof:

- **Running lines** (header, footer, page number) are lines set smaller than the body at
  the top or bottom of a page whose baseline and size recur on another page. They are no
  page's content: they neither follow a heading nor count as text outside the text area.
- **A heading** is a line that is not body text, not a TOC entry and holds more than digits
  and leaders, set at least 4 % larger than the body (section heading, title, subheading),
  or at the body size in another family or weight (bold sans) ending at least 2 em short of
  its column's right edge (a one-line subheading, not a paragraph's bold lead).
- **The text area** of a page is the span from its columns' left edge to their right edge
  (pooled over the pages of the same size and parity, so that a cover or a page of book
  notes is measured like its neighbours) and, down the page, from the first body line's top
  to the last one's bottom on those pages. Text is measured across only between those
  heights (above and below them are the head and foot margins); pictures also down.
- **A picture** is a raster image the page draws (a vector picture is only paths and is not
  seen). **Its caption** is a line set smaller than the body, centred under the picture or
  starting at its left: in the newsletter layout a ``figcaption`` (9 pt, centred, 1.5 mm
  under the image). A picture that is the last thing in its column while the next column
  or page opens with such a line has lost its caption.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from typesetter.proof.layout import Column, Layout, PageLayout
from typesetter.proof.lines import Line
from typesetter.proof.pdfchars import Picture
from typesetter.proof.report import Fault

#: A heading is at least this much larger than the body (or as large in another family).
HEADING_SIZE = 1.04
#: A body-size heading ends at least this many em short of its column's right edge.
HEADING_SHORT_EM = 2.0
#: A TOC leader shows at least this many dots.
LEADER_DOTS = 3
#: Text may reach past the text area by half an em (a hanging mark) plus this (pt).
EDGE_SLACK = 0.5
#: The text area is inferred only from at least this many body lines of a kind of page.
MIN_FRAME_LINES = 6
#: A caption's middle lies within this many em of its picture's middle.
CAPTION_CENTRE_EM = 1.5

_LEADER_TAIL = re.compile(r"[.．·…⋯]*\s*$")
_DIGITS = re.compile(r"\d{1,4}")
_NUMBER_TAIL = re.compile(r"(?<=\D)\s*(\d{1,4})$")


@dataclass(frozen=True)
class Frame:
    """A page's text area."""

    left: float
    right: float
    top: float
    bottom: float


def running_lines(layout: Layout) -> set[int]:
    """The ids of the running lines (header, footer, page number) of every page."""
    body = layout.body_size
    seen: defaultdict[tuple[int, float], set[int]] = defaultdict(set)
    for page in layout.pages:
        for line in page.lines:
            if line.ink and line.size < 0.98 * body:
                seen[round(line.baseline), line.size].add(page.number)
    running: set[int] = set()
    for page in layout.pages:
        ordered = sorted((ln for ln in page.lines if ln.ink), key=lambda ln: ln.top)
        for lines in (ordered, ordered[::-1]):
            for line in lines:
                key = (round(line.baseline), line.size)
                if line.size >= 0.98 * body or len(seen.get(key, ())) < 2:
                    break
                running.add(id(line))
    return running


def _bold(line: Line) -> bool:
    name = line.first.font.lower()
    return any(w in name for w in ("bold", "black", "heavy"))


def is_heading(line: Line, layout: Layout, right: float) -> bool:
    """Whether ``line`` reads as a heading (see the module's docstring)."""
    if line.body or not line.ink or line.toc_entry:
        return False
    text = line.text
    if _DIGITS.fullmatch(text) or _dots(text):
        return False
    body = layout.body_size
    if line.size >= HEADING_SIZE * body:
        return True
    other = line.family != layout.body_family or _bold(line)
    return line.size >= 0.97 * body and other and line.x1 < right - HEADING_SHORT_EM * line.em


def frames(layout: Layout) -> dict[int, Frame]:
    """Each page's text area, for the pages whose geometry the body text shows."""
    groups: defaultdict[tuple[int, int, int], list[PageLayout]] = defaultdict(list)
    for page in layout.pages:
        groups[round(page.width), round(page.height), page.number % 2].append(page)
    found: dict[int, Frame] = {}
    for pages in groups.values():
        columns = [c for p in pages for c in p.columns if c.body_lines and c.measured]
        body = [ln for c in columns for ln in c.body_lines]
        if len(body) < MIN_FRAME_LINES:
            continue  # too little body text to tell the text area (a short document)
        frame = Frame(
            min(c.left for c in columns),
            max(c.right for c in columns),
            min(ln.top for ln in body),
            max(ln.bottom for ln in body),
        )
        for page in pages:
            found[page.number] = frame
    return found


def _after(page: PageLayout, line: Line, running: set[int]) -> list[Line]:
    """The lines below ``line`` in its column (any column for a line across columns)."""
    return [
        ln
        for ln in page.lines
        if ln is not line
        and id(ln) not in running
        and ln.top > line.top + 0.5
        and (line.column < 0 or ln.column in (line.column, -1))
    ]


def _right(page: PageLayout, line: Line, frame: Frame | None) -> float:
    if 0 <= line.column < len(page.columns) and page.columns[line.column].right > 0:
        return page.columns[line.column].right
    return frame.right if frame else page.box.x1


def stranded_headings(layout: Layout) -> list[Fault]:
    """No heading or title is the last text in its column or on its page."""
    running = running_lines(layout)
    areas = frames(layout)
    flow = [ln for ln in layout.flow() if id(ln) not in running and ln.ink]
    heads = {
        id(ln)
        for page in layout.pages
        for ln in page.lines
        if id(ln) not in running
        and is_heading(ln, layout, _right(page, ln, areas.get(page.number)))
    }
    position = {id(ln): i for i, ln in enumerate(flow)}
    faults = []
    for page in layout.pages:
        for line in page.lines:
            if id(line) not in heads:
                continue
            if any(id(ln) not in heads for ln in _after(page, line, running)):
                continue
            following = next(
                (ln for ln in flow[position[id(line)] + 1 :] if id(ln) not in heads), None
            )
            faults.append(Fault("stranded-heading", page.number, _stranded(page, line, following)))
    return faults


def _stranded(page: PageLayout, line: Line, following: Line | None) -> str:
    last_column = line.column < 0 or line.column == len(page.columns) - 1
    where = "on the page" if last_column else "in its column"
    if following is None:
        return f"the heading “{line.text}” is the last text of the document"
    if following.page != page.number:
        goes = f"its text starts on page {following.page}"
    else:
        goes = "its text starts in the next column"
    return f"the heading “{line.text}” is the last text {where}: {goes}"


def _rows(page: PageLayout) -> Iterator[list[Line]]:
    rows: list[list[Line]] = []
    for line in sorted((ln for ln in page.lines if ln.ink), key=lambda ln: ln.baseline):
        if rows and abs(rows[-1][0].baseline - line.baseline) <= 1.0:
            rows[-1].append(line)
        else:
            rows.append([line])
    for row in rows:
        yield sorted(row, key=lambda ln: ln.x0)


def _dots(text: str) -> int:
    """How many leader dots end ``text`` (an ellipsis counts three)."""
    found = _LEADER_TAIL.search(text)
    tail = found[0] if found else ""
    return sum(3 if ch in "…⋯" else 1 for ch in tail if not ch.isspace())


def _entry(row: Sequence[Line]) -> tuple[str, Line] | None:
    """A TOC entry's text before its page number, and the line holding the number."""
    last = row[-1]
    if _DIGITS.fullmatch(last.text) and len(row) > 1:
        return row[-2].text, last
    found = _NUMBER_TAIL.search(last.text)
    if found and len(last.text) > len(found[0]):
        return last.text[: found.start()], last
    return None


def toc_leaders(layout: Layout) -> list[Fault]:
    """Every TOC entry's leader shows at least three dots.

    A TOC page is one with at least two entries whose leader shows three dots or more; an
    entry there is a line ending in a page number aligned with theirs, at their size.
    """
    faults = []
    for page in layout.pages:
        entries = [entry for row in _rows(page) if (entry := _entry(row)) is not None]
        good = [num for text, num in entries if _dots(text) >= LEADER_DOTS]
        if len(good) < 2:
            continue
        ends = {round(num.x1) for num in good}
        sizes = {num.size for num in good}
        for text, num in entries:
            dots = _dots(text)
            aligned = any(abs(num.x1 - end) <= 1.0 for end in ends) and num.size in sizes
            if dots < LEADER_DOTS and aligned and text.strip():
                shown = "no leader" if dots == 0 else f"a leader of {dots} dot{'s' * (dots > 1)}"
                message = f"TOC entry shows {shown} before its page number (at least 3)"
                faults.append(Fault("toc-leader", page.number, message, f"{text} {num.text}"))
    return faults


def _picture_column(page: PageLayout, picture: Picture) -> Column | None:
    def overlap(column: Column) -> float:
        return min(picture.x1, column.right) - max(picture.x0, column.left)

    candidates = [c for c in page.columns if c.right > c.left and overlap(c) > 0]
    return max(candidates, key=overlap) if candidates else None


def outside_area(layout: Layout) -> list[Fault]:
    """No text crosses its column's or the text area's edge; no picture leaves the text area."""
    running = running_lines(layout)
    areas = frames(layout)
    faults = []
    for page in layout.pages:
        frame = areas.get(page.number)
        if frame is None:
            continue
        for line in page.lines:
            if id(line) in running or not line.ink:
                continue
            message = _text_outside(page, line, frame)
            if message:
                faults.append(Fault("outside-area", page.number, message, line.text))
        for picture in page.pictures:
            message = _picture_outside(page, picture, frame)
            if message:
                faults.append(Fault("outside-area", page.number, message, _size(picture)))
    return faults


def _text_outside(page: PageLayout, line: Line, frame: Frame) -> str | None:
    slack = line.em / 2 + EDGE_SLACK
    if line.bottom < frame.top or line.top > frame.bottom:
        return None  # in the head or foot margin: a running line of a one-page document
    left, right = frame.left - line.x0, line.x1 - frame.right
    if right > slack or left > slack:
        side, by = ("right", right) if right > left else ("left", left)
        return f"text reaches {by:.1f} pt past the {side} edge of the text area"
    columns = page.columns
    if len(columns) > 1 and 0 <= line.column < len(columns) - 1:
        over = line.x1 - columns[line.column].right
        if over > slack:
            return f"text reaches {over:.1f} pt past the right edge of its column"
    return None


def _picture_outside(page: PageLayout, picture: Picture, frame: Frame) -> str | None:
    slack = EDGE_SLACK + 0.5
    overs = {
        "left": frame.left - picture.x0,
        "right": picture.x1 - frame.right,
        "top": frame.top - picture.top,
        "bottom": picture.bottom - frame.bottom,
    }
    side, by = max(overs.items(), key=lambda kv: kv[1])
    if by > slack:
        return f"picture reaches {by:.1f} pt past the {side} edge of the text area"
    column = _picture_column(page, picture)
    if len(page.columns) > 1 and column is not None:
        over = max(picture.x1 - column.right, column.left - picture.x0)
        spans = picture.x1 - picture.x0 > (frame.right - frame.left) * 0.9
        if over > slack and not spans:
            return f"picture reaches {over:.1f} pt past the edge of its column"
    return None


def _size(picture: Picture) -> str:
    mm = 25.4 / 72
    width, height = (picture.x1 - picture.x0) * mm, (picture.bottom - picture.top) * mm
    x, y = picture.x0 * mm, picture.top * mm
    return f"picture {width:.0f}×{height:.0f} mm at ({x:.0f}, {y:.0f}) mm"


def captions_apart(layout: Layout) -> list[Fault]:
    """A picture at the foot of a column keeps its caption: the next column or page does
    not open with a caption line (see the module's docstring)."""
    running = running_lines(layout)
    faults = []
    pages = layout.pages
    for n, page in enumerate(pages):
        for picture in page.pictures:
            column = _picture_column(page, picture) or page.columns[0]
            below = [
                ln
                for ln in page.lines
                if id(ln) not in running
                and ln.ink
                and ln.top >= picture.bottom - 1
                and ln.column in (column.index, -1)
            ]
            pictures_below = [p for p in page.pictures if p.top >= picture.bottom - 1]
            if below or pictures_below:
                continue
            opening = _next_opening(pages, n, column.index, running)
            if opening is None:
                continue
            line, where = opening
            middle = (picture.x0 + picture.x1) / 2
            centred = abs((line.x0 + line.x1) / 2 - middle) <= CAPTION_CENTRE_EM * line.em
            at_left = abs(line.x0 - picture.x0) <= line.em / 2
            small = line.size < 0.97 * layout.body_size and not line.body
            if small and (centred or at_left):
                message = f"the figure's caption is parted from it: it opens {where}"
                faults.append(Fault("caption-apart", page.number, message, line.text))
    return faults


def _next_opening(
    pages: Sequence[PageLayout], n: int, index: int, running: set[int]
) -> tuple[Line, str] | None:
    """The first line of the next column: on the same page, or the next page's first."""
    page = pages[n]
    if index + 1 < len(page.columns):
        lines = [ln for ln in page.columns[index + 1].lines if id(ln) not in running and ln.ink]
        where = "the next column"
    elif n + 1 < len(pages):
        following = pages[n + 1]
        lines = [ln for ln in following.columns[0].lines if id(ln) not in running and ln.ink]
        where = f"page {following.number}"
    else:
        return None
    if not lines:
        return None
    first = min(lines, key=lambda ln: ln.top)
    if _under_picture(pages, first):
        return None
    return first, where


def _under_picture(pages: Sequence[PageLayout], line: Line) -> bool:
    """A picture stands above the line on its page (the line captions that picture)."""
    page = next(p for p in pages if p.number == line.page)
    return any(
        p.bottom <= line.top + 1 for p in page.pictures if p.x0 <= line.x1 and line.x0 <= p.x1
    )
