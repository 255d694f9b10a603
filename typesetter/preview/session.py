"""The preview's loop, in a thread of its own: watch → rebuild → publish, and again.

The state the page shows is published as a JSON object; each publication gets the next
``serial`` and wakes every waiting event stream. A rebuild that fails keeps the last good
PDF (and so its page images): the page shows those with the errors on top.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import Problem, printable
from .pages import PageImages
from .rebuild import Outcome, Rebuilder
from .watcher import Watcher

#: A problem's link: ``{path}`` is the file's absolute path, ``{line}`` its line (1 when
#: the problem has none). VS Code opens ``vscode://file/PATH:LINE`` links.
DEFAULT_EDITOR = "vscode://file/{path}:{line}"

#: Seconds between two scans of the watched files.
POLL = 0.1


class Session:
    """The last build's state and the loop that keeps it current."""

    def __init__(
        self,
        issue_dir: Path,
        display_dir: str,
        *,
        pdf: Path | None = None,
        layout: str | None = None,
        editor: str = DEFAULT_EDITOR,
        on_build: Callable[[Outcome], None] | None = None,
        poll: float = POLL,
    ) -> None:
        self.rebuilder = Rebuilder(issue_dir, display_dir, pdf, layout)
        self.watcher = Watcher([issue_dir])
        self.display_dir = display_dir
        self.editor = editor
        self.on_build = on_build
        self.poll = poll
        self.cwd = Path.cwd()
        self.images: PageImages | None = None  # the last good build's pages
        self._changed = threading.Condition()
        self._serial = 0
        self._closing = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="preview-rebuild", daemon=True)
        self._state: dict[str, Any] = {
            "issue": printable(display_dir),
            "version": 0,  # rebuilds so far
            "building": True,
            "ok": None,
            "good_version": 0,  # the rebuild the pages come from (0: none yet)
            "good_time": None,
            "pages": 0,
            "seconds": None,
            "problems": [],
        }

    # --- the loop ----------------------------------------------------------------------

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        """End the loop (after a rebuild in progress) and every waiting event stream."""
        self._stop.set()
        with self._changed:
            self._closing = True
            self._changed.notify_all()
        if self._thread.is_alive():
            self._thread.join()
        if self.images is not None:
            self.images.close()

    def _loop(self) -> None:
        seen: dict[str, tuple[int, int, int]] | None = None
        while not self._stop.is_set():
            now = self.watcher.scan()
            if now == seen:
                self._stop.wait(self.poll)
                continue
            seen = now if seen is None else self.watcher.settled(now)
            self._update(building=True)
            outcome = self.rebuilder.rebuild()
            added = self.watcher.watch(outcome.folders)
            if added:  # the layout's folders: watched from now on
                seen.update(self.watcher.scan(added))
            self._finish(outcome)
            if self.on_build is not None:
                with contextlib.suppress(OSError):  # a closed terminal: keep serving
                    self.on_build(outcome)

    def _finish(self, outcome: Outcome) -> None:
        version = self._state["version"] + 1
        changes: dict[str, Any] = {
            "version": version,
            "building": False,
            "ok": outcome.ok,
            "seconds": round(outcome.seconds, 2),
            "problems": [self._problem(problem) for problem in _sorted(outcome.problems)],
        }
        old = None
        if outcome.ok:
            old, self.images = self.images, PageImages(outcome.data)
            changes.update(
                good_version=version, good_time=time.strftime("%H:%M:%S"), pages=outcome.pages
            )
        self._update(**changes)
        if old is not None:
            old.close()

    # --- the state, for the server -------------------------------------------------------

    def state(self) -> tuple[int, dict[str, Any]]:
        """The current serial and state."""
        with self._changed:
            return self._serial, dict(self._state)

    def wait(self, serial: int, timeout: float) -> tuple[int, dict[str, Any]] | None:
        """The state once its serial is past ``serial`` (at once if it is already); None
        after ``timeout`` seconds without a change; raises EOFError when closing."""
        with self._changed:
            self._changed.wait_for(lambda: self._closing or self._serial > serial, timeout)
            if self._closing:
                raise EOFError
            if self._serial <= serial:
                return None
            return self._serial, dict(self._state)

    def page(self, version: int, number: int) -> bytes | None:
        """The PNG of page ``number`` of the good build ``version``, or None: no such page,
        or that build's pages have been replaced since."""
        with self._changed:
            images = self.images if self._state["good_version"] == version else None
        return images.png(number) if images is not None else None

    def _update(self, **changes: Any) -> None:
        with self._changed:
            self._state.update(changes)
            self._serial += 1
            self._changed.notify_all()

    def _problem(self, problem: Problem) -> dict[str, Any]:
        place = problem.path if problem.line is None else f"{problem.path}:{problem.line}"
        return {
            "severity": problem.severity,
            "place": printable(place),
            "message": printable(problem.message),
            "hint": printable(problem.hint) if problem.hint else None,
            "text": str(problem),
            "href": self._link(problem),
        }

    def _link(self, problem: Problem) -> str | None:
        """The editor link of the problem's file (None when it names no file)."""
        if not self.editor:
            return None
        path = os.path.abspath(os.path.join(self.cwd, problem.path))
        if not os.path.isfile(path):
            return None
        line = str(problem.line or 1)
        return self.editor.replace("{path}", quote(path, safe="/:\\")).replace("{line}", line)


def _sorted(problems: list[Problem]) -> list[Problem]:
    """Errors first, then by file and line (as the command line prints them)."""
    return sorted(problems, key=lambda p: (p.severity != "error", p.path, p.line or 0))
