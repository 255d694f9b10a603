"""The pictures of a web edition: copied beside the pages, large rasters made smaller,
and each with its pixel size, so that the page does not jump while it loads. An SVG's copy
carries what an ``<img>`` cannot fetch: the fonts of its text (svgfonts) and the pictures
it draws (:func:`inline_images`)."""

from __future__ import annotations

import base64
import hashlib
import html as htmllib
import io
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import quote, unquote, urlsplit

from ..images import MAX_SVG_NESTING, issue_images, sniff
from ..model import Issue
from .svgfonts import embed_fonts

#: A raster wider than this (in pixels) is scaled down to it: two device pixels per CSS
#: pixel of the widest text column (40 em of 18 px).
MAX_WIDTH_PX = 1600


@dataclass(frozen=True)
class Picture:
    """A picture as the edition serves it: its path in the edition and its pixel size."""

    output: str
    width: int | None
    height: int | None

    def href(self, root: str) -> str:
        """The URL of the picture from a page whose way up to the edition is ``root``."""
        return root + quote(self.output)


def collect(issue: Issue) -> tuple[dict[str, Picture], dict[str, bytes]]:
    """Every picture the issue names, by the name written (``images/x.png``), and the
    files to write (edition path → bytes)."""
    pictures: dict[str, Picture] = {}
    files: dict[str, bytes] = {}
    done: dict[Path, Picture] = {}
    issue_dir = issue.dir.resolve()
    for ref in issue_images(issue):
        path = ref.path.resolve()
        if path in done:
            pictures[ref.ref] = done[path]
            continue
        try:
            relative = PurePosixPath(path.relative_to(issue_dir).as_posix())
            data = path.read_bytes()
        except (OSError, ValueError):  # checked before: cannot happen in a checked issue
            continue
        kind = sniff(data)
        output = _named_as(
            str(relative if relative.parts[0] == "images" else "images" / relative), kind
        )
        if kind == "SVG":
            data = inline_images(data, path, issue_dir)
        data, width, height = _sized(data, kind)
        picture = Picture(output, width, height)
        files[output] = data
        done[path] = pictures[ref.ref] = picture
    return pictures, files


#: The file name endings a browser takes each kind of picture by.
_ENDINGS = {"PNG": (".png",), "JPEG": (".jpg", ".jpeg"), "SVG": (".svg",)}


def _named_as(output: str, kind: str | None) -> str:
    """``output``, with the ending of what the file holds added when its name says
    otherwise (``x.svg`` holding a PNG: ``x.svg.png``). The PDF goes by the content, and
    so must the web edition: a browser goes by the name."""
    if kind is None or output.lower().endswith(_ENDINGS[kind]):
        return output
    return output + _ENDINGS[kind][0]


#: An <image> element's href (or xlink:href), as written.
_IMAGE_HREF = re.compile(
    rb"(<(?:[\w.-]+:)?image\b[^>]*?\s(?:[\w.-]+:)?href\s*=\s*)([\"'])([^\"'<>]*)\2", re.S
)
_MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "SVG": "image/svg+xml"}


def inline_images(data: bytes, path: Path, issue_dir: Path, depth: int = 0) -> bytes:
    """The SVG ``data`` (the file ``path``) with the pictures its ``<image>`` elements draw
    as ``data:`` URIs: an SVG shown as ``<img>`` loads no file, so a picture it draws by a
    relative path would be missing from the page (the PDF draws it). Only files of the
    issue folder are taken (typesetter.images checked them); an SVG drawn inside gets the
    same treatment and its fonts (svgfonts). Anything else is left as written."""
    if b"image" not in data:
        return data

    def replace(match: re.Match[bytes]) -> bytes:
        href = htmllib.unescape(match[3].decode("utf-8", "replace")).strip()
        parts = urlsplit(href)
        if not parts.path or parts.scheme or parts.netloc or href.startswith("#"):
            return match[0]
        try:
            target = (path.parent / unquote(parts.path)).resolve()
            if not target.is_relative_to(issue_dir) or not target.is_file():
                return match[0]
            inner = target.read_bytes()
        except (OSError, RuntimeError, ValueError):
            return match[0]
        kind = sniff(inner)
        if kind is None or (kind == "SVG" and depth + 1 >= MAX_SVG_NESTING):
            return match[0]
        if kind == "SVG":
            inner = embed_fonts(inline_images(inner, target, issue_dir, depth + 1))
        uri = f"data:{_MIME[kind]};base64,{base64.b64encode(inner).decode('ascii')}"
        return match[1] + match[2] + uri.encode("ascii") + match[2]

    return _IMAGE_HREF.sub(replace, data)


_SVG_SIZE = re.compile(r'viewBox\s*=\s*["\']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)')


def _sized(data: bytes, kind: str | None) -> tuple[bytes, int | None, int | None]:
    """The bytes to serve and the pixel size (an SVG: from its viewBox, if it has one).

    What costs is remembered for the process (a rebuild neither embeds an SVG's fonts nor
    scales a large raster down again): SVGs by their bytes (svgfonts), scaled rasters by
    the hash of theirs (the cache holds the small results, not the large originals)."""
    if kind == "SVG":
        match = _SVG_SIZE.search(data[:4096].decode("utf-8", "replace"))
        data = embed_fonts(data)  # an <img> cannot use the page's fonts
        if match is None:
            return data, None, None
        return data, round(float(match[1])), round(float(match[2]))
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as picture:  # reads the header only
            width, height = picture.size
            if width <= MAX_WIDTH_PX:
                return data, width, height
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return data, None, None
    digest = hashlib.sha256(data).digest()
    scaled = _SCALED.get(digest)
    if scaled is None:
        scaled = _scaled(data)
        if len(_SCALED) >= 32:
            _SCALED.pop(next(iter(_SCALED)))
        _SCALED[digest] = scaled
    return scaled if scaled[0] else (data, None, None)


#: Rasters scaled down, by the SHA-256 of the original.
_SCALED: dict[bytes, tuple[bytes, int | None, int | None]] = {}


def _scaled(data: bytes) -> tuple[bytes, int | None, int | None]:
    """A raster wider than :data:`MAX_WIDTH_PX` scaled down to it (empty bytes when it
    cannot be read)."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as picture:
            width, height = picture.size
            fmt = picture.format or "PNG"
            smaller = picture.resize((MAX_WIDTH_PX, round(height * MAX_WIDTH_PX / width)))
            out = io.BytesIO()
            save = {"quality": 85} if fmt == "JPEG" else {"optimize": True}
            smaller.save(out, fmt, **save)
            return out.getvalue(), smaller.width, smaller.height
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return b"", None, None
