"""An article body (CommonMark + GFM tables, strikethrough and footnotes) → an HTML fragment.

The fragment is XHTML-style (``<br />``, ``<img ... />``) with all text escaped. Checks made
on the way, each at its line in the article file: ``#`` and ``####``+ headings, raw HTML
(HTML comments are dropped silently), images outside the issue folder or not a picture,
links that are not web or mail addresses (whatever their scheme: ``javascript:``, ``file:``
… reach the check too), lists and block quotes nested deeper than the layout prints,
footnotes that would lose text (one inside another, defined twice, never referenced), text
after a code fence (a language name, not printed);
half-width punctuation between Han characters, and straight quotes next to Chinese text, are
reported as warnings and left as written.
No text of the body is dropped without a message.

Output conventions the layouts rely on:
- ``##``/``###`` → ``<h2 id="ANCHOR-h1">`` … (ids numbered per article);
- an image alone in its paragraph → ``<figure><img src="images/x.png" alt="" />
  <figcaption>caption</figcaption></figure>``, ``src`` relative to the issue folder;
- a footnote → ``<span class="footnote">…</span>`` where it is referenced (CSS floats it to
  the page foot); no end-of-article list;
- a list item holding one paragraph has its text directly in ``<li>``; items with several
  paragraphs keep their ``<p>``;
- emphasis, strikethrough and links are never nested in themselves (``**``×2500 around a
  word is one ``<strong>``, which prints the same as 2500 nested ones and does not exhaust
  the renderer's recursion).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Any, cast

from markdown_it import MarkdownIt
from markdown_it.common.utils import isMdAsciiPunct, isPunctChar
from markdown_it.parser_block import ParserBlock
from markdown_it.parser_inline import ParserInline
from markdown_it.renderer import RendererHTML
from markdown_it.rules_block import StateBlock
from markdown_it.rules_core import StateCore
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from typesetter.contentfiles import RefError, check_image, resolve_ref
from typesetter.errors import Problem, Severity
from typesetter.i18n import N_, Translator
from typesetter.typography.chars import CJK_RANGES, full_width, is_cjk, is_western

_ = Translator("content")
COMMENT_RE = re.compile(r"\s*(?:<!--.*?-->\s*)+", re.DOTALL)
TAG_RE = re.compile(r"<[^>]{0,60}>?")
LINK_SCHEMES = ("http://", "https://", "mailto:")
# A half-width mark between CJK characters (Han, CJK punctuation, full-width forms).
HALF_WIDTH_RE = re.compile(f"(?<=[{CJK_RANGES}])[ \t]*([,:;()?!])[ \t]*(?=[{CJK_RANGES}])")

#: Lists and block quotes, one inside another, print at most this deep. Each level moves
#: the text in (newsletter.css: 2 em a list, 2 em + 3 mm a quote): at 9 quotes the measure
#: is still about 19 characters; at 16 it is gone. markdown-it (``maxNesting`` 20, two
#: levels a list) would also drop the text of a tenth list without a word.
MAX_NESTING = 9
_LIST_TOO_DEEP = N_("list nested too deep: 列表嵌套过深, at most {levels} levels")
_CONTAINERS = {  # the message when one is nested too deep (a msgid)
    "bullet_list_open": _LIST_TOO_DEEP,
    "ordered_list_open": _LIST_TOO_DEEP,
    "blockquote_open": N_("block quote nested too deep: 引用嵌套过深, at most {levels} levels"),
}
_CONTAINER_CLOSE = frozenset(["bullet_list_close", "ordered_list_close", "blockquote_close"])
_NESTING_HINT = N_(
    "lists and block quotes inside one another count together; move the deeper text up"
)
#: Inline markup printed the same when nested in itself: only the outermost one is kept.
_SELF_NESTING = frozenset(["em", "strong", "s", "link"])
#: ``env`` keys: body lines whose text the parser skipped (nested too deep), and every
#: footnote definition as (label, line, inside another definition) before they are moved.
_SKIPPED = "typesetter_skipped"
_FOOTNOTE_DEFS = "typesetter_footnote_defs"


class _CjkStateInline(StateInline):
    """Emphasis next to Chinese text, as the CommonMark CJK-friendly amendment has it.

    Plain CommonMark does not close ``**一是……建设。**积极`` (``**`` after punctuation and
    before a letter or digit is not right-flanking), which breaks the bold lead-ins of Chinese
    articles. Here a CJK character on the far side, or full-width punctuation inside the
    run, counts like punctuation or a space.
    """

    def scanDelims(self, start: int, canSplitWord: bool) -> Scanned:
        scanned = super().scanDelims(start, canSplitWord)
        before = self.src[start - 1] if start > 0 else " "
        after = self.src[start + scanned.length] if start + scanned.length < self.posMax else " "
        if before.isspace() or after.isspace():
            return scanned
        can_open = scanned.can_open or (_is_punct(after) and (is_cjk(before) or _cjk_punct(after)))
        can_close = scanned.can_close or (
            _is_punct(before) and (is_cjk(after) or _cjk_punct(before))
        )
        return Scanned(can_open, can_close, scanned.length)


def _cjk_punct(char: str) -> bool:
    """Punctuation set full-width in Chinese text: 。，、（）《》「」 and “”‘’—…·."""
    return is_cjk(char) and _is_punct(char)


def _is_punct(char: str) -> bool:
    return isMdAsciiPunct(ord(char)) or isPunctChar(char)


class _Markdown(MarkdownIt):
    """Every link and image destination reaches our checks.

    markdown-it refuses ``javascript:``, ``vbscript:``, ``file:`` and most ``data:``
    destinations by printing the whole link as raw Markdown, silently. Here they become
    links and images like any other: a link that is not a web or mail address is printed
    as plain text with a warning, and an image must be a file in the issue (an error).
    """

    def validateLink(self, url: str) -> bool:
        return True


class _GuardedParserBlock(ParserBlock):
    """Past ``maxNesting``, skips only the block nested too deep, and notes its line.

    markdown-it skips from there to the end of the document, silently: the text after a
    list nested too deep would be lost without a word, and only its first error found.
    """

    def tokenize(self, state: StateBlock, startLine: int, endLine: int) -> None:
        if state.level < state.md.options.maxNesting:
            super().tokenize(state, startLine, endLine)
            return
        line = state.skipEmptyLines(startLine)
        if line < endLine and state.sCount[line] >= state.blkIndent:
            state.env.setdefault(_SKIPPED, []).append(line)
            while line < endLine and (state.isEmpty(line) or state.sCount[line] >= state.blkIndent):
                line += 1
        state.line = line


def _record_footnote_defs(state: StateCore) -> None:
    """Note every footnote definition with its line, before footnote_tail drops some."""
    found: list[tuple[str, int, bool]] = state.env.setdefault(_FOOTNOTE_DEFS, [])
    depth = 0
    for token in state.tokens:
        if token.type == "footnote_reference_open":
            line = token.map[0] if token.map else 0
            found.append((str(token.meta["label"]), line, depth > 0))
            depth += 1
        elif token.type == "footnote_reference_close":
            depth -= 1


class _CjkParserInline(ParserInline):
    def parse(self, src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> list[Token]:
        state = _CjkStateInline(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = _Markdown("commonmark", {"html": True, "xhtmlOut": True})
    md.enable(["table", "strikethrough"]).use(footnote_plugin)
    md.core.ruler.before("footnote_tail", "footnote_defs", _record_footnote_defs)
    md.inline.__class__ = _CjkParserInline  # keeps the configured rules
    md.block.__class__ = _GuardedParserBlock
    return md


@dataclass
class _Context:
    display_path: str
    first_line: int
    issue_dir: Path
    anchor: str
    display_dir: str
    problems: list[Problem] = field(default_factory=list)
    headings: int = 0
    ref_lines: dict[int, int] = field(default_factory=dict)  # footnote id → 0-based body line
    refs: list[Token] = field(default_factory=list)
    html_lines: set[int] = field(default_factory=set)
    in_notes: bool = False
    too_deep: bool = False  # a list or quote nested too deep was reported

    def add(self, line: int, message: str, hint: str | None = None, warning: bool = False) -> None:
        severity: Severity = "warning" if warning else "error"
        self.problems.append(Problem(self.display_path, line, message, hint, severity))


def render_body(
    article_body: str,
    *,
    display_path: str,
    first_line: int,
    issue_dir: Path,
    anchor: str,
    display_dir: str | None = None,
) -> tuple[str, list[Problem]]:
    """Render ``article_body`` (which starts at line ``first_line`` of its file).

    Returns the HTML fragment and every problem found (errors and warnings).
    ``display_dir`` is the issue folder as the user gave it (for "no file …" hints).
    """
    ctx = _Context(display_path, first_line, issue_dir, anchor, display_dir or str(issue_dir), [])
    md = _parser()
    env: dict[str, Any] = {}
    tokens = md.parse(article_body, env)
    tokens, notes = _split_footnotes(tokens)
    _check_blocks(tokens, ctx)
    ctx.in_notes = True
    _check_blocks(notes, ctx)
    _check_footnote_defs(env, ctx)
    _check_skipped(env, ctx)
    _place_footnotes(notes, ctx)
    html = md.renderer.render(tokens, md.options, env)
    return html.replace("\n</figure>", "</figure>"), ctx.problems


# --- checks and token rewrites -----------------------------------------------------------


def _check_blocks(tokens: list[Token], ctx: _Context) -> None:
    """Check every block and inline token, rewriting what is printed differently."""
    last = 0  # 0-based body line of the latest token that has a line
    containers = 0  # lists and block quotes open around the current token
    reported = 0  # the depth at which "nested too deep" was reported (0: none open)
    for index, token in enumerate(tokens):
        if token.map:
            last = token.map[0]
        elif token.type == "footnote_open":  # an inline footnote: lines of its reference
            last = ctx.ref_lines.get(int(token.meta["id"]), last)
        if token.type == "blockquote_open":
            _pull_quote(tokens, index, containers > 0 or ctx.in_notes, ctx.first_line + last, ctx)
        if token.type in _CONTAINERS:
            containers += 1
            if containers > MAX_NESTING and not reported:
                reported = containers
                _too_deep(token, ctx.first_line + last, ctx)
        elif token.type in _CONTAINER_CLOSE:
            reported = 0 if reported == containers else reported
            containers -= 1
        elif token.type == "heading_open":
            ctx.headings += 1
            _check_heading(token, tokens[index + 1], ctx)
            token.attrSet("id", f"{ctx.anchor}-h{ctx.headings}")
        elif token.type == "html_block":
            _check_html(token.content, ctx.first_line + last, ctx)
            token.content = ""
        elif token.type == "list_item_open":
            _tighten(tokens, index)
        elif token.type == "fence" and token.info.strip():
            _warn_fence_info(token.info.strip(), ctx.first_line + last, ctx)
        elif token.type == "inline":
            _check_inline(tokens, index, ctx, ctx.first_line + last)


#: The first line of a pull quote (``> [!pull]``, as GitHub marks its alerts): the marker,
#: then the quote's text on the same line or the next ones.
PULL_MARK_RE = re.compile(r"\[!pull\][ \t]*", re.IGNORECASE)
#: A pull quote longer than this many characters is a warning: it is set large.
PULL_QUOTE_CHARS = 80
_PULL_HINT = N_("write it as '> [!pull]' and, on the next line, '> ' and one short paragraph")


def _pull_quote(tokens: list[Token], index: int, nested: bool, line: int, ctx: _Context) -> None:
    """A block quote whose first line is ``[!pull]``: a pull quote (``<blockquote
    class="pull-quote">``), the marker removed. It stands at the top level of the body and
    holds one paragraph of text; the layout sets it large (docs/content.md, "Pull quotes")."""
    inline = tokens[index + 2] if index + 2 < len(tokens) else None
    if tokens[index + 1].type != "paragraph_open" or inline is None or inline.type != "inline":
        return
    children = inline.children or []
    first = children[0] if children else None
    if first is None or first.type != "text" or not PULL_MARK_RE.match(first.content):
        return
    first.content = PULL_MARK_RE.sub("", first.content, count=1)
    if not first.content and len(children) > 1 and children[1].type == "softbreak":
        del children[:2]
    inline.content = PULL_MARK_RE.sub("", inline.content, count=1).lstrip("\n")
    tokens[index].attrSet("class", "pull-quote")
    level = tokens[index].level
    close = next(
        j
        for j in range(index + 1, len(tokens))
        if tokens[j].type == "blockquote_close" and tokens[j].level == level
    )
    text = "".join(c.content for c in children if c.type in ("text", "code_inline")).strip()
    if nested:
        hint = _("start '> [!pull]' at the left margin, outside lists, quotes and footnotes")
        ctx.add(line, _("a pull quote must stand at the top level of the body"), hint)
    elif close != index + 4:
        ctx.add(line, _("a pull quote holds one paragraph of text"), _(_PULL_HINT))
    elif not text:
        ctx.add(line, _("pull quote '[!pull]' has no text"), _(_PULL_HINT))
    elif len(text) > PULL_QUOTE_CHARS:
        message = _(
            "pull quote of {length} characters: it is set large, {limit} at most read well",
            length=len(text),
            limit=PULL_QUOTE_CHARS,
        )
        hint = _("shorten it to the one sentence that draws the reader in")
        ctx.add(line, message, hint, warning=True)


def _too_deep(token: Token, line: int, ctx: _Context) -> None:
    message = _(_CONTAINERS[token.type], levels=MAX_NESTING)
    ctx.add(line, message, _(_NESTING_HINT))
    ctx.too_deep = True


def _check_skipped(env: dict[str, Any], ctx: _Context) -> None:
    """Text markdown-it skipped as nested too deep, when no list or quote explains it."""
    skipped = env.get(_SKIPPED, [])
    if skipped and not ctx.too_deep:
        hint = _("lists, block quotes and footnote definitions inside one another; move it up")
        message = _("text nested too deep: 嵌套过深, at most {levels} levels", levels=MAX_NESTING)
        ctx.add(ctx.first_line + skipped[0], message, hint)


def _check_footnote_defs(env: dict[str, Any], ctx: _Context) -> None:
    """Footnote definitions whose text would not be printed."""
    refs = env.get("footnotes", {}).get("refs", {})
    first: dict[str, int] = {}
    for label, body_line, nested in env.get(_FOOTNOTE_DEFS, []):
        line = ctx.first_line + body_line
        if nested:
            hint = _("start each definition '[^…]:' at the left margin, after a blank line")
            message = _("footnote '[^{label}]' is defined inside another footnote", label=label)
            ctx.add(line, message, hint)
        elif label in first:
            hint = _("first at line {line}; give each note its own label", line=first[label])
            ctx.add(line, _("footnote '[^{label}]' is defined twice", label=label), hint)
        elif refs.get(f":{label}", -1) < 0:
            hint = _(
                "its text is not printed: reference it as [^{label}] or remove it", label=label
            )
            message = _("footnote '[^{label}]' is never referenced", label=label)
            ctx.add(line, message, hint, warning=True)
        first.setdefault(label, line)


def _warn_fence_info(info: str, line: int, ctx: _Context) -> None:
    """The text after an opening ``` names a language (for colouring): it is not printed."""
    shown = info if len(info) <= 40 else f"{info[:40]}…"
    hint = _(
        "the text after ``` or ~~~ names a language; write the text to print on the next lines"
    )
    message = _("'{info}' after the code fence is not printed", info=shown)
    ctx.add(line, message, hint, warning=True)


