"""Record-level diff keyed by id."""
import copy

from pipeline.diff import diff_records, summarize
from pipeline.ids import assign_ids


def _doc(*items):
    records = [{"type": "document", "doc": "d", "version": "a" * 64, "page": 1, "bbox": [0, 0, 1, 1], "section": [], "text": "T"}]
    for kind, section, text, page in items:
        records.append({"type": kind, "doc": "d", "version": "a" * 64, "page": page, "bbox": [0, page, 10, 20], "section": section, "text": text})
    assign_ids(records, "d")
    return records


BASE = [
    ("heading", [], "第１章", 1),
    ("paragraph", ["第１章"], "我が国の研究開発費は２０兆円である。", 1),
    ("paragraph", ["第１章"], "論文数は増加している。", 2),
    ("heading", [], "第２章", 3),
    ("paragraph", ["第２章"], "国際連携を進める。", 3),
]


def test_identical_outputs_have_no_diff():
    assert diff_records(_doc(*BASE), _doc(*BASE)) == []


def test_page_shift_alone_is_no_change():
    shifted = _doc(*[(k, s, t, p + 1) for k, s, t, p in BASE])
    assert diff_records(_doc(*BASE), shifted) == []


def test_changed_figure_is_one_changed_record():
    revised = list(BASE)
    revised[1] = ("paragraph", ["第１章"], "我が国の研究開発費は２２兆円である。", 1)
    entries = diff_records(_doc(*BASE), _doc(*revised))
    assert [(e["op"], e["type"]) for e in entries] == [("changed", "paragraph")]
    assert entries[0]["fields"] == ["text"]
    assert "２０兆円" in entries[0]["before"]["text"] and "２２兆円" in entries[0]["after"]["text"]


def test_added_removed_and_moved():
    revised = [
        ("heading", [], "第１章", 1),
        ("paragraph", ["第１章"], "我が国の研究開発費は２０兆円である。", 1),
        ("paragraph", ["第１章"], "新しい段落を追加した。全く別の内容である。", 1),
        ("heading", [], "第２章", 3),
        ("paragraph", ["第２章"], "国際連携を進める。", 3),
        ("paragraph", ["第２章"], "論文数は増加している。", 3),  # moved from 第１章
    ]
    entries = diff_records(_doc(*BASE), _doc(*revised))
    assert summarize(entries) == {"added": 1, "removed": 0, "changed": 0, "moved": 1}
    moved = next(e for e in entries if e["op"] == "moved")
    assert moved["fields"] == ["section"]


def test_removed_record():
    entries = diff_records(_doc(*BASE), _doc(*BASE[:-1]))
    assert [(e["op"], e["before"]["text"]) for e in entries] == [("removed", "国際連携を進める。")]


def test_table_cell_change_is_reported_on_the_table():
    def table(value):
        t = {"type": "table", "doc": "d", "version": "a" * 64, "page": 1, "bbox": [0, 0, 1, 1], "section": [], "text": "",
             "cells": [{"row": 0, "col": 0, "text": "予算額", "bbox": [0, 0, 1, 1], "page": 1}, {"row": 1, "col": 0, "text": value, "bbox": [0, 0, 1, 1], "page": 1}]}
        return t
    old, new = [table("１，２３４")], [table("１，２４４")]
    assign_ids(old, "d")
    assign_ids(new, "d")
    entries = diff_records(old, new)
    assert [(e["op"], e["fields"]) for e in entries] == [("changed", ["cells"])]


def test_repeated_records_get_distinct_stable_ids():
    records = _doc(("paragraph", [], "同上", 1), ("paragraph", [], "同上", 2))
    ids = [r["id"] for r in records[1:]]
    assert ids[0] != ids[1] and ids[1].endswith("~2")
    again = copy.deepcopy(records)
    assign_ids(again, "d")
    assert [r["id"] for r in again] == [r["id"] for r in records]
