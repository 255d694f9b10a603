"""The schema models: strict types, defaults, printed forms, and docs/content.md kept in step."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from pydantic import BaseModel, ValidationError

from typesetter.model import (
    Article,
    ArticleMeta,
    Colophon,
    Issue,
    IssueFile,
    Section,
    SectionEntry,
    format_source_date,
)

DOCS = Path(__file__).resolve().parent.parent / "docs" / "content.md"
SCHEMA: list[type[BaseModel]] = [IssueFile, Colophon, SectionEntry, ArticleMeta]


def make_issue_obj(total: int | None = 294, number: int = 17) -> Issue:
    return Issue(
        dir=Path("/x"),
        display_dir="x",
        publication="电子商务动态",
        kicker=None,
        year=2023,
        number=number,
        total=total,
        date=datetime.date(2023, 9, 5),
        publisher="p",
        editor="e",
        colophon=Colophon(address="a"),
    )


def test_issue_line_and_date_text() -> None:
    assert make_issue_obj().issue_line == "2023年第17期（总294期）"
    assert make_issue_obj(total=None, number=4).issue_line == "2023年第4期"
    assert make_issue_obj().date_text == "2023年9月5日"
    assert make_issue_obj().html_lang == "zh-CN"


def test_source_date_is_zero_padded() -> None:
    assert format_source_date(datetime.date(2023, 8, 2)) == "2023年08月02日"


def test_articles_iterates_sections_in_order() -> None:
    issue = make_issue_obj()
    meta = ArticleMeta(title="T")
    first = Article(Path("/x/a.md"), "x/a.md", meta, "", 3, "a-a")
    second = Article(Path("/x/b.md"), "x/b.md", meta, "", 3, "a-b")
    issue.sections = [
        Section("一", None, "articles", [first], "s-1"),
        Section("二", None, "books", [second], "s-2"),
    ]
    assert list(issue.articles()) == [first, second]


def test_article_meta_defaults() -> None:
    meta = ArticleMeta.model_validate({"title": "T"})
    assert (meta.toc, meta.source_line) == (True, True)
    assert meta.source is meta.editor is meta.date is meta.image is None
    assert meta.author is meta.affiliation is None


@pytest.mark.parametrize(
    ("model", "data", "error_type"),
    [
        (Colophon, {"address": "a", "postcode": 200011}, "string_type"),
        (Colophon, {"address": "a", "phone": 2163685517.0}, "string_type"),
        (Colophon, {"address": " "}, "blank"),
        (Colophon, {"address": "a", "fax": "x"}, "extra_forbidden"),
        (ArticleMeta, {"title": "T", "toc": "yes"}, "bool_type"),
        (ArticleMeta, {"title": "T", "toc": 1}, "bool_type"),
        (ArticleMeta, {"title": "T", "date": "2023-13-01"}, "bad_date"),
        (ArticleMeta, {"title": "T", "date": datetime.datetime(2023, 1, 1, 8)}, "date_with_time"),
        (ArticleMeta, {"title": datetime.date(2023, 1, 1)}, "string_type"),
        (SectionEntry, {"title": "x", "articles": []}, "too_short"),
        (SectionEntry, {"title": "x", "style": "book", "articles": ["a.md"]}, "literal_error"),
    ],
)
def test_types_are_strict(model: type[BaseModel], data: dict[str, object], error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    assert [e["type"] for e in caught.value.errors()] == [error_type]


@pytest.mark.parametrize("value", [True, "17", 17.0, 0, -1])
def test_issue_numbers(value: object) -> None:
    data = {
        "publication": "p",
        "year": 2023,
        "number": value,
        "date": datetime.date(2023, 9, 5),
        "publisher": "p",
        "editor": "e",
        "colophon": {"address": "a"},
        "sections": [{"title": "t", "articles": ["a.md"]}],
    }
    with pytest.raises(ValidationError):
        IssueFile.model_validate(data)
    data["number"] = 17
    assert IssueFile.model_validate(data).number == 17


def test_every_schema_field_has_a_description() -> None:
    for model in SCHEMA:
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name} has no description"


def test_docs_document_every_field() -> None:
    text = DOCS.read_text(encoding="utf-8")
    rows = set(re.findall(r"^\| `([a-z_]+)` \|", text, flags=re.MULTILINE))
    for model in SCHEMA:
        missing = set(model.model_fields) - rows
        assert not missing, f"docs/content.md has no table row for {model.__name__}: {missing}"
