"""Which paths a command may write: an output never replaces an input.

A path named for output (``build -o``, ``archive -o`` and ``--report``, ``import -o``) is
refused, as a usage error (exit code 2) whose message names it, when it

- exists and is not a regular file, nor a symbolic link to one: a folder, a device such
  as ``/dev/full``, a named pipe, a socket, a link to nothing (for an output folder: when
  it exists and is not a folder);
- is, is inside, or is a symbolic link into a folder the command reads: the issue folder
  (for the archive, every issue folder under the content root) and the typesetter's own
  layouts, fonts, colour profiles and code;
- is a file the command writes or reads otherwise: ``archive --report`` naming the output
  folder, a PDF, a catalog, the index or the manifest; ``import -o`` naming the folder
  the text file would be replaced in.

A symbolic link to any other regular file may be named: the new file replaces the link,
and the file it pointed to is left as it is (:func:`typesetter.pdf.write_atomic` renames
over the link).
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from .errors import Problem, UsageError
from .i18n import N_, Translator

_ = Translator("layout")

Readers = Iterable[tuple[Path, str]]

_NOT_A_FOLDER = N_("name a folder, or a path that does not exist yet")
_SPECIAL = N_("the output would replace it: name a new file or a regular one")


class Refusal(NamedTuple):
    """Why an output path is refused: a message naming it, and a hint."""

    message: str
    hint: str

    def problem(self, option: str) -> Problem:
        """As a :class:`UsageError`'s problem: its path names the option."""
        return Problem(option, None, self.message, self.hint)


def typesetter_folders() -> list[tuple[Path, str]]:
    """The typesetter's own folders every command reads, each as a message names it."""
    from .resources import COLOR_DIR, FONTS_DIR, LAYOUTS_DIR, PACKAGE_DIR

    return [
        (LAYOUTS_DIR, _("the typesetter's layouts folder {path}", path=LAYOUTS_DIR)),
        (FONTS_DIR, _("the typesetter's fonts folder {path}", path=FONTS_DIR)),
        (COLOR_DIR, _("the typesetter's colour profiles folder {path}", path=COLOR_DIR)),
        (PACKAGE_DIR, _("the typesetter's code folder {path}", path=PACKAGE_DIR)),
    ]


def build_output(target: Path, issue_dir: Path) -> Refusal | None:
    """``build -o TARGET``: why the PDF must not be written there, or None."""
    example = target / f"{issue_dir.resolve().name}.pdf"
    readers = [(issue_dir, _("the issue folder {path}", path=issue_dir)), *typesetter_folders()]
    return refused_file(target, readers, _("the build"), example)


def archive_output(out_dir: Path, content_root: Path) -> Refusal | None:
    """``archive -o OUT_DIR``: why the archive must not be written there, or None. Its
    manifest folder is checked as well."""
    from .archive.manifest import MANIFEST_DIR

    for folder in (out_dir, out_dir / MANIFEST_DIR):
        refusal = refused_folder(folder, typesetter_folders(), _("the archive"), content_root)
        if refusal is not None:
            return refusal
    return None


def check_archive_output(out_dir: Path, content_root: Path) -> None:
    """:func:`archive_output` as a :class:`UsageError` naming ``--output``."""
    refusal = archive_output(out_dir, content_root)
    if refusal is not None:
        raise UsageError([refusal.problem("--output")])


def archive_report(report: Path, content_root: Path, out_dir: Path) -> Refusal | None:
    """``archive --report REPORT``: why the report must not be written there, or None."""
    from .archive.manifest import MANIFEST_DIR

    refusal = refused_file(
        report, typesetter_folders(), _("the archive"), report / "report.json", content_root
    )
    if refusal is not None:
        return refusal
    out, where = out_dir.resolve(), location(report)
    hint = _("name another file, e.g. {example}", example=out_dir / "report.json")
    if where == out:
        return Refusal(_("{path} is the output folder", path=report), hint)
    name = where.name
    own = where.parent == out and (
        name.endswith(".pdf")
        or (name.startswith("catalog") and name.endswith(".json"))
        or (name.startswith("index") and name.endswith(".html"))
    )
    if own or within(where, out / MANIFEST_DIR):
        return Refusal(_("{path} is a file the archive writes itself", path=report), hint)
    return None


