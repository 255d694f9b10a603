"""The body of the text: 【…】 sections, then articles ended by their source lines.

Rules, all generic:
- a ``【…】`` line opens a section; a source line (来源：…) closes an article;
- the first line of an article is its title;
- a paragraph line that does not close its sentence and is long (or holds a sentence end
  inside) continues on the next line: this re-joins paragraphs split by page breaks;
- inside an article, a short line that does not close a sentence is a subheading, unless
  it is listed on the cover or is followed by a books marker (内容简介), which start a new
  article; a lone such line in an article is taken as a new article's title (guessed, and
  reported), two or more are subheadings;
- bullet lines are list items; a paragraph continuing a list's enumeration (三是 after
  二是) joins the list.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from ..i18n import Translator
from .model import Article, Block, Line, ReviewItem, Section, Source
from .source import find_date, parse_byline, parse_source, split_glued_source
from .text import SENTENCE_INSIDE, ends_sentence, enum_value, key, width

SECTION = re.compile(r"^【\s*(?P<title>[^【】]{1,20}?)\s*】$")
GLUED_SECTION = re.compile(r"^【\s*(?P<title>[^【】]{1,20}?)\s*】\s*(?P<rest>\S.*)$")
BOOKMARK = re.compile(r"^(?:内容简介|内容提要|图书简介|作者简介)\s*[:：]?$")
BULLET = re.compile(r"^(?:[-–>]\s+|[•●▶►■◆▪]\s*)(?P<text>\S.*)$")
PAGE_NUMBER = re.compile(r"^[-—–\s]*(?:第\s*)?\d{1,3}(?:\s*页)?[-—–\s]*$")
LONG = 30.0  # em: a line at least this wide is a paragraph line, never a heading
MIN_COVER_KEY = 4

_ = Translator("importer")


@dataclass
class Token:
    kind: str  # section | source | text | item | bookmark
    line: int
    text: str
    source: Source | None = None


def tokenize(lines: list[Line]) -> list[Token]:
    """Classify each non-blank body line. A paragraph with a glued source line, or a
    section heading with its first title on the same line, becomes two tokens; a line
    holding only a page number becomes a ``page`` token; a line holding only a date right
    after a source line without one completes that source line."""
    tokens: list[Token] = []
    for line in lines:
        text = line.text.strip()
        if PAGE_NUMBER.match(text):
            tokens.append(Token("page", line.no, text))
        elif _completes_source(tokens, text):
            source = tokens[-1].source
            assert source is not None
            source.date, source.date_text, _span = find_date(text)
        else:
            tokens.extend(classify(Line(line.no, part)) for part in _split_line(text))
    return tokens


def _split_line(text: str) -> list[str]:
    if match := GLUED_SECTION.match(text):
        rest = match["rest"]
        if not ends_sentence(rest) and width(rest) < LONG:
            return [f"【{match['title']}】", rest]
    if not text.startswith(("来源", "（来源", "(来源")) and (glued := split_glued_source(text)):
        return list(glued)
    return [text]


def _completes_source(tokens: list[Token], text: str) -> bool:
    if not tokens or tokens[-1].source is None or tokens[-1].source.date_text:
        return False
    date_text = find_date(text)[1]
    return date_text is not None and date_text.strip() == text.strip()


def classify(line: Line) -> Token:
    text = line.text
    if match := SECTION.match(text):
        return Token("section", line.no, match["title"])
    if source := parse_source(text, line.no):
        return Token("source", line.no, text, source)
    if BOOKMARK.match(text):
        return Token("bookmark", line.no, text.rstrip(":："))
    if (match := BULLET.match(text)) and not text.startswith("**"):
        return Token("item", line.no, match["text"])
    return Token("text", line.no, text)


class BodyParser:
    """Turns body tokens into sections of articles, collecting review items."""

    def __init__(self, cover_keys: list[str]) -> None:
        self.cover_keys = cover_keys
        self.review: list[ReviewItem] = []
        self.page_numbers = 0  # page-number lines left out

    def parse(self, tokens: list[Token], first_section: str | None = None) -> list[Section]:
        sections: list[Section] = []
        if first_section is not None:
            sections.append(Section(first_section, tokens[0].line if tokens else 0))
        segment: list[Token] = []
        for token in tokens:
            if token.kind == "page":
                self.page_numbers += 1
            elif token.kind == "section":
                self._close(sections, segment, None)
                segment = []
                sections.append(Section(token.text, token.line))
            elif token.kind == "source":
                self._close(sections, segment, token.source)
                segment = []
            else:
                segment.append(token)
        self._close(sections, segment, None)
        for section in sections:
            if not section.articles:
                self.review.append(
                    ReviewItem(
                        section.line,
                        _("section 【{title}】 has no article: left out", title=section.title),
                    )
                )
        return [s for s in sections if s.articles]

    def on_cover(self, text: str) -> bool:
        k = key(text)
        return len(k) >= MIN_COVER_KEY and any(k in c for c in self.cover_keys)

    def _close(self, sections: list[Section], segment: list[Token], source: Source | None) -> None:
        if not segment:
            if source is not None:
                self.review.append(
                    ReviewItem(source.line, _("source line with no article before it: left out"))
                )
            return
        if not sections:
            self.review.append(
                ReviewItem(segment[0].line, _("text before the first section: left out"))
            )
            return
        articles = self._articles(segment)
        articles[-1].source = source
        sections[-1].articles.extend(articles)

    def _articles(self, segment: list[Token]) -> list[Article]:
        title, rest = segment[0], segment[1:]
        if title.kind != "text":
            self.review.append(ReviewItem(title.line, _("article starts without a title line")))
        blocks = self._blocks(rest)
        starts = [0]
        for i, block in enumerate(blocks):
            follows_book = i + 1 < len(blocks) and blocks[i + 1].kind == "bookmark"
            if self._candidate(blocks, i) and (follows_book or self.on_cover(block.text)):
                starts.append(i)
        pieces: list[tuple[Block, list[Block]]] = []
        head = Block("para", title.text, title.line)
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(blocks)
            body = blocks[start + (1 if n else 0) : end]
            pieces.extend(self._split_guessed(head, body))
            if end < len(blocks):
                head = blocks[end]
        return [self._article(title_block, body) for title_block, body in pieces]

    def _split_guessed(self, head: Block, body: list[Block]) -> list[tuple[Block, list[Block]]]:
        """A lone heading-like line in an article starts a new one (a guess, reported)."""
        candidates = [i for i in range(len(body)) if self._candidate(body, i)]
        if len(candidates) != 1:
            return [(head, body)]
        i = candidates[0]
        if i == 0:  # the title goes on in the next line
            self.review.append(
                ReviewItem(
                    body[0].line, _("title continued on the next line: the two lines joined")
                )
            )
            head = Block("para", _join(head.text, body[0].text), head.line)
            return [(head, body[1:])]
        self.review.append(
            ReviewItem(
                body[i].line,
                _(
                    "guessed an article boundary: “{text}” taken as a title"
                    " (it could be a subheading)",
                    text=body[i].text,
                ),
            )
        )
        return [(head, body[:i]), (body[i], body[i + 1 :])]

    def _blocks(self, tokens: list[Token]) -> list[Block]:
        blocks: list[Block] = []
        for token in tokens:
            if token.kind in ("item", "bookmark"):
                blocks.append(
                    Block("item" if token.kind == "item" else "bookmark", token.text, token.line)
                )
                continue
            prev = blocks[-1] if blocks else None
            if (
                prev
                and prev.kind in ("para", "item")
                and self._open(prev)
                and not self.on_cover(token.text)
            ):
                prev.text = _join(prev.text, token.text)
                prev.lines += 1
            else:
                blocks.append(Block("para", token.text, token.line))
        return blocks

    def _open(self, block: Block) -> bool:
        """Does this paragraph go on in the next line (a line or page break inside it)?"""
        text = block.text
        if ends_sentence(text) or (block.lines == 1 and self.on_cover(text)):
            return False
        return width(text) >= LONG or bool(SENTENCE_INSIDE.search(text))

    def _candidate(self, blocks: list[Block], i: int) -> bool:
        """Could block ``i`` be a title or subheading? It must be followed by text, and a
        short line followed by another short line is not one (a table, a list)."""
        block = blocks[i]
        if block.kind != "para" or block.lines != 1 or i + 1 >= len(blocks):
            return False
        if self.on_cover(block.text):
            return True
        return self._short(block) and not self._short(blocks[i + 1])

    def _short(self, block: Block) -> bool:
        """A one-line paragraph that closes no sentence and is not a byline."""
        text = block.text
        if block.kind != "para" or block.lines != 1:
            return False
        if parse_byline(text, leading=False) or parse_byline(text, leading=True):
            return False
        return not (ends_sentence(text) or width(text) >= LONG or SENTENCE_INSIDE.search(text))

    def _short_runs(self, body: list[Block]) -> list[int]:
        """Mark runs of two or more short lines (a table or a list: their spaces are kept)
        and return the first line of each run."""
        starts = []
        for i in range(len(body) - 1):
            if self._short(body[i]) and self._short(body[i + 1]):
                if not body[i].keep_spaces:
                    starts.append(body[i].line)
                body[i].keep_spaces = body[i + 1].keep_spaces = True
        return starts

    def _article(self, title: Block, body: list[Block]) -> Article:
        article = Article(title.text, title.line)
        if (
            body
            and body[-1].kind == "para"
            and (byline := parse_byline(body[-1].text, leading=False))
        ):
            article.author, article.affiliation = byline
            body = body[:-1]
        elif (
            body and body[0].kind == "para" and (byline := parse_byline(body[0].text, leading=True))
        ):
            article.author, article.affiliation = byline
            body = body[1:]
        for i, block in enumerate(body):
            if self._candidate(body, i):
                block.kind = "heading"
            elif block.kind == "bookmark":
                block.kind = "heading"
                article.book = True
        _extend_lists(body)
        article.review += [
            ReviewItem(line, _("short lines in a row (a table or a list?): kept as they are"))
            for line in self._short_runs(body)
        ]
        article.blocks = body
        if not body:
            article.review.append(ReviewItem(title.line, _("article has no text")))
        return article


def _extend_lists(blocks: list[Block]) -> None:
    """A paragraph that goes on with a list's enumeration (三是 after 二是) is an item."""
    for prev, block in itertools.pairwise(blocks):
        if prev.kind == "item" and block.kind == "para":
            before, after = enum_value(prev.text), enum_value(block.text)
            if before is not None and after == before + 1:
                block.kind = "item"


def _join(head: str, tail: str) -> str:
    if head[-1:].isascii() and head[-1:].isalpha() and tail[:1].isascii() and tail[:1].isalpha():
        return f"{head} {tail}"
    return head + tail
