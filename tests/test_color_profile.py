"""The vendored CMYK output-intent profile: the file color/README.md describes, freely licensed."""

from __future__ import annotations

import hashlib
import re
import struct
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
COLOR = ROOT / "color"
PROFILE = COLOR / "FOGRA39L_coated.icc"
README = COLOR / "README.md"


def _tags(data: bytes) -> dict[bytes, bytes]:
    """The ICC tag table: signature → tag data."""
    (count,) = struct.unpack(">I", data[128:132])
    tags = {}
    for i in range(count):
        sig, offset, size = struct.unpack(">4sII", data[132 + 12 * i : 144 + 12 * i])
        tags[sig] = data[offset : offset + size]
    return tags


def test_sha256_is_the_one_readme_records() -> None:
    match = re.search(r"SHA-256 of `FOGRA39L_coated\.icc`: `([0-9a-f]{64})`", README.read_text())
    assert match, "color/README.md records no SHA-256 for FOGRA39L_coated.icc"
    assert hashlib.sha256(PROFILE.read_bytes()).hexdigest() == match.group(1)


def test_size_is_the_one_readme_records() -> None:
    size = f"{PROFILE.stat().st_size:,}".replace(",", " ")
    assert f"Size: {size} bytes" in README.read_text()


def test_icc_header() -> None:
    data = PROFILE.read_bytes()
    (size,) = struct.unpack(">I", data[:4])
    assert size == len(data)
    assert data[12:16] == b"prtr"  # output (printer) profile
    assert data[16:20] == b"CMYK"
    assert data[20:24] == b"Lab "
    assert data[36:40] == b"acsp"
    # The creation date is pinned (README: post-step), so rebuilds give the same bytes.
    assert struct.unpack(">6H", data[24:36]) == (2026, 12, 2, 0, 0, 0)


def test_description_and_copyright_tags() -> None:
    tags = _tags(PROFILE.read_bytes())
    assert b"FOGRA39L" in tags[b"desc"]
    assert b"CC0" in tags[b"cprt"]
    # colprof embeds the characterization data it was built from.
    assert b'DESCRIPTOR "FOGRA39L"' in tags[b"targ"]
    assert b"ISO 12647-2:2004/Amd 1" in tags[b"targ"]


def test_no_agpl_or_ghostscript_file_in_color() -> None:
    files = sorted(p for p in COLOR.rglob("*") if p.is_file())
    assert PROFILE in files
    for path in files:
        lowered = path.read_bytes().lower()
        for word in (b"agpl", b"affero", b"ghostscript", b"artifex"):
            assert word not in lowered, f"{path.name} mentions {word.decode()}"
        assert not path.name.lower().startswith(("artifex", "libgs", "default_cmyk"))


def test_profile_converts_cmyk_to_srgb() -> None:
    image_cms = pytest.importorskip("PIL.ImageCms")
    from PIL import Image

    profile = image_cms.getOpenProfile(str(PROFILE))
    assert "FOGRA39L" in image_cms.getProfileDescription(profile)
    srgb = image_cms.createProfile("sRGB")
    transform = image_cms.buildTransform(
        profile, srgb, "CMYK", "RGB", renderingIntent=image_cms.Intent.RELATIVE_COLORIMETRIC
    )

    def rgb(c: int, m: int, y: int, k: int) -> tuple[int, int, int]:
        pixel = Image.new("CMYK", (1, 1), (c, m, y, k))
        r, g, b = image_cms.applyTransform(pixel, transform).getpixel((0, 0))
        return int(r), int(g), int(b)

    assert min(rgb(0, 0, 0, 0)) >= 245  # paper: white
    black = rgb(0, 0, 0, 255)
    assert max(black) <= 70 and max(black) - min(black) <= 10  # 100 % K: dark, neutral
    rich_black = rgb(255, 255, 255, 255)
    assert max(rich_black) < max(black)  # more ink, darker
    r, g, b = rgb(255, 0, 0, 0)  # cyan
    assert r < 60 and b > 180
    r, g, b = rgb(0, 255, 0, 0)  # magenta
    assert g < 60 and r > 180
    r, g, b = rgb(0, 0, 255, 0)  # yellow
    assert b < 60 and r > 200 and g > 200
