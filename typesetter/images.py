"""Pictures, before and after layout.

Before rendering, every picture an issue names is checked the way the renderer will read
it, its type decided by its content, never by its name:

- a PNG or JPEG is decoded in full, and every row must come from the file: a PNG whose
  pixel data inflates to fewer bytes than its rows need, or a JPEG whose compressed data
  stops before its last block (also when the file still ends with an end marker), would
  print its missing rows grey, and is an error;
- it may hold at most ``max_megapixels`` (a layout option, default
  :data:`DEFAULT_MAX_MEGAPIXELS`) million pixels;
- an SVG is parsed with entity declarations refused, at most :data:`MAX_SVG_DEPTH`
  elements deep and with at most :data:`MAX_SVG_ELEMENTS` elements to draw (``<use>``
  copies and the SVGs it draws counted); every picture it draws (``<image href>``,
  relative to the SVG) is checked the same way, and must be a file inside the issue
  folder (a URL or a ``data:`` URI is never fetched).

Each failure is an error at the article line that names the picture. The colour space and
ICC profile of each raster picture are read for the preflight report.

After layout, each picture's effective resolution at the size it is drawn is checked:
below 300 ppi a warning, below 150 ppi an error, each at the article line that names the
picture, with the page, the ppi, and the pixel width it needs at its printed width.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import html
import io
import math
import re
import struct
import warnings
import xml.etree.ElementTree as ElementTree
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, unquote_to_bytes, urljoin, urlsplit
from xml.parsers import expat

from .errors import Problem, Severity
from .i18n import N_, Translator
from .model import Article, Issue
from .weasy import LaidOut

_ = Translator("layout")

#: Below this a picture prints soft: a warning.
WARN_PPI = 300
#: Below this it prints visibly pixelated: an error.
ERROR_PPI = 150
#: The most pixels a raster picture may have, in millions, unless the layout says
#: otherwise (``max_megapixels``). A full A4 page at 300 ppi is 8.7 megapixels; 100 take
#: some 300 MB to decode.
DEFAULT_MAX_MEGAPIXELS = 100
#: How deep an SVG's elements may nest (counting ``<use>`` copies and the SVGs it draws):
#: the renderer draws them recursively, and fails somewhat past 800.
MAX_SVG_DEPTH = 200
#: How many elements an SVG may have to draw (counting ``<use>`` copies and the SVGs it
#: draws); each takes about 0.1 ms to draw, 100,000 some 13 s.
MAX_SVG_ELEMENTS = 100_000
#: How many SVGs may be drawn one inside another (``<image href="b.svg">``).
MAX_SVG_NESTING = 4

_CSS_PX_PER_INCH = 96
_IMG_SRC = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"')
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Why a picture fails and the hint, marked here and translated where they are printed
# (BadPicture); verdicts are remembered across languages (_VERDICTS).
_NOT_A_PICTURE = N_("is not a PNG, JPEG or SVG file")
_CONVERT = N_("convert it to PNG or JPEG")
_UNREADABLE = N_("is not a readable {kind}")
_UNDECODABLE = N_("cannot be decoded ({error})")
_TOO_DEEP = N_("nests its elements more than {levels} levels deep")
_DAMAGED = N_("the file is truncated or damaged: export it again")
_SIMPLIFY = N_("simplify the drawing: ungroup, use fewer copies, or export it again")
_ELSEWHERE = N_("put the picture in the issue folder and link it by a path relative to the SVG")
_NO_URLS = N_(
    "URLs are never fetched: put the picture in the issue folder and link it by a path "
    "relative to the SVG"
)
#: An ICC profile's name when it has none, or cannot be read (translated when described).
_PROFILE_NAMES = {"unnamed": N_("unnamed"), "unreadable": N_("unreadable")}
_XLINK_HREF = "http://www.w3.org/1999/xlink href"
_XML_BASE = "http://www.w3.org/XML/1998/namespace base"


@dataclass(frozen=True)
class ImageInfo:
    """A raster picture of the issue, as the preflight reports it."""

    shown: str
    kind: str
    width: int
    height: int
    mode: str
    icc: str | None

    def describe(self) -> str:
        colour = {"RGBA": _("RGB + alpha"), "L": _("greyscale")}.get(self.mode, self.mode)
        if self.icc:
            name = _(_PROFILE_NAMES[self.icc]) if self.icc in _PROFILE_NAMES else self.icc
            profile = _("ICC profile '{name}'", name=name)
        else:
            profile = _("no ICC profile")
        return _(
            "{kind} {width}×{height} px, {colour}, {profile}",
            kind=self.kind,
            width=self.width,
            height=self.height,
            colour=colour,
            profile=profile,
        )


@dataclass(frozen=True)
class ImageRef:
    """A picture named by an article: where it is named, the file, and the name given."""

    article: str
    path: Path
    ref: str
    line: int | None = None


def issue_images(issue: Issue) -> list[ImageRef]:
    """Every picture the issue's articles name (front matter ``image:`` and the body), once
    each, with the article and line that first name it."""
    found: dict[Path, ImageRef] = {}
    if issue.cover is not None and issue.cover.image:
        _add_ref(found, issue, issue.cover.image, _issue_yaml(issue), _cover_image_line(issue))
    for article in issue.articles():
        lines = _source_lines(article)
        refs: list[tuple[str, int | None]] = []
        if article.meta.image:
            refs.append((article.meta.image, _front_matter_line(lines, article.body_line)))
        for src in _IMG_SRC.findall(article.html):
            src = html.unescape(src)
            refs.append((src, _body_line(lines, article.body_line, src)))
        for ref, line in refs:
            _add_ref(found, issue, ref, article.display_path, line)
    return list(found.values())


def _add_ref(
    found: dict[Path, ImageRef], issue: Issue, ref: str, named_in: str, line: int | None
) -> None:
    # As the renderer reads it: a URL path, its #fragment and ?query dropped.
    relative = unquote(ref.split("#", 1)[0].split("?", 1)[0])
    try:
        path = (issue.dir / relative).resolve()
    except (OSError, RuntimeError):
        return  # reported by the content checks
    found.setdefault(path, ImageRef(named_in, path, unquote(ref), line))


def _issue_yaml(issue: Issue) -> str:
    return str(PurePosixPath(issue.display_dir) / "issue.yaml")


def _cover_image_line(issue: Issue) -> int | None:
    """The line of issue.yaml that gives ``image:`` under ``cover:`` (block or flow style)."""
    try:
        text = (issue.dir / "issue.yaml").read_bytes().decode("utf-8", "replace")
    except OSError:
        return None
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for index, line in enumerate(lines):
        if not re.match(r"""["']?cover["']?\s*:""", line):
            continue
        if re.search(r"""\bimage["']?\s*:""", line):
            return index + 1  # cover: {image: …}
        for following in range(index + 1, len(lines)):
            text_line = lines[following]
            if text_line.strip() and not text_line[:1].isspace():
                break  # the next top-level key: the cover block has ended
            if re.match(r"""\s+["']?image["']?\s*:""", text_line):
                return following + 1
        return index + 1
    return None


def _source_lines(article: Article) -> list[str]:
    try:
        text = article.path.read_bytes().decode("utf-8", "replace")
    except OSError:
        return []
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _front_matter_line(lines: list[str], body_line: int) -> int | None:
    for index in range(1, min(body_line - 2, len(lines))):
        if re.match(r"""["']?image["']?\s*:""", lines[index]):
            return index + 1
    return None


def _body_line(lines: list[str], body_line: int, src: str) -> int | None:
    """The first body line that names ``src`` (as written, or percent-decoded)."""
    decoded = unquote(src)
    for written in (src, decoded, html.escape(decoded, quote=False), PurePosixPath(decoded).name):
        for index in range(max(body_line - 1, 0), len(lines)):
            if written and written in lines[index]:
                return index + 1
    return None


def shown_path(issue: Issue, path: Path) -> str:
    """``path`` for messages: relative to the issue folder as the user named it."""
    try:
        relative = path.resolve().relative_to(issue.dir.resolve())
    except ValueError:
        return str(path)
    return str(PurePosixPath(issue.display_dir) / relative.as_posix())


def max_pixels(megapixels: float) -> int:
    return int(megapixels * 1_000_000)


def inspect_images(
    issue: Issue, max_megapixels: float = DEFAULT_MAX_MEGAPIXELS
) -> tuple[list[ImageInfo], list[Problem]]:
    """Check every picture (and the pictures its SVGs draw): what each raster picture is,
    and an error at the article line for each one that cannot be printed whole."""
    checker = _Checker(issue, max_megapixels)
    problems: list[Problem] = []
    for image in issue_images(issue):
        if not image.path.is_file():
            continue  # a missing file is reported by the content checks
        try:
            checker.file(image.path, 0)
        except BadPicture as bad:
            subject = _("image '{ref}' ({path})", ref=image.ref, path=shown_path(issue, image.path))
            for name, path in bad.chain:
                if path is None:
                    subject = _("{subject} draws '{name}', which", subject=subject, name=name)
                else:
                    subject = _(
                        "{subject} draws '{name}' ({path}), which",
                        subject=subject,
                        name=name,
                        path=path,
                    )
            message = _("{subject} {reason}", subject=subject, reason=str(bad))
            problems.append(Problem(image.article, image.line, message, bad.hint))
    return list(checker.infos.values()), problems


@contextmanager
def pixel_limit(megapixels: float) -> Iterator[None]:
    """While the PDF is rendered: Pillow's decompression-bomb limit at the layout's.

    Every picture there passed :func:`inspect_images` with the same limit; Pillow would
    otherwise warn (from 89 megapixels) or fail (from 179) on its own.
    """
    from PIL import Image

    previous, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, max_pixels(megapixels)
    try:
        yield
    finally:
        Image.MAX_IMAGE_PIXELS = previous


class BadPicture(Exception):
    """Why a picture cannot be printed: a phrase after its name (``is incomplete: …``).

    ``reason`` and ``hint`` are msgids (marked with ``N_``), with ``fields`` to fill: they
    are translated when printed, so a remembered verdict speaks the language of the moment.
    ``chain`` holds the links from the article's picture to this one (the name it draws
    and, once found, its file: ``'b.png'``, ``content/t/images/b.png``), outermost first.
    """

    def __init__(self, reason: str, hint: str | None = None, /, **fields: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.hint_id = hint
        self.fields = fields
        self.chain: list[tuple[str, str | None]] = []

    def __str__(self) -> str:
        return _(self.reason, **self.fields)

    @property
    def hint(self) -> str | None:
        return _(self.hint_id, **self.fields) if self.hint_id else None

    def via(self, name: str, path: str | None = None) -> BadPicture:
        self.chain.insert(0, (name, path))
        return self


@dataclass
class _Checker:
    """Checks picture files once each; remembers what SVGs cost to draw."""

    issue: Issue
    megapixels: float
    infos: dict[Path, ImageInfo] = field(default_factory=dict)
    #: (SVG file, SVGs around it) → (elements to draw, levels deep), for one drawn again.
    drawn: dict[tuple[Path, int], tuple[int, int]] = field(default_factory=dict)
    #: The SVGs being checked, outermost first (one drawing another).
    active: list[Path] = field(default_factory=list)

    @property
    def root(self) -> Path:
        return self.issue.dir.resolve()

    def file(self, path: Path, level: int) -> tuple[int, int]:
        """Check the picture at ``path``; for an SVG, what drawing it costs."""
        if path in self.active:
            raise BadPicture(
                N_("is already being drawn: the SVGs draw each other in a loop"),
                N_("an SVG cannot draw itself"),
            )
        if (path, len(self.active)) in self.drawn:
            return self.drawn[path, len(self.active)]
        if path in self.infos:
            return 0, 0
        try:
            data = path.read_bytes()
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise BadPicture(N_("cannot be read ({reason})"), reason=reason) from None
        kind = sniff(data)
        if kind == "SVG":
            if len(self.active) >= MAX_SVG_NESTING:
                raise BadPicture(
                    N_(
                        "is an SVG drawn inside {n} others "
                        "(at most {most} may be drawn one inside another)"
                    ),
                    _SIMPLIFY,
                    n=len(self.active),
                    most=MAX_SVG_NESTING,
                )
            self.active.append(path)
            try:
                cost = _Svg(self, data, path.as_uri()).check(level)
            finally:
                self.active.pop()
            self.drawn[path, len(self.active)] = cost
            return cost
        if kind is None:
            raise BadPicture(_NOT_A_PICTURE, _CONVERT)
        self.infos[path] = check_raster(data, kind, self.megapixels, shown_path(self.issue, path))
        return 0, 0

    def shown(self, path: Path) -> str:
        return shown_path(self.issue, path)


def sniff(data: bytes) -> str | None:
    """``PNG``, ``JPEG`` or ``SVG`` by the content (an SVG is confirmed by parsing it)."""
    if data.startswith(_PNG_SIGNATURE):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if re.match(rb"(?:\xef\xbb\xbf)?\s*<", data[:4096]):
        return "SVG"
    return None


# --- raster pictures -----------------------------------------------------------------------


#: Verdicts on raster data already decoded in this process, by (sha256, kind, limit): a
#: preview rebuilds on every save and an archive worker meets the same pictures again; a
#: full decode (three of a JPEG) costs far more than the hash.
_VERDICTS: OrderedDict[tuple[bytes, str, float], ImageInfo | BadPicture] = OrderedDict()
_VERDICTS_KEPT = 256


def check_raster(data: bytes, kind: str, megapixels: float, shown: str = "") -> ImageInfo:
    """Decode a PNG or JPEG in full; raise :class:`BadPicture` unless every row is in the file.

    The verdict on the same bytes is remembered (:data:`_VERDICTS`)."""
    key = (hashlib.sha256(data).digest(), kind, megapixels)
    verdict = _VERDICTS.get(key)
    if verdict is None:
        try:
            verdict = _decode_raster(data, kind, megapixels)
        except BadPicture as bad:
            verdict = bad
        _VERDICTS[key] = verdict
        if len(_VERDICTS) > _VERDICTS_KEPT:
            _VERDICTS.popitem(last=False)
    else:
        _VERDICTS.move_to_end(key)
    if isinstance(verdict, BadPicture):
        # A fresh one: callers add its chain.
        raise BadPicture(verdict.reason, verdict.hint_id, **verdict.fields)
    return dataclasses.replace(verdict, shown=shown)


def _decode_raster(data: bytes, kind: str, megapixels: float) -> ImageInfo:
    from PIL import Image, ImageCms, UnidentifiedImageError

    if kind == "PNG":
        png = _png_layout(data)
        _check_size(png.width, png.height, megapixels)
        _check_png_rows(png)
    else:
        jpeg = _jpeg_layout(data)
        _check_size(jpeg.width, jpeg.height, megapixels)
    with _strict_pillow():
        try:
            with Image.open(io.BytesIO(data)) as picture:
                _check_size(picture.width, picture.height, megapixels)
                icc = picture.info.get("icc_profile")
                info = ImageInfo(
                    "",
                    str(picture.format),
                    picture.width,
                    picture.height,
                    picture.mode,
                    _profile_name(icc, ImageCms) if icc else None,
                )
                if kind == "PNG":
                    picture.load()
                elif not _jpeg_complete(data, jpeg, picture):
                    raise BadPicture(
                        N_("is incomplete: its compressed data ends before the picture does"),
                        _DAMAGED,
                    )
                return info
        except UnidentifiedImageError:
            raise BadPicture(_UNREADABLE, _DAMAGED, kind=kind) from None
        except (OSError, SyntaxError, ValueError, zlib.error, EOFError) as error:
            raise BadPicture(_UNDECODABLE, _DAMAGED, error=str(error)) from None


def _check_size(width: int, height: int, megapixels: float) -> None:
    if width * height > max_pixels(megapixels):
        raise BadPicture(
            N_(
                "is {width}×{height} px ({megapixels} megapixels), more than the limit of "
                "{limit} megapixels"
            ),
            N_(
                "scale it down: a full A4 page at 300 ppi is 8.7 megapixels; or raise "
                "max_megapixels in the layout"
            ),
            width=width,
            height=height,
            megapixels=f"{width * height / 1e6:g}",
            limit=f"{megapixels:g}",
        )


@contextmanager
def _strict_pillow() -> Iterator[None]:
    """Pillow for our checks: a truncated file is an error, and the size is ours to judge.

    WeasyPrint sets ``LOAD_TRUNCATED_IMAGES`` process-wide (and so draws half a picture
    without a word); the size was checked against the layout's limit before decoding.
    """
    from PIL import Image, ImageFile

    tolerant, limit = ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS
    ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS = False, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            yield
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES, Image.MAX_IMAGE_PIXELS = tolerant, limit


def _profile_name(icc: bytes, image_cms: Any) -> str:
    try:
        profile = image_cms.ImageCmsProfile(io.BytesIO(icc))
        return str(image_cms.getProfileDescription(profile)).strip() or "unnamed"
    except (OSError, image_cms.PyCMSError):
        return "unreadable"  # both translated when described (_PROFILE_NAMES)


@dataclass
class _Png:
    width: int
    height: int
    depth: int
    colour: int
    interlaced: bool
    idat: list[memoryview]


_PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
#: Adam7: first column, first row, column step, row step of each pass.
_ADAM7 = (
    (0, 0, 8, 8),
    (4, 0, 8, 8),
    (0, 4, 4, 8),
    (2, 0, 4, 4),
    (0, 2, 2, 4),
    (1, 0, 2, 2),
    (0, 1, 1, 2),
)


def _png_layout(data: bytes) -> _Png:
    """The header and the pixel data chunks of a PNG."""
    view = memoryview(data)
    header: tuple[int, ...] | None = None
    idat: list[memoryview] = []
    position = len(_PNG_SIGNATURE)
    while True:
        if position + 12 > len(data):
            raise BadPicture(N_("is incomplete: the file ends before its last chunk"), _DAMAGED)
        length, kind = struct.unpack_from(">I4s", data, position)
        start, end = position + 8, position + 12 + length
        if end > len(data):
            raise BadPicture(N_("is incomplete: the file ends inside a chunk"), _DAMAGED)
        if kind == b"IHDR" and length == 13:
            header = struct.unpack_from(">IIBBBBB", data, start)
        elif kind == b"IDAT":
            idat.append(view[start : start + length])
        elif kind == b"IEND":
            break
        position = end
    if header is None or not idat:
        raise BadPicture(_UNREADABLE, _DAMAGED, kind="PNG")
    width, height, depth, colour, _filter, _method, interlace = header
    if colour not in _PNG_CHANNELS:
        raise BadPicture(
            N_("cannot be decoded (unknown PNG colour type {colour})"), _DAMAGED, colour=colour
        )
    return _Png(width, height, depth, colour, interlace == 1, idat)


def _check_png_rows(png: _Png) -> None:
    """The pixel data must inflate to every row (a filter byte and the row's pixels)."""
    bits = png.depth * _PNG_CHANNELS[png.colour]
    passes = [(png.width, png.height)]
    if png.interlaced:
        passes = [
            (-(-(png.width - x) // dx), -(-(png.height - y) // dy)) for x, y, dx, dy in _ADAM7
        ]
    need = sum(
        rows * (1 + (columns * bits + 7) // 8)
        for columns, rows in passes
        if columns > 0 and rows > 0
    )
    got = _inflated_size(png.idat, need)
    if got >= need:
        return
    if png.interlaced:
        raise BadPicture(
            N_("is incomplete: its pixel data ends at {percent}% of the picture"),
            _DAMAGED,
            percent=got * 100 // need,
        )
    rows = got // (1 + (png.width * bits + 7) // 8)
    raise BadPicture(
        N_("is incomplete: its pixel data ends after {rows} of {height} rows"),
        _DAMAGED,
        rows=rows,
        height=png.height,
    )


def _inflated_size(chunks: list[memoryview], need: int) -> int:
    """Bytes the zlib stream in ``chunks`` inflates to, counted up to ``need``."""
    inflater = zlib.decompressobj()
    got = 0
    try:
        for chunk in chunks:
            pending: bytes | memoryview = chunk
            while pending and got < need and not inflater.eof:
                got += len(inflater.decompress(pending, 1 << 20))
                pending = inflater.unconsumed_tail
            if got >= need or inflater.eof:
                return got
        return got + len(inflater.flush())
    except zlib.error as error:
        raise BadPicture(_UNDECODABLE, _DAMAGED, error=str(error)) from None


@dataclass(frozen=True)
class _Scan:
    components: tuple[int, ...]
    #: Spectral selection (first and last coefficient) and successive approximation low bit.
    first: int
    last: int
    low_bit: int
    #: The restart interval in MCUs (0: none), and the restart markers in the scan's data.
    interval: int
    restarts: int


@dataclass
class _Jpeg:
    width: int = 0
    height: int = 0
    progressive: bool = False
    #: Each component's horizontal and vertical sampling factors.
    sampling: dict[int, tuple[int, int]] = field(default_factory=dict)
    scans: list[_Scan] = field(default_factory=list)
    #: Where the end-of-image marker is (None: the file ends before it).
    end: int | None = None


_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_PROGRESSIVE = frozenset({0xC2, 0xC6, 0xCA, 0xCE})
#: The next marker: 0xFF, then neither a stuffed 0x00, a restart marker nor a fill 0xFF.
_JPEG_MARKER = re.compile(rb"\xff[^\x00\xd0-\xd7\xff]")
_RESTART = re.compile(rb"\xff[\xd0-\xd7]")


def _jpeg_layout(data: bytes) -> _Jpeg:
    """The frame, the scans and the end marker of a JPEG, by walking its markers."""
    jpeg = _Jpeg()
    position, interval = 2, 0
    scan: tuple[tuple[int, ...], int, int, int, int] | None = None  # waiting for its end
    try:
        while (match := _JPEG_MARKER.search(data, position)) is not None:
            at, code = match.start(), data[match.start() + 1]
            if scan is not None:  # the scan's compressed data ends here
                restarts = len(_RESTART.findall(data, position, at))
                jpeg.scans.append(_Scan(*scan, restarts))
                scan = None
            if code == 0xD9:
                jpeg.end = at
                break
            if code == 0x01:
                position = at + 2
                continue
            length = int.from_bytes(data[at + 2 : at + 4], "big")
            body = data[at + 4 : at + 2 + length]
            if length < 2 or len(body) < length - 2:
                break
            if code in _SOF and not jpeg.width:
                jpeg.height = int.from_bytes(body[1:3], "big")
                jpeg.width = int.from_bytes(body[3:5], "big")
                for i in range(body[5]):
                    factors = body[7 + 3 * i]
                    jpeg.sampling[body[6 + 3 * i]] = (factors >> 4, factors & 0x0F)
                jpeg.progressive = code in _PROGRESSIVE
            elif code == 0xDD:
                interval = int.from_bytes(body[0:2], "big")
            elif code == 0xDA:
                count = body[0]
                components = tuple(body[1 + 2 * i] for i in range(count))
                first, last, bits = body[1 + 2 * count : 4 + 2 * count]
                scan = (components, first, last, bits & 0x0F, interval)
            position = at + 2 + length
    except (IndexError, ValueError):
        raise BadPicture(_UNREADABLE, _DAMAGED, kind="JPEG") from None
    if not jpeg.width or not jpeg.sampling or 0 in sum(jpeg.sampling.values(), ()):
        raise BadPicture(_UNREADABLE, _DAMAGED, kind="JPEG")
    return jpeg


def _scans_complete(jpeg: _Jpeg) -> bool:
    """Every scan holds all its restart intervals, and every component is in a scan (and
    for a progressive JPEG: each coefficient is sent down to its last bit)."""
    if not all(scan.restarts >= _restarts_needed(jpeg, scan) for scan in jpeg.scans):
        return False
    if not jpeg.progressive:
        scanned = {component for scan in jpeg.scans for component in scan.components}
        return set(jpeg.sampling) <= scanned
    done = {component: [False] * 64 for component in jpeg.sampling}
    for scan in jpeg.scans:
        last = min(scan.last, 63)
        for component in scan.components:
            if scan.low_bit == 0 and component in done and scan.first <= last:
                done[component][scan.first : last + 1] = [True] * (last + 1 - scan.first)
    return all(all(coefficients) for coefficients in done.values())


def _restarts_needed(jpeg: _Jpeg, scan: _Scan) -> int:
    """Restart markers a complete scan holds: one between each two restart intervals."""
    if not scan.interval:
        return 0
    across = max(h for h, _ in jpeg.sampling.values())
    down = max(v for _, v in jpeg.sampling.values())
    if len(scan.components) > 1:  # interleaved: MCUs of across × down blocks
        units = -(-jpeg.width // (8 * across)) * -(-jpeg.height // (8 * down))
    else:  # one component: its blocks
        h, v = jpeg.sampling.get(scan.components[0], (across, down))
        columns, rows = -(-jpeg.width * h // across), -(-jpeg.height * v // down)
        units = -(-columns // 8) * -(-rows // 8)
    return -(-units // scan.interval) - 1


def _noise() -> tuple[bytes, bytes]:
    """1 KB of noise with neither 0x00 nor 0xFF (no marker, and no 0xFF in its complement),
    and its complement: whatever bits a decoder short of data reads from one, it reads the
    opposite bits from the other."""
    digest = b"".join(hashlib.sha256(bytes([i])).digest() for i in range(40))
    noise = bytes(byte for byte in digest if byte not in (0x00, 0xFF))[:1024]
    return noise, bytes(0xFF - byte for byte in noise)


_NOISE = _noise()


def _jpeg_complete(data: bytes, jpeg: _Jpeg, picture: Any) -> bool:
    """Decode ``picture`` (opened from ``data``): whether every block came from the file.

    libjpeg, meeting the end marker (or the end of the file) inside the compressed data,
    fills what it lacks with grey and says nothing through Pillow. So, beyond the scan
    headers and restart markers, the file is decoded twice more, with noise inserted before
    its end marker, then the opposite noise: a complete file ends its last scan before the
    noise, which is skipped, and decodes to the same pixels; a cut one decodes the noise
    into what it lacked. A progressive JPEG (whose last scan may refine only detail) is
    compared at full size; a baseline one at 1/8 size (each block's average: fast), which
    leaves only a cut inside the fine detail of its very last blocks unseen.
    """
    from PIL import Image

    if jpeg.end is None or not _scans_complete(jpeg):
        return False
    scaled = not jpeg.progressive
    _decode_jpeg(picture, scaled)
    for noise in _NOISE:
        try:
            with Image.open(io.BytesIO(data[: jpeg.end] + noise + data[jpeg.end :])) as noisy:
                _decode_jpeg(noisy, scaled)
                if not _same_pixels(picture, noisy):
                    return False
        except (OSError, SyntaxError, ValueError):
            return False
    return True


def _decode_jpeg(picture: Any, scaled: bool) -> None:
    if scaled:
        picture.draft(picture.mode, ((picture.width + 7) // 8, (picture.height + 7) // 8))
    picture.load()


def _same_pixels(one: Any, other: Any) -> bool:
    if one.size != other.size or one.mode != other.mode:
        return False
    width, height = one.size
    for top in range(0, height, 256):
        box = (0, top, width, min(top + 256, height))
        if one.crop(box).tobytes() != other.crop(box).tobytes():
            return False
    return True


# --- SVG -----------------------------------------------------------------------------------


class _Svg:
    """One SVG document: parsed with entities refused and its size capped, then walked as
    the renderer draws it (``<use>`` copies, ``<image>`` pictures)."""

    def __init__(self, checker: _Checker, data: bytes, url: str) -> None:
        self.checker = checker
        self.data = data
        self.url = url
        self.tags: list[str] = []
        self.children: list[list[int]] = []
        self.hrefs: dict[int, str] = {}
        self.bases: dict[int, str] = {}
        self.ids: dict[str, int] = {}
        self.memo: dict[int, tuple[int, int]] = {}
        self.walking: set[int] = set()

    def check(self, level: int) -> tuple[int, int]:
        """Parse, then walk from the root: (elements to draw, levels deep)."""
        self._parse()
        if not self.tags or self.tags[0] != "svg":
            raise BadPicture(_NOT_A_PICTURE, _CONVERT)
        return self._walk(0, level)

    def _parse(self) -> None:
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        stack: list[int] = []

        def start(name: str, attributes: dict[str, str]) -> None:
            index = len(self.tags)
            if len(stack) >= MAX_SVG_DEPTH:
                raise BadPicture(_TOO_DEEP, _SIMPLIFY, levels=MAX_SVG_DEPTH)
            if index >= MAX_SVG_ELEMENTS:
                raise BadPicture(N_("has more than {n} elements"), _SIMPLIFY, n=MAX_SVG_ELEMENTS)
            tag = name.rsplit(" ", 1)[-1]
            self.tags.append(tag)
            self.children.append([])
            if stack:
                self.children[stack[-1]].append(index)
            stack.append(index)
            if "id" in attributes:
                self.ids.setdefault(attributes["id"], index)
            if tag in ("use", "image"):
                # As WeasyPrint reads it: xlink:href first, then href; blanks dropped.
                for key in (_XLINK_HREF, "href"):
                    href = re.sub(r"[\t\n\r]", "", attributes.get(key, "")).strip()
                    if href:
                        self.hrefs[index] = href
                        break
                if _XML_BASE in attributes:
                    self.bases[index] = attributes[_XML_BASE]

        def end(_: str) -> None:
            stack.pop()

        def entity(*_: Any) -> None:
            raise BadPicture(N_("declares XML entities"), N_("remove the <!ENTITY> declarations"))

        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.EntityDeclHandler = entity
        try:
            parser.Parse(self.data, True)
            ElementTree.fromstring(self.data)  # as the renderer reads it
        except (expat.ExpatError, ElementTree.ParseError) as error:
            raise BadPicture(
                N_("is not a readable SVG ({error})"), _DAMAGED, error=str(error)
            ) from None

    def _walk(self, index: int, level: int) -> tuple[int, int]:
        """(elements, levels) drawing element ``index`` at ``level`` levels deep costs."""
        if index in self.walking:
            raise BadPicture(
                N_("draws a <{tag}> inside itself through <use>"),
                N_("a <use> must not copy an element that holds it"),
                tag=self.tags[index],
            )
        if index not in self.memo:
            if level >= MAX_SVG_DEPTH:
                raise BadPicture(_TOO_DEEP, _SIMPLIFY, levels=MAX_SVG_DEPTH)
            self.walking.add(index)
            elements, levels = 1, 0
            parts = list(self.children[index])
            target = self._use_target(index)
            if target is not None:
                parts.append(target)
            for part in parts:
                more, deep = self._walk(part, level + 1)
                elements, levels = elements + more, max(levels, deep)
                self._check_cost(elements)
            if self.tags[index] == "image":
                more, deep = self._image(index, level + 1)
                elements, levels = elements + more, max(levels, deep)
                self._check_cost(elements)
            self.walking.discard(index)
            self.memo[index] = (elements, levels + 1)
        elements, levels = self.memo[index]
        if level + levels > MAX_SVG_DEPTH:
            raise BadPicture(_TOO_DEEP, _SIMPLIFY, levels=MAX_SVG_DEPTH)
        return elements, levels

    @staticmethod
    def _check_cost(elements: int) -> None:
        if elements > MAX_SVG_ELEMENTS:
            raise BadPicture(
                N_(
                    "has more than {n} elements to draw, counting its <use> copies and the "
                    "SVGs it draws"
                ),
                _SIMPLIFY,
                n=MAX_SVG_ELEMENTS,
            )

    def _use_target(self, index: int) -> int | None:
        """The element a ``<use href="#id">`` copies (one in another file is not drawn)."""
        href = self.hrefs.get(index)
        if self.tags[index] != "use" or not href:
            return None
        parts = urlsplit(urljoin(self.url, href))
        if not parts.fragment or parts._replace(fragment="").geturl() != self.url:
            return None
        return self.ids.get(unquote(parts.fragment))

    def _image(self, index: int, level: int) -> tuple[int, int]:
        """Check the picture an ``<image>`` draws; what drawing it costs."""
        href = self.hrefs.get(index)
        if not href:
            raise BadPicture(
                N_("has an <image> that names no picture"), N_("give it an href, or delete it")
            )
        base = self.bases.get(index) or self.url
        url = urljoin(base, href)
        link = _short(href)
        if url.startswith("data:"):
            self._data_uri(url, link)
        parts = urlsplit(url)
        if not parts.scheme:  # a relative xml:base: the renderer has nothing to fetch
            raise BadPicture(N_("is not a usable path"), _ELSEWHERE).via(link)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise BadPicture(N_("is a URL"), _NO_URLS).via(link)
        try:
            path = Path(unquote(parts.path)).resolve()
            inside = path.is_relative_to(self.checker.root)
            found = path.is_file()
        except (OSError, RuntimeError, ValueError):
            raise BadPicture(N_("is not a usable path"), _ELSEWHERE).via(link) from None
        if not inside:
            raise BadPicture(
                N_("is outside the issue folder"), N_("paths must stay inside it")
            ).via(link)
        if not found:
            shown = self.checker.shown(path)
            raise BadPicture(N_("is not found"), N_("no file {path}"), path=shown).via(link)
        try:
            return self.checker.file(path, level)
        except BadPicture as bad:
            raise bad.via(link, self.checker.shown(path)) from None

    def _data_uri(self, url: str, link: str) -> None:
        """A picture embedded as a ``data:`` URI: checked, then refused (never fetched)."""
        header, comma, payload = url[5:].partition(",")
        try:
            if not comma:
                raise ValueError
            if header.lower().endswith(";base64"):
                data = base64.b64decode(re.sub(r"\s+", "", unquote(payload)), validate=True)
            else:
                data = unquote_to_bytes(payload)
        except (ValueError, binascii.Error):
            raise BadPicture(N_("is a data: URI that cannot be decoded"), _DAMAGED).via(
                link
            ) from None
        kind = sniff(data)
        if kind in ("PNG", "JPEG"):
            try:
                check_raster(data, kind, self.checker.megapixels)
            except BadPicture as bad:
                raise bad.via(link) from None
        raise BadPicture(
            N_("embeds a picture as a data: URI ('{uri}'), which is never used"),
            N_(
                "save that picture as a file in the issue folder and link it by its name: "
                '<image href="picture.png" …/>'
            ),
            uri=_short(url),
        )


def _short(text: str) -> str:
    return text if len(text) <= 40 else f"{text[:32]}…"


# --- after layout --------------------------------------------------------------------------


@dataclass(frozen=True)
class DrawnImage:
    """A raster picture as laid out: its page, the file, its effective resolution, its width
    in pixels and the ``id`` of the article it is in ("" outside any article)."""

    page: int
    src: str
    ppi: float
    pixels: int = 0
    article: str = ""


def drawn_images(laid_out: LaidOut) -> list[DrawnImage]:
    """Each raster picture drawn on the pages, with pixels per inch at its drawn size."""
    drawn = []
    for placed in laid_out.boxes:
        if placed.pixels is None or placed.src is None:
            continue
        width, height = placed.drawn
        if width <= 0 or height <= 0:
            continue
        ppi = min(
            placed.pixels[0] / (width / _CSS_PX_PER_INCH),
            placed.pixels[1] / (height / _CSS_PX_PER_INCH),
        )
        src = unquote(placed.src)
        drawn.append(DrawnImage(placed.page, src, ppi, placed.pixels[0], placed.article))
    return drawn


def resolution_problems(laid_out: LaidOut, issue: Issue) -> list[Problem]:
    """A warning below 300 ppi, an error below 150, once per picture and page, at the
    article line that names the picture: the width it prints at and the pixels it needs.

    ``content/t/articles/01.md:7: warning: page 2: image 'images/c.png' prints at 179 ppi:
    it is 1200 px wide and needs ≥ 2008 px at 170 mm for 300 ppi``.
    """
    articles = {article.anchor: article for article in issue.articles()}
    problems: dict[tuple[str, int | None, int], Problem] = {}
    for image in drawn_images(laid_out):
        if image.ppi >= WARN_PPI:
            continue
        severity: Severity = "error" if image.ppi < ERROR_PPI else "warning"
        printed_mm = image.pixels / image.ppi * 25.4  # the width the picture prints at
        needed = math.ceil(round(printed_mm / 25.4 * WARN_PPI, 6))
        fields = {
            "page": image.page,
            "src": image.src,
            "ppi": f"{image.ppi:.0f}",
            "minimum": ERROR_PPI,
            "pixels": image.pixels,
            "needed": needed,
            "mm": f"{printed_mm:.0f}",
            "target": WARN_PPI,
        }
        if severity == "error":
            message = _(
                "page {page}: image '{src}' prints at {ppi} ppi, under the {minimum} ppi "
                "minimum for print: it is {pixels} px wide and needs ≥ {needed} px at {mm} mm "
                "for {target} ppi",
                **fields,
            )
        else:
            message = _(
                "page {page}: image '{src}' prints at {ppi} ppi: it is {pixels} px wide and "
                "needs ≥ {needed} px at {mm} mm for {target} ppi",
                **fields,
            )
        largest = math.floor(image.pixels / WARN_PPI * 25.4)
        article = articles.get(image.article)
        path, line, in_body = _where_named(issue, article, image.src)
        if in_body and largest >= 1:
            hint = _(
                "use a picture at least {needed} px wide, or print it at most {largest} mm "
                "wide: {{width={largest}mm}}",
                needed=needed,
                largest=largest,
            )
        else:
            hint = _("use a picture at least {needed} px wide", needed=needed)
        problems.setdefault((path, line, image.page), Problem(path, line, message, hint, severity))
    return list(problems.values())


def _where_named(issue: Issue, article: Article | None, src: str) -> tuple[str, int | None, bool]:
    """The article file and line that name picture ``src``, and whether it is in the body
    (where a size can be written); the picture's own path when no article names it."""
    if article is None:
        cover = issue.cover.image if issue.cover is not None else None
        if cover and unquote(cover) == src:
            return _issue_yaml(issue), _cover_image_line(issue), False
        return shown_path(issue, issue.dir / src), None, False
    lines = _source_lines(article)
    if article.meta.image and unquote(article.meta.image) == src:
        return article.display_path, _front_matter_line(lines, article.body_line), False
    return article.display_path, _body_line(lines, article.body_line, src), True
