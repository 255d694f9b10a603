"""Stubs: what ``typesetter new`` and ``typesetter add`` leave for the editor to write.

A stub says :data:`STUB` (待填写) where the text goes: as the whole value of a field
(``publication: 待填写``, ``title: 待填写``) or as a whole line of an article's body. When an
issue is loaded (:func:`settle_stubs`, called by :func:`typesetter.content.load_issue`):

- an article nobody has begun (its title and its whole body still 待填写) is left out of
  the issue, with a warning naming its file, and so is a section left with no article;
  ``new`` writes one such article per section, and the sections the editor does not fill
  are simply not printed this time;
- every other 待填写 is an error at its line (a begun article, a field of issue.yaml): an
  issue is never printed with 待填写 on its pages;
- when no article of the issue has been begun, every stub article is an error too: there
  is nothing to print yet.

``build --strict`` makes the warnings errors, so a strict build refuses every stub.
"""

from __future__ import annotations

import re

import yaml

from typesetter.contentfiles import display_join
from typesetter.errors import Problem
from typesetter.i18n import Translator
from typesetter.model import Article, Issue, Section
from typesetter.yamlsource import Loc, parse_yaml

STUB = "待填写"
"""The placeholder text of a stub ("to be filled in")."""

_ = Translator("content")
_TITLE_LINE = re.compile(r"^title\s*:")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def settle_stubs(issue: Issue) -> list[Problem]:
    """Leave out the articles (and then sections) nobody has begun; the problems found:
    a warning per article left out, an error per 待填写 anywhere else."""
    problems: list[Problem] = []
    untouched = {id(a) for a in issue.articles() if _untouched(a)}
    if untouched and len(untouched) == sum(1 for _ in issue.articles()):
        hint = _("write it: no article of the issue is written yet")
        message = _("stub article: {stub}", stub=STUB)
        found = [Problem(a.display_path, _title_line(a), message, hint) for a in issue.articles()]
        return found + _issue_yaml_stubs(issue, set())
    kept: list[Section] = []
    dropped: set[int] = set()
    for index, section in enumerate(issue.sections):
        articles = [a for a in section.articles if id(a) not in untouched]
        for article in section.articles:
            if id(article) in untouched:
                problems.append(_left_out(article, section, empty=not articles))
            else:
                problems += _article_stubs(article)
        if articles:
            section.articles = articles
            kept.append(section)
        else:
            dropped.add(index)
    issue.sections = kept
    return problems + _issue_yaml_stubs(issue, dropped)


def _left_out(article: Article, section: Section, *, empty: bool) -> Problem:
    if empty:
        hint = _(
            "section {title} is left out too; write the article to print it", title=section.title
        )
    else:
        hint = _("write it, or delete its line in issue.yaml")
    message = _("stub article left out: {stub}", stub=STUB)
    return Problem(article.display_path, _title_line(article), message, hint, "warning")


def _untouched(article: Article) -> bool:
    """The title and every line of the body still say 待填写 (HTML comments aside)."""
    return article.meta.title.strip() == STUB and _blank_but_stub(article.body)


def untouched_text(text: str) -> bool:
    """An article file's text that nobody has begun: its title and body say 待填写."""
    lines = text.split("\n")
    end = next((k for k in range(1, len(lines)) if lines[k].rstrip() == "---"), None)
    if lines[0].rstrip() != "---" or end is None:
        return False
    try:
        front = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError:
        return False
    if not isinstance(front, dict) or str(front.get("title", "")).strip() != STUB:
        return False
    return _blank_but_stub("\n".join(lines[end + 1 :]))


def _blank_but_stub(body: str) -> bool:
    """Every line of ``body`` is empty or 待填写, HTML comments aside."""
    return all(line.strip() in ("", STUB) for line in _COMMENT.sub("", body).splitlines())


def _article_stubs(article: Article) -> list[Problem]:
    """An error for the title and each body line of a begun article still saying 待填写."""
    problems = []
    if article.meta.title.strip() == STUB:
        message, hint = _("title: stub {stub}", stub=STUB), _("write the title")
        problems.append(Problem(article.display_path, _title_line(article), message, hint))
    for offset, line in enumerate(article.body.split("\n")):
        if line.strip() == STUB:
            hint = _("write the article's text here")
            where = article.body_line + offset
            message = _("stub {stub} in the text", stub=STUB)
            problems.append(Problem(article.display_path, where, message, hint))
    return problems


def _title_line(article: Article) -> int | None:
    """The line of ``title:`` in the front matter (the file was read a moment ago)."""
    try:
        lines = article.path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeError):
        return None
    for number, line in enumerate(lines[1 : article.body_line - 2], start=2):
        if _TITLE_LINE.match(line):
            return number
    return None


def _issue_yaml_stubs(issue: Issue, dropped: set[int]) -> list[Problem]:
    """An error for each value of issue.yaml that is 待填写, except in sections left out."""
    path = issue.dir / "issue.yaml"
    shown = display_join(issue.display_dir, "issue.yaml")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeError):
        return []
    if STUB not in text:
        return []
    doc, _found = parse_yaml(text, shown)
    if doc is None:
        return []
    problems = []
    for loc, value in _strings(doc.data, ()):
        if value.strip() != STUB:
            continue
        if len(loc) > 1 and loc[0] == "sections" and loc[1] in dropped:
            continue
        name = next((part for part in reversed(loc) if isinstance(part, str)), None)
        message = _("{name}: stub {stub}", name=name or _("value"), stub=STUB)
        problems.append(Problem(shown, doc.place(loc).line, message, _("fill it in")))
    return problems


def _strings(data: object, loc: Loc) -> list[tuple[Loc, str]]:
    """Every text value in ``data`` with its key path."""
    if isinstance(data, str):
        return [(loc, data)]
    if isinstance(data, dict):
        return [found for key, value in data.items() for found in _strings(value, (*loc, key))]
    if isinstance(data, list):
        return [found for i, value in enumerate(data) for found in _strings(value, (*loc, i))]
    return []


__all__ = ["STUB", "settle_stubs", "untouched_text"]
