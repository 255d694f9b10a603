"""Issue 11, "nothing destroyed": an output never replaces an input, a folder, a device or a
pipe; a failed write is a message naming the output; page sizes and lengths have limits.

Each row runs ``typesetter ARGS`` in a fresh process, in a folder made here, and checks the
exit code, the exact stderr, that no traceback reaches it, that the earlier PDF
(``out/old.pdf``) is byte for byte what it was, and that nothing but the row's expected
output was written anywhere in the folder (a snapshot of every entry: files, links, pipes,
folders, hidden temporary files). ``/dev/full`` is checked to still be a device.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import ROOT, write_issue

from typesetter.errors import LayoutError
from typesetter.layouts import length_pt, load_layout
from typesetter.pdf import WriteError, write_atomic
from typesetter.resources import FONTS_DIR, LAYOUTS_DIR

EARLIER = b"%PDF-1.7\n% an earlier build, kept byte for byte\n"
LONG = "中" * 82  # 246 bytes of UTF-8: ".NAME.pdf.xxxxxxxx.tmp" would pass 255
ERROR_1 = "1 error; nothing was written.\n"
REPLACE = "the output would replace it: name a new file or a regular one"
BUILD_READS = "the build reads that folder: write elsewhere"
ARCHIVE_READS = "the archive reads that folder: write elsewhere"
NOT_A_FOLDER = "name a folder, or a path that does not exist yet"
NEWSLETTER_YAML = LAYOUTS_DIR / "newsletter" / "layout.yaml"

# A full disk, simulated in the CLI's own process: every fsync fails with ENOSPC (the
# write itself went to the page cache; a real full disk fails the write or the fsync).
FULL_DISK = """
import errno, os, sys
def full(fd):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
os.fsync = full
sys.argv[0] = "typesetter"
from typesetter.cli import main
main()
"""


ARGUMENT = {
    "build": "issue_dir",
    "check": "issue_dir",
    "archive": "content_root",
    "import": "text_file",
}


def usage(command: str, option: str, message: str) -> str:
    """What click prints for our usage errors (exit 2)."""
    return (
        f"Usage: typesetter {command} [OPTIONS] {{{ARGUMENT[command]}}}\n"
        f"Try 'typesetter {command} --help' for help.\n\n"
        f"Error: Invalid value for {option}: {message}\n"
    )


def margins_line() -> int:
    lines = NEWSLETTER_YAML.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if line.startswith("margins:"))


def text_area_on(width: float, height: float) -> str:
    """What the newsletter layout's margins leave on a page of that size, in mm."""
    margins = load_layout("newsletter").options.margins
    inner, outer, top, bottom = (
        length_pt(getattr(margins, side)) * 25.4 / 72
        for side in ("inner", "outer", "top", "bottom")
    )
    return f"{round(width - inner - outer, 1):g} mm × {round(height - top - bottom, 1):g} mm"


# --- the folder every row runs in --------------------------------------------------------


def make_folder(folder: Path) -> None:
    write_issue(folder, name="issue")
    write_issue(folder, name=LONG)
    write_issue(folder / "archive", name="a")
    (folder / "out").mkdir()
    (folder / "out" / "old.pdf").write_bytes(EARLIER)
    (folder / "outdir").mkdir()
    (folder / "kept.txt").write_text("the file a link points to: never replaced\n")
    os.mkfifo(folder / "fifo.pdf")
    links = {
        "full.pdf": "/dev/full",
        "dangling.pdf": "missing.pdf",
        "into-issue.pdf": "issue/issue.yaml",
        "folder-link": "outdir",
        "out-link": "archive/a",
        "keep-link.pdf": "kept.txt",
        "issue-link": "issue",
    }
    for name, target in links.items():
        (folder / name).symlink_to(target)
    text = (ROOT / "tests" / "data" / "import" / "wrapped-title.txt").read_bytes()
    (folder / "text.txt").write_bytes(text)
    (folder / "imp" / "articles").mkdir(parents=True)
    (folder / "imp" / "issue.yaml").write_bytes(text)
    (folder / "imp" / "articles" / "src.md").write_bytes(text)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    made = tmp_path_factory.mktemp("safety")
    make_folder(made)
    return made


