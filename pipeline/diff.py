"""Record-level diff between two editions (or two extractions) of a document.

What is compared is what the records say, never where they sit (page, bbox, section, level):

* text records (headings, paragraphs, list items, footnotes, captions) are aligned over the
  whole document (pipeline/align.py).  Records holding the same text — even split or merged at
  another place — give no entry; a passage whose words changed is one `changed` entry (over the
  merged text when k records became m); a record linked to nothing is `removed` / `added`,
  and the same text removed in one place and added in another is `moved`;
* tables are matched by content, then by row labels, header and shape (pipeline/diff_tables.py)
  and compared cell by cell;
* kpi records by id, then by indicator text;
* the document record's values (pages, title, running heads, …) as one summary entry listing
  each changed value (a new revision date is the added line that states it).

Entries: `{op, doc, id, type, before, after, fields}`, plus per kind: `cells` (and
`column_shifts`) for tables, `changes` for kpis, `metadata` for the document summary,
`before_ids` / `after_ids` when a changed passage spans several records.
"""
from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass
from typing import Callable

from shiryo.pipeline.align import align_texts, is_page_furniture
from shiryo.pipeline.diff_tables import match_tables, same_cells, stitched_tables, table_detail, table_rows, table_similarity  # noqa: F401  (table_rows: review page)
from shiryo.pipeline.ids import compact_text, content_key
from shiryo.pipeline.kpi import KPI_REFERENCE_FIELDS, kpi_value_changes

log = logging.getLogger(__name__)

POSITION_FIELDS = frozenset({"id", "page", "pages", "bbox", "page_bboxes"})
# every record of a new edition carries the new sha256; the edition is named by
# `before.version` / `after.version` of each entry, not reported as a change
EDITION_FIELDS = frozenset({"version"})
# where a record sits in the outline is not what it says
PLACE_FIELDS = frozenset({"section", "level"})
# document values that are not the document's content: who wrote the file, and what is derived
# from the text (listed as the text changes); the title is `title`, `text` repeats it
DOCUMENT_IGNORED = frozenset({"producer", "norm", "dates", "quantities", "fiscal_years", "fiscal_year_evidence", "text"})
# derived from a record's text: meaningless on a passage merged from several records
DERIVED_FIELDS = ("norm", "dates", "quantities", "fiscal_years")
# identical text removed here and added there is a move when it is at least this long;
# shorter (`以上`, `（注）`) it is the same words in both editions, no entry
MOVED_MIN_CHARS = 8
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


@dataclass(frozen=True)
class TypeRules:
    """How two records of one type are compared."""

    similarity: Callable[[dict, dict], float] = text_similarity
    # extra keys for a `changed` entry of this type, e.g. {"cells": [...]}
    detail: Callable[[dict, dict], dict] | None = None
    # fields not compared for this type (e.g. a kpi's references to the records it was read from,
    # whose ids change with their text)
    ignored_fields: frozenset[str] = frozenset()


TYPE_RULES: dict[str, TypeRules] = {
    "table": TypeRules(similarity=table_similarity, detail=table_detail),
    # which value of which fiscal year changed
    "kpi": TypeRules(detail=lambda b, a: {"changes": kpi_value_changes(b, a)}, ignored_fields=KPI_REFERENCE_FIELDS),
}
DEFAULT_RULES = TypeRules()
# compared by their own rules, not aligned as running text
NOT_TEXT = frozenset({"document", "table", "kpi"})


def _entry(op: str, before: dict | None, after: dict | None, fields: list[str]) -> dict:
    ref = after or before
    entry = {"op": op, "doc": ref["doc"], "id": ref["id"], "type": ref["type"], "before": before, "after": after, "fields": fields}
    rules = TYPE_RULES.get(ref["type"], DEFAULT_RULES)
    if before is not None and after is not None and rules.detail is not None and fields:
        entry.update(rules.detail(before, after))
    return entry


# ---------------------------------------------------------------- the document summary


def _document_value(field: str, value):
    """A document value as compared: running heads without the page numbers among them (one
    page fewer is the page count, not a changed running head)."""
    if field == "running_text" and isinstance(value, list):
        return [v for v in value if not (isinstance(v, str) and is_page_furniture(compact_text(v)))]
    return value


