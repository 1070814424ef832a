"""A child process that runs native PDF work: `python -m shiryo.parsers.worker`.

We talk to it over its stdin/stdout with length-prefixed pickles (its own prints
go to stderr, so MuPDF chatter cannot corrupt a reply).  A plain subprocess rather
than multiprocessing: it never re-imports the caller's `__main__`, so it works from
scripts, notebooks, stdin and Prefect's worker threads alike, and it can be killed
outright when it hangs.
"""
from __future__ import annotations

import importlib
import inspect
import math
import os
import pickle
import resource
import select
import signal
import struct
import subprocess
import sys
import threading
import time

from shiryo.parsers.worker_spawn import spawn

_HEADER = struct.Struct("!Q")
# Address-space cap of each worker (MB): a page that blows up raises MemoryError (or MuPDF's
# out-of-memory error) inside the worker instead of dragging the machine into swap.
_MEMORY_ENV = "SHIRYO_WORKER_MEMORY_MB"
MEMORY_MB = int(os.environ.get(_MEMORY_ENV) or 2048)
PARENT_ENV = "SHIRYO_WORKER_PARENT"  # the pid the worker must not outlive
WATCHDOG_SECONDS = 1.0


class WorkerCrashed(RuntimeError):
    """The worker process died (segfault, abort, killed)."""


class WorkerOutOfMemory(WorkerCrashed):
    """The worker hit its memory cap (MemoryError inside, or killed by the kernel's OOM killer)."""


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
    """One child process; `call("module:function", *args)` runs that function in it,
    `iterate(...)` streams the items of a function that yields them."""

    def __init__(self, memory_mb: int | None = None, preload: tuple[str, ...] = ()):
        """`preload`: modules the worker imports as soon as it starts, before any request."""
        self.memory_mb = cap = MEMORY_MB if memory_mb is None else memory_mb
        self.proc = spawn(
            [sys.executable, "-m", "shiryo.parsers.worker", *preload],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p), _MEMORY_ENV: str(cap), PARENT_ENV: str(os.getpid())},
        )

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def call(self, target: str, *args, timeout: float | None = None):
        """The function's return value (a generator's items come back as one list)."""
        items = []
        for status, value in self._exchange(target, args, timeout):
            if status == "ok":
                return value
            items.append(value)
        return items

    def iterate(self, target: str, *args, timeout: float | None = None):
        """Items of `target(*args)` as the worker produces them; `timeout` bounds the wait for
        each item (so one slow page among many is caught after `timeout`, not after all of them).
        A function that returns a list instead of yielding gives its items at once."""
        for status, value in self._exchange(target, args, timeout):
            if status == "ok":
                yield from value
                return
            yield value

    def _exchange(self, target: str, args: tuple, timeout: float | None):
        try:
            _send(self.proc.stdin.fileno(), (target, args, own_limit(timeout)))
        except (BrokenPipeError, OSError) as exc:
            self._died(exc)
        while True:
            deadline = None if timeout is None else time.monotonic() + timeout
            try:
                status, value = _recv(self.proc.stdout.fileno(), deadline)
            except WorkerTimeout:
                self.kill()
                raise
            except (EOFError, OSError, pickle.UnpicklingError) as exc:
                self._died(exc)
            if status == "error":
                if isinstance(value, MemoryError):
                    raise WorkerOutOfMemory(f"the worker ran out of memory (cap {self.memory_mb} MB): {value}") from value
                raise value
            if status == "done":
                return
            yield status, value
            if status == "ok":
                return

    def _died(self, exc: BaseException):
        self.kill()
        code = self.proc.returncode
        if code == -signal.SIGKILL:  # nobody here killed it: the kernel's OOM killer did
            raise WorkerOutOfMemory(f"the worker was killed (signal {-code}), most likely out of memory") from exc
        what = f"signal {-code} ({signal.Signals(-code).name})" if code and code < 0 else f"status {code}"
        raise WorkerCrashed(f"worker died with {what}") from exc

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


def _cap_memory() -> None:
    mb = int(os.environ.get(_MEMORY_ENV) or 0)
    if mb > 0:
        resource.setrlimit(resource.RLIMIT_AS, address_space_limit(mb * 1024 * 1024))


def address_space_limit(wanted: int) -> tuple[int, int]:
    """(soft, hard) for RLIMIT_AS: `wanted`, but never above the hard limit this process
    inherited (`ulimit -v`): asking for more raises ValueError in the worker before it
    reads any request, which the caller saw as "the PDF reader crashed while opening"."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    return soft, hard


def _die_with_parent(parent: int) -> None:
    """Never outlive the process that started us (kill -9 of the CLI leaves no worker
    computing for minutes).  On Linux the kernel sends SIGKILL when the parent's thread
    that started us ends (parsers/worker_spawn.py starts workers from one thread that
    lives as long as the process); everywhere a watchdog thread polls the parent pid
    (it needs the GIL, so a long native call delays it; the page time limit bounds that)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if parent and os.getppid() != parent:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(WATCHDOG_SECONDS)
            if os.getppid() != parent:
                os._exit(1)

    if parent:
        threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def own_limit(timeout: float | None) -> int:
    """Seconds after which the worker ends itself (SIGALRM, default action: the process is
    terminated by the kernel, even inside native code holding the GIL) when one item takes
    that long: a backstop to the caller's own `timeout`, which kills it first."""
    return 0 if timeout is None else math.ceil(timeout * 2) + 5


def main() -> None:
    _die_with_parent(int(os.environ.get(PARENT_ENV) or 0))
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    requests = os.dup(0)
    replies = os.dup(1)
    os.dup2(2, 1)  # anything printed from here on goes to stderr, not into the reply stream
    _cap_memory()
    for module in sys.argv[1:]:
        importlib.import_module(module)
    while True:
        try:
            target, args, limit = _recv(requests)
        except EOFError:
            return
        try:
            signal.alarm(limit)  # 0: no limit
            result = _resolve(target)(*args)
            if inspect.isgenerator(result):  # stream: one reply per item, then "done"
                for item in result:
                    _send(replies, ("item", item))
                    signal.alarm(limit)  # the limit is per item
                _send(replies, ("done", None))
            else:
                _send(replies, ("ok", result))
            signal.alarm(0)
        except Exception as exc:  # sent back and re-raised in the caller
            signal.alarm(0)
            try:
                _send(replies, ("error", exc))
            except Exception:
                _send(replies, ("error", RuntimeError(f"{type(exc).__name__}: {exc}")))


if __name__ == "__main__":
    main()
