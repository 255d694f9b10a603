"""The boundary patches WeasyPrint 70.0 internals: it must refuse anything else, loudly,
and leave WeasyPrint as it found it."""

from __future__ import annotations

import pytest

from typesetter.errors import RenderError
from typesetter.weasy import guard, loader

loader.load()  # WeasyPrint imported the product's way (fonts first), before the hooks
from typesetter.weasy.clreq import hooks  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_guard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test checks from scratch; a verified guard stays verified for other tests."""
    monkeypatch.setattr(guard, "_verified", False)


def test_the_installed_weasyprint_is_the_one_we_were_written_for() -> None:
    # If this fails, WeasyPrint or pydyf changed: re-read the functions named in the
    # message, adapt the boundary, then update guard.EXPECTED_SOURCES.
    assert guard.check_internals() == []


def test_every_patch_target_is_guarded() -> None:
    """A patch replaces something whose source (or its caller's) the guard hashes."""
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    was = hooks.installed()
    hooks.install()
    try:
        assert line_break.Layout.set_text is hooks._set_text
        assert inline.can_break_text is hooks._can_break_text
        first = inline.justify_line
        hooks.install()
        assert inline.justify_line is first
        assert set(hooks._patches()) <= set(guard.ORIGINALS)
    finally:
        if not was:
            hooks.uninstall()


def test_uninstall_restores_the_originals() -> None:
    from weasyprint.draw import text as draw_text
    from weasyprint.layout import inline
    from weasyprint.text import line_break

    was = hooks.installed()
    hooks.install()
    hooks.uninstall()
    try:
        assert inline.justify_line is guard.resolve("weasyprint.layout.inline.justify_line")
        assert inline.justify_line.__module__ == "weasyprint.layout.inline"
        assert line_break.Layout.setup.__module__ == "weasyprint.text.line_break"
        assert "int" not in vars(draw_text)
        assert not any(target in guard.ORIGINALS for target in hooks._patches())
    finally:
        if was:
            hooks.install()


def test_a_changed_internal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    name = "weasyprint.layout.inline.justify_line"
    monkeypatch.setitem(guard.EXPECTED_SOURCES, name, "0" * 16)
    actual = guard.source_hash(guard.original(name))
    assert guard.check_internals() == [f"{name} has changed (source hash {actual})"]
    was = hooks.installed()
    hooks.uninstall()
    try:
        with pytest.raises(RenderError, match=r"supports only WeasyPrint 70\.0"):
            hooks.install()
        assert not hooks.installed()
    finally:
        monkeypatch.undo()
        if was:
            hooks.install()


def test_a_changed_module_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(guard.MODULE_SOURCES, "weasyprint.text.ffi", "0" * 16)
    assert guard.check_internals() == ["weasyprint.text.ffi has changed (file hash)"]


def test_another_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import weasyprint

    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert "weasyprint 71.0 (expected 70.0)" in guard.check_internals()
    with pytest.raises(RenderError, match=r"weasyprint 71\.0 \(expected 70\.0\)"):
        guard.verify()


def test_a_scoped_patch_is_undone_and_kept_in_the_table() -> None:
    import pydyf

    before = pydyf.zlib
    with loader.compression():
        assert pydyf.zlib is not before
        assert guard.ORIGINALS["pydyf.zlib"] is before
    assert pydyf.zlib is before and "pydyf.zlib" not in guard.ORIGINALS


def test_nothing_outside_the_boundary_touches_weasyprint() -> None:
    """No import of WeasyPrint or pydyf, no read of its private page boxes, outside weasy/."""
    import re
    from pathlib import Path

    package = Path(guard.__file__).resolve().parents[1]
    pattern = re.compile(
        r"\b(import|from) (weasyprint|pydyf)\b|\bweasyprint\.|\._page_box\b"
    )
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if "weasy" not in path.relative_to(package).parts[:1]
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_checking_the_ffi_file_imports_nothing() -> None:
    """The library-search shortcut needs the file checked before WeasyPrint is imported:
    finding a submodule's spec would import its parents (and so all of WeasyPrint)."""
    import subprocess
    import sys

    script = (
        "import sys; from typesetter.weasy import guard; "
        "print(guard.module_source_ok('weasyprint.text.ffi'), 'weasyprint' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.stdout.split() == ["True", "False"], result.stderr
