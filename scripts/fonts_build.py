"""Font operations of ``fetch_fonts.py``: extract a face, subset it, rename, describe it.

Every operation keeps what the brief asks to keep: all OpenType layout features, the name
table, the original ``head.modified`` (so the output is byte-identical run after run), the
hhea/OS/2/vhea metrics (bounding boxes are not recalculated), and the CFF hints.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from fontTools import subset
from fontTools.ttLib import TTCollection, TTFont

#: Layout script/language systems kept in the Noto faces: the default one and the
#: simplified-Chinese one (what HarfBuzz uses for lang="zh-CN"/"zh-Hans") for each script.
#: The JAN/KOR/ZHT/ZHH language systems only reach other regions' glyph forms; the shaping
#: of zh-Hans (and of text without a language) is unchanged, as scripts/fonts_shaping_check.py
#: verifies.
ZH_HANS_LAYOUT_SCRIPTS: tuple[str, ...] = (
    "DFLT",
    *(
        f"{script}.{lang}"
        for script in ("cyrl", "grek", "hang", "hani", "kana", "latn")
        for lang in ("dflt", "ZHS")
    ),
)

_LOAD_OPTIONS: dict[str, Any] = {"recalcTimestamp": False, "recalcBBoxes": False}


def load_face(collection: Path, family: str) -> tuple[TTFont, int]:
    """The face of a ``.ttc`` whose family name (name ID 1) is ``family``, and its index."""
    faces = TTCollection(str(collection), **_LOAD_OPTIONS)
    for index, face in enumerate(faces.fonts):
        if face["name"].getDebugName(1) == family:
            return face, index
    raise LookupError(f"{collection.name} has no face named {family!r}")


def load_font(path: Path) -> TTFont:
    """A single font file, loaded so that saving it keeps its timestamps and bounding boxes."""
    return TTFont(str(path), **_LOAD_OPTIONS)


def subset_options(layout_scripts: Iterable[str] = ("*",)) -> subset.Options:
    """fontTools subsetter options that keep features, names, hints and header fields."""
    options = subset.Options()
    options.layout_features = ["*"]
    options.layout_scripts = list(layout_scripts)
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.name_legacy = True
    options.notdef_glyph = True
    options.notdef_outline = True
    options.glyph_names = True
    options.legacy_kern = True
    options.hinting = True
    options.desubroutinize = False
    options.prune_unicode_ranges = False
    options.prune_codepage_ranges = False
    options.recalc_bounds = False
    options.recalc_timestamp = False
    options.recalc_average_width = False
    options.recalc_max_context = False
    options.canonical_order = True
    options.drop_tables += ["FFTM"]  # FontForge's build timestamps
    return options


def subset_font(font: TTFont, unicodes: Iterable[int], layout_scripts: Iterable[str]) -> None:
    """Subset ``font`` in place to ``unicodes`` and every glyph its layout features reach."""
    subsetter = subset.Subsetter(subset_options(layout_scripts))
    subsetter.populate(unicodes=sorted(set(unicodes)))
    subsetter.subset(font)


def align_cff_names(font: TTFont) -> None:
    """Give the CFF table the face's own names (a ``.ttc`` shares the JP face's CFF names)."""
    if "CFF " not in font:
        return
    names = font["name"]
    cff = font["CFF "].cff
    cff.fontNames = [names.getDebugName(6)]
    top = cff.topDictIndex[0]
    top.FamilyName = names.getDebugName(1)
    top.FullName = names.getDebugName(4)


def rename_family(font: TTFont, family: str, new_family: str, ps_name: str, new_ps: str) -> None:
    """Rename a face: every name record's family and PostScript names, and the CFF names."""
    for record in font["name"].names:
        if record.nameID in (1, 3, 4, 6, 16, 18, 21):
            text = record.toUnicode()
            text = text.replace(ps_name, new_ps).replace(family, new_family)
            record.string = text
    align_cff_names(font)


def save(font: TTFont, path: Path) -> None:
    """Write ``font`` to ``path`` through a temporary file (a failed run leaves no half file)."""
    tmp = path.with_name(path.name + ".tmp")
    font.save(str(tmp), reorderTables=True)
    tmp.replace(path)


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def describe(path: Path) -> dict[str, Any]:
    """Family, style, weight and covered code points of a font file."""
    font = TTFont(str(path), lazy=True)
    names = font["name"]
    family = names.getDebugName(16) or names.getDebugName(1)
    style = names.getDebugName(17) or names.getDebugName(2)
    info = {
        "file": path.name,
        "family": family,
        "style": style,
        "weight": int(font["OS/2"].usWeightClass),
        "postscript_name": names.getDebugName(6),
        "glyphs": int(font["maxp"].numGlyphs),
        "cmap": sorted(font.getBestCmap()),
    }
    font.close()
    return info
