"""Benchmark ``typesetter archive`` on a synthetic archive made from ``content/2023-17``.

    .venv/bin/python benchmarks/archive.py              # N=40 issues, 300 for no-change
    .venv/bin/python benchmarks/archive.py -n 10 --no-300

Measures (each run a fresh ``python -m typesetter archive`` process, wall time):
cold full build with -j 1 and -j 2 (issues/s, pages/s), the no-change rerun, a rerun after
one article of one issue changed, peak RSS per worker; when -j 2 is not 1.5x -j 1, the
ceiling: the two halves of the archive built by two -j 1 processes side by side. Then 300
small issues are built once (-j 2) and their no-change rerun is timed (median of 3).
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=40, help="issues in the synthetic archive")
    parser.add_argument("--many", type=int, default=300, help="issues for the no-change timing")
    parser.add_argument("--no-300", action="store_true", help="skip the 300-issue part")
    parser.add_argument("--ceiling", action="store_true", help="always time the ceiling")
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
