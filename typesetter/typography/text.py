"""Plain-text rules: normalisation, and where the engine adds Pango attributes."""

from __future__ import annotations

import re

from .chars import (
    HAN_RANGES,
    MARK_PAIRS,
    PANGO_GAPS,
    QUOTES,
    SPACES,
    WESTERN_RANGES,
    halt_side,
    is_cjk,
    is_western,
    is_wide,
)

_HAN_THEN_SPACE = re.compile(f"(?<=[{HAN_RANGES}])[{SPACES}]+(?=[{WESTERN_RANGES}])")
_SPACE_THEN_HAN = re.compile(f"(?<=[{WESTERN_RANGES}])[{SPACES}]+(?=[{HAN_RANGES}])")
# A segment break (a line break in the source) with the spaces around it.
_SEGMENT_BREAK = re.compile(f"[{SPACES}]*[\n\r][{SPACES}]*")
_ZERO_WIDTH_SPACE = "\u200b"
_GAP = re.compile("[" + "".join(sorted(PANGO_GAPS)) + "]+")
_OPENING_QUOTES = {"\u201c": "\u201d", "\u2018": "\u2019"}
_BLANK = SPACES + "\u00a0"


def prepare_text(text: str) -> str:
    """Remove the spaces typed between Han characters and Western letters or digits, and
    the line breaks of the source between two East Asian wide characters.

    ``2023 年 08 月`` becomes ``2023年08月``: the ¼ em gap is the layout's job (clreq
    §3.2.2). ``结束\\n第二`` becomes ``结束第二`` (CSS Text 3's segment break rule); a line
    break between Latin words stays (it prints as a space). No other character is changed.
    """
    out, last = [], 0
    for start, end in removable_spaces(text):
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "".join(out)


def segment_breaks(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` ranges of the line breaks that print as nothing.

    A line break of the source, with the spaces around it, between two East Asian wide
    characters (F, W or H, or a mark mainland fonts set full width; not Hangul), or next
    to a zero-width space: CSS Text 3 §4.1.3 (segment break transformation).
    """
    ranges = []
    for match in _SEGMENT_BREAK.finditer(text):
        start, end = match.span()
        if start == 0 or end == len(text):
            continue
        before, after = text[start - 1], text[end]
        if _ZERO_WIDTH_SPACE in (before, after) or (is_wide(before) and is_wide(after)):
            ranges.append((start, end))
    return ranges


def removable_spaces(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` character ranges :func:`prepare_text` removes (disjoint)."""
    spans = [m.span() for m in _HAN_THEN_SPACE.finditer(text)]
    spans += [m.span() for m in _SPACE_THEN_HAN.finditer(text)]
    spans += segment_breaks(text)
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest character from ``index`` in direction ``step``, past spaces and
    quotes; ``""`` at the text's edge."""
    index += step
    while 0 <= index < len(text) and (text[index] in _BLANK or text[index] in QUOTES):
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _latin_side(char: str) -> bool:
    """A character a Latin quote may stand next to: not CJK (the edge counts)."""
    return not char or not is_cjk(char)


def latin_quotes(text: str) -> list[int]:
    """Indexes of the quotes ‘ ’ “ ” set in their proportional (Latin) form.

    - An apostrophe between two Western letters or digits: ``Levi’s``, ``L’Oréal``.
    - A pair of quotes that holds no CJK character and stands among Latin text — neither
      the character before the opening quote nor the one after the closing quote (past
      spaces) is CJK: ``He said “Hello” to``. A pair next to Chinese (``说“Hello”。``)
      or holding Chinese is Chinese punctuation: full width.
    - A quote left without its pair, next to a Western letter or digit on one side and
      not next to CJK on the other: ``users’ data``, ``’90s``.

    Everything else, and every quote between Han characters, stays full width.
    """
    apostrophes = {
        index
        for index in range(1, len(text) - 1)
        if text[index] in "\u2018\u2019"
        and is_western(text[index - 1])
        and is_western(text[index + 1])
    }
    latin = set(apostrophes)
    opened: list[int] = []
    unpaired: list[int] = []
    for index, char in enumerate(text):
        if index in apostrophes or char not in QUOTES:
            continue
        if char in _OPENING_QUOTES:
            opened.append(index)
            continue
        match = next((i for i in reversed(opened) if _OPENING_QUOTES[text[i]] == char), None)
        if match is None:
            unpaired.append(index)
            continue
        position = opened.index(match)
        unpaired += opened[position + 1 :]
        del opened[position:]
        inner = text[match + 1 : index]
        if (
            any(is_western(c) for c in inner)
            and not any(is_cjk(c) and c not in QUOTES for c in inner)
            and _latin_side(_neighbour(text, match, -1))
            and _latin_side(_neighbour(text, index, 1))
        ):
            latin |= {match, index}
    for index in unpaired + opened:
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if (is_western(before) and _latin_side(_neighbour(text, index, 1))) or (
            is_western(after) and _latin_side(_neighbour(text, index, -1))
        ):
            latin.add(index)
    return sorted(latin)


def no_break_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside which no line may break (the gaps Pango leaves open).

    Pango lets ``·``, ``—``, ``⸺`` and ``～`` start a line; each range glues such a run of
    marks to the character before it, and keeps a doubled mark (``——``) whole.
    """
    ranges = []
    for match in _GAP.finditer(text):
        start, end = match.span()
        if start > 0 and text[start - 1] not in SPACES:
            ranges.append((start - 1, end))
    return ranges


def halt_positions(text: str) -> list[int]:
    """Indexes of the marks set half-width: one mark of each adjacent pair (clreq §3.1.6)."""
    positions: list[int] = []
    for match in MARK_PAIRS.finditer(text):
        for index in range(match.start(), match.end() - 1):
            side = halt_side(text[index], text[index + 1])
            if side is not None and index + side not in positions[-1:]:
                positions.append(index + side)
    return positions
