"""Render an issue into one HTML document with the layout's Jinja2 templates and CSS.

No typography lives here: the templates and CSS decide how things look, and every piece
of text passes through the typography module (the ``cjk`` and ``fragment`` filters).
"""

from __future__ import annotations

import html as htmllib
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jinja2
from markupsafe import Markup, escape

from . import __version__, typography
from .errors import LayoutError, Problem
from .i18n import Translator
from .layouts import Layout, MissingField, format_fields, length_pt, page_size_mm
from .model import Article, Issue, format_source_date
from .printing import marks_css, media_bleed_mm
from .typography.chars import is_full_width

_ = Translator("layout")

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
        padded = env.from_string(_PADDED)
        return _render(padded, {**context, "pad_pages": pad_pages}, layout)
    return _render(env.get_template("issue.html.j2"), context, layout)


def render_template(layout: Layout, name: str, context: dict[str, Any]) -> str:
    """Render another document of ``layout`` (e.g. ``annual.html.j2``) with the layout's CSS.

    ``context`` comes on top of the layout's values (page geometry, fonts, options) and
    ``css`` (the layout's stylesheets), as the issue template sees them.
    """
    env = _environment(layout)
    full = {**_layout_context(layout), "lang": "zh-CN", **context}
    full["css"] = _css(env, layout, full)
    return _render(env.get_template(name), full, layout)


