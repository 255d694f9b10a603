"""Careless and hostile archives (issue 11): one bad file fails its own issue, named at its
path, and never stops the run, hangs it, or silently shrinks the archive.

Every case is a row of ``CASES``: an issue folder bent one way and the exact messages the
archive prints for it. All rows run in ONE ``typesetter archive`` invocation, beside two
good issues that must still be built; the invocation is run a second time, because a
malformed manifest used to fail every later run too. A full disk (ENOSPC) is simulated in
the CLI's own process (``os.fsync`` fails once the first PDF is in place) in ``DISK_FULL``.

Root: CI runs the tests as root, and root reads a chmod-000 file anyway (it bypasses
permission bits through CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH). The archive is therefore
run with those two capabilities dropped from its bounding set before ``exec``: root is then
held to the owner bits of its own files, as an editor is. (Switching to ``nobody`` is not
possible here: the interpreter lives under /root.) The unreadable rows check that this
worked: had the drop failed, those issues would be built, not refused.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import re
import shutil
import socket
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import PNG, write_issue

from typesetter.archive import ArchiveOptions, discover, plan
from typesetter.archive.catalog import merge_catalogs
from typesetter.archive.fingerprint import Hasher, issue_files
from typesetter.archive.manifest import Manifest
from typesetter.archive.run import fingerprinter_for
from typesetter.layouts import available_layouts
from typesetter.resources import FONTS_DIR

REPO = Path(__file__).resolve().parent.parent
IS_ROOT = os.geteuid() == 0
_PR_CAPBSET_DROP = 24
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2

READ_HINT = "(make it readable, or remove it from the issue folder)"
LINK_HINT = "(remove the link, or put the file it names in its place)"
OUT_HINT = "(nothing outside the issue folder is read: copy the file in instead)"
KIND_HINT = "(only files are read: remove it from the issue folder)"
FULL_HINT = "(the disk is full: free some space and run the archive again)"
ENOSPC = "could not write the file (No space left on device)"


def drop_root_overrides() -> None:
    """In the child before exec: as root, lose the capabilities that ignore file modes."""
    if not IS_ROOT:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def run_archive_cli(
    *args: str, boot: str | None = None, code: Path = REPO
) -> subprocess.CompletedProcess[str]:
    """``typesetter archive ARGS`` in a fresh process, as ``conftest.run_cli`` runs it, but
    held to file modes even as root; ``boot`` runs first in that process (the disk-full
    simulation) and then the same CLI entry point; ``code``: the checkout to run."""
    command = ["-m", "typesetter"] if boot is None else ["-c", boot]
    return subprocess.run(
        [sys.executable, *command, "archive", *args],
        cwd=code,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=drop_root_overrides,
    )


# --- the cases --------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """An issue folder ``h-<name>``, bent by ``bend(issue, base)``, and the messages it
    must give (``{issue}``: the issue folder as the CLI shows it)."""

    name: str
    bend: Callable[[Path, Path], None]
    messages: tuple[str, ...]


def link(relative: str, target: str) -> Callable[[Path, Path], None]:
    return lambda issue, base: (issue / relative).symlink_to(target)


def fifo(relative: str) -> Callable[[Path, Path], None]:
    def bend(issue: Path, base: Path) -> None:
        (issue / relative).unlink(missing_ok=True)
        os.mkfifo(issue / relative)

    return bend


def unix_socket(issue: Path, base: Path) -> None:
    server = socket.socket(socket.AF_UNIX)
    server.bind(os.path.relpath(issue / "images" / "s", Path.cwd()))  # sun_path is short
    server.close()


def device(issue: Path, base: Path) -> None:
    os.mknod(issue / "images" / "null.png", 0o644 | stat.S_IFCHR, os.makedev(1, 3))


def locked(relative: str) -> Callable[[Path, Path], None]:
    return lambda issue, base: (issue / relative).chmod(0)


def loop(issue: Path, base: Path) -> None:
    (issue / "images" / "a.png").symlink_to("b.png")
    (issue / "images" / "b.png").symlink_to("a.png")


def outside_layout(issue: Path, base: Path) -> None:
    """A layout name that walks out of layouts/ into a folder with a FIFO in it (the
    fingerprint used to hash that folder, and hung on the FIFO)."""
    evil = base / "evil"
    evil.mkdir()
    (evil / "layout.yaml").write_text("name: evil\n")
    os.mkfifo(evil / "pipe.css")
    name = os.path.relpath(evil, base / "code" / "layouts")
    text = (issue / "issue.yaml").read_text(encoding="utf-8")
    (issue / "issue.yaml").write_text(text.replace("layout: newsletter", f"layout: {name}"))


ARTICLE = "articles/01-guowuyuan.md"
CASES = [
    Case(
        "dangling",
        link("images/gone.png", "missing.png"),
        (
            "{issue}/images/gone.png: broken link (to 'missing.png', which does not exist) "
            + LINK_HINT,
        ),
    ),
    Case(
        "loop",
        loop,
        (
            f"{{issue}}/images/a.png: broken link (to 'b.png', a loop of links) {LINK_HINT}",
            f"{{issue}}/images/b.png: broken link (to 'a.png', a loop of links) {LINK_HINT}",
        ),
    ),
    Case(
        "passwd",
        link("images/passwd.png", "/etc/passwd"),
        (
            "{issue}/images/passwd.png: links outside the issue folder (to '/etc/passwd') "
            + OUT_HINT,
        ),
    ),
    Case(
        "zero",
        link("images/zero.png", "/dev/zero"),
        (f"{{issue}}/images/zero.png: links outside the issue folder (to '/dev/zero') {OUT_HINT}",),
    ),
    Case(
        "sibling",
        link(ARTICLE.replace("01-guowuyuan", "03-borrowed"), f"../../2023-01/{ARTICLE}"),
        (
            "{issue}/articles/03-borrowed.md: links outside the issue folder "
            f"(to '../../2023-01/{ARTICLE}') {OUT_HINT}",
        ),
    ),
    Case(
        "etc",
        link("images/etc", "/etc"),
        (f"{{issue}}/images/etc: links outside the issue folder (to '/etc') {OUT_HINT}",),
    ),
    Case(
        "fifo",
        fifo("images/pipe.png"),
        (f"{{issue}}/images/pipe.png: not a regular file (a FIFO) {KIND_HINT}",),
    ),
    Case(
        "fifo-yaml",
        fifo("issue.yaml"),
        (f"{{issue}}/issue.yaml: not a regular file (a FIFO) {KIND_HINT}",),
    ),
    Case(
        "socket",
        unix_socket,
        (f"{{issue}}/images/s: not a regular file (a socket) {KIND_HINT}",),
    ),
    Case(
        "yaml-locked",
        locked("issue.yaml"),
        (f"{{issue}}/issue.yaml: cannot read the file (Permission denied) {READ_HINT}",),
    ),
    Case(
        "article-locked",
        locked(ARTICLE),
        (f"{{issue}}/{ARTICLE}: cannot read the file (Permission denied) {READ_HINT}",),
    ),
    Case(
        "images-locked",
        locked("images"),
        (f"{{issue}}/images: cannot read the folder (Permission denied) {READ_HINT}",),
    ),
    Case(
        "locked",  # the whole issue folder: discovery cannot even see it is one
        locked("."),
        (
            "{issue}: cannot read the folder (Permission denied) "
            "(any issue in it is left out: make it readable)",
        ),
    ),
    Case(
        # A path is a layout folder (docs/layouts.md); a build is tried, and the folder's
        # FIFO is never opened: it is no layout, as it has no templates.
        "layout",
        outside_layout,
        (
            "{issue}/{layout}/layout.yaml: layout 'evil' has no template issue.html.j2 "
            "(extend a layout that has it (extends: newsletter), or add it)",
        ),
    ),
]
if IS_ROOT:  # only root may make a device node
    CASES.append(
        Case(
            "device",
            device,
            (f"{{issue}}/images/null.png: not a regular file (a character device) {KIND_HINT}",),
        )
    )

#: Issue folders the archive must build; 2023-02 has a malformed manifest entry, 2023-01
#: links that stay inside it (a picture under a second name, a folder link back to itself).
GOOD = ["2023-01", "2023-02"]
STAND_IN = b"%PDF-1.7 an earlier build of "


@dataclass
class Hostile:
    base: Path
    root: Path
    out: Path
    report: Path
    before: dict[str, Any]
    runs: list[subprocess.CompletedProcess[str]]
    reports: list[dict[str, Any]]
    fingerprint: str


def snapshot(folder: Path) -> dict[str, Any]:
    """Every entry under ``folder`` (not following links): its kind, size and contents'
    mtime — what a run must leave as it was."""
    seen: dict[str, Any] = {}
    for current, dirs, files in os.walk(folder):
        for name in dirs + files:
            info = os.lstat(Path(current) / name)
            seen[os.path.relpath(Path(current) / name, folder)] = (
                stat.S_IFMT(info.st_mode),
                info.st_size,
                info.st_mtime_ns,
            )
    return seen


def copy_code(base: Path) -> Path:
    """A copy of the checkout's code and data (the fonts linked) that the CLI runs from:
    what the fingerprints cover cannot change under the test while others edit the tree."""
    code = base / "code"
    ignore = shutil.ignore_patterns("__pycache__")
    for name in ("typesetter", "layouts", "color"):
        shutil.copytree(REPO / name, code / name, ignore=ignore)
    (code / "fonts").symlink_to(FONTS_DIR)
    return code


def fingerprint_of(root: Path, out: Path, code: Path, name: str) -> str:
    """The fingerprint the archive (run from ``code``) gives issue ``name`` now."""
    options = ArchiveOptions(
        root,
        out,
        layouts_dir=code / "layouts",
        fonts_dir=code / "fonts",
        package_dir=code / "typesetter",
    )
    folders = [f for f in discover(root, unreadable=[]) if f.name == name]
    manifest = Manifest(out)
    [task], _ = plan(folders, fingerprinter_for(options, manifest), manifest, options)
    return task.fingerprint


def make_archive(base: Path, code: Path) -> tuple[Path, Path, str]:
    """The archive, its output folder, and the fingerprint of 2023-02 (whose manifest
    entry holds it with a malformed record: trusted, it would be skipped and break the
    catalog of every run)."""
    root, out = base / "content", base / "out"
    write_issue(root, name="2023-01", issue={"number": 1}, images={"images/logo.png": PNG})
    (root / "2023-01" / "images" / "logo-again.png").symlink_to("logo.png")
    (root / "2023-01" / "images" / "again").symlink_to(".")
    write_issue(root, name="2023-02", issue={"number": 2, "date": "2023-09-20"})
    for number, case in enumerate(CASES, start=3):
        issue = write_issue(
            root, name=f"h-{case.name}", issue={"number": number}, images={"images/a.png": PNG}
        )
        (issue / "images" / "a.png").unlink()
        case.bend(issue, base)
        out.mkdir(exist_ok=True)
        (out / f"h-{case.name}.pdf").write_bytes(STAND_IN + case.name.encode())
    # a malformed manifest: 2023-02's entry is up to date but its record is a string;
    # the hash cache values are of the wrong type (under the fonts every run hashes)
    fingerprint = fingerprint_of(root, out, code, "2023-02")
    pdf = STAND_IN + b"2023-02"
    (out / "2023-02.pdf").write_bytes(pdf)
    entry = {"fingerprint": fingerprint, "file": "2023-02.pdf", "size": len(pdf)}
    entry |= {"sha256": hashlib.sha256(pdf).hexdigest(), "record": "abc"}
    (out / "manifest" / "2023-02.json").write_text(json.dumps(entry))
    cache: dict[str, Any] = {str(code / "fonts" / p.name): 5 for p in FONTS_DIR.iterdir()}
    cache[str(code / "fonts" / "LICENSE-OFL.txt")] = [1, 2, 3]
    (out / "manifest" / "_hash-cache.json").write_text(json.dumps(cache))
    return root, out, fingerprint


def restore_modes(folder: Path) -> None:
    """Give back what the cases locked, so that the folder can be removed (each folder is
    opened before the walk goes into it)."""
    for current, dirs, _ in os.walk(folder):
        for name in dirs:
            path = Path(current) / name
            if not path.is_symlink():
                path.chmod(0o755)
    for path in folder.rglob("*"):
        if path.is_file() and not path.is_symlink():
            path.chmod(0o644)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Hostile]:
    base = tmp_path_factory.mktemp("hostile")
    code = copy_code(base)
    root, out, fingerprint = make_archive(base, code)
    before = outside_the_output(base)
    report = base / "report.json"
    runs, reports = [], []
    for _ in range(2):
        report.unlink(missing_ok=True)
        args = (str(root), "-o", str(out), "-j", "1", "--report", str(report))
        runs.append(run_archive_cli(*args, code=code))
        reports.append(json.loads(report.read_text(encoding="utf-8")) if report.exists() else {})
    yield Hostile(base, root, out, report, before, runs, reports, fingerprint)
    restore_modes(root)


def expected(hostile: Hostile) -> list[str]:
    lines = []
    for case in CASES:
        issue = str(hostile.root / f"h-{case.name}")
        layout = os.path.relpath(hostile.base / "evil", hostile.base / "code" / "layouts")
        known = ", ".join(available_layouts(hostile.base / "code" / "layouts"))
        lines += [m.format(issue=issue, layout=layout, available=known) for m in case.messages]
    return sorted(lines)


@pytest.mark.parametrize("run", [0, 1], ids=["first run", "second run"])
def test_every_case_fails_its_own_issue_with_its_message(hostile: Hostile, run: int) -> None:
    done = hostile.runs[run]
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr
    assert "internal error" not in done.stderr
    lines = done.stderr.splitlines()
    assert sorted(lines[:-1]) == expected(hostile)
    built, skipped = (2, 0) if run == 0 else (0, 2)
    failed = len(CASES) - 1  # the locked folder is not found as an issue: a run problem
    summary = f"archive: built={built} skipped={skipped} failed={failed} "
    assert lines[-1].startswith(summary), lines[-1]


def test_the_good_issues_are_built_and_indexed(hostile: Hostile) -> None:
    first, second = hostile.reports
    statuses = {issue["name"]: issue["status"] for issue in first["issues"]}
    assert statuses == {
        "2023-01": "built",
        "2023-02": "built",  # its malformed entry: stale, rebuilt
        **{f"h-{case.name}": "failed" for case in CASES if case.name != "locked"},
    }
    assert {i["name"]: i["status"] for i in second["issues"] if i["name"] in GOOD} == {
        "2023-01": "skipped",
        "2023-02": "skipped",
    }
    catalog = json.loads((hostile.out / "catalog.json").read_text(encoding="utf-8"))["issues"]
    assert [record["name"] for record in catalog] == GOOD
    for record in catalog:
        data = (hostile.out / record["file"]).read_bytes()
        assert data.startswith(b"%PDF-") and not data.startswith(STAND_IN)
        assert hashlib.sha256(data).hexdigest() == record["sha256"]
    index = (hostile.out / "index.html").read_text(encoding="utf-8")
    newest_first = [f"{n}.pdf" for n in reversed(GOOD)]
    assert re.findall(r'href="([^"]+)"', index) == ["annual-2023.pdf", *newest_first]
    assert first["problems"] == [
        f"{hostile.root}/h-locked: cannot read the folder (Permission denied) "
        "(any issue in it is left out: make it readable)"
    ]


def test_the_malformed_manifest_is_rewritten(hostile: Hostile) -> None:
    manifest = Manifest(hostile.out)
    entry = manifest.entry("2023-02")
    assert entry is not None and entry.record["name"] == "2023-02"
    # rebuilt for its record alone: the fingerprint it had was the right one
    assert entry.fingerprint == hostile.fingerprint
    cache = json.loads((hostile.out / "manifest" / "_hash-cache.json").read_text())
    assert cache and all(isinstance(v, list) and len(v[2]) == 64 for v in cache.values())
    assert str(hostile.base / "code" / "fonts" / "LICENSE-OFL.txt") not in cache  # small


def outside_the_output(base: Path) -> dict[str, Any]:
    """What a run must not touch: the archive, the folder its layout case points at, and
    which files there are beside them."""
    return {
        "content": snapshot(base / "content"),
        "evil": snapshot(base / "evil"),
        "beside": sorted(os.listdir(base)),
    }


def test_nothing_else_is_written_or_changed(hostile: Hostile) -> None:
    after = outside_the_output(hostile.base)
    assert after["content"] == hostile.before["content"]
    assert after["evil"] == hostile.before["evil"]
    assert after["beside"] == sorted([*hostile.before["beside"], "report.json"])
    for case in CASES:  # the earlier PDF of each failed issue is left as it was
        pdf = hostile.out / f"h-{case.name}.pdf"
        assert pdf.read_bytes() == STAND_IN + case.name.encode()
    assert not list(hostile.out.rglob("*.tmp"))


# --- the fingerprint opens nothing it should not ---------------------------------------


def test_nothing_outside_the_issue_folder_is_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    issue = write_issue(tmp_path, name="i", images={"images/a.png": PNG})
    secret = tmp_path / "secret.txt"
    secret.write_text("not the issue's\n")
    os.mkfifo(tmp_path / "pipe")
    (issue / "images" / "secret.png").symlink_to(secret)
    (issue / "images" / "pipe.png").symlink_to(tmp_path / "pipe")
    (issue / "images" / "fifo.png").unlink(missing_ok=True)
    os.mkfifo(issue / "images" / "fifo.png")
    (issue / "images" / "a-again.png").symlink_to("a.png")
    opened: list[str] = []
    real_open = os.open

    def spying_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        opened.append(os.fspath(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", spying_open)
    files = issue_files(issue, "i", Hasher({}))

    assert [str(p) for p in files.problems] == [
        f"i/images/fifo.png: not a regular file (a FIFO) {KIND_HINT}",
        f"i/images/pipe.png: links outside the issue folder (to '{tmp_path}/pipe') {OUT_HINT}",
        f"i/images/secret.png: links outside the issue folder (to '{secret}') {OUT_HINT}",
    ]
    inside = os.path.realpath(issue) + os.sep
    assert opened and all(path.startswith(inside) for path in opened), opened
    assert str(issue / "images" / "a.png") in opened
    assert not [p for p in opened if p.endswith("fifo.png")]


# --- malformed manifests: stale, never trusted ------------------------------------------

GOOD_ENTRY = {"fingerprint": "f" * 64, "file": "x.pdf", "size": 3, "sha256": "0" * 64}
RECORD: dict[str, Any] = {
    "name": "x",
    "publication": "P",
    "publisher": None,
    "year": 2023,
    "number": 1,
    "total": None,
    "date": "2023-01-01",
    "layout": "newsletter",
    "pages": 2,
    "file": "x.pdf",
    "sha256": "0" * 64,
    "edition": "print",
    "articles": [],
}


@pytest.mark.parametrize(
    "text",
    [
        json.dumps({**GOOD_ENTRY, "record": "abc"}),
        json.dumps({**GOOD_ENTRY, "record": {**RECORD, "year": "2023"}}),
        json.dumps({**GOOD_ENTRY, "record": {**RECORD, "articles": [{"title": 1}]}}),
        json.dumps({**GOOD_ENTRY, "record": {**RECORD, "file": "../../etc/passwd"}}),
        json.dumps({**GOOD_ENTRY, "record": {}, "size": "3"}),
        json.dumps({**GOOD_ENTRY, "record": {}, "size": True}),
        json.dumps({**GOOD_ENTRY, "record": {}, "file": "../../etc/passwd"}),
        json.dumps({**GOOD_ENTRY, "record": {}, "extra": 1}),
        json.dumps({**GOOD_ENTRY}),
        json.dumps([GOOD_ENTRY]),
        "{not json",
        "\udcff",
    ],
    ids=[
        "record-string",
        "record-year-string",
        "record-article-shape",
        "record-file-escapes",
        "size-string",
        "size-bool",
        "file-escapes",
        "extra-key",
        "no-record",
        "a-list",
        "not-json",
        "not-utf8",
    ],
)
def test_a_malformed_entry_is_stale(tmp_path: Path, text: str) -> None:
    (tmp_path / "manifest").mkdir()
    (tmp_path / "manifest" / "x.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    (tmp_path / "x.pdf").write_bytes(b"pdf")
    manifest = Manifest(tmp_path)
    assert manifest.entry("x") is None
    assert manifest.fresh("x", "f" * 64) is None
    (tmp_path / "manifest" / "x.json").write_text(json.dumps({**GOOD_ENTRY, "record": RECORD}))
    assert manifest.fresh("x", "f" * 64) is not None, "the well-formed entry is trusted"


def test_malformed_hash_cache_values_are_dropped(tmp_path: Path) -> None:
    good = [3, 4, "a" * 64]
    values = {"a": 5, "b": "abc", "c": [1, 2], "d": [1, "2", "a" * 64], "e": [1, 2, "zz"]}
    (tmp_path / "manifest").mkdir()
    (tmp_path / "manifest" / "_hash-cache.json").write_text(json.dumps({**values, "ok": good}))
    assert Manifest(tmp_path).hash_cache() == {"ok": good}
    (tmp_path / "manifest" / "_hash-cache.json").write_text("[1, 2]")
    assert Manifest(tmp_path).hash_cache() == {}


# --- a full disk ---------------------------------------------------------------------------

#: Runs the CLI after making ``os.fsync`` fail with ENOSPC once the first PDF has been
#: renamed into place: FAILURES times, or for good (-1). Every file the product writes
#: goes through write_atomic (write, fsync, rename), so this is where a full disk shows.
DISK_FULL = """
import errno, os, sys
failures = int(os.environ["FAILURES"])
state = {"full": False}
real_fsync, real_replace = os.fsync, os.replace
def replace(source, target, *args, **kwargs):
    global failures
    real_replace(source, target, *args, **kwargs)
    if os.fspath(target).endswith(".pdf") and failures:
        state["full"] = True
