"""The text files written beside the fonts: licences, ``coverage.json``, ``PROVENANCE.md``."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

import fonts_build as fb
import fonts_repertoire as rep
import fontTools

NOTO_COPYRIGHT = "usr/share/doc/fonts-noto-cjk/copyright"
HANAZONO_COPYRIGHT = "usr/share/doc/fonts-hanazono/copyright"
COMMAND = ".venv/bin/python scripts/fetch_fonts.py"


class PackageLike(Protocol):
    @property
    def name(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def sha256(self) -> str: ...
    @property
    def deb(self) -> str: ...


def dep5_license(copyright_text: str, name: str) -> str:
    """The text of a stand-alone ``License: NAME`` paragraph of a Debian copyright file."""
    lines = copyright_text.splitlines()
    for at, line in enumerate(lines):
        if line.strip() == f"License: {name}" and (at == 0 or not lines[at - 1].strip()):
            body = []
            for text in lines[at + 1 :]:
                if not text.startswith(" "):
                    break
                body.append("" if text.strip() == "." else text[1:])
            return "\n".join(body).strip("\n") + "\n"
    raise LookupError(f"no 'License: {name}' paragraph")


def write_licences(noto_root: Path, hanazono_root: Path, fonts_dir: Path) -> None:
    """``LICENSE-OFL.txt`` (Noto CJK) and ``LICENSE-HanaMinB.txt`` (the Hanazono fonts)."""
    noto_text = (noto_root / NOTO_COPYRIGHT).read_text(encoding="utf-8")
    notices = sorted(
        {
            font["name"].getDebugName(0)
            for font in (fb.load_font(p) for p in sorted(fonts_dir.glob("NotoS*CJKsc-*.otf")))
        }
    )
    header = [
        "Noto Serif CJK and Noto Sans CJK (the NotoS*CJKsc-*.otf files in this folder)",
        *notices,
        "Noto is a trademark of Google Inc.",
        "",
        "This Font Software is licensed under the SIL Open Font License, Version 1.1,",
        "copied below from the Debian package fonts-noto-cjk (" + NOTO_COPYRIGHT + ").",
        "The files here are modified versions: see PROVENANCE.md.",
        "",
    ]
    ofl = dep5_license(noto_text, "SIL-1.1")
    (fonts_dir / "LICENSE-OFL.txt").write_text("\n".join(header) + "\n" + ofl, encoding="utf-8")
    hanazono_text = (hanazono_root / HANAZONO_COPYRIGHT).read_text(encoding="utf-8")
    note = [
        "HanaMinB-SIP.ttf is HanaMinB from the Debian package fonts-hanazono, reduced to the",
        "supplementary ideographic plane (see PROVENANCE.md). Upstream dual-licenses the font",
        "under the Hanazono Font License or the SIL Open Font License 1.1 (which reserves the",
        "name 'HanaMinB' for unmodified versions). This modified version keeps its name and is",
        "therefore distributed under the Hanazono Font License. The package's copyright file,",
        "with both licences, follows verbatim (" + HANAZONO_COPYRIGHT + ").",
        "",
        "-" * 72,
        "",
    ]
    (fonts_dir / "LICENSE-HanaMinB.txt").write_text(
        "\n".join(note) + hanazono_text, encoding="utf-8"
    )


def write_coverage(fonts_dir: Path, files: Sequence[str]) -> None:
    """``coverage.json``: per font its family, style, weight and code point ranges."""
    fonts = []
    union: set[int] = set()
    for name in files:
        info = fb.describe(fonts_dir / name)
        cmap = info.pop("cmap")
        union.update(cmap)
        fonts.append({**info, "ranges": rep.to_ranges(cmap)})
    lines = ['{"format": 1,', ' "all": ' + json.dumps(rep.to_ranges(union)) + ",", ' "fonts": [']
    for at, font in enumerate(fonts):
        end = "," if at < len(fonts) - 1 else ""
        lines.append("  " + json.dumps(font, ensure_ascii=False, sort_keys=True) + end)
    lines.append("]}")
    (fonts_dir / "coverage.json").write_text("\n".join(lines) + "\n", encoding="utf-8")


def _outputs_table(fonts_dir: Path, names: Sequence[str]) -> list[str]:
    rows = ["| file | family | weight | glyphs | code points | bytes | sha256 |", "|---" * 7 + "|"]
    coverage = json.loads((fonts_dir / "coverage.json").read_text(encoding="utf-8"))
    by_file = {font["file"]: font for font in coverage["fonts"]}
    for name in names:
        font = by_file.get(name)
        path = fonts_dir / name
        count = sum(end - start + 1 for start, end in font["ranges"]) if font else "-"
        family = font["family"] if font else "-"
        weight = font["weight"] if font else "-"
        glyphs = font["glyphs"] if font else "-"
        rows.append(
            f"| `{name}` | {family} | {weight} | {glyphs} | {count} | {path.stat().st_size} "
            f"| `{fb.sha256(path)}` |"
        )
    return rows


def write_provenance(
    fonts_dir: Path,
    packages: Mapping[str, PackageLike],
    faces: Mapping[str, tuple[str, int]],
    rare_han: str,
    tongyong_list: str,
) -> None:
    """``PROVENANCE.md``: sources, what was done to them, and the SHA-256 of every output."""
    noto, hanazono, unicode = packages["noto"], packages["hanazono"], packages["unicode"]
    text: list[str] = [
        "# Provenance of the vendored fonts",
        "",
        f"Every file in this folder, this one included, is written by `{COMMAND}`",
        "(add `--debs DIR` to use already downloaded .debs) from the Debian packages below.",
        f"Run again with fontTools {fontTools.version}, it writes the same bytes (another",
        "fontTools version may write other bytes). Do not edit these files by hand.",
        "",
        "## Sources",
        "",
        "| package | version | .deb | sha256 |",
        "|---|---|---|---|",
    ]
    for package in (noto, hanazono, unicode):
        text.append(
            f"| {package.name} | {package.version} | `{package.deb}` | `{package.sha256}` |"
        )
    text += ["", "## Fonts", ""]
    for name, (collection, index) in faces.items():
        text.append(
            f"- `{name}`: face {index} (the SC face, found by its family name; face 0 is JP) "
            f"of `/usr/share/fonts/opentype/noto/{collection}` in {noto.name}."
        )
    text += [
        f"- `{rare_han}`: `/usr/share/fonts/truetype/hanazono/HanaMinB.ttf` in {hanazono.name}.",
        "",
        "## What was done",
        "",
        "- Main faces (`NotoSerifCJKsc-*`, `NotoSansCJKsc-*`): subset with the fontTools",
        "  subsetter to the repertoire below, keeping every OpenType feature and every glyph it",
        "  reaches for the language systems DFLT and ZHS (zh-Hans) of each script; the JAN, KOR,",
        "  ZHT and ZHH language systems are dropped (zh-Hans shaping is unchanged: checked with",
        "  `scripts/fonts_shaping_check.py`). Names, hints, `head.modified`, hhea/vhea/OS/2",
        "  metrics are kept; the CFF table's names are set to the SC face's own names (a `.ttc`",
        "  shares the JP face's CFF names).",
        "- Repertoire of the main faces (intersected with the face's cmap):",
    ]
    for start, end, block in rep.KEEP_BLOCKS:
        text.append(f"  - U+{start:04X}–U+{end:04X} {block}")
    text += [
        "  - the 12 unified ideographs of the CJK Compatibility Ideographs block",
        f"  - the characters of 通用规范汉字表 (2013) outside the BMP: `{tongyong_list}`",
        "    (from Unihan kTGH, whose 8105 entries are checked to be numbered 1..8105).",
        "- `NotoSansCJKsc-Fallback.otf` (family `Noto Sans CJK SC Fallback`): Noto Sans CJK SC",
        "  Regular subset to exactly the code points the main faces drop (kana, Hangul, CJK",
        "  Extension B–G outside 通用规范汉字表, compatibility ideographs, enclosed supplements),",
        "  renamed so it does not compete with the main family.",
        f"- `{rare_han}` (family `HanaMinB`): HanaMinB subset to U+20000–U+3FFFF (CJK Extension",
        "  B–F: rare Han used in names and places). Licence: `LICENSE-HanaMinB.txt`.",
        "- `coverage.json`: per font file its family, style, weight and covered code points as",
        "  `[start, end]` ranges, and their union (`all`), read by",
        "  `typesetter.fonts.CoverageIndex`.",
        "",
        "## Outputs",
        "",
    ]
    names = [*faces, rare_han]
    text += _outputs_table(fonts_dir, names)
    extras = ["coverage.json", tongyong_list, "LICENSE-OFL.txt", "LICENSE-HanaMinB.txt"]
    text += ["", "| file | bytes | sha256 |", "|---|---|---|"]
    for name in extras:
        path = fonts_dir / name
        text.append(f"| `{name}` | {path.stat().st_size} | `{fb.sha256(path)}` |")
    (fonts_dir / "PROVENANCE.md").write_text("\n".join(text) + "\n", encoding="utf-8")