# --- the table ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    args: tuple[str, ...]
    code: int
    stderr: str  # exactly; <ROOT> stands for the folder (resolved)
    writes: tuple[str, ...] = ()  # the PDFs the row writes (all else stays as it was)
    full_disk: bool = False


def build_refused(output: str, message: str) -> Case:
    return Case(f"build -o {output}", ("build", "issue", "-o", output), 2, message)


CASES = [
    # build -o: never an input, never a folder, device or pipe
    build_refused(
        "issue/articles/01-guowuyuan.md",
        usage(
            "build",
            "--output",
            f"issue/articles/01-guowuyuan.md is inside the issue folder issue ({BUILD_READS})",
        ),
    ),
    build_refused(
        "issue/issue.yaml",
        usage(
            "build",
            "--output",
            f"issue/issue.yaml is inside the issue folder issue ({BUILD_READS})",
        ),
    ),
    build_refused(
        "issue/images/new.pdf",
        usage(
            "build",
            "--output",
            f"issue/images/new.pdf is inside the issue folder issue ({BUILD_READS})",
        ),
    ),
    build_refused(
        "issue",
        usage(
            "build",
            "--output",
            "issue is a folder, not a regular file (name the file to write, e.g. issue/issue.pdf)",
        ),
    ),
    build_refused(
        "issue-link/new.pdf",
        usage(
            "build",
            "--output",
            f"issue-link/new.pdf is inside the issue folder issue ({BUILD_READS})",
        ),
    ),
    build_refused(
        "outdir",
        usage(
            "build",
            "--output",
            "outdir is a folder, not a regular file (name the file to "
            "write, e.g. outdir/issue.pdf)",
        ),
    ),
    build_refused(
        "folder-link",
        usage(
            "build",
            "--output",
            "folder-link is a symbolic link to a folder, not a regular "
            "file (name the file to write, e.g. folder-link/issue.pdf)",
        ),
    ),
    build_refused(
        "/dev/full",
        usage("build", "--output", f"/dev/full is a device, not a regular file ({REPLACE})"),
    ),
    build_refused(
        "full.pdf",
        usage(
            "build",
            "--output",
            f"full.pdf is a symbolic link to a device, not a regular file ({REPLACE})",
        ),
    ),
    build_refused(
        "fifo.pdf",
        usage("build", "--output", f"fifo.pdf is a named pipe, not a regular file ({REPLACE})"),
    ),
    build_refused(
        "dangling.pdf",
        usage(
            "build",
            "--output",
            f"dangling.pdf is a symbolic link to a missing file, not a regular file ({REPLACE})",
        ),
    ),
    build_refused(
        "into-issue.pdf",
        usage(
            "build",
            "--output",
            "into-issue.pdf is a link to <ROOT>/issue/issue.yaml, "
            f"inside the issue folder issue ({BUILD_READS})",
        ),
    ),
    build_refused(
        f"{FONTS_DIR}/x.pdf",
        usage(
            "build",
            "--output",
            f"{FONTS_DIR}/x.pdf is inside the typesetter's fonts "
            f"folder {FONTS_DIR} ({BUILD_READS})",
        ),
    ),
    build_refused(
        f"{NEWSLETTER_YAML}",
        usage(
            "build",
            "--output",
            f"{NEWSLETTER_YAML} is inside the typesetter's layouts "
            f"folder {LAYOUTS_DIR} ({BUILD_READS})",
        ),
    ),
    # page size and lengths: limits, as usage errors on the command line
    Case(
        "page-size 0mm×0mm",
        ("build", "issue", "-o", "out/old.pdf", "--page-size", "0mm×0mm"),
        2,
        usage("build", "--page-size", "each side must be 50–1000 mm, not 0mm×0mm"),
    ),
    Case(
        "page-size 2000mm×297mm",
        ("check", "issue", "--page-size", "2000mm×297mm"),
        2,
        usage("check", "--page-size", "each side must be 50–1000 mm, not 2000mm×297mm"),
    ),
    Case(
        "bleed 5000mm",
        ("build", "issue", "-o", "out/old.pdf", "--bleed", "5000mm"),
        2,
        usage("build", "--bleed", "must be 0–20 mm, not 5000mm"),
    ),
    Case(
        "bleed without a unit",
        ("check", "issue", "--bleed", "3"),
        2,
        usage(
            "check",
            "--bleed",
            "not a length: '3' (write a number and a unit: mm, cm, pt, in, px)",
        ),
    ),
    Case(
        "pad-to 65",
        ("build", "issue", "-o", "out/old.pdf", "--pad-to", "65"),
        2,
        usage("build", "--pad-to", "must be 1–64, not 65"),
    ),
    Case(
        "pad-to 0",
        ("check", "issue", "--pad-to", "0"),
        2,
        usage("check", "--pad-to", "must be 1–64, not 0"),
    ),
    Case(
        "page too small for the margins",
        ("build", "issue", "-o", "out/old.pdf", "--page-size", "50mm×50mm"),
        1,
        f"{NEWSLETTER_YAML}:{margins_line()}: margins: leave {text_area_on(50, 50)} for text "
        "on the 50 mm × 50 mm page (at least 40 mm × 40 mm) (the page size 50mm×50mm given "
        f"for this build is too small for them)\n{ERROR_1}",
    ),
    # archive -o and --report
    Case(
        "archive -o inside an issue",
        ("archive", "archive", "-o", "archive/a/out", "-j", "1"),
        2,
        usage(
            "archive",
            "--output",
            f"archive/a/out is inside the issue folder archive/a ({ARCHIVE_READS})",
        ),
    ),
    Case(
        "archive -o an issue",
        ("archive", "archive", "-o", "archive/a", "-j", "1"),
        2,
        usage(
            "archive",
            "--output",
            f"archive/a is inside the issue folder archive/a ({ARCHIVE_READS})",
        ),
    ),
    Case(
        "archive -o a link to an issue",
        ("archive", "archive", "-o", "out-link", "-j", "1"),
        2,
        usage(
            "archive",
            "--output",
            f"out-link is inside the issue folder archive/a ({ARCHIVE_READS})",
        ),
    ),
    Case(
        "archive --index-only -o inside an issue",
        ("archive", "archive", "-o", "archive/a/out", "--index-only", "-j", "1"),
        2,
        usage(
            "archive",
            "--output",
            f"archive/a/out is inside the issue folder archive/a ({ARCHIVE_READS})",
        ),
    ),
    Case(
        "archive -o a file",
        ("archive", "archive", "-o", "archive/a/issue.yaml", "-j", "1"),
        2,
        usage("archive", "--output", f"archive/a/issue.yaml is not a folder ({NOT_A_FOLDER})"),
    ),
    Case(
        "archive -o the fonts",
        ("archive", "archive", "-o", f"{FONTS_DIR}/out", "-j", "1"),
        2,
        usage(
            "archive",
            "--output",
            f"{FONTS_DIR}/out is inside the typesetter's fonts "
            f"folder {FONTS_DIR} ({ARCHIVE_READS})",
        ),
    ),
    Case(
        "archive --report inside an issue",
        ("archive", "archive", "-o", "out", "--report", "archive/a/report.json"),
        2,
        usage(
            "archive",
            "--report",
            f"archive/a/report.json is inside the issue folder archive/a ({ARCHIVE_READS})",
        ),
    ),
    Case(
        "archive --report the catalog",
        ("archive", "archive", "-o", "out", "--report", "out/catalog.json"),
        2,
        usage(
            "archive",
            "--report",
            "out/catalog.json is a file the archive writes itself "
            "(name another file, e.g. out/report.json)",
        ),
    ),
    Case(
        "archive --report a PDF",
        ("archive", "archive", "-o", "out", "--report", "out/old.pdf"),
        2,
        usage(
            "archive",
            "--report",
            "out/old.pdf is a file the archive writes itself "
            "(name another file, e.g. out/report.json)",
        ),
    ),
    Case(
        "archive --report a manifest entry",
        ("archive", "archive", "-o", "out", "--report", "out/manifest/a.json"),
        2,
        usage(
            "archive",
            "--report",
            "out/manifest/a.json is a file the archive writes "
            "itself (name another file, e.g. out/report.json)",
        ),
    ),
    Case(
        "archive --report the output folder",
        ("archive", "archive", "-o", "out", "--report", "out"),
        2,
        usage(
            "archive",
            "--report",
            "out is a folder, not a regular file (name the file to write, e.g. out/report.json)",
        ),
    ),
    Case(
        "archive --report /dev/full",
        ("archive", "archive", "-o", "out", "--report", "/dev/full"),
        2,
        usage("archive", "--report", f"/dev/full is a device, not a regular file ({REPLACE})"),
    ),
    # import -o
    Case(
        "import -o a file",
        ("import", "text.txt", "-o", "text.txt"),
        2,
        usage("import", "--output", f"text.txt is not a folder ({NOT_A_FOLDER})"),
    ),
    Case(
        "import -o /dev/null",
        ("import", "text.txt", "-o", "/dev/null"),
        2,
        usage("import", "--output", f"/dev/null is not a folder ({NOT_A_FOLDER})"),
    ),
    Case(
        "import -o inside an issue",
        ("import", "text.txt", "-o", "issue/sub"),
        2,
        usage(
            "import",
            "--output",
            "issue/sub is inside the issue folder issue (an issue "
            "folder holds one issue: import next to it)",
        ),
    ),
    Case(
        "import over its own text",
        ("import", "imp/issue.yaml", "-o", "imp", "--force"),
        2,
        usage(
            "import",
            "--output",
            "importing into imp would replace the text file "
            "imp/issue.yaml (move the text file out of that folder first)",
        ),
    ),
    Case(
        "import over its own text in articles",
        ("import", "imp/articles/src.md", "-o", "imp", "--force"),
        2,
        usage(
            "import",
            "--output",
            "importing into imp would replace the text file "
            "imp/articles/src.md (move the text file out of that folder first)",
        ),
    ),
    Case(
        "import -o the layouts",
        ("import", "text.txt", "-o", f"{LAYOUTS_DIR}/new"),
        2,
        usage(
            "import",
            "--output",
            f"{LAYOUTS_DIR}/new is inside the typesetter's layouts "
            f"folder {LAYOUTS_DIR} (the typesetter reads that folder: write elsewhere)",
        ),
    ),
    # writes that fail, or used to
    Case(
        "full disk",
        ("build", "issue", "-o", "out/old.pdf"),
        1,
        "out/old.pdf: could not write the file (No space left on device) (the disk is full: "
        f"free some space and try again)\n{ERROR_1}",
        full_disk=True,
    ),
    Case(
        "an 82-character Chinese folder name",
        ("build", LONG),
        0,
        "",
        writes=(f"out/{LONG}.pdf",),
    ),
    Case(
        "a link to a regular file is replaced, not followed",
        ("build", "issue", "-o", "keep-link.pdf"),
        0,
        "",
        writes=("keep-link.pdf",),
    ),
]


