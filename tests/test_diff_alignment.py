"""The diff aligns whole documents: what records say, not where they sit or how they are cut."""
from shiryo.pipeline.diff import diff_records
from shiryo.pipeline.diff_report import change_excerpt, render_md, render_text
from shiryo.pipeline.ids import assign_ids


def _doc(*items, title="計画", n_pages=3):
    """Records from (type, section, text[, extra fields]) tuples, ids assigned as the pipeline does."""
    records = [{"type": "document", "doc": "d", "version": "a" * 64, "page": 1, "bbox": [0, 0, 1, 1], "section": [],
                "text": title, "title": title, "n_pages": n_pages}]
    for k, (kind, section, text, *extra) in enumerate(items):
        record = {"type": kind, "doc": "d", "version": "a" * 64, "page": 1 + k // 3, "bbox": [0, k, 10, k + 1], "section": list(section), "text": text}
        record.update(*extra)
        records.append(record)
    assign_ids(records, "d")
    return records


H1 = "第２ 電子船荷証券記録を発行する場面の規律について"
H1_NEW = "第２ 電子船荷証券記録を発行する場面の規律等"
P1 = "運送人又は船長は、荷送人又は傭船者の承諾を得て、電子船荷証券記録を発行することができる。"
P2 = "前項の規定は、運送品について現に海上運送状が交付されているときは、適用しない。"
P3 = "電子船荷証券記録の支配の移転については、一定の技術的要件を満たす必要がある。"


def test_reworded_heading_is_one_change_and_nothing_under_it_moves():
    old = _doc(("heading", [], H1, {"level": 1}), ("paragraph", [H1], P1), ("paragraph", [H1], P2), ("paragraph", [H1], P3))
    new = _doc(("heading", [], H1_NEW, {"level": 1}), ("paragraph", [H1_NEW], P1), ("paragraph", [H1_NEW], P2), ("paragraph", [H1_NEW], P3))
    assert {r["id"] for r in old[2:]}.isdisjoint(r["id"] for r in new[2:])  # every id under the heading changed …
    (entry,) = diff_records(old, new)  # … yet one entry
    assert (entry["op"], entry["type"], entry["before"]["text"], entry["after"]["text"]) == ("changed", "heading", H1, H1_NEW)


def test_resegmented_text_is_no_entry():
    old = _doc(("paragraph", [], P1 + P2), ("paragraph", [], P3))
    new = _doc(("paragraph", [], P1[:20]), ("paragraph", [], P1[20:] + P2[:5]), ("paragraph", [], P2[5:] + "\n"), ("list_item", [], P3))
    assert diff_records(old, new) == []


def test_resegmented_text_with_changed_words_is_one_changed_passage():
    edited = P1.replace("発行することができる", "発行しなければならない")
    old = _doc(("paragraph", [], P1 + P2), ("paragraph", [], P3))
    new = _doc(("paragraph", [], edited[:25]), ("paragraph", [], edited[25:] + P2), ("paragraph", [], P3))
    (entry,) = diff_records(old, new)
    assert entry["op"] == "changed" and entry["fields"] == ["text"]
    assert entry["before_ids"] == [old[1]["id"]] and entry["after_ids"] == [new[1]["id"], new[2]["id"]]
    assert entry["after"]["text"].replace("\n", "") == edited + P2
    assert "［することができる→しなければならない］" in change_excerpt(entry["before"]["text"], entry["after"]["text"].replace("\n", ""))


def test_whitespace_level_and_links_alone_are_no_entries():
    old = _doc(("heading", [], "１ 総論", {"level": 1}), ("paragraph", ["１ 総論"], P1), ("footnote", [], "（注１）" + P2, {"cited_by": ["x"]}))
    new = _doc(("heading", [], "１　総論 ", {"level": 2}), ("paragraph", ["１　総論 "], P1[:10] + "\n " + P1[10:]), ("footnote", [], "（注１）" + P2, {"cited_by": ["y", "z"]}))
    assert diff_records(old, new) == []


def test_short_line_replaced_in_place_is_one_changed_record():
    old = _doc(("paragraph", [], P1), ("paragraph", [], "法務大臣 山田太郎"), ("paragraph", [], P2))
    new = _doc(("paragraph", [], P1), ("paragraph", [], "法務大臣 鈴木一郎"), ("paragraph", [], P2))
    (entry,) = diff_records(old, new)
    assert (entry["op"], entry["before"]["text"], entry["after"]["text"]) == ("changed", "法務大臣 山田太郎", "法務大臣 鈴木一郎")


def test_new_block_is_one_added_passage_and_moved_text_stays_moved():
    block = [("heading", [], "【乙案】"), ("list_item", ["【乙案】"], "① " + P3), ("list_item", ["【乙案】"], "② 乙案の第二項である。")]
    old = _doc(("paragraph", [], P1), ("paragraph", [], P2), ("paragraph", [], "この段落は後ろへ移される段落である。"))
    new = _doc(("paragraph", [], "この段落は後ろへ移される段落である。"), ("paragraph", [], P1), *block, ("paragraph", [], P2))
    entries = diff_records(old, new)
    assert [(e["op"], e["type"]) for e in entries] == [("moved", "paragraph"), ("added", "heading")]
    assert entries[1]["after_ids"] == [r["id"] for r in new[3:6]]
    assert entries[1]["after"]["text"] == "\n".join(text for _, _, text in block)


def test_document_values_are_one_summary_with_values():
    entries = diff_records(_doc(("paragraph", [], P1), title="部会資料７", n_pages=73), _doc(("paragraph", [], P1), title="部会資料８", n_pages=77))
    (entry,) = entries
    assert entry["type"] == "document" and entry["fields"] == ["n_pages", "title"]
    assert entry["metadata"] == [{"field": "n_pages", "before": 73, "after": 77}, {"field": "title", "before": "部会資料７", "after": "部会資料８"}]
    assert "n_pages: 73 → 77; title: 部会資料７ → 部会資料８" in render_text(entries)


def _table(rows, section, caption="", header_rows=1):
    cells = [{"row": r, "col": c, "rowspan": 1, "colspan": 1, "text": text, "page": 1, "bbox": [c, r, c + 1, r + 1]}
             for r, row in enumerate(rows) for c, text in enumerate(row)]
    return ("table", section, "\n".join("\t".join(r) for r in rows),
            {"cells": cells, "n_rows": len(rows), "n_cols": len(rows[0]), "header_rows": header_rows, "caption": caption})


def test_table_under_a_redated_title_is_one_changed_table_with_named_cells():
    rows = [["都道府県名", "陽性者数", "検査人数"], ["北海道", "17,445", "319,815"], ["青森", "717", "13,197"], ["岩手", "496", "20,046"]]
    revised = [rows[0], ["北海道", "17,521", "321,207"], ["青森", "717", "13,318"], ["岩手", "496", "20,046"]]
    old = _doc(("heading", [], "陽性者数（１月31日現在）"), _table(rows, ["陽性者数（１月31日現在）"]))
    new = _doc(("heading", [], "陽性者数（２月１日現在）"), _table(revised, ["陽性者数（２月１日現在）"]))
    heading, table = diff_records(old, new)
    assert heading["op"] == "changed" and heading["type"] == "heading"
    assert table["op"] == "changed" and table["type"] == "table"
    assert table["cells"] == [
        {"op": "changed", "row": 1, "row_before": 1, "label": "北海道", "cols": [
            {"col": 1, "header": "陽性者数", "before": "17,445", "after": "17,521"},
            {"col": 2, "header": "検査人数", "before": "319,815", "after": "321,207"}]},
        {"op": "changed", "row": 2, "row_before": 2, "label": "青森", "cols": [{"col": 2, "header": "検査人数", "before": "13,197", "after": "13,318"}]},
    ]
    text, md = render_text([table]), render_md([table])
    for rendered in (text, md):
        assert "row 北海道: 陽性者数: 17,445 → 17,521; 検査人数: 319,815 → 321,207" in rendered


def test_shifted_column_is_reported_as_a_shift():
    old = [["事業", "前年度", "本年度"], ["道路", "100", "120"], ["河川", "200", "210"], ["公園", "30", "35"]]
    new = [["事業", "前年度", "本年度"], ["道路", "120", "130"], ["河川", "210", "220"], ["公園", "35", "40"]]
    (entry,) = diff_records(_doc(_table(old, [])), _doc(_table(new, [])))
    assert entry["column_shifts"] == [{"from_col": 2, "to_col": 1, "header_before": "本年度", "header_after": "前年度", "rows": 3}]
    # the new 本年度 figures are the changes; the 前年度 column only carries the old ones over
    assert [(row["label"], [(c["header"], c["before"], c["after"]) for c in row["cols"]]) for row in entry["cells"]] == [
        ("道路", [("本年度", "120", "130")]), ("河川", [("本年度", "210", "220")]), ("公園", [("本年度", "35", "40")])]
    assert "column 本年度 now under 前年度 (3 rows)" in render_text([entry])


def test_kpi_revision_shows_each_value_in_text_and_md():
    entry = {"op": "changed", "doc": "d", "id": "d:kpi:1", "type": "kpi", "fields": ["actuals"],
             "before": {"type": "kpi", "page": 2, "section": [], "text": "就職者数"}, "after": {"type": "kpi", "page": 2, "section": [], "text": "就職者数"},
             "changes": [{"kind": "actual", "label": None, "fiscal_year": 2023,
                          "before": {"value": 3930, "unit": "名", "text": "3,930名（2023年度）"}, "after": {"value": 3950, "unit": "名", "text": "3,950名（2023年度）"}}]}
    for rendered in (render_text([entry]), render_md([entry])):
        assert "2023年度 実績: 3,930名 → 3,950名" in rendered


def test_changed_figures_show_whole():
    assert change_excerpt("予算額は48,352,400千円", "予算額は49,286,300千円") == "…予算額は［48,352,400→49,286,300］千円…"
    assert change_excerpt("【2020/1/15～2021/1/31】", "【2020/1/15～2021/2/1】") == "…0/1/15～2021/［1/31→2/1］】…"


def test_table_that_gained_columns_and_lost_note_marks_is_the_same_table():
    old = [["都道府県名", "陽性者数", "検査人数※3", "％"], ["北海道", "17,445", "319,815", "5.5%"], ["青森 ※3", "717", "13,197", "5.4%"], ["岩手", "496", "20,046", "2.5%"]]
    new = [["都道府県名", "陽性者数", "PCR検査実施人数※1", "入院治療等を要する者", "死亡"], ["北 海 道", "40,546", "736,220", "3,716", "1,301"],
           ["青森", "2,448", "47,979", "62", "30"], ["岩手", "496", "20,046", "122", "46"]]
    (entry,) = diff_records(_doc(_table(old, ["状況（１月31日）"])), _doc(_table(new, ["状況（６月14日）"])))
    assert entry["op"] == "changed" and entry["type"] == "table"
    assert entry["columns"] == [{"op": "added", "col": 3, "header": "入院治療等を要する者"}, {"op": "added", "col": 4, "header": "死亡"},
                                {"op": "removed", "col": 3, "header": "％"}]
    rows = {row["label"]: row for row in entry["cells"]}
    assert [(c["header"], c["before"], c["after"]) for c in rows["北 海 道"]["cols"]] == [("陽性者数", "17,445", "40,546"), ("PCR検査実施人数※1", "319,815", "736,220")]
    assert [(c["before"], c["after"]) for c in rows["青森"]["cols"]][0] == ("青森 ※3", "青森")
    assert "岩手" not in rows  # the same figures in the columns both editions have


def test_document_new_to_the_run_is_every_record_added():
    records = _doc(("heading", [], H1), ("paragraph", [H1], P1), ("paragraph", [H1], P2))
    assert [(e["op"], e["id"]) for e in diff_records([], records)] == [("added", r["id"]) for r in records]
    assert [(e["op"], e["id"]) for e in diff_records(records, [])] == [("removed", r["id"]) for r in records]


def test_a_document_whose_diff_fails_falls_back_to_ids_and_the_others_still_diff():
    from shiryo.pipeline.diff import diff_documents

    good_old, good_new = _doc(("paragraph", [], P1)), _doc(("paragraph", [], P1), ("paragraph", [], P2))
    bad_new = _doc(("paragraph", [], P1))
    bad_new.append({"type": "table", "doc": "d", "id": "d:table:x", "page": 1, "section": [], "text": "", "cells": [{"text": "no row"}]})
    entries = diff_documents({"bad": _doc(("paragraph", [], P1)), "good": good_old}, {"bad": bad_new, "good": good_new})
    assert [(e["op"], e["id"], "fallback" in e) for e in entries] == [("added", "d:table:x", True), ("added", good_new[2]["id"], False)]
    assert entries[0]["fallback"].startswith("KeyError")


def test_page_numbers_are_furniture_but_a_paper_number_is_content():
    from shiryo.pipeline.align import is_page_furniture

    assert all(is_page_furniture(k) for k in ("12", "-8-", "1/12", "(3)", ""))
    # 資料16-3, printed alone at the top of a 審議会 paper: a new edition's number is a change
    assert not is_page_furniture("16-3") and not is_page_furniture("１６－３".translate(str.maketrans("１６－３", "16-3")))
