"""The proof sees faults of the page: a heading stranded at a column's or page's foot, a TOC
number that is not the page of its title, a TOC leader of fewer than three dots, text or a
picture outside its column or the text area (across, or down into the head or foot margin),
a figure parted from its caption; and it reads a two-column page in bands under its
spanning heads.

Each fault is planted in a small document rendered with plain WeasyPrint (as in
test_proof_pdf.py); a clean document of the same kinds of blocks has none of them.

“Built from main”: tests/data/pdfs/stranded-heading-main-acc87e7.pdf was printed by the
pipeline as it stood before headings were kept with their text (its README says how): a
books section whose heading 【悦读电商】 is set alone at the foot of page 3, its book on
page 4, and the TOC giving page 3.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import png_bytes

from typesetter import pipeline
from typesetter.proof import Fault, ProofReport, proof_layout, proof_pdf
from typesetter.proof.layout import analyse
from typesetter.proof.pdfchars import read_pages
from typesetter.weasy import RenderJob, render_pdf

OLD_MAIN = Path(__file__).parent / "data" / "pdfs"
OLD_MAIN_ISSUE = OLD_MAIN / "stranded-heading-issue"

CSS = """
@page { size: A5; margin: 18mm 15mm;
  @top-center { content: "电子商务动态"; font-size: 7pt }
  @bottom-center { content: counter(page); font-size: 7pt } }
