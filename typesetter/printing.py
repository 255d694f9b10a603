"""Print production: editions, PDF variants, bleed and marks, padding, reproducible output.

The layout says how an issue prints (``bleed``, ``marks``, ``pad_to`` in ``layout.yaml``);
the command line may override it for one build (:class:`PrintOptions`). :func:`resolve`
turns both into a :class:`PrintSettings`, which the HTML stage (CSS values, pad pages)
and the PDF stage (WeasyPrint options, the finisher) read.

Page boxes. WeasyPrint writes ``MediaBox`` = page + CSS bleed, ``TrimBox`` = page, and a
``BleedBox`` of at most 10 pt around the trim. Marks are drawn in the outer half of the
CSS bleed, so with marks the CSS bleed is the real bleed plus room for them
(:func:`media_bleed_mm`), and the finisher sets ``BleedBox`` to exactly trim + bleed.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from importlib.resources import files
from pathlib import Path
from typing import Any, Literal

from .errors import LayoutError, Problem
from .layouts import Layout, length_pt
from .resources import COLOR_DIR

#: The CMYK output intent of PDF/X builds (see color/README.md for its provenance).
CMYK_PROFILE = COLOR_DIR / "ArtifexCMYK-SWOP.icc"

Edition = Literal["print", "screen"]
EDITIONS: tuple[Edition, ...] = ("print", "screen")
#: The variants we build and test (WeasyPrint knows more, e.g. PDF/X-1a, which forbids
#: the RGB colour our layouts use).
VARIANTS = ("pdf/x-4", "pdf/a-2b", "pdf/ua-1")
SCREEN_VARIANT = "pdf/a-2b"
#: Marks begin this far outside the bleed edge.
MARK_GAP_MM = 3.0
_PT_PER_MM = 72 / 25.4
_MARKS_CSS = {"none": "", "crop": "crop", "cross": "cross", "both": "crop cross"}


@dataclass(frozen=True)
class PrintOptions:
    """What the command line asks for; ``None`` keeps the layout's (or edition's) value."""

    edition: Edition = "print"
    page_size: str | None = None
    bleed: str | None = None
    marks: str | None = None
    pad_to: int | None = None
    pdf_variant: str | None = None
    optimize_images: bool | None = None

    def layout_overrides(self) -> dict[str, Any]:
        """Options for :func:`typesetter.layouts.load_layout`, the edition's first."""
        edition: dict[str, Any] = {}
        if self.edition == "screen":
            edition = {"bleed": "0mm", "marks": "none", "pad_to": 1}
        given = {
            "page_size": self.page_size,
            "bleed": self.bleed,
            "marks": self.marks,
            "pad_to": self.pad_to,
        }
        return {**edition, **{key: value for key, value in given.items() if value is not None}}


