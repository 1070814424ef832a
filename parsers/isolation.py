"""Native PDF work runs in a child process, so a segfault, hang or memory blow-up
costs one page, not the run.

Pages are read in chunks by one worker process per document.  When a chunk kills
its worker or runs past the time limit, each of its pages is retried alone in a
fresh process; a page that fails again becomes a `PageError` (kind `crash` or
`timeout`) and the document keeps every other page.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool

from parsers.model import PageError, PageModel
from parsers.page import document_info, read_pages

CHUNK = 16
PAGE_TIMEOUT = float(os.environ.get("SHIRYO_PAGE_TIMEOUT", "60"))
_SPAWN = multiprocessing.get_context("spawn")


def _new_worker() -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=1, mp_context=_SPAWN)


def _kill(executor: ProcessPoolExecutor) -> None:
    for proc in list(getattr(executor, "_processes", {}).values()):
        proc.kill()
    executor.shutdown(wait=False, cancel_futures=True)


def isolated_info(path: str, password: str | None = None, timeout: float = PAGE_TIMEOUT) -> tuple[int, dict]:
    worker = _new_worker()
    try:
        return worker.submit(document_info, path, password).result(timeout=timeout)
    except BrokenProcessPool as exc:
        raise RuntimeError(f"{path}: the PDF reader crashed while opening the file") from exc
    finally:
        _kill(worker)


def isolated_pages(
    path: str, n_pages: int, password: str | None = None, timeout: float = PAGE_TIMEOUT, on_page=None
) -> list[PageModel | PageError]:
    """Every page of `path`, in order: a PageModel or a PageError."""
    results: dict[int, PageModel | PageError] = {}
    worker = _new_worker()
    try:
        for start in range(1, n_pages + 1, CHUNK):
            numbers = list(range(start, min(start + CHUNK, n_pages + 1)))
            try:
                for item in worker.submit(read_pages, path, numbers, password).result(timeout=timeout * len(numbers)):
                    results[item.page if isinstance(item, PageError) else item.number] = item
            except (BrokenProcessPool, FutureTimeout):
                _kill(worker)
                for n in numbers:
                    results[n] = _one_page_alone(path, n, password, timeout)
                worker = _new_worker()
            if on_page:
                on_page(len(numbers))
    finally:
        _kill(worker)
    return [results[n] for n in range(1, n_pages + 1)]


def _one_page_alone(path: str, number: int, password: str | None, timeout: float) -> PageModel | PageError:
    worker = _new_worker()
    try:
        return worker.submit(read_pages, path, [number], password).result(timeout=timeout)[0]
    except BrokenProcessPool:
        return PageError(number, "crash", "the PDF reader process died on this page (twice); page skipped")
    except FutureTimeout:
        return PageError(number, "timeout", f"reading the page took longer than {timeout:.0f} s; page skipped")
    finally:
        _kill(worker)
