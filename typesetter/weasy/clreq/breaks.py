"""WeasyPrint's line breaking, with the clreq rules of typography.chars and .spacing.

- clreq §3.1.4: WeasyPrint asks ``can_break_text(last_letter + first_letter)`` before
  breaking between two boxes; the Pango answer is filtered by the clreq rules (inside a
  box, pango.py forbids the same breaks with ``allow_breaks``).
- clreq §3.4.4: when the rest of a text box after a line would be a single Han character
  (with its punctuation), the line is ended one unit earlier, so that the last line of a
  paragraph holds at least two. (A text box that ends before inline markup gets the same
  treatment: a line one character shorter, which justification absorbs.) Where the
  line may not end there (Pango breaks next to no quotation mark), it ends up to
  ``LONELY_STEPS`` characters earlier.
- A line cut short before a long Western run (a URL, a 70-digit number: wider than a line
  or than 12 em) would be justified into holes: such a run is broken anywhere to fill the
  line instead, as ``overflow-wrap: anywhere`` would on the next line.
- clreq §3.8, JIS X 4051's order (shrink before stretch): a justified line that ends
  short of the measure because its next unit may not be parted (``强国|建设。``:
  kinsoku; ``增长|54.4%``: a Western run moved down whole), or that would leave a lone
  last character, is first tried with that unit on it, its full-width marks compressed
  (:func:`_squeeze`, :func:`_fit`): the line-end mark set half width, marks inside the
  line by up to ½ em each. Only when the marks cannot make room does the line break
  early and justification stretch it. The characters stay, in order: only the marks'
  advances change (pango.py applies ``Layout.clreq_squeeze``). Breaks beside a Chinese
  quotation mark, which Pango does not offer, count as the next unit's end, and so do
  breaks between full-width symbols (``①②``, ``★☆``: UAX #14 AI, which Pango keeps
  together like letters; :func:`_symbol_break`).
- Total-fit over the lines that can shrink, two lines ahead (:func:`split_first_line`):
  a line's own marks cannot make room for a unit wider than they give (``本土|GDP``,
  ``政策|环境。``), but the lines before it can take units more (squeezed), so that the
  loose line starts later. Each justified line is chosen with the next
  :data:`LINES_AHEAD` lines of its text box set too (:func:`_plan`).
- A unit wider than the line (a run of marks and quotes, which Pango keeps whole) is
  wrapped by WeasyPrint at any character, kinsoku or not (``——“|、``): the line ends at
  the nearest place before it that clreq allows instead (:func:`_kinsoku_cut`).
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from weasyprint.text import line_break
from weasyprint.text.constants import PANGO_WRAP_MODE
from weasyprint.text.ffi import pango
from weasyprint.text.line_break import first_line_metrics, line_size

from ...typography.chars import (
    CLOSING,
    OPENING,
    RULED,
    break_forbidden,
    is_cjk,
    is_han,
    is_western,
)
from ...typography.spacing import is_chinese, lonely_cut, long_run
from ...typography.text import halt_positions, no_break_ranges


def can_break_text(original: Callable[[str, Any], Any], text: str, lang: Any) -> bool:
    """WeasyPrint's ``can_break_text``, with clreq's forbidden breaks removed."""
    if not is_chinese(lang) or not text or len(text) < 2 or RULED.isdisjoint(text):
        return bool(original(text, lang))
    if len(text) == 2:
        return not break_forbidden(text[0], text[1]) and bool(original(text, lang))
    log_attrs = line_break.get_log_attrs(text, lang)
    return any(
        log_attrs[index].is_line_break and not break_forbidden(text[index - 1], text[index])
        for index in range(1, len(text))
    )


#: How far short of the edge a line is filled with a long Western run (em): the ¼ em
#: Han–Western gap of a ``span.zh-wl`` and as much again for a layout's padding.
FILL_SHORT_EM = 0.5


def _fill_with_run(
    text: str,
    style: Any,
    context: Any,
    max_width: float,
    justification_spacing: Any,
    result: Any,
) -> Any:
    """Break the long run that follows a short line anywhere, to fill that line.

    The line is filled to :data:`FILL_SHORT_EM` short of the edge: WeasyPrint lays an
    inline box's text out without its start margin or padding (a ``zh-wl`` gap, for one),
    so a line filled exactly would overflow; justification spreads the rest.
    """
    width = max_width - FILL_SHORT_EM * style["font_size"]
    layout = line_break.create_layout(text, style, context, width, justification_spacing)
    pango.pango_layout_set_wrap(layout.layout, PANGO_WRAP_MODE["WRAP_CHAR"])
    first_line, index = layout.get_first_line()
    if index is None or index <= result[2]:
        return result
    return line_break.first_line_metrics(first_line, text, layout, index, True, style)


#: When the line may not end where ``lonely_cut`` says, it ends up to this many characters
#: earlier: Pango allows no break next to a quotation mark (UAX #14, class QU), so in
#: ``做好“土特产”文章。`` the line ends before 产, not before 文.
LONELY_STEPS = 3


def _allowed_cut(text: str, cut: int | None, lang: Any) -> int | None:
    """``cut``, or the nearest index up to :data:`LONELY_STEPS` before it, where the line
    may end; None when there is none."""
    for _ in range(LONELY_STEPS):
        if cut is None or cut <= 0:
            return None
        if can_break_text(line_break.can_break_text, text[cut - 1 : cut + 1], lang):
            return cut
        cut -= 1
    return None


#: A line that ends at least this short of the measure (in em) is tried with the next
#: unit squeezed on; a shorter slack is left to justification.
SQUEEZE_FROM_EM = 0.25
#: How far (characters) the next break opportunity is looked for. Beside a Chinese
#: quotation mark, where Pango allows no break (UAX #14, class QU), clreq's rules allow
#: one (:func:`_quote_break`).
SQUEEZE_LOOKAHEAD = 12
#: What a squeezed line leaves unfilled (pt), against rounding to Pango units.
GIVE_BACK_MARGIN = 0.01


def _next_break(text: str, resume: int, lang: Any) -> int | None:
    """The first index after ``resume`` where a line may end (``len(text)``: the end),
    within :data:`SQUEEZE_LOOKAHEAD` characters; None when there is none."""
    end = min(len(text), resume + SQUEEZE_LOOKAHEAD)
    start = max(0, resume - 4)
    piece = text[start : end + 1]
    log_attrs = line_break.get_log_attrs(piece, lang)
    glued = no_break_ranges(piece)
    for index in range(resume + 1, end + 1):
        if index == len(text):
            return index
        at = index - start
        left, right = text[index - 1], text[index]
        if (
            (
                log_attrs[at].is_line_break
                or _quote_break(left, right, text[index - 2] if index >= 2 else "")
                or _symbol_break(left, right)
            )
            and not break_forbidden(left, right)
            and not any(a < at < b for a, b in glued)
        ):
            return index
    return None


def _quote_break(left: str, right: str, before: str = "") -> bool:
    """A break clreq allows beside a Chinese quotation mark and Pango does not (UAX #14
    class QU): before an opening quote, after a closing one, between CJK characters; and
    after a closing quote that ends Chinese text (``before`` it) when a Western word
    follows (``“黑标店”|Premier``), never inside a Western word (``Levi’s``)."""
    if right in "“‘" and is_cjk(left):
        return True
    return left in "”’" and (is_cjk(right) or (is_cjk(before) and is_western(right)))


#: Symbols that stay with the number before them (JIS X 4051's postfixed abbreviations):
#: never a line break before them that Pango does not offer.
_POSTFIX = frozenset("℃‰‱′″％°")


@lru_cache(maxsize=4096)
def _wide_symbol(char: str) -> bool:
    """A symbol set full width in Chinese text whose UAX #14 class is AI (ambiguous):
    ``①``, ``★``, ``●``, ``※``, ``→``. Pango resolves AI to AL, letters that stay
    together; in an East Asian context UAX #14 resolves it to ID, like Han."""
    category = unicodedata.category(char)
    return (
        unicodedata.east_asian_width(char) == "A"
        and (category[0] in "SP" or category == "No")
        and not is_cjk(char)
    )


