"""Run the archive's tasks on a Dask cluster (``typesetter archive --cluster``).

The client (this process) plans as always: fingerprints, manifest, what to build. Each
task it sends carries everything the build reads that is not in the installed package:
the bytes of the issue folder's files (images too), and the folders of its layout chain
that are not built in (a ``layouts/`` folder beside the issue or in a parent, ``--layouts``,
``TYPESETTER_LAYOUTS``, a relative ``layout: ../layouts/weekly``). The worker recreates
them in a temporary folder at the same places relative to each other (each under its
client path), searches only them and its built-in layouts, and refuses the task unless
the chain it finds hashes as the client's (:class:`Layouts`). For the rest, a task carries
the digest of the package, fonts and built-in layouts, and a worker whose digests differ
refuses the task. The worker builds in a temporary folder and sends back the PDF's bytes
with the outcome (page map, catalog record, warnings); only the client writes into
OUT_DIR, atomically, then the manifest entry, as a local run does. A worker needs the
installed package, nothing shared.

Faults: a worker that dies mid-task has its task given to another worker by the scheduler
(up to ``distributed.scheduler.allowed-failures`` times, then the issue fails alone); a
broken issue comes back as its Problems; a killed client leaves only complete files (each
written through a temporary file and a rename), so a rerun resumes from the manifest; a
scheduler that cannot be reached is an error after :data:`CONNECT_TIMEOUT` seconds.

Dask is an optional extra (``pip install 'typesetter[cluster]'``), imported only here
and only when ``--cluster`` is given.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import socket
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import Any

from .. import __version__
from ..errors import Problem, TypesetterError, UsageError
from ..i18n import N_, Translator
from ..pdf import WriteError, write_atomic
from ..resources import FONTS_DIR, LAYOUTS_DIR
from .fingerprint import (
    PACKAGE_DIR,
    Fingerprinter,
    Hasher,
    code_digest,
    folder_entries,
    inside,
    layout_name,
    open_regular,
    tree_digest,
)
from .manifest import AGAIN
from .pool import Job, Listener, failed
from .worker import AnnualTask, Outcome, Task, run_job, warm_up

#: The extra that installs Dask (named by the error when it is missing).
EXTRA = "typesetter[cluster]"
#: Seconds to wait for the scheduler (and for its first worker) before giving up.
CONNECT_TIMEOUT = 10.0
#: Tasks in flight per worker thread: one being built, one waiting on the worker, so a
#: worker never idles while the client fetches a result and sends the next task.
IN_FLIGHT_PER_THREAD = 2
#: Dask settings for the workers of ``local:N`` (the nannies pass them on); README.md
#: shows them as environment variables for ``dask worker``.
WORKER_CONFIG = {
    "distributed.worker.multiprocessing-method": "forkserver",
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
}
#: The most bytes of layout files one task carries (templates, CSS, a logo: kilobytes).
MAX_LAYOUT_BYTES = 32 * 1024 * 1024

_ADDRESS = re.compile(r"^(tcp|tls|ucx|inproc)://[^\s/]+$")
_LOCAL = re.compile(r"^local:(\d+)$")
_HINT = N_("give the scheduler's address (tcp://HOST:8786) or local:N for N local workers")
_SAME_HINT = N_("install the same typesetter version and fonts on every worker")
_ = Translator("archive")


class ClusterError(TypesetterError):
    """The cluster cannot be used: unreachable, no workers, or workers that differ."""


@dataclass(frozen=True)
class ClusterSpec:
    """``--cluster``: a scheduler's address, or the number of local worker processes."""

    address: str | None = None
    local_workers: int = 0

    def __str__(self) -> str:
        return self.address or f"local:{self.local_workers}"


def parse_cluster(text: str) -> ClusterSpec:
    """``tcp://HOST:PORT`` or ``local:N``; a UsageError otherwise, or when Dask is missing."""
    local = _LOCAL.match(text.strip())
    if local:
        count = int(local[1])
        if count < 1:
            message = _("'{text}': N must be 1 or more", text=text)
            raise UsageError([Problem("--cluster", None, message, _(_HINT))])
        spec = ClusterSpec(local_workers=count)
    elif _ADDRESS.match(text.strip()):
        spec = ClusterSpec(address=text.strip())
    else:
        message = _("'{text}' is not a cluster", text=text)
        raise UsageError([Problem("--cluster", None, message, _(_HINT))])
    require_dask()
    return spec


