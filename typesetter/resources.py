"""Where the built-in data lives: the layouts, the vendored fonts, the colour profiles.

One place answers this for the whole package. In a checkout (and an editable install)
they are the repository's top-level ``layouts/``, ``fonts/`` and ``color/`` folders; in an
installed wheel they are package data under ``typesetter/_data/`` (setup.py copies the
top-level folders there at build time).
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent


def _data_root() -> Path:
    """The folder holding ``layouts/``, ``fonts/`` and ``color/``."""
    installed = PACKAGE_DIR / "_data"
    if (installed / "fonts").is_dir():
        return installed
    return PACKAGE_DIR.parent


DATA_ROOT = _data_root()
LAYOUTS_DIR = DATA_ROOT / "layouts"
FONTS_DIR = DATA_ROOT / "fonts"
COLOR_DIR = DATA_ROOT / "color"
