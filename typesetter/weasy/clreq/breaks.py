"""WeasyPrint's line breaking, with the clreq rules of typography.chars and .spacing.

- clreq §3.1.4: WeasyPrint asks ``can_break_text(last_letter + first_letter)`` before
  breaking between two boxes; the Pango answer is filtered by the clreq rules (inside a
  box, pango.py forbids the same breaks with ``allow_breaks``).
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

from ...typography.chars import RULED, break_forbidden
from ...typography.spacing import is_chinese, lonely_cut, long_run


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
        and long_run(text[resume:], style["font_size"], max_width)
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
