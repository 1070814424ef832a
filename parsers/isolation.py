"""Native PDF work runs in a child process (parsers/worker.py), so a segfault, hang
or memory blow-up costs one page, not the run.

Pages are read in chunks by one worker per document.  When a chunk kills its
worker or runs past the time limit, each of its pages is retried alone in a
fresh worker; a page that fails again becomes a `PageError` (kind `crash` or
`timeout`) and the document keeps every other page.
"""
from __future__ import annotations

import os

from parsers.model import PageError, PageModel
from parsers.worker import Worker, WorkerCrashed, WorkerTimeout

CHUNK = 16
READ_PAGES = "parsers.page:read_pages"
DOCUMENT_INFO = "parsers.page:document_info"
PAGE_TIMEOUT = float(os.environ.get("SHIRYO_PAGE_TIMEOUT", "60"))


def isolated_info(path: str, password: str | None = None, timeout: float = PAGE_TIMEOUT) -> tuple[int, dict]:
    with Worker() as worker:
        try:
            return worker.call(DOCUMENT_INFO, path, password, timeout=timeout)
        except WorkerCrashed as exc:
            raise RuntimeError(f"{path}: the PDF reader crashed while opening the file") from exc
        except WorkerTimeout as exc:
            raise RuntimeError(f"{path}: opening the file took longer than {timeout:.0f} s") from exc


def isolated_pages(
    path: str,
    n_pages: int,
    password: str | None = None,
    timeout: float = PAGE_TIMEOUT,
    on_page=None,
    reader: str = READ_PAGES,
) -> list[PageModel | PageError]:
    """Every page of `path`, in order: a PageModel or a PageError.  `reader` names the
    page reader (`module:function`, run in the worker) so tests can swap in one that crashes."""
    results: dict[int, PageModel | PageError] = {}
    worker = Worker()
    try:
        for start in range(1, n_pages + 1, CHUNK):
            numbers = list(range(start, min(start + CHUNK, n_pages + 1)))
            try:
                for item in worker.call(reader, path, numbers, password, timeout=timeout * len(numbers)):
                    results[item.page if isinstance(item, PageError) else item.number] = item
            except (WorkerCrashed, WorkerTimeout):
                for n in numbers:
                    results[n] = _one_page_alone(reader, path, n, password, timeout)
                worker = Worker()
            if on_page:
                on_page(numbers[-1], n_pages)  # pages done, pages in all
    finally:
        worker.kill()
    return [results[n] for n in range(1, n_pages + 1)]


def _one_page_alone(reader: str, path: str, number: int, password: str | None, timeout: float) -> PageModel | PageError:
    with Worker() as worker:
        try:
            return worker.call(reader, path, [number], password, timeout=timeout)[0]
        except WorkerCrashed:
            return PageError(number, "crash", "the PDF reader process died on this page (twice); page skipped")
        except WorkerTimeout:
            return PageError(number, "timeout", f"reading the page took longer than {timeout:.0f} s; page skipped")
