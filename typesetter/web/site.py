"""The archive as a static site: ``typesetter archive ROOT -o OUT --site``.

After the archive has written its PDFs and ``catalog.json``, this writes beside them:

    OUT/index.html           home: the issues newest first, by year, each with its articles
    OUT/year-<YYYY>.html     one page per year: the 年度总目录 on screen (sections, articles,
                             issue and PDF page), linking the annual PDF
    OUT/<folder>/            the web edition of each issue (typesetter/web/edition.py), its
                             issue page linking the PDF and giving each article's PDF pages
    OUT/search.html          full-text search (Pagefind: typesetter/web/search.py)
    OUT/site-assets/         the site pages' CSS and fonts

Editions are incremental: each carries the digest of what fed it (the issue's archive
fingerprint, its catalog record, the typesetter version) and is rewritten only when that
changes. An issue whose build failed in this run is never shown as current: its old
edition's pages (and the home, year and issue pages) say 本期重建失败，显示的是上次成功的版本;
an issue that never built has no edition, and the home page says so.
"""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .. import __version__
from ..errors import Problem, TypesetterError
from ..i18n import Translator
from ..layouts import Layout, load_layout
from ..model import format_cover_date
from ..pdf import WriteError, write_atomic
from .edition import (
    SiteContext,
    environment,
    font_face_css,
    font_files,
    page_text,
    render_edition,
)
from .searchfonts import CSS as SEARCH_CSS
from .searchfonts import article_characters, edition_characters, search_fonts, stale_slices
from .write import MARKER, read_marker, write_folder, write_marker

if TYPE_CHECKING:
    from ..archive import ArchiveOptions, ArchiveResult
    from ..archive.discover import IssueFolder

_ = Translator("layout")
ASSETS = "site-assets"
SEARCH = "search.html"
HOME = "index.html"
FAILED_TEXT = "本期重建失败，显示的是上次成功的版本"
NEVER_BUILT_TEXT = "本期构建失败，尚无可用版本"
_STATUS = "<!--status-->"
#: Pagefind's Chinese UI strings, drawn with the site's fonts on the search page, and the
#: name of the articles' metadata it shows (期次, article.html.j2).
PAGEFIND_WORDS = "<p>找到个的相关结果清除加载更多未搜索中筛选条件没有与匹配全部。，：…期次</p>"
#: Names an issue folder cannot have in the site (they are the site's own).
RESERVED = frozenset({ASSETS, "pagefind", "manifest"})


@dataclass
class SiteResult:
    """What the site writer did."""

    editions_written: list[str] = field(default_factory=list)
    editions_kept: list[str] = field(default_factory=list)
    marked_failed: list[str] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0
    index_seconds: float | None = None
    indexed_pages: int = 0


@dataclass(frozen=True)
class IssueEntry:
    """One issue as the site lists it."""

    name: str
    record: dict[str, Any] | None
    failed: bool
    has_edition: bool

    @property
    def date(self) -> str:
        return chinese_date(self.record["date"]) if self.record else ""


def chinese_date(iso: str) -> str:
    """``2023-09-05`` → ``2023年9月5日`` (as the cover prints it)."""
    try:
        return format_cover_date(datetime.date.fromisoformat(iso))
    except ValueError:
        return iso


def issue_label(record: dict[str, Any]) -> str:
    total = f"（总{record['total']}期）" if record.get("total") else ""
    return f"{record['year']}年第{record['number']}期{total}"