def _check_heading(token: Token, inline: Token, ctx: _Context) -> None:
    level = int(token.tag[1:])
    message = _("level-{level} heading '{text}' is not allowed", level=level, text=inline.content)
    line = ctx.first_line + (token.map[0] if token.map else 0)
    if level == 1:
        ctx.add(line, message, _("the title comes from the front matter; use ## or ###"))
    elif level > 3:
        ctx.add(line, message, _("use ## or ###"))


def _check_html(content: str, line: int, ctx: _Context) -> None:
    """Raw HTML is an error (one per line: its first tag); comments are dropped silently."""
    if COMMENT_RE.fullmatch(content) or line in ctx.html_lines:
        return
    ctx.html_lines.add(line)
    match = TAG_RE.search(content)
    shown = match.group(0) if match else content.strip()[:40]
    message = _("raw HTML '{tag}' is not allowed", tag=shown)
    ctx.add(line, message, _("write Markdown; HTML is never printed"))


def _tighten(tokens: list[Token], index: int) -> None:
    """A list item holding a single paragraph: its text sits directly in <li>."""
    level = tokens[index].level
    paragraphs: list[int] = []
    for j in range(index + 1, len(tokens)):
        token = tokens[j]
        if token.type == "list_item_close" and token.level == level:
            break
        if token.level == level + 1 and token.type in ("paragraph_open", "paragraph_close"):
            paragraphs.append(j)
    if len(paragraphs) == 2:
        for j in paragraphs:
            tokens[j].hidden = True


