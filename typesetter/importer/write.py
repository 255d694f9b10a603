"""Writes issue.yaml and articles/*.md; review items become YAML comments."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml

from ..i18n import Translator
from .assemble import ArticleDoc, IssueDoc
from .model import ReviewItem

INDENT = "  "

_ = Translator("importer")


def scalar(value: Any) -> str:
    """A YAML scalar that reads back as exactly ``value`` (strings quoted only when needed)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, dt.date)):
        return str(value) if not isinstance(value, dt.date) else value.isoformat()
    text = str(value)
    try:
        plain_ok = yaml.safe_load(f"k: {text}") == {"k": text} and "\n" not in text
    except yaml.YAMLError:
        plain_ok = False
    # A string that starts with a digit (postcode, phone) is quoted even when YAML would read
    # it back as a string: a reader may take 010000 for a number.
    plain_ok = plain_ok and text.strip() == text and not text[:1].isdigit()
    return text if plain_ok else json.dumps(text, ensure_ascii=False)


def comment_lines(items: list[ReviewItem], indent: str = "") -> list[str]:
    return [f"{indent}# {_review(item.message, item.line)}" for item in items]


def _review(message: str, line: int = 0) -> str:
    """A review note as a YAML comment's text; ``REVIEW`` is kept in every language (an
    editor searches for it)."""
    if line:
        return _("REVIEW (text line {line}): {message}", line=line, message=message)
    return _("REVIEW: {message}", message=message)


def mapping_lines(data: dict[str, Any], comments: dict[str, str], indent: str = "") -> list[str]:
    out: list[str] = []
    for name, value in data.items():
        note = f"  # {_review(comments[name])}" if name in comments else ""
        if isinstance(value, dict):
            out.append(f"{indent}{name}:{note}")
            out += mapping_lines(value, {}, indent + INDENT)
        else:
            out.append(f"{indent}{name}: {scalar(value)}{note}")
    return out


def issue_yaml(doc: IssueDoc, header: list[str], issue_review: list[ReviewItem]) -> str:
    lines = [f"# {line}" for line in header]
    lines += comment_lines(issue_review)
    lines += mapping_lines(doc.fields, doc.comments)
    lines.append("sections:")
    for section in doc.sections:
        items = list(section.fields.items())
        first, rest = items[0], items[1:]
        lines.append(f"{INDENT}- {first[0]}: {scalar(first[1])}")
        lines += [f"{INDENT * 2}{k}: {scalar(v)}" for k, v in rest]
        lines.append(f"{INDENT * 2}articles:")
        lines += [f"{INDENT * 3}- {scalar(a.name)}" for a in section.articles]
    return "\n".join(lines) + "\n"


def article_md(doc: ArticleDoc) -> str:
    lines = ["---"]
    lines += comment_lines(doc.review)
    lines += mapping_lines(doc.front, {})
    lines.append("---")
    return "\n".join(lines) + "\n\n" + doc.body


def write_issue(
    issue_dir: Path, doc: IssueDoc, header: list[str], issue_review: list[ReviewItem]
) -> list[Path]:
    (issue_dir / "articles").mkdir(parents=True, exist_ok=True)
    files = [issue_dir / "issue.yaml"]
    files[0].write_text(issue_yaml(doc, header, issue_review), encoding="utf-8")
    for section in doc.sections:
        for article in section.articles:
            path = issue_dir / article.name
            path.write_text(article_md(article), encoding="utf-8")
            files.append(path)
    return files
