"""Proof a PDF: measure the Chinese typography (clreq) and the page on the PDF alone.

``proof_pdf`` reads the text layer, infers the page geometry (body text, columns, their
edges, paragraphs) from it, and runs every measurement; see ``checks`` for the rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from typesetter.proof import checks, checks_flow, checks_page, content
from typesetter.proof.layout import Layout, analyse
from typesetter.proof.looseness import looseness
from typesetter.proof.pdfchars import read_pages
from typesetter.proof.report import KINDS, Fault, ProofReport, TocEntry

__all__ = ["KINDS", "Fault", "ProofReport", "TocEntry", "proof_layout", "proof_pdf"]


def proof_pdf(
    pdf: Path,
    *,
    expected_text: Sequence[str] | None = None,
    toc: Sequence[TocEntry] | None = None,
) -> ProofReport:
    """Measure ``pdf``; with ``expected_text`` (the articles' texts in order) report Han
    characters missing from the text layer, with ``toc`` report wrong TOC page numbers.

    Raises :class:`~typesetter.errors.TypesetterError` when the file is not a readable PDF.
    """
    return proof_layout(analyse(read_pages(Path(pdf))), expected_text=expected_text, toc=toc)


def proof_layout(
    layout: Layout,
    *,
    expected_text: Sequence[str] | None = None,
    toc: Sequence[TocEntry] | None = None,
) -> ProofReport:
    """Run every measurement on an analysed layout."""
    short, exempt = checks.short_lines(layout)
    faults = [
        *short,
        *checks.line_start(layout),
        *checks.line_end(layout),
        *checks.split_pairs(layout),
        *checks.punct_pairs(layout),
        *checks.han_latin_gaps(layout),
        *checks.lonely_chars(layout),
        *checks.widows(layout),
        *checks_flow.stranded_headings(layout),
        *checks_flow.toc_leaders(layout),
        *checks_flow.captions_apart(layout),
        *checks_flow.outside_area(layout),
        *checks_page.outside_page(layout),
        *checks_page.overlaps(layout),
    ]
    if expected_text is not None:
        faults += content.missing_text(layout, expected_text)
    if toc is not None:
        faults += content.toc_pages(layout, toc)
    faults.sort(key=lambda f: (f.page, KINDS.index(f.kind)))
    return ProofReport(len(layout.pages), faults, exempt, _stats(layout), looseness(layout))


def _stats(layout: Layout) -> dict[str, int]:
    lines = list(layout.flow())
    return {
        "lines": len(lines),
        "body_lines": sum(1 for ln in lines if ln.body),
        "paragraphs": len(layout.paragraphs),
        "justified_lines": sum(len(p.lines) - 1 for p in layout.paragraphs),
        "columns": sum(1 for page in layout.pages for c in page.columns if not c.spans),
        "han_chars": sum(ln.han_count for ln in lines),
        "body_size_pt": round(layout.body_size),
    }
