"""Pictures: damaged files before rendering, resolution after layout, colour in the report."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from conftest import run_cli
from PIL import Image, ImageCms
from typer.testing import CliRunner

from typesetter.cli import app

MakeIssue = Callable[..., Path]
OLD_PDF = b"%PDF-1.7\n% an earlier, good PDF\n"


def cli(*args: str) -> Any:
    """In this process: for commands that render nothing."""
    return CliRunner().invoke(app, list(args))


def png(width: int, height: int, **save: Any) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(data, "PNG", **save)
    return data.getvalue()


def jpeg_cmyk(width: int, height: int) -> bytes:
    data = io.BytesIO()
    Image.new("CMYK", (width, height), (0, 90, 80, 10)).save(data, "JPEG")
    return data.getvalue()


def chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def with_picture(make_issue: MakeIssue, picture: bytes, name: str = "photo.png") -> Path:
    body = f"正文。\n\n![图片说明](images/{name})\n"
    return make_issue(
        articles={"01": {"title": "图片", "body": body}}, images={f"images/{name}": picture}
    )


def test_low_resolution_picture_warns_at_its_line_with_the_pixels_needed(
    make_issue: MakeIssue, tmp_path: Path
) -> None:
    # drawn 166.7 mm wide (the column: 45 characters of 10.5 pt, issue 17): 183 ppi
    folder = with_picture(make_issue, png(1200, 800))
    out = tmp_path / "out.pdf"
    result = run_cli("build", str(folder), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert (
        f"{folder}/articles/01.md:7: warning: page 2: image 'images/photo.png' prints at "
        "183 ppi: it is 1200 px wide and needs ≥ 1969 px at 167 mm for 300 ppi (use a picture "
        "at least 1969 px wide, or print it at most 101 mm wide: {width=101mm})" in result.stderr
    )
    assert out.read_bytes().startswith(b"%PDF-")


def test_very_low_resolution_picture_is_an_error(make_issue: MakeIssue, tmp_path: Path) -> None:
    folder = with_picture(make_issue, png(400, 300))  # drawn at its 96 px/in size
    out = tmp_path / "out.pdf"
    out.write_bytes(OLD_PDF)
    result = run_cli("build", str(folder), "-o", str(out))
    assert result.returncode == 1
    assert (
        f"{folder}/articles/01.md:7: page 2: image 'images/photo.png' prints at 96 ppi, under "
        "the 150 ppi minimum for print: it is 400 px wide and needs ≥ 1250 px at 106 mm for "
        "300 ppi" in result.stderr
    )
    assert "Traceback" not in result.stdout + result.stderr
    assert out.read_bytes() == OLD_PDF


def test_screen_edition_does_not_judge_print_resolution(
    make_issue: MakeIssue, tmp_path: Path
) -> None:
    folder = with_picture(make_issue, png(400, 300))
    result = run_cli("build", str(folder), "-o", str(tmp_path / "s.pdf"), "--edition", "screen")
    assert result.returncode == 0, result.stderr
    assert "ppi" not in result.stderr


def test_truncated_png_is_an_error_naming_the_file(make_issue: MakeIssue) -> None:
    folder = with_picture(make_issue, png(64, 64)[:-30])
    for command in ("check", "build"):
        result = cli(command, str(folder))
        assert result.exit_code == 1
        assert "image 'images/photo.png' is not a readable PNG" in result.stderr
        assert f"{folder}/articles/01.md:" in result.stderr
        assert "Traceback" not in result.output


def test_png_with_undecodable_pixels_is_an_error_naming_the_file(make_issue: MakeIssue) -> None:
    """Every chunk intact (CRCs right), but the compressed pixels are garbage."""
    header = struct.pack(">IIBBBBB", 8, 8, 8, 2, 0, 0, 0)
    broken = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", b"not zlib data at all")
        + chunk(b"IEND", b"")
    )
    folder = with_picture(make_issue, broken)
    result = cli("check", str(folder))
    assert result.exit_code == 1
    assert (
        f"{folder}/articles/01.md:7: image 'images/photo.png' ({folder}/images/photo.png) "
        "cannot be decoded" in result.stderr
    )


def test_check_reports_colour_space_and_profile(make_issue: MakeIssue) -> None:
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    folder = make_issue(
        articles={"01": {"title": "图片", "body": "![甲](images/a.png)\n\n![乙](images/b.jpg)\n"}},
        images={
            "images/a.png": png(3000, 2000, icc_profile=srgb),
            "images/b.jpg": jpeg_cmyk(90, 60),
        },
    )
    result = cli("check", str(folder))
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert f"image {folder}/images/a.png: PNG 3000×2000 px, RGB, ICC profile 'sRGB" in out
    assert f"image {folder}/images/b.jpg: JPEG 90×60 px, CMYK, no ICC profile" in out


def test_screen_edition_recompresses_pictures(make_issue: MakeIssue, tmp_path: Path) -> None:
    import os

    import pikepdf

    noise = Image.frombytes("RGB", (2000, 1333), os.urandom(2000 * 1333 * 3))
    data = io.BytesIO()
    noise.save(data, "JPEG", quality=95)
    folder = with_picture(make_issue, data.getvalue(), "photo.jpg")  # 299 ppi when printed
    out = tmp_path / "screen.pdf"
    result = run_cli("build", str(folder), "-o", str(out), "--edition", "screen")
    assert result.returncode == 0, result.stderr
    with pikepdf.open(out) as pdf:
        (image,) = pdf.pages[1].get_images().values()
        assert int(image.Width) < 1400  # downsampled to 200 ppi at its drawn size
