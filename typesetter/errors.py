"""The exceptions the pipeline raises; only the CLI turns them into messages and exit codes.

A :class:`Problem` is one thing wrong (or worth a warning) at a place in the user's files.
Stages collect every problem they find and raise one :class:`ContentError` holding all of
them, so an editor sees everything at once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding, printed as ``PATH:LINE: message (hint)``."""

    path: str
    line: int | None
    message: str
    hint: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        place = self.path if self.line is None else f"{self.path}:{self.line}"
        label = "warning: " if self.severity == "warning" else ""
        hint = f" ({self.hint})" if self.hint else ""
        return f"{place}: {label}{self.message}{hint}"


class TypesetterError(Exception):
    """Base of every error the typesetter reports to the user."""

    def __init__(self, problems: Iterable[Problem] | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(path="typesetter", line=None, message=problems)]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ContentError(TypesetterError):
    """The issue's content (YAML, Markdown, images, characters) is wrong."""


class LayoutError(TypesetterError):
    """The layout (layout.yaml, templates, CSS) is wrong or missing."""


class RenderError(TypesetterError):
    """Rendering the PDF failed (WeasyPrint, fonts, fetching a resource)."""
