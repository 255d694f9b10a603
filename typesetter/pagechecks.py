"""Checks of the laid-out pages: content sticking out of its column, text near the trim.

They read :class:`typesetter.weasy.LaidOut` records (plain data the render returns), and
report warnings naming the article and the page.
"""

from __future__ import annotations

from .errors import Problem
from .i18n import Translator
from .weasy import Frame, LaidOut, Placed, iter_pages

_ = Translator("layout")

#: Text keeps at least this far inside the trim edge (the guillotine wanders).
SAFE_MM = 5.0
_PX_PER_MM = 96 / 25.4
#: A picture or table may stick out this far (px) before it is reported.
_BOX_SLACK_PX = 2.0


def layout_problems(laid_out: LaidOut, articles: dict[str, str], where: str) -> list[Problem]:
    """Warnings for content sticking out of its column or the page, naming article and page.

    ``articles`` maps an article's anchor (its element id) to its file for messages;
    content outside every article is reported against ``where`` (the issue folder).
    A box inside one already reported (the text of a wide table) is not reported again.
    """
    found: dict[tuple[str, int], Problem] = {}
    reported: set[int] = set()
    for index, placed in enumerate(laid_out.boxes):
        if placed.in_margin:
            continue
        if placed.parent in reported:
            reported.add(index)
            continue
        frame = laid_out.frames[placed.page - 1]
        excess = _excess(placed, frame)
        if excess is None:
            continue
        reported.add(index)
        article = articles.get(placed.article, where)
        message = _(
            "page {page}: {what} sticks out of the column by {mm} mm",
            page=placed.page,
            what=_what(placed),
            mm=format(excess, ".1f"),
        )
        hint = _("it is cut off or runs into the margin: shorten, break or shrink it")
        found.setdefault((article, placed.page), Problem(article, None, message, hint, "warning"))
    return list(found.values())


def _excess(placed: Placed, frame: Frame) -> float | None:
    """How far (mm) ``placed`` sticks out of the column, or None when it fits."""
    slack = placed.font_size if placed.kind == "text" else _BOX_SLACK_PX
    excess = max(frame.left - placed.left, placed.right - frame.right)
    if placed.kind == "picture":  # text and tables break across pages; pictures do not
        excess = max(excess, placed.bottom - frame.bottom)
    return excess / _PX_PER_MM if excess > slack else None


def trim_problems(laid_out: LaidOut, where: str) -> list[Problem]:
    """A warning per page with text closer than 5 mm to the trim edge."""
    limit = SAFE_MM * _PX_PER_MM
    problems = []
    for frame, placed_boxes in iter_pages(laid_out):
        for placed in placed_boxes:
            if placed.kind != "text":
                continue
            gap = min(
                placed.x,
                placed.y,
                frame.width - (placed.x + placed.width),
                frame.height - (placed.y + placed.height),
            )
            if gap < limit:
                message = _(
                    "page {page}: {what} is {mm} mm from the trim edge (keep text {safe} mm "
                    "inside)",
                    page=frame.number,
                    what=_what(placed),
                    mm=format(max(gap, 0) / _PX_PER_MM, ".1f"),
                    safe=format(SAFE_MM, "g"),
                )
                problems.append(Problem(where, None, message, None, "warning"))
                break
    return problems


def _what(placed: Placed) -> str:
    if placed.kind == "text":
        text = placed.text.strip()
        shown = text[:24] + ("…" if len(text) > 24 else "")
        return _("the text '{text}'", text=shown)
    if placed.kind == "picture" and placed.src is not None:
        return _("the picture '{src}'", src=placed.src)
    if placed.kind == "table":
        return _("a table")
    return _("a box")
