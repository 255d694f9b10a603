"""Benchmark: the preview's loop — from saving an article to the refreshed page.

    .venv/bin/python benchmarks/preview.py [--runs 9] [--issue content/2023-17]

Starts `typesetter preview COPY --port 0` as the editor does (a fresh process, on a copy
of the issue in a temporary folder), listens to its event stream (`/events`) and waits
for the first build. Then, RUNS times: saves an edit to one article (a sentence added to
its last paragraph, then taken away again, so the page count stays), and measures from
just before the save to

- **event**: the `state` event of the finished rebuild received (what makes the page
  refresh itself);
- **first page**: that event, then page 1 of the new build fetched as PNG (what the
  browser does next for the page on screen);
- **all pages**: every page of the new build fetched, two requests at a time.

Prints the median, min and max of each, and the rebuild time the server reports.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
ADDED = "本刊记者在现场看到，各方对此反响热烈。"


def events(port: int, into: queue.Queue[dict[str, Any]]) -> None:
    """Put every `state` event of the server's stream into ``into``."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    connection.request("GET", "/events")
    response = connection.getresponse()
    data = ""
    while True:
        line = response.readline().decode("utf-8")
        if not line:
            return
        if line.startswith("data: "):
            data = line[6:].strip()
        elif line == "\n" and data:
            into.put(json.loads(data))
            data = ""


def finished(into: queue.Queue[dict[str, Any]], after: int) -> dict[str, Any]:
    """The first state of a finished rebuild later than ``after``."""
    while True:
        state = into.get(timeout=120)
        if not state["building"] and state["version"] > after:
            return state


def fetch(port: int, path: str) -> bytes:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as response:
        data: bytes = response.read()
        return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--issue", type=Path, default=ROOT / "content" / "2023-17")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        issue = Path(tmp) / args.issue.name
        shutil.copytree(args.issue, issue)
        article = sorted((issue / "articles").glob("*.md"))[0]
        original = article.read_text(encoding="utf-8")
        command = [sys.executable, "-m", "typesetter", "preview", str(issue), "--port", "0"]
        server = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            line = server.stdout.readline()
            port = int(line.split("http://127.0.0.1:", 1)[1].split("/", 1)[0])
            threading.Thread(target=lambda: server.stdout.read(), daemon=True).start()  # type: ignore[union-attr]
            states: queue.Queue[dict[str, Any]] = queue.Queue()
            threading.Thread(target=events, args=(port, states), daemon=True).start()
            started = time.perf_counter()
            state = finished(states, 0)
            print(
                f"first build (cold process): {time.perf_counter() - started:.2f} s, "
                f"{state['pages']} pages"
            )
            results: dict[str, list[float]] = {"event": [], "first page": [], "all pages": []}
            rebuilds: list[float] = []
            for run in range(args.runs):
                time.sleep(0.5)  # a quiet moment, as between two saves
                text = original if run % 2 else original.rstrip("\n") + ADDED + "\n"
                before = state["version"]
                start = time.perf_counter()
                article.write_text(text, encoding="utf-8")
                state = finished(states, before)
                results["event"].append(time.perf_counter() - start)
                assert state["ok"], state["problems"]
                version = state["good_version"]
                fetch(port, f"/pages/{version}/1.png")
                results["first page"].append(time.perf_counter() - start)
                with ThreadPoolExecutor(2) as pool:
                    paths = [f"/pages/{version}/{n}.png" for n in range(2, state["pages"] + 1)]
                    list(pool.map(lambda path: fetch(port, path), paths))
                results["all pages"].append(time.perf_counter() - start)
                rebuilds.append(state["seconds"])
        finally:
            server.terminate()
            server.wait(timeout=30)

    print(
        f"{platform.node()}: {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f}; {args.runs} saves of {article.name}"
    )
    print("| from save to | median s | min s | max s |\n|---|---|---|---|")
    for name, times in results.items():
        print(f"| {name} | {statistics.median(times):.2f} | {min(times):.2f} | {max(times):.2f} |")
    print(
        f"| (rebuild itself, as reported) | {statistics.median(rebuilds):.2f} | "
        f"{min(rebuilds):.2f} | {max(rebuilds):.2f} |"
    )


if __name__ == "__main__":
    main()
