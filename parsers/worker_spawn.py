"""Start child processes from one long-lived thread.

Linux's PR_SET_PDEATHSIG (parsers/worker.py: a worker dies with its parent) fires when
the *thread* that forked the child ends, not the process: workers started from a page
thread or a Prefect task thread would be killed when that thread finishes, even though
the pool keeps them for the next chunk.  So every worker is started here, by a daemon
thread that lives as long as the process."""
from __future__ import annotations

import queue
import subprocess
import threading
from concurrent.futures import Future

_requests: queue.SimpleQueue = queue.SimpleQueue()
_thread: threading.Thread | None = None
_lock = threading.Lock()


def _serve() -> None:
    while True:
        args, kwargs, future = _requests.get()
        if not future.set_running_or_notify_cancel():
            continue
        try:
            future.set_result(subprocess.Popen(*args, **kwargs))
        except BaseException as exc:  # handed to the caller
            future.set_exception(exc)


def spawn(*args, **kwargs) -> subprocess.Popen:
    """`subprocess.Popen(*args, **kwargs)`, run by the spawner thread."""
    global _thread
    with _lock:
        if _thread is None or not _thread.is_alive():
            _thread = threading.Thread(target=_serve, name="shiryo-spawner", daemon=True)
            _thread.start()
    future: Future = Future()
    _requests.put((args, kwargs, future))
    return future.result()
