"""The steps of one run, as plain functions (the Prefect flow in flows/run.py only
sequences them): resolve each source, extract it — or reuse its records when the
PDF and the code are unchanged — then diff each document against its baseline (the
newest committed run holding it: its previous edition, see pipeline/editions.py),
commit, and note new editions."""
from __future__ import annotations

import errno
import platform
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import httpx

from shiryo.pipeline.code_version import code_version
from shiryo.pipeline.download_limits import DownloadError
from shiryo.pipeline.diff import diff_documents, summarize
from shiryo.pipeline.editions import EditionIndex
from shiryo.pipeline.extraction import DocumentError, extract_document, sha256_file
from shiryo.pipeline.runstore import RunStore, RunWriter, read_jsonl
from shiryo.pipeline.sources import Source, fetch


def resolve_path(source: Source, store: RunStore) -> Path:
    """Local path of a source's PDF (URLs are downloaded into out/store/)."""
    if source.path is not None:
        return Path(source.path)
    try:
        return fetch(source.url, store.root / "store", allow_insecure=source.allow_insecure)
    except DownloadError as exc:
        raise DocumentError(source.id, exc.kind, exc.message) from None


# errno values of I/O that may pass on a second try (a flaky network file system, a full disk
# being cleaned); a missing or unreadable file will not
_TRANSIENT_ERRNO = {errno.EIO, errno.EAGAIN, errno.EINTR, errno.ETIMEDOUT, errno.ESTALE, errno.ENOSPC, errno.ECONNRESET, errno.ECONNREFUSED}


def is_transient(exc: BaseException) -> bool:
    """Worth a retry (the flow's task retries): network trouble, a server error (5xx, 429),
    flaky I/O.  Not a bad PDF, a 404, a stalled download (bounded once, not three times)."""
    if isinstance(exc, httpx.HTTPStatusError):
        return exc.response.status_code >= 500 or exc.response.status_code == 429
    if isinstance(exc, httpx.TransportError) and not isinstance(exc, httpx.TimeoutException):
        return True
    return isinstance(exc, OSError) and exc.errno in _TRANSIENT_ERRNO


def baseline_runs(store: RunStore, ids, previous_run: Path | None) -> dict[str, Path | None]:
    """Per document, the newest committed run holding its records (from the editions
    index; the previous run for documents the index does not know yet)."""
    editions = EditionIndex(store.root)
    out = {}
    for doc in ids:
        run_id = editions.latest_run(doc)
        run = store.runs / run_id if run_id else None
        out[doc] = run if run is not None and (run / "manifest.json").is_file() else previous_run
    return out


def reusable(previous: dict | None, doc: str, version: str) -> bool:
    """Were this PDF's records made by this very code in the previous run?"""
    if not previous or previous.get("code_version") != code_version():
        return False
    entry = previous.get("documents", {}).get(doc)
    return bool(entry) and entry.get("status") == "ok" and entry.get("version") == version


