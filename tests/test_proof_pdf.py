"""The proof measures PDFs built with WeasyPrint to contain each fault on purpose, on pages
of several geometries (A4, A5, a 90 mm column, two columns): nothing in the proof knows the
page size, the margins or the column width in advance."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import render_html

from typesetter.errors import TypesetterError
from typesetter.proof import Fault, ProofReport, proof_pdf
from typesetter.proof.layout import analyse
from typesetter.proof.pdfchars import read_pages

CSS = """
@page {{ size: {size}; margin: {margin}; {page_extra} }}
body {{ font-family: "Noto Serif CJK SC"; font-size: {font}pt; line-height: 1.6; margin: 0; }}
p {{ margin: 0 0 0.4em; text-indent: 2em; text-align: justify; }}
h1 {{ font-size: 1.6em; margin: 0 0 0.5em; line-height: 1.3; }}
.flow {{ width: {width}; column-count: {columns}; column-gap: 2em; }}
.ragged {{ text-align: left; }}
.narrow {{ width: 10em; text-indent: 0; }}
.g {{ padding-left: 0.25em; }}
.h {{ font-feature-settings: "halt"; }}
.url {{ overflow-wrap: anywhere; text-indent: 0; }}
.next {{ {next_break} }}
"""

# Han-only paragraphs fill their lines exactly (every Han character is 1 em wide), so they
# meet both edges without a justification engine; their lengths keep any mark off a line start.
HAN = "数字经济发展具有广阔空间要统筹发展和安全发挥优势乘势而上协同推进数字产业化和产业数字化"
# 130 characters: on every geometry below the last line holds 3 or more of them.
FULL = f"<p>{(HAN * 3)[:130]}。</p>"

URL = "https://example.com/" + "/".join(["very-long-path-segment"] * 7) + "/index.html"

FAULTS = f"""
<h1>测试标题</h1>
{FULL}
<p class="ragged">跨境电商平台 Temu 和 TikTok Shop 在 2023 年上半年快速增长，Amazon Web Services
与 Microsoft Azure 的云计算服务 also grew quickly in many markets around the world，国内平台
JD.com 与 Alibaba Group 的 overseas business 也在持续扩张 according to the latest reports。</p>
<p>这是强制换行的例子<br>，逗号在行首。</p>
<p>括号在行末的例子（<br>括号内容）。</p>
<p>破折号被拆开的例子—<br>—后半部分。</p>
<p class="next">省略号被拆开的例子…<br>…后半部分。</p>
{FULL}
<p>他说：“好。”我们走。</p>
<p>压缩以后：“好<span class="h">。</span>”我们走。</p>
<p>没有间距中文ABC中文。</p>
<p>有间距中文<span class="g">ABC</span><span class="g">中文。</span></p>
<p class="narrow">一二三四五六七八九十终。</p>
<p class="url">{URL}</p>
"""
PAGE_FAULTS = """
<p>重叠的第一行文字。</p>
<p style="margin-top: -1.8em; text-indent: 0">重叠的第二行文字。</p>
<p style="margin-left: -60mm; text-indent: 0">出界的文字在页面之外。</p>
"""

GEOMETRIES: dict[str, dict[str, Any]] = {
    "A4": dict(size="A4", margin="20mm", font=10, width="46em", columns=1),
    "A5": dict(size="A5", margin="15mm", font=8, width="40em", columns=1),
    "A4-90mm": dict(size="A4", margin="20mm", font=9.11, width="90mm", columns=1),
    "A4-two-columns": dict(size="A4", margin="18mm", font=10, width="48em", columns=2),
}


def html(body: str, *, page_extra: str = "", after: str = "", **geometry: object) -> str:
    next_break = "break-before: column;" if geometry.get("columns") == 2 else ""
    css = CSS.format(page_extra=page_extra, next_break=next_break, **geometry)
    return (
        f'<html lang="zh-CN"><head><meta charset="utf-8"><style>{css}</style></head>'
        f'<body><div class="flow">{body}</div>{after}</body></html>'
    )


def render(path: Path, document: str) -> Path:
    """Plain WeasyPrint: these PDFs carry faults on purpose, the clreq engine would fix them."""
    path.write_bytes(render_html(document, clreq=False))
    return path


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], Path]:
    """Render each named document once per session."""
    folder = tmp_path_factory.mktemp("proof")
    cache: dict[str, Path] = {}

    def get(name: str, document: str) -> Path:
        if name not in cache:
            cache[name] = render(folder / f"{name}.pdf", document)
        return cache[name]

    return get


def of_kind(report: ProofReport, kind: str) -> list[Fault]:
    return [f for f in report.faults if f.kind == kind]


@pytest.fixture(scope="session", params=list(GEOMETRIES))
def faults_report(request: pytest.FixtureRequest, pdfs: Callable[[str, str], Path]) -> ProofReport:
    geometry = GEOMETRIES[request.param]
    return proof_pdf(pdfs(f"faults-{request.param}", html(FAULTS, after=PAGE_FAULTS, **geometry)))


def test_forbidden_line_start_and_end(faults_report: ProofReport) -> None:
    assert [f.text for f in of_kind(faults_report, "line-start")] == ["，逗号在行首。"]
    assert [f.text for f in of_kind(faults_report, "line-end")] == ["括号在行末的例子（"]
    assert all(f.page == 1 for f in faults_report.faults)


def test_split_dash_and_ellipsis(faults_report: ProofReport) -> None:
    assert [f.text for f in of_kind(faults_report, "split-dash")] == ["—后半部分。"]
    assert [f.text for f in of_kind(faults_report, "split-ellipsis")] == ["…后半部分。"]


def test_uncompressed_punctuation_pairs(faults_report: ProofReport) -> None:
    pairs = of_kind(faults_report, "punct-pair")
    assert {f.message[:4] for f in pairs} == {"“：“”", "“。””", "“）。”"}
    assert all("2.00 em" in f.message for f in pairs)
    compressed = [f for f in pairs if f.text.startswith("压缩以后")]
    assert [f.message[:4] for f in compressed] == ["“：“”"]  # “好。”: 1.5 em


def test_han_latin_gaps(faults_report: ProofReport) -> None:
    gaps = of_kind(faults_report, "han-latin-gap")
    texts = {f.text for f in gaps}
    assert "没有间距中文ABC中文。" in texts
    assert len([f for f in gaps if f.text == "没有间距中文ABC中文。"]) == 2
    assert not [f for f in gaps if f.text.startswith("有间距")]


def test_lonely_last_character(faults_report: ProofReport) -> None:
    assert [f.text for f in of_kind(faults_report, "lonely-char")] == ["终。"]


def test_ragged_lines_are_short_but_full_lines_are_not(faults_report: ProofReport) -> None:
    short = [f.text for f in of_kind(faults_report, "short-line")]
    assert any("Temu" in t or "Microsoft" in t or "JD.com" in t for t in short)
    assert not [t for t in short if HAN[:8] in t]  # exactly filled lines meet both edges


def test_unbreakable_url_lines_are_exempt(faults_report: ProofReport) -> None:
    assert not [f for f in faults_report.faults if f.kind == "short-line" and "very-long" in f.text]
    assert all(f.kind == "short-line" and "very-long" in f.text for f in faults_report.exempt)


def test_overlap_and_outside_page(faults_report: ProofReport) -> None:
    overlap = of_kind(faults_report, "overlap")
    assert [(f.text, "重叠的第二行文字" in f.message) for f in overlap] == [
        ("重叠的第一行文字。", True)
    ]
    outside = of_kind(faults_report, "outside-page")
    assert [f.text for f in outside] == ["出界的文字在页面之外。"]
    assert "left" in outside[0].message


COLUMN_WIDTHS = {"A4": 460.0, "A5": 320.0, "A4-90mm": 90 / 25.4 * 72, "A4-two-columns": 230.0}


@pytest.mark.parametrize("name", list(GEOMETRIES))
def test_geometry_is_inferred(name: str, pdfs: Callable[[str, str], Path]) -> None:
    geometry = GEOMETRIES[name]
    layout = analyse(
        read_pages(pdfs(f"faults-{name}", html(FAULTS, after=PAGE_FAULTS, **geometry)))
    )
    page = layout.pages[0]
    assert len(page.columns) == geometry["columns"]
    assert layout.body_size == pytest.approx(geometry["font"])
    assert layout.pitch == pytest.approx(1.6 * geometry["font"], abs=0.2)
    for column in page.columns:
        assert column.right - column.left == pytest.approx(COLUMN_WIDTHS[name], abs=0.5)


CLEAN = f"""
<h1>干净的标题</h1>
<p style="text-align: right">来源<span class="h">：</span>《文汇报》</p>
{FULL}
<p>短段落只有一行。</p>
<p>中文与<span class="g">Latin</span><span class="g">混排</span>的最后一行。</p>
<p>他说<span class="h">：</span>“好<span class="h">。</span>”我们走。</p>
{FULL}
<p style="text-align: center; text-indent: 0">居中的一行</p>
{FULL}
"""
RUNNING = (
    '@top-center { content: "电子商务动态"; font-size: 7pt }'
    " @bottom-center { content: counter(page); font-size: 7pt }"
)


@pytest.mark.parametrize("name", list(GEOMETRIES))
def test_clean_document_has_no_faults(name: str, pdfs: Callable[[str, str], Path]) -> None:
    geometry = GEOMETRIES[name]
    report = proof_pdf(pdfs(f"clean-{name}", html(CLEAN, page_extra=RUNNING, **geometry)))
    assert report.faults == []
    assert report.ok()
    assert report.exempt == []
    assert report.stats["justified_lines"] >= 6


def test_paragraphs_continue_across_pages(pdfs: Callable[[str, str], Path]) -> None:
    geometry = dict(GEOMETRIES["A5"], size="A6")
    pdf = pdfs("clean-pages", html(FULL * 12, page_extra=RUNNING, **dict(geometry, width="20em")))
    layout = analyse(read_pages(pdf))
    assert len(layout.pages) >= 3
    spanning = [p for p in layout.paragraphs if p.lines[0].page != p.lines[-1].page]
    assert spanning  # the last line of a page is checked like any other
    assert proof_pdf(pdf).faults == []


def test_widow_at_the_top_of_a_page(pdfs: Callable[[str, str], Path]) -> None:
    """Seven lines fit a page; an eight-line paragraph leaves its last line alone on page 2."""
    text = (HAN * 5)[: 26 + 6 * 28 + 10]
    geometry = dict(
        GEOMETRIES["A4"], font=8, size="100mm 51mm", margin="10mm 10mm 9mm", width="28em"
    )
    document = html(f'<p style="widows: 1">{text}。</p>', **geometry)
    report = proof_pdf(pdfs("widow", document))
    assert [(f.kind, f.page) for f in report.faults] == [("widow", 2)]
    assert "top of the page" in report.faults[0].message


def test_text_in_the_bleed_is_outside_the_trim_box(pdfs: Callable[[str, str], Path]) -> None:
    body = (
        "<p>正常的文字在版心里面。</p>"
        '<p style="margin-left: -24mm; text-indent: 0">出血区域里的文字。</p>'
    )
    document = html(body, page_extra="bleed: 5mm;", **GEOMETRIES["A5"])
    report = proof_pdf(pdfs("bleed", document))
    outside = of_kind(report, "outside-page")
    assert [f.text for f in outside] == ["出血区域里的文字。"]


def test_unreadable_pdf_is_an_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_text("not a pdf")
    with pytest.raises(TypesetterError, match=r"bad\.pdf"):
        proof_pdf(bad)
    with pytest.raises(TypesetterError, match="cannot read PDF"):
        proof_pdf(tmp_path / "missing.pdf")


def test_24_page_a4_proof_is_clean(pdfs: Callable[[str, str], Path]) -> None:
    """A long document proofs clean (its speed is measured in benchmarks/, not here)."""
    body = (FULL + '<p>数字贸易<span class="g">5G</span><span class="g">标准</span>。</p>') * 212
    pdf = pdfs("long", html(body, page_extra=RUNNING, **dict(GEOMETRIES["A4"], font=10.5)))
    report = proof_pdf(pdf)
    assert report.pages >= 24
    assert report.faults == []


TABLE = f"""
{FULL}
<table style="border-collapse: collapse; font-size: 9pt">
<tr><td style="border: 0.5pt solid #888; padding: 1mm 1.5mm">北京</td>
<td style="border: 0.5pt solid #888; padding: 1mm 1.5mm">95.6</td>
<td style="border: 0.5pt solid #888; padding: 1mm 1.5mm">2023年</td></tr>
<tr><td style="padding: 0 1em">广东</td><td style="padding: 0 1em">94.8</td>
<td style="padding: 0 1em">第一梯队</td></tr>
</table>
{FULL}
"""


def test_table_cells_are_separate_lines(pdfs: Callable[[str, str], Path]) -> None:
    """Rules and wide padding separate cells: “北京｜95.6” is no Han–Latin boundary, but
    “2023年” inside one cell is."""
    report = proof_pdf(pdfs("table", html(TABLE, **GEOMETRIES["A4"])))
    assert [(f.kind, f.text) for f in report.faults] == [("han-latin-gap", "2023年")]
