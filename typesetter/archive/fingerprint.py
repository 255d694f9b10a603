"""What feeds an issue's PDF, as hashes — never timestamps.

An issue's fingerprint covers: every file of its folder (issue.yaml, articles, images),
every file of its layout folder and of the layouts it extends, the vendored fonts, the
typesetter's own code that takes part in a build, the WeasyPrint version and the options.
Nothing here loads an issue or imports WeasyPrint: the no-change path only reads files.

Big files (the fonts, ~70 MB; pictures) are hashed once and their hashes cached by
(path, size, mtime_ns) in the manifest: a rerun only stats them, and hashes a file again
when its size or modification time changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from ..resources import FONTS_DIR, LAYOUTS_DIR

PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: Parts of the package that never change an issue's PDF (the archive's own code is
#: covered by the options it passes; the annual index hashes it separately).
NOT_IN_BUILD = frozenset({"archive", "importer", "proof", "cli.py", "__main__.py", "_data"})

_LAYOUT_KEY = re.compile(r"""^layout:\s*["']?([^"'\s#]+)""", re.MULTILINE)
_EXTENDS_KEY = re.compile(r"""^extends:\s*["']?([^"'\s#]+)""", re.MULTILINE)

#: absolute path → [size, mtime_ns, sha256]
HashCache = dict[str, list[Any]]
#: Files at least this big have their hash cached.
BIG_FILE = 64 * 1024


class Hasher:
    """sha256 of files; a big file is read again only when its size or mtime changed."""

    def __init__(self, known: HashCache, big: int = BIG_FILE) -> None:
        self.known = known
        self.big = big
        #: The cache entries of the files hashed in this run (what to keep).
        self.used: HashCache = {}

    def sha(self, path: Path) -> str:
        stat = path.stat()
        if stat.st_size < self.big:
            return hashlib.sha256(path.read_bytes()).hexdigest()
        key = os.path.abspath(path)
        known = self.known.get(key)
        if known is not None and known[:2] == [stat.st_size, stat.st_mtime_ns]:
            sha = str(known[2])
        else:
            sha = _file_sha(path)
        self.used[key] = [stat.st_size, stat.st_mtime_ns, sha]
        return sha


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _walk(folder: Path, skip: frozenset[str] = frozenset()) -> Iterator[Path]:
    """The files under ``folder`` in a stable order; hidden entries and caches left out."""
    for current, dirs, files in os.walk(folder):
        here = Path(current)
        top = here == folder
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and d != "__pycache__" and not (top and d in skip)
        )
        for name in sorted(files):
            if name.startswith(".") or name.endswith(".pyc") or (top and name in skip):
                continue
            yield here / name


def tree_digest(
    folder: Path, skip: frozenset[str] = frozenset(), hasher: Hasher | None = None
) -> str:
    """A hash of the relative paths and contents of every file under ``folder``."""
    digest = hashlib.sha256()
    for path in _walk(folder, skip):
        sha = hasher.sha(path) if hasher else hashlib.sha256(path.read_bytes()).hexdigest()
        digest.update(f"{path.relative_to(folder).as_posix()}\0{sha}\n".encode())
    return digest.hexdigest()


def code_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """The typesetter's code that takes part in a build, and the WeasyPrint version."""
    try:
        weasyprint = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:  # pragma: no cover
        weasyprint = "?"
    return _sha(f"{tree_digest(package_dir, NOT_IN_BUILD)} weasyprint {weasyprint}".encode())


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def layout_name(issue_dir: Path) -> str:
    """The layout ``issue.yaml`` names (a plain top-level ``layout:`` key), by default
    ``newsletter``; read with a regular expression, not a YAML parser."""
    try:
        text = (issue_dir / "issue.yaml").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return "newsletter"
    match = _LAYOUT_KEY.search(text)
    return match[1] if match else "newsletter"


@dataclass
class Fingerprinter:
    """Fingerprints issues against one set of shared inputs (code, fonts, options)."""

    code: str
    fonts: str
    options: str
    layouts_dir: Path = LAYOUTS_DIR
    hasher: Hasher = field(default_factory=lambda: Hasher({}))
    _layouts: dict[str, str] = field(default_factory=dict)

    @staticmethod
    def options_digest(options: dict[str, Any]) -> str:
        return _sha(json.dumps(options, sort_keys=True, ensure_ascii=False).encode("utf-8"))

    def layout(self, name: str) -> str:
        """A hash of the layout folder ``name`` and the folders it extends."""
        if name not in self._layouts:
            digest = hashlib.sha256()
            seen: list[str] = []
            current: str | None = name
            while current is not None and current not in seen:
                seen.append(current)
                folder = self.layouts_dir / current
                if not (folder / "layout.yaml").is_file():
                    digest.update(f"missing {current}\n".encode())
                    break
                digest.update(f"{current} {tree_digest(folder)}\n".encode())
                match = _EXTENDS_KEY.search((folder / "layout.yaml").read_text(encoding="utf-8"))
                current = match[1] if match else None
            self._layouts[name] = digest.hexdigest()
        return self._layouts[name]

    def shared(self) -> str:
        """The hash of everything every issue shares (code, fonts, options)."""
        return _sha(f"code {self.code}\nfonts {self.fonts}\noptions {self.options}\n".encode())

    def issue(self, issue_dir: Path) -> str:
        """The fingerprint of one issue folder."""
        layout = layout_name(issue_dir)
        files = tree_digest(issue_dir, hasher=self.hasher)
        parts = f"issue {files}\nlayout {layout} {self.layout(layout)}\nshared {self.shared()}\n"
        return _sha(parts.encode())


def make_fingerprinter(
    options: dict[str, Any],
    cache: HashCache,
    *,
    layouts_dir: Path = LAYOUTS_DIR,
    fonts_dir: Path = FONTS_DIR,
    package_dir: Path = PACKAGE_DIR,
) -> Fingerprinter:
    """A fingerprinter for this run; its ``hasher.used`` is the hash cache to keep."""
    hasher = Hasher(cache)
    fonts = tree_digest(fonts_dir, hasher=hasher)
    code = code_digest(package_dir)
    options_digest = Fingerprinter.options_digest(options)
    return Fingerprinter(code, fonts, options_digest, layouts_dir, hasher)
