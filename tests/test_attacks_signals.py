"""Attacks on a running `shiryo run` (a real subprocess): the first SIGINT or SIGTERM ends it
cleanly (exit 130/143, one line, previous `latest` kept, temp dir swept), and after kill -9
of the command no page worker and no embedded Prefect server survives."""
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
from prefect.settings import PREFECT_API_URL
from prefect.testing.utilities import prefect_test_harness

from shiryo.pipeline.runstore import TMP_PREFIX

WORKER_MODULE = "shiryo.parsers.worker"
PRIOR_RUN = "20200101T000000000Z-0000"


@pytest.fixture(scope="module")
def dense_folder(tmp_path_factory):
    """A folder with one 600-page PDF: ~15 s of page work on one worker, long enough to
    signal the run in the middle of it."""
    import pymupdf

    folder = tmp_path_factory.mktemp("dense")
    doc = pymupdf.open()
    for i in range(600):
        page = doc.new_page()
        page.insert_text((40, 40), "\n".join(f"Line {j} of page {i}: budget {1000 + i * j} yen for project {j}." for j in range(45)), fontsize=9)
    doc.save(folder / "dense.pdf", garbage=3, deflate=True)
    return folder


@pytest.fixture(scope="module")
def api_env():
    with prefect_test_harness(server_startup_timeout=120):
        yield {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "SHIRYO_WORKERS": "1"}


def prior_latest(out: Path) -> Path:
    """A committed earlier run as `latest` (what an interrupted run must leave in place)."""
    run = out / "runs" / PRIOR_RUN
    run.mkdir(parents=True)
    (run / "manifest.json").write_text(json.dumps({"run": PRIOR_RUN, "documents": {}, "code_version": "old"}), encoding="utf-8")
    (out / "latest").symlink_to(Path("runs") / PRIOR_RUN)
    return run


def start_run(folder: Path, out: Path, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "shiryo", "run", str(folder), "--out", str(out)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )


def wait_for_workers(proc: subprocess.Popen, timeout: float = 180) -> list[psutil.Process]:
    """The page workers of the run, once extraction has started."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            workers = [c for c in psutil.Process(proc.pid).children(recursive=True) if WORKER_MODULE in " ".join(c.cmdline())]
        except psutil.Error:
            workers = []
        if workers:
            time.sleep(1.0)  # pages in flight
            return workers
        time.sleep(0.2)
    pytest.fail("no page worker started")


def alive(processes: list[psutil.Process]) -> list[psutil.Process]:
    out = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                out.append(p)
        except psutil.NoSuchProcess:
            pass
    return out


def wait_gone(processes: list[psutil.Process], seconds: float) -> list[psutil.Process]:
    deadline = time.monotonic() + seconds
    while alive(processes) and time.monotonic() < deadline:
        time.sleep(0.2)
    return alive(processes)


def cleanup(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_first_signal_ends_the_run_cleanly(signum, dense_folder, api_env, tmp_path):
    out = tmp_path / "out"
    prior = prior_latest(out)
    proc = start_run(dense_folder, out, api_env)
    try:
        workers = wait_for_workers(proc)
        sent = time.monotonic()
        proc.send_signal(signum)
        _, stderr = proc.communicate(timeout=60)
        took = time.monotonic() - sent
    finally:
        cleanup(proc)
    assert proc.returncode == 128 + signum, stderr
    assert took < 20, f"exit took {took:.1f} s after the signal"
    assert f"interrupted ({signal.Signals(signum).name})" in stderr and "Traceback" not in stderr, stderr
    assert (out / "latest").resolve() == prior.resolve()
    assert not [p for p in (out / "runs").iterdir() if p.name.startswith(TMP_PREFIX)], "temp dir swept"
    assert not wait_gone(workers, 5), "page workers stopped"


def test_kill_9_leaves_no_worker_and_no_server(dense_folder, tmp_path):
    """The embedded Prefect server (no PREFECT_API_URL): its uvicorn child and the page
    workers all end within seconds of kill -9 of the command."""
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"} | {"SHIRYO_WORKERS": "1"}
    proc = start_run(dense_folder, tmp_path / "out", env)
    try:
        workers = wait_for_workers(proc, timeout=300)
        family = psutil.Process(proc.pid).children(recursive=True)
        servers = [p for p in family if "uvicorn" in " ".join(p.cmdline())]
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        survivors = wait_gone(family, 8)
    finally:
        cleanup(proc)
        for p in alive(family if "family" in locals() else []):
            p.kill()
    assert workers and servers, "the run had page workers and an embedded server"
    assert not survivors, [" ".join(p.cmdline())[:120] for p in survivors]
