"""Looseness: how far justification spreads the Han characters of body lines apart.

A justified line of Chinese text on a type area of a whole number of characters sets
solid: its Han characters touch, 1 em apart. Every em the line is short is spread over its
gaps. For each justified body line (every line of a paragraph but its last) the figure is
the median gap between consecutive Han glyphs — the advance beyond the glyph's 1 em, in
em of the line's font size — and the document's looseness is the 99th percentile and the
maximum of those medians (issue 17: p99 at most 0.02 em, max at most 0.06 em).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import median
from typing import Any

from typesetter.i18n import Translator
from typesetter.proof.layout import Layout
from typesetter.proof.lines import Line, han_gaps

#: The targets the report compares with, in em.
P99_TARGET_EM = 0.02
MAX_TARGET_EM = 0.06

_ = Translator("proof")


@dataclass(frozen=True)
class Looseness:
    """The median Han–Han gaps of the justified body lines, summarised (in em)."""

    lines: int  # justified body lines with at least two Han characters side by side
    p50: float
    p99: float
    max: float
    worst_page: int = 0  # the loosest line: its page (1-based) and text
    worst_text: str = ""

    def within_targets(self) -> bool:
        return self.p99 <= P99_TARGET_EM + 1e-9 and self.max <= MAX_TARGET_EM + 1e-9

    def to_json(self) -> dict[str, Any]:
        return {
            "lines": self.lines,
            "p50_em": round(self.p50, 4),
            "p99_em": round(self.p99, 4),
            "max_em": round(self.max, 4),
            "worst": {"page": self.worst_page, "text": self.worst_text} if self.lines else None,
        }

    def format_text(self) -> str:
        if not self.lines:
            return _("looseness: no justified line of Han text")
        return _(
            "looseness: median Han–Han gap of {lines} justified lines: "
            "p99 {p99:.3f} em, max {max:.3f} em (page {page})",
            lines=self.lines,
            p99=self.p99,
            max=self.max,
            page=self.worst_page,
        )


def line_gap(line: Line) -> float | None:
    """The median gap between side-by-side Han glyphs of ``line``, in em; None without any."""
    gaps = [gap / line.em for gap in han_gaps(line.glyphs)]
    return median(gaps) if gaps else None


def looseness(layout: Layout) -> Looseness:
    """The looseness of every justified body line of ``layout``."""
    measured: list[tuple[float, Line]] = []
    for paragraph in layout.paragraphs:
        for line in paragraph.lines[:-1]:
            gap = line_gap(line) if line.body else None
            if gap is not None:
                measured.append((max(0.0, gap), line))
    if not measured:
        return Looseness(0, 0.0, 0.0, 0.0)
    measured.sort(key=lambda each: each[0])
    values = [gap for gap, _ in measured]
    worst_gap, worst = measured[-1]
    return Looseness(
        lines=len(values),
        p50=_percentile(values, 0.50),
        p99=_percentile(values, 0.99),
        max=worst_gap,
        worst_page=worst.page,
        worst_text=worst.text,
    )


def _percentile(ordered: list[float], fraction: float) -> float:
    """The nearest-rank percentile of sorted values."""
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]