def snapshot(folder: Path) -> dict[str, tuple[str, bytes | str]]:
    """Every entry under ``folder`` (hidden ones too), as what it is and what it holds."""
    entries: dict[str, tuple[str, bytes | str]] = {}
    for current, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(current) / name
            relative = str(path.relative_to(folder))
            mode = path.lstat().st_mode
            if stat.S_ISLNK(mode):
                entries[relative] = ("link", os.readlink(path))
            elif stat.S_ISDIR(mode):
                entries[relative] = ("folder", "")
            elif stat.S_ISREG(mode):
                entries[relative] = ("file", path.read_bytes())
            else:
                entries[relative] = ("special", str(stat.S_IFMT(mode)))
    return entries


def run(case: Case, folder: Path) -> subprocess.CompletedProcess[str]:
    """``typesetter ARGS`` in ``folder`` (with every fsync failing, for a full disk)."""
    start = ["-c", FULL_DISK] if case.full_disk else ["-m", "typesetter"]
    command = [sys.executable, *start, *case.args]
    return subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_nothing_destroyed(case: Case, folder: Path) -> None:
    before = snapshot(folder)
    done = run(case, folder)
    output = done.stdout + done.stderr
    assert done.returncode == case.code, output
    assert "Traceback" not in output and "internal error" not in output, output
    assert done.stderr == case.stderr.replace("<ROOT>", str(folder.resolve()))
    after = snapshot(folder)
    assert after[os.path.join("out", "old.pdf")] == ("file", EARLIER)
    for written in case.writes:
        kind, data = after.pop(written)
        assert kind == "file" and isinstance(data, bytes) and data.startswith(b"%PDF-"), written
        before.pop(written, None)
        assert done.stdout.startswith(f"{written}: "), done.stdout
    assert after == before  # nothing else written, replaced or left behind
    assert stat.S_ISCHR(os.stat("/dev/full").st_mode)


