"""Plain-text rules: normalisation, and where the engine adds Pango attributes."""

from __future__ import annotations

import re

from .chars import HAN_RANGES, MARK_PAIRS, PANGO_GAPS, SPACES, WESTERN_RANGES, halt_side

_HAN_THEN_SPACE = re.compile(f"(?<=[{HAN_RANGES}])[{SPACES}]+(?=[{WESTERN_RANGES}])")
_SPACE_THEN_HAN = re.compile(f"(?<=[{WESTERN_RANGES}])[{SPACES}]+(?=[{HAN_RANGES}])")
_GAP = re.compile("[" + "".join(sorted(PANGO_GAPS)) + "]+")


def prepare_text(text: str) -> str:
    """Remove the spaces typed between Han characters and Western letters or digits.

    ``2023 年 08 月`` becomes ``2023年08月``: the ¼ em gap is the layout's job (clreq
    §3.2.2). No other character is changed.
    """
    return _SPACE_THEN_HAN.sub("", _HAN_THEN_SPACE.sub("", text))


def removable_spaces(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` character ranges :func:`prepare_text` removes."""
    spans = [m.span() for m in _HAN_THEN_SPACE.finditer(text)]
    spans += [m.span() for m in _SPACE_THEN_HAN.finditer(text)]
    return sorted(spans)


def no_break_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges inside which no line may break (the gaps Pango leaves open).

    Pango lets ``·``, ``—`` and ``～`` start a line; each range glues such a run of marks
    to the character before it, and keeps a doubled mark (``——``) whole.
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
