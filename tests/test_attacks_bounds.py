"""Bounded work per document and per page, and clear errors for bad limits: a huge PDF fails
as `too_large` / `timeout` in seconds while the run goes on, a page worker ends itself when
its page overruns even if nobody kills it, the worker's memory cap fits under `ulimit -v`,
bad limit variables are usage errors naming the variable, a wrong password says so."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from shiryo.parsers.worker import Worker, _send
from shiryo.pipeline.extraction import DocumentError, extract_document

SHEET = FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf"
SHIRYO = [sys.executable, "-m", "shiryo"]


@pytest.fixture(scope="module")
def big_pdf(tmp_path_factory) -> Path:
    """600 pages of dense lines: ~15 s of page work on one core."""
    import pymupdf

    path = tmp_path_factory.mktemp("big") / "big.pdf"
    doc = pymupdf.open()
    for i in range(600):
        page = doc.new_page()
        page.insert_text((40, 40), "\n".join(f"Line {j} of page {i}: budget {1000 + i * j} yen." for j in range(45)), fontsize=9)
    doc.save(path, garbage=3, deflate=True)
    return path


def test_too_many_pages_fails_fast_as_too_large(big_pdf, monkeypatch):
    monkeypatch.setenv("SHIRYO_MAX_PAGES", "100")
    started = time.monotonic()
    with pytest.raises(DocumentError) as info:
        extract_document(big_pdf, doc_id="big")
    assert time.monotonic() - started < 10
    assert info.value.kind == "too_large" and "600 pages" in info.value.message and "SHIRYO_MAX_PAGES" in info.value.message


def test_document_time_limit(big_pdf, monkeypatch):
    monkeypatch.setenv("SHIRYO_DOC_TIMEOUT", "1")
    started = time.monotonic()
    with pytest.raises(DocumentError) as info:
        extract_document(big_pdf, doc_id="big")
    assert time.monotonic() - started < 10
    assert info.value.kind == "timeout" and "SHIRYO_DOC_TIMEOUT" in info.value.message


def test_document_memory_bound(big_pdf, monkeypatch):
    if not Path("/proc/self/statm").is_file():
        pytest.skip("resident memory is read from /proc")
    monkeypatch.setenv("SHIRYO_DOC_MEMORY_MB", "0.001")
    with pytest.raises(DocumentError) as info:
        extract_document(big_pdf, doc_id="big")
    assert info.value.kind == "too_large" and "SHIRYO_DOC_MEMORY_MB" in info.value.message


def test_a_bounded_document_fails_alone_the_run_goes_on(big_pdf, monkeypatch, tmp_path):
    from shiryo.pipeline.batch import process_source
    from shiryo.pipeline.runstore import RunStore
    from shiryo.pipeline.sources import Source

    monkeypatch.setenv("SHIRYO_MAX_PAGES", "100")
    store = RunStore(tmp_path / "out")
    writer = store.begin()
    big = process_source(Source(id="big", path=big_pdf), writer, store, None)
    small = process_source(Source(id="sheet", path=SHEET), writer, store, None)
    writer.abort()
    assert big["status"] == "failed" and big["error"] == "too_large"
    assert small["status"] == "ok" and small["n_records"] > 0


def test_worker_ends_itself_when_a_call_overruns():
    """Even when its parent never kills it (the parent is gone or stuck), a worker whose
    call runs past its own limit is ended by the kernel (SIGALRM)."""
    with Worker(memory_mb=0) as worker:
        _send(worker.proc.stdin.fileno(), ("time:sleep", (60,), 1))
        started = time.monotonic()
        code = worker.proc.wait(timeout=20)
    assert code == -signal.SIGALRM and time.monotonic() - started < 10


def test_worker_memory_cap_fits_under_ulimit_v():
    """Under `ulimit -v 1800000` the worker's default 2 GB cap exceeded the hard limit and
    every document read as "the PDF reader crashed while opening the file"."""
    script = f"ulimit -v 1800000; exec {sys.executable} -m shiryo extract {SHEET} -o /dev/null"
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert done.returncode == 0 and "crashed" not in done.stderr, done.stderr


@pytest.mark.parametrize("value", ["0", "abc"])
@pytest.mark.parametrize("variable", ["SHIRYO_PAGE_TIMEOUT", "SHIRYO_DOC_TIMEOUT", "SHIRYO_DOWNLOAD_TIMEOUT"])
def test_bad_limit_variables_are_usage_errors(variable, value, tmp_path):
    env = {**os.environ, variable: value}
    done = subprocess.run([*SHIRYO, "extract", str(SHEET), "-o", str(tmp_path / "x.jsonl")], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and variable in lines[0], done.stderr


def test_wrong_password_says_wrong_password(tmp_path):
    from bad_inputs import PASSWORD, encrypted_pdf

    pdf = tmp_path / "locked.pdf"
    encrypted_pdf(pdf)
    with pytest.raises(DocumentError) as wrong:
        extract_document(pdf, password=PASSWORD + "x")
    with pytest.raises(DocumentError) as missing:
        extract_document(pdf)
    assert wrong.value.kind == "encrypted" and "wrong password" in wrong.value.message
    assert "needs a password" in missing.value.message


def test_stopped_workers_fail_pages_at_once_and_a_later_run_resumes():
    """What an interrupted run does to the page workers (shiryo/run_guard.py): pages in flight
    and new ones fail at once; the next run in the same process gets a fresh pool."""
    from shiryo.parsers import isolation

    try:
        isolation.stop_workers()
        started = time.monotonic()
        with pytest.raises(DocumentError) as info:
            extract_document(SHEET)
        assert "interrupted" in info.value.message and time.monotonic() - started < 5
    finally:
        isolation.resume_workers()
    assert extract_document(SHEET).records
