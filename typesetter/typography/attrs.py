"""Pango attributes the engine adds to the layout of every Chinese text box.

WeasyPrint gives each text box a Pango layout; ``Layout.set_text`` (patched) calls
:func:`apply`, which adds, for text in a ``lang="zh*"`` element:

- ``allow_breaks=FALSE`` where clreq forbids a break that Pango allows (``·``, ``—``,
  ``～`` at a line start), when the layout wraps;
- ``font-features: halt`` on one mark of each adjacent pair of full-width marks (§3.1.6);
- letter-spacing on the Han character next to a Western letter or digit: the ¼ em gap
  (§3.2.2), which Pango then counts when it breaks lines;
- when the layout is drawn justified, letter-spacing on each character (justify.py).

Letter-spacing ``s`` on a character adds ``s/2`` on each side of it, except at the ends
of the layout, where Pango trims it. A gap wanted on one side only is made by moving the
glyph by ``s/2`` once the line to draw is shaped (:func:`fix_first_line`, from the
patched ``Layout.get_first_line``): the widths, hence line breaking, are untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from weasyprint.text.ffi import TO_UNITS, ffi, pango

from .chars import CJK_RANGES, WESTERN_RANGES, is_han
from .text import halt_positions, no_break_ranges

ffi.cdef("PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);")
ffi.cdef("PangoAttrList * pango_attr_list_copy (PangoAttrList *list);")
ffi.cdef("int pango_layout_get_width (PangoLayout *layout);")

GAP_EM = 0.25  # the Han–Western gap, clreq §3.2.2
# WeasyPrint 70's draw_first_line writes a glyph's x_offset as ``x_offset / font_size``
# thousandths of an em, 1024/1000 of its size: a moved glyph is given 1000/1024 of its
# offset so that its ink lands where the layout put it (advances are not affected).
DRAWN_OFFSET = 1000 / 1024
_HALT = b"halt"
_WESTERN_RUN = re.compile(f"[{WESTERN_RANGES}]+")


@lru_cache(maxsize=64)
def is_chinese(lang: str | None) -> bool:
    """True for a ``zh`` language tag (``zh``, ``zh-CN``, ``zh-Hans``...)."""
    return bool(lang) and str(lang).lower().split("-")[0] == "zh"


# Runs of characters that take inter-character space (CJK, but not the doubled marks
# —— and ……, never spaced inside), runs of word spaces, runs of other characters.
_NOT_DOUBLED = CJK_RANGES.replace("\u2026", "").replace("\u2014", "")
_CJK_RUN = re.compile(f"[{_NOT_DOUBLED}]+")
_SPACE_RUN = re.compile("[ \u00a0]+")
_LATIN_RUN = re.compile(f"[^\\s\u00a0{CJK_RANGES}]+")


@dataclass(frozen=True)
class Shares:
    """Justification: the width each opportunity of a kind receives (justify.py)."""

    cjk: float = 0.0  # between CJK characters, letter-spacing (half on each side)
    space: float = 0.0  # on a word space, letter-spacing
    gap: float = 0.0  # added to each Han–Western gap
    latin: float = 0.0  # between other characters: only when CJK alone would gape


def spacing_runs(text: str, shares: Shares) -> list[tuple[int, int, float]]:
    """``(start, end, letter_spacing)`` runs of a justified text, in order."""
    runs = []
    for pattern, value in (
        (_CJK_RUN, shares.cjk),
        (_SPACE_RUN, shares.space),
        (_LATIN_RUN, shares.latin),
    ):
        if value:
            runs += [(*match.span(), value) for match in pattern.finditer(text)]
    return sorted(runs)


def spaced_width(text: str, shares: Shares) -> float:
    """Width the letter-spacing of a justified text adds (its two ends are trimmed)."""
    width = 0.0
    for start, end, value in spacing_runs(text, shares):
        width += value * (end - start - 0.5 * (start == 0) - 0.5 * (end == len(text)))
    return width


@lru_cache(maxsize=1024)
def gap_boundaries(text: str) -> tuple[int, ...]:
    """Indexes ``b`` where ``text[b-1]|text[b]`` is a Han–Western boundary."""
    boundaries = []
    for match in _WESTERN_RUN.finditer(text):
        start, end = match.span()
        if start and is_han(text[start - 1]):
            boundaries.append(start)
        if end < len(text) and is_han(text[end]):
            boundaries.append(end)
    return tuple(boundaries)


@dataclass
class Plan:
    """What to add to one layout: attributes by character index, glyph moves by byte."""

    breaks: list[tuple[int, int]] = field(default_factory=list)
    halts: list[int] = field(default_factory=list)
    runs: list[tuple[int, int, float]] = field(default_factory=list)
    extra: dict[int, float] = field(default_factory=dict)
    moves: dict[int, float] = field(default_factory=dict)

    def spacing(self) -> list[tuple[int, int, float]]:
        """Letter-spacing runs: ``runs`` split where a character takes ``extra``."""
        if not self.extra:
            return self.runs
        result = []
        extra = sorted(self.extra.items())
        for start, end, value in self.runs:
            cuts = [i for i, _ in extra if start <= i < end]
            for index in cuts:
                if index > start:
                    result.append((start, index, value))
                result.append((index, index + 1, value + self.extra.pop(index)))
                start = index + 1
            if start < end:
                result.append((start, end, value))
        result += [(i, i + 1, value) for i, value in self.extra.items()]
        return sorted(result)


def _gap_spacing(text: str, plan: Plan, gap: float) -> None:
    sides: dict[int, set[str]] = {}
    for boundary in gap_boundaries(text):
        if is_han(text[boundary - 1]):
            sides.setdefault(boundary - 1, set()).add("right")
        else:
            sides.setdefault(boundary, set()).add("left")
    last = len(text) - 1
    for index, side in sides.items():
        edge = (index == 0 and side == {"right"}) or (index == last and side == {"left"})
        if len(side) == 2 or edge:
            plan.extra[index] = 2 * gap
        else:
            plan.extra[index] = gap
            plan.moves[index] = -gap / 2 if side == {"right"} else gap / 2


def make_plan(
    text: str, font_size: float, justify: Shares | None, width: float | None = None
) -> Plan:
    """Everything the engine adds for ``text`` (``justify``: shares from justify.py).

    ``width`` is the width the layout wraps at, None when it does not wrap (a line
    already broken, measured or drawn): break attributes are then useless. When it
    wraps, only the first line is kept (WeasyPrint lays out each line again), so widths
    matter only within the first ``2 × width / font_size`` characters.
    """
    if width is None:
        plan = Plan(halts=halt_positions(text))
    else:
        text = text[: int(2 * width / font_size) + 2]
        plan = Plan(breaks=no_break_ranges(text), halts=halt_positions(text))
    gap_extra = 0.0
    if justify:
        gap_extra = justify.gap
        plan.runs = spacing_runs(text, justify)
    _gap_spacing(text, plan, GAP_EM * font_size + gap_extra)
    return plan


class _Offsets(dict[int, int]):
    """Byte offset of a character index, computed on demand."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, index: int) -> int:
        value = self[index] = len(self.text[:index].encode())
        return value


