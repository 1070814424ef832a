"""Run history: what each run found, and the diff between any two editions of a document.

Reads only what runs leave behind (`out/runs/<run>/manifest.json`, `diff.jsonl`,
`errors.jsonl`, `out/editions/<doc>.json`); nothing here extracts.  An edition's records are
taken from the newest run that holds that edition (by its sha256 in the run's manifest).
"""
from __future__ import annotations

from pathlib import Path

from shiryo.pipeline.diff import diff_records, summarize
from shiryo.pipeline.editions import EditionIndex
from shiryo.pipeline.runstore import RunStore, read_jsonl
from shiryo.pipeline.sources import SourceError


class HistoryError(SourceError):
    """A run, document or edition the store does not hold (a usage error for the CLI)."""


def _lines(path: Path) -> list[dict]:
    return read_jsonl(path) if path.is_file() else []


def run_summary(store: RunStore, run: Path) -> dict:
    """One run: id, started, finished, documents (n, failed, reused), new editions, change
    counts (from its diff.jsonl), errors."""
    m = store.manifest(run)
    docs = m.get("documents") or {}
    diff = _lines(run / "diff.jsonl")
    errors = _lines(run / "errors.jsonl")
    return {
        "run": run.name,
        "started": m.get("started"),
        "finished": m.get("finished"),
        "documents": len(docs),
        "failed": sum(1 for e in docs.values() if e.get("status") != "ok"),
        "reused": sum(1 for e in docs.values() if e.get("reused")),
        "new_editions": [{"doc": d, "edition": e.get("edition"), "revised": e.get("revised")} for d, e in docs.items() if e.get("new_edition")],
        "changes": summarize(diff),
        "changed_docs": sorted({e["doc"] for e in diff}),
        "errors": len(errors),
    }


def findings_line(manifest: dict) -> str:
    """One line of what a run found, for logs (`serve` prints one per scheduled run)."""
    c = manifest["counts"]
    docs = manifest.get("documents") or {}
    new = [f"{d} #{e.get('edition')}" + (f" (改訂 {e['revised']})" if e.get("revised") else "") for d, e in docs.items() if e.get("new_edition")]
    diff = c.get("diff") or {}
    changes = ", ".join(f"{v} {k}" for k, v in diff.items() if v) or "no changes"
    return (f"run {manifest['run']}: {c['documents']} documents ({c['failed']} failed, {c['reused']} reused), "
            f"new editions: {', '.join(new) or 'none'}; {changes}; {c['errors']} errors")


def run_history(root: str | Path) -> list[dict]:
    """Every complete run under `root`, oldest first."""
    store = RunStore(root)
    return [run_summary(store, run) for run in store.complete_runs()]


def run_diff(root: str | Path, ref: str, doc: str | None = None) -> tuple[Path, list[dict]]:
    """The diff a run recorded (each document against its previous edition), for one document or all."""
    store = RunStore(root)
    run = store.resolve(ref)
    entries = _lines(run / "diff.jsonl")
    return run, [e for e in entries if doc is None or e["doc"] == doc]


def last_run_with_changes(root: str | Path) -> str | None:
    store = RunStore(root)
    for run in reversed(store.complete_runs()):
        if any(True for _ in _lines(run / "diff.jsonl")):
            return run.name
    return None


def edition_runs(root: str | Path, doc: str) -> dict[str, list[str]]:
    """sha256 -> the runs (oldest first) whose records of `doc` are of that edition."""
    store = RunStore(root)
    out: dict[str, list[str]] = {}
    for run in store.complete_runs():
        entry = (store.manifest(run).get("documents") or {}).get(doc)
        if entry and entry.get("status") == "ok" and entry.get("version") and (run / f"{doc}.jsonl").is_file():
            out.setdefault(entry["version"], []).append(run.name)
    return out


def edition_records(root: str | Path, doc: str, ref: str) -> tuple[dict, list[dict]]:
    """(edition, records): edition `ref` of `doc` (number, -1 = latest, or sha256 prefix) and its
    records from the newest run holding it."""
    edition = EditionIndex(root).find(doc, str(ref))
    runs = edition_runs(root, doc).get(edition["sha256"])
    if not runs:
        raise HistoryError(f"{doc}: no run holds the records of edition {edition['n']} ({edition['sha256'][:12]}); "
                           f"`shiryo reprocess {doc} --edition {edition['n']}` makes them")
    store = RunStore(root)
    return edition, store.records(store.resolve(runs[-1]), doc) or []


def edition_diff(root: str | Path, doc: str, old: str | None = None, new: str | None = None) -> tuple[dict, dict, list[dict]]:
    """(old edition, new edition, diff entries) between two editions of `doc`; by default its
    last two editions."""
    listed = EditionIndex(root).editions(doc)
    if not listed:
        raise HistoryError(f"no editions of {doc!r} under {Path(root) / 'editions'}")
    if old is None and new is None:
        if len(listed) < 2:
            raise HistoryError(f"{doc} has one edition only: nothing to compare")
        old, new = "-2", "-1"
    before, old_records = edition_records(root, doc, old)
    after, new_records = edition_records(root, doc, new)
    return before, after, diff_records(old_records, new_records)
