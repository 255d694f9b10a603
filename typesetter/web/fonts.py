"""Web fonts: the vendored faces subset to the characters of a set of pages, as WOFF2.

Pages then read the same on every machine, whatever fonts the reader has. Two faces are
served: the serif regular for the text, the sans bold for headings and bold text (the
Chinese convention of 黑体 for emphasis in 宋体 text). A character a face lacks falls back
to the other, then to the reader's fonts.

Subsetting uses HarfBuzz's subsetter (``libharfbuzz-subset0``, the library WeasyPrint
needs too) through ctypes when it is there — ~20 ms for the serif of an issue's pages,
desubroutinized, with the OpenType features the web uses — else fontTools' subsetter
(~1-2 s a face). fontTools then writes the WOFF2, with Brotli at quality 5 instead of 11:
~10 % larger files, 30 times faster. A subset is remembered by (font file, characters)
for the process (benchmarks/README.md, "Web edition").
"""

from __future__ import annotations

import ctypes
import io
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..resources import FONTS_DIR

#: Brotli quality of the WOFF2 files (0-11).
BROTLI_QUALITY = 5


@dataclass(frozen=True)
class WebFace:
    """A face of the web edition: its CSS family, weight and vendored file."""

    family: str
    weight: int
    file: str
    #: The file name written into the edition's ``assets/fonts/``.
    output: str


SERIF = WebFace("TS Serif SC", 400, "NotoSerifCJKsc-Regular.otf", "serif-regular.woff2")
SANS_BOLD = WebFace("TS Sans SC", 700, "NotoSansCJKsc-Bold.otf", "sans-bold.woff2")
FACES = (SERIF, SANS_BOLD)


def subset_woff2(face: WebFace, text: Iterable[str], fonts_dir: Path = FONTS_DIR) -> bytes:
    """The face ``face`` subset to the characters of ``text``, as WOFF2 bytes."""
    characters = set().union(*map(set, text))
    codepoints = frozenset(cp for cp in map(ord, characters) if cp >= 0x20)
    return subset_file_woff2(fonts_dir / face.file, codepoints)


@lru_cache(maxsize=64)
def subset_file_woff2(path: Path, codepoints: frozenset[int]) -> bytes:
    """The font file at ``path`` subset to ``codepoints``, as WOFF2 bytes.

    Remembered by (file, character set) for the process: an archive's editions, the
    pictures that share their text and a rebuild whose pages drew no new character reuse
    the file (a font file under ``fonts/`` never changes while the process runs)."""
    ordered = sorted(codepoints)
    sfnt = _harfbuzz_subset(path, ordered)
    if sfnt is None:
        return _fonttools_subset(path, ordered)
    return _to_woff2(sfnt)


def _to_woff2(sfnt: bytes) -> bytes:
    """The OpenType font ``sfnt`` as WOFF2: its tables as they are, into fontTools' WOFF2
    writer. The same bytes as ``TTFont.save`` with the timestamp kept (so the same input
    gives the same file), without TTFont's table classes: their import (cffLib,
    otTables) was 0.14 s of a fresh process."""
    from fontTools.ttLib.sfnt import SFNTReader
    from fontTools.ttLib.woff2 import WOFF2Writer

    reader = SFNTReader(io.BytesIO(sfnt))
    tags = [tag for tag in reader.tables if tag != "DSIG"]  # as TTFont.save drops it
    out = io.BytesIO()
    writer = WOFF2Writer(out, len(tags), reader.sfntVersion)
    for tag in tags:
        writer[tag] = reader[tag]
    with _brotli_quality(BROTLI_QUALITY):
        writer.close()
    return out.getvalue()


def _fonttools_subset(path: Path, codepoints: list[int]) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = [*options.layout_features, *WEB_FEATURES]
    options.hinting = False
    options.desubroutinize = True
    font = TTFont(str(path), lazy=True)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    out = io.BytesIO()
    with _brotli_quality(BROTLI_QUALITY):
        subset.save_font(font, out, options)
    return out.getvalue()


@contextmanager
def _brotli_quality(quality: int) -> Iterator[None]:
    """fontTools' WOFF2 writer calls ``brotli.compress`` at the default quality (11); for
    the time of a save it gets ``quality`` instead."""
    import brotli
    from fontTools.ttLib import woff2

    class _Brotli:
        MODE_FONT = brotli.MODE_FONT

        @staticmethod
        def compress(data: bytes, mode: int = 0, **_: Any) -> bytes:
            return bytes(brotli.compress(data, mode=mode, quality=quality))

        decompress = staticmethod(brotli.decompress)

    original = woff2.brotli
    woff2.brotli = _Brotli
    try:
        yield
    finally:
        woff2.brotli = original


