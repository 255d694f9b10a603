"""Chinese typography (W3C clreq §3.1–3.5): the rules, as plain computations on text.

- text preparation — :func:`prepare_text` (plain text) and :func:`prepare_fragment` (HTML
  we produced) normalise spaces and add a few ``zh-*`` spans (see
  ``layouts/newsletter/clreq.css``); the text itself is never changed otherwise;
- the character classes (chars.py) and the spacing and breaking rules (spacing.py)
  that the engine applies while WeasyPrint lays out lines.

Nothing here imports WeasyPrint or patches anything: the engine's hooks into WeasyPrint
are in :mod:`typesetter.weasy.clreq`, behind the one boundary around it.
"""

from __future__ import annotations

from .fragment import prepare_fragment
from .text import prepare_text

__all__ = ["prepare_fragment", "prepare_text"]
