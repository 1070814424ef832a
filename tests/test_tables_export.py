"""`shiryo tables`: every table of a real run as files, read back equal to its grid, and the
long form (`tables.parquet`) in DuckDB and pandas; `shiryo kpis` names run and edition."""
import csv
import re
import shutil

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES
from store_runs import plain_run
from shiryo.cli import app
from shiryo.pipeline.diff import table_rows
from shiryo.pipeline.diff_report import md as md_text
from shiryo.pipeline.export import write_table
from shiryo.pipeline.runstore import RunStore, read_jsonl

TABLE_PDFS = [FIXTURES / "tables" / "budget_excel.pdf", FIXTURES / "tables" / "jizen_bunseki_word.pdf", FIXTURES / "tables" / "kpi_excel.pdf", FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf"]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("tables")
    docs, out = tmp / "docs", tmp / "out"
    docs.mkdir()
    for pdf in TABLE_PDFS:
        shutil.copy(pdf, docs / pdf.name)
    manifest = plain_run(docs, out)
    store = RunStore(out)
    run_dir = store.resolve(manifest["run"])
    tables = [r for doc in manifest["documents"] for r in read_jsonl(run_dir / f"{doc}.jsonl") if r["type"] == "table"]
    assert len(tables) >= 4
    return out, manifest, tables


def _export(out, fmt, target, *inputs):
    done = CliRunner().invoke(app, ["tables", *inputs, "--format", fmt, "-o", str(target), "--out", str(out)])
    assert done.exit_code == 0, done.output
    return {row["table_id"]: row for row in csv.DictReader(open(target / "tables.csv", encoding="utf-8-sig"))}


def test_every_table_round_trips_through_csv_and_xlsx(run, tmp_path):
    from openpyxl import load_workbook

    out, manifest, tables = run
    as_csv = _export(out, "csv", tmp_path / "csv")  # default: the latest run
    as_xlsx = _export(out, "xlsx", tmp_path / "xlsx", manifest["run"])
    assert set(as_csv) == set(as_xlsx) == {t["id"] for t in tables}
    for table in tables:
        grid = table_rows(table)
        with open(tmp_path / "csv" / as_csv[table["id"]]["file"], encoding="utf-8-sig", newline="") as f:
            assert list(csv.reader(f)) == grid, table["id"]
        sheet = load_workbook(tmp_path / "xlsx" / as_xlsx[table["id"]]["file"])["table"]
        assert [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)] == grid, table["id"]
        listed = as_csv[table["id"]]
        assert (int(listed["n_rows"]), int(listed["n_cols"]), int(listed["header_rows"])) == (len(grid), len(grid[0]), table.get("header_rows") or 0)
        assert listed["edition"] == "1" and listed["run"] == manifest["run"]
        if table.get("unit"):
            assert listed["unit"] == table["unit"]["text"]
        if any(c.get("rowspan", 1) > 1 or c.get("colspan", 1) > 1 for c in table["cells"]):
            assert listed["merged"]


