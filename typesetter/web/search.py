"""Full-text search of the archive site: a static Pagefind index.

Pagefind (PyPI ``pagefind``, with ``pagefind-bin-extended``: the extended binary segments
Chinese text into words) indexes the article pages of every web edition — the
``<article data-pagefind-body>`` of each — into ``OUT/pagefind/``, with the search page's
script and styles. The site's ``search.html`` loads them: searching needs no server
software, only files (a browser fetches them; from ``file://`` Chromium refuses, so open
the folder through any static server, e.g. ``python3 -m http.server -d OUT``).

The index is written beside the site, then takes the old one's place by renames.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem
from ..i18n import Translator

_ = Translator("layout")

#: The folder of the index in the site, and the pages indexed (every edition's articles).
INDEX_DIR = "pagefind"
PAGES_GLOB = "*/articles/*.html"


@dataclass
class Indexed:
    """What the indexing did."""

    pages: int
    seconds: float


def search_available() -> bool:
    """Whether Pagefind and its extended binary are installed."""
    try:
        from pagefind_bin_extended import get_executable
    except ImportError:
        return False
    return Path(get_executable()).is_file()


def index_site(out_dir: Path) -> Indexed:
    """Index the article pages under ``out_dir`` into ``out_dir/pagefind/``.

    :class:`SearchError` when Pagefind is missing or fails.
    """
    if not search_available():
        raise SearchError(
            _("Pagefind's extended binary is not installed: the site has no search"),
            _("pip install 'typesetter[site]' (pagefind and pagefind-bin-extended)"),
        )
    started = time.perf_counter()
    temporary = Path(tempfile.mkdtemp(prefix=f".{INDEX_DIR}.", dir=out_dir))
    try:
        pages = asyncio.run(_index(out_dir, temporary))
        os.chmod(temporary, 0o755)
        old = out_dir / INDEX_DIR
        if old.exists():
            retired = Path(tempfile.mkdtemp(prefix=f".{INDEX_DIR}.old.", dir=out_dir))
            os.replace(old, retired / INDEX_DIR)
            shutil.rmtree(retired, ignore_errors=True)
        os.replace(temporary, old)
    except SearchError:
        raise
    except Exception as error:  # the service's errors are plain exceptions
        message = _("Pagefind could not index the site ({reason})", reason=error)
        raise SearchError(message, None) from error
    finally:
        shutil.rmtree(temporary, ignore_errors=True)
    return Indexed(pages, time.perf_counter() - started)


async def _index(out_dir: Path, output: Path) -> int:
    from pagefind.index import IndexConfig, PagefindIndex

    config = IndexConfig(output_path=str(output))
    async with PagefindIndex(config=config) as index:
        added = await index.add_directory(str(out_dir), glob=PAGES_GLOB)
    return int(added.get("page_count", 0)) if isinstance(added, dict) else 0


class SearchError(Exception):
    """The search index could not be written."""

    def __init__(self, message: str, hint: str | None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def problem(self, out_dir: Path) -> Problem:
        return Problem(str(out_dir / INDEX_DIR), None, self.message, self.hint)
