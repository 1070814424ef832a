"""`shiryo tables` and `shiryo kpis`: a run's tables and KPI values as files analysts open."""
from __future__ import annotations

import csv
import io
import sys
from enum import Enum
from pathlib import Path
from typing import Iterator, Optional

import typer

from shiryo.commands import check_store_root, store_option, usage


class TableFormat(str, Enum):
    csv = "csv"
    xlsx = "xlsx"
    parquet = "parquet"
    html = "html"
    md = "md"


class KpiFormat(str, Enum):
    csv = "csv"
    parquet = "parquet"


def _err():
    from shiryo.cli import err

    return err


def read_inputs(refs: list[str] | None, out: Path) -> Iterator[tuple[dict, int | None, str | None]]:
    """(record, edition, run) of every record of the runs (id or path; default latest) or JSONL files."""
    from shiryo.pipeline.batch import load_documents
    from shiryo.pipeline.runstore import RunStore, read_jsonl

    store = RunStore(out)
    for ref in refs or ["latest"]:
        if ref.endswith(".jsonl"):
            for record in read_jsonl(Path(ref)):
                yield record, None, None
            continue
        run = store.resolve(ref)
        documents = store.manifest(run)["documents"]
        for doc, records in load_documents(run, documents).items():
            edition = (documents.get(doc) or {}).get("edition")
            for record in records:
                yield record, edition, run.name


def tables(
    inputs: Optional[list[str]] = typer.Argument(None, help="runs (id or path) or JSONL files (default: the latest run)"),
    format: TableFormat = typer.Option(TableFormat.csv, "--format", "-f"),
    output: Path = typer.Option(..., "-o", "--output", help="folder to write into: one file per table, tables.csv (the list), tables.parquet (every cell)"),
    out: Path = store_option(),
):
    """Every table of a run as files (CSV, XLSX, Parquet, HTML, Markdown) in a folder.

    One file per table (merged cells filled, header rows first; unit, header rows and merges
    listed in tables.csv), plus tables.parquet with every cell in long form (doc, edition,
    table id, caption, page, row, col, header path, text, value, unit, fiscal year) for DuckDB
    or pandas."""
    from shiryo.pipeline.export import export_tables

    check_store_root(out)
    if output.is_file():
        usage(f"-o {output} is a file: give a folder for the tables")
    try:
        found = [(r, e, run) for r, e, run in read_inputs(inputs, out) if r.get("type") == "table"]
    except FileNotFoundError as exc:
        usage(str(exc))
    done = export_tables(found, output, format.value)
    _err().print(f"wrote {done['tables']} tables ({format.value}) and tables.parquet ({done['cells']} cells) to {output}", soft_wrap=True)


KPI_EXTRA = ("run", "edition")


def kpis(
    inputs: Optional[list[str]] = typer.Argument(None, help="runs (id or path) or JSONL files (default: the latest run)"),
    format: KpiFormat = typer.Option(KpiFormat.csv, "--format", "-f"),
    out: Path = store_option(),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="write here instead of stdout"),
):
    """Every KPI value (targets and actuals) as CSV or Parquet, one row per value.

    Each row names the run and edition it comes from.  Parquet (needs -o) has typed columns:
    integer fiscal_year, page and edition, double value; pandas and DuckDB read it."""
    from shiryo.pipeline.export import write_parquet
    from shiryo.pipeline.kpi import ROW_FIELDS, kpi_rows

    check_store_root(out)
    if format is KpiFormat.parquet and output is None:
        usage("--format parquet writes a binary file: give -o FILE")
    rows: list[dict] = []
    try:
        for record, edition, run in read_inputs(inputs, out):
            if record.get("type") == "kpi":
                rows.extend({**row, "run": run, "edition": edition} for row in kpi_rows([record]))
    except FileNotFoundError as exc:
        usage(str(exc))
    columns = (*KPI_EXTRA, *ROW_FIELDS)
    if format is KpiFormat.parquet:
        write_parquet(rows, columns, output)
        _err().print(f"wrote {output}: {len(rows)} values")
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    if output:
        output.write_text(buffer.getvalue(), encoding="utf-8")
        _err().print(f"wrote {output}: {len(rows)} values")
    else:
        sys.stdout.write(buffer.getvalue())


def register(app: typer.Typer) -> None:
    app.command()(tables)
    app.command()(kpis)