def _check_inline(tokens: list[Token], index: int, ctx: _Context, line: int) -> None:
    inline = tokens[index]
    children = inline.children or []
    in_paragraph = index > 0 and tokens[index - 1].type == "paragraph_open"
    if in_paragraph:
        _check_table_like(inline.content, line, ctx)
    _check_punctuation(children, line, ctx)
    inline.children = _rewrite_inline(children, line, ctx)
    if _is_figure(inline.children) and in_paragraph:
        for token in (tokens[index - 1], tokens[index + 1], _first_image(inline.children)):
            token.hidden = False
            token.meta["figure"] = True
    for child in inline.children:
        if child.type == "image":
            _check_size(child, ctx)


# --- picture sizes ---------------------------------------------------------------------------

#: ``{width=50%}`` right after an image (no space between): its size.
SIZE_RE = re.compile(r"\{([^{}\n]*)\}")
_SIZE_ITEM_RE = re.compile(r"""([A-Za-z][\w-]*)=(?:"([^"]*)"|'([^']*)'|(\S+))|(\S+)""")
_WIDTH_RE = re.compile(r"(\d+(?:\.\d+)?)(%|mm|cm)")
# The hints are msgids (translated where they are used), shown as written: no fields.
_SIZES_HINT = N_(
    "a figure takes {width=50%}, a share of the column from 1 to 100%, or {width=60mm}, "
    "{width=6cm}; a picture inside a line of text takes {height=1em}"
)
_INLINE_HINT = N_(
    "for a figure, give it a paragraph of its own, with blank lines around it; "
    "to keep it in the text, one line high, mark it ![…](…){height=1em}"
)
_SPACED_HINT = N_("write the size right after the ')', with no space: ![…](…){width=50%}")


