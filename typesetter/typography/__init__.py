"""Chinese typography (W3C clreq §3.1–3.5) for WeasyPrint 70.0.

Two halves, used together:

- text preparation — :func:`prepare_text` (plain text) and :func:`prepare_fragment` (HTML
  we produced) normalise spaces and add a few ``zh-*`` spans (see
  ``layouts/newsletter/clreq.css``); the text itself is never changed otherwise;
- the engine — :func:`install` patches WeasyPrint's line breaking and justification so
  that Chinese lines are justified between characters, break by the clreq rules and
  compress adjacent punctuation, without adding a character to the PDF's text layer.
"""

from __future__ import annotations

from .fragment import prepare_fragment
from .text import prepare_text


def install() -> None:
    """Patch WeasyPrint 70.0 (idempotent); raise RenderError if its internals differ."""
    from .engine import install as install_engine

    install_engine()


__all__ = ["install", "prepare_fragment", "prepare_text"]
