"""Check that a subset face shapes zh-Hans text exactly like the face it came from.

    .venv/bin/python scripts/fonts_shaping_check.py ORIGINAL.ttc FACE_INDEX SUBSET.otf

Shapes every character of the subset's cmap with ``hb-shape`` (Debian: libharfbuzz-bin),
horizontally and vertically, with the default features and with each of halt, palt, vhal,
vpal, hwid, fwid, pwid, ruby, hist, dlig, aalt, vrt2 and -kern, for the languages zh-Hans,
zh-CN, zh and none; compares glyphs (by CID name) and positions. Exit 1 on any difference.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

FEATURES = (
    "",
    "halt",
    "palt",
    "vhal",
    "vpal",
    "hwid",
    "fwid",
    "pwid",
    "ruby",
    "hist",
    "dlig",
    "aalt",
    "vrt2",
    "-kern",
)
LANGUAGES = ("zh-Hans", "zh-CN", "zh", "und")

Glyph = tuple[str, int, int, int, int]


def shape(
    path: str, face: int, names: list[str], text_file: Path, feats: str, lang: str, direction: str
) -> list[Glyph]:
    cmd = [
        "hb-shape",
        path,
        f"--face-index={face}",
        f"--text-file={text_file}",
        "--output-format=json",
        f"--language={lang}",
        f"--direction={direction}",
        "--no-clusters",
        "--no-glyph-names",
    ]
    if feats:
        cmd.append("--features=" + feats)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    glyphs: list[Glyph] = []
    for line in out.splitlines():
        for g in json.loads(line):
            glyphs.append((names[g["g"]], g["ax"], g["ay"], g["dx"], g["dy"]))
    return glyphs


def main() -> int:
    original, index, subset_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    names_original = TTCollection(original, lazy=True).fonts[index].getGlyphOrder()
    subset_font = TTFont(subset_path, lazy=True)
    names_subset = subset_font.getGlyphOrder()
    text = "".join(chr(cp) for cp in sorted(subset_font.getBestCmap()) if cp > 0x20)
    bad = 0
    with tempfile.TemporaryDirectory() as tmp:
        text_file = Path(tmp) / "text.txt"
        text_file.write_text(text, encoding="utf-8")
        for lang in LANGUAGES:
            for direction in ("ltr", "ttb"):
                for feats in FEATURES:
                    a = shape(original, index, names_original, text_file, feats, lang, direction)
                    b = shape(subset_path, 0, names_subset, text_file, feats, lang, direction)
                    if a != b:
                        bad += 1
                        diff = [(x, y) for x, y in zip(a, b, strict=False) if x != y]
                        print(f"{lang} {direction} {feats or 'default'}: {diff[:3]}")
    print(
        f"{subset_path}: {len(text)} characters x {len(LANGUAGES) * 2 * len(FEATURES)} "
        f"configurations, {bad} differ"
    )
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
