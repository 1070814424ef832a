"""Table cells (norm + quantities in the table's declared unit) and the document's own fiscal year."""

from __future__ import annotations

import pytest

from shiryo.pipeline.normalize.document_year import document_fiscal_year
from shiryo.pipeline.normalize.tables import declared_unit, normalise_cells, table_unit
from conftest import corpus_pdf, extracted


def _cells(rows: list[list[str]]) -> list[dict]:
    return [{"row": r, "col": c, "rowspan": 1, "colspan": 1, "text": t} for r, row in enumerate(rows) for c, t in enumerate(row)]


def _quantities(cells: list[dict]) -> dict[tuple[int, int], list[tuple]]:
    return {(c["row"], c["col"]): [(q["text"], q["value"], q["unit"], q.get("unit_from")) for q in c["quantities"]] for c in cells if c["quantities"]}


@pytest.mark.parametrize(
    "note, multiplier, unit",
    [("（単位：百万円）", 10**6, "円"), ("(単位 千円)", 1000, "円"), ("（単位\u3000千円）", 1000, "円"), ("単位：億円", 10**8, "円"), ("（単位：人）", 1, "人"), ("単位:%", 1, "%")],
)
def test_declared_unit(note, multiplier, unit):
    found = declared_unit(note)
    assert (found.multiplier, found.unit) == (multiplier, unit)


def test_no_declared_unit_in_ordinary_text():
    assert declared_unit("事業単位で管理する") is None
    assert table_unit(None, "第７回", ["区分", "金額"]) is None


def test_table_wide_unit_applies_to_bare_numbers_and_says_where_it_came_from():
    cells = _cells([["区分", "本年度", "前年度", "比較"], ["市税", "１，２３４", "1,000", "△234"], ["計", "12,417 150", "-", "▲5"]])
    unit = table_unit("（単位：百万円）", None, [c["text"] for c in cells])
    assert unit == {"text": "百万円", "unit": "円", "multiplier": 10**6, "from": "caption"}
    normalise_cells(cells, header_rows=1, unit=unit)
    assert _quantities(cells) == {
        (1, 1): [("１，２３４", 1_234_000_000, "円", "caption")],
        (1, 2): [("1,000", 1_000_000_000, "円", "caption")],
        (1, 3): [("△234", -234_000_000, "円", "caption")],
        (2, 1): [("12,417", 12_417_000_000, "円", "caption"), ("150", 150_000_000, "円", "caption")],
        (2, 3): [("▲5", -5_000_000, "円", "caption")],
    }
    assert all({"norm", "fiscal_years", "dates", "quantities"} <= set(c) for c in cells)
    assert cells[5]["text"] == "１，２３４" and cells[5]["norm"] == "1,234"


def test_column_units_from_header_unit_row_and_printed_unit_win_over_the_table_unit():
    cells = _cells(
        [
            ["番号", "職員数人", "金額(千円)", "率(%)", "予算額"],
            ["", "", "", "", "千円"],
            ["1", "5", "2,000", "4.5", "千円46,460,600"],
            ["2", "1,850", "30", "0.5", "16,739,000"],
        ]
    )
    normalise_cells(cells, header_rows=1, unit={"text": "円", "unit": "円", "multiplier": 1, "from": "above"})
    q = _quantities(cells)
    assert (2, 0) not in q and (3, 0) not in q  # a 番号 column holds identifiers, not amounts
    assert q[(2, 1)] == [("5", 5, "人", "header")] and q[(3, 1)] == [("1,850", 1850, "人", "header")]
    assert q[(2, 2)] == [("2,000", 2_000_000, "円", "header")]
    assert q[(3, 3)] == [("0.5", 0.5, "%", "header")]
    assert q[(2, 4)] == [("46,460,600", 46_460_600_000, "円", "header")]
    assert q[(3, 4)] == [("16,739,000", 16_739_000_000, "円", "header")]
    assert (1, 4) not in q  # the unit row itself is not 1000 円


def test_white_paper_budget_table_in_oku_yen_with_percent_rows():
    """Shaped like 第２-１-５表 of the white paper (seed 004): `（単位：億円）` above the
    table, fiscal years as column headers, `対前年度比 ％` rows in between."""
    rows = [
        ["年 度", "平成30年度", "令和元年度", "令和２年度"],
        ["科学技術振興費 （Ａ）", "13,175", "13,597", "13,639"],
        ["対前年度比 ％", "101.1", "103.2", "100.3"],
    ]
    cells = _cells(rows)
    unit = table_unit("■第２-１-５表／科学技術関係予算の推移", "（単位：億円）", [c["text"] for c in cells])
    assert unit == {"text": "億円", "unit": "円", "multiplier": 10**8, "from": "above"}
    normalise_cells(cells, header_rows=1, unit=unit)
    q = _quantities(cells)
    assert q[(1, 1)] == [("13,175", 1_317_500_000_000, "円", "caption")]
    assert q[(2, 3)] == [("100.3", 100.3, "%", "header")]
    header_years = [fy["start"] for c in cells if c["row"] == 0 for fy in c["fiscal_years"]]
    assert header_years == [2018, 2019, 2020]
    assert (0, 1) not in q  # 平成30年度 is a year, not an amount


