"""The run store under `out/`:

    out/runs/<run-id>/<doc>.jsonl      records of one document
    out/runs/<run-id>/manifest.json    run metadata
    out/runs/<run-id>/errors.jsonl     failed documents and pages
    out/runs/<run-id>/diff.jsonl       the diff against the previous run
    out/latest -> runs/<run-id>        the newest complete run

A run is written into `runs/.tmp-<run-id>` and renamed to its final name only
when complete; `latest` is then swapped atomically (symlink + rename).  A crash
or Ctrl-C mid-run leaves the previous `latest` as it was.  A damaged run (a manifest
that does not parse, a `<doc>.jsonl` with a bad line or gone) is named in `problems`
and passed over, never used as a baseline or reused from.  The temp dir names its
owner (host and pid), so the next run sweeps only the temp dirs of dead runs, never
one that a concurrent run (a scheduled `serve` beside a manual `run`) is writing.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import signal
import shutil
import socket
import time
from datetime import datetime, timezone
from pathlib import Path

TMP_PREFIX = ".tmp-"
OWNER_FILE = ".owner"
LINK_PREFIX = ".latest-"
SET_ASIDE_PREFIX = "latest.dir-"  # a real directory found at `latest` (a copy tool), kept under this name
CRASH_ENV = "SHIRYO_CRASH_AT"  # fault-injection tests: kill -9 this process at a named commit step
COMMIT_STEPS = ("files-written", "manifest-written", "renamed", "latest-swapped", "editions-committed")


def crash_point(step: str) -> None:
    """Die like a power cut at `step` when $SHIRYO_CRASH_AT names it (tests/test_faults_*.py)."""
    if os.environ.get(CRASH_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


# what names a PDF in the content-addressed store, and every record's `version`: a sha256 in hex
SHA256_HEX = re.compile(r"[0-9a-f]{64}")


def sha256_file(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def stored_bytes_intact(path: Path, sha256: str | None) -> bool:
    """Does the content-addressed file `path` still hold the bytes its name promises?"""
    try:
        return bool(sha256) and path.is_file() and sha256_file(path) == sha256
    except OSError:
        return False


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


def read_jsonl_checked(path: Path, expected: int | None = None) -> tuple[list[dict] | None, str | None]:
    """(rows, None), or (None, why) when the file is gone, a line does not parse or the rows
    are not `expected` in number: the run store's check before records are reused or diffed."""
    try:
        rows = read_jsonl(path)
    except FileNotFoundError:
        return None, f"{path}: missing"
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        return None, f"{path}: damaged ({type(exc).__name__}: {exc})"
    if not all(isinstance(r, dict) for r in rows):
        return None, f"{path}: damaged (a line is not a JSON object)"
    if expected is not None and len(rows) != expected:
        return None, f"{path}: damaged ({len(rows)} records, the manifest says {expected})"
    return rows, None


class RunStore:
    def __init__(self, root: str | Path = "out"):
        self.root = Path(root)
        self.runs = self.root / "runs"
        self.latest_link = self.root / "latest"
        self.problems: list[str] = []  # damaged files met and passed over, for the run's manifest

    def note(self, problem: str) -> None:
        if problem not in self.problems:
            self.problems.append(problem)

    def complete_runs(self) -> list[Path]:
        if not self.runs.is_dir():
            return []
        return sorted(p for p in self.runs.iterdir() if p.is_dir() and not p.name.startswith(".") and (p / "manifest.json").is_file())

    def read_manifest(self, run: Path) -> dict | None:
        """The run's manifest, or None (noted in `problems`) when it does not parse."""
        path = run / "manifest.json"
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            if isinstance(manifest, dict) and isinstance(manifest.get("documents"), dict):
                return manifest
            why = "not a run manifest"
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            why = f"{type(exc).__name__}: {exc}"
        self.note(f"{path}: damaged ({why}); run passed over")
        return None

    def valid_runs(self) -> list[Path]:
        """Complete runs whose manifest parses, oldest first."""
        return [r for r in self.complete_runs() if self.read_manifest(r) is not None]

    def latest(self) -> Path | None:
        """The run `latest` names, or the newest run with a sound manifest when that one is
        damaged or `latest` dangles."""
        if self.latest_link.is_symlink():  # a real directory there is set aside by the next run
            target = self.latest_link.resolve()
            if (target / "manifest.json").is_file() and self.read_manifest(target) is not None:
                return target
        runs = self.valid_runs()
        return runs[-1] if runs else None

    def previous(self, run: Path) -> Path | None:
        earlier = [r for r in self.valid_runs() if r.name < run.name]
        return earlier[-1] if earlier else None

    def set_aside_latest_dir(self) -> Path | None:
        """`latest` made a real directory (copy and sync tools do this) would stop every commit:
        move it where nothing is lost — into `runs/<its run id>` when that run is missing, else
        to `latest.dir-<time>` beside it — so a symlink can take its place.  Returns the new home."""
        link = self.latest_link
        if link.is_symlink() or not link.is_dir():
            return None
        run_id = None
        try:
            run_id = json.loads((link / "manifest.json").read_text(encoding="utf-8")).get("run")
        except (OSError, ValueError, AttributeError):
            pass
        home = self.runs / run_id if isinstance(run_id, str) and run_id and "/" not in run_id and not run_id.startswith(".") else None
        if home is None or home.exists():
            home = self.root / f"{SET_ASIDE_PREFIX}{datetime.now(timezone.utc).strftime('%Y%m%dT%H%M%S%f')}"
        self.runs.mkdir(parents=True, exist_ok=True)
        os.rename(link, home)
        if home.parent == self.runs and not os.path.lexists(link):
            os.symlink(Path("runs") / home.name, link)
        self.note(f"{link} was a directory, not a link: moved to {home}")
        return home

    def resolve(self, ref: str) -> Path:
        """A run by id, by path, or `latest`."""
        if ref == "latest":
            run = self.latest()
            if run is None:
                raise FileNotFoundError(f"no complete run under {self.root}")
            return run
        for candidate in (Path(ref), self.runs / ref):
            if (candidate / "manifest.json").is_file():
                if self.read_manifest(candidate) is None:
                    raise FileNotFoundError(self.problems[-1])
                return candidate
        raise FileNotFoundError(f"no run {ref!r} under {self.runs}")

    def begin(self) -> "RunWriter":
        self.runs.mkdir(parents=True, exist_ok=True)
        return RunWriter(self, new_run_id())

    def manifest(self, run: Path) -> dict:
        return json.loads((run / "manifest.json").read_text(encoding="utf-8"))

    def document_records(self, run: Path, doc: str, expected: int | None = None) -> list[dict] | None:
        """A document's records in `run`, or None (noted in `problems`) when missing or damaged."""
        rows, problem = read_jsonl_checked(run / f"{doc}.jsonl", expected)
        if problem:
            self.note(problem)
        return rows

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
        crash_point("files-written")
        write_json(self.tmp / "manifest.json", manifest)
        (self.tmp / OWNER_FILE).unlink(missing_ok=True)
        _fsync_dir(self.tmp)
        crash_point("manifest-written")
        os.rename(self.tmp, self.final)
        crash_point("renamed")
        self.store.set_aside_latest_dir()
        link_tmp = self.store.root / f"{LINK_PREFIX}{self.run_id}"
        os.symlink(Path("runs") / self.run_id, link_tmp)
        os.replace(link_tmp, self.store.latest_link)
        _fsync_dir(self.store.root)
        crash_point("latest-swapped")
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
