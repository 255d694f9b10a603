"""The archive job, read like a table of contents: discover → fingerprint → plan → build
(in parallel) → record each PDF in the manifest → catalog, index page, annual indexes."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ..errors import Problem, TypesetterError
from ..i18n import Translator
from ..options import PrintOptions
from ..outputs import check_archive_output
from ..resources import FONTS_DIR, LAYOUTS_DIR
from .annual import annual_digest, annual_file, by_year
from .catalog import CATALOG, INDEX, merge_catalogs, shard_catalog_name, write_catalog, write_index
from .cluster import CONNECT_TIMEOUT, ClusterRunner, ClusterSpec
from .discover import IssueFolder, discover, select_shard
from .fingerprint import PACKAGE_DIR, Fingerprinter, make_fingerprinter, tree_digest
from .manifest import Entry, Manifest, loaded_warnings, saved_warnings, write_problem
from .pool import Job, Listener, Runner
from .worker import AnnualTask, Outcome, Task

_ = Translator("archive")
Status = Literal["built", "skipped", "failed"]


@dataclass
class ArchiveOptions:
    """What ``typesetter archive`` was asked to do."""

    content_root: Path
    out_dir: Path
    jobs: int | None = None
    force: bool = False
    printing: PrintOptions = field(default_factory=PrintOptions)
    shard: tuple[int, int] | None = None
    recycle_after: int = 50
    #: Fingerprint inputs (tests point them at copies; rendering uses the real ones).
    layouts_dir: Path = LAYOUTS_DIR
    fonts_dir: Path = FONTS_DIR
    package_dir: Path = PACKAGE_DIR
    #: ``--cluster``: build on a Dask cluster (archive/cluster.py) instead of local workers.
    cluster: ClusterSpec | None = None
    cluster_timeout: float = CONNECT_TIMEOUT

    @property
    def workers(self) -> int:
        return self.jobs if self.jobs is not None else (os.cpu_count() or 1)

    @property
    def suffix(self) -> str:
        """``""`` for the print edition, ``".screen"`` for the screen edition."""
        return self.printing.edition.suffix


@dataclass
class IssueResult:
    name: str
    status: Status
    file: str
    pages: int = 0
    seconds: float = 0.0
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)


@dataclass
class ArchiveResult:
    """What the job did, issue by issue, plus the index files and the workers' peak memory."""

    issues: list[IssueResult] = field(default_factory=list)
    seconds: float = 0.0
    jobs: int = 1
    peak_rss_kb: dict[int, int] = field(default_factory=dict)
    written: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: The output folder (the summary names it, and the index in it).
    out_dir: str = ""

    def note_memory(self, outcome: Outcome) -> None:
        """Keep each worker's own peak RSS (the highest any of its tasks reported)."""
        if outcome.pid:
            known = self.peak_rss_kb.get(outcome.pid, 0)
            self.peak_rss_kb[outcome.pid] = max(known, outcome.peak_rss_kb)

    def count(self, status: Status) -> int:
        return sum(1 for issue in self.issues if issue.status == status)

    @property
    def pages(self) -> int:
        return sum(issue.pages for issue in self.issues if issue.status == "built")

    @property
    def exit_code(self) -> int:
        return 1 if self.count("failed") or self.problems else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "built": self.count("built"),
            "skipped": self.count("skipped"),
            "failed": self.count("failed"),
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "jobs": self.jobs,
            "peak_rss_mb_per_worker": {
                str(pid): round(kb / 1024, 1) for pid, kb in sorted(self.peak_rss_kb.items())
            },
            "written": self.written,
            "problems": [str(p) for p in self.problems],
            "issues": [
                {
                    "name": i.name,
                    "status": i.status,
                    "file": i.file,
                    "pages": i.pages,
                    "seconds": round(i.seconds, 3),
                    "errors": [str(p) for p in i.problems],
                    "warnings": [str(p) for p in i.warnings],
                }
                for i in self.issues
            ],
        }


class _Silent:
    def planned(self, total: int, to_build: int) -> None:
        pass

    def started(self, task: Job) -> None:
        pass

    def finished(self, outcome: Outcome) -> None:
        pass