def _symbol_break(left: str, right: str) -> bool:
    """A break between CJK characters and such symbols (``①|②``, ``★|☆``, ``、|★``),
    which Pango does not offer inside a run of them."""
    if right in _POSTFIX or not (_wide_symbol(left) or _wide_symbol(right)):
        return False
    return (is_cjk(left) or _wide_symbol(left)) and (is_cjk(right) or _wide_symbol(right))


def _kinsoku_cut(text: str, cut: int) -> int | None:
    """Where a line cut at a place clreq forbids (``——“|、``) may end instead: the nearest
    index before ``cut`` that no clreq rule forbids (None when there is none).

    WeasyPrint's last resort for a unit wider than the line (``overflow-wrap:
    break-word``, at a line start) wraps at any character, kinsoku or not: a run of
    marks and quotation marks, which Pango (UAX #14: no break beside QU) keeps whole,
    can be that wide on a narrow column. Breaking it inside is then unavoidable, but
    only where clreq allows: never inside a Western word, a glued dash or ellipsis.
    """
    glued = no_break_ranges(text[: cut + 1])
    for index in range(cut - 1, 0, -1):
        left, right = text[index - 1], text[index]
        if (
            not break_forbidden(left, right)
            and not (is_western(left) and is_western(right))
            and not any(a < index < b for a, b in glued)
        ):
            return index
    return None


