"""The archive's catalog: ``catalog.json`` (or a shard's ``catalog.shard-K-of-N.json``) and
``index.html``, the static page an editor opens in a browser.

A record per issue: name, publication, year, number, total, date, pages, file, sha256,
edition, layout, and its articles (section, title, source as written, the printed source
line, date, first page, anchor; and, since the page map, the article's file and last page).
Records are plain JSON-ready dicts.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from html import escape
from pathlib import Path
from typing import Any

from ..model import Issue
from ..pagemap import PageMap
from ..pdf import write_atomic
from .fingerprint import open_regular

CATALOG = "catalog.json"
INDEX = "index.html"

_NONE = type(None)
#: What a record holds (what :func:`issue_record` writes), checked on every record read
#: back from a manifest entry or a catalog: a malformed one is ignored, never trusted.
_RECORD_FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "publication": (str,),
    "publisher": (str, _NONE),
    "year": (int,),
    "number": (int,),
    "total": (int, _NONE),
    "date": (str,),
    "layout": (str,),
    "pages": (int,),
    "file": (str,),
    "sha256": (str,),
    "edition": (str,),
    "articles": (list,),
}
_ARTICLE_FIELDS: dict[str, tuple[type, ...]] = {
    "section": (str,),
    "title": (str,),
    "source": (str, _NONE),
    "source_line": (str, _NONE),
    "date": (str, _NONE),
    "page": (int, _NONE),
    "anchor": (str,),
}
#: Fields added later (records written before them lack them): checked when present.
_ARTICLE_ADDED: dict[str, tuple[type, ...]] = {
    "last_page": (int, _NONE),
    "file": (str, _NONE),
}


def issue_record(
    issue: Issue,
    page_map: PageMap,
    *,
    name: str,
    file: str,
    sha256: str,
    pages: int,
    edition: str,
) -> dict[str, Any]:
    """The catalog record of a built issue; article pages come from its page map (``page``
    is the first page, as before the map; ``last_page`` and ``file`` come with it)."""
    placed = page_map.by_anchor()
    articles = []
    for section in issue.sections:
        for article in section.articles:
            landed = placed.get(article.anchor)
            articles.append(
                {
                    "section": section.title,
                    "title": article.meta.title,
                    "source": article.meta.source,
                    "source_line": article.source_text,
                    "date": article.meta.date.isoformat() if article.meta.date else None,
                    "page": landed.first if landed else None,
                    "last_page": landed.last if landed else None,
                    "file": landed.file if landed else None,
                    "anchor": article.anchor,
                }
            )
    return {
        "name": name,
        "publication": issue.publication,
        "publisher": issue.publisher,
        "year": issue.year,
        "number": issue.number,
        "total": issue.total,
        "date": issue.date.isoformat(),
        "layout": issue.layout,
        "pages": pages,
        "file": file,
        "sha256": sha256,
        "edition": edition,
        "articles": articles,
    }


def _fits(data: Any, fields: dict[str, tuple[type, ...]]) -> bool:
    """Every field is there with its type (fields added later are let through)."""
    return (
        isinstance(data, dict)
        and data.keys() >= fields.keys()
        and all(type(data[key]) in types for key, types in fields.items())
    )


def valid_record(record: Any) -> bool:
    """Whether ``record`` has the shape :func:`issue_record` gives (and names a PDF in the
    output folder itself, not a path elsewhere)."""
    return (
        _fits(record, _RECORD_FIELDS)
        and all(_fits(article, _ARTICLE_FIELDS) for article in record["articles"])
        and all(
            type(article[key]) in types
            for article in record["articles"]
            for key, types in _ARTICLE_ADDED.items()
            if key in article
        )
        and "/" not in record["file"]
        and "\\" not in record["file"]
        and not record["file"].startswith(".")
    )


def shard_catalog_name(shard: tuple[int, int], suffix: str = "") -> str:
    return f"catalog.shard-{shard[0]}-of-{shard[1]}{suffix}.json"


def sort_records(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(records, key=lambda r: (r["year"], r["number"], r["date"], r["name"]))


def write_catalog(path: Path, records: Iterable[dict[str, Any]]) -> None:
    issues = sort_records(records)
    text = json.dumps({"issues": issues}, ensure_ascii=False, indent=1)
    _write_if_changed(path, text + "\n")


def read_catalog(path: Path) -> list[dict[str, Any]]:
    """The well-formed records of a catalog file (none if it is unreadable or malformed:
    the issues it would have listed are then reported as in no catalog)."""
    try:
        with open_regular(path) as stream:
            data = json.loads(stream.read().decode("utf-8"))
    except (OSError, ValueError):
        return []
    issues = data.get("issues") if isinstance(data, dict) else None
    return [r for r in issues if valid_record(r)] if isinstance(issues, list) else []


def merge_catalogs(out_dir: Path, suffix: str = "") -> dict[str, dict[str, Any]]:
    """Every record of every catalog in ``out_dir`` (of the edition ``suffix`` names), by
    issue name. Shard catalogs win over ``catalog.json``; where two disagree, the record
    matching the PDF on disk wins."""
    merged: dict[str, dict[str, Any]] = {}
    shard = re.compile(rf"^catalog\.shard-\d+-of-\d+{re.escape(suffix)}\.json$")
    paths = sorted(p for p in out_dir.glob("catalog.shard-*.json") if shard.match(p.name))
    whole = out_dir / CATALOG.replace(".json", f"{suffix}.json")
    if whole.is_file():
        paths.append(whole)
    for path in paths:
        for record in read_catalog(path):
            known = merged.get(record["name"])
            if known is None or (
                known["sha256"] != record["sha256"]
                and not _matches_disk(out_dir, known)
                and _matches_disk(out_dir, record)
            ):
                merged[record["name"]] = record
    return merged


def _matches_disk(out_dir: Path, record: dict[str, Any]) -> bool:
    digest = hashlib.sha256()
    try:
        with open_regular(out_dir / record["file"]) as stream:
            for block in iter(lambda: stream.read(1 << 20), b""):
                digest.update(block)
    except OSError:
        return False
    return bool(digest.hexdigest() == record["sha256"])


def write_index(
    path: Path,
    records: Iterable[dict[str, Any]],
    annuals: dict[int, str],
    failed: Iterable[str] = (),
) -> None:
    """``index.html``: issues grouped by year, newest first, linking to the PDFs, with
    Chinese dates and each issue's articles and pages; an issue whose build failed in this
    run is marked (its PDF is the last good one). ``archive --site`` replaces this page
    with the site's home page (typesetter/web/site.py)."""
    failed = set(failed)
    by_year: dict[int, list[dict[str, Any]]] = {}
    for record in reversed(sort_records(records)):
        by_year.setdefault(record["year"], []).append(record)
    publication = next((r["publication"] for r in sort_records(records)), "")
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        '<head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(publication)} · 过刊目录</title>",
        f"<style>{_INDEX_CSS}</style>",
        "</head>",
        "<body>",
        f"<h1>{escape(publication)} · 过刊目录</h1>",
    ]
    for year in sorted(by_year, reverse=True):
        parts.append(f'<section class="year" id="y{year}"><h2>{year}年</h2>')
        if year in annuals:
            href = escape(annuals[year])
            parts.append(f'<p class="annual"><a href="{href}">{year}年度总目录</a></p>')
        parts.append("<ul>")
        for record in by_year[year]:
            parts.append(_index_item(record, record["name"] in failed))
        parts.append("</ul></section>")
    parts += ["</body>", "</html>", ""]
    _write_if_changed(path, "\n".join(parts))


