"""The `shiryo` command line (contract: ../shared/CONTRACT.md).

Exit status: 0 success; 1 finished but some documents failed; 2 usage error.
"""
from __future__ import annotations

import gc
import json
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Japanese government PDFs → structured JSONL records, with edition diffs.")
err = Console(stderr=True)


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
    from shiryo.parsers.env_settings import EnvSettingError
    from shiryo.run_guard import interruptible

    try:
        with interruptible(kwargs.get("out", "out"), err), err.status("running the shiryo flow (Prefect)…"):
            return run_flow(dask_address, **kwargs)
    except (PrefectUnavailable, EnvSettingError) as exc:
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


def _allow_private_urls(allow: bool) -> None:
    if allow:
        import os

        from shiryo.pipeline.download_limits import ALLOW_PRIVATE_ENV

        os.environ[ALLOW_PRIVATE_ENV] = "1"  # read by fetch, also in Dask workers started from here


def _check_env_settings() -> None:
    """Time limits and caps set in the environment, checked before any work starts."""
    from shiryo.parsers.env_settings import EnvSettingError
    from shiryo.parsers.isolation import page_timeout
    from shiryo.pipeline.download_limits import DownloadLimits
    from shiryo.pipeline.document_bounds import document_limits

    try:
        page_timeout()
        DownloadLimits.from_env()
        document_limits()
    except EnvSettingError as exc:
        _usage(str(exc))


def _set_workers(workers: int | None) -> None:
    if workers is not None:
        import os

        from shiryo.parsers.isolation import set_workers

        os.environ["SHIRYO_WORKERS"] = str(workers)  # for processes started from here (Dask workers)
        set_workers(workers)


WORKERS_HELP = "page worker processes (default: the number of cores, or $SHIRYO_WORKERS)"
PRIVATE_HELP = "allow http:// URLs and hosts on loopback/private networks as sources (default $SHIRYO_ALLOW_PRIVATE_URLS)"
DASK_HELP = "run the document tasks on this Dask scheduler (tcp://host:8786, or 'local'); default $SHIRYO_DASK_ADDRESS, else threads here"


@app.command()
def run(
    sources: str = typer.Argument("sources.yaml", help="sources.yaml, a folder of PDFs, or one PDF"),
    out: Path = typer.Option(Path("out"), help="run store root"),
    force: bool = typer.Option(False, help="re-extract even unchanged documents"),
    password: Optional[str] = typer.Option(None, help="password for encrypted PDFs"),
    workers: Optional[int] = typer.Option(None, min=1, help=WORKERS_HELP),
    dask_address: Optional[str] = typer.Option(None, "--dask-address", help=DASK_HELP),
    allow_private_urls: bool = typer.Option(False, "--allow-private-urls", help=PRIVATE_HELP),
):
    """Process every document through the Prefect flow into a new run, diffed against the previous run."""
    from shiryo.pipeline.sources import SourceError, load_sources

    try:
        load_sources(sources)
    except SourceError as exc:
        _usage(str(exc))
    _check_env_settings()
    _allow_private_urls(allow_private_urls)
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
    allow_private_urls: bool = typer.Option(False, "--allow-private-urls", help=PRIVATE_HELP),
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
            try:
                validate_id(doc_id)
            except SourceError as exc:  # a run of an older version may hold an id now reserved
                err.print(f"skipped: {escape(str(exc))}", soft_wrap=True)
                continue
            src = e.get("source") or ""
            is_url = src.startswith(("http://", "https://"))
            path = None if is_url else Path(src)
            stored = EditionIndex(out).pdf(e["version"]) if e.get("version") else None
            if path is not None and not path.is_file() and stored is not None and stored.is_file():
                # a relative source of an older run, or a file since moved: its bytes are in the store
                sources.append(Source(id=doc_id, path=stored, title=e.get("title"), kind=e.get("kind"), origin=src))
                continue
            sources.append(Source(id=doc_id, path=path, url=src if is_url else None, title=e.get("title"), kind=e.get("kind"), allow_insecure=e.get("allow_insecure") is True))
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
        from shiryo.pipeline.runstore import stored_bytes_intact

        if not stored_bytes_intact(pdf, chosen["sha256"]):
            _usage(f"{pdf}: damaged (its bytes no longer match their sha256); run `shiryo doctor --repair`, then `shiryo run` to fetch it again")
        known = next((s for s in sources if s.id == target), None)
        stored = Source(id=target, path=pdf, title=known.title if known else None, kind=known.kind if known else None, origin=known.where if known else None)
        sources = [s for s in sources if s.id != target] + [stored]
        err.print(f"{target}: edition {chosen['n']} ({chosen['sha256'][:12]}, first seen {chosen['first_seen'][:10]}) from {pdf}")
    _check_env_settings()
    _allow_private_urls(allow_private_urls)
    _set_workers(workers)
    result = _run_flow(dask_address, sources="", extra_sources=sources, out=str(out), only=[target], password=password)
    _print_summary(result)
    from shiryo.pipeline.diff_report import render_text
    from shiryo.pipeline.runstore import read_jsonl

    entries = [e for e in read_jsonl(Path(result["run"]) / "diff.jsonl") if e["doc"] == target]
    Console().print(render_text(entries), markup=False)
    raise typer.Exit(1 if result["manifest"]["documents"][target]["status"] != "ok" else 0)