def run_archive(options: ArchiveOptions, listener: Listener | None = None) -> ArchiveResult:
    """Build every stale issue of the archive (or of one shard) and write the indexes."""
    started = time.perf_counter()
    check_archive_output(options.out_dir, options.content_root)
    result = ArchiveResult(jobs=options.workers, out_dir=str(options.out_dir))
    manifest = Manifest(options.out_dir)
    manifest.remove_temporaries()
    found = discover(options.content_root, exclude=options.out_dir, unreadable=result.problems)
    folders = select_shard(found, options.shard)
    fingerprinter = fingerprinter_for(options, manifest)
    tasks, not_built = plan(folders, fingerprinter, manifest, options)
    result.issues.extend(not_built)
    listener = listener or _Silent()
    failed = [issue for issue in not_built if issue.status == "failed"]
    listener.planned(len(folders), len(tasks) + len(failed))
    for issue in failed:
        listener.finished(Outcome(issue.name, issue.name, False, 0.0, problems=issue.problems))
    by_key = {task.key: task for task in tasks}
    built: dict[str, dict[str, Any]] = {}
    with runner_for(options, listener, fingerprinter) as runner:
        biggest_first: list[Task] = sorted(tasks, key=lambda task: -task.cost)
        for outcome in runner.run(biggest_first):
            result.issues.append(_record(outcome, manifest, by_key[outcome.key]))
            result.note_memory(outcome)
            if outcome.ok:
                built[outcome.name] = _as_saved(outcome.record)
        result.issues.sort(key=lambda issue: issue.name)
        records = _records(folders, manifest, options, built)
        if options.shard is not None:
            name = shard_catalog_name(options.shard, options.suffix)
            if _written(result, options.out_dir / name, lambda p: write_catalog(p, records)):
                result.written.append(name)
        else:
            places = {folder.name: folder.path for folder in found}
            _write_indexes(options, records, manifest, fingerprinter, result, runner, places)
        result.jobs = runner.jobs
    result.problems.extend(manifest.problems)
    result.seconds = time.perf_counter() - started
    return result


def runner_for(
    options: ArchiveOptions, listener: Listener, fingerprinter: Fingerprinter
) -> Runner | ClusterRunner:
    """Local worker processes, or the Dask cluster of ``--cluster``."""
    if options.cluster is not None:
        hasher = fingerprinter.hasher
        return ClusterRunner(options.cluster, listener, hasher, options.cluster_timeout)
    return Runner(options.workers, options.recycle_after, listener)


def index_only(options: ArchiveOptions) -> ArchiveResult:
    """Merge every catalog in OUT_DIR and write catalog.json, index.html and the annual
    indexes, without rendering an issue."""
    started = time.perf_counter()
    check_archive_output(options.out_dir, options.content_root)
    result = ArchiveResult(jobs=0, out_dir=str(options.out_dir))
    folders = discover(options.content_root, exclude=options.out_dir, unreadable=result.problems)
    merged = merge_catalogs(options.out_dir, options.suffix)
    records = [merged[folder.name] for folder in folders if folder.name in merged]
    for folder in folders:
        if folder.name not in merged:
            hint = _("build it first (with the shard it belongs to)")
            result.problems.append(Problem(folder.display, None, _("not in any catalog"), hint))
    manifest = Manifest(options.out_dir)
    fingerprinter = fingerprinter_for(options, manifest)
    with runner_for(options, _Silent(), fingerprinter) as runner:
        places = {folder.name: folder.path for folder in folders}
        _write_indexes(options, records, manifest, fingerprinter, result, runner, places)
    result.problems.extend(manifest.problems)
    result.seconds = time.perf_counter() - started
    return result


def fingerprinter_for(options: ArchiveOptions, manifest: Manifest) -> Fingerprinter:
    return make_fingerprinter(
        options.printing.cache_key(),
        manifest.hash_cache(),
        layouts_dir=options.layouts_dir,
        fonts_dir=options.fonts_dir,
        package_dir=options.package_dir,
    )


def plan(
    folders: list[IssueFolder],
    fingerprinter: Fingerprinter,
    manifest: Manifest,
    options: ArchiveOptions,
) -> tuple[list[Task], list[IssueResult]]:
    """Which issues to build (stale or forced), which to skip (built from the same
    inputs) and which fail before a build (a file of theirs cannot be read safely: that
    issue alone). Saves the cache of big files' hashes."""
    tasks: list[Task] = []
    not_built: list[IssueResult] = []
    for folder in folders:
        key = folder.name + options.suffix
        output = options.out_dir / f"{key}.pdf"
        issue = fingerprinter.issue(folder.path, folder.display)
        if issue.problems:
            not_built.append(
                IssueResult(folder.name, "failed", output.name, problems=issue.problems)
            )
            continue
        entry = None if options.force else manifest.fresh(key, issue.fingerprint)
        if entry is not None:
            warnings = loaded_warnings(entry, folder.display)
            not_built.append(IssueResult(folder.name, "skipped", output.name, warnings=warnings))
        else:
            where = (folder.path, folder.display, output)
            task = Task(key, folder.name, *where, issue.fingerprint, options.printing, issue.cost)
            tasks.append(task)
    manifest.save_hash_cache(fingerprinter.hasher.used)
    return tasks, not_built


