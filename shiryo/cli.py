"""The `shiryo` command line (contract: ../shared/CONTRACT.md).

Exit status: 0 success; 1 finished but some documents failed; 2 usage error.
"""
from __future__ import annotations

import gc
import json
import sys
from contextlib import contextmanager
from enum import Enum
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Japanese government PDFs → structured JSONL records, with edition diffs.")
err = Console(stderr=True)


class KpiFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"


class DiffFormat(str, Enum):
    text = "text"
    json = "json"
    md = "md"
    html = "html"


def _usage(message: str) -> None:
    # one line, whatever the terminal's width; the message may hold user text such as an id
    # with brackets, which must not be read as rich markup
    err.print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
    raise typer.Exit(2)


def _print_summary(result: dict) -> None:
    m = result["manifest"]
    c = m["counts"]
    table = Table(title=f"shiryo run {m['run']}", show_header=True)
    for col in ("document", "status", "pages", "records", "seconds"):
        table.add_column(col)
    for doc, e in m["documents"].items():
        status = "[green]ok[/green]" + (" (reused)" if e.get("reused") else "") if e["status"] == "ok" else f"[red]{e.get('error')}[/red] {e.get('message', '')[:60]}"
        table.add_row(doc, status, str(e.get("n_pages", "")), str(e.get("n_records", "")), str(e.get("seconds", "")))
    console = Console()
    console.print(table)
    new = [f"{doc} #{e['edition']}" + (f" (改訂 {e['revised']})" if e.get("revised") else "") for doc, e in m["documents"].items() if e.get("new_edition")]
    if new:
        console.print("new editions: " + ", ".join(new))
    console.print(f"documents: {c['documents']} ({c['failed']} failed, {c['reused']} reused)   pages: {c['pages']}   records: {c['records']}")
    console.print("records by type: " + ", ".join(f"{k} {v}" for k, v in c["records_by_type"].items()))
    console.print("diff against previous run: " + ", ".join(f"{k} {v}" for k, v in c["diff"].items()) + (f"  (previous: {m['previous_run']})" if m.get("previous_run") else "  (first run)"))
    console.print(f"errors: {c['errors']}   output: {result['run']}  (latest → {Path(result['run']).name})")


def _run_flow(dask_address: str | None = None, **kwargs) -> dict:
    from shiryo.flows.run import PrefectUnavailable, run_flow

    try:
        with err.status("running the shiryo flow (Prefect)…"):
            return run_flow(dask_address, **kwargs)
    except PrefectUnavailable as exc:
        _usage(str(exc))
        raise  # not reached: _usage exits


