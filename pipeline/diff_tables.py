"""Tables across two editions: which table is which, and what changed in it, row by row.

Tables are matched by their content first (a table whose cells say the same is the same table,
whatever its section, caption or page), then, in order, by row labels, header and shape: the
table of a new edition whose title date and most figures changed is still that table.  Rows are
matched by their label cells; a changed row lists each changed cell with its column header.
"""
from __future__ import annotations

import difflib

import regex

from shiryo.pipeline.align import is_page_furniture
from shiryo.pipeline.ids import compact_text, content_key

SIMILAR = 0.6
# below this a table pair is two different tables, even when they stand in the same place
SAME_TABLE = 0.45


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


def column_headers(record: dict, rows: list[list[str]] | None = None) -> list[str]:
    """Each column's header: its header rows' texts (distinct, top to bottom) joined by ` / `."""
    rows = table_rows(record) if rows is None else rows
    n_header = min(record.get("header_rows") or 0, len(rows))
    n_cols = max((len(r) for r in rows), default=0)
    headers = []
    for k in range(n_cols):
        parts: list[str] = []
        for r in rows[:n_header]:
            text = " ".join((r[k] if k < len(r) else "").split())
            if text and text not in parts:
                parts.append(text)
        headers.append(" / ".join(parts))
    return headers


# note marks beside a row's or column's name (`青森 ※3`, `検査人数※3`, `*1`): not its name
_NOTE_MARK = regex.compile(r"(?:※|＊|\*)[0-9０-９]*|[（(]注[0-9０-９]*[）)]")


def name_key(text: str) -> str:
    """A row label or column header as matched: compact, without its note marks."""
    return _NOTE_MARK.sub("", compact_text(text))


def _row_labels(rows: list[list[str]]) -> list[str]:
    """What names a row: its first cell (with the next one when several rows share it,
    as under a merged label cell), normalised."""
    first = [name_key(r[0]) if r else "" for r in rows]
    shared = {label for label in first if first.count(label) > 1}
    return [f"{label}\u241f{compact_text(r[1])}" if label in shared and len(r) > 1 else label for label, r in zip(first, rows)]


def match_columns(old_headers: list[str], new_headers: list[str]) -> dict[int, int]:
    """new column → old column.  Same header first; then, in order, alike headers; a table
    keeping its number of columns keeps each unmatched column in its place (a renamed column)."""
    old_keys, new_keys = [name_key(h) for h in old_headers], [name_key(h) for h in new_headers]
    if old_keys == new_keys:
        return {k: k for k in range(len(new_keys))}
    mapping: dict[int, int] = {}
    used: set[int] = set()
    for k, key in enumerate(new_keys):
        if key and key in old_keys and old_keys.index(key) not in used:
            mapping[k] = old_keys.index(key)
            used.add(mapping[k])
    for k, key in enumerate(new_keys):
        if k in mapping:
            continue
        low = max((m for m in mapping if m < k), default=None)
        start = mapping[low] + 1 if low is not None else 0
        high = min((mapping[m] for m in mapping if m > k), default=len(old_keys))
        candidates = [o for o in range(start, high) if o not in used]
        if len(old_keys) == len(new_keys) and k in candidates:
            best = k
        else:
            best = max(candidates, key=lambda o: difflib.SequenceMatcher(None, old_keys[o], key).ratio(), default=None)
            if best is None or not key or difflib.SequenceMatcher(None, old_keys[best], key).ratio() < 0.5:
                best = None
        if best is not None:
            mapping[k] = best
            used.add(best)
    return mapping


def _row_similarity(a: list[str], b: list[str]) -> float:
    return difflib.SequenceMatcher(None, "\u241f".join(map(compact_text, a)), "\u241f".join(map(compact_text, b)), autojunk=False).ratio()


