"""Records → KPI records: measurement indicators (測定指標) with their target and actual values.

Pure functions over contract records (after normalisation and ids):

    kpis = kpi_records(records)          # new `kpi` records, ids assigned
    kpi_value_changes(before, after)     # value-level detail of a changed kpi record
    kpi_rows(records)                    # flat rows for the CSV export

Where KPIs come from:

* Table records with an indicator column (header `測定指標`) and an actuals column
  (header `…実績値…`, not `…出典`), optionally a target column (header `目標値…`).
  An actuals cell is paired with the indicator cells of the rows it spans, and
  indicators and actuals are matched by their ①②③ markers, so one actuals cell
  may hold the values of several indicators (and one indicator cell several
  indicators). Tables without such headers: any row with a `（目標値…）` cell and a
  cell to its right holding fiscal-year values.
* Paragraph and list-item text of the same shape: `①…（目標値：…）` followed (in the
  same or a following record) by `①592名（2020年度）、…`; a record with `目標：…` and
  `実績：…` parts; and `・ 指標：570億円（2025年度）` lines under a heading naming
  数値目標 / 主要指標 (targets only).

Field choices (documented because they are choices):

* `indicator` is the indicator text without its marker and without the target
  parenthesis; `marker` keeps the ① when there was one. `text` = `indicator`, so
  the id (pipeline/ids.py: doc + type + section + text) does not depend on any
  value: a revised figure makes the same kpi record `changed`.
* Multi-series values (`理学系19.9％、工学系14.1％`) are several entries of
  `actuals` (and `targets`) told apart by `label` (`理学系`); a single series has
  `label: null`. `series` lists the labels in order of appearance.
* `target` is the first target value (contract shape plus `kind` and `label`),
  `targets` all of them. `kind` is `value` for a number, `text` for targets
  that are no number (`前年度以上`, `直近3年間の平均`, `対2018年度比で約７割増加`).
* Each value's fiscal year comes from its own parentheses `（2020年度）`, a
  `令和３年度：` prefix (which carries to the following values until the next
  year), or a parenthesis shared by `・`-joined values. Other parentheses
  (`（推計値）`) and `※…` remarks are kept as `note`.
* `value` is in the normaliser's base unit (`882億円` → 88200000000, `円`).
  Counters the normaliser does not know (`58食品`) keep the value with the
  counter as written as unit; a bare number (`目標値：1,200`) has unit null.
* `sources`: `[{"record": id, "row", "col"}]` for table cells, `[{"record": id}]`
  for paragraphs; `source_table` the table record id (null from paragraphs).
"""
from __future__ import annotations

from typing import Iterable

import regex

from shiryo.parsers.model import union
from shiryo.pipeline.ids import assign_ids
from shiryo.pipeline.normalize import analyze, normalize_text
from shiryo.pipeline.normalize.numerals import as_plain_number, parse_numeral

MARKERS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
OPEN, CLOSE = "（(", "）)"
_DIGITS = "0123456789０１２３４５６７８９"

