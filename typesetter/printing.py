"""Print settings: editions, PDF variants, bleed and marks, padding.

The layout says how an issue prints (``bleed``, ``marks``, ``pad_to`` in ``layout.yaml``);
the command line may override it for one build (:class:`PrintOptions`). :func:`resolve`
turns both into a :class:`PrintSettings`, which the HTML stage (CSS values, pad pages)
and the PDF stage (WeasyPrint options, the finisher) read.

Marks are drawn in the outer half of the CSS bleed, so with marks the CSS bleed is the
real bleed plus room for them (:func:`media_bleed_mm`); the PDF finisher
(:mod:`typesetter.weasy.finish`) then sets ``BleedBox`` to exactly trim + bleed. The
checks of the laid-out pages are in :mod:`typesetter.pagechecks`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import weasy
from .errors import LayoutError, Problem
from .i18n import Translator
from .layouts import Layout, length_pt
from .options import Edition, PrintOptions
from .resources import COLOR_DIR

#: The CMYK output intent of PDF/X builds (see color/README.md for its provenance).
CMYK_PROFILE = COLOR_DIR / "FOGRA39L_coated.icc"

#: The variants we build and test (WeasyPrint knows more, e.g. PDF/X-1a, which forbids
#: the RGB colour our layouts use).
VARIANTS = ("pdf/x-4", "pdf/a-2b", "pdf/ua-1")
SCREEN_VARIANT = "pdf/a-2b"
#: Marks begin this far outside the bleed edge.
MARK_GAP_MM = 3.0
_PT_PER_MM = 72 / 25.4
_MARKS_CSS = {"none": "", "crop": "crop", "cross": "cross", "both": "crop cross"}

_ = Translator("layout")


@dataclass(frozen=True)
class PrintSettings:
    """The resolved print settings of one build."""

    edition: Edition = Edition.PRINT
    bleed_mm: float = 0.0
    marks: str = "none"
    pad_to: int = 1
    pdf_variant: str | None = None
    optimize_images: bool = False
    cmyk_profile: Path = CMYK_PROFILE

    @property
    def cmyk(self) -> bool:
        """PDF/X builds carry the CMYK output intent."""
        return bool(self.pdf_variant and self.pdf_variant.startswith("pdf/x"))

    @property
    def media_bleed_mm(self) -> float:
        return media_bleed_mm(self.bleed_mm, self.marks)

    @property
    def is_default(self) -> bool:
        """True when the build is the plain one (its bytes are unchanged by this module)."""
        plain = PrintSettings(pad_to=self.pad_to)
        return self == plain

    def stylesheets(self) -> list[str]:
        """User stylesheets (outside the HTML, so no machine path reaches the document)."""
        if not self.cmyk:
            return []
        source = f'src: url("{self.cmyk_profile.as_uri()}"); components: c, m, y, k;'
        return [f"@color-profile device-cmyk {{ {source} }}"]

    def weasyprint_options(self) -> dict[str, Any]:
        """Options for ``HTML.render`` and ``Document.write_pdf``."""
        options: dict[str, Any] = {}
        if self.pdf_variant:
            options["pdf_variant"] = self.pdf_variant
        if self.optimize_images:
            options["optimize_images"] = True
            options["jpeg_quality"] = 85
            options["dpi"] = 200
        return options

    def identifier(self, base: bytes) -> bytes:
        """The PDF file identifier: the content's, mixed with the variant when there is one."""
        if self.is_default:
            return base
        key = f"{self.edition.value}|{self.pdf_variant}|{self.bleed_mm}|{self.marks}|"
        digest = hashlib.md5(key.encode() + base, usedforsecurity=False)
        return digest.hexdigest().encode("ascii")


def media_bleed_mm(bleed_mm: float, marks: str) -> float:
    """The CSS bleed: the bleed, plus (with marks) the gap and the marks' own length.

    WeasyPrint draws marks from the media edge across half of the CSS bleed; with a CSS
    bleed of ``2 × (bleed + gap)`` they stop ``gap`` outside the bleed edge.
    """
    if marks == "none":
        return bleed_mm
    return round(2 * (bleed_mm + MARK_GAP_MM), 3)


