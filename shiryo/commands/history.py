"""`shiryo runs`, `shiryo editions DOC`, `shiryo diff …`: what runs found, and any diff again."""
from __future__ import annotations

import json
import sys
import time
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from shiryo.commands import check_store_root, store_option, usage


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


def _err() -> Console:
    from shiryo.cli import err

    return err


def runs(
    out: Path = store_option(),
    as_json: bool = typer.Option(False, "--json", help="one JSON object per run instead of a table"),
    last: Optional[int] = typer.Option(None, "--last", min=1, help="only the newest N runs"),
):
    """List the runs: when, documents, new editions, change counts, errors (oldest first)."""
    from shiryo.pipeline.history import run_history

    history = run_history(check_store_root(out))
    if last:
        history = history[-last:]
    if as_json:
        sys.stdout.write("".join(json.dumps(h, ensure_ascii=False) + "\n" for h in history))
        return
    if not history:
        usage(f"no complete run under {out}")
    table = Table(title=f"{len(history)} runs under {out}", show_header=True)
    for col in ("run", "started", "documents", "new editions", "changes (+ − ~ →)", "changed documents", "errors"):
        table.add_column(col)
    for h in history:
        c = h["changes"]
        new = ", ".join(f"{e['doc']} #{e['edition']}" + (f" (改訂 {e['revised']})" if e.get("revised") else "") for e in h["new_editions"])
        docs = f"{h['documents']}" + (f" ({h['failed']} failed)" if h["failed"] else "") + (f", {h['reused']} reused" if h["reused"] else "")
        changes = f"{c['added']} {c['removed']} {c['changed']} {c['moved']}" if any(c.values()) else "—"
        table.add_row(h["run"], (h["started"] or "")[:19], docs, new or "—", changes, ", ".join(h["changed_docs"]) or "—", str(h["errors"]))
    Console(width=220).print(table)


def editions(
    doc: str = typer.Argument(..., help="document id"),
    out: Path = store_option(),
):
    """List a document's editions, with the runs that saw them.

    Per edition: number, sha256, first seen, 改訂 date, pages, the run that first saw it, the
    runs holding its records, source."""
    from shiryo.pipeline.editions import EditionIndex
    from shiryo.pipeline.history import edition_runs
    from shiryo.pipeline.sources import SourceError

    index = EditionIndex(check_store_root(out))
    try:
        listed = index.editions(doc)
    except SourceError as exc:
        usage(str(exc))
    if not listed:
        usage(f"no editions of {doc!r} under {index.dir}")
    holding = edition_runs(out, doc)
    table = Table(title=f"{doc}: {len(listed)} editions", show_header=True)
    for col in ("n", "sha256", "first seen", "revised", "pages", "first run", "runs with its records", "source"):
        table.add_column(col)
    for e in listed:
        runs_of = holding.get(e["sha256"], [])
        held = f"{len(runs_of)} (latest {runs_of[-1]})" if runs_of else "none"
        table.add_row(str(e["n"]), e["sha256"][:12], e["first_seen"][:19], e.get("revised") or "", str(e.get("n_pages") or ""), e.get("first_run") or "", held, str(e.get("source") or ""))
    Console(width=220).print(table)


