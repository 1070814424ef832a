"""The run store under `out/`:

    out/runs/<run-id>/<doc>.jsonl      records of one document
    out/runs/<run-id>/manifest.json    run metadata
    out/runs/<run-id>/errors.jsonl     failed documents and pages
    out/runs/<run-id>/diff.jsonl       the diff against the previous run
    out/latest -> runs/<run-id>        the newest complete run

A run is written into `runs/.tmp-<run-id>` and renamed to its final name only
when complete; `latest` is then swapped atomically (symlink + rename).  A crash
or Ctrl-C mid-run leaves the previous `latest` as it was.  The temp dir names its
owner (host and pid), so the next run sweeps only the temp dirs of dead runs, never
one that a concurrent run (a scheduled `serve` beside a manual `run`) is writing.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import time
from datetime import datetime, timezone
from pathlib import Path

TMP_PREFIX = ".tmp-"
OWNER_FILE = ".owner"
LINK_PREFIX = ".latest-"


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    return now.strftime("%Y%m%dT%H%M%S") + f"{now.microsecond // 1000:03d}Z-" + secrets.token_hex(2)


def _write_atomically(path: Path, write) -> None:
    """`write(file)` into a temp file of its own beside `path`, then rename: readers never see
    half a file, and two writers never share a temp file."""
    tmp = path.with_name(path.name + f".part-{secrets.token_hex(3)}")
    with open(tmp, "w", encoding="utf-8") as f:
        write(f)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def write_jsonl(path: Path, rows) -> None:
    _write_atomically(path, lambda f: f.writelines(json.dumps(row, ensure_ascii=False) + "\n" for row in rows))


def write_json(path: Path, obj) -> None:
    _write_atomically(path, lambda f: json.dump(obj, f, ensure_ascii=False, indent=1))


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


class RunStore:
    def __init__(self, root: str | Path = "out"):
        self.root = Path(root)
        self.runs = self.root / "runs"
        self.latest_link = self.root / "latest"

    def complete_runs(self) -> list[Path]:
        if not self.runs.is_dir():
            return []
        return sorted(p for p in self.runs.iterdir() if p.is_dir() and not p.name.startswith(TMP_PREFIX) and (p / "manifest.json").is_file())

    def latest(self) -> Path | None:
        if self.latest_link.is_symlink() or self.latest_link.is_dir():
            target = self.latest_link.resolve()
            if (target / "manifest.json").is_file():
                return target
        runs = self.complete_runs()
        return runs[-1] if runs else None

    def previous(self, run: Path) -> Path | None:
        earlier = [r for r in self.complete_runs() if r.name < run.name]
        return earlier[-1] if earlier else None

    def resolve(self, ref: str) -> Path:
        """A run by id, by path, or `latest`."""
        if ref == "latest":
            run = self.latest()
            if run is None:
                raise FileNotFoundError(f"no complete run under {self.root}")
            return run
        for candidate in (Path(ref), self.runs / ref):
            if (candidate / "manifest.json").is_file():
                return candidate
        raise FileNotFoundError(f"no run {ref!r} under {self.runs}")

    def begin(self) -> "RunWriter":
        self.runs.mkdir(parents=True, exist_ok=True)
        return RunWriter(self, new_run_id())

    def manifest(self, run: Path) -> dict:
        return json.loads((run / "manifest.json").read_text(encoding="utf-8"))

    def records(self, run: Path, doc: str) -> list[dict] | None:
        path = run / f"{doc}.jsonl"
        return read_jsonl(path) if path.is_file() else None

    def clean_stale(self) -> list[Path]:
        """Remove temp dirs of runs that died (and `latest` link temps a kill left behind);
        returns what was removed."""
        removed = []
        if self.runs.is_dir():
            for p in self.runs.iterdir():
                if p.name.startswith(TMP_PREFIX) and not _owner_alive(p):
                    shutil.rmtree(p, ignore_errors=True)
                    removed.append(p)
        if self.root.is_dir():
            for p in self.root.iterdir():
                # a link temp lives for microseconds in a live commit; an old one is debris
                if p.name.startswith(LINK_PREFIX) and p.is_symlink() and time.time() - p.lstat().st_mtime > 60:
                    p.unlink(missing_ok=True)
                    removed.append(p)
        return removed


class RunWriter:
    def __init__(self, store: RunStore, run_id: str):
        self.store = store
        self.run_id = run_id
        self.tmp = store.runs / f"{TMP_PREFIX}{run_id}"
        self.tmp.mkdir(parents=True)
        (self.tmp / OWNER_FILE).write_text(f"{socket.gethostname()} {os.getpid()}\n", encoding="utf-8")
        self.final = store.runs / run_id
        self.errors: list[dict] = []

    def document_path(self, doc: str) -> Path:
        return self.tmp / f"{doc}.jsonl"

    def write_document(self, doc: str, records: list[dict]) -> Path:
        path = self.document_path(doc)
        write_jsonl(path, records)
        return path

    def reuse_document(self, doc: str, source: Path) -> Path:
        """An unchanged document's records, taken from an earlier run (hard link when possible)."""
        path = self.document_path(doc)
        try:
            os.link(source, path)
        except OSError:
            shutil.copyfile(source, path)
        return path

    def add_errors(self, errors: list[dict]) -> None:
        self.errors.extend(errors)

    def commit(self, manifest: dict, diff: list[dict]) -> Path:
        write_jsonl(self.tmp / "errors.jsonl", self.errors)
        write_jsonl(self.tmp / "diff.jsonl", diff)
        write_json(self.tmp / "manifest.json", manifest)
        (self.tmp / OWNER_FILE).unlink(missing_ok=True)
        _fsync_dir(self.tmp)
        os.rename(self.tmp, self.final)
        link_tmp = self.store.root / f"{LINK_PREFIX}{self.run_id}"
        os.symlink(Path("runs") / self.run_id, link_tmp)
        os.replace(link_tmp, self.store.latest_link)
        _fsync_dir(self.store.root)
        return self.final

    def abort(self) -> None:
        shutil.rmtree(self.tmp, ignore_errors=True)


def _owner_alive(tmp: Path) -> bool:
    """Is the process that writes this temp dir still running (on this host)?"""
    try:
        host, pid = (tmp / OWNER_FILE).read_text(encoding="utf-8").split()
        pid = int(pid)
    except (OSError, ValueError):
        return False  # no owner recorded (an older version, or died before writing it)
    if host != socket.gethostname():
        return True  # another machine's run: not ours to judge
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
