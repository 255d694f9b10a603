"""Text → an :class:`Issue` of cover, sections, articles and colophon (uncleaned strings)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..contentfiles import scan_characters
from ..errors import ContentError, Problem
from ..i18n import Translator
from .body import LONG, BodyParser, Token, classify, tokenize
from .colophon import colophon_block, find_colophon, parse_colophon
from .cover import PAGE, CoverParser
from .model import Colophon, Cover, Line, ReviewItem, Section, TocEntry
from .text import ends_sentence, key, squeeze, width

MIN_KEY = 4
RUNNING_HEADER_MIN = 3
KICKER = re.compile(r"^[^\d期]{2,12}$")  # a short label above the masthead, no issue number
EDITOR_NAME = re.compile(r"《(?P<name>[^》]+)》")

_ = Translator("importer")


@dataclass
class Issue:
    cover: Cover
    sections: list[Section]
    colophon: Colophon
    editor: str | None
    toc: list[TocEntry]
    review: list[ReviewItem] = field(default_factory=list)
    page_numbers: int = 0


def read_lines(text_file: Path) -> list[Line]:
    try:
        raw = text_file.read_bytes()
    except OSError as error:
        raise ContentError(
            [Problem(str(text_file), None, _("cannot read: {reason}", reason=error.strerror))]
        ) from error
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        message = _("not UTF-8 text (byte {byte})", byte=error.start)
        raise ContentError(
            [Problem(str(text_file), None, message, _("save the text as UTF-8"))]
        ) from error
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    # What check refuses (NUL, ESC, other controls, lone surrogates) is refused here, with
    # the same messages; bidi controls are left for check to warn about.
    problems = scan_characters(text, str(text_file))[1]
    errors = [problem for problem in problems if problem.severity == "error"]
    if errors:
        raise ContentError(errors)
    return [Line(n, t) for n, t in enumerate(text.split("\n"), start=1) if t.strip()]


def parse_issue(lines: list[Line], text_file: Path) -> Issue:
    tokens = tokenize(lines)
    start = _body_start(tokens, lines)
    if start is None:
        raise ContentError(
            [
                Problem(
                    str(text_file),
                    None,
                    _("not an issue: no 【…】 section heading and no source line (来源：…) found"),
                )
            ]
        )
    body_lines = [line for line in lines if line.no >= start]
    cover_lines = [line for line in lines if line.no < start]
    colophon_at = find_colophon(body_lines)
    colophon_lines: list[Line] = []
    if colophon_at is not None:
        colophon_lines = body_lines[colophon_at:]
        body_lines = body_lines[:colophon_at]
    else:  # printed on the cover page, or between articles
        colophon_lines = colophon_block(cover_lines) or colophon_block(body_lines)
        cover_lines = [line for line in cover_lines if line not in colophon_lines]
        body_lines = [line for line in body_lines if line not in colophon_lines]
    body_lines, headers = _without_running_headers(body_lines)
    body = BodyParser([key(line.text) for line in cover_lines])
    body_tokens = tokenize(body_lines)
    first = None if body_tokens and body_tokens[0].kind == "section" else ""
    sections = body.parse(body_tokens, first)
    review = list(body.review) + headers
    if first == "":
        review.append(
            ReviewItem(
                start,
                _("no 【…】 section heading before the first article: section title needed"),
            )
        )
    articles = [a for s in sections for a in s.articles]
    if not articles:
        raise ContentError([Problem(str(text_file), start, _("not an issue: no article found"))])
    cover_parser = CoverParser([a.title for a in articles])
    cover = cover_parser.parse(cover_lines)
    colophon, colophon_review = parse_colophon(colophon_lines)
    review += colophon_review
    editor = _editor(sections)
    _masthead(cover, cover_parser.masthead, editor)
    review += [
        ReviewItem(line.no, _("cover line not placed: “{text}”", text=line.text.strip()))
        for line in cover_parser.unplaced
    ]
    return Issue(cover, sections, colophon, editor, cover_parser.toc, review, body.page_numbers)


def _without_running_headers(lines: list[Line]) -> tuple[list[Line], list[ReviewItem]]:
    """Leave out short lines repeated on many pages (running headers and footers)."""
    counts = Counter(squeeze(line.text) for line in lines)
    repeated = {
        text
        for text, n in counts.items()
        if n >= RUNNING_HEADER_MIN
        and width(text) < LONG
        and not ends_sentence(text)
        and classify(Line(0, text)).kind == "text"
    }
    review = [
        ReviewItem(
            next(line.no for line in lines if squeeze(line.text) == text),
            _(
                "“{text}” repeated {count} times (a running header?): left out",
                text=text,
                count=counts[text],
            ),
        )
        for text in sorted(repeated)
    ]
    return [line for line in lines if squeeze(line.text) not in repeated], review


def _body_start(tokens: list[Token], lines: list[Line]) -> int | None:
    """The line of the first 【…】 heading that opens text rather than a contents group; or,
    without headings, the title line of the first article (the line after the cover)."""
    for i, token in enumerate(tokens):
        if token.kind != "section":
            continue
        following = [t for t in tokens[i + 1 : i + 3] if t.kind != "section"]
        listed = any(
            PAGE.search(_line_text(lines, t.line)) or _repeated(t, tokens[i + 3 :])
            for t in following
        )
        if following and not listed:
            return token.line
    first_source = next((t for t in tokens if t.kind == "source"), None)
    if first_source is None:
        return None
    # No headings: the body starts after the last cover-like line before the first source.
    before = [t for t in tokens if t.line < first_source.line and t.kind == "text"]
    paragraphs = [t for t in before if ends_sentence(t.text) or width(t.text) >= LONG]
    if not paragraphs:
        return None
    first_paragraph = paragraphs[0]
    title = max(
        (t for t in before if t.line < first_paragraph.line),
        key=lambda t: t.line,
        default=first_paragraph,
    )
    return title.line


def _repeated(token: Token, later: list[Token]) -> bool:
    """Does this line come again later (a contents line naming a title)?"""
    k = key(token.text)
    return len(k) >= MIN_KEY and any(key(t.text) == k for t in later if t.kind == "text")


def _line_text(lines: list[Line], no: int) -> str:
    return next((line.text for line in lines if line.no == no), "")


def _editor(sections: list[Section]) -> str | None:
    """The issue's editor: the most common 编选 of the source lines, else the most common
    source ending in 编辑部."""
    sources = [a.source for s in sections for a in s.articles if a.source]
    editors = Counter(s.editor for s in sources if s.editor)
    if editors:
        return editors.most_common(1)[0][0]
    offices = Counter(s.source for s in sources if s.source.endswith("编辑部"))
    return offices.most_common(1)[0][0] if offices else None


def _masthead(cover: Cover, lines: list[Line], editor: str | None) -> None:
    """Publication and kicker from the short cover lines before the contents."""
    match = EDITOR_NAME.search(editor or "")
    name = match["name"] if match else None
    rest = list(lines)
    if name is not None:
        same = next((line for line in rest if key(line.text) == key(name)), None)
        cover.publication = same.text.strip() if same else name
        if same is None:
            cover.review.append(
                ReviewItem(
                    0,
                    _(
                        "publication not found on the cover: taken from the editor ({name})",
                        name=name,
                    ),
                )
            )
        else:
            cover.field_lines["publication"] = same.no
            rest.remove(same)
    elif rest:
        first = rest.pop(0)
        cover.publication = first.text.strip()
        cover.field_lines["publication"] = first.no
        cover.review.append(
            ReviewItem(first.no, _("publication guessed (no 《…》编辑部 editor to check it)"))
        )
    kicker = next((line for line in rest if KICKER.match(line.text.strip())), None)
    if kicker is not None:
        rest.remove(kicker)
        cover.kicker = kicker.text.strip()
        cover.field_lines["kicker"] = kicker.no
    cover.review += [
        ReviewItem(line.no, _("cover line not placed: “{text}”", text=line.text.strip()))
        for line in rest
    ]