def _environment(layout: Layout) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_loader(layout),
        autoescape=lambda name: name is None or not name.endswith(".css.j2"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["cjk"] = _cjk
    env.filters["source_line"] = source_line_html
    half = layout.options.paragraph_start_bracket == "half"
    env.filters["fragment"] = partial(_fragment, bracket_half=half)
    env.filters["plain"] = _plain
    env.filters["keep_leads"] = partial(keep_leads, measure_em=_measure_em(layout))
    env.filters["toc_title"] = _toc_title
    env.globals["layout_file"] = partial(layout_file, layout)
    return env


def _loader(layout: Layout) -> jinja2.BaseLoader:
    """Templates are looked up in the layout's folder, then in those of the layouts it
    extends. ``NAME/file`` names the file as the parent layout ``NAME`` has it, so that a
    template can extend its parent's template of the same name and override its blocks
    (``{% extends "newsletter/cover.html.j2" %}``) without looping back to itself."""
    folders = [str(folder) for folder in layout.folders]
    parents: dict[str, jinja2.BaseLoader] = {}
    for i, name in enumerate(layout.names[1:], start=1):
        parents.setdefault(name, _FileLoader(folders[i:]))
    own = _FileLoader(folders)
    return jinja2.ChoiceLoader([jinja2.PrefixLoader(parents), own]) if parents else own


class _FileLoader(jinja2.FileSystemLoader):
    """Templates from regular files only: a FIFO or device of an office's layout folder is
    never opened (it would wait for a writer)."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        for folder in self.searchpath:
            candidate = os.path.join(folder, *template.split("/"))
            if os.path.lexists(candidate):
                if not os.path.isfile(candidate):
                    message = _("a template must be a file")
                    raise LayoutError([Problem(candidate, None, message)])
                break
        return super().get_source(environment, template)


class AssetError(Exception):
    """A file a template asks for (``layout_file``) that the layout's folders lack."""

    def __init__(self, name: str, layout: Layout) -> None:
        where = ", ".join(str(folder) for folder in layout.folders)
        super().__init__(_("no file {name} in the layout's folders", name=repr(name)))
        self.name = name
        self.hint = _("looked in: {folders}", folders=where)


def layout_file(layout: Layout, name: str) -> str:
    """The ``file:`` URL of a file of the layout (a logo, a background) for a template:
    ``<img src="{{ layout_file('logo.png') }}">``. AssetError if no folder has it."""
    found = layout.asset(str(name))
    if found is None:
        raise AssetError(str(name), layout)
    return found.resolve().as_uri()


def _render(template: jinja2.Template, context: dict[str, Any], layout: Layout) -> str:
    """Render, turning a missing layout file into a LayoutError at the template's line."""
    try:
        return template.render(context)
    except AssetError as error:
        path, line = _template_place(error, layout)
        problem = Problem(path, line, _("layout_file: {reason}", reason=error), error.hint)
        raise LayoutError([problem]) from None


def _template_place(error: Exception, layout: Layout) -> tuple[str, int | None]:
    """The template file and line the traceback of ``error`` passed last (Jinja maps
    template frames to the template's file and line)."""
    folders = [str(folder.resolve()) for folder in layout.folders]
    place: tuple[str, int | None] = (str(layout.folders[0]), None)
    frame = error.__traceback__
    while frame is not None:
        filename = frame.tb_frame.f_code.co_filename
        if any(os.path.abspath(filename).startswith(folder) for folder in folders):
            place = (filename, frame.tb_lineno)
        frame = frame.tb_next
    return place


def _cjk(text: Any) -> Markup:
    """Escape a piece of plain text and prepare it for Chinese layout."""
    return Markup(typography.prepare_fragment(str(escape(str(text)))))


def source_line_html(article: Any, cjk: Callable[[Any], Markup] = _cjk) -> Markup:
    """An article's source line, prepared, its date (the one ``source_line`` ends it with)
    in ``span.source-date``, which the layouts keep on one line: a narrow column breaks
    before the date, not inside it."""
    text = article.source_text or ""
    date = format_source_date(article.meta.date) if article.meta.date else ""
    if not date or not text.endswith(date):
        return cjk(text)
    head = cjk(text[: -len(date)])
    return head + Markup('<span class="source-date">') + cjk(date) + Markup("</span>")


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
    return layout.area.text_width_pt / length_pt(layout.options.body_size)


def _css(env: jinja2.Environment, layout: Layout, context: dict[str, Any]) -> Markup:
    """The layout's stylesheets (``stylesheets``, then each folder's ``extra.css``), in
    their order, as one piece of CSS."""
    return Markup(
        "\n".join(
            _stylesheet(env, name, path, context, layout)
            for name, path in layout.stylesheet_files
        )
    )


def _stylesheet(
    env: jinja2.Environment, name: str, path: Path, context: dict[str, Any], layout: Layout
) -> str:
    if name.endswith(".j2"):
        text = _render(env.get_template(name), context, layout)
    else:
        text = path.read_text(encoding="utf-8")
    return _layout_urls(text, path, layout)


#: ``url(…)`` in CSS, its address quoted or not.
_CSS_URL = re.compile(r"""url\(\s*(?P<q>["']?)(?P<url>[^"')]*)(?P=q)\s*\)""")


def _layout_urls(css: str, path: Path, layout: Layout) -> str:
    """A layout's CSS is inlined in the document, whose addresses are the issue folder's:
    each relative ``url(…)`` is made the ``file:`` URL of that file in the stylesheet's
    own folder. A file that is not there is a LayoutError at the stylesheet's line."""
    folder = path.parent

    def absolute(match: re.Match[str]) -> str:
        url = match["url"].strip()
        if not url or urlsplit(url).scheme or url.startswith(("#", "/")):
            return match[0]
        target = folder / unquote(url.split("#", 1)[0].split("?", 1)[0])
        if not target.is_file() or not target.resolve().is_relative_to(folder.resolve()):
            line = css.count("\n", 0, match.start()) + 1
            shown = path if not path.name.endswith(".j2") else f"{path} (as rendered)"
            hint = _("put {url} in {folder}, beside the stylesheet", url=url, folder=folder)
            message = _("url({url}): no such file", url=url)
            raise LayoutError([Problem(str(shown), line, message, hint)])
        return f'url("{target.resolve().as_uri()}")'

    return _CSS_URL.sub(absolute, css)


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
        # The accent and its tints mixed with white: --accent, --accent-soft (quote rules),
        # --accent-tint (table heads), --accent-pale (the cover note).
        "accent_tints": options.accent_tints,
        "masthead_logo": _masthead_logo(layout),
    }


