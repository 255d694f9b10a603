"""One archive task: build one issue with :func:`typesetter.pipeline.build_issue`, or
typeset one year's annual index.

Runs in a worker process (or in-process with ``-j 1``). The worker imports WeasyPrint once
(:func:`warm_up`); ``typesetter.pdf`` keeps one FontConfiguration per process, so every
issue the worker builds reuses it. Errors come back as Problems, never as exceptions, so a
broken issue cannot stop the pool.
"""

from __future__ import annotations

import hashlib
import os
import resource
import time
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import Problem, TypesetterError
from ..i18n import Translator
from ..options import PrintOptions
from ..pdf import WriteError
from .catalog import issue_record
from .manifest import AGAIN

_ = Translator("archive")


@dataclass(frozen=True)
class Task:
    """Build the issue in ``folder`` into ``output``."""

    key: str
    name: str
    folder: Path
    display: str
    output: Path
    fingerprint: str
    printing: PrintOptions = field(default_factory=PrintOptions)
    #: Bytes of the issue's files: bigger issues are started first (shorter tail).
    cost: int = 0


@dataclass(frozen=True)
class AnnualTask:
    """Typeset the annual index of ``year`` from its catalog records into ``output``."""

    key: str
    name: str
    year: int
    records: tuple[dict[str, Any], ...]
    output: Path
    display: str
    #: The folder of the issue whose layout sets the index (its layouts/ beside it count).
    issue_dir: Path | None = None


@dataclass
class Outcome:
    """What a task did: the PDF's facts and catalog record, or the problems that stopped it."""

    key: str
    name: str
    ok: bool
    seconds: float
    pages: int = 0
    size: int = 0
    sha256: str = ""
    record: dict[str, Any] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    pid: int = 0
    peak_rss_kb: int = 0
    kind: str = "issue"


def warm_up() -> None:
    """Pool initializer: WeasyPrint imported, fonts configured, engine installed, once."""
    from ..weasy import warm_up as warm_up_renderer

    warm_up_renderer()


def peak_rss_kb() -> int:
    """This process's own peak resident memory (VmHWM), in KiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:  # pragma: no cover - not Linux
        pass
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def _failure(error: Exception, display: str) -> Problem:
    """What stopped a task that is not a content, layout or render problem: a failed write
    of its output (a full disk, a read-only folder; named as the PDF, not as its temporary
    file), else an internal error."""
    if isinstance(error, WriteError):  # write_atomic names the output, never its temp file
        return error.problem(again=_(AGAIN))
    detail = traceback.format_exception_only(error)[-1].strip()
    return Problem(display, None, _("internal error: {detail}", detail=detail))


def run_job(task: Task | AnnualTask) -> Outcome:
    """Run either kind of task (what the pool calls)."""
    return run_annual(task) if isinstance(task, AnnualTask) else run_task(task)


def run_annual(task: AnnualTask) -> Outcome:
    """Typeset one annual index; never raises for a layout or render problem."""
    from .annual import render_annual

    started = time.perf_counter()
    outcome = Outcome(task.key, task.name, ok=False, seconds=0.0, pid=os.getpid(), kind="annual")
    try:
        outcome.pages = render_annual(
            task.year, list(task.records), task.output, issue_dir=task.issue_dir
        )
        outcome.ok = True
    except TypesetterError as error:
        outcome.problems = error.problems
    except Exception as error:  # reported as this index's failure
        outcome.problems = [_failure(error, task.display)]
    outcome.seconds = time.perf_counter() - started
    outcome.peak_rss_kb = peak_rss_kb()
    return outcome


def run_task(task: Task) -> Outcome:
    """Build one issue; never raises for a content, layout or render problem."""
    from ..pipeline import build_issue

    started = time.perf_counter()
    outcome = Outcome(task.key, task.name, ok=False, seconds=0.0, pid=os.getpid())
    try:
        built = build_issue(
            task.folder, task.output, display_dir=task.display, printing=task.printing
        )
    except TypesetterError as error:
        outcome.problems = error.problems
    except Exception as error:  # reported as this issue's failure
        outcome.problems = [_failure(error, task.display)]
    else:
        assert built.issue is not None
        sha = hashlib.sha256(built.data).hexdigest()
        outcome.ok = True
        outcome.pages = built.pages
        outcome.size = len(built.data)
        outcome.sha256 = sha
        outcome.warnings = built.warnings
        outcome.record = issue_record(
            built.issue,
            built.page_map,
            name=task.name,
            file=task.output.name,
            sha256=sha,
            pages=built.pages,
            edition=task.printing.edition.value,
        )
    outcome.seconds = time.perf_counter() - started
    outcome.peak_rss_kb = peak_rss_kb()
    return outcome
