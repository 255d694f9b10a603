"""The vendored fonts, their coverage index and the hermetic fontconfig configuration."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from fontTools.ttLib import TTCollection, TTFont

from typesetter import fonts
from typesetter.fonts import FONTS_DIR, CoverageIndex, fontconfig_file, is_ignorable

MAIN = {
    "NotoSerifCJKsc-Regular.otf": ("Noto Serif CJK SC", 400),
    "NotoSerifCJKsc-Bold.otf": ("Noto Serif CJK SC", 700),
    "NotoSansCJKsc-Regular.otf": ("Noto Sans CJK SC", 400),
    "NotoSansCJKsc-Bold.otf": ("Noto Sans CJK SC", 700),
}
FALLBACK = "NotoSansCJKsc-Fallback.otf"
RARE = "HanaMinB-SIP.ttf"
ALL_FONTS = [*MAIN, FALLBACK, RARE]
# CIDs of the SC glyphs in Noto CJK 2.004 (Sans) / 2.001 (Serif); the JP face maps these
# characters to the CID just before (the JP form), e.g. 返 → cid40109 in Sans JP.
SC_CIDS = {
    "Noto Serif CJK SC": {"返": "cid40124", "直": "cid27746", "骨": "cid45042", "令": "cid09825"},
    "Noto Sans CJK SC": {"返": "cid40110", "直": "cid27874", "骨": "cid45133", "令": "cid09809"},
}
SYSTEM_NOTO = Path("/usr/share/fonts/opentype/noto")
TONGYONG = FONTS_DIR / "data" / "tongyong-guifan-supplementary.txt"


@cache
def font(name: str) -> TTFont:
    return TTFont(str(FONTS_DIR / name), lazy=True)


@cache
def cmap(name: str) -> dict[int, str]:
    best: dict[int, str] = font(name).getBestCmap()
    return best


def ranges(points: set[int]) -> list[list[int]]:
    out: list[list[int]] = []
    for cp in sorted(points):
        if out and out[-1][1] == cp - 1:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def tongyong_supplementary() -> dict[int, int]:
    lines = TONGYONG.read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    return {int(code[2:], 16): int(pos) for code, ch, pos in rows if chr(int(code[2:], 16)) == ch}


# --- provenance -------------------------------------------------------------------------


def test_provenance_lists_every_file_with_its_sha256() -> None:
    text = (FONTS_DIR / "PROVENANCE.md").read_text(encoding="utf-8")
    listed = {}
    for line in text.splitlines():
        cells = [c.strip().strip("`") for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and len(cells[-1]) == 64 and (FONTS_DIR / cells[0]).is_file():
            listed[cells[0]] = cells[-1]
    on_disk = {
        str(p.relative_to(FONTS_DIR))
        for p in FONTS_DIR.rglob("*")
        if p.is_file() and p.name != "PROVENANCE.md"
    }
    assert set(listed) == on_disk
    for name, digest in listed.items():
        assert hashlib.sha256((FONTS_DIR / name).read_bytes()).hexdigest() == digest, name
    assert "fonts-noto-cjk | 1:20220127+repack1-1" in text
    assert "scripts/fetch_fonts.py" in text


def test_licences_are_shipped() -> None:
    ofl = (FONTS_DIR / "LICENSE-OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in ofl and "Adobe" in ofl
    hanazono = (FONTS_DIR / "LICENSE-HanaMinB.txt").read_text(encoding="utf-8")
    assert "Hanazono Font License" in hanazono and "SIL OPEN FONT LICENSE" in hanazono


# --- the faces are the SC faces, real weights -------------------------------------------


@pytest.mark.parametrize("name", MAIN)
def test_main_faces_are_simplified_chinese(name: str) -> None:
    family, weight = MAIN[name]
    names = font(name)["name"]
    assert names.getDebugName(1) == family
    assert names.getDebugName(6) == name.removesuffix(".otf")
    assert font(name)["CFF "].cff.fontNames == [name.removesuffix(".otf")]
    assert font(name)["OS/2"].usWeightClass == weight
    assert ord("们") in cmap(name) and ord("这") in cmap(name)
    for ch, cid in SC_CIDS[family].items():
        assert cmap(name)[ord(ch)] == cid, ch


def system_faces(name: str) -> list[TTFont]:
    """The faces of the system's Noto CJK collection ``name`` came from (``--system-fonts``)."""
    family, weight = MAIN[name]
    stem = family.removesuffix(" CJK SC").replace(" ", "") + "CJK"
    collection = SYSTEM_NOTO / f"{stem}-{'Bold' if weight == 700 else 'Regular'}.ttc"
    assert collection.is_file(), f"no {collection} to compare with: apt-get install fonts-noto-cjk"
    faces: list[TTFont] = TTCollection(str(collection), lazy=True).fonts
    return faces


