"""Readable, ASCII file names for articles: ``articles/03-shangwubu-tuijin-dianzishangwu.md``.

A name is the article's order number in the issue and a slug of its title: the title cut
into words (``rjieba``, the jieba segmenter) and each word spelled in pinyin without tones
(``pypinyin``), lower case, words joined by ``-``. Latin letters and digits are kept (full
width ones made half width, accents dropped), everything else separates words. A slug is
at most :data:`SLUG_LIMIT` characters, cut between words; a title with nothing to spell
(only punctuation) gets :data:`FALLBACK`. ``typesetter add``, ``typesetter new`` and
``typesetter import`` name their files here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import rjieba
from pypinyin import Style, lazy_pinyin

SLUG_LIMIT = 40
"""Characters in a slug at most (the name adds the number, ``-`` and ``.md``)."""
FALLBACK = "article"
"""The slug of a title with no letter, digit or Han character in it."""

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")
_NOT_ASCII_WORD = re.compile(r"[^a-z0-9]+")


def title_slug(title: str, limit: int = SLUG_LIMIT) -> str:
    """``商务部推进电子商务`` → ``shangwubu-tuijin-dianzishangwu``; ASCII, lower case,
    at most ``limit`` characters, never empty."""
    text = "".join(
        char
        for char in unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", title))
        if not unicodedata.combining(char)
    )
    words = [_ascii_word(word) for word in rjieba.cut(text)]
    slug = "-".join(word for word in words if word)
    slug = re.sub(r"-{2,}", "-", slug).strip("-")
    return _bounded(slug, limit) or FALLBACK


def article_name(order: int | str, title: str, taken: Iterable[str] = ()) -> str:
    """The path ``articles/NN-slug.md`` for the article at ``order`` (1-based, or already
    formatted as ``"07"``), made unique against ``taken`` (paths relative to the issue
    folder, compared ignoring case) by adding ``-2``, ``-3``…"""
    number = f"{order:02d}" if isinstance(order, int) else order
    stem = f"{number}-{title_slug(title)}"
    used = {path.casefold() for path in taken}
    name, n = f"articles/{stem}.md", 1
    while name.casefold() in used:
        n += 1
        name = f"articles/{stem}-{n}.md"
    return name


def _ascii_word(word: str) -> str:
    """One word as lower-case ASCII: Han in toneless pinyin (ü as v), Latin letters
    without accents, digits; anything else becomes a separator."""
    if _HAN.search(word):
        word = "".join(_spelled(word))
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode("ascii")
    return _NOT_ASCII_WORD.sub("-", plain.lower()).strip("-")


def _spelled(word: str) -> list[str]:
    """A word's syllables in pinyin, run together; a run of other characters inside it is
    kept apart (``2023年`` → ``2023``, ``-``, ``nian``)."""
    parts: list[str] = []
    for part in lazy_pinyin(word, style=Style.NORMAL):
        if parts and not (_is_syllable(parts[-1]) and _is_syllable(part)):
            parts.append("-")
        parts.append(part)
    return parts


def _is_syllable(text: str) -> bool:
    return text.isascii() and text.isalpha() and text.islower()


def _bounded(slug: str, limit: int) -> str:
    """``slug`` cut at the last ``-`` that keeps it within ``limit`` characters (inside a
    word only when the first word alone is longer)."""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1].rfind("-")
    return (slug[:cut] if cut > 0 else slug[:limit]).strip("-")