def no_recycling() -> None:
    """``--recycle-after`` with ``--cluster``: a UsageError (Dask's nannies replace workers,
    by their memory limit or lifetime, not the archive)."""
    raise UsageError(
        [
            Problem(
                "--recycle-after",
                None,
                _("does not apply to --cluster: Dask replaces the workers"),
                _(
                    "leave it out; to replace workers that grow, start them with "
                    "dask worker --memory-limit or --lifetime"
                ),
            )
        ]
    )


def require_dask() -> None:
    """A UsageError naming the extra when Dask distributed is not installed."""
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise UsageError(
            [
                Problem(
                    "--cluster",
                    None,
                    _("needs Dask distributed, which is not installed"),
                    _("install the extra: pip install '{extra}'", extra=EXTRA),
                )
            ]
        ) from None


# --- what must match between the client and every worker ------------------------------


@dataclass(frozen=True)
class Environment:
    """What makes a worker's PDFs the same bytes as the client's: the typesetter version,
    its code (and WeasyPrint's version), the fonts and the built-in layouts, as hashes."""

    version: str
    code: str
    fonts: str
    layouts: str

    def differences(self, other: Environment) -> list[str]:
        """What of ``other`` (a worker's) differs from this (the client's)."""
        found = []
        if other.version != self.version:
            found.append(
                _("typesetter {theirs}, not {ours}", theirs=other.version, ours=self.version)
            )
        elif other.code != self.code:
            found.append(_("other typesetter code or WeasyPrint version"))
        if other.fonts != self.fonts:
            found.append(_("other fonts"))
        if other.layouts != self.layouts:
            found.append(_("other layouts"))
        return found


def environment(hasher: Hasher | None = None) -> Environment:
    """This process's environment (``hasher``: the client's cache of big files' hashes)."""
    return Environment(
        __version__,
        code_digest(PACKAGE_DIR),
        tree_digest(FONTS_DIR, hasher=hasher),
        tree_digest(LAYOUTS_DIR),
    )


@cache
def _warmed_up() -> None:
    """WeasyPrint imported and fonts configured, once per worker process (as a pool
    worker's initializer does), on the worker's first task: not before the client can
    send tasks."""
    warm_up()


@cache
def worker_environment() -> Environment:
    """A worker's environment, computed once per process (~0.2 s: the fonts are read)."""
    return environment()


def _refusal(display: str, differences: list[str]) -> Problem:
    return Problem(
        display,
        None,
        _(
            "worker {host} has {differences} than this client: refused, its PDFs would differ",
            host=socket.gethostname(),
            differences=", ".join(differences),
        ),
        _(_SAME_HINT),
    )


# --- a task as it travels ---------------------------------------------------------------


@dataclass(frozen=True)
class Folder:
    """A folder as it travels: ``(relative path, bytes)`` of each file, ``(relative path,
    relative target)`` of each link to a folder inside it."""

    files: tuple[tuple[str, bytes], ...] = ()
    links: tuple[tuple[str, str], ...] = ()

    @property
    def size(self) -> int:
        return sum(len(data) for _, data in self.files)


@dataclass(frozen=True)
class Layouts:
    """What a worker needs to find the task's layout chain as the client does. Each place
    is a client folder's absolute path, made relative (``home/ed/content/layouts``): the
    worker recreates it under its temporary folder, so relative ``layout:``/``extends:``
    paths and the ``layouts/`` folder beside the issue resolve the same way."""

    #: The layout issue.yaml names (an annual index: its issues' layout).
    ref: str
    #: The chain's hash on the client (Fingerprinter.layout): what the worker must find.
    digest: str
    #: The chain's folders that are neither built in nor inside the issue folder.
    folders: tuple[tuple[str, Folder], ...] = ()
    #: The client's ``layouts/`` folder beside the issue (or in a parent), if any.
    beside: str | None = None
    #: The folders of ``--layouts`` and ``TYPESETTER_LAYOUTS``, in their order.
    search: tuple[str, ...] = ()
    #: The client's problems when it cannot resolve the chain: a worker reports the same
    #: problem in the client's words (its hint lists the client's folders).
    missing: tuple[Problem, ...] = ()

    def reworded(self, problems: list[Problem]) -> list[Problem]:
        """``problems`` with each one the client also found in its own words."""
        ours = {(p.path, p.line, p.message): p for p in self.missing}
        return [ours.get((p.path, p.line, p.message), p) for p in problems]


