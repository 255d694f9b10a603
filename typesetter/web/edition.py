"""The web edition of an issue: pages rendered with the layout's web templates.

An edition is a folder that reads from ``file://`` and from any web server path, with
relative links only:

    index.html              the issue: masthead, issue line, date, contents by section,
                            the colophon (every page's footer)
    articles/<anchor>.html  one page per article, with previous/next links
    assets/web.css          the layout's web CSS, after the @font-face rules
    assets/fonts/*.woff2    the vendored faces subset to the pages' characters
    images/…                the pictures

The templates are the layout's ``web/`` folder (``layouts/<name>/web/``), looked up like
the print templates: a layout that extends another and has no ``web/`` of its own uses its
parent's. Text is prepared as for the PDF (typesetter.typography): no typed spaces
between Han and Latin, the same punctuation; the browser does the rest with the CSS
``text-autospace`` and ``text-spacing-trim`` properties.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .. import __version__, typography
from ..errors import LayoutError, Problem
from ..html import source_line_html
from ..i18n import Translator
from ..layouts import Layout
from ..model import Article, Issue
from . import fonts
from .pictures import Picture, collect

_ = Translator("layout")

#: The folder of a layout that holds its web templates and CSS.
WEB_FOLDER = "web"
CSS = "assets/web.css"


@dataclass(frozen=True)
class ArticleLink:
    """An article as the pages link it."""

    article: Article
    section: str
    href: str  # from the edition's root
    #: In the archive site: its pages in the PDF (first, last), or None.
    pages: tuple[int, int] | None = None


@dataclass(frozen=True)
class SiteContext:
    """What the archive site adds to an edition's pages (None outside an archive)."""

    #: The PDF, from the edition's root (``../2023-17.pdf``).
    pdf: str
    #: Each article's pages in the PDF, by anchor.
    pages: dict[str, tuple[int, int]] = field(default_factory=dict)
    home: str = "../index.html"
    year_page: str = ""
    search: str = "../search.html"
    #: The last build of the issue failed: these pages are the last good one's.
    failed: bool = False


@dataclass
class Edition:
    """The files of a web edition (path in the edition → bytes) and its pages."""

    files: dict[str, bytes] = field(default_factory=dict)
    pages: list[str] = field(default_factory=list)


def web_template_dirs(layout: Layout) -> list[Path]:
    """The ``web/`` folders of the layout and of the layouts it extends, nearest first."""
    return [folder / WEB_FOLDER for folder in layout.folders if (folder / WEB_FOLDER).is_dir()]


def environment(layout: Layout) -> jinja2.Environment:
    """Jinja2 over the layout's web templates, with the text filters of the print ones."""
    folders = web_template_dirs(layout)
    if not folders:
        where = ", ".join(f"layouts/{folder.name}" for folder in layout.folders)
        message = _("layout {name} has no web templates", name=layout.name)
        hint = _(
            "add a {folder}/ folder to {where}, or extend a layout that has one",
            folder=WEB_FOLDER,
            where=where,
        )
        raise LayoutError([Problem(str(layout.folders[0]), None, message, hint)])
    return _environment(tuple(str(folder) for folder in folders))


