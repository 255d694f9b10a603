"""An article body (CommonMark + GFM tables, strikethrough and footnotes) → an HTML fragment.

The fragment is XHTML-style (``<br />``, ``<img ... />``) with all text escaped. Checks made
on the way, each at its line in the article file: ``#`` and ``####``+ headings, raw HTML
(HTML comments are dropped silently), images outside the issue folder or not a picture,
links that are not web or mail addresses; half-width punctuation between Han characters is
reported as a warning and left as written.

Output conventions the layouts rely on:
- ``##``/``###`` → ``<h2 id="ANCHOR-h1">`` … (ids numbered per article);
- an image alone in its paragraph → ``<figure><img src="images/x.png" alt="" />
  <figcaption>caption</figcaption></figure>``, ``src`` relative to the issue folder;
- a footnote → ``<span class="footnote">…</span>`` where it is referenced (CSS floats it to
  the page foot); no end-of-article list;
- a list item holding one paragraph has its text directly in ``<li>``; items with several
  paragraphs keep their ``<p>``.
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
from markdown_it.parser_inline import ParserInline
from markdown_it.renderer import RendererHTML
from markdown_it.rules_inline.state_inline import Scanned, StateInline
from markdown_it.token import Token
from mdit_py_plugins.footnote import footnote_plugin

from typesetter.contentfiles import RefError, check_image, resolve_ref
from typesetter.errors import Problem, Severity
from typesetter.typography.chars import CJK_RANGES, full_width, is_cjk

COMMENT_RE = re.compile(r"\s*(?:<!--.*?-->\s*)+", re.DOTALL)
TAG_RE = re.compile(r"<[^>]{0,60}>?")
LINK_SCHEMES = ("http://", "https://", "mailto:")
# A half-width mark between CJK characters (Han, CJK punctuation, full-width forms).
HALF_WIDTH_RE = re.compile(f"(?<=[{CJK_RANGES}])[ \t]*([,:;()?!])[ \t]*(?=[{CJK_RANGES}])")


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


class _CjkParserInline(ParserInline):
    def parse(self, src: str, md: MarkdownIt, env: Any, tokens: list[Token]) -> list[Token]:
        state = _CjkStateInline(src, md, env, tokens)
        self.tokenize(state)
        for rule in self.ruler2.getRules(""):
            rule(state)
        return state.tokens


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True, "xhtmlOut": True})
    md.enable(["table", "strikethrough"]).use(footnote_plugin)
    md.inline.__class__ = _CjkParserInline  # keeps the configured rules
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
    _check_blocks(notes, ctx)
    _place_footnotes(notes, ctx)
    html = md.renderer.render(tokens, md.options, env)
    return html.replace("\n</figure>", "</figure>"), ctx.problems


# --- checks and token rewrites -----------------------------------------------------------


def _check_blocks(tokens: list[Token], ctx: _Context) -> None:
    """Check every block and inline token, rewriting what is printed differently."""
    last = 0  # 0-based body line of the latest token that has a line
    for index, token in enumerate(tokens):
        if token.map:
            last = token.map[0]
        elif token.type == "footnote_open":  # an inline footnote: lines of its reference
            last = ctx.ref_lines.get(int(token.meta["id"]), last)
        if token.type == "heading_open":
            ctx.headings += 1
            _check_heading(token, tokens[index + 1], ctx)
            token.attrSet("id", f"{ctx.anchor}-h{ctx.headings}")
        elif token.type == "html_block":
            _check_html(token.content, ctx.first_line + last, ctx)
            token.content = ""
        elif token.type == "list_item_open":
            _tighten(tokens, index)
        elif token.type == "inline":
            _check_inline(tokens, index, ctx, ctx.first_line + last)


def _check_heading(token: Token, inline: Token, ctx: _Context) -> None:
    level = int(token.tag[1:])
    message = f"level-{level} heading '{inline.content}' is not allowed"
    line = ctx.first_line + (token.map[0] if token.map else 0)
    if level == 1:
        ctx.add(line, message, "the title comes from the front matter; use ## or ###")
    elif level > 3:
        ctx.add(line, message, "use ## or ###")


def _check_html(content: str, line: int, ctx: _Context) -> None:
    """Raw HTML is an error (one per line: its first tag); comments are dropped silently."""
    if COMMENT_RE.fullmatch(content) or line in ctx.html_lines:
        return
    ctx.html_lines.add(line)
    match = TAG_RE.search(content)
    shown = match.group(0) if match else content.strip()[:40]
    ctx.add(line, f"raw HTML '{shown}' is not allowed", "write Markdown; HTML is never printed")


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
    _check_punctuation(children, line, ctx)
    inline.children = _rewrite_inline(children, line, ctx)
    if _is_figure(inline.children) and index > 0 and tokens[index - 1].type == "paragraph_open":
        for token in (tokens[index - 1], tokens[index + 1], _first_image(inline.children)):
            token.hidden = False
            token.meta["figure"] = True


def _first_image(children: Sequence[Token]) -> Token:
    return next(c for c in children if c.type == "image")


def _rewrite_inline(children: list[Token], line: int, ctx: _Context) -> list[Token]:
    result: list[Token] = []
    dropped_links: list[bool] = []
    for child in children:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        if child.type == "html_inline":
            _check_html(child.content, line, ctx)
            line += child.content.count("\n")
            continue
        if child.type == "image":
            _check_image(child, line, ctx)
            if child.children:
                child.children = _rewrite_inline(child.children, line, ctx)
        elif child.type == "link_open":
            keep = _check_link(child, line, ctx)
            dropped_links.append(not keep)
            if not keep:
                continue
        elif child.type == "link_close" and dropped_links and dropped_links.pop():
            continue
        elif child.type == "footnote_ref":
            ctx.ref_lines.setdefault(int(child.meta["id"]), line - ctx.first_line)
            ctx.refs.append(child)
        result.append(child)
    return result


def _check_image(token: Token, line: int, ctx: _Context) -> None:
    src = str(token.attrGet("src") or "")
    target = resolve_ref(src, ctx.issue_dir, "image", ctx.display_dir)
    problem = target if isinstance(target, RefError) else check_image(target, src)
    if problem is not None:
        ctx.add(line, problem.message, problem.hint)


def _check_link(token: Token, line: int, ctx: _Context) -> bool:
    href = str(token.attrGet("href") or "")
    if href.startswith(LINK_SCHEMES) or href.startswith("#"):
        return True
    hint = "links must be http:, https: or mailto: addresses; the text is printed without a link"
    ctx.add(line, f"link '{href}' is not a web or mail address", hint, warning=True)
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
    """Append one warning per half-width mark standing between Han characters in ``text``."""
    seen: set[str] = set()
    for match in HALF_WIDTH_RE.finditer(text):
        mark = match.group(1)
        if mark in seen:
            continue
        seen.add(mark)
        message = f"half-width '{mark}' between Han characters"
        problems.append(Problem(path, line, message, f"use '{full_width(mark)}'", "warning"))


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
    img = f'<img src="{src}" alt="" />'
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