@dataclass(frozen=True)
class PrintSettings:
    """The resolved print settings of one build."""

    edition: Edition = "print"
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
        key = f"{self.edition}|{self.pdf_variant}|{self.bleed_mm}|{self.marks}|"
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
    if options.edition not in EDITIONS:
        raise LayoutError(f"unknown edition {options.edition!r} (use print or screen)")
    variant = options.pdf_variant
    if options.edition == "screen" and variant is None:
        variant = SCREEN_VARIANT
    if variant is not None and variant not in VARIANTS:
        known = ", ".join(VARIANTS)
        raise LayoutError(f"unknown PDF variant {variant!r} (use one of {known})")
    if options.edition == "screen" and layout.options.margins.mirror:
        margins = layout.options.margins.model_copy(update={"mirror": False})
        layout = replace(layout, options=layout.options.model_copy(update={"margins": margins}))
    optimize = options.optimize_images
    settings = PrintSettings(
        edition=options.edition,
        bleed_mm=round(length_pt(layout.options.bleed) / _PT_PER_MM, 3),
        marks=layout.options.marks,
        pad_to=layout.options.pad_to,
        pdf_variant=variant,
        optimize_images=options.edition == "screen" if optimize is None else optimize,
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
        hint = "give the name of an .icc file inside the layout folder"
        raise LayoutError([Problem(where, None, f"cmyk_profile: no file {name!r}", hint)])
    header = path.read_bytes()[:40]
    if len(header) < 40 or header[36:40] != b"acsp" or header[16:20] != b"CMYK":
        hint = "a printer's profile such as FOGRA39 or GRACoL, colour space CMYK"
        raise LayoutError(
            [Problem(where, None, f"cmyk_profile: {name!r} is not a CMYK ICC profile", hint)]
        )
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


@contextmanager
def reproducible_ids(identifier: bytes) -> Iterator[None]:
    """Make WeasyPrint's XMP document ID (PDF/X-4) derive from the content, not chance."""
    from weasyprint.pdf import metadata

    original = metadata.uuid4
    metadata.uuid4 = lambda: uuid.UUID(bytes=hashlib.md5(identifier).digest(), version=4)
    try:
        yield
    finally:
        metadata.uuid4 = original


def finisher(settings: PrintSettings) -> Callable[[Any, Any], None] | None:
    """A WeasyPrint finisher fixing what its output lacks for print; None when none is due."""
    bleed_pt = settings.bleed_mm * _PT_PER_MM
    fix_boxes = settings.media_bleed_mm > 0
    if not fix_boxes and not settings.cmyk:
        return None

    def finish(document: Any, pdf: Any) -> None:
        if fix_boxes:
            for page in _pages(pdf):
                _set_bleed_box(page, bleed_pt)
        if settings.cmyk:
            _default_rgb(pdf)
            _drop_links(pdf)

    return finish


def _pages(pdf: Any) -> list[Any]:
    return [pdf.objects[number] for number in pdf.pages["Kids"][::3]]


def _object(pdf: Any, reference: bytes | str) -> Any:
    text = reference.decode("ascii") if isinstance(reference, bytes) else reference
    return pdf.objects[int(text.split()[0])]


def _set_bleed_box(page: Any, bleed_pt: float) -> None:
    import pydyf

    left, top, right, bottom = (float(v) for v in page["TrimBox"])
    media = [float(v) for v in page["MediaBox"]]
    page["BleedBox"] = pydyf.Array(
        [
            max(media[0], left - bleed_pt),
            max(media[1], top - bleed_pt),
            min(media[2], right + bleed_pt),
            min(media[3], bottom + bleed_pt),
        ]
    )


def _default_rgb(pdf: Any) -> None:
    """DeviceRGB colours and images are sRGB: say so, as PDF/X-4 requires (DefaultRGB)."""
    import pydyf

    data = (files("weasyprint") / "pdf" / "sRGB2014.icc").read_bytes()
    profile = pydyf.Stream([data], pydyf.Dictionary({"N": 3}), compress=True)
    pdf.add_object(profile)
    spaces = set()
    for page in _pages(pdf):
        resources = _object(pdf, page["Resources"])
        spaces.add(resources["ColorSpace"])
    for reference in sorted(spaces):
        _object(pdf, reference)["DefaultRGB"] = pydyf.Array(("/ICCBased", profile.reference))


def _drop_links(pdf: Any) -> None:
    """PDF/X allows no annotations on the printed area; the print edition needs no links."""
    for page in _pages(pdf):
        page.pop("Annots", None)


#: Text keeps at least this far inside the trim edge (the guillotine wanders).
SAFE_MM = 5.0
_PX_PER_MM = 96 / 25.4


def layout_problems(document: Any, articles: dict[str, str], where: str) -> list[Problem]:
    """Warnings for content sticking out of its column or the page, naming article and page.

    ``articles`` maps an article's anchor (its element id) to its file for messages;
    content outside every article is reported against ``where`` (the issue folder).
    """
    found: dict[tuple[str, int], Problem] = {}
    for number, page in enumerate(document.pages, start=1):
        box = page._page_box
        left, top = box.content_box_x(), box.content_box_y()
        area = (left, left + box.width, top + box.height)
        for child in box.children:
            for article, leaf, excess in _overflowing(child, area, where, articles):
                message = (
                    f"page {number}: {_what(leaf)} sticks out of the column by {excess:.1f} mm"
                )
                hint = "it is cut off or runs into the margin: shorten, break or shrink it"
                found.setdefault(
                    (article, number), Problem(article, None, message, hint, "warning")
                )
    return list(found.values())


def trim_problems(document: Any, where: str) -> list[Problem]:
    """A warning per page with text closer than 5 mm to the trim edge."""
    from weasyprint.formatting_structure.boxes import TextBox

    limit = SAFE_MM * _PX_PER_MM
    problems = []
    for number, page in enumerate(document.pages, start=1):
        width, height = page.width, page.height
        for leaf in page._page_box.descendants():
            if not isinstance(leaf, TextBox) or not leaf.text.strip():
                continue
            x, y = leaf.position_x, leaf.position_y
            gap = min(x, y, width - (x + leaf.width), height - (y + leaf.height))
            if gap < limit:
                message = (
                    f"page {number}: {_what(leaf)} is {max(gap, 0) / _PX_PER_MM:.1f} mm from "
                    f"the trim edge (keep text {SAFE_MM:g} mm inside)"
                )
                problems.append(Problem(where, None, message, None, "warning"))
                break
    return problems


def _overflowing(
    box: Any, area: tuple[float, ...], article: str, articles: dict[str, str]
) -> Iterator[tuple[str, Any, float]]:
    """(article, box, mm) for each box past the column's sides (a picture: or its foot)."""
    from weasyprint.formatting_structure.boxes import (
        MarginBox,
        ParentBox,
        ReplacedBox,
        TableBox,
        TextBox,
    )

    if isinstance(box, MarginBox):
        return
    element = getattr(box, "element", None)
    if element is not None and box.element_tag == "article":
        article = articles.get(str(element.get("id")), article)
    if isinstance(box, (TextBox, ReplacedBox, TableBox)):
        if isinstance(box, TextBox) and not box.text.strip():
            return
        left, right = box.border_box_x(), box.border_box_x() + box.border_width()
        slack = box.style["font_size"] if isinstance(box, TextBox) else 2.0
        excess = max(area[0] - left, right - area[1])
        if isinstance(box, ReplacedBox):  # text and tables break across pages; pictures not
            excess = max(excess, box.border_box_y() + box.border_height() - area[2])
        if excess > slack:
            yield article, box, excess / _PX_PER_MM
            return
    if isinstance(box, ParentBox):
        for child in box.children:
            yield from _overflowing(child, area, article, articles)


def _what(box: Any) -> str:
    from weasyprint.formatting_structure.boxes import ReplacedBox, TableBox, TextBox

    if isinstance(box, TextBox):
        text = box.text.strip()
        return f"the text '{text[:24]}{'…' if len(text) > 24 else ''}'"
    if isinstance(box, ReplacedBox) and box.element is not None:
        return f"the picture '{box.element.get('src', '')}'"
    if isinstance(box, TableBox):
        return "a table"
    return "a box"