# A marker starts an entry unless it is a reference: `（①の内数）`, `①及び②`.
_MARKER = regex.compile(rf"(?<![（(、・及])[{MARKERS}](?![のとに及、・])")
_TARGET_OPEN = regex.compile(r"[（(]\s*目標値?")
_TARGET_LABEL = regex.compile(r"^目標値?(?:[（(][^）)]*[）)])?\s*[:：]?\s*")
_NOT_A_NUMBER = regex.compile(r"以上|以下|上回|下回|平均|比で|増加|減少|維持|同程度|向上")
_NUMBER = regex.compile(r"(?<![0-9.,])[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|(?<![0-9.,])[0-9]+(?:\.[0-9]+)?")
_COUNTER = regex.compile(r"\p{Han}{1,3}|\p{Katakana}+")
_LABEL_PREFIX = regex.compile(r"^(?P<prefix>[^：:、]{1,20}?)[:：]\s*")
_YEAR_ONLY = regex.compile(r"^(?:までに|まで|時点|実績|末|現在|[\s、,])*$")
_LABEL_NOISE = regex.compile(r"までに|まで|\s")
_ANY_DIGIT = regex.compile(r"[0-9０-９]")
_JOINED_VALUES = regex.compile(r"(?<=[）)])\s*(?=[0-9０-９])")
_LINE_LABEL = regex.compile(r"^(?P<label>目標|実績)(?:値)?\s*[:：]\s*(?P<rest>.+)$", regex.S)
_TARGET_LINE = regex.compile(r"^[・･○〇◯]\s*(?P<indicator>[^：:]{4,}?)\s*[:：]\s*(?P<target>.*[0-9０-９].*)$")
_GOAL_SECTION = regex.compile(r"数値目標|主要指標|成果指標|アウトプット指標|KPI")
# a short bracketed line opening a list of goals when it is no heading: `【…主要な数値目標】（主要指標）`, `＜アウトプット指標＞`
_GOAL_LEAD = regex.compile(r"^[【＜<〈].{0,40}(?:数値目標|主要指標|成果指標|アウトプット指標).{0,20}$")
# seed 002: `○ 治験に至った件数※ 60件／年 （令和７年度～令和11年度累計300件）`
_OUTPUT_LINE = regex.compile(r"^[・･○〇◯]\s*(?P<indicator>[^：:]{4,}?)※?\s+(?P<target>[0-9０-９].*)$")
_TARGET_ACTUAL = regex.compile(r"^(?P<indicator>.*?)\s*目標\s*[:：]\s*(?P<target>.+?)\s*実績(?:値)?\s*[:：]\s*(?P<actuals>.+)$", regex.S)


# ---------------------------------------------------------------- text shapes


def split_markers(text: str, repeats: bool = False) -> list[tuple[str | None, str]]:
    """`①A②B` → [("①", "A"), ("②", "B")]; text before the first marker keeps marker None.

    Markers must rise (① then ② …); a marker out of sequence is text (`（②を除く）`).
    With `repeats`, a marker may also repeat (`②創業数（目標値：…） ②368件…`)."""
    out: list[tuple[str | None, str]] = []
    last = -1
    start, marker = 0, None
    for m in _MARKER.finditer(text):
        index = MARKERS.index(m.group())
        if index < last or (index == last and not repeats):
            continue
        piece = text[start : m.start()].strip()
        if piece or marker is not None:
            out.append((marker, piece))
        marker, start, last = m.group(), m.end(), index
    piece = text[start:].strip()
    if piece or marker is not None:
        out.append((marker, piece))
    return out


def _closing(text: str, open_at: int) -> int:
    """Index of the parenthesis closing the one at open_at (len(text) if unclosed)."""
    depth = 0
    for i in range(open_at, len(text)):
        if text[i] in OPEN:
            depth += 1
        elif text[i] in CLOSE:
            depth -= 1
            if depth == 0:
                return i
    return len(text)


def _between_digits(text: str, i: int) -> bool:
    return 0 < i < len(text) - 1 and text[i - 1] in _DIGITS and text[i + 1] in _DIGITS