def _take_size(image: Token, following: list[Token], line: int, ctx: _Context) -> None:
    """Move a ``{…}`` written right after ``image`` from the text into ``meta["size"]``."""
    image.meta["line"] = line
    if not following or following[0].type != "text":
        return
    text = following[0]
    match = SIZE_RE.match(text.content)
    if match is None:
        image.meta["spaced"] = SIZE_RE.match(text.content.lstrip()) is not None
        return
    text.content = text.content[match.end() :]
    size: dict[str, str] = {}
    for item in _SIZE_ITEM_RE.finditer(match.group(1)):
        key, *values, bare = item.groups()
        if key is None:
            shown = bare if len(bare) <= 40 else f"{bare[:40]}…"
            message = _("picture size '{size}' is not key=value", size=shown)
            ctx.add(line, message, _(_SIZES_HINT))
            continue
        size[key] = next((v for v in values if v is not None), "")
    image.meta["size"] = size


def _check_size(image: Token, ctx: _Context) -> None:
    """The size written after a picture, or a warning for one inside a line of text."""
    size: dict[str, str] = image.meta.get("size", {})
    line: int = image.meta.get("line", ctx.first_line)
    src = str(image.attrGet("src") or "")
    figure = bool(image.meta.get("figure"))
    for key, value in size.items():
        if key == "width" and figure:
            match = _WIDTH_RE.fullmatch(value.strip())
            number = float(match.group(1)) if match else 0.0
            percent = match is not None and match.group(2) == "%"
            if match is None or number <= 0 or (percent and not 1 <= number <= 100):
                message = _(
                    "picture width '{value}' is not a share of the column (1-100%) "
                    "or a length in mm or cm",
                    value=value,
                )
                ctx.add(line, message, _("e.g. {width=50%}, {width=60mm} or {width=6cm}"))
            else:
                image.meta["width"] = value.strip()
        elif key == "height" and not figure:
            if value.strip() != "1em":
                hint = _("a picture inside a line of text prints one line high: {height=1em}")
                message = _("picture height '{value}' inside a line of text", value=value)
                ctx.add(line, message, hint)
        elif key == "width":
            message = _(
                "'width={value}' sizes a figure, and this picture is inside a line of text",
                value=value,
            )
            hint = _("give it a paragraph of its own, with blank lines around it")
            ctx.add(line, message, hint)
        elif key == "height":
            hint = _("a figure takes its height from its width: {width=50%}, {width=60mm}")
            message = _("'height={value}' is for a picture inside a line of text", value=value)
            ctx.add(line, message, hint)
        else:
            message = _("unknown picture size '{key}={value}'", key=key, value=value)
            ctx.add(line, message, _(_SIZES_HINT))
    if not figure and "height" not in size and "width" not in size:
        message = _("image '{src}' is not alone in its paragraph: it prints one line high", src=src)
        hint = _(_SPACED_HINT if image.meta.get("spaced") else _INLINE_HINT)
        ctx.add(line, message, hint, warning=True)