def fsync(descriptor):
    global failures
    if state["full"]:
        failures -= 1
        state["full"] = failures != 0
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    real_fsync(descriptor)
os.fsync, os.replace = fsync, replace
sys.argv[0] = "typesetter"
from typesetter.cli import main
main()
"""


@dataclass(frozen=True)
class DiskCase:
    name: str
    failures: int
    messages: tuple[str, ...]
    indexed: bool


DISK_CASES = [
    DiskCase(
        "full after the PDF, for a moment",
        1,
        (f"{{out}}/manifest/2023-01.json: {ENOSPC} {FULL_HINT}",),
        indexed=True,
    ),
    DiskCase(
        "full after the PDF, for good",
        -1,
        (
            f"{{out}}/manifest/2023-01.json: {ENOSPC} {FULL_HINT}",
            f"{{out}}/catalog.json: {ENOSPC} {FULL_HINT}",
            f"{{out}}/annual-2023.pdf: {ENOSPC} {FULL_HINT}",
            f"{{out}}/index.html: {ENOSPC} {FULL_HINT}",
        ),
        indexed=False,
    ),
]


@pytest.mark.parametrize("case", DISK_CASES, ids=[c.name for c in DISK_CASES])
def test_a_full_disk_after_a_pdf(tmp_path: Path, case: DiskCase, monkeypatch: Any) -> None:
    write_issue(tmp_path / "content", name="2023-01", issue={"number": 1})
    out = tmp_path / "out"
    out.mkdir()
    earlier = {"catalog.json": b'{"issues": []}\n', "index.html": b"<!DOCTYPE html>earlier"}
    for name, data in earlier.items():
        (out / name).write_bytes(data)
    monkeypatch.setenv("FAILURES", str(case.failures))

    done = run_archive_cli(str(tmp_path / "content"), "-o", str(out), "-j", "1", boot=DISK_FULL)

    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    lines = done.stderr.splitlines()
    assert sorted(lines[:-1]) == sorted(m.format(out=out) for m in case.messages)
    assert lines[-1].startswith("archive: built=1 skipped=0 failed=0 "), lines[-1]
    pdf = (out / "2023-01.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert not list(out.rglob("*.tmp")), "no temporary file is left behind"
    if case.indexed:  # the catalog and index describe what was built
        [record] = json.loads((out / "catalog.json").read_text(encoding="utf-8"))["issues"]
        assert record["sha256"] == hashlib.sha256(pdf).hexdigest()
        assert 'href="2023-01.pdf"' in (out / "index.html").read_text(encoding="utf-8")
        assert (out / "annual-2023.pdf").is_file()
    else:  # what could not be written is left as it was
        for name, data in earlier.items():
            assert (out / name).read_bytes() == data
        assert not (out / "annual-2023.pdf").exists()
    assert not (out / "manifest" / "2023-01.json").exists(), "rebuilt next time"


def test_malformed_catalogs_are_not_trusted_when_merging(tmp_path: Path) -> None:
    good = {**RECORD, "name": "b", "file": "b.pdf"}
    shards = {
        "catalog.shard-1-of-3.json": "{not json",
        "catalog.shard-2-of-3.json": json.dumps({"issues": ["abc", {**RECORD, "year": "x"}]}),
        "catalog.shard-3-of-3.json": json.dumps(
            {"issues": [{**RECORD, "file": "../../etc/passwd"}, good]}
        ),
    }
    for name, text in shards.items():
        (tmp_path / name).write_text(text)
    os.mkfifo(tmp_path / "catalog.json")  # never opened: it would block

    assert merge_catalogs(tmp_path) == {"b": good}