def process_source(
    source: Source,
    writer: RunWriter,
    store: RunStore,
    previous_run: Path | None,
    force: bool = False,
    password: str | None = None,
    carry_over: bool = False,
) -> dict:
    """Extract (or reuse) one document into the run being written; never raises for a
    bad document: the failure is returned (and recorded as an error record).  Transient
    errors (`is_transient`) are raised, for the caller to retry (the flow's task retries).

    `previous_run` is the document's baseline (see `baseline_runs`).  `force` re-extracts
    even when unchanged; `carry_over` takes the baseline's records as they are (a
    `reprocess` of another document keeps this one untouched)."""
    started = time.perf_counter()
    entry: dict = {"id": source.id, "title": source.title, "kind": source.kind, "source": source.where}
    if source.allow_insecure:
        entry["allow_insecure"] = True  # `reprocess` rebuilds the source from the manifest
    try:
        previous = store.manifest(previous_run) if previous_run else None
        prev_ok = bool(previous) and previous["documents"].get(source.id, {}).get("status") == "ok"
        if carry_over and prev_ok:
            path, version = None, previous["documents"][source.id]["version"]
        else:
            path = resolve_path(source, store)
            version = sha256_file(path) if path.is_file() else None
            if version:  # every edition's bytes stay in the store (reprocess, review): work on that snapshot
                path = EditionIndex(store.root).keep_pdf(path, version)
                version = path.stem
                entry["pdf"] = str(path)
        if (carry_over and prev_ok) or (not force and version and reusable(previous, source.id, version)):
            writer.reuse_document(source.id, previous_run / f"{source.id}.jsonl")
            prev_entry = previous["documents"][source.id]
            writer.add_errors([e for e in read_jsonl(previous_run / "errors.jsonl") if e.get("doc") == source.id])
            entry.update({k: prev_entry[k] for k in ("version", "n_pages", "n_records", "records_by_type", "page_errors")})
            entry.update(status="ok", reused=True)
        else:
            result = extract_document(path, doc_id=source.id, password=password, title=source.title, version=version)
            writer.write_document(source.id, result.records)
            writer.add_errors(result.errors)
            entry.update(
                status="ok",
                reused=False,
                version=result.version,
                n_pages=result.n_pages,
                n_records=len(result.records),
                records_by_type=dict(Counter(r["type"] for r in result.records)),
                page_errors=len(result.errors),
            )
    except DocumentError as exc:
        writer.add_errors([{"doc": source.id, "page": 0, "kind": exc.kind, "message": exc.message}])
        entry.update(status="failed", error=exc.kind, message=exc.message)
    except Exception as exc:  # one bad document never sinks the run
        if is_transient(exc):
            raise
        writer.add_errors([{"doc": source.id, "page": 0, "kind": "error", "message": f"{type(exc).__name__}: {exc}"}])
        entry.update(status="failed", error="error", message=f"{type(exc).__name__}: {exc}")
    entry["seconds"] = round(time.perf_counter() - started, 3)
    return entry


def failure_entry(source: Source, exc: BaseException) -> dict:
    """A document whose processing died outside `process_source` (e.g. retries exhausted)."""
    return {"id": source.id, "source": source.where, "status": "failed", "error": "error", "message": f"{type(exc).__name__}: {exc}"}


def load_documents(run: Path | None, ids) -> dict[str, list[dict]]:
    if run is None:
        return {}
    out = {}
    for doc in ids:
        path = run / f"{doc}.jsonl"
        if path.is_file():
            out[doc] = read_jsonl(path)
    return out


def finish_run(
    writer: RunWriter,
    store: RunStore,
    previous_run: Path | None,
    entries: list[dict],
    started: datetime,
    baselines: dict[str, Path | None] | None = None,
) -> tuple[Path, dict]:
    """Diff each document against its baseline (default: the previous run), note new
    editions, write the manifest, commit atomically."""
    ok = [e["id"] for e in entries if e["status"] == "ok"]
    failed = {e["id"] for e in entries if e["status"] != "ok"}
    new_docs = load_documents(writer.tmp, ok)
    old_docs: dict[str, list[dict]] = {}
    for e in entries:
        old_docs.update(load_documents((baselines or {}).get(e["id"], previous_run), [e["id"]]))
    diff = diff_documents(old_docs, new_docs, skip=failed)
    editions = EditionIndex(store.root)
    indexes: dict[str, dict] = {}  # saved only after the run commits
    for e in entries:
        if e["status"] == "ok" and e.get("version"):
            indexes[e["id"]], edition, new = editions.edition_of(e["id"], e["version"], new_docs.get(e["id"], []), writer.run_id, e.get("source"))
            e.update(edition=edition["n"], new_edition=new, revised=edition.get("revised"))
    by_type: Counter[str] = Counter()
    for e in entries:
        by_type.update(e.get("records_by_type") or {})
    manifest = {
        "run": writer.run_id,
        "started": started.isoformat(),
        "finished": datetime.now(timezone.utc).isoformat(),
        "code_version": code_version(),
        "python": platform.python_version(),
        "previous_run": previous_run.name if previous_run else None,
        "documents": {e["id"]: e for e in entries},
        "versions": {e["id"]: e.get("version") for e in entries},
        "counts": {
            "documents": len(entries),
            "failed": len(failed),
            "reused": sum(1 for e in entries if e.get("reused")),
            "new_editions": sum(1 for e in entries if e.get("new_edition")),
            "pages": sum(e.get("n_pages") or 0 for e in entries),
            "records": sum(by_type.values()),
            "records_by_type": dict(sorted(by_type.items())),
            "errors": len(writer.errors),
            "diff": summarize(diff),
        },
    }
    run_path = writer.commit(manifest, diff)
    for doc in ok:
        editions.commit(indexes[doc] if doc in indexes else editions.load(doc), writer.run_id)
    return run_path, manifest