# --- Markdown that did not come out as written ---------------------------------------------

_DELIMITER_CELL_RE = re.compile(r"\s*:?-+:?\s*")


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    return re.split(r"(?<!\\)\|", row)


def _check_table_like(content: str, line: int, ctx: _Context) -> None:
    """A paragraph whose lines look like a GFM table: the table did not parse."""
    rows = content.split("\n")
    piped = [i for i, row in enumerate(rows) if row.strip().startswith("|") and "|" in row[1:]]
    if len(piped) < 2:
        return
    first = piped[0]
    header = _cells(rows[first])
    if first + 1 >= len(rows):
        return
    delimiter = _cells(rows[first + 1])
    if not all(_DELIMITER_CELL_RE.fullmatch(cell) for cell in delimiter):
        hint = _("its second line must divide the columns, e.g. |---|---|; or write it as a list")
    elif len(delimiter) != len(header):
        example = "|" + "---|" * len(header)
        hint = _(
            "the first line has {header} columns and the line under it {delimiter}: "
            "give each column a ---, e.g. {example}",
            header=len(header),
            delimiter=len(delimiter),
            example=example,
        )
    else:
        hint = _("leave a blank line before the table, and start each row on a line of its own")
    message = _("this looks like a table but did not make one: its lines print as text")
    ctx.add(line + first, message, hint, warning=True)


