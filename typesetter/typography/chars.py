"""Character classes of Chinese text layout (W3C clreq §3.1–3.5), shared by every stage.

This module is the product's one definition of Han, CJK, Western and full-width: the
importer, the Markdown renderer and the typography engine all import their classes from
here. (The proof keeps its own tables on purpose, see ``typesetter.proof.chars``; the
differences are pinned in ``tests/test_chars.py``.)

- Han (``IDEOGRAPH_RANGES``, :func:`is_ideograph`): the ideographs of Unicode's Han script;
- "Han" for spacing (``HAN_RANGES``, :func:`is_han`): Han plus kana, which takes the same
  ¼ em gap next to Western text;
- CJK (``CJK_RANGES``, :func:`is_cjk`): everything set on the em grid and justified between
  characters — Han, kana, CJK symbols and punctuation, the full-width forms;
- full-width (:func:`is_full_width`, ``FULL_WIDTH_MARKS``): what is set in a full em;
- East Asian wide (:func:`is_wide`): where a line break of the source prints as nothing;
- the quotes ‘ ’ “ ” (``QUOTES``), full width or proportional by their context
  (``text.latin_quotes``), and the long dashes ⸺ ⸻ (``LONG_DASHES``), ruled like ——.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Han: 々 〇 〡–〩 〸–〻 (Han-script marks and numerals), Ext. A, the URO, the compatibility
# ideographs, and all of planes 2 and 3, which Unicode allots to ideographs (Ext. B–J and
# the compatibility supplement; text of a newer Unicode than ours is still Han).
IDEOGRAPH_RANGES = (
    "\u3005\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00020000-\U0003ffff"
)
IDEOGRAPH = re.compile(f"[{IDEOGRAPH_RANGES}]")
# Hiragana and katakana.
KANA_RANGES = "\u3040-\u30ff"

# "Han" for spacing: Han and kana, the characters that take the ¼ em gap.
HAN_RANGES = f"{IDEOGRAPH_RANGES}{KANA_RANGES}"
HAN = re.compile(f"[{HAN_RANGES}]")

# Western letters and digits (Latin, Greek, Cyrillic; the Latin-1 ordinals, superscripts
# and fractions, and the superscript and subscript letters and digits of m² or CO₂): the
# other side of the ¼ em gap.
WESTERN_RANGES = (
    "0-9A-Za-z\u00aa\u00b2\u00b3\u00b5\u00b9\u00ba\u00bc-\u00be"
    "\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0370-\u03ff\u0400-\u04ff\u1e00-\u1eff"
    "\u2070\u2071\u2074-\u2079\u207f-\u2089\u2090-\u209c"
)
WESTERN = re.compile(f"[{WESTERN_RANGES}]")

# Full-width closing marks: glyph in the left half, blank trailing half (mainland forms).
CLOSING = frozenset("，。、；：？！）》」』】〕〉”’〗〙｝］")
# Full-width opening marks: glyph in the right half, blank leading half.
OPENING = frozenset("（《「『【〔〈“‘〖〘｛［")

# The two-em and three-em dashes: a doubled (tripled) dash in one character, treated as
# —— is — never at a line start, never split, never spaced inside.
LONG_DASHES = "\u2e3a\u2e3b"

# clreq §3.1.4 (GB level): must not start / must not end a line.
NO_START = frozenset("，。、；：？！）》」』】〕〉”’％·‧・—～〜…‥〗〙｝］" + LONG_DASHES)
NO_END = frozenset("（《「『【〔〈“‘〖〘｛［")
# Marks that are written doubled and never split: —— (or ――), …… and ⸺ ⸻ (one character
# each). Justification never spaces them (typography/spacing.py).
DOUBLED = frozenset("—―…" + LONG_DASHES)
# The no-start marks Pango (UAX #14) lets start a line: the engine forbids those breaks.
PANGO_GAPS = frozenset("·‧・—～〜" + LONG_DASHES)

# Quotation marks: full width between Han characters, proportional (the font's Latin
# form) inside or around Latin words — Levi’s, “Hello” in an English phrase. Which one a
# quote takes is decided by its context (text.latin_quotes).
QUOTES = "\u2018\u2019\u201c\u201d"
# Marks Unicode gives an ambiguous (or neutral) width that mainland fonts set in full
# ems: the quotes, the ellipsis, the dashes (— ⸺ ⸻) and the interpunct.
MAINLAND_WIDE = f"{QUOTES}\u2026\u2014{LONG_DASHES}\u00b7"
# Hangul: East Asian wide, but written with spaces between words (CSS Text 3 keeps a
# segment break next to it as a space).
HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\ua960-\ua97f\uac00-\ud7ff\uffa0-\uffdc]")
# Full-width punctuation (GB/T 15834): the closing and opening marks, the dash, the
# ellipsis, the interpunct and the wave dash.
FULL_WIDTH_MARKS = CLOSING | OPENING | frozenset("—…·～")

# Everything that is "CJK" for inter-character justification: Han, kana, CJK symbols and
# punctuation, full-width forms, and the full-width quotes of mainland fonts.
CJK_RANGES = (
    f"{HAN_RANGES}\u2e80-\u2fdf\u3000-\u303f\u31c0-\u31ef\u3200-\u33ff"
    f"\ufe30-\ufe4f\uff00-\uffef{MAINLAND_WIDE}"
)
CJK = re.compile(f"[{CJK_RANGES}]")

SPACES = " \t\n\r\f"

# Printable ASCII → its full-width form (U+FF01–FF5E).
_FULL_WIDTH_FORMS = {code: code + 0xFEE0 for code in range(0x21, 0x7F)}


@lru_cache(maxsize=4096)
def is_ideograph(char: str) -> bool:
    """True for a Han character (an ideograph, 〇, 々...); kana is not Han here."""
    return IDEOGRAPH.match(char) is not None


def ideographs(text: str) -> str:
    """The Han characters of ``text``, in order."""
    return "".join(IDEOGRAPH.findall(text))


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


@lru_cache(maxsize=4096)
def is_full_width(char: str) -> bool:
    """True for a character set in a full em in mainland text.

    That is East Asian Width W or F (UAX #11: Han, kana, CJK punctuation, the full-width
    forms), Han newer than Python's Unicode data, and ``MAINLAND_WIDE``.
    """
    return (
        unicodedata.east_asian_width(char) in ("W", "F")
        or char in MAINLAND_WIDE
        or IDEOGRAPH.match(char) is not None
    )


@lru_cache(maxsize=4096)
def is_wide(char: str) -> bool:
    """True for an East Asian wide character, for CSS Text 3's segment break rule.

    That is East Asian Width F, W or H (UAX #11), or a mark mainland fonts set full width
    (``MAINLAND_WIDE``, Han newer than Python's Unicode data), and not Hangul: a line break
    in the source between two such characters prints as nothing, not as a space.
    """
    if HANGUL.match(char):
        return False
    return unicodedata.east_asian_width(char) == "H" or is_full_width(char)


# A quote set in its proportional form is Western punctuation to the spacing rules:
# the ASCII mark that stands for it there.
_WESTERN_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def as_western(text: str) -> str:
    """``text`` as the spacing rules see it when its quotes take their proportional form."""
    return text.translate(_WESTERN_QUOTES)


def full_width(text: str) -> str:
    """``text`` with its printable ASCII characters as their full-width forms (``,`` → ``，``)."""
    return text.translate(_FULL_WIDTH_FORMS)


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