def document_entry(before: dict | None, after: dict | None) -> dict | None:
    """One `changed` document entry whose `metadata` lists each changed value
    (`[{field, before, after}]`: pages, title, running heads, …)."""
    if before is None or after is None:
        return None
    fields = sorted(f for f in (set(before) | set(after)) - POSITION_FIELDS - EDITION_FIELDS - DOCUMENT_IGNORED
                    if _document_value(f, before.get(f)) != _document_value(f, after.get(f)))
    metadata = [{"field": f, "before": before.get(f), "after": after.get(f)} for f in fields]
    if not metadata:
        return None
    return {**_entry("changed", before, after, fields), "metadata": metadata}


# ---------------------------------------------------------------- text


def _merged(records: list[dict]) -> dict:
    """Several records read as one passage (the first record's place, every record's pages)."""
    if len(records) == 1:
        return records[0]
    merged = {k: v for k, v in records[0].items() if k not in DERIVED_FIELDS}
    merged["text"] = "\n".join(r.get("text") or "" for r in records)
    merged["pages"] = sorted({p for r in records for p in (r.get("pages") or [r.get("page")]) if p is not None})
    return merged


def _runs(indices: list[int]) -> list[list[int]]:
    """Consecutive indices as runs: `[3, 4, 5, 9]` → `[[3, 4, 5], [9]]`."""
    runs: list[list[int]] = []
    for i in sorted(indices):
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    return runs


def _passage_entry(op: str, befores: list[dict], afters: list[dict]) -> dict:
    before, after = (_merged(befores) if befores else None), (_merged(afters) if afters else None)
    single = len(befores) <= 1 and len(afters) <= 1
    fields = changed_fields(before, after) if before and after and single else (["text"] if op == "changed" else [])
    entry = _entry(op, before, after, fields)
    if not single:
        if befores:
            entry["before_ids"] = [r["id"] for r in befores]
        if afters:
            entry["after_ids"] = [r["id"] for r in afters]
    return entry


def _text_entries(old: list[dict], new: list[dict], partner: dict[str, str]) -> list[dict]:
    """Entries for the text records; `partner` gets old id → new id of each aligned old record.
    Records added (removed) one after another are one `added` (`removed`) passage: a new block
    of text, a cover sheet, an explanation taken out."""
    # page numbers the layout let through are not content: aligned as nothing
    furniture_free = lambda k: "" if is_page_furniture(k) else k  # noqa: E731
    old_keys, new_keys = [furniture_free(content_key(r)) for r in old], [furniture_free(content_key(r)) for r in new]
    out: list[dict] = []
    removed: list[int] = []
    added: list[int] = []
    # old record → (first, last) new record of the group it is aligned in
    spans: dict[int, tuple[int, int]] = {-1: (-1, -1), len(old): (len(new), len(new))}
    for group in align_texts(old_keys, new_keys):
        if group.new:
            partner.update((old[i]["id"], new[min(group.new)]["id"]) for i in group.old)
            spans.update((i, (min(group.new), max(group.new))) for i in group.old)
        befores = [old[i] for i in group.old if old_keys[i]]
        afters = [new[j] for j in group.new if new_keys[j]]
        if befores and afters:
            if group.changed:
                out.append(_passage_entry("changed", befores, afters))
        elif befores:
            removed += group.old
        elif afters:
            added += group.new
    removed_runs, added_runs = _runs(removed), _runs(added)
    # the same text taken out in one place and put in at another
    taken: dict[str, list[list[int]]] = {}
    for run in removed_runs:
        taken.setdefault("".join(old_keys[i] for i in run), []).append(run)
    for run in list(added_runs):
        key = "".join(new_keys[j] for j in run)
        if taken.get(key):
            befores, afters = [old[i] for i in taken[key][0] if old_keys[i]], [new[j] for j in run if new_keys[j]]
            removed_runs.remove(taken[key].pop(0))
            added_runs.remove(run)
            partner.update((b["id"], afters[0]["id"]) for b in befores)
            if len(key) >= MOVED_MIN_CHARS:
                out.append(_passage_entry("moved", befores, afters))
    # one record put in the place of another between the same neighbours: a short line whose
    # name or figure changed, a heading re-worded beyond recognition — one changed record
    in_place = {(spans[run[0] - 1][1], spans[run[-1] + 1][0]): run for run in removed_runs
                if len(run) == 1 and run[0] - 1 in spans and run[-1] + 1 in spans}
    for run in list(added_runs):
        replaced = in_place.pop((run[0] - 1, run[-1] + 1), None)
        if len(run) == 1 and replaced and old_keys[replaced[0]] and new_keys[run[0]]:
            removed_runs.remove(replaced)
            added_runs.remove(run)
            partner[old[replaced[0]]["id"]] = new[run[0]]["id"]
            out.append(_passage_entry("changed", [old[replaced[0]]], [new[run[0]]]))
    for run in added_runs:
        afters = [new[j] for j in run if new_keys[j]]
        if afters:
            out.append(_passage_entry("added", [], afters))
    for run in removed_runs:
        befores = [old[i] for i in run if old_keys[i]]
        if befores:
            out.append(_passage_entry("removed", befores, []))
    return out


