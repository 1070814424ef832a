"""Tables as files analysts open (`shiryo tables`): one file per table record, and every cell
of every table in long form (`tables.parquet`).

Per table the grid is the one `pipeline/diff.table_rows` builds: a merged cell's text fills
every slot it covers (so each row reads on its own; the merges are listed in `tables.csv` and
shaded in .xlsx, spanned in .html).  The header rows stay the first rows (`th` / bold, frozen
in .xlsx; joined into one header line in .md; column names in .parquet).  `tables.csv` lists
every table: file, doc, edition, table id, caption, page, rows, cols, header rows, unit, merges.

Long form, one row per grid slot: doc, edition, run, table_id, caption, page, row, col,
header_path (the header rows' texts above the column), row_label, text, value and unit (the
cell's first quantity, in the normaliser's base unit), fiscal_year (the cell's own, else its
column header's, else its row label's).  Integer columns are written as nullable 32-bit integers
(DuckDB INTEGER) that pandas reads back as integers (`Int32`), not floats.
"""
from __future__ import annotations

import csv
import html
import re
from pathlib import Path

from shiryo.pipeline.diff import table_rows
from shiryo.pipeline.diff_report import md

FORMATS = ("csv", "xlsx", "parquet", "html", "md")
LONG_COLUMNS = ("doc", "edition", "run", "table_id", "caption", "page", "row", "col", "header_path", "row_label", "text", "value", "unit", "fiscal_year")
INDEX_COLUMNS = ("file", "doc", "edition", "run", "table_id", "caption", "page", "n_rows", "n_cols", "header_rows", "unit", "merged")
INTEGER_COLUMNS = {"edition", "page", "row", "col", "fiscal_year", "n_rows", "n_cols", "header_rows"}
FLOAT_COLUMNS = {"value"}


def header_rows(record: dict, rows: list[list[str]]) -> int:
    return min(int(record.get("header_rows") or 0), len(rows))


def merged_ranges(record: dict) -> list[tuple[int, int, int, int]]:
    """(row, col, rowspan, colspan) of every cell spanning more than one slot."""
    return [(c["row"], c["col"], c.get("rowspan", 1), c.get("colspan", 1)) for c in record.get("cells") or () if c.get("rowspan", 1) > 1 or c.get("colspan", 1) > 1]


def _cell_at(record: dict) -> dict[tuple[int, int], dict]:
    out = {}
    for c in record.get("cells") or ():
        for r in range(c["row"], c["row"] + c.get("rowspan", 1)):
            for k in range(c["col"], c["col"] + c.get("colspan", 1)):
                out[(r, k)] = c
    return out


def _first_year(cell: dict | None) -> int | None:
    for fy in (cell or {}).get("fiscal_years") or ():
        if isinstance(fy.get("start"), int):
            return fy["start"]
    return None


def long_rows(record: dict, edition: int | None = None, run: str | None = None) -> list[dict]:
    """Every slot of a table record as a long-form row (see the module docstring)."""
    rows = table_rows(record)
    n_header = header_rows(record, rows)
    at = _cell_at(record)
    caption = record.get("caption") if isinstance(record.get("caption"), str) else None
    out = []
    for r, row in enumerate(rows):
        for k, text in enumerate(row):
            cell = at.get((r, k))
            path: list[str] = []
            for h in range(n_header):
                t = (rows[h][k] or "").strip()
                if t and (not path or path[-1] != t):
                    path.append(t)
            quantity = next(iter((cell or {}).get("quantities") or ()), None) or {}
            year = _first_year(cell)
            if year is None and r >= n_header:
                year = next((y for y in (_first_year(at.get((h, k))) for h in range(n_header)) if y is not None), None) or _first_year(at.get((r, 0)))
            out.append({
                "doc": record.get("doc"), "edition": edition, "run": run, "table_id": record.get("id"), "caption": caption,
                "page": (cell or {}).get("page") or record.get("page"), "row": r, "col": k,
                "header_path": " › ".join(path), "row_label": row[0] if row else "", "text": text,
                "value": float(quantity["value"]) if isinstance(quantity.get("value"), (int, float)) else None,
                "unit": quantity.get("unit"), "fiscal_year": year,
            })
    return out


