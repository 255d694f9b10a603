"""Import WeasyPrint, fast, and create its font configuration with our fonts only.

:func:`font_configuration` is the only place a WeasyPrint ``FontConfiguration`` is made,
and it points fontconfig at the vendored fonts right before, whatever was imported first
and whatever ``FONTCONFIG_FILE`` said: a process that imported WeasyPrint itself (a
notebook, a test runner) gets the same fonts, pages and bytes as the command line.

A cold import is made cheaper in three ways, each a guarded patch (guard.py):

- WeasyPrint's ``text/ffi.py`` opens Pango, HarfBuzz and fontconfig by trying a list of
  names per library; on Linux the first names are not sonames, and for each miss cffi
  asks ``ctypes.util.find_library``, which runs ``ldconfig``/``gcc`` in subprocesses:
  about half a second. The sonames further down each list load directly, so during the
  import ``find_library`` answers "not found" at once; if that ever leaves a library
  unloaded, the import is simply repeated the normal way. When WeasyPrint was imported
  before us, there is nothing to gain and nothing is done.
- ``weasyprint.pdf.fonts`` imports ``fontTools.subset`` (~80 ms), used only when
  HarfBuzz's subsetter is missing: it is imported lazily, on first use.
- pydyf compresses every stream at zlib level 9; level 6 (zlib's default) writes a PDF
  0.5% larger in half the time (~60 ms for an issue's fonts and pages). This one is made
  for the length of every render, so that every PDF we write is compressed the same way.
"""

from __future__ import annotations

import importlib.util
import sys
import zlib
from contextlib import AbstractContextManager
from types import ModuleType
from typing import TYPE_CHECKING, Any

from .. import fonts
from . import guard

if TYPE_CHECKING:
    from weasyprint.text.fonts import FontConfiguration

ZLIB_LEVEL = 6
_FFI = "weasyprint.text.ffi"
_font_config: FontConfiguration | None = None


def _not_found(name: str) -> None:
    return None


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


_ZLIB = _Zlib("zlib")


def _import_weasyprint() -> None:
    if _FFI in sys.modules:
        return  # imported before us: fonts and patches are still set up by the callers
    fonts.use_vendored_fonts()  # WeasyPrint checks fontconfig's default configuration
    _lazy("fontTools.subset")
    if not guard.module_source_ok(_FFI):
        import weasyprint.text.ffi

        return
    try:
        with guard.patched("ctypes.util.find_library", _not_found):
            import weasyprint.text.ffi
    except (OSError, ImportError):
        for name in [name for name in sys.modules if name.startswith("weasyprint")]:
            del sys.modules[name]
        import weasyprint.text.ffi  # noqa: F401


#: Pango functions the clreq engine calls that WeasyPrint does not declare.
_DECLARATIONS = (
    "PangoAttribute * pango_attr_allow_breaks_new (gboolean allow_breaks);",
    "PangoAttrList * pango_attr_list_copy (PangoAttrList *list);",
    "int pango_layout_get_width (PangoLayout *layout);",
)
_declared = False


def _declare() -> None:
    global _declared
    if not _declared:
        from weasyprint.text.ffi import ffi

        for declaration in _DECLARATIONS:
            ffi.cdef(declaration)
        _declared = True


def load() -> None:
    """Import WeasyPrint, declare what the engine needs, check it is the one we patch.

    Cheap after the first call: every render calls it."""
    _import_weasyprint()
    _declare()
    guard.verify()


def compression() -> AbstractContextManager[None]:
    """pydyf compresses at ``ZLIB_LEVEL`` inside the block."""
    return guard.patched("pydyf.zlib", _ZLIB)


def font_configuration() -> FontConfiguration:
    """The process's FontConfiguration, made with fontconfig seeing only our fonts."""
    global _font_config
    load()
    if _font_config is None:
        from weasyprint.text.fonts import FontConfiguration

        fonts.use_vendored_fonts()  # read by FcInitLoadConfigAndFonts, just below
        _font_config = FontConfiguration()
    return _font_config