def test_long_form_loads_into_duckdb_and_pandas(run, tmp_path):
    import duckdb
    import pandas

    out, manifest, tables = run
    _export(out, "md", tmp_path / "md")
    parquet = tmp_path / "md" / "tables.parquet"
    frame = pandas.read_parquet(parquet)
    assert len(frame) == sum(len(g) * len(g[0]) for g in map(table_rows, tables))
    assert str(frame["fiscal_year"].dtype) == "Int32" and str(frame["row"].dtype) == "Int32" and str(frame["value"].dtype) == "float64"
    # a cell with a quantity: its value and unit as the record has them, its column's header path
    table = next(t for t in tables if any(c.get("quantities") for c in t["cells"]) and t.get("header_rows"))
    cell = next(c for c in table["cells"] if c.get("quantities") and c["row"] >= table["header_rows"])
    row = frame[(frame["table_id"] == table["id"]) & (frame["row"] == cell["row"]) & (frame["col"] == cell["col"])].iloc[0]
    assert row["text"] == cell["text"] and row["value"] == pytest.approx(cell["quantities"][0]["value"]) and row["unit"] == cell["quantities"][0]["unit"]
    header = table_rows(table)[0][cell["col"]]
    assert row["header_path"].startswith(header.strip()) and row["edition"] == 1 and row["doc"] == table["doc"]
    con = duckdb.connect()
    typed = dict(con.execute(f"select column_name, column_type from (describe select * from read_parquet('{parquet}'))").fetchall())
    assert typed["fiscal_year"] == "INTEGER" and typed["value"] == "DOUBLE" and typed["text"] == "VARCHAR"
    years = con.execute(f"select count(*) from read_parquet('{parquet}') where fiscal_year is not null").fetchone()[0]
    assert years > 0  # year headers (令和6年度 …) give their columns a fiscal year
    # the markdown files keep the header as the table's header line
    md = (tmp_path / "md" / _export(out, "md", tmp_path / "md")[table["id"]]["file"]).read_text(encoding="utf-8")
    assert md.splitlines()[2 if table.get("caption") else 0].startswith("| " + md_text(table_rows(table)[0][0].strip()))


def test_html_and_parquet_per_table_keep_merges_and_headers(run, tmp_path):
    import pandas

    out, manifest, tables = run
    listed = _export(out, "html", tmp_path / "html")
    merged = next(t for t in tables if any(c.get("colspan", 1) > 1 or c.get("rowspan", 1) > 1 for c in t["cells"]))
    html = (tmp_path / "html" / listed[merged["id"]]["file"]).read_text(encoding="utf-8")
    assert "colspan=" in html or "rowspan=" in html
    listed = _export(out, "parquet", tmp_path / "pq")
    for table in tables:
        frame = pandas.read_parquet(tmp_path / "pq" / listed[table["id"]]["file"])
        grid = table_rows(table)
        assert frame.shape == (len(grid) - (table.get("header_rows") or 0), len(grid[0]))


def test_tables_needs_a_folder_and_kpis_name_run_and_edition(run, tmp_path):
    import pandas

    out, manifest, _ = run
    (tmp_path / "file.csv").write_text("x")
    assert CliRunner().invoke(app, ["tables", "-o", str(tmp_path / "file.csv"), "--out", str(out)]).exit_code == 2
    parquet = tmp_path / "kpis.parquet"
    done = CliRunner().invoke(app, ["kpis", manifest["run"], "--format", "parquet", "-o", str(parquet), "--out", str(out)])
    assert done.exit_code == 0, done.output
    frame = pandas.read_parquet(parquet)
    assert len(frame) > 0 and set(frame["run"]) == {manifest["run"]} and set(frame["edition"]) == {1}
    assert str(frame["fiscal_year"].dtype) == "Int32"


def test_markdown_shows_pdf_text_literally(tmp_path):
    # a PDF's cell text, caption and unit are data: no link, image, tag or emphasis of theirs survives
    record = {"id": "t1", "caption": "表1 <b>[x](http://a)</b>", "unit": {"text": "単位：*千円*"}, "header_rows": 1,
              "cells": [{"row": 0, "col": 0, "text": "区分"}, {"row": 0, "col": 1, "text": "金額"},
                        {"row": 1, "col": 0, "text": "![img](http://h/x.png)"}, {"row": 1, "col": 1, "text": "1|2\n<script>"}]}
    write_table(record, tmp_path / "t.md", "md")
    text = (tmp_path / "t.md").read_text(encoding="utf-8")
    assert "<b>" not in text and "<script>" not in text and "*千円*" not in text
    assert not re.search(r"(?<!\\)\]\(", text)  # no link or image syntax: every `](` is escaped
    assert "1\\|2<br>&lt;script&gt;" in text and "\\[x\\](http://a)" in text
