"""What feeds an issue's PDF, as hashes — never timestamps.

An issue's fingerprint covers: every file of its folder (issue.yaml, articles, images),
every file of its layout folder and of the layouts it extends, the vendored fonts, the
typesetter's own code that takes part in a build, the WeasyPrint version and the options.
Nothing here loads an issue or imports WeasyPrint: the no-change path only reads files.

Big files (the fonts, ~70 MB; pictures) are hashed once and their hashes cached by
(path, size, mtime_ns) in the manifest: a rerun only stats them, and hashes a file again
when its size or modification time changed.

Only regular files are read, and an issue's files only inside its folder: a link is
followed only when it stays in the folder, and a FIFO, device or socket is never opened
(``lstat`` before ``open``, ``O_NOFOLLOW | O_NONBLOCK``, ``fstat`` after). Whatever of an
issue folder cannot be read so is a :class:`Problem` of that issue alone.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, BinaryIO, TypeGuard

from ..errors import Problem
from ..i18n import N_, Translator
from ..resources import FONTS_DIR, LAYOUTS_DIR

PACKAGE_DIR = Path(__file__).resolve().parent.parent
#: Parts of the package that never change an issue's PDF (the archive's own code is
#: covered by the options it passes; the annual index hashes it separately). ``locale``:
#: the message catalogs translate what the user reads, never what a PDF prints (the
#: templates' words are the layouts'; tests/test_i18n_build.py checks an issue's HTML is
#: the same in every language), so a catalog edit rebuilds nothing and a worker with
#: other catalogs makes the same PDFs (archive/cluster.py).
NOT_IN_BUILD = frozenset(
    {"archive", "importer", "proof", "cli.py", "__main__.py", "_data", "locale"}
)

_LAYOUT_KEY = re.compile(r"""^layout:\s*["']?([^"'\s#]+)""", re.MULTILINE)

#: absolute path → [size, mtime_ns, sha256]
HashCache = dict[str, list[Any]]
#: Files at least this big have their hash cached.
BIG_FILE = 64 * 1024

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_ = Translator("archive")
_KINDS = {
    stat.S_IFDIR: N_("a folder"),
    stat.S_IFIFO: N_("a FIFO"),
    stat.S_IFCHR: N_("a character device"),
    stat.S_IFBLK: N_("a block device"),
    stat.S_IFSOCK: N_("a socket"),
    stat.S_IFLNK: N_("a link"),
}
_NOT_A_FILE = N_("not a file")
_READ_HINT = N_("make it readable, or remove it from the issue folder")


class NotRegularFile(OSError):
    """A path that names a FIFO, device, socket or folder where a file was expected."""

    def __init__(self, path: Path | str, mode: int) -> None:
        self.kind = _(_KINDS.get(stat.S_IFMT(mode), _NOT_A_FILE))
        super().__init__(_("{path} is {kind}, not a regular file", path=path, kind=self.kind))
        self.strerror = _("{kind}, not a regular file", kind=self.kind)


@contextmanager
def open_regular(path: Path | str) -> Iterator[BinaryIO]:
    """``path`` opened for reading if it is a regular file itself (a final link is not
    followed); a FIFO or device is never opened, and the check is repeated on the open
    file so that nothing swapped in between is read."""
    info = os.lstat(path)
    if not stat.S_ISREG(info.st_mode):
        raise NotRegularFile(path, info.st_mode)
    descriptor = os.open(path, _OPEN_FLAGS)
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, mode)
        stream = os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise
    with stream:
        yield stream


def _stream_sha(path: Path | str) -> str:
    """sha256 of a regular file, read in blocks (memory stays flat whatever its size)."""
    digest = hashlib.sha256()
    with open_regular(path) as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def valid_cached(known: Any) -> TypeGuard[list[Any]]:
    """A hash cache value: ``[size, mtime_ns, sha256]``."""
    return (
        isinstance(known, list)
        and len(known) == 3
        and all(type(n) is int for n in known[:2])
        and isinstance(known[2], str)
        and re.fullmatch(r"[0-9a-f]{64}", known[2]) is not None
    )


