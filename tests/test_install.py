"""The typesetter installs like any Python tool.

A wheel built from the repository carries the layouts, the vendored fonts and the colour
profiles (``typesetter/_data/``, copied by setup.py); installed into a clean virtual
environment, its ``typesetter`` command builds content/2023-17 from a folder outside the
repository.

Offline once ``./scripts/dev setup`` has run: the wheel is built without build isolation
(setuptools comes from the test extra), and the dependencies are installed from the
wheelhouse that the setup fills (``<venv>/wheelhouse``). Without that wheelhouse they
come from the package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Filled by ``scripts/dev setup`` with wheels of the runtime dependencies.
WHEELHOUSE = Path(sys.prefix) / "wheelhouse"
#: Left out of the copy the wheel is built from: VCS, build output, caches (and venvs).
NOT_SOURCES_AT_TOP = {".git", "build", "dist", "out"}
NOT_SOURCES = {"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"}


def _ignore(folder: str, names: list[str]) -> set[str]:
    if "pyvenv.cfg" in names:  # a virtual environment (.venv or any other)
        return set(names)
    skip = NOT_SOURCES | (NOT_SOURCES_AT_TOP if Path(folder) == ROOT else set())
    return {n for n in names if n in skip or n.endswith(".egg-info")}


def _run(
    args: list[str | Path], cwd: Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )


def _ok(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{' '.join(proc.args)} failed:\n{output[-4000:]}"
    return proc


def _build_wheel(tmp_path: Path) -> Path:
    """Build the wheel from a copy of the sources: an in-place build would write build/
    and *.egg-info into the working tree, and a stale build/lib could leak into it."""
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=_ignore)
    dist = tmp_path / "dist"
    args: list[str | Path] = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q"]
    if int(metadata.version("setuptools").split(".")[0]) >= 77:
        args.append("--no-build-isolation")  # offline; else pip fetches setuptools
    _ok(_run([*args, "-w", dist, src]))
    (wheel,) = dist.glob("typesetter-*.whl")
    return wheel


def _install(wheel: Path, venv: Path) -> None:
    """A clean venv (no pip of its own: this pip installs into it) with the wheel."""
    _ok(_run([sys.executable, "-m", "venv", "--without-pip", venv]))
    python = venv / "bin" / "python"
    pip: list[str | Path] = [sys.executable, "-m", "pip", "--python", python, "install"]
    pip += ["-q", "--no-compile"]  # no bytecode: halves the install time
    if WHEELHOUSE.is_dir():
        offline = _run([*pip, "--no-index", "--find-links", WHEELHOUSE, wheel])
        if offline.returncode == 0:
            return
    _ok(_run([*pip, wheel]))


def test_wheel_installs_and_builds_an_issue_outside_the_repository(tmp_path: Path) -> None:
    wheel = _build_wheel(tmp_path)
    venv = tmp_path / "venv"
    _install(wheel, venv)

    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "VIRTUAL_ENV"}}
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # the fontconfig cache of this venv
    work = tmp_path / "work"
    work.mkdir()

    where = _ok(
        _run(
            [venv / "bin" / "python", "-c", "import typesetter.resources as r; print(r.DATA_ROOT)"],
            cwd=work,
            env=env,
        )
    )
    data_root = Path(where.stdout.strip())
    assert data_root.is_relative_to(venv.resolve()), data_root
    assert (data_root / "fonts" / "coverage.json").is_file()

    shutil.copytree(ROOT / "content" / "2023-17", work / "2023-17")
    built = _ok(
        _run([venv / "bin" / "typesetter", "build", "2023-17", "-o", "out.pdf"], cwd=work, env=env)
    )
    output = built.stdout + built.stderr
    assert "19 pages" in output, output
    pdf = work / "out.pdf"
    assert pdf.is_file()
    assert pdf.read_bytes().startswith(b"%PDF-")
