"""Lines of text: glyphs grouped by baseline, split at column gutters and wide gaps."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from statistics import median

from typesetter.proof.chars import CLOSING, OPENING, is_han, is_latin, is_space, is_url_char
from typesetter.proof.pdfchars import Glyph, Rule

_WEIGHT = re.compile(
    r"[-,_ ]?(Regular|Bold|SemiBold|Semibold|DemiBold|Medium|Light|ExtraLight|DemiLight|Thin|"
    r"Black|Heavy|ExtraBold|Italic|BoldItalic|Oblique|Book|Roman)$",
    re.IGNORECASE,
)

_TOC_ENTRY = re.compile(r"\D\s*\d{1,4}$")
_LEADER = re.compile(r"(\.{3,}|…{2,}|·{3,}|_{3,}|-{3,})\s*\d{1,4}$")

#: Glyphs of one line share their baseline within this many points.
BASELINE_TOLERANCE = 1.0
#: A gap wider than this many em, with no space beside it, separates two lines (table cells…),
#: and so does one this much wider than the row's gaps between Han characters.
SPLIT_GAP_EM = 1.5
CELL_GAP_EM = 0.75
#: A line whose typical gap is this wide (em) is spaced out at every gap.
STRETCHED_EM = 0.3


@cache
def family(font: str) -> str:
    """The font's family: its name without the weight or style suffix."""
    previous = None
    while previous != font:
        previous, font = font, _WEIGHT.sub("", font)
    return font


@dataclass(eq=False)
class Line:
    """A run of glyphs on one baseline inside one column (or spanning the page)."""

    page: int
    glyphs: list[Glyph]  # sorted by x0; spaces included
    column: int = -1  # index of the page's column; -1 when the line spans columns
    body: bool = False  # set by the layout: the dominant size and family of the document

    @cached_property
    def ink(self) -> list[Glyph]:
        """The glyphs that are not spaces."""
        return [g for g in self.glyphs if not is_space(g.char)]

    @cached_property
    def text(self) -> str:
        return "".join(g.text for g in self.glyphs).strip()

    @property
    def first(self) -> Glyph:
        return self.ink[0]

    @property
    def last(self) -> Glyph:
        return self.ink[-1]

    @property
    def x0(self) -> float:
        return self.ink[0].x0

    @property
    def x1(self) -> float:
        return self.ink[-1].x1

    @cached_property
    def top(self) -> float:
        return min(g.top for g in self.ink)

    @cached_property
    def bottom(self) -> float:
        return max(g.bottom for g in self.ink)

    @cached_property
    def _main(self) -> tuple[float, str, float]:
        counts = Counter((g.size, family(g.font)) for g in self.ink)
        (size, fam), _ = counts.most_common(1)[0]
        baseline = next(g.baseline for g in self.ink if g.size == size)
        return size, fam, baseline

    @property
    def size(self) -> float:
        """The dominant font size (by glyph count)."""
        return self._main[0]

    @property
    def family(self) -> str:
        return self._main[1]

    @property
    def baseline(self) -> float:
        return self._main[2]

    @property
    def em(self) -> float:
        return self.size

    @cached_property
    def han_count(self) -> int:
        return sum(1 for g in self.ink if is_han(g.char))

    @property
    def url_only(self) -> bool:
        """Only an unbreakable Latin run (a long URL): it has no expansion opportunity."""
        chars = "".join(g.text for g in self.ink)
        return all(is_url_char(c) for c in chars) and not self._inner_space()

    def _inner_space(self) -> bool:
        inner = self.glyphs
        while inner and is_space(inner[0].char):
            inner = inner[1:]
        while inner and is_space(inner[-1].char):
            inner = inner[:-1]
        return any(is_space(g.char) for g in inner)

    def end_flush(self, right: float, tolerance: float) -> bool:
        """The line's end meets ``right``; a closing mark may be set half-width there."""
        last = self.last
        if abs(last.x1 - right) <= tolerance:
            return True
        return last.char in CLOSING and abs(last.x0 + last.size / 2 - right) <= tolerance

    def start_offset(self, left: float) -> float:
        """How far the line starts right of ``left`` (an opening mark may hang half-width)."""
        first = self.first
        offset = first.x0 - left
        if first.char in OPENING and abs(offset + first.size / 2) < abs(offset):
            return offset + first.size / 2
        return offset

    @cached_property
    def stretched(self) -> bool:
        """A line spaced out at every gap (a run of marks alone on a narrow line, spaced-out
        Hangul): its typical gap is at least STRETCHED_EM."""
        gaps = _gaps(self.ink)
        return len(gaps) >= 3 and median(gaps) >= STRETCHED_EM * self.em

    @property
    def has_latin(self) -> bool:
        return any(is_latin(g.char) for g in self.ink)

    @cached_property
    def toc_entry(self) -> bool:
        """A table-of-contents entry: a page number after a leader, a space or a wide gap."""
        if not _TOC_ENTRY.search(self.text):
            return False
        digits = 0
        while digits < len(self.ink) and self.ink[-1 - digits].char.isdigit():
            digits += 1
        if digits == len(self.ink):
            return False
        before, number = self.ink[-1 - digits], self.ink[-digits]
        between = [g.char for g in self.glyphs if before.x1 <= g.x0 < number.x0]
        if "\u3000" in between or _LEADER.search(self.text):
            return True
        return not between and number.x0 - before.x1 > self.em  # a tab stop or a flex gap