@pytest.mark.system_fonts
@pytest.mark.parametrize("name", ["NotoSerifCJKsc-Regular.otf", "NotoSansCJKsc-Bold.otf"])
def test_glyphs_match_the_system_sc_face_not_the_jp_face(name: str) -> None:
    faces = system_faces(name)
    sc = next(f for f in faces if f["name"].getDebugName(1) == MAIN[name][0])
    jp = faces[0]
    assert jp["name"].getDebugName(1).endswith("JP")
    for ch in "返直骨令":
        assert cmap(name)[ord(ch)] == sc.getBestCmap()[ord(ch)] != jp.getBestCmap()[ord(ch)]


@pytest.mark.system_fonts
@pytest.mark.parametrize("name", ["NotoSerifCJKsc-Bold.otf", "NotoSansCJKsc-Regular.otf"])
def test_header_metrics_are_unchanged(name: str) -> None:
    sc = next(f for f in system_faces(name) if f["name"].getDebugName(1) == MAIN[name][0])
    version = font(name)["name"].getDebugName(5)
    assert sc["name"].getDebugName(5) == version, f"compare with the system's Noto CJK {version}"
    ignore = {"tableTag", "numberOfHMetrics", "numberOfVMetrics", "checkSumAdjustment", "panose"}
    for tag in ("head", "hhea", "vhea", "OS/2", "post"):
        ours, theirs = vars(font(name)[tag]), vars(sc[tag])
        assert {k: v for k, v in ours.items() if k not in ignore} == {
            k: v for k, v in theirs.items() if k not in ignore
        }, tag
    assert vars(font(name)["OS/2"].panose) == vars(sc["OS/2"].panose)


def test_bold_outlines_differ_from_regular() -> None:
    for family in ("NotoSerifCJKsc", "NotoSansCJKsc"):
        glyphs = {}
        for weight in ("Regular", "Bold"):
            name = f"{family}-{weight}.otf"
            charstrings = font(name)["CFF "].cff.topDictIndex[0].CharStrings
            charstrings[cmap(name)[ord("中")]].compile()
            glyphs[weight] = charstrings[cmap(name)[ord("中")]].bytecode
        assert glyphs["Regular"] != glyphs["Bold"]


# --- repertoire ---------------------------------------------------------------------------


def test_tongyong_list_is_the_published_table_outside_the_bmp() -> None:
    table = tongyong_supplementary()
    assert len(table) == 196
    assert all(cp > 0xFFFF for cp in table)
    assert len(set(table.values())) == 196 and all(1 <= p <= 8105 for p in table.values())
    assert table[0x2C27C] == 4004  # 𬉼, the first of them in table order
    for name in MAIN:
        assert set(table) <= set(cmap(name)), name


def test_main_faces_keep_the_periodical_repertoire() -> None:
    for name in MAIN:
        have = set(cmap(name))
        assert set(range(0x4E00, 0x9FEB)) <= have
        assert set(range(0x3400, 0x4DB6)) <= have  # Unicode 3.0 Extension A
        assert {ord(c) for c in "，。、；：？！“”‘’《》（）【】—…·～ǎǐǒǔǚ①★☆●○◆◇■□▲△※→㈠％"} <= have
        assert not have & set(range(0x3040, 0x30FB)), "kana moved to the fallback"
        assert not have & set(range(0xAC00, 0xD7A4)), "Hangul moved to the fallback"


def test_fallback_holds_what_the_main_faces_dropped() -> None:
    fallback = set(cmap(FALLBACK))
    assert not fallback & set(cmap("NotoSansCJKsc-Regular.otf"))
    assert {ord(c) for c in "アイウカタカナひらがな한국어"} <= fallback
    assert ord("𠀋") in fallback  # U+2000B, Extension B, not in 通用规范汉字表
    assert font(FALLBACK)["name"].getDebugName(1) == "Noto Sans CJK SC Fallback"
    rare = set(cmap(RARE))
    assert min(rare) >= 0x20000
    assert len(rare & set(range(0x20000, 0x2A6E0))) > 42000  # Extension B
    assert font(RARE)["name"].getDebugName(1) == "HanaMinB"


# --- coverage index ------------------------------------------------------------------------


def test_coverage_json_agrees_with_the_cmaps() -> None:
    data = json.loads((FONTS_DIR / "coverage.json").read_text(encoding="utf-8"))
    assert [f["file"] for f in data["fonts"]] == ALL_FONTS
    union: set[int] = set()
    for entry in data["fonts"]:
        points = set(cmap(entry["file"]))
        union |= points
        assert entry["ranges"] == ranges(points), entry["file"]
        assert entry["weight"] == font(entry["file"])["OS/2"].usWeightClass
        assert entry["family"] == font(entry["file"])["name"].getDebugName(1)
    assert data["all"] == ranges(union)


