"""Character classes the proof measures with (clreq §3.1; GB/T 15834 line-start/end rules)."""

from __future__ import annotations

import unicodedata
from functools import cache

#: Marks that must not start a line.
LINE_START_FORBIDDEN = frozenset("，。、；：？！）》」』】〕〉”’％·")
#: Marks that must not end a line.
LINE_END_FORBIDDEN = frozenset("（《「『【〔〈“‘")
#: Full-width closing marks: their glyph sits in the left half of the em box.
CLOSING = frozenset("，。、；：？！）》」』】〕〉”’")
#: Full-width opening marks: their glyph sits in the right half of the em box.
OPENING = frozenset("（《「『【〔〈“‘")
#: Marks whose glyph is not in one half, so a pair starting with them is not compressible.
_NOT_HALF = frozenset("？！")
#: Characters that come in unbreakable pairs (``——``, ``……``).
PAIRED = frozenset("—―…")
#: Characters of a Latin run that may still belong to an unbreakable URL.
_URL_MARKS = frozenset("/:.-_~?#[]@!$&'()*+,;=%")

_HAN_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2FA1F),
    (0x30000, 0x323AF),
)


@cache
def is_han(ch: str) -> bool:
    """A Han ideograph (CJK Unified Ideographs, extensions, compatibility) or ``〇``."""
    cp = ord(ch)
    return ch == "〇" or any(lo <= cp <= hi for lo, hi in _HAN_RANGES)


@cache
def is_latin(ch: str) -> bool:
    """A Western letter or digit (not a full-width form, not Han)."""
    return ord(ch) < 0x2E80 and ch.isalnum()


@cache
def is_space(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in ("Zs", "Cf")


@cache
def is_url_char(ch: str) -> bool:
    """A character that may appear in an unbreakable Latin run such as a URL."""
    return ord(ch) < 0x2E80 and (ch.isalnum() or ch in _URL_MARKS) and not ch.isspace()


def is_fullwidth_mark(ch: str) -> bool:
    return ch in CLOSING or ch in OPENING


def compressible_pair(first: str, second: str) -> bool:
    """Two adjacent full-width marks whose blank halves meet, so together they take 1.5 em."""
    if first in _NOT_HALF:
        return False
    if first in CLOSING:
        return second in CLOSING or second in OPENING
    return first in OPENING and second in OPENING


def han_only(text: str) -> str:
    """The Han characters of ``text`` after NFKC normalisation (compatibility forms unified)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text) if is_han(ch))