def _md_cell(text: str) -> str:
    # a cell's text is shown literally (no link, image or tag taken from a PDF); its own line
    # breaks stay visible as the one tag we write
    return "<br>".join(md(part) for part in text.split("\n"))


def _column_names(rows: list[list[str]], n_header: int) -> list[str]:
    names, seen = [], set()
    for k in range(len(rows[0]) if rows else 0):
        parts: list[str] = []
        for h in range(n_header):
            t = rows[h][k].strip()
            if t and (not parts or parts[-1] != t):
                parts.append(t)
        name = " › ".join(parts) or f"col{k + 1}"
        while name in seen:
            name += f"_{k + 1}"
        seen.add(name)
        names.append(name)
    return names


def write_table(record: dict, path: Path, fmt: str) -> None:
    """One table record as a file of format `fmt` (see FORMATS)."""
    rows = table_rows(record)
    n_header = header_rows(record, rows)
    if fmt == "csv":
        with open(path, "w", encoding="utf-8-sig", newline="") as f:  # the BOM lets Excel read UTF-8
            csv.writer(f).writerows(rows)
    elif fmt == "xlsx":
        _write_xlsx(record, rows, n_header, path)
    elif fmt == "parquet":
        import pyarrow as pa
        import pyarrow.parquet as pq

        names = _column_names(rows, n_header)
        body = rows[n_header:]
        pq.write_table(pa.table({name: [r[k] for r in body] for k, name in enumerate(names)}), path)
    elif fmt == "html":
        path.write_text(_table_html(record, rows, n_header), encoding="utf-8")
    elif fmt == "md":
        names = _column_names(rows, n_header)
        lines = ["| " + " | ".join(_md_cell(n) for n in names) + " |", "|" + "---|" * len(names)]
        lines += ["| " + " | ".join(_md_cell(t) for t in r) + " |" for r in rows[n_header:]]
        unit = (record.get("unit") or {}).get("text") if isinstance(record.get("unit"), dict) else None
        head = [f"**{md(record['caption'])}**", ""] if isinstance(record.get("caption"), str) and record["caption"] else []
        path.write_text("\n".join(head + lines + (["", md(unit)] if unit else [])) + "\n", encoding="utf-8")
    else:
        raise ValueError(f"unknown table format {fmt!r} (one of {', '.join(FORMATS)})")