def _record(outcome: Outcome, manifest: Manifest, task: Task) -> IssueResult:
    if not outcome.ok:
        return IssueResult(
            outcome.name, "failed", task.output.name, 0, outcome.seconds, outcome.problems
        )
    warnings = saved_warnings(outcome.warnings, task.display)
    entry = Entry(
        task.fingerprint, task.output.name, outcome.size, outcome.sha256, outcome.record, warnings
    )
    manifest.save(task.key, entry)  # if it cannot be written: a Problem, and a rebuild next time
    return IssueResult(
        outcome.name,
        "built",
        task.output.name,
        outcome.pages,
        outcome.seconds,
        warnings=outcome.warnings,
    )


def _records(
    folders: list[IssueFolder],
    manifest: Manifest,
    options: ArchiveOptions,
    built: dict[str, dict[str, Any]],
) -> list[dict[str, Any]]:
    """The catalog records of the PDFs in OUT_DIR: those ``built`` in this run (whether or
    not their manifest entry could be written), the others' from the manifest (a failed
    issue keeps its old one)."""
    records = []
    for folder in folders:
        if folder.name in built:
            records.append(built[folder.name])
            continue
        entry = manifest.entry(folder.name + options.suffix)
        if entry is not None and entry.record and (options.out_dir / entry.file).is_file():
            records.append(entry.record)
    return records


def _as_saved(record: dict[str, Any]) -> dict[str, Any]:
    """``record`` as its manifest entry holds it (keys sorted): the catalog is the same
    bytes whether an issue was built in this run or skipped."""
    saved: dict[str, Any] = json.loads(json.dumps(record, sort_keys=True))
    return saved


def _written(result: ArchiveResult, path: Path, write: Callable[[Path], None]) -> bool:
    """``write(path)``; if that fails (a full disk…), a Problem naming ``path`` and False."""
    try:
        write(path)
    except OSError as error:
        result.problems.append(write_problem(path, error))
        return False
    except TypesetterError as error:
        result.problems.extend(error.problems)
        return False
    return True


def _write_indexes(
    options: ArchiveOptions,
    records: list[dict[str, Any]],
    manifest: Manifest,
    fingerprinter: Fingerprinter,
    result: ArchiveResult,
    runner: Runner | ClusterRunner,
    places: dict[str, Path],
) -> None:
    """catalog.json, the annual indexes whose inputs changed (typeset by the workers), and
    index.html linking to every PDF and annual index there is; ``places`` are the issue
    folders by name (an annual index finds its layout as its first issue does)."""
    out, suffix = options.out_dir, options.suffix
    catalog = CATALOG.replace(".json", f"{suffix}.json")
    index = INDEX.replace(".html", f"{suffix}.html")
    written_catalog = _written(result, out / catalog, lambda path: write_catalog(path, records))
    annuals: dict[int, str] = {}
    digests: dict[str, str] = {}
    tasks: list[AnnualTask] = []
    archive_code = tree_digest(options.package_dir / "archive")
    for year, year_records in by_year(records).items():
        file = annual_file(year, suffix)
        # the layout of the year's first record, found as its issue's build finds it
        issue_dir = places.get(year_records[0]["name"])
        layouts = sorted({record["layout"] for record in year_records})
        inputs = " ".join(
            [
                fingerprinter.shared(),
                archive_code,
                *(fingerprinter.layout(n, issue_dir) for n in layouts),
            ]
        )
        digests[file] = annual_digest(year_records, inputs)
        annuals[year] = file
        if options.force or manifest.digest(file) != digests[file] or not (out / file).is_file():
            task = AnnualTask(
                file, f"annual {year}", year, tuple(year_records), out / file, file, issue_dir
            )
            tasks.append(task)
    for outcome in runner.run(tasks):
        result.note_memory(outcome)
        if outcome.ok:
            manifest.save_digest(outcome.key, digests[outcome.key])
            result.written.append(outcome.key)
        else:
            result.problems.extend(outcome.problems)
    written = {year: file for year, file in annuals.items() if (out / file).is_file()}
    failed = {issue.name for issue in result.issues if issue.status == "failed"}
    written_index = _written(
        result, out / index, lambda path: write_index(path, records, written, failed)
    )
    result.written[:0] = [
        name for name, ok in ((catalog, written_catalog), (index, written_index)) if ok
    ]
