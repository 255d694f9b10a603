"""The pipeline, read like a table of contents: load → validate → render HTML → render PDF.

Each stage lives in its own module; this one only calls them in order and passes typed
objects along. Errors are raised as :mod:`typesetter.errors` exceptions; the CLI turns
them into messages and exit codes.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content import load_issue
from .errors import ContentError, Problem
from .layouts import Layout, load_layout
from .model import Issue
from .preflight import check_glyphs


@dataclass
class Checked:
    """A validated issue, its resolved layout and the warnings found on the way."""

    issue: Issue
    layout: Layout
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class Built:
    """What a build produced."""

    output: Path
    pages: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)
    data: bytes = b""


def check_issue(
    issue_dir: Path, *, display_dir: str | None = None, **layout_options: Any
) -> Checked:
    """Load and validate everything a build needs, without rendering anything."""
    issue, warnings = load_issue(issue_dir, display_dir=display_dir)
    layout = load_layout(issue.layout, **layout_options)
    glyph_errors = check_glyphs(issue)
    if glyph_errors:
        raise ContentError(glyph_errors)
    return Checked(issue, layout, warnings)


def render_issue(checked: Checked) -> tuple[bytes, int, list[Problem]]:
    """HTML, then PDF bytes: (data, page count, render warnings)."""
    from .fonts import FONTS_DIR
    from .html import render_html
    from .layouts import LAYOUTS_DIR
    from .pdf import RenderJob, content_identifier, render_pdf

    html = render_html(checked.issue, checked.layout)
    job = RenderJob(
        html=html,
        base_dir=checked.issue.dir,
        allowed_roots=[checked.issue.dir, *checked.layout.folders, FONTS_DIR, LAYOUTS_DIR],
        display_dir=checked.issue.display_dir,
        identifier=content_identifier(html),
    )
    rendered = render_pdf(job)
    return rendered.data, rendered.pages, rendered.warnings


def build_issue(
    issue_dir: Path,
    output: Path,
    *,
    display_dir: str | None = None,
    strict: bool = False,
    **layout_options: Any,
) -> Built:
    """Check, render and write the PDF atomically; nothing is written on any error."""
    from .pdf import write_atomic

    started = time.perf_counter()
    checked = check_issue(issue_dir, display_dir=display_dir, **layout_options)
    data, pages, render_warnings = render_issue(checked)
    warnings = checked.warnings + render_warnings
    if strict and warnings:
        raise ContentError(_as_errors(warnings))
    write_atomic(output, data)
    return Built(output, pages, time.perf_counter() - started, warnings, data)


def proof_pdf(pdf: Path, issue_dir: Path | None = None, *, display_dir: str | None = None) -> Any:
    """Measure the clreq rules on ``pdf``; with an issue, also its text and TOC numbers."""
    from .proof import proof_pdf as proof_geometry
    from .proof.issue import proof_issue

    if issue_dir is None:
        return proof_geometry(pdf)
    issue, _ = load_issue(issue_dir, display_dir=display_dir)
    return proof_issue(pdf, issue)


def _as_errors(warnings: list[Problem]) -> list[Problem]:
    return [
        Problem(w.path, w.line, w.message, w.hint or "--strict turns warnings into errors")
        for w in warnings
    ]
