"""The manifest in ``OUT_DIR/manifest/``: what each PDF was built from, one file per PDF.

Each entry (``<pdf stem>.json``) holds the issue's fingerprint, the PDF's size and sha256,
and its catalog record. It is written atomically right after its PDF, so a run killed at
any point leaves entries that describe the PDFs on disk (or an old entry beside a new PDF,
which only costs one rebuild); the next run resumes from there. One file per PDF also means
the ``OUT_DIR``s of several shards merge by copying.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .. import pdf
from ..errors import Problem, TypesetterError
from ..i18n import N_, Translator
from ..pdf import write_atomic
from .catalog import valid_record
from .fingerprint import HashCache, open_regular, valid_cached

MANIFEST_DIR = "manifest"
_HASH_CACHE = "_hash-cache.json"
_ENTRY_FIELDS = {"fingerprint": str, "file": str, "size": int, "sha256": str, "record": dict}


@dataclass
class Entry:
    """What one PDF in OUT_DIR was built from."""

    fingerprint: str
    file: str
    size: int
    sha256: str
    record: dict[str, Any]
    #: The build's warnings (see :func:`saved_warnings`); entries written before warnings
    #: were kept have none, and are still trusted.
    warnings: list[dict[str, Any]] = field(default_factory=list)


_WARNING_FIELDS = {
    "path": (str,),
    "line": (int, type(None)),
    "message": (str,),
    "hint": (str, type(None)),
}


def _valid_warnings(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(w, dict)
        and w.keys() == _WARNING_FIELDS.keys()
        and all(type(w[k]) in kinds for k, kinds in _WARNING_FIELDS.items())
        for w in value
    )


def saved_warnings(warnings: list[Problem], display: str) -> list[dict[str, Any]]:
    """Warnings as a manifest entry keeps them: paths inside the issue folder relative to
    it (``display``), so a later run that names the folder otherwise shows its own paths."""
    prefix = display.rstrip(os.sep) + os.sep
    kept = []
    for warning in sorted(set(warnings)):
        path = warning.path
        if path == display:
            path = "."
        elif path.startswith(prefix):
            path = "./" + path[len(prefix) :]
        kept.append(
            {"path": path, "line": warning.line, "message": warning.message, "hint": warning.hint}
        )
    return kept


def loaded_warnings(entry: Entry, display: str) -> list[Problem]:
    """The warnings an entry keeps, with the paths inside the issue folder under
    ``display`` (as this run names the folder)."""
    problems = []
    for w in entry.warnings:
        path = w["path"]
        if path == ".":
            path = display
        elif path.startswith("./"):
            path = str(Path(display) / path[2:])
        problems.append(Problem(path, w["line"], w["message"], w["hint"], "warning"))
    return problems


class Manifest:
    """Read and write the entries of ``OUT_DIR/manifest/``."""

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.folder = out_dir / MANIFEST_DIR
        #: The files that could not be written (a full disk…), one Problem each.
        self.problems: list[Problem] = []

    def entry(self, key: str) -> Entry | None:
        """The entry of ``key`` (a PDF's stem), or None if missing, unreadable or malformed
        (then the issue is stale: it is built again and its entry rewritten)."""
        data = self._read(f"{key}.json")
        if not isinstance(data, dict) or data.keys() - {"warnings"} != set(_ENTRY_FIELDS):
            return None
        if not all(type(data[name]) is kind for name, kind in _ENTRY_FIELDS.items()):
            return None
        if not _valid_warnings(data.get("warnings", [])):
            return None
        entry = Entry(**data)
        if entry.file != f"{key}.pdf" or entry.size < 0:
            return None
        if entry.record and not (valid_record(entry.record) and entry.record["file"] == entry.file):
            return None
        return entry

    def fresh(self, key: str, fingerprint: str) -> Entry | None:
        """The entry of ``key`` if it was built from ``fingerprint`` and its PDF is there."""
        entry = self.entry(key)
        if entry is None or entry.fingerprint != fingerprint:
            return None
        try:
            size = (self.out_dir / entry.file).stat().st_size
        except OSError:
            return None
        return entry if size == entry.size else None

    def save(self, key: str, entry: Entry) -> bool:
        """Record ``entry``; False (and a Problem in :attr:`problems`) if it could not be
        written: the PDF is then built again next time."""
        return self._write(f"{key}.json", asdict(entry))

    def hash_cache(self) -> HashCache:
        """The cached hashes of big files (fonts, pictures) by path, size and mtime; a
        malformed value is left out (that file is hashed again)."""
        data = self._read(_HASH_CACHE)
        if not isinstance(data, dict):
            return {}
        return {path: known for path, known in data.items() if valid_cached(known)}

    def save_hash_cache(self, cache: HashCache) -> None:
        if cache != self._read(_HASH_CACHE):
            self._write(_HASH_CACHE, cache)

    def digest(self, name: str) -> str | None:
        """A stored digest (e.g. ``annual-2023``: what that annual index was built from)."""
        data = self._read(f"_{name}.digest.json")
        digest = data.get("digest") if isinstance(data, dict) else None
        return digest if isinstance(digest, str) else None

    def save_digest(self, name: str, digest: str) -> bool:
        return self._write(f"_{name}.digest.json", {"digest": digest})

    def remove_temporaries(self) -> list[Path]:
        """Delete the temporary files a killed run left (``.NAME.XXXX.tmp``)."""
        removed = []
        for folder in (self.out_dir, self.folder):
            if not folder.is_dir():
                continue
            for entry in os.scandir(folder):
                if entry.name.startswith(".") and entry.name.endswith(".tmp") and entry.is_file():
                    Path(entry.path).unlink(missing_ok=True)
                    removed.append(Path(entry.path))
        return removed

    def _read(self, name: str) -> Any:
        try:
            with open_regular(self.folder / name) as stream:
                return json.loads(stream.read().decode("utf-8"))
        except (OSError, ValueError):
            return None

    def _write(self, name: str, data: Any) -> bool:
        text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        try:
            write_atomic(self.folder / name, text.encode("utf-8"))
        except OSError as error:
            self.problems.append(write_problem(self.folder / name, error))
            return False
        except TypesetterError as error:
            self.problems.extend(error.problems)
            return False
        return True


#: How a failed write of the archive is retried (the end of a write error's hint).
AGAIN = N_("run the archive again")
_ = Translator("archive")


def write_problem(path: Path, error: OSError) -> Problem:
    """``PATH: could not write the file (REASON) (HINT)``, as for any output."""
    return pdf.write_problem(path, error, again=_(AGAIN))  # in the archive's words
