"""The typographic measurements (clreq §3.1–3.5), one function per kind of fault.

Each function takes the inferred :class:`Layout` and returns the faults it found. Widths are
measured in em of the glyphs concerned; justification stretches the gaps between Han
characters, so gap rules subtract the line's own Han–Han expansion first.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from statistics import median

from typesetter.i18n import Translator
from typesetter.proof.chars import (
    LINE_END_FORBIDDEN,
    LINE_START_FORBIDDEN,
    compressible_pair,
    is_han,
    is_latin,
)
from typesetter.proof.layout import Layout, Paragraph
from typesetter.proof.lines import Line
from typesetter.proof.pdfchars import Glyph
from typesetter.proof.report import Fault

#: A justified line meets its column's edges within this many points.
EDGE_TOLERANCE = 0.5
#: Two compressed marks take 1.5 em; a pair wider than this (em) was not compressed.
PAIR_LIMIT_EM = 1.75
#: The Han–Western gap is ¼ em, within this many em.
GAP_EM, GAP_TOLERANCE_EM = 0.25, 0.05
#: A justified line may stretch its Han–Western gaps uniformly up to this (em).
GAP_STRETCH_LIMIT_EM = 0.8

_ = Translator("proof")


def line_start(layout: Layout) -> list[Fault]:
    """No line starts with a closing mark, a pause mark, ``％`` or ``·``."""
    return [
        Fault("line-start", ln.page, _("line starts with “{char}”", char=ln.first.char), ln.text)
        for ln in layout.flow()
        if ln.first.char in LINE_START_FORBIDDEN
    ]


def line_end(layout: Layout) -> list[Fault]:
    """No line ends with an opening mark."""
    return [
        Fault("line-end", ln.page, _("line ends with “{char}”", char=ln.last.text[-1]), ln.text)
        for ln in layout.flow()
        if ln.last.text[-1] in LINE_END_FORBIDDEN
    ]


def split_pairs(layout: Layout) -> list[Fault]:
    """``——`` and ``……`` are never split across lines (or columns, or pages)."""
    faults = []
    for above, below in _successive_lines(layout):
        mark = above.last.text[-1]
        if mark in "—―…" and below.first.char == mark and _run(above.text, mark) % 2:
            kind = "split-ellipsis" if mark == "…" else "split-dash"
            message = _("“{pair}” split across lines", pair=mark * 2)
            faults.append(Fault(kind, below.page, message, below.text))
    return faults


def _run(text: str, mark: str) -> int:
    """How many ``mark`` end ``text`` (an even number is whole pairs)."""
    return len(text) - len(text.rstrip(mark))


def _successive_lines(layout: Layout) -> Iterator[tuple[Line, Line]]:
    """Pairs of a line and the next one: within each column, and along the body text."""
    seen: set[tuple[int, int]] = set()
    pairs = [
        pair
        for page in layout.pages
        for column in page.columns
        for pair in zip(column.lines, column.lines[1:], strict=False)
    ]
    body = [line for line in layout.flow() if line.body]
    pairs += list(itertools.pairwise(body))
    for above, below in pairs:
        key = (id(above), id(below))
        if key not in seen:
            seen.add(key)
            yield above, below


def expansion(line: Line) -> float:
    """The line's justification expansion: the median gap between adjacent Han characters."""
    gaps = [
        b.x0 - a.x1
        for a, b in zip(line.glyphs, line.glyphs[1:], strict=False)
        if is_han(a.char) and is_han(b.char) and a.size == b.size
    ]
    return max(0.0, median(gaps)) if gaps else 0.0


def punct_pairs(layout: Layout) -> list[Fault]:
    """Two adjacent full-width marks take 1.5 em together, not 2 em — except on a line
    stretched at every gap (a run of marks alone on a narrow line): justification may undo
    their compression before it spaces the characters out."""
    faults = []
    for line in layout.flow():
        if line.stretched:
            continue
        extra = None
        for a, b in zip(line.glyphs, line.glyphs[1:], strict=False):
            if not compressible_pair(a.char, b.char) or abs(a.size - b.size) > 0.05 * a.size:
                continue
            extra = expansion(line) if extra is None else extra
            width = (b.x1 - a.x0 - extra) / a.size
            if width > PAIR_LIMIT_EM:
                message = _(
                    "“{pair}” takes {width:.2f} em (expected 1.5 em)",
                    pair=a.char + b.char,
                    width=width,
                )
                faults.append(Fault("punct-pair", line.page, message, line.text))
    return faults


def _han_latin_boundaries(line: Line) -> Iterator[tuple[Glyph, Glyph]]:
    """Han–Latin neighbours on a line; an ideographic space (U+3000) between them is a
    deliberate separation (a source line's parts, a TOC number), not a boundary."""
    ink = line.ink
    wide = [g.x0 for g in line.glyphs if g.char == "\u3000"]
    for a, b in itertools.pairwise(ink):
        if any(a.x0 < x < b.x0 for x in wide):
            continue
        pair = (is_han(a.char) and is_latin(b.char)) or (is_latin(a.char) and is_han(b.char))
        same = abs(a.size - b.size) <= 0.05 * a.size and abs(a.baseline - b.baseline) < 0.5
        if pair and same:
            yield a, b


def _flush_right(layout: Layout) -> set[int]:
    """Lines that end on their column's right edge: justified, whatever block holds them
    (list items and indented blocks are not paragraphs the layout recognises)."""
    flush = set()
    for page in layout.pages:
        for column in page.columns:
            if not column.measured:
                continue
            for line in column.lines:
                if line.ink and line.end_flush(column.right, EDGE_TOLERANCE):
                    flush.add(id(line))
    return flush


