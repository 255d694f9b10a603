"""Line edges: the ¼ em Han–Western gap never shows at the start or end of a line.

The gap is the margin of a ``span.zh-wl`` / ``span.zh-wr`` (see fragment.py and
clreq.css). WeasyPrint keeps inline margins at line edges; this removes them there,
before the line is aligned.
"""

from __future__ import annotations

from typing import Any

from weasyprint.formatting_structure import boxes

START_CLASS = "zh-wl"
END_CLASS = "zh-wr"


def has_class(box: Any, name: str) -> bool:
    """True for a box of a ``span`` with class ``name`` (a text box: of its text)."""
    element = getattr(box, "element", None)
    if element is None or getattr(box, "element_tag", None) != "span":
        return False
    return name in (element.get("class") or "").split()


def _edge_path(line: Any, last: bool) -> list[tuple[Any, int]]:
    """``(parent, index)`` pairs from the line down to its first (or last) leaf."""
    path = []
    box = line
    while isinstance(box, (boxes.LineBox, boxes.InlineBox)):
        indexes = [i for i, child in enumerate(box.children) if child.is_in_normal_flow()]
        if not indexes:
            break
        index = indexes[-1] if last else indexes[0]
        path.append((box, index))
        box = box.children[index]
    return path


def strip_start(line: Any) -> None:
    """Remove the gap margin of a span that starts the line, moving the line left."""
    path = _edge_path(line, last=False)
    for depth, (parent, index) in enumerate(path):
        box = parent.children[index]
        margin = box.margin_left if has_class(box, START_CLASS) else 0
        if not margin:
            continue
        box.margin_left = 0
        for child in box.children:
            child.translate(-margin, ignore_floats=True)
        for ancestor, position in path[: depth + 1]:
            for sibling in ancestor.children[position + 1 :]:
                sibling.translate(-margin, ignore_floats=True)
            ancestor.width -= margin


def strip_end(line: Any) -> None:
    """Remove the gap margin of a span that ends the line."""
    path = _edge_path(line, last=True)
    for depth, (parent, index) in enumerate(path):
        box = parent.children[index]
        margin = box.margin_right if has_class(box, END_CLASS) else 0
        if not margin:
            continue
        box.margin_right = 0
        for ancestor, _ in path[: depth + 1]:
            ancestor.width -= margin