# ---------------------------------------------------------------- tables and kpis


def _table_entries(old: list[dict], new: list[dict], partner: dict[str, str]) -> list[dict]:
    """`old` / `new`: every record of each edition (tables are stitched across page breaks first)."""
    old_tables, new_tables = stitched_tables(old), stitched_tables(new)
    members = {t["id"]: ids for t, ids in old_tables + new_tables}
    pairs, removed, added = match_tables([t for t, _ in old_tables], [t for t, _ in new_tables])
    out = []

    def with_members(entry: dict) -> dict:
        for side in ("before", "after"):
            if entry[side] is not None and len(members[entry[side]["id"]]) > 1:
                entry[f"{side}_ids"] = members[entry[side]["id"]]
        return entry

    for before, after in pairs:
        partner.update((i, after["id"]) for i in members[before["id"]])
        caption_changed = compact_text(before.get("caption") or "") != compact_text(after.get("caption") or "")
        if same_cells(before, after) and not caption_changed:
            continue
        fields = [f for f in changed_fields(before, after) if f not in PLACE_FIELDS] or ["cells"]
        out.append(with_members(_entry("changed", before, after, fields)))
    out += [with_members(_entry("removed", r, None, [])) for r in removed]
    out += [with_members(_entry("added", None, a, [])) for a in added]
    return out


def _kpi_entries(old: list[dict], new: list[dict], partner: dict[str, str]) -> list[dict]:
    old_by_id = {r["id"]: r for r in old}
    new_ids = {r["id"] for r in new}
    pairs = [(old_by_id[r["id"]], r) for r in new if r["id"] in old_by_id]
    removed = [r for r in old if r["id"] not in new_ids]
    added = [r for r in new if r["id"] not in old_by_id]
    # the same indicator under a re-worded heading (or with its wording touched up)
    scored = sorted(((text_similarity(r, a), k, m) for k, r in enumerate(removed) for m, a in enumerate(added)), reverse=True)
    used_r, used_a = set(), set()
    for score, k, m in scored:
        if score >= SIMILAR and k not in used_r and m not in used_a:
            used_r.add(k)
            used_a.add(m)
            pairs.append((removed[k], added[m]))
    out = []
    for before, after in pairs:
        partner[before["id"]] = after["id"]
        fields = [f for f in changed_fields(before, after) if f not in PLACE_FIELDS]
        if fields:
            out.append(_entry("changed", before, after, fields))
    out += [_entry("removed", r, None, []) for k, r in enumerate(removed) if k not in used_r]
    out += [_entry("added", None, a, []) for m, a in enumerate(added) if m not in used_a]
    return out


# ---------------------------------------------------------------- the diff


def diff_records(old: list[dict], new: list[dict]) -> list[dict]:
    """The diff of two editions of one document, in the new edition's order (a removed record
    where it stood: after the new place of the last old record before it that is still there).
    A document new to the run (or gone from it) is every record added (removed), one by one."""
    if not old or not new:
        return [_entry("added", None, r, []) for r in new] + [_entry("removed", r, None, []) for r in old]
    old_doc = next((r for r in old if r["type"] == "document"), None)
    new_doc = next((r for r in new if r["type"] == "document"), None)
    partner: dict[str, str] = {}
    summary = document_entry(old_doc, new_doc)
    entries = [summary] if summary else []
    entries += _text_entries([r for r in old if r["type"] not in NOT_TEXT], [r for r in new if r["type"] not in NOT_TEXT], partner)
    entries += _table_entries(old, new, partner)
    entries += _kpi_entries([r for r in old if r["type"] == "kpi"], [r for r in new if r["type"] == "kpi"], partner)
    entries = _whole_pages(_whole_pages(entries, new, "added", "after"), old, "removed", "before")
    new_index = {r["id"]: i for i, r in enumerate(new)}
    # for each old record, the new position of the closest record at or before it that has a partner
    anchor: dict[str, float] = {}
    last = -0.5
    for r in old:
        if r["id"] in partner and partner[r["id"]] in new_index:
            last = float(new_index[partner[r["id"]]])
        anchor[r["id"]] = last

    def where(e: dict) -> float:
        if e["type"] == "document":
            return -1.0
        if e["after"] is not None:
            return float(new_index.get(e["after"]["id"], 0))
        return anchor.get(e["before"]["id"], -0.5) + 0.5
    return sorted(entries, key=lambda e: (where(e), e["op"]))


