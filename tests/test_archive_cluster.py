"""``typesetter archive --cluster``: the archive on Dask distributed (archive/cluster.py).

One small archive (five issues, one of them with a warning, and a broken one) is built
once with ``-j 1`` as the reference. ``--cluster local:2`` must give the same bytes; a
module-scoped LocalCluster (processes, 2 workers) serves the fault tests: a worker killed
mid-run, the client killed with SIGKILL and rerun. Skipped without Dask installed.
"""

from __future__ import annotations

import dataclasses
import io
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, run_cli, write_issue

from typesetter.archive import ArchiveOptions, run_archive
from typesetter.archive import cluster as cluster_module
from typesetter.archive.cluster import (
    ClusterError,
    ClusterSpec,
    LayoutProblem,
    Payload,
    environment,
    pack,
    parse_cluster,
    place_of,
    run_remote,
    unpack,
)
from typesetter.archive.report import print_summary
from typesetter.archive.worker import Task
from typesetter.errors import UsageError
from typesetter.resources import LAYOUTS_DIR

distributed = pytest.importorskip("distributed")

ISSUES = ["2023-01", "2023-02", "2023-03", "2023-04", "2023-05"]
BROKEN = "2023-09"
DRAFT = "articles/99-draft.md"
NOT_LISTED = "warning: not listed in issue.yaml (add it to a section of issue.yaml or delete it)"


def write_archive(root: Path) -> None:
    for number, name in enumerate(ISSUES, start=1):
        files = {DRAFT: "---\ntitle: 草稿\n---\n草稿。\n"} if name == "2023-05" else None
        write_issue(root, name=name, issue={"number": number, "total": 300 + number}, files=files)
    write_issue(
        root,
        name=BROKEN,
        articles={"01": "---\ntitle: 好\n---\n正文。\n", "02": "---\ntitle: [\n---\n正文。\n"},
    )


LocalRun = tuple[subprocess.CompletedProcess[str], Path, dict[str, Any]]


@dataclass
class Reference:
    root: Path
    out: Path
    pdfs: dict[str, bytes]
    #: Fingerprint inputs: copies of the code and layouts, so that edits to the work tree
    #: while the tests run cannot make a rerun rebuild (rendering uses the real ones).
    inputs: dict[str, Any]


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> Reference:
    """The archive built with -j 1 (in this process): the bytes every cluster run must give."""
    base = tmp_path_factory.mktemp("cluster")
    root, out = base / "content", base / "out-j1"
    write_archive(root)
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "typesetter", base / "code" / "typesetter", ignore=ignore)
    shutil.copytree(LAYOUTS_DIR, base / "code" / "layouts", ignore=ignore)
    inputs: dict[str, Any] = {
        "package_dir": base / "code" / "typesetter",
        "layouts_dir": base / "code" / "layouts",
    }
    result = run_archive(ArchiveOptions(root, out, jobs=1, **inputs))
    assert result.count("built") == len(ISSUES) and result.count("failed") == 1
    pdfs = {path.name: path.read_bytes() for path in out.glob("*.pdf")}
    assert len(pdfs) == len(ISSUES) + 1  # and the annual index
    return Reference(root, out, pdfs, inputs)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    """A LocalCluster of two worker processes (with nannies: a killed worker is restarted)."""
    import logging

    local = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    try:
        yield local.scheduler_address
    finally:
        local.close()


def pdfs_of(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in out.glob("*.pdf")}


def broken_line(root: Path) -> str:
    return f"{root}/{BROKEN}/articles/02.md:2: broken YAML at column 9"


# --- the whole job through --cluster local:2 ---------------------------------------------


@pytest.fixture(scope="module")
def local_run(
    reference: Reference,
) -> tuple[subprocess.CompletedProcess[str], Path, dict[str, Any]]:
    out = reference.out.parent / "out-local"
    report = reference.out.parent / "local.json"
    done = run_cli(
        "archive",
        str(reference.root),
        "-o",
        str(out),
        "--cluster",
        "local:2",
        "--report",
        str(report),
        "--verbose",
    )
    assert report.is_file(), done.stderr
    return done, out, json.loads(report.read_text(encoding="utf-8"))


