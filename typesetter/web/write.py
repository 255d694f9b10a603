"""Writing a web edition folder atomically.

The files go into a temporary folder beside the target, which then takes the target's
place by renames: a reader (or a killed run) sees the old complete edition or the new one.
The folder carries a marker file (:data:`MARKER`) with the digest of what fed it; a
folder that exists, is not empty and has no marker is not ours, and is never replaced.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..i18n import Translator
from ..outputs import Refusal, refused_folder, typesetter_folders
from ..pdf import WriteError, write_atomic

_ = Translator("layout")

#: The file that marks a folder as a web edition we wrote.
MARKER = ".typesetter-web.json"


def edition_output(target: Path, issue_dir: Path) -> Refusal | None:
    """``build --format html -o TARGET``: why the edition must not be written there."""
    readers = [(issue_dir, _("the issue folder {path}", path=issue_dir)), *typesetter_folders()]
    refusal = refused_folder(target, readers, _("the build"))
    if refusal is not None:
        return refusal
    return foreign_folder(target)


def foreign_folder(target: Path) -> Refusal | None:
    """A refusal when ``target`` is a folder that is not empty and is not a web edition
    (it would be replaced whole)."""
    if target.is_dir() and not (target / MARKER).is_file():
        try:
            empty = not any(target.iterdir())
        except OSError:
            empty = False
        if not empty:
            message = _("{path} is a folder that is not a web edition", path=target)
            hint = _("the edition replaces the whole folder: name a new or empty one")
            return Refusal(message, hint)
    return None


def check_edition_output(target: Path, issue_dir: Path) -> None:
    refusal = edition_output(target, issue_dir)
    if refusal is not None:
        raise UsageError([refusal.problem("--output")])


def read_marker(folder: Path) -> dict[str, Any]:
    """The marker of the edition in ``folder`` (empty when there is none, or unreadable)."""
    try:
        data = json.loads((folder / MARKER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def write_marker(folder: Path, marker: dict[str, Any]) -> None:
    """Replace the marker of the edition in ``folder`` (atomically; OSError when it
    cannot be written)."""
    write_atomic(folder / MARKER, _marker_bytes(marker))


def _marker_bytes(marker: dict[str, Any]) -> bytes:
    text = json.dumps(marker, ensure_ascii=False, indent=1, sort_keys=True)
    return (text + "\n").encode("utf-8")


def write_folder(target: Path, files: dict[str, bytes], marker: dict[str, Any]) -> None:
    """Write ``files`` (relative POSIX path → bytes) as the folder ``target``, replacing
    the edition there. :class:`WriteError` when it cannot be written."""
    temporary: Path | None = None
    old: Path | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(tempfile.mkdtemp(prefix=f".{target.name[:40]}.", dir=target.parent))
        for name, data in files.items():
            path = temporary / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        (temporary / MARKER).write_bytes(_marker_bytes(marker))
        _open_up(temporary)
        if target.is_symlink() or target.is_file():
            target.unlink()
        elif target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name[:40]}.old.", dir=target.parent))
            os.replace(target, old / "edition")
        os.replace(temporary, target)
        temporary = None
    except OSError as error:
        if old is not None and not target.exists():  # put the old edition back
            os.replace(old / "edition", target)
        code = error.errno if error.errno is not None else errno.EIO
        raise WriteError(code, error.strerror or str(error), str(target)) from error
    finally:
        for leftover in (temporary, old):
            if leftover is not None:
                shutil.rmtree(leftover, ignore_errors=True)


def _open_up(folder: Path) -> None:
    """mkdtemp makes a folder only its owner can read: give it the usual modes."""
    for path in [folder, *folder.rglob("*")]:
        os.chmod(path, 0o755 if path.is_dir() else 0o644)
