"""Record-level diff between two outputs of a document (or two runs), keyed by id.

- same id, different content           → `changed` (with the changed field names)
- same content, different id (a record that moved to another section) → `moved`
- otherwise unmatched, but the same type and section and similar text → `changed`
- the rest                              → `removed` / `added`

Where a record sits on the page (page, pages, bbox) is not content: a page
shift alone produces no diff records.
"""
from __future__ import annotations

import difflib
from collections import defaultdict

from pipeline.ids import content_key
from pipeline.kpi import KPI_REFERENCE_FIELDS, kpi_value_changes

POSITION_FIELDS = frozenset({"id", "page", "pages", "bbox", "page_bboxes"})
SIMILAR = 0.6


def _compared_fields(record: dict) -> set[str]:
    fields = set(record) - POSITION_FIELDS
    if record.get("type") != "document":
        fields.discard("version")  # every record of a new edition carries the new sha256
    if record.get("type") == "kpi":
        fields -= KPI_REFERENCE_FIELDS  # ids of the records it was read from change with their text
    return fields


def _strip_positions(value):
    if isinstance(value, list):
        return [_strip_positions(v) for v in value]
    if isinstance(value, dict):
        return {k: _strip_positions(v) for k, v in value.items() if k not in POSITION_FIELDS}
    return value


def changed_fields(before: dict, after: dict) -> list[str]:
    fields = _compared_fields(before) | _compared_fields(after)
    return sorted(f for f in fields if _strip_positions(before.get(f)) != _strip_positions(after.get(f)))


def _entry(op: str, before: dict | None, after: dict | None, fields: list[str]) -> dict:
    ref = after or before
    entry = {"op": op, "doc": ref["doc"], "id": ref["id"], "type": ref["type"], "before": before, "after": after, "fields": fields}
    if ref["type"] == "kpi" and before is not None and after is not None:
        entry["changes"] = kpi_value_changes(before, after)  # which value of which fiscal year
    return entry


def diff_records(old: list[dict], new: list[dict]) -> list[dict]:
    old_by_id = {r["id"]: r for r in old}
    new_by_id = {r["id"]: r for r in new}
    out: list[dict] = []
    for rid, after in new_by_id.items():
        before = old_by_id.get(rid)
        if before is not None:
            fields = changed_fields(before, after)
            if fields:
                out.append(_entry("changed", before, after, fields))
    removed = [r for rid, r in old_by_id.items() if rid not in new_by_id]
    added = [r for rid, r in new_by_id.items() if rid not in old_by_id]

    # moved: the same content of the same type, now elsewhere
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

    # changed in place: similar text, same type and section
    pairs = []
    for a in added:
        for r in removed:
            if r["type"] == a["type"] and r.get("section") == a.get("section"):
                ratio = difflib.SequenceMatcher(None, content_key(r), content_key(a), autojunk=False).ratio()
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
