"""Record-level diff between two editions (or two extractions) of a document.

Records are matched in three passes:

1. by stable id (the id hashes type, section and content, never the position):
   same id, different fields → `changed` (with the changed field names);
2. same type and the same content under another id (another section) → `moved`;
3. the rest, within the same type and section, by content similarity (a sentence
   with one figure changed is `changed`, not removed + added);

whatever is left is `removed` / `added`.  Where a record sits on the page (page,
pages, bbox) is not content: a page shift alone produces no diff records.

How two records of one type are compared can be specialised in TYPE_RULES: a
`similarity` for pass 3 and a `detail` that adds a sub-diff to a `changed` entry.
Tables use it to diff cell by cell, rows matched by their label cells, so an
inserted row is one `added` row in the table's `cells` sub-diff.
"""
from __future__ import annotations

import difflib
from collections import defaultdict
from dataclasses import dataclass
from typing import Callable

from shiryo.pipeline.ids import compact_text, content_key
from shiryo.pipeline.kpi import KPI_REFERENCE_FIELDS, kpi_value_changes

POSITION_FIELDS = frozenset({"id", "page", "pages", "bbox", "page_bboxes"})
# every record of a new edition carries the new sha256; the edition is named by
# `before.version` / `after.version` of each entry, not reported as a change
EDITION_FIELDS = frozenset({"version"})
SIMILAR = 0.6


def _compared_fields(record: dict) -> set[str]:
    rules = TYPE_RULES.get(record.get("type"), DEFAULT_RULES)
    return set(record) - POSITION_FIELDS - EDITION_FIELDS - rules.ignored_fields


