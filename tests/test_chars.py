"""Han, CJK, Western and full-width: the product's one definition (typography.chars), and
the differences the proof's own tables (proof.chars) keep from it on purpose."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable

import pytest

from typesetter.importer.clean import Cleaner
from typesetter.importer.text import han, width
from typesetter.proof import chars as proof
from typesetter.typography import chars

Ranges = list[tuple[int, int]]

#: The code points compared: where Chinese periodicals, their Western words and their
#: punctuation live. Other scripts (IPA, Armenian, Hebrew...) are left out: neither side
#: claims to classify them.
DOMAIN: Ranges = [
    (0x0000, 0x024F),  # ASCII, Latin-1, Latin Extended-A and -B
    (0x0370, 0x04FF),  # Greek, Cyrillic
    (0x1E00, 0x1EFF),  # Latin Extended Additional
    (0x2000, 0x2E7F),  # punctuation, super/subscripts, letterlike, Ⅻ, ①... supplemental punct.
    (0x2E80, 0x9FFF),  # radicals, CJK symbols and punctuation, kana, Ext. A, the URO
    (0xF900, 0xFAFF),  # CJK Compatibility Ideographs
    (0xFE10, 0xFE6F),  # vertical, compatibility and small forms
    (0xFF00, 0xFFEF),  # half-width and full-width forms
    (0x1B000, 0x1B16F),  # kana supplement and extended
    (0x20000, 0x3FFFF),  # planes 2 and 3: Ext. B–J, compatibility supplement, unassigned
]

#: Where the engine's "Han" (chars.is_han, which decides the ¼ em gap) and the proof's
#: (proof.is_han, which decides where the gap is measured) differ. Only the engine's side
#: holds these: the proof never measures a gap the engine did not mean to make.
HAN_ONLY_IN_PRODUCT: Ranges = [
    # Hiragana and katakana: the engine spaces kana like Han (as jlreq does); clreq says
    # nothing about kana, and the proof measures only Han.
    (0x3040, 0x30FF),
    # Unassigned code points of planes 2 and 3, which Unicode allots to ideographs: the
    # product takes the Han of a newer Unicode as Han already; the proof counts only the
    # blocks assigned so far, so that it never reports on a character it cannot name.
    (0x2FA20, 0x2FFFF),
    (0x33480, 0x3FFFF),
]

#: Where the engine's Western letters and digits (chars.is_western) and the proof's
#: (proof.is_latin) differ. The product names whole blocks (its class is a regex range
#: shared by several patterns); the proof asks whether a character is a letter or digit.
#: They differ on the Greek and Cyrillic blocks' signs, combining marks and unassigned
#: points, which do not stand between Han and Western text (037E and 0387 even normalise
#: to ASCII ";" and to "·").
WESTERN_ONLY_IN_PRODUCT: Ranges = [
    (0x0375, 0x0375),  # ͵ Greek lower numeral sign
    (0x0378, 0x0379),  # unassigned
    (0x037E, 0x037E),  # ; Greek question mark
    (0x0380, 0x0385),  # unassigned, ΄ ΅ tonos
    (0x0387, 0x0387),  # · Greek ano teleia
    (0x038B, 0x038B),  # unassigned
    (0x038D, 0x038D),  # unassigned
    (0x03A2, 0x03A2),  # unassigned
    (0x03F6, 0x03F6),  # ϶ reversed lunate epsilon symbol
    (0x0482, 0x0489),  # ҂ thousands sign, combining titlo and marks
]

#: Marks the engine keeps off the line start though GB/T 15834 allows them there: it is
#: stricter than the rule (Pango would start a line with ·‧・—～〜; the engine glues them to
#: the character before), while the proof checks the rule itself and so never reports a
#: line start the standard allows.
NO_START_ONLY_IN_PRODUCT = frozenset("‧・—～〜…‥⸺⸻")


def _code_points(ranges: Ranges) -> Iterable[int]:
    return itertools.chain.from_iterable(range(lo, hi + 1) for lo, hi in ranges)


def _disagreements(a: Callable[[str], bool], b: Callable[[str], bool]) -> Ranges:
    """The code points of ``DOMAIN`` on which ``a`` and ``b`` differ, as ranges."""
    out: Ranges = []
    for cp in _code_points(DOMAIN):
        if a(chr(cp)) != b(chr(cp)):
            if out and out[-1][1] == cp - 1:
                out[-1] = (out[-1][0], cp)
            else:
                out.append((cp, cp))
    return out


def _uncached(function: Callable[[str], bool]) -> Callable[[str], bool]:
    """The function behind a ``functools.cache`` (the loop would fill the cache for good)."""
    wrapped: Callable[[str], bool] = getattr(function, "__wrapped__", function)
    return wrapped


def _hex(ranges: Ranges) -> list[str]:
    return [f"{lo:04X}-{hi:04X}" for lo, hi in ranges]


def test_han_differs_from_the_proof_only_as_documented() -> None:
    found = _disagreements(_uncached(chars.is_han), _uncached(proof.is_han))
    assert _hex(found) == _hex(HAN_ONLY_IN_PRODUCT)
    assert all(chars.is_han(chr(lo)) for lo, _ in HAN_ONLY_IN_PRODUCT)


def test_ideographs_differ_from_the_proof_only_on_unassigned_code_points() -> None:
    found = _disagreements(_uncached(chars.is_ideograph), _uncached(proof.is_han))
    assert _hex(found) == _hex(HAN_ONLY_IN_PRODUCT[1:])


def test_western_differs_from_the_proof_only_as_documented() -> None:
    found = _disagreements(_uncached(chars.is_western), _uncached(proof.is_latin))
    assert _hex(found) == _hex(WESTERN_ONLY_IN_PRODUCT)
    assert all(chars.is_western(chr(lo)) for lo, _ in WESTERN_ONLY_IN_PRODUCT)


def test_line_rules_and_marks_differ_from_the_proof_only_as_documented() -> None:
    assert chars.NO_START - proof.LINE_START_FORBIDDEN == NO_START_ONLY_IN_PRODUCT
    assert proof.LINE_START_FORBIDDEN <= chars.NO_START
    assert chars.NO_END == proof.LINE_END_FORBIDDEN
    assert chars.CLOSING == proof.CLOSING
    assert chars.OPENING == proof.OPENING
    assert chars.DOUBLED == proof.PAIRED


def test_the_proofs_marks_are_full_width_cjk_and_never_western() -> None:
    marks = proof.CLOSING | proof.OPENING | proof.PAIRED | proof.LINE_START_FORBIDDEN
    # Not yet: ― (U+2015, the dash of cp936 text) is paired on both sides but not CJK or
    # full-width to the product, whose justification spaces every CJK character except
    # — and … (typography/spacing.py); it joins MAINLAND_WIDE once that exception is
    # built from chars.DOUBLED.
    assert [c for c in marks if not (chars.is_full_width(c) and chars.is_cjk(c))] == ["―"]
    assert not [c for c in marks if proof.is_latin(c) or chars.is_western(c)]
    latin_cjk = [
        cp for cp in _code_points(DOMAIN) if proof.is_latin(chr(cp)) and chars.is_cjk(chr(cp))
    ]
    assert not latin_cjk


@pytest.mark.parametrize(
    "char",
    ["中", "〇", "々", "〡", "㐀", "豈", "𠀀", "\U0002ebf0", "\U00031350", "\U000323b0"],
)
def test_han(char: str) -> None:
    """URO, 〇 々 Hangzhou numerals, Ext. A, compatibility, Ext. B, I, H, J."""
    assert chars.is_ideograph(char) and chars.is_han(char) and chars.is_cjk(char)
    assert chars.is_full_width(char) and proof.is_han(char)


@pytest.mark.parametrize("char", ["あ", "ア", "ー"])
def test_kana_is_han_for_spacing_only(char: str) -> None:
    assert chars.is_han(char) and chars.is_cjk(char) and not chars.is_ideograph(char)


@pytest.mark.parametrize("char", ["。", "“", "—", "…", "·", "～", "Ａ", "１", "\u3000", "⺀"])
def test_cjk_not_han(char: str) -> None:
    assert chars.is_cjk(char) and not chars.is_han(char)


@pytest.mark.parametrize("char", ["A", "z", "7", "é", "ễ", "α", "Ж", "²", "µ", "₂", "ⁿ"])
def test_western(char: str) -> None:
    assert chars.is_western(char) and proof.is_latin(char) and not chars.is_cjk(char)


@pytest.mark.parametrize("char", ["①", "Ⅻ", "ℓ", "Ａ", "１", "·", "-", " "])
def test_not_western(char: str) -> None:
    assert not chars.is_western(char) and not proof.is_latin(char)


def test_full_width() -> None:
    assert all(chars.is_full_width(c) for c in "中あ。，（）“”‘’—…·～Ａ１\u3000")
    assert not any(chars.is_full_width(c) for c in "A1,()é²①ｱ")  # ｱ: half-width katakana
    assert all(chars.is_full_width(c) and chars.is_cjk(c) for c in chars.FULL_WIDTH_MARKS)
    assert chars.full_width(",:;()?!A1 中") == "，：；（）？！Ａ１ 中"


def test_importer_uses_the_one_definition() -> None:
    assert han("二〇二三年，A股々") == "二〇二三年股々"
    assert width("“中国”") == 4.0  # the quotes are full-width in mainland fonts
    assert Cleaner().clean("二〇 二三年(上)") == "二〇二三年（上）"
