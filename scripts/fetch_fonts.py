"""Rebuild every file in ``fonts/`` from Debian packages, byte for byte.

    .venv/bin/python scripts/fetch_fonts.py            # apt-get download the pinned .debs
    .venv/bin/python scripts/fetch_fonts.py --debs DIR # use .debs already downloaded to DIR

Sources (pinned by version and SHA-256, see ``PACKAGES``): Noto Serif/Sans CJK from
``fonts-noto-cjk``, HanaMinB from ``fonts-hanazono``, and 通用规范汉字表 from the Unihan
database in ``unicode-data``. Outputs: the SC faces subset to a Chinese periodical's
repertoire (``fonts_repertoire.py``), a Noto Sans fallback holding exactly what the subsets
dropped, HanaMinB reduced to the supplementary planes (rare Han, Extension B–F), the
licences, ``PROVENANCE.md`` and ``coverage.json``. The same sources and the same fontTools
version give byte-identical files.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import fontTools

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fonts_build as fb
import fonts_repertoire as rep
from fonts_provenance import write_coverage, write_licences, write_provenance

FONTS_DIR = Path(__file__).resolve().parent.parent / "fonts"
LIST_NAME = "data/tongyong-guifan-supplementary.txt"


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    sha256: str

    @property
    def deb(self) -> str:
        return f"{self.name}_{self.version.replace(':', '%3a')}_all.deb"


PACKAGES = {
    "noto": Package(
        "fonts-noto-cjk",
        "1:20220127+repack1-1",
        "4a2515eb6db3978b897fef9709ed0d2b1f4c6c4df4d83d6c4ef65f71f1b1f502",
    ),
    "hanazono": Package(
        "fonts-hanazono",
        "20170904-2.1",
        "a6943366b4f5a6cec34221f8b4eb22555a628f0ee6ef4e3d3401cabe9363aeae",
    ),
    "unicode": Package(
        "unicode-data",
        "15.0.0-1",
        "5efef23bbb1c6a133ecbdd63a2cfa07159ccacf5466a49e2426101c5ecd691fc",
    ),
}

NOTO_DIR = "usr/share/fonts/opentype/noto"
UNIHAN = "usr/share/unicode/Unihan_OtherMappings.txt.bz2"
HANAMIN_B = "usr/share/fonts/truetype/hanazono/HanaMinB.ttf"


@dataclass(frozen=True)
class MainFace:
    output: str
    collection: str
    family: str


MAIN_FACES = (
    MainFace("NotoSerifCJKsc-Regular.otf", "NotoSerifCJK-Regular.ttc", "Noto Serif CJK SC"),
    MainFace("NotoSerifCJKsc-Bold.otf", "NotoSerifCJK-Bold.ttc", "Noto Serif CJK SC"),
    MainFace("NotoSansCJKsc-Regular.otf", "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC"),
    MainFace("NotoSansCJKsc-Bold.otf", "NotoSansCJK-Bold.ttc", "Noto Sans CJK SC"),
)
FALLBACK = "NotoSansCJKsc-Fallback.otf"
FALLBACK_FAMILY = "Noto Sans CJK SC Fallback"
RARE_HAN = "HanaMinB-SIP.ttf"


def log(message: str) -> None:
    print(message, flush=True)


def fetch_debs(target: Path) -> None:
    """``apt-get download`` the pinned packages into ``target``."""
    specs = [f"{p.name}={p.version}" for p in PACKAGES.values()]
    result = subprocess.run(
        ["apt-get", "download", *specs], cwd=target, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(
            f"apt-get download {' '.join(specs)} failed:\n{result.stderr}\n"
            "Run 'apt-get update' first, or download these exact versions yourself and pass "
            "--debs DIR."
        )


def unpack(debs: Path, work: Path) -> dict[str, Path]:
    """Check each .deb's SHA-256 and extract it; return the extraction roots."""
    roots = {}
    for key, package in PACKAGES.items():
        deb = debs / package.deb
        if not deb.is_file():
            sys.exit(f"missing {deb} ({package.name} {package.version})")
        digest = fb.sha256(deb)
        if digest != package.sha256:
            sys.exit(f"{deb}: sha256 {digest}, expected {package.sha256}")
        roots[key] = work / package.name
        subprocess.run(["dpkg-deb", "-x", str(deb), str(roots[key])], check=True)
    return roots


def write_tongyong(unicode_root: Path, out: Path) -> list[int]:
    """Write the vendored 通用规范汉字表 supplementary list; return its code points."""
    table = rep.read_ktgh(unicode_root / UNIHAN)
    rep.check_tongyong(table)
    unicode = PACKAGES["unicode"]
    source = (
        f"Unicode 15.0.0 Unihan database, field kTGH ({UNIHAN} in Debian package "
        f"{unicode.name} {unicode.version}). Cross-checked against two public lists on "
        "GitHub: kitty-panics/cn-tables 通用规范汉字表.txt (8105 entries, of which its size "
        "implies 196 outside the BMP) and a CSS unicode-range of the table's characters outside "
        "the BMP (the same 196, plus 6 GB 18030 components that are not in the table)."
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(rep.supplementary_lines(table, source)) + "\n", encoding="utf-8")
    return rep.read_supplementary(out)


