"""Pango attributes the engine adds to the layout of every Chinese text box.

WeasyPrint gives each text box a Pango layout; ``Layout.set_text`` (patched) calls
:func:`apply`, which adds what :func:`typesetter.typography.spacing.make_plan` decides
for text in a ``lang="zh*"`` element:

- ``allow_breaks=FALSE`` where clreq forbids a break that Pango allows (``·``, ``—``,
  ``～`` at a line start), when the layout wraps;
- ``font-features: halt`` on one mark of each adjacent pair of full-width marks (§3.1.6);
- letter-spacing on the Han character next to a Western letter or digit: the ¼ em gap
  (§3.2.2), which Pango then counts when it breaks lines;
- when the layout is drawn justified, letter-spacing on each character (justify.py);
- on a line squeezed by breaks.py (``Layout.clreq_squeeze``, measured and drawn alike):
  ``halt`` on its compressed marks, and the space given back to those inside the line
  (letter-spacing, the glyph moved so that the space stays on the mark's blank side).

Letter-spacing ``s`` on a character adds ``s/2`` on each side of it, except at the ends
of the layout, where Pango trims it. A gap wanted on one side only is made by moving the
glyph by ``s/2`` once the line to draw is shaped (:func:`fix_first_line`, from the
patched ``Layout.get_first_line``): the widths, hence line breaking, are untouched.
"""

from __future__ import annotations

from typing import Any

from weasyprint.text.ffi import TO_UNITS, ffi, pango

from ...typography.spacing import make_plan

# WeasyPrint 70's draw_first_line writes a glyph's x_offset as ``x_offset / font_size``
# thousandths of an em, 1024/1000 of its size: a moved glyph is given 1000/1024 of its
# offset so that its ink lands where the layout put it (advances are not affected).
DRAWN_OFFSET = 1000 / 1024
_HALT = b"halt"


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
    squeeze = getattr(layout, "clreq_squeeze", None)
    if squeeze is not None and squeeze.line == text:  # a squeezed line (breaks.py)
        plan.halts = sorted(set(plan.halts) | squeeze.halts)
        if squeeze.give_back:
            # letter-spacing puts half before the mark: a closing mark's glyph is moved
            # back by that half (its space is on its right), an opening mark's forward
            for index, side in squeeze.inner:
                plan.extra[index] = plan.extra.get(index, 0.0) + squeeze.give_back
                plan.moves[index] = plan.moves.get(index, 0.0) - side * squeeze.give_back / 2
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