@app.command()
def doctor(
    out: Path = typer.Option(Path("out"), help="run store root"),
    repair: bool = typer.Option(False, "--repair", help="fix what can be fixed without losing data"),
    min_age: float = typer.Option(600.0, "--min-age", min=0, help="leave partial files and unreferenced PDFs younger than this (seconds): a live run may own them"),
):
    """Check the run store: latest, runs, editions vs runs vs store, leftovers of dead runs,
    unreferenced store PDFs.  Exit 0 when nothing is (left) wrong, 1 otherwise."""
    from shiryo.pipeline.doctor import doctor as check

    if not out.is_dir():
        _usage(f"no run store at {out}")
    findings = check(out, repair=repair, min_age=min_age)
    for finding in findings:
        Console(stderr=False, soft_wrap=True).print(finding.line(), markup=False)
    left = [f for f in findings if not f.repaired]
    err.print(f"{out}: {len(findings)} findings, {len(findings) - len(left)} repaired" if findings else f"{out}: consistent")
    raise typer.Exit(1 if left else 0)


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
    _check_env_settings()
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
            err.print(f"[red]{escape(exc.doc)}: {exc.kind}:[/red] {escape(exc.message)}", soft_wrap=True)
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
            pngs = worker.call("shiryo.parsers.debug_view:render_debug_pages", str(pdf), result.records, str(debug_png), 1.5, result.set_aside, None, password)
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
    out: Path = typer.Option(Path("out"), help="run store root"),
    interval: Optional[float] = typer.Option(None, help="run every N seconds"),
    cron: Optional[str] = typer.Option(None, help="run on a cron schedule, e.g. '0 6 * * *'"),
):
    """Run the flow on a schedule (cron or interval); each run processes new or changed documents."""
    from shiryo.flows.serve import serve as serve_flow
    from shiryo.pipeline.sources import SourceError, load_sources

    if (interval is None) == (cron is None):
        _usage("give exactly one of --interval SECONDS or --cron EXPR")
    try:
        load_sources(sources, watched=True)  # a broken sources file fails now, not at every run
    except SourceError as exc:
        _usage(str(exc))
    serve_flow(sources, str(out), interval=interval, cron=cron)


# runs, editions, diff (shiryo/commands/history.py); tables, kpis (shiryo/commands/tables.py)
from shiryo.commands import register as _register_commands  # noqa: E402

_register_commands(app)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
