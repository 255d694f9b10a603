"""Render an issue into one HTML document with the layout's Jinja2 templates and CSS.

No typography lives here: the templates and CSS decide how things look, and every piece
of text passes through the typography module (the ``cjk`` and ``fragment`` filters).
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import unquote

import jinja2
from markupsafe import Markup, escape

from . import __version__, typography
from .layouts import Layout, length_pt, page_size_mm
from .model import Article, Issue
from .printing import marks_css, media_bleed_mm
from .typography.chars import is_full_width

_MM_PER_PT = 25.4 / 72


@dataclass(frozen=True)
class TocGroup:
    """One group of the table of contents: a section's TOC name and its listed articles."""

    title: str
    articles: list[Article]


def toc_groups(issue: Issue) -> list[TocGroup]:
    """Every section with at least one ``toc: true`` article, under its TOC name."""
    groups = []
    for section in issue.sections:
        listed = [article for article in section.articles if article.meta.toc]
        if listed:
            groups.append(TocGroup(section.toc_title or section.title, listed))
    return groups


#: The issue with ``pad_pages`` blank pages, then the colophon on a back page of its own.
_PADDED = (
    '{% extends "issue.html.j2" %}{% block colophon %}'
    '{% for _ in range(pad_pages) %}<div class="pad-page" aria-hidden="true"></div>{% endfor %}'
    '<div class="back-page">{{ super() }}</div>{% endblock %}'
)


def render_html(
    issue: Issue,
    layout: Layout,
    *,
    pad_pages: int | None = None,
    proof_of: list[str] | None = None,
) -> str:
    """The whole issue as an HTML document, ready for WeasyPrint.

    With ``pad_pages`` (0 or more), the colophon moves to a back page of its own, after
    that many blank pages (``--pad-to``; see typesetter.printing.Padder). With
    ``proof_of`` (the article files of ``build --only``), the template sets a proof of
    the issue's articles: no cover, TOC or colophon, marked 校样 (issue.html.j2).
    """
    env = _environment(layout)
    context = _context(issue, layout)
    context["print"] = {"pad_pages": pad_pages}
    context["proof_of"] = proof_of
    context["css"] = _css(env, layout, context)
    if pad_pages is not None:
        return env.from_string(_PADDED).render(context, pad_pages=pad_pages)
    return env.get_template("issue.html.j2").render(context)


def render_template(layout: Layout, name: str, context: dict[str, Any]) -> str:
    """Render another document of ``layout`` (e.g. ``annual.html.j2``) with the layout's CSS.

    ``context`` comes on top of the layout's values (page geometry, fonts, options) and
    ``css`` (the layout's stylesheets), as the issue template sees them.
    """
    env = _environment(layout)
    full = {**_layout_context(layout), "lang": "zh-CN", **context}
    full["css"] = _css(env, layout, full)
    return env.get_template(name).render(full)


