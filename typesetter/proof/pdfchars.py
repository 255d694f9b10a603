"""Read the positioned characters of a PDF's text layer, page by page.

pdfminer.six (the engine under pdfplumber) is driven with a minimal device that records
each glyph's text, font, size and advance box. It gives the same coordinates as
``pdfplumber``'s ``chars`` (origin at the top left of the MediaBox, y downwards) at a fifth
of the cost, which keeps a 24-page proof well under a second of extraction.

Reading is bounded (``pdflimits``): a PDF's streams may decompress to 64 MiB in all. A file
past that, an encrypted one and a broken one are errors naming the file.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pdfminer.pdfdevice import PDFTextDevice
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdffont import PDFFont
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1
from pdfminer.utils import Matrix, apply_matrix_pt

from typesetter.errors import Problem, TypesetterError
from typesetter.i18n import Translator
from typesetter.proof.pdflimits import DecodeBudget, PDFLimitError, decoding_limit

_ = Translator("proof")

_SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
#: A filled or stroked path at most this wide (pt) and taller than it is a vertical rule.
RULE_WIDTH = 3.0


@cache
def _font_name(name: str) -> str:
    """The font's name without the subset tag (``ABCDEF+``)."""
    return _SUBSET_PREFIX.sub("", name)


@dataclass(frozen=True)
class Glyph:
    """One drawn character. Coordinates in points, from the page's top left, y downwards."""

    text: str
    font: str
    size: float
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    upright: bool = True
    char: str = field(default="", compare=False)  # the first character (ligatures map to several)

    def __post_init__(self) -> None:
        object.__setattr__(self, "char", self.text[:1])


@dataclass(frozen=True)
class Box:
    """A page box (MediaBox, TrimBox…) in the glyphs' coordinates."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class Rule:
    """A thin vertical stroke or filled rectangle: a table's column border."""

    x: float
    top: float
    bottom: float


