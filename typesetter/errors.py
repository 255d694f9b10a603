"""The exceptions the pipeline raises; only the CLI turns them into messages and exit codes.

A :class:`Problem` is one thing wrong (or worth a warning) at a place in the user's files.
Stages collect every problem they find and raise one :class:`ContentError` holding all of
them, so an editor sees everything at once.

Every message is printed through :func:`printable`: a file name, a YAML key or a PDF's text
quoted in a message cannot move the cursor, retitle the terminal or reverse what follows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from .i18n import Translator

_ = Translator("cli")

Severity = Literal["error", "warning"]

#: Characters a message never prints as they are: C0 controls (newlines and tabs too: one
#: problem is one line), DEL, C1 controls, the bidi marks, embeddings, overrides and
#: isolates, the Unicode line and paragraph separators, and lone surrogates.
_OTHERS = r"\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff"
UNPRINTABLE = re.compile(rf"[\x00-\x1f{_OTHERS}]")
#: What :func:`json.dumps` leaves as it is of those (it escapes C0 controls in strings).
_JSON_UNPRINTABLE = re.compile(rf"[{_OTHERS}]")
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char) or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


def printable(text: str) -> str:
    """``text`` safe to print on a terminal, on one line: every character of
    :data:`UNPRINTABLE` is shown as a Python escape (ESC as ``\\x1b``, U+202E as
    ``\\u202e``, a newline as ``\\n``); Chinese and all other printable text is unchanged."""
    return UNPRINTABLE.sub(_escape, text)


def printable_json(text: str) -> str:
    """JSON text written by ``json.dumps(..., ensure_ascii=False)`` made safe to print: the
    characters of :data:`UNPRINTABLE` it leaves as they are become ``\\uXXXX`` escapes,
    which JSON reads back as the same characters."""
    return _JSON_UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


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
        text = self.message + _(" ({hint})", hint=self.hint) if self.hint else self.message
        if self.severity == "warning":
            text = _("warning: {message}", message=text)
        return printable(f"{place}: {text}")


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


class UsageError(TypesetterError):
    """A command-line option has a value the typesetter cannot use: the CLI reports it as a
    usage error (exit 2). Each problem's ``path`` names the option (``--layout``)."""
