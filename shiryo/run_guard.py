"""Ending a run on a signal: the first SIGINT or SIGTERM stops `shiryo run` / `reprocess`
cleanly instead of being swallowed while Prefect waits for the document tasks."""
from __future__ import annotations

import os
import signal
import socket
import sys
import threading
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.markup import escape

from shiryo.flows.run import abort_active_runs
from shiryo.parsers.isolation import stop_workers

INTERRUPT_GRACE_SECONDS = 10.0  # after a signal, how long the flow may take to unwind


@contextmanager
def interruptible(out: str, err: Console):
    """The first SIGINT or SIGTERM ends the run: page workers are killed at once (the
    documents in flight fail fast), the flow unwinds and removes its temp dir, and the
    command exits 130 / 143 with one line; `latest` stays the previous run.  Should the
    unwinding hang (Prefect waiting on a task), the run's temp dir is removed and the
    process exits anyway INTERRUPT_GRACE_SECONDS after the signal; a second one exits at once."""
    received: list[int] = []

    def report(signum: int) -> None:
        abort_active_runs()
        name = signal.Signals(signum).name
        err.print(f"[red]interrupted ({escape(name)}):[/red] run abandoned, {escape(str(out))}/latest unchanged", soft_wrap=True)

    def leave(signum: int) -> None:
        report(signum)
        sys.stderr.flush()
        os._exit(128 + signum)

    armed: list[int] = []
    arm_lock = threading.Lock()

    def arm(signum: int) -> None:
        """Once: stop the page workers, start the grace timer."""
        with arm_lock:
            if armed:
                return
            armed.append(signum)
        stop_workers()
        timer = threading.Timer(INTERRUPT_GRACE_SECONDS, leave, [signum])
        timer.daemon = True
        timer.start()

    def on_signal(signum, frame):
        if received:
            leave(signum)
        received.append(signum)
        arm(signum)
        raise KeyboardInterrupt(f"signal {signum}")

    def watch(sock: socket.socket) -> None:
        # while a flow runs Prefect puts its own SIGTERM handler in place of ours (it raises
        # in the flow and calls ours only after the flow has unwound): the wakeup fd hears
        # every signal whichever handler runs, so the workers stop and the timer starts now
        while data := sock.recv(64):
            for signum in data:
                if signum in (signal.SIGINT, signal.SIGTERM):
                    arm(signum)

    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return
    saved = {sig: signal.signal(sig, on_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    reader, writer = socket.socketpair()
    writer.setblocking(False)
    saved_fd = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    threading.Thread(target=watch, args=(reader,), name="shiryo-signal-watch", daemon=True).start()
    try:
        yield
    except BaseException:
        if not received:
            raise
        report(received[0])
        raise typer.Exit(128 + received[0]) from None  # atexit hooks still stop Prefect's server
    finally:
        signal.set_wakeup_fd(saved_fd)
        writer.close()  # the watcher's recv returns b"": it ends
        for sig, handler in saved.items():
            signal.signal(sig, handler)
