"""The page map: where every article of a built issue landed, its first and last page.

Read from the laid-out document (the first page from the article's anchor, the last from
its last placed box; typesetter.weasy.boxes), once per build. ``build --map`` prints it,
``build --report`` writes it as JSON with the warnings, and the archive's ``catalog.json``
takes its article pages from it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .errors import Problem
from .model import Article, Issue

#: The version of the ``build --report`` JSON (README.md, "The page map").
REPORT_FORMAT = 1


@dataclass(frozen=True)
class ArticlePages:
    """One article: its file (relative to the issue folder), heading and pages (1-based)."""

    file: str
    title: str
    section: str
    anchor: str
    first: int | None
    last: int | None

    @property
    def pages_text(self) -> str:
        """``第2页``, ``第2–3页``; ``未排入`` when the article is on no page."""
        if self.first is None:
            return "未排入"
        last = self.last if self.last is not None else self.first
        return f"第{self.first}页" if last == self.first else f"第{self.first}–{last}页"

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "section": self.section,
            "title": self.title,
            "anchor": self.anchor,
            "first_page": self.first,
            "last_page": self.last,
        }


@dataclass
class PageMap:
    """Every article of the document, in print order."""

    articles: list[ArticlePages] = field(default_factory=list)

    @classmethod
    def read(
        cls, issue: Issue, first_pages: Mapping[str, int], last_pages: Mapping[str, int]
    ) -> PageMap:
        """The map of ``issue`` (the articles it holds) from the pages each anchor starts
        on and the last page each article has content on."""
        articles = []
        for section in issue.sections:
            for article in section.articles:
                first = first_pages.get(article.anchor)
                last = last_pages.get(article.anchor, first)
                if first is not None and last is not None and last < first:
                    last = first
                articles.append(
                    ArticlePages(
                        article_file(issue, article),
                        article.meta.title,
                        section.title,
                        article.anchor,
                        first,
                        last,
                    )
                )
        return cls(articles)

    def __iter__(self) -> Iterator[ArticlePages]:
        return iter(self.articles)

    def by_anchor(self) -> dict[str, ArticlePages]:
        return {article.anchor: article for article in self.articles}

    def lines(self) -> list[str]:
        """``articles/03-kuajing.md → 第2–3页  标题``, one line per article."""
        return [f"{a.file} → {a.pages_text}  {a.title}" for a in self.articles]

    def to_json(self) -> list[dict[str, Any]]:
        return [article.to_json() for article in self.articles]


def article_file(issue: Issue, article: Article) -> str:
    """The article's file as ``issue.yaml`` lists it: relative to the issue folder."""
    try:
        return article.path.relative_to(issue.dir).as_posix()
    except ValueError:
        return article.display_path


def problem_json(problem: Problem) -> dict[str, Any]:
    """A warning or error as the build report holds it (``text`` as printed)."""
    return {
        "path": problem.path,
        "line": problem.line,
        "severity": problem.severity,
        "message": problem.message,
        "hint": problem.hint,
        "text": str(problem),
    }


def build_report(
    *,
    issue_dir: str,
    output: str,
    pages: int,
    page_map: PageMap,
    warnings: list[Problem],
    only: list[str] | None = None,
) -> dict[str, Any]:
    """The JSON ``build --report`` writes (README.md, "The page map")."""
    return {
        "format": REPORT_FORMAT,
        "issue": issue_dir,
        "output": output,
        "pages": pages,
        "proof_of": only,
        "articles": page_map.to_json(),
        "warnings": [problem_json(problem) for problem in warnings],
    }