def write_site(
    options: ArchiveOptions, result: ArchiveResult | None, *, search: bool = True
) -> SiteResult:
    """Write the site into ``options.out_dir`` (after the archive wrote its PDFs)."""
    from ..archive.catalog import CATALOG, read_catalog
    from ..archive.discover import discover

    started = time.perf_counter()
    site = SiteResult()
    out = options.out_dir
    suffix = options.suffix
    records = {r["name"]: r for r in read_catalog(out / CATALOG.replace(".json", f"{suffix}.json"))}
    folders = discover(options.content_root, exclude=out, unreadable=site.problems)
    failed = set()
    if result is not None:
        failed = {issue.name for issue in result.issues if issue.status == "failed"}
    fingerprints = _fingerprints(options, folders)
    entries: list[IssueEntry] = []
    for folder in folders:
        record = records.get(folder.name)
        if folder.name in RESERVED:
            message = _("an issue folder named {name} has no web edition", name=repr(folder.name))
            hint = _("{names} are names the site uses itself", names=", ".join(sorted(RESERVED)))
            site.problems.append(Problem(folder.display, None, message, hint))
            entries.append(IssueEntry(folder.name, record, folder.name in failed, False))
            continue
        is_failed = folder.name in failed or record is None
        if is_failed:
            has = _keep_failed(out / folder.name, site)
        else:
            assert record is not None
            has = _edition(folder, record, fingerprints.get(folder.name, ""), out, site)
        entries.append(IssueEntry(folder.name, record, is_failed, has))
    layout = _site_layout(entries)
    _site_pages(out, entries, layout, site)
    if search:
        from .search import SearchError, index_site

        try:
            indexed = index_site(out)
        except SearchError as error:
            site.problems.append(error.problem(out))
        else:
            site.index_seconds, site.indexed_pages = indexed.seconds, indexed.pages
    site.seconds = time.perf_counter() - started
    return site


def _fingerprints(options: ArchiveOptions, folders: list[IssueFolder]) -> dict[str, str]:
    """Each issue's archive fingerprint (its files, layout, fonts, code, options)."""
    from ..archive.manifest import Manifest
    from ..archive.run import fingerprinter_for

    fingerprinter = fingerprinter_for(options, Manifest(options.out_dir))
    prints = {}
    for folder in folders:
        found = fingerprinter.issue(folder.path, folder.display)
        prints[folder.name] = "" if found.problems else found.fingerprint
    return prints


def _site_context(record: dict[str, Any], failed: bool) -> SiteContext:
    pages = {}
    for article in record["articles"]:
        if isinstance(article.get("page"), int):
            last = article.get("last_page")
            pages[article["anchor"]] = (
                article["page"],
                last if isinstance(last, int) else article["page"],
            )
    return SiteContext(
        pdf=f"../{record['file']}",
        pages=pages,
        home=f"../{HOME}",
        year_page=f"../year-{record['year']}.html",
        search=f"../{SEARCH}",
        failed=failed,
    )


def _edition(
    folder: IssueFolder, record: dict[str, Any], fingerprint: str, out: Path, site: SiteResult
) -> bool:
    """Write the issue's edition when what feeds it changed; whether there is one."""
    from ..pipeline import check_issue

    target = out / folder.name
    digest = hashlib.sha256(
        json.dumps([fingerprint, record, __version__], sort_keys=True).encode()
    ).hexdigest()
    marker = read_marker(target)
    if fingerprint and marker.get("digest") == digest:
        site.editions_kept.append(folder.name)
        return True
    try:
        checked = check_issue(folder.path, display_dir=folder.display)
        edition = render_edition(checked.issue, checked.layout, _site_context(record, False))
        articles = [
            data.decode("utf-8")
            for name, data in edition.files.items()
            if name.startswith("articles/") and name.endswith(".html")
        ]
        marker = {"kind": "edition", "digest": digest, "characters": article_characters(articles)}
        write_folder(target, edition.files, marker)
    except TypesetterError as error:
        site.problems.extend(error.problems)
        return (target / MARKER).is_file()
    except WriteError as error:
        site.problems.append(error.problem(again="run the archive again"))
        return (target / MARKER).is_file()
    site.editions_written.append(folder.name)
    return True


def _keep_failed(target: Path, site: SiteResult) -> bool:
    """Mark the pages of the last good edition of a failed issue; whether there is one."""
    marker = read_marker(target)
    if not marker:
        return False
    if not marker.get("failed"):
        banner = f'{_STATUS}\n<p class="status-banner" role="status">{FAILED_TEXT}</p>'
        try:
            for page in sorted(target.rglob("*.html")):
                text = page.read_text(encoding="utf-8")
                if FAILED_TEXT not in text:
                    write_atomic(page, text.replace(_STATUS, banner, 1).encode("utf-8"))
            write_marker(target, {**marker, "failed": True, "digest": None})
        except OSError as error:
            site.problems.append(
                Problem(str(target), None, _("could not mark the edition ({reason})", reason=error))
            )
    site.marked_failed.append(target.name)
    return True


