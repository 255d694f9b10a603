"""The web edition of an issue, and the archive as a static site.

    built = build_web(Path("content/2023-17"), Path("web"))   # typesetter build --format html
    built.pages, built.files, built.seconds

- :mod:`.edition` renders the pages with the layout's web templates (``layouts/*/web/``);
- :mod:`.fonts` subsets the vendored faces to the pages' characters, as WOFF2;
- :mod:`.pictures` copies and sizes the pictures;
- :mod:`.write` writes the edition folder atomically;
- :mod:`.site` writes the archive site (``typesetter archive --site``) and
  :mod:`.search` its full-text index (Pagefind).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ContentError, Problem
from .edition import Edition, SiteContext, render_edition
from .write import check_edition_output, write_folder

__all__ = ["Edition", "SiteContext", "WebBuilt", "build_web", "render_edition"]


@dataclass
class WebBuilt:
    """What ``build --format html`` wrote."""

    output: Path
    pages: int
    files: int
    bytes: int
    seconds: float
    warnings: list[Problem] = field(default_factory=list)


def build_web(
    issue_dir: Path,
    output: Path,
    *,
    display_dir: str | None = None,
    strict: bool = False,
    **layout_options: Any,
) -> WebBuilt:
    """Check the issue as ``build`` does, render its web edition and write it into the
    folder ``output`` (replacing the edition there); nothing is written on any error."""
    from ..pipeline import _as_errors, check_issue

    started = time.perf_counter()
    check_edition_output(output, issue_dir)
    checked = check_issue(issue_dir, display_dir=display_dir, **layout_options)
    if strict and checked.warnings:
        raise ContentError(_as_errors(checked.warnings))
    edition = render_edition(checked.issue, checked.layout)
    write_folder(output, edition.files, {"issue": checked.issue.dir.name, "kind": "edition"})
    size = sum(len(data) for data in edition.files.values())
    seconds = time.perf_counter() - started
    return WebBuilt(output, len(edition.pages), len(edition.files), size, seconds, checked.warnings)
