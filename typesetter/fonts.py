"""The vendored fonts: a fontconfig configuration that sees only them, and their coverage.

Importing this module is cheap (no WeasyPrint, no fontTools). Rendering stays hermetic by
calling :func:`use_vendored_fonts` before WeasyPrint creates its ``FontConfiguration``:
fontconfig then knows the files of ``fonts/`` and nothing else, so every font choice —
including fontconfig's own fallback for characters the CSS families lack — is one of ours.

:class:`CoverageIndex` answers "which characters would come out as tofu?" from
``fonts/coverage.json`` (written by ``scripts/fetch_fonts.py`` with the fonts), without
opening a font file.
"""

from __future__ import annotations

import hashlib
import json
import os
import unicodedata
from bisect import bisect_right
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from .resources import FONTS_DIR

#: The family names to use in CSS (and in fontconfig's default fallback, in this order).
SERIF = "Noto Serif CJK SC"
SANS = "Noto Sans CJK SC"
FALLBACK = "Noto Sans CJK SC Fallback"
RARE_HAN = "HanaMinB"

_GENERIC_FAMILIES: dict[str, tuple[str, ...]] = {
    "serif": (SERIF, RARE_HAN, FALLBACK, SANS),
    "sans-serif": (SANS, FALLBACK, RARE_HAN, SERIF),
    "sans serif": (SANS, FALLBACK, RARE_HAN, SERIF),
    "sans": (SANS, FALLBACK, RARE_HAN, SERIF),
    "monospace": (SANS, FALLBACK, RARE_HAN, SERIF),
    "mono": (SANS, FALLBACK, RARE_HAN, SERIF),
    "cursive": (SERIF, RARE_HAN, FALLBACK, SANS),
    "fantasy": (SERIF, RARE_HAN, FALLBACK, SANS),
    "system-ui": (SANS, FALLBACK, RARE_HAN, SERIF),
}
#: Appended to every request, so that a character no requested family covers is looked up
#: in our fonts in a fixed order.
_LAST_RESORT: tuple[str, ...] = (SERIF, SANS, RARE_HAN, FALLBACK)
_FONT_SUFFIXES = (".otf", ".ttf")

# Default_Ignorable_Code_Point (Unicode 15 DerivedCoreProperties.txt): never drawn.
_DEFAULT_IGNORABLE: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD),
    (0x034F, 0x034F),
    (0x061C, 0x061C),
    (0x115F, 0x1160),
    (0x17B4, 0x17B5),
    (0x180B, 0x180F),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x206F),
    (0x3164, 0x3164),
    (0xFE00, 0xFE0F),
    (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0),
    (0xFFF0, 0xFFF8),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)
_IGNORABLE_STARTS = [start for start, _end in _DEFAULT_IGNORABLE]
_IGNORABLE_ENDS = [end for _start, end in _DEFAULT_IGNORABLE]