def _write_xlsx(record: dict, rows: list[list[str]], n_header: int, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "table"
    for row in rows:
        ws.append(row)
    bold, shade = Font(bold=True), PatternFill("solid", fgColor="EEEEEE")
    for r in range(1, n_header + 1):
        for c in ws[r]:
            c.font = bold
    for row, col, rowspan, colspan in merged_ranges(record):  # merged: every slot holds the text, shaded
        for r in range(row, row + rowspan):
            for k in range(col, col + colspan):
                if r < len(rows) and k < len(rows[0]):
                    ws.cell(r + 1, k + 1).fill = shade
    if n_header:
        ws.freeze_panes = ws.cell(n_header + 1, 1)
    meta = wb.create_sheet("about")
    unit = record.get("unit") if isinstance(record.get("unit"), dict) else {}
    for key, value in (("doc", record.get("doc")), ("table_id", record.get("id")), ("caption", record.get("caption")), ("page", record.get("page")),
                       ("header_rows", n_header), ("unit", unit.get("text")), ("unit_multiplier", unit.get("multiplier")),
                       ("merged (row, col, rowspan, colspan; 0-based)", "; ".join(map(str, merged_ranges(record))))):
        meta.append([key, value if isinstance(value, (int, float)) or value is None else str(value)])
    wb.save(path)


def _table_html(record: dict, rows: list[list[str]], n_header: int) -> str:
    esc = html.escape
    at = {(c["row"], c["col"]): c for c in record.get("cells") or ()}
    covered = {(r, k) for c in at.values() for r in range(c["row"], c["row"] + c.get("rowspan", 1)) for k in range(c["col"], c["col"] + c.get("colspan", 1)) if (r, k) != (c["row"], c["col"])}
    out = ["<!doctype html><meta charset='utf-8'><table border='1'>"]
    if isinstance(record.get("caption"), str) and record["caption"]:
        out.append(f"<caption>{esc(record['caption'])}</caption>")
    for r, row in enumerate(rows):
        tag = "th" if r < n_header else "td"
        out.append("<tr>")
        for k, text in enumerate(row):
            if (r, k) in covered:
                continue
            c = at.get((r, k), {})
            span = "".join(f" {a}='{c[a]}'" for a in ("rowspan", "colspan") if c.get(a, 1) > 1)
            out.append(f"<{tag}{span}>{esc(text)}</{tag}>")
        out.append("</tr>")
    out.append("</table>\n")
    return "".join(out)


def _slug(text: str) -> str:
    return re.sub(r"[^\w.-]+", "_", text).strip("_")[:80] or "doc"


def export_tables(tables: list[tuple[dict, int | None, str | None]], out_dir: Path, fmt: str) -> dict:
    """Write each (table record, edition, run) as a file in `out_dir`, plus `tables.csv` (the index)
    and `tables.parquet` (every cell, long form).  Returns {tables, cells, files}."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown table format {fmt!r} (one of {', '.join(FORMATS)})")
    out_dir.mkdir(parents=True, exist_ok=True)
    index, cells, counters = [], [], {}
    for record, edition, run in tables:
        stem = _slug(record.get("doc") or "doc") + (f"_e{edition}" if edition else "")
        counters[stem] = counters.get(stem, 0) + 1
        name = f"{stem}_t{counters[stem]:03d}_p{record.get('page') or 0}.{fmt}"
        write_table(record, out_dir / name, fmt)
        rows = table_rows(record)
        unit = record.get("unit") if isinstance(record.get("unit"), dict) else {}
        index.append({
            "file": name, "doc": record.get("doc"), "edition": edition, "run": run, "table_id": record.get("id"),
            "caption": record.get("caption") if isinstance(record.get("caption"), str) else None, "page": record.get("page"),
            "n_rows": len(rows), "n_cols": len(rows[0]) if rows else 0, "header_rows": header_rows(record, rows),
            "unit": unit.get("text"), "merged": "; ".join(map(str, merged_ranges(record))),
        })
        cells.extend(long_rows(record, edition, run))
    with open(out_dir / "tables.csv", "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=INDEX_COLUMNS)
        writer.writeheader()
        writer.writerows(index)
    write_parquet(cells, LONG_COLUMNS, out_dir / "tables.parquet")
    return {"tables": len(index), "cells": len(cells), "files": [row["file"] for row in index]}


def write_parquet(rows: list[dict], columns, path: Path) -> None:
    """Rows as Parquet with typed columns: integers (INTEGER_COLUMNS: nullable INT32, read back by
    pandas as Int32), doubles (FLOAT_COLUMNS), text for the rest; loads in DuckDB and pandas."""
    import pandas as pd

    def blank(v) -> bool:
        return v is None or v == "" or (isinstance(v, float) and v != v)

    data = {}
    for c in columns:
        values = [row.get(c) for row in rows]
        if c in INTEGER_COLUMNS:
            data[c] = pd.array([None if blank(v) else int(v) for v in values], dtype="Int32")
        elif c in FLOAT_COLUMNS:
            data[c] = pd.array([float("nan") if blank(v) else float(v) for v in values], dtype="float64")
        else:
            data[c] = pd.array([None if v is None else str(v) for v in values], dtype="string")
    pd.DataFrame(data, columns=list(columns)).to_parquet(path, index=False, engine="pyarrow")