class Hasher:
    """sha256 of files; a big file is read again only when its size or mtime changed."""

    def __init__(self, known: HashCache, big: int = BIG_FILE) -> None:
        self.known = known
        self.big = big
        #: The cache entries of the files hashed in this run (what to keep).
        self.used: HashCache = {}

    def sha(self, path: Path) -> str:
        """The sha256 of the regular file ``path`` names (through links: the caller
        decides which links may be followed); NotRegularFile for anything else."""
        real = os.path.realpath(path)
        info = os.lstat(real)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegularFile(path, info.st_mode)
        if info.st_size < self.big:
            return _stream_sha(real)
        key = os.path.abspath(path)
        known = self.known.get(key)
        if valid_cached(known) and known[:2] == [info.st_size, info.st_mtime_ns]:
            sha = str(known[2])
        else:
            sha = _file_sha(real)
        self.used[key] = [info.st_size, info.st_mtime_ns, sha]
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
    hasher = hasher or Hasher({}, big=1 << 62)  # no cache: every file is read
    for path in _walk(folder, skip):
        sha = hasher.sha(path)
        digest.update(f"{path.relative_to(folder).as_posix()}\0{sha}\n".encode())
    return digest.hexdigest()


def code_digest(package_dir: Path = PACKAGE_DIR) -> str:
    """The typesetter's code that takes part in a build, and the WeasyPrint version."""
    try:
        weasyprint = metadata.version("weasyprint")
    except metadata.PackageNotFoundError:  # pragma: no cover
        weasyprint = "?"
    return _sha(f"{tree_digest(package_dir, NOT_IN_BUILD)} weasyprint {weasyprint}".encode())


def _file_sha(path: Path | str) -> str:
    """sha256 of a big file (what the hash cache spares)."""
    return _stream_sha(path)


def layout_name(issue_dir: Path) -> str:
    """The layout ``issue.yaml`` names (a plain top-level ``layout:`` key), by default
    ``newsletter``; read with a regular expression, not a YAML parser."""
    try:
        with open_regular(os.path.realpath(issue_dir / "issue.yaml")) as stream:
            text = stream.read().decode("utf-8", errors="replace")
    except OSError:
        return "newsletter"
    match = _LAYOUT_KEY.search(text)
    return match[1] if match else "newsletter"


@dataclass
class IssuePrint:
    """An issue's fingerprint, the bytes of its files (bigger issues are built first) and
    what in its folder could not be read (then the issue is not built)."""

    fingerprint: str
    cost: int = 0
    problems: list[Problem] = field(default_factory=list)


