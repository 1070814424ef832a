"""One change of the review page as HTML (a "card"): before / after with the changed
characters marked, a changed table as its changed rows with a little context, the values of
document and KPI changes, and the page crops of both sides.

Long unchanged stretches of text and the context rows of tables carry the class `ctx`, which
the page's "hide unchanged context" filter hides (a `fold` marker shows where text was cut).
"""
from __future__ import annotations

import difflib
import html
import json
import math

import regex

from shiryo.pipeline.diff import table_rows
from shiryo.pipeline.review_crops import CROP_DPI, Crop

esc = html.escape
FOLD = 50  # characters of unchanged text kept on each side of a change when context is hidden
CONTEXT_ROWS = 1  # unchanged table rows shown above and below a changed row
WHOLE_TABLE_ROWS = 12  # rows of an added / removed table shown before "n more rows"
# a cell that is a number (amounts, percentages, △ negatives): right-aligned
NUMBER = regex.compile(r"[\s△▲▽▼−\-－+＋±]*[\d０-９][\d０-９,，.．\s]*(?:[%％]|[千百万億兆]?円|人|件)?[\s)）]*")
TEXT_FIELDS = {"text", "norm", "cells", "n_rows", "n_cols", "fiscal_years", "dates", "quantities", "changes"}


def _fold_equal(text: str, first: bool, last: bool) -> str:
    """An unchanged stretch: whole when short, else its ends with the middle marked as context."""
    if len(text) <= 2 * FOLD + 10:
        return esc(text)
    head = "" if first else text[:FOLD]
    tail = "" if last else text[-FOLD:]
    middle = text[len(head) : len(text) - len(tail)]
    return f"{esc(head)}<span class='ctx'>{esc(middle)}</span><span class='fold'>…</span>{esc(tail)}"


def char_diff_html(before: str, after: str) -> tuple[str, str]:
    """Both texts as HTML with the characters that differ marked: <del> in before, <ins> in after."""
    a, b = [], []
    ops = difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            first, last = n == 0, n == len(ops) - 1
            a.append(_fold_equal(before[i1:i2], first, last))
            b.append(_fold_equal(after[j1:j2], first, last))
            continue
        if i2 > i1:
            a.append(f"<del>{esc(before[i1:i2])}</del>")
        if j2 > j1:
            b.append(f"<ins>{esc(after[j1:j2])}</ins>")
    return "".join(a), "".join(b)


def is_number(text: str) -> bool:
    return bool(text) and NUMBER.fullmatch(text) is not None


def column_headers(record: dict) -> list[str]:
    """Each column's header path (the texts of the header rows above it, merged cells once);
    empty for a table without header rows."""
    rows = table_rows(record)
    n_header = int(record.get("header_rows") or 0)
    out = []
    for k in range(len(rows[0]) if rows else 0):
        path: list[str] = []
        for r in rows[:n_header]:
            text = (r[k] or "").strip()
            if text and (not path or path[-1] != text):
                path.append(text)
        out.append(" › ".join(path))
    return out


# ---------------------------------------------------------------- tables


def _row_html(cells: list[str], cls: str, row: int, header: bool = False) -> str:
    tag = "th" if header else "td"
    tds = "".join(f"<{tag}{' class=num' if is_number(t) and not header else ''}>{esc(t)}</{tag}>" for t in cells)
    return f"<tr class='{cls}' data-row='{row}'>{tds}</tr>"


def _changed_row_html(after_row: list[str], d: dict, headers: list[str], row: int) -> str:
    changed = {c["col"]: c for c in d["cols"]}
    label = d.get("label") or (after_row[0] if after_row else "")
    tds = []
    for k, text in enumerate(after_row):
        col = changed.get(k)
        if col is None:
            tds.append(f"<td{' class=num' if is_number(text) else ''}>{esc(text)}</td>")
            continue
        old_text, new_text = col.get("before") or "", col.get("after") or ""
        if is_number(old_text) and is_number(new_text):  # 17,445 → 17,521 reads as two values, not as digits
            before_html, after_html = f"<del>{esc(old_text)}</del>", f"<ins>{esc(new_text)}</ins>"
        else:
            before_html, after_html = char_diff_html(old_text, new_text)
        header = col.get("header") if isinstance(col.get("header"), str) else (headers[k] if k < len(headers) else "")
        num = " num" if is_number(col.get("after") or "") or is_number(col.get("before") or "") else ""
        tds.append(
            f"<td class='cell-changed{num}' data-col-header='{esc(header)}' data-row-label='{esc(label)}'>"
            f"<span class='cellref'>{esc(header or f'列{k + 1}')} × {esc(label or f'行{row + 1}')}</span>"
            f"<span class='b'>{before_html}</span><span class='a'>{after_html}</span></td>"
        )
    return f"<tr class='row-changed' data-row='{row}'>{''.join(tds)}</tr>"