def _check_empty_link(children: list[Token], position: int, line: int, ctx: _Context) -> None:
    """``[]()``, ``[文字]()`` or ``[](https://…)``: a link with no address or no text."""
    href = str(children[position].attrGet("href") or "").strip()
    text = ""
    depth = 0
    for child in children[position:]:
        depth += child.nesting if child.type.startswith("link") else 0
        if depth == 0:
            break
        text += child.content if child.type in ("text", "code_inline") else ""
        text += "\x00" if child.type == "image" else ""
    text = text.strip()
    shown = text.replace("\x00", "") if len(text) <= 40 else f"{text[:40]}…"
    if not href and not text:
        ctx.add(
            line,
            _("empty link '[]()': nothing is printed"),
            _("delete it, or write [文字](https://…)"),
            warning=True,
        )
    elif not href:
        hint = _("give its address in (…): [文字](https://…); the text is printed without a link")
        message = _("link '[{text}]()' has no address", text=shown)
        ctx.add(line, message, hint, warning=True)
    elif not text:
        hint = _("write the text to print in […]: [文字]({href})", href=href)
        message = _("link to '{href}' has no text: nothing is printed", href=href)
        ctx.add(line, message, hint, warning=True)


def _first_image(children: Sequence[Token]) -> Token:
    return next(c for c in children if c.type == "image")


def _rewrite_inline(children: list[Token], line: int, ctx: _Context) -> list[Token]:
    """The children to print: raw HTML and refused links out, self-nested markup merged."""
    result: list[Token] = []
    dropped: dict[str, list[bool]] = {kind: [] for kind in _SELF_NESTING}
    for position, child in enumerate(children):
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        if child.type == "html_inline":
            _check_html(child.content, line, ctx)
            line += child.content.count("\n")
            continue
        if child.type == "image":
            _check_image(child, line, ctx)
            _take_size(child, children[position + 1 : position + 2], line, ctx)
            if child.children:
                child.children = _rewrite_inline(child.children, line, ctx)
        elif child.type == "link_open":
            _check_empty_link(children, position, line, ctx)
        if child.nesting and child.type.rsplit("_", 1)[0] in _SELF_NESTING:
            if not _keep_markup(child, result, dropped, line, ctx):
                continue
        elif child.type == "footnote_ref":
            if ctx.in_notes:
                hint = _("a note cannot hold another note; write its text into the note")
                ctx.add(line, _("footnote inside a footnote"), hint)
            ctx.ref_lines.setdefault(int(child.meta["id"]), line - ctx.first_line)
            ctx.refs.append(child)
        result.append(child)
    return result


