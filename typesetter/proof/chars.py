"""Character classes the proof measures with (clreq §3.1; GB/T 15834 line-start/end rules).

These tables are the proof's own on purpose: they are written here from the standards and
do not import ``typesetter.typography.chars``, the product's one definition of Han, CJK
and full-width. The proof is the instrument that measures the engine's output; an
instrument that shared the engine's tables would share its mistakes (a character missing
from the engine's Han would go missing from what the proof checks, too). Where the two
disagree on purpose — the engine spaces kana like Han, keeps more marks off the line
start, counts unassigned ideograph code points as Han — the difference is pinned, with
its reason, in ``tests/test_chars.py``; any other disagreement is a bug in one of them.
"""

from __future__ import annotations

import unicodedata
from functools import cache

#: Marks that must not start a line.
LINE_START_FORBIDDEN = frozenset("，。、；：？！）》」』】〕〉〗〙］｝”’％·")
#: Marks that must not end a line.
LINE_END_FORBIDDEN = frozenset("（《「『【〔〈〖〘［｛“‘")
#: Full-width closing marks: their glyph sits in the left half of the em box.
CLOSING = frozenset("，。、；：？！）》」』】〕〉〗〙］｝”’")
#: Full-width opening marks: their glyph sits in the right half of the em box.
OPENING = frozenset("（《「『【〔〈〖〘［｛“‘")
#: Marks whose glyph is not in one half, so a pair starting with them is not compressible.
_NOT_HALF = frozenset("？！")
#: Characters that come in unbreakable pairs (``——``, ``……``).
PAIRED = frozenset("—―…⸺⸻")
#: Characters of a Latin run that may still belong to an unbreakable URL.
_URL_MARKS = frozenset("/:.-_~?#[]@!$&'()*+,;=%")

#: Han by Unicode's blocks, as assigned up to Unicode 17.0.
_HAN_RANGES = (
    (0x3005, 0x3005),  # 々 ideographic iteration mark
    (0x3007, 0x3007),  # 〇 ideographic number zero
    (0x3021, 0x3029),  # 〡–〩 Hangzhou numerals
    (0x3038, 0x303B),  # 〸–〺 Hangzhou numerals, 〻 vertical iteration mark
    (0x3400, 0x4DBF),  # Extension A
    (0x4E00, 0x9FFF),  # CJK Unified Ideographs
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0x20000, 0x2FA1F),  # Extensions B–F, I, Compatibility Ideographs Supplement
    (0x30000, 0x3347F),  # Extensions G, H, J
)
#: Below this, letters and digits are Western; from it on (letterlike symbols, number forms
#: such as Ⅻ, enclosed alphanumerics such as ①) a CJK font sets them as symbols, no gap.
_WESTERN_END = 0x2100


@cache
def is_han(ch: str) -> bool:
    """A Han character: CJK Unified Ideographs, extensions, compatibility, ``〇``, ``々``."""
    cp = ord(ch)
    return any(lo <= cp <= hi for lo, hi in _HAN_RANGES)


@cache
def is_latin(ch: str) -> bool:
    """A Western letter or digit (not a symbol such as ①, not a full-width form, not Han)."""
    return ord(ch) < _WESTERN_END and ch.isalnum()


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
