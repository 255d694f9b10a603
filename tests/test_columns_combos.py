"""Issue 12, "Done when": the seed, the stress issue and the test issues build and proof clean
with ``columns: 2`` and ``page_size: A5`` too, and the books section last (keep-heads puts it
at a page foot). test_columns.py covers the seed in two columns on A4, test_pages_keep.py
keep-heads and toc-40 in one column on A4, A5 and 大16开, test_build.py the stress issue on
A4; these are the combinations left. Each PDF is built once for the module.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from typesetter.pipeline import build_issue, proof_pdf

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"

COMBINATIONS: dict[str, tuple[Path, dict[str, Any]]] = {
    "seed-A5-two-columns": (ROOT / "content" / "2023-17", {"columns": 2, "page_size": "A5"}),
    "stress-two-columns": (DATA / "stress", {"columns": 2}),
    "stress-A5": (DATA / "stress", {"page_size": "A5"}),
    "stress-A5-two-columns": (DATA / "stress", {"columns": 2, "page_size": "A5"}),
    "keep-heads-two-columns": (DATA / "keep-heads", {"columns": 2}),
    "keep-heads-A5-two-columns": (DATA / "keep-heads", {"columns": 2, "page_size": "A5"}),
    "toc-40-A5-two-columns": (DATA / "toc-40", {"columns": 2, "page_size": "A5"}),
    "page-breaks-two-columns": (DATA / "page-breaks", {"columns": 2}),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    folder = tmp_path_factory.mktemp("combos")
    cache: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in cache:
            issue, options = COMBINATIONS[name]
            cache[name] = build_issue(issue, folder / f"{name}.pdf", **options).output
        return cache[name]

    return get


@pytest.mark.parametrize("name", list(COMBINATIONS))
def test_builds_and_proofs_clean(name: str, built: Callable[[str], Path]) -> None:
    issue, _ = COMBINATIONS[name]
    report = proof_pdf(built(name), issue)
    assert report.faults == [], report.format_text()
    assert report.stats["justified_lines"] > 0


def test_books_section_is_kept_with_its_first_book_in_two_columns(
    built: Callable[[str], Path],
) -> None:
    """In two columns the books section spans the text area: a heading spanning two columns
    would not keep with them, and 【悦读电商】 was left alone at the page foot on A4 and A5."""
    import pdfplumber

    for name in ("keep-heads-two-columns", "keep-heads-A5-two-columns"):
        with pdfplumber.open(built(name)) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
        heading = next(i for i, text in enumerate(pages) if "悦读电商】" in text)
        below = pages[heading].split("悦读电商】", 1)[1]
        assert "新电商精英系列教程" in below, (name, heading + 1)


def test_a_source_line_never_breaks_inside_its_date(built: Callable[[str], Path]) -> None:
    """A narrow column breaks a long source line before its date (span.source-date is
    kept on one line), never inside it (``2023年08月`` / ``31日``)."""
    from collections import Counter

    from typesetter.model import format_source_date
    from typesetter.pipeline import check_issue
    from typesetter.proof.layout import analyse
    from typesetter.proof.pdfchars import read_pages

    issue, _ = COMBINATIONS["seed-A5-two-columns"]
    dates = Counter(
        format_source_date(article.meta.date)
        for section in check_issue(issue).issue.sections
        for article in section.articles
        if article.source_text and article.meta.date
    )
    assert sum(dates.values()) >= 40
    pages = analyse(read_pages(built("seed-A5-two-columns"))).pages
    lines = [line.text for page in pages for line in page.lines]
    printed = Counter({date: sum(date in line for line in lines) for date in dates})
    assert printed == dates
    # some were broken before their date: the date on a line of its own
    assert any(line in dates for line in lines)
