"""The files an issue names: reading text safely, keeping paths inside the issue, checking images.

Every path in an issue is relative to the issue folder and must stay inside it; URLs are
never fetched. These checks are shared by issue.yaml (article files), front matter
(``image:``) and Markdown bodies (``![caption](path)``).

Reading text is bounded (:data:`TEXT_FILE_LIMIT`) and says what is wrong with a file that
cannot be read (its permissions, GBK or UTF-16 instead of UTF-8). The characters a file may
hold are decided here too: control characters, lone surrogates and noncharacters can never
be printed (:func:`scan_characters` reports them as errors), and bidi controls, which
silently reorder the printed text, are reported as warnings.
"""

from __future__ import annotations

import re
import struct
import unicodedata
import xml.etree.ElementTree as ElementTree
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from typesetter.errors import Problem
from typesetter.i18n import N_, Translator

_ = Translator("content")
ngettext = _.ngettext

URL_RE = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.\-]+:|//|\\\\)")
DRIVE_RE = re.compile(r"^[a-zA-Z]:[\\/]")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
IMAGE_KINDS = "PNG, JPEG or SVG"

TEXT_FILE_LIMIT = 1024 * 1024
"""Bytes in issue.yaml or in one article file (front matter and body): 1 MB.

A long article is about 60 KB; 1 MB is some 330,000 Chinese characters, about 200 pages,
and takes some 12 s to set. Past it, the file is refused before it is parsed.
"""
MAX_CHARACTER_PROBLEMS = 20
"""Unprintable or bidi characters reported per file; the rest are counted in one line."""

# fmt: off
_C0_NAMES = (
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF",
    "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM",
    "SUB", "ESC", "FS", "GS", "RS", "US",
)
_C1_NAMES = (
    "PAD", "HOP", "BPH", "NBH", "IND", "NEL", "SSA", "ESA", "HTS", "HTJ", "VTS", "PLD", "PLU",
    "RI", "SS2", "SS3", "DCS", "PU1", "PU2", "STS", "CCH", "MW", "SPA", "EPA", "SOS", "SGCI",
    "SCI", "CSI", "ST", "OSC", "PM", "APC",
)
# fmt: on
_NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane + 0xFFFE)}{chr(plane + 0xFFFF)}" for plane in range(0, 0x110000, 0x10000)
)
UNPRINTABLE = f"\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff{_NONCHARACTERS}"
"""Never printable: C0 and C1 controls but tab, line feed and carriage return; DEL; lone
surrogates; noncharacters."""
BIDI = "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
"""Bidi controls: the embeddings, overrides and isolates, and the LRM, RLM and ALM marks."""
UNPRINTABLE_RE = re.compile(f"[{UNPRINTABLE}]")
FLAGGED_RE = re.compile(f"[{UNPRINTABLE}{BIDI}]")
# A character reference as markdown-it decodes it, unless a backslash escapes the '&'.
_REFERENCE_RE = re.compile(
    r"(?<!\\)((?:\\\\)*)&(?:#([0-9]{1,7})|#[xX]([0-9a-fA-F]{1,6})|(lrm|rlm));"
)
_NAMED = {"lrm": "\u200e", "rlm": "\u200f"}
_CJK_RE = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


@dataclass(frozen=True)
class RefError:
    """Why a path named in the content is unusable: message and hint for a Problem."""

    message: str
    hint: str | None = None


@dataclass(frozen=True)
class ReadError:
    """Why a text file cannot be used: message and hint for a Problem, at ``line`` if known."""

    message: str
    hint: str | None = None
    line: int | None = None


def display_join(display_dir: str, relative: str) -> str:
    """A path for messages: ``display_dir`` as the user gave it, joined with ``relative``."""
    return str(PurePosixPath(display_dir) / relative)


