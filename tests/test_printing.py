"""Print production, read back from the PDFs: page boxes, marks, padding, variants, bytes."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from conftest import SVG, run_cli, write_issue
from PIL import Image
from typer.testing import CliRunner

from typesetter.cli import app
from typesetter.errors import LayoutError
from typesetter.layouts import load_layout
from typesetter.options import Edition, PrintOptions
from typesetter.printing import (
    CMYK_PROFILE,
    Padder,
    PrintSettings,
    media_bleed_mm,
    resolve,
)

ROOT = Path(__file__).resolve().parent.parent
PT = 72 / 25.4
A4 = (210 * PT, 297 * PT)
BIG16 = (210 * PT, 285 * PT)
ARTICLES = {
    "01-first": {
        "title": "第一篇文章",
        "body": "第一段正文。\n\n## 小标题\n\n第二段正文。\n\n![图一说明](images/a.svg)\n",
    },
    "02-second": {"title": "第二篇文章", "body": "第三段正文。\n\n第四段正文。\n"},
}
#: name → command-line options; each is built once per session.
BUILDS: dict[str, list[str]] = {
    "x4": ["--bleed", "3mm", "--marks", "crop", "--pdf-variant", "pdf/x-4"],
    "a2b": ["--pdf-variant", "pdf/a-2b"],
    "ua1": ["--pdf-variant", "pdf/ua-1"],
    "padded": ["--page-size", "大16开", "--bleed", "3mm", "--pad-to", "4"],
    "screen": ["--edition", "screen"],
}
#: Rebuilt in other processes: PDF/X-4, PDF/UA-1, and PDF/A-2b (the screen edition's).
VARIANT_BUILDS = ["x4", "ua1", "screen"]


def cli(*args: str) -> Any:
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="session")
def issue(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("printing")
    return write_issue(root, articles=ARTICLES, images={"images/a.svg": SVG})


def build_in_processes(issue: Path, names: list[str], folder: Path) -> dict[str, Path]:
    """Build each of ``names`` in a fresh process of its own, two at a time.

    Fresh processes: byte-identical output is promised across processes.
    """
    built = {name: folder / f"{name}.pdf" for name in names}
    for pair in (names[i : i + 2] for i in range(0, len(names), 2)):
        running = [
            subprocess.Popen(
                [sys.executable, "-m", "typesetter", "build", str(issue), "-o", str(built[name])]
                + BUILDS[name],
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in pair
        ]
        for name, process in zip(pair, running, strict=True):
            _, err = process.communicate(timeout=120)
            assert process.returncode == 0, f"{name}: {err}"
    return built


@pytest.fixture(scope="session")
def pdfs(issue: Path) -> dict[str, Path]:
    """Every build of BUILDS, each in a fresh process."""
    return build_in_processes(issue, list(BUILDS), issue.parent)


@pytest.fixture(scope="session")
def opened(pdfs: dict[str, Path]) -> Iterator[Callable[[str], pikepdf.Pdf]]:
    cache: dict[str, pikepdf.Pdf] = {}

    def get(name: str) -> pikepdf.Pdf:
        if name not in cache:
            cache[name] = pikepdf.open(pdfs[name])
        return cache[name]

    yield get
    for pdf in cache.values():
        pdf.close()


def box(page: pikepdf.Page, name: str) -> list[float]:
    return [float(value) for value in page.obj[name]]


def assert_box(actual: list[float], expected: tuple[float, ...]) -> None:
    assert actual == pytest.approx(list(expected), abs=0.01)


def xmp(pdf: pikepdf.Pdf) -> str:
    return bytes(pdf.Root.Metadata.read_bytes()).decode("utf-8")


# Page boxes and marks


def test_boxes_without_bleed(opened: Callable[[str], pikepdf.Pdf]) -> None:
    for page in opened("a2b").pages:
        for name in ("/MediaBox", "/TrimBox", "/BleedBox"):
            assert_box(box(page, name), (0, 0, *A4))


def test_boxes_with_bleed_and_marks(opened: Callable[[str], pikepdf.Pdf]) -> None:
    bleed, media = 3 * PT, 12 * PT  # marks: 3 mm gap + 6 mm of marks outside the bleed
    for page in opened("x4").pages:
        assert_box(box(page, "/TrimBox"), (0, 0, *A4))
        assert_box(box(page, "/BleedBox"), (-bleed, -bleed, A4[0] + bleed, A4[1] + bleed))
        assert_box(box(page, "/MediaBox"), (-media, -media, A4[0] + media, A4[1] + media))


def test_boxes_with_bleed_and_page_size(opened: Callable[[str], pikepdf.Pdf]) -> None:
    bleed = 3 * PT
    for page in opened("padded").pages:
        assert_box(box(page, "/TrimBox"), (0, 0, *BIG16))
        expected = (-bleed, -bleed, BIG16[0] + bleed, BIG16[1] + bleed)
        assert_box(box(page, "/BleedBox"), expected)
        assert_box(box(page, "/MediaBox"), expected)


def dark_outside_bleed(pdf: Path, page: int) -> bool:
    """Anything drawn between the media edge and the bleed box (top and left strips)?"""
    prefix = pdf.with_suffix(f".p{page}")
    subprocess.run(
        ["pdftoppm", "-r", "72", "-gray", "-f", str(page), "-l", str(page), pdf, prefix],
        check=True,
    )
    image_path = next(prefix.parent.glob(f"{prefix.name}*.pgm"))
    with pikepdf.open(pdf) as document:
        page_box = document.pages[page - 1]
        media, bleed = box(page_box, "/MediaBox"), box(page_box, "/BleedBox")
    outside = int(bleed[0] - media[0]) - 1
    with Image.open(image_path) as image:
        pixels = image.load()
        width, height = image.size
        strips = [(x, y) for x in range(outside) for y in range(height)]
        strips += [(x, y) for x in range(width) for y in range(outside)]
        return any(pixels[x, y] < 128 for x, y in strips)


def test_marks_only_when_asked(pdfs: dict[str, Path]) -> None:
    assert dark_outside_bleed(pdfs["x4"], 2)
    with pikepdf.open(pdfs["padded"]) as pdf:  # bleed without marks: no room for any
        page = pdf.pages[1]
        assert box(page, "/MediaBox") == box(page, "/BleedBox")


def test_cover_band_runs_into_the_bleed(pdfs: dict[str, Path]) -> None:
    """The masthead band is painted up to the bleed edge, not the trim edge."""
    prefix = pdfs["x4"].with_suffix(".cover")
    subprocess.run(["pdftoppm", "-r", "72", "-f", "1", "-l", "1", pdfs["x4"], prefix], check=True)
    with Image.open(next(prefix.parent.glob(f"{prefix.name}*.ppm"))) as image:
        margin = 12 * PT  # media edge → trim
        inside_bleed = round(margin - 3 * PT + 2)  # 2 px inside the bleed edge
        red = image.getpixel((inside_bleed, inside_bleed + 40))
        assert red[0] > 120 and red[1] < 80, red


# Padding and page size


def test_pad_to_4(pdfs: dict[str, Path]) -> None:
    import pdfplumber

    with pdfplumber.open(pdfs["padded"]) as pdf:
        texts = [page.extract_text() or "" for page in pdf.pages]
    assert len(texts) == 4
    assert "第四段正文" in texts[1]
    assert texts[2].strip() == ""  # the blank page: no header, no folio
    assert "编辑部地址" in texts[3]  # the back page holds the colophon


def test_padder_settles_on_a_multiple() -> None:
    rendered: list[int] = []
    padder = Padder(4, lambda pads: rendered.append(pads) or "html")
    assert padder(8) is None
    assert padder(5) == "html" and rendered == [2]  # 5 pages of content + 2 + back page
    assert padder(8) is None
    colophon_alone = Padder(4, lambda pads: rendered.append(pads) or "html")
    assert colophon_alone(6) == "html" and rendered[-1] == 1
    # The colophon had a page of its own: 5 + 1 + 1 = 7 pages, so one more blank page.
    assert colophon_alone(7) == "html" and rendered[-1] == 2


# PDF variants


def test_pdfx_output_intent_and_xmp(opened: Callable[[str], pikepdf.Pdf]) -> None:
    pdf = opened("x4")
    (intent,) = pdf.Root.OutputIntents
    assert intent.S == "/GTS_PDFX"
    profile = intent.DestOutputProfile
    assert profile.read_bytes() == CMYK_PROFILE.read_bytes()
    assert int(profile.N) == 4
    meta = xmp(pdf)
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in meta
    assert "<xmp:MetadataDate>2023-09-05T00:00:00+08:00</xmp:MetadataDate>" in meta
    assert pdf.docinfo["/Trapped"] == "/False"
    assert str(pdf.docinfo["/CreationDate"]).startswith("D:20230905")
    for page in pdf.pages:
        assert "/DefaultRGB" in page.Resources.ColorSpace  # DeviceRGB is declared sRGB
        assert "/Annots" not in page.obj  # no annotations on the printed area


def test_pdfa_markers(opened: Callable[[str], pikepdf.Pdf]) -> None:
    for name in ("a2b", "screen"):
        pdf = opened(name)
        meta = xmp(pdf)
        assert 'pdfaid:part="2"' in meta and 'pdfaid:conformance="B"' in meta
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFA1"


def struct_children(node: Any) -> list[Any]:
    kids = node.get("/K")
    if kids is None:
        return []
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [kid for kid in items if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]


def struct_elements(node: Any) -> Iterator[Any]:
    for child in struct_children(node):
        yield child
        yield from struct_elements(child)


def test_pdfua_structure_tree_matches_the_content(opened: Callable[[str], pikepdf.Pdf]) -> None:
    pdf = opened("ua1")
    assert 'pdfuaid:part="1"' in xmp(pdf)
    assert pdf.Root.MarkInfo.Marked is True
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
    everything = list(struct_elements(pdf.Root.StructTreeRoot))
    assert [str(e.S) for e in everything].count("/H1") == 1  # the masthead
    articles = [e for e in everything if e.S == "/Art"]
    assert len(articles) == len(ARTICLES)
    for article, source in zip(articles, ARTICLES.values(), strict=True):
        inside = [str(e.S) for e in struct_elements(article)]
        # the article title comes first: its head (title, byline) is one grouping /Div
        assert next(s for s in inside if s not in ("/Div", "/NonStruct")) == "/H3"
        body = str(source["body"])
        paragraphs = [p for p in body.split("\n\n") if p.strip() and not p.startswith(("#", "!"))]
        # the body's paragraphs, plus the source line after it
        assert inside.count("/P") == len(paragraphs) + 1
        assert inside.count("/H2") == body.count("## ")
        assert inside.count("/Figure") == body.count("![")
    (figure,) = [e for e in everything if e.S == "/Figure"]
    assert str(figure.Alt) == "图一说明"  # the caption, as alternate text


# Reproducibility and structure


def test_every_variant_rebuilds_byte_identical(
    issue: Path, pdfs: dict[str, Path], tmp_path: Path
) -> None:
    again = build_in_processes(issue, VARIANT_BUILDS, tmp_path)
    for name in VARIANT_BUILDS:
        assert again[name].read_bytes() == pdfs[name].read_bytes(), name


@pytest.mark.parametrize("name", list(BUILDS))
def test_qpdf_check_is_clean(name: str, pdfs: dict[str, Path]) -> None:
    result = subprocess.run(["qpdf", "--check", pdfs[name]], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNING" not in result.stdout + result.stderr


def test_screen_edition(opened: Callable[[str], pikepdf.Pdf]) -> None:
    pdf = opened("screen")
    cover = pdf.pages[0]
    assert box(cover, "/MediaBox") == box(cover, "/TrimBox")
    links = [a for a in cover.obj.get("/Annots", []) if a.Subtype == "/Link"]
    assert len(links) >= len(ARTICLES)  # the table of contents is clickable
    (intent,) = pdf.Root.OutputIntents
    assert "sRGB" in str(intent.OutputConditionIdentifier)


# Settings, without rendering


def test_media_bleed_leaves_room_for_marks() -> None:
    assert media_bleed_mm(3, "none") == 3
    assert media_bleed_mm(3, "crop") == 12
    assert media_bleed_mm(0, "both") == 6


def test_screen_edition_settings() -> None:
    options = PrintOptions(edition="screen")
    layout, settings = resolve(load_layout("newsletter", **options.layout_overrides()), options)
    assert (settings.bleed_mm, settings.marks, settings.pad_to) == (0, "none", 1)
    assert settings.pdf_variant == "pdf/a-2b" and settings.optimize_images
    assert not settings.cmyk and not layout.options.margins.mirror
    explicit = PrintOptions(edition="screen", bleed="2mm", pdf_variant="pdf/ua-1")
    _, settings = resolve(load_layout("newsletter", **explicit.layout_overrides()), explicit)
    assert settings.bleed_mm == 2 and settings.pdf_variant == "pdf/ua-1"


def test_default_settings_keep_the_plain_identifier() -> None:
    _, settings = resolve(load_layout("newsletter"))
    assert settings == PrintSettings() and settings.is_default
    assert settings.identifier(b"abc") == b"abc"
    assert settings.weasyprint_options() == {} and settings.stylesheets() == []
    x4 = PrintSettings(pdf_variant="pdf/x-4")
    assert x4.identifier(b"abc") != b"abc" and x4.cmyk


def test_unknown_variant_is_a_layout_error() -> None:
    with pytest.raises(LayoutError, match="unknown PDF variant"):
        resolve(load_layout("newsletter"), PrintOptions(pdf_variant="pdf/z-9"))
    result = cli("build", "nowhere", "--pdf-variant", "pdf/z-9")
    assert result.exit_code == 2


def test_check_reports_the_layout_options(issue: Path) -> None:
    result = cli(
        "check", str(issue), "--page-size", "大16开", "--bleed", "3mm", "--marks", "both",
        "--pdf-variant", "pdf/x-4", "--pad-to", "4",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "layout: newsletter, 大16开 210×285 mm" in out
    assert "bleed 3 mm, marks both, pages padded to a multiple of 4" in out
    assert f"output: print edition, PDF/X-4, CMYK output intent {CMYK_PROFILE.name}" in out
    assert re.search(r"ok — 1 sections, 2 articles, \d+ warnings?", out)


def tall_png() -> bytes:
    """A picture 170 mm wide when fitted to the column, and 425 mm tall."""
    import io

    data = io.BytesIO()
    Image.new("L", (2400, 6000), 40).save(data, "PNG")
    return data.getvalue()


def test_overflow_warns_naming_article_and_page(make_issue: Callable[..., Path]) -> None:
    """Text wraps anywhere (newsletter.css), even in code; a table of 60 columns cannot. A
    picture taller than the page is scaled down to fit (it never sticks out)."""
    table = "| " + " | ".join(f"c{i}" for i in range(60)) + " |\n"
    table += "|" + "---|" * 60 + "\n" + "| " + " | ".join("9" * 4 for _ in range(60)) + " |\n"
    folder = make_issue(
        articles={
            "01": {"title": "正常", "body": "正文。\n"},
            "02": {"title": "宽表", "body": f"正文。\n\n{table}"},
            "03": {"title": "高图", "body": "![高](images/tall.png)\n"},
        },
        images={"images/tall.png": tall_png()},
    )
    result = run_cli("check", str(folder), "--pages")
    assert result.returncode == 0, result.stderr
    err = result.stderr
    assert re.search(
        re.escape(f"{folder}/articles/02.md: warning: page 2: a table sticks out of the column by ")
        + r"\d+\.\d mm",
        err,
    ), err
    assert "articles/01.md" not in err
    assert "articles/03.md" not in err and "tall.png" not in err, err
    # a header cell too close to the trim (tables wrap words, not characters: 'c18' whole)
    assert re.search(re.escape(f"{folder}: warning: page 2: the text '") + r"c\d*' is ", err)


def test_margins_mirror_in_print_not_on_screen(issue: Path) -> None:
    from typesetter.html import render_html
    from typesetter.pipeline import check_issue

    def left_page_margins(edition: str) -> str:
        checked = check_issue(issue, printing=PrintOptions(edition=Edition(edition)))
        html = render_html(checked.issue, checked.layout)
        rule = html[html.index("@page :left {") :]
        return rule[: rule.index("@bottom-left")]

    # 22/18 mm widened to hold 45 characters of 10.5 pt (layout.yaml chars_per_line)
    inner, outer = "23.8209mm", "19.4898mm"
    assert f"margin-left: {outer};\n  margin-right: {inner};" in left_page_margins("print")
    assert f"margin-left: {inner};\n  margin-right: {outer};" in left_page_margins("screen")


def _press_layout(tmp_path: Path, profile: bytes, name: str = "printer.icc") -> Path:
    from typesetter.resources import LAYOUTS_DIR

    root = tmp_path / "layouts"
    shutil.copytree(LAYOUTS_DIR / "newsletter", root / "press")
    (root / "press" / name).write_bytes(profile)
    options = (root / "press" / "layout.yaml").read_text(encoding="utf-8")
    (root / "press" / "layout.yaml").write_text(f"{options}cmyk_profile: {name}\n", "utf-8")
    return root


def test_a_layout_names_the_printers_cmyk_profile(tmp_path: Path) -> None:
    from typesetter.layouts import load_layout
    from typesetter.printing import CMYK_PROFILE, resolve

    root = _press_layout(tmp_path, CMYK_PROFILE.read_bytes())
    _, settings = resolve(load_layout("press", root=root), PrintOptions(pdf_variant="pdf/x-4"))
    assert settings.cmyk_profile == (root / "press" / "printer.icc").resolve()
    assert settings.stylesheets() == [
        "@color-profile device-cmyk { src: url("
        f'"{settings.cmyk_profile.as_uri()}"); components: c, m, y, k; }}'
    ]


def test_a_cmyk_profile_that_is_not_one_is_an_error(tmp_path: Path) -> None:
    from typesetter.errors import LayoutError
    from typesetter.layouts import load_layout
    from typesetter.printing import resolve

    root = _press_layout(tmp_path, b"not a profile at all" * 4)
    with pytest.raises(LayoutError, match=re.escape("'printer.icc' is not a CMYK ICC profile")):
        resolve(load_layout("press", root=root), PrintOptions(pdf_variant="pdf/x-4"))
