"""Character classes of Chinese text layout (W3C clreq §3.1–3.5), shared by every stage."""

from __future__ import annotations

import re
from functools import lru_cache

# Han ideographs (URO, Ext. A–H, compatibility), 〇 and 々, plus kana: "Han" for spacing.
HAN_RANGES = (
    "\u3005\u3007\u3021-\u3029\u3038-\u303b\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff"
    "\uf900-\ufaff\U00020000-\U0003134f"
)
HAN = re.compile(f"[{HAN_RANGES}]")

# Western letters and digits (Latin, Greek, Cyrillic): the other side of the ¼ em gap.
WESTERN_RANGES = "0-9A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff"
WESTERN = re.compile(f"[{WESTERN_RANGES}]")

# Full-width closing marks: glyph in the left half, blank trailing half (mainland forms).
CLOSING = frozenset("，。、；：？！）》」』】〕〉”’〗〙｝］")
# Full-width opening marks: glyph in the right half, blank leading half.
OPENING = frozenset("（《「『【〔〈“‘〖〘｛［")

# clreq §3.1.4 (GB level): must not start / must not end a line.
NO_START = frozenset("，。、；：？！）》」』】〕〉”’％·‧・—～〜…‥〗〙｝］")
NO_END = frozenset("（《「『【〔〈“‘〖〘｛［")
# Marks that are written doubled and never split: —— and …….
DOUBLED = frozenset("—…")
# The no-start marks Pango (UAX #14) lets start a line: the engine forbids those breaks.
PANGO_GAPS = frozenset("·‧・—～〜")

# Everything that is "CJK" for inter-character justification: Han, kana, CJK symbols and
# punctuation, full-width forms, and the full-width quotes of mainland fonts.
CJK_RANGES = (
    f"{HAN_RANGES}\u2e80-\u2fdf\u3000-\u303f\u31c0-\u31ef\u3200-\u33ff"
    "\ufe30-\ufe4f\uff00-\uffef\u2018\u2019\u201c\u201d\u2026\u2014\u00b7"
)
CJK = re.compile(f"[{CJK_RANGES}]")

SPACES = " \t\n\r\f"


@lru_cache(maxsize=4096)
def is_han(char: str) -> bool:
    """True for a Han ideograph (or kana): the characters that take the ¼ em gap."""
    return HAN.match(char) is not None


@lru_cache(maxsize=4096)
def is_western(char: str) -> bool:
    """True for a Western letter or digit."""
    return WESTERN.match(char) is not None


@lru_cache(maxsize=4096)
def is_cjk(char: str) -> bool:
    """True for a character that takes inter-character justification space."""
    return CJK.match(char) is not None


# Two adjacent full-width marks: where halt_positions() looks for pairs.
MARK_PAIRS = re.compile("[" + "".join(sorted(CLOSING | OPENING)) + "]{2,}")
# Characters around which a clreq rule may forbid a break Pango allows.
RULED = frozenset(NO_START | NO_END | DOUBLED)


def halt_side(left: str, right: str) -> int | None:
    """Which mark of an adjacent pair loses its blank half (clreq §3.1.6).

    Return 0 for the left mark (a closing mark's trailing half), 1 for the right one (an
    opening mark's leading half), None when the pair is not compressed.
    """
    if left in CLOSING and (right in CLOSING or right in OPENING):
        return 0
    if left in OPENING and right in OPENING:
        return 1
    return None


def break_forbidden(left: str, right: str) -> bool:
    """True when clreq forbids a line break between ``left`` and ``right``."""
    if right in NO_START or left in NO_END:
        return True
    return left == right and left in DOUBLED