def diff_table_cells(before: dict, after: dict) -> list[dict]:
    """Row-level diff of two tables: rows matched by their label cells (then, among
    rows whose label changed, by similarity), matched rows compared cell by cell.

    Entries: {"op": "added", "row", "label", "after": [texts]},
    {"op": "removed", "row_before", "label", "before": [texts]},
    {"op": "changed", "row", "row_before", "label", "cols": [{"col", "header", "before", "after"}]}
    (`header`: the column's header text in the new edition, "" when the table has no header row).
    Rows cut at other places (k old rows ↔ m new rows, as when a table re-flows over a page
    break) are compared column by column over the stretch: no entry when every column reads the
    same, else one changed entry whose `rows` / `rows_before` list the rows it covers."""
    old_rows, new_rows = table_rows(before), table_rows(after)
    headers = column_headers(after, new_rows)
    columns = match_columns(column_headers(before, old_rows), headers)
    old_labels, new_labels = _row_labels(old_rows), _row_labels(new_rows)
    pairs: list[tuple[int, int]] = []
    unmatched_old: list[int] = []
    unmatched_new: list[int] = []
    resegmented: list[dict] = []
    matcher = difflib.SequenceMatcher(None, old_labels, new_labels, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            pairs.extend(zip(range(i1, i2), range(j1, j2)))
            continue
        olds, news = list(range(i1, i2)), list(range(j1, j2))
        if olds and news and len(olds) != len(news):
            stretch = _resegmented_rows(old_rows, new_rows, olds, news, headers)
            if stretch is not None:
                resegmented.extend(stretch)
                continue
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
        # only columns of both editions: a column added or removed is one `columns` entry, not a cell per row
        cols = [
            {"col": k, "header": headers[k] if k < len(headers) else "", "before": a[o] if o < len(a) else None, "after": b[k]}
            for k, o in sorted(columns.items())
            if k < len(b) and compact_text(a[o] if o < len(a) else "") != compact_text(b[k])
        ]
        if cols:
            out.append({"op": "changed", "row": j, "row_before": i, "label": new_rows[j][0] if new_rows[j] else "", "cols": cols})
    out += resegmented
    out += [{"op": "removed", "row_before": i, "label": old_rows[i][0] if old_rows[i] else "", "before": old_rows[i]} for i in unmatched_old]
    out += [{"op": "added", "row": j, "label": new_rows[j][0] if new_rows[j] else "", "after": new_rows[j]} for j in unmatched_new]
    out.sort(key=lambda e: (e.get("row", e.get("row_before", 0)), e["op"]))
    return out


# an English word hyphenated at the end of a line (`Non-` / `discrimination`): one word
_LINE_HYPHEN = regex.compile(r"(?<=[A-Za-z])-\s*\n\s*(?=[a-z])")


def _column_texts(rows: list[list[str]], indices: list[int], n_cols: int) -> list[str]:
    """Each column's text over some rows, read as one (line-end hyphens joined)."""
    return [compact_text(_LINE_HYPHEN.sub("", "\n".join(rows[i][k] if k < len(rows[i]) else "" for i in indices))) for k in range(n_cols)]


def _resegmented_rows(old_rows, new_rows, olds: list[int], news: list[int], headers: list[str]) -> list[dict] | None:
    """k old rows against m new rows read column by column: [] when every column says the same,
    one changed entry when they are alike, None when they are different rows."""
    n_cols = max(max(len(old_rows[i]) for i in olds), max(len(new_rows[j]) for j in news))
    before, after = _column_texts(old_rows, olds, n_cols), _column_texts(new_rows, news, n_cols)
    if before == after:
        return []
    if difflib.SequenceMatcher(None, "\u241f".join(before), "\u241f".join(after), autojunk=False).ratio() < SIMILAR:
        return None
    label = next((new_rows[j][0] for j in news if new_rows[j] and compact_text(new_rows[j][0])), "")
    cols = [{"col": k, "header": headers[k] if k < len(headers) else "",
             "before": "\n".join(old_rows[i][k] for i in olds if k < len(old_rows[i]) and old_rows[i][k]),
             "after": "\n".join(new_rows[j][k] for j in news if k < len(new_rows[j]) and new_rows[j][k])}
            for k in range(n_cols) if before[k] != after[k]]
    return [{"op": "changed", "row": news[0], "row_before": olds[0], "label": label, "cols": cols, "rows": news, "rows_before": olds}]


def column_shifts(before: dict, after: dict) -> list[dict]:
    """Columns whose old values now stand in another column (a new 前年度 column holding the old
    本年度 values): `[{"from_col", "to_col", "header_before", "header_after", "rows"}]` where most
    label-matched rows carry the old column's value in the new one."""
    old_rows, new_rows = table_rows(before), table_rows(after)
    n_header = max(before.get("header_rows") or 0, after.get("header_rows") or 0)
    old_by_label = {label: row for label, row in zip(_row_labels(old_rows)[n_header:], old_rows[n_header:]) if label}
    pairs = [(old_by_label[label], row) for label, row in zip(_row_labels(new_rows)[n_header:], new_rows[n_header:]) if label in old_by_label]
    if len(pairs) < 2:
        return []
    old_headers, new_headers = column_headers(before, old_rows), column_headers(after, new_rows)
    shifts = []
    n_old, n_new = max(map(len, old_rows), default=0), max(map(len, new_rows), default=0)
    for k in range(1, n_old):
        for m in range(1, n_new):
            if m == k:
                continue
            same_col = sum(1 for a, b in pairs if k < len(a) and k < len(b) and compact_text(a[k]) == compact_text(b[k]) and compact_text(a[k]))
            moved = sum(1 for a, b in pairs if k < len(a) and m < len(b) and compact_text(a[k]) == compact_text(b[m]) and compact_text(a[k]))
            if moved >= max(2, 0.6 * len(pairs)) and moved > same_col:
                shifts.append({"from_col": k, "to_col": m, "header_before": old_headers[k] if k < len(old_headers) else "",
                               "header_after": new_headers[m] if m < len(new_headers) else "", "rows": moved})
    return shifts


def column_changes(before: dict, after: dict) -> list[dict]:
    """Columns one edition has and the other has not: `[{"op": "added"|"removed", "col", "header"}]`."""
    old_headers, new_headers = column_headers(before), column_headers(after)
    columns = match_columns(old_headers, new_headers)
    n_old = max((len(r) for r in table_rows(before)), default=0)
    n_new = max((len(r) for r in table_rows(after)), default=0)
    out = [{"op": "added", "col": k, "header": new_headers[k] if k < len(new_headers) else ""} for k in range(n_new) if k not in columns]
    kept = set(columns.values())
    out += [{"op": "removed", "col": o, "header": old_headers[o] if o < len(old_headers) else ""} for o in range(n_old) if o not in kept]
    return out


def table_detail(before: dict, after: dict) -> dict:
    detail = {"cells": diff_table_cells(before, after)}
    columns = column_changes(before, after)
    if columns:
        detail["columns"] = columns
    shifts = column_shifts(before, after)
    if shifts:
        detail["column_shifts"] = shifts
        detail["cells"] = _without_shifted(detail["cells"], table_rows(before), shifts)
    return detail


def _without_shifted(cells: list[dict], old_rows: list[list[str]], shifts: list[dict]) -> list[dict]:
    """A cell that only carries its row's old value over from the shifted column is the shift,
    reported once in `column_shifts`, not a change of its own."""
    out = []
    for row in cells:
        if row["op"] == "changed" and "rows_before" not in row:
            old = old_rows[row["row_before"]]
            row = {**row, "cols": [c for c in row["cols"] if not any(
                c["col"] == s["to_col"] and s["from_col"] < len(old) and compact_text(old[s["from_col"]]) == compact_text(c["after"] or "")
                for s in shifts)]}
            if not row["cols"]:
                continue
        out.append(row)
    return out


def same_cells(before: dict, after: dict) -> bool:
    """The two tables say the same, cell for cell (width variants and white space aside)."""
    return [list(map(compact_text, r)) for r in table_rows(before)] == [list(map(compact_text, r)) for r in table_rows(after)]


def table_similarity(before: dict, after: dict) -> float:
    """Tables are the same table when most row labels survive, even if many cells changed; a
    table with the same header and shape is the same table even when most labels changed."""
    old_rows, new_rows = table_rows(before), table_rows(after)
    old, new = set(_row_labels(old_rows)) - {""}, set(_row_labels(new_rows)) - {""}
    # most names of the smaller table's rows stand in the other (it may have grown or shrunk)
    labels = len(old & new) / min(len(old), len(new)) if min(len(old), len(new)) >= 3 else (len(old & new) / len(old | new) if old | new else 0.0)
    text = difflib.SequenceMatcher(None, content_key(before)[:4000], content_key(after)[:4000], autojunk=False).ratio()
    score = max(labels, text)
    old_headers, new_headers = column_headers(before, old_rows), column_headers(after, new_rows)
    if old_headers and old_headers == new_headers and any(old_headers) and len(old_rows[0] if old_rows else []) == len(new_rows[0] if new_rows else []):
        score = max(score, 0.5 + score / 2)
    return score


def _continues(first: dict, last: dict, table: dict, between: list[dict]) -> bool:
    """Whether `table` carries on the table whose last part is `last` over a page break (only
    page numbers between them, the same columns, the next page)."""
    last_page = max(last.get("pages") or [last.get("page") or 0])
    return (table.get("n_cols") == first.get("n_cols") and (table.get("page") or 0) in (last_page, last_page + 1)
            and all(is_page_furniture(content_key(r)) for r in between if r["type"] != "kpi"))


def stitched_tables(records: list[dict]) -> list[tuple[dict, list[str]]]:
    """The tables of one edition, a table that runs on over page breaks as one (record, member ids):
    where the layout left its parts apart in one edition and joined them in the other, both read
    as the same table.  A part that repeats the header rows leaves them out."""
    out: list[tuple[dict, list[dict]]] = []
    between: list[dict] = []
    for r in records:
        if r["type"] != "table":
            if r["type"] != "document":
                between.append(r)
            continue
        if out and _continues(out[-1][1][0], out[-1][1][-1], r, between):
            out[-1][1].append(r)
        else:
            out.append((r, [r]))
        between = []
    return [(parts[0] if len(parts) == 1 else _joined(parts), [p["id"] for p in parts]) for _, parts in out]


def _joined(parts: list[dict]) -> dict:
    first = parts[0]
    n_header = first.get("header_rows") or 0
    header = [list(map(compact_text, r)) for r in table_rows(first)[:n_header]]
    cells, offset = [], 0
    for k, part in enumerate(parts):
        rows = table_rows(part)
        skip = part.get("header_rows") or 0 if k else 0
        if k and skip and [list(map(compact_text, r)) for r in rows[:skip]] != header:
            skip = 0
        for c in part.get("cells", []):
            if c["row"] >= skip:
                cells.append({**c, "row": c["row"] - skip + offset})
        offset += len(rows) - skip
    joined = {**first, "cells": cells, "n_rows": offset, "pages": sorted({p for part in parts for p in (part.get("pages") or [part.get("page")])})}
    joined["text"] = "\n".join("\t".join(r) for r in table_rows(joined))
    return joined


def match_tables(old: list[dict], new: list[dict]) -> tuple[list[tuple[dict, dict]], list[dict], list[dict]]:
    """Pairs (before, after) of the same table in two editions, then the unmatched old and new
    tables.  Identical tables pair in document order; the rest pair within the stretch between
    two identical ones, best first, when similar enough."""
    keys_old = [compact_text("\u241f".join("\u241e".join(r) for r in table_rows(t))) for t in old]
    keys_new = [compact_text("\u241f".join("\u241e".join(r) for r in table_rows(t))) for t in new]
    pairs: list[tuple[dict, dict]] = []
    removed: list[dict] = []
    added: list[dict] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, keys_old, keys_new, autojunk=False).get_opcodes():
        if op == "equal":
            pairs.extend(zip(old[i1:i2], new[j1:j2]))
            continue
        scored = sorted(((table_similarity(old[i], new[j]), i, j) for i in range(i1, i2) for j in range(j1, j2)), reverse=True)
        used_old, used_new = set(), set()
        for score, i, j in scored:
            if score < SAME_TABLE or i in used_old or j in used_new:
                continue
            used_old.add(i)
            used_new.add(j)
            pairs.append((old[i], new[j]))
        removed += [old[i] for i in range(i1, i2) if i not in used_old]
        added += [new[j] for j in range(j1, j2) if j not in used_new]
    return pairs, removed, added
