"""The engine patches WeasyPrint 70.0 internals: it must refuse anything else, loudly."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import weasyprint
from weasyprint.layout import inline
from weasyprint.text import line_break

from typesetter.errors import RenderError
from typesetter.typography import engine, install


@pytest.fixture(scope="module", autouse=True)
def _leave_weasyprint_as_found() -> Iterator[None]:
    """Other test modules may expect plain WeasyPrint: undo install() if we did it."""
    was_installed = engine.installed()
    yield
    if not was_installed:
        engine.uninstall()


def test_the_installed_weasyprint_is_the_one_the_engine_was_written_for() -> None:
    # If this fails, WeasyPrint changed: re-read the functions named in the message,
    # adapt the engine, then update EXPECTED_SOURCES.
    assert engine.check_internals() == []


def test_install_is_idempotent_and_patches() -> None:
    install()
    first = inline.justify_line
    install()
    assert inline.justify_line is first
    assert line_break.Layout.set_text is engine._set_text
    assert inline.can_break_text is engine._can_break_text


def test_a_changed_internal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(engine.EXPECTED_SOURCES, "layout.inline.justify_line", "0" * 16)
    original = engine.ORIGINAL.get("layout.inline.justify_line") or inline.justify_line
    assert engine.check_internals() == [
        f"layout.inline.justify_line has changed (source hash {engine.source_hash(original)})"
    ]
    engine.uninstall()
    try:
        with pytest.raises(RenderError, match=r"supports only WeasyPrint 70\.0"):
            install()
        assert not getattr(inline, "_typesetter_clreq", False)
    finally:
        monkeypatch.undo()
        install()


def test_another_version_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(weasyprint, "__version__", "71.0")
    assert "weasyprint 71.0 (expected 70.0)" in engine.check_internals()
