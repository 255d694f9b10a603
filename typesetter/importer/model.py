"""The importer's typed intermediate form: what the parser found, before it is written."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

BlockKind = Literal["para", "heading", "item", "bookmark"]


@dataclass(frozen=True)
class ReviewItem:
    """A thing for a human to look at, at a line of the text file (0: no particular line)."""

    line: int
    message: str


@dataclass
class ImportResult:
    """What :func:`typesetter.importer.import_text` wrote and what it wants looked at."""

    issue_dir: Path
    files: list[Path]
    review: list[ReviewItem]
    changes: dict[str, int]
    text_file: Path | None = None
    articles: int = 0
    sections: int = 0
    on_toc: int = 0


@dataclass(frozen=True)
class Line:
    """One non-blank line of the text file (``no`` is 1-based)."""

    no: int
    text: str


@dataclass
class Block:
    """A paragraph, subheading, list item or books marker, re-joined from its lines."""

    kind: BlockKind
    text: str
    line: int
    lines: int = 1  # how many text lines were joined into it
    keep_spaces: bool = False  # a line of a table-like run: spaces between words kept


@dataclass
class Source:
    """A parsed source line (raw, uncleaned parts)."""

    line: int
    source: str
    editor: str | None
    date: dt.date | None
    date_text: str | None


@dataclass
class Article:
    title: str
    line: int
    blocks: list[Block] = field(default_factory=list)
    source: Source | None = None
    author: str | None = None
    affiliation: str | None = None
    book: bool = False
    toc: bool = False
    review: list[ReviewItem] = field(default_factory=list)


@dataclass
class Section:
    title: str
    line: int
    articles: list[Article] = field(default_factory=list)
    toc_title: str | None = None

    @property
    def books(self) -> bool:
        return bool(self.articles) and any(a.book for a in self.articles)


@dataclass
class Colophon:
    fields: dict[str, str] = field(default_factory=dict)
    lines: list[int] = field(default_factory=list)
    publisher: str | None = None


@dataclass
class Cover:
    publication: str | None = None
    kicker: str | None = None
    year: int | None = None
    number: int | None = None
    total: int | None = None
    date: dt.date | None = None
    publisher: str | None = None
    field_lines: dict[str, int] = field(default_factory=dict)
    review: list[ReviewItem] = field(default_factory=list)


@dataclass(frozen=True)
class TocEntry:
    """A title listed on the cover, matched to an article (by index) or not."""

    line: int
    group: str | None
    article: int | None
    text: str