def _units(value: float) -> int:
    units = round(value * int(TO_UNITS))
    # Pango rounds whole-pixel spacing to pixels on one side: keep it fractional.
    return units + 1 if units and units % TO_UNITS == 0 else units


def _attr_list(layout: Any) -> Any:
    current = pango.pango_layout_get_attributes(layout.layout)
    if current == ffi.NULL:
        attr_list = pango.pango_attr_list_new()
    else:
        attr_list = pango.pango_attr_list_copy(current)
    return ffi.gc(attr_list, pango.pango_attr_list_unref)


def apply(layout: Any, text: str, justify: bool) -> None:
    """Add the clreq attributes for ``text`` to the layout of a WeasyPrint ``Layout``."""
    shares = getattr(layout, "clreq_spacing", None) if justify else None
    width = pango.pango_layout_get_width(layout.layout)
    width = None if width == -1 else width / TO_UNITS
    plan = make_plan(text, layout.style["font_size"], shares, width)
    layout.clreq_moves = None
    spacing = plan.spacing()
    if not (plan.breaks or plan.halts or spacing):
        return
    offsets = _Offsets(text)
    attr_list = _attr_list(layout)
    for start, end in plan.breaks:
        attr = pango.pango_attr_allow_breaks_new(False)
        attr.start_index, attr.end_index = offsets[start], offsets[end]
        pango.pango_attr_list_insert(attr_list, attr)
    for index in plan.halts:
        attr = pango.pango_attr_font_features_new(_HALT)
        attr.start_index, attr.end_index = offsets[index], offsets[index + 1]
        pango.pango_attr_list_insert(attr_list, attr)
    for start, end, value in spacing:
        attr = pango.pango_attr_letter_spacing_new(_units(value))
        attr.start_index, attr.end_index = offsets[start], offsets[end]
        pango.pango_attr_list_change(attr_list, attr)
    pango.pango_layout_set_attributes(layout.layout, attr_list)
    if justify and plan.moves:  # only the drawn layout needs its glyphs moved
        layout.clreq_moves = {offsets[i]: _units(dx) for i, dx in plan.moves.items()}


def fix_first_line(layout: Any, line: Any) -> None:
    """Move the glyphs that take a one-sided gap (once per ``set_text``).

    Only for a layout about to be drawn (``set_text(justify=True)``): moves change no
    width. A moved glyph's offset is scaled by :data:`DRAWN_OFFSET`.
    """
    moves = getattr(layout, "clreq_moves", None)
    if not moves:
        return
    layout.clreq_moves = None
    run = line.runs[0] if line.runs != ffi.NULL else ffi.NULL
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        offset = glyph_item.item.offset
        glyphs = glyph_item.glyphs
        clusters = glyphs.log_clusters
        for index in range(glyphs.num_glyphs):
            move = moves.get(offset + clusters[index])
            if move is not None:
                geometry = glyphs.glyphs[index].geometry
                geometry.x_offset = round((geometry.x_offset + move) * DRAWN_OFFSET)