def _site_layout(entries: list[IssueEntry]) -> Layout:
    """The layout of the newest issue (its web templates draw the site pages)."""
    names = [e.record["layout"] for e in _newest_first(entries) if e.record]
    for name in [*names, "newsletter"]:
        try:
            return load_layout(name)
        except TypesetterError:
            continue
    return load_layout("newsletter")


def _newest_first(entries: Iterable[IssueEntry]) -> list[IssueEntry]:
    def key(entry: IssueEntry) -> tuple[int, int, str, str]:
        r = entry.record
        return (r["year"], r["number"], r["date"], entry.name) if r else (0, 0, "", entry.name)

    return sorted(entries, key=key, reverse=True)


def _site_pages(out: Path, entries: list[IssueEntry], layout: Layout, site: SiteResult) -> None:
    """The home page, the year pages and the search page, with their CSS and fonts."""
    env = environment(layout)
    newest = _newest_first(entries)
    listed = [e for e in newest if e.record]
    publication = listed[0].record["publication"] if listed and listed[0].record else "过刊"
    years: dict[int, list[IssueEntry]] = {}
    for entry in listed:
        assert entry.record is not None
        years.setdefault(entry.record["year"], []).append(entry)
    unbuilt = [e for e in newest if not e.record]
    base = {
        "lang": "zh-CN",
        "layout": layout.options,
        "version": __version__,
        "publication": publication,
        "years": years,
        "unbuilt": unbuilt,
        "assets": ASSETS,
        "failed_text": FAILED_TEXT,
        "never_built_text": NEVER_BUILT_TEXT,
        "chinese_date": chinese_date,
        "issue_label": issue_label,
    }
    pages = {HOME: env.get_template("site-home.html.j2").render(base, page="home")}
    for year, year_entries in years.items():
        annual = f"annual-{year}.pdf"
        pages[f"year-{year}.html"] = env.get_template("site-year.html.j2").render(
            base,
            page="year",
            year=year,
            entries=year_entries,
            sections=_year_sections(year_entries),
            annual=annual if (out / annual).is_file() else None,
        )
    pages[SEARCH] = env.get_template("site-search.html.j2").render(base, page="search")
    css = env.get_template("web.css").render(layout=layout.options)
    # The search page's own words come from Pagefind's script (zh-cn), not the HTML.
    files = font_files([*pages.values(), PAGEFIND_WORDS], css, folder=f"{ASSETS}/fonts/")
    files[f"{ASSETS}/web.css"] = (font_face_css() + css).encode("utf-8")
    # The search page's excerpts: the characters of every edition's articles.
    served = page_text([*pages.values(), PAGEFIND_WORDS])[0]
    editions = [edition_characters(out / e.name) for e in entries if e.has_edition]
    slices, search_css = search_fonts(editions, served, out / ASSETS)
    files.update((f"{ASSETS}/{name}", data) for name, data in slices.items())
    files[f"{ASSETS}/{SEARCH_CSS}"] = search_css.encode("utf-8")
    files.update((name, text.encode("utf-8")) for name, text in pages.items())
    for name, data in files.items():
        path = out / name
        try:
            if path.is_file() and path.read_bytes() == data:
                continue
            write_atomic(path, data)
        except WriteError as error:
            site.problems.append(error.problem(again="run the archive again"))
            continue
        except OSError as error:
            message = _("could not write the file ({reason})", reason=error)
            site.problems.append(Problem(str(path), None, message))
            continue
        site.pages.append(name)
    for stale in stale_slices(out / ASSETS, search_css):
        with contextlib.suppress(OSError):  # an unused file left behind: harmless
            stale.unlink(missing_ok=True)


def _year_sections(entries: list[IssueEntry]) -> list[dict[str, Any]]:
    """The year's articles by section (in the order sections first appear, oldest issue
    first, as the annual PDF lists them), each with its issue and PDF page."""
    sections: dict[str, list[dict[str, Any]]] = {}
    for entry in reversed(entries):  # oldest first
        record = entry.record
        assert record is not None
        for article in record["articles"]:
            href = None
            if entry.has_edition:
                href = f"{entry.name}/articles/{article['anchor']}.html"
            title = str(article["section"]).strip("【】")
            sections.setdefault(title, []).append(
                {
                    "title": article["title"],
                    "href": href,
                    "number": record["number"],
                    "page": article.get("page"),
                    "pdf": record["file"],
                }
            )
    return [{"title": Markup.escape(t), "articles": a} for t, a in sections.items()]
