"""Benchmark: what choosing lines ahead costs (issue 17 item 6).

    .venv/bin/python benchmarks/line_breaking.py [--issue content/2023-17] [--layout magazine]
                                                 [--runs 15]

In one warm process, builds the issue alternately with the line planner off (each line
first fit, with the squeeze: ``breaks._first_fit``) and on (``breaks.split_first_line``),
so that the machine's load slows both alike; prints the median and minimum of each, the
ratio, and how many lines and squeeze attempts one build of each sets.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from typesetter.pipeline import build_issue  # noqa: E402
from typesetter.weasy.clreq import breaks  # noqa: E402

PLANNED = breaks.split_first_line


def _first_fit(original: Callable[..., Any], text: str, *args: Any, **kwargs: Any) -> Any:
    return breaks._first_fit(original, text, *args, **kwargs)


@contextmanager
def _planner(on: bool) -> Iterator[None]:
    breaks.split_first_line = PLANNED if on else _first_fit
    try:
        yield
    finally:
        breaks.split_first_line = PLANNED


@contextmanager
def _counted(counts: Counter[str]) -> Iterator[None]:
    names = ("_first_fit", "_squeeze")
    originals = {name: getattr(breaks, name) for name in names}

    def counting(name: str) -> Callable[..., Any]:
        def call(*args: Any, **kwargs: Any) -> Any:
            counts[name] += 1
            return originals[name](*args, **kwargs)

        return call

    for name in names:
        setattr(breaks, name, counting(name))
    try:
        yield
    finally:
        for name, function in originals.items():
            setattr(breaks, name, function)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--issue", type=Path, default=ROOT / "content" / "2023-17")
    parser.add_argument("--layout", default=None)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    options = {"layout": args.layout} if args.layout else {}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "issue.pdf"
        build_issue(args.issue, out, **options)  # imports, fonts: paid once
        counts = {}
        for on in (False, True):
            counts[on] = Counter[str]()
            with _planner(on), _counted(counts[on]):
                build_issue(args.issue, out, **options)
        times: dict[bool, list[float]] = {False: [], True: []}
        for run in range(args.runs):
            for on in (run % 2 == 0, run % 2 == 1):
                with _planner(on):
                    start = time.perf_counter()
                    build_issue(args.issue, out, **options)
                    times[on].append(time.perf_counter() - start)
    print(f"{args.issue}{' (' + args.layout + ')' if args.layout else ''}, {args.runs} builds each")
    print("| planner | median s | min s | lines set | squeeze attempts |")
    print("|---|---|---|---|---|")
    for on, name in ((False, "off (first fit)"), (True, "on")):
        median, least = statistics.median(times[on]), min(times[on])
        print(
            f"| {name} | {median:.3f} | {least:.3f} | "
            f"{counts[on]['_first_fit']} | {counts[on]['_squeeze']} |"
        )
    ratio = statistics.median(times[True]) / statistics.median(times[False]) - 1
    print(f"cost of the planner: {100 * ratio:+.1f}% (median)")


if __name__ == "__main__":
    main()