def _escape(text: str) -> str:
    """Escape text for XML (xml.sax.saxutils would import urllib: 50 ms)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _config_xml(fonts_dir: Path, cache_dir: Path) -> str:
    """A fontconfig configuration that knows ``fonts_dir`` and no other font."""
    lines = [
        '<?xml version="1.0"?>',
        '<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">',
        "<!-- Written by typesetter.fonts: only the vendored fonts, no system configuration. -->",
        "<fontconfig>",
        f"  <dir>{_escape(str(fonts_dir))}</dir>",
        f"  <cachedir>{_escape(str(cache_dir))}</cachedir>",
        "  <config><rescan><int>0</int></rescan></config>",
    ]
    for generic, families in _GENERIC_FAMILIES.items():
        lines += [f'  <alias binding="same"><family>{generic}</family><prefer>']
        lines += [f"    <family>{family}</family>" for family in families]
        lines += ["  </prefer></alias>"]
    lines += ['  <match target="pattern">', '    <edit name="family" mode="append_last">']
    lines += [f"      <string>{family}</string>" for family in _LAST_RESORT]
    lines += ["    </edit>", "  </match>", "</fontconfig>", ""]
    return "\n".join(lines)


def _cache_home() -> Path:
    base = os.environ.get("XDG_CACHE_HOME")
    return Path(base) if base else Path.home() / ".cache"


def fontconfig_file(fonts_dir: Path = FONTS_DIR) -> Path:
    """Write (once) a fontconfig configuration that sees only ``fonts_dir``; return its path.

    The file lives in ``$XDG_CACHE_HOME/typesetter/fontconfig/<hash>/fonts.conf``, where the
    hash covers the folder's path and the configuration's text; fontconfig's cache of the
    fonts goes beside it. Concurrent callers are safe: the file is written to a temporary
    name and renamed.
    """
    fonts_dir = fonts_dir.resolve()
    key = hashlib.sha256(_config_xml(fonts_dir, Path("-")).encode()).hexdigest()[:16]
    folder = _cache_home() / "typesetter" / "fontconfig" / key
    text = _config_xml(fonts_dir, folder / "cache")
    path = folder / "fonts.conf"
    if path.is_file() and path.read_text(encoding="utf-8") == text:
        return path
    folder.mkdir(parents=True, exist_ok=True)
    tmp = folder / f"fonts.conf.{os.getpid()}.tmp"
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return path


def use_vendored_fonts(fonts_dir: Path = FONTS_DIR) -> None:
    """Point fontconfig at the vendored fonts only (before WeasyPrint loads any font)."""
    os.environ["FONTCONFIG_FILE"] = str(fontconfig_file(fonts_dir))


def font_files(fonts_dir: Path = FONTS_DIR) -> list[Path]:
    """The font files fontconfig sees with :func:`fontconfig_file` (sorted)."""
    return sorted(p for p in fonts_dir.rglob("*") if p.suffix.lower() in _FONT_SUFFIXES)


def is_ignorable(ch: str) -> bool:
    """True for characters that are not drawn: controls, whitespace, default-ignorables."""
    if ch.isspace():
        return True
    if _in_ranges(ord(ch), _IGNORABLE_STARTS, _IGNORABLE_ENDS):
        return True
    return unicodedata.category(ch) in ("Cc", "Cf")


class CoverageIndex:
    """Which code points the vendored fonts cover, from ``coverage.json``."""

    def __init__(self, ranges: Sequence[Sequence[int]], fonts: Sequence[dict[str, Any]]) -> None:
        self._starts = [start for start, _end in ranges]
        self._ends = [end for _start, end in ranges]
        #: Per font file: ``file``, ``family``, ``style``, ``weight``, ``ranges``, ...
        self.fonts: list[dict[str, Any]] = list(fonts)

    @staticmethod
    def load(path: Path = FONTS_DIR / "coverage.json") -> CoverageIndex:
        """The index of ``path`` (read once per path and process)."""
        return _load(path.resolve())

    def covers(self, ch: str) -> bool:
        """True if some vendored font has a glyph for ``ch`` (or ``ch`` is never drawn)."""
        return _in_ranges(ord(ch), self._starts, self._ends) or is_ignorable(ch)

    def missing(self, text: str) -> list[str]:
        """The distinct characters of ``text`` no vendored font covers, in order of appearance."""
        return [ch for ch in dict.fromkeys(text) if not self.covers(ch)]

    def families(self, ch: str) -> list[str]:
        """The families (in ``coverage.json`` order, without repeats) that have ``ch``."""
        cp = ord(ch)
        found = [
            font["family"]
            for font in self.fonts
            if any(start <= cp <= end for start, end in font["ranges"])
        ]
        return list(dict.fromkeys(found))


def _in_ranges(cp: int, starts: Sequence[int], ends: Sequence[int]) -> bool:
    at = bisect_right(starts, cp) - 1
    return at >= 0 and cp <= ends[at]


@cache
def _load(path: Path) -> CoverageIndex:
    data = json.loads(path.read_text(encoding="utf-8"))
    return CoverageIndex(data["all"], data["fonts"])
