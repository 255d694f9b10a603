"""How the archive job shows itself: a rich progress bar and summary table on a terminal,
plain ``key=value`` lines otherwise, and the JSON report of ``--report``."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from ..errors import printable
from ..i18n import Translator
from ..pdf import write_atomic
from .pool import Job
from .run import ArchiveResult
from .worker import Outcome

_ = Translator("archive")


class RichProgress:
    """The progress bar: issues done of all, built/skipped/failed, the issues being built."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.progress = Progress(
            SpinnerColumn(),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn(_("built {task.fields[built]} · skipped {task.fields[skipped]}")),
            TextColumn(_("· failed {task.fields[failed]}")),
            TimeElapsedColumn(),
            TextColumn("{task.fields[current]}"),
            console=console,
        )
        self.task: TaskID | None = None
        self.current: list[str] = []
        self.counts = {"built": 0, "skipped": 0, "failed": 0}

    def planned(self, total: int, to_build: int) -> None:
        self.counts["skipped"] = total - to_build
        self.task = self.progress.add_task(
            "archive", total=total, completed=total - to_build, current="", **self._fields()
        )

    def started(self, task: Job) -> None:
        self.current.append(task.name)
        self._update()

    def finished(self, outcome: Outcome) -> None:
        if outcome.name in self.current:
            self.current.remove(outcome.name)
        if outcome.kind != "issue":
            self._update()
            return
        self.counts["built" if outcome.ok else "failed"] += 1
        self._update(advance=1)

    def _update(self, advance: int = 0) -> None:
        if self.task is not None:
            current = ", ".join(self.current)
            self.progress.update(self.task, advance=advance, current=current, **self._fields())

    def _fields(self) -> dict[str, Any]:
        return dict(self.counts)


@contextmanager
def progress_for(stream: TextIO = sys.stderr) -> Iterator[RichProgress | None]:
    """A progress bar on a terminal, None (quiet) otherwise."""
    if not stream.isatty():
        yield None
        return
    display = RichProgress(Console(file=stream))
    with display.progress:
        yield display


def problem_lines(result: ArchiveResult, *, failed_only: bool = False) -> list[str]:
    """Every error (FILE:LINE: message) of the failed issues and the index, then warnings."""
    lines = [str(p) for issue in result.issues for p in sorted(issue.problems)]
    lines += [str(p) for p in sorted(result.problems)]
    if not failed_only:
        lines += [str(p) for issue in result.issues for p in sorted(set(issue.warnings))]
    return lines


def index_path(result: ArchiveResult) -> str:
    """The index page this run wrote (or the shard's catalog), as a path; "-" if none."""
    pages = [name for name in result.written if name.endswith(".html")]
    pages = pages or [name for name in result.written if name.endswith(".json")]
    return str(Path(result.out_dir) / pages[0]) if pages and result.out_dir else "-"


def summary_line(result: ArchiveResult, *, verbose: bool = False) -> str:
    line = (
        f"archive: built={result.count('built')} skipped={result.count('skipped')} "
        f"failed={result.count('failed')} pages={result.pages} seconds={result.seconds:.2f} "
        f"jobs={result.jobs} output={result.out_dir or '-'} index={index_path(result)}"
    )
    if verbose:
        rss = ",".join(f"{kb / 1024:.0f}" for kb in result.peak_rss_kb.values()) or "-"
        line += f" peak_rss_mb_per_worker={rss}"
    return printable(line)


def print_summary(
    result: ArchiveResult, stream: TextIO = sys.stderr, *, verbose: bool = False
) -> None:
    """The summary table on a terminal; one ``key=value`` line otherwise. Peak memory per
    worker only with ``verbose``."""
    if not stream.isatty():
        stream.write(summary_line(result, verbose=verbose) + "\n")
        return
    table = Table(title=_("typesetter archive"), show_header=True)
    columns = [_("built"), _("skipped"), _("failed"), _("pages"), _("time")]
    row = [
        str(result.count("built")),
        str(result.count("skipped")),
        str(result.count("failed")),
        str(result.pages),
        _("{seconds:.1f} s", seconds=result.seconds),
    ]
    if verbose:
        columns.append(_("peak RSS per worker"))
        row.append(", ".join(f"{kb / 1024:.0f} MB" for kb in result.peak_rss_kb.values()) or "—")
    for column in columns:
        table.add_column(column, justify="right")
    table.add_row(*row)
    console = Console(file=stream)
    console.print(table)
    where = _(
        "output: {output}  index: {index}", output=result.out_dir or "-", index=index_path(result)
    )
    console.print(printable(where), markup=False, highlight=False)


def write_report(path: Path, result: ArchiveResult) -> None:
    text = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    write_atomic(path, text.encode("utf-8"))