def _squeezable(line: str) -> tuple[int | None, list[int]]:
    """The marks of ``line`` that may be set half width: the line-end mark (None when
    there is none) and the others, from the end of the line.

    A mark gives up its blank half: a closing mark its right half, an opening mark its
    left half. That side must be a Han character or the line's edge: next to another
    mark the pair is already compressed (``halt_positions``), and a Western letter
    would fill the blank half.
    """
    halted = set(halt_positions(line))
    marks = []
    for index, char in enumerate(line):
        if index in halted:
            continue
        if char in CLOSING:
            side = line[index + 1] if index + 1 < len(line) else ""
        elif char in OPENING:
            side = line[index - 1] if index else ""
        else:
            continue
        if not side or is_han(side):
            marks.append(index)
    marks.reverse()
    if marks and marks[0] == len(line) - 1:
        return marks[0], marks[1:]
    return None, marks


@dataclass(frozen=True)
class Squeeze:
    """How a squeezed line is set (pango.py applies it to the layout of ``line``)."""

    line: str
    halts: frozenset[int]  # marks set half width
    give_back: float = 0.0  # letter-spacing given back to each halted mark inside the line
    inner: tuple[tuple[int, int], ...] = ()  # (index, side) of those: 1 closing, -1 opening


def _measure(
    line: str, squeeze: Squeeze | None, style: Any, context: Any, justification_spacing: Any
) -> tuple[Any, Any, float]:
    layout = line_break.create_layout(line, style, context, None, justification_spacing)
    if squeeze is not None:
        layout.clreq_squeeze = squeeze
        layout.set_text(line)
    first_line, _ = layout.get_first_line()
    return layout, first_line, line_size(first_line, style)[0]


def _fit(
    line: str,
    overflow: float,
    max_width: float,
    style: Any,
    context: Any,
    justification_spacing: Any,
) -> tuple[Any, Any] | None:
    """``line`` set within ``max_width`` by compressing its marks, or None.

    The line-end mark is set half width when the line needs half an em or more (it
    cannot take space back: Pango trims letter-spacing at the end of a layout); marks
    inside the line are set half width as needed, and the width left over is given back
    to them, so that the line is full without stretching (JIS X 4051's order).
    """
    half = style["font_size"] / 2
    end, inner = _squeezable(line)
    use_end = end is not None and (overflow >= half - 1e-6 or not inner)
    need = overflow - half if use_end else overflow
    least = max(0, int(need / half + 0.999))
    for count in range(least, least + 2):
        if count > len(inner) or (count == 0 and not use_end):
            return None
        chosen = inner[:count]
        # An opening mark that starts the line cannot take space back either (Pango
        # trims letter-spacing at the start of a layout): it hangs its whole blank half,
        # as the line-end mark does.
        sides = tuple((i, 1 if line[i] in CLOSING else -1) for i in chosen if i > 0)
        halts = frozenset([*chosen, end] if use_end and end is not None else chosen)
        squeeze = Squeeze(line, halts, 0.0, sides)
        layout, first_line, width = _measure(line, squeeze, style, context, justification_spacing)
        if width > max_width:
            continue
        left_over = max_width - width - GIVE_BACK_MARGIN
        if sides and left_over > 0:
            given = Squeeze(line, halts, min(left_over / len(sides), half), sides)
            measured = _measure(line, given, style, context, justification_spacing)
            if measured[2] <= max_width:
                return measured[0], measured[1]
        return layout, first_line
    return None