@lru_cache(maxsize=16)
def _environment(folders: tuple[str, ...]) -> jinja2.Environment:
    """One environment per set of template folders and process: its compiled templates
    are kept (compiling them was a quarter of an edition's time); Jinja2 still reloads a
    template whose file changed."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(folders)),
        autoescape=lambda name: name is None or not name.endswith(".css"),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cjk"] = cjk
    env.filters["source_line"] = partial(source_line_html, cjk=cjk)
    env.filters["plain"] = lru_cache(maxsize=4096)(typography.prepare_text)
    env.filters["fragment"] = lambda html: Markup(typography.prepare_fragment(str(html)))
    return env


def cjk(text: Any) -> Markup:
    """Plain text, escaped and prepared for Chinese layout (as html.py's ``cjk``)."""
    return _prepared(str(text))


@lru_cache(maxsize=4096)
def _prepared(text: str) -> Markup:
    """The same texts come back on every page (masthead, colophon, titles): once each."""
    return Markup(typography.prepare_fragment(str(escape(text))))


def render_edition(issue: Issue, layout: Layout, site: SiteContext | None = None) -> Edition:
    """Every file of the web edition of ``issue`` (nothing is written)."""
    env = environment(layout)
    pictures, edition_files = collect(issue)
    links = _links(issue, site)
    base = {
        "issue": issue,
        "layout": layout.options,
        "lang": issue.html_lang,
        "version": __version__,
        "site": site,
        "sections": _sections(issue, links),
        "pictures": pictures,
    }
    pages: dict[str, str] = {}
    pages["index.html"] = env.get_template("issue.html.j2").render(
        base, root="", cover=_cover(issue, pictures)
    )
    for i, link in enumerate(links):
        body, notes = article_body(link.article.html, pictures, "../")
        pages[link.href] = env.get_template("article.html.j2").render(
            base,
            root="../",
            link=link,
            article=link.article,
            body=body,
            notes=notes,
            image=pictures.get(link.article.meta.image or ""),
            previous=links[i - 1] if i > 0 else None,
            next=links[i + 1] if i + 1 < len(links) else None,
        )
    css = env.get_template("web.css").render(layout=layout.options)
    edition_files.update(font_files(pages.values(), css))
    edition_files[CSS] = (font_face_css() + css).encode("utf-8")
    edition_files.update((name, text.encode("utf-8")) for name, text in pages.items())
    return Edition(edition_files, list(pages))


def _links(issue: Issue, site: SiteContext | None) -> list[ArticleLink]:
    pages = site.pages if site is not None else {}
    return [
        ArticleLink(
            article, section.title, f"articles/{article.anchor}.html", pages.get(article.anchor)
        )
        for section in issue.sections
        for article in section.articles
    ]


def _sections(issue: Issue, links: list[ArticleLink]) -> list[dict[str, Any]]:
    by_anchor = {link.article.anchor: link for link in links}
    return [
        {
            "title": section.title,
            "anchor": section.anchor,
            "articles": [by_anchor[article.anchor] for article in section.articles],
        }
        for section in issue.sections
    ]


def _cover(issue: Issue, pictures: dict[str, Picture]) -> dict[str, Any] | None:
    cover = issue.cover
    if cover is None:
        return None
    return {
        "picture": pictures.get(cover.image or ""),
        "caption": cover.caption,
        "credit": cover.credit,
        "note": cover.note,
        "paragraphs": [
            "".join(line.strip() for line in paragraph.split("\n"))
            for paragraph in (cover.note.text.split("\n\n") if cover.note else [])
            if paragraph.strip()
        ],
    }


# --- the article body ----------------------------------------------------------------------

_FOOTNOTE_OPEN = '<span class="footnote">'
_SPAN = re.compile(r"<span\b[^>]*>|</span>")
_IMG = re.compile(r'<img\b([^>]*?)\bsrc="([^"]*)"([^>]*?)\s*/?>')
_TABLE = re.compile(r"<table>.*?</table>", re.S)


def article_body(html: str, pictures: dict[str, Picture], root: str) -> tuple[Markup, list[Markup]]:
    """The body of an article for the web, and its footnotes.

    Remembered by the article's HTML, its pictures and ``root`` for the process (a
    rebuild prepares only the articles that changed).
    """
    key = tuple(sorted(pictures.items()))
    body, notes = _article_body(html, key, root)
    return body, list(notes)


@lru_cache(maxsize=256)
def _article_body(
    html: str, pictures_key: tuple[tuple[str, Picture], ...], root: str
) -> tuple[Markup, tuple[Markup, ...]]:
    body, notes = _prepare_body(html, dict(pictures_key), root)
    return body, tuple(notes)


def _prepare_body(
    html: str, pictures: dict[str, Picture], root: str
) -> tuple[Markup, list[Markup]]:
    """The body of an article for the web, and its footnotes.

    Our Markdown renderer sets a footnote where it is referenced (``span.footnote``, which
    the print CSS floats to the page foot); here it becomes a numbered link to a list of
    notes after the text, and back. Pictures point into the edition with their pixel size;
    a table scrolls sideways inside a box of its own rather than making the page wider.
    Text is prepared by the typography module first, exactly as for the PDF (a note's text
    is a block of its own there).
    """
    html = typography.prepare_fragment(html)  # as for the PDF, the notes where they stand
    notes: list[Markup] = []
    out: list[str] = []
    position = 0
    while True:
        start = html.find(_FOOTNOTE_OPEN, position)
        if start < 0:
            out.append(html[position:])
            break
        end = _closing_span(html, start + len(_FOOTNOTE_OPEN))
        out.append(html[position:start])
        n = len(notes) + 1
        note = html[start + len(_FOOTNOTE_OPEN) : end]
        notes.append(Markup(_pictures(note, pictures, root)))
        out.append(
            f'<sup class="note-ref"><a href="#note-{n}" id="note-ref-{n}" '
            f'aria-label="注{n}">[{n}]</a></sup>'
        )
        position = end + len("</span>")
    body = _pictures("".join(out), pictures, root)
    body = _TABLE.sub(_table_box, body)
    return Markup(body), notes


def _closing_span(html: str, position: int) -> int:
    """Where the ``</span>`` closing a span opened before ``position`` starts."""
    depth = 1
    for match in _SPAN.finditer(html, position):
        depth += -1 if match[0] == "</span>" else 1
        if depth == 0:
            return match.start()
    return len(html)


def _pictures(html: str, pictures: dict[str, Picture], root: str) -> str:
    def replace(match: re.Match[str]) -> str:
        src = htmllib.unescape(match[2])
        picture = pictures.get(src)
        if picture is None:
            return match[0]
        size = ""
        if picture.width and picture.height:
            size = f' width="{picture.width}" height="{picture.height}"'
        href = escape(picture.href(root))
        return f'<img{match[1]}src="{href}"{match[3]}{size} loading="lazy">'

    return _IMG.sub(replace, html)


def _table_box(match: re.Match[str]) -> str:
    return f'<div class="table-box" role="region" aria-label="表格" tabindex="0">{match[0]}</div>'


# --- fonts ---------------------------------------------------------------------------------

_TAG = re.compile(r"<[^>]*>")
_BOLD = re.compile(r"<(h[1-6]|strong|b|th|dt)\b[^>]*>(.*?)</\1>", re.S)
_HEAD = re.compile(r"<head>.*?</head>", re.S)
#: Characters the CSS may draw itself (list markers, separators).
_CSS_CHARACTERS = "0123456789·•—–、，。：；！？（）《》“”‘’…[]/| "


def page_text(pages: Iterable[str]) -> tuple[str, str]:
    """The characters of ``pages``: all of their text, and their bold text."""
    text, bold = [_CSS_CHARACTERS], [_CSS_CHARACTERS]
    for page in pages:
        title = re.search(r"<title>(.*?)</title>", page, re.S)
        body = _HEAD.sub("", page)
        text.append(htmllib.unescape(_TAG.sub("", body)))
        if title:
            text.append(htmllib.unescape(title[1]))
        bold.extend(htmllib.unescape(_TAG.sub("", match[2])) for match in _BOLD.finditer(body))
    return "".join(text), "".join(bold)


def font_files(pages: Iterable[str], css: str, folder: str = "assets/fonts/") -> dict[str, bytes]:
    """The web fonts of ``pages``: each face subset to the characters it draws."""
    text, bold = page_text(pages)
    quoted = "".join(re.findall(r'content:\s*"([^"]*)"', css))
    return {
        folder + fonts.SERIF.output: fonts.subset_woff2(fonts.SERIF, [text, quoted]),
        folder + fonts.SANS_BOLD.output: fonts.subset_woff2(fonts.SANS_BOLD, [bold, quoted]),
    }


def font_face_css(folder: str = "fonts/") -> str:
    """The @font-face rules of the web faces (URLs relative to the stylesheet)."""
    rules = []
    for face in fonts.FACES:
        rules.append(
            f'@font-face {{ font-family: "{face.family}"; font-weight: {face.weight}; '
            f'font-style: normal; font-display: swap; src: url("{folder}{face.output}") '
            'format("woff2"); }\n'
        )
    return "".join(rules)