@dataclass(frozen=True)
class Payload:
    """A task and the files it reads: ``(relative path, bytes)`` of each file of the issue
    folder, ``(relative path, relative target)`` of each link to a folder inside it; the
    issue folder's place (see :class:`Layouts`) and the layouts that are not built in."""

    job: Job
    environment: Environment
    files: tuple[tuple[str, bytes], ...] = ()
    links: tuple[tuple[str, str], ...] = ()
    place: str = ""
    layouts: Layouts | None = None

    @property
    def size(self) -> int:
        """The bytes of files it carries."""
        carried = self.layouts.folders if self.layouts is not None else ()
        return sum(len(data) for _, data in self.files) + sum(f.size for _, f in carried)


def place_of(folder: Path | str) -> str:
    """Where a client folder is recreated on a worker: its real path, made relative."""
    path = Path(os.path.realpath(folder))
    return path.relative_to(path.anchor).as_posix()


class _Unsendable(Exception):
    """A layout folder a task cannot carry: why (a translated sentence)."""


def _too_much(budget: int) -> str:
    return _(
        "more than {size} MB of files, too much to send with every task",
        size=budget // (1024 * 1024),
    )


def read_folder(root: Path, budget: int | None = None, what: str = "issue") -> Folder:
    """The files of ``root`` as the fingerprint sees them (hidden entries and caches left
    out), and its links to folders inside it; OSError if a file cannot be read or a link
    leads out of ``root``; _Unsendable past ``budget`` bytes (layouts)."""
    real_root = os.path.realpath(root)
    files: list[tuple[str, bytes]] = []
    links: list[tuple[str, str]] = []
    total = 0
    for here, linked, names in folder_entries(root):
        for name in linked:
            real = os.path.realpath(here / name)
            if what == "layout" and not inside(real, real_root):
                raise OSError(_("{path} links outside the layout folder", path=here / name))
            target = os.path.relpath(real, os.path.realpath(here))
            links.append(((here / name).relative_to(root).as_posix(), target))
        for name in names:
            real = os.path.realpath(here / name)
            if not real.startswith(real_root + os.sep):
                if what == "layout":
                    raise OSError(_("{path} links outside the layout folder", path=here / name))
                raise OSError(_("{path} links outside the issue folder", path=here / name))
            if budget is not None:
                total += os.stat(real).st_size
                if total > budget:
                    raise _Unsendable(_too_much(budget))
            with open_regular(real) as stream:
                data = stream.read()
            files.append(((here / name).relative_to(root).as_posix(), data))
    return Folder(tuple(files), tuple(links))