def split_top_level(text: str, separators: str) -> list[str]:
    """Split at separators that are not inside parentheses."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in OPEN:
            depth += 1
        elif ch in CLOSE:
            depth = max(0, depth - 1)
        elif ch in separators and depth == 0 and not (ch in ",，" and _between_digits(text, i)):
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def parse_indicator(text: str) -> tuple[str, str | None, str]:
    """`受講者数（目標値：1,200（2025年度））※注 ②…` → (indicator, target body, rest after the target)."""
    m = _TARGET_OPEN.search(text)
    if not m:
        return text.strip(), None, ""
    close = _closing(text, m.start())
    body = _TARGET_LABEL.sub("", text[m.start() + 1 : close].strip())
    return text[: m.start()].strip(), body.strip(), text[close + 1 :].strip()


# ---------------------------------------------------------------- values


def _fiscal_year(entry: dict) -> int | None:
    """The year of a normaliser fiscal-year entry; a range (`令和７年度～令和11年度`) gives its last."""
    return entry["end"] if entry.get("end") is not None else entry.get("start")


def _remove_spans(norm: str, pieces: Iterable[str]) -> str:
    """`norm` without the given mention texts (as printed, so normalised first)."""
    for piece in pieces:
        norm = norm.replace(normalize_text(piece), " ", 1)
    return norm


def _value(norm: str, analysis: dict) -> tuple[float | int | None, str | None, str]:
    """(value, unit, text of the value) of the first number in `norm` that is not a year."""
    if analysis["quantities"]:
        q = analysis["quantities"][0]
        return q["value"], q["unit"], q["text"]
    rest = _remove_spans(norm, (fy["text"] for fy in analysis["fiscal_years"]))
    rest = _remove_spans(rest, (d["text"] for d in analysis["dates"]))
    m = _NUMBER.search(rest)
    if not m:
        return None, None, ""
    value = as_plain_number(parse_numeral(m.group()))
    counter = _COUNTER.match(rest, m.end())
    unit = counter.group() if counter and not regex.match(r"年|月|日|期", counter.group()) else None
    return value, unit, m.group() + (unit or "")


def parse_value(text: str, year: int | None = None) -> dict:
    """One value as written (`592名（2020年度）`, `令和３年度：15,300人（推計値）`, `理学系19.9％`).

    Returns {"label", "value", "unit", "fiscal_year", "text", "note"} plus flags for parse_values
    (`year_only`: a year and no value, `year_prefix`: the year came from a `…年度：` prefix,
    `own_year`: the value names its year); `year` is the fiscal year carried from an earlier
    prefix, used when the value names none."""
    text = text.strip()
    note_parts = []
    # `11※（2017年度）`: a ※ on the value itself points to a note elsewhere; its year still counts
    body, star, remark = regex.sub(r"※(?=\s*[（(])", "", text).partition("※")
    if star and remark.strip():
        note_parts.append("※" + remark.strip())
    body = body.strip()
    label = None
    year_prefix = False
    prefix = _LABEL_PREFIX.match(normalize_text(body))
    if prefix:  # `令和３年度：…` sets the year; `理学部：…` is a label
        p_analysis = analyze(prefix.group("prefix"))
        if p_analysis["fiscal_years"]:
            year = _fiscal_year(p_analysis["fiscal_years"][0])
            year_prefix = True
        elif not regex.search(r"[0-9]", prefix.group("prefix")):
            label = prefix.group("prefix").strip()
        body = normalize_text(body)[prefix.end():]
    analysis = analyze(body)
    norm = analysis["norm"]
    own_years = analysis["fiscal_years"]
    # parentheses that are not a fiscal year are remarks: （推計値）, （対象は…）
    for m in regex.finditer(r"\(([^()]*)\)", norm):
        inner = m.group(1)
        if not any(normalize_text(fy["text"]) in inner for fy in own_years) and not _NUMBER.search(inner):
            note_parts.insert(0, f"（{inner}）")
    value, unit, value_text = _value(norm, analysis)
    fiscal_year = _fiscal_year(own_years[0]) if own_years else year
    year_only = value is None and bool(own_years) and bool(_YEAR_ONLY.match(_remove_spans(norm, (fy["text"] for fy in own_years))))
    if label is None and value_text:
        value_norm = normalize_text(value_text)
        before = norm[: norm.find(value_norm)] if value_norm in norm else ""
        before = _remove_spans(before, (fy["text"] for fy in own_years))
        before = regex.sub(r"\([^()]*\)", "", before)
        before = _LABEL_NOISE.sub("", before).strip("、,：:・※ ")
        label = before or None
    return {
        "label": label,
        "value": value,
        "unit": unit,
        "fiscal_year": fiscal_year,
        "text": text,
        "note": " ".join(note_parts) or None,
        "year_only": year_only,
        "year_prefix": year_prefix,
        "own_year": bool(own_years) or year_prefix,
    }


def parse_values(text: str) -> list[dict]:
    """A list of values: `592名（2020年度）、3133名（2021年度）`, `令和３年度：理学系19.9％、工学系14.1％`,
    `理学部：27.8％・工学部：15.7％（令和３年度）`, one per line, … A `※…` remark after the last value
    is that value's note; a fiscal year alone (`令和7年度までに、`) carries to the following values."""
    # values one per line whose lines were joined: `27.9％（2021年度実績）28.6％（2022年度実績）`
    text = _JOINED_VALUES.sub("\n", text.strip())
    values: list[dict] = []
    year = None
    for item in split_top_level(text, "、,\n"):
        if item.startswith("※") and values:
            values[-1]["note"] = " ".join(filter(None, [values[-1]["note"], item]))
            continue
        parts = _split_joined(item)
        shared = analyze(parts[-1])["fiscal_years"] if len(parts) > 1 else []
        for part in parts:
            value = parse_value(part, year)
            if value["year_only"]:
                year = value["fiscal_year"]
                continue
            if value["value"] is None and not value["fiscal_year"] and not value["label"]:
                continue
            if shared and not value["own_year"]:
                value["fiscal_year"] = _fiscal_year(shared[0])
            # a `令和３年度：` prefix carries to the next values until another year is named
            if value["year_prefix"]:
                year = value["fiscal_year"]
            values.append(value)
    for value in values:
        del value["year_only"], value["year_prefix"], value["own_year"]
    return values


