"""Run archive tasks: in-process with ``-j 1``, else in a pool of worker processes.

Workers start from a fork server (``forkserver``: a clean process, no inherited state of
ours), import WeasyPrint once in their initializer, and are replaced after
``recycle_after`` tasks (``max_tasks_per_child``) so memory cannot creep. At most one task
per worker is in flight, so the tasks being built are the ones the progress bar names. One
:class:`Runner` keeps its pool for the issues and then the annual indexes.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from types import TracebackType
from typing import Protocol

from ..errors import Problem
from ..i18n import Translator
from .worker import AnnualTask, Outcome, Task, run_job, warm_up

Job = Task | AnnualTask
_ = Translator("archive")


class Listener(Protocol):
    """Told what is planned, when a task starts and when it ends (the progress display)."""

    def planned(self, total: int, to_build: int) -> None: ...

    def started(self, task: Job) -> None: ...

    def finished(self, outcome: Outcome) -> None: ...


class Runner:
    """Runs batches of tasks with ``jobs`` workers (none with ``jobs`` = 1)."""

    def __init__(self, jobs: int, recycle_after: int, listener: Listener) -> None:
        self.jobs = jobs
        self.recycle_after = max(1, recycle_after)
        self.listener = listener
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Runner:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)

    def run(self, tasks: Sequence[Job]) -> Iterator[Outcome]:
        """Yield each task's outcome as it completes (one task alone is run in-process
        unless the pool is already up: a worker would only add its start-up)."""
        if self.jobs <= 1 or (len(tasks) == 1 and self._pool is None):
            yield from self._in_process(tasks)
        elif tasks:
            yield from self._in_pool(tasks)

    def _in_process(self, tasks: Sequence[Job]) -> Iterator[Outcome]:
        for task in tasks:
            self.listener.started(task)
            outcome = run_job(task)
            self.listener.finished(outcome)
            yield outcome

    def _in_pool(self, tasks: Sequence[Job]) -> Iterator[Outcome]:
        pool = self._executor()
        pending = list(reversed(tasks))
        running: dict[Future[Outcome], Job] = {}
        while pending or running:
            while pending and len(running) < self.jobs:
                task = pending.pop()
                self.listener.started(task)
                running[pool.submit(run_job, task)] = task
            done, _ = wait(running, return_when=FIRST_COMPLETED)
            for future in done:
                outcome = _result(future, running.pop(future))
                self.listener.finished(outcome)
                yield outcome

    def _executor(self) -> ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["typesetter.archive.worker"])
            self._pool = ProcessPoolExecutor(
                max_workers=self.jobs,
                mp_context=context,
                initializer=warm_up,
                max_tasks_per_child=self.recycle_after,
            )
        return self._pool


def _result(future: Future[Outcome], task: Job) -> Outcome:
    """The task's outcome; a worker that died (killed, out of memory) fails only its task."""
    try:
        return future.result()
    except Exception as error:  # BrokenProcessPool and the like
        message = _("the worker building it died: {error!r}", error=error)
        return failed(task, Problem(task.display, None, message))


def failed(job: Job, problem: Problem) -> Outcome:
    """The outcome of a job that stopped before or outside its build: ``problem``."""
    kind = "annual" if isinstance(job, AnnualTask) else "issue"
    return Outcome(job.key, job.name, ok=False, seconds=0.0, problems=[problem], kind=kind)