@dataclass(frozen=True)
class Picture:
    """A raster image drawn on the page: its box, in the glyphs' coordinates."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True)
class PageGlyphs:
    number: int  # 1-based
    width: float
    height: float
    box: Box  # TrimBox if present, else CropBox (which defaults to the MediaBox)
    glyphs: tuple[Glyph, ...]
    rules: tuple[Rule, ...] = ()  # vertical rules (table borders)
    pictures: tuple[Picture, ...] = ()  # raster images (a vector picture is only paths)


class _Recorder(PDFTextDevice):
    """A pdfminer device that only records glyphs (no layout analysis)."""

    def __init__(self, rsrcmgr: PDFResourceManager) -> None:
        super().__init__(rsrcmgr)
        self.glyphs: list[Glyph] = []
        self.rules: list[Rule] = []
        self.pictures: list[Picture] = []
        self.page_left = 0.0
        self.page_top = 0.0

    def render_char(
        self,
        matrix: Matrix,
        font: PDFFont,
        fontsize: float,
        scaling: float,
        rise: float,
        cid: int,
        ncs: Any,
        graphicstate: Any,
    ) -> float:
        try:
            text = font.to_unichr(cid)
        except Exception:  # pdfminer raises several kinds for unmapped glyphs
            text = "\ufffd"
        advance = float(font.char_width(cid)) * fontsize * scaling
        a, b, c, d, e, f = matrix
        if text:
            self.glyphs.append(self._glyph(text, font, fontsize, rise, advance, (a, b, c, d, e, f)))
        return advance

    def render_image(self, name: str, stream: Any) -> None:
        """An image XObject fills the unit square of the current transformation."""
        if self.ctm is None:
            return
        corners = [apply_matrix_pt(self.ctm, p) for p in ((0, 0), (0, 1), (1, 0), (1, 1))]
        xs = [x - self.page_left for x, _ in corners]
        ys = [self.page_top - y for _, y in corners]
        self.pictures.append(Picture(min(xs), min(ys), max(xs), max(ys)))

    def paint_path(
        self,
        graphicstate: Any,
        stroke: bool,
        fill: bool,
        evenodd: bool,
        path: Sequence[tuple[Any, ...]],
    ) -> None:
        if not (stroke or fill) or self.ctm is None:
            return
        points = [apply_matrix_pt(self.ctm, seg[-2:]) for seg in path if len(seg) >= 3]
        if not points:
            return
        xs = [x - self.page_left for x, _ in points]
        ys = [self.page_top - y for _, y in points]
        if max(xs) - min(xs) <= RULE_WIDTH < max(ys) - min(ys):
            self.rules.append(Rule((max(xs) + min(xs)) / 2, min(ys), max(ys)))

    def _glyph(
        self,
        text: str,
        font: PDFFont,
        fontsize: float,
        rise: float,
        advance: float,
        matrix: tuple[float, float, float, float, float, float],
    ) -> Glyph:
        a, b, c, d, e, f = matrix
        size = fontsize * abs(d) if d else fontsize * abs(b)
        descent = float(font.get_descent()) * fontsize
        baseline = self.page_top - (f + rise * d)
        bottom = baseline - descent * d
        name = _font_name(str(font.fontname))
        return Glyph(
            text=text,
            font=name,
            size=round(size, 3),
            x0=e - self.page_left,
            x1=e - self.page_left + advance * a,
            top=bottom - fontsize * d,
            bottom=bottom,
            baseline=baseline,
            upright=abs(b) < 1e-6 and abs(c) < 1e-6 and a > 0 and d > 0,
        )


def _rect(page: PDFPage, name: str) -> tuple[float, float, float, float] | None:
    value = resolve1(page.attrs.get(name))
    if not isinstance(value, list) or len(value) != 4:
        return None
    x0, y0, x1, y1 = (float(resolve1(v)) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _page_box(page: PDFPage, left: float, top: float) -> Box:
    """TrimBox if the page has one, else CropBox, else MediaBox, in glyph coordinates."""
    x0, y0, x1, y1 = _rect(page, "TrimBox") or _rect(page, "CropBox") or tuple(page.mediabox)
    return Box(x0=x0 - left, top=top - y1, x1=x1 - left, bottom=top - y0)


def read_pages(pdf: Path) -> Iterator[PageGlyphs]:
    """Yield every page's glyphs, in page order."""
    logging.getLogger("pdfminer").setLevel(logging.ERROR)
    try:
        handle = pdf.open("rb")
    except OSError as error:
        message = _("cannot read PDF: {error}", error=error)
        raise TypesetterError([Problem(str(pdf), None, message)]) from error
    budget = DecodeBudget()
    with handle:
        try:
            with decoding_limit(budget):
                document = PDFDocument(PDFParser(handle))
                manager = PDFResourceManager(caching=True)
                device = _Recorder(manager)
                interpreter = PDFPageInterpreter(manager, device)
                pages = enumerate(PDFPage.create_pages(document), start=1)
            while True:
                with decoding_limit(budget):  # each page decodes its streams in here
                    numbered = next(pages, None)
                    if numbered is None:
                        break
                    glyphs = _read_page(*numbered, device, interpreter)
                    budget.charge(0)  # raises if pdfminer swallowed an error past the budget
                yield glyphs
        except TypesetterError:
            raise
        except Exception as error:  # pdfminer signals broken files with many exception types
            raise TypesetterError([_unreadable(pdf, error)]) from error


def _unreadable(pdf: Path, error: Exception) -> Problem:
    """The problem of a PDF the proof cannot read, saying why."""
    path = str(pdf)
    if isinstance(error, PDFPasswordIncorrect):
        message = _("cannot read the PDF: it is protected by a password")
        return Problem(path, None, message, _("proof the file before it is encrypted"))
    if isinstance(error, PDFEncryptionError):
        why = str(error) or _("it is encrypted in a way pdfminer cannot read")
        message = _("cannot read the PDF: {why}", why=why)
        return Problem(path, None, message, _("proof the file before it is encrypted"))
    if isinstance(error, PDFLimitError):
        return Problem(path, None, str(error), _("is the file damaged?"))
    why = str(error) or type(error).__name__
    return Problem(path, None, _("not a readable PDF: {why}", why=why))


def _read_page(
    number: int, page: PDFPage, device: _Recorder, interpreter: PDFPageInterpreter
) -> PageGlyphs:
    mx0, my0, mx1, my1 = page.mediabox
    device.page_left = min(mx0, mx1)
    device.page_top = max(my0, my1)
    device.glyphs = []
    device.rules = []
    device.pictures = []
    interpreter.process_page(page)
    return PageGlyphs(
        number=number,
        width=abs(mx1 - mx0),
        height=abs(my1 - my0),
        box=_page_box(page, device.page_left, device.page_top),
        glyphs=tuple(device.glyphs),
        rules=tuple(device.rules),
        pictures=tuple(device.pictures),
    )
