"""Small text measures the importer's rules are written in (classes: typography.chars)."""

from __future__ import annotations

import re
import unicodedata

from typesetter.typography.chars import ideographs, is_full_width

# A line ending in one of these closes its paragraph (closing quotes/brackets count when the
# character before them does).
FINAL = "。！？；：…!?;:"
CLOSERS = "”’」』）)》\"'"
SENTENCE_INSIDE = re.compile(r"[。！？][^。！？]")
ENUMERATORS = "一二三四五六七八九十"
ENUM_LEAD = re.compile(
    rf"^(?:\*\*)?(?:([{ENUMERATORS}]{{1,2}})是|第([{ENUMERATORS}]{{1,2}})[，,、])"
)


def han(text: str) -> str:
    """The Han characters of ``text``, in order."""
    return ideographs(text)


def width(text: str) -> float:
    """Printed width in em: full-width characters 1, everything else one half."""
    return sum(1.0 if is_full_width(c) else 0.5 for c in text.strip())


def ends_sentence(text: str) -> bool:
    """True when the last visible character closes a sentence (or a clause with a colon)."""
    text = text.rstrip().rstrip("*").rstrip()
    while text and text[-1] in CLOSERS:
        text = text[:-1].rstrip()
        if text and text[-1] in FINAL:
            return True
    return bool(text) and text[-1] in FINAL


def key(text: str) -> str:
    """Comparison key: the Han characters, letters and digits only (width-folded, lower case)."""
    folded = unicodedata.normalize("NFKC", text).lower()
    return "".join(c for c in folded if c.isalnum())


def squeeze(text: str) -> str:
    """Tabs and runs of spaces (including U+3000) as one space, ends stripped."""
    return re.sub(r"[ \t\u3000\u00a0]+", " ", text).strip()


def enum_value(text: str) -> int | None:
    """The number of an enumerated lead such as 二是 or 第三，, None when there is none."""
    match = ENUM_LEAD.match(text)
    if not match:
        return None
    numeral = match.group(1) or match.group(2)
    return chinese_number(numeral)


def chinese_number(numeral: str) -> int:
    digits = {c: i + 1 for i, c in enumerate(ENUMERATORS)}
    if len(numeral) == 1:
        return digits[numeral]
    if numeral[0] == "十":
        return 10 + digits[numeral[1]]
    return digits[numeral[0]] * 10 if numeral[1] == "十" else 0
