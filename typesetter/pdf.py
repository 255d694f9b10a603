"""Render the issue's HTML into PDF bytes with WeasyPrint, safely and reproducibly.

- Fonts: only the vendored ``fonts/`` (a fontconfig configuration that sees nothing else).
- Fetching: only files inside the issue folder, the layout folders and ``fonts/``.
- Warnings WeasyPrint logs (an unloadable image, a missing font) become our Problems.
- The same input gives the same bytes: dates come from the HTML metadata (the issue date)
  and the PDF identifier from the content.
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from . import typography, weasy
from .errors import Problem, RenderError

if TYPE_CHECKING:
    from weasyprint import Document
    from weasyprint.text.fonts import FontConfiguration

FAST_SUBSET_HINT = (
    "WeasyPrint cannot find HarfBuzz's subsetter (libharfbuzz-subset0 >= 4.1): CJK font "
    "subsetting falls back to fontTools and a build takes ~10x longer. "
    "Install it: apt-get install libharfbuzz-subset0"
)


@dataclass
class RenderedPdf:
    """The PDF bytes, the number of pages and the warnings met on the way."""

    data: bytes
    pages: int
    warnings: list[Problem] = field(default_factory=list)
    document: Any = None


@dataclass
class RenderJob:
    """Everything WeasyPrint needs for one issue."""

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
    #: Post-processes the PDF objects before they are written (see typesetter.printing).
    finisher: Callable[[Any, Any], None] | None = None
    #: Adjusts the parsed HTML tree before layout (e.g. figure alt text for PDF/UA).
    prepare: Callable[[Any], None] | None = None


_font_config: FontConfiguration | None = None


def _weasyprint_font_config() -> FontConfiguration:
    """One FontConfiguration per process, reused across renders (the archive's case)."""
    global _font_config
    if _font_config is None:
        weasy.load()
        from weasyprint.text.fonts import FontConfiguration

        _font_config = FontConfiguration()
    typography.install()  # idempotent; every render needs the engine in place
    return _font_config


def warm_up() -> None:
    """Import WeasyPrint, configure the vendored fonts and install the typography engine."""
    _weasyprint_font_config()


def fast_subsetter_available() -> bool:
    weasy.load()
    from weasyprint.text import ffi

    return ffi.harfbuzz_subset is not None and bool(ffi.harfbuzz.hb_version_atleast(4, 1, 0))


def render_pdf(job: RenderJob) -> RenderedPdf:
    """Lay out and write the PDF; raise RenderError if a resource was refused or failed."""
    font_config = _weasyprint_font_config()
    fetcher = _make_fetcher(job.allowed_roots)
    with _captured_warnings(job.display_dir) as warnings:
        document = _lay_out(job, job.html, fetcher, font_config)
        for _ in range(3):  # padding settles in at most two more layouts
            html = job.relayout(len(document.pages)) if job.relayout else None
            if html is None:
                break
            document = _lay_out(job, html, fetcher, font_config)
        with _reproducible(job):
            data = document.write_pdf(
                pdf_identifier=job.identifier, finisher=job.finisher, **job.pdf_options
            )
        warnings[:] = list(dict.fromkeys(warnings))
    if fetcher.refused:
        raise RenderError(
            Problem(job.display_dir, None, f"refused to fetch {url}", reason)
            for url, reason in fetcher.refused
        )
    if not fast_subsetter_available():
        warnings.append(Problem("typesetter", None, FAST_SUBSET_HINT, severity="warning"))
    return RenderedPdf(data=data, pages=len(document.pages), warnings=warnings, document=document)


def _lay_out(job: RenderJob, html: str, fetcher: Any, font_config: Any) -> Document:
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


def _reproducible(job: RenderJob) -> AbstractContextManager[None]:
    from .printing import reproducible_ids

    return reproducible_ids(job.identifier)


def content_identifier(html: str) -> bytes:
    """A PDF document ID derived from the content: same input, same ID."""
    return hashlib.md5(html.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader (or a killed run) sees either the old complete file or the new one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _make_fetcher(roots: Sequence[Path]) -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class SandboxFetcher(URLFetcher):  # type: ignore[misc]
        """Fetch ``file:`` URLs inside the allowed folders; refuse everything else."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)
            self.roots = [root.resolve() for root in roots]
            self.refused: list[tuple[str, str]] = []

        def fetch(self, url: str, headers: Any = None) -> Any:
            path = self._allowed_path(url)
            mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(
                path.as_uri(), body=path.read_bytes(), headers={"Content-Type": mime}
            )

        def _allowed_path(self, url: str) -> Path:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                return self._refuse(url, "only files inside the issue folder are used")
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                return self._refuse(url, "the path is outside the issue folder")
            if not path.is_file():
                return self._refuse(url, "no such file")
            return path

        def _refuse(self, url: str, reason: str) -> Path:
            self.refused.append((url, reason))
            raise ValueError(f"refused: {url} ({reason})")

    return SandboxFetcher()


class _ProblemHandler(logging.Handler):
    def __init__(self, display_dir: str, sink: list[Problem]) -> None:
        super().__init__(level=logging.WARNING)
        self.display_dir = display_dir
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage().strip().splitlines()[0]
        if message.startswith("refused:") or "refused: " in message:
            return  # reported as a RenderError with its reason
        self.sink.append(Problem(self.display_dir, None, message, severity="warning"))


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
