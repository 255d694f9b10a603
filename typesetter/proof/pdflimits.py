"""A bound on what reading a PDF may decompress, so that a small file cannot cost gigabytes.

pdfminer.six decodes each stream it reads (page contents, forms, fonts, CMaps, object and
cross-reference streams) in one piece and without a limit: 300 KB of FlateDecode expand to
300 MB, two FlateDecode filters in a row to gigabytes. While :func:`decoding_limit` is
active, the filters that expand — FlateDecode, LZWDecode, RunLengthDecode — decode in
steps and charge what they produce to one :class:`DecodeBudget` per PDF:
:data:`MAX_DECODED_BYTES` (64 MiB) in all. A 19-page issue of ours decodes about 0.6 MB.
Going past the budget raises :class:`PDFLimitError`, which the proof reports as an error
naming the file and the limit. CCITTFaxDecode, a filter for 1-bit pictures (which the
proof never decodes), is refused in the streams it reads: its pure-Python decoder can
spend minutes on a few kilobytes.

This module is the only place that changes pdfminer. It replaces five names in
``pdfminer.pdftypes``, where ``PDFStream.decode`` looks them up, with versions that do what
the originals do when no limit is active (:data:`_PATCHED` keeps the originals). If a
pdfminer release renames them, importing this module fails rather than reading unbounded.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from io import BytesIO
from typing import Any

import pdfminer.pdftypes as _pdftypes
from pdfminer.lzw import LZWDecoder

from typesetter.i18n import Translator

_ = Translator("proof")

#: The most a PDF's streams may decompress to, in all, while the proof reads it.
MAX_DECODED_BYTES = 64 * 1024 * 1024
#: The most one step of a FlateDecode stream produces before it is charged.
_STEP = 1024 * 1024

_logger = logging.getLogger(__name__)
_TRUNCATED = "Error -5 while decompressing data: incomplete or truncated stream"  # as zlib's


class PDFLimitError(Exception):
    """Reading the PDF would decompress more than its budget, or needs a refused filter."""


class DecodeBudget:
    """The bytes one PDF's streams may still decompress to."""

    def __init__(self, limit: int = MAX_DECODED_BYTES) -> None:
        self.limit = limit
        self.used = 0

    @property
    def exceeded(self) -> bool:
        return self.used > self.limit

    def charge(self, size: int) -> None:
        self.used += size
        if self.exceeded:
            raise PDFLimitError(
                _(
                    "the PDF decompresses to more than {size}, the most the proof reads",
                    size=describe_size(self.limit),
                )
            )


def describe_size(size: int) -> str:
    """``64 MiB`` for a whole number of MiB, else the bytes."""
    if size % 2**20 == 0:
        return _("{n} MiB", n=size // 2**20)
    return _("{n} bytes", n=size)


_active: ContextVar[DecodeBudget | None] = ContextVar("pdf_decode_budget", default=None)


@contextmanager
def decoding_limit(budget: DecodeBudget) -> Iterator[None]:
    """Charge every stream pdfminer decodes in this block to ``budget``."""
    token = _active.set(budget)
    try:
        yield
    finally:
        _active.reset(token)


def _inflate(stream: Any, data: bytes, budget: DecodeBudget, parts: list[bytes]) -> None:
    """Feed ``data`` to the zlib ``stream``, at most one step of output at a time."""
    tail = data
    while True:
        piece = stream.decompress(tail, _STEP)
        budget.charge(len(piece))
        parts.append(piece)
        tail = stream.unconsumed_tail
        if stream.eof or (not tail and len(piece) < _STEP):
            return


class _Zlib:
    """``zlib`` as ``pdfminer.pdftypes`` sees it: ``decompress`` bounded under a limit."""

    def __getattr__(self, name: str) -> Any:
        return getattr(zlib, name)

    @staticmethod
    def decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        budget = _active.get()
        if budget is None or args or kwargs:
            return zlib.decompress(data, *args, **kwargs)
        stream = zlib.decompressobj()
        parts: list[bytes] = []
        try:
            _inflate(stream, data, budget, parts)
            if not stream.eof:  # as zlib.decompress says it
                raise zlib.error(_TRUNCATED)
        except zlib.error:  # pdfminer decodes it again (decompress_corrupted): charge that
            budget.used -= sum(map(len, parts))
            raise
        return b"".join(parts)


def _decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's reading of a FlateDecode stream with a bad checksum: an error in its last
    three bytes keeps what was decoded, an error before them is raised. In linear time."""
    budget = _active.get()
    if budget is None:
        return _ORIGINAL["decompress_corrupted"](data)  # type: ignore[no-any-return]
    stream = zlib.decompressobj()
    parts: list[bytes] = []
    split = max(len(data) - 3, 0)
    _inflate(stream, data[:split], budget, parts)
    for i in range(split, len(data)):
        try:
            _inflate(stream, data[i : i + 1], budget, parts)
        except zlib.error:
            _logger.warning("Data-loss while decompressing corrupted data")
            break
    return b"".join(parts)


def _lzwdecode(data: bytes) -> bytes:
    budget = _active.get()
    if budget is None:
        return _ORIGINAL["lzwdecode"](data)  # type: ignore[no-any-return]
    parts: list[bytes] = []
    for piece in LZWDecoder(BytesIO(data)).run():
        budget.charge(len(piece))
        parts.append(piece)
    return b"".join(parts)


def _rldecode(data: bytes) -> bytes:
    """RunLengthDecode (PDF 32000-1, 7.4.5) into a bytearray, charged run by run."""
    budget = _active.get()
    if budget is None:
        return _ORIGINAL["rldecode"](data)  # type: ignore[no-any-return]
    out = bytearray()
    i = 0
    while i < len(data) and data[i] != 128:
        length = data[i]
        if length < 128:
            run = data[i + 1 : i + 2 + length]
            i += 2 + length
        else:
            run = data[i + 1 : i + 2] * (257 - length)
            i += 2
        budget.charge(len(run))
        out += run
    return bytes(out)


def _ccittfaxdecode(data: bytes, params: dict[str, object]) -> bytes:
    if _active.get() is None:
        return _ORIGINAL["ccittfaxdecode"](data, params)  # type: ignore[no-any-return]
    raise PDFLimitError(_("a stream the proof reads is CCITTFaxDecode, a filter for pictures"))


_PATCHED: dict[str, Any] = {
    "zlib": _Zlib(),
    "decompress_corrupted": _decompress_corrupted,
    "lzwdecode": _lzwdecode,
    "rldecode": _rldecode,
    "ccittfaxdecode": _ccittfaxdecode,
}
_ORIGINAL: dict[str, Callable[..., Any]] = {}


def _install() -> None:
    missing = [name for name in _PATCHED if not hasattr(_pdftypes, name)]
    if missing:
        raise ImportError(
            f"pdfminer.pdftypes has no {', '.join(missing)}: the proof cannot bound how much "
            "a PDF decompresses with this pdfminer.six version"
        )
    for name, bounded in _PATCHED.items():
        current = getattr(_pdftypes, name)
        if current is not bounded:
            _ORIGINAL[name] = current
            setattr(_pdftypes, name, bounded)


_install()
