"""The one boundary around WeasyPrint.

Every import of WeasyPrint (and of pydyf, its PDF writer), every patch and every read of
its private objects lives in this package; the rest of typesetter sees plain data:

- :func:`render_pdf` lays out a :class:`RenderJob` and writes the PDF — the one render
  path of the project, tests included (``clreq=False`` for plain WeasyPrint);
- :class:`LaidOut` is what the pages hold afterwards (boxes.py), for the page checks;
- :func:`finisher` fixes what WeasyPrint's PDF lacks for print (finish.py).

Inside: ``loader.py`` imports WeasyPrint and makes its font configuration (our fonts
only, whatever was imported first), ``guard.py`` checks every internal we patch or rely
on and keeps the one table of originals, ``clreq/`` hooks the typography engine
(``typesetter.typography`` holds its rules) into line breaking and justification, and
``fetcher.py`` is the sandboxed URL fetcher. Importing this package imports no WeasyPrint.
"""

from __future__ import annotations

from .boxes import Frame, LaidOut, Placed, iter_pages
from .finish import FOGRA39, OutputCondition, finisher
from .render import (
    RenderedPdf,
    RenderJob,
    fast_subsetter_available,
    image_urls_named_as,
    render_pdf,
    warm_up,
)

__all__ = [
    "FOGRA39",
    "Frame",
    "LaidOut",
    "OutputCondition",
    "Placed",
    "RenderJob",
    "RenderedPdf",
    "fast_subsetter_available",
    "finisher",
    "image_urls_named_as",
    "iter_pages",
    "render_pdf",
    "warm_up",
]