TABLE_ONLY_FIELDS = ("cells", "n_rows", "n_cols", "header_rows", "strategy", "unit")


def _whole_pages(entries: list[dict], records: list[dict], op: str, side: str) -> list[dict]:
    """The entries of a page that is new (or gone) as a whole — a cover sheet: its box and its
    title — are one entry for the page (unless the page holds a table of more than two rows)."""
    ids_of = lambda e: e.get(f"{side}_ids") or [e[side]["id"]]  # noqa: E731
    by_id = {r["id"]: r for r in records}
    order = {r["id"]: k for k, r in enumerate(records)}
    on_page: dict[int, set[str]] = {}
    for r in records:
        if r["type"] not in ("document", "kpi"):
            on_page.setdefault(r.get("page"), set()).add(r["id"])
    page_entries: dict[int, list[dict]] = {}
    for e in entries:
        if e["op"] == op and e["type"] != "kpi":
            pages = {by_id[i].get("page") for i in ids_of(e) if i in by_id}
            if len(pages) == 1:
                page_entries.setdefault(pages.pop(), []).append(e)
    merged_away: set[int] = set()
    out_first: dict[int, dict] = {}
    for page, items in page_entries.items():
        if len(items) < 2 or {i for e in items for i in ids_of(e)} != on_page.get(page, set()):
            continue
        # a real table on the new page keeps its own entry (and its cells); a cover's box is no table
        if any(e["type"] == "table" and len(table_rows(e[side])) > 2 for e in items):
            continue
        members = sorted((by_id[i] for e in items for i in ids_of(e)), key=lambda r: order[r["id"]])
        first = next((r for r in members if r["type"] != "table"), members[0])
        whole = {k: v for k, v in first.items() if k not in DERIVED_FIELDS and k not in TABLE_ONLY_FIELDS}
        whole.update(id=members[0]["id"], page=page, bbox=members[0].get("bbox"), pages=[page],
                     text="\n".join(r.get("text") or "" for r in members))
        entry = _entry(op, whole if op == "removed" else None, whole if op == "added" else None, [])
        entry[f"{side}_ids"] = [r["id"] for r in members]
        merged_away.update(id(e) for e in items)
        out_first[id(items[0])] = entry
    return [out_first.get(id(e), e) for e in entries if id(e) not in merged_away or id(e) in out_first]


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
        old, new = old_docs.get(doc, []), new_docs.get(doc, [])
        try:
            out.extend(diff_records(old, new))
        except Exception as exc:  # one document's odd records must not sink the run's diff
            log.warning("%s: diff failed (%s: %s); compared by record id instead", doc, type(exc).__name__, exc)
            out.extend(diff_by_id(old, new, reason=f"{type(exc).__name__}: {exc}"))
    return out


def diff_by_id(old: list[dict], new: list[dict], reason: str) -> list[dict]:
    """The plain fallback: records by id, each entry marked with why (`fallback`)."""
    old_by_id, new_by_id = {r["id"]: r for r in old}, {r["id"]: r for r in new}
    out = [_plain_entry("added", None, r) for rid, r in new_by_id.items() if rid not in old_by_id]
    out += [_plain_entry("removed", r, None) for rid, r in old_by_id.items() if rid not in new_by_id]
    for entry in out:
        entry["fallback"] = reason
    return out


def _plain_entry(op: str, before: dict | None, after: dict | None) -> dict:
    ref = after or before
    return {"op": op, "doc": ref.get("doc"), "id": ref["id"], "type": ref.get("type"), "before": before, "after": after, "fields": []}
