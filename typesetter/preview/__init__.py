"""``typesetter preview ISSUE_DIR``: the issue's pages in a browser, rebuilt on every save.

One module per job:

- :mod:`.watcher` notices a saved change (polling the files' sizes and times);
- :mod:`.rebuild` rebuilds in this warm process (``check_issue`` + ``render_issue``) and
  keeps the last good PDF;
- :mod:`.pages` turns that PDF's pages into PNG images (pypdfium2, no external program);
- :mod:`.session` runs the loop — watch, rebuild, publish — in a thread of its own;
- :mod:`.server` serves the page, the images and the Server-Sent Events on 127.0.0.1;
- :mod:`.page` is the page itself (HTML, CSS and a little JavaScript).
"""

from __future__ import annotations

from .rebuild import Outcome
from .server import PreviewServer, start_preview

__all__ = ["Outcome", "PreviewServer", "start_preview"]
