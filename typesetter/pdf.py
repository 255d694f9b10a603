"""Writing output files: the content's identifier, and an atomic write.

The PDF itself is made by :func:`typesetter.weasy.render_pdf`, the one render path. Every
file the typesetter writes (PDFs, the archive's manifests, catalogs and report) goes
through :func:`write_atomic`; which paths may be written at all is decided in
:mod:`typesetter.outputs`.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from pathlib import Path

from .errors import Problem
from .i18n import N_, Translator

_ = Translator("layout")

#: A temporary file is named ``.<at most this many bytes of the name>.<random>.tmp``, so
#: its name stays far below the 255 bytes a file name may have, whatever the output's.
_TEMPORARY_NAME_BYTES = 32

#: Hints for the errors a write meets (``{again}``: how to retry, which the caller says).
_WRITE_HINTS = {
    errno.ENOSPC: N_("the disk is full: free some space and {again}"),
    errno.EDQUOT: N_("the disk quota is used up: free some space and {again}"),
    errno.EROFS: N_("the disk is read-only: write elsewhere"),
    errno.EACCES: N_("no permission to write there: write elsewhere"),
    errno.EPERM: N_("no permission to write there: write elsewhere"),
    errno.ENAMETOOLONG: N_("use a shorter name"),
    errno.ENOTDIR: N_("a folder on the way is a file"),
    errno.EISDIR: N_("name a file, not a folder"),
}
#: How to retry, as callers say it (``again``): translated here when the hint is written.
_AGAIN = (N_("try again"), N_("run the archive again"))


class WriteError(OSError):
    """Writing an output failed (a full disk, a read-only folder…). An OSError whose
    ``filename`` is the output as it was named (never the temporary file)."""

    def problem(self, *, again: str = "try again") -> Problem:
        """``PATH: could not write the file (REASON) (HINT)``."""
        return write_problem(Path(str(self.filename)), self, again=again)


def write_problem(path: Path, error: OSError, *, again: str = "try again") -> Problem:
    """``PATH: could not write the file (REASON) (HINT)``: ``again`` says how to retry."""
    reason = error.strerror or type(error).__name__
    hint = _WRITE_HINTS.get(error.errno) if error.errno is not None else None
    message = _("could not write the file ({reason})", reason=reason)
    return Problem(str(path), None, message, hint and _(hint, again=_(again)))


def content_identifier(html: str) -> bytes:
    """A PDF document ID derived from the content: same input, same ID."""
    return hashlib.md5(html.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader (or a killed run) sees either the old complete file or the new one; a write
    that fails removes its temporary file and raises :class:`WriteError`. When ``path`` is
    a symbolic link, the link is replaced by the new file (the file it pointed to is left
    as it is).
    """
    temporary: str | None = None
    try:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except FileExistsError:  # a file where a folder should be
            code = errno.ENOTDIR
            raise NotADirectoryError(code, os.strerror(code), str(path.parent)) from None
        handle, temporary = tempfile.mkstemp(
            prefix=f".{_short(path.name)}.", suffix=".tmp", dir=path.parent
        )
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        _remove(temporary)
        code = error.errno if error.errno is not None else errno.EIO
        raise WriteError(code, error.strerror or str(error), str(path)) from error
    except BaseException:
        _remove(temporary)
        raise


def _short(name: str) -> str:
    """The start of ``name``, at most :data:`_TEMPORARY_NAME_BYTES` bytes of UTF-8."""
    data = name.encode("utf-8", "surrogateescape")[:_TEMPORARY_NAME_BYTES]
    return data.decode("utf-8", "ignore")


def _remove(temporary: str | None) -> None:
    if temporary is not None:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
