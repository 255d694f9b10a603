"""Spacing and breaking rules of Chinese lines, as plain computations on text.

The rules decide; the WeasyPrint glue in :mod:`typesetter.weasy.clreq` applies them to
Pango layouts and laid-out boxes. Nothing here imports WeasyPrint or patches anything.

- The Han–Western gap (clreq §3.2.2) is ¼ em of letter-spacing on the Han character
  next to a Western letter or digit; a one-sided gap is made by moving the glyph by half
  (:func:`make_plan`).
- Justification (§3.5.4) spreads a line's extra width over its expansion opportunities
  in stages (:func:`distribute`):

  1. Western word spaces, up to ``SPACE_CAP`` em each;
  2. the gaps between Han characters and Western letters or digits, up to ``GAP_CAP`` em;
  3. between CJK characters (Han, kana, full-width punctuation) — never inside ``——``,
     ``……`` or ``⸺`` (chars.DOUBLED) — up to ``CJK_CAP`` em when the line also holds
     Western text;
  4. when the CJK characters alone would be spread by more than ``EVEN_FROM`` em, the
     characters of Western runs share what is left evenly with them (CJK up to
     ``CJK_CAP``): a line that is mostly a URL or a long number with a few Han characters
     would otherwise gape between those, while 0.01 em between 70 digits does not show.
     Without Western letters the rest goes back to the spaces and gaps. A line of Western
     text without spaces (a URL alone) is left as it is.

- No paragraph ends on a lone Han character (§3.4.4, :func:`lonely_cut`), and a long
  Western run after a short line is broken anywhere (:func:`long_run`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from .chars import CJK, CJK_RANGES, DOUBLED, WESTERN_RANGES, is_cjk, is_han, is_western
from .text import halt_positions, no_break_ranges

GAP_EM = 0.25  # the Han–Western gap, clreq §3.2.2
SPACE_CAP = 0.25  # em added to a word space (a Noto CJK space is ~0.25 em: ½ em in all)
GAP_CAP = 0.25  # em added to a Han–Western gap (¼ em already: ½ em in all)
CJK_CAP = 0.25  # em between CJK characters before Western runs take the rest
EVEN_FROM = 0.05  # em between CJK characters beyond which Western letters share evenly
MAX_GLUED_WORD = 16  # a longer Western word before a paragraph's last Han is not glued
LONG_RUN_EM = 12  # a Western run without spaces wider than this may be broken anywhere

_WESTERN_RUN = re.compile(f"[{WESTERN_RANGES}]+")
# Runs of characters that take inter-character space (CJK, but not the doubled marks
# ——, …… and ⸺, never spaced inside), runs of word spaces, runs of other characters.
_CJK_RUN = re.compile(f"(?:(?![{''.join(sorted(DOUBLED))}])[{CJK_RANGES}])+")
_SPACE_RUN = re.compile("[ \u00a0]+")
_LATIN_RUN = re.compile(f"[^\\s\u00a0{CJK_RANGES}]+")


@lru_cache(maxsize=64)
def is_chinese(lang: str | None) -> bool:
    """True for a ``zh`` language tag (``zh``, ``zh-CN``, ``zh-Hans``...)."""
    return bool(lang) and str(lang).lower().split("-")[0] == "zh"


@dataclass(frozen=True)
class Shares:
    """Justification: the width each opportunity of a kind receives."""

    cjk: float = 0.0  # between CJK characters, letter-spacing (half on each side)
    space: float = 0.0  # on a word space, letter-spacing
    gap: float = 0.0  # added to each Han–Western gap
    latin: float = 0.0  # between other characters: only when CJK alone would gape


@dataclass
class Units:
    """How many expansion opportunities of each kind a line has."""

    cjk: float = 0.0
    space: float = 0.0
    gap: float = 0.0
    latin: float = 0.0


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


def in_box_width(text: str, shares: Shares) -> float:
    """Width a box gains: letter-spacing (ends trimmed) and its inner Han–Western gaps."""
    return spaced_width(text, shares) + shares.gap * len(gap_boundaries(text))


def boundary_kind(left: str, right: str) -> str | None:
    """The opportunity between the last char of a box and the first of the next."""
    if left == right and left in DOUBLED:
        return None
    if left in " \u00a0" or right in " \u00a0":
        return "space"
    if (is_han(left) and is_western(right)) or (is_western(left) and is_han(right)):
        return "gap"
    if is_cjk(left) or is_cjk(right):
        return "cjk"
    return "latin"


def boundary_width(left: str, right: str, shares: Shares) -> float:
    """The width justification adds between two boxes ending in ``left``, starting ``right``."""
    kind = boundary_kind(left, right)
    if kind == "space":
        return shares.space * ((left in " \u00a0") + (right in " \u00a0")) / 2
    return float(getattr(shares, kind)) if kind else 0.0


def count_units(texts: list[str | None]) -> Units:
    """Count the expansion opportunities of a line, given its leaves' texts in order
    (``None`` for an atomic box, a picture say)."""
    units = Units()
    kinds = (("cjk", Shares(cjk=1)), ("space", Shares(space=1)), ("latin", Shares(latin=1)))
    previous = None
    for text in texts:
        if text:
            for name, unit in kinds:
                setattr(units, name, getattr(units, name) + spaced_width(text, unit))
            units.gap += len(gap_boundaries(text))
            if previous:
                for name, unit in (*kinds, ("gap", Shares(gap=1))):
                    width = boundary_width(previous[-1], text[0], unit)
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
    if units.latin and (not units.cjk or cjk > EVEN_FROM * em):
        cjk = min(extra / (units.cjk + units.latin), CJK_CAP * em)
        latin = (extra - cjk * units.cjk) / units.latin
    elif not units.cjk and extra > 1e-9:
        if units.space:
            space += extra / units.space
        else:
            gap += extra / units.gap
    return Shares(cjk=cjk, space=space, gap=gap, latin=latin)


@dataclass
class Plan:
    """What to add to one layout: attributes by character index, glyph moves by index."""

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
    """Everything the engine adds for ``text`` (``justify``: the line's shares).

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


def long_run(text: str, font_size: float, max_width: float) -> bool:
    """True if ``text`` starts with a Western run (a URL, a long number) that is wider than
    a line or than ``LONG_RUN_EM``: moving it whole to the next line would leave the line
    before it to be justified into holes, so it is broken anywhere instead."""
    length = 0
    for char in text:
        if char.isspace() or CJK.match(char):
            break
        length += 1
    ems = min(max_width / font_size, LONG_RUN_EM)
    return bool(length > 2 * ems)