@contextmanager
def _cyclic_gc_paused():
    """For one document's extraction, which builds millions of long-lived objects (page
    models, records, cells) and leaves few cycles: the cyclic collector would walk them
    over and over (0.8 s of main-process time on the 612-page budget book) to free a few
    hundred objects.  Afterwards everything alive is frozen (exempt from collection, still
    freed by reference counting): else the first collection after it and the ones at
    interpreter exit would walk it all once more (exit 0.24 -> 0.05 s)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


def _set_workers(workers: int | None) -> None:
    if workers is not None:
        import os

        from shiryo.parsers.isolation import set_workers

        os.environ["SHIRYO_WORKERS"] = str(workers)  # for processes started from here (Dask workers)
        set_workers(workers)


WORKERS_HELP = "page worker processes (default: the number of cores, or $SHIRYO_WORKERS)"
DASK_HELP = "run the document tasks on this Dask scheduler (tcp://host:8786, or 'local'); default $SHIRYO_DASK_ADDRESS, else threads here"


@app.command()
def run(
    sources: str = typer.Argument("sources.yaml", help="sources.yaml, a folder of PDFs, or one PDF"),
    out: Path = typer.Option(Path("out"), help="run store root"),
    force: bool = typer.Option(False, help="re-extract even unchanged documents"),
    password: Optional[str] = typer.Option(None, help="password for encrypted PDFs"),
    workers: Optional[int] = typer.Option(None, min=1, help=WORKERS_HELP),
    dask_address: Optional[str] = typer.Option(None, "--dask-address", help=DASK_HELP),
):
    """Process every document through the Prefect flow into a new run, diffed against the previous run."""
    from shiryo.pipeline.sources import SourceError, load_sources

    try:
        load_sources(sources)
    except SourceError as exc:
        _usage(str(exc))
    _set_workers(workers)
    result = _run_flow(dask_address, sources=sources, out=str(out), force=force, password=password)
    _print_summary(result)
    raise typer.Exit(1 if result["manifest"]["counts"]["failed"] else 0)


@app.command()
def reprocess(
    doc: str = typer.Argument(..., help="document id (from the latest run) or a PDF path"),
    edition: Optional[str] = typer.Option(None, help="a past edition from the store: its number (1 = first seen, -1 = latest) or sha256 prefix"),
    out: Path = typer.Option(Path("out"), help="run store root"),
    password: Optional[str] = typer.Option(None, help="password for encrypted PDFs"),
    workers: Optional[int] = typer.Option(None, min=1, help=WORKERS_HELP),
    dask_address: Optional[str] = typer.Option(None, "--dask-address", help=DASK_HELP),
):
    """Process one document again (others are carried over) and diff it against its last output.

    With --edition, the given edition's PDF is taken from the store (out/store/<sha256>.pdf)."""
    from shiryo.pipeline.editions import EditionIndex
    from shiryo.pipeline.runstore import RunStore
    from shiryo.pipeline.sources import Source, SourceError, validate_id

    store = RunStore(out)
    latest = store.latest()
    sources: list[Source] = []
    if latest is not None:
        for doc_id, e in store.manifest(latest)["documents"].items():
            src = e.get("source") or ""
            is_url = src.startswith(("http://", "https://"))
            sources.append(Source(id=doc_id, path=None if is_url else Path(src), url=src if is_url else None, title=e.get("title"), kind=e.get("kind")))
    target = doc
    if doc.lower().endswith(".pdf"):
        path = Path(doc)
        if not path.is_file():
            _usage(f"no such PDF: {doc}")
        try:
            target = validate_id(path.stem)
        except SourceError as exc:
            _usage(str(exc))
        sources = [s for s in sources if s.id != target] + [Source(id=target, path=path)]
    elif edition is None and not any(s.id == doc for s in sources):
        _usage(f"no document {doc!r} in the latest run under {out}; give its PDF path instead")
    if edition is not None:
        editions = EditionIndex(out)
        try:
            chosen = editions.find(target, edition)
        except SourceError as exc:
            _usage(str(exc))
        pdf = editions.pdf(chosen["sha256"])
        if not pdf.is_file():
            _usage(f"{target}: edition {chosen['n']} ({chosen['sha256'][:12]}) is not in {editions.store}")
        known = next((s for s in sources if s.id == target), None)
        stored = Source(id=target, path=pdf, title=known.title if known else None, kind=known.kind if known else None, origin=known.where if known else None)
        sources = [s for s in sources if s.id != target] + [stored]
        err.print(f"{target}: edition {chosen['n']} ({chosen['sha256'][:12]}, first seen {chosen['first_seen'][:10]}) from {pdf}")
    _set_workers(workers)
    result = _run_flow(dask_address, sources="", extra_sources=sources, out=str(out), only=[target], password=password)
    _print_summary(result)
    from shiryo.pipeline.diff_report import render_text
    from shiryo.pipeline.runstore import read_jsonl

    entries = [e for e in read_jsonl(Path(result["run"]) / "diff.jsonl") if e["doc"] == target]
    Console().print(render_text(entries), markup=False)
    raise typer.Exit(1 if result["manifest"]["documents"][target]["status"] != "ok" else 0)


@app.command()
def editions(
    doc: str = typer.Argument(..., help="document id"),
    out: Path = typer.Option(Path("out"), help="run store root"),
):
    """List a document's editions: number, sha256, first seen, 改訂 date, pages, source."""
    from shiryo.pipeline.editions import EditionIndex
    from shiryo.pipeline.sources import SourceError

    index = EditionIndex(out)
    try:
        listed = index.editions(doc)
    except SourceError as exc:
        _usage(str(exc))
    if not listed:
        _usage(f"no editions of {doc!r} under {index.dir}")
    table = Table(title=f"{doc}: {len(listed)} editions", show_header=True)
    for col in ("n", "sha256", "first seen", "revised", "pages", "source"):
        table.add_column(col)
    for e in listed:
        table.add_row(str(e["n"]), e["sha256"][:12], e["first_seen"][:19], e.get("revised") or "", str(e.get("n_pages") or ""), str(e.get("source") or ""))
    Console(width=200).print(table)


