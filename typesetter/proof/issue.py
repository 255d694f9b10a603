"""Expectations taken from an issue's content: the articles' texts and the titles the table
of contents lists, and the printed page numbers read back from the PDF's TOC."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from typesetter.i18n import Translator
from typesetter.model import Issue
from typesetter.proof import proof_layout
from typesetter.proof.layout import Layout, analyse
from typesetter.proof.pdfchars import read_pages
from typesetter.proof.report import KINDS, Fault, ProofReport, TocEntry

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
#: A footnote definition (with its indented continuation lines): printed at the foot of a
#: page, after text that follows it in the source, so it is not part of the ordered text.
_FOOTNOTE = re.compile(r"^\[\^[^\]]+\]:.*(?:\n(?: {2,}|\t).*)*", re.MULTILINE)
_LEADER = r"[.…·．\-_⋯\n]*"

_ = Translator("proof")


@dataclass(frozen=True)
class Expectations:
    texts: list[str]  # each article's printed text: title, body (Markdown), source line
    toc_titles: list[str]  # the titles the table of contents lists, in order


def expectations_from_issue(issue: Issue) -> Expectations:
    """What the PDF of ``issue`` must contain."""
    from typesetter.content import source_line

    texts: list[str] = []
    titles: list[str] = []
    for section in issue.sections:
        for article in section.articles:
            body = _FOOTNOTE.sub("", _COMMENT.sub("", article.body))
            line = source_line(article.meta, issue) or ""
            texts.append("\n\n".join((article.meta.title, body, line)))
            if article.meta.toc:
                titles.append(article.meta.title)
    return Expectations(texts, titles)


def _norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def read_toc(layout: Layout, titles: Sequence[str]) -> tuple[list[TocEntry], list[Fault]]:
    """The page number the PDF's table of contents gives for each title (a title followed by
    leaders or spaces and a number); a title the TOC does not list is a ``toc-page`` fault."""
    pages = [(page.number, "\n".join(_norm(ln.text) for ln in page.lines)) for page in layout.pages]
    entries: list[TocEntry] = []
    faults: list[Fault] = []
    for title in titles:
        wrapped = "\n?".join(re.escape(ch) for ch in _norm(title))  # a long title may wrap
        pattern = re.compile(wrapped + _LEADER + r"(\d{1,4})$", re.MULTILINE)
        found = next(((n, m) for n, text in pages if (m := pattern.search(text))), None)
        if found is None:
            message = _("the table of contents does not list it")
            faults.append(Fault("toc-page", 1, message, title))
        else:
            entries.append(TocEntry(title, int(found[1].group(1))))
    return entries, faults


def proof_issue(
    pdf: Path, issue: Issue, *, toc: bool = True, body_size: float | None = None
) -> ProofReport:
    """Proof ``pdf`` against ``issue``: every measurement, plus missing text and (``toc``:
    the layout prints a table of contents) TOC pages. ``body_size``: the layout's (pt)."""
    layout = analyse(read_pages(Path(pdf)), body_size)
    expected = expectations_from_issue(issue)
    toc_entries, unlisted = read_toc(layout, expected.toc_titles if toc else [])
    report = proof_layout(layout, expected_text=expected.texts, toc=toc_entries)
    report.faults = sorted([*report.faults, *unlisted], key=lambda f: (f.page, KINDS.index(f.kind)))
    return report
