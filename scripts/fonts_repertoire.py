"""The character repertoire of the vendored fonts (used by ``fetch_fonts.py``).

The main faces keep what a mainland Chinese periodical sets: every Han character of the
BMP (URO + Extension A + the unified ideographs of the compatibility block), the characters
of 通用规范汉字表 (2013) that lie outside the BMP, and the punctuation, Latin (pinyin
included), digits and symbols listed in ``KEEP_BLOCKS``. Everything else the Noto CJK faces
cover (kana, Hangul, rare Extension B–G characters, compatibility ideographs, enclosed
supplements) moves to the Noto Sans fallback face, so nothing the original fonts covered is
lost.
"""

from __future__ import annotations

import bz2
from collections.abc import Iterable, Iterator
from pathlib import Path

#: Unicode blocks (or parts of them) kept whole in the main faces, as inclusive ranges.
KEEP_BLOCKS: tuple[tuple[int, int, str], ...] = (
    (0x0000, 0x007F, "Basic Latin"),
    (0x0080, 0x00FF, "Latin-1 Supplement"),
    (0x0100, 0x017F, "Latin Extended-A"),
    (0x0180, 0x024F, "Latin Extended-B (pinyin ǎ ǐ ǒ ǔ ǚ)"),
    (0x0250, 0x02AF, "IPA Extensions (ɑ ɡ)"),
    (0x02B0, 0x02FF, "Spacing Modifier Letters (ˇ ˉ ˊ ˋ ˙)"),
    (0x0300, 0x036F, "Combining Diacritical Marks"),
    (0x0370, 0x03FF, "Greek and Coptic"),
    (0x0400, 0x04FF, "Cyrillic"),
    (0x1E00, 0x1EFF, "Latin Extended Additional (ḿ)"),
    (0x2000, 0x206F, "General Punctuation"),
    (0x2070, 0x209F, "Superscripts and Subscripts"),
    (0x20A0, 0x20CF, "Currency Symbols"),
    (0x20D0, 0x20FF, "Combining Diacritical Marks for Symbols"),
    (0x2100, 0x214F, "Letterlike Symbols"),
    (0x2150, 0x218F, "Number Forms"),
    (0x2190, 0x21FF, "Arrows"),
    (0x2200, 0x22FF, "Mathematical Operators"),
    (0x2300, 0x23FF, "Miscellaneous Technical"),
    (0x2400, 0x243F, "Control Pictures"),
    (0x2460, 0x24FF, "Enclosed Alphanumerics"),
    (0x2500, 0x257F, "Box Drawing"),
    (0x2580, 0x259F, "Block Elements"),
    (0x25A0, 0x25FF, "Geometric Shapes"),
    (0x2600, 0x26FF, "Miscellaneous Symbols"),
    (0x2700, 0x27BF, "Dingbats"),
    (0x2900, 0x297F, "Supplemental Arrows-B"),
    (0x2980, 0x29FF, "Miscellaneous Mathematical Symbols-B"),
    (0x2B00, 0x2BFF, "Miscellaneous Symbols and Arrows"),
    (0x2E00, 0x2E7F, "Supplemental Punctuation (⸺ ⸻)"),
    (0x2E80, 0x2EFF, "CJK Radicals Supplement"),
    (0x2F00, 0x2FDF, "Kangxi Radicals"),
    (0x2FF0, 0x2FFF, "Ideographic Description Characters"),
    (0x3000, 0x303F, "CJK Symbols and Punctuation"),
    (0x30FB, 0x30FB, "KATAKANA MIDDLE DOT (used as 间隔号 in Chinese text)"),
    (0x3100, 0x312F, "Bopomofo"),
    (0x31A0, 0x31BF, "Bopomofo Extended"),
    (0x31C0, 0x31EF, "CJK Strokes"),
    (0x3200, 0x32FF, "Enclosed CJK Letters and Months"),
    (0x3300, 0x33FF, "CJK Compatibility"),
    (0x3400, 0x4DBF, "CJK Unified Ideographs Extension A"),
    (0x4E00, 0x9FFF, "CJK Unified Ideographs"),
    (0xFB00, 0xFB4F, "Alphabetic Presentation Forms (ﬁ ﬂ)"),
    (0xFE10, 0xFE1F, "Vertical Forms"),
    (0xFE30, 0xFE4F, "CJK Compatibility Forms"),
    (0xFE50, 0xFE6F, "Small Form Variants"),
    (0xFF00, 0xFFEF, "Halfwidth and Fullwidth Forms"),
    (0xFFF0, 0xFFFF, "Specials"),
)