# --- HarfBuzz's subsetter, through ctypes ------------------------------------------------

_P = ctypes.c_void_p
#: hb_subset_sets_t: HB_SUBSET_SETS_LAYOUT_FEATURE_TAG
_LAYOUT_FEATURES = 6
#: hb_subset_flags_t: HB_SUBSET_FLAGS_NO_HINTING, HB_SUBSET_FLAGS_DESUBROUTINIZE. Without
#: its subroutines (most of which serve glyphs the subset drops) the CFF of a page's
#: ~1,200 glyphs is cut a third faster and its WOFF2 is 12 % smaller (266 → 233 kB).
_NO_HINTING = 0x1
_DESUBROUTINIZE = 0x4
#: OpenType features kept besides HarfBuzz's default set (ccmp, locl, kern, mark, vert…):
#: those text-spacing-trim and the CSS of the layouts use (halt/chws and their vertical
#: forms, palt, pwid for font-variant-east-asian). Left out: aalt, dlig, fwid, hwid, whose
#: glyphs made the subsets 11 % larger and 20 % slower to cut.
WEB_FEATURES = ("halt", "vhal", "chws", "vchw", "palt", "vpal", "pwid")


@cache
def _libraries() -> tuple[Any, Any] | None:
    try:
        hb = ctypes.CDLL("libharfbuzz.so.0")
        hbs = ctypes.CDLL("libharfbuzz-subset.so.0")
    except OSError:
        return None
    signatures: list[tuple[Any, str, Any, list[Any]]] = [
        (hb, "hb_blob_create_from_file", _P, [ctypes.c_char_p]),
        (hb, "hb_blob_destroy", None, [_P]),
        (hb, "hb_face_create", _P, [_P, ctypes.c_uint]),
        (hb, "hb_face_destroy", None, [_P]),
        (hb, "hb_face_reference_blob", _P, [_P]),
        (
            hb,
            "hb_blob_get_data",
            ctypes.POINTER(ctypes.c_char),
            [_P, ctypes.POINTER(ctypes.c_uint)],
        ),
        (hb, "hb_set_add", None, [_P, ctypes.c_uint32]),
        (hbs, "hb_subset_input_create_or_fail", _P, []),
        (hbs, "hb_subset_input_destroy", None, [_P]),
        (hbs, "hb_subset_input_unicode_set", _P, [_P]),
        (hbs, "hb_subset_input_set", _P, [_P, ctypes.c_int]),
        (hbs, "hb_subset_input_set_flags", None, [_P, ctypes.c_uint]),
        (hbs, "hb_subset_or_fail", _P, [_P, _P]),
    ]
    try:
        for library, name, restype, argtypes in signatures:
            function = getattr(library, name)
            function.restype = restype
            function.argtypes = argtypes
    except AttributeError:  # a HarfBuzz too old for one of them
        return None
    return hb, hbs


def _harfbuzz_subset(path: Path, codepoints: list[int]) -> bytes | None:
    """The font at ``path`` subset to ``codepoints`` (every layout feature kept), as
    OpenType bytes; None when HarfBuzz's subsetter is not there or fails."""
    libraries = _libraries()
    if libraries is None:
        return None
    hb, hbs = libraries
    blob = hb.hb_blob_create_from_file(str(path).encode())
    face = hb.hb_face_create(blob, 0)
    subset_input = hbs.hb_subset_input_create_or_fail()
    result = out_blob = None
    try:
        if not subset_input:
            return None
        unicodes = hbs.hb_subset_input_unicode_set(subset_input)
        for codepoint in codepoints:
            hb.hb_set_add(unicodes, codepoint)
        features = hbs.hb_subset_input_set(subset_input, _LAYOUT_FEATURES)
        for tag in WEB_FEATURES:
            hb.hb_set_add(features, int.from_bytes(tag.encode("ascii"), "big"))
        hbs.hb_subset_input_set_flags(subset_input, _NO_HINTING | _DESUBROUTINIZE)
        result = hbs.hb_subset_or_fail(face, subset_input)
        if not result:
            return None
        out_blob = hb.hb_face_reference_blob(result)
        length = ctypes.c_uint()
        data = hb.hb_blob_get_data(out_blob, ctypes.byref(length))
        return ctypes.string_at(data, length.value) if length.value else None
    finally:
        if out_blob:
            hb.hb_blob_destroy(out_blob)
        if result:
            hb.hb_face_destroy(result)
        if subset_input:
            hbs.hb_subset_input_destroy(subset_input)
        hb.hb_face_destroy(face)
        hb.hb_blob_destroy(blob)