def _keep_markup(
    token: Token, result: list[Token], dropped: dict[str, list[bool]], line: int, ctx: _Context
) -> bool:
    """Whether to print the open or close tag ``token`` of emphasis, strikethrough or a link.

    Not printed: a link that is not a web or mail address (its text is), markup inside
    markup of its kind (``<em><em>``), and the seam between two of a kind side by side
    (``<em>a</em><em>b</em>`` prints as ``<em>ab</em>``). ``dropped`` holds, per kind, a
    flag for each open tag not yet closed: whether it was left out.
    """
    kind = token.type.rsplit("_", 1)[0]
    opened = dropped[kind]
    if token.nesting == -1:
        return not (opened and opened.pop())
    if kind == "link" and not _check_link(token, line, ctx):
        opened.append(True)
        return False
    if not all(opened):  # inside a printed one of its kind
        opened.append(True)
        return False
    opened.append(False)
    if kind != "link" and result and result[-1].type == f"{kind}_close":
        result.pop()  # continue the one just closed
        return False
    return True


def _check_image(token: Token, line: int, ctx: _Context) -> None:
    src = str(token.attrGet("src") or "")
    target = resolve_ref(src, ctx.issue_dir, N_("image"), ctx.display_dir)
    problem = target if isinstance(target, RefError) else check_image(target, src)
    if problem is not None:
        ctx.add(line, problem.message, problem.hint)


def _check_link(token: Token, line: int, ctx: _Context) -> bool:
    href = str(token.attrGet("href") or "")
    if href.startswith(LINK_SCHEMES) or href.startswith("#"):
        return True
    if not href.strip():
        return False  # an empty link: reported by _check_empty_link
    hint = _("links must be http:, https: or mailto: addresses; the text is printed without a link")
    message = _("link '{href}' is not a web or mail address", href=href)
    ctx.add(line, message, hint, warning=True)
    return False


def _is_figure(children: Sequence[Token] | None) -> bool:
    visible = [c for c in children or [] if not (c.type == "text" and not c.content.strip())]
    return len(visible) == 1 and visible[0].type == "image"


def _check_punctuation(children: Sequence[Token], line: int, ctx: _Context) -> None:
    """Warn about half-width punctuation between Han characters, line by line."""
    texts: list[tuple[int, str]] = []
    current = ""
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            texts.append((line, current))
            line, current = line + 1, ""
        elif child.type == "text":
            current += child.content
        elif child.type in ("code_inline", "image", "html_inline", "footnote_ref"):
            current += "\x00"
    texts.append((line, current))
    for text_line, text in texts:
        warn_half_width(text, text_line, ctx.display_path, ctx.problems)


def warn_half_width(text: str, line: int, path: str, problems: list[Problem]) -> None:
    """Append one warning per half-width mark standing between Han characters in ``text``,
    and one per kind of straight quote next to Chinese text (:func:`_straight_quotes`)."""
    seen: set[str] = set()
    for match in HALF_WIDTH_RE.finditer(text):
        mark = match.group(1)
        if mark in seen:
            continue
        seen.add(mark)
        message = _("half-width '{mark}' between Han characters", mark=mark)
        hint = _("use '{mark}'", mark=full_width(mark))
        problems.append(Problem(path, line, message, hint, "warning"))
    for quote in _straight_quotes(text):
        message, hint = _QUOTE_WARNINGS[quote]
        problems.append(Problem(path, line, _(message), _(hint), "warning"))


#: A straight quote next to Chinese text: the message and the mainland quotes to use.
_QUOTE_WARNINGS = {
    '"': (N_("straight quote '\"' next to Han characters"), N_("use '“' and '”'")),
    "'": (N_('straight quote "\'" next to Han characters'), N_("use '‘' and '’'")),
}