def _index_item(record: dict[str, Any], failed: bool = False) -> str:
    total = f"（总{record['total']}期）" if record.get("total") else ""
    label = f"{record['year']}年第{record['number']}期{total}"
    articles = "".join(
        f"<li>{escape(a['title'])}"
        + (f' <span class="pages">第{a["page"]}页</span>' if a.get("page") else "")
        + "</li>"
        for a in record["articles"]
    )
    mark = '<p class="failed">本期重建失败，显示的是上次成功的版本</p>' if failed else ""
    return (
        f'<li><a href="{escape(record["file"])}">{escape(label)}</a>'
        f' <span class="date">{escape(_chinese_date(record["date"]))}</span>'
        f' <span class="pages">{record["pages"]}页</span>{mark}'
        f'<ol class="articles">{articles}</ol></li>'
    )


def _chinese_date(iso: str) -> str:
    """``2023-09-05`` → ``2023年9月5日``."""
    parts = iso.split("-")
    if len(parts) != 3 or not all(part.isdigit() for part in parts):
        return iso
    return f"{int(parts[0])}年{int(parts[1])}月{int(parts[2])}日"


def _write_if_changed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    try:
        with open_regular(path) as stream:  # a FIFO put there is replaced, not read
            if stream.read() == data:
                return
    except OSError:
        pass
    write_atomic(path, data)


_INDEX_CSS = (
    "body{font-family:'Noto Serif CJK SC',serif;max-width:46em;margin:2em auto;padding:0 1em;"
    "color:#1b1b1b}h1{color:#a61b1b;border-bottom:2px solid #a61b1b}"
    "h2{color:#a61b1b;margin-top:1.5em}ul{list-style:none;padding:0}li{margin:.6em 0}"
    "a{color:#1b1b1b;font-weight:bold}.date,.pages,.titles{color:#555;font-size:.9em}"
    ".articles{list-style:decimal;padding-left:2em;margin:.3em 0}.articles li{margin:0}"
    ".failed{color:#8a3b00;font-weight:bold;margin:.2em 0}"
    ".annual a{color:#a61b1b}"
)
