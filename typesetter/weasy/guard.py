"""The guard: every WeasyPrint and pydyf internal we patch or rely on, checked before use.

One table, :data:`EXPECTED_SOURCES`, names each internal by its dotted path with a hash
of its source as released in the pinned versions; :data:`MODULE_SOURCES` does the same
for a module patched before it is imported (its file is hashed). :func:`verify` refuses
to render with anything else: a changed internal means our patches no longer fit it.

Every patch goes through :func:`patch` (or :func:`patched`, for the length of a block),
which keeps what it replaced in :data:`ORIGINALS`, the one table of originals; patched
code calls the real function through :func:`original`.

The patches, and where they are made:

- ``clreq/hooks.py``: line breaking, justification and drawing of Chinese text (the
  ``text.line_break``, ``layout.inline``/``preferred`` and ``draw.text`` entries);
- ``loader.py``: ``pydyf.zlib`` (streams compressed at level 6), ``ctypes.util.find_library``
  (while ``text/ffi.py`` is imported), ``fontTools.subset`` imported lazily;
- ``render.py``: ``pdf.metadata.uuid4`` while a PDF is written (a reproducible XMP ID).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from ..errors import RenderError
from ..i18n import Translator

WEASYPRINT_VERSION = "70.0"
PYDYF_VERSION = "0.13.0"

_ = Translator("layout")

# sha256 (first 16 hex digits) of the source of every internal we patch or rely on.
EXPECTED_SOURCES: dict[str, str] = {
    "weasyprint.text.line_break.Layout.setup": "fb227a55094f41d4",
    "weasyprint.text.line_break.Layout.set_text": "fe23ca9937dbf520",
    "weasyprint.text.line_break.Layout.get_first_line": "bb65cbda0e27f135",
    "weasyprint.text.line_break.Layout.reactivate": "0b89ee097104b713",
    "weasyprint.text.line_break.Layout.deactivate": "bfec3ec8406e1c82",
    "weasyprint.text.line_break.create_layout": "6587192cc0ab3ffa",
    "weasyprint.text.line_break.can_break_text": "4f3fb5ef1c239df9",
    "weasyprint.text.line_break.split_first_line": "39ad1016863ca34d",
    "weasyprint.text.line_break.get_log_attrs": "65c1a1c4fa75ee95",
    # clreq/breaks.py measures and returns the lines it breaks itself (long runs, squeezes).
    "weasyprint.text.line_break.first_line_metrics": "55ec5d0b58b29a8b",
    "weasyprint.text.line_break.line_size": "03fa04fd51fc69aa",
    "weasyprint.layout.inline.text_align": "e953d41b87ccfc30",
    "weasyprint.layout.inline.justify_line": "f83b21ff8793ba6b",
    "weasyprint.layout.inline.add_word_spacing": "879516e71f1b80fa",
    "weasyprint.layout.inline.count_expandable_spaces": "175fe6f42576ed38",
    "weasyprint.layout.inline.remove_last_whitespace": "53f0c79c9fbbda50",
    "weasyprint.draw.text.draw_text": "ebaf96239c6ca363",
    "weasyprint.draw.text.draw_first_line": "1bb8eae6d88e71b1",
    # uuid4 is called here for the XMP document ID (render.py makes it reproducible).
    "weasyprint.pdf.metadata.DocumentMetadata.generate_rdf_metadata": "bc3e78ab24f1a809",
    # fontTools.subset is needed only when HarfBuzz's subsetter is missing (loader.py).
    "weasyprint.pdf.fonts.Font.subset": "61ed6bc2e9a7e43a",
    # The font configuration reads FONTCONFIG_FILE when it is created (loader.py).
    "weasyprint.text.fonts.FontConfiguration.__init__": "9fdb532fe2c80013",
    # Streams are compressed with the module-level zlib (loader.py swaps it).
    "pydyf.Stream.data": "bdc2bc513f286de7",
}

#: Modules patched while they are imported: the sha256 of their file.
MODULE_SOURCES: dict[str, str] = {
    # Libraries are opened by trying names; loader.py answers find_library at once.
    "weasyprint.text.ffi": "530e83118f7841d2",
}

_MISSING = object()
#: What each patch replaced, by target (``_MISSING``: the attribute did not exist).
ORIGINALS: dict[str, Any] = {}
_verified = False


@cache
def resolve(name: str) -> Any:
    """The object at a dotted path (a property gives its getter), importing its module.

    Cached: ask only for originals and for the modules and classes that hold patches.
    """
    parts = name.split(".")
    for split in range(len(parts), 0, -1):
        try:
            target: Any = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for part in parts[split:]:
            target = getattr(target, part)
        return target.fget if isinstance(target, property) else target
    raise AttributeError(name)


def source_hash(function: Callable[..., Any]) -> str:
    """A short hash of a function's source (the guard's fingerprint)."""
    return hashlib.sha256(inspect.getsource(function).encode()).hexdigest()[:16]


def module_source_ok(name: str) -> bool:
    """True if the file of module ``name`` is the one :data:`MODULE_SOURCES` expects.

    The file is found from the top-level package's folder, without importing anything:
    ``find_spec`` of a submodule would import its parents (all of WeasyPrint, here).
    """
    top, *rest = name.split(".")
    spec = importlib.util.find_spec(top)
    if spec is None or not spec.submodule_search_locations:
        return False
    path = Path(next(iter(spec.submodule_search_locations)), *rest).with_suffix(".py")
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError:
        return False
    return digest == MODULE_SOURCES[name]


def check_internals() -> list[str]:
    """Everything that differs from the WeasyPrint and pydyf we were written for."""
    import weasyprint

    problems = []
    if weasyprint.__version__ != WEASYPRINT_VERSION:
        problems.append(
            _(
                "weasyprint {version} (expected {expected})",
                version=weasyprint.__version__,
                expected=WEASYPRINT_VERSION,
            )
        )
    pydyf_version = metadata.version("pydyf")
    if pydyf_version != PYDYF_VERSION:
        problems.append(
            _(
                "pydyf {version} (expected {expected})",
                version=pydyf_version,
                expected=PYDYF_VERSION,
            )
        )
    for name, expected in EXPECTED_SOURCES.items():
        try:
            function = original(name)
        except AttributeError:
            problems.append(_("{name} is missing", name=name))
            continue
        if source_hash(function) != expected:
            problems.append(
                _("{name} has changed (source hash {hash})", name=name, hash=source_hash(function))
            )
    problems += [
        _("{name} has changed (file hash)", name=name)
        for name in MODULE_SOURCES
        if not module_source_ok(name)
    ]
    from weasyprint.text.ffi import pango

    if not hasattr(pango, "pango_attr_allow_breaks_new"):
        problems.append(_("{name} is not available", name="pango_attr_allow_breaks_new"))
    return problems


def verify() -> None:
    """Raise RenderError unless every guarded internal is as expected (checked once)."""
    global _verified
    if _verified:
        return
    problems = check_internals()
    if problems:
        raise RenderError(
            _(
                "typesetter supports only WeasyPrint {weasyprint} with pydyf {pydyf} as "
                "released: {problems}",
                weasyprint=WEASYPRINT_VERSION,
                pydyf=PYDYF_VERSION,
                problems="; ".join(problems),
            )
        )
    _verified = True


def _owner(target: str) -> tuple[Any, str]:
    parent, _, attribute = target.rpartition(".")
    return resolve(parent), attribute


def patch(target: str, value: Any) -> None:
    """Set ``target`` to ``value``, keeping the first original in :data:`ORIGINALS`."""
    owner, attribute = _owner(target)
    if target not in ORIGINALS:
        ORIGINALS[target] = owner.__dict__.get(attribute, _MISSING)
    setattr(owner, attribute, value)


def restore(target: str) -> None:
    """Put back what :func:`patch` replaced (no-op if ``target`` is not patched)."""
    if target not in ORIGINALS:
        return
    owner, attribute = _owner(target)
    value = ORIGINALS.pop(target)
    if value is _MISSING:
        delattr(owner, attribute)
    else:
        setattr(owner, attribute, value)


def is_patched(target: str) -> bool:
    return target in ORIGINALS


def original(target: str) -> Any:
    """What ``target`` is without our patch."""
    if target in ORIGINALS and ORIGINALS[target] is not _MISSING:
        return ORIGINALS[target]
    return resolve(target)


@contextmanager
def patched(target: str, value: Any) -> Iterator[None]:
    """``target`` is ``value`` inside the block (unless already patched by someone else)."""
    if is_patched(target):
        yield
        return
    patch(target, value)
    try:
        yield
    finally:
        restore(target)
