"""Value-level detail of a changed kpi record, for the diff."""
from __future__ import annotations


KPI_REFERENCE_FIELDS = frozenset({"source_table", "sources"})


def _by_series_year(values: list[dict] | None) -> dict[tuple, dict]:
    """Value entries by (series label, fiscal year); the first wins."""
    out: dict[tuple, dict] = {}
    for v in values or []:
        out.setdefault((v.get("label"), v.get("fiscal_year")), v)
    return out


def kpi_value_changes(before: dict, after: dict) -> list[dict]:
    """What changed in a kpi record, value by value:
    `[{"kind": "actual"|"target", "label", "fiscal_year", "before", "after"}]` where before/after
    are the value entries (null when a value appeared or disappeared)."""
    changes = []
    for kind, field in (("actual", "actuals"), ("target", "targets")):
        old, new = _by_series_year(before.get(field)), _by_series_year(after.get(field))
        for key in list(old) + [k for k in new if k not in old]:
            a, b = old.get(key), new.get(key)
            if a is None or b is None or (a.get("value"), a.get("unit"), a.get("note"), a.get("text")) != (b.get("value"), b.get("unit"), b.get("note"), b.get("text")):
                changes.append({"kind": kind, "label": key[0], "fiscal_year": key[1], "before": a, "after": b})
    return changes
