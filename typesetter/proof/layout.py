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


def analyse(pages: Iterable[PageGlyphs]) -> Layout:
    """Build the layout of a document from its pages' glyphs."""
    page_list = list(pages)
    rows = [group_rows(page.glyphs) for page in page_list]
    size, fam = _body_style(r for page_rows in rows for r in page_rows)
    layouts = [
        _page(page, page_rows, size, fam) for page, page_rows in zip(page_list, rows, strict=True)
    ]
    _set_edges(layouts)
    pitch = _pitch(layouts, size)
    paragraphs = _paragraphs(layouts, pitch)
    return Layout(layouts, size, fam, pitch, paragraphs)


def _body_style(rows: Iterable[Row]) -> tuple[float, str]:
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
    fam = max((n, f) for (s, f), n in families.items() if s == size)[1]
    return size, fam


def _is_body(line: Line, size: float, fam: str) -> bool:
    return abs(line.size - size) <= 0.02 * size and line.family == fam


def _page(page: PageGlyphs, rows: list[Row], size: float, fam: str) -> PageLayout:
    first = [split_row(row, page.number, (), page.rules) for row in rows]
    body = [ln for pieces in first for ln in pieces if _is_body(ln, size, fam)]
    gutters = _gutters(body, size)
    columns = _columns(body, gutters, page.number)
    lines: list[Line] = []
    for row in rows:
        pieces = split_row(row, page.number, gutters, page.rules)
        tabular = _has_cells(pieces, gutters)
        for line in pieces:
            line.column = _column_of(line, columns)
            spans = line.column < 0  # a line across several columns is no column's text
            listed = line.toc_entry  # TOC lines may stay ragged
            line.body = _is_body(line, size, fam) and not (tabular or spans or listed)
            lines.append(line)
    for line in lines:
        columns[max(line.column, 0)].lines.append(line)
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
    return [Column(page, i, bounds[2 * i], bounds[2 * i + 1]) for i in range(len(bounds) // 2)]


def _column_of(line: Line, columns: Sequence[Column]) -> int:
    overlaps = [c.index for c in columns if min(line.x1, c.x1) - max(line.x0, c.x0) > line.em / 2]
    if len(overlaps) == 1:
        return overlaps[0]
    if len(overlaps) > 1:
        return -1
    middle = (line.x0 + line.x1) / 2
    return min(columns, key=lambda c: abs((c.x0 + c.x1) / 2 - middle)).index


def _has_cells(pieces: Sequence[Line], gutters: Sequence[tuple[float, float]]) -> bool:
    """A row cut by a wide gap that is not a gutter: table cells, a TOC entry and its number."""
    for left, right in itertools.pairwise(pieces):
        if not any(left.x1 <= g0 + 1 and right.x0 >= g1 - 1 for g0, g1 in gutters):
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
    """Give each column its left and right edges, pooled over columns of the same geometry."""
    pools: dict[tuple[int, ...], list[list[Column]]] = defaultdict(list)
    for page in pages:
        for column in page.columns:
            body = column.body_lines
            if not body:
                continue
            em = body[0].em
            column.left = _robust(_starts(column) or [ln.x0 for ln in body], em, highest=False)
            column.right = _right_edge(column, em)
            key = (round(page.width), round(page.height), len(page.columns), column.index)
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
    """Columns at the same left edge share their edges (a page's last column may be sparse)."""
    return abs(a.left - b.left) <= 1.0


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
        if (previous.size, previous.family) != (line.size, line.family):
            return False
        if abs(line.start_offset(column.left)) > CONTINUATION_EM * line.em:
            return False
        if self.columns[-1] is not column:  # a paragraph's end may coincide with a column's
            full = previous.x1 >= self.columns[-1].right - RUN_ON_EM * previous.em
            return full and _same_flow(self.columns[-1], column, self.pages)
        delta = line.baseline - previous.baseline
        return 0 < delta <= self.pitch + 0.25 * line.em

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
            if line.body:
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
    if column.index != 0:
        return False
    for back in (1, 2):
        earlier = pages.get(column.page - back)
        if earlier and earlier.columns and abs(earlier.columns[0].left - column.left) <= 1.0:
            return True
    return False


def _paragraphs(pages: Sequence[PageLayout], pitch: float) -> list[Paragraph]:
    builder = _Builder(pitch, pages)
    for page in pages:
        for column in page.columns:
            size = column.body_lines[0].size if column.body_lines else 0.0
            builder.column(column, size)
    builder.close()
    return builder.paragraphs
