"""Native work runs in a worker process: a crash or a hang costs one page, not the document."""
from conftest import FIXTURES
from shiryo.parsers.isolation import isolated_pages
from shiryo.parsers.model import PageError, PageModel
from shiryo.parsers.worker import Worker, WorkerCrashed

PDF = str(FIXTURES / "pdfs" / "whitepaper_two_column.pdf")


def test_crashing_page_becomes_an_error_and_the_rest_is_kept():
    pages = isolated_pages(PDF, 3, reader="crashers:crash_on_page_2")
    assert [type(p) for p in pages] == [PageModel, PageError, PageModel]
    assert pages[1].kind == "crash" and pages[1].page == 2
    assert pages[0].lines and pages[2].lines


def test_hanging_page_times_out():
    pages = isolated_pages(PDF, 2, timeout=2, reader="crashers:hang_on_page_1")
    assert isinstance(pages[0], PageError) and pages[0].kind == "timeout"
    assert isinstance(pages[1], PageModel) and pages[1].lines


def test_worker_reports_crash_and_remote_exceptions():
    with Worker() as worker:
        assert worker.call("shiryo.parsers.page:document_info", PDF)[0] == 3
        try:
            worker.call("shiryo.parsers.page:document_info", "/nonexistent.pdf")
        except Exception as exc:  # raised in the worker, re-raised here with its type
            assert type(exc).__name__ == "NotAPdfError"
        else:
            raise AssertionError("expected NotAPdfError")
    with Worker() as worker:
        try:
            worker.call("os:abort")
        except WorkerCrashed:
            pass
        else:
            raise AssertionError("expected WorkerCrashed")


def test_pages_run_concurrently_on_a_bounded_pool_of_reused_workers():
    import shiryo.parsers.isolation as isolation

    old = isolation._pool
    isolation.set_workers(2)
    try:
        def pids():
            pages = isolated_pages(PDF, 3, reader="crashers:tag_with_pid")
            assert [p.number for p in pages] == [1, 2, 3]
            return {w.message for p in pages for w in p.warnings if w.kind == "pid"}

        first = pids()
        assert len(first) == 2  # two chunks ([1, 2] and [3]) on two worker processes at once
        assert pids() == first  # the next document reuses the same two processes
    finally:
        isolation._pool.close()
        isolation._pool = old