def table_change_html(entry: dict) -> str:
    """A changed table as one table: its header rows, the changed rows (changed cells boxed,
    with their column header and row label; added rows green, removed rows red) and one row of
    context around each, gaps marked with the number of rows left out."""
    after, before = entry["after"], entry["before"]
    new_rows, old_rows = table_rows(after), table_rows(before)
    headers = column_headers(after)
    n_header = min(int(after.get("header_rows") or 0), len(new_rows))
    n_cols = max((len(r) for r in new_rows + old_rows), default=0)
    # what to show, keyed by a position in the new table (removed rows sit where they were)
    shown: dict[float, str] = {}
    changed_at: set[int] = set()
    for d in entry.get("cells") or ():
        if d["op"] == "changed":
            shown[d["row"]] = _changed_row_html(new_rows[d["row"]], d, headers, d["row"])
            changed_at.add(d["row"])
        elif d["op"] == "added":
            shown[d["row"]] = _row_html(new_rows[d["row"]], "row-added", d["row"])
            changed_at.add(d["row"])
        else:
            at = min(d["row_before"], len(new_rows)) - 0.5
            while at in shown:
                at += 0.01
            shown[at] = _row_html(d.get("before") or old_rows[d["row_before"]], "row-removed", d["row_before"])
            changed_at.add(int(at + 0.5))
    for r in list(changed_at):
        for near in range(r - CONTEXT_ROWS, r + CONTEXT_ROWS + 1):
            if n_header <= near < len(new_rows) and near not in shown:
                shown[near] = _row_html(new_rows[near], "ctx", near)
    out = [f"<table class='cells' data-rows='{len(new_rows)}'>"]
    # header rows in place (a changed header row is shown as changed, once)
    out += [shown.pop(r) if r in shown else _row_html(new_rows[r], "head", r, header=True) for r in range(n_header)]
    last = n_header - 1  # the last row of the new table accounted for
    for at in sorted(shown):
        row = math.ceil(at)  # a removed row sits just above the new row `row`
        if row - last - 1 > 0:
            out.append(f"<tr class='gap'><td colspan='{n_cols}'>⋯ {row - last - 1} unchanged rows</td></tr>")
        out.append(shown[at])
        last = max(last, row if at == row else row - 1)
    if len(new_rows) - last - 1 > 0:
        out.append(f"<tr class='gap'><td colspan='{n_cols}'>⋯ {len(new_rows) - last - 1} unchanged rows</td></tr>")
    out.append("</table>")
    return "".join(out)


def whole_table_html(record: dict, cls: str) -> str:
    """An added or removed table: its first rows, the rest behind a click."""
    rows = table_rows(record)
    n_header = int(record.get("header_rows") or 0)
    body = [_row_html(r, "head" if i < n_header else cls, i, header=i < n_header) for i, r in enumerate(rows)]
    head, rest = body[:WHOLE_TABLE_ROWS], body[WHOLE_TABLE_ROWS:]
    out = f"<table class='cells'>{''.join(head)}</table>"
    if rest:
        out += f"<details class='more'><summary>{len(rest)} more rows</summary><table class='cells'>{''.join(rest)}</table></details>"
    return out


# ---------------------------------------------------------------- values


def _value(v) -> str:
    if v is None:
        return "—"
    if isinstance(v, (str, int, float)):
        text = str(v)
    else:
        text = json.dumps(v, ensure_ascii=False)
    return text if len(text) <= 300 else text[:299] + "…"


def _kpi_value(v: dict | None) -> str:
    if not v:
        return "—"
    shown = v.get("text") or (f"{v.get('value')} {v.get('unit') or ''}".strip())
    return shown + (f" ({v['fiscal_year']}年度)" if v.get("fiscal_year") else "")


