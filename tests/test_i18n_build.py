"""The message catalogs never reach a PDF: an issue's HTML (what WeasyPrint prints) is the
same in every language, so the archive's code fingerprint leaves typesetter/locale/ out
and a catalog edit rebuilds nothing (docs/i18n.md, archive/fingerprint.py)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from typesetter import i18n
from typesetter.archive.fingerprint import NOT_IN_BUILD, PACKAGE_DIR, code_digest
from typesetter.html import render_html
from typesetter.pipeline import check_issue

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "2023-17"


@pytest.fixture
def restore_language() -> Iterator[None]:
    yield
    i18n.set_language("en")


def _html(language: str, layout: str, only: list[str] | None, pad: int | None) -> str:
    i18n.set_language(language)
    checked = check_issue(SEED, display_dir="content/2023-17", only=only, layout=layout)
    return render_html(checked.issue, checked.layout, pad_pages=pad, proof_of=checked.proof_of)


@pytest.mark.parametrize("layout", ["newsletter", "magazine"])
@pytest.mark.parametrize(
    ("only", "pad"),
    [(None, None), (None, 2), (["articles/03-shangwubu-shuzi-fuwu.md"], None)],
    ids=["issue", "padded", "proof"],
)
def test_an_issue_prints_the_same_in_every_language(
    restore_language: None, layout: str, only: list[str] | None, pad: int | None
) -> None:
    english = _html("en", layout, only, pad)
    chinese = _html("zh-CN", layout, only, pad)
    assert chinese == english
    if only:
        assert "校样" in english  # the proof's words are the layout's, not a catalog's


def _package_copy(tmp_path: Path) -> Path:
    """The package's .py files and its catalogs (what the fingerprint reads, made small)."""
    copy = tmp_path / "typesetter"
    for path in [*PACKAGE_DIR.glob("*.py"), *PACKAGE_DIR.glob("weasy/*.py")]:
        target = copy / path.relative_to(PACKAGE_DIR)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    shutil.copytree(PACKAGE_DIR / "locale", copy / "locale")
    return copy


def test_a_catalog_edit_leaves_the_code_fingerprint_alone(tmp_path: Path) -> None:
    assert "locale" in NOT_IN_BUILD
    package = _package_copy(tmp_path)
    before = code_digest(package)
    catalogs = package / "locale" / "zh_CN" / "LC_MESSAGES"
    (catalogs / "layout.po").write_text("# edited\n", encoding="utf-8")
    (catalogs / "layout.mo").write_bytes(b"")
    (catalogs / "web.po").write_text("# a new domain\n", encoding="utf-8")
    assert code_digest(package) == before
    # ... while the code that builds still counts
    (package / "html.py").write_text("# edited\n", encoding="utf-8")
    assert code_digest(package) != before
