"""KPIs from running text: the paragraph state machine over paragraph and list-item records."""
from __future__ import annotations

from typing import Iterable

import regex

from shiryo.pipeline.kpi.build import new_kpi
from shiryo.pipeline.kpi.patterns import CLOSE, OPEN, GOAL_LEAD, GOAL_SECTION, LINE_LABEL, OUTPUT_LINE, TARGET_ACTUAL, TARGET_LINE, TARGET_OPEN
from shiryo.pipeline.kpi.tables import has_values
from shiryo.pipeline.kpi.text import split_markers, split_markers_repeating
from shiryo.pipeline.kpi.values import parse_values


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
        if record["type"] not in _TEXT_TYPES or "figure_text" in record:  # a diagram's labels state no KPI
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
            goal_block, misses = bool(GOAL_SECTION.search(record["text"])), 0
            previous = None
            continue
        src = [{"record": r["id"]} for r in group]
        boxes = [r["bbox"] for r in group if r["page"] == record["page"]]

        def make(indicator, marker, target, actuals):
            return new_kpi(record, indicator, marker, target, actuals, list(src), boxes, record["page"])

        m = TARGET_ACTUAL.match(text)
        if m and m.group("indicator").strip():
            flush()
            marker, indicator = (split_markers(m.group("indicator")) or [(None, m.group("indicator"))])[0]
            out.append(make(indicator, marker, m.group("target"), m.group("actuals")))
            previous = None
            continue
        label = LINE_LABEL.match(text)
        if label and label.group("label") == "目標" and previous is not None and len(previous[0]) <= 120 and not has_values(previous[0]):
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
        if TARGET_OPEN.search(text) and "目標値" in text:
            if any(p["has_actuals"] for p in pending.values()):
                flush()
            # `②創業数（目標値：350（2025年度）） ②368件（2020年度）…`: the marker repeats before the actuals
            for marker, piece in split_markers_repeating(text):
                kpi = make(piece["indicator"], marker, None, piece["actuals"])
                pending[marker] = {"kpi": kpi, "has_actuals": bool(piece["actuals"])}
            previous = None
            continue
        if lone_marker and pending.get(lone_marker) and has_values(text):
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
        if pending and len(pending) == 1 and None in pending and has_values(text) and not pending[None]["has_actuals"]:
            _attach(pending[None], text, record)
            continue
        if GOAL_LEAD.match(text):
            flush()
            goal_block, misses = True, 0
            continue
        if goal_block or GOAL_SECTION.search(" ".join(record.get("section", []))):
            t = TARGET_LINE.match(text) or OUTPUT_LINE.match(text)
            if t:
                flush()
                out.append(make(t.group("indicator"), None, t.group("target"), ""))
                misses = 0
            else:  # a wrapped line or a remark; three in a row: the list of goals ended
                misses += 1
                goal_block = misses < 3
    flush()
    return out


def _attach(entry: dict, actuals_text: str, record: dict) -> None:
    kpi = entry["kpi"]
    kpi["actuals"].extend(parse_values(actuals_text))
    for v in kpi["actuals"]:
        if v["label"] is not None and v["label"] not in kpi["series"]:
            kpi["series"].append(v["label"])
    kpi["sources"].append({"record": record["id"]})
    entry["has_actuals"] = True
