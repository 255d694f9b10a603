"""Line-break rules Pango does not apply: between boxes, and at the end of a paragraph.

- clreq §3.1.4: WeasyPrint asks ``can_break_text(last_letter + first_letter)`` before
  breaking between two boxes; the Pango answer is filtered by the clreq rules (inside a
  box, attrs.py forbids the same breaks with ``allow_breaks``).
- clreq §3.4.4: when the rest of a text box after a line would be a single Han character
  (with its punctuation), the line is ended one unit earlier, so that the last line of a
  paragraph holds at least two. (A text box that ends before inline markup gets the same
  treatment: a line one character shorter, which justification absorbs.)
- A line cut short before a long Western run (a URL, a 70-digit number: wider than a line
  or than 12 em) would be justified into holes: such a run is broken anywhere to fill the
  line instead, as ``overflow-wrap: anywhere`` would on the next line.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from weasyprint.text import line_break
from weasyprint.text.constants import PANGO_WRAP_MODE
from weasyprint.text.ffi import pango

from .attrs import is_chinese
from .chars import CJK, RULED, break_forbidden, is_han, is_western

MAX_GLUED_WORD = 16  # a longer Western word before a paragraph's last Han is not glued
LONG_RUN_EM = 12  # a Western run without spaces wider than this may be broken anywhere


def can_break_text(original: Callable[[str, Any], Any], text: str, lang: Any) -> bool:
    """WeasyPrint's ``can_break_text``, with clreq's forbidden breaks removed."""
    if not is_chinese(lang) or not text or len(text) < 2 or RULED.isdisjoint(text):
        return bool(original(text, lang))
    if len(text) == 2:
        return not break_forbidden(text[0], text[1]) and bool(original(text, lang))
    log_attrs = line_break.get_log_attrs(text, lang)
    return any(
        log_attrs[index].is_line_break and not break_forbidden(text[index - 1], text[index])
        for index in range(1, len(text))
    )


def lonely_cut(text: str, resume: int) -> int | None:
    """Where to end the line instead, if ``text[resume:]`` is one lone Han character.

    ``resume`` and the result are character indexes. The new end keeps the last Han
    character with the unit before it (a Han character, a mark, or a short word).
    """
    rest = text[resume:].rstrip()
    if len(rest) > 8:  # one Han character and its marks at most
        return None
    hans = [i for i, char in enumerate(rest) if is_han(char)]
    if len(hans) != 1 or any(is_western(char) for char in rest):
        return None
    cut = resume - 1
    while cut > 0 and text[cut].isspace():
        cut -= 1
    if is_western(text[cut]):
        start = cut
        while start > 0 and (is_western(text[start - 1]) or text[start - 1] in ".%"):
            start -= 1
        if cut - start >= MAX_GLUED_WORD:
            return None
        cut = start
    return cut if cut > 0 else None


def _long_run(text: str, style: Any, max_width: float) -> bool:
    """True if ``text`` starts with a Western run (a URL, a long number) that is wider than
    a line or than ``LONG_RUN_EM``: moving it whole to the next line would leave this line
    to be justified into holes, so it is broken anywhere instead."""
    length = 0
    for char in text:
        if char.isspace() or CJK.match(char):
            break
        length += 1
    ems = min(max_width / style["font_size"], LONG_RUN_EM)
    return bool(length > 2 * ems)


def _fill_with_run(
    text: str,
    style: Any,
    context: Any,
    max_width: float,
    justification_spacing: Any,
    result: Any,
) -> Any:
    """Break the long run that follows a short line anywhere, to fill that line.

    The line is filled to 1 em short of the edge: WeasyPrint lays an inline box's text
    out without its start margin or padding (a ``zh-wl`` gap, for one), so a line filled
    exactly would overflow; justification spreads the rest.
    """
    width = max_width - style["font_size"]
    layout = line_break.create_layout(text, style, context, width, justification_spacing)
    pango.pango_layout_set_wrap(layout.layout, PANGO_WRAP_MODE["WRAP_CHAR"])
    first_line, index = layout.get_first_line()
    if index is None or index <= result[2]:
        return result
    return line_break.first_line_metrics(first_line, text, layout, index, True, style)


def split_first_line(
    original: Callable[..., Any],
    text: str,
    style: Any,
    context: Any,
    max_width: Any,
    justification_spacing: Any,
    *args: Any,
    **kwargs: Any,
) -> Any:
    """WeasyPrint's ``split_first_line``, never leaving a lone Han character behind."""
    result = original(text, style, context, max_width, justification_spacing, *args, **kwargs)
    resume_index = result[2]
    if resume_index is None or not is_chinese(style["lang"]):
        return result
    resume = len(text.encode()[:resume_index].decode(errors="ignore"))
    if (
        style["white_space"] in ("normal", "pre-line")
        and result[3] < max_width - style["font_size"]
        and _long_run(text[resume:], style, max_width)
    ):
        return _fill_with_run(text, style, context, max_width, justification_spacing, result)
    cut = lonely_cut(text, resume)
    if cut is None or not can_break_text(
        line_break.can_break_text, text[cut - 1 : cut + 1], style["lang"]
    ):
        return result
    shorter = original(
        text[:cut], style, context, max_width, justification_spacing, *args, **kwargs
    )
    if shorter[2] is not None:  # the shorter text does not fit either: keep the line
        return result
    return (shorter[0], shorter[1], len(text[:cut].encode()), *shorter[3:])
