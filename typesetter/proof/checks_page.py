"""Measurements of the page itself: text outside the page box, text drawn over text."""

from __future__ import annotations

from typesetter.i18n import N_, Translator
from typesetter.proof.layout import Layout, PageLayout
from typesetter.proof.lines import Line
from typesetter.proof.pdfchars import Glyph
from typesetter.proof.report import Fault

#: Two glyphs overlap when their boxes intersect by more than this share of the smaller one,
#: both across and down (kerning and compressed punctuation stay well below it).
OVERLAP_SHARE = 0.3
SAME_LINE_SHARE = 0.6

_ = Translator("proof")
#: The sides of the page box, as the message names them.
SIDES = {"left": N_("left"), "right": N_("right"), "top": N_("top"), "bottom": N_("bottom")}


def outside_page(layout: Layout) -> list[Fault]:
    """Text outside the page box (TrimBox, else CropBox or MediaBox), or touching the cut."""
    faults = []
    for page in layout.pages:
        box = page.box
        for line in page.lines:
            out = [
                g
                for g in line.ink
                if g.x0 <= box.x0 or g.x1 >= box.x1 or g.top <= box.top or g.bottom >= box.bottom
            ]
            if out:
                sides = _sides(out, page)
                message = _("text crosses the {sides} edge of the page box", sides=sides)
                faults.append(Fault("outside-page", page.number, message, line.text))
    return faults


def _sides(glyphs: list[Glyph], page: PageLayout) -> str:
    box = page.box
    sides = [
        name
        for name, hit in (
            ("left", any(g.x0 <= box.x0 for g in glyphs)),
            ("right", any(g.x1 >= box.x1 for g in glyphs)),
            ("top", any(g.top <= box.top for g in glyphs)),
            ("bottom", any(g.bottom >= box.bottom for g in glyphs)),
        )
        if hit
    ]
    return "/".join(_(SIDES[side]) for side in sides)


def overlaps(layout: Layout) -> list[Fault]:
    """Lines drawn over each other, or two glyphs drawn at the same place."""
    faults = []
    for page in layout.pages:
        for a, b in _overlapping_lines(page):
            if a is b:
                message = _("glyphs drawn over each other")
            else:
                message = _("drawn over another line: “{text}”", text=_short(b.text))
            faults.append(Fault("overlap", page.number, message, a.text))
    return faults


def _overlapping_lines(page: PageLayout) -> list[tuple[Line, Line]]:
    found = [(line, line) for line in page.lines if _self_overlap(line)]
    lines = sorted(page.lines, key=lambda ln: ln.top)
    for i, a in enumerate(lines):
        for b in lines[i + 1 :]:
            if b.top >= a.bottom:
                break
            if b.x0 < a.x1 and a.x0 < b.x1 and _lines_collide(a, b):
                found.append((a, b))
    return found


def _self_overlap(line: Line) -> bool:
    ink = line.ink
    return any(
        _collide(a, b, same_line=True) for i, a in enumerate(ink) for b in ink[i + 1 : i + 3]
    )


def _lines_collide(a: Line, b: Line) -> bool:
    return any(
        _collide(ga, gb, same_line=False)
        for ga in a.ink
        for gb in b.ink
        if gb.x0 < ga.x1 and ga.x0 < gb.x1
    )


def _collide(a: Glyph, b: Glyph, *, same_line: bool) -> bool:
    across = min(a.x1, b.x1) - max(a.x0, b.x0)
    width = min(a.x1 - a.x0, b.x1 - b.x0)
    if same_line:  # a half-width mark's box reaches halfway over its neighbour: allowed
        return a is not b and width > 0 and across > SAME_LINE_SHARE * width
    down = min(a.bottom, b.bottom) - max(a.top, b.top)
    height = min(a.bottom - a.top, b.bottom - b.top)
    return across > OVERLAP_SHARE * width and down > OVERLAP_SHARE * height


def _short(text: str, limit: int = 20) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
