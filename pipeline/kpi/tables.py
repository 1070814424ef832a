"""KPIs from table records: a 測定指標 column paired with its 実績値 (and 目標値) cells."""
from __future__ import annotations


from shiryo.pipeline.normalize import analyze, normalize_text
from shiryo.pipeline.kpi.build import new_kpi
from shiryo.pipeline.kpi.patterns import ANY_DIGIT, NUMBER, TARGET_LABEL, TARGET_OPEN
from shiryo.pipeline.kpi.text import split_markers
from shiryo.pipeline.kpi.values import remove_spans


def _column_of(header_cells: list[dict], predicate) -> set[int]:
    cols: set[int] = set()
    for c in header_cells:
        # the pipeline's cells carry their `norm` already (a table built by hand may not)
        text = (c["norm"] if "norm" in c else normalize_text(c["text"])).replace(" ", "")
        if predicate(text):
            cols.update(range(c["col"], c["col"] + c.get("colspan", 1)))
    return cols


def kpis_from_table(table: dict) -> list[dict]:
    cells = table.get("cells") or []
    if not cells:
        return []
    header_rows = max(table.get("header_rows") or 0, 0)
    header = [c for c in cells if c["row"] < header_rows] or [c for c in cells if c["row"] == 0]
    # lower header rows win: a colspan header `実績値・目標値` over `目標値（年度）` | `実績値…`
    header = sorted(header, key=lambda c: -c["row"])
    indicator_cols = _column_of(header, lambda t: "測定指標" in t and "実績" not in t and "目標値" not in t)
    target_cols = _column_of([c for c in header if c.get("colspan", 1) == 1], lambda t: t.startswith("目標"))
    actual_cols = _column_of([c for c in header if c.get("colspan", 1) == 1], lambda t: "実績" in t and "出典" not in t) - target_cols
    body = [c for c in cells if c["row"] >= max(header_rows, 1 if header else 0)]
    if not (indicator_cols and actual_cols):
        return _kpis_from_unlabelled_table(table, cells)
    ind_cells = sorted((c for c in body if c["col"] in indicator_cols), key=lambda c: (c["row"], c["col"]))
    act_cells = sorted((c for c in body if c["col"] in actual_cols), key=lambda c: (c["row"], c["col"]))
    tgt_cells = [c for c in body if c["col"] in target_cols]
    out: list[dict] = []
    used: set[int] = set()

    def rows(c):
        return range(c["row"], c["row"] + c.get("rowspan", 1))

    for act in act_cells:
        group = [i for i in ind_cells if set(rows(i)) & set(rows(act)) and id(i) not in used]
        used.update(id(i) for i in group)
        targets = [t for t in tgt_cells if set(rows(t)) & set(rows(act))]
        out.extend(_pair(table, group, act, targets))
    for ind in ind_cells:
        if id(ind) not in used:
            out.extend(_pair(table, [ind], None, []))
    return out


def _cell_source(table: dict, cell: dict) -> dict:
    return {"record": table["id"], "row": cell["row"], "col": cell["col"]}


def _pair(source: dict, indicator_cells: list[dict], actual_cell: dict | None, target_cells: list[dict]) -> list[dict]:
    """KPIs of indicator cells and the actuals cell beside them, matched by marker."""
    entries = []
    for cell in indicator_cells:
        for marker, text in split_markers(cell["text"]):
            if text:
                entries.append((marker, text, cell))
    actuals = split_markers(actual_cell["text"]) if actual_cell else []
    by_marker = {m: t for m, t in actuals if m}
    unmarked = " ".join(t for m, t in actuals if not m)
    target_text = " ".join(c["text"] for c in target_cells) or None
    out = []
    for marker, text, cell in entries:
        actual_text = by_marker.get(marker) if marker else None
        if actual_text is None and len(entries) == 1:
            actual_text = unmarked or (actuals[0][1] if len(actuals) == 1 else "")
        cells = [cell] + ([actual_cell] if actual_cell and actual_text else []) + target_cells
        target_body = TARGET_LABEL.sub("", target_text) if target_text and len(entries) == 1 else None
        out.append(
            new_kpi(source, text, marker, target_body, actual_text or "", [_cell_source(source, c) for c in cells], [c["bbox"] for c in cells if c.get("bbox")], cell.get("page", source["page"]))
        )
    return out


def has_values(text: str) -> bool:
    """Does the text hold values with fiscal years (`592名（2020年度）`)?"""
    if "年度" not in text or not ANY_DIGIT.search(text):
        return False  # most paragraphs: no need to run the normaliser
    analysis = analyze(text)
    return bool(analysis["fiscal_years"]) and bool(analysis["quantities"] or NUMBER.search(remove_spans(analysis["norm"], (f["text"] for f in analysis["fiscal_years"]))))


def _kpis_from_unlabelled_table(table: dict, cells: list[dict]) -> list[dict]:
    out = []
    for cell in cells:
        if not TARGET_OPEN.search(cell["text"]):
            continue
        right = sorted((c for c in cells if c["col"] > cell["col"] and c["row"] <= cell["row"] < c["row"] + c.get("rowspan", 1)), key=lambda c: c["col"])
        actual = next((c for c in right if has_values(c["text"])), None)
        out.extend(_pair(table, [cell], actual, []))
    return out
