"""Record-level diff keyed by id."""
import copy
import json

from shiryo.pipeline.diff import diff_records, summarize
from shiryo.pipeline.ids import assign_ids


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


def _table(rows, section=("表",)):
    cells = [{"row": r, "col": c, "rowspan": 1, "colspan": 1, "text": text, "page": 1 + r, "bbox": [c, r, c + 1, r + 1]}
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    t = {"type": "table", "doc": "d", "version": "a" * 64, "page": 1, "bbox": [0, 0, 1, 1], "section": list(section),
         "text": "\n".join("\t".join(r) for r in rows), "n_rows": len(rows), "n_cols": len(rows[0]), "header_rows": 1, "cells": cells}
    assign_ids([t], "d")
    return t


ROWS = [["施策", "予算額", "担当"], ["ＡＩ", "１００億円", "文科省"], ["半導体", "２００億円", "経産省"], ["量子", "３０億円", "内閣府"]]


def test_inserted_table_row_is_one_added_row_even_when_rows_below_shift():
    revised = ROWS[:2] + [["宇宙", "５０億円", "文科省"]] + ROWS[2:]
    (entry,) = diff_records([_table(ROWS)], [_table(revised)])
    assert entry["op"] == "changed" and entry["type"] == "table"
    assert entry["cells"] == [{"op": "added", "row": 2, "label": "宇宙", "after": ["宇宙", "５０億円", "文科省"]}]


def test_changed_cell_is_reported_by_row_label_and_column():
    revised = [list(r) for r in ROWS]
    revised[2][1] = "２２０億円"
    del revised[3]  # and a row removed
    (entry,) = diff_records([_table(ROWS)], [_table(revised)])
    assert entry["cells"] == [
        {"op": "changed", "row": 2, "row_before": 2, "label": "半導体", "cols": [{"col": 1, "header": "予算額", "before": "２００億円", "after": "２２０億円"}]},
        {"op": "removed", "row_before": 3, "label": "量子", "before": ["量子", "３０億円", "内閣府"]},
    ]


def test_table_moved_to_another_page_is_no_change():
    moved = _table(ROWS)
    moved["page"], moved["bbox"] = 5, [9, 9, 99, 99]
    for cell in moved["cells"]:
        cell["page"] += 4
    assert diff_records([_table(ROWS)], [moved]) == []


def test_edition_pair_diffs_to_exactly_its_four_changes():
    """fixtures/editions/strategy_plan_revised.pdf against fixtures/pdfs/strategy_plan.pdf: a line
    inserted at the top (every later record shifts), one figure changed, one table row added,
    one sentence removed — and nothing else."""
    from conftest import FIXTURES, extracted

    changes = json.loads((FIXTURES / "truth" / "strategy_plan_revised.json").read_text(encoding="utf-8"))["changes"]
    old = extracted(FIXTURES / "pdfs" / "strategy_plan.pdf", "plan").records
    new = extracted(FIXTURES / "editions" / "strategy_plan_revised.pdf", "plan").records
    entries = diff_records(old, new)
    assert [(e["op"], e["type"]) for e in entries] == [("added", "paragraph"), ("changed", "list_item"), ("changed", "table"), ("removed", "paragraph")]
    added, figure, table, removed = entries
    assert added["after"]["text"] == changes["inserted_line"]
    (before, after), = changes["changed_figure"].values()
    assert (figure["before"]["text"], figure["after"]["text"]) == (before, after) and figure["fields"] == ["norm", "text"]
    assert table["cells"] == [{"op": "added", "row": 3, "label": changes["added_row"][0], "after": changes["added_row"]}]
    assert removed["before"]["text"] == changes["removed"]
    # the records below the inserted line moved down the page; none of that is a change
    assert any(o["page"] != n["page"] or o["bbox"] != n["bbox"] for o in old for n in new if o["id"] == n["id"] and o["type"] != "document")


def test_revision_dates_come_from_the_first_page():
    from conftest import FIXTURES, extracted
    from shiryo.pipeline.editions import revision_dates

    old = extracted(FIXTURES / "pdfs" / "strategy_plan.pdf", "plan").records
    new = extracted(FIXTURES / "editions" / "strategy_plan_revised.pdf", "plan").records
    assert revision_dates(old) == [{"date": "2025-01-17", "text": "令和７年１月17日一部改訂"}]
    assert [d["date"] for d in revision_dates(new)] == ["2025-01-17", "2025-08-06"]
    # a date that is not a revision (閣議決定) is not taken
    assert "2025-06-06" not in {d["date"] for d in revision_dates(old)}
