"""The proof sees faults of the page: a heading stranded at a column's or page's foot, a TOC
number that is not the page of its title, a TOC leader of fewer than three dots, text or a
picture outside its column or the text area, a figure parted from its caption.

Each fault is planted in a small document rendered with plain WeasyPrint (as in
test_proof_pdf.py); a clean document of the same kinds of blocks has none of them.

“Built from main”: the layout is being changed to keep headings with their text, so the
old fault (issue 12: a books section whose heading 【悦读电商】 is set alone at the foot of a
page, its first book on the next page, and the TOC giving the heading's page) is
reproduced by a hand-written document in the newsletter's styles (BOOKS below): a TOC
page, the section heading at the foot of page 2, the book on page 3, and a TOC number of 2.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import png_bytes

from typesetter.proof import Fault, ProofReport, proof_layout, proof_pdf
from typesetter.proof.issue import read_toc
from typesetter.proof.layout import analyse
from typesetter.proof.pdfchars import read_pages
from typesetter.weasy import RenderJob, render_pdf

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

BOOKS = document(
    '<div class="toc"><h1>目录</h1>'
    '<div class="e"><span>国务院促进数字技术与实体经济深度融合……………</span><span>2</span></div>'
    '<div class="e"><span>新电商精英系列教程：电商直播……………</span><span>2</span></div></div>'
    f'<h1 class="new-page">国务院促进数字技术与实体经济深度融合</h1>{FULL * 8}'
    "<h1>【悦读电商】</h1>"
    '<h2 class="new-page">新电商精英系列教程：电商直播</h2>'
    f"{FULL * 3}"
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
            html = BOOKS if name == "books" else DOCUMENTS[name]
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


def test_books_section_heading_left_behind(pdfs: Callable[[str], Path]) -> None:
    """The old fault of a books section: its heading alone at the page foot, the TOC giving
    the heading's page for the first book."""
    layout = analyse(read_pages(pdfs("books")))
    toc, unlisted = read_toc(
        layout, ["国务院促进数字技术与实体经济深度融合", "新电商精英系列教程：电商直播"]
    )
    assert unlisted == []
    report = proof_layout(layout, toc=toc)
    stranded = faults(report, "stranded-heading")
    assert [(f.page, f.message) for f in stranded] == [
        (2, "the heading “【悦读电商】” is the last text on the page: its text starts on page 3")
    ]
    assert [(f.page, f.message, f.text) for f in faults(report, "toc-page")] == [
        (1, "TOC gives page 2; the title is printed on page 3", "新电商精英系列教程：电商直播")
    ]
