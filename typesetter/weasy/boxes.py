"""What the pages hold after layout, read once from WeasyPrint's box tree into plain data.

The page checks (``typesetter.pagechecks``, ``typesetter.images``) work on these records,
so that only this module reads WeasyPrint's private layout objects (``page._page_box``).
Lengths are CSS px (1/96 in), from the page's top left corner, as WeasyPrint has them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal

Kind = Literal["text", "picture", "table"]


@dataclass(frozen=True)
class Frame:
    """One page: its size and the content area (the column) text must stay inside."""

    number: int
    width: float
    height: float
    left: float
    right: float
    bottom: float


@dataclass(frozen=True)
class Placed:
    """A text run, a picture or a table as laid out on a page."""

    page: int
    kind: Kind
    #: The nearest placed box this one is inside (a table for its cells' text), or -1.
    parent: int
    #: Part of the page margin (running header, folio) rather than the page's content.
    in_margin: bool
    #: The ``id`` of the ``<article>`` element it belongs to, or "".
    article: str
    #: Margin box: position and size.
    x: float
    y: float
    width: float
    height: float
    #: Border box: left, right and bottom edges.
    left: float
    right: float
    bottom: float
    font_size: float = 0.0
    text: str = ""
    #: A picture's ``src`` as written in the HTML (None when it has no element).
    src: str | None = None
    #: A raster picture's size in pixels, and the size it is drawn at (content box).
    pixels: tuple[int, int] | None = None
    drawn: tuple[float, float] = (0.0, 0.0)


@dataclass
class LaidOut:
    """Every page's frame, the boxes on it, and the page each anchor (element id) is on."""

    frames: list[Frame] = field(default_factory=list)
    boxes: list[Placed] = field(default_factory=list)
    anchors: dict[str, int] = field(default_factory=dict)

    def last_pages(self) -> dict[str, int]:
        """The last page each ``<article>`` (by id) has content on: the page of its last
        placed box outside the page margins (needs the boxes: ``with_boxes``)."""
        last: dict[str, int] = {}
        for placed in self.boxes:
            if placed.article and not placed.in_margin:
                last[placed.article] = max(placed.page, last.get(placed.article, 0))
        return last


def read_pages(document: Any, *, with_boxes: bool = True) -> LaidOut:
    """Read a rendered WeasyPrint ``Document`` into a :class:`LaidOut`."""
    laid_out = LaidOut()
    for number, page in enumerate(document.pages, start=1):
        for anchor in page.anchors:
            laid_out.anchors.setdefault(anchor, number)
        box = page._page_box
        left, top = box.content_box_x(), box.content_box_y()
        laid_out.frames.append(
            Frame(number, page.width, page.height, left, left + box.width, top + box.height)
        )
        if with_boxes:
            _walk(box, number, -1, False, "", laid_out.boxes)
    return laid_out


def _walk(box: Any, page: int, parent: int, margin: bool, article: str, out: list[Placed]) -> None:
    from weasyprint.formatting_structure.boxes import MarginBox

    margin = margin or isinstance(box, MarginBox)
    element = getattr(box, "element", None)
    if element is not None and getattr(box, "element_tag", None) == "article":
        article = str(element.get("id"))
    placed = _placed(box, page, parent, margin, article)
    if placed is not None:
        parent = len(out)
        out.append(placed)
    for child in getattr(box, "children", ()):
        _walk(child, page, parent, margin, article, out)


def _placed(box: Any, page: int, parent: int, margin: bool, article: str) -> Placed | None:
    from weasyprint.formatting_structure.boxes import ReplacedBox, TableBox, TextBox
    from weasyprint.images import RasterImage

    if isinstance(box, TextBox):
        if not box.text.strip():
            return None
        kind: Kind = "text"
    elif isinstance(box, ReplacedBox):
        kind = "picture"
    elif isinstance(box, TableBox):
        kind = "table"
    else:
        return None
    left = box.border_box_x()
    common = dict(
        page=page,
        kind=kind,
        parent=parent,
        in_margin=margin,
        article=article,
        x=box.position_x,
        y=box.position_y,
        width=box.width,
        height=box.height,
        left=left,
        right=left + box.border_width(),
        bottom=box.border_box_y() + box.border_height(),
    )
    if kind == "text":
        return Placed(**common, font_size=box.style["font_size"], text=box.text)
    if kind == "table":
        return Placed(**common)
    element = box.element
    src = None if element is None else str(element.get("src", ""))
    image = box.replacement
    pixels = (image.width, image.height) if isinstance(image, RasterImage) else None
    return Placed(**common, src=src, pixels=pixels, drawn=(box.width, box.height))


def iter_pages(laid_out: LaidOut) -> Iterator[tuple[Frame, list[Placed]]]:
    """Each page's frame with its boxes, in order."""
    by_page: dict[int, list[Placed]] = {}
    for placed in laid_out.boxes:
        by_page.setdefault(placed.page, []).append(placed)
    for frame in laid_out.frames:
        yield frame, by_page.get(frame.number, [])