def values_html(entry: dict) -> str:
    """The values behind a change that has no text to show: a document's fields, a KPI's targets
    and actuals (which value of which year changed)."""
    rows = []
    if entry.get("changes"):
        for c in entry["changes"]:
            what = " ".join(str(x) for x in (c.get("kind"), c.get("label"), f"{c['fiscal_year']}年度" if c.get("fiscal_year") else None) if x)
            rows.append((what, _kpi_value(c.get("before")), _kpi_value(c.get("after"))))
    elif entry["type"] == "kpi" and (entry["after"] or entry["before"]):
        record = entry["after"] or entry["before"]
        values = [("target", t) for t in record.get("targets") or ()] + [("actual", a) for a in record.get("actuals") or ()]
        side = entry["op"] == "added"
        rows += [(kind, "" if side else _kpi_value(v), _kpi_value(v) if side else "") for kind, v in values]
    if entry["before"] is not None and entry["after"] is not None:
        for f in entry.get("fields") or ():
            if f in TEXT_FIELDS or (f in ("targets", "actuals", "target") and entry.get("changes")):
                continue
            rows.append((f, _value(entry["before"].get(f)), _value(entry["after"].get(f))))
    if not rows:
        return ""
    body = "".join(f"<tr><th>{esc(a)}</th><td class='b'>{esc(b)}</td><td class='a'>{esc(c)}</td></tr>" for a, b, c in rows)
    return f"<table class='values'><tr><th></th><th>before</th><th>after</th></tr>{body}</table>"


# ---------------------------------------------------------------- crops and cards


def crop_html(crop: Crop | None, side: str, record: dict | None) -> str:
    if record is None:
        return ""
    if crop is None or crop.src is None:
        version = str(record.get("version") or "")[:12]
        return f"<p class='nocrop'>(no page image: edition {esc(version)} not in the store)</p>"
    x0, y0, x1, y1 = crop.drawn
    w, h = x1 - x0, y1 - y0
    boxes = []
    for kind, (bx0, by0, bx1, by1) in crop.boxes:
        left, top = max(0.0, (bx0 - x0) / w), max(0.0, (by0 - y0) / h)
        right, bottom = min(1.0, (bx1 - x0) / w), min(1.0, (by1 - y0) / h)
        if right > left and bottom > top:
            boxes.append(f"<i class='box {kind}' style='left:{left:.2%};top:{top:.2%};width:{right - left:.2%};height:{bottom - top:.2%}'></i>")
    return (
        f"<figure class='crop' data-side='{side}'><div class='frame' title='click to enlarge'>"
        f"<img loading='lazy' src='{esc(crop.src)}' width='{round(w * CROP_DPI / 72)}' height='{round(h * CROP_DPI / 72)}' alt='{side}, page {crop.page}'>"
        f"{''.join(boxes)}</div><figcaption>page {crop.page}</figcaption></figure>"
    )


def _text_sides(entry: dict) -> tuple[str, str]:
    before, after = entry["before"], entry["after"]
    if before is not None and after is not None:
        b, a = char_diff_html(before.get("text") or "", after.get("text") or "")
        return f"<div class='text'>{b}</div>", f"<div class='text'>{a}</div>"
    one = f"<div class='text'>{esc((before or after).get('text') or '')}</div>"
    return (one, "") if after is None else ("", one)


def card_html(entry: dict, n: int, section_id: str, crops: dict[str, Crop | None]) -> str:
    """The card of change number `n` (its anchor is `c-<n>`)."""
    before, after = entry["before"], entry["after"]
    kind = entry["type"]
    where = " → ".join(f"p.{esc(str(r.get('page')))}" for r in (before, after) if r)
    moved = ""
    if entry["op"] == "moved":
        moved = f"<p class='moved-from'>moved from <b>{esc(' › '.join(before.get('section') or []) or '(top level)')}</b></p>"
    fields = f" · fields: {esc(', '.join(entry['fields']))}" if entry.get("fields") else ""
    if kind == "table" and before is not None and after is not None and entry.get("cells"):
        middle = f"<div class='table-change'>{table_change_html(entry)}</div>"
        sides = ("", "")
    elif kind == "table":
        middle = ""
        sides = (whole_table_html(before, "row-removed") if after is None else "", whole_table_html(after, "row-added") if before is None else "")
        if before is not None and after is not None:
            sides = _text_sides(entry)
    else:
        middle = ""
        sides = _text_sides(entry)
    values = values_html(entry)
    side_html = "".join(
        f"<div class='side {side}'><h4>{side}{' · page ' + esc(str(r.get('page'))) if r else ''}</h4>{body if r else '<p class=nocrop>—</p>'}{crop_html(crops.get(side), side, r)}</div>"
        for side, r, body in (("before", before, sides[0]), ("after", after, sides[1]))
    )
    return (
        f"<article class='change {esc(entry['op'])}' id='c-{n}' data-op='{esc(entry['op'])}' data-type='{esc(kind)}' data-doc='{esc(entry['doc'])}' "
        f"data-section='{section_id}' data-id='{esc(entry['id'])}'>"
        f"<header><a class='anchor' href='#c-{n}'>#{n}</a> <b class='op'>{esc(entry['op'])}</b> · {esc(kind)} · {where}{fields}</header>"
        f"{moved}{values}{middle}<div class='sides'>{side_html}</div></article>"
    )