def _squeeze(
    text: str,
    style: Any,
    context: Any,
    max_width: float,
    justification_spacing: Any,
    resume: int,
) -> Any:
    """The line that ends before ``text[resume]``, with the next unit on it and its marks
    compressed (:func:`_fit`); None when the marks cannot make room for it (or the rest
    would be a lone character).

    A unit that fits without squeezing (after a break beside a quotation mark, which
    Pango does not offer) is taken, and the next one tried.
    """
    fitted = None
    while True:
        cut = _next_break(text, resume, style["lang"])
        if cut is None or (cut < len(text) and lonely_cut(text, cut) is not None):
            break
        line = text[:cut].rstrip(" ")
        layout, first_line, width = _measure(line, None, style, context, justification_spacing)
        if width <= max_width:
            fitted, resume = (cut, line, layout, first_line), cut
            if cut == len(text):
                break
            continue
        squeezed = _fit(line, width - max_width, max_width, style, context, justification_spacing)
        if squeezed is not None:
            return _metrics(text, cut, line, *squeezed, style)
        break
    return None if fitted is None else _metrics(text, *fitted, style)


def _metrics(text: str, cut: int, line: str, layout: Any, first_line: Any, style: Any) -> Any:
    """``split_first_line``'s answer for a line of ``text`` that ends at ``cut``."""
    metrics = first_line_metrics(first_line, line, layout, None, True, style)
    resume_index = None if cut == len(text) else len(text[:cut].encode())
    return (metrics[0], metrics[1], resume_index, *metrics[3:])


def _justified(style: Any, kwargs: dict[str, Any]) -> bool:
    """True for the lines of a justified paragraph, laid out to be set (not measured for
    a minimum width): those that shrink before they stretch and are chosen ahead."""
    return bool(
        style["text_align_all"] == "justify"
        and style["white_space"] == "normal"
        and not kwargs.get("minimum")
    )


def _char_index(text: str, byte_index: int) -> int:
    """The index in ``text`` of its UTF-8 byte ``byte_index`` (WeasyPrint's resume index),
    reading no further than that: a paragraph may be a long text, a line is short."""
    return len(text[:byte_index].encode()[:byte_index].decode(errors="ignore"))


def _first_fit(
    original: Callable[..., Any],
    text: str,
    style: Any,
    context: Any,
    max_width: Any,
    justification_spacing: Any,
    *args: Any,
    **kwargs: Any,
) -> Any:
    """The first line of ``text`` on its own (kinsoku, lonely last character, squeeze)."""
    result = original(text, style, context, max_width, justification_spacing, *args, **kwargs)
    resume_index = result[2]
    if resume_index is None or not is_chinese(style["lang"]):
        return result
    resume = _char_index(text, resume_index)
    if (
        0 < resume < len(text)
        and break_forbidden(text[resume - 1], text[resume])
        and not kwargs.get("minimum")
    ):
        # WeasyPrint wrapped a unit wider than the line at any character (its
        # overflow-wrap fallback): end the line where clreq allows instead.
        cut = _kinsoku_cut(text, resume)
        if cut is not None:
            shorter = original(
                text[:cut], style, context, max_width, justification_spacing, *args, **kwargs
            )
            if shorter[2] is None:
                result = (shorter[0], shorter[1], len(text[:cut].encode()), *shorter[3:])
                resume = cut
    if (
        style["white_space"] in ("normal", "pre-line")
        and result[3] < max_width - style["font_size"]
        and long_run(text[resume:], style["font_size"], max_width)
    ):
        return _fill_with_run(text, style, context, max_width, justification_spacing, result)
    lonely = lonely_cut(text, resume)
    short = result[3] <= max_width - SQUEEZE_FROM_EM * style["font_size"]
    if (short or lonely is not None) and _justified(style, kwargs):
        # A short line takes the next unit, a full one its lone last character.
        squeezed = _squeeze(text, style, context, max_width, justification_spacing, resume)
        if squeezed is not None:
            return squeezed
    cut = _allowed_cut(text, lonely, style["lang"])
    if cut is None:
        return result
    shorter = original(
        text[:cut], style, context, max_width, justification_spacing, *args, **kwargs
    )
    if shorter[2] is not None:  # the shorter text does not fit either: keep the line
        return result
    return (shorter[0], shorter[1], len(text[:cut].encode()), *shorter[3:])


