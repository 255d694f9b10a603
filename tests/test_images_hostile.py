"""Careless and hostile pictures (issue 11): each is an error at the article line that
names it, with the reason, from ``check`` as from ``build``; nothing is written.

Every bad file is made here: JPEGs cut short that still end with their end marker, PNGs
whose zlib stream is well formed but short, pictures named for another type, pictures an
SVG draws (files and ``data:`` URIs), decompression bombs, SVGs too deep, too large,
declaring entities or drawing themselves. One issue holds them all, one article each;
``check`` and ``build`` run once on it.
"""

from __future__ import annotations

import base64
import io
import shutil
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from conftest import run_cli, write_issue
from PIL import Image

from typesetter.errors import ContentError, LayoutError, RenderError
from typesetter.images import BadPicture, check_raster

OLD_PDF = b"%PDF-1.7\n% an earlier, good PDF\n"
DAMAGED = "(the file is truncated or damaged: export it again)"
SIMPLIFY = "(simplify the drawing: ungroup, use fewer copies, or export it again)"
TOO_BIG = (
    "more than the limit of 100 megapixels (scale it down: a full A4 page at 300 ppi is "
    "8.7 megapixels; or raise max_megapixels in the layout)"
)
JPEG_CUT = f"is incomplete: its compressed data ends before the picture does {DAMAGED}"
HALF_ROWS = f"is incomplete: its pixel data ends after 32 of 64 rows {DAMAGED}"


# --- pictures --------------------------------------------------------------------------------


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_file(
    width: int, height: int, stream: bytes, *, colour: int = 2, interlace: int = 0
) -> bytes:
    """A PNG, every chunk intact, around the zlib ``stream`` given as its pixel data."""
    header = struct.pack(">IIBBBBB", width, height, 8, colour, 0, 0, interlace)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", stream) + chunk(b"IEND", b"")
    )


def photo(width: int = 96, height: int = 64, mode: str = "RGB") -> Image.Image:
    """A picture with detail everywhere (a cut in it shows)."""
    detail = Image.effect_mandelbrot((width, height), (-2.2, -1.2, 1.0, 1.2), 60)
    ramp = Image.linear_gradient("L").resize((width, height))
    return Image.merge("RGB", (detail, ramp, ramp.transpose(Image.Transpose.ROTATE_180))).convert(
        mode
    )


def png(width: int = 64, height: int = 48) -> bytes:
    data = io.BytesIO()
    photo(width, height).save(data, "PNG")
    return data.getvalue()


def short_png(rows: int = 32, width: int = 64, height: int = 64) -> bytes:
    """A 64×64 RGB PNG whose zlib stream is well formed but holds only ``rows`` rows."""
    raw = photo(width, height).tobytes()
    stride = width * 3
    lines = b"".join(b"\x00" + raw[y * stride : (y + 1) * stride] for y in range(rows))
    return png_file(width, height, zlib.compress(lines))


def jpeg(image: Image.Image | None = None, **options: Any) -> bytes:
    data = io.BytesIO()
    (image or photo()).save(data, "JPEG", quality=90, **options)
    return data.getvalue()


