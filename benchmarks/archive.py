"""Benchmark ``typesetter archive`` on a synthetic archive made from ``content/2023-17``.

    .venv/bin/python benchmarks/archive.py              # N=40 issues, 300 for no-change
    .venv/bin/python benchmarks/archive.py -n 10 --no-300

Measures (each run a fresh ``python -m typesetter archive`` process, wall time):
cold full build with -j 1 and -j 2 (issues/s, pages/s), the no-change rerun, a rerun after
one article of one issue changed, peak RSS per worker; when -j 2 is not 1.5x -j 1, the
ceiling: the two halves of the archive built by two -j 1 processes side by side. Then 300
small issues are built once (-j 2) and their no-change rerun is timed (median of 3).

    .venv/bin/python benchmarks/archive.py --cluster local:2    # needs typesetter[cluster]

compares ``--cluster local:2`` with ``-j 2`` on the same N issues, cold, the runs
interleaved (cluster, -j 2, cluster, -j 2: a machine shared with other work slows both
alike), checks the PDFs are byte-identical, and measures the per-task overhead of the
cluster path (packing an issue, sending it, the result's way back, the client's write).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "content" / "2023-17"
PER_YEAR = 24
TYPESETTER = [sys.executable, "-m", "typesetter"]
#: Where the jobs run from: a snapshot of the code, layouts and fonts (see snapshot()).
RUN_DIR = ROOT


def snapshot(work: Path) -> Path:
    """Copy what a build reads (typesetter/, layouts/, fonts/, color/) so that edits to
    the tree during the benchmark cannot change the fingerprints between two runs."""
    target = work / "repo"
    for part in ("typesetter", "layouts", "fonts", "color"):
        if (ROOT / part).exists():
            shutil.copytree(ROOT / part, target / part, ignore=shutil.ignore_patterns("__py*"))
    return target


def generate(root: Path, count: int, *, smallest: int, largest: int, seed: int = 1) -> Path:
    """Write ``count`` issues under ``root/<year>/<year>-<number>``: articles of 2023-17 in
    varied subsets (``smallest``..``largest`` articles), numbered 24 a year from 2001."""
    data = yaml.safe_load((SOURCE / "issue.yaml").read_text(encoding="utf-8"))
    rng = random.Random(seed)
    for index in range(count):
        year, number = 2001 + index // PER_YEAR, index % PER_YEAR + 1
        folder = root / str(year) / f"{year}-{number:02d}"
        wanted = rng.randint(smallest, largest)
        sections = _subset(data["sections"], wanted, rng)
        issue = dict(data)
        issue.update(
            year=year,
            number=number,
            total=100 + index,
            date=datetime.date(year, 1, 1) + datetime.timedelta(days=15 * (number - 1)),
            sections=sections,
        )
        folder.mkdir(parents=True)
        for section in sections:
            for article in section["articles"]:
                (folder / article).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(SOURCE / article, folder / article)
        shutil.copytree(SOURCE / "images", folder / "images")
        text = yaml.safe_dump(issue, allow_unicode=True, sort_keys=False)
        (folder / "issue.yaml").write_text(text, encoding="utf-8")
    return root


def _subset(sections: list[dict[str, Any]], wanted: int, rng: random.Random) -> list[Any]:
    every = [(i, a) for i, section in enumerate(sections) for a in section["articles"]]
    chosen = set(rng.sample(range(len(every)), min(wanted, len(every))))
    picked: list[dict[str, Any]] = []
    for i, section in enumerate(sections):
        articles = [a for n, (s, a) in enumerate(every) if s == i and n in chosen]
        if articles:
            picked.append({**section, "articles": articles})
    return picked


def archive(root: Path, out: Path, *args: str) -> tuple[float, dict[str, Any]]:
    """Run one archive job as a fresh process; (wall seconds, its --report)."""
    report = out.parent / f"{out.name}.report.json"
    command = [*TYPESETTER, "archive", str(root), "-o", str(out)]
    started = time.perf_counter()
    done = subprocess.run(
        [*command, "--report", str(report), *args], cwd=RUN_DIR, capture_output=True, text=True
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"archive failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return seconds, json.loads(report.read_text(encoding="utf-8"))


def side_by_side(root: Path, work: Path) -> float:
    """Two -j 1 archive jobs on the two halves of ``root``, started together: the ceiling."""
    halves = [work / "half-a", work / "half-b"]
    folders = sorted(p.parent for p in root.rglob("issue.yaml"))
    for n, folder in enumerate(folders):
        shutil.copytree(folder, halves[n % 2] / folder.name)
    started = time.perf_counter()
    jobs = [
        subprocess.Popen(
            [*TYPESETTER, "archive", str(half), "-o", f"{half}-out", "-j", "1"],
            cwd=RUN_DIR,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for half in halves
    ]
    codes = [job.wait() for job in jobs]
    if any(codes):
        raise SystemExit(f"side-by-side builds failed: {codes}")
    return time.perf_counter() - started


def machine() -> dict[str, str]:
    from importlib import metadata

    memory = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.split("\n")[1]
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": str(os.cpu_count()),
        "memory": " ".join(memory.split()[:2]),
        "python": platform.python_version(),
        "weasyprint": metadata.version("weasyprint"),
        "platform": platform.platform(),
    }


def rate(report: dict[str, Any], seconds: float) -> str:
    issues, pages = report["built"], report["pages"]
    return f"{seconds:6.1f} s  {issues / seconds:5.2f} issues/s  {pages / seconds:5.2f} pages/s"


def rss(report: dict[str, Any]) -> str:
    values = report["peak_rss_mb_per_worker"].values()
    return ", ".join(f"{v:.0f} MB" for v in values)


def overhead(root: Path, out: Path, workers: int = 2) -> None:
    """Per-task cost of the cluster path without the build: each issue packed, sent to a
    worker that unpacks it and returns its PDF's bytes (as built), one task at a time; and
    the client's writes (PDF + manifest entry) timed alone."""
    import logging

    import distributed

    sys.path.insert(0, str(RUN_DIR))
    from typesetter.archive.cluster import environment, pack
    from typesetter.archive.manifest import Entry, Manifest
    from typesetter.archive.worker import Task
    from typesetter.pdf import write_atomic

    env = environment()
    folders = sorted(p.parent for p in root.rglob("issue.yaml"))
    with (
        distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        ) as cluster,
        distributed.Client(cluster, set_as_default=False) as client,
    ):
        client.run(lambda: __import__("typesetter.archive.cluster"))
        packs, trips, sizes = [], [], []
        for folder in folders:
            pdf = out / f"{folder.name}.pdf"
            task = Task(folder.name, folder.name, folder, str(folder), pdf, "0" * 64)
            started = time.perf_counter()
            payload = pack(task, env)
            packs.append(time.perf_counter() - started)
            sizes.append(sum(len(d) for _, d in payload.files))
            data = pdf.read_bytes()
            started = time.perf_counter()
            back = client.submit(_echo, payload, data, pure=False).result()
            trips.append(time.perf_counter() - started)
            assert len(back) == len(data)
    manifest = Manifest(out.parent / "overhead-out")
    writes = []
    for folder in folders:
        data = (out / f"{folder.name}.pdf").read_bytes()
        started = time.perf_counter()
        target = out.parent / "overhead-out" / f"{folder.name}.pdf"
        write_atomic(target, data)
        manifest.save(folder.name, Entry("0" * 64, target.name, len(data), "0" * 64, {}))
        writes.append(time.perf_counter() - started)
    ms = lambda values: f"{statistics.median(values) * 1000:.1f} ms"  # noqa: E731
    pdf_kb = statistics.median((out / f"{f.name}.pdf").stat().st_size for f in folders) / 1024
    print(
        f"per-task overhead (median of {len(folders)}): pack {ms(packs)} "
        f"({statistics.median(sizes) / 1024:.0f} KB of files), round trip to a worker and back "
        f"with the PDF ({pdf_kb:.0f} KB) {ms(trips)}, client write PDF + manifest {ms(writes)}"
    )


