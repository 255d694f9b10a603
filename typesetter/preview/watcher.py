"""Noticing a saved change: the sizes and modification times of the watched files.

Polling is simple and works the same on every file system (also network folders and
editors that save through a temporary file and a rename). A few hundred files are stat'ed
in a millisecond or two, so a tenth of a second between scans costs nothing.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path

#: (size, modification time in ns, inode) of each watched file.
Snapshot = dict[str, tuple[int, int, int]]

#: How long a change must hold still before a rebuild: an editor may write in steps.
SETTLE = 0.05


def ignored(name: str) -> bool:
    """Editors' and tools' own files: hidden files (``.x.md.swp``), backups (``x.md~``),
    Emacs lock files (``.#x.md``, ``#x.md#``) and Python caches."""
    return (
        name.startswith((".", "#"))
        or name.endswith(("~", ".swp", ".tmp"))
        or (name == "__pycache__")
    )


class Watcher:
    """Scans folders (the issue folder, its layout's folders) for changed files."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders: list[Path] = []
        self.watch(folders)

    def watch(self, folders: Iterable[Path]) -> list[Path]:
        """Also watch these folders (each once); returns those that are new."""
        added = [folder for folder in dict.fromkeys(folders) if folder not in self.folders]
        self.folders.extend(added)
        return added

    def scan(self, folders: Iterable[Path] | None = None) -> Snapshot:
        """Every watched file now (or every file in ``folders``): its path and (size,
        mtime in ns, inode)."""
        found: Snapshot = {}
        for folder in self.folders if folders is None else folders:
            for top, dirs, files in os.walk(folder):
                dirs[:] = sorted(d for d in dirs if not ignored(d))
                for name in files:
                    if ignored(name):
                        continue
                    path = os.path.join(top, name)
                    try:
                        info = os.stat(path)
                    except OSError:  # removed between the listing and the stat
                        continue
                    found[path] = (info.st_size, info.st_mtime_ns, info.st_ino)
        return found

    def settled(self, snapshot: Snapshot, wait: float = SETTLE, tries: int = 20) -> Snapshot:
        """Scan again after ``wait`` until two scans agree (at most ``tries`` times)."""
        for _ in range(tries):
            time.sleep(wait)
            again = self.scan()
            if again == snapshot:
                break
            snapshot = again
        return snapshot
