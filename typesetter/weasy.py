"""Import WeasyPrint once per process: hermetic fonts, and fast.

Three things make a cold ``typesetter build`` slower than it needs to be, all at import:

- WeasyPrint's ``text/ffi.py`` opens Pango, HarfBuzz and fontconfig by trying a list of
  names per library; on Linux the first names are not sonames, and for each miss cffi
  asks ``ctypes.util.find_library``, which runs ``ldconfig``/``gcc`` in subprocesses:
  about half a second. The sonames further down each list load directly, so during the
  import ``find_library`` answers "not found" at once; if that ever leaves a library
  unloaded, the import is simply repeated the normal way.
- ``weasyprint.pdf.fonts`` imports ``fontTools.subset`` (~80 ms), used only when
  HarfBuzz's subsetter is missing: it is imported lazily, on first use.
- pydyf compresses every stream at zlib level 9; level 6 (zlib's default) writes a PDF
  0.5% larger in half the time (~60 ms for an issue's fonts and pages).
"""

from __future__ import annotations

import ctypes.util
import importlib.util
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

from . import fonts

ZLIB_LEVEL = 6


@contextmanager
def _no_library_search() -> Iterator[None]:
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _lazy(name: str) -> None:
    """Put a module in ``sys.modules`` that runs its code on first attribute access."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        return
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)


class _Zlib(ModuleType):
    """zlib for pydyf, with its ``compressobj(level=9)`` at ``ZLIB_LEVEL``."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    def compressobj(self, level: int = ZLIB_LEVEL, *args: Any, **kwargs: Any) -> Any:
        return zlib.compressobj(min(level, ZLIB_LEVEL), *args, **kwargs)


def load() -> None:
    """Import WeasyPrint with the vendored fonts only (idempotent)."""
    if "weasyprint.text.ffi" in sys.modules:
        return
    fonts.use_vendored_fonts()
    import fontTools

    _lazy(f"{fontTools.__name__}.subset")
    try:
        with _no_library_search():
            import weasyprint.text.ffi
    except (OSError, ImportError):
        for name in [name for name in sys.modules if name.startswith("weasyprint")]:
            del sys.modules[name]
        import weasyprint.text.ffi  # noqa: F401
    import pydyf

    pydyf.zlib = _Zlib("zlib")
