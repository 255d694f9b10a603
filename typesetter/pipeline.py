"""The pipeline, read like a table of contents: load → validate → render HTML → render PDF.

Each stage lives in its own module; this one only calls them in order and passes typed
objects along. Errors are raised as :mod:`typesetter.errors` exceptions; the CLI turns
them into messages and exit codes.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .content import load_issue
from .errors import ContentError, Problem, RenderError, UsageError
from .i18n import Translator
from .images import ImageInfo, inspect_images, pixel_limit
from .layouts import Layout, length_pt, load_layout
from .model import Issue
from .options import PrintOptions
from .pagemap import PageMap, article_file
from .preflight import check_glyphs
from .printing import PrintSettings, resolve

if TYPE_CHECKING:
    from .weasy import LaidOut

_ = Translator("layout")


@dataclass
class Checked:
    """A validated issue, its resolved layout and the warnings found on the way."""

    issue: Issue
    layout: Layout
    warnings: list[Problem] = field(default_factory=list)
    settings: PrintSettings = field(default_factory=PrintSettings)
    images: list[ImageInfo] = field(default_factory=list)
    #: ``build --only``: the article files of a proof (the issue holds only them), or None.
    proof_of: list[str] | None = None


@dataclass
class Built:
    """What a build produced."""

    output: Path
    pages: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)
    data: bytes = b""
    first_pages: dict[str, int] = field(default_factory=dict)
    issue: Issue | None = None
    page_map: PageMap = field(default_factory=PageMap)
    #: ``build --only``: the article files of the proof, or None for the whole issue.
    proof_of: list[str] | None = None


@dataclass
class Rendered:
    """A rendered issue: PDF bytes, page count, warnings, and the page each anchor starts on."""

    data: bytes
    pages: int
    warnings: list[Problem] = field(default_factory=list)
    first_pages: dict[str, int] = field(default_factory=dict)
    #: Where every article landed: its first and last page.
    page_map: PageMap = field(default_factory=PageMap)


def check_issue(
    issue_dir: Path,
    *,
    display_dir: str | None = None,
    printing: PrintOptions | None = None,
    only: Sequence[str] | None = None,
    layout: str | None = None,
    **layout_options: Any,
) -> Checked:
    """Load and validate everything a build needs, without rendering anything.

    With ``only`` (article files, ``build --only``), the issue keeps just those articles,
    in print order, for a proof; a file the issue does not list is a UsageError. With
    ``layout`` (``--layout NAME``), that layout instead of the one issue.yaml names.
    """
    issue, warnings = load_issue(issue_dir, display_dir=display_dir)
    if layout is not None:
        issue = dataclasses.replace(issue, layout=layout)
    proof_of = None
    if only:
        issue = select_articles(issue, only)
        proof_of = [article_file(issue, article) for article in issue.articles()]
    overrides = {**layout_options, **(printing.layout_overrides() if printing else {})}
    found = load_layout(issue.layout, issue_dir=issue.dir, **overrides)
    resolved, settings = resolve(found, printing)
    images, image_errors = inspect_images(issue, resolved.options.max_megapixels)
    errors = check_glyphs(issue) + image_errors
    if errors:
        raise ContentError(errors)
    return Checked(issue, resolved, warnings, settings, images, proof_of)


def select_articles(issue: Issue, only: Sequence[str]) -> Issue:
    """``issue`` with only the articles ``only`` names (as issue.yaml lists them, or as
    paths from the current folder), and only the sections that hold one of them."""
    articles = list(issue.articles())
    files = [article_file(issue, article) for article in articles]
    chosen: set[str] = set()
    unknown: list[Problem] = []
    for name in only:
        found = _find_article(issue, files, name)
        if found is None:
            unknown.append(_unknown_article(issue, files, name))
        else:
            chosen.add(found)
    if unknown:  # the last one names every article the issue lists
        last = unknown[-1]
        if files:
            listed = _("the issue's articles: {files}", files=", ".join(files))
        else:
            listed = _("the issue's articles: none")
        hint = _("{hint} {listed}", hint=last.hint, listed=listed) if last.hint else listed
        raise UsageError([*unknown[:-1], dataclasses.replace(last, hint=hint)])
    sections = []
    for section in issue.sections:
        kept = [a for a in section.articles if article_file(issue, a) in chosen]
        if kept:
            sections.append(dataclasses.replace(section, articles=kept))
    return dataclasses.replace(issue, sections=sections)


def _find_article(issue: Issue, files: list[str], name: str) -> str | None:
    """The file (as issue.yaml lists it) ``name`` means, or None."""
    written = os.path.normpath(name.replace("\\", "/")).replace(os.sep, "/")
    if written in files:
        return written
    for place in (Path(name), issue.dir / name):  # from here, or from the issue folder
        try:
            relative = place.resolve().relative_to(issue.dir).as_posix()
        except (OSError, ValueError):
            continue
        if relative in files:
            return relative
    return None


def _unknown_article(issue: Issue, files: list[str], name: str) -> Problem:
    """``--only NAME`` the issue does not list, with the closest file as a hint: the one
    whose name starts with NAME's (``articles/03.md``), else the most alike."""
    stem = Path(name).stem
    close = [f for f in files if Path(f).stem.startswith(stem)] if stem else []
    if len(close) != 1:
        names = [Path(f).name for f in files]
        alike = difflib.get_close_matches(Path(name).name, names, n=1, cutoff=0.6)
        close = [files[names.index(alike[0])]] if alike else []
    hint = _("did you mean {name}?", name=close[0]) if close else None
    message = _("'{name}' is not an article of {issue}", name=name, issue=issue.display_dir)
    return Problem("--only", None, message, hint)