class LayoutCarrier:
    """Packs the layouts tasks need (the client's side), each folder read once a run."""

    def __init__(self) -> None:
        #: Hashes the chains as a worker will (built-in layouts: the installed ones).
        self.fingerprinter = Fingerprinter("", "", "")
        self._folders: dict[str, Folder] = {}

    def carry(self, ref: str, issue_dir: Path | None) -> Layouts:
        """The layouts of ``ref`` for the issue in ``issue_dir`` (None: an annual index);
        LayoutProblem when a folder cannot be sent."""
        from ..errors import LayoutError
        from ..layouts import BESIDE, BUILTIN, ENV_VAR, OPTION, layout_chain, search_places

        digest = self.fingerprinter.layout(ref, issue_dir)
        places = search_places(issue_dir)
        missing: tuple[Problem, ...] = ()
        try:
            chain = layout_chain(ref, issue_dir)
        except LayoutError as error:  # the worker reports it as a local build does
            chain, missing = [], tuple(error.problems)
        except OSError:
            chain = []
        issue_root = os.path.realpath(issue_dir) if issue_dir is not None else None
        budget = MAX_LAYOUT_BYTES
        folders: list[tuple[str, Folder]] = []
        for found in chain:
            real = os.path.realpath(found.folder)
            if found.origin == BUILTIN or (issue_root is not None and inside(real, issue_root)):
                continue
            if real not in self._folders:
                try:
                    self._folders[real] = read_folder(found.folder, MAX_LAYOUT_BYTES, "layout")
                except _Unsendable as error:
                    raise LayoutProblem(found.folder, str(error)) from None
                except OSError as error:
                    raise LayoutProblem(found.folder, error.strerror or str(error)) from None
            folder = self._folders[real]
            budget -= folder.size
            if budget < 0:
                raise LayoutProblem(found.folder, _too_much(MAX_LAYOUT_BYTES))
            folders.append((place_of(found.folder), folder))
        beside = next((place_of(p.folder) for p in places if p.origin == BESIDE), None)
        search = tuple(place_of(p.folder) for p in places if p.origin in (OPTION, ENV_VAR))
        return Layouts(ref, digest, tuple(folders), beside, search, missing)


class LayoutProblem(Exception):
    """A layout folder that cannot go with a task: the folder and why."""

    def __init__(self, folder: Path, reason: str) -> None:
        super().__init__(reason)
        self.problem = Problem(
            str(folder),
            None,
            _("cannot send the layout to the cluster ({reason})", reason=reason),
            _(
                "a task carries the layout folder's own files: copy linked files in, keep big "
                "files out"
            ),
        )


def pack(job: Job, env: Environment, carrier: LayoutCarrier | None = None) -> Payload:
    """The payload of ``job``: an issue task carries its folder's files, as the
    fingerprint sees them (hidden entries and caches left out), and the layouts it needs
    that are not built in; OSError if a file cannot be read, LayoutProblem if a layout
    folder cannot be sent."""
    carrier = carrier or LayoutCarrier()
    if isinstance(job, AnnualTask):
        ref = str(job.records[0].get("layout", "newsletter")) if job.records else "newsletter"
        # the layout as the year's first issue finds it (its office's layouts/ too)
        place = place_of(job.issue_dir) if job.issue_dir is not None else ""
        return Payload(job, env, place=place, layouts=carrier.carry(ref, job.issue_dir))
    issue = read_folder(job.folder)
    layouts = carrier.carry(layout_name(job.folder), job.folder)
    return Payload(job, env, issue.files, issue.links, place_of(job.folder), layouts)


def _safe(relative: str) -> PurePosixPath:
    path = PurePosixPath(relative)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ValueError(_("unsafe path in a task: {path!r}", path=relative))
    return path