body { font-family: "Noto Serif CJK SC"; font-size: 9pt; line-height: 1.6; margin: 0; }
p { margin: 0; text-indent: 2em; text-align: justify; }
h1, h2, h3 { font-family: "Noto Sans CJK SC"; font-weight: 700; line-height: 1.4; }
h1 { font-size: 14pt; margin: 0 0 3mm; }
h2 { font-size: 12pt; margin: 3mm 0 2mm; }
.flow { column-count: var(--columns, 1); column-gap: 2em; }
figure { margin: 2mm 0; text-align: center; }
figure img { display: block; margin: 0 auto; }
figcaption { margin-top: 1.5mm; font-size: 8pt; line-height: 1.4; text-indent: 0; }
.toc { font-family: "Noto Sans CJK SC"; }
.e { display: flex; justify-content: space-between; margin: 0 0 1mm 5mm; text-indent: 0; }
.new-page { break-before: page; }
.new-column { break-before: column; }
"""

HAN = "数字经济发展具有广阔空间要统筹发展和安全发挥优势乘势而上协同推进数字产业化和产业数字化"
# A5 with 15 mm margins: a 118 mm measure, 36 characters of 9 pt; 108 characters fill 3 lines.
FULL = f"<p>{(HAN * 3)[:107]}。</p>"
PNG = "pixel.png"  # written beside the documents: conftest.render_html may fetch nothing


def document(body: str, *, columns: int = 1) -> str:
    return (
        f'<html lang="zh-CN"><head><meta charset="utf-8"><style>{CSS}</style></head>'
        f'<body><div class="flow" style="--columns: {columns}">{body}</div></body></html>'
    )


DOCUMENTS = {
    "stranded-page": document(
        f"<h1>第一个标题</h1>{FULL * 3}<h2>落在页脚的标题</h2>"
        f'<p class="new-page">{(HAN * 3)[:107]}。</p>{FULL}'
    ),
    "stranded-column": document(
        f"<h1>双栏的标题</h1>{FULL * 3}<h2>落在栏底的标题</h2>"
        f'<p class="new-column">{(HAN * 3)[:107]}。</p>{FULL * 2}',
        columns=2,
    ),
    "leaders": document(
        '<div class="toc"><h1>目录</h1>'
        '<div class="e"><span>国务院促进数字技术与实体经济深度融合……………</span><span>2</span></div>'
        '<div class="e"><span>商务部将从五方面推动电子商务创新发展…………</span><span>3</span></div>'
        '<div class="e"><span>数字人民币应用场景持续扩大..</span><span>4</span></div>'
        '<div class="e"><span>上海全国首发两项标准.....</span><span>5</span></div>'
        f"</div>{FULL * 3}"
    ),
    "outside": document(
        f"<h1>出界的文字和图片</h1>{FULL}"
        '<p style="margin-right: -20mm">伸出版心右边的文字，这一行比栏宽二十毫米，'
        "一直伸到页边距里面去，读者一眼就能看见它。</p>"
        f'{FULL}<figure><img src="{PNG}" style="width: 150mm; height: 20mm"></figure>{FULL}'
    ),
    "caption": document(
        f"<h1>图片和图注</h1>{FULL * 2}"
        f'<figure><img src="{PNG}" style="width: 80mm; height: 110mm">'
        '<figcaption class="new-page">图1　被分开的图注</figcaption></figure>'
        f"{FULL * 2}"
    ),
    # Absolutely placed: text down in the foot margin and up in the head margin, a picture
    # past the foot of page 1's text area. Pages 2 and 3 show where the text area is.
    "vertical": document(
        "<h1>上下出界的文字和图片</h1>"
        '<p style="position: absolute; top: 180mm; left: 0; text-indent: 0">伸进页脚的文字。</p>'
        '<p style="position: absolute; top: -8mm; left: 0; text-indent: 0">伸进页眉的文字。</p>'
        f'<img src="{PNG}" style="position: absolute; top: 170mm; left: 40mm; width: 30mm; '
        f'height: 15mm">{FULL * 12}<p class="new-page">{(HAN * 3)[:107]}。</p>{FULL}'
    ),
    # A paragraph set in bold whose last (short) line ends page 1: not a heading. A bold
    # line of the body's size under a paragraph of roman text is one.
    "bold": document(
        f"<h1>加粗的段落</h1>{FULL * 3}"
        f'<p style="font-family: Noto Sans CJK SC; font-weight: 700">{(HAN * 3)[:60]}。</p>'
        f'<p class="new-page">{(HAN * 3)[:107]}。</p>{FULL}{FULL * 3}'
        '<p style="font-family: Noto Sans CJK SC; font-weight: 700; text-indent: 0">'
        "落在页脚的加粗小标题</p>"
        f'<p class="new-page">{(HAN * 3)[:107]}。</p>{FULL}'
    ),
    "clean": document(
        '<div class="toc"><h1>目录</h1>'
        '<div class="e"><span>国务院促进数字技术与实体经济深度融合……………</span><span>2</span></div>'
        '<div class="e"><span>上海全国首发两项标准.....</span><span>2</span></div></div>'
        f'<h1 class="new-page">干净的标题</h1>{FULL * 2}<h2>小标题</h2>{FULL}'
        f'<figure><img src="{PNG}" style="width: 60mm; height: 30mm">'
        f"<figcaption>图一　图注在图片下面</figcaption></figure>{FULL * 4}<h2>另一个小标题</h2>"
        f"{FULL * 6}"
    ),
}

# Two columns under spanning heads (as layout.yaml columns: 2 sets them): four paragraphs
# of different text, so that reading the page across the gutter would lose the thread.
PARAGRAPHS = (
    "商务部电子商务和信息化司负责人介绍今年以来各地积极推进电子商务进农村综合示范工作"
    "农村网络零售额持续增长农产品上行渠道不断拓宽县域商业体系建设取得明显成效",
    "国家统计局发布数据显示上半年全国网上零售额同比增长其中实物商品网上零售额占社会"
    "消费品零售总额的比重继续提高吃类穿类和用类商品均保持增长态势",
    "中国互联网络信息中心发布报告指出我国网民规模稳步增长互联网普及率进一步提高移动"
    "支付用户规模持续扩大数字技术与实体经济融合发展的步伐不断加快",
    "跨境电商综合试验区建设持续推进海外仓数量稳步增加跨境电商企业积极开拓新兴市场品牌"
    "出海步伐加快外贸新业态新模式为稳外贸发挥了积极作用",
)
LONG_TITLE = "横跨两栏的第一篇文章的标题比一栏还要长一些"
SOURCE = '<p style="text-align: right; text-indent: 0; font-size: 8pt">来源：测试报</p>'


def _two_columns(*paragraphs: str) -> str:
    inner = "".join(f"<p>{text}。</p>" for text in paragraphs)
    # columns of 54 mm hold 17 characters of 9 pt to their right edge, as justified ones do
    return f'<div class="flow" style="--columns: 2; column-gap: 10mm">{inner}</div>'


BANDS = document(
    f"<h1>{LONG_TITLE}</h1>{_two_columns(*PARAGRAPHS[:2])}{SOURCE}"
    f"<h2>短标题</h2>{_two_columns(*PARAGRAPHS[2:])}{SOURCE}"
)


def render(html: str, folder: Path) -> bytes:
    """conftest.render_html, but allowed to read the test's picture from ``folder``."""
    (folder / PNG).write_bytes(png_bytes(40, 30))
    job = RenderJob(
        html=html,
        base_dir=folder,
        allowed_roots=[folder],
        display_dir="test",
        identifier=b"proof-pages",
        clreq=False,
    )
    return render_pdf(job).data