def cut_in_half(data: bytes) -> bytes:
    """Half a JPEG, then its end marker, as a careless copy leaves it."""
    return data[: len(data) // 2] + b"\xff\xd9"


def without_last_scan(data: bytes) -> bytes:
    """A progressive JPEG cut just before its last scan: every scan left is whole."""
    return data[: data.rindex(b"\xff\xda")] + b"\xff\xd9"


def cut_before_last_restart(data: bytes) -> bytes:
    """A JPEG with restart markers cut just before its last one: whole intervals missing."""
    last = max(
        data.rindex(bytes([0xFF, code]))
        for code in range(0xD0, 0xD8)
        if bytes([0xFF, code]) in data
    )
    return data[:last] + b"\xff\xd9"


def zeros_zlib(size: int) -> bytes:
    """A zlib stream of ``size`` (> 259) zero bytes, written directly, in milliseconds:
    deflate with its fixed codes, one literal 0, then copies of 258 bytes from 1 back."""

    class Bits:
        def __init__(self, value: int = 0, count: int = 0) -> None:
            self.value, self.count = value, count

        def code(self, code: int, length: int) -> Bits:  # a Huffman code, first bit first
            for shift in reversed(range(length)):
                self.value |= ((code >> shift) & 1) << self.count
                self.count += 1
            return self

        def copy(self) -> Bits:  # length 258 (code 285), distance 1 (code 0): 13 bits
            return self.code(0b11000101, 8).code(0, 5)

        def data(self) -> bytes:
            return self.value.to_bytes((self.count + 7) // 8, "little")

    head = Bits(0b011, 3).code(0b00110000, 8).copy()  # last block, fixed codes; 24 bits
    eight = Bits()
    for _ in range(8):
        eight.copy()  # 104 bits: 13 whole bytes, repeated
    repeats, left = divmod(size - 1 - 258, 8 * 258)
    tail = Bits()
    for _ in range(left // 258):
        tail.copy()
    for _ in range(left % 258):
        tail.code(0b00110000, 8)
    tail.code(0, 7)  # end of block
    adler = ((size % 65521) << 16) | 1
    return (
        b"\x78\x01" + head.data() + eight.data() * repeats + tail.data() + adler.to_bytes(4, "big")
    )


def bomb(width: int, height: int) -> bytes:
    """A greyscale PNG of ``width``×``height`` zero pixels: some 6.3 bytes per megapixel."""
    return png_file(width, height, zeros_zlib(height * (width + 1)), colour=0)


def svg(body: str, head: str = "") -> bytes:
    return (
        f'{head}<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
        f' width="120" height="80">{body}</svg>'
    ).encode()


def svg_levels(levels: int) -> bytes:
    """An SVG whose elements nest ``levels`` deep: the root, groups, a rectangle."""
    groups = levels - 2
    return svg("<g>" * groups + '<rect width="10" height="10"/>' + "</g>" * groups)


def draws(href: str) -> bytes:
    return svg(f'<image href="{href}" width="120" height="80"/>')


def use_copies(levels: int, copies: int) -> bytes:
    """``copies`` ** ``levels`` rectangles to draw, in a file of a few hundred bytes."""
    defs = '<g id="g0"><rect width="1" height="1"/></g>'
    for level in range(1, levels + 1):
        defs += f'<g id="g{level}">' + f'<use href="#g{level - 1}"/>' * copies + "</g>"
    return svg(f'<defs>{defs}</defs><use href="#g{levels}"/>')


def data_uri(picture: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(picture).decode()


ENTITIES = (
    '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
    '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
)


def gif() -> bytes:
    data = io.BytesIO()
    photo(16, 16).save(data, "GIF")
    return data.getvalue()


# --- the table ---------------------------------------------------------------------------------


class Row(NamedTuple):
    name: str
    #: The Markdown line that names the picture (line 7 of the article), or a front-matter
    #: ``image:`` (line 3).
    ref: str
    files: dict[str, bytes]
    #: The message after ``articles/NN.md:LINE: ``; ``{D}`` is the issue folder.
    message: str
    front_matter: bool = False


ROWS = [
    Row(
        "jpeg-cut-in-half-end-marker-kept",
        "images/r01.jpg",
        {"images/r01.jpg": cut_in_half(jpeg())},
        f"image 'images/r01.jpg' ({{D}}/images/r01.jpg) {JPEG_CUT}",
    ),
    Row(
        "progressive-jpeg-cut-in-half",
        "images/r02.jpg",
        {"images/r02.jpg": cut_in_half(jpeg(progressive=True))},
        f"image 'images/r02.jpg' ({{D}}/images/r02.jpg) {JPEG_CUT}",
    ),
    Row(
        "progressive-jpeg-without-its-last-scan",
        "images/r03.jpg",
        {"images/r03.jpg": without_last_scan(jpeg(progressive=True))},
        f"image 'images/r03.jpg' ({{D}}/images/r03.jpg) {JPEG_CUT}",
    ),
    Row(
        "jpeg-cut-between-restart-intervals",
        "images/r04.jpg",
        {"images/r04.jpg": cut_before_last_restart(jpeg(restart_marker_blocks=4))},
        f"image 'images/r04.jpg' ({{D}}/images/r04.jpg) {JPEG_CUT}",
    ),
    Row(
        "png-short-zlib-stream",
        "images/r05.png",
        {"images/r05.png": short_png()},
        f"image 'images/r05.png' ({{D}}/images/r05.png) {HALF_ROWS}",
    ),
    Row(
        "png-named-dat",
        "images/r06.dat",
        {"images/r06.dat": short_png()},
        f"image 'images/r06.dat' ({{D}}/images/r06.dat) {HALF_ROWS}",
    ),
    Row(
        "png-named-svg",
        "images/r07.svg",
        {"images/r07.svg": short_png()},
        f"image 'images/r07.svg' ({{D}}/images/r07.svg) {HALF_ROWS}",
    ),
    Row(
        "ampersand-in-the-name",
        "images/r08&b.png",
        {"images/r08&b.png": short_png()},
        f"image 'images/r08&b.png' ({{D}}/images/r08&b.png) {HALF_ROWS}",
    ),
    Row(
        "interlaced-png-short",
        "images/r09.png",
        {"images/r09.png": png_file(64, 64, zlib.compress(bytes(6204)), interlace=1)},
        f"image 'images/r09.png' ({{D}}/images/r09.png) is incomplete: its pixel data ends at "
        f"50% of the picture {DAMAGED}",
    ),
    Row(
        "named-with-a-fragment",
        "images/r10.png#top",
        {"images/r10.png": short_png()},
        f"image 'images/r10.png#top' ({{D}}/images/r10.png) {HALF_ROWS}",
    ),
    Row(
        "front-matter-image",
        "images/r11.png",
        {"images/r11.png": short_png()},
        f"image 'images/r11.png' ({{D}}/images/r11.png) {HALF_ROWS}",
        front_matter=True,
    ),
    Row(
        "svg-draws-a-short-png",
        "images/r12.svg",
        {"images/r12.svg": draws("r12b.png"), "images/r12b.png": short_png()},
        f"image 'images/r12.svg' ({{D}}/images/r12.svg) draws 'r12b.png' ({{D}}/images/r12b.png),"
        f" which {HALF_ROWS}",
    ),
    Row(
        "svg-draws-a-cut-jpeg-relative-to-itself",
        "images/sub/r13.svg",
        {"images/sub/r13.svg": draws("../r13b.jpg"), "images/r13b.jpg": cut_in_half(jpeg())},
        f"image 'images/sub/r13.svg' ({{D}}/images/sub/r13.svg) draws '../r13b.jpg' "
        f"({{D}}/images/r13b.jpg), which {JPEG_CUT}",
    ),
    Row(
        "svg-draws-a-short-png-data-uri",
        "images/r14.svg",
        {"images/r14.svg": draws(data_uri(short_png()))},
        f"image 'images/r14.svg' ({{D}}/images/r14.svg) draws 'data:image/png;base64,iVBORw0KGg…',"
        f" which {HALF_ROWS}",
    ),
    Row(
        "svg-embeds-a-good-data-uri",
        "images/r15.svg",
        {"images/r15.svg": draws(data_uri(png()))},
        "image 'images/r15.svg' ({D}/images/r15.svg) embeds a picture as a data: URI "
        "('data:image/png;base64,iVBORw0KGg…'), which is never used (save that picture as a "
        'file in the issue folder and link it by its name: <image href="picture.png" …/>)',
    ),
    Row(
        "png-bomb-named-svg",
        "images/r16.svg",
        {"images/r16.svg": bomb(20000, 20000)},
        f"image 'images/r16.svg' ({{D}}/images/r16.svg) is 20000×20000 px (400 megapixels), "
        f"{TOO_BIG}",
    ),
    Row(
        "png-12000-squared",
        "images/r17.png",
        {"images/r17.png": bomb(12000, 12000)},
        f"image 'images/r17.png' ({{D}}/images/r17.png) is 12000×12000 px (144 megapixels), "
        f"{TOO_BIG}",
    ),
    Row(
        "png-50000-squared",
        "images/r18.png",
        {"images/r18.png": png_file(50000, 50000, zeros_zlib(50001 * 8), colour=0)},
        f"image 'images/r18.png' ({{D}}/images/r18.png) is 50000×50000 px (2500 megapixels), "
        f"{TOO_BIG}",
    ),
    Row(
        "svg-draws-a-bomb",
        "images/r19.svg",
        {"images/r19.svg": draws("r19b.png"), "images/r19b.png": bomb(20000, 20000)},
        f"image 'images/r19.svg' ({{D}}/images/r19.svg) draws 'r19b.png' ({{D}}/images/r19b.png)"
        f", which is 20000×20000 px (400 megapixels), {TOO_BIG}",
    ),
    Row(
        "svg-20000-nested-groups",
        "images/r20.svg",
        {"images/r20.svg": svg_levels(20002)},
        f"image 'images/r20.svg' ({{D}}/images/r20.svg) nests its elements more than 200 levels "
        f"deep {SIMPLIFY}",
    ),
    Row(
        "svg-201-levels",
        "images/r21.svg",
        {"images/r21.svg": svg_levels(201)},
        f"image 'images/r21.svg' ({{D}}/images/r21.svg) nests its elements more than 200 levels "
        f"deep {SIMPLIFY}",
    ),
    Row(
        "svg-draws-an-svg-with-entities",
        "images/r22.svg",
        {
            "images/r22.svg": draws("r22b.svg"),
            "images/r22b.svg": svg("<text>&b;</text>", ENTITIES),
        },
        "image 'images/r22.svg' ({D}/images/r22.svg) draws 'r22b.svg' ({D}/images/r22b.svg), "
        "which declares XML entities (remove the <!ENTITY> declarations)",
    ),
    Row(
        "svg-use-copies-bomb",
        "images/r23.svg",
        {"images/r23.svg": use_copies(6, 10)},
        "image 'images/r23.svg' ({D}/images/r23.svg) has more than 100000 elements to draw, "
        f"counting its <use> copies and the SVGs it draws {SIMPLIFY}",
    ),
    Row(
        "svg-draws-itself",
        "images/r24.svg",
        {"images/r24.svg": draws("r24.svg")},
        "image 'images/r24.svg' ({D}/images/r24.svg) draws 'r24.svg' ({D}/images/r24.svg), "
        "which is already being drawn: the SVGs draw each other in a loop (an SVG cannot draw "
        "itself)",
    ),
    Row(
        "svg-use-copies-its-own-group",
        "images/r25.svg",
        {"images/r25.svg": svg('<g id="g"><rect width="1" height="1"/><use href="#g"/></g>')},
        "image 'images/r25.svg' ({D}/images/r25.svg) draws a <g> inside itself through <use> "
        "(a <use> must not copy an element that holds it)",
    ),
    Row(
        "svg-draws-a-missing-file",
        "images/r26.svg",
        {"images/r26.svg": draws("r26b.png")},
        "image 'images/r26.svg' ({D}/images/r26.svg) draws 'r26b.png', which is not found "
        "(no file {D}/images/r26b.png)",
    ),
    Row(
        "svg-draws-outside-the-issue",
        "images/r27.svg",
        {"images/r27.svg": draws("../../../outside.png")},
        "image 'images/r27.svg' ({D}/images/r27.svg) draws '../../../outside.png', which is "
        "outside the issue folder (paths must stay inside it)",
    ),
    Row(
        "svg-draws-etc-passwd",
        "images/r28.svg",
        {"images/r28.svg": draws("file:///etc/passwd")},
        "image 'images/r28.svg' ({D}/images/r28.svg) draws 'file:///etc/passwd', which is "
        "outside the issue folder (paths must stay inside it)",
    ),
    Row(
        "svg-draws-a-url",
        "images/r29.svg",
        {"images/r29.svg": draws("https://example.com/a.png")},
        "image 'images/r29.svg' ({D}/images/r29.svg) draws 'https://example.com/a.png', which "
        "is a URL (URLs are never fetched: put the picture in the issue folder and link it by "
        "a path relative to the SVG)",
    ),
    Row(
        "svg-draws-a-gif",
        "images/r30.svg",
        {"images/r30.svg": draws("r30b.gif"), "images/r30b.gif": gif()},
        "image 'images/r30.svg' ({D}/images/r30.svg) draws 'r30b.gif' ({D}/images/r30b.gif), "
        "which is not a PNG, JPEG or SVG file (convert it to PNG or JPEG)",
    ),
    Row(
        "svg-image-without-href",
        "images/r31.svg",
        {"images/r31.svg": svg('<image width="10" height="10"/>')},
        "image 'images/r31.svg' ({D}/images/r31.svg) has an <image> that names no picture "
        "(give it an href, or delete it)",
    ),
    Row(
        "five-svgs-one-inside-another",
        "images/r32a.svg",
        {
            "images/r32a.svg": draws("r32b.svg"),
            "images/r32b.svg": draws("r32c.svg"),
            "images/r32c.svg": draws("r32d.svg"),
            "images/r32d.svg": draws("r32e.svg"),
            "images/r32e.svg": svg('<rect width="1" height="1"/>'),
        },
        "image 'images/r32a.svg' ({D}/images/r32a.svg) draws 'r32b.svg' ({D}/images/r32b.svg), "
        "which draws 'r32c.svg' ({D}/images/r32c.svg), which draws 'r32d.svg' "
        "({D}/images/r32d.svg), which draws 'r32e.svg' ({D}/images/r32e.svg), which is an SVG "
        f"drawn inside 4 others (at most 4 may be drawn one inside another) {SIMPLIFY}",
    ),
]


def article(number: int, row: Row) -> tuple[str, dict[str, Any], int]:
    """The article of ``row``: its name, its content, and the line that names the picture."""
    if row.front_matter:
        return f"{number:02d}", {"title": "封面", "image": row.ref, "body": "正文。\n"}, 3
    return f"{number:02d}", {"title": "图片", "body": f"正文。\n\n![图]({row.ref})\n"}, 7


def expected_lines(folder: Path) -> dict[str, str]:
    lines = {}
    for number, row in enumerate(ROWS, 1):
        name, _, line = article(number, row)
        message = row.message.replace("{D}", str(folder))
        lines[row.name] = f"{folder}/articles/{name}.md:{line}: {message}"
    return lines


def listing(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


class Runs(NamedTuple):
    folder: Path
    check: Any
    build: Any
    out_dir: Path
    issue_before: dict[str, bytes]
    issue_after: dict[str, bytes]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """The hostile issue, checked and built once (the build over an earlier PDF)."""
    root = tmp_path_factory.mktemp("hostile")
    articles, images = {}, {}
    for number, row in enumerate(ROWS, 1):
        name, content, _ = article(number, row)
        articles[name] = content
        images.update(row.files)
    folder = write_issue(root, articles=articles, images=images)
    before = listing(folder)
    out_dir = root / "out"
    out_dir.mkdir()
    (out_dir / "issue.pdf").write_bytes(OLD_PDF)
    check = run_cli("check", str(folder))
    build = run_cli("build", str(folder), "-o", str(out_dir / "issue.pdf"))
    return Runs(folder, check, build, out_dir, before, listing(folder))


@pytest.mark.parametrize("row", ROWS, ids=[row.name for row in ROWS])
def test_each_picture_is_an_error_at_its_line(runs: Runs, row: Row) -> None:
    line = expected_lines(runs.folder)[row.name]
    assert line in runs.check.stderr.splitlines(), runs.check.stderr
    assert line in runs.build.stderr.splitlines(), runs.build.stderr


def test_check_and_build_report_exactly_these_and_write_nothing(runs: Runs) -> None:
    expected = sorted(expected_lines(runs.folder).values())
    summary = f"{len(ROWS)} errors; nothing was written."
    for result in (runs.check, runs.build):
        assert result.returncode == 1
        assert result.stderr.splitlines() == [*expected, summary]
        assert "Traceback" not in result.stdout + result.stderr
        assert "Warning" not in result.stderr  # no raw DecompressionBombWarning
    assert listing(runs.out_dir) == {"issue.pdf": OLD_PDF}  # untouched, no temporary file
    assert runs.issue_after == runs.issue_before


# --- good pictures print -------------------------------------------------------------------------


def test_good_pictures_of_every_kind_build(make_issue: Callable[..., Path], tmp_path: Path) -> None:
    """Type by content, comments before <svg>, pictures SVGs draw, and each limit reached
    but not passed: all pass ``check`` and print."""
    comment = '<?xml version="1.0"?>\n<!--' + "x" * 5000 + "-->\n"
    doctype = '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'
    pictures = {
        "images/commented.svg": svg('<rect width="10" height="10"/>', comment + doctype),
        "images/sub/draws.svg": svg(
            '<image href="../photo.png" width="60" height="40"/>'
            '<image xlink:href="../progressive.jpg" x="60" width="60" height="40"/>'
        ),
        "images/photo.png": png(),
        "images/progressive.jpg": jpeg(progressive=True),
        "images/restarts.jpg": jpeg(restart_marker_blocks=4),
        "images/cmyk.jpg": jpeg(photo(mode="CMYK")),
        "images/a png.dat": png(),
        "images/a&b.png": png(),
        "images/deep.svg": svg_levels(200),
        "images/copies.svg": use_copies(3, 10),
        "images/nest1.svg": draws("nest2.svg"),
        "images/nest2.svg": draws("nest3.svg"),
        "images/nest3.svg": draws("nest4.svg"),
        "images/nest4.svg": draws("photo.png"),
        "images/cover.jpg": jpeg(),
    }
    body = "".join(
        f"![图](<{name}>)\n\n"
        for name in pictures
        if name not in ("images/nest2.svg", "images/nest3.svg", "images/nest4.svg")
    )
    folder = make_issue(
        articles={"01": {"title": "图片", "image": "images/cover.jpg", "body": body}},
        images=pictures,
    )
    check = run_cli("check", str(folder))
    assert check.returncode == 0, check.stderr
    for shown, described in [
        ("photo.png", "PNG 64×48 px, RGB, no ICC profile"),
        ("progressive.jpg", "JPEG 96×64 px, RGB, no ICC profile"),
        ("cmyk.jpg", "JPEG 96×64 px, CMYK, no ICC profile"),
        ("a png.dat", "PNG 64×48 px, RGB, no ICC profile"),
    ]:
        assert f"image {folder}/images/{shown}: {described}" in check.stdout
    out = tmp_path / "good.pdf"
    build = run_cli("build", str(folder), "-o", str(out), "--edition", "screen")
    assert build.returncode == 0, build.stderr
    assert "error" not in build.stderr.lower().replace("0 errors", "")
    assert out.read_bytes().startswith(b"%PDF-")


# --- the checks themselves, on many cuts -------------------------------------------------------


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"subsampling": 2},
        {"progressive": True},
        {"restart_marker_blocks": 3},
        {"progressive": True, "restart_marker_blocks": 2},
        {"grey": True},
    ],
    ids=["baseline", "4:2:0", "progressive", "restarts", "progressive-restarts", "greyscale"],
)
def test_a_jpeg_cut_anywhere_is_caught(options: dict[str, Any]) -> None:
    """Cut at every 5th byte past the first scan header, with and without an end marker:
    either an error, or (the last bytes of padding cut) the very same pixels."""
    image = photo(61, 45, "L" if options.pop("grey", False) else "RGB")
    data = jpeg(image, **options)
    whole = Image.open(io.BytesIO(data)).tobytes()
    check_raster(data, "JPEG", 100)
    caught = 0
    for cut in range(data.index(b"\xff\xda") + 12, len(data) - 2, 5):
        for damaged in (data[:cut] + b"\xff\xd9", data[:cut]):
            try:
                check_raster(damaged, "JPEG", 100)
            except BadPicture:
                caught += 1
            else:
                assert Image.open(io.BytesIO(damaged)).tobytes() == whole, cut
    assert caught > 0


@pytest.mark.parametrize("rows", [0, 1, 31, 63])
def test_a_png_stream_short_by_any_row_is_caught(rows: int) -> None:
    with pytest.raises(
        BadPicture, match=f"^is incomplete: its pixel data ends after {rows} of 64 rows$"
    ):
        check_raster(short_png(rows), "PNG", 100)
    check_raster(short_png(64), "PNG", 100)


def test_zeros_zlib_is_a_real_zlib_stream() -> None:
    for size in (260, 2323, 123_457):
        assert zlib.decompress(zeros_zlib(size)) == bytes(size)


# --- the limit is the layout's -----------------------------------------------------------------


def test_a_layout_sets_the_pixel_limit(make_issue: Callable[..., Path]) -> None:
    from typesetter.pipeline import check_issue

    folder = make_issue(
        articles={"01": {"title": "图片", "body": "正文。\n\n![图](images/a.png)\n"}},
        images={"images/a.png": bomb(1001, 1000)},
    )
    with pytest.raises(ContentError) as error:
        check_issue(folder, display_dir="t", max_megapixels=1)
    assert [str(problem) for problem in error.value.problems] == [
        "t/articles/01.md:7: image 'images/a.png' (t/images/a.png) is 1001×1000 px "
        "(1.001 megapixels), more than the limit of 1 megapixels (scale it down: a full A4 "
        "page at 300 ppi is 8.7 megapixels; or raise max_megapixels in the layout)"
    ]
    checked = check_issue(folder, display_dir="t", max_megapixels=1.01)
    assert [image.shown for image in checked.images] == ["t/images/a.png"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("0", "must be more than 0 and at most 1000, not 0"),
        ("1001", "must be more than 0 and at most 1000, not 1001"),
        ("-5", "must be more than 0 and at most 1000, not -5"),
        ("lots", "must be a number of megapixels, e.g. 100, not 'lots'"),
        ("true", "must be a number of megapixels, e.g. 100, not True"),
    ],
)
def test_layout_yaml_max_megapixels_is_validated(tmp_path: Path, value: str, message: str) -> None:
    from typesetter.layouts import load_layout
    from typesetter.resources import LAYOUTS_DIR

    shutil.copytree(LAYOUTS_DIR / "newsletter", tmp_path / "press")
    options = tmp_path / "press" / "layout.yaml"
    text = options.read_text(encoding="utf-8")
    options.write_text(f"{text}max_megapixels: {value}\n", encoding="utf-8")
    line = len(text.splitlines()) + 1
    with pytest.raises(LayoutError) as error:
        load_layout("press", root=tmp_path)
    assert str(error.value) == f"{options}:{line}: max_megapixels: {message}"
    options.write_text(f"{text}max_megapixels: 250\n", encoding="utf-8")
    assert load_layout("press", root=tmp_path).options.max_megapixels == 250


# --- and if WeasyPrint still fails on one ------------------------------------------------------


def test_a_picture_weasyprint_cannot_load_or_draw_is_an_error(
    make_issue: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the checks before rendering turned off, WeasyPrint's "Failed to load image"
    (cut short, no reason) and "Failed to render SVG image" become errors with the reason."""
    import typesetter.pipeline as pipeline

    monkeypatch.setattr(pipeline, "inspect_images", lambda issue, limit: ([], []))
    folder = make_issue(
        articles={
            "01": {
                "title": "图片",
                "body": "正文。\n\n![图](images/bomb.svg)\n\n![图](images/deep.svg)\n",
            }
        },
        images={"images/bomb.svg": bomb(20000, 20000), "images/deep.svg": svg_levels(3000)},
    )
    out = tmp_path / "out.pdf"
    out.write_bytes(OLD_PDF)
    with pytest.raises(RenderError) as error:
        pipeline.build_issue(folder, out, display_dir="t")
    messages = sorted(str(problem) for problem in error.value.problems)
    hint = "(it would be missing from the PDF; please report this, with the picture)"
    assert messages[0].startswith(
        f"t: the picture '{folder.resolve()}/images/bomb.svg' could not be loaded: "
        "DecompressionBombError: Image size (400000000 pixels) exceeds limit of 200000000 "
        "pixels"
    )
    assert messages[0].endswith(hint)
    assert messages[1].startswith(
        f"t: the picture '{folder.resolve()}/images/deep.svg' could not be drawn: "
        "RecursionError: maximum recursion depth exceeded"
    )
    assert messages[1].endswith(hint)
    assert len(messages) == 2
    assert out.read_bytes() == OLD_PDF
