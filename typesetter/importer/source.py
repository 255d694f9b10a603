"""Source lines (来源：… 编选：… date) and bylines."""

from __future__ import annotations

import datetime as dt
import re

from .model import Source
from .text import width

SOURCE_START = re.compile(r"^[（(]?\s*来\s*源\s*[:：]\s*")
# A source glued to the end of a paragraph: after a closing punctuation mark.
GLUED_SOURCE = re.compile(r"(?<=[。！？!?”」）)])\s*(?=[（(]?\s*来\s*源\s*[:：])")
EDITOR_PART = re.compile(r"(?:编\s*选|责任编辑|编\s*辑)\s*[:：]\s*(?P<editor>.*)$")
DATE_PATTERNS = (
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
    re.compile(r"(?<!\d)(?P<y>\d{4})\s*[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"),
)
MAX_SOURCE_WIDTH = 60
# （张三：某研究院某研究所研究员） closing an expert piece.
TRAILING_BYLINE = re.compile(
    r"^[（(]\s*(?P<author>[^:：（）()\s]{2,8})\s*[:：]\s*(?P<affiliation>[^（）()]{2,60}?)\s*[）)]$"
)
# 作者：王小明（华南理工大学教授） / 文／王小明 / □ 王小明 opening one.
LEADING_BYLINE = re.compile(
    r"^(?:作\s*者\s*[:：]|文\s*[/／]|[□■]\s*)\s*(?P<author>[^\s（）()，,。:：]{2,8})"
    r"\s*(?:[（(](?P<affiliation>[^（）()]{2,60})[）)])?$"
)


def find_date(text: str) -> tuple[dt.date | None, str | None, tuple[int, int] | None]:
    """The last date written in ``text``: (date or None if invalid, its text, its span)."""
    found: re.Match[str] | None = None
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if found is None or match.start() > found.start():
                found = match
    if found is None:
        return None, None, None
    try:
        value = dt.date(int(found["y"]), int(found["m"]), int(found["d"]))
    except ValueError:
        value = None
    return value, found.group(0), found.span()


def parse_source(text: str, line: int) -> Source | None:
    """Parse a whole line as a source line, or return None when it is not one."""
    text = text.strip()
    start = SOURCE_START.match(text)
    if not start or width(text) > MAX_SOURCE_WIDTH:
        return None
    rest = text[start.end() :]
    if text[0] in "（(" and rest and rest[-1] in "）)":
        rest = rest[:-1]
    date, date_text, span = find_date(rest)
    if span is not None:
        rest = rest[: span[0]] + rest[span[1] :]
    editor: str | None = None
    match = EDITOR_PART.search(rest)
    if match:
        editor = match["editor"].strip() or None
        rest = rest[: match.start()]
    return Source(line, rest.strip(), editor, date, date_text)


def split_glued_source(text: str) -> tuple[str, str] | None:
    """Split ``paragraph。来源：…`` into its paragraph and its source line."""
    for match in GLUED_SOURCE.finditer(text):
        head, tail = text[: match.start()], text[match.end() :]
        if head.strip() and parse_source(tail, 0) is not None:
            return head.rstrip(), tail.strip()
    return None


def parse_byline(text: str, *, leading: bool) -> tuple[str, str | None] | None:
    """(author, affiliation) of a byline line, or None."""
    match = (LEADING_BYLINE if leading else TRAILING_BYLINE).match(text.strip())
    if not match:
        return None
    affiliation = match["affiliation"]
    return match["author"], affiliation.strip() if affiliation else None
