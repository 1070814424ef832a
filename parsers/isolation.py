"""Native PDF work runs in child processes (parsers/worker.py), so a segfault, hang
or memory blow-up costs one page, not the run.

A document's pages are cut into chunks that run concurrently on a pool of worker
processes shared by every document of this process (at most `WORKERS`, default: the
number of cores), so pages and documents go in parallel without oversubscribing the
machine.  Each worker streams its chunk page by page under a per-page time limit and
an address-space cap.  When a page kills its worker (crash), overruns (timeout) or
exhausts the cap (memory), that page is retried once alone in a fresh worker and the
rest of its chunk goes on in another; a page that fails twice becomes a `PageError`
(kind `crash`, `timeout` or `memory`) and the document keeps every other page.
"""
from __future__ import annotations

import atexit
import math
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

from shiryo.parsers.env_settings import env_number
from shiryo.parsers.model import PageError, PageModel
from shiryo.parsers.settings import Settings
from shiryo.parsers.errors import ReaderCrashedError, ReaderTimeoutError
from shiryo.parsers.worker import Worker, WorkerCrashed, WorkerOutOfMemory, WorkerTimeout

CHUNK = 16
READ_PAGES = "shiryo.parsers.page:iter_pages"
DOCUMENT_INFO = "shiryo.parsers.page:document_info"
PRELOAD = ("shiryo.parsers.page",)  # what every page worker imports as it starts
PAGE_TIMEOUT_ENV = "SHIRYO_PAGE_TIMEOUT"
PAGE_TIMEOUT = 60.0  # seconds per page when $SHIRYO_PAGE_TIMEOUT is not set


def page_timeout() -> float:
    """The per-page time limit: $SHIRYO_PAGE_TIMEOUT (a bad value is a usage error naming
    it: 0 would fail every page) or PAGE_TIMEOUT."""
    return env_number(PAGE_TIMEOUT_ENV, PAGE_TIMEOUT)


WORKERS = int(os.environ.get("SHIRYO_WORKERS") or 0) or os.cpu_count() or 1


class WorkersStopped(RuntimeError):
    """The pool was stopped (the run is being interrupted): no page starts any more."""


class WorkerPool:
    """At most `size` worker processes at a time; idle ones are kept for the next chunk
    (starting a worker costs the PyMuPDF import).  A worker that failed is never reused."""

    def __init__(self, size: int = WORKERS):
        self.size = size
        self._slots = threading.BoundedSemaphore(size)
        self._idle: list[Worker] = []
        self._busy = 0
        self._lock = threading.Lock()
        self._started: list[Worker] = []  # every worker of this pool, to stop them all at once
        self.stopped = False

    def _new_worker(self) -> Worker:
        if self.stopped:
            raise WorkersStopped("the run was interrupted: page workers stopped")
        worker = Worker(preload=PRELOAD)
        self._started = [w for w in self._started if w.alive] + [worker]
        return worker

    @contextmanager
    def worker(self, fresh: bool = False):
        if self.stopped:  # idle workers were killed too: none is handed out
            raise WorkersStopped("the run was interrupted: page workers stopped")
        with self._slots:
            worker = None
            with self._lock:
                self._busy += 1
                while not fresh and self._idle and worker is None:
                    candidate = self._idle.pop()
                    worker = candidate if candidate.alive else None
            try:
                if worker is None:
                    with self._lock:
                        worker = self._new_worker()
                try:
                    yield worker
                except BaseException:
                    worker.kill()
                    raise
                if worker.alive:
                    with self._lock:
                        self._idle.append(worker)
            finally:
                with self._lock:
                    self._busy -= 1

    def start(self) -> None:
        """Start idle workers up to `size` now, without waiting for them: their start-up (an
        interpreter and the PyMuPDF import, ~0.25 s each) then overlaps the caller's own work
        instead of delaying the first pages."""
        with self._lock:
            self._idle = [w for w in self._idle if w.alive]
            missing = 0 if self.stopped else self.size - len(self._idle) - self._busy
            self._idle.extend(self._new_worker() for _ in range(max(0, missing)))

    def stop(self) -> None:
        """Kill every worker, busy ones too, and start no new one: the pages in flight fail
        at once (a signal handler calls this; it only sends signals, never waits)."""
        self.stopped = True
        for worker in list(self._started):
            try:
                worker.proc.kill()
            except OSError:
                pass

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        for worker in idle:
            worker.kill()


_pool = WorkerPool()
atexit.register(lambda: _pool.close())  # whichever pool is current at exit (set_workers replaces it)


def set_workers(n: int) -> None:
    """Resize the shared pool (the CLI's --workers); idle workers of the old one are stopped."""
    global _pool
    old, _pool = _pool, WorkerPool(max(1, n))
    old.close()