def test_coverage_index_loads_once() -> None:
    """Loaded from the small JSON index (its speed is measured in benchmarks/, not here)."""
    path = FONTS_DIR / "coverage.json"
    index = fonts._load.__wrapped__(path.resolve())
    assert index.covers("中")
    assert CoverageIndex.load() is CoverageIndex.load()


def test_missing_reports_uncovered_characters_in_order() -> None:
    index = CoverageIndex.load()
    assert index.missing("中文，测试。Temu 5G 55.37%“引号”《书名》——……") == []
    assert index.missing("𠀀𠀋ア한𬉼") == []  # Ext B, kana, Hangul, 通用规范 supplement
    assert index.missing("A\ue000B😀\ue000😀") == ["\ue000", "😀"]  # private use; no emoji font
    assert index.missing("\t\n\u3000\u00a0\u200b\u2060\ufeff\ufe0f\u00ad\U000e0001") == []
    assert index.missing("\u0378") == ["\u0378"]  # unassigned


def test_rare_han_beyond_noto_comes_from_hanamin() -> None:
    index = CoverageIndex.load()
    noto = set().union(*(set(cmap(name)) for name in [*MAIN, FALLBACK]))
    beyond = next(cp for cp in range(0x20000, 0x2A6E0) if cp not in noto and cp in cmap(RARE))
    assert index.covers(chr(beyond))
    assert index.families(chr(beyond)) == ["HanaMinB"]
    assert index.families("ア") == ["Noto Sans CJK SC Fallback"]
    assert index.families("中") == ["Noto Serif CJK SC", "Noto Sans CJK SC"]


def test_ignorable_characters() -> None:
    assert all(is_ignorable(ch) for ch in "\x00\x1f\u200d\ufe0f\U000e0100 \u3000")
    assert not any(is_ignorable(ch) for ch in "中a😀\ue000")


# --- fontconfig -----------------------------------------------------------------------------


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path


def fc(*args: str, conf: Path) -> str:
    env = {**os.environ, "FONTCONFIG_FILE": str(conf)}
    return subprocess.run(args, env=env, capture_output=True, text=True, check=True).stdout


def test_fontconfig_sees_only_the_vendored_fonts(cache_home: Path) -> None:
    conf = fontconfig_file()
    assert conf.is_relative_to(cache_home / "typesetter" / "fontconfig")
    mtime = conf.stat().st_mtime_ns
    assert fontconfig_file() == conf and conf.stat().st_mtime_ns == mtime
    listed = fc("fc-list", "--format=%{file}\n", conf=conf).split()
    assert sorted(Path(p) for p in listed) == [FONTS_DIR / n for n in sorted(ALL_FONTS)]
    assert fc("fc-match", "--format=%{family[0]}", "serif", conf=conf) == "Noto Serif CJK SC"
    for sans in ("sans\\-serif", "sans"):
        assert fc("fc-match", "--format=%{family[0]}", sans, conf=conf) == "Noto Sans CJK SC"
    unknown = fc("fc-match", "--format=%{file}", "Times New Roman:lang=zh-cn", conf=conf)
    assert Path(unknown).parent == FONTS_DIR


RENDER = """
import sys
from pathlib import Path
from typesetter.weasy import RenderJob, render_pdf
html = (
    '<p lang="zh-CN" style="font-family:\\'Noto Serif CJK SC\\'">'
    '中文，测试。𠀀ア한<b>粗体</b></p>'
)
job = RenderJob(html, Path.cwd(), [], "test", b"id")
Path(sys.argv[1]).write_bytes(render_pdf(job).data)
"""


def test_weasyprint_embeds_only_vendored_fonts(cache_home: Path, tmp_path: Path) -> None:
    import pikepdf

    pdf_path = tmp_path / "out.pdf"
    env = {**os.environ, "XDG_CACHE_HOME": str(cache_home)}
    subprocess.run([sys.executable, "-c", RENDER, str(pdf_path)], env=env, check=True)
    names = set()
    with pikepdf.open(pdf_path) as pdf:
        for page in pdf.pages:
            for _key, font_obj in page.Resources.Font.items():
                names.add(str(font_obj.BaseFont).split("+", 1)[1])
    # Names are Pango descriptions of the faces used ("HanaMinB-Medium": weight 500). Kana and
    # Hangul are absent from our serif face, so they come from our fallback: a system
    # "Noto Serif CJK SC" (which has them) would show up as Noto-Serif-CJK-SC instead.
    expected = {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC-Fallback"}
    assert names == expected | {"HanaMinB-Medium"}, names