def diff(
    refs: Optional[list[str]] = typer.Argument(None, help="DOC (its last two editions, or with --editions/--run), or OLD NEW: two runs (ids/paths) or two JSONL files; none: the latest run"),
    editions_: Optional[tuple[str, str]] = typer.Option(None, "--editions", help="two editions of DOC: numbers (1 = first, -1 = latest) or sha256 prefixes"),
    run: Optional[str] = typer.Option(None, "--run", help="the diff recorded by this run (id or path), for DOC or every document"),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f"),
    out: Path = store_option(),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write here instead of stdout (html: page crops go in <name>_files/ beside it)"),
):
    """Show a diff: the latest run's, a past run's, two editions', or two runs' / JSONL files'.

    With no argument, the latest run's diff (each document against its previous edition);
    --run RUN, the diff a past run recorded; DOC --editions 3 4, two editions of a document
    (DOC alone: its last two); OLD NEW, two runs or two JSONL files.  `--format html` writes
    the review page: a summary with links and filters, before/after with the changed
    characters and cells marked, and page crops from the editions' PDFs in OUT/store."""
    from shiryo.pipeline.batch import load_documents
    from shiryo.pipeline.diff import diff_documents, diff_records
    from shiryo.pipeline.diff_report import RENDERERS
    from shiryo.pipeline.history import HistoryError, edition_diff, last_run_with_changes, run_diff
    from shiryo.pipeline.runstore import RunStore, read_jsonl
    from shiryo.pipeline.sources import SourceError

    check_store_root(out)
    refs = refs or []
    store = RunStore(out)
    title = "shiryo diff"
    if editions_ is not None and all(v is None for v in editions_):
        editions_ = None
    try:
        if editions_ is not None or (len(refs) == 1 and run is None):
            if len(refs) != 1:
                usage("--editions compares two editions of one document: shiryo diff DOC --editions 3 4")
            if refs[0].endswith(".jsonl"):
                usage("give two JSONL files (OLD NEW) to compare files")
            old_ed, new_ed, entries = edition_diff(out, refs[0], *(editions_ or (None, None)))
            title = f"shiryo diff — {refs[0]}: edition {old_ed['n']} → {new_ed['n']}"
        elif run is not None:
            if len(refs) > 1:
                usage("--run takes at most one DOC")
            run_path, entries = run_diff(out, run, refs[0] if refs else None)
            title = f"shiryo diff — run {run_path.name}"
        elif len(refs) == 2:
            old, new = refs
            if old.endswith(".jsonl") and new.endswith(".jsonl"):
                entries = diff_records(read_jsonl(Path(old)), read_jsonl(Path(new)))
            else:
                old_run, new_run = store.resolve(old), store.resolve(new)
                docs = lambda r: load_documents(r, store.manifest(r)["documents"])  # noqa: E731
                entries = diff_documents(docs(old_run), docs(new_run))
                title = f"shiryo diff — run {old_run.name} → {new_run.name}"
        elif not refs:
            new_run = store.resolve("latest")
            entries = read_jsonl(new_run / "diff.jsonl")
            title = f"shiryo diff — run {new_run.name}"
            if not entries:
                busy = last_run_with_changes(out)
                if busy:
                    _err().print(f"the latest run ({new_run.name}) found no changes; the last run with changes is {busy}: shiryo diff --run {busy}", soft_wrap=True)
        else:
            usage("give DOC, OLD NEW, or nothing")
    except (FileNotFoundError, HistoryError, SourceError) as exc:
        usage(str(exc))
    started = time.monotonic()
    if format is DiffFormat.html:
        text = render_page(entries, out, output, title)
    else:
        text = RENDERERS[format.value](entries)
    if output:
        output.write_text(text, encoding="utf-8")
        extra = f", {time.monotonic() - started:.1f} s" if format is DiffFormat.html else ""
        _err().print(f"wrote {output} ({len(entries)} changes, {output.stat().st_size / 1e6:.2f} MB{extra})", soft_wrap=True)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


def render_page(entries: list[dict], out: Path, output: Path | None, title: str) -> str:
    """The review page; crops as PNG files in `<output stem>_files/` beside it (embedded when
    the page goes to stdout)."""
    from shiryo.pipeline.editions import EditionIndex
    from shiryo.pipeline.review_page import render_review_html

    index = EditionIndex(out)
    known: dict[str, dict[str, dict]] = {}

    def lookup(doc: str, sha: str) -> dict | None:
        if doc not in known:
            try:
                known[doc] = {e["sha256"]: e for e in index.editions(doc)}
            except Exception:  # an id that names no editions file
                known[doc] = {}
        return known[doc].get(sha)

    assets = output.with_name(output.stem + "_files") if output else None
    return render_review_html(entries, index.store, assets, lookup, title)


def register(app: typer.Typer) -> None:
    app.command()(runs)
    app.command()(editions)
    app.command()(diff)
