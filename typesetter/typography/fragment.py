"""Text preparation of the HTML fragments we produce (clreq §3.2.2, §3.1.6).

Inside one text node the engine does everything (attrs.py). Only where a tag splits a
rule does the text need a span. The text of each block (``p``, ``li``, ``h2``...) is
read across its inline tags, then:

- spaces between Han characters and Western letters or digits are removed, and so are
  the line breaks of the source between two East Asian wide characters (text.py);
- a Western run separated by a tag from the Han next to it (``中<b>Temu</b>``) is wrapped
  in ``span.zh-wl`` / ``span.zh-wr``: the ¼ em gap as a CSS margin on the Han side, which
  the engine removes at line edges. Inline code (``code``, ``kbd``, ``samp``) is Latin
  text: its text joins the block's, and an element that starts or ends such a run is
  wrapped whole (``<span class="zh-wl"><code>API</code></span>``);
- of two adjacent full-width marks split by a tag (``。</em>”``), the one that loses its
  blank half is wrapped in ``span.zh-halt``;
- a quote that takes its proportional Latin form (``Levi’s``, text.latin_quotes) is
  wrapped in ``span.zh-pq``;
- with ``bracket_half`` (the layout's ``paragraph_start_bracket: half``), a full-width
  opening mark that starts a paragraph (``<p>《电子商务法》…``) is wrapped in
  ``span.zh-ps``: set half width, its blank left half removed (clreq §3.1.6). Without
  it nothing is added, so the default output is unchanged.

The concatenated text is unchanged apart from the removed spaces and line breaks, and
running it twice gives the same HTML. Text inside ``code``, ``pre``, ``script``... is
left alone.
"""

from __future__ import annotations

import html
import itertools
import re
from dataclasses import dataclass, field

from .chars import CJK_RANGES, OPENING, halt_side, is_cjk, is_han, is_western
from .text import latin_quotes, removable_spaces

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
#: Opaque elements that are inline Latin text outside ``pre``: their text is part of the
#: block's (for the gap next to them) but never changed, and they are wrapped whole.
ATOMS = frozenset(["code", "kbd", "samp"])
PARAGRAPHS = frozenset(["p", "li", "dd", "blockquote"])
#: Classes of spans whose text is printed elsewhere (a footnote floats to the page foot):
#: their text is its own block, and the text around them joins up as if they were not there.
FLOATED = frozenset(["footnote"])
MAX_GLUED_WORD = 16  # a longer Western word before the last Han character is not glued


@dataclass
class Atom:
    """An inline code element: its name, the tokens of its start and end tags, and the
    classes of the span to put around it (``zh-wl``, ``zh-wr``)."""

    tag: str
    start: int
    end: int = -1
    names: list[str] = field(default_factory=list)


@dataclass
class Segment:
    """One text node: its units (a character or an entity) and the spans to add."""

    token: int
    units: list[str]
    group: int = 0  # segments split only by our own zh-* spans share a group
    removed: set[int] = field(default_factory=set)
    spans: list[tuple[int, int, str]] = field(default_factory=list)
    wrapper: frozenset[str] = frozenset()  # classes of a span that holds exactly this node
    atom: Atom | None = None  # the inline code element this text is in (never changed)


@dataclass
class Block:
    """The text of one block: kept characters, each with its segment and unit."""

    segments: list[Segment] = field(default_factory=list)
    tag: str = ""  # the element whose start tag opened the block ("" after an end tag)

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


def _rule_text(block: Block, chars: list[tuple[str, int, int]]) -> str:
    """The block's text as the rules see it: inline code is Latin text, so each of its
    characters that is neither a space nor CJK stands there as a Western letter."""
    return "".join(
        "a" if block.segments[number].atom is not None and not (c.isspace() or is_cjk(c)) else c
        for c, number, _ in chars
    )


def _normalise(block: Block) -> None:
    chars = block.chars()
    text = "".join(char for char, _, _ in chars)
    if len(text) != len(chars):  # an entity stood for several characters: leave it be
        return
    for start, end in removable_spaces(_rule_text(block, chars)):
        for _, number, index in chars[start:end]:
            segment = block.segments[number]
            if segment.atom is None:  # code keeps its spaces
                segment.removed.add(index)


def _wrap(block: Block, chars: list[tuple[str, int, int]], start: int, end: int, name: str) -> bool:
    """Add a span over kept characters ``start:end`` if they lie in one segment (not code)."""
    number = chars[start][1]
    if chars[end - 1][1] != number:
        return False
    segment = block.segments[number]
    if segment.atom is not None:
        return False
    first, last = chars[start][2], chars[end - 1][2] + 1
    kept = [i for i in range(len(segment.units)) if i not in segment.removed]
    whole = first == kept[0] and last == kept[-1] + 1
    if whole and set(name.split()) <= segment.wrapper:
        return True
    segment.spans.append((first, last, name))
    return True


