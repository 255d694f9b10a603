"""The archive job without rendering: discovery, name clashes, shards and skip decisions.

Skip decisions are checked on fingerprints alone: each issue is "built" by writing a
stand-in PDF and its manifest entry, then one input changes and :func:`plan` must name
exactly the issues it feeds. The layouts, fonts and code the fingerprints read are copies
in ``tmp_path`` (rendering would still use the real ones), so the real tree is never touched.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import PNG, png_bytes

from typesetter.archive import ArchiveOptions, discover, parse_shard, plan, select_shard, shard_of
from typesetter.archive.discover import IssueFolder
from typesetter.archive.manifest import Entry, Manifest
from typesetter.archive.run import fingerprinter_for
from typesetter.errors import ContentError
from typesetter.options import Edition, PrintOptions
from typesetter.resources import LAYOUTS_DIR

MakeIssue = Callable[..., Path]


# --- discovery -------------------------------------------------------------------------


def test_discovery_finds_issue_folders_at_any_depth(tmp_path: Path, make_issue: MakeIssue) -> None:
    root = tmp_path / "archive"
    make_issue(root, name="2023-01")
    make_issue(root / "2022", name="2022-24")
    make_issue(root / "old" / "deep" / "er", name="2001-01")
    make_issue(root / ".trash", name="1999-01")  # hidden: not searched
    make_issue(root / "out", name="2023-02")  # the output folder: not searched
    nested = make_issue(root, name="2023-03")
    make_issue(nested / "drafts", name="2023-03-draft")  # inside an issue: not searched
    (root / "empty" / "folder").mkdir(parents=True)

    found = discover(root, exclude=root / "out")

    assert [f.name for f in found] == ["2001-01", "2022-24", "2023-01", "2023-03"]
    assert found[0].path == root / "old" / "deep" / "er" / "2001-01"
    assert found[0].display == str(root / "old" / "deep" / "er" / "2001-01")


def test_discovery_of_a_single_issue_folder(make_issue: MakeIssue) -> None:
    folder = make_issue(name="2023-17")
    assert [(f.name, f.path) for f in discover(folder)] == [("2023-17", folder)]


def test_clashing_folder_names_are_an_error_listing_every_clash(
    tmp_path: Path, make_issue: MakeIssue
) -> None:
    root = tmp_path / "a"
    make_issue(root / "x", name="2023-01")
    make_issue(root / "y", name="2023-01")
    make_issue(root / "z", name="2023-02")

    with pytest.raises(ContentError) as raised:
        discover(root)

    assert [str(p) for p in raised.value.problems] == [
        f"{root}/x/2023-01: issue folder name '2023-01' is used 2 times (each issue's PDF is "
        f"named after its folder: rename all but one ({root}/y/2023-01))",
        f"{root}/y/2023-01: issue folder name '2023-01' is used 2 times (each issue's PDF is "
        f"named after its folder: rename all but one ({root}/x/2023-01))",
    ]


# --- shards ------------------------------------------------------------------------------


def test_shards_cover_the_archive_exactly_once() -> None:
    folders = [IssueFolder(f"{2000 + i // 24}-{i % 24 + 1:02d}", Path("."), "") for i in range(97)]
    for count in (1, 2, 3, 5):
        shards = [select_shard(folders, (k, count)) for k in range(1, count + 1)]
        names = [f.name for shard in shards for f in shard]
        assert sorted(names) == sorted(f.name for f in folders)
        assert len(names) == len(set(names))
        assert all(shards), "every shard gets some of 97 issues"


def test_a_shard_depends_only_on_the_folder_name() -> None:
    assert shard_of("2023-17", 4) == shard_of("2023-17", 4)
    alone = select_shard([IssueFolder("2023-17", Path("."), "")], (shard_of("2023-17", 4), 4))
    assert [f.name for f in alone] == ["2023-17"]
    assert select_shard([IssueFolder("a", Path("."), "")], None)[0].name == "a"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("3", "not a shard: '3' (write K/N, e.g. 1/4)"),
        ("0/2", "not a shard: '0/2' (K must be between 1 and N)"),
        ("3/2", "not a shard: '3/2' (K must be between 1 and N)"),
    ],
)
def test_bad_shards_are_refused(text: str, message: str) -> None:
    assert parse_shard(" 2/4 ") == (2, 4)
    with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)")):
        parse_shard(text)


# --- skip / rebuild decisions --------------------------------------------------------------


@pytest.fixture
def world(tmp_path: Path, make_issue: MakeIssue) -> ArchiveOptions:
    """Three issues (c uses layout ``other``, which extends newsletter) and copies of the
    layouts, a small fonts folder and a small package for the fingerprints."""
    root = tmp_path / "content"
    make_issue(root, name="a")
    make_issue(root, name="b", images={"images/x.png": PNG})
    make_issue(root / "2024", name="c", issue={"layout": "other"})
    layouts = tmp_path / "layouts"
    shutil.copytree(LAYOUTS_DIR / "newsletter", layouts / "newsletter")
    (layouts / "other").mkdir()
    (layouts / "other" / "layout.yaml").write_text("name: other\nextends: newsletter\n")
    (layouts / "other" / "other.css").write_text("p { color: red; }\n")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "Serif.otf").write_bytes(b"serif font")
    (fonts / "PROVENANCE.md").write_text("fonts\n")
    package = tmp_path / "typesetter"
    (package / "archive").mkdir(parents=True)
    (package / "pdf.py").write_text("# render\n")
    (package / "archive" / "run.py").write_text("# archive\n")
    return ArchiveOptions(
        root, tmp_path / "out", layouts_dir=layouts, fonts_dir=fonts, package_dir=package
    )


def stale(options: ArchiveOptions) -> list[str]:
    """The issues :func:`plan` would build now."""
    manifest = Manifest(options.out_dir)
    tasks, _ = plan(
        discover(options.content_root), fingerprinter_for(options, manifest), manifest, options
    )
    return [task.name for task in tasks]


def mark_built(options: ArchiveOptions) -> None:
    """Record every planned issue as built (a stand-in PDF and its manifest entry)."""
    manifest = Manifest(options.out_dir)
    tasks, _ = plan(
        discover(options.content_root), fingerprinter_for(options, manifest), manifest, options
    )
    for task in tasks:
        data = f"%PDF stand-in for {task.name}".encode()
        task.output.parent.mkdir(parents=True, exist_ok=True)
        task.output.write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        manifest.save(task.key, Entry(task.fingerprint, task.output.name, len(data), sha, {}))


def test_nothing_changed_nothing_to_build(world: ArchiveOptions) -> None:
    assert stale(world) == ["a", "b", "c"]
    mark_built(world)
    assert stale(world) == []


def test_a_changed_article_rebuilds_its_issue_only(world: ArchiveOptions) -> None:
    mark_built(world)
    article = world.content_root / "b" / "articles" / "01-guowuyuan.md"
    article.write_text(article.read_text(encoding="utf-8").replace("专题学习", "专题学习会"))
    assert stale(world) == ["b"]


def test_a_changed_image_rebuilds_its_issue_only(world: ArchiveOptions) -> None:
    mark_built(world)
    (world.content_root / "b" / "images" / "x.png").write_bytes(png_bytes(2, 2))
    assert stale(world) == ["b"]
    mark_built(world)
    (world.content_root / "2024" / "c" / "images").mkdir()
    (world.content_root / "2024" / "c" / "images" / "new.png").write_bytes(PNG)
    assert stale(world) == ["c"]


def test_a_layout_change_rebuilds_the_issues_using_it(world: ArchiveOptions) -> None:
    mark_built(world)
    (world.layouts_dir / "other" / "other.css").write_text("p { color: blue; }\n")
    assert stale(world) == ["c"]
    mark_built(world)
    with (world.layouts_dir / "newsletter" / "newsletter.css").open("a") as css:
        css.write("\n.x { color: red; }\n")
    assert stale(world) == ["a", "b", "c"], "other extends newsletter"


def test_a_font_change_rebuilds_everything_a_touch_nothing(world: ArchiveOptions) -> None:
    mark_built(world)
    font = world.fonts_dir / "Serif.otf"
    font.touch()  # new mtime, same bytes: hashed again, same hash
    assert stale(world) == []
    font.write_bytes(b"serif font v2")
    assert stale(world) == ["a", "b", "c"]


def test_a_code_change_rebuilds_everything_but_not_archive_code(world: ArchiveOptions) -> None:
    mark_built(world)
    (world.package_dir / "archive" / "run.py").write_text("# archive, reworded\n")
    assert stale(world) == []
    (world.package_dir / "pdf.py").write_text("# render, changed\n")
    assert stale(world) == ["a", "b", "c"]


def test_option_changes_and_force_rebuild_everything(world: ArchiveOptions) -> None:
    mark_built(world)
    world.printing = PrintOptions(edition=Edition.SCREEN)
    assert stale(world) == ["a", "b", "c"]
    world.printing = PrintOptions(page_size="A5")
    assert stale(world) == ["a", "b", "c"]
    world.printing = PrintOptions()
    assert stale(world) == []
    world.force = True
    assert stale(world) == ["a", "b", "c"]


def test_a_missing_or_replaced_pdf_is_rebuilt(world: ArchiveOptions) -> None:
    mark_built(world)
    (world.out_dir / "a.pdf").unlink()
    (world.out_dir / "c.pdf").write_bytes(b"%PDF truncated")
    assert stale(world) == ["a", "c"]


def test_fonts_are_hashed_once_then_stat_only(
    world: ArchiveOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    mark_built(world)
    from typesetter.archive import fingerprint

    def no_reading(path: Path) -> str:
        raise AssertionError(f"{path} was read again")

    monkeypatch.setattr(fingerprint, "_file_sha", no_reading)
    assert stale(world) == []


def test_killed_run_leftovers_are_removed(world: ArchiveOptions) -> None:
    mark_built(world)
    leftover = world.out_dir / ".a.pdf.x1y2.tmp"
    leftover.write_bytes(b"half a PDF")
    Manifest(world.out_dir).remove_temporaries()
    assert not leftover.exists()
    assert (world.out_dir / "a.pdf").exists()


def test_folder_names_the_archive_uses_itself_are_refused(
    tmp_path: Path, make_issue: MakeIssue
) -> None:
    make_issue(tmp_path / "a", name="annual-2023")
    make_issue(tmp_path / "a", name="_hash-cache")
    make_issue(tmp_path / "a", name="2023-01")
    with pytest.raises(ContentError) as raised:
        discover(tmp_path / "a")
    hint = "(the archive names its own files so: rename the folder)"
    assert [str(p) for p in raised.value.problems] == [
        f"{tmp_path}/a/_hash-cache: issue folder name '_hash-cache' is reserved {hint}",
        f"{tmp_path}/a/annual-2023: issue folder name 'annual-2023' is reserved {hint}",
    ]


def test_big_pictures_are_hashed_once_then_stat_only(
    world: ArchiveOptions, monkeypatch: pytest.MonkeyPatch
) -> None:
    picture = world.content_root / "b" / "images" / "big.jpg"
    picture.write_bytes(bytes(range(256)) * 300)  # 76,800 bytes: its hash is cached
    mark_built(world)
    from typesetter.archive import fingerprint

    real_sha = fingerprint._file_sha
    monkeypatch.setattr(fingerprint, "_file_sha", lambda path: pytest.fail(f"{path} read"))
    assert stale(world) == []

    picture.write_bytes(bytes(range(256)) * 301)  # new size and mtime: hashed again
    monkeypatch.setattr(fingerprint, "_file_sha", real_sha)
    assert stale(world) == ["b"]
    mark_built(world)
    data = picture.read_bytes()
    picture.write_bytes(data)  # same bytes, new mtime: hashed again, same hash
    assert stale(world) == []