def test_row_label_unit_and_own_units_in_cells():
    cells = _cells([["区分", "値"], ["支給率(%)", "4.0"], ["支給対象職員数(人)", "1,850"], ["手当", "0円～24,400円"]])
    normalise_cells(cells, header_rows=1, unit=None)
    q = _quantities(cells)
    assert q[(1, 1)] == [("4.0", 4, "%", "header")]
    assert q[(2, 1)] == [("1,850", 1850, "人", "header")]
    assert q[(3, 1)] == [("0円", 0, "円", None), ("24,400円", 24400, "円", None)]


def test_bare_numbers_without_any_unit_are_not_quantities():
    cells = _cells([["区分", "値"], ["A", "1,234"]])
    normalise_cells(cells, header_rows=1, unit=None)
    assert _quantities(cells) == {}


# ---------------------------------------------------------------- the document's own fiscal year


@pytest.mark.parametrize(
    "title, first_page, expected",
    [
        ("令和６年度", [("heading", "令和６年度"), ("heading", "一般会計予算書")], {"value": 2024, "from": "title", "text": "令和６年度"}),
        ("交付申請前に必ずお読みください", [("heading", "令和6年度補正予算 省エネルギー投資促進支援事業")], {"value": 2024, "from": "heading", "text": "令和6年度補正"}),
        ("令和6年版 科学技術・イノベーション白書 第1章", [("heading", "第１章")], {"value": 2024, "from": "edition", "text": "令和6年版"}),
        ("行政機関におけるサービスデザイン", [("heading", "優良事例"), ("paragraph", "2021 年4 月")], {"value": 2021, "from": "date", "text": "2021 年4 月"}),
        ("予定表", [("paragraph", "令和7年1月17日 会議")], {"value": 2024, "from": "date", "text": "令和7年1月17日"}),
        # a year closing the name wins over a later revision date on the cover
        ("統合イノベーション戦略２０２５（抜粋）", [("paragraph", "令和７年８月６日一部改訂")], {"value": 2025, "from": "edition", "text": "2025"}),
    ],
)
def test_document_fiscal_year(title, first_page, expected):
    assert document_fiscal_year(title, first_page) == expected


@pytest.mark.parametrize(
    "title, first_page",
    [
        ("第1章 新時代を迎えたＡＩ", [("paragraph", "ＡＩという言葉は、1955年に米国")]),  # a bare year is history
        ("2018年度比で半減する計画", []),  # a comparison base is not the document's year
        ("令和3年度～令和5年度の評価", []),  # a range
        ("2025年の計画", []),  # a calendar year, not a name's year
        ("戦略2025.3", []),  # a number, not a year
        ("統合イノベーション戦略", [("paragraph", "「第６期基本計画（令和３年３月 26 日閣議決定）」の実行計画")]),  # dates another document
    ],
)
def test_document_fiscal_year_unknown(title, first_page):
    assert document_fiscal_year(title, first_page) is None


# ---------------------------------------------------------------- real documents


def test_budget_annex_tables_value_bare_numbers_in_the_noted_unit():
    result = extracted(corpus_pdf("fuji_city_budget_r8_salary_annex_gs.pdf"))
    tables = [r for r in result.records if r["type"] == "table"]
    noted = [t for t in tables if t["unit"] and t["unit"]["text"] == "千円"]
    assert len(noted) >= 5 and all(t["unit"]["from"] == "above" for t in noted)
    # 地方債 table (last page): 73,169,143 千円 of 普通債 at the end of FY6.
    values = {(q["text"], q["value"], q["unit"], q.get("unit_from")) for t in noted for c in t["cells"] for q in c["quantities"]}
    assert ("73,169,143", 73_169_143_000, "円", "caption") in values
    # 職員数 is people even in a 千円 table: the column header wins.
    people = [q for t in noted for c in t["cells"] for q in c["quantities"] if q["unit"] == "人" and q.get("unit_from") == "header"]
    assert people
    for t in tables:
        for c in t["cells"]:
            assert {"norm", "fiscal_years", "dates", "quantities"} <= set(c)


def test_budget_book_fiscal_year_resolves_relative_mentions():
    result = extracted(corpus_pdf("fuji_city_budget_r8_overview_gs.pdf"))
    document = result.records[0]
    assert document["fiscal_year"] == 2026 and document["fiscal_year_evidence"]["from"] == "title"
    relatives = [fy for r in result.records for fy in r["fiscal_years"] if "relative" in fy]
    assert relatives, "the overview mentions 本年度/前年度"
    shift = {"previous": -1, "current": 0, "next": 1}
    assert all(fy["start"] == 2026 + shift[fy["relative"]] for fy in relatives)


def test_every_record_and_cell_of_every_fixture_is_normalised(fixture_pdf):
    records = extracted(fixture_pdf).records
    document = records[0]
    assert "fiscal_year" in document and "fiscal_year_evidence" in document
    shift = {"previous": -1, "current": 0, "next": 1}
    for record in records:
        assert {"norm", "fiscal_years", "dates", "quantities"} <= set(record), record["id"]
        for cell in record.get("cells", ()):
            assert isinstance(cell["norm"], str) and isinstance(cell["quantities"], list), record["id"]
        for fy in record["fiscal_years"]:
            if "relative" in fy:  # resolved exactly when the document's year is known
                expected = None if document["fiscal_year"] is None else document["fiscal_year"] + shift[fy["relative"]]
                assert fy["start"] == expected, (record["id"], fy)
