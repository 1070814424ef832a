"""The steps of one run, as plain functions, and the run sequence that orders them
(`run_sources`): sweep what a dead run left, find each document's baseline, begin a run,
resolve and extract each source — or reuse its records when the PDF and the code are
unchanged —, diff each document against its baseline (the newest committed run holding it:
its previous edition, see pipeline/editions.py), commit and note new editions; abort on any
interruption.  `shiryo.Run` calls it with a thread pool, the Prefect flow (flows/run.py)
with its tasks: the sequence is written once, here."""
from __future__ import annotations

import copy
import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

from shiryo.pipeline.code_version import code_version
from shiryo.pipeline.diff import diff_documents, summarize
from shiryo.pipeline.editions import EditionIndex
from shiryo.pipeline.extraction import DocumentError, extract_document, sha256_file
from shiryo.pipeline.runstore import RunStore, RunWriter, read_jsonl
from shiryo.pipeline.sources import Source, fetch


def resolve_path(source: Source, store: RunStore) -> Path:
    """Local path of a source's PDF (URLs are downloaded into out/store/)."""
    if source.path is not None:
        return Path(source.path)
    return fetch(source.url, store.root / "store")


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
    bad document: the failure is returned (and recorded as an error record).

    `previous_run` is the document's baseline (see `baseline_runs`).  `force` re-extracts
    even when unchanged; `carry_over` takes the baseline's records as they are (a
    `reprocess` of another document keeps this one untouched)."""
    started = time.perf_counter()
    entry: dict = {"id": source.id, "title": source.title, "kind": source.kind, "source": source.where}
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


def process_document(source: Source, writer: RunWriter, store: RunStore, previous_run: Path | None, force: bool = False,
                     carry_over: bool = False, password: str | None = None) -> dict:
    """`process_source` with the document's error records returned in its entry (`errors`), not
    added to `writer`: the call may run in another process (a Dask worker), whose writer is a
    copy; `run_sources` adds them to the run."""
    doc_writer = copy.copy(writer)
    doc_writer.errors = []
    entry = process_source(source, doc_writer, store, previous_run, force=force, password=password, carry_over=carry_over)
    entry["errors"] = doc_writer.errors
    return entry


# submit(source, writer, store, baseline, force, carry_over, password) -> a future of `process_document`'s entry
Submit = Callable[[Source, RunWriter, RunStore, "Path | None", bool, bool, "str | None"], "Future[dict]"]
# commit(writer, store, previous_run, entries, started, baselines) -> (run path, manifest)
Commit = Callable[[RunWriter, RunStore, "Path | None", list, datetime, dict], tuple]


def run_sources(
    store: RunStore,
    sources: Sequence[Source],
    *,
    force: bool = False,
    only: Sequence[str] | None = None,
    password: str | None = None,
    submit: Submit | None = None,
    commit: Commit | None = None,
) -> tuple[Path, dict]:
    """One run over `sources` into `store`: the whole sequence, committed or aborted.

    With `only`, just those documents are processed (forced) and the others are carried over
    from their baseline unchanged.  `submit` runs one document (default: a thread pool of this
    process) and `commit` diffs and commits (default: `finish_run`); the Prefect flow passes
    its tasks.  A document that fails is an entry and an error record; the run goes on."""
    store.clean_stale()
    previous_run = store.latest()
    baselines = baseline_runs(store, [s.id for s in sources], previous_run)
    writer = store.begin()
    started = datetime.now(timezone.utc)
    pool = None
    if submit is None:
        pool = ThreadPoolExecutor(max_workers=2)
        submit = lambda *args: pool.submit(process_document, *args)  # noqa: E731
    try:
        pending = []
        for source in sources:
            targeted = only is None or source.id in only
            carry_over = only is not None and not targeted
            pending.append((source, submit(source, writer, store, baselines[source.id], force or (only is not None and targeted), carry_over, password)))
        entries = []
        for source, future in pending:
            try:
                entry = future.result()
                writer.add_errors(entry.pop("errors", []))
                entries.append(entry)
            except Exception as exc:  # retries exhausted or timed out: the run goes on
                entries.append(failure_entry(source, exc))
                writer.add_errors([{"doc": source.id, "page": 0, "kind": "error", "message": entries[-1]["message"]}])
        run_path, manifest = (commit or finish_run)(writer, store, previous_run, entries, started, baselines)
    except BaseException:
        writer.abort()  # an interrupted run never replaces `latest`
        raise
    finally:
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    return Path(run_path), manifest
