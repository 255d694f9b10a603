"""The proof's outside-area check and a designer's full-bleed cover picture: a picture that
runs to (or past) the trim edge on a cover (a page without the running head the other pages
have) is not a fault; the same picture on a page with the running head is, and so is text
past the text area on the cover.

The document is rendered with plain WeasyPrint, as in test_proof_pages.py (whose page CSS,
text and picture it borrows).
"""

from __future__ import annotations

import pytest
from test_proof_pages import CSS, FULL, HAN, PNG, render

from typesetter.proof import Fault, proof_pdf

#: Page 1 has no running head: a cover.
COVER_CSS = CSS + "@page :first { @top-center { content: none } }"
#: A picture across the page, from trim edge to trim edge (A5, 15 mm side margins).
BLEED = f'<figure style="margin: 2mm -15mm"><img src="{PNG}" style="width: 148mm; height: 30mm">'


def _document(body: str) -> str:
    return (
        f'<html lang="zh-CN"><head><meta charset="utf-8"><style>{COVER_CSS}</style></head>'
        f'<body><div class="flow">{body}</div></body></html>'
    )


@pytest.fixture(scope="module")
def outside(tmp_path_factory: pytest.TempPathFactory) -> list[Fault]:
    """Page 1, the cover: a picture bleeding off both sides and a line past the right edge
    of the text area. Pages 2 and 3 carry the running head; page 3 the same picture."""
    folder = tmp_path_factory.mktemp("cover-bleed")
    html = _document(
        f"<h1>封面</h1>{BLEED}</figure>{FULL}"
        '<p style="margin-right: -20mm">伸出版心右边的文字，这一行比栏宽二十毫米，'
        "一直伸到页边距里面去，封面上也是错。</p>"
        f'{FULL * 2}<p class="new-page">{(HAN * 3)[:107]}。</p>{FULL * 4}'
        f'<p class="new-page">{(HAN * 3)[:107]}。</p>{FULL}{BLEED}</figure>{FULL * 2}'
    )
    pdf = folder / "cover-bleed.pdf"
    pdf.write_bytes(render(html, folder))
    report = proof_pdf(pdf)
    return [f for f in report.faults if f.kind == "outside-area"]


def test_a_cover_picture_bleeding_off_the_trim_is_not_a_fault(outside: list[Fault]) -> None:
    assert [f for f in outside if f.page == 1 and f.text.startswith("picture")] == [], outside


def test_the_same_picture_under_a_running_head_is(outside: list[Fault]) -> None:
    assert [(f.page, f.message, f.text) for f in outside if f.page == 3] == [
        (
            3,
            "picture reaches 44.0 pt past the right edge of the text area",
            "picture 148×30 mm at (0, 50) mm",
        )
    ]


def test_text_on_the_cover_past_the_text_area_still_is(outside: list[Fault]) -> None:
    assert [(f.page, f.message, f.text) for f in outside if f.page == 1] == [
        (
            1,
            "text reaches 36.0 pt past the right edge of the text area",
            "伸出版心右边的文字，这一行比栏宽二十毫米，一直伸到页边距里面去，封面上也是错。",
        )
    ]
