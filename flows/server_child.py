"""The embedded Prefect server's process dies with the shiryo command that started it.

Prefect starts its ephemeral server as a child process (`python -m uvicorn …`,
`SubprocessASGIServer._run_uvicorn_command`) and stops it from an `atexit` hook, which a
kill -9 of the command never runs: the server then keeps listening (~230 MB) with nobody
to talk to.  On Linux we start that child with PR_SET_PDEATHSIG (the kernel sends it
SIGTERM when we die; preserved across exec) from the long-lived spawner thread (the
signal follows the thread that forked, see parsers/worker_spawn.py).  Elsewhere nothing
changes: the server outlives a kill -9 until it is stopped by hand.
"""
from __future__ import annotations

import signal
import subprocess
import sys
import types

_installed = False


def _deathsig_setter():
    import ctypes

    prctl = ctypes.CDLL(None, use_errno=True).prctl  # resolved before fork: the child only calls it

    def set_deathsig() -> None:
        prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG

    return set_deathsig


def install() -> bool:
    """Patch Prefect's server launcher (once); False where it cannot apply."""
    global _installed
    if _installed:
        return True
    if not sys.platform.startswith("linux"):
        return False
    try:
        from prefect.server.api import server as prefect_server

        launcher = prefect_server.SubprocessASGIServer._run_uvicorn_command
        set_deathsig = _deathsig_setter()
    except (ImportError, AttributeError, OSError):
        return False
    from shiryo.parsers.worker_spawn import spawn

    def popen_dying_with_us(*args, **kwargs):
        return spawn(*args, preexec_fn=set_deathsig, **kwargs)

    # the launcher finds `subprocess.Popen` through its module's global: give it one whose
    # Popen starts the child from the spawner thread with the death signal set
    shim = types.SimpleNamespace(**{k: getattr(subprocess, k) for k in dir(subprocess) if not k.startswith("__")})
    shim.Popen = popen_dying_with_us

    def run_uvicorn_dying_with_us(self):
        saved = prefect_server.subprocess
        prefect_server.subprocess = shim
        try:
            return launcher(self)
        finally:
            prefect_server.subprocess = saved

    prefect_server.SubprocessASGIServer._run_uvicorn_command = run_uvicorn_dying_with_us
    _installed = True
    return True
