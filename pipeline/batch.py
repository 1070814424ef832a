"""The steps of one run, as plain functions, and the run sequence that orders them
(`run_sources`): sweep what a dead run left, find each document's baseline, begin a run,
resolve and extract each source — or reuse its records when the PDF and the code are
unchanged —, diff each document against its baseline (the newest committed run holding it:
its previous edition, see pipeline/editions.py), commit and note new editions; abort on any
interruption.  `shiryo.Run` calls it with a thread pool, the Prefect flow (flows/run.py)
with its tasks: the sequence is written once, here."""
from __future__ import annotations

import copy
import errno
import logging
import platform
import time
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import httpx

from shiryo.parsers.errors import NotAPdfError
from shiryo.parsers.pdf_magic import check_pdf_header
from shiryo.pipeline.code_version import code_version
from shiryo.pipeline.download_limits import DownloadError
from shiryo.pipeline.diff import diff_documents, summarize
from shiryo.pipeline.editions import EditionIndex
from shiryo.pipeline.extraction import DocumentError, extract_document, sha256_file
from shiryo.pipeline.runstore import RunStore, RunWriter, crash_point, read_jsonl_checked, stored_bytes_intact
from shiryo.pipeline.sources import Source, fetch

_log = logging.getLogger("shiryo.run")


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


def prepare_run(store: RunStore) -> list[str]:
    """Before a run: sweep dead runs' leftovers, move a `latest` directory aside, rebuild
    editions indexes that lag behind the committed runs.  Returns what was repaired."""
    store.clean_stale()
    store.set_aside_latest_dir()
    for repaired in EditionIndex(store.root).repair(store):
        store.note(repaired)
    return list(store.problems)


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


def _previous_records_intact(store: RunStore, run: Path, doc: str, entry: dict) -> bool:
    """Are the records the baseline's manifest promises all there (a bad line or a deleted
    file is named in `store.problems`, and the document is extracted again)?  Checked by the
    file's sha256 the manifest keeps (`records_sha256`), or by reading it (older runs)."""
    if not entry.get("records_sha256"):
        return store.document_records(run, doc, entry.get("n_records")) is not None
    path = run / f"{doc}.jsonl"
    if stored_bytes_intact(path, entry["records_sha256"]):
        return True
    store.note(f"{path}: {'damaged (sha256 differs from the manifest)' if path.is_file() else 'missing'}")
    return False


def _document_errors(store: RunStore, run: Path, doc: str) -> list[dict]:
    rows, problem = read_jsonl_checked(run / "errors.jsonl")
    if problem:
        store.note(problem)
        return []
    return [e for e in rows if e.get("doc") == doc]


def _snapshot(source: Source, path: Path, store: RunStore) -> tuple[Path, str]:
    """The PDF's bytes in the store and their sha256; a file that is no PDF is refused first,
    by the user's path, and never copied into the store."""
    try:
        check_pdf_header(path)
    except NotAPdfError as exc:
        raise DocumentError(source.id, "not_pdf", str(exc)) from None
    version = sha256_file(path)
    path = EditionIndex(store.root).keep_pdf(path, version)
    return path, path.stem


