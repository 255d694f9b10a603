"""Two columns (layout.yaml ``columns: 2``, issue 12): the seed issue, built once in two
columns, sets its bodies in two columns under heads that span both, and proofs clean."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from typesetter.errors import LayoutError
from typesetter.layouts import load_layout
from typesetter.pipeline import build_issue, proof_pdf

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "2023-17"
BODY_PT = 10.5  # the newsletter's body size
TITLE_PT = 13.0  # .article-title


@pytest.fixture(scope="module")
def two_columns(tmp_path_factory: pytest.TempPathFactory) -> Any:
    out = tmp_path_factory.mktemp("columns") / "seed-2col.pdf"
    return build_issue(SEED, out, columns=2)


@pytest.fixture(scope="module")
def pages(two_columns: Any) -> Iterator[list[Any]]:
    with pdfplumber.open(two_columns.output) as pdf:
        yield list(pdf.pages)


def _lines(page: Any, size: float) -> list[tuple[float, float, float, str]]:
    """(x0, x1, top, text) of each line set at ``size`` pt on ``page``."""
    rows: dict[float, list[Any]] = {}
    for char in page.chars:
        if abs(char["size"] - size) < 0.3 and char["text"].strip():
            rows.setdefault(round(char["top"], 0), []).append(char)
    lines = []
    for top, chars in sorted(rows.items()):
        chars.sort(key=lambda c: c["x0"])
        # a row may hold a line of each column: split at a gap wider than 1.5 em
        group = [chars[0]]
        for char in chars[1:]:
            if char["x0"] - group[-1]["x1"] > 1.5 * size:
                lines.append(_line(group, top))
                group = []
            group.append(char)
        lines.append(_line(group, top))
    return lines


def _line(chars: list[Any], top: float) -> tuple[float, float, float, str]:
    return (chars[0]["x0"], chars[-1]["x1"], top, "".join(c["text"] for c in chars))


def _starts(page: Any) -> list[float]:
    """The distinct x positions body lines start at (to 1 pt), ignoring indented first lines."""
    starts = sorted({round(x0) for x0, _, _, _ in _lines(page, BODY_PT)})
    distinct: list[float] = []
    for x in starts:
        if not distinct or x - distinct[-1] > 3 * BODY_PT:
            distinct.append(x)
    return distinct


def test_columns_option_is_validated(tmp_path: Path) -> None:
    assert load_layout("newsletter").options.columns == 1
    assert load_layout("newsletter", columns=2).options.columns == 2
    for wrong in (3, 0, "2", True):
        with pytest.raises(LayoutError) as error:
            load_layout("newsletter", columns=wrong)
        assert "must be 1 or 2" in str(error.value.problems[0].message)


def test_body_pages_are_set_in_two_columns(two_columns: Any, pages: list[Any]) -> None:
    body_pages = pages[1:-1]  # the cover and the last page (colophon) aside
    two = [page.page_number for page in body_pages if len(_starts(page)) == 2]
    assert len(two) >= len(body_pages) - 1, (two, len(body_pages))
    page = pages[1]
    _left, right = _starts(page)
    width = page.width
    # the gutter is in the middle of the text area, the columns about equal
    assert 0.35 * width < right < 0.6 * width
    ends = [x1 for x0, x1, _, _ in _lines(page, BODY_PT) if x0 < right - BODY_PT]
    assert max(ends) < right - BODY_PT  # left column lines stop before the gutter


def test_titles_span_both_columns(pages: list[Any]) -> None:
    crossing = []
    for page in pages[1:4]:
        left, right = _starts(page)
        column_end = max(x1 for x0, x1, _, _ in _lines(page, BODY_PT) if x0 < right - BODY_PT)
        for x0, x1, _, text in _lines(page, TITLE_PT):
            assert abs(x0 - left) < 1.0, text  # at the left column's edge, never in the right
            if x1 > column_end + TITLE_PT:
                crossing.append((x1 > right, text))
    # titles longer than a column are not cut at the gutter: they run on across it
    assert len(crossing) >= 3, crossing
    assert any(into_right for into_right, _ in crossing), crossing


def test_source_lines_end_at_the_right_column_edge(pages: list[Any]) -> None:
    page = pages[1]
    # the right column's edge: where most of its lines end (a closing mark may hang past it)
    ends = Counter(round(x1) for _, x1, _, _ in _lines(page, BODY_PT) if x1 > page.width / 2)
    body_right = ends.most_common(1)[0][0]
    sources = [ln for ln in _lines(page, 9.0) if ln[3].startswith("来源")]
    assert sources
    for _, x1, _, text in sources:
        assert abs(x1 - body_right) < 1.5, text


def test_proof_is_clean(two_columns: Any) -> None:
    """No stranded heading, short line, widow, overlap, wrong TOC number, missing text or
    text outside its column: the proof reads each page in bands under the spanning heads."""
    report = proof_pdf(two_columns.output, SEED)
    assert report.faults == [], report.format_text()
    assert report.stats["justified_lines"] > 700  # the columns' lines are measured


def test_one_column_default_unchanged(tmp_path: Path) -> None:
    built = build_issue(SEED, tmp_path / "seed.pdf")
    assert built.pages == 19
    with pdfplumber.open(built.output) as pdf:
        assert len(_starts(pdf.pages[1])) == 1
