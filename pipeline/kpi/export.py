"""Flat rows of kpi values for CSV and Parquet export."""
from __future__ import annotations

from typing import Iterable


ROW_FIELDS = ("doc", "kpi_id", "indicator", "series", "fiscal_year", "value", "unit", "kind", "text", "note", "target_kind", "source_table", "page")


def kpi_rows(records: Iterable[dict]) -> Iterable[dict]:
    """One flat row per value (actual or target) of every kpi record, for CSV export."""
    for r in records:
        if r.get("type") != "kpi":
            continue
        for kind, values in (("target", r.get("targets") or ([r["target"]] if r.get("target") else [])), ("actual", r.get("actuals") or [])):
            for v in values:
                yield {
                    "doc": r["doc"],
                    "kpi_id": r["id"],
                    "indicator": r["indicator"],
                    "series": v.get("label") or "",
                    "fiscal_year": v.get("fiscal_year"),
                    "value": v.get("value"),
                    "unit": v.get("unit") or "",
                    "kind": kind,
                    "text": v.get("text") or "",
                    "note": v.get("note") or "",
                    "target_kind": v.get("kind") or "" if kind == "target" else "",
                    "source_table": r.get("source_table") or "",
                    "page": r.get("page"),
                }
