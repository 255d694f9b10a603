"""The WeasyPrint 70.0 functions the engine wraps or replaces, and the guard on them.

``install()`` checks that the WeasyPrint internals are exactly the ones this engine was
written against (version and a hash of each function's source), then patches:

- ``text.line_break.Layout.setup`` / ``set_text`` / ``get_first_line``: the clreq Pango
  attributes and glyph moves (attrs.py);
- ``can_break_text`` and ``split_first_line`` as seen by ``layout.inline`` (and
  ``layout.preferred``): clreq break rules between boxes, no lone last character
  (breaks.py);
- ``layout.inline.text_align``: Han–Western gap margins removed at line edges (edges.py);
- ``layout.inline.justify_line``: inter-character justification (justify.py);
- ``int`` as seen by ``draw.text``: ``draw_first_line`` truncates each glyph's TJ
  adjustment (``int(kerning)``), which loses up to 1/1000 em per spaced glyph, always in
  the same direction — half a point over a justified line. :class:`CarryingInt` rounds
  and carries the remainder to the next glyph, so a line ends where the layout put it.
"""

from __future__ import annotations

import hashlib
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import weasyprint
import weasyprint.draw.text
from weasyprint.layout import inline, preferred
from weasyprint.text import line_break
from weasyprint.text.ffi import ffi, pango

from ..errors import RenderError
from . import attrs, breaks, edges, justify

WEASYPRINT_VERSION = "70.0"

# sha256 (first 16 hex digits) of the source of every internal the engine relies on.
EXPECTED_SOURCES: dict[str, str] = {
    "text.line_break.Layout.setup": "fb227a55094f41d4",
    "text.line_break.Layout.set_text": "fe23ca9937dbf520",
    "text.line_break.Layout.get_first_line": "bb65cbda0e27f135",
    "text.line_break.Layout.reactivate": "0b89ee097104b713",
    "text.line_break.Layout.deactivate": "bfec3ec8406e1c82",
    "text.line_break.create_layout": "6587192cc0ab3ffa",
    "text.line_break.can_break_text": "4f3fb5ef1c239df9",
    "text.line_break.split_first_line": "39ad1016863ca34d",
    "text.line_break.get_log_attrs": "65c1a1c4fa75ee95",
    "layout.inline.text_align": "e953d41b87ccfc30",
    "layout.inline.justify_line": "f83b21ff8793ba6b",
    "layout.inline.add_word_spacing": "879516e71f1b80fa",
    "layout.inline.count_expandable_spaces": "175fe6f42576ed38",
    "layout.inline.remove_last_whitespace": "53f0c79c9fbbda50",
    "draw.text.draw_text": "ebaf96239c6ca363",
    "draw.text.draw_first_line": "1bb8eae6d88e71b1",
}

ORIGINAL: dict[str, Any] = {}
_MARK = "_typesetter_clreq"


def _resolve(name: str) -> Any:
    target: Any = weasyprint
    for part in name.split("."):
        target = getattr(target, part)
    return target


def source_hash(function: Callable[..., Any]) -> str:
    """A short hash of a function's source (the guard's fingerprint)."""
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def check_internals() -> list[str]:
    """Everything that differs from the WeasyPrint this engine was written for."""
    problems = []
    if weasyprint.__version__ != WEASYPRINT_VERSION:
        problems.append(f"weasyprint {weasyprint.__version__} (expected {WEASYPRINT_VERSION})")
    for name, expected in EXPECTED_SOURCES.items():
        try:
            function = ORIGINAL.get(name) or _resolve(name)
        except AttributeError:
            problems.append(f"{name} is missing")
            continue
        if source_hash(function) != expected:
            problems.append(f"{name} has changed (source hash {source_hash(function)})")
    if not hasattr(pango, "pango_attr_allow_breaks_new"):
        problems.append("pango_attr_allow_breaks_new is not available")
    return problems


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
    ORIGINAL["text.line_break.Layout.setup"](self, style)
    self.clreq_chinese = attrs.is_chinese(style["lang"])
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
    ORIGINAL["text.line_break.Layout.set_text"](self, text, justify)
    if chinese:
        attrs.apply(self, self.text, justify)
        self.clreq_dirty = True


def _get_first_line(self: Any) -> Any:
    # draw_first_line gets its line here, then writes its glyphs: each text box starts
    # from a clean remainder, so that a document is drawn the same in any process.
    CARRYING_INT.remainder = 0.0
    first_line, index = ORIGINAL["text.line_break.Layout.get_first_line"](self)
    attrs.fix_first_line(self, first_line)
    return first_line, index


def _can_break_text(text: str, lang: str | None) -> bool:
    return breaks.can_break_text(ORIGINAL["text.line_break.can_break_text"], text, lang)


def _split_first_line(*args: Any, **kwargs: Any) -> Any:
    return breaks.split_first_line(ORIGINAL["text.line_break.split_first_line"], *args, **kwargs)


def _text_align(context: Any, line: Any, available_width: float, last: bool) -> Any:
    if attrs.is_chinese(line.style["lang"]) and line.style["direction"] == "ltr":
        edges.strip_start(line)
        edges.strip_end(line)
    return ORIGINAL["layout.inline.text_align"](context, line, available_width, last)


def install() -> None:
    """Patch WeasyPrint for clreq typography; idempotent. RenderError if it differs."""
    if getattr(inline, _MARK, False):
        return
    problems = check_internals()
    if problems:
        raise RenderError(
            "the Chinese typography engine supports only WeasyPrint "
            f"{WEASYPRINT_VERSION} as released: " + "; ".join(problems)
        )
    for name in EXPECTED_SOURCES:
        ORIGINAL[name] = _resolve(name)
    line_break.Layout.setup = _setup
    line_break.Layout.set_text = _set_text
    line_break.Layout.get_first_line = _get_first_line
    inline.can_break_text = _can_break_text
    inline.split_first_line = _split_first_line
    preferred.can_break_text = _can_break_text
    inline.text_align = _text_align
    inline.justify_line = justify.justify_line
    weasyprint.draw.text.int = CARRYING_INT
    setattr(inline, _MARK, True)


def installed() -> bool:
    """True while the engine's patches are in place."""
    return bool(getattr(inline, _MARK, False))


@contextmanager
def uninstalled() -> Iterator[None]:
    """Plain WeasyPrint inside the block (tests that build PDFs with faults in them)."""
    was_installed = installed()
    uninstall()
    try:
        yield
    finally:
        if was_installed:
            install()


def uninstall() -> None:
    """Undo :func:`install` (for tests and benchmarks that compare with plain WeasyPrint)."""
    if not getattr(inline, _MARK, False):
        return
    line_break.Layout.setup = ORIGINAL["text.line_break.Layout.setup"]
    line_break.Layout.set_text = ORIGINAL["text.line_break.Layout.set_text"]
    line_break.Layout.get_first_line = ORIGINAL["text.line_break.Layout.get_first_line"]
    inline.can_break_text = preferred.can_break_text = line_break.can_break_text
    inline.split_first_line = ORIGINAL["text.line_break.split_first_line"]
    inline.text_align = ORIGINAL["layout.inline.text_align"]
    inline.justify_line = ORIGINAL["layout.inline.justify_line"]
    del weasyprint.draw.text.int
    setattr(inline, _MARK, False)
