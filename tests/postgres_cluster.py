"""A throwaway PostgreSQL cluster for tests: initdb in a temporary folder, a free port on
127.0.0.1, trust authentication, stopped and removed afterwards.  Needs the server binaries
(Debian: `apt-get install postgresql`); `postgres_bin()` is None without them.  PostgreSQL
refuses to run as root, so under root the cluster belongs to the `postgres` user."""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path


def postgres_bin() -> Path | None:
    """The folder holding initdb, pg_ctl, createdb and psql: Debian's /usr/lib/postgresql/<version>/bin
    (newest), else where initdb on PATH really lives (Debian puts only wrappers on PATH)."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("initdb")
    return Path(on_path).resolve().parent if on_path else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _run_as(user: str | None, cmd: list[str], **kw) -> subprocess.CompletedProcess:
    if user:
        cmd = ["runuser", "-u", user, "--", *cmd]
    done = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} exited with {done.returncode}: {done.stderr.strip()[-2000:]}")
    return done


@contextmanager
def postgres_cluster(database: str = "prefect", user: str = "prefect", start_timeout: float = 60.0):
    """Yields the SQLAlchemy URL (asyncpg driver) of a fresh database on a fresh cluster."""
    bindir = postgres_bin()
    if bindir is None:
        raise RuntimeError("no PostgreSQL server binaries (apt-get install postgresql)")
    owner = None
    if os.geteuid() == 0:
        owner = "postgres"
        pwd.getpwnam(owner)  # KeyError: no postgres user to run the cluster as
    root = Path(tempfile.mkdtemp(prefix="shiryo-pg-"))
    data, sockets = root / "data", root / "run"
    sockets.mkdir()
    if owner:
        shutil.chown(root, owner)
        shutil.chown(sockets, owner)
    port = _free_port()
    _run_as(owner, [str(bindir / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8", "--no-instructions"])
    try:
        _run_as(owner, [
            str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-w", "-t", str(int(start_timeout)),
            "-o", f"-h 127.0.0.1 -p {port} -k {sockets} -c fsync=off -c max_connections=100", "start",
        ])
        try:
            _run_as(owner, [str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", user, database])
            yield f"postgresql+asyncpg://{user}@127.0.0.1:{port}/{database}"
        finally:
            _run_as(owner, [str(bindir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"])
    finally:
        shutil.rmtree(root, ignore_errors=True)


def query(url: str, sql: str) -> str:
    """One SQL statement through psql (as the cluster's user, over TCP): its unaligned output."""
    bindir = postgres_bin()
    rest = url.split("://", 1)[1]
    user, _, rest = rest.partition("@")
    hostport, _, database = rest.partition("/")
    host, _, port = hostport.partition(":")
    out = subprocess.run(
        [str(bindir / "psql"), "-h", host, "-p", port, "-U", user, "-d", database, "-At", "-c", sql],
        check=True, capture_output=True, text=True,
    )
    return out.stdout.strip()
