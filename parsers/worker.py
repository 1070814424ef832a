"""A child process that runs native PDF work: `python -m parsers.worker`.

We talk to it over its stdin/stdout with length-prefixed pickles (its own prints
go to stderr, so MuPDF chatter cannot corrupt a reply).  A plain subprocess rather
than multiprocessing: it never re-imports the caller's `__main__`, so it works from
scripts, notebooks, stdin and Prefect's worker threads alike, and it can be killed
outright when it hangs.
"""
from __future__ import annotations

import importlib
import os
import pickle
import select
import struct
import subprocess
import sys
import time

_HEADER = struct.Struct("!Q")


class WorkerCrashed(RuntimeError):
    """The worker process died (segfault, abort, killed for memory)."""


class WorkerTimeout(TimeoutError):
    """The worker did not answer in time; it has been killed."""


def _resolve(target: str):
    """`module:function` → the function (imported in the worker, never in the caller)."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


def _send(fd: int, obj) -> None:
    data = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    view = memoryview(_HEADER.pack(len(data)) + data)
    while view:
        n = os.write(fd, view)
        view = view[n:]


def _recv_exact(fd: int, n: int, deadline: float | None) -> bytes:
    chunks, got = [], 0
    while got < n:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise WorkerTimeout()
        chunk = os.read(fd, min(n - got, 1 << 20))
        if not chunk:
            raise EOFError()
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _recv(fd: int, deadline: float | None = None):
    (size,) = _HEADER.unpack(_recv_exact(fd, _HEADER.size, deadline))
    return pickle.loads(_recv_exact(fd, size, deadline))


class Worker:
    """One child process; `call("module:function", *args)` runs that function in it."""

    def __init__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "parsers.worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )

    def call(self, target: str, *args, timeout: float | None = None):
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            _send(self.proc.stdin.fileno(), (target, args))
            status, value = _recv(self.proc.stdout.fileno(), deadline)
        except WorkerTimeout:
            self.kill()
            raise
        except (EOFError, BrokenPipeError, OSError) as exc:
            self.kill()
            raise WorkerCrashed(f"worker exited with status {self.proc.returncode}") from exc
        if status == "error":
            raise value
        return value

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            try:
                stream.close()
            except OSError:
                pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.kill()


def main() -> None:
    requests = os.dup(0)
    replies = os.dup(1)
    os.dup2(2, 1)  # anything printed from here on goes to stderr, not into the reply stream
    while True:
        try:
            target, args = _recv(requests)
        except EOFError:
            return
        try:
            _send(replies, ("ok", _resolve(target)(*args)))
        except Exception as exc:  # sent back and re-raised in the caller
            try:
                _send(replies, ("error", exc))
            except Exception:
                _send(replies, ("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


if __name__ == "__main__":
    main()
