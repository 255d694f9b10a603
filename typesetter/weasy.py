"""Import WeasyPrint once per process: hermetic fonts, the clreq engine, and fast.

WeasyPrint's ``text/ffi.py`` opens Pango, HarfBuzz and fontconfig by trying a list of
names per library; on Linux the first names are not sonames, and for each miss cffi asks
``ctypes.util.find_library``, which runs ``ldconfig``/``gcc`` in subprocesses: about half a
second of a cold build. The sonames further down each list load directly, so during the
import ``find_library`` answers "not found" at once; if that ever leaves a library
unloaded, the import is simply repeated the normal way.
"""

from __future__ import annotations

import ctypes.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from . import fonts


@contextmanager
def _no_library_search() -> Iterator[None]:
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


def load() -> None:
    """Import WeasyPrint with the vendored fonts only (idempotent)."""
    if "weasyprint.text.ffi" in sys.modules:
        return
    fonts.use_vendored_fonts()
    try:
        with _no_library_search():
            import weasyprint.text.ffi
    except (OSError, ImportError):
        for name in [name for name in sys.modules if name.startswith("weasyprint")]:
            del sys.modules[name]
        import weasyprint.text.ffi  # noqa: F401
