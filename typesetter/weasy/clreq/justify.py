"""Inter-character justification of Chinese lines (clreq §3.5.4) on WeasyPrint's boxes.

Replaces WeasyPrint's ``justify_line``, which stretches only U+0020: the line's extra
width is split by :func:`typesetter.typography.spacing.distribute`. Inside a text box the
spacing is Pango letter-spacing (pango.py): ``s`` per character, half on each side,
trimmed at the ends of the box. Between two boxes the engine moves the next box instead
(``advance``), so every gap gets its exact share. A quote set in its proportional form
(``span.zh-pq``, see typography/fragment.py) is Western punctuation to the rules.
"""

from __future__ import annotations

from typing import Any

from weasyprint.formatting_structure import boxes

from ...typography.chars import as_western
from ...typography.spacing import (
    Shares,
    boundary_width,
    count_units,
    distribute,
    in_box_width,
    is_chinese,
)
from ..guard import original
from .edges import has_class

PROPORTIONAL_CLASS = "zh-pq"


def _leaves(box: Any) -> list[Any]:
    """In-flow text boxes and atomic boxes of a line, in order (LTR)."""
    if isinstance(box, boxes.TextBox):
        return [box] if box.text else []
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return [
            leaf for child in box.children if child.is_in_normal_flow() for leaf in _leaves(child)
        ]
    return [box]


def _rule_text(box: Any) -> str:
    """The text of a text box as the spacing rules see it."""
    text: str = box.text
    return as_western(text) if has_class(box, PROPORTIONAL_CLASS) else text


def _spread(box: Any, shares: Shares, state: dict[str, Any]) -> None:
    """Move and widen the boxes of a line (mirrors WeasyPrint's ``add_word_spacing``)."""
    if isinstance(box, boxes.TextBox):
        text = _rule_text(box)
        if text and state["previous"]:
            state["advance"] += boundary_width(state["previous"][-1], text[0], shares)
        box.position_x += state["advance"]
        if not text:
            return
        state["previous"] = text
        inside = in_box_width(text, shares)
        if inside:
            # The box's layout is rebuilt (``reactivate``) when drawn: pango.py adds the
            # letter-spacing then, from this attribute.
            box.pango_layout.clreq_spacing = shares
            box.width += inside
            state["advance"] += inside
    elif isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        box.position_x += state["advance"]
        before = state["advance"]
        for child in box.children:
            if child.is_in_normal_flow():
                _spread(child, shares, state)
        box.width += state["advance"] - before
    else:
        box.translate(state["advance"], 0)
        state["previous"] = None


def _eligible(line: Any, leaves: list[Any]) -> bool:
    if line.style["direction"] != "ltr" or not is_chinese(line.style["lang"]):
        return False
    return all(
        leaf.style["letter_spacing"] == "normal" and not leaf.style["word_spacing"]
        for leaf in leaves
    )


def justify_line(context: Any, line: Any, extra_width: float) -> None:
    """Justify ``line`` (WeasyPrint's signature); non-Chinese lines keep the original."""
    leaves = _leaves(line)
    if not _eligible(line, leaves):
        original("weasyprint.layout.inline.justify_line")(context, line, extra_width)
        return
    texts = [_rule_text(leaf) if isinstance(leaf, boxes.TextBox) else None for leaf in leaves]
    shares = distribute(extra_width, count_units(texts), line.style["font_size"])
    if shares is not None:
        _spread(line, shares, {"advance": 0.0, "previous": None})