def test_local_cluster_builds_the_same_bytes_as_j1(
    reference: Reference, local_run: LocalRun
) -> None:
    done, out, report = local_run
    assert done.returncode == 1, done.stderr  # the broken issue
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert pdfs_of(out) == reference.pdfs
    for name in ("catalog.json", "index.html"):
        assert (out / name).read_bytes() == (reference.out / name).read_bytes(), name
    assert (report["built"], report["skipped"], report["failed"]) == (5, 0, 1)
    assert report["jobs"] == 2


def test_a_broken_issue_is_reported_with_file_and_line_and_the_run_goes_on(
    reference: Reference, local_run: LocalRun
) -> None:
    done, _, _ = local_run
    lines = done.stderr.splitlines()
    assert any(line.startswith(broken_line(reference.root)) for line in lines), done.stderr
    assert f"{reference.root}/2023-05/{DRAFT}: {NOT_LISTED}" in lines


def test_the_summary_names_the_output_and_index_and_memory_when_verbose(
    local_run: LocalRun,
) -> None:
    done, out, _ = local_run
    last = done.stderr.splitlines()[-1]
    assert last.startswith("archive: built=5 skipped=0 failed=1 "), last
    assert f" output={out} index={out}/index.html" in last
    assert " peak_rss_mb_per_worker=" in last  # --verbose


def test_skipped_issues_keep_their_warnings(reference: Reference) -> None:
    """A rerun with nothing to build reports the warnings the manifest kept (no cluster is
    started: nothing is sent)."""
    report_file = reference.out.parent / "again.json"
    options = ArchiveOptions(reference.root, reference.out, jobs=1, **reference.inputs)
    result = run_archive(options)
    assert result.count("skipped") == len(ISSUES)
    by_name = {issue.name: issue for issue in result.issues}
    assert [str(w) for w in by_name["2023-05"].warnings] == [
        f"{reference.root}/2023-05/{DRAFT}: {NOT_LISTED}"
    ]
    assert by_name["2023-01"].warnings == []
    report = result.to_json()
    report_file.write_text(json.dumps(report))
    [issue] = [i for i in report["issues"] if i["name"] == "2023-05"]
    assert issue["status"] == "skipped" and len(issue["warnings"]) == 1
    stream = io.StringIO()
    print_summary(result, stream)  # not --verbose: no memory
    out = reference.out
    assert stream.getvalue().startswith("archive: built=0 skipped=5 failed=1 ")
    assert stream.getvalue().endswith(f" output={out} index={out}/index.html\n")


# --- faults, on the module's LocalCluster ------------------------------------------------


#: The client that is killed: run_archive with the test's options (their repr).
KILLED_CLIENT = """
import sys
from pathlib import Path
from typesetter.archive import ArchiveOptions, run_archive
from typesetter.archive.cluster import ClusterSpec
root, out, address, package_dir, layouts_dir = sys.argv[1:]
spec = ClusterSpec(address=address)
run_archive(ArchiveOptions(Path(root), Path(out), cluster=spec, package_dir=Path(package_dir),
                           layouts_dir=Path(layouts_dir)))
"""


class KillOneWorker:
    """A listener that, when the first issue comes back, SIGKILLs a worker that is
    building one (its nanny starts a new one; the scheduler gives the task to a worker)."""

    def __init__(self, address: str) -> None:
        self.address = address
        self.killed: int | None = None
        self.was_processing: list[str] = []

    def planned(self, total: int, to_build: int) -> None:
        pass

    def started(self, task: Any) -> None:
        pass

    def finished(self, outcome: Any) -> None:
        if self.killed is not None or outcome.kind != "issue":
            return
        with distributed.Client(self.address, set_as_default=False) as client:
            busy = {w: keys for w, keys in client.processing().items() if keys}
            assert busy, "no worker was building anything"
            worker = sorted(busy)[0]
            self.was_processing = [str(key) for key in busy[worker]]
            pids = client.run(os.getpid, workers=[worker])
            self.killed = pids[worker]
        os.kill(self.killed, signal.SIGKILL)