@app.command()
def diff(
    old: Optional[str] = typer.Argument(None, help="old run id/path or JSONL file (default: the run before latest)"),
    new: Optional[str] = typer.Argument(None, help="new run id/path or JSONL file (default: latest)"),
    format: DiffFormat = typer.Option(DiffFormat.text, "--format", "-f"),
    out: Path = typer.Option(Path("out"), help="run store root"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write here instead of stdout"),
):
    """Show the diff of the latest run (each document against its previous edition), or of
    two runs / two JSONL files.  `--format html` writes the review page: before/after with
    the changed characters and cells marked, and page crops from the editions' PDFs in OUT/store."""
    from shiryo.pipeline.batch import load_documents
    from shiryo.pipeline.diff import diff_documents, diff_records
    from shiryo.pipeline.diff_report import RENDERERS
    from shiryo.pipeline.runstore import RunStore, read_jsonl

    store = RunStore(out)
    if (old is None) != (new is None):
        _usage("give both OLD and NEW, or neither")
    try:
        if old is None:
            new_run = store.resolve("latest")
            entries = read_jsonl(new_run / "diff.jsonl")
        elif old.endswith(".jsonl") and new.endswith(".jsonl"):
            entries = diff_records(read_jsonl(Path(old)), read_jsonl(Path(new)))
        else:
            old_run, new_run = store.resolve(old), store.resolve(new)
            docs = lambda run: load_documents(run, store.manifest(run)["documents"])  # noqa: E731
            entries = diff_documents(docs(old_run), docs(new_run))
    except FileNotFoundError as exc:
        _usage(str(exc))
    text = RENDERERS[format.value](entries, store.root / "store") if format is DiffFormat.html else RENDERERS[format.value](entries)
    if output:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}")
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")


@app.command()
def kpis(
    inputs: Optional[list[str]] = typer.Argument(None, help="runs (id or path) or JSONL files (default: the latest run)"),
    format: KpiFormat = typer.Option(KpiFormat.csv, "--format", "-f"),
    out: Path = typer.Option(Path("out"), help="run store root"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write here instead of stdout"),
):
    """Every KPI value (targets and actuals) of a run as a table: one row per value, as UTF-8 CSV
    or Parquet (written by DuckDB, typed columns; needs -o)."""
    import csv
    import io

    from shiryo.pipeline.batch import load_documents
    from shiryo.pipeline.kpi import ROW_FIELDS, kpi_rows
    from shiryo.pipeline.runstore import RunStore, read_jsonl

    if format is KpiFormat.parquet and output is None:
        _usage("--format parquet writes a binary file: give -o FILE")
    store = RunStore(out)
    records: list[dict] = []
    try:
        for ref in inputs or ["latest"]:
            if ref.endswith(".jsonl"):
                records.extend(read_jsonl(Path(ref)))
            else:
                run = store.resolve(ref)
                for doc_records in load_documents(run, store.manifest(run)["documents"]).values():
                    records.extend(doc_records)
    except FileNotFoundError as exc:
        _usage(str(exc))
    rows = list(kpi_rows(records))
    if format is KpiFormat.parquet:
        from shiryo.pipeline.kpi import write_parquet

        write_parquet(rows, output)
        err.print(f"wrote {output}: {len(rows)} values")
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ROW_FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    n = len(rows)
    if output:
        output.write_text(buffer.getvalue(), encoding="utf-8")
        err.print(f"wrote {output}: {n} values")
    else:
        sys.stdout.write(buffer.getvalue())


@app.command()
def extract(
    pdf: Path = typer.Argument(..., help="the PDF"),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="JSONL file (default: stdout)"),
    doc_id: Optional[str] = typer.Option(None, "--id", help="document id (default: the file stem)"),
    password: Optional[str] = typer.Option(None, help="password for encrypted PDFs"),
    errors: Optional[Path] = typer.Option(None, help="also write per-page error records here"),
    debug_png: Optional[Path] = typer.Option(None, "--debug-png", help="also render every page with record boxes, types and order into this folder"),
    workers: Optional[int] = typer.Option(None, min=1, help=WORKERS_HELP),
):
    """Extract one PDF to JSONL — no run store, no Prefect server."""
    if not pdf.is_file():
        _usage(f"no such file: {pdf}")
    _set_workers(workers)
    from shiryo.parsers.isolation import start_workers

    start_workers()  # the page workers start up while this process imports the pipeline
    from shiryo.pipeline.extraction import DocumentError, extract_document

    with _cyclic_gc_paused(), Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), console=err, transient=True) as progress:
        task = progress.add_task(f"extracting {pdf.name}", total=None)

        def on_pages(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        try:
            result = extract_document(pdf, doc_id=doc_id, password=password, on_page=on_pages)
        except DocumentError as exc:
            err.print(f"[red]{exc.doc}: {exc.kind}:[/red] {exc.message}")
            if errors:
                errors.write_text(json.dumps({"doc": exc.doc, "page": 0, "kind": exc.kind, "message": exc.message}, ensure_ascii=False) + "\n", encoding="utf-8")
            raise typer.Exit(1)
    lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in result.records)
    if output:
        output.write_text(lines, encoding="utf-8")
    else:
        sys.stdout.write(lines)
    for e in result.errors:
        err.print(f"[yellow]{e['doc']} page {e['page']}: {e['kind']}:[/yellow] {e['message']}")
    if errors:
        errors.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in result.errors), encoding="utf-8")
    if debug_png:
        from shiryo.parsers.worker import Worker

        # rendering is native PDF work: it runs in a worker process like the extraction
        with Worker() as worker:
            pngs = worker.call("shiryo.parsers.debug_view:render_debug_pages", str(pdf), result.records, str(debug_png), 1.5, result.set_aside)
        err.print(f"debug view: {len(pngs)} pages in {debug_png}")
    err.print(f"{pdf.name}: {result.n_pages} pages, {len(result.records)} records, {len(result.errors)} page errors")