def _context(issue: Issue, layout: Layout) -> dict[str, Any]:
    issue_line = _issue_line(issue, layout)
    date_text = _formatted(
        layout,
        "date_format",
        {"year": issue.date.year, "month": issue.date.month, "day": issue.date.day},
    )
    return {
        **_layout_context(layout),
        "issue": issue,
        # The issue line and the cover date as the layout writes them (issue_line,
        # date_format in layout.yaml); the templates print these, not issue.issue_line.
        "issue_line": issue_line,
        "date_text": date_text,
        "lang": issue.html_lang,
        "toc_groups": toc_groups(issue),
        "cover_ratio": _cover_ratio(issue),
        "created": f"{issue.date.isoformat()}T00:00:00+08:00",
        "subject": f"{issue.publication}{issue_line}，{date_text}出版",
        "keywords": ", ".join(section.title for section in issue.sections),
    }


def _issue_line(issue: Issue, layout: Layout) -> str:
    values = {"year": issue.year, "number": issue.number, "total": issue.total}
    return _formatted(layout, "issue_line", values)


def _formatted(layout: Layout, option: str, values: dict[str, int | None]) -> str:
    """The format option ``option`` of layout.yaml filled in; a field with no value outside
    an optional part ``[…]`` is a LayoutError at the option's line."""
    try:
        return format_fields(getattr(layout.options, option), values)
    except MissingField as missing:
        path, line = layout.source(option)
        message = _(
            "{option}: the issue has no {name} for {{{name}}}", option=option, name=missing.name
        )
        hint = _(
            "put the part with {{{name}}} in [ ], to leave it out when it is missing",
            name=missing.name,
        )
        raise LayoutError([Problem(path, line, message, hint)]) from None


def _masthead_logo(layout: Layout) -> dict[str, Any] | None:
    """The masthead's logo (layout.yaml ``masthead.logo``): its URL, and its width and
    height in mm at the ``logo_height`` (an SVG, whose size is not read, as a square)."""
    masthead = layout.options.masthead
    path = layout.asset(masthead.logo) if masthead.logo else None
    if path is None:
        return None
    height = _mm(masthead.logo_height)
    ratio = 1.0
    if path.suffix.lower() != ".svg":
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(path) as picture:  # reads the header only
                width_px, height_px = picture.size
            ratio = width_px / height_px if width_px > 0 and height_px > 0 else 1.0
        except (OSError, UnidentifiedImageError, ValueError, Image.DecompressionBombError):
            path_text, line = layout.source("masthead", "logo")
            message = _(
                "masthead: the logo {logo} is not a picture one can read", logo=repr(masthead.logo)
            )
            raise LayoutError([Problem(path_text, line, message)]) from None
    return {
        "url": path.resolve().as_uri(),
        "height_mm": height,
        "width_mm": round(height * ratio, 2),
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
    inner, outer = layout.area.inner_mm, layout.area.outer_mm  # the body grid's margins
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
    inner, outer = layout.area.margins  # widened so that the text width is on the grid
    left_page = (outer, inner) if m.mirror else (inner, outer)
    return {
        "top": m.top,
        "bottom": m.bottom,
        "inner": inner,
        "outer": outer,
        "left_page_left": left_page[0],
        "left_page_right": left_page[1],
        "right_page_left": inner,
        "right_page_right": outer,
    }


def _fonts(layout: Layout) -> dict[str, str]:
    fonts = layout.options.fonts

    def stack(families: list[str]) -> str:
        return ", ".join(f'"{family}"' for family in [*families, *fonts.fallback])

    return {
        "serif": stack(fonts.serif),
        "sans": stack(fonts.sans),
        "body": stack(fonts.body if fonts.body is not None else fonts.serif),
        "title": stack(fonts.title if fonts.title is not None else fonts.sans),
    }