@pytest.fixture(scope="session")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Path]:
    """Render each named document once per session."""
    folder = tmp_path_factory.mktemp("proof-pages")
    cache: dict[str, Path] = {}

    def get(name: str) -> Path:
        if name not in cache:
            path = folder / f"{name}.pdf"
            html = BANDS if name == "bands" else DOCUMENTS[name]
            path.write_bytes(render(html, folder))
            cache[name] = path
        return cache[name]

    return get


def faults(report: ProofReport, kind: str) -> list[Fault]:
    return [f for f in report.faults if f.kind == kind]


def test_heading_at_the_foot_of_the_page(pdfs: Callable[[str], Path]) -> None:
    report = proof_pdf(pdfs("stranded-page"))
    found = faults(report, "stranded-heading")
    assert [(f.page, f.message) for f in found] == [
        (1, "the heading “落在页脚的标题” is the last text on the page: its text starts on page 2")
    ]


def test_heading_at_the_foot_of_a_column(pdfs: Callable[[str], Path]) -> None:
    report = proof_pdf(pdfs("stranded-column"))
    found = faults(report, "stranded-heading")
    assert [(f.page, f.message) for f in found] == [
        (
            1,
            "the heading “落在栏底的标题” is the last text in its column: "
            "its text starts in the next column",
        )
    ]


def test_a_bold_paragraph_is_no_heading(pdfs: Callable[[str], Path]) -> None:
    """The last line of a bold paragraph ends short, like a heading, but right under a
    full line of its own style: it is not reported; a bold line under roman text is."""
    report = proof_pdf(pdfs("bold"))
    found = faults(report, "stranded-heading")
    assert [(f.page, f.message) for f in found] == [
        (
            2,
            "the heading “落在页脚的加粗小标题” is the last text on the page: "
            "its text starts on page 3",
        )
    ]


def test_short_toc_leader(pdfs: Callable[[str], Path]) -> None:
    report = proof_pdf(pdfs("leaders"))
    found = faults(report, "toc-leader")
    assert [(f.page, f.message, f.text) for f in found] == [
        (
            1,
            "TOC entry shows a leader of 2 dots before its page number (at least 3)",
            "数字人民币应用场景持续扩大.. 4",
        )
    ]


def test_text_and_picture_outside_the_text_area(pdfs: Callable[[str], Path]) -> None:
    report = proof_pdf(pdfs("outside"))
    found = faults(report, "outside-area")
    assert len(found) == 2, report.format_text()
    text, picture = sorted(found, key=lambda f: f.text.startswith("picture"))
    assert text.text.startswith("伸出版心右边的文字")
    assert (
        text.message.startswith("text reaches ")
        and "past the right edge of the text area" in text.message
    )
    assert picture.message.startswith("picture reaches ")
    assert "past the right edge of the text area" in picture.message
    assert picture.text.startswith("picture 150×20 mm")


