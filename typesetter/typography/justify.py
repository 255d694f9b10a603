"""Inter-character justification of Chinese lines (clreq §3.5.4 priorities).

Replaces WeasyPrint's ``justify_line``, which stretches only U+0020. The extra width of a
line is spread over its expansion opportunities in stages:

1. Western word spaces, up to ``SPACE_CAP`` em each;
2. the gaps between Han characters and Western letters or digits, up to ``GAP_CAP`` em;
3. between CJK characters (Han, kana, full-width punctuation) — never inside ``——`` or
   ``……`` — up to ``CJK_CAP`` em when the line also holds Western text;
4. what is left, between the characters of Western runs (a line holding a long URL and
   a few Han characters would otherwise gape between those), else back to the spaces
   and gaps. A line of Western text without spaces (a URL alone) is left as it is.

Inside a text box the spacing is Pango letter-spacing (attrs.py): ``s`` per character,
half on each side, trimmed at the ends of the box. Between two boxes the engine moves the
next box instead (``advance``), so every gap gets its exact share.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from weasyprint.formatting_structure import boxes
from weasyprint.layout import inline

from .attrs import Shares, gap_boundaries, is_chinese, spaced_width
from .chars import is_cjk, is_han, is_western

SPACE_CAP = 0.25  # em added to a word space (a Noto CJK space is ~0.25 em: ½ em in all)
GAP_CAP = 0.25  # em added to a Han–Western gap (¼ em already: ½ em in all)
CJK_CAP = 0.25  # em between CJK characters before Western runs take the rest

ORIGINAL: dict[str, Any] = {"justify_line": inline.justify_line}


@dataclass
class Units:
    """How many expansion opportunities of each kind a line has."""

    cjk: float = 0.0
    space: float = 0.0
    gap: float = 0.0
    latin: float = 0.0


def _in_box_width(text: str, shares: Shares) -> float:
    """Width a box gains: letter-spacing (ends trimmed) and its inner Han–Western gaps."""
    return spaced_width(text, shares) + shares.gap * len(gap_boundaries(text))


def boundary_kind(left: str, right: str) -> str | None:
    """The opportunity between the last char of a box and the first of the next."""
    if left == right and left in "—…":
        return None
    if left in " \u00a0" or right in " \u00a0":
        return "space"
    if (is_han(left) and is_western(right)) or (is_western(left) and is_han(right)):
        return "gap"
    if is_cjk(left) or is_cjk(right):
        return "cjk"
    return "latin"


def _boundary_width(left: str, right: str, shares: Shares) -> float:
    kind = boundary_kind(left, right)
    if kind == "space":
        return shares.space * ((left in " \u00a0") + (right in " \u00a0")) / 2
    return float(getattr(shares, kind)) if kind else 0.0


def _leaves(box: Any) -> list[Any]:
    """In-flow text boxes and atomic boxes of a line, in order (LTR)."""
    if isinstance(box, boxes.TextBox):
        return [box] if box.text else []
    if isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        return [
            leaf for child in box.children if child.is_in_normal_flow() for leaf in _leaves(child)
        ]
    return [box]


def count_units(leaves: list[Any]) -> Units:
    """Count the expansion opportunities of a line's leaves."""
    units = Units()
    kinds = (("cjk", Shares(cjk=1)), ("space", Shares(space=1)), ("latin", Shares(latin=1)))
    previous = None
    for leaf in leaves:
        text = leaf.text if isinstance(leaf, boxes.TextBox) else None
        if text:
            for name, unit in kinds:
                setattr(units, name, getattr(units, name) + spaced_width(text, unit))
            units.gap += len(gap_boundaries(text))
            if previous:
                for name, unit in (*kinds, ("gap", Shares(gap=1))):
                    width = _boundary_width(previous[-1], text[0], unit)
                    setattr(units, name, getattr(units, name) + width)
        previous = text
    return units


def distribute(extra: float, units: Units, em: float) -> Shares | None:
    """Split ``extra`` width by the §3.5.4 priorities; None when nothing can expand."""
    if extra <= 0 or not (units.cjk or units.space or units.gap):
        return None
    space = min(extra / units.space, SPACE_CAP * em) if units.space else 0.0
    extra -= space * units.space
    gap = min(extra / units.gap, GAP_CAP * em) if units.gap else 0.0
    extra -= gap * units.gap
    cjk = extra / units.cjk if units.cjk else 0.0
    latin = 0.0
    if units.latin and (not units.cjk or cjk > CJK_CAP * em):
        cjk = min(cjk, CJK_CAP * em)
        latin = (extra - cjk * units.cjk) / units.latin
    elif not units.cjk and extra > 1e-9:
        if units.space:
            space += extra / units.space
        else:
            gap += extra / units.gap
    return Shares(cjk=cjk, space=space, gap=gap, latin=latin)


def _spread(box: Any, shares: Shares, state: dict[str, Any]) -> None:
    """Move and widen the boxes of a line (mirrors WeasyPrint's ``add_word_spacing``)."""
    if isinstance(box, boxes.TextBox):
        text = box.text
        if text and state["previous"]:
            state["advance"] += _boundary_width(state["previous"][-1], text[0], shares)
        box.position_x += state["advance"]
        if not text:
            return
        state["previous"] = text
        inside = _in_box_width(text, shares)
        if inside:
            # The box's layout is rebuilt (``reactivate``) when drawn: attrs.py adds the
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
        ORIGINAL["justify_line"](context, line, extra_width)
        return
    shares = distribute(extra_width, count_units(leaves), line.style["font_size"])
    if shares is not None:
        _spread(line, shares, {"advance": 0.0, "previous": None})