@dataclass
class Row:
    """Glyphs on one baseline across the whole page width."""

    glyphs: list[Glyph] = field(default_factory=list)

    @property
    def baseline(self) -> float:
        return self.glyphs[0].baseline

    @cached_property
    def size(self) -> float:
        return Counter(g.size for g in self.glyphs).most_common(1)[0][0]


def group_rows(glyphs: Iterable[Glyph]) -> list[Row]:
    """Group upright glyphs by baseline; fold raised or lowered small glyphs (superscript
    note calls) into the line they belong to."""
    rows: list[Row] = []
    for glyph in sorted((g for g in glyphs if g.upright), key=lambda g: (g.baseline, g.x0)):
        if rows and abs(glyph.baseline - rows[-1].baseline) <= BASELINE_TOLERANCE:
            rows[-1].glyphs.append(glyph)
        else:
            rows.append(Row([glyph]))
    return _fold_small_rows(rows)


def _fold_small_rows(rows: list[Row]) -> list[Row]:
    kept: list[Row] = []
    for row in sorted(rows, key=lambda r: -r.size):
        host = next((k for k in kept if _hosts(k, row)), None)
        if host is None:
            kept.append(row)
        else:
            host.glyphs.extend(row.glyphs)
    return sorted(kept, key=lambda r: r.baseline)


def _hosts(host: Row, row: Row) -> bool:
    if row.size > 0.85 * host.size:
        return False
    top = min(g.top for g in host.glyphs)
    bottom = max(g.bottom for g in host.glyphs)
    mid = (min(g.top for g in row.glyphs) + max(g.bottom for g in row.glyphs)) / 2
    if not top < mid < bottom:
        return False
    reach = 2 * host.size
    x0, x1 = min(g.x0 for g in row.glyphs), max(g.x1 for g in row.glyphs)
    return any(g.x0 - reach <= x1 and x0 <= g.x1 + reach for g in host.glyphs)


def split_row(
    row: Row,
    page: int,
    gutters: Sequence[tuple[float, float]],
    rules: Sequence[Rule] = (),
) -> list[Line]:
    """Cut a row into lines at gutters no glyph crosses, at table rules and at gaps too wide
    for justification (table cells, a TOC entry's page number): wider than 1.5 em, or by
    ¾ em than the row's typical gap (which a spaced-out line shows everywhere)."""
    glyphs = sorted(row.glyphs, key=lambda g: g.x0)
    crossing = [r.x for r in rules if r.top < glyphs[0].baseline < r.bottom]
    segments: list[list[Glyph]] = [[glyphs[0]]]
    for previous, glyph in itertools.pairwise(glyphs):
        if _divided(previous, glyph, gutters, crossing):
            segments.append([glyph])
        else:
            segments[-1].append(glyph)
    pieces: list[list[Glyph]] = []
    for segment in segments:
        usual = _usual_gap(segment)
        wide = [_wide(a, b, usual) for a, b in itertools.pairwise(segment)]
        pieces.append([segment[0]])
        for glyph, cut in zip(segment[1:], wide, strict=True):
            if cut:
                pieces.append([glyph])
            else:
                pieces[-1].append(glyph)
    lines = [Line(page, piece) for piece in pieces]
    return [line for line in lines if line.ink]


def _gaps(glyphs: Sequence[Glyph]) -> list[float]:
    """The gaps between neighbours that are not spaces."""
    return [
        b.x0 - a.x1
        for a, b in itertools.pairwise(glyphs)
        if not is_space(a.char) and not is_space(b.char)
    ]


def han_gaps(glyphs: Sequence[Glyph]) -> list[float]:
    """The gaps between neighbours that are both Han characters (pt)."""
    return [b.x0 - a.x1 for a, b in itertools.pairwise(glyphs) if is_han(a.char) and is_han(b.char)]


def _usual_gap(glyphs: Sequence[Glyph]) -> float:
    """The row's justification expansion: its typical gap between Han characters, or between
    any characters when that is wider (a line of marks or Hangul spaced out)."""
    gaps = han_gaps(glyphs)
    every = _gaps(glyphs)
    return max(0.0, median(gaps) if gaps else 0.0, median(every) if every else 0.0)


def _divided(
    previous: Glyph,
    glyph: Glyph,
    gutters: Sequence[tuple[float, float]],
    rules: Sequence[float],
) -> bool:
    """A column gutter or a table rule runs between the two glyphs."""
    hang = previous.size / 2  # a closing mark may hang into the gutter
    if any(previous.x1 <= g0 + hang + 1 and glyph.x0 >= g1 - 1 for g0, g1 in gutters):
        return True
    return any(previous.x0 < x < glyph.x1 and previous.x1 - 1 <= x <= glyph.x0 + 1 for x in rules)


def _wide(previous: Glyph, glyph: Glyph, usual: float) -> bool:
    """A gap too wide for justification: between table cells, before a TOC number."""
    if is_space(previous.char) or is_space(glyph.char):
        return False
    gap, em = glyph.x0 - previous.x1, max(previous.size, glyph.size)
    return gap > SPLIT_GAP_EM * em or gap - usual > CELL_GAP_EM * em
