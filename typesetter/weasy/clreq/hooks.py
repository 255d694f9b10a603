"""The clreq engine's hooks into WeasyPrint 70.0, and switching them on and off.

:func:`install` (after :func:`typesetter.weasy.guard.verify`) replaces, through the guard:

- ``text.line_break.Layout.setup`` / ``set_text`` / ``get_first_line``: the clreq Pango
  attributes and glyph moves (pango.py);
- ``can_break_text`` and ``split_first_line`` as seen by ``layout.inline`` (and
  ``layout.preferred``): clreq break rules between boxes, no lone last character
  (breaks.py);
- ``layout.inline.text_align``: Han–Western gap margins removed at line edges (edges.py);
- ``layout.inline.justify_line``: inter-character justification (justify.py);
- ``int`` as seen by ``draw.text``: ``draw_first_line`` truncates each glyph's TJ
  adjustment (``int(kerning)``), which loses up to 1/1000 em per spaced glyph, always in
  the same direction — half a point over a justified line. :class:`CarryingInt` rounds
  and carries the remainder to the next glyph, so a line ends where the layout put it.

The rules themselves (which breaks, how much space) are in :mod:`typesetter.typography`.
"""

from __future__ import annotations

from typing import Any

from weasyprint.text.ffi import ffi, pango

from ...typography.spacing import is_chinese
from .. import guard
from ..guard import original
from . import breaks, edges, justify
from . import pango as pango_attrs


class CarryingInt:
    """``int()`` for ``draw.text``: floats are rounded, the remainder carried over."""

    def __init__(self) -> None:
        self.remainder = 0.0

    def __call__(self, value: Any) -> int:
        if not isinstance(value, float):
            return int(value)
        total = value + self.remainder
        rounded = round(total)
        self.remainder = total - rounded
        return int(rounded)


CARRYING_INT = CarryingInt()


def _setup(self: Any, style: Any) -> None:
    original("weasyprint.text.line_break.Layout.setup")(self, style)
    self.clreq_chinese = is_chinese(style["lang"])
    if self.clreq_chinese:
        base = pango.pango_layout_get_attributes(self.layout)
        self.clreq_base = None if base == ffi.NULL else base
        self.clreq_dirty = False
        if self.clreq_base is not None:
            copy = pango.pango_attr_list_copy(base)
            self.clreq_base = ffi.gc(copy, pango.pango_attr_list_unref)


def _set_text(self: Any, text: str, justify: bool = False) -> None:
    chinese = getattr(self, "clreq_chinese", False)
    if chinese and self.clreq_dirty:
        base = self.clreq_base
        fresh = ffi.NULL if base is None else pango.pango_attr_list_copy(base)
        pango.pango_layout_set_attributes(self.layout, fresh)
        if fresh != ffi.NULL:
            pango.pango_attr_list_unref(fresh)
    original("weasyprint.text.line_break.Layout.set_text")(self, text, justify)
    if chinese:
        pango_attrs.apply(self, self.text, justify)
        self.clreq_dirty = True


def _get_first_line(self: Any) -> Any:
    # draw_first_line gets its line here, then writes its glyphs: each text box starts
    # from a clean remainder, so that a document is drawn the same in any process.
    CARRYING_INT.remainder = 0.0
    first_line, index = original("weasyprint.text.line_break.Layout.get_first_line")(self)
    pango_attrs.fix_first_line(self, first_line)
    return first_line, index


def _can_break_text(text: str, lang: str | None) -> bool:
    return breaks.can_break_text(original("weasyprint.text.line_break.can_break_text"), text, lang)


def _split_first_line(*args: Any, **kwargs: Any) -> Any:
    split = original("weasyprint.text.line_break.split_first_line")
    return breaks.split_first_line(split, *args, **kwargs)


def _text_align(context: Any, line: Any, available_width: float, last: bool) -> Any:
    if is_chinese(line.style["lang"]) and line.style["direction"] == "ltr":
        edges.strip_start(line)
        edges.strip_end(line)
    return original("weasyprint.layout.inline.text_align")(context, line, available_width, last)


def _patches() -> dict[str, Any]:
    return {
        "weasyprint.text.line_break.Layout.setup": _setup,
        "weasyprint.text.line_break.Layout.set_text": _set_text,
        "weasyprint.text.line_break.Layout.get_first_line": _get_first_line,
        "weasyprint.layout.inline.can_break_text": _can_break_text,
        "weasyprint.layout.preferred.can_break_text": _can_break_text,
        "weasyprint.layout.inline.split_first_line": _split_first_line,
        "weasyprint.layout.inline.text_align": _text_align,
        "weasyprint.layout.inline.justify_line": justify.justify_line,
        "weasyprint.draw.text.int": CARRYING_INT,
    }


def install() -> None:
    """Switch the engine on (idempotent); the guard must have verified the internals."""
    guard.verify()
    for target, replacement in _patches().items():
        if not guard.is_patched(target):
            guard.patch(target, replacement)


def installed() -> bool:
    """True while the engine's hooks are in place."""
    return all(guard.is_patched(target) for target in _patches())


def uninstall() -> None:
    """Switch the engine off: plain WeasyPrint line breaking and justification."""
    for target in _patches():
        guard.restore(target)