def render_issue(checked: Checked) -> Rendered:
    """HTML, then PDF bytes, with the (1-based) page each element id first appears on."""
    from .html import render_html
    from .pdf import content_identifier
    from .printing import Padder, finisher, preparer
    from .resources import COLOR_DIR, FONTS_DIR
    from .weasy import RenderJob, render_pdf

    proof_of = checked.proof_of
    html = render_html(checked.issue, checked.layout, proof_of=proof_of)
    settings = checked.settings
    relayout = Padder(
        settings.pad_to, lambda n: render_html(checked.issue, checked.layout, pad_pages=n)
    )
    job = RenderJob(
        html=html,
        base_dir=checked.issue.dir,
        allowed_roots=[checked.issue.dir, *checked.layout.folders, FONTS_DIR, COLOR_DIR],
        display_dir=checked.issue.display_dir,
        identifier=settings.identifier(content_identifier(html)),
        pdf_options=settings.weasyprint_options(),
        stylesheets=settings.stylesheets(),
        relayout=None if proof_of else relayout,  # a proof has no back page to pad before
        finisher=finisher(settings),
        prepare=preparer(settings),
        read_boxes=True,
    )
    with pixel_limit(checked.layout.options.max_megapixels):
        rendered = render_pdf(job)
    render_errors = [problem for problem in rendered.warnings if problem.severity == "error"]
    if render_errors:  # a picture WeasyPrint could not load or draw: missing from the PDF
        raise RenderError(render_errors)
    page_problems = _page_problems(checked, rendered.laid_out)
    page_errors = [problem for problem in page_problems if problem.severity == "error"]
    if page_errors:
        raise ContentError(page_problems)
    rendered.warnings.extend(page_problems)
    laid_out = rendered.laid_out
    anchors = laid_out.anchors
    page_map = PageMap.read(checked.issue, anchors, laid_out.last_pages())
    return Rendered(rendered.data, rendered.pages, rendered.warnings, anchors, page_map)


def check_pages(checked: Checked) -> list[Problem]:
    """Lay out the pages without writing anything: the warnings found on them.

    Errors (a picture below 150 ppi) are raised as a ContentError.
    """
    return render_issue(checked).warnings


def _page_problems(checked: Checked, laid_out: LaidOut) -> list[Problem]:
    """After layout: overflow; for print, picture resolution and text near the trim."""
    from .images import resolution_problems
    from .pagechecks import layout_problems, trim_problems

    issue = checked.issue
    articles = {article.anchor: article.display_path for article in issue.articles()}
    problems = layout_problems(laid_out, articles, issue.display_dir)
    if checked.settings.edition == "print":
        problems += resolution_problems(laid_out, issue)
        problems += trim_problems(laid_out, issue.display_dir)
    return problems


def build_issue(
    issue_dir: Path,
    output: Path,
    *,
    display_dir: str | None = None,
    strict: bool = False,
    printing: PrintOptions | None = None,
    only: Sequence[str] | None = None,
    **layout_options: Any,
) -> Built:
    """Check, render and write the PDF atomically; nothing is written on any error.

    With ``only`` (article files), a proof of just those articles (see check_issue).
    """
    from .pdf import write_atomic

    started = time.perf_counter()
    checked = check_issue(
        issue_dir, display_dir=display_dir, printing=printing, only=only, **layout_options
    )
    rendered = render_issue(checked)
    warnings = checked.warnings + rendered.warnings
    if strict and warnings:
        raise ContentError(_as_errors(warnings))
    write_atomic(output, rendered.data)
    seconds = time.perf_counter() - started
    pages, first_pages = rendered.pages, rendered.first_pages
    return Built(
        output,
        pages,
        seconds,
        warnings,
        rendered.data,
        first_pages,
        checked.issue,
        rendered.page_map,
        checked.proof_of,
    )


def proof_pdf(
    pdf: Path,
    issue_dir: Path | None = None,
    *,
    display_dir: str | None = None,
    layout: str | None = None,
) -> Any:
    """Measure the clreq rules on ``pdf``; with an issue, also its text and TOC numbers.

    The TOC is looked for unless the issue's layout (or ``layout``, ``--layout``) prints
    none (``toc: none``)."""
    from .proof import proof_pdf as proof_geometry
    from .proof.issue import proof_issue

    if issue_dir is None:
        return proof_geometry(pdf)
    issue, _ = load_issue(issue_dir, display_dir=display_dir)
    found = load_layout(layout or issue.layout, issue_dir=issue.dir)
    body = length_pt(found.options.body_size)
    return proof_issue(pdf, issue, toc=found.options.toc != "none", body_size=body)


def _as_errors(warnings: list[Problem]) -> list[Problem]:
    return [
        Problem(w.path, w.line, w.message, w.hint or _("--strict turns warnings into errors"))
        for w in warnings
    ]
