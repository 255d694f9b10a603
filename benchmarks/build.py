"""Benchmark: typeset an issue cold and warm, check it, and compare with Typst.

    .venv/bin/python benchmarks/build.py [--runs 5] [--issue content/2023-17] [--no-typst]

Cold = a fresh `typesetter build` process (wall time and that process's peak RSS);
warm = rendering the same issue again inside one process that has rendered it before
(the archive worker's case); check = a fresh `typesetter check` process; proof = a fresh
`typesetter proof PDF --issue ISSUE` process. The reference
is the same content converted to a Typst document (benchmarks/typst_reference.py) and
compiled by the `typst` Python package with the same fonts (`pip install -e .[bench]`).
Prints one table: median, min, max, peak RSS, pages/s and the ratio to the reference.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

WARM_SNIPPET = """
import json, resource, sys, time
from pathlib import Path
from typesetter.pipeline import build_issue
issue, out, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
build_issue(issue, out)  # the first render pays for imports and font loading
times = []
for _ in range(runs):
    start = time.perf_counter()
    built = build_issue(issue, out)
    times.append(time.perf_counter() - start)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"times": times, "rss": rss, "pages": built.pages}))
"""

TYPST_WARM_SNIPPET = """
import json, resource, sys, time
import typst
source, out, fonts, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
typst.compile(source, output=out, font_paths=[fonts], ignore_system_fonts=True)
times = []
for _ in range(runs):
    start = time.perf_counter()
    typst.compile(source, output=out, font_paths=[fonts], ignore_system_fonts=True)
    times.append(time.perf_counter() - start)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"times": times, "rss": rss}))
"""


@dataclass
class Row:
    name: str
    times: list[float]
    rss_mb: float
    pages: int

    @property
    def median(self) -> float:
        return statistics.median(self.times)


def timed_process(command: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()}")
    return elapsed, usage.ru_maxrss / 1024


def repeat(name: str, command: list[str], runs: int, pages: int) -> Row:
    samples = [timed_process(command) for _ in range(runs)]
    return Row(name, [s[0] for s in samples], max(s[1] for s in samples), pages)


def in_process(name: str, snippet: str, args: list[str], pages: int) -> Row:
    result = subprocess.run(
        [sys.executable, "-c", snippet, *args], capture_output=True, text=True, check=True
    )
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return Row(name, data["times"], data["rss"], data.get("pages", pages))


def page_count(pdf: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(pdf).pages)


def typesetter_command() -> list[str]:
    script = Path(sys.executable).parent / "typesetter"
    return [str(script)] if script.exists() else [sys.executable, "-m", "typesetter"]


def measure(issue: Path, runs: int, with_typst: bool, work: Path) -> list[Row]:
    out = work / "issue.pdf"
    cli = typesetter_command()
    subprocess.run([*cli, "build", str(issue), "-o", str(out)], check=True, capture_output=True)
    pages = page_count(out)
    rows = [
        repeat(
            "typesetter build (cold process)",
            [*cli, "build", str(issue), "-o", str(out)],
            runs,
            pages,
        ),
        in_process(
            "typesetter build (warm process)",
            WARM_SNIPPET,
            [str(issue), str(out), str(runs)],
            pages,
        ),
        repeat("typesetter check (cold process)", [*cli, "check", str(issue)], runs, 0),
        repeat(
            "typesetter proof (cold process)",
            [*cli, "proof", str(out), "--issue", str(issue)],
            runs,
            pages,
        ),
    ]
    if with_typst:
        rows += typst_rows(issue, runs, work)
    return rows


def typst_rows(issue: Path, runs: int, work: Path) -> list[Row]:
    from typst_reference import write_reference

    source = write_reference(issue, work / "issue.typ")
    out = work / "typst.pdf"
    fonts = str(ROOT / "fonts")
    compile_once = (
        "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
        "font_paths=[sys.argv[3]], ignore_system_fonts=True)"
    )
    command = [sys.executable, "-c", compile_once, str(source), str(out), fonts]
    subprocess.run(command, check=True)
    pages = page_count(out)
    return [
        repeat("typst reference (cold process)", command, runs, pages),
        in_process(
            "typst reference (warm process)",
            TYPST_WARM_SNIPPET,
            [str(source), str(out), fonts, str(runs)],
            pages,
        ),
    ]


def table(rows: list[Row]) -> str:
    reference = {row.name.split("(")[1]: row for row in rows if row.name.startswith("typst")}
    header = "| run | median s | min s | max s | peak RSS MB | pages | pages/s | × reference |"
    lines = [header, "|" + "---|" * 8]
    for row in rows:
        ref = reference.get(row.name.split("(")[1]) if "(" in row.name else None
        compared = ref is not None and row.name.startswith("typesetter build")
        ratio = f"{row.median / ref.median:.1f}" if compared and ref else ""
        rate = f"{row.pages / row.median:.1f}" if row.pages else ""
        lines.append(
            f"| {row.name} | {row.median:.2f} | {min(row.times):.2f} | {max(row.times):.2f} "
            f"| {row.rss_mb:.0f} | {row.pages or ''} | {rate} | {ratio} |"
        )
    return "\n".join(lines)


def machine() -> str:
    from importlib.metadata import version

    cpus = os.cpu_count()
    return (
        f"{platform.node()}: {cpus} cores, Python {platform.python_version()}, "
        f"WeasyPrint {version('weasyprint')}, {time.strftime('%Y-%m-%d')}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issue", type=Path, default=ROOT / "content" / "2023-17")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-typst", action="store_true", help="skip the Typst reference")
    args = parser.parse_args()
    with_typst = not args.no_typst
    try:
        import typst  # noqa: F401
    except ImportError:
        with_typst = False
        print("(typst not installed: pip install -e '.[bench]' for the reference)")
    with tempfile.TemporaryDirectory() as work:
        rows = measure(args.issue.resolve(), args.runs, with_typst, Path(work))
    print(machine())
    print(table(rows))


if __name__ == "__main__":
    main()
