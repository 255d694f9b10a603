"""Lay out HTML and write the PDF: the one render path of every PDF the project makes.

- Fonts: only the vendored ``fonts/`` (loader.py makes the font configuration).
- Fetching: only files inside the job's allowed folders (fetcher.py).
- Typography: the clreq engine on (``RenderJob.clreq``), or plain WeasyPrint to compare.
- Warnings WeasyPrint logs (an unloadable image, a missing font) become our Problems.
- The same input gives the same bytes: dates come from the HTML metadata, the PDF
  identifier and the XMP document ID from ``RenderJob.identifier``, and streams are
  compressed the same way in every process.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, RenderError
from ..i18n import N_, Translator
from . import guard, loader
from .boxes import LaidOut, read_pages
from .fetcher import make_fetcher

_ = Translator("layout")

FAST_SUBSET_HINT = N_(
    "WeasyPrint cannot find HarfBuzz's subsetter (libharfbuzz-subset0 >= 4.1): CJK font "
    "subsetting falls back to fontTools and a build takes ~10x longer. "
    "Install it: apt-get install libharfbuzz-subset0"
)


@dataclass
class RenderJob:
    """Everything WeasyPrint needs for one document."""

    html: str
    base_dir: Path
    allowed_roots: Sequence[Path]
    display_dir: str
    identifier: bytes
    pdf_options: dict[str, Any] = field(default_factory=dict)
    #: CSS given to WeasyPrint beside the HTML (e.g. the CMYK ``@color-profile``).
    stylesheets: Sequence[str] = ()
    #: Called with the page count after layout; returns new HTML to lay out, or None.
    relayout: Callable[[int], str | None] | None = None
    #: Post-processes the PDF objects before they are written (see finish.py).
    finisher: Callable[[Any, Any], None] | None = None
    #: Adjusts the parsed HTML tree before layout (e.g. figure alt text for PDF/UA).
    prepare: Callable[[Any], None] | None = None
    #: The clreq typography engine; off only to compare with plain WeasyPrint.
    clreq: bool = True
    #: Read the laid-out boxes (for the page checks), not only frames and anchors.
    read_boxes: bool = False


@dataclass
class RenderedPdf:
    """The PDF bytes, the number of pages, the warnings, and what the pages hold."""

    data: bytes
    pages: int
    warnings: list[Problem] = field(default_factory=list)
    laid_out: LaidOut = field(default_factory=LaidOut)


def warm_up() -> None:
    """Import WeasyPrint, configure the vendored fonts and install the typography engine."""
    loader.font_configuration()
    _engine(True)


def fast_subsetter_available() -> bool:
    loader.load()
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None and bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))


def _engine(on: bool) -> None:
    from .clreq import hooks

    if on:
        hooks.install()
    else:
        hooks.uninstall()


@contextmanager
def _render_settings(clreq: bool) -> Iterator[None]:
    """For one render: the clreq engine on (or off), streams compressed at our level.

    WeasyPrint is left as it was found, so a program that also uses it directly is not
    changed by our renders (``warm_up`` leaves the engine on, for the archive's workers).
    """
    from .clreq import breaks, hooks

    was = hooks.installed()
    _engine(clreq)
    try:
        with loader.compression():
            yield
    finally:
        breaks.LINES.forget()  # a line set ahead holds the document's styles and fonts
        if was != clreq:
            _engine(was)


def render_pdf(job: RenderJob) -> RenderedPdf:
    """Lay out and write the PDF; raise RenderError if a resource was refused or failed."""
    font_config = loader.font_configuration()
    fetcher = make_fetcher(job.allowed_roots)
    with _render_settings(job.clreq), _captured_warnings(job.display_dir) as warnings:
        document = _lay_out(job, job.html, fetcher, font_config)
        for _layout in range(3):  # padding settles in at most two more layouts
            html = job.relayout(len(document.pages)) if job.relayout else None
            if html is None:
                break
            document = _lay_out(job, html, fetcher, font_config)
        with _reproducible(job.identifier):
            data = document.write_pdf(
                pdf_identifier=job.identifier, finisher=job.finisher, **job.pdf_options
            )
        warnings[:] = list(dict.fromkeys(warnings))
    if fetcher.refused:
        raise RenderError(
            Problem(job.display_dir, None, _("refused to fetch {url}", url=url), reason)
            for url, reason in fetcher.refused
        )
    if not fast_subsetter_available():
        warnings.append(Problem("typesetter", None, _(FAST_SUBSET_HINT), severity="warning"))
    laid_out = read_pages(document, with_boxes=job.read_boxes)
    return RenderedPdf(data=data, pages=len(document.pages), warnings=warnings, laid_out=laid_out)


def _lay_out(job: RenderJob, html: str, fetcher: Any, font_config: Any) -> Any:
    from weasyprint import CSS, HTML

    base_url = job.base_dir.resolve().as_uri() + "/"
    profiles: dict[str, Any] = {}  # @color-profile rules of the stylesheets land here
    stylesheets = [
        CSS(string=css, url_fetcher=fetcher, color_profiles=profiles) for css in job.stylesheets
    ]
    document = HTML(string=html, base_url=base_url, url_fetcher=fetcher)
    if job.prepare is not None:
        job.prepare(document.etree_element)
    return document.render(
        font_config=font_config,
        color_profiles=profiles,
        stylesheets=stylesheets or None,
        **job.pdf_options,
    )


def _reproducible(identifier: bytes) -> AbstractContextManager[None]:
    """WeasyPrint's XMP document ID (PDF/X-4) derived from the content, not chance."""
    if not identifier:
        return nullcontext()
    digest = hashlib.md5(identifier, usedforsecurity=False).digest()
    return guard.patched(
        "weasyprint.pdf.metadata.uuid4", lambda: uuid.UUID(bytes=digest, version=4)
    )


class _ProblemHandler(logging.Handler):
    """WeasyPrint's log records as Problems: warnings, except a picture it could not load
    or draw, which would be missing from the PDF: an error, with the reason.

    (images.py checks every picture before rendering, so that should never happen.)
    """

    PICTURE_FAILURES = (
        "Failed to load image",
        "Failed to render SVG image",
        "Failed to load inline SVG",
    )

    def __init__(self, display_dir: str, sink: list[Problem]) -> None:
        super().__init__(level=logging.WARNING)
        self.display_dir = display_dir
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip().splitlines()[0]
        if message.startswith("refused:") or "refused: " in message:
            return  # reported as a RenderError with its reason
        if str(record.msg).startswith(self.PICTURE_FAILURES):
            self.sink.append(self._picture_failure(record))
            return
        self.sink.append(Problem(self.display_dir, None, message, severity="warning"))

    def _picture_failure(self, record: logging.LogRecord) -> Problem:
        """``the picture '/…/b.svg' could not be loaded: DecompressionBombError: …``.

        WeasyPrint logs these inside the ``except`` that caught the failure. Its own
        exception says nothing: the reason is in the ones it wraps (for a PNG named .svg,
        both why Pillow refused it and why it is no SVG).
        """
        import sys
        from urllib.parse import unquote, urlsplit

        args = record.args if isinstance(record.args, tuple) else ()
        url = str(args[0]) if args else "?"
        if url.startswith("file:"):
            shown = unquote(urlsplit(url).path)
        else:  # a data: URI may be megabytes long
            shown = url if len(url) <= 40 else f"{url[:32]}…"
        error = sys.exc_info()[1]
        if error is None and len(args) > 1 and isinstance(args[1], BaseException):
            error = args[1]
        reasons: list[str] = []
        seen: set[int] = set()
        chain = [error]  # WeasyPrint's own exception wraps the ones that say why
        while chain and len(reasons) < 2:
            cause = chain.pop(0)
            if cause is None or id(cause) in seen:
                continue
            seen.add(id(cause))
            text = str(cause).strip()
            if text:
                reasons.append(f"{type(cause).__name__}: {text.splitlines()[0][:200]}")
            chain += [cause.__context__, cause.__cause__]
        if not reasons and error is not None:
            reasons.append(type(error).__name__)
        drawn = "render" in str(record.msg)
        if reasons:
            reason = "; ".join(reasons)
            if drawn:
                message = _(
                    "the picture '{name}' could not be drawn: {reason}", name=shown, reason=reason
                )
            else:
                message = _(
                    "the picture '{name}' could not be loaded: {reason}", name=shown, reason=reason
                )
        elif drawn:
            message = _("the picture '{name}' could not be drawn", name=shown)
        else:
            message = _("the picture '{name}' could not be loaded", name=shown)
        return Problem(
            self.display_dir,
            None,
            message,
            _("it would be missing from the PDF; please report this, with the picture"),
        )


@contextmanager
def image_urls_named_as(prefix: str, name_as: str) -> Iterator[None]:
    """Name each picture whose URL starts with ``prefix + "/"`` in the PDF as if its URL
    started with ``name_as + "/"``: WeasyPrint names a picture by a hash of its URL, so a
    copy of a folder elsewhere (an archive worker's) gives the same bytes as the original."""
    original_md5 = guard.original("weasyprint.images.md5")
    start = prefix.encode() + b"/"

    def md5(data: bytes = b"", **options: Any) -> Any:
        if isinstance(data, bytes) and data.startswith(start):
            data = name_as.encode() + b"/" + data[len(start) :]
        return original_md5(data, **options)

    with guard.patched("weasyprint.images.md5", md5):
        yield


@contextmanager
def _captured_warnings(display_dir: str) -> Iterator[list[Problem]]:
    from weasyprint import LOGGER

    sink: list[Problem] = []
    handler = _ProblemHandler(display_dir, sink)
    LOGGER.addHandler(handler)
    previous = LOGGER.level
    LOGGER.setLevel(logging.WARNING)
    try:
        yield sink
    finally:
        LOGGER.removeHandler(handler)
        LOGGER.setLevel(previous)
