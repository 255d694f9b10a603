"""The issue content schema (what editors write) and the loaded issue (what layouts read).

The pydantic models (:class:`IssueFile`, :class:`SectionEntry`, :class:`Colophon`,
:class:`ArticleMeta`) are the schema of ``issue.yaml`` and of an article's front matter, and
their ``Field`` descriptions are its reference; ``docs/content.md`` documents the same fields
for editors. Types are strict: a text field given a number, a date or true/false is an error,
never converted; and every text has a length limit (:data:`TEXT_LIMIT`, :data:`PATH_LIMIT`),
so that a paste gone wrong is an error, not minutes of typesetting. The dataclasses
(:class:`Issue`, :class:`Section`, :class:`Article`) are the validated issue handed to the
later stages.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from typesetter.i18n import Translator

# The validators below run when content is validated (the language is chosen by then), so
# their messages are translated as they are raised; pydantic fills the {fields} after.
_ = Translator("content")

STRICT = ConfigDict(strict=True, extra="forbid", frozen=True)
TEXT_LIMIT = 200
"""Characters in any text field (titles, names, bylines, sources, colophon lines)."""
PATH_LIMIT = 1000
"""Characters in a path (an article file in issue.yaml, ``image:`` in front matter)."""
NOTE_LIMIT = 600
"""Characters in the cover note (卷首语 / 编者按): a short paragraph or two."""


def _date_value(value: Any) -> Any:
    """Accept a YAML date or an ISO ``YYYY-MM-DD`` string; reject anything else clearly."""
    if isinstance(value, datetime.datetime):
        raise PydanticCustomError("date_with_time", _("a date without a time"))
    if isinstance(value, datetime.date) or value is None:
        return value
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("bad_date", _("not a valid date"))


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", _("must not be empty"))
    return value


def _blank_to_none(value: Any) -> Any:
    """An optional text field left empty (``email: ""``) means the same as ``null``."""
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _break_value(value: Any) -> Any:
    """``break_before: true`` reads as a flag: say what to write instead."""
    if isinstance(value, bool):
        shown = "true" if value else "false"
        raise PydanticCustomError(
            "break_flag",
            _(
                "must be auto or page, not {shown} (write 'break_before: page' to start the "
                "article on a new page)"
            ),
            {"shown": shown},
        )
    return value


ShortStr = Annotated[str, StringConstraints(max_length=TEXT_LIMIT)]
PathStr = Annotated[str, StringConstraints(max_length=PATH_LIMIT)]
Text = Annotated[ShortStr, AfterValidator(_not_blank)]
"""Required text: a YAML string (quoted when it would read as a number, date or bool)."""
OptionalText = Annotated[ShortStr | None, BeforeValidator(_blank_to_none)]
OptionalPath = Annotated[PathStr | None, BeforeValidator(_blank_to_none)]
IsoDate = Annotated[datetime.date, BeforeValidator(_date_value)]
OptionalIsoDate = Annotated[datetime.date | None, BeforeValidator(_date_value)]


class Colophon(BaseModel):
    """The editorial footer (编辑部 details) printed as a ruled block on the last page."""

    model_config = STRICT

    address: Text = Field(
        description="编辑部地址: the office address.", examples=["中山南路 1088 号南浦大厦四楼"]
    )
    postcode: OptionalText = Field(
        None, description="邮政编码; quote it, a bare number is an error.", examples=["200011"]
    )
    office: OptionalText = Field(
        None,
        description="The office the 编辑部 sits in.",
        examples=["上海市电子商务和消费促进中心内"],
    )
    phone: OptionalText = Field(
        None, description="电话; quote it, a bare number is an error.", examples=["021-63685517"]
    )
    email: OptionalText = Field(None, description="E-mail address.", examples=["ec@example.cn"])


NoteText = Annotated[str, StringConstraints(max_length=NOTE_LIMIT), AfterValidator(_not_blank)]
"""The cover note's text: plain text, paragraphs separated by a blank line."""


class CoverNote(BaseModel):
    """A short note on the cover, under the table of contents (卷首语, 编者按)."""

    model_config = STRICT

    title: OptionalText = Field(
        None, description="Printed above the note, e.g. 卷首语 or 编者按.", examples=["卷首语"]
    )
    text: NoteText = Field(
        description="The note: plain text, at most 600 characters; a blank line starts a "
        "new paragraph."
    )
    author: OptionalText = Field(
        None, description="Signed under the note, e.g. 本刊编辑部.", examples=["本刊编辑部"]
    )


