"""Render an issue into one HTML document with the layout's Jinja2 templates and CSS.

No typography lives here: the templates and CSS decide how things look, and every piece
of text passes through the typography module (the ``cjk`` and ``fragment`` filters).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import jinja2
from markupsafe import Markup, escape

from . import __version__, typography
from .layouts import Layout, length_pt, page_size_mm
from .model import Article, Issue
from .printing import marks_css, media_bleed_mm

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


def render_html(issue: Issue, layout: Layout, *, pad_pages: int | None = None) -> str:
    """The whole issue as an HTML document, ready for WeasyPrint.

    With ``pad_pages`` (0 or more), the colophon moves to a back page of its own, after
    that many blank pages (``--pad-to``; see typesetter.printing.Padder).
    """
    env = _environment(layout)
    context = _context(issue, layout)
    context["print"] = {"pad_pages": pad_pages}
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
    env.filters["fragment"] = _fragment
    env.filters["plain"] = _plain
    return env


def _cjk(text: Any) -> Markup:
    """Escape a piece of plain text and prepare it for Chinese layout."""
    return Markup(typography.prepare_fragment(str(escape(str(text)))))


def _plain(text: Any) -> str:
    """Plain text prepared the same way, for attributes (bookmarks) and the title: no
    spans, no typed Han–Latin spaces, no source line breaks between Chinese characters."""
    return typography.prepare_text(str(text))


def _fragment(html: str) -> Markup:
    """Prepare an HTML fragment produced by our Markdown renderer."""
    return Markup(typography.prepare_fragment(html))


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
        "created": f"{issue.date.isoformat()}T00:00:00+08:00",
        "subject": f"{issue.publication}{issue.issue_line}，{issue.date_text}出版",
        "keywords": ", ".join(section.title for section in issue.sections),
    }


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
