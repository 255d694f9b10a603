"""Measurements of how blocks sit on the page: stranded headings, short TOC leaders, text
and pictures outside the text area, a figure parted from its caption.

All of it is inferred from the PDF, like the rest of the proof:

- **Running lines** (header, footer, page number) are lines set smaller than the body at
  the top or bottom of a page whose baseline and size recur on another page. They are no
  page's content: they neither follow a heading nor count as text outside the text area.
- **A heading** is a line that is not body text, not a TOC entry and holds more than digits
  and leaders, set at least 4 % larger than the body (section heading, title, subheading),
  or at the body size in another family or weight (bold sans) ending at least 2 em short of
  its column's right edge (a one-line subheading, not a paragraph's bold lead), unless it
  stands one body pitch under a full line of its own style (the last line of a paragraph
  set in bold).
- **The text area** of a page is the span from its columns' left edge to their right edge
  (pooled over the pages of the same size and parity, so that a cover or a page of book
  notes is measured like its neighbours) and, down the page, from the first body line's top
  to the last one's bottom on those pages. Text is measured across only between those
  heights (above and below them are the head and foot margins); pictures also down. A
  picture that runs to (or past) a trim edge on a cover (a page without the running head
  the document's other pages have: page 1 of an issue) bleeds by design and is not
  measured; text always is.
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

from typesetter.i18n import N_, Translator
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
#: Titles wrapping at one edge right of the body's show the text area's edge when at least
#: this many do, ending within WRAP_TOLERANCE (pt) of each other.
MIN_WRAPS = 3
WRAP_TOLERANCE = 7.0
#: The text area's top is read from the pages' first lines when there are at least this many,
#: and a page starting more than OUTLIER_EM body em above all others is set into the margin.
MIN_START_PAGES = 3
OUTLIER_EM = 1.5
#: A caption's middle lies within this many em of its picture's middle.
CAPTION_CENTRE_EM = 1.5
#: A picture within this much (pt) of a trim edge runs to it: on a cover, it bleeds.
BLEED_SLACK = 1.0

_LEADER_TAIL = re.compile(r"[.．·…⋯]*\s*$")
_DIGITS = re.compile(r"\d{1,4}")
_NUMBER_TAIL = re.compile(r"(?<=\D)\s*(\d{1,4})$")

_ = Translator("proof")
ngettext = _.ngettext
#: Text or a picture past an edge of the text area: the message for each side.
_PAST_AREA = {
    "text": {
        "left": N_("text reaches {pt:.1f} pt past the left edge of the text area"),
        "right": N_("text reaches {pt:.1f} pt past the right edge of the text area"),
        "top": N_("text reaches {pt:.1f} pt past the top edge of the text area"),
        "bottom": N_("text reaches {pt:.1f} pt past the bottom edge of the text area"),
    },
    "picture": {
        "left": N_("picture reaches {pt:.1f} pt past the left edge of the text area"),
        "right": N_("picture reaches {pt:.1f} pt past the right edge of the text area"),
        "top": N_("picture reaches {pt:.1f} pt past the top edge of the text area"),
        "bottom": N_("picture reaches {pt:.1f} pt past the bottom edge of the text area"),
    },
}
#: A stranded heading: (last on the page, its text starts on another page) → the message.
_STRANDED = {
    (True, True): N_(
        "the heading “{text}” is the last text on the page: its text starts on page {page}"
    ),
    (True, False): N_(
        "the heading “{text}” is the last text on the page: its text starts in the next column"
    ),
    (False, True): N_(
        "the heading “{text}” is the last text in its column: its text starts on page {page}"
    ),
    (False, False): N_(
        "the heading “{text}” is the last text in its column: its text starts in the next column"
    ),
}


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
        right = max(c.right for c in columns)
        frame = Frame(
            min(c.left for c in columns),
            max(right, _wrapped_edge(pages, right)),
            min(ln.top for ln in body),
            max(ln.bottom for ln in body),
        )
        for page in pages:
            found[page.number] = frame
    return found


def _wrapped_edge(pages: Sequence[PageLayout], right: float) -> float:
    """Where titles wrap, when they all wrap at one edge right of the body text's: a text
    area whose body stands in its first column only (short articles in two columns)."""
    ends = [
        line.x1
        for page in pages
        for column in page.columns
        for line, below in zip(column.lines, column.lines[1:], strict=False)
        if not line.body
        and line.x1 > right + line.em
        and (below.size, below.family) == (line.size, line.family)
        and 0 <= below.top - line.bottom < line.em
    ]
    if len(ends) < MIN_WRAPS:
        return right
    edge = max(ends)  # a hanging mark may end a wrapped title up to half an em further
    return edge if sum(1 for x in ends if edge - x <= WRAP_TOLERANCE) >= MIN_WRAPS else right


def _after(page: PageLayout, line: Line, running: set[int]) -> list[Line]:
    """The lines below ``line`` in its column (any column for a line across columns)."""
    return [
        ln
        for ln in page.lines
        if ln is not line
        and id(ln) not in running
        and ln.top > line.top + 0.5
        and (line.column < 0 or ln.column == line.column)
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
        and is_heading(ln, layout, right := _right(page, ln, areas.get(page.number)))
        and not _ends_paragraph(ln, page, layout, right)
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
            last = line.column < 0 or not any(
                id(ln) not in running and ln.ink
                for column in page.columns[line.column + 1 :]
                for ln in column.lines
            )
            faults.append(
                Fault("stranded-heading", page.number, _stranded(line, following, last=last))
            )
    return faults


def _ends_paragraph(line: Line, page: PageLayout, layout: Layout, right: float) -> bool:
    """True for a body-size line right under a full line of its own style, one body pitch
    above it: the last line of a paragraph set in bold, not a heading (whose lines end
    where the words do, short of the edge)."""
    if abs(line.size - layout.body_size) > 0.02 * layout.body_size:
        return False
    return any(
        other.column == line.column
        and other.family == line.family
        and abs(other.size - line.size) <= 0.01 * line.size
        and abs(line.baseline - other.baseline - layout.pitch) <= 0.1 * layout.pitch
        and other.x1 >= right - EDGE_SLACK
        for other in page.lines
        if other is not line and other.ink
    )


def _stranded(line: Line, following: Line | None, *, last: bool) -> str:
    if following is None:
        return _("the heading “{text}” is the last text of the document", text=line.text)
    message = _STRANDED[(last, following.page != line.page)]
    return _(message, text=line.text, page=following.page)


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
                if dots == 0:
                    message = _("TOC entry shows no leader before its page number (at least 3)")
                else:
                    message = ngettext(
                        "TOC entry shows a leader of {n} dot before its page number (at least 3)",
                        "TOC entry shows a leader of {n} dots before its page number (at least 3)",
                        dots,
                    )
                faults.append(Fault("toc-leader", page.number, message, f"{text} {num.text}"))
    return faults


def _picture_column(page: PageLayout, picture: Picture) -> Column | None:
    """The column (of the picture's band) the picture overlaps most; None for a picture
    across the gutter, which divides the bands."""

    def overlap(column: Column) -> float:
        return min(picture.x1, column.right) - max(picture.x0, column.left)

    middle = (picture.top + picture.bottom) / 2
    candidates = [
        c
        for c in page.columns
        if not c.spans and c.right > c.left and overlap(c) > 0 and c.top <= middle <= c.bottom
    ]
    return max(candidates, key=overlap) if candidates else None


def outside_area(layout: Layout) -> list[Fault]:
    """No text crosses its column's or the text area's edge; no picture leaves the text area."""
    running = running_lines(layout)
    areas = frames(layout)
    bands = _margin_bands(layout, running)
    headed = {
        page.number
        for page in layout.pages
        if any(id(ln) in running and ln.bottom < page.height / 2 for ln in page.lines)
    }
    faults = []
    for page in layout.pages:
        frame = areas.get(page.number)
        if frame is None:
            continue
        band = bands.get(page.number)
        cover = bool(headed) and page.number not in headed
        for line in page.lines:
            if id(line) in running or not line.ink:
                continue
            message = _text_past_margin(line, band) or _text_outside(page, line, frame)
            if message:
                faults.append(Fault("outside-area", page.number, message, line.text))
        for picture in page.pictures:
            if cover and _bleeds(page, picture):
                continue
            message = _picture_outside(page, picture, frame, band)
            if message:
                faults.append(Fault("outside-area", page.number, message, _size(picture)))
    return faults


@dataclass(frozen=True)
class MarginBand:
    """Down the page: the running head's foot and the running foot's top (the margins hold
    nothing else), and the text area's top and bottom, from what stays between them."""

    head: float
    foot: float
    top: float
    bottom: float


def _margin_bands(layout: Layout, running: set[int]) -> dict[int, MarginBand]:
    """The margin bands of the pages that hold body text, from the pages of the same size.

    The head and foot are the outermost running lines' inner edges (a source line may recur
    at one height too); none for a size whose pages lack a running head or foot. The text
    area's top is where their text starts highest (but a lone page far above the others;
    with at least 3 pages, else the head), its bottom the lowest text above the foot.
    """
    groups: defaultdict[tuple[int, int], list[PageLayout]] = defaultdict(list)
    for page in layout.pages:
        if any(ln.body for ln in page.lines):
            groups[round(page.width), round(page.height)].append(page)
    found: dict[int, MarginBand] = {}
    for pages in groups.values():
        heads, feet = [], []
        for page in pages:
            lines = [ln for ln in page.lines if id(ln) in running]
            above = [ln for ln in lines if ln.bottom < page.height / 2]
            below = [ln for ln in lines if ln.top > page.height / 2]
            heads += [min(above, key=lambda ln: ln.top).bottom] if above else []
            feet += [max(below, key=lambda ln: ln.bottom).top] if below else []
        if not heads or not feet:
            continue
        head, foot = max(heads), min(feet)
        inside = [
            [ln for ln in page.lines if id(ln) not in running and ln.ink and ln.bottom <= foot]
            for page in pages
        ]
        starts = [
            min([ln.top for ln in lines] + [p.top for p in page.pictures])
            for page, lines in zip(pages, inside, strict=True)
            if lines
        ]
        ends = [ln.bottom for lines in inside for ln in lines]
        if not ends:
            continue
        top = _lowest_start(starts, layout.body_size) if len(starts) >= MIN_START_PAGES else head
        for page in pages:
            found[page.number] = MarginBand(head, foot, top, max(ends))
    return found


def _lowest_start(starts: list[float], em: float) -> float:
    """The highest start of a page's text, but for lone ones more than OUTLIER_EM above the
    next (a page's text set into the head margin; others start lower after a kept margin)."""
    ordered = sorted(starts)
    while len(ordered) > 2 and ordered[1] - ordered[0] > OUTLIER_EM * em:
        ordered.pop(0)
    return ordered[0]


def _text_past_margin(line: Line, band: MarginBand | None) -> str | None:
    """Text above the text area's top, or down in the foot margin (past the running foot's
    top: between the text area and the foot, text cannot be told from a short page's)."""
    if band is None:
        return None
    if line.bottom > band.foot + EDGE_SLACK:
        by = line.bottom - band.bottom
        return _(_PAST_AREA["text"]["bottom"], pt=by)
    by = band.top - line.top
    if by > line.em / 2 + EDGE_SLACK:
        return _(_PAST_AREA["text"]["top"], pt=by)
    return None


def _text_outside(page: PageLayout, line: Line, frame: Frame) -> str | None:
    slack = line.em / 2 + EDGE_SLACK
    if line.bottom < frame.top or line.top > frame.bottom:
        return None  # in the head or foot margin: a running line of a one-page document
    left, right = frame.left - line.x0, line.x1 - frame.right
    if right > slack or left > slack:
        side, by = ("right", right) if right > left else ("left", left)
        return _(_PAST_AREA["text"][side], pt=by)
    column = page.columns[line.column] if 0 <= line.column < len(page.columns) else None
    if column is not None and column.slot < column.slots - 1 and column.right > column.left:
        over = line.x1 - column.right
        if over > slack:
            return _("text reaches {pt:.1f} pt past the right edge of its column", pt=over)
    return None


def _bleeds(page: PageLayout, picture: Picture) -> bool:
    """A picture that runs to (or past) the page's trim edge on at least one side: on a
    cover (a page without the running head the other pages have), a designer's full-bleed
    picture, not a fault."""
    box = page.box
    return (
        picture.x0 <= box.x0 + BLEED_SLACK
        or picture.x1 >= box.x1 - BLEED_SLACK
        or picture.top <= box.top + BLEED_SLACK
        or picture.bottom >= box.bottom - BLEED_SLACK
    )


def _picture_outside(
    page: PageLayout, picture: Picture, frame: Frame, band: MarginBand | None
) -> str | None:
    slack = EDGE_SLACK + 0.5
    # down the page, the margin band when there is one: the frame is only the body's extent
    top = frame.top if band is None else band.top
    bottom = frame.bottom if band is None else band.bottom
    overs = {
        "left": frame.left - picture.x0,
        "right": picture.x1 - frame.right,
        "top": top - picture.top,
        "bottom": picture.bottom - bottom,
    }
    side, by = max(overs.items(), key=lambda kv: kv[1])
    if by > slack:
        return _(_PAST_AREA["picture"][side], pt=by)
    column = _picture_column(page, picture)
    if column is not None and column.slots > 1:
        over = max(picture.x1 - column.right, column.left - picture.x0)
        spans = picture.x1 - picture.x0 > (frame.right - frame.left) * 0.9
        if over > slack and not spans:
            return _("picture reaches {pt:.1f} pt past the edge of its column", pt=over)
    return None


def _size(picture: Picture) -> str:
    mm = 25.4 / 72
    width, height = (picture.x1 - picture.x0) * mm, (picture.bottom - picture.top) * mm
    x, y = picture.x0 * mm, picture.top * mm
    return _(
        "picture {width:.0f}×{height:.0f} mm at ({x:.0f}, {y:.0f}) mm",
        width=width,
        height=height,
        x=x,
        y=y,
    )


def captions_apart(layout: Layout) -> list[Fault]:
    """A picture at the foot of a column keeps its caption: the next column or page does
    not open with a caption line (see the module's docstring)."""
    running = running_lines(layout)
    faults = []
    pages = layout.pages
    for n, page in enumerate(pages):
        for picture in page.pictures:
            column = _picture_column(page, picture)
            below = [
                ln
                for ln in page.lines
                if id(ln) not in running
                and ln.ink
                and ln.top >= picture.bottom - 1
                and (column is None or ln.column == column.index)
            ]
            pictures_below = [p for p in page.pictures if p.top >= picture.bottom - 1]
            if below or pictures_below:
                continue
            opening = _next_opening(pages, n, column, running)
            if opening is None:
                continue
            line, where = opening
            middle = (picture.x0 + picture.x1) / 2
            centred = abs((line.x0 + line.x1) / 2 - middle) <= CAPTION_CENTRE_EM * line.em
            at_left = abs(line.x0 - picture.x0) <= line.em / 2
            small = line.size < 0.97 * layout.body_size and not line.body
            if small and (centred or at_left):
                message = _("the figure's caption is parted from it: it opens {where}", where=where)
                faults.append(Fault("caption-apart", page.number, message, line.text))
    return faults


def _next_opening(
    pages: Sequence[PageLayout], n: int, column: Column | None, running: set[int]
) -> tuple[Line, str] | None:
    """The first line of the next column of the band, or of the next page when nothing
    follows on this one."""
    page = pages[n]

    def text(col: Column) -> list[Line]:
        return [ln for ln in col.lines if id(ln) not in running and ln.ink]

    later = page.columns[column.index + 1 :] if column is not None else []
    if column is not None and later and later[0].slot > column.slot:  # the band's next column
        lines = text(later[0])
        where = _("the next column")
    elif not any(text(col) for col in later) and n + 1 < len(pages):
        following = pages[n + 1]
        lines = next((found for col in following.columns if (found := text(col))), [])
        where = _("page {page}", page=following.number)
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