def build_main(noto: Path, face: MainFace, supplementary: list[int]) -> dict[str, Any]:
    """Extract the SC face of a collection and subset it to the main repertoire."""
    started = time.perf_counter()
    font, index = fb.load_face(noto / face.collection, face.family)
    cmap = set(font.getBestCmap())
    keep = rep.main_repertoire(cmap, supplementary)
    glyphs_before = len(font.getGlyphOrder())
    fb.subset_font(font, keep, fb.ZH_HANS_LAYOUT_SCRIPTS)
    fb.align_cff_names(font)
    fb.save(font, FONTS_DIR / face.output)
    size_before = (noto / face.collection).stat().st_size / 1e6
    size_after = (FONTS_DIR / face.output).stat().st_size / 1e6
    log(
        f"  {face.output}: face {index} of {face.collection} ({size_before:.1f} MB, all faces), "
        f"{len(cmap)} -> {len(keep)} code points, {glyphs_before} -> "
        f"{len(font.getGlyphOrder())} glyphs, {size_after:.1f} MB, "
        f"{time.perf_counter() - started:.1f} s"
    )
    return {"index": index, "dropped": cmap - keep, "source": face.collection}


def build_fallback(noto: Path, supplementary: list[int]) -> dict[str, Any]:
    """Noto Sans CJK SC Regular reduced to the code points the main faces dropped."""
    started = time.perf_counter()
    font, index = fb.load_face(noto / "NotoSansCJK-Regular.ttc", "Noto Sans CJK SC")
    cmap = set(font.getBestCmap())
    dropped = cmap - rep.main_repertoire(cmap, supplementary)
    fb.subset_font(font, dropped, fb.ZH_HANS_LAYOUT_SCRIPTS)
    fb.rename_family(
        font,
        "Noto Sans CJK SC",
        FALLBACK_FAMILY,
        "NotoSansCJKsc-Regular",
        "NotoSansCJKscFallback-Regular",
    )
    fb.save(font, FONTS_DIR / FALLBACK)
    log(f"  {FALLBACK}: {len(dropped)} code points, {time.perf_counter() - started:.1f} s")
    return {"index": index, "codepoints": dropped}


def build_rare_han(hanazono: Path) -> int:
    """HanaMinB reduced to the supplementary and tertiary ideographic planes."""
    started = time.perf_counter()
    font = fb.load_font(hanazono / HANAMIN_B)
    start, end = rep.SIP_TIP
    keep = {cp for cp in font.getBestCmap() if start <= cp <= end}
    fb.subset_font(font, keep, ("*",))
    fb.save(font, FONTS_DIR / RARE_HAN)
    log(f"  {RARE_HAN}: {len(keep)} code points, {time.perf_counter() - started:.1f} s")
    return len(keep)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--debs", type=Path, help="folder holding the pinned .deb files")
    args = parser.parse_args()
    total = time.perf_counter()
    FONTS_DIR.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="fetch-fonts-") as tmp:
        work = Path(tmp)
        debs = args.debs.resolve() if args.debs else work
        if not args.debs:
            started = time.perf_counter()
            fetch_debs(work)
            log(f"downloaded the .debs in {time.perf_counter() - started:.1f} s")
        roots = unpack(debs, work)
        supplementary = write_tongyong(roots["unicode"], FONTS_DIR / LIST_NAME)
        log(f"通用规范汉字表: {len(supplementary)} characters outside the BMP")
        noto = roots["noto"] / NOTO_DIR
        log("building (fontTools " + fontTools.version + "):")
        mains = {face.output: build_main(noto, face, supplementary) for face in MAIN_FACES}
        fallback = build_fallback(noto, supplementary)
        covered = set().union(*(m["dropped"] for m in mains.values()))
        if not covered <= fallback["codepoints"]:
            sys.exit("the fallback does not cover everything the main faces dropped")
        build_rare_han(roots["hanazono"])
        write_licences(roots["noto"], roots["hanazono"], FONTS_DIR)
        faces = {face.output: (face.collection, mains[face.output]["index"]) for face in MAIN_FACES}
        faces[FALLBACK] = ("NotoSansCJK-Regular.ttc", fallback["index"])
        write_coverage(FONTS_DIR, [*faces, RARE_HAN])
        write_provenance(FONTS_DIR, PACKAGES, faces, RARE_HAN, LIST_NAME)
    for path in sorted(FONTS_DIR.glob("*.*tf")):
        log(f"  {path.name}: {path.stat().st_size / 1e6:.2f} MB")
    log(f"done in {time.perf_counter() - total:.1f} s; see fonts/PROVENANCE.md")


if __name__ == "__main__":
    main()