@app.command()
def outline(
    pdf: Path = typer.Argument(..., help="the PDF"),
    password: Optional[str] = typer.Option(None, help="password for encrypted PDFs"),
):
    """Print a PDF's heading tree (each heading indented by its section depth, with its page)."""
    if not pdf.is_file():
        _usage(f"no such file: {pdf}")
    from shiryo.pipeline.extraction import DocumentError, extract_document
    from shiryo.pipeline.outline import format_tree, heading_tree

    try:
        result = extract_document(pdf, password=password)
    except DocumentError as exc:
        err.print(f"[red]{exc.doc}: {exc.kind}:[/red] {exc.message}")
        raise typer.Exit(1)
    title = next((r.get("title") for r in result.records if r["type"] == "document"), None)
    sys.stdout.write(format_tree(heading_tree(result.records), title or pdf.name))


@app.command()
def normalize(
    jsonl: bool = typer.Option(False, "--jsonl", help="read JSON lines {\"text\": …} on stdin, write one result per line"),
    fiscal_year: Optional[int] = typer.Option(None, help="the document's own fiscal year, to resolve 前年度/今年度/翌年度"),
):
    """Normalise text: norm, fiscal_years, dates, quantities."""
    from shiryo.pipeline.normalize import analyze

    if not jsonl:
        _usage("only --jsonl input is supported: echo '{\"text\": \"令和７年度\"}' | shiryo normalize --jsonl")
    for n, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            text = obj["text"]
            if not isinstance(text, str):
                raise TypeError("text must be a string")
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            err.print(f"[red]line {n}:[/red] expected {{\"text\": string}} ({exc})")
            raise typer.Exit(2)
        sys.stdout.write(json.dumps(analyze(text, doc_fiscal_year=fiscal_year), ensure_ascii=False) + "\n")
        sys.stdout.flush()


@app.command()
def serve(
    sources: str = typer.Argument("sources.yaml", help="sources.yaml or a folder of PDFs to watch"),
    out: Path = typer.Option(Path("out")),
    interval: Optional[float] = typer.Option(None, help="run every N seconds"),
    cron: Optional[str] = typer.Option(None, help="run on a cron schedule, e.g. '0 6 * * *'"),
):
    """Run the flow on a schedule (cron or interval); each run processes new or changed documents."""
    from shiryo.flows.serve import serve as serve_flow

    if (interval is None) == (cron is None):
        _usage("give exactly one of --interval SECONDS or --cron EXPR")
    serve_flow(sources, str(out), interval=interval, cron=cron)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