def _environment(layout: Layout) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(layout.template_dirs),
        autoescape=lambda name: name is None or not name.endswith(".css.j2"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cjk"] = _cjk
    half = layout.options.paragraph_start_bracket == "half"
    env.filters["fragment"] = partial(_fragment, bracket_half=half)
    env.filters["plain"] = _plain
    env.filters["keep_leads"] = partial(keep_leads, measure_em=_measure_em(layout))
    env.filters["toc_title"] = _toc_title
    return env


def _cjk(text: Any) -> Markup:
    """Escape a piece of plain text and prepare it for Chinese layout."""
    return Markup(typography.prepare_fragment(str(escape(str(text)))))


def _plain(text: Any) -> str:
    """Plain text prepared the same way, for attributes (bookmarks) and the title: no
    spans, no typed Han–Latin spaces, no source line breaks between Chinese characters."""
    return typography.prepare_text(str(text))


def _toc_title(text: Any) -> Markup:
    """A TOC title prepared like other text, its head in a ``span.toc-head``: the layout
    sets the link unbreakable (``white-space: nowrap``) and the head breakable, so that the
    title's last characters and the leader after them stay on one line — WeasyPrint allows
    a break before every leader. The head ends between two characters of the same width
    class (two Han, or two Western; no space), so that no Han–Western gap falls at the
    tag."""
    text = str(text)
    cut = _tail_start(text)
    if cut is None:
        return _cjk(text)
    head, tail = escape(text[:cut]), escape(text[cut:])
    return _fragment(f'<span class="toc-head">{head}</span>{tail}')


def _tail_start(text: str) -> int | None:
    for cut in range(len(text) - 1, 0, -1):
        if unicodedata.category(text[cut]) in ("Mn", "Me", "Cf"):
            continue  # a combining mark, variation selector or joiner stays with its base
        before, after = text[cut - 1], text[cut]
        wide = is_full_width(before) == is_full_width(after)
        if wide and not (before.isspace() or after.isspace()):
            return cut
    return None


def _fragment(html: str, bracket_half: bool = False) -> Markup:
    """Prepare an HTML fragment produced by our Markdown renderer (``bracket_half``: the
    layout's ``paragraph_start_bracket: half``)."""
    return Markup(typography.prepare_fragment(html, bracket_half=bracket_half))


#: A paragraph or list item that opens a body or follows a subheading (## or ###), when
#: another block follows it: the tag to mark, and its content.
_LEAD = re.compile(
    r"(?:\A|</h[23]>)\s*(?:<[uo]l>\s*)?<(?P<tag>p|li)>(?P<body>.*?)</(?P=tag)>(?=\s*<[a-z])",
    re.DOTALL,
)
_TAG = re.compile(r"<[^>]*>")


def keep_leads(html: str, measure_em: float) -> str:
    """Mark with ``keep-next`` each lead block of our Markdown HTML that may print as one
    line: a paragraph or list item that opens the body or follows a subheading, followed by
    another block, and no wider than one line of the text area (``measure_em``).

    The layout keeps such a block with the next one (newsletter.css, "Keeps"), so that a
    title or subheading at a page foot keeps two lines after it. The width is estimated
    on the widest measure (wide characters 1 em, the others ½ em), so a line in a narrower
    column (a book's blurb, a second column) is marked too: marking a short two-line block
    only keeps it with the next one as well.
    """

    def mark(match: re.Match[str]) -> str:
        if _width_em(match["body"]) > measure_em:
            return match[0]
        tag = match["tag"]
        start = match.start("tag") - 1 - match.start()
        text = match[0]
        return f'{text[:start]}<{tag} class="keep-next">{text[start + len(tag) + 2 :]}'

    return _LEAD.sub(mark, html)


def _width_em(fragment: str) -> float:
    text = htmllib.unescape(_TAG.sub("", fragment)).strip()
    return sum(1.0 if is_full_width(ch) else 0.5 for ch in text)


def _measure_em(layout: Layout) -> float:
    """The text area's width in ems of the body size: the widest measure of the layout."""
    width, _ = page_size_mm(layout.options.page_size)
    margins = layout.options.margins
    text_width = width - _mm(margins.inner) - _mm(margins.outer)
    return text_width / _mm(layout.options.body_size)


def _css(env: jinja2.Environment, layout: Layout, context: dict[str, Any]) -> Markup:
    """The layout's ``stylesheets``, in their order, as one piece of CSS."""
    return Markup("\n".join(_stylesheet(env, name, context) for name in layout.options.stylesheets))


def _stylesheet(env: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    if name.endswith(".j2"):
        return env.get_template(name).render(context)
    source = env.loader.get_source(env, name)[0] if env.loader else ""
    return source


def _layout_context(layout: Layout) -> dict[str, Any]:
    """What every document of the layout sees: its options and the values CSS needs."""
    options = layout.options
    return {
        "layout": options,
        "version": __version__,
        "page": _page_geometry(layout),
        "margins": _margins(layout),
        "fonts": _fonts(layout),
        "body_size": options.body_size,
        "line_height": options.line_height,
        "accent": options.accent,
    }


def _context(issue: Issue, layout: Layout) -> dict[str, Any]:
    return {
        **_layout_context(layout),
        "issue": issue,
        "lang": issue.html_lang,
        "toc_groups": toc_groups(issue),
        "cover_ratio": _cover_ratio(issue),
        "created": f"{issue.date.isoformat()}T00:00:00+08:00",
        "subject": f"{issue.publication}{issue.issue_line}，{issue.date_text}出版",
        "keywords": ", ".join(section.title for section in issue.sections),
    }


def _cover_ratio(issue: Issue) -> float | None:
    """The cover picture's height over its width (cover.html.j2 sizes it), or None when it
    is not a raster picture one can read (an SVG: the layout sizes it by its height)."""
    if issue.cover is None or not issue.cover.image:
        return None
    from PIL import Image, UnidentifiedImageError

    path = issue.dir / unquote(issue.cover.image.split("#", 1)[0].split("?", 1)[0])
    try:
        with Image.open(path) as picture:  # reads the header only
            width, height = picture.size
    except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
        return None
    return height / width if width > 0 and height > 0 else None


def _mm(length: str) -> float:
    return round(length_pt(length) * _MM_PER_PT, 3)


def _page_geometry(layout: Layout) -> dict[str, Any]:
    options = layout.options
    width, height = page_size_mm(options.page_size)
    inner, outer = _mm(options.margins.inner), _mm(options.margins.outer)
    bleed = _mm(options.bleed)
    return {
        "width": width,
        "height": height,
        "text_width": round(width - inner - outer, 3),
        "bleed_mm": bleed,
        # The CSS bleed: with marks, it also holds the marks (outside the bleed).
        "media_bleed_mm": media_bleed_mm(bleed, options.marks),
        "marks": marks_css(options.marks),
        # The cover band runs to the trim edge and on into the bleed. Page 1 is a recto:
        # the inner margin is on its left.
        "band_left": round(inner + bleed, 3),
        "band_right": round(outer + bleed, 3),
        "band_top": round(_mm(options.band_top) + bleed, 3),
        # The cover's text area ends here (cover.html.j2 estimates the space it leaves).
        "margin_bottom": _mm(options.margins.bottom),
    }


def _margins(layout: Layout) -> dict[str, str]:
    m = layout.options.margins
    left_page = (m.outer, m.inner) if m.mirror else (m.inner, m.outer)
    return {
        "top": m.top,
        "bottom": m.bottom,
        "inner": m.inner,
        "outer": m.outer,
        "left_page_left": left_page[0],
        "left_page_right": left_page[1],
        "right_page_left": m.inner,
        "right_page_right": m.outer,
    }


def _fonts(layout: Layout) -> dict[str, str]:
    fonts = layout.options.fonts

    def stack(families: list[str]) -> str:
        return ", ".join(f'"{family}"' for family in [*families, *fonts.fallback])

    return {"serif": stack(fonts.serif), "sans": stack(fonts.sans)}