def han_latin_gaps(layout: Layout) -> list[Fault]:
    """A ¼ em gap between Han characters and Latin letters or digits, inside every line.

    On a justified line the gap may grow (clreq §3.5.4 expands Western spaces, then the
    Han–Western gaps, then the gaps between Han characters), as long as all the line's
    Han–Western gaps grow alike.
    """
    justified = {id(ln) for para in layout.paragraphs for ln in para.lines[:-1]}
    justified |= _flush_right(layout)
    faults = []
    for line in layout.flow():
        boundaries = list(_han_latin_boundaries(line))
        if not boundaries:
            continue
        extra = expansion(line)
        gaps = [(b.x0 - a.x1) / a.size for a, b in boundaries]
        uniform = max(gaps) - min(gaps) <= GAP_TOLERANCE_EM
        for (a, b), gap in zip(boundaries, gaps, strict=True):
            net = gap - extra / a.size
            if abs(net - GAP_EM) <= GAP_TOLERANCE_EM + 1e-9:
                continue
            stretched = GAP_EM - GAP_TOLERANCE_EM <= net <= GAP_STRETCH_LIMIT_EM
            if id(line) in justified and uniform and stretched:
                continue
            message = _gap_message(a, b, gap, extra / a.size)
            faults.append(Fault("han-latin-gap", line.page, message, line.text))
    return faults


def _gap_message(a: Glyph, b: Glyph, gap: float, extra: float) -> str:
    if extra < 0.005:
        return _(
            "gap between “{a}” and “{b}” is {gap:.2f} em (expected 0.25 em)",
            a=a.char,
            b=b.char,
            gap=gap,
        )
    return _(
        "gap between “{a}” and “{b}” is {gap:.2f} em"
        " (expected 0.25 em plus the line's {extra:.2f} em justification)",
        a=a.char,
        b=b.char,
        gap=gap,
        extra=extra,
    )


def short_lines(layout: Layout) -> tuple[list[Fault], list[Fault]]:
    """Every line of a body paragraph but its last meets both edges of its column.

    Returns the faults and the exempt lines (an unbreakable Latin run cannot be stretched).
    A ¼ em gap left at a line's start or end is reported as a ``han-latin-gap``.
    """
    faults: list[Fault] = []
    exempt: list[Fault] = []
    for para in layout.paragraphs:
        if not all(column.measured for column in para.columns):
            continue  # no full line shows the column's edges
        for i, line in enumerate(para.lines):
            column = para.columns[i]
            found = _edge_faults(line, column.left, column.right, first=i == 0, last=_last(para, i))
            (exempt if line.url_only else faults).extend(found)
    return faults, exempt


def _last(para: Paragraph, i: int) -> bool:
    return i == len(para.lines) - 1


def _edge_faults(line: Line, left: float, right: float, *, first: bool, last: bool) -> list[Fault]:
    faults = []
    em = line.em
    if not first:
        offset = line.start_offset(left)
        if abs(offset) > EDGE_TOLERANCE:
            faults.append(_start_fault(line, offset))
    if not last and not line.end_flush(right, EDGE_TOLERANCE):
        short = right - line.x1
        if is_latin(line.last.char) and abs(short / em - GAP_EM) <= 0.1:
            message = _("a ¼ em gap is left at the end of the line")
            faults.append(Fault("han-latin-gap", line.page, message, line.text))
        elif short > EDGE_TOLERANCE:
            message = _(
                "line ends {pt:.1f} pt ({em:.2f} em) short of the right edge",
                pt=short,
                em=short / em,
            )
            faults.append(Fault("short-line", line.page, message, line.text))
    return faults


def _start_fault(line: Line, offset: float) -> Fault:
    if is_latin(line.first.char) and abs(offset / line.em - GAP_EM) <= 0.1:
        return Fault(
            "han-latin-gap", line.page, _("a ¼ em gap is left at the start of the line"), line.text
        )
    if offset > 0:
        message = _("line starts {pt:.1f} pt right of the left edge", pt=offset)
    else:
        message = _("line starts {pt:.1f} pt left of the left edge", pt=-offset)
    return Fault("short-line", line.page, message, line.text)


def lonely_chars(layout: Layout) -> list[Fault]:
    """No paragraph ends with a line holding a single Han character."""
    faults = []
    for para in layout.paragraphs:
        last = para.lines[-1]
        if len(para.lines) < 2 or last.han_count != 1:
            continue
        if any(is_latin(g.char) and g.size >= 0.85 * last.size for g in last.ink):
            continue
        if any(g.char.isalpha() and not is_han(g.char) for g in last.ink):
            continue  # kana or Hangul beside it: the line holds more than one character
        message = _("the paragraph's last line holds a single Han character")
        faults.append(Fault("lonely-char", last.page, message, last.text))
    return faults


def widows(layout: Layout) -> list[Fault]:
    """No paragraph's last line stands alone at the top of a column or page."""
    faults = []
    for para in layout.paragraphs:
        if len(para.lines) >= 2 and para.columns[-1] is not para.columns[-2]:
            last = para.lines[-1]
            if last.page != para.lines[-2].page:
                message = _("the paragraph's last line stands alone at the top of the page")
            else:
                message = _("the paragraph's last line stands alone at the top of the column")
            faults.append(Fault("widow", last.page, message, last.text))
    return faults