def _echo(payload: Any, data: bytes) -> bytes:
    """A task that unpacks the issue like a build does and returns the PDF's bytes."""
    from typesetter.archive.cluster import unpack

    with tempfile.TemporaryDirectory() as tmp:
        unpack(payload, Path(tmp))
    return data


def compare_cluster(args: argparse.Namespace, work: Path) -> None:
    root = generate(work / "content", args.n, smallest=8, largest=47)
    times: dict[str, list[float]] = {"cluster": [], "j2": []}
    reports: dict[str, dict[str, Any]] = {}
    for round_ in range(args.rounds):
        for name, option in (("cluster", ["--cluster", args.cluster]), ("j2", ["-j", "2"])):
            out = work / f"out-{name}-{round_}"
            seconds, report = archive(root, out, *option)
            times[name].append(seconds)
            reports[name] = report
            print(f"{name:8s} round {round_ + 1}: {rate(report, seconds)}")
    same = all(
        (work / "out-j2-0" / p.name).read_bytes() == p.read_bytes()
        for p in (work / "out-cluster-0").glob("*.pdf")
    )
    print(f"--cluster and -j 2 PDFs byte-identical: {same}")
    cluster, j2 = statistics.median(times["cluster"]), statistics.median(times["j2"])
    print(
        f"median: --cluster {args.cluster} {cluster:.1f} s, -j 2 {j2:.1f} s; "
        f"cluster throughput = {j2 / cluster:.0%} of -j 2"
    )
    overhead(root, work / "out-j2-0")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=40, help="issues in the synthetic archive")
    parser.add_argument("--many", type=int, default=300, help="issues for the no-change timing")
    parser.add_argument("--no-300", action="store_true", help="skip the 300-issue part")
    parser.add_argument("--ceiling", action="store_true", help="always time the ceiling")
    parser.add_argument("--cluster", help="compare --cluster CLUSTER (e.g. local:2) with -j 2")
    parser.add_argument("--rounds", type=int, default=2, help="interleaved pairs (--cluster)")
    args = parser.parse_args()
    global RUN_DIR
    print(json.dumps(machine()))
    with tempfile.TemporaryDirectory(prefix="archive-bench-") as tmp:
        work = Path(tmp)
        RUN_DIR = snapshot(work)
        where = subprocess.run(
            [sys.executable, "-c", "import typesetter; print(typesetter.__file__)"],
            cwd=RUN_DIR,
            capture_output=True,
            text=True,
        ).stdout.strip()
        print(f"jobs run the snapshot {where}")
        if args.cluster:
            compare_cluster(args, work)
            return
        root = generate(work / "content", args.n, smallest=8, largest=47)
        t1, r1 = archive(root, work / "out-j1", "-j", "1")
        sizes = [issue["pages"] for issue in r1["issues"]]
        print(f"cold full build -j 1: {rate(r1, t1)}  ({r1['pages']} pages; RSS {rss(r1)})")
        print(f"issue sizes: {min(sizes)}-{max(sizes)} pages, median {statistics.median(sizes)}")
        t2, r2 = archive(root, work / "out-j2", "-j", "2")
        print(f"cold full build -j 2: {rate(r2, t2)}  (RSS per worker {rss(r2)})")
        print(f"speed-up -j 2 / -j 1: {t1 / t2:.2f}x")
        same = all(
            (work / "out-j1" / p.name).read_bytes() == p.read_bytes()
            for p in (work / "out-j2").glob("*.pdf")
        )
        print(f"-j 1 and -j 2 PDFs byte-identical: {same}")
        if t1 / t2 < 1.5 or args.ceiling:
            ceiling = side_by_side(root, work)
            print(
                f"ceiling (two -j 1 jobs on the halves, side by side): {ceiling:.1f} s; "
                f"-j 2 is {t2 / ceiling:.2f}x the ceiling, ceiling speed-up {t1 / ceiling:.2f}x"
            )
        times = [archive(root, work / "out-j2", "-j", "2")[0] for _ in range(3)]
        print(f"no-change rerun ({args.n} issues): median {statistics.median(times):.2f} s")
        article = next((root).rglob("articles/*.md"))
        article.write_text(article.read_text(encoding="utf-8") + "\n补记。\n", encoding="utf-8")
        t, r = archive(root, work / "out-j2", "-j", "2")
        print(f"one issue changed: {t:.2f} s (built {r['built']}, skipped {r['skipped']})")
        if not args.no_300:
            many = generate(work / "many", args.many, smallest=3, largest=5, seed=2)
            t, r = archive(many, work / "out-many", "-j", "2")
            print(f"{args.many} small issues, cold -j 2: {rate(r, t)}")
            times = [archive(many, work / "out-many", "-j", "2")[0] for _ in range(3)]
            print(f"no-change rerun ({args.many} issues): median {statistics.median(times):.2f} s")


if __name__ == "__main__":
    main()
