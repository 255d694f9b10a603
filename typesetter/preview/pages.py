"""The PDF's pages as PNG images, drawn by PDFium (pypdfium2): no external program.

Pages are drawn when first asked for and kept: the browser asks for the ones on screen
first. PDFium is not thread-safe, so every call into it holds one lock; the PNG encoding
(Pillow, which releases the GIL while compressing) runs outside it.
"""

from __future__ import annotations

import io
import threading
from typing import Any

#: 1.5 × 72 = 108 pixels per inch: an A4 page is 893 pixels wide.
SCALE = 1.5

_PDFIUM = threading.Lock()


class PageImages:
    """The pages of one PDF, as PNG bytes on demand (1-based page numbers)."""

    def __init__(self, data: bytes, scale: float = SCALE) -> None:
        self.data = data
        self.scale = scale
        self._document: Any = None
        self._closed = False
        self._cache: dict[int, bytes] = {}
        self._cache_lock = threading.Lock()

    def png(self, number: int) -> bytes | None:
        """Page ``number`` as a PNG, or None when there is no such page (or it was closed)."""
        with self._cache_lock:
            if number in self._cache:
                return self._cache[number]
        image = self._draw(number)
        if image is None:
            return None
        buffer = io.BytesIO()
        image.save(buffer, "PNG", compress_level=1)
        png = buffer.getvalue()
        with self._cache_lock:
            self._cache[number] = png
        return png

    def _draw(self, number: int) -> Any:
        import pypdfium2

        with _PDFIUM:
            if self._closed:
                return None
            if self._document is None:
                self._document = pypdfium2.PdfDocument(self.data)
            if not 1 <= number <= len(self._document):
                return None
            page = self._document[number - 1]
            bitmap = page.render(scale=self.scale)
            try:  # a copy: the bitmap's memory is freed here, under the lock
                return bitmap.to_pil().copy()
            finally:
                bitmap.close()
                page.close()

    def close(self) -> None:
        """Free PDFium's copy of the document; later requests get None."""
        with _PDFIUM:
            self._closed = True
            if self._document is not None:
                self._document.close()
                self._document = None