def import_output(text_file: Path, output: Path) -> Refusal | None:
    """``import TEXT_FILE -o OUTPUT``: why the issue folder must not be written there (a
    file, the typesetter's folders, inside another issue folder, or where the import would
    replace its own text file), or None."""
    from .importer import OWN_FILES

    refusal = refused_folder(output, typesetter_folders(), _("the typesetter"))
    if refusal is not None:
        return refusal
    where, text = output.resolve(), text_file.resolve()
    if text in [where / name for name in OWN_FILES] or within(text, where / "articles"):
        message = _(
            "importing into {output} would replace the text file {text_file}",
            output=output,
            text_file=text_file,
        )
        return Refusal(message, _("move the text file out of that folder first"))
    around = next((f for f in where.parents if (f / "issue.yaml").is_file()), None)
    if around is not None:
        shown = around.relative_to(Path.cwd()) if within(around, Path.cwd()) else around
        message = _("{path} is inside the issue folder {issue}", path=output, issue=shown)
        return Refusal(message, _("an issue folder holds one issue: import next to it"))
    return None


def refused_file(
    path: Path, readers: Readers, reader: str, example: Path, issues_under: Path | None = None
) -> Refusal | None:
    """Why the file ``path`` must not be written, naming it; None when it may be.

    ``readers`` are the folders ``reader`` ("the build") reads, each as a message names it
    ("the issue folder content/2023-17"); with ``issues_under``, every issue folder under
    that folder is one too. ``example`` is a file name to suggest when ``path`` is a folder.
    """
    if os.path.lexists(path):
        kind = _not_regular(path)
        if kind is not None:
            message = _("{path} is {kind}, not a regular file", path=path, kind=kind)
            if _is_folder(path):  # a folder, or a link to one
                hint = _("name the file to write, e.g. {example}", example=example)
                return Refusal(message, hint)
            return Refusal(message, _(_SPECIAL))
    return _inside(path, location(path), readers, reader, issues_under)


def refused_folder(
    path: Path, readers: Readers, reader: str, issues_under: Path | None = None
) -> Refusal | None:
    """Why the folder ``path`` must not be written into, naming it; None when it may be."""
    if os.path.lexists(path) and not path.is_dir():
        return Refusal(_("{path} is not a folder", path=path), _(_NOT_A_FOLDER))
    return _inside(path, path.resolve(), readers, reader, issues_under)


def _inside(
    path: Path, where: Path, readers: Readers, reader: str, issues_under: Path | None
) -> Refusal | None:
    """Why ``path`` (written at ``where``) is, or links, inside a folder that is read."""
    places = [where]
    if path.is_symlink() and path.resolve() != where:
        places.append(path.resolve())
    hint = _("{reader} reads that folder: write elsewhere", reader=reader)
    folders = list(readers)
    for place in places:
        if issues_under is not None:
            issue = issue_folder_around(place, issues_under)
            if issue is not None:
                shown = issues_under / issue.relative_to(issues_under.resolve())
                folders.append((issue, _("the issue folder {path}", path=shown)))
        for folder, description in folders:
            if within(place, folder):
                if place == where:
                    message = _("{path} is inside {folder}", path=path, folder=description)
                    return Refusal(message, hint)
                message = _(
                    "{path} is a link to {target}, inside {folder}",
                    path=path,
                    target=place,
                    folder=description,
                )
                return Refusal(message, hint)
    return None


def issue_folder_around(where: Path, root: Path) -> Path | None:
    """The issue folder (a folder holding ``issue.yaml``) that the resolved path ``where``
    is, or is inside, looking no higher than ``root``; None when there is none."""
    top = root.resolve()
    for folder in [where, *where.parents]:
        if not within(folder, top):
            return None
        if (folder / "issue.yaml").is_file():
            return folder
    return None


def _not_regular(path: Path) -> str | None:
    """What ``path`` is when it is not a regular file (or a link to one), else None
    (a phrase in the language of the moment: ``a folder``, ``a symbolic link to a device``)."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return _("a symbolic link to a missing file")
    except OSError as error:  # a loop of links, a folder that cannot be searched
        return _("a path that cannot be examined ({reason})", reason=error.strerror)
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        kind = _("a folder")
    elif stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        kind = _("a device")
    elif stat.S_ISFIFO(mode):
        kind = _("a named pipe")
    elif stat.S_ISSOCK(mode):
        kind = _("a socket")
    else:
        kind = _("a special file")
    return _("a symbolic link to {kind}", kind=kind) if path.is_symlink() else kind


def _is_folder(path: Path) -> bool:
    try:
        return stat.S_ISDIR(path.stat().st_mode)
    except OSError:
        return False


def location(path: Path) -> Path:
    """Where a file named ``path`` is written: its folder resolved, and its own name (a
    link named ``path`` is replaced, not followed)."""
    absolute = Path(os.path.abspath(path))
    return absolute.parent.resolve() / absolute.name


def within(path: Path, folder: Path) -> bool:
    """Whether the resolved ``path`` is ``folder`` or inside it."""
    folder = folder.resolve()
    return path == folder or folder in path.parents