def _user_path(message: str, path: Path, source: Source) -> str:
    """Messages name the file as the user knows it, not its snapshot in the store."""
    return message.replace(str(path), source.where) if str(path) != source.where else message


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
        previous = store.read_manifest(previous_run) if previous_run else None
        prev_entry = (previous or {}).get("documents", {}).get(source.id) or {}
        # a baseline whose records are damaged or gone is passed over: the document is extracted again
        prev_ok = prev_entry.get("status") == "ok" and _previous_records_intact(store, previous_run, source.id, prev_entry)
        if carry_over and prev_ok:
            path, version = None, prev_entry["version"]
        else:
            path = resolve_path(source, store)
            version = None
            if path.is_file():  # every edition's bytes stay in the store (reprocess, review): work on that snapshot
                path, version = _snapshot(source, path, store)
                entry["pdf"] = str(path)
        if (carry_over and prev_ok) or (prev_ok and not force and version and reusable(previous, source.id, version)):
            writer.reuse_document(source.id, previous_run / f"{source.id}.jsonl")
            writer.add_errors(_document_errors(store, previous_run, source.id))
            entry.update({k: prev_entry.get(k) for k in ("version", "n_pages", "n_records", "records_by_type", "page_errors", "records_sha256")})
            entry.update(status="ok", reused=True, title=source.title or prev_entry.get("title"))
        else:
            try:
                result = extract_document(path, doc_id=source.id, password=password, title=source.title, version=version)
            except DocumentError as exc:
                raise DocumentError(exc.doc, exc.kind, _user_path(exc.message, path, source)) from exc
            records_path = writer.write_document(source.id, result.records)
            writer.add_errors([{**e, "message": _user_path(e["message"], path, source)} for e in result.errors])
            document = result.records[0] if result.records and result.records[0].get("type") == "document" else {}
            entry.update(
                status="ok",
                reused=False,
                title=source.title or document.get("title"),  # a folder's PDF: its title from the first page
                version=result.version,
                n_pages=result.n_pages,
                n_records=len(result.records),
                records_by_type=dict(Counter(r["type"] for r in result.records)),
                page_errors=len(result.errors),
                records_sha256=sha256_file(records_path),  # what the next run checks before reusing them
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
    """{doc: records} of the documents of `run` whose file is there and sound (a damaged one
    is left out)."""
    if run is None:
        return {}
    out = {}
    for doc in ids:
        rows, _ = read_jsonl_checked(run / f"{doc}.jsonl")
        if rows is not None:
            out[doc] = rows
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
    no_baseline: set[str] = set()  # damaged or lost baseline records: no diff rather than a false one
    baseline_manifests: dict[Path, dict | None] = {}
    for e in entries:
        baseline = (baselines or {}).get(e["id"], previous_run)
        if baseline is None:
            continue
        if baseline not in baseline_manifests:
            baseline_manifests[baseline] = store.read_manifest(baseline)
        if baseline_manifests[baseline] is None:
            no_baseline.add(e["id"])
            continue
        promised = baseline_manifests[baseline]["documents"].get(e["id"]) or {}
        if promised.get("status") != "ok":
            continue  # new to the baseline (or failed there): every record is added
        records = store.document_records(baseline, e["id"], promised.get("n_records"))
        if records is None:
            no_baseline.add(e["id"])
        else:
            old_docs[e["id"]] = records
    diff = diff_documents(old_docs, new_docs, skip=failed | no_baseline)
    editions = EditionIndex(store.root)
    indexes: dict[str, dict] = {}  # saved only after the run commits
    for e in entries:
        if e["status"] == "ok" and e.get("version"):
            indexes[e["id"]], edition, new = editions.edition_of(e["id"], e["version"], new_docs.get(e["id"], []), writer.run_id, e.get("source"))
            e.update(edition=edition["n"], new_edition=new, revised=edition.get("revised"))
            if new:  # the editions index is derivable from the manifests (EditionIndex.rebuild)
                e["edition_entry"] = edition
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
        "store_problems": list(store.problems),  # damaged files passed over or repaired (named)
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
        crash_point("editions-committed")
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


# submit(source, writer, store, baseline, force, carry_over) -> a future of `process_document`'s entry
# (the password is not among the arguments: the Prefect flow's tasks would keep it as a parameter)
Submit = Callable[[Source, RunWriter, RunStore, "Path | None", bool, bool], "Future[dict]"]
# commit(writer, store, previous_run, entries, started, baselines) -> (run path, manifest)
Commit = Callable[[RunWriter, RunStore, "Path | None", list, datetime, dict], tuple]

# temp dirs of the runs this process is writing: an interrupted command removes them before it
# exits (shiryo/run_guard.py), even when it cannot wait for the run to unwind
_active_writers: set[RunWriter] = set()


def abort_active_runs() -> None:
    for writer in list(_active_writers):
        writer.abort()


def run_sources(
    store: RunStore,
    sources: Sequence[Source],
    *,
    force: bool = False,
    only: Sequence[str] | None = None,
    password: str | None = None,
    submit: Submit | None = None,
    commit: Commit | None = None,
    warn: Callable[[str], None] | None = None,
) -> tuple[Path, dict] | None:
    """One run over `sources` into `store`: the whole sequence, committed or aborted; None
    when there is nothing to run (a watched folder still empty: `latest` stays as it is).

    With `only`, just those documents are processed (forced) and the others are carried over
    from their baseline unchanged.  `submit` runs one document (default: a thread pool of this
    process, with `password`) and `commit` diffs and commits (default: `finish_run`); the
    Prefect flow passes its tasks.  A document that fails is an entry and an error record; the
    run goes on.  What the run store needed repaired first (`prepare_run`) is passed to `warn`.
    An interruption (Ctrl-C, SIGTERM) aborts the run and stops the page workers, so documents
    in flight end now instead of being waited for."""
    from shiryo.parsers.isolation import resume_workers, stop_workers

    for problem in prepare_run(store):  # leftovers swept, damaged files named, lagging editions rebuilt
        (warn or _log.warning)(problem)
    if not sources:
        return None
    resume_workers()  # after an interrupted run in this process
    previous_run = store.latest()
    baselines = baseline_runs(store, [s.id for s in sources], previous_run)
    writer = store.begin()
    _active_writers.add(writer)
    started = datetime.now(timezone.utc)
    pool = None
    if submit is None:
        pool = ThreadPoolExecutor(max_workers=2)
        submit = lambda *args: pool.submit(process_document, *args, password)  # noqa: E731
    try:
        pending = []
        for source in sources:
            targeted = only is None or source.id in only
            carry_over = only is not None and not targeted
            pending.append((source, submit(source, writer, store, baselines[source.id], force or (only is not None and targeted), carry_over)))
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
    except BaseException as exc:
        writer.abort()  # an interrupted run never replaces `latest`
        if not isinstance(exc, Exception):
            # KeyboardInterrupt, or Prefect's TerminationSignal (its SIGTERM handler replaces
            # ours while a flow runs): kill the page workers so the documents in flight fail
            # now, else the task runner waits for them before the run can end
            stop_workers()
        raise
    finally:
        _active_writers.discard(writer)
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
    return Path(run_path), manifest
