"""One build step on top of pyproject.toml: ship the built-in data in the wheel.

The repository keeps the layouts, the vendored fonts and the colour profiles in the
top-level folders ``layouts/``, ``fonts/`` and ``color/``. A wheel carries them as package
data under ``typesetter/_data/``, where ``typesetter/resources.py`` looks first. The copy
is made into the build folder only: the checkout never holds a ``typesetter/_data/``, and
an editable install (``pip install -e .``) keeps reading the top-level folders.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
DATA_FOLDERS = ("layouts", "fonts", "color")
#: Without these the wheel would install but could not build an issue.
REQUIRED = ("layouts", "fonts/coverage.json", "color")


def _data_files() -> Iterator[Path]:
    """The files to ship, relative to the project root (hidden files and caches left out)."""
    for folder in DATA_FOLDERS:
        for path in sorted((ROOT / folder).rglob("*")):
            parts = path.relative_to(ROOT).parts
            if path.is_dir() or any(p.startswith(".") or p == "__pycache__" for p in parts):
                continue
            if path.suffix in {".pyc", ".pyo"}:
                continue
            yield path.relative_to(ROOT)


class BuildPyWithData(build_py):
    """``build_py`` that also copies ``layouts/``, ``fonts/``, ``color/`` into
    ``<build_lib>/typesetter/_data/`` (not for an editable install)."""

    def _data_targets(self) -> list[tuple[Path, Path]]:
        if getattr(self, "editable_mode", False):
            return []
        missing = [name for name in REQUIRED if not (ROOT / name).exists()]
        if missing:
            raise FileNotFoundError(
                f"cannot build the typesetter: {', '.join(missing)} missing under {ROOT}"
                " (an sdist needs MANIFEST.in to graft layouts/, fonts/, color/)"
            )
        target = Path(self.build_lib, "typesetter", "_data")
        return [(ROOT / rel, target / rel) for rel in _data_files()]

    def run(self) -> None:
        super().run()
        for source, target in self._data_targets():
            self.mkpath(str(target.parent))
            self.copy_file(str(source), str(target))

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = list(super().get_outputs(include_bytecode))
        return outputs + [str(target) for _, target in self._data_targets()]


setup(cmdclass={"build_py": BuildPyWithData})
