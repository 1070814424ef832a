"""The output contract (../shared/CONTRACT.md) as checks: every field's presence and type.

`problems(record)` lists what is wrong with one record; an empty list means it conforms.
"""
from __future__ import annotations

import regex

from shiryo.pipeline.records import RECORD_TYPES

_NUM = (int, float)
_ISO = regex.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _is_bbox(v) -> bool:
    return isinstance(v, list) and len(v) == 4 and all(isinstance(x, _NUM) for x in v)


def _check(cond: bool, msg: str, out: list[str]) -> None:
    if not cond:
        out.append(msg)


def problems(record: dict) -> list[str]:
    out: list[str] = []
    c = lambda cond, msg: _check(cond, msg, out)  # noqa: E731
    c(isinstance(record.get("id"), str) and record["id"] != "", "id: non-empty string")
    c(record.get("type") in RECORD_TYPES, f"type: one of {RECORD_TYPES}")
    c(isinstance(record.get("doc"), str) and record["doc"] != "", "doc: non-empty string")
    c(isinstance(record.get("version"), str) and bool(regex.fullmatch(r"[0-9a-f]{64}", record.get("version") or "")), "version: sha256 hex")
    c(isinstance(record.get("page"), int) and record["page"] >= 1, "page: int >= 1")
    if "pages" in record:
        c(isinstance(record["pages"], list) and all(isinstance(p, int) and p >= 1 for p in record["pages"]), "pages: list of int")
        c(record.get("page") in record.get("pages", []), "pages: includes page")
    c(_is_bbox(record.get("bbox")), "bbox: [x0, y0, x1, y1] numbers")
    c(isinstance(record.get("section"), list) and all(isinstance(s, str) for s in record.get("section", [None])), "section: list of str")
    c(isinstance(record.get("text"), str), "text: str")
    c(isinstance(record.get("norm"), str), "norm: str")
    fys = record.get("fiscal_years")
    c(isinstance(fys, list), "fiscal_years: list")
    for fy in fys or []:
        c(isinstance(fy, dict) and isinstance(fy.get("text"), str), "fiscal_years[].text: str")
        c(isinstance(fy, dict) and all(fy.get(k) is None or isinstance(fy.get(k), int) for k in ("start", "end")), "fiscal_years[].start/end: int or null")
        c(isinstance(fy, dict) and "qualifier" in fy and (fy["qualifier"] is None or isinstance(fy["qualifier"], str)), "fiscal_years[].qualifier: str or null")
    dates = record.get("dates")
    c(isinstance(dates, list), "dates: list")
    for d in dates or []:
        c(isinstance(d, dict) and isinstance(d.get("text"), str) and bool(_ISO.match(str(d.get("value")))), "dates[]: {text, value ISO}")
    qs = record.get("quantities")
    c(isinstance(qs, list), "quantities: list")
    for q in qs or []:
        c(isinstance(q, dict) and isinstance(q.get("text"), str) and isinstance(q.get("value"), _NUM) and (q.get("unit") is None or isinstance(q.get("unit"), str)), "quantities[]: {text, value number, unit}")
    if record.get("type") == "table":
        for key in ("n_rows", "n_cols", "header_rows"):
            c(isinstance(record.get(key), int) and record[key] >= 0, f"{key}: int >= 0")
        c(record.get("caption") is None or isinstance(record.get("caption"), str), "caption: str or null")
        cells = record.get("cells")
        c(isinstance(cells, list) and len(cells) > 0, "cells: non-empty list")
        for cell in cells or []:
            ok = (
                isinstance(cell, dict)
                and all(isinstance(cell.get(k), int) for k in ("row", "col", "rowspan", "colspan", "page"))
                and isinstance(cell.get("text"), str)
                and isinstance(cell.get("norm"), str)
                and _is_bbox(cell.get("bbox"))
                and 0 <= cell["row"] < record.get("n_rows", 0)
                and 0 <= cell["col"] < record.get("n_cols", 0)
                and cell["rowspan"] >= 1
                and cell["colspan"] >= 1
            )
            c(ok, "cells[]: {row, col, rowspan, colspan, text, norm, page, bbox} inside the grid")
    if record.get("type") == "kpi":
        c(isinstance(record.get("indicator"), str), "indicator: str")
        c(record.get("target") is None or isinstance(record.get("target"), dict), "target: object or null")
        c(isinstance(record.get("actuals"), list), "actuals: list")
        values = ([record["target"]] if isinstance(record.get("target"), dict) else []) + (record.get("actuals") if isinstance(record.get("actuals"), list) else [])
        for v in values:
            ok = (
                isinstance(v, dict)
                and (v.get("value") is None or isinstance(v.get("value"), _NUM))
                and (v.get("unit") is None or isinstance(v.get("unit"), str))
                and (v.get("fiscal_year") is None or isinstance(v.get("fiscal_year"), int))
                and isinstance(v.get("text"), str)
            )
            c(ok, "target/actuals[]: {value number or null, unit str or null, fiscal_year int or null, text}")
        c(record.get("source_table") is None or isinstance(record.get("source_table"), str), "source_table: str or null")
    return out