def test_text_and_picture_past_the_head_or_foot(pdfs: Callable[[str], Path]) -> None:
    report = proof_pdf(pdfs("vertical"))
    found = [(f.page, f.message.split(" pt ")[1], f.text) for f in faults(report, "outside-area")]
    assert sorted(found) == [
        (1, "past the bottom edge of the text area", "picture 30×15 mm at (55, 188) mm"),
        (1, "past the bottom edge of the text area", "伸进页脚的文字。"),
        (1, "past the top edge of the text area", "伸进页眉的文字。"),
    ], report.format_text()
    assert all(f.message.startswith(("text reaches ", "picture reaches ")) for f in report.faults)
    assert [f for f in report.faults if f.kind != "outside-area"] == []


def test_two_columns_are_read_in_bands(pdfs: Callable[[str], Path]) -> None:
    """A spanning title divides the page: the band under it is read left column, then right
    column; a title shorter than a column, and a source line, span too."""
    layout = analyse(read_pages(pdfs("bands")))
    text = [ln.text for ln in layout.flow()]
    assert text[:2] == ["电子商务动态", LONG_TITLE]
    order = [next(i for i, t in enumerate(text) if t.startswith(p[:8])) for p in PARAGRAPHS]
    assert order == sorted(order)
    assert text[order[1] - 1].endswith("取得明显成效。")  # the left column read to its foot
    assert text[order[2] - 2 : order[2]] == ["来源：测试报", "短标题"]
    spanning = [ln.text for ln in layout.flow() if ln.column < 0]
    assert spanning == ["电子商务动态", LONG_TITLE, "来源：测试报", "短标题"]
    columns = [c for c in layout.pages[0].columns if not c.spans]
    assert [(c.slot, c.slots) for c in columns] == [(0, 2), (1, 2), (0, 2), (1, 2)]
    expected = [
        f"{LONG_TITLE}{PARAGRAPHS[0]}{PARAGRAPHS[1]}来源测试报",
        f"短标题{''.join(PARAGRAPHS[2:])}",
    ]
    report = proof_layout(layout, expected_text=expected)
    assert report.faults == [], report.format_text()
    assert report.stats["justified_lines"] >= 12
    wrong = [expected[0], expected[1].replace("网民规模", "网民数量规模")]
    found = faults(proof_layout(layout, expected_text=wrong), "missing-text")
    assert [(f.page, f.message) for f in found] == [
        (1, "article 2: “数” (U+6570) is missing after “报告指出我国网民”")
    ]


def test_figure_parted_from_its_caption(pdfs: Callable[[str], Path]) -> None:
    report = proof_pdf(pdfs("caption"))
    found = faults(report, "caption-apart")
    assert [(f.page, f.message, f.text) for f in found] == [
        (1, "the figure's caption is parted from it: it opens page 2", "图1　被分开的图注")
    ]


def test_clean_document_has_none_of_these_faults(pdfs: Callable[[str], Path]) -> None:
    report = proof_pdf(pdfs("clean"))
    assert report.pages >= 2
    assert report.faults == [], report.format_text()


def test_books_heading_stranded_by_the_old_main() -> None:
    """The PDF the pipeline printed before the keeps: the proof finds the stranded books
    heading and the TOC number it caused, and nothing else."""
    report = pipeline.proof_pdf(OLD_MAIN / "stranded-heading-main-acc87e7.pdf", OLD_MAIN_ISSUE)
    assert [(f.kind, f.page, f.message) for f in report.faults] == [
        ("toc-page", 1, "TOC gives page 3; the title is printed on page 4"),
        (
            "stranded-heading",
            3,
            "the heading “【悦读电商】” is the last text on the page: its text starts on page 4",
        ),
    ]
    assert report.faults[0].text == "新电商精英系列教程：电商直播"