class _Unusable(Exception):
    def __init__(self, message: str, hint: str | None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint


def inside(real: str, root: str) -> bool:
    """Whether the real path ``real`` is ``root`` or under it."""
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def folder_entries(
    folder: Path, onerror: Callable[[OSError], None] | None = None
) -> Iterator[tuple[Path, list[str], list[str]]]:
    """What an issue's fingerprint sees of ``folder`` (and what a cluster task carries):
    each folder under it with its links to folders (not entered) and its files, sorted;
    hidden entries and caches left out."""
    for current, dirs, files in os.walk(folder, onerror=onerror):
        here = Path(current)
        kept = sorted(d for d in dirs if not d.startswith(".") and d != "__pycache__")
        linked = [d for d in kept if os.path.islink(here / d)]
        dirs[:] = [d for d in kept if d not in linked]
        names = sorted(n for n in files if not n.startswith(".") and not n.endswith(".pyc"))
        yield here, linked, names


def _issue_entry(path: Path, root: str, hasher: Hasher) -> tuple[str, int]:
    """What one entry of an issue folder adds to its digest, and its size; _Unusable when
    it is not a regular file inside the folder (or a link to a folder inside it)."""
    info = os.lstat(path)
    if stat.S_ISLNK(info.st_mode):
        target = os.readlink(path)
        real = os.path.realpath(path)
        if not inside(real, root):
            raise _Unusable(
                _("links outside the issue folder (to '{target}')", target=target),
                _("nothing outside the issue folder is read: copy the file in instead"),
            )
        try:
            info = os.stat(real)
        except OSError as error:
            if error.errno not in (errno.ENOENT, errno.ELOOP):
                raise
            if error.errno == errno.ENOENT:
                message = _("broken link (to '{target}', which does not exist)", target=target)
            else:
                message = _("broken link (to '{target}', a loop of links)", target=target)
            raise _Unusable(
                message, _("remove the link, or put the file it names in its place")
            ) from None
        if stat.S_ISDIR(info.st_mode):
            return f"link {target}", 0  # its files are fingerprinted where they are
    if not stat.S_ISREG(info.st_mode):
        kind = _(_KINDS.get(stat.S_IFMT(info.st_mode), _NOT_A_FILE))
        raise _Unusable(
            _("not a regular file ({kind})", kind=kind),
            _("only files are read: remove it from the issue folder"),
        )
    return hasher.sha(path), info.st_size


def issue_files(folder: Path, display: str, hasher: Hasher) -> IssuePrint:
    """The digest of an issue folder's files (as :func:`tree_digest` has it), their bytes,
    and a Problem for each entry that cannot be read safely (named as ``display``/…)."""
    root = os.path.realpath(folder)
    digest = hashlib.sha256()
    result = IssuePrint("")

    def shown(path: str | Path) -> str:
        relative = os.path.relpath(path, folder)
        return display if relative == "." else str(Path(display) / relative)

    def unreadable_folder(error: OSError) -> None:
        reason = error.strerror or type(error).__name__
        message = _("cannot read the folder ({reason})", reason=reason)
        result.problems.append(Problem(shown(error.filename), None, message, _(_READ_HINT)))

    for here, linked, names in folder_entries(folder, onerror=unreadable_folder):
        for name in sorted(names + linked):
            path = here / name
            try:
                sha, size = _issue_entry(path, root, hasher)
            except _Unusable as problem:
                result.problems.append(Problem(shown(path), None, problem.message, problem.hint))
                continue
            except OSError as error:
                reason = error.strerror or type(error).__name__
                message = _("cannot read the file ({reason})", reason=reason)
                result.problems.append(Problem(shown(path), None, message, _(_READ_HINT)))
                continue
            result.cost += size
            digest.update(f"{path.relative_to(folder).as_posix()}\0{sha}\n".encode())
    result.fingerprint = digest.hexdigest()
    return result


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

    def layout(self, name: str, issue_dir: Path | None = None) -> str:
        """A hash of the files of the layout ``name`` and of the layouts it extends, as a
        build of the issue in ``issue_dir`` finds them (typesetter.layouts.layout_chain:
        beside the issue, --layouts, TYPESETTER_LAYOUTS, built-in; without an issue, the
        built-in ones). A layout that cannot be found or read hashes as such: the build
        will report it."""
        from ..errors import LayoutError
        from ..layouts import is_layout_path, layout_chain

        if issue_dir is None and is_layout_path(name):
            return _sha(f"unusable {name}\n".encode())
        try:
            chain = layout_chain(name, issue_dir, self.layouts_dir)
        except (LayoutError, OSError):
            return _sha(f"missing {name}\n".encode())
        key = "\0".join(os.path.realpath(found.folder) for found in chain)
        if key not in self._layouts:
            digest = hashlib.sha256()
            for found in chain:
                try:  # an office's layout folder: a FIFO or device in it is not read
                    files = tree_digest(found.folder)
                except OSError as error:
                    files = f"unreadable {type(error).__name__} {error}"
                digest.update(f"{found.name} {files}\n".encode())
            self._layouts[key] = digest.hexdigest()
        return self._layouts[key]

    def shared(self) -> str:
        """The hash of everything every issue shares (code, fonts, options)."""
        return _sha(f"code {self.code}\nfonts {self.fonts}\noptions {self.options}\n".encode())

    def issue(self, issue_dir: Path, display: str | None = None) -> IssuePrint:
        """The fingerprint of one issue folder, or the problems that keep it from being
        built (each path shown under ``display``, by default the folder's path)."""
        files = issue_files(issue_dir, str(issue_dir) if display is None else display, self.hasher)
        if files.problems:
            return files
        layout = layout_name(issue_dir)
        parts = (
            f"issue {files.fingerprint}\nlayout {layout} {self.layout(layout, issue_dir)}\n"
            f"shared {self.shared()}\n"
        )
        files.fingerprint = _sha(parts.encode())
        return files


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
