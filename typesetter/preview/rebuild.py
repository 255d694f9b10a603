"""One rebuild, in this process: WeasyPrint and the fonts stay loaded between rebuilds.

The same stages as ``typesetter build`` (``check_issue``, then ``render_issue``); any
error is caught and kept as problems, so the preview never stops on a bad save. With an
output path (``preview --pdf FILE``) each good PDF is also written there atomically.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Problem, TypesetterError
from ..i18n import Translator
from ..pdf import WriteError, write_atomic
from ..pipeline import check_issue, render_issue

_ = Translator("preview")


@dataclass
class Outcome:
    """What one rebuild gave: the PDF (empty when it failed) and every problem found."""

    ok: bool
    problems: list[Problem] = field(default_factory=list)
    data: bytes = b""
    pages: int = 0
    seconds: float = 0.0
    #: The layout's folders, to be watched too (empty when the layout was not loaded).
    folders: tuple[Path, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]


class Rebuilder:
    """Rebuilds ``issue_dir`` on request; messages name its files under ``display_dir``."""

    def __init__(
        self,
        issue_dir: Path,
        display_dir: str,
        pdf: Path | None = None,
        layout: str | None = None,
    ) -> None:
        self.issue_dir = issue_dir
        self.display_dir = display_dir
        self.pdf = pdf
        self.layout = layout  # build --layout: in place of issue.yaml's

    def rebuild(self) -> Outcome:
        started = time.perf_counter()
        warnings: list[Problem] = []
        folders: tuple[Path, ...] = ()
        try:
            checked = check_issue(
                self.issue_dir, display_dir=self.display_dir, layout=self.layout
            )
            warnings, folders = list(checked.warnings), tuple(checked.layout.folders)
            rendered = render_issue(checked)
        except TypesetterError as error:
            problems = warnings + error.problems
            return Outcome(False, problems, seconds=_since(started), folders=folders)
        except Exception as error:  # a bug of ours: say so on the page, keep previewing
            message = _("internal error: {kind}: {error}", kind=type(error).__name__, error=error)
            problem = Problem(self.display_dir, None, message, _("please report it"))
            return Outcome(False, [*warnings, problem], seconds=_since(started), folders=folders)
        problems = warnings + rendered.warnings
        if self.pdf is not None:
            try:
                write_atomic(self.pdf, rendered.data)
            except WriteError as error:  # the pages are still good: show them, and this
                problems.append(error.problem())
        return Outcome(True, problems, rendered.data, rendered.pages, _since(started), folders)


def _since(started: float) -> float:
    return time.perf_counter() - started
