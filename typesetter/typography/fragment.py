"""Text preparation of the HTML fragments we produce (clreq §3.2.2, §3.1.6).

Inside one text node the engine does everything (attrs.py). Only where a tag splits a
rule does the text need a span. The text of each block (``p``, ``li``, ``h2``...) is
read across its inline tags, then:

- spaces between Han characters and Western letters or digits are removed (text.py);
- a Western run separated by a tag from the Han next to it (``中<b>Temu</b>``) is wrapped
  in ``span.zh-wl`` / ``span.zh-wr``: the ¼ em gap as a CSS margin on the Han side, which
  the engine removes at line edges;
- of two adjacent full-width marks split by a tag (``。</em>”``), the one that loses its
  blank half is wrapped in ``span.zh-halt``.

The concatenated text is unchanged apart from the removed spaces, and running it twice
gives the same HTML. Text inside ``code``, ``pre``, ``script``... is left alone.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass, field

from .chars import CJK_RANGES, halt_side, is_han, is_western
from .text import removable_spaces

_TOKEN = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_UNIT = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);|.", re.S)
_TAG_NAME = re.compile(r"<\s*(/?)\s*([A-Za-z][A-Za-z0-9-]*)")
_CLASS = re.compile(r"""\bclass\s*=\s*["']([^"']*)["']""")
_RUN = re.compile(f"[^\\s{CJK_RANGES}]+(?: [^\\s{CJK_RANGES}]+)*")

INLINE = frozenset(
    [
        "a",
        "abbr",
        "b",
        "bdi",
        "bdo",
        "cite",
        "data",
        "del",
        "dfn",
        "em",
        "i",
        "ins",
        "mark",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "sup",
        "time",
        "u",
        "var",
    ]
)
OPAQUE = frozenset(["code", "kbd", "samp", "pre", "script", "style", "math", "svg", "textarea"])
PARAGRAPHS = frozenset(["p", "li", "dd", "blockquote"])
#: Classes of spans whose text is printed elsewhere (a footnote floats to the page foot):
#: their text is its own block, and the text around them joins up as if they were not there.
FLOATED = frozenset(["footnote"])
MAX_GLUED_WORD = 16  # a longer Western word before the last Han character is not glued


@dataclass
class Segment:
    """One text node: its units (a character or an entity) and the spans to add."""

    token: int
    units: list[str]
    group: int = 0  # segments split only by our own zh-* spans share a group
    removed: set[int] = field(default_factory=set)
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    wrapper: frozenset[str] = frozenset()  # classes of a span that holds exactly this node


@dataclass
class Block:
    """The text of one block: kept characters, each with its segment and unit."""

    segments: list[Segment] = field(default_factory=list)

    def groups(self) -> list[int]:
        """The group of each kept character (see :meth:`chars`)."""
        return [
            segment.group
            for segment in self.segments
            for index in range(len(segment.units))
            if index not in segment.removed
        ]

    def chars(self) -> list[tuple[str, int, int]]:
        return [
            (html.unescape(unit), number, index)
            for number, segment in enumerate(self.segments)
            for index, unit in enumerate(segment.units)
            if index not in segment.removed
        ]


def _normalise(block: Block) -> None:
    chars = block.chars()
    text = "".join(char for char, _, _ in chars)
    if len(text) != len(chars):  # an entity stood for several characters: leave it be
        return
    for start, end in removable_spaces(text):
        for _, number, index in chars[start:end]:
            block.segments[number].removed.add(index)


def _wrap(block: Block, chars: list[tuple[str, int, int]], start: int, end: int, name: str) -> bool:
    """Add a span over kept characters ``start:end`` if they lie in one segment."""
    number = chars[start][1]
    if chars[end - 1][1] != number:
        return False
    segment = block.segments[number]
    first, last = chars[start][2], chars[end - 1][2] + 1
    kept = [i for i in range(len(segment.units)) if i not in segment.removed]
    whole = first == kept[0] and last == kept[-1] + 1
    if whole and set(name.split()) <= segment.wrapper:
        return True
    segment.spans.append((first, last, name))
    return True


def _western_runs(block: Block, chars: list[tuple[str, int, int]], text: str) -> None:
    """Gap spans where a tag separates a Western run from Han (the engine does the rest)."""
    groups = block.groups()
    for match in _RUN.finditer(text):
        start, end = match.span()
        left = start > 0 and is_han(text[start - 1]) and is_western(text[start])
        right = end < len(text) and is_han(text[end]) and is_western(text[end - 1])
        left = left and groups[start - 1] != groups[start]
        right = right and groups[end] != groups[end - 1]
        if not (left or right):
            continue
        pieces = [start]
        pieces += [i for i in range(start + 1, end) if chars[i][1] != chars[i - 1][1]]
        pieces.append(end)
        for piece_start, piece_end in itertools.pairwise(pieces):
            names = []
            if left and piece_start == start:
                names.append("zh-wl")
            if right and piece_end == end:
                names.append("zh-wr")
            if names:
                _wrap(block, chars, piece_start, piece_end, " ".join(names))


def _halts(block: Block, chars: list[tuple[str, int, int]], text: str) -> None:
    groups = block.groups()
    for index in range(len(text) - 1):
        if groups[index] == groups[index + 1]:
            continue
        side = halt_side(text[index], text[index + 1])
        if side is not None:
            _wrap(block, chars, index + side, index + side + 1, "zh-halt")


def _prepare_block(block: Block) -> None:
    if not block.segments:
        return
    _normalise(block)
    chars = block.chars()
    text = "".join(char for char, _, _ in chars)
    if len(text) != len(chars) or not text:
        return
    _western_runs(block, chars, text)
    _halts(block, chars, text)


def _render(segment: Segment) -> str:
    spans = sorted(segment.spans, key=lambda span: (span[0], -span[1]))
    nested: list[tuple[int, int, str]] = []
    for span in spans:  # keep properly nested spans only
        if all(span[1] <= other[1] or span[0] >= other[1] for other in nested):
            nested.append(span)
    out = []
    for index, unit in enumerate(segment.units):
        out += [f'<span class="{name}">' for start, _, name in nested if start == index]
        if index not in segment.removed:
            out.append(unit)
        closing = [span for span in nested if span[1] == index + 1]
        out += ["</span>"] * len(closing)
    return "".join(out)


def _tag(token: str) -> tuple[str, bool]:
    match = _TAG_NAME.match(token)
    if not match:
        return "", False
    return match.group(2).lower(), bool(match.group(1))


def _is_ours(token: str) -> bool:
    match = _CLASS.search(token)
    if match is None:
        return False
    return all(name.startswith("zh-") for name in match.group(1).split())


def _wrapper(tokens: list[str], index: int) -> frozenset[str]:
    if index < 1 or index + 1 >= len(tokens) or tokens[index + 1] != "</span>":
        return frozenset()
    name, closing = _tag(tokens[index - 1])
    match = _CLASS.search(tokens[index - 1])
    if name != "span" or closing or not match:
        return frozenset()
    return frozenset(match.group(1).split())


def _floated(token: str) -> bool:
    match = _CLASS.search(token)
    return match is not None and not FLOATED.isdisjoint(match.group(1).split())


def prepare_fragment(fragment: str) -> str:
    """Prepare the text nodes of a well-formed HTML fragment for clreq layout."""
    tokens = _TOKEN.split(fragment)
    segments: list[Segment] = []
    block = Block()
    opaque = group = 0
    spans: list[bool] = []  # open spans: ours (zh-*) or not
    floated: list[bool] = []  # open spans: floated elsewhere (a footnote) or not
    suspended: list[Block] = []  # the blocks a floated span interrupts
    for index, token in enumerate(tokens):
        if index % 2 == 0:
            if token and not opaque:
                units = _UNIT.findall(token)
                segment = Segment(index, units, group, wrapper=_wrapper(tokens, index))
                block.segments.append(segment)
                segments.append(segment)
            continue
        name, closing = _tag(token)
        if name == "span":
            ours = spans.pop() if closing and spans else _is_ours(token)
            away = floated.pop() if closing and floated else _floated(token)
            if not closing:
                spans.append(ours)
                floated.append(away)
            group += not ours
            if away and not closing:
                suspended.append(block)
                block = Block()
            elif away:
                _prepare_block(block)
                block = suspended.pop() if suspended else Block()
            continue
        group += 1
        if name in INLINE or not name:
            continue
        if name in OPAQUE and not token.rstrip().endswith("/>"):
            opaque += -1 if closing else 1
            opaque = max(opaque, 0)
        _prepare_block(block)
        block = Block()
    _prepare_block(block)
    for segment in segments:
        tokens[segment.token] = _render(segment)
    return "".join(tokens)
