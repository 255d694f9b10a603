"""The web edition's cost against the PDF build, and the archive site's search indexing.

    .venv/bin/python benchmarks/site.py --runs 11
    .venv/bin/python benchmarks/site.py --runs 0 --copies 300 --articles 4   # index only

All in one process, after one PDF build and one web edition of content/2023-17 (so both
are warm: WeasyPrint, the fonts and the templates loaded); each run does every
measurement once, in turn, so that other work on the machine slows them alike (medians of
the wall time, and of the CPU time of the process, which other work disturbs less):

- pdf: ``pipeline.build_issue`` (check, render, write) — the "warm" build of
  benchmarks/README.md, "Build";
- web: ``web.build_web`` (check, pages, fonts, pictures, atomic write) of the same issue
  again: the font subsets, the SVG fonts and the article bodies are remembered from the
  build before (as in a preview or a rebuild that changed no character);
- web, first time: the same with those caches emptied first (the compiled templates kept):
  an issue the process has not seen, as the archive site meets every issue;
- web render: ``render_edition`` + write from the checked issue the PDF build loaded, with
  the caches emptied — what the edition would add to the PDF build if it reused the PDF's
  checked issue;
- index: Pagefind re-indexing of N copies of the seed edition (``--copies``, with
  ``--articles`` article pages each; the whole index is rewritten, median of 3).
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from typesetter.pipeline import build_issue, check_issue
from typesetter.web import build_web, edition, fonts, pictures, svgfonts
from typesetter.web.search import index_site
from typesetter.web.write import write_folder

SEED = Path(__file__).resolve().parent.parent / "content" / "2023-17"


def forget() -> None:
    """Empty what the web edition remembers of the content it has seen."""
    fonts.subset_file_woff2.cache_clear()
    svgfonts._embed.cache_clear()
    pictures._SCALED.clear()
    edition._article_body.cache_clear()
    edition._prepared.cache_clear()


def timed(action: Callable[[], object]) -> tuple[float, float]:
    """Wall time and CPU time (of this process) of ``action``."""
    started, cpu = time.perf_counter(), time.process_time()
    action()
    return time.perf_counter() - started, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--copies", type=int, default=20)
    parser.add_argument("--articles", type=int, default=47)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        if args.runs:
            build_issue(SEED, out / "warm.pdf")
        build_web(SEED, out / "web")
        checked = check_issue(SEED)  # as the PDF build loads it
        times: dict[str, list[tuple[float, float]]] = {
            "pdf": [],
            "web": [],
            "first": [],
            "render": [],
        }
        for _ in range(args.runs):
            times["pdf"].append(timed(lambda: build_issue(SEED, out / "x.pdf")))
            times["web"].append(timed(lambda: build_web(SEED, out / "web")))
            forget()
            times["first"].append(timed(lambda: build_web(SEED, out / "web")))
            forget()

            def render() -> None:
                files = edition.render_edition(checked.issue, checked.layout).files
                write_folder(out / "web2", files, {"kind": "edition"})

            times["render"].append(timed(render))
        pdf = statistics.median(wall for wall, _ in times["pdf"]) if args.runs else 0.0
        pdf_cpu = statistics.median(cpu for _, cpu in times["pdf"]) if args.runs else 0.0
        labels = {
            "pdf": "PDF build (warm)",
            "web": "web edition (warm, same content again)",
            "first": "web edition (warm process, content not seen before)",
            "render": "web edition from the PDF's checked issue (render + write)",
        }
        for key, label in labels.items() if args.runs else ():
            walls = [wall for wall, _ in times[key]]
            cpus = [cpu for _, cpu in times[key]]
            median, cpu = statistics.median(walls), statistics.median(cpus)
            print(
                f"{label}: wall median {median:.3f} s (min {min(walls):.3f}, max "
                f"{max(walls):.3f}) = {100 * median / pdf:.1f}% of the PDF; CPU median "
                f"{cpu:.3f} s = {100 * cpu / pdf_cpu:.1f}% ({args.runs} runs)"
            )
        site = out / "site"
        pages = sorted((out / "web" / "articles").glob("*.html"))[: args.articles]
        for n in range(args.copies):
            (site / f"issue-{n:03d}" / "articles").mkdir(parents=True)
            for page in pages:
                shutil.copy(page, site / f"issue-{n:03d}" / "articles" / page.name)
        indexed = [index_site(site) for _ in range(3)]
        print(
            f"search index, {args.copies} editions ({indexed[0].pages} article pages): "
            f"{statistics.median(i.seconds for i in indexed):.2f} s (median of 3; "
            f"{', '.join(f'{i.seconds:.2f}' for i in indexed)})"
        )


if __name__ == "__main__":
    main()
