"""Where layouts come from (docs/layouts.md): beside the issue or in its nearest parent,
--layouts, TYPESETTER_LAYOUTS, built-in, a relative path; extends looked up the same way;
what ``typesetter layouts`` lists; errors at the issue.yaml or layout.yaml line; the
archive's fingerprint of the resolved chain. No PDF is built here."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from conftest import run_cli

from typesetter import layouts
from typesetter.archive.fingerprint import Fingerprinter
from typesetter.content import load_issue
from typesetter.errors import ContentError, LayoutError
from typesetter.layouts import ENV_VAR, layout_chain, load_layout, search_places
from typesetter.pipeline import check_issue
from typesetter.resources import LAYOUTS_DIR

MakeIssue = Callable[..., Path]


@pytest.fixture(autouse=True)
def _clean_search(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No --layouts and no TYPESETTER_LAYOUTS from outside; restored after each test."""
    monkeypatch.setattr(layouts, "_option_dirs", [])
    monkeypatch.setenv(ENV_VAR, "")
    yield


def office_layout(folder: Path, name: str = "weekly", text: str = "") -> Path:
    """A layout ``name`` in the layouts folder ``folder`` that extends the newsletter."""
    layout = folder / name
    layout.mkdir(parents=True)
    (layout / "layout.yaml").write_text(
        f"name: {name}\nextends: newsletter\n{text}", encoding="utf-8"
    )
    return layout


def layout_line(issue_dir: Path) -> int:
    lines = (issue_dir / "issue.yaml").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith("layout:"))


def test_a_layout_beside_the_issue(make_issue: MakeIssue, tmp_path: Path) -> None:
    weekly = office_layout(tmp_path / "layouts")
    checked = check_issue(make_issue(issue={"layout": "weekly"}))
    assert checked.layout.folders == (weekly, LAYOUTS_DIR / "newsletter")
    assert checked.layout.names == ("weekly", "newsletter")
    assert checked.layout.origins == ("beside the issue", "built-in")


def test_a_layout_in_the_nearest_parent_folder(make_issue: MakeIssue, tmp_path: Path) -> None:
    office_layout(tmp_path / "layouts", text="accent: '#111111'\n")
    near = office_layout(tmp_path / "2023" / "layouts", text="accent: '#222222'\n")
    issue = make_issue(tmp_path / "2023" / "q3", issue={"layout": "weekly"})
    layout = check_issue(issue).layout
    assert layout.folders[0] == near  # the nearest layouts/ folder, not the one above it
    assert layout.options.accent == "#222222"