#: The twelve unified ideographs of the CJK Compatibility Ideographs block (Unified_Ideograph=Yes).
COMPAT_BLOCK_UNIFIED: frozenset[int] = frozenset(
    (0xFA0E, 0xFA0F, 0xFA11, 0xFA13, 0xFA14, 0xFA1F, 0xFA21, 0xFA23, 0xFA24, 0xFA27, 0xFA28, 0xFA29)
)

#: The range of the rare-Han fallback: supplementary (SIP) and tertiary (TIP) ideographic planes.
SIP_TIP = (0x20000, 0x3FFFF)

#: Size of 通用规范汉字表 (2013): the count the vendored list is checked against.
TONGYONG_GUIFAN_SIZE = 8105


def block_code_points() -> set[int]:
    """Every code point of ``KEEP_BLOCKS`` and ``COMPAT_BLOCK_UNIFIED``."""
    points: set[int] = set(COMPAT_BLOCK_UNIFIED)
    for start, end, _name in KEEP_BLOCKS:
        points.update(range(start, end + 1))
    return points


def main_repertoire(cmap: Iterable[int], supplementary: Iterable[int]) -> set[int]:
    """The code points of ``cmap`` that the main faces keep."""
    wanted = block_code_points() | set(supplementary)
    return {cp for cp in cmap if cp in wanted}


def read_ktgh(unihan_other_mappings_bz2: Path) -> dict[int, int]:
    """Map code point -> position in 通用规范汉字表, from Unihan's ``kTGH`` field."""
    table: dict[int, int] = {}
    with bz2.open(unihan_other_mappings_bz2, "rt", encoding="utf-8") as lines:
        for line in lines:
            fields = line.rstrip("\n").split("\t")
            if len(fields) == 3 and fields[1] == "kTGH":
                # The value is "2013:NNNN" (one entry per character in Unicode 15.0).
                table[int(fields[0][2:], 16)] = int(fields[2].split()[0].split(":")[1])
    return table


def check_tongyong(table: dict[int, int]) -> None:
    """Raise ``ValueError`` unless ``table`` is the whole published table, numbered 1..8105."""
    positions = sorted(table.values())
    if positions != list(range(1, TONGYONG_GUIFAN_SIZE + 1)):
        raise ValueError(
            f"kTGH gives {len(table)} characters at {len(set(positions))} positions; "
            f"通用规范汉字表 has {TONGYONG_GUIFAN_SIZE} numbered 1..{TONGYONG_GUIFAN_SIZE}"
        )


def supplementary_lines(table: dict[int, int], source: str) -> Iterator[str]:
    """The vendored list: a commented header, then ``U+XXXXX<TAB>char<TAB>position`` lines."""
    supplementary = sorted((cp, pos) for cp, pos in table.items() if cp > 0xFFFF)
    yield "# 通用规范汉字表 (2013): the characters outside the BMP."
    yield f"# {len(supplementary)} of the table's {len(table)} characters."
    yield f"# Source: {source}"
    yield "# Columns: code point, character, position in the table (1-8105)."
    for cp, pos in supplementary:
        yield f"U+{cp:04X}\t{chr(cp)}\t{pos}"


def read_supplementary(path: Path) -> list[int]:
    """The code points of a list written by :func:`supplementary_lines`."""
    points = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            points.append(int(line.split("\t")[0][2:], 16))
    return points


def to_ranges(points: Iterable[int]) -> list[list[int]]:
    """Sorted inclusive ``[start, end]`` ranges of a set of code points."""
    ranges: list[list[int]] = []
    for cp in sorted(set(points)):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return ranges