def _split_joined(item: str) -> list[str]:
    """`理学部：27.8％・工学部：15.7％（令和３年度）` → two values sharing the trailing year;
    `医学・歯学・薬学系28.4％` stays one (a `・` splits only between two numbers)."""
    parts = split_top_level(item, "・･")
    if len(parts) < 2 or not all(_ANY_DIGIT.search(p) for p in parts):
        return [item]
    return parts


def parse_target(body: str | None) -> list[dict]:
    """Target values of a `目標値：…` body; a target without a number is one `kind: text` entry."""
    if not body:
        return []
    clean = body.rstrip("※ ").strip()
    values = [] if _NOT_A_NUMBER.search(clean) else [v for v in parse_values(clean) if v["value"] is not None]
    if len(values) > 1:  # `570億円（2025年度）79`: a footnote number is no second target
        values = [v for v in values if v["unit"] or v["fiscal_year"] or v["label"]] or values
    if not values:
        fys = analyze(clean)["fiscal_years"]
        year = _fiscal_year(fys[0]) if fys else None
        return [{"label": None, "value": None, "unit": None, "fiscal_year": year, "text": clean, "note": None, "kind": "text"}]
    for v in values:
        v["kind"] = "value"
    return values


# ---------------------------------------------------------------- records


def _kpi(source: dict, indicator_text: str, marker: str | None, target_body: str | None, actuals_text: str, sources: list[dict], boxes: list[list[float]], page: int) -> dict:
    indicator, body, rest = parse_indicator(indicator_text) if target_body is None else (indicator_text.strip(), target_body, "")
    notes = rest if rest.startswith("※") else None
    targets = parse_target(body)
    if targets and notes:  # `（目標値：339機関※）※前年度の実績値を毎年目標値とする。`
        targets[0]["note"] = " ".join(filter(None, [targets[0]["note"], notes]))
    actuals = parse_values(actuals_text) if actuals_text else []
    labels = []
    for v in actuals + targets:
        if v["label"] is not None and v["label"] not in labels:
            labels.append(v["label"])
    return {
        "type": "kpi",
        "doc": source["doc"],
        "version": source["version"],
        "page": page,
        "pages": [page],
        "bbox": list(union(boxes)) if boxes else source["bbox"],
        "section": list(source.get("section", [])),
        "text": indicator,
        "indicator": indicator,
        "marker": marker,
        "target": targets[0] if targets else None,
        "targets": targets,
        "actuals": actuals,
        "series": labels,
        "source_table": source["id"] if source["type"] == "table" else None,
        "sources": sources,
    }


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
        target_body = _TARGET_LABEL.sub("", target_text) if target_text and len(entries) == 1 else None
        out.append(
            _kpi(source, text, marker, target_body, actual_text or "", [_cell_source(source, c) for c in cells], [c["bbox"] for c in cells if c.get("bbox")], cell.get("page", source["page"]))
        )
    return out