# --- lines ahead ---------------------------------------------------------------------------

#: A line that ends at least this short of the measure (in em) is loose: the lines before
#: it are tried with more units on them (their marks compressed).
LOOSE_FROM_EM = 0.5
#: How many units a line may take, one by one, to make room on the lines after it (a
#: number and its mark, ``75.0%。``, need two or three characters' room).
TAKE_UNITS = 3
#: How many lines after a line are set before it is chosen.
LINES_AHEAD = 2
#: The cost of one unit taken (squeezed on), against a loose line's (slack in em)².
TAKE_COST = 0.05
#: Lines kept set ahead, at most (a long document's are dropped as it goes).
MAX_KEPT = 512


@dataclass(frozen=True)
class _Box:
    """WeasyPrint's arguments for the lines of one text box, but the text and width."""

    original: Callable[..., Any]
    style: Any
    context: Any
    spacing: Any
    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    def key(self, text: str, width: float) -> tuple[Any, ...]:
        options = tuple(sorted(self.kwargs.items()))
        # A column's width is computed anew for each of its lines: equal within rounding.
        return (
            id(self.style),
            id(self.context),
            self.spacing,
            self.args,
            options,
            text,
            round(width, 4),
        )

    def first_fit(self, text: str, width: float) -> Any:
        return _first_fit(
            self.original,
            text,
            self.style,
            self.context,
            width,
            self.spacing,
            *self.args,
            **self.kwargs,
        )

    def take(self, text: str, width: float, line: Any) -> Any:
        """``line`` with the next unit on it, squeezed; None when it cannot take it."""
        resume = _char_index(text, line[2])
        return _squeeze(text, self.style, self.context, width, self.spacing, resume)


@dataclass
class _Set:
    """The ways one line can be set: first fit, then with 1, 2... units more."""

    box: _Box  # keeps the style and context whose ids are in the key alive
    options: list[Any]
    expanded: bool = False


@dataclass
class _Lines:
    """Lines set ahead, by text box, text and width, until WeasyPrint asks for them
    (and their measures after that)."""

    kept: dict[tuple[Any, ...], _Set] = field(default_factory=dict)
    last: tuple[Any, str] | None = None  # (style, text) of the latest line asked for

    def options(self, box: _Box, text: str, width: float, expand: bool) -> list[Any]:
        key = box.key(text, width)
        kept = self.kept.get(key)
        if kept is None:
            kept = self.kept[key] = _Set(box, [box.first_fit(text, width)])
        if expand and not kept.expanded:
            kept.expanded = True
            line = kept.options[0]
            for _ in range(TAKE_UNITS):
                line = None if line[2] is None else box.take(text, width, line)
                if line is None:
                    break
                kept.options.append(line)
        return kept.options

    def claim(self, box: _Box, text: str, width: float, index: int) -> Any:
        """Option ``index`` of a line, given to WeasyPrint. Its layout belongs to the box
        that gets it: what is kept is the line's measures only, and a line asked for
        again (WeasyPrint lays a column out several times) is set anew from them."""
        options = self.options(box, text, width, expand=index > 0)
        line = options[index]
        if line[0] is None:  # given before
            line = (
                box.first_fit(text, width)
                if not index
                else box.take(text, width, options[index - 1])
            )
        options[index] = (None, *line[1:])
        return line

    def trim(self) -> None:
        """Drop what is kept when there is much (a long document's lines set ahead and
        never asked for); never while a line is being chosen."""
        if len(self.kept) >= MAX_KEPT:
            self.kept.clear()

    def forget(self) -> None:
        """Drop what is kept (after a document is rendered)."""
        self.kept.clear()
        self.last = None


