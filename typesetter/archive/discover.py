"""Find the issue folders of an archive and split them into shards.

An issue folder is any folder holding ``issue.yaml``, at any depth. Its folder name names
its PDF, so names must be unique across the archive. Hidden folders (``.git``…) and the
output folder are not searched, nor are the folders inside an issue folder.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import ContentError, Problem
from ..i18n import N_, Translator

_ = Translator("archive")
_SHARD = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")
#: Names the archive writes itself (annual-2023.pdf, manifest/_hash-cache.json).
_RESERVED_HINT = N_("the archive names its own files so: rename the folder")
_RESERVED = re.compile(r"^(annual-\d+.*|_.*)$")


@dataclass(frozen=True, order=True)
class IssueFolder:
    """One issue of the archive: its (unique) folder name and where it is."""

    name: str
    path: Path
    display: str


def discover(
    root: Path, *, exclude: Path | None = None, unreadable: list[Problem] | None = None
) -> list[IssueFolder]:
    """Every issue folder under ``root``, sorted by name; ContentError on clashing names.

    A folder that cannot be listed may hold issues: it is a Problem, appended to
    ``unreadable`` (the issues found elsewhere are still returned), or raised as a
    ContentError without that list. Nothing is left out silently.
    """
    root_display = str(root)
    skip = exclude.resolve() if exclude is not None else None
    found: list[IssueFolder] = []
    problems: list[Problem] = []

    def cannot_list(error: OSError) -> None:
        reason = error.strerror or type(error).__name__
        hint = _("any issue in it is left out: make it readable")
        message = _("cannot read the folder ({reason})", reason=reason)
        problems.append(Problem(str(error.filename), None, message, hint))

    for current, dirs, files in os.walk(root, onerror=cannot_list):
        here = Path(current)
        if "issue.yaml" in files:
            relative = here.relative_to(root)
            if relative == Path("."):
                found.append(IssueFolder(root.resolve().name, here, root_display))
            else:
                found.append(IssueFolder(here.name, here, str(Path(root_display) / relative)))
            dirs[:] = []
            continue
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and (skip is None or (here / d).resolve() != skip)
        )
    _check_unique(found)
    if problems and unreadable is None:
        raise ContentError(problems)
    if unreadable is not None:
        unreadable.extend(problems)
    return sorted(found)


def _check_unique(found: list[IssueFolder]) -> None:
    by_name: dict[str, list[IssueFolder]] = {}
    for folder in found:
        by_name.setdefault(folder.name, []).append(folder)
    clashes = {name: folders for name, folders in by_name.items() if len(folders) > 1}
    reserved = [
        Problem(
            f.display,
            None,
            _("issue folder name {name!r} is reserved", name=f.name),
            _(_RESERVED_HINT),
        )
        for f in found
        if _RESERVED.match(f.name)
    ]
    if not clashes and not reserved:
        return
    problems = reserved + [
        Problem(
            folder.display,
            None,
            _("issue folder name {name!r} is used {count} times", name=name, count=len(folders)),
            _(
                "each issue's PDF is named after its folder: rename all but one ({others})",
                others=", ".join(other.display for other in folders if other is not folder),
            ),
        )
        for name, folders in sorted(clashes.items())
        for folder in folders
    ]
    raise ContentError(problems)


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/4"`` → ``(2, 4)``; ValueError unless 1 ≤ K ≤ N."""
    match = _SHARD.match(text)
    if match is None:
        raise ValueError(_("not a shard: {text!r} (write K/N, e.g. 1/4)", text=text))
    k, n = int(match[1]), int(match[2])
    if not 1 <= k <= n:
        raise ValueError(_("not a shard: {text!r} (K must be between 1 and N)", text=text))
    return k, n


def shard_of(name: str, count: int) -> int:
    """The shard (1-based, of ``count``) an issue folder name belongs to; stable by name."""
    digest = hashlib.sha1(name.encode("utf-8"), usedforsecurity=False).digest()
    return int.from_bytes(digest[:8], "big") % count + 1


def select_shard(folders: list[IssueFolder], shard: tuple[int, int] | None) -> list[IssueFolder]:
    """The folders of shard ``(K, N)``; all of them without a shard."""
    if shard is None:
        return folders
    k, n = shard
    return [folder for folder in folders if shard_of(folder.name, n) == k]