def _straight_quotes(text: str) -> list[str]:
    """The kinds of straight quote (``"``, ``'``) in ``text`` that stand next to Chinese.

    A quote counts when a CJK character (Han, CJK punctuation, full-width forms) is its
    neighbour on one side (spaces and tabs skipped) and no Western letter or digit (nor
    inline code) is on the other: ``说"渠道为王"`` counts, ``Levi's`` and ``"Hello"他说``
    (English quoted in Chinese: the quotes touch Latin) do not.
    """
    found: list[str] = []
    for index, char in enumerate(text):
        if char not in _QUOTE_WARNINGS or char in found:
            continue
        sides = [side for side in (_neighbour(text, index, -1), _neighbour(text, index, 1)) if side]
        if any(is_cjk(side) for side in sides) and not any(_latin(side) for side in sides):
            found.append(char)
    return found


def _neighbour(text: str, index: int, step: int) -> str:
    """The character next to ``text[index]`` in direction ``step``, spaces and tabs skipped."""
    index += step
    while 0 <= index < len(text) and text[index] in " \t":
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _latin(char: str) -> bool:
    """A Western letter or digit, or inline code (``\\x00`` in the checked text)."""
    return char == "\x00" or is_western(char)


# --- footnotes ---------------------------------------------------------------------------


def _split_footnotes(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Separate the footnote block (at the end of the tokens) from the body."""
    starts = [i for i, t in enumerate(tokens) if t.type == "footnote_block_open"]
    if not starts:
        return tokens, []
    end = max(i for i, t in enumerate(tokens) if t.type == "footnote_block_close")
    return tokens[: starts[0]] + tokens[end + 1 :], tokens[starts[0] : end + 1]


def _place_footnotes(notes: list[Token], ctx: _Context) -> None:
    """Give each footnote reference the note's text, as a span printed where it stands."""
    md = _parser()
    parts: dict[int, list[str]] = {}
    current: list[str] = []
    for token in notes:
        if token.type == "footnote_open":
            current = parts.setdefault(int(token.meta["id"]), [])
        elif token.type == "inline":
            inner = [c for c in token.children or [] if c.type != "footnote_anchor"]
            renderer = cast(RendererHTML, md.renderer)
            current.append(renderer.renderInline(inner, md.options, {}).strip())
    used: set[int] = set()
    for ref in ctx.refs:
        note_id = int(ref.meta["id"])
        if note_id not in used:  # a note referenced twice is printed once
            used.add(note_id)
            text = "<br />".join(parts.get(note_id, []))
            ref.meta["html"] = f'<span class="footnote">{text}</span>'


# --- render rules ------------------------------------------------------------------------


def _render_footnote_ref(self: Any, tokens: Sequence[Token], idx: int, *_: Any) -> str:
    return str(tokens[idx].meta.get("html", ""))


def _render_paragraph_open(self: Any, tokens: Sequence[Token], idx: int, *rest: Any) -> str:
    if tokens[idx].meta.get("figure"):
        return "<figure>"
    return str(self.renderToken(tokens, idx, *rest))


def _render_paragraph_close(self: Any, tokens: Sequence[Token], idx: int, *rest: Any) -> str:
    if tokens[idx].meta.get("figure"):
        return "</figure>\n"
    return str(self.renderToken(tokens, idx, *rest))


def _render_image(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    src = escape(str(token.attrGet("src") or ""))
    if not token.meta.get("figure"):
        return f'<img src="{src}" alt="{escape(token.content)}" />'
    caption = self.renderInline(token.children or [], options, env)
    width = token.meta.get("width")
    sized = f' style="width: {width}"' if width else ""
    img = f'<img src="{src}" alt=""{sized} />'
    return f"{img}<figcaption>{caption}</figcaption>" if caption.strip() else img


def _render_nothing(*_: Any) -> str:
    return ""


def _install_rules() -> None:
    md = _parser()
    md.add_render_rule("footnote_ref", _render_footnote_ref)
    md.add_render_rule("paragraph_open", _render_paragraph_open)
    md.add_render_rule("paragraph_close", _render_paragraph_close)
    md.add_render_rule("image", _render_image)
    md.add_render_rule("html_block", _render_nothing)
    md.add_render_rule("html_inline", _render_nothing)


_install_rules()