LINES = _Lines()


def _rest(text: str, line: Any) -> str:
    return text[_char_index(text, line[2]) :]


def _next_width(text: str, style: Any, max_width: float) -> float:
    """The width of the lines after a line of ``text``: the same, unless ``text`` starts
    a paragraph whose first line is indented (the lines after it are not)."""
    last, LINES.last = LINES.last, (style, text)
    if last is not None and last[0] is style and last[1].endswith(text) and last[1] != text:
        return max_width  # a line after a line of the same text box
    indent = style["text_indent"]
    if getattr(indent, "unit", None) == "px" and indent.value > 0:
        return float(max_width + indent.value)
    return max_width


def _slack(line: Any, width: float, em: float) -> float:
    """How short of the measure a line ends, in em (0 for the last line of its box)."""
    return 0.0 if line[2] is None else max(0.0, width - line[3]) / em


def _loose_ahead(box: _Box, text: str, width: float, after: float, lines: int) -> bool:
    """True when a first-fit line of ``text``, this one or one of ``lines`` after it, is
    loose."""
    em = box.style["font_size"]
    for _ in range(lines + 1):
        line = LINES.options(box, text, width, expand=False)[0]
        if line[2] is None:
            return False
        if _slack(line, width, em) >= LOOSE_FROM_EM:
            return True
        text, width = _rest(text, line), after
    return False


def _plan(box: _Box, text: str, width: float, after: float, depth: int) -> tuple[float, int]:
    """The best way to set the first line of ``text`` (an index into its options), seen
    ``depth`` lines ahead, and its cost: the sum of the lines' squared slack and of the
    units taken."""
    expand = depth > 0 and _loose_ahead(box, text, width, after, depth)
    best = (math.inf, 0)
    for index, line in enumerate(LINES.options(box, text, width, expand)):
        cost = _slack(line, width, box.style["font_size"]) ** 2 + TAKE_COST * index
        if line[2] is not None and depth:
            cost += _plan(box, _rest(text, line), after, after, depth - 1)[0]
        if cost < best[0] - 1e-9:
            best = (cost, index)
    return best


def split_first_line(
    original: Callable[..., Any],
    text: str,
    style: Any,
    context: Any,
    max_width: Any,
    justification_spacing: Any,
    *args: Any,
    **kwargs: Any,
) -> Any:
    """WeasyPrint's ``split_first_line``: the clreq line (:func:`_first_fit`), chosen
    :data:`LINES_AHEAD` lines ahead.

    A justified line is chosen with the next lines of its text box set too. When one of
    them would end loose because its next unit cannot be squeezed on (``本土|GDP``,
    ``政策|环境。``), the lines before it may take up to :data:`TAKE_UNITS` units more,
    their marks compressed (:func:`_squeeze`), so that it starts later and has room: the
    way with the least squared slack (and units taken) wins. The lines set ahead are kept
    and returned when WeasyPrint asks for them, so each is set once. The choice depends on
    the arguments and on whether the line follows a line of the same text box (the width
    of the lines after an indented first line, :func:`_next_width`): WeasyPrint asks in
    the same order every time, so the same document breaks the same in any process.
    """
    box = _Box(original, style, context, justification_spacing, args, kwargs)
    if (
        not is_chinese(style["lang"])
        or not _justified(style, kwargs)
        or not kwargs.get("is_line_start", True)
        or max_width is None
    ):
        return box.first_fit(text, max_width)
    LINES.trim()
    after = _next_width(text, style, max_width)
    _, index = _plan(box, text, max_width, after, LINES_AHEAD)
    return LINES.claim(box, text, max_width, index)
