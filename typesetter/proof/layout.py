"""Infer a page's geometry from its text alone: body style, columns, edges, paragraphs.

Body text is the dominant size and font family of the document. Columns are the x-ranges
the body lines cover, split at gutters that no body line crosses. A column's left and right
edges are the robust extremes of its body lines' starts and ends, pooled over every page
with the same geometry. Paragraphs are runs of body lines at the column's left edge on the
regular line pitch; an indented line, a wider gap, another style or a heading starts a new
one, and a paragraph continues into the next column or page when that column starts flush.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from typesetter.proof.chars import CLOSING, OPENING, is_space
from typesetter.proof.lines import Line, Row, family, group_rows, split_row
from typesetter.proof.pdfchars import Box, PageGlyphs, Picture

_TOC_ROW = re.compile(r"(\.{3,}|…{2,}|·{3,})\s*\d{1,4}$")

#: A gutter is at least this wide (in body em) and separates columns at least this wide.
GUTTER_EM = 0.8
COLUMN_MIN_EM = 6.0
#: A line starting within this many em of the left edge continues the paragraph.
CONTINUATION_EM = 0.5
#: A column's last line runs on into the next column only if it ends this close (em) to the edge.
RUN_ON_EM = 3.0
#: An extreme start or end farther than this (em) from the next one is an outlier.
OUTLIER_EM = 1.5


@dataclass(eq=False)
class Column:
    page: int
    index: int
    x0: float
    x1: float
    lines: list[Line] = field(default_factory=list)  # sorted by top
    left: float = 0.0  # the body text's left edge
    right: float = 0.0  # the body text's right edge
    #: False when no full line shows where the right edge is (a page of short lines):
    #: then the edges are guesses, and nothing is measured against them.
    measured: bool = True
    #: The column's place in its band: ``slot`` of ``slots`` columns side by side. A page
    #: in one band (every page of a one-column layout) has one band of ``slots`` columns.
    slot: int = 0
    slots: int = 1
    #: A block across the columns (a spanning title, a source line), read between bands;
    #: its lines are no column's text (their ``column`` is -1).
    spans: bool = False
    #: The band's extent down the page (a spanning block's own extent).
    top: float = float("-inf")
    bottom: float = float("inf")

    @property
    def body_lines(self) -> list[Line]:
        return [line for line in self.lines if line.body]


@dataclass(eq=False)
class PageLayout:
    number: int
    width: float
    height: float
    box: Box
    lines: list[Line]  # reading order: column by column, top to bottom
    columns: list[Column]
    pictures: tuple[Picture, ...] = ()  # raster images


@dataclass(eq=False)
class Paragraph:
    lines: list[Line]  # in reading order; may continue across columns and pages
    columns: list[Column]  # the column of each line


@dataclass(eq=False)
class Layout:
    pages: list[PageLayout]
    body_size: float
    body_family: str
    pitch: float  # the body's baseline-to-baseline distance
    paragraphs: list[Paragraph]

    def flow(self) -> Iterator[Line]:
        for page in self.pages:
            yield from page.lines


def analyse(pages: Iterable[PageGlyphs], body_size: float | None = None) -> Layout:
    """Build the layout of a document from its pages' glyphs.

    The body text is the size most glyphs have, or ``body_size`` (pt) when it is known
    (the layout's, with ``proof --issue``) and the document has text of that size: in a
    short issue the source lines and the colophon can outnumber the body."""
    page_list = list(pages)
    rows = [group_rows(page.glyphs) for page in page_list]
    size, fam = _body_style((r for page_rows in rows for r in page_rows), body_size)
    firsts = [
        [split_row(row, page.number, (), page.rules) for row in page_rows]
        for page, page_rows in zip(page_list, rows, strict=True)
    ]
    gutters = [_page_gutters(first, size, fam) for first in firsts]
    _borrow_gutters(page_list, firsts, gutters, size, fam)
    layouts = [
        _page(page, page_rows, first, page_gutters, size, fam)
        for page, page_rows, first, page_gutters in zip(
            page_list, rows, firsts, gutters, strict=True
        )
    ]
    _set_edges(layouts)
    pitch = _pitch(layouts, size)
    paragraphs = _paragraphs(layouts, pitch, size)
    return Layout(layouts, size, fam, pitch, paragraphs)


#: The layout's body size is taken for the body when its text is at least this share of
#: the most common size's (a PDF built with another layout has little text at that size).
KNOWN_SHARE = 0.25


def _body_style(rows: Iterable[Row], known: float | None = None) -> tuple[float, str]:
    sizes: Counter[float] = Counter()
    families: Counter[tuple[float, str]] = Counter()
    for row in rows:
        text = "".join(g.text for g in sorted(row.glyphs, key=lambda g: g.x0)).rstrip()
        if _TOC_ROW.search(text):  # a long table of contents is not the body text
            continue
        for glyph in row.glyphs:
            if not is_space(glyph.char):
                sizes[glyph.size] += 1
                families[glyph.size, family(glyph.font)] += 1
    if not sizes:
        return 0.0, ""
    size = sizes.most_common(1)[0][0]
    if known is not None:
        near = [s for s in sizes if abs(s - known) <= 0.02 * known]
        best = max(near, key=lambda s: sizes[s], default=size)
        if sizes[best] >= KNOWN_SHARE * sizes[size]:
            size = best
    fam = max((n, f) for (s, f), n in families.items() if s == size)[1]
    return size, fam


#: A line at the body size is body text when at least this share of its glyphs is in the
#: body's family (the rest a bold lead set in the sans, as a paragraph may open).
BODY_SHARE = 0.25


def _is_body(line: Line, size: float, fam: str) -> bool:
    if abs(line.size - size) > 0.02 * size:
        return False
    if line.family == fam:
        return True
    own = sum(1 for g in line.ink if family(g.font) == fam and abs(g.size - size) <= 0.02 * size)
    return own >= BODY_SHARE * len(line.ink)


def _page_gutters(
    first: Sequence[Sequence[Line]], size: float, fam: str
) -> list[tuple[float, float]]:
    body = [ln for pieces in first for ln in pieces if _is_body(ln, size, fam)]
    return _gutters(body, size) or _paired_gutters(first, size, fam)


def _borrow_gutters(
    pages: Sequence[PageGlyphs],
    firsts: Sequence[Sequence[Sequence[Line]]],
    gutters: list[list[tuple[float, float]]],
    size: float,
    fam: str,
) -> None:
    """A page with no gutter of its own takes the gutters most pages of its size have, when
    one of its lines is a full line of their first column: the page holds the end of a
    two-column text above text across the page (an article's last lines over a books
    section)."""
    seen: defaultdict[tuple[int, int], Counter[tuple[tuple[float, float], ...]]]
    seen = defaultdict(Counter)
    for page, found in zip(pages, gutters, strict=True):
        if found:
            key = tuple((round(g0), round(g1)) for g0, g1 in found)
            seen[round(page.width), round(page.height)][key] += 1
    for i, (page, first) in enumerate(zip(pages, firsts, strict=True)):
        common = seen.get((round(page.width), round(page.height)))
        if gutters[i] or not common:
            continue
        borrowed = [(float(g0), float(g1)) for g0, g1 in common.most_common(1)[0][0]]
        edge = borrowed[0][0]
        full = [
            ln
            for pieces in first
            for ln in pieces
            if _is_body(ln, size, fam)
            and abs(ln.x1 - edge) <= 1.5
            and ln.x1 - ln.x0 >= FULL_LINE_EM * ln.em
        ]
        if full:
            gutters[i] = borrowed


def _page(
    page: PageGlyphs,
    rows: list[Row],
    first: Sequence[Sequence[Line]],
    gutters: list[tuple[float, float]],
    size: float,
    fam: str,
) -> PageLayout:
    body = [ln for pieces in first for ln in pieces if _is_body(ln, size, fam)]
    columns = _columns(body, gutters, page.number)
    lines: list[Line] = []
    wide: set[int] = set()  # body text across the gutter: a one-column band, or a fault
    for row in rows:
        pieces = split_row(row, page.number, gutters, page.rules)
        tabular = _has_cells(pieces, gutters)
        for line in pieces:
            line.column = _column_of(line, columns)
            spans = line.column < 0  # a line across several columns is no column's text
            listed = line.toc_entry  # TOC lines may stay ragged
            line.body = _is_body(line, size, fam) and not (tabular or spans or listed)
            if spans and _is_body(line, size, fam) and not (tabular or listed):
                wide.add(id(line))
            lines.append(line)
    if len(columns) > 1:
        columns = _bands(lines, columns, page, wide)
    else:
        columns[0].lines.extend(lines)
    for column in columns:
        column.lines.sort(key=lambda ln: ln.top)
    ordered = [line for column in columns for line in column.lines]
    return PageLayout(
        page.number, page.width, page.height, page.box, ordered, columns, page.pictures
    )


def _gutters(body: Sequence[Line], size: float) -> list[tuple[float, float]]:
    """Vertical strips no body line (or almost none) crosses, between two real columns."""
    if not body or size <= 0:
        return []
    start = int(min(ln.x0 for ln in body))
    counts = [0] * (int(max(ln.x1 for ln in body)) - start + 2)
    for line in body:
        for x in range(int(line.x0) - start, int(line.x1) - start + 1):
            counts[x] += 1
    low = max(1, max(counts) // 20)  # a title or two may cross a gutter
    runs = _low_runs(counts, low)
    gutters: list[tuple[float, float]] = []
    left = 0
    for run_start, run_end in runs:
        right_end = next((s for s, _ in runs if s > run_end), len(counts))
        wide = run_end - run_start >= GUTTER_EM * size
        if (
            wide
            and run_start - left >= COLUMN_MIN_EM * size
            and (right_end - run_end >= COLUMN_MIN_EM * size)
        ):
            gutters.append((start + run_start, start + run_end))
            left = run_end
    return gutters


#: Gutters are looked for among side-by-side lines alone when at least this many rows hold two.
MIN_PAIRED_ROWS = 4


def _paired_gutters(
    rows: Sequence[Sequence[Line]], size: float, fam: str
) -> list[tuple[float, float]]:
    """Gutters of a page whose columns stand above or below text across them (a books
    section under two-column articles): found among the rows holding two lines of body
    text side by side, when there are enough of them."""
    body_rows = ([ln for ln in pieces if _is_body(ln, size, fam)] for pieces in rows)
    paired = [body for body in body_rows if len(body) >= 2]
    if len(paired) < MIN_PAIRED_ROWS:
        return []
    return _gutters([ln for pieces in paired for ln in pieces], size)


def _low_runs(counts: list[int], low: int) -> list[tuple[int, int]]:
    """Maximal runs of bins with a count at or below ``low``, strictly inside the covered range."""
    runs: list[tuple[int, int]] = []
    begin: int | None = None
    for x, count in enumerate(counts):
        if count <= low and begin is None and x > 0:
            begin = x
        elif count > low and begin is not None:
            runs.append((begin, x))
            begin = None
    return runs


def _columns(
    body: Sequence[Line], gutters: Sequence[tuple[float, float]], page: int
) -> list[Column]:
    if not body:
        return [Column(page, 0, 0.0, 0.0)]
    bounds = [min(ln.x0 for ln in body)]
    for g0, g1 in gutters:
        bounds += [g0, g1]
    bounds.append(max(ln.x1 for ln in body))
    count = len(bounds) // 2
    return [
        Column(page, i, bounds[2 * i], bounds[2 * i + 1], slot=i, slots=count) for i in range(count)
    ]


def _column_of(line: Line, columns: Sequence[Column]) -> int:
    overlaps = [c.index for c in columns if min(line.x1, c.x1) - max(line.x0, c.x0) > line.em / 2]
    if len(overlaps) == 1:
        return overlaps[0]
    if len(overlaps) > 1:
        return -1
    middle = (line.x0 + line.x1) / 2
    return min(columns, key=lambda c: abs((c.x0 + c.x1) / 2 - middle)).index


def _bands(
    lines: Sequence[Line], slots: Sequence[Column], page: PageGlyphs, wide: set[int]
) -> list[Column]:
    """Read a page of several columns in horizontal bands, top to bottom.

    A spanning block (a title, a byline, a source line, a picture across the gutter) divides
    the page; between two of them the columns of a band are read left to right, each top to
    bottom. A band holding two or more lines of body text across the gutter (``wide``) is
    one column (a books section under two-column articles). ``lines`` carry the index of
    their slot (-1 across the gutter); they leave with the index of their column in the
    returned reading order (-1 in a spanning block).
    """
    cuts = _cut_pictures(page.pictures, slots)
    spanning = _spanning(lines, slots, cuts, page.pictures)
    items: list[tuple[float, Line | Picture]] = [((ln.top + ln.bottom) / 2, ln) for ln in lines]
    items += [((p.top + p.bottom) / 2, p) for p in cuts]
    items.sort(key=lambda item: item[0])
    spanning -= _one_column_text(items, spanning, wide)
    columns: list[Column] = []
    band: list[Line] = []
    block: list[Line] = []
    edge = float("-inf")  # the bottom of the last cut: the top of the next band

    def flush_band(bottom: float) -> None:
        if any(id(ln) in wide for ln in band):
            column = Column(page.number, len(columns), slots[0].x0, slots[-1].x1, list(band))
            column.top, column.bottom = edge, bottom
            for line in band:
                line.column = column.index
                line.body = line.body or id(line) in wide
            columns.append(column)
            band.clear()
            return
        held_by_slot = [[ln for ln in band if ln.column == slot.index] for slot in slots]
        for slot, held in zip(slots, held_by_slot, strict=True):
            if not held:
                continue
            column = Column(page.number, len(columns), slot.x0, slot.x1, held)
            column.slot, column.slots = slot.index, len(slots)
            column.top, column.bottom = edge, bottom
            for line in held:
                line.column = column.index
            columns.append(column)
        band.clear()

    def flush_block() -> None:
        if block:
            x0, x1 = min(ln.x0 for ln in block), max(ln.x1 for ln in block)
            column = Column(page.number, len(columns), x0, x1, list(block), measured=False)
            column.spans = True
            column.top, column.bottom = min(ln.top for ln in block), max(ln.bottom for ln in block)
            for line in block:
                line.column = -1
            columns.append(column)
        block.clear()

    for _, item in items:
        if isinstance(item, Picture):
            flush_band(item.top)
            flush_block()
            edge = item.bottom
        elif id(item) in spanning:
            flush_band(item.top)
            block.append(item)
            edge = item.bottom
        else:
            flush_block()
            band.append(item)
    flush_band(float("inf"))
    flush_block()
    return columns


def _one_column_text(
    items: Sequence[tuple[float, Line | Picture]], spanning: set[int], wide: set[int]
) -> set[int]:
    """The wide body lines that stand at least two between the same spanning blocks: they
    are read as a band of one column, not as spanning blocks."""
    found: set[int] = set()
    run: list[int] = []
    for _, item in [*items, (0.0, None)]:
        divides = item is None or isinstance(item, Picture)
        divides = divides or (id(item) in spanning and id(item) not in wide)
        if divides:
            found.update(run if len(run) >= 2 else ())
            run = []
        elif id(item) in wide:
            run.append(id(item))
    return found


#: Lines side by side overlap down the page by more than this (pt).
BESIDE_PT = 1.0
#: A line shorter than a column spans only if it starts or ends this close (em) to the text
#: area's edge (a heading after a square drawn before it; not a book's title beside its cover).
EDGE_EM = 2.0
#: The lines of one spanning block (a wrapped title, a byline) are at most this far apart (em).
BLOCK_GAP_EM = 2.0


def _cut_pictures(pictures: Sequence[Picture], slots: Sequence[Column]) -> list[Picture]:
    """The pictures set across the gutter: they divide the page like a spanning title."""
    return [p for p in pictures if sum(min(p.x1, c.x1) - max(p.x0, c.x0) > 1.0 for c in slots) > 1]


def _spanning(
    lines: Sequence[Line],
    slots: Sequence[Column],
    cuts: Sequence[Picture],
    pictures: Sequence[Picture],
) -> set[int]:
    """The ids of the lines that span the columns rather than sit in one.

    A line across the gutter spans. So does a line that is not body text (a title shorter
    than a column, a source line, a colophon line), starts at the text area's left edge or
    ends at its right one, has nothing beside it across the gutter and is not under a
    picture (a caption), when another column has body text below it before the next
    spanning line or picture, or when it is part of a block of spanning lines; and so do
    the other lines (not body text) on a spanning line's baseline.
    """
    spans = {id(ln) for ln in lines if ln.column < 0}
    in_columns = [p for p in pictures if p not in cuts]
    left, right = slots[0].x0, slots[-1].x1
    candidates = [
        ln
        for ln in lines
        if not ln.body
        and ln.column >= 0
        and (abs(ln.x0 - left) <= EDGE_EM * ln.em or abs(ln.x1 - right) <= EDGE_EM * ln.em)
        and not _beside(ln, lines, in_columns)
        and not any(p.bottom - 1 <= ln.top <= p.bottom + ln.em and _across(ln, p) for p in pictures)
    ]
    if not candidates:
        return spans
    stops = sorted([ln.top for ln in lines if id(ln) in spans] + [p.top for p in cuts])
    for line in candidates:
        stop = next((top for top in stops if top >= line.bottom - 0.5), float("inf"))
        if any(
            other.body and other.column != line.column and line.bottom <= other.top < stop
            for other in lines
        ):
            spans.add(id(line))
    ordered = sorted(lines, key=lambda ln: (ln.top + ln.bottom) / 2)
    position = {id(ln): i for i, ln in enumerate(ordered)}
    own = {id(ln): _gap_above(ln, lines) for ln in candidates}
    changed = True
    while changed:
        changed = False
        for line in candidates:
            if id(line) in spans:
                continue
            i = position[id(line)]
            neighbours = ordered[max(i - 1, 0) : i] + ordered[i + 1 : i + 2]
            if any(
                id(n) in spans and _gap(line, n) <= min(BLOCK_GAP_EM * line.em, own[id(line)])
                for n in neighbours
            ):
                spans.add(id(line))
                changed = True
    rows = {round(ln.baseline) for ln in lines if id(ln) in spans}
    for line in lines:  # the other cells of a spanning row (a colophon's phone number)
        if not line.body and any(abs(line.baseline - row) <= 1.0 for row in rows):
            spans.add(id(line))
    return spans


def _gap_above(line: Line, lines: Sequence[Line]) -> float:
    """How far ``line`` stands below the text above it in its own column (a line closer to
    its column than to a spanning block belongs to the column: a table cell's second line)."""
    above = [
        line.top - ln.bottom
        for ln in lines
        if ln.column == line.column and ln is not line and ln.bottom <= line.top + 1
    ]
    return max(min(above), 0.0) if above else float("inf")


def _beside(line: Line, lines: Sequence[Line], pictures: Sequence[Picture]) -> bool:
    """Text (or a picture) of another column sits beside ``line``."""
    for other in lines:
        if 0 <= other.column != line.column and _overlap_down(line, other.top, other.bottom):
            return True
    return any(_overlap_down(line, p.top, p.bottom) and not _across(line, p) for p in pictures)


def _overlap_down(line: Line, top: float, bottom: float) -> bool:
    return min(line.bottom, bottom) - max(line.top, top) > BESIDE_PT


def _across(line: Line, picture: Picture) -> bool:
    return min(line.x1, picture.x1) - max(line.x0, picture.x0) > 0


def _gap(a: Line, b: Line) -> float:
    return max(b.top - a.bottom, a.top - b.bottom, 0.0)


def _has_cells(pieces: Sequence[Line], gutters: Sequence[tuple[float, float]]) -> bool:
    """A row cut by a wide gap that is not a gutter: table cells, a TOC entry and its number."""
    for left, right in itertools.pairwise(pieces):
        hang = left.em / 2  # a closing mark may hang into the gutter
        if not any(left.x1 <= g0 + hang + 1 and right.x0 >= g1 - 1 for g0, g1 in gutters):
            return True
    return False


#: A line at least this long (in em) reaching the right edge shows where the edge is.
FULL_LINE_EM = 8.0
#: Lines ending in a closing mark set the right edge when all others end this far short.
SHORT_END_EM = 2.0


def _robust(values: Sequence[float], em: float, *, highest: bool) -> float:
    """The extreme value, after dropping lone outliers more than OUTLIER_EM beyond the next."""
    ordered = sorted(values, reverse=highest)
    while len(ordered) > 2 and abs(ordered[0] - ordered[1]) > OUTLIER_EM * em:
        ordered.pop(0)
    return ordered[0]


def _starts(column: Column) -> list[float]:
    return [ln.x0 for ln in column.body_lines if ln.first.char not in OPENING]


def _ends(column: Column) -> list[float]:
    return [ln.x1 for ln in column.body_lines if not ln.url_only and ln.last.char not in CLOSING]


def _right_edge(column: Column, em: float) -> float:
    """The column's right edge: where its lines end, not counting lines that end in a
    closing mark (whose glyph may be compressed or hang) — unless every other line ends
    well short of those (a short text of list items and one or two full lines)."""
    every = _robust([ln.x1 for ln in column.body_lines], em, highest=True)
    ends = _ends(column)
    if not ends:
        return every
    right = _robust(ends, em, highest=True)
    return every if right < every - SHORT_END_EM * em else right


def _set_edges(pages: Sequence[PageLayout]) -> None:
    """Give each column its left and right edges, pooled over columns of the same geometry.

    The columns of one slot on a page (one per band) are measured together first: a band
    may hold only a list's indented lines."""
    pools: dict[tuple[int, ...], list[list[Column]]] = defaultdict(list)
    for page in pages:
        slots: defaultdict[tuple[int, int], list[Column]] = defaultdict(list)
        for column in page.columns:
            if column.body_lines:
                slots[column.slots, column.slot].append(column)
        for together in slots.values():
            lines = [ln for column in together for ln in column.lines]
            merged = Column(page.number, -1, 0.0, 0.0, lines) if len(together) > 1 else together[0]
            body = merged.body_lines
            em = body[0].em
            left = _robust(_starts(merged) or [ln.x0 for ln in body], em, highest=False)
            right = _right_edge(merged, em)
            for column in together:
                column.left, column.right = left, right
        for column in page.columns:
            if not column.body_lines:
                continue
            em = column.body_lines[0].em
            side = page.number % 2 if column.slots > 1 else 0  # beside a gutter, each side
            key = (round(page.width), round(page.height), column.slots, column.slot, side)
            groups = pools[key]
            group = next((g for g in groups if _same_geometry(g[0], column, em)), None)
            if group is None:
                groups.append([column])
            else:
                group.append(column)
    for groups in pools.values():
        for group in groups:
            _pool(group)


def _same_geometry(a: Column, b: Column, em: float) -> bool:
    """Columns at the same left edge share their edges (a page's last column may be sparse).
    Beside a gutter (on one side of the spread), a column holding only a list's indented
    items (its left edge found under an em too far right) is measured like its neighbours."""
    return abs(a.left - b.left) <= (em if b.slots > 1 else 1.0)


def _pool(group: Sequence[Column]) -> None:
    em = group[0].body_lines[0].em
    starts = [x for c in group for x in _starts(c)]
    ends = [x for c in group for x in _ends(c)]
    left = _robust(starts, em, highest=False) if starts else None
    right = _robust(ends, em, highest=True) if ends else None
    for column in group:
        column.left = column.left if left is None else left
        column.right = column.right if right is None else right
    measured = any(
        abs(ln.x1 - column.right) <= em / 2 and ln.x1 - ln.x0 >= FULL_LINE_EM * em
        for column in group
        for ln in column.body_lines
    )
    for column in group:
        column.measured = measured


def _pitch(pages: Sequence[PageLayout], size: float) -> float:
    """The body's line pitch: the smallest baseline distance seen at least twice (the gaps
    between paragraphs are larger; a stray overprint is seen once)."""
    deltas: Counter[float] = Counter()
    for page in pages:
        for column in page.columns:
            body = column.body_lines
            for above, below in itertools.pairwise(body):
                delta = below.baseline - above.baseline
                if 0.8 * size < delta < 3 * size:
                    deltas[round(delta, 1)] += 1
    common = sorted(d for d, n in deltas.items() if n >= 2)
    if common:
        return common[0]
    return deltas.most_common(1)[0][0] if deltas else 1.5 * size


class _Builder:
    """Walks the columns in reading order and cuts body lines into paragraphs."""

    def __init__(self, pitch: float, pages: Sequence[PageLayout]) -> None:
        self.pitch = pitch
        self.pages = {page.number: page for page in pages}
        self.paragraphs: list[Paragraph] = []
        self.lines: list[Line] = []
        self.columns: list[Column] = []

    def close(self) -> None:
        if self.lines:
            self.paragraphs.append(Paragraph(self.lines, self.columns))
        self.lines, self.columns = [], []

    def add(self, line: Line, column: Column) -> None:
        if self.lines and not self._continues(line, column):
            self.close()
        self.lines.append(line)
        self.columns.append(column)

    def _continues(self, line: Line, column: Column) -> bool:
        previous = self.lines[-1]
        if previous.size != line.size:  # (body lines share the family, or hold a bold lead)
            return False
        if abs(line.start_offset(column.left)) > CONTINUATION_EM * line.em:
            return False
        if self.columns[-1] is not column:  # a paragraph's end may coincide with a column's
            full = previous.x1 >= self.columns[-1].right - RUN_ON_EM * previous.em
            return full and _same_flow(self.columns[-1], column, self.pages)
        delta = line.baseline - previous.baseline
        return 0 < delta <= self.pitch + 0.25 * line.em

    def _lead(self, line: Line, column: Column) -> bool:
        """A whole line of a paragraph's bold lead (in the sans): at the body size, inside an
        open paragraph, meeting both edges of the column."""
        if not self.lines or not line.ink or abs(line.size - self.lines[-1].size) > 0.02 * line.em:
            return False
        flush_left = abs(line.start_offset(column.left)) <= CONTINUATION_EM * line.em
        return flush_left and line.end_flush(column.right, 0.5) and not line.toc_entry

    def column(self, column: Column, body_size: float) -> None:
        lines = column.lines
        body = [i for i, ln in enumerate(lines) if ln.body]
        if not body:
            if any(ln.size > body_size for ln in lines):
                self.close()
            return
        head, tail = lines[: body[0]], lines[body[-1] + 1 :]
        if any(ln.size > body_size for ln in head):
            self.close()
        for line in lines[body[0] : body[-1] + 1]:
            if line.body or self._lead(line, column):
                self.add(line, column)
            else:
                self.close()
        if any(ln.size > body_size for ln in tail):
            self.close()


def _same_flow(previous: Column, column: Column, pages: dict[int, PageLayout]) -> bool:
    """The text runs on from ``previous`` into ``column``: the next column of the same page,
    or the first column of a later page set like the previous page (or the one before it,
    for mirrored margins)."""
    if column.page == previous.page:
        return column.index == previous.index + 1
    if column is not first_text_column(pages[column.page]):
        return False
    for back in (1, 2):
        earlier = pages.get(column.page - back)
        first = first_text_column(earlier) if earlier else None
        if first is not None and abs(first.left - column.left) <= 1.0:
            return True
    return False


def first_text_column(page: PageLayout) -> Column | None:
    """The page's first column in reading order that is not a spanning block."""
    return next((c for c in page.columns if not c.spans), None)


def _paragraphs(pages: Sequence[PageLayout], pitch: float, body_size: float) -> list[Paragraph]:
    builder = _Builder(pitch, pages)
    for page in pages:
        for column in page.columns:
            size = column.body_lines[0].size if column.body_lines else 0.0
            builder.column(column, body_size if column.spans else size)
    builder.close()
    return builder.paragraphs
