"""Tables on real corpus pages against the hand-made truth in tests/table_reference (see
bench/table_truth.py for how it was made and bench/real_tables.py for the side-by-side figures).
Skipped when the shared corpus is absent."""
import json

import pytest

from conftest import corpus_pdf, extracted

from bench.real_tables import CORPUS, false_tables, load_reference, reference_files
from bench.table_eval import score_document, summarize
from bench.table_truth import build_table
from bench.tables import run_shiryo

FILES = [p for p in reference_files() if (CORPUS / json.loads(p.read_text(encoding="utf-8"))["pdf"]).is_file()]


def _scored(held_out: bool):
    if not FILES:
        pytest.skip("shared corpus not present")
    scores, falses, empty_pages = [], [], 0
    for path in FILES:
        spec, truths = load_reference(path)
        if spec.get("held_out", False) != held_out:
            continue
        found = [t for t in run_shiryo(CORPUS / spec["pdf"], spec["pages"]) if any(p in spec["pages"] for p in t.pages)]
        scores.extend(score_document(truths, found))
        falses.extend(false_tables(truths, found, spec["pages"]))
        empty_pages += sum(1 for p in spec["pages"] if not any(p in t.pages for t in truths))
    return summarize(scores), falses, empty_pages


def test_truth_is_the_pages_own_characters():
    # every truth cell's text is what the page prints inside the hand-set grid
    import pymupdf

    if not FILES:
        pytest.skip("shared corpus not present")
    for path in FILES:
        spec = json.loads(path.read_text(encoding="utf-8"))
        with pymupdf.open(CORPUS / spec["pdf"]) as doc:
            for table in spec["tables"]:
                assert build_table(doc, dict(table)) == table["cells"], path.name


def test_tuned_real_tables():
    summary, falses, empty_pages = _scored(held_out=False)
    assert summary["tables"] >= 18 and empty_pages >= 9
    assert summary["adjacency_f1"] >= 0.99 and summary["exact"] >= 17
    assert not falses  # diagrams, TOCs, legal lists and framed notes stay text


def test_held_out_real_tables():
    summary, falses, empty_pages = _scored(held_out=True)
    assert summary["tables"] >= 12 and empty_pages >= 7
    assert summary["adjacency_f1"] >= 0.98 and summary["exact"] >= 11
    assert not falses  # the app boxes of cio_discussion_paper_2020_02's diagram (p12) are no tables


def test_unit_printed_over_the_first_amount_is_the_columns_unit():
    # 第1表 歳入: `千円` sits above 49,286,300 inside the first amount cell of each page's part
    records = extracted(corpus_pdf("fuji_city_budget_r8_overview_gs.pdf")).records
    table = next(r for r in records if r["type"] == "table" and r["page"] == 4)
    assert table["unit"] == {"text": "千円", "unit": "円", "multiplier": 1000, "from": "column"}
    assert table["column_units"] == [{"col": 2, "unit": "千円"}]
    first = next(c for c in table["cells"] if c["row"] == 1 and c["col"] == 2)
    assert first["text"] == "49,286,300" and first["unit"] == "千円"
    assert first["quantities"] == [{"text": "49,286,300", "value": 49286300000, "unit": "円", "unit_from": "header"}]
    glued = [c["text"] for r in records if r["type"] == "table" for c in r["cells"] if c["text"].startswith("千円") and c["text"] != "千円"]
    assert not glued


def test_rejected_candidates_are_kept_aside_for_the_debug_view():
    result = extracted(corpus_pdf("cio_discussion_paper_2020_02_jichitai_tsuchi.pdf"))
    assert not [r for r in result.records if r["type"] == "table" and r["page"] == 12]
    aside = result.set_aside.get(12, [])
    assert sum(1 for b in aside if 495 <= b[1] <= 705 and 160 <= b[0] <= 470) >= 6  # the diagram's six boxes
    assert all(0.5 <= r["confidence"] <= 1 for r in result.records if r["type"] == "table")


def test_text_under_two_points_stays_out_of_cells():
    # a 1 pt `長崎船` hides under `その他 ※2` in MHLW's Excel export
    records = extracted(corpus_pdf("mhlw_covid_pref_positive_table_20210201.pdf")).records
    texts = ["".join(c["text"].split()) for r in records if r["type"] == "table" for c in r["cells"]]
    assert "その他※2" in texts and not any("長崎船" in t for t in texts)


def test_a_column_boxed_apart_after_a_gap_belongs_to_the_table():
    # MHLW 2021-06-15: `確認中※2（人）` is ruled as its own box right of the main grid
    records = extracted(corpus_pdf("mhlw_covid_pref_positive_table_20210615.pdf")).records
    (table,) = [r for r in records if r["type"] == "table"]
    assert (table["n_rows"], table["n_cols"]) == (51, 8)
    grid = {(c["row"], c["col"]): "".join(c["text"].split()) for c in table["cells"]}
    assert grid[(0, 7)] == "確認中※2（人）" and grid[(2, 0)] == "北海道" and grid[(2, 7)] == "235" and grid[(50, 7)] == "1,608"


def test_powerpoint_vertical_labels_read_column_by_column():
    records = extracted(corpus_pdf("sii_shouene_r6_hosei_henkouten_ppt.pdf")).records
    texts = {"".join(c["text"].split()) for r in records if r["type"] == "table" and r["page"] == 2 for c in r["cells"]}
    assert {"Ⅰ事業者の名称等", "Ⅱ省エネルギーの推進体制", "Ⅲ省エネに対する取り組み"} <= texts
