"""Fonts for the search page of the archive site.

Pagefind shows, for each hit, an excerpt of the article's text: characters the search
page itself never had, so the site's fonts (subset to the site pages' characters) lack
most of them, and a reader without Chinese fonts would see empty boxes (tofu). The search
page therefore gets one more family, ``TS Search Serif``: the vendored serif regular
subset to every character of the archive's article pages that the site's serif lacks,
after it in the search UI's font list.

The characters are cut into slices (``@font-face`` rules with ``unicode-range``), the
characters found in most editions first: a browser fetches only the slices of the
characters it shows, and the common ones are in the first slices. A slice's file name is
the hash of its font file and characters, so an archive run that finds the same characters
writes nothing new and subsets nothing. Characters the serif lacks come from the vendored
fallbacks (Noto Sans CJK SC Fallback, HanaMinB).

Each edition's characters are kept in its marker (``characters``), read back when the
edition is not rewritten.
"""

from __future__ import annotations

import hashlib
import html as htmllib
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from ..fonts import is_ignorable
from ..resources import FONTS_DIR
from .fonts import SERIF, subset_file_woff2
from .svgfonts import FALLBACK_FILES, _coverage, _unicode_range
from .write import read_marker, write_marker

FAMILY = "TS Search Serif"
#: Characters per slice.
SLICE = 400
#: The site folder's CSS of the search page (beside web.css) and the slices' prefix.
CSS = "search.css"
PREFIX = "fonts/search-"

_TAG = re.compile(r"<[^>]*>")
_BODY = re.compile(r"<article\b.*?</article>", re.S)


def article_characters(pages: Iterable[str]) -> str:
    """The distinct characters of the article text of ``pages`` (HTML), sorted."""
    found: set[str] = set()
    for page in pages:
        for body in _BODY.findall(page) or [page]:
            found.update(htmllib.unescape(_TAG.sub("", body)))
    return "".join(sorted(ch for ch in found if not is_ignorable(ch)))


def edition_characters(folder: Path) -> str:
    """The characters of the edition in ``folder``: from its marker; when an older marker
    does not have them, from its article pages (and written into the marker)."""
    marker = read_marker(folder)
    if not marker:
        return ""
    characters = marker.get("characters")
    if isinstance(characters, str):
        return characters
    try:
        pages = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("articles/*.html"))]
        characters = article_characters(pages)
        write_marker(folder, {**marker, "characters": characters})
    except OSError:
        return characters if isinstance(characters, str) else ""
    return characters


def search_fonts(
    editions: Iterable[str], served: str, assets: Path
) -> tuple[dict[str, bytes], str]:
    """The font files (path under the site's assets folder → bytes; only those not yet in
    ``assets``) and the CSS of the search page, for the characters of ``editions`` (one
    string per edition) that ``served`` (the site fonts' characters) lacks."""
    counts: Counter[str] = Counter()
    for characters in editions:
        counts.update(set(characters))
    serif = _coverage(SERIF.file)
    have = {ch for ch in served if serif(ord(ch))}  # what the site's serif draws already
    wanted = sorted((ch for ch in counts if ch not in have), key=lambda c: (-counts[c], c))
    files: dict[str, bytes] = {}
    rules: list[str] = []
    codepoints = [ord(ch) for ch in wanted]
    for file in (SERIF.file, *FALLBACK_FILES):
        covers = _coverage(file)
        mine = [cp for cp in codepoints if covers(cp)]
        codepoints = [cp for cp in codepoints if not covers(cp)]
        for start in range(0, len(mine), SLICE):
            piece = frozenset(mine[start : start + SLICE])
            digest = hashlib.sha256(f"{file}:{_unicode_range(piece)}".encode()).hexdigest()
            name = f"{PREFIX}{digest[:16]}.woff2"
            if not (assets / name).is_file():
                files[name] = subset_file_woff2(FONTS_DIR / file, piece)
            rules.append(
                f'@font-face {{ font-family: "{FAMILY}"; font-style: normal; '
                f'font-display: swap; src: url("{name}") format("woff2"); '
                f"unicode-range: {_unicode_range(piece)}; }}\n"
            )
    css = (
        "/* The search page: the characters of the archive's articles that the site's fonts\n"
        "   lack, for Pagefind's excerpts (typesetter/web/searchfonts.py). */\n"
        + "".join(rules)
        + f'#search {{ --pagefind-ui-font: "TS Serif SC", "{FAMILY}", var(--serif); }}\n'
    )
    return files, css


def stale_slices(assets: Path, css: str) -> list[Path]:
    """The slice files in ``assets`` that ``css`` no longer names."""
    named = set(re.findall(r'url\("([^"]+)"\)', css))
    return [
        path
        for path in sorted((assets / "fonts").glob("search-*.woff2"))
        if f"{PREFIX}{path.name[len('search-') :]}" not in named
    ]