# --- in-process: the atomic write and the layout's limits --------------------------------


def test_a_long_name_gets_a_short_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / f"{'中' * 83}.pdf"  # 253 bytes: the longest name ending .pdf
    write_atomic(target, b"%PDF-new")
    assert target.read_bytes() == b"%PDF-new"
    assert [p.name for p in tmp_path.iterdir()] == [target.name]


def test_a_failed_write_names_the_output_and_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "old.pdf"
    target.write_bytes(EARLIER)

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(WriteError) as caught:
        write_atomic(target, b"%PDF-new")
    assert caught.value.filename == str(target)
    assert str(caught.value.problem()) == (
        f"{target}: could not write the file (No space left on device) "
        "(the disk is full: free some space and try again)"
    )
    assert isinstance(caught.value, OSError) and caught.value.errno == errno.ENOSPC
    assert [p.name for p in tmp_path.iterdir()] == ["old.pdf"]
    assert target.read_bytes() == EARLIER


def test_a_missing_folder_on_the_way_is_a_write_error(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    with pytest.raises(WriteError) as caught:
        write_atomic(tmp_path / "file" / "x.pdf", b"%PDF-new")
    assert caught.value.filename == str(tmp_path / "file" / "x.pdf")
    assert str(caught.value.problem()).endswith(
        "could not write the file (Not a directory) (a folder on the way is a file)"
    )


def write_layout(root: Path, text: str) -> Path:
    path = root / "x" / "layout.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_layout_yaml_values_past_the_limits_are_located(tmp_path: Path) -> None:
    path = write_layout(
        tmp_path,
        "name: x\n"
        "page_size: 0mm×0mm\n"
        "bleed: 5000mm\n"
        "body_size: 72pt\n"
        "band_top: 1m\n"
        "pad_to: 1000\n"
        "margins:\n"
        "  top: 300mm\n",
    )
    with pytest.raises(LayoutError) as caught:
        load_layout("x", root=tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:2: page_size: each side must be 50–1000 mm, not 0mm×0mm",
        f"{path}:8: top: must be 0–200 mm, not 300mm",
        f"{path}:4: body_size: must be 6–24 pt, not 72pt",
        f"{path}:5: band_top: not a length: '1m' (write a number and a unit: mm, cm, pt, in, px)",
        f"{path}:3: bleed: must be 0–20 mm, not 5000mm",
        f"{path}:6: pad_to: must be at most 64, not 1000",
    ]


def test_margins_that_leave_no_room_are_located(tmp_path: Path) -> None:
    path = write_layout(
        tmp_path,
        "name: x\npage_size: A5\nmargins:\n  inner: 60mm\n  outer: 50mm\n",
    )
    with pytest.raises(LayoutError) as caught:
        load_layout("x", root=tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:3: margins: leave 38 mm × 170 mm for text on the 148 mm × 210 mm page "
        "(at least 40 mm × 40 mm) (make the margins smaller or the page larger)"
    ]


def test_the_limits_themselves_are_accepted(tmp_path: Path) -> None:
    write_layout(
        tmp_path,
        "name: x\n"
        "page_size: 50mm×1000mm\n"
        "bleed: 20mm\n"
        "body_size: 24pt\n"
        "band_top: 0mm\n"
        "pad_to: 64\n"
        "margins: {top: 0mm, bottom: 0mm, inner: 5mm, outer: 5mm}\n",
    )
    (tmp_path / "x" / "issue.html.j2").write_text("", encoding="utf-8")  # a whole layout
    options = load_layout("x", root=tmp_path).options
    assert (options.page_size, options.bleed, options.pad_to) == ("50mm×1000mm", "20mm", 64)
