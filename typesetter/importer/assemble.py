"""A parsed :class:`Issue` → the cleaned documents to write (issue fields, articles)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..i18n import Translator
from ..naming import title_slug
from .clean import Cleaner
from .markdown import body_markdown
from .model import Article, ReviewItem, Section
from .parse import Issue
from .text import key

BRACKETS = ("「」", "『』", "《》", "（）", "“”", "【】")

_ = Translator("importer")


@dataclass
class ArticleDoc:
    name: str
    lines: tuple[int, int]  # first and last line of the article in the text
    front: dict[str, Any]
    body: str
    review: list[ReviewItem]


@dataclass
class SectionDoc:
    fields: dict[str, Any]
    articles: list[ArticleDoc]


@dataclass
class IssueDoc:
    fields: dict[str, Any]
    sections: list[SectionDoc]
    review: list[ReviewItem]  # issue-level (cover, colophon, sections)
    comments: dict[str, str] = field(default_factory=dict)  # field → review note
    changes: dict[str, int] = field(default_factory=dict)  # clean-up counts by kind

    def articles(self) -> list[ArticleDoc]:
        return [a for s in self.sections for a in s.articles]

    def issue_review(self) -> list[ReviewItem]:
        """The review items that belong to no article (cover, colophon, sections)."""
        return [r for r in self.review if not any(r in a.review for a in self.articles())]


class Assembler:
    def __init__(self, issue: Issue, layout: str) -> None:
        self.issue = issue
        self.layout = layout
        self.cleaner = Cleaner()
        if issue.page_numbers:
            self.cleaner.counts["page_number"] = issue.page_numbers
        self.review: list[ReviewItem] = list(issue.review) + list(issue.cover.review)
        self.editor = self.cleaner.clean(issue.editor) if issue.editor else None
        self.comments: dict[str, str] = {}  # issue.yaml field → why it needs a look
        self.groups: dict[int, str | None] = {}  # id(article) → its group on the cover

    def build(self) -> IssueDoc:
        self._apply_toc()
        doc = IssueDoc(self._fields(), [], [])
        count = sum(len(s.articles) for s in self.issue.sections)
        width = max(2, len(str(count)))
        n = 0
        for section in self.issue.sections:
            articles = []
            for article in section.articles:
                n += 1
                articles.append(self._article(article, f"{n:0{width}d}"))
            doc.sections.append(SectionDoc(self._section_fields(section), articles))
        doc.review = sorted(set(self.review), key=lambda r: (r.line, r.message))
        doc.comments = self.comments
        doc.changes = dict(self.cleaner.counts)
        _distribute(doc)
        return doc

    # cover and colophon ---------------------------------------------------------------

    def _fields(self) -> dict[str, Any]:
        cover, clean = self.issue.cover, self.cleaner.clean
        dates = [
            a.source.date
            for s in self.issue.sections
            for a in s.articles
            if a.source and a.source.date
        ]
        date = cover.date or self._missing(
            "date",
            max(dates) if dates else None,
            _("{key} not found in the text (guessed: the latest article date)", key="date"),
        )
        year = cover.year or self._missing(
            "year",
            date.year if date else None,
            _("{key} not found in the text (guessed from the date)", key="year"),
        )
        number = cover.number or self._missing(
            "number", None, _("{key} not found in the text (fill in 第N期)", key="number")
        )
        publisher = cover.publisher or self.issue.colophon.publisher
        fields: dict[str, Any] = {
            "publication": clean(cover.publication)
            if cover.publication
            else self._missing(
                "publication", None, _("{key} not found in the text", key="publication")
            ),
            "kicker": clean(cover.kicker) if cover.kicker else None,
            "year": year,
            "number": number,
            "total": cover.total,
            "date": date,
            "publisher": clean(publisher)
            if publisher
            else self._missing(
                "publisher", None, _("{key} not found in the text (主办单位)", key="publisher")
            ),
            "editor": self.editor
            or self._missing(
                "editor",
                None,
                _("{key} not found in the text (编选, e.g. 《…》编辑部)", key="editor"),
            ),
            "layout": self.layout,
            "colophon": self._colophon(),
        }
        return {k: v for k, v in fields.items() if v is not None or k in self.comments}

    def _missing(self, name: str, guess: Any, what: str) -> Any:
        self.comments[name] = what
        self.review.append(ReviewItem(self.issue.cover.field_lines.get(name, 0), what))
        return guess

    def _colophon(self) -> dict[str, Any]:
        fields: dict[str, str | None] = {
            k: self.cleaner.clean(v) for k, v in self.issue.colophon.fields.items()
        }
        if "address" not in fields:
            what = _("colophon address (编辑部地址) not found in the text")
            self.comments["colophon"] = what
            self.review.append(ReviewItem(0, what))
            fields["address"] = None
        order = ("address", "postcode", "office", "phone", "email")
        return {k: fields[k] for k in order if k in fields}

    # sections and articles --------------------------------------------------------------

    def _apply_toc(self) -> None:
        articles = [a for s in self.issue.sections for a in s.articles]
        if not any(entry.article is not None for entry in self.issue.toc):
            self.review.append(
                ReviewItem(0, _("no contents found on the cover: every article is listed (toc)"))
            )
            for article in articles:
                article.toc = True
        for entry in self.issue.toc:
            if entry.article is None:
                continue
            article = articles[entry.article]
            article.toc = True
            self.groups[id(article)] = entry.group
            if (
                key(entry.text) == key(article.title)
                and _balanced(entry.text)
                and not _balanced(article.title)
            ):
                self.review.append(
                    ReviewItem(
                        article.line,
                        _(
                            "title “{title}” set as the cover lists it (line {line})",
                            title=article.title,
                            line=entry.line,
                        ),
                    )
                )
                article.title = entry.text

    def _section_fields(self, section: Section) -> dict[str, Any]:
        title = section.title or self.issue.cover.kicker or self.issue.cover.publication or ""
        fields: dict[str, Any] = {"title": self.cleaner.clean(title, title=True)}
        groups = Counter(g for a in section.articles if (g := self.groups.get(id(a))))
        if groups:
            group = groups.most_common(1)[0][0]
            if key(group) != key(title):
                fields["toc_title"] = group
            for article in section.articles:
                other = self.groups.get(id(article))
                if other and other != group:
                    self.review.append(
                        ReviewItem(
                            article.line,
                            _(
                                "the cover lists “{title}” under {group},"
                                " but it is in 【{section}】",
                                title=article.title,
                                group=other,
                                section=title,
                            ),
                        )
                    )
        if section.books:
            fields["style"] = "books"
        return fields

    def _article(self, article: Article, number: str) -> ArticleDoc:
        clean = self.cleaner.clean
        title = clean(article.title, title=True)
        front: dict[str, Any] = {"title": title}
        review = list(article.review)
        if not article.toc:
            front["toc"] = False
        source = article.source
        if source is not None:
            name = clean(source.source) if source.source else None
            editor = clean(source.editor) if source.editor else None
            if name and name != self.editor:
                front["source"] = name
            if editor and editor != self.editor:
                front["editor"] = editor
            if source.date:
                front["date"] = source.date
            elif source.date_text:
                review.append(
                    ReviewItem(
                        source.line,
                        _("source date {date} is not a valid date", date=source.date_text),
                    )
                )
        else:
            front["source_line"] = False
            if not article.book:
                review.append(
                    ReviewItem(
                        article.line, _("no source line found: written with source_line: false")
                    )
                )
        if article.author:
            front["author"] = clean(article.author)
        if article.affiliation:
            front["affiliation"] = clean(article.affiliation)
        if article.book:
            review.append(
                ReviewItem(
                    article.line, _("no cover picture in the text: add image: if there is one")
                )
            )
        body, notes = body_markdown(article.blocks, self.cleaner)
        review += notes
        slug = title_slug(title)
        self.review += review
        last = max(
            [article.line, *(b.line for b in article.blocks)] + ([source.line] if source else [])
        )
        return ArticleDoc(f"articles/{number}-{slug}.md", (article.line, last), front, body, review)


def _distribute(doc: IssueDoc) -> None:
    """Give each article the review items found within its lines (for its YAML comments)."""
    for item in doc.review:
        for article in doc.articles():
            first, last = article.lines
            if first <= item.line <= last and item not in article.review:
                article.review.append(item)
                break


def _balanced(text: str) -> bool:
    for pair in BRACKETS:
        depth = 0
        for char in text:
            depth += (char == pair[0]) - (char == pair[1])
            if depth < 0:
                return False
        if depth:
            return False
    return True