def stop_workers() -> None:
    """Stop the shared pool: every worker killed, no page starts any more (an interrupted
    run, see shiryo/run_guard.py), until `resume_workers`."""
    _pool.stop()


def resume_workers() -> None:
    """A fresh shared pool if the current one was stopped (the next run of a process that
    outlived an interrupted one, e.g. a notebook after Ctrl-C)."""
    global _pool
    if _pool.stopped:
        _pool = WorkerPool(_pool.size)


def start_workers() -> None:
    """Have the shared pool's workers start now (see WorkerPool.start)."""
    _pool.start()


def isolated_info(path: str, password: str | None = None, timeout: float | None = None) -> tuple[int, dict]:
    timeout = timeout or page_timeout()
    pool = _pool
    pool.start()  # the page workers start while this one opens the file
    with pool.worker() as worker:
        try:
            return worker.call(DOCUMENT_INFO, path, password, timeout=timeout)
        except WorkerCrashed as exc:
            if pool.stopped:
                raise WorkersStopped("the run was interrupted: page workers stopped") from exc
            raise ReaderCrashedError(f"{path}: the PDF reader crashed while opening the file ({exc})") from exc
        except WorkerTimeout as exc:
            raise ReaderTimeoutError(f"{path}: opening the file took longer than {timeout:.0f} s") from exc


def isolated_pages(
    path: str,
    n_pages: int,
    password: str | None = None,
    timeout: float | None = None,
    on_page: Callable[[int, int], None] | None = None,
    reader: str = READ_PAGES,
    settings: Settings | None = None,
) -> list[PageModel | PageError]:
    """Every page of `path`, in order: a PageModel or a PageError, read with `settings`
    (thresholds, parsers/settings.py; None: the defaults).  `reader` names the
    page reader (`module:function` run in the worker, yielding one item per page) so
    tests can swap in one that crashes.  `on_page(done, total)` reports progress.
    `timeout` is the per-page limit in seconds (default `page_timeout()`).  When `on_page`
    raises (the document's own bounds, pipeline/extraction.py), the chunks not started are
    cancelled and the running ones stop at their next page."""
    extra = () if settings is None else (settings,)  # readers of the tests take (path, numbers, password)
    timeout = timeout or page_timeout()
    pool = _pool
    size = max(1, min(CHUNK, math.ceil(n_pages / pool.size)))
    chunks = [list(range(s, min(s + size, n_pages + 1))) for s in range(1, n_pages + 1, size)]
    results: dict[int, PageModel | PageError] = {}
    lock = threading.Lock()

    def run_chunk(numbers: list[int]) -> None:
        for item in _read_chunk(pool, reader, (path, numbers, password, *extra), timeout):
            with lock:
                results[item.page if isinstance(item, PageError) else item.number] = item
                done = len(results)
            if on_page:
                on_page(done, n_pages)

    if len(chunks) == 1:
        run_chunk(chunks[0])
    else:
        with ThreadPoolExecutor(max_workers=min(pool.size, len(chunks)), thread_name_prefix="shiryo-pages") as ex:
            futures = [ex.submit(run_chunk, c) for c in chunks]
            try:
                for future in futures:
                    future.result()
            except BaseException:
                ex.shutdown(wait=False, cancel_futures=True)
                raise
    return [results[n] for n in range(1, n_pages + 1)]


def _read_chunk(pool: WorkerPool, reader: str, args: tuple, timeout: float):
    """Items for `args` = (path, numbers, password, [settings]): the page a worker fails on is
    retried alone, the rest go on."""
    path, numbers, *rest = args
    pending = list(numbers)
    while pending:
        try:
            with pool.worker() as worker:
                for item in worker.iterate(reader, path, pending, *rest, timeout=timeout):
                    pending.remove(item.page if isinstance(item, PageError) else item.number)
                    yield item
        except (WorkerCrashed, WorkerTimeout):
            # the worker streams pages in order: the first page not yet answered is the culprit
            yield _one_page_alone(pool, reader, (path, [pending.pop(0)], *rest), timeout)


def _one_page_alone(pool: WorkerPool, reader: str, args: tuple, timeout: float) -> PageModel | PageError:
    number = args[1][0]
    try:
        with pool.worker(fresh=True) as worker:
            return worker.call(reader, *args, timeout=timeout)[0]
    except WorkerOutOfMemory as exc:
        return PageError(number, "memory", f"page {number}: the PDF reader ran out of memory on this page twice ({exc}); page skipped")
    except WorkerCrashed as exc:
        return PageError(number, "crash", f"page {number}: the PDF reader process died on this page twice ({exc}); page skipped")
    except WorkerTimeout:
        return PageError(number, "timeout", f"page {number}: reading the page took longer than {timeout:.0f} s twice; page skipped")
