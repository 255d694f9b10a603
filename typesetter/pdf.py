"""Writing PDFs: the content's identifier, and an atomic write.

The PDF itself is made by :func:`typesetter.weasy.render_pdf`, the one render path.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def content_identifier(html: str) -> bytes:
    """A PDF document ID derived from the content: same input, same ID."""
    return hashlib.md5(html.encode("utf-8"), usedforsecurity=False).hexdigest().encode("ascii")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename.

    A reader (or a killed run) sees either the old complete file or the new one.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