def _has_values(text: str) -> bool:
    """Does the text hold values with fiscal years (`592名（2020年度）`)?"""
    if "年度" not in text or not _ANY_DIGIT.search(text):
        return False  # most paragraphs: no need to run the normaliser
    analysis = analyze(text)
    return bool(analysis["fiscal_years"]) and bool(analysis["quantities"] or _NUMBER.search(_remove_spans(analysis["norm"], (f["text"] for f in analysis["fiscal_years"]))))


def _kpis_from_unlabelled_table(table: dict, cells: list[dict]) -> list[dict]:
    out = []
    for cell in cells:
        if not _TARGET_OPEN.search(cell["text"]):
            continue
        right = sorted((c for c in cells if c["col"] > cell["col"] and c["row"] <= cell["row"] < c["row"] + c.get("rowspan", 1)), key=lambda c: c["col"])
        actual = next((c for c in right if _has_values(c["text"])), None)
        out.extend(_pair(table, [cell], actual, []))
    return out


# ---------------------------------------------------------------- paragraphs

_TEXT_TYPES = ("paragraph", "list_item")


def _unbalanced(text: str) -> bool:
    return sum(text.count(c) for c in OPEN) > sum(text.count(c) for c in CLOSE)


_PAREN_TAIL = regex.compile(r"^[^（(]{0,6}[）)]|^[（(][^（()）]{0,16}[）)]\S{0,3}$")


def _text_units(records: list[dict]) -> Iterable[tuple[str, list[dict]]]:
    """Paragraph and list-item texts, with a record that only finishes the one before it
    (`（2025 年度））`, `度）、512,775回（2024年度）`) joined back to it: the block parser may cut a
    wrapped `①…` list item at the line end. Headings come through as (None, [heading])."""
    unit: tuple[str, list[dict]] | None = None
    for record in records:
        if record["type"] == "heading":
            if unit:
                yield unit
                unit = None
            yield None, [record]
            continue
        if record["type"] not in _TEXT_TYPES:
            continue
        text = record["text"].strip()
        if unit and (_unbalanced(unit[0]) or _PAREN_TAIL.match(text)):
            unit = (unit[0] + text, unit[1] + [record])
            continue
        if unit:
            yield unit
        unit = (text, [record])
    if unit:
        yield unit


def kpis_from_paragraphs(records: list[dict]) -> list[dict]:
    """KPIs written as running text (see the module docstring for the shapes)."""
    out: list[dict] = []
    pending: dict[str | None, dict] = {}  # marker -> partial kpi awaiting its actuals
    lone_marker: str | None = None
    previous: tuple[str, list[dict]] | None = None  # the text before a `目標：` line names the indicator
    goal_block = False
    misses = 0  # text records in a goal block that are no goal line

    def flush():
        out.extend(p["kpi"] for p in pending.values())
        pending.clear()

    for text, group in _text_units(records):
        record = group[0]
        if text is None:
            flush()
            goal_block, misses = bool(_GOAL_SECTION.search(record["text"])), 0
            previous = None
            continue
        src = [{"record": r["id"]} for r in group]
        boxes = [r["bbox"] for r in group if r["page"] == record["page"]]

        def make(indicator, marker, target, actuals):
            return _kpi(record, indicator, marker, target, actuals, list(src), boxes, record["page"])

        m = _TARGET_ACTUAL.match(text)
        if m and m.group("indicator").strip():
            flush()
            marker, indicator = (split_markers(m.group("indicator")) or [(None, m.group("indicator"))])[0]
            out.append(make(indicator, marker, m.group("target"), m.group("actuals")))
            previous = None
            continue
        label = _LINE_LABEL.match(text)
        if label and label.group("label") == "目標" and previous is not None and len(previous[0]) <= 120 and not _has_values(previous[0]):
            flush()
            marker, indicator = (split_markers(previous[0]) or [(None, previous[0])])[0]
            kpi = make(indicator, marker, label.group("rest"), "")
            kpi["sources"][:0] = [{"record": r["id"]} for r in previous[1]]
            pending[marker] = {"kpi": kpi, "has_actuals": False}
            previous = None
            continue
        if label and label.group("label") == "実績" and len(pending) == 1:
            _attach(next(iter(pending.values())), label.group("rest"), record)
            flush()
            continue
        previous = (text, group)
        if _TARGET_OPEN.search(text) and "目標値" in text:
            if any(p["has_actuals"] for p in pending.values()):
                flush()
            # `②創業数（目標値：350（2025年度）） ②368件（2020年度）…`: the marker repeats before the actuals
            for marker, piece in split_markers_repeating(text):
                kpi = make(piece["indicator"], marker, None, piece["actuals"])
                pending[marker] = {"kpi": kpi, "has_actuals": bool(piece["actuals"])}
            previous = None
            continue
        if lone_marker and pending.get(lone_marker) and _has_values(text):
            _attach(pending[lone_marker], text, record)
            lone_marker = None
            continue
        entries = split_markers(text)
        if pending and entries and all(m in pending for m, _ in entries if m) and any(m for m, _ in entries):
            if len(entries) == 1 and entries[0][0] and not entries[0][1]:
                lone_marker = entries[0][0]
                continue
            for marker, piece in entries:
                if marker in pending and piece:
                    _attach(pending[marker], piece, record)
            continue
        if pending and len(pending) == 1 and None in pending and _has_values(text) and not pending[None]["has_actuals"]:
            _attach(pending[None], text, record)
            continue
        if _GOAL_LEAD.match(text):
            flush()
            goal_block, misses = True, 0
            continue
        if goal_block or _GOAL_SECTION.search(" ".join(record.get("section", []))):
            t = _TARGET_LINE.match(text) or _OUTPUT_LINE.match(text)
            if t:
                flush()
                out.append(make(t.group("indicator"), None, t.group("target"), ""))
                misses = 0
            else:  # a wrapped line or a remark; three in a row: the list of goals ended
                misses += 1
                goal_block = misses < 3
    flush()
    return out


