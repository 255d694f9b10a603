"""Punctuation and space clean-up of extracted text, with a count of every change.

The clean-up only changes the width of punctuation and the spaces between characters:
it never adds, drops or reorders a letter, digit or Han character (``text.key`` of the
input and the output are equal).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

from typesetter.typography.chars import (
    FULL_WIDTH_MARKS,
    IDEOGRAPH,
    IDEOGRAPH_RANGES,
    full_width,
    is_cjk,
)

from ..i18n import N_, Translator
from .text import squeeze

_ = Translator("importer")

HALF_WIDTH = ",:;?!"  # set full-width in a Chinese context (parentheses: _parentheses)
SKIP = " *"  # looked through when finding the neighbours of a punctuation mark

_MARKS = re.escape("".join(sorted(FULL_WIDTH_MARKS)))
PUNCT_SPACE = re.compile(f"(?<=[{_MARKS}]) +| +(?=[{_MARKS}])")
# In titles a space after a closing quote or before an opening one separates the headline's
# parts (政策加码促“数商兴农” 电商平台…) and is kept, as is one after a percent sign.
TITLE_PUNCT_SPACE = re.compile(r"(?<=[，。、；：？！]) +| +(?=[，。、；：？！”’）》」』])")
HAN = IDEOGRAPH_RANGES
TITLE_HAN_DIGIT = re.compile(f"(?<=[{HAN}]) +(?=[0-9])|(?<=[0-9]) +(?=[{HAN}])")
HAN_SPACE = re.compile(f"(?<=[{HAN}]) +(?=[{HAN}])")
HAN_DIGIT = re.compile(f"(?<=[{HAN}]) +(?=[0-9])|(?<=[0-9%]) +(?=[{HAN}])")
HAN_LATIN = re.compile(f"(?<=[{HAN}]) +(?=[A-Za-z])|(?<=[A-Za-z]) +(?=[{HAN}])")

KINDS = {
    "punctuation": N_("half-width punctuation set full-width"),
    "parentheses": N_("parentheses set full-width"),
    "quotes": N_("straight quotes set as “ ”"),
    "punct_space": N_("spaces next to full-width punctuation removed"),
    "han_space": N_("spaces between Han characters removed"),
    "han_digit_space": N_("spaces between Han characters and digits removed"),
    "han_latin_space": N_("spaces between Han characters and Latin letters removed"),
    "whitespace": N_("tabs and runs of spaces squeezed"),
    "page_number": N_("lines holding only a page number left out"),
}


class Cleaner:
    """Cleans strings and counts the changes by kind (keys of ``KINDS``)."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def clean(self, text: str, *, title: bool = False) -> str:
        """Clean one paragraph, title or field; ``title`` keeps spaces between Han characters."""
        squeezed = squeeze(text)
        if squeezed != text.strip():
            self.counts["whitespace"] += 1
        out = squeezed
        for _ in range(len(out) + 1):  # each conversion gives the next its Chinese context
            before = out
            out = self._punctuation(self._quotes(self._parentheses(out)))
            if out == before:
                break
        out = self._sub(TITLE_PUNCT_SPACE if title else PUNCT_SPACE, out, "punct_space")
        if not title:
            out = self._sub(HAN_SPACE, out, "han_space")
        out = self._sub(TITLE_HAN_DIGIT if title else HAN_DIGIT, out, "han_digit_space")
        return self._sub(HAN_LATIN, out, "han_latin_space")

    def _sub(self, pattern: re.Pattern[str], text: str, kind: str) -> str:
        out, n = pattern.subn("", text)
        self.counts[kind] += n
        return out

    def _punctuation(self, text: str) -> str:
        chars = list(text)
        for i, char in enumerate(chars):
            if char not in HALF_WIDTH:
                continue
            before, after = _neighbour(chars, i, -1), _neighbour(chars, i, 1)
            if char in ",:" and before.isdigit() and after.isdigit() and _tight(chars, i):
                continue  # 1,000 and 10:30
            chinese = is_cjk(before) or (char in ",:;" and is_cjk(after))
            if char == "," and not chinese and _in_han_text(chars):
                # 72.8%, 60岁…: a comma followed by a space between numbers of a Chinese text
                chinese = (before.isdigit() or before in "%）") and not _tight(chars, i)
            if chinese:
                chars[i] = full_width(char)
                self.counts["punctuation"] += 1
        return "".join(chars)

    def _parentheses(self, text: str) -> str:
        chars = list(text)
        stack: list[int] = []
        pairs: list[tuple[int, int]] = []
        for i, char in enumerate(chars):
            if char == "(":
                stack.append(i)
            elif char == ")" and stack:
                pairs.append((stack.pop(), i))
        for start, end in pairs:
            inside = "".join(chars[start + 1 : end])
            if (
                IDEOGRAPH.search(inside)
                or is_cjk(_neighbour(chars, start, -1))
                or is_cjk(_neighbour(chars, end, 1))
            ):
                chars[start], chars[end] = "（", "）"
                self.counts["parentheses"] += 2
        return "".join(chars)

    def _quotes(self, text: str) -> str:
        if '"' not in text or not IDEOGRAPH.search(text):
            return text
        parts = text.split('"')
        out = [parts[0]]
        for n, part in enumerate(parts[1:]):
            out.append("“" if n % 2 == 0 else "”")
            out.append(part)
            self.counts["quotes"] += 1
        return "".join(out)


def _neighbour(chars: list[str], i: int, step: int) -> str:
    j = i + step
    while 0 <= j < len(chars) and chars[j] in SKIP:
        j += step
    return chars[j] if 0 <= j < len(chars) else ""


def _in_han_text(chars: list[str]) -> bool:
    return any(is_cjk(c) for c in chars)


def _tight(chars: list[str], i: int) -> bool:
    return 0 < i < len(chars) - 1 and chars[i - 1] != " " and chars[i + 1] != " "


def describe(counts: Counter[str] | dict[str, int]) -> list[str]:
    """One line per kind of change with a non-zero count, in ``KINDS`` order."""
    return [f"{counts[k]:5d}  {_(text)}" for k, text in KINDS.items() if counts.get(k)]


CleanFn = Callable[[str], str]