class Cover(BaseModel):
    """What the cover holds under the table of contents: a picture and/or a note."""

    model_config = STRICT

    image: OptionalPath = Field(
        None, description="A picture inside the issue folder, printed on the cover."
    )
    credit: OptionalText = Field(
        None, description="The picture's credit, printed under it.", examples=["摄影：张三"]
    )
    caption: OptionalText = Field(None, description="A caption printed under the picture.")
    note: CoverNote | None = Field(None, description="A short note (卷首语 / 编者按).")

    @field_validator("credit", "caption")
    @classmethod
    def _picture_named(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None and not info.data.get("image"):
            raise PydanticCustomError(
                "cover_credit_without_image",
                _("describes the cover picture: give cover.image too, or delete it"),
            )
        return value


class SectionEntry(BaseModel):
    """One entry of ``sections:`` in issue.yaml: a heading and its articles, in order."""

    model_config = STRICT

    title: Text = Field(description="Printed as the section heading, e.g. 【行业资讯】.")
    toc_title: OptionalText = Field(
        None, description="Group name in the table of contents (default: the title)."
    )
    style: Literal["articles", "books"] = Field(
        "articles",
        description="articles: ordinary articles; books: cover picture beside title and 内容简介.",
    )
    articles: list[PathStr] = Field(
        min_length=1,
        description="Paths of the article files, relative to the issue folder, in print order.",
    )


class IssueFile(BaseModel):
    """The schema of ``issue.yaml``."""

    model_config = STRICT

    publication: Text = Field(description="Masthead title.", examples=["电子商务动态"])
    kicker: OptionalText = Field(
        None, description="Small label printed above the masthead.", examples=["行业资讯"]
    )
    year: int = Field(ge=1, description="Year of the issue (第…年).", examples=[2023])
    number: int = Field(ge=1, description="Issue number within the year (第17期).", examples=[17])
    total: int | None = Field(
        None, ge=1, description="Running number since the first issue (总294期).", examples=[294]
    )
    date: IsoDate = Field(description="Date of publication, YYYY-MM-DD.")
    publisher: Text = Field(description="主办单位, printed at the foot of the cover.")
    editor: Text = Field(description="Default 编选 for every article's source line.")
    layout: ShortStr = Field("newsletter", description="A folder name under layouts/.")
    language: ShortStr = Field("zh-Hans", description="BCP 47 tag; zh-Hans (zh-CN is a synonym).")
    colophon: Colophon = Field(description="The editorial footer on the last page.")
    cover: Cover | None = Field(
        None, description="A picture and/or a short note on the cover, under the contents."
    )
    sections: list[SectionEntry] = Field(
        min_length=1, description="The sections, printed in this order."
    )


class ArticleMeta(BaseModel):
    """The schema of an article's front matter (the YAML between the two ``---`` lines)."""

    model_config = STRICT

    title: Text = Field(description="The article title.")
    toc: bool = Field(True, description="Listed in the table of contents.")
    source: OptionalText = Field(
        None, description="来源, printed verbatim; omitted: the editor is the source."
    )
    editor: OptionalText = Field(None, description="编选; overrides the issue's editor.")
    date: OptionalIsoDate = Field(None, description="The source's date, YYYY-MM-DD.")
    source_line: bool = Field(True, description="false: print no source line at all.")
    author: OptionalText = Field(None, description="Byline, e.g. 杨长湧.")
    affiliation: OptionalText = Field(None, description="The author's affiliation.")
    image: OptionalPath = Field(
        None, description="A picture inside the issue folder (books: the cover)."
    )
    summary: OptionalText = Field(
        None,
        description="One line about the article, printed under its title in the table of "
        "contents by layouts that show summaries (magazine).",
    )
    break_before: Annotated[Literal["auto", "page"], BeforeValidator(_break_value)] = Field(
        "auto",
        description="page: the article starts on a new page (a section's first article "
        "takes the section heading with it); auto: where the text falls.",
    )
    keep_together: bool = Field(
        False,
        description="true: the article is never split across pages (one taller than a "
        "page starts on a new page and is split there).",
    )


@dataclass
class Article:
    """One validated article, its body rendered to an HTML fragment."""

    path: Path
    display_path: str
    meta: ArticleMeta
    body: str
    body_line: int
    anchor: str
    html: str = ""
    source_text: str | None = None


@dataclass
class Section:
    title: str
    toc_title: str | None
    style: Literal["articles", "books"]
    articles: list[Article]
    anchor: str


ZH_HANS_TAGS = frozenset({"zh-hans", "zh-cn", "zh-hans-cn"})
"""Language tags (lower case) the layouts support; all mean Simplified Chinese, mainland."""


@dataclass
class Issue:
    """A validated issue: metadata, colophon and sections with their loaded articles."""

    dir: Path
    display_dir: str
    publication: str
    kicker: str | None
    year: int
    number: int
    total: int | None
    date: datetime.date
    publisher: str
    editor: str
    colophon: Colophon
    sections: list[Section] = field(default_factory=list)
    cover: Cover | None = None
    layout: str = "newsletter"
    language: str = "zh-Hans"

    @property
    def issue_line(self) -> str:
        """``2023年第17期（总294期）``, or ``2024年第4期`` without a total."""
        line = f"{self.year}年第{self.number}期"
        return f"{line}（总{self.total}期）" if self.total is not None else line

    @property
    def date_text(self) -> str:
        """The cover date, ``2023年9月5日``."""
        return format_cover_date(self.date)

    @property
    def html_lang(self) -> str:
        """The ``lang`` for the HTML document: mainland Simplified Chinese glyph forms."""
        return "zh-CN"

    def articles(self) -> Iterator[Article]:
        for section in self.sections:
            yield from section.articles


def format_cover_date(date: datetime.date) -> str:
    return f"{date.year}年{date.month}月{date.day}日"


def format_source_date(date: datetime.date) -> str:
    """The source line's date, zero-padded as printed: ``2023年08月22日``."""
    return f"{date.year}年{date.month:02d}月{date.day:02d}日"