def _western_runs(block: Block, chars: list[tuple[str, int, int]], text: str) -> None:
    """Gap spans where a tag separates a Western run from Han (the engine does the rest).

    ``text`` is the rules' text (:func:`_rule_text`): any character of inline code
    (``--help``) takes the gap like a Western letter, and the code element is wrapped whole.
    """
    groups = block.groups()
    atoms = [block.segments[number].atom for _, number, _ in chars]
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
            atom = atoms[piece_start]
            if names and atom is not None:
                atom.names = sorted(set(atom.names) | set(names))
            elif names:
                _wrap(block, chars, piece_start, piece_end, " ".join(names))


def _halts(block: Block, chars: list[tuple[str, int, int]], text: str, latin: set[int]) -> None:
    groups = block.groups()
    for index in range(len(text) - 1):
        if groups[index] == groups[index + 1] or {index, index + 1} & latin:
            continue
        side = halt_side(text[index], text[index + 1])
        if side is not None:
            _wrap(block, chars, index + side, index + side + 1, "zh-halt")


def _prepare_block(block: Block, bracket_half: bool = False) -> None:
    if not block.segments:
        return
    _normalise(block)
    chars = block.chars()
    text = "".join(char for char, _, _ in chars)
    if len(text) != len(chars) or not text:
        return
    rule_text = _rule_text(block, chars)
    _western_runs(block, chars, rule_text)
    latin = set(latin_quotes(rule_text))
    _halts(block, chars, text, latin)
    for index in sorted(latin):
        _wrap(block, chars, index, index + 1, "zh-pq")
    if bracket_half and block.tag == "p" and text[0] in OPENING and 0 not in latin:
        _wrap(block, chars, 0, 1, "zh-ps")


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


def _atom_wrapper(tokens: list[str], atom: Atom) -> frozenset[str]:
    """The classes of a span of ours that holds exactly the element ``atom``."""
    start, end = atom.start, atom.end
    if start < 2 or end + 2 >= len(tokens) or tokens[start - 1] or tokens[end + 1]:
        return frozenset()
    name, closing = _tag(tokens[start - 2])
    match = _CLASS.search(tokens[start - 2])
    if name != "span" or closing or not match or not _is_ours(tokens[start - 2]):
        return frozenset()
    return frozenset(match.group(1).split()) if tokens[end + 2] == "</span>" else frozenset()


def _floated(token: str) -> bool:
    match = _CLASS.search(token)
    return match is not None and not FLOATED.isdisjoint(match.group(1).split())


def _wrap_atoms(tokens: list[str], atoms: list[Atom]) -> None:
    for atom in atoms:
        if atom.end < 0 or not atom.names or set(atom.names) <= _atom_wrapper(tokens, atom):
            continue
        tokens[atom.start] = f'<span class="{" ".join(atom.names)}">{tokens[atom.start]}'
        tokens[atom.end] += "</span>"


def prepare_fragment(fragment: str, *, bracket_half: bool = False) -> str:
    """Prepare the text nodes of a well-formed HTML fragment for clreq layout.

    ``bracket_half``: mark an opening bracket that starts a ``p`` as half width (``zh-ps``).
    """
    tokens = _TOKEN.split(fragment)
    segments: list[Segment] = []
    atoms: list[Atom] = []
    atom: Atom | None = None  # the inline code element being read
    block = Block()
    opaque = group = 0
    spans: list[bool] = []  # open spans: ours (zh-*) or not
    floated: list[bool] = []  # open spans: floated elsewhere (a footnote) or not
    suspended: list[Block] = []  # the blocks a floated span interrupts
    for index, token in enumerate(tokens):
        if index % 2 == 0:
            if token and not opaque:
                units = _UNIT.findall(token)
                wrapper = _wrapper(tokens, index)
                segment = Segment(index, units, group, wrapper=wrapper, atom=atom)
                block.segments.append(segment)
                segments.append(segment)
            continue
        name, closing = _tag(token)
        if atom is not None:  # the tags inside inline code are its own
            if closing and name == atom.tag:
                atom.end, atom = index, None
                group += 1
            continue
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
                _prepare_block(block, bracket_half)
                block = suspended.pop() if suspended else Block()
            continue
        group += 1
        if name in INLINE or not name:
            continue
        self_closing = token.rstrip().endswith("/>")
        if name in ATOMS and not opaque and not closing and not self_closing:
            atom = Atom(name, index)
            atoms.append(atom)
            continue
        if name in OPAQUE and not self_closing:
            opaque += -1 if closing else 1
            opaque = max(opaque, 0)
        _prepare_block(block, bracket_half)
        block = Block(tag="" if closing else name)
    _prepare_block(block, bracket_half)
    for segment in segments:
        tokens[segment.token] = _render(segment)
    _wrap_atoms(tokens, atoms)
    return "".join(tokens)