def _strip_positions(value):
    if isinstance(value, list):
        return [_strip_positions(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip_positions(v) for k, v in value.items() if k not in POSITION_FIELDS}
    return value


def changed_fields(before: dict, after: dict) -> list[str]:
    fields = _compared_fields(before) | _compared_fields(after)
    return sorted(f for f in fields if _strip_positions(before.get(f)) != _strip_positions(after.get(f)))


def text_similarity(before: dict, after: dict) -> float:
    return difflib.SequenceMatcher(None, content_key(before), content_key(after), autojunk=False).ratio()


# ---------------------------------------------------------------- tables

def table_rows(record: dict) -> list[list[str]]:
    """The table as rows of cell texts (a merged cell's text in every slot it covers)."""
    n_rows = record.get("n_rows") or 1 + max((c["row"] + c.get("rowspan", 1) - 1 for c in record.get("cells", [])), default=-1)
    n_cols = record.get("n_cols") or 1 + max((c["col"] + c.get("colspan", 1) - 1 for c in record.get("cells", [])), default=-1)
    grid = [[""] * n_cols for _ in range(n_rows)]
    for c in record.get("cells", []):
        for r in range(c["row"], min(n_rows, c["row"] + c.get("rowspan", 1))):
            for k in range(c["col"], min(n_cols, c["col"] + c.get("colspan", 1))):
                grid[r][k] = c.get("text", "")
    return grid


def _row_labels(rows: list[list[str]]) -> list[str]:
    """What names a row: its first cell (with the next one when several rows share it,
    as under a merged label cell), normalised."""
    first = [compact_text(r[0]) if r else "" for r in rows]
    shared = {label for label in first if first.count(label) > 1}
    return [f"{label}\u241f{compact_text(r[1])}" if label in shared and len(r) > 1 else label for label, r in zip(first, rows)]


def _row_similarity(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, "\u241f".join(map(compact_text, a)), "\u241f".join(map(compact_text, b)), autojunk=False).ratio()


def diff_table_cells(before: dict, after: dict) -> list[dict]:
    """Row-level diff of two tables: rows matched by their label cells (then, among
    rows whose label changed, by similarity), matched rows compared cell by cell.

    Entries: {"op": "added", "row", "label", "after": [texts]},
    {"op": "removed", "row_before", "label", "before": [texts]},
    {"op": "changed", "row", "row_before", "label", "cols": [{"col", "before", "after"}]}."""
    old_rows, new_rows = table_rows(before), table_rows(after)
    old_labels, new_labels = _row_labels(old_rows), _row_labels(new_rows)
    pairs: list[tuple[int, int]] = []
    unmatched_old: list[int] = []
    unmatched_new: list[int] = []
    matcher = difflib.SequenceMatcher(None, old_labels, new_labels, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        # a relabelled row is still the same row when the rest of it is alike
        for i in list(olds):
            best = max(news, key=lambda j: _row_similarity(old_rows[i], new_rows[j]), default=None)
            if best is not None and _row_similarity(old_rows[i], new_rows[best]) >= SIMILAR:
                pairs.append((i, best))
                olds.remove(i)
                news.remove(best)
        unmatched_old += olds
        unmatched_new += news
    out: list[dict] = []
    for i, j in pairs:
        a, b = old_rows[i], new_rows[j]
        cols = [
            {"col": k, "before": a[k] if k < len(a) else None, "after": b[k] if k < len(b) else None}
            for k in range(max(len(a), len(b)))
            if compact_text(a[k] if k < len(a) else "") != compact_text(b[k] if k < len(b) else "")
        ]
        if cols:
            out.append({"op": "changed", "row": j, "row_before": i, "label": new_rows[j][0] if new_rows[j] else "", "cols": cols})
    out += [{"op": "removed", "row_before": i, "label": old_rows[i][0] if old_rows[i] else "", "before": old_rows[i]} for i in unmatched_old]
    out += [{"op": "added", "row": j, "label": new_rows[j][0] if new_rows[j] else "", "after": new_rows[j]} for j in unmatched_new]
    out.sort(key=lambda e: (e.get("row", e.get("row_before", 0)), e["op"]))
    return out


def table_similarity(before: dict, after: dict) -> float:
    """Tables are the same table when most row labels survive, even if many cells changed."""
    old, new = set(_row_labels(table_rows(before))), set(_row_labels(table_rows(after)))
    labels = len(old & new) / len(old | new) if old | new else 0.0
    return max(labels, text_similarity(before, after))


# ---------------------------------------------------------------- per-type rules


@dataclass(frozen=True)
class TypeRules:
    """How two records of one type are compared (see the module docstring)."""

    similarity: Callable[[dict, dict], float] = text_similarity
    # extra keys for a `changed` entry of this type, e.g. {"cells": [...]}
    detail: Callable[[dict, dict], dict] | None = None
    # fields not compared for this type (e.g. a kpi's references to the records it was read from,
    # whose ids change with their text)
    ignored_fields: frozenset[str] = frozenset()


TYPE_RULES: dict[str, TypeRules] = {
    "table": TypeRules(similarity=table_similarity, detail=lambda b, a: {"cells": diff_table_cells(b, a)}),
    # which value of which fiscal year changed
    "kpi": TypeRules(detail=lambda b, a: {"changes": kpi_value_changes(b, a)}, ignored_fields=KPI_REFERENCE_FIELDS),
}
DEFAULT_RULES = TypeRules()


def _entry(op: str, before: dict | None, after: dict | None, fields: list[str]) -> dict:
    ref = after or before
    entry = {"op": op, "doc": ref["doc"], "id": ref["id"], "type": ref["type"], "before": before, "after": after, "fields": fields}
    rules = TYPE_RULES.get(ref["type"], DEFAULT_RULES)
    if before is not None and after is not None and rules.detail is not None and fields:
        entry.update(rules.detail(before, after))
    return entry


def diff_records(old: list[dict], new: list[dict]) -> list[dict]:
    old_by_id = {r["id"]: r for r in old}
    new_by_id = {r["id"]: r for r in new}
    out: list[dict] = []
    # 1. by id
    for rid, after in new_by_id.items():
        before = old_by_id.get(rid)
        if before is not None:
            fields = changed_fields(before, after)
            if fields:
                out.append(_entry("changed", before, after, fields))
    removed = [r for rid, r in old_by_id.items() if rid not in new_by_id]
    added = [r for rid, r in new_by_id.items() if rid not in old_by_id]

    # 2. moved: the same content of the same type, now elsewhere
    by_content: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for r in removed:
        by_content[(r["type"], content_key(r))].append(r)
    still_added = []
    for a in added:
        candidates = by_content.get((a["type"], content_key(a)))
        if candidates:
            before = candidates.pop(0)
            removed.remove(before)
            out.append(_entry("moved", before, a, changed_fields(before, a)))
        else:
            still_added.append(a)
    added = still_added

    # 3. changed in place: similar content, same type and section; best pairs first
    pairs = []
    for a in added:
        rules = TYPE_RULES.get(a["type"], DEFAULT_RULES)
        for r in removed:
            if r["type"] == a["type"] and r.get("section") == a.get("section"):
                ratio = rules.similarity(r, a)
                if ratio >= SIMILAR:
                    pairs.append((ratio, r["id"], a["id"], r, a))
    used_old, used_new = set(), set()
    for ratio, _, _, r, a in sorted(pairs, key=lambda p: -p[0]):
        if r["id"] in used_old or a["id"] in used_new:
            continue
        used_old.add(r["id"])
        used_new.add(a["id"])
        out.append(_entry("changed", r, a, changed_fields(r, a)))
    out.extend(_entry("removed", r, None, []) for r in removed if r["id"] not in used_old)
    out.extend(_entry("added", None, a, []) for a in added if a["id"] not in used_new)
    order = {r["id"]: i for i, r in enumerate(new)}
    old_order = {r["id"]: i for i, r in enumerate(old)}
    out.sort(key=lambda e: (e["doc"], order.get(e["after"]["id"], 0) if e["after"] else old_order.get(e["id"], 0), e["op"]))
    return out


def summarize(entries: list[dict]) -> dict[str, int]:
    counts = {"added": 0, "removed": 0, "changed": 0, "moved": 0}
    for e in entries:
        counts[e["op"]] += 1
    return counts


def diff_documents(old_docs: dict[str, list[dict]], new_docs: dict[str, list[dict]], skip: set[str] = frozenset()) -> list[dict]:
    """Diff of two runs given as {doc id: records}. Documents in `skip` (failed this time)
    are left out rather than reported as removed."""
    out: list[dict] = []
    for doc in sorted(set(old_docs) | set(new_docs)):
        if doc in skip:
            continue
        out.extend(diff_records(old_docs.get(doc, []), new_docs.get(doc, [])))
    return out