def split_markers_repeating(text: str) -> list[tuple[str | None, dict]]:
    """Indicator text with markers, where an indicator's actuals may follow on the same line
    behind a repeat of its marker (`②創業数（目標値：…） ②368件（2020年度）…`)."""
    out: list[tuple[str | None, dict]] = []
    for marker, piece in split_markers(text, repeats=True):
        if out and marker is not None and marker == out[-1][0]:
            out[-1][1]["actuals"] = piece
        else:
            out.append((marker, {"indicator": piece, "actuals": ""}))
    return out


def _attach(entry: dict, actuals_text: str, record: dict) -> None:
    kpi = entry["kpi"]
    kpi["actuals"].extend(parse_values(actuals_text))
    for v in kpi["actuals"]:
        if v["label"] is not None and v["label"] not in kpi["series"]:
            kpi["series"].append(v["label"])
    kpi["sources"].append({"record": record["id"]})
    entry["has_actuals"] = True


# ---------------------------------------------------------------- entry points


def kpi_records(records: list[dict]) -> list[dict]:
    """The KPI records of one document's records (with ids and normalised fields)."""
    kpis: list[dict] = []
    for record in records:
        if record["type"] == "table":
            kpis.extend(kpis_from_table(record))
    kpis.extend(kpis_from_paragraphs(records))
    # normalised like every other record: 前年度 resolved against the document's own year
    doc_year = next((r.get("fiscal_year") for r in records if r["type"] == "document"), None)
    for kpi in kpis:
        kpi.update(analyze(kpi["text"], doc_fiscal_year=doc_year))
    if kpis:
        assign_ids(kpis, kpis[0]["doc"])
    return kpis


def with_kpi_records(records: list[dict]) -> list[dict]:
    """`records` with each KPI record placed right after the record it comes from."""
    kpis = kpi_records(records)
    after: dict[str, list[dict]] = {}
    for kpi in kpis:
        after.setdefault(kpi["sources"][-1]["record"] if kpi["source_table"] is None else kpi["source_table"], []).append(kpi)
    out = []
    for record in records:
        out.append(record)
        out.extend(after.pop(record.get("id"), []))
    for rest in after.values():
        out.extend(rest)
    return out


# Where a kpi was read from, not what it says: a corrected cell gives its table a new id.
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