def test_a_worker_killed_mid_run_loses_nothing(
    reference: Reference, cluster: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    killer = KillOneWorker(cluster)
    options = ArchiveOptions(reference.root, out, cluster=ClusterSpec(address=cluster))

    result = run_archive(options, killer)

    assert killer.killed is not None
    assert any("typesetter-2023-0" in key for key in killer.was_processing)
    assert result.count("built") == len(ISSUES) and result.count("failed") == 1
    [failed] = [issue for issue in result.issues if issue.status == "failed"]
    assert str(failed.problems[0]).startswith(broken_line(reference.root))
    assert pdfs_of(out) == reference.pdfs
    assert not list(out.glob(".*.tmp"))


def test_the_client_killed_mid_run_resumes_from_the_manifest(
    reference: Reference, cluster: str, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    options = ArchiveOptions(
        reference.root, out, cluster=ClusterSpec(address=cluster), **reference.inputs
    )
    code = [str(reference.inputs["package_dir"]), str(reference.inputs["layouts_dir"])]
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_CLIENT, str(reference.root), str(out), cluster, *code],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while not list((out / "manifest").glob("2023-*.json")) and time.monotonic() < deadline:
        assert process.poll() is None, "the run ended before it could be killed"
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()

    # whatever is there is complete: every PDF under its own name is the reference's bytes
    first = pdfs_of(out)
    assert first and len(first) < len(ISSUES) + 1
    assert all(data == reference.pdfs[name] for name, data in first.items())

    again = run_archive(options)
    built, skipped = again.count("built"), again.count("skipped")
    assert built + skipped == len(ISSUES) and skipped >= 1, (built, skipped)
    assert again.count("failed") == 1 and again.exit_code == 1  # the broken issue only
    assert pdfs_of(out) == reference.pdfs
    assert not list(out.glob(".*.tmp")) and not list((out / "manifest").glob(".*.tmp"))


def test_an_unreachable_scheduler_is_an_error_within_the_timeout(
    reference: Reference, tmp_path: Path
) -> None:
    root = tmp_path / "content"
    shutil.copytree(reference.root / "2023-01", root / "2023-01")
    spec = ClusterSpec(address="tcp://127.0.0.1:9")
    options = ArchiveOptions(root, tmp_path / "out", cluster=spec, cluster_timeout=1.5)
    started = time.monotonic()

    with pytest.raises(ClusterError) as raised:
        run_archive(options)

    assert time.monotonic() - started < 15
    assert [str(p) for p in raised.value.problems] == [
        "tcp://127.0.0.1:9: cannot reach the Dask scheduler within 1.5 s (start it with "
        "'dask scheduler', and check the address, the port and the firewall)"
    ]
    assert not list((tmp_path / "out").glob("*.pdf"))


# --- options, the extra, the environment check, the payload ------------------------------


def test_cluster_specs() -> None:
    assert parse_cluster("local:3") == ClusterSpec(local_workers=3)
    assert parse_cluster("tcp://10.0.0.5:8786") == ClusterSpec(address="tcp://10.0.0.5:8786")
    for bad in ("local:0", "10.0.0.5:8786", "local", "tcp://"):
        with pytest.raises(UsageError):
            parse_cluster(bad)


def test_a_bad_cluster_is_a_usage_error(reference: Reference, tmp_path: Path) -> None:
    done = run_cli("archive", str(reference.root), "-o", str(tmp_path / "o"), "--cluster", "x")
    assert done.returncode == 2
    assert "'x' is not a cluster (give the scheduler's address (tcp://HOST:8786)" in done.stderr


def test_without_dask_the_cluster_option_names_the_extra(
    reference: Reference, tmp_path: Path
) -> None:
    code = (
        "import sys; sys.modules['distributed'] = None\n"
        "from typesetter.cli import main; sys.argv[0] = 'typesetter'; main()"
    )
    args = ["archive", str(reference.root), "-o", str(tmp_path / "o"), "--cluster", "local:2"]
    done = subprocess.run(
        [sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert "needs Dask distributed, which is not installed" in done.stderr
    assert "pip install 'typesetter[cluster]'" in done.stderr
    assert not (tmp_path / "o").exists()


def test_a_worker_with_other_fonts_refuses_the_task(reference: Reference, tmp_path: Path) -> None:
    mine = environment()
    other = type(mine)(mine.version, mine.code, "0" * 64, mine.layouts)
    folder = reference.root / "2023-01"
    task = Task("2023-01", "2023-01", folder, str(folder), tmp_path / "2023-01.pdf", "f" * 64)

    returned = run_remote(pack(task, other))

    assert not returned.outcome.ok and returned.data == b""
    [problem] = returned.outcome.problems
    assert str(problem).startswith(f"{folder}: worker ")
    assert "has other fonts than this client: refused, its PDFs would differ (install" in str(
        problem
    )
    assert mine.differences(type(mine)("9.9", "c", mine.fonts, mine.layouts)) == [
        "typesetter 9.9, not " + mine.version
    ]


def test_the_payload_carries_the_folder_and_its_inner_links(tmp_path: Path) -> None:
    folder = write_issue(tmp_path, name="2023-01", files={"notes/a.txt": "甲", ".hidden": "x"})
    (folder / "more").symlink_to("notes", target_is_directory=True)
    task = Task("k", "2023-01", folder, str(folder), tmp_path / "k.pdf", "f" * 64)

    payload = pack(task, environment())
    (tmp_path / "w").mkdir()
    made = unpack(payload, tmp_path / "w")

    names = sorted(path for path, _ in payload.files)
    assert "notes/a.txt" in names and "issue.yaml" in names and ".hidden" not in names
    assert payload.links == (("more", "notes"),)
    assert (made / "more" / "a.txt").read_text() == "甲"
    assert (made / "issue.yaml").read_bytes() == (folder / "issue.yaml").read_bytes()
    bad = Payload(task, payload.environment, (("../evil", b"x"),))
    (tmp_path / "w2").mkdir()
    with pytest.raises(ValueError):
        unpack(bad, tmp_path / "w2")


# --- layouts that are not built in travel with their tasks --------------------------------


OFFICE_LAYOUTS = ROOT / "tests" / "data" / "office" / "layouts"


def write_office(base: Path) -> Path:
    """An office (tests/data/office's ``ourweekly`` beside its issues) with three issues:
    ``ourweekly`` by name; ``../shared/weekly2`` by a relative path, which extends
    ``ourweekly`` by name; ``monthly`` from a folder of TYPESETTER_LAYOUTS (the caller
    sets it to ``base/designs``)."""
    office = base / "office"
    shutil.copytree(OFFICE_LAYOUTS, office / "layouts")
    (office / "shared" / "weekly2").mkdir(parents=True)
    (office / "shared" / "weekly2" / "layout.yaml").write_text(
        "extends: ourweekly\naccent: '#8a1f1f'\n", encoding="utf-8"
    )
    (base / "designs" / "monthly").mkdir(parents=True)
    (base / "designs" / "monthly" / "layout.yaml").write_text(
        "extends: newsletter\naccent: '#226622'\n", encoding="utf-8"
    )
    layouts = ["ourweekly", "../shared/weekly2", "monthly"]
    for number, layout in enumerate(layouts, start=1):
        issue = {"number": number, "total": 300 + number, "layout": layout}
        write_issue(office, name=f"2023-0{number}", issue=issue)
    return office


def test_office_layouts_travel_and_give_the_same_bytes_as_j1(
    cluster: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = write_office(tmp_path)
    monkeypatch.setenv("TYPESETTER_LAYOUTS", str(tmp_path / "designs"))
    local = run_archive(ArchiveOptions(office, tmp_path / "out-j1", jobs=1))
    spec = ClusterSpec(address=cluster)
    remote = run_archive(ArchiveOptions(office, tmp_path / "out-cluster", cluster=spec))

    assert [str(p) for i in remote.issues for p in i.problems] == []
    assert remote.count("built") == local.count("built") == 3, remote.problems
    # the annual index takes the first issue's ``ourweekly``, found beside the issues
    assert [str(p) for p in local.problems] == []
    assert [str(p) for p in remote.problems] == []
    assert pdfs_of(tmp_path / "out-cluster") == pdfs_of(tmp_path / "out-j1")
    assert len(pdfs_of(tmp_path / "out-j1")) == 4  # three issues and the annual index


def office_task(office: Path, name: str) -> Task:
    folder = office / name
    return Task(name, name, folder, str(folder), office.parent / f"{name}.pdf", "f" * 64)


def test_the_payload_carries_the_layouts_that_are_not_built_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = write_office(tmp_path)
    monkeypatch.setenv("TYPESETTER_LAYOUTS", str(tmp_path / "designs"))

    by_path = pack(office_task(office, "2023-02"), environment()).layouts
    from_env = pack(office_task(office, "2023-03"), environment()).layouts

    assert by_path is not None and from_env is not None
    places = [place for place, _ in by_path.folders]
    assert places == [place_of(office / "shared/weekly2"), place_of(office / "layouts/ourweekly")]
    names = sorted(name for name, _ in by_path.folders[1][1].files)
    assert names == ["colophon.html.j2", "extra.css", "layout.yaml", "logo.png"]
    assert by_path.beside == place_of(office / "layouts")
    assert by_path.search == from_env.search == (place_of(tmp_path / "designs"),)
    assert [place for place, _ in from_env.folders] == [place_of(tmp_path / "designs/monthly")]


def test_a_worker_that_finds_other_layout_files_refuses_the_task(tmp_path: Path) -> None:
    """What the worker finds is hashed as the client hashed it: a copy that differs
    (another ``ourweekly``, an edit on the way) is refused before anything is built."""
    office = write_office(tmp_path)
    task = office_task(office, "2023-01")
    payload = pack(task, environment())
    assert payload.layouts is not None
    place, carried = payload.layouts.folders[0]
    files = tuple(
        (name, b"accent: '#000000'\n" + data if name == "layout.yaml" else data)
        for name, data in carried.files
    )
    other = dataclasses.replace(carried, files=files)
    layouts = dataclasses.replace(payload.layouts, folders=((place, other),))

    returned = run_remote(dataclasses.replace(payload, layouts=layouts))

    assert not returned.outcome.ok and returned.data == b""
    [problem] = returned.outcome.problems
    assert str(problem).startswith(
        f"{office / '2023-01'}: worker {socket.gethostname()} finds other files for the "
        "layout 'ourweekly' than this client: refused, its PDFs would differ (install the "
        "same typesetter version on every worker; if a layout was edited during the run"
    )


def test_a_layout_that_links_out_or_is_too_big_is_not_sent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    office = write_office(tmp_path)
    ours = office / "layouts" / "ourweekly"
    (tmp_path / "secret.txt").write_text("x")
    (ours / "notes.txt").symlink_to(tmp_path / "secret.txt")
    task = office_task(office, "2023-01")

    with pytest.raises(LayoutProblem) as raised:
        pack(task, environment())
    assert str(raised.value.problem) == (
        f"{ours}: cannot send the layout to the cluster ({ours}/notes.txt links outside the "
        "layout folder) (a task carries the layout folder's own files: copy linked files in, "
        "keep big files out)"
    )

    (ours / "notes.txt").unlink()
    monkeypatch.setattr(cluster_module, "MAX_LAYOUT_BYTES", 1024 * 1024)
    (ours / "big.bin").write_bytes(b"\0" * (1024 * 1024 + 1))
    with pytest.raises(LayoutProblem) as raised:
        pack(task, environment())
    assert "(more than 1 MB of files, too much to send with every task)" in str(
        raised.value.problem
    )


def test_recycle_after_is_refused_with_cluster(reference: Reference, tmp_path: Path) -> None:
    out = tmp_path / "o"
    done = run_cli(
        "archive",
        str(reference.root),
        "-o",
        str(out),
        "--cluster",
        "local:2",
        "--recycle-after",
        "5",
    )
    assert done.returncode == 2, done.stderr
    assert (
        "Invalid value for --recycle-after: does not apply to --cluster: Dask replaces the "
        "workers (leave it out; to replace workers that grow, start them with dask worker "
        "--memory-limit or --lifetime)"
    ) in " ".join(done.stderr.split())
    assert not out.exists()