def test_layouts_option_then_env_then_built_in(
    make_issue: MakeIssue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    issue = make_issue(tmp_path / "issues", issue={"layout": "weekly"})
    option = office_layout(tmp_path / "option")
    env_a = office_layout(tmp_path / "env-a")
    env_b = office_layout(tmp_path / "env-b", name="monthly")
    monkeypatch.setenv(ENV_VAR, os.pathsep.join([str(tmp_path / "env-a"), str(env_b.parent)]))
    assert check_issue(issue).layout.folders[0] == env_a
    layouts.use_layout_dirs([tmp_path / "option"])
    assert check_issue(issue).layout.folders[0] == option
    # --layouts is also handed on to the processes a run starts (archive workers).
    assert os.environ[ENV_VAR].split(os.pathsep)[0] == str(tmp_path / "option")
    origins = [(place.folder, place.origin) for place in search_places(issue)]
    assert origins == [
        (tmp_path / "option", "--layouts"),
        (tmp_path / "env-a", "TYPESETTER_LAYOUTS"),
        (tmp_path / "env-b", "TYPESETTER_LAYOUTS"),
        (LAYOUTS_DIR, "built-in"),
    ]
    monthly = make_issue(tmp_path / "issues", name="m", issue={"layout": "monthly"})
    assert check_issue(monthly).layout.folders[0] == env_b


def test_a_layout_beside_the_issue_shadows_the_others(
    make_issue: MakeIssue, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    beside = office_layout(tmp_path / "layouts")
    office_layout(tmp_path / "env")
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env"))
    assert check_issue(make_issue(issue={"layout": "weekly"})).layout.folders[0] == beside


def test_a_relative_path(make_issue: MakeIssue, tmp_path: Path) -> None:
    weekly = office_layout(tmp_path / "shared" / "designs")
    issue = make_issue(issue={"layout": "../shared/designs/weekly"})
    layout = check_issue(issue).layout
    assert layout.folders[0] == issue / "../shared/designs/weekly"
    assert layout.folders[0].resolve() == weekly.resolve()
    assert layout.name == "weekly" and layout.origins[0] == "path"


def test_a_relative_path_that_holds_no_layout(make_issue: MakeIssue, tmp_path: Path) -> None:
    issue = make_issue(issue={"layout": "../nowhere"})
    with pytest.raises(ContentError) as caught:
        load_issue(issue)
    assert str(caught.value) == (
        f"{issue / 'issue.yaml'}:{layout_line(issue)}: layout: no layout at '../nowhere' "
        f"(no layout.yaml in {tmp_path / 'nowhere'})"
    )


def test_an_unknown_layout_names_the_line_where_it_looked_and_the_closest(
    make_issue: MakeIssue, tmp_path: Path
) -> None:
    office_layout(tmp_path / "layouts")
    issue = make_issue(issue={"layout": "weeklu"})
    with pytest.raises(ContentError) as caught:
        load_issue(issue)
    assert str(caught.value) == (
        f"{issue / 'issue.yaml'}:{layout_line(issue)}: layout: unknown layout 'weeklu' "
        f"(looked in: {tmp_path / 'layouts'} (beside the issue), {LAYOUTS_DIR} (built-in); "
        "did you mean 'weekly'?)"
    )


def test_extends_a_layout_of_the_same_name(make_issue: MakeIssue, tmp_path: Path) -> None:
    """An office's own ``newsletter`` may extend the built-in one: the search passes over
    the layout itself."""
    ours = office_layout(tmp_path / "layouts", name="newsletter", text="accent: '#123456'\n")
    layout = check_issue(make_issue()).layout
    assert layout.folders == (ours, LAYOUTS_DIR / "newsletter")
    assert layout.options.accent == "#123456"


def test_extends_in_a_loop_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = tmp_path / "layouts"
    for name, parent in (("a", "b"), ("b", "a")):
        (root / name).mkdir(parents=True)
        (root / name / "layout.yaml").write_text(
            f"name: {name}\n# the parent\nextends: {parent}\n", encoding="utf-8"
        )
    with pytest.raises(LayoutError) as caught:
        load_layout("a", root=root)
    assert str(caught.value) == (
        f"{root / 'b' / 'layout.yaml'}:3: extends: 'a' is a layout that extends it "
        "(a → b → a: a layout cannot extend itself, or a layout that extends it)"
    )


def test_extends_an_unknown_layout_is_an_error_at_its_line(tmp_path: Path) -> None:
    weekly = office_layout(tmp_path / "layouts")
    (weekly / "layout.yaml").write_text("name: weekly\nextends: newsleter\n", encoding="utf-8")
    with pytest.raises(LayoutError) as caught:
        load_layout("weekly", issue_dir=tmp_path / "issue")
    assert str(caught.value) == (
        f"{weekly / 'layout.yaml'}:2: extends: unknown layout 'newsleter' "
        f"(looked in: {tmp_path / 'layouts'} (beside the issue), {LAYOUTS_DIR} (built-in); "
        "did you mean 'newsletter'?)"
    )


def test_an_option_inherited_from_a_parent_is_reported_at_the_parents_line(
    tmp_path: Path,
) -> None:
    root = tmp_path / "layouts"
    office_layout(root, name="base", text="toc: sidebar\n")
    (root / "base" / "layout.yaml").write_text(
        "name: base\nextends: newsletter\ntoc: sidebar\n", encoding="utf-8"
    )
    (root / "child").mkdir()
    (root / "child" / "layout.yaml").write_text("name: child\nextends: base\n", encoding="utf-8")
    (root / "newsletter").symlink_to(LAYOUTS_DIR / "newsletter")
    with pytest.raises(LayoutError) as caught:
        load_layout("child", root=root)
    assert str(caught.value).startswith(f"{root / 'base' / 'layout.yaml'}:3: toc: ")


def test_typesetter_layouts_lists_where_what_it_extends_and_shadowing(
    make_issue: MakeIssue, tmp_path: Path
) -> None:
    office_layout(tmp_path / "layouts")
    office_layout(tmp_path / "more")
    issue = make_issue(issue={"layout": "weekly"})
    result = run_cli("layouts", str(issue), "--layouts", str(tmp_path / "more"))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:5] == [
        "Searched in this order (the first layout of a name is used):",
        f"  1. {tmp_path / 'layouts'} (beside the issue)",
        f"  2. {tmp_path / 'more'} (--layouts)",
        f"  3. {LAYOUTS_DIR} (built-in)",
        "Layouts:",
    ]
    newsletter = LAYOUTS_DIR / "newsletter"
    assert (
        f"  weekly  {tmp_path / 'layouts' / 'weekly'} (beside the issue), "
        f"extends newsletter → {newsletter}"
    ) in lines
    assert (
        f"  weekly  {tmp_path / 'more' / 'weekly'} (--layouts), extends newsletter → "
        f"{newsletter}; shadowed by {tmp_path / 'layouts' / 'weekly'}: not used by name"
    ) in lines
    assert f"  newsletter  {newsletter} (built-in)" in lines
    assert lines[-1] == (
        f"{issue} uses: weekly ({tmp_path / 'layouts' / 'weekly'}) → newsletter ({newsletter})"
    )


def test_the_fingerprint_hashes_the_resolved_chain(make_issue: MakeIssue, tmp_path: Path) -> None:
    weekly = office_layout(tmp_path / "layouts", text="accent: '#123456'\n")
    issue = make_issue(issue={"layout": "weekly"})
    assert [found.folder for found in layout_chain("weekly", issue)] == [
        weekly,
        LAYOUTS_DIR / "newsletter",
    ]

    def fingerprint() -> str:
        return Fingerprinter("code", "fonts", "options").issue(issue).fingerprint

    before = fingerprint()
    (weekly / "extra.css").write_text(".masthead { color: red; }\n", encoding="utf-8")
    after = fingerprint()
    assert after != before  # a file of the office's layout
    (weekly / "extra.css").write_text(".masthead { color: red; }\n", encoding="utf-8")
    assert fingerprint() == after
    (weekly / "layout.yaml").write_text("name: weekly\n", encoding="utf-8")
    assert fingerprint() != after  # no longer extends the newsletter: another chain
