"""`shiryo serve`: the run flow on a schedule (cron or interval) through Prefect's `serve`.

Why a real server: Prefect's embedded (ephemeral) API server — what a flow uses when
PREFECT_API_URL is unset — runs without its background services, and the scheduler
that turns a deployment's schedule into flow runs is one of them (Prefect 3.8.8:
`schedule_deployments` is a perpetual service without `run_in_ephemeral`).  `serve()`
against it registers the deployment and then waits forever for runs nobody creates.
So when PREFECT_API_URL is unset, `serve` starts `prefect server start` (scheduler on,
UI off) on a free port of 127.0.0.1 for as long as it serves, and points the runner
at it.  With PREFECT_API_URL set, that server is used as it is.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import timedelta

import httpx

SERVER_START_TIMEOUT = 180.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def local_prefect_server(timeout: float = SERVER_START_TIMEOUT):
    """A `prefect server start` subprocess (with its scheduler); yields its API URL."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, "PREFECT_SERVER_ANALYTICS_ENABLED": "false"}
    env.pop("PREFECT_API_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui", "--scheduler"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"prefect server exited with {process.returncode}: {process.stderr.read().decode(errors='replace')[-2000:]}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"prefect server on port {port} not healthy after {timeout:.0f} s")
            time.sleep(0.5)
        print(f"shiryo serve: started a Prefect server at {url} (set PREFECT_API_URL to use your own)", file=sys.stderr, flush=True)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _interrupt(signum, frame):
    raise KeyboardInterrupt(f"signal {signum}")


def serve(sources: str, out: str, interval: float | None = None, cron: str | None = None, name: str = "shiryo-scheduled") -> None:
    """Serve the flow with the schedule until interrupted; one run at a time, so two
    runs never write the same run store at once."""
    if (interval is None) == (cron is None):
        raise ValueError("give exactly one of interval (seconds) or cron")
    schedule = {"interval": timedelta(seconds=interval)} if interval is not None else {"cron": cron}
    # absolute paths: flow runs start in a process of their own
    parameters = {"sources": os.path.abspath(sources), "out": os.path.abspath(out)}

    from prefect.settings import PREFECT_API_URL, temporary_settings

    from shiryo.flows.run import shiryo_run, task_runner

    # stop on SIGTERM before the runner is up as on Ctrl-C, so the server started below
    # is shut down instead of left behind (the runner then installs its own handler,
    # which exits the same way)
    signal.signal(signal.SIGTERM, _interrupt)

    # threads here, or the Dask cluster named by $SHIRYO_DASK_ADDRESS
    flow = shiryo_run.with_options(task_runner=task_runner())
    if PREFECT_API_URL.value():
        flow.serve(name=name, parameters=parameters, limit=1, **schedule)
        return
    with local_prefect_server() as url, temporary_settings({PREFECT_API_URL: url}):
        flow.serve(name=name, parameters=parameters, limit=1, **schedule)