def resolve(layout: Layout, options: PrintOptions | None = None) -> tuple[Layout, PrintSettings]:
    """The layout as this edition prints it, and the settings for the PDF stage."""
    options = options or PrintOptions()
    variant = options.pdf_variant
    if options.edition == Edition.SCREEN and variant is None:
        variant = SCREEN_VARIANT
    if variant is not None and variant not in VARIANTS:
        known = ", ".join(VARIANTS)
        raise LayoutError(
            _(
                "unknown PDF variant {variant} (use one of {known})",
                variant=repr(variant),
                known=known,
            )
        )
    if options.edition == Edition.SCREEN and layout.options.margins.mirror:
        margins = layout.options.margins.model_copy(update={"mirror": False})
        layout = replace(layout, options=layout.options.model_copy(update={"margins": margins}))
    optimize = options.optimize_images
    settings = PrintSettings(
        edition=options.edition,
        bleed_mm=round(length_pt(layout.options.bleed) / _PT_PER_MM, 3),
        marks=layout.options.marks,
        pad_to=layout.options.pad_to,
        pdf_variant=variant,
        optimize_images=options.edition == Edition.SCREEN if optimize is None else optimize,
        cmyk_profile=cmyk_profile(layout),
    )
    return layout, settings


def cmyk_profile(layout: Layout) -> Path:
    """The layout's ICC profile for the CMYK output intent, checked; or the shipped one."""
    name = layout.options.cmyk_profile
    if name is None:
        return CMYK_PROFILE
    folder = layout.folders[0].resolve()
    path = (folder / name).resolve()
    where = str(layout.folders[0] / "layout.yaml")
    if not path.is_relative_to(folder) or not path.is_file():
        hint = _("give the name of an .icc file inside the layout folder")
        message = _("cmyk_profile: no file {name}", name=repr(name))
        raise LayoutError([Problem(where, None, message, hint)])
    header = path.read_bytes()[:40]
    if len(header) < 40 or header[36:40] != b"acsp" or header[16:20] != b"CMYK":
        hint = _("a printer's profile such as FOGRA39 or GRACoL, colour space CMYK")
        message = _("cmyk_profile: {name} is not a CMYK ICC profile", name=repr(name))
        raise LayoutError([Problem(where, None, message, hint)])
    return path


def marks_css(marks: str) -> str:
    return _MARKS_CSS[marks]


def preparer(settings: PrintSettings) -> Callable[[Any], None] | None:
    """For tagged (PDF/UA) builds: pictures with a caption get it as their alt text.

    Our Markdown gives a captioned picture ``alt=""`` (a reader would hear the caption
    twice); PDF/UA requires alternate text on every figure.
    """
    if not (settings.pdf_variant or "").startswith("pdf/ua"):
        return None
    return caption_alts


def caption_alts(root: Any) -> None:
    for figure in root.iter("figure"):
        caption = figure.find("figcaption")
        text = "".join(caption.itertext()).strip() if caption is not None else ""
        for image in figure.iter("img"):
            if not image.get("alt") and text:
                image.set("alt", text)


class Padder:
    """Chooses the number of blank pages before the back page, from laid-out page counts.

    ``render(n)`` returns the HTML with ``n`` blank pages and the colophon on a back page
    of its own. The first layout is the plain one; each call gets its page count and
    returns the next HTML to lay out, or ``None`` when the count is a multiple.
    """

    def __init__(self, pad_to: int, render: Callable[[int], str]) -> None:
        self.pad_to = pad_to
        self.render = render
        self.pads: int | None = None

    def __call__(self, pages: int) -> str | None:
        if self.pad_to <= 1 or pages % self.pad_to == 0:
            return None
        # Pages of content alone: the first time, assume the colophon shared the last one.
        content = pages if self.pads is None else pages - self.pads - 1
        self.pads = (-(content + 1)) % self.pad_to
        return self.render(self.pads)


def finisher(settings: PrintSettings) -> Callable[[Any, Any], None] | None:
    """The PDF finisher these settings need (exact BleedBox; PDF/X colour), or None."""
    shipped = settings.cmyk_profile == CMYK_PROFILE
    return weasy.finisher(
        bleed_pt=settings.bleed_mm * _PT_PER_MM,
        fix_boxes=settings.media_bleed_mm > 0,
        cmyk=settings.cmyk,
        profile=settings.cmyk_profile.read_bytes() if settings.cmyk else None,
        condition=weasy.FOGRA39 if shipped else None,
    )
