"""The files an issue names: reading text safely, keeping paths inside the issue, checking images.

Every path in an issue is relative to the issue folder and must stay inside it; URLs are
never fetched. These checks are shared by issue.yaml (article files), front matter
(``image:``) and Markdown bodies (``![caption](path)``).
"""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ElementTree
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

URL_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.\-]+:|//|\\\\)")
DRIVE_RE = re.compile(r"^[a-zA-Z]:[\\/]")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE_KINDS = "PNG, JPEG or SVG"


@dataclass(frozen=True)
class RefError:
    """Why a path named in the content is unusable: message and hint for a Problem."""

    message: str
    hint: str | None = None


def display_join(display_dir: str, relative: str) -> str:
    """A path for messages: ``display_dir`` as the user gave it, joined with ``relative``."""
    return str(PurePosixPath(display_dir) / relative)


def read_text(path: Path) -> tuple[str | None, str, int]:
    """Read a UTF-8 text file: ``(text, "", 0)`` or ``(None, what is wrong, line)``.

    A BOM is dropped and line endings become ``\\n``.
    """
    try:
        data = path.read_bytes()
    except OSError as err:
        return None, f"cannot read the file ({err.strerror or err.__class__.__name__})", 0
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return None, "not UTF-8 text", line
    if "\x00" in text:
        return (
            None,
            "not a text file (it holds NUL bytes)",
            text.count("\n", 0, text.index("\x00")) + 1,
        )
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n"), "", 0


def resolve_ref(ref: str, issue_dir: Path, what: str, display_dir: str) -> Path | RefError:
    """The file ``ref`` names inside the issue folder, or why it cannot be used.

    ``ref`` may be percent-encoded (as Markdown link destinations are).
    """
    shown = f"{what} '{ref}'"
    if not ref.strip():
        return RefError(f"{what}: the path is empty")
    if URL_RE.match(ref) and not DRIVE_RE.match(ref):
        return RefError(
            f"{shown} is a URL",
            "URLs are never fetched; put the file in the issue folder and give its path",
        )
    if ref.startswith(("/", "\\")) or DRIVE_RE.match(ref):
        return RefError(f"{shown} is an absolute path", "give a path relative to the issue folder")
    relative = unquote(ref.split("#", 1)[0].split("?", 1)[0])
    root = issue_dir.resolve()
    try:
        target = (root / relative).resolve()
        inside = target.is_relative_to(root)
    except (OSError, ValueError, RuntimeError):
        return RefError(f"{shown} is not a usable path")
    if not inside:
        return RefError(f"{shown} is outside the issue folder", "paths must stay inside it")
    if not target.exists():
        return RefError(f"{shown} not found", f"no file {display_join(display_dir, relative)}")
    if not target.is_file():
        return RefError(f"{shown} is not a file")
    return target


def check_image(path: Path, ref: str) -> RefError | None:
    """None when ``path`` holds a readable PNG, JPEG or SVG picture."""
    try:
        data = path.read_bytes()
    except OSError as err:
        return RefError(f"image '{ref}' cannot be read ({err.strerror})")
    if data.startswith(PNG_SIGNATURE):
        return _png_problem(data, ref)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg_problem(data, ref)
    if _looks_like_svg(data):
        return _svg_problem(data, ref)
    return RefError(f"image '{ref}' is not a {IMAGE_KINDS} file", "convert it to PNG or JPEG")


def _damaged(ref: str, kind: str) -> RefError:
    return RefError(f"image '{ref}' is not a readable {kind}", "the file is truncated or damaged")


def _png_problem(data: bytes, ref: str) -> RefError | None:
    position = len(PNG_SIGNATURE)
    chunks: list[bytes] = []
    while position + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[position : position + 8])
        end = position + 12 + length
        if end > len(data):
            return _damaged(ref, "PNG")
        body = data[position + 4 : end - 4]
        (crc,) = struct.unpack(">I", data[end - 4 : end])
        if zlib.crc32(body) != crc:
            return _damaged(ref, "PNG")
        chunks.append(kind)
        position = end
        if kind == b"IEND":
            break
    if not chunks or chunks[0] != b"IHDR" or chunks[-1] != b"IEND" or b"IDAT" not in chunks:
        return _damaged(ref, "PNG")
    return None


def _jpeg_problem(data: bytes, ref: str) -> RefError | None:
    has_frame = re.search(rb"\xff[\xc0-\xc3\xc5-\xc7\xc9-\xcb\xcd-\xcf]", data) is not None
    if not has_frame or data.rfind(b"\xff\xd9") < 4:
        return _damaged(ref, "JPEG")
    return None


def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<") and b"<svg" in head


def _svg_problem(data: bytes, ref: str) -> RefError | None:
    if b"<!ENTITY" in data:
        return RefError(f"image '{ref}' declares XML entities", "remove the <!ENTITY> declarations")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as err:
        return RefError(f"image '{ref}' is not a readable SVG ({err})")
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return RefError(f"image '{ref}' is not a {IMAGE_KINDS} file")
    return None