def _write_folder(folder: Path, carried: Folder) -> None:
    for relative, data in carried.files:
        path = folder / _safe(relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    for relative, target in carried.links:
        path = folder / _safe(relative)
        resolved = os.path.normpath(path.parent / target)
        if not resolved.startswith(str(folder) + os.sep):
            raise ValueError(
                _("unsafe link in a task: {path!r} → {target!r}", path=relative, target=target)
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        os.symlink(target, path)


def unpack(payload: Payload, into: Path) -> Path:
    """Write the payload's files under ``into``: the issue folder and the layout folders,
    each at its place under ``into/w``; the issue folder it makes. ``into/layouts`` is
    made empty, so that nothing of the worker's beside the temporary folder is found."""
    job = payload.job
    root = into / "w"
    if isinstance(job, Task):
        if payload.place:
            folder = root / _safe(payload.place)
            folder.mkdir(parents=True)
        else:
            folder = into / (job.folder.name or "issue")
            folder.mkdir()
        _write_folder(folder, Folder(payload.files, payload.links))
    else:  # an annual index: where its first issue's folder is (nothing of it is read)
        folder = root / _safe(payload.place) if payload.place else root
        folder.mkdir(parents=True, exist_ok=True)
    layouts = payload.layouts
    if layouts is not None:
        for place, carried in layouts.folders:
            target = root / _safe(place)
            target.mkdir(parents=True, exist_ok=True)
            _write_folder(target, carried)
        for place in (*([layouts.beside] if layouts.beside else []), *layouts.search):
            (root / _safe(place)).mkdir(parents=True, exist_ok=True)
    (into / "layouts").mkdir(exist_ok=True)
    return folder


#: The layout search path is the process's (TYPESETTER_LAYOUTS): one task sets it at once.
_SEARCH_LOCK = threading.Lock()


@contextmanager
def _searching(root: Path, layouts: Layouts | None) -> Iterator[None]:
    """Layouts looked up in the task's ``--layouts``/``TYPESETTER_LAYOUTS`` folders as
    recreated under ``root``, never in the worker's own."""
    from ..layouts import ENV_VAR

    places = [str(root / _safe(place)) for place in layouts.search] if layouts else []
    with _SEARCH_LOCK:
        before = os.environ.get(ENV_VAR)
        if places:
            os.environ[ENV_VAR] = os.pathsep.join(places)
        else:
            os.environ.pop(ENV_VAR, None)
        try:
            yield
        finally:
            if before is None:
                os.environ.pop(ENV_VAR, None)
            else:
                os.environ[ENV_VAR] = before


@contextmanager
def _client_urls(root: Path) -> Iterator[None]:
    """The ``file:`` URLs of a layout's files (a logo, a picture in its CSS) are in the
    HTML, whose hash is the PDF's ID, and WeasyPrint names a picture in the PDF by a hash
    of its URL: both hashed as the client's URLs (the worker's copy of a folder is at
    ``root`` + the client's path), so that the PDF is byte-identical to the client's."""
    from .. import pdf
    from ..weasy import image_urls_named_as

    prefix = root.resolve().as_uri()
    original_identifier = pdf.content_identifier

    def identifier(html: str) -> bytes:
        return original_identifier(html.replace(prefix + "/", "file:///"))

    pdf.content_identifier = identifier
    try:
        with image_urls_named_as(prefix, "file://"):
            yield
    finally:
        pdf.content_identifier = original_identifier


def _unplaced(problems: list[Problem], root: str) -> list[Problem]:
    """Problems that name a layout file by its client path, not the worker's copy."""

    def back(text: str | None) -> str | None:
        return text.replace(root, "") if text is not None else None

    return [
        replace(p, path=back(p.path) or "", message=back(p.message) or "", hint=back(p.hint))
        for p in problems
    ]


@dataclass
class Returned:
    """What a worker sends back: the outcome and the bytes of the file it made."""

    outcome: Outcome
    data: bytes = b""
    host: str = ""


def run_remote(payload: Payload) -> Returned:
    """On a worker: check the environment, unpack, build into a temporary folder, return
    the file's bytes (never raises for a content, layout or render problem)."""
    job = payload.job
    host = socket.gethostname()
    _warmed_up()
    differences = payload.environment.differences(worker_environment())
    if differences:
        return Returned(failed(job, _refusal(job.display, differences)))
    with tempfile.TemporaryDirectory(prefix="typesetter-task-") as tmp:
        where = Path(tmp)
        (where / "out").mkdir()
        output = where / "out" / job.output.name
        folder = unpack(payload, where)
        issue_dir: Path | None = folder
        if isinstance(job, Task):
            local: Job = replace(job, folder=folder, output=output)
        else:
            issue_dir = folder if job.issue_dir is not None else None
            local = replace(job, output=output, issue_dir=issue_dir)
        with _searching(where / "w", payload.layouts), _client_urls(where / "w"):
            other = _other_layouts(payload, issue_dir)
            if other is not None:
                return Returned(failed(job, other), b"", host)
            outcome = run_job(local)
        root = str(where / "w")
        outcome.problems = _unplaced(outcome.problems, root)
        if payload.layouts is not None:
            outcome.problems = payload.layouts.reworded(outcome.problems)
        outcome.warnings = _unplaced(outcome.warnings, root)
        data = output.read_bytes() if outcome.ok else b""
    return Returned(outcome, data, host)


def _other_layouts(payload: Payload, issue_dir: Path | None) -> Problem | None:
    """A refusal if the layout chain this worker finds for the task (in what it carried
    and the built-in layouts) is not the client's, file for file."""
    layouts = payload.layouts
    if layouts is None:
        return None
    if Fingerprinter("", "", "").layout(layouts.ref, issue_dir) == layouts.digest:
        return None
    return Problem(
        payload.job.display,
        None,
        _(
            "worker {host} finds other files for the layout {name} than this client: "
            "refused, its PDFs would differ",
            host=socket.gethostname(),
            name=repr(layouts.ref),
        ),
        _(
            "install the same typesetter version on every worker; if a layout was edited "
            "during the run, run the archive again"
        ),
    )


# --- the client's side ------------------------------------------------------------------


@dataclass
class Timings:
    """Where the client's time goes per task (for the benchmark and ``--verbose``)."""

    tasks: int = 0
    pack_seconds: float = 0.0
    write_seconds: float = 0.0
    sent_bytes: int = 0
    received_bytes: int = 0


class ClusterRunner:
    """Runs batches of tasks on a Dask cluster; the same interface as :class:`Runner`.

    Connects (or starts the local cluster) on the first batch that has tasks, so a run
    with nothing to build never waits for a cluster.
    """

    def __init__(
        self,
        spec: ClusterSpec,
        listener: Listener,
        hasher: Hasher | None = None,
        timeout: float = CONNECT_TIMEOUT,
    ) -> None:
        self.spec = spec
        self.listener = listener
        self.hasher = hasher
        self.timeout = timeout
        self.jobs = spec.local_workers
        self.timings = Timings()
        self._client: Any = None
        self._cluster: Any = None
        self._env: Environment | None = None
        self._carrier = LayoutCarrier()

    def __enter__(self) -> ClusterRunner:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._client is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()

    def run(self, tasks: Sequence[Job]) -> Iterator[Outcome]:
        """Yield each task's outcome as it completes, its file written into OUT_DIR."""
        if not tasks:
            return
        client = self._connect()
        pending = list(reversed(tasks))
        running: dict[Any, Job] = {}
        early: list[Outcome] = []  # tasks that failed before they were sent
        done = _dask().as_completed(loop=client.loop)  # not the default client: pass its loop
        self._fill(client, pending, running, done, early)
        while running or early:
            if early:
                outcome = early.pop(0)
            else:
                future = next(done)
                outcome = self._collect(future, running.pop(future))
                future.release()
            self._fill(client, pending, running, done, early)
            self.listener.finished(outcome)
            yield outcome

    def _fill(
        self,
        client: Any,
        pending: list[Job],
        running: dict[Any, Job],
        done: Any,
        early: list[Outcome],
    ) -> None:
        """Send tasks until each worker thread has IN_FLIGHT_PER_THREAD of them."""
        threads = sum(client.nthreads().values()) if pending else 0
        self.jobs = max(self.jobs, threads)
        while pending and len(running) < max(1, threads) * IN_FLIGHT_PER_THREAD:
            job = pending.pop()
            self.listener.started(job)
            started = time.perf_counter()
            try:
                payload = pack(job, self._environment(), self._carrier)
            except OSError as error:
                early.append(failed(job, _unreadable(job, error)))
                continue
            except LayoutProblem as error:
                early.append(failed(job, error.problem))
                continue
            self.timings.pack_seconds += time.perf_counter() - started
            self.timings.sent_bytes += payload.size
            key = f"typesetter-{job.key}-{uuid.uuid4().hex[:12]}"
            future = client.submit(run_remote, payload, key=key, pure=False, priority=len(pending))
            running[future] = job
            done.add(future)

    def _collect(self, future: Any, job: Job) -> Outcome:
        """The task's outcome, its file written atomically into OUT_DIR (a worker that died
        too often, or a lost scheduler, fails only this task)."""
        try:
            returned: Returned = future.result()
        except Exception as error:
            return failed(job, _lost(job, error))
        outcome = returned.outcome
        if not outcome.ok:
            return outcome
        if outcome.kind == "issue" and hashlib.sha256(returned.data).hexdigest() != outcome.sha256:
            message = _("the PDF was damaged on its way from the worker")
            problem = Problem(job.display, None, message)
            return failed(job, problem)
        started = time.perf_counter()
        try:
            write_atomic(job.output, returned.data)
        except WriteError as error:
            return failed(job, error.problem(again=_(AGAIN)))
        self.timings.write_seconds += time.perf_counter() - started
        self.timings.received_bytes += len(returned.data)
        self.timings.tasks += 1
        return outcome

    def _environment(self) -> Environment:
        if self._env is None:
            self._env = environment(self.hasher)
        return self._env

    def _connect(self) -> Any:
        if self._client is not None:
            return self._client
        dask = _dask()
        logging.getLogger("distributed").setLevel(logging.ERROR)
        if self.spec.address is None:
            self._cluster = _local_cluster(self.spec.local_workers)
            address = self._cluster.scheduler_address
        else:
            address = self.spec.address
        try:
            self._client = dask.Client(address, timeout=self.timeout, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise ClusterError([_unreachable(address, self.timeout, error)]) from None
        try:
            self._client.wait_for_workers(1, timeout=self.timeout)
        except (OSError, TimeoutError):
            raise ClusterError(
                [
                    Problem(
                        address,
                        None,
                        _(
                            "the Dask scheduler has no workers after {seconds:g} s",
                            seconds=self.timeout,
                        ),
                        _("start one on each machine: dask worker {address}", address=address),
                    )
                ]
            ) from None
        self._check_workers(address)
        return self._client

    def _check_workers(self, address: str) -> None:
        """Every worker refused (all of them listed) if its package, fonts
        or layouts differ from the client's."""
        reported: dict[str, Environment] = self._client.run(worker_environment)
        mine = self._environment()
        problems = [
            Problem(
                worker,
                None,
                _(
                    "this worker has {differences} than the client: refused, its PDFs would differ",
                    differences=", ".join(mine.differences(env)),
                ),
                _(_SAME_HINT),
            )
            for worker, env in sorted(reported.items())
            if mine.differences(env)
        ]
        if problems:
            raise ClusterError(problems)


def _local_cluster(workers: int) -> Any:
    """``local:N``: N worker processes of one thread each (a build is CPU-bound Python),
    forked from a fork server that has imported Dask and this module once, instead of N
    fresh interpreters each importing them (~1.5 s less to start on 2 cores). Dask's
    sampling profiler is off in the workers and its event-loop tick slowed: both wake a
    thread every 10-20 ms that takes the GIL from the build (~10% of a build's time)."""
    import multiprocessing.forkserver

    import dask

    dask_distributed = _dask()
    with dask.config.set(WORKER_CONFIG):
        context = dask_distributed.utils.get_mp_context()  # Dask's preload: its packages
        preload = list(getattr(multiprocessing.forkserver._forkserver, "_preload_modules", []))
        context.set_forkserver_preload([*preload, __name__])
        return dask_distributed.LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )


def _dask() -> Any:
    """The ``distributed`` module (untyped: used through Any)."""
    import distributed

    return distributed


def _unreadable(job: Job, error: OSError) -> Problem:
    reason = error.strerror or str(error)
    message = _("cannot read the issue folder to send it ({reason})", reason=reason)
    return Problem(job.display, None, message)


def _lost(job: Job, error: BaseException) -> Problem:
    if isinstance(error, _dask().KilledWorker):
        return Problem(
            job.display,
            None,
            _("every worker that built it died (out of memory?)"),
            _("build it alone with typesetter build to see why"),
        )
    detail = f"{type(error).__name__}: {error}".strip().rstrip(":")
    message = _("the cluster lost the task ({detail})", detail=detail)
    return Problem(job.display, None, message, _(AGAIN))


def _unreachable(address: str, timeout: float, error: BaseException) -> Problem:
    return Problem(
        address,
        None,
        _("cannot reach the Dask scheduler within {seconds:g} s", seconds=timeout),
        _("start it with 'dask scheduler', and check the address, the port and the firewall"),
    )