def read_text(
    path: Path,
    *,
    what: str = N_("the file"),
    save_hint: str = N_("save it as UTF-8 text"),
    large_hint: str = N_("look for text pasted by mistake"),
    limit: int = TEXT_FILE_LIMIT,
) -> str | ReadError:
    """The text of a UTF-8 file, or why it cannot be read.

    At most ``limit`` bytes are read: a longer file is an error at the line that passes the
    limit (``what`` names the file in that message, ``large_hint`` is its hint). ``save_hint``
    is the hint for text
    that is not UTF-8 when it does not look like GBK, GB18030 or UTF-16. A BOM is dropped
    and line endings become ``\\n``. The characters are not checked here: see
    :func:`scan_characters`. ``what`` and the hints are msgids (marked with ``N_``),
    translated here.
    """
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except PermissionError as err:
        return ReadError(
            _("cannot read the file ({why})", why=err.strerror or _("permission denied")),
            _("check its permissions: whoever runs typesetter must be able to read it"),
        )
    except IsADirectoryError:
        return ReadError(_("is a folder, not a file"))
    except OSError as err:
        why = err.strerror or err.__class__.__name__
        return ReadError(_("cannot read the file ({why})", why=why))
    if len(data) > limit:
        line = data.count(b"\n", 0, limit) + 1
        return ReadError(
            _(
                "file too large: {what} may be at most {size}, and this line passes it",
                what=_(what),
                size=_size(limit),
            ),
            _(large_hint),
            line,
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        hint = _("this file looks like {encoding}; save it as UTF-8", encoding="UTF-16")
        return ReadError(_("not UTF-8 text"), hint, 1)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        legacy = _legacy_encoding(data)
        if legacy:
            hint = _("this file looks like {encoding}; save it as UTF-8", encoding=legacy)
        else:
            hint = _(save_hint)
        return ReadError(_("not UTF-8 text"), hint, line)
    if text.count("\x00") * 4 > len(text):  # UTF-16 without a BOM, or not text at all
        line = text.count("\n", 0, text.index("\x00")) + 1
        return ReadError(_("not a text file (it holds NUL bytes)"), _nul_hint(data), line)
    text = text.removeprefix("\ufeff")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _size(limit: int) -> str:
    if limit % (1024 * 1024) == 0:
        return f"{limit // (1024 * 1024)} MB"
    if limit % 1024 == 0:
        return f"{limit // 1024} KB"
    count = f"{limit:,}"
    return _("{count} bytes", count=count)


def _legacy_encoding(data: bytes) -> str | None:
    """GBK or GB18030 when ``data`` (not UTF-8) reads as Chinese text in that encoding.

    The bytes must decode, most of what is not ASCII must then be CJK, and the file must
    not be mostly UTF-8 with a stray part (that is reported as plain "not UTF-8").
    """
    for name, codec in (("GBK", "gbk"), ("GB18030", "gb18030")):
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        wide = sum(1 for char in text if char > "\x7f")
        if not wide or len(_CJK_RE.findall(text)) * 2 < wide:
            return None
        as_utf8 = data.decode("utf-8", "replace")
        if len(_CJK_RE.findall(as_utf8)) >= as_utf8.count("\ufffd"):
            return None
        return name
    return None


def _nul_hint(data: bytes) -> str:
    even, odd = data[0::2].count(0), data[1::2].count(0)
    if max(even, odd) * 3 > len(data):  # every other byte NUL: UTF-16 text
        return _("this file looks like {encoding}; save it as UTF-8", encoding="UTF-16")
    return _("a text file holds no NUL bytes: is it the right file?")


# --- characters --------------------------------------------------------------------------


def describe_character(char: str) -> str:
    """``control character U+001B ESC``, ``lone surrogate U+D800``, ``bidi control U+202E
    RIGHT-TO-LEFT OVERRIDE``: what the character is, by code point (never the character)."""
    code = ord(char)
    point = f"U+{code:04X}"
    if code < 0x20:
        return _("control character {code} {name}", code=point, name=_C0_NAMES[code])
    if code == 0x7F:
        return _("control character {code} {name}", code=point, name="DEL")
    if 0x80 <= code <= 0x9F:
        return _("control character {code} {name}", code=point, name=_C1_NAMES[code - 0x80])
    if 0xD800 <= code <= 0xDFFF:
        return _("lone surrogate {code}", code=point)
    name = unicodedata.name(char, "")
    if re.fullmatch(f"[{BIDI}]", char):
        return _("bidi control {code} {name}", code=point, name=name)
    if UNPRINTABLE_RE.fullmatch(char):
        return _("noncharacter {code}", code=point)
    if not name:
        return _("character {code}", code=point)
    return _("character {code} {name}", code=point, name=name)


def character_problem(path: str, line: int, char: str, written: str | None = None) -> Problem:
    """The problem with ``char`` at ``path:line``: an error for an unprintable character,
    a warning for a bidi control. ``written`` is the escape or reference the editor typed
    (``\\0``, ``&#x1B;``), named in the hint."""
    what = describe_character(char)
    if UNPRINTABLE_RE.fullmatch(char):
        if 0xD800 <= ord(char) <= 0xDFFF:
            hint = (
                _(
                    "delete '{written}': write the character itself, not half of its UTF-16 form",
                    written=written,
                )
                if written
                else _("delete it: write the character itself, not half of its UTF-16 form")
            )
        else:
            hint = _("delete '{written}'", written=written) if written else _("delete it")
        return Problem(path, line, _("{character} cannot be printed", character=what), hint)
    if written:
        hint = _("delete '{written}' unless the text is right-to-left", written=written)
    else:
        hint = _("delete it unless the text is right-to-left")
    return Problem(
        path,
        line,
        _("{character} can reorder the printed text", character=what),
        hint,
        "warning",
    )


def scan_characters(text: str, path: str, first_line: int = 1) -> tuple[str, list[Problem]]:
    """Find unprintable and bidi characters typed into ``text`` (a file from ``first_line``).

    Returns the text with each unprintable character replaced by U+FFFD (so that the
    parsers that follow report nothing twice; the errors stop the build anyway) and the
    problems: one per character and line, at most :data:`MAX_CHARACTER_PROBLEMS`.
    """
    if FLAGGED_RE.search(text) is None:
        return text, []
    problems: list[Problem] = []
    seen: set[tuple[int, str]] = set()
    line, counted_to, more, more_from = first_line, 0, 0, 0
    for match in FLAGGED_RE.finditer(text):
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        if (line, match.group()) in seen:
            continue
        seen.add((line, match.group()))
        if len(problems) < MAX_CHARACTER_PROBLEMS:
            problems.append(character_problem(path, line, match.group()))
        else:
            more, more_from = more + 1, more_from or line
    if more:
        message = ngettext(
            "{n} more unprintable or bidi character from this line on",
            "{n} more unprintable or bidi characters from this line on",
            more,
        )
        problems.append(Problem(path, more_from, message, _("delete them too")))
    return UNPRINTABLE_RE.sub("\ufffd", text), problems


def reference_problems(body: str, path: str, first_line: int) -> list[Problem]:
    """Markdown character references (``&#0;``, ``&#xD800;``, ``&rlm;``) that name an
    unprintable character, a bidi control or no character at all.

    markdown-it would print U+FFFD for most of them without a word; a reference in a code
    span (printed as written) is reported too.
    """
    if "&" not in body:
        return []
    problems: list[Problem] = []
    for match in _REFERENCE_RE.finditer(body):
        decimal, hexadecimal, named = match.group(2, 3, 4)
        written = match.group()[len(match.group(1)) :]
        line = first_line + body.count("\n", 0, match.start())
        if named:
            char = _NAMED[named]
        else:
            code = int(decimal) if decimal else int(hexadecimal, 16)
            if code > 0x10FFFF:
                message = _("'{written}' names no character", written=written)
                hint = _("delete '{written}'", written=written)
                problems.append(Problem(path, line, message, hint))
                continue
            char = chr(code)
        if FLAGGED_RE.fullmatch(char):
            problems.append(character_problem(path, line, char, written))
    return problems


def resolve_ref(
    ref: str, issue_dir: Path, what: str, display_dir: str, *, literal: bool = False
) -> Path | RefError:
    """The file ``ref`` names inside the issue folder, or why it cannot be used.

    ``ref`` is read as a URL path (as Markdown link destinations are): percent escapes are
    decoded and ``#…`` and ``?…`` dropped. With ``literal`` (the article paths of
    issue.yaml) it is a plain file name: ``a#b.md`` and ``a%20b.md`` are those very names.
    ``what`` names the file in the messages: a msgid (``N_("image")``), translated here.
    """
    what = _(what)
    if not ref.strip():
        return RefError(_("{what}: the path is empty", what=what))
    if URL_RE.match(ref) and not DRIVE_RE.match(ref):
        return RefError(
            _("{what} '{ref}' is a URL", what=what, ref=ref),
            _("URLs are never fetched; put the file in the issue folder and give its path"),
        )
    if ref.startswith(("/", "\\")) or DRIVE_RE.match(ref):
        return RefError(
            _("{what} '{ref}' is an absolute path", what=what, ref=ref),
            _("give a path relative to the issue folder"),
        )
    relative = ref if literal else unquote(ref.split("#", 1)[0].split("?", 1)[0])
    root = issue_dir.resolve()
    try:
        target = (root / relative).resolve()
        inside = target.is_relative_to(root)
    except (OSError, ValueError, RuntimeError):
        return RefError(_("{what} '{ref}' is not a usable path", what=what, ref=ref))
    if not inside:
        return RefError(
            _("{what} '{ref}' is outside the issue folder", what=what, ref=ref),
            _("paths must stay inside it"),
        )
    try:
        exists, is_file = target.exists(), target.is_file()
    except OSError as err:  # a folder on the way that cannot be searched
        why = err.strerror or err.__class__.__name__
        return RefError(
            _("{what} '{ref}' cannot be read ({why})", what=what, ref=ref, why=why),
            _("check the permissions of its folder"),
        )
    if not exists:
        return RefError(
            _("{what} '{ref}' not found", what=what, ref=ref),
            _("no file {path}", path=display_join(display_dir, relative)),
        )
    if not is_file:
        return RefError(_("{what} '{ref}' is not a file", what=what, ref=ref))
    return target


def check_image(path: Path, ref: str) -> RefError | None:
    """None when ``path`` holds a readable PNG, JPEG or SVG picture."""
    try:
        data = path.read_bytes()
    except OSError as err:
        why = err.strerror or err.__class__.__name__
        return RefError(_("image '{ref}' cannot be read ({why})", ref=ref, why=why))
    if data.startswith(PNG_SIGNATURE):
        return _png_problem(data, ref)
    if data.startswith(b"\xff\xd8\xff"):
        return _jpeg_problem(data, ref)
    if _looks_like_svg(data):
        return _svg_problem(data, ref)
    return _not_a_picture(ref, _("convert it to PNG or JPEG"))


def _not_a_picture(ref: str, hint: str | None = None) -> RefError:
    """Not a PNG, JPEG or SVG file (:data:`IMAGE_KINDS`)."""
    return RefError(_("image '{ref}' is not a PNG, JPEG or SVG file", ref=ref), hint)


def _damaged(ref: str, kind: str) -> RefError:
    return RefError(
        _("image '{ref}' is not a readable {kind}", ref=ref, kind=kind),
        _("the file is truncated or damaged"),
    )


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
    return head.startswith(b"<") and b"<svg" in data  # comments may come before <svg


def _svg_problem(data: bytes, ref: str) -> RefError | None:
    if b"<!ENTITY" in data:
        return RefError(
            _("image '{ref}' declares XML entities", ref=ref),
            _("remove the <!ENTITY> declarations"),
        )
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as err:
        return RefError(_("image '{ref}' is not a readable SVG ({error})", ref=ref, error=err))
    if root.tag.rsplit("}", 1)[-1] != "svg":
        return _not_a_picture(ref)
    return None
