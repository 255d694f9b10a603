"""The sandboxed URL fetcher: ``file:`` URLs inside the allowed folders, nothing else.

A build allows the issue folder, the layout's folder and the folders of the layouts it
extends (a logo, a background, fonts kept with the layout), the vendored fonts and the
colour profiles (typesetter.pipeline.render_issue).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Sequence
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from ..i18n import Translator

_ = Translator("layout")


def make_fetcher(roots: Sequence[Path]) -> Any:
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
                return self._refuse(url, _("only files inside the issue folder are used"))
            path = Path(unquote(parts.path)).resolve()
            if not any(path.is_relative_to(root) for root in self.roots):
                allowed = ", ".join(str(root) for root in self.roots)
                reason = _("only files in these folders are read: {folders}", folders=allowed)
                return self._refuse(url, reason)
            if not path.is_file():
                reason = _(
                    "no such file: {path}; a template names a file of its layout as "
                    "{{{{ layout_file('NAME') }}}}",
                    path=path,
                )
                return self._refuse(url, reason)
            return path

        def _refuse(self, url: str, reason: str) -> Path:
            """Record why ``url`` is refused (in the user's language), and refuse it."""
            self.refused.append((url, reason))
            # WeasyPrint logs this; the log handler drops it (reported with its reason).
            raise ValueError(f"refused: {url} ({reason})")

    return SandboxFetcher()
