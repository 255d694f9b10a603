"""Pictures, before and after layout.

Before rendering, every raster picture an issue names is decoded in full (a truncated
file is an error naming it, not a half-drawn picture), and its pixel size, colour space
and ICC profile are read for the preflight report. After layout, each picture's effective
resolution at the size it is drawn is checked: below 300 ppi a warning, below 150 ppi an
error, each naming the file, the page and the ppi.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from .errors import Problem, Severity
from .model import Issue
from .weasy import LaidOut

#: Below this a picture prints soft: a warning.
WARN_PPI = 300
#: Below this it prints visibly pixelated: an error.
ERROR_PPI = 150
_CSS_PX_PER_INCH = 96
_IMG_SRC = re.compile(r'<img\b[^>]*?\bsrc="([^"]+)"')
_RASTER = (".png", ".jpg", ".jpeg")


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
        colour = {"RGB": "RGB", "RGBA": "RGB + alpha", "L": "greyscale", "CMYK": "CMYK"}.get(
            self.mode, self.mode
        )
        profile = f"ICC profile '{self.icc}'" if self.icc else "no ICC profile"
        return f"{self.kind} {self.width}×{self.height} px, {colour}, {profile}"


@dataclass(frozen=True)
class ImageRef:
    """A picture named by an article: where it is named, the file, and the name given."""

    article: str
    path: Path
    ref: str


def issue_images(issue: Issue) -> list[ImageRef]:
    """Every picture the issue's articles name (front matter ``image:`` and the body)."""
    found: dict[Path, ImageRef] = {}
    for article in issue.articles():
        refs = [article.meta.image] if article.meta.image else []
        refs += [unquote(src) for src in _IMG_SRC.findall(article.html)]
        for ref in refs:
            path = (issue.dir / ref).resolve()
            found.setdefault(path, ImageRef(article.display_path, path, ref))
    return list(found.values())


def shown_path(issue: Issue, path: Path) -> str:
    """``path`` for messages: relative to the issue folder as the user named it."""
    try:
        relative = path.resolve().relative_to(issue.dir.resolve())
    except ValueError:
        return str(path)
    return str(PurePosixPath(issue.display_dir) / relative.as_posix())


def inspect_images(issue: Issue) -> tuple[list[ImageInfo], list[Problem]]:
    """Decode every raster picture: what each is, and an error for each one that fails."""
    infos: list[ImageInfo] = []
    problems: list[Problem] = []
    for image in issue_images(issue):
        if image.path.suffix.lower() not in _RASTER or not image.path.is_file():
            continue  # SVG is vector; a missing file is reported by the content checks
        shown = shown_path(issue, image.path)
        info = _decode(image.path, shown)
        if isinstance(info, str):
            problems.append(
                Problem(image.article, None, f"image '{image.ref}' ({shown}) {info}", _DAMAGED)
            )
        else:
            infos.append(info)
    return infos, problems


_DAMAGED = "the file is truncated or damaged: export it again"


def _decode(path: Path, shown: str) -> ImageInfo | str:
    from PIL import Image, ImageCms, ImageFile, UnidentifiedImageError

    # WeasyPrint sets this process-wide (and so draws half a picture without a word).
    tolerant, ImageFile.LOAD_TRUNCATED_IMAGES = ImageFile.LOAD_TRUNCATED_IMAGES, False
    try:
        with Image.open(path) as picture:
            picture.load()
            icc = picture.info.get("icc_profile")
            return ImageInfo(
                shown,
                str(picture.format),
                picture.width,
                picture.height,
                picture.mode,
                _profile_name(icc, ImageCms) if icc else None,
            )
    except UnidentifiedImageError:
        return "is not a picture Pillow can read"
    except (OSError, SyntaxError, ValueError) as error:
        return f"cannot be decoded ({error})"
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = tolerant


def _profile_name(icc: bytes, image_cms: Any) -> str:
    import io

    try:
        profile = image_cms.ImageCmsProfile(io.BytesIO(icc))
        return str(image_cms.getProfileDescription(profile)).strip() or "unnamed"
    except (OSError, image_cms.PyCMSError):
        return "unreadable"


@dataclass(frozen=True)
class DrawnImage:
    """A raster picture as laid out: its page, the file and its effective resolution."""

    page: int
    src: str
    ppi: float


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
        drawn.append(DrawnImage(placed.page, unquote(placed.src), ppi))
    return drawn


def resolution_problems(laid_out: LaidOut, issue: Issue) -> list[Problem]:
    """A warning below 300 ppi, an error below 150, once per picture and page."""
    problems: dict[tuple[str, int], Problem] = {}
    for image in drawn_images(laid_out):
        if image.ppi >= WARN_PPI:
            continue
        shown = shown_path(issue, issue.dir / image.src)
        severity: Severity = "error" if image.ppi < ERROR_PPI else "warning"
        limit = ERROR_PPI if severity == "error" else WARN_PPI
        message = (
            f"page {image.page}: the picture prints at {image.ppi:.0f} ppi "
            f"(at least {limit} ppi needed for print)"
        )
        hint = "use a larger picture, or draw it smaller"
        problems.setdefault((shown, image.page), Problem(shown, None, message, hint, severity))
    return list(problems.values())
