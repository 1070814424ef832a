"""Ruled tables: rules from vector graphics, grids with spans, cell text, header rows and
page-crossing tables — on the LibreOffice-printed fixtures (fixtures/tables, with truth),
on small drawn pages, and on the real tables of the shared corpus."""
from __future__ import annotations

import json
from pathlib import Path

import pymupdf

from conftest import FIXTURES, corpus_pdf, extracted
from shiryo.parsers.model import Block, Cell, Char, Line, Rule, Span, Table
from shiryo.parsers.rules import merge_rules, read_rules
from shiryo.parsers.tables.cell_text import cell_text
from shiryo.parsers.tables.header import guess_header_rows
from shiryo.parsers.tables.lattice import LatticeStrategy, rectangles
from shiryo.parsers.tables.header import lift_column_units
from shiryo.parsers.tables.stitching import fuses_numbers, stitch_tables
from bench.table_eval import adjacency_scores, from_cells

TABLE_TRUTHS = sorted((FIXTURES / "tables").glob("*.truth.json"))


def _tables(pdf: Path) -> list[dict]:
    return [r for r in extracted(pdf).records if r["type"] == "table"]


def _shape(cells) -> list[tuple]:
    return sorted((c["row"], c["col"], c["rowspan"], c["colspan"], "".join(c["text"].split())) for c in cells)


def _adjacency_f1(cells: list[dict], truth_cells: list[dict]) -> float:
    return adjacency_scores(from_cells(truth_cells), from_cells(cells))[2]


def _fixture_scores():
    """(name, truth table, matched record or None, F1) for every truth table of the fixtures."""
    out = []
    for path in TABLE_TRUTHS:
        pdf = path.with_name(path.name.replace(".truth.json", ".pdf"))
        records = _tables(pdf)
        for truth in json.loads(path.read_text(encoding="utf-8"))["tables"]:
            scored = [(_adjacency_f1(r["cells"], truth["cells"]), r) for r in records]
            f1, best = max(scored, key=lambda s: s[0], default=(0.0, None))
            out.append((pdf.stem, truth, best, f1))
    return out


def _exact(truth: dict, record: dict | None) -> bool:
    return (
        record is not None
        and (record["n_rows"], record["n_cols"], record["header_rows"], record["pages"])
        == (truth["n_rows"], truth["n_cols"], truth["header_rows"], truth["pages"])
        and _shape(record["cells"]) == _shape(truth["cells"])
    )


# ---------------------------------------------------------------- fixtures with truth


def test_fixtures_adjacency_f1_and_exact_tables():
    scores = _fixture_scores()
    assert len(scores) >= 6
    mean = sum(f1 for *_, f1 in scores) / len(scores)
    exact = [(name, tuple(t["pages"])) for name, t, rec, _ in scores if _exact(t, rec)]
    assert mean >= 0.95, [(name, round(f1, 3)) for name, _, _, f1 in scores]
    assert len(exact) * 4 >= len(scores) * 3, exact  # most tables exact
    crossing = [(name, tuple(t["pages"])) for name, t, _, _ in scores if len(t["pages"]) > 1]
    assert len(crossing) >= 3 and set(crossing) <= set(exact)  # every page-crossing table exact


def test_page_crossing_table_is_one_record_whose_cells_carry_their_page():
    pdf = FIXTURES / "tables" / "torikumi_word.pdf"
    records = _tables(pdf)
    (table,) = [r for r in records if r["pages"] == [1, 2]]
    assert table["header_rows"] == 1 and table["n_cols"] == 3
    pages = {c["page"] for c in table["cells"]}
    assert pages == {1, 2}
    # the repeated header on page 2 is gone: the header texts appear once
    assert sum(c["text"] == "実施状況・現状分析" for c in table["cells"]) == 1
    # the row cut by the page break is one row again, its bbox on the page where it starts
    row = next(c for c in table["cells"] if c["text"].startswith("○政府情報システム"))
    assert row["text"].endswith("標準化を進める。【ＩＴ、総】") and row["page"] == 1
    later = next(c for c in table["cells"] if c["text"].startswith("○サイバーセキュリティ"))
    assert later["page"] == 2 and later["row"] == row["row"] + 1
    height = pymupdf.open(pdf)[1].rect.height
    assert 0 <= later["bbox"][1] < later["bbox"][3] <= height
    # and no table text comes out a second time as a paragraph
    texts = " ".join(r["text"] for r in extracted(pdf).records if r["type"] in ("paragraph", "list_item"))
    assert "ガバメントクラウド" not in texts and "実施状況" not in texts


def test_merged_cell_cut_by_the_page_break_keeps_its_span():
    records = _tables(FIXTURES / "tables" / "budget_excel.pdf")
    (table,) = [r for r in records if r["pages"] == [1, 2]]
    kan = next(c for c in table["cells"] if c["text"] == "教育費")
    assert (kan["col"], kan["rowspan"]) == (0, 5)
    assert sum(c["text"] == "款" for c in table["cells"]) == 1


# ---------------------------------------------------------------- rules from drawings


def _page_with(draw) -> pymupdf.Page:
    doc = pymupdf.open()
    page = doc.new_page(width=400, height=300)
    draw(page)
    return page


def _spans(rules, horizontal=True):
    return sorted(
        (round(r.y0 if horizontal else r.x0), round(r.x0 if horizontal else r.y0), round(r.x1 if horizontal else r.y1))
        for r in rules
        if r.horizontal == horizontal
    )


def test_dashed_and_dotted_rules_join_by_their_own_pattern():
    def draw(page):
        for x in range(20, 200, 7):  # dashes 3 pt long, 4 pt apart: wider than a solid rule's joins
            page.draw_line((x, 50), (x + 3, 50), width=0.5)
        for x in range(20, 200, 3):  # dots: 1 pt squares, 2 pt apart
            page.draw_rect(pymupdf.Rect(x, 99.5, x + 1, 100.5), color=None, fill=(0, 0, 0))
        page.draw_line((20, 150), (100, 150), width=0.5)  # two solid rules 6 pt apart stay two
        page.draw_line((106, 150), (200, 150), width=0.5)
        page.draw_rect(pymupdf.Rect(300, 20, 301, 21), color=None, fill=(0, 0, 0))  # a lone dot is no rule
        page.draw_rect(pymupdf.Rect(250, 150, 390, 200), width=1.8, radius=0.1)  # a rounded callout box: no rules
        shape = page.new_shape()  # round dots, all in one path
        for x in range(20, 200, 3):
            shape.draw_circle((x, 250), 0.5)
        shape.finish(color=None, fill=(0, 0, 0))
        shape.commit()

    rules = read_rules(_page_with(draw))
    assert _spans(rules) == [(50, 20, 198), (100, 20, 198), (150, 20, 100), (150, 106, 200), (250, 20, 198)]
    assert _spans(rules, horizontal=False) == []


def test_cell_by_cell_hairline_borders_with_gaps_become_one_rule():
    # Excel: a hairline border per cell, offset by half a point, stopping short at each column
    pieces = [Rule(x, 80 + (0.4 if i % 2 else 0), x + 49, 80 + (0.4 if i % 2 else 0), 0.1) for i, x in enumerate(range(0, 300, 50))]
    merged = merge_rules(pieces)
    assert [(round(r.x0), round(r.x1)) for r in merged] == [(0, 299)]


# ---------------------------------------------------------------- grid, cells, headers


def _line(text, x, y, w=10, vertical=False, up=False):
    if vertical:
        step = -w if up else w
        chars = [Char(c, (x, y + i * step, x + w, y + i * step + w)) for i, c in enumerate(text)]
    else:
        chars = [Char(c, (x + i * w, y, x + (i + 1) * w, y + w)) for i, c in enumerate(text)]
    box = (min(c.bbox[0] for c in chars), min(c.bbox[1] for c in chars), max(c.bbox[2] for c in chars), max(c.bbox[3] for c in chars))
    return Line([Span(text, "Mincho", w, False, box, chars)], box, vertical=vertical)


def test_l_shaped_merge_keeps_its_label_whole():
    # 入院 label spans two rows of its column; its sub-column's upper part has no rule above 重症
    h = [Rule(0, 0, 300, 0), Rule(200, 20, 300, 20), Rule(0, 40, 300, 40), Rule(0, 60, 300, 60)]
    v = [Rule(x, 0, x, 60) for x in (0, 100, 300)] + [Rule(200, 20, 200, 60)]
    lines = [_line("都道府県", 5, 15), _line("入院者数", 105, 15), _line("重症", 205, 25), _line("北海道", 5, 45),
             _line("３７", 105, 45), _line("２", 205, 45)]
    (table,) = LatticeStrategy().find_tables(lines, h + v, (600, 800))
    cells = {(c.row, c.col): (c.rowspan, c.colspan, c.text) for c in table.cells}
    assert cells[(0, 1)] == (2, 1, "入院者数") and cells[(0, 2)] == (1, 1, "") and cells[(1, 2)] == (1, 1, "重症")
    assert table.header_rows == 2
    assert sorted(rectangles({(0, 0), (0, 1), (1, 0)})) == [(0, 0, 0, 1), (1, 0, 1, 0)]


def test_columns_only_frame_is_closed_into_a_table():
    # 新旧対照表: verticals run down the page, no rule closes the bottom
    v = [Rule(x, 50, x, 500) for x in (0, 200, 400, 450)]
    h = [Rule(0, 50, 450, 50), Rule(0, 70, 450, 70)]
    lines = [_line("改定案", 5, 55), _line("現行", 205, 55), _line("第一条", 5, 100), _line("第一条", 205, 100)]
    (table,) = LatticeStrategy().find_tables(lines, v + h, (600, 800))
    assert (table.n_rows, table.n_cols, table.header_rows) == (2, 3, 1)
    assert table.grid_text() == [["改定案", "現行", ""], ["第一条", "第一条", ""]]


def test_sideways_table_is_read_upright():
    # a landscape table on a page turned 90°: text runs bottom to top, rows are columns on the page
    h = [Rule(0, y, 60, y) for y in (0, 300, 400)]  # page horizontals = upright column edges
    v = [Rule(x, 0, x, 400) for x in (0, 20, 40, 60)]
    # reading upright, left to right is bottom to top on the page: the first column sits lowest
    lines = [_line("会議名", 5, 390, vertical=True, up=True), _line("日", 5, 290, vertical=True),
             _line("部会第１回", 25, 390, vertical=True, up=True), _line("１２月２日", 25, 290, vertical=True, up=True),
             _line("部会第２回", 45, 390, vertical=True, up=True), _line("１２月９日", 45, 290, vertical=True, up=True)]
    (table,) = LatticeStrategy().find_tables(lines, h + v, (800, 600))
    assert table.grid_text() == [["会議名", "日"], ["部会第１回", "１２月２日"], ["部会第２回", "１２月９日"]]
    assert table.header_rows == 1


def test_cell_text_reading_rules():
    # tategaki: top to bottom, columns right to left
    right = [Char(c, (20, 10 * i, 30, 10 * i + 10)) for i, c in enumerate("総務")]
    left = [Char(c, (5, 10 * i, 15, 10 * i + 10)) for i, c in enumerate("費")]
    assert cell_text([], right + left) == "総務費"
    # letter-spaced label (均等割付) reads without its spacing; a half-width number keeps its space
    spaced = [Char(c, (i * 25, 0, i * 25 + 10, 10)) for i, c in enumerate("青森")]
    assert cell_text(spaced) == "青森"
    # a number wrapped in a narrow cell joins without a space, full-width comma kept
    wrapped = [Char(c, (i * 5, 0, i * 5 + 5, 10)) for i, c in enumerate("12,480,33")] + [Char("3", (0, 12, 5, 22))]
    assert cell_text(wrapped) == "12,480,333"
    full = [Char(c, (i * 10, 0, i * 10 + 10, 10)) for i, c in enumerate("２３７，")] + [
        Char(c, (i * 10, 12, i * 10 + 10, 22)) for i, c in enumerate("７００")]
    assert cell_text(full) == "２３７，７００"


def _table(rows: list[list], spans: dict | None = None, page: int = 0, x0: float = 0) -> Table:
    cells = []
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            if text is None:
                continue
            rs, cs = (spans or {}).get((r, c), (1, 1))
            cells.append(Cell(r, c, rs, cs, (x0 + c * 100, r * 20, x0 + (c + cs) * 100, (r + rs) * 20), text, page))
    table = Table(bbox=(x0, 0, x0 + 100 * len(rows[0]), 20 * len(rows)), n_rows=len(rows), n_cols=len(rows[0]), cells=cells)
    table.header_rows = guess_header_rows(table)
    return table


def test_header_rows_multi_level_and_units():
    two_level = _table([["区分", "実績値", None, "出典"], [None, "２０２２年度", "２０２３年度", None], ["論文数", "１２３", "４５６", "調べ"]],
                       {(0, 0): (2, 1), (0, 1): (1, 2), (0, 3): (2, 1)})
    assert two_level.header_rows == 2
    units = _table([["目", "本年度", "前年度"], ["", "千円", "千円"], ["市税", "55,000", "56,000"]])
    assert units.header_rows == 2
    assert _table([["北海道", "40,546"], ["青森", "2,448"]]).header_rows == 0


def test_unit_over_the_first_number_is_lifted_into_the_column():
    table = _table([["目", "本年度", "前年度"], ["市税", "千円55,000", "千円\n56,000"], ["諸収入", "1,000", "△2"]])
    lift_column_units(table)
    assert table.grid_text()[1] == ["市税", "55,000", "56,000"] and table.column_units == {1: "千円", 2: "千円"}
    kept = _table([["区分", "人数"], ["千円単位", "人5人"], ["計", "12"]])  # not a unit over a number
    lift_column_units(kept)
    assert kept.grid_text()[1] == ["千円単位", "人5人"] and not kept.column_units


# ---------------------------------------------------------------- stitching


def _block(table: Table, page: int, y0: float = 100) -> Block:
    return Block(kind="table", text="", bbox=(0, y0, 300, y0 + 20 * table.n_rows), page=page, table=table, pages=[page])


def test_stitching_drops_the_repeated_header_and_merges_a_split_row():
    first = _table([["取組", "実施状況", "方針"], ["○デジタル庁を発足させる。", "・設置した。", "―"],
                    ["○標準化を進め、地方公共団体の基幹業務", "・移行計画を策定した。", "・移行完了を目指す。【デジ、"]])
    part = _table([["取組", "実施状況", "方針"], ["システムの標準化を進める。", "", "総】"], ["○人材を育成する。", "・育成した。", "・強化する。"]])
    note = Block(kind="paragraph", text="（注）", bbox=(0, 200, 100, 210), page=2)
    blocks = stitch_tables([_block(first, 1), Block(kind="paragraph", text="- 1 -", bbox=(0, 700, 50, 710), page=1),
                            _block(part, 2, 50), note])
    tables = [b for b in blocks if b.kind == "table"]
    assert len(tables) == 1 and tables[0].pages == [1, 2] and note in blocks
    table = tables[0].table
    assert (table.n_rows, table.n_cols) == (4, 3)
    grid = table.grid_text()
    assert grid[2] == ["○標準化を進め、地方公共団体の基幹業務システムの標準化を進める。", "・移行計画を策定した。", "・移行完了を目指す。【デジ、総】"]
    assert grid[3] == ["○人材を育成する。", "・育成した。", "・強化する。"]
    assert {c.page for c in table.cells if c.row == 3} == {2} and {c.page for c in table.cells if c.row < 3} == {1}


def test_stitching_never_fuses_the_numbers_of_two_complete_rows():
    # three text columns carried over mid-sentence would prove a split row, but the amount column
    # holds a complete number on both sides: two rows, not one (no `1,2345,678` printed nowhere)
    first = _table([["事業", "金額", "内容", "備考"],
                    ["市税の徴収に係る事務を行うもの", "1,234", "滞納整理と納税の相談を行い", "前年度の実績に基づいて算定し"]])
    part = _table([["", "5,678", "収納率の向上を図るものであり", "今年度の見込みを加えたもの"]])
    (block,) = stitch_tables([_block(first, 1), _block(part, 2)])
    grid = block.table.grid_text()
    assert [row[1] for row in grid] == ["金額", "1,234", "5,678"]
    # the same shape with the amount printed once (nothing below it) is one row cut by the break
    part = _table([["", "", "収納率の向上を図るものであり", "今年度の見込みを加えたもの"]])
    first = _table([["事業", "金額", "内容", "備考"],
                    ["市税の徴収に係る事務を行うもの", "1,234", "滞納整理と納税の相談を行い", "前年度の実績に基づいて算定し"]])
    (block,) = stitch_tables([_block(first, 1), _block(part, 2)])
    assert block.table.n_rows == 2 and block.table.grid_text()[1][1] == "1,234"


def test_fuses_numbers():
    assert fuses_numbers("1,234", "5,678") and fuses_numbers("△12", "34千円") and fuses_numbers("合計 12", "3")
    assert not fuses_numbers("1,234", "") and not fuses_numbers("事業の", "続き") and not fuses_numbers("1,234", "円の内訳")


def test_stitching_learns_a_header_from_its_repetition():
    # `2024` reads as a value, so the first part alone shows no header; printed again on page 2, it is one
    first = _table([["区分", "2024"], ["市税", "100"]])
    part = _table([["区分", "2024"], ["議会費", "200"]])
    assert first.header_rows == 0
    (block,) = stitch_tables([_block(first, 1), _block(part, 2)])
    assert block.table.header_rows == 1 and block.table.grid_text() == [["区分", "2024"], ["市税", "100"], ["議会費", "200"]]


def test_stitching_needs_the_same_grid_and_nothing_between():
    a = _table([["款", "金額"], ["市税", "100"]])
    other_grid = _table([["款", "金額"], ["市税", "100"]], x0=50)
    assert len(stitch_tables([_block(a, 1), _block(other_grid, 2)])) == 2
    continued = Block(kind="paragraph", text="表１（続き）", bbox=(0, 40, 100, 50), page=2)
    assert len(stitch_tables([_block(_table([["款", "金額"], ["市税", "100"]]), 1), continued,
                              _block(_table([["款", "金額"], ["議会費", "200"]]), 2)])) == 2  # the table and the note
    heading = Block(kind="heading", text="２　歳出", bbox=(0, 40, 100, 50), page=2)
    b = _table([["款", "金額"], ["議会費", "200"]])
    assert len([x for x in stitch_tables([_block(a, 1), heading, _block(b, 2)]) if x.kind == "table"]) == 2
    c = _table([["款", "金額"], ["議会費", "200"]])
    assert len(stitch_tables([_block(_table([["款", "金額"], ["市税", "100"]]), 1), _block(c, 3)])) == 2  # a page skipped


# ---------------------------------------------------------------- real tables (shared corpus)


def _records(name: str) -> list[dict]:
    return _tables(corpus_pdf(name))


def test_mhlw_prefecture_table_reads_letter_spaced_names_under_a_two_row_header():
    tables = _records("mhlw_covid_pref_positive_table_20210615.pdf")
    main = max(tables, key=lambda t: len(t["cells"]))
    # 8 columns: `確認中※2（人）`, boxed apart after a gap, is the table's last column
    assert (main["n_rows"], main["n_cols"], main["header_rows"]) == (51, 8, 2)
    rows = {}
    for c in main["cells"]:
        rows.setdefault(c["row"], {})[c["col"]] = c["text"]
    by_name = {r[0]: [r.get(k, "") for k in range(8)] for r in rows.values() if 0 in r}
    assert by_name["北海道"] == ["北海道", "40,546", "736,220", "3,716", "34", "35,764", "1,301", "235"]
    assert by_name["青森"][1:3] == ["2,448", "47,979"]
    assert "東京※4" in by_name and by_name["合計"][1] == "773,268"
    header = {(c["row"], c["col"]): c for c in main["cells"] if c["row"] < 2}
    assert header[(0, 3)]["text"] == "入院治療等を要する者（人）" and header[(1, 4)]["text"] == "うち重症※6"


def test_moj_comparison_table_is_one_table_over_twelve_pages():
    tables = _records("moj_mletr_comparison_table.pdf")
    assert len(tables) == 1
    (table,) = tables
    assert table["pages"] == list(range(1, 13)) and (table["n_rows"], table["n_cols"]) == (20, 4)
    labels = {c["row"]: c["text"] for c in table["cells"] if c["col"] == 0}
    assert [labels[k].split(".")[0] for k in range(1, 20)] == [f"Article {k}" for k in range(1, 20)]
    heads = [c["text"] for c in table["cells"] if c["row"] == 0]
    assert heads[-3:] == ["原文", "仮訳", "中間試案の考え方"]


def test_shinkyu_taishohyo_columns_only_table_is_stitched():
    tables = _records("smrj_shoryokuka_kitei_shinkyu_taishohyo.pdf")
    first = tables[0]
    assert first["pages"][:3] == [1, 2, 3] and first["n_cols"] == 3 and first["header_rows"] == 1
    assert [c["text"] for c in first["cells"] if c["row"] == 0] == ["改定（案）", "現行", "備考"]
    assert sum(len(t["pages"]) for t in tables) == 9


def test_sideways_schedule_table():
    (table,) = _records("moj_hoseishingikai_schedule_r7_12.pdf")
    assert (table["n_rows"], table["n_cols"], table["header_rows"]) == (7, 3, 1)
    grid = {(c["row"], c["col"]): c["text"] for c in table["cells"]}
    assert [grid[(0, k)] for k in range(3)] == ["会議名", "年月日", "議題"]
    assert grid[(1, 1)] == "令和7年12月2日" and grid[(1, 0)].startswith("法制審議会刑事法")


def test_fuji_budget_pages_tables():
    pdf = corpus_pdf("fuji_city_general_account_budget_r6_full.pdf")
    from shiryo.parsers.page import read_page

    with pymupdf.open(pdf) as doc:
        page = read_page(doc[29])
    first = page.tables[0]
    assert (first.n_cols, first.header_rows) == (4, 2)
    assert first.grid_text()[2] == ["2 国有資産等所在市町村交付金", "55,000", "56,000", "△1,000"]
    assert [t.n_cols for t in page.tables] == [4, 4, 4, 4]


def test_confidence_rejects_diagram_boxes_not_small_tables():
    from shiryo.parsers.settings import TableSettings
    from shiryo.parsers.tables.evidence import confidence, keep_confident

    MIN_CONFIDENCE = TableSettings().min_confidence  # the threshold tables are kept by

    box = _table([["イベント告知"], ["イベント詳細"]])  # a title bar over an item: a diagram's box
    side_by_side = _table([["電子決済", "", "家計簿"], ["参加費支払", "", "支出項目"], ["", "", ""]])
    small = _table([["区分", "金額"], ["市税", "100"]])
    assert confidence(box) < MIN_CONFIDENCE <= confidence(small) == 1.0
    # two boxes side by side share rules: rejected among other boxes, kept alone (a budget part)
    kept, rejected = keep_confident([box, _table([["スケジューラ"], ["登録"]]), side_by_side, small])
    assert kept == [small] and len(rejected) == 3 and all(t.confidence < MIN_CONFIDENCE for t in rejected)
    kept, rejected = keep_confident([side_by_side, small])
    assert kept == [side_by_side, small] and not rejected
    assert confidence(_table([["1 税務総務費", "648,430", "", "", ""]])) >= MIN_CONFIDENCE  # a part at a page foot


def test_boxed_column_joins_only_a_narrow_box_on_the_same_rows():
    from shiryo.parsers.tables.boxed_columns import join_boxed_columns

    main = _table([["区分", "陽性者数", "死亡"], ["北海道", "40,546", "1,301"], ["青森", "2,448", "30"]])
    box = _table([["確認中"], ["235"], ["0"]], x0=main.bbox[2] + 10)
    (joined,) = join_boxed_columns([main, box])
    assert joined.grid_text() == [["区分", "陽性者数", "死亡", "確認中"], ["北海道", "40,546", "1,301", "235"], ["青森", "2,448", "30", "0"]]
    twin = _table([["区分", "陽性者数", "死亡"], ["滋賀", "2,123", "20"], ["京都", "8,200", "40"]], x0=main.bbox[2] + 10)
    assert len(join_boxed_columns([_table([["区分", "陽性者数", "死亡"], ["北海道", "40,546", "1,301"], ["青森", "2,448", "30"]]), twin])) == 2
    short = _table([["確認中"], ["235"]], x0=main.bbox[2] + 10)  # not the table's full height
    assert len(join_boxed_columns([_table([["区分", "陽性者数", "死亡"], ["北海道", "40,546", "1,301"], ["青森", "2,448", "30"]]), short])) == 2


def test_tategaki_set_as_stacked_one_character_lines_reads_column_by_column():
    from shiryo.parsers.model import Char
    from shiryo.parsers.tables.cell_text import cell_text

    # PowerPoint: `省エネルギー` (right) beside `の推進体制` (left), each character its own line,
    # the left column set 2 pt lower: read by rows the two interleave (`省の エ推 …`)
    right = [Char(c, (38.3, 446.4 + 8 * i, 46.3, 454.4 + 8 * i)) for i, c in enumerate("省エネルギー")]
    left = [Char(c, (28.7, 448.5 + 8 * i, 36.7, 456.5 + 8 * i)) for i, c in enumerate("の推進体制")]
    assert cell_text(right + left) == "省エネルギーの推進体制"
    # a label wrapped two characters a line keeps its rows: `特殊` / `勤務` / `手当`
    wrapped = [Char(c, (10 + 8 * (i % 2), 10 * (i // 2), 18 + 8 * (i % 2), 8 + 10 * (i // 2))) for i, c in enumerate("特殊勤務手当")]
    assert cell_text(wrapped) == "特殊勤務手当"


def test_a_number_overflowing_its_cell_stays_whole():
    from shiryo.parsers.model import Char
    from shiryo.parsers.tables.lattice import _chars_by_slot

    # 4 pt `2021` printed over the rule at x=432.8 (att_data p18): by centres `202` | `1`
    year = [Char(c, (427.0 + 1.8 * i, 92.0, 428.8 + 1.8 * i, 96.0)) for i, c in enumerate("2021")]
    apart = [Char("7", (440.0, 92.0, 441.8, 96.0))]  # a digit of the next cell, with a gap
    slots = _chars_by_slot(year + apart, [400.0, 432.8, 460.0], [90.0, 100.0])
    assert "".join(ch.c for ch in sorted(slots[(0, 0)], key=lambda ch: ch.bbox[0])) == "2021"
    assert [ch.c for ch in slots[(0, 1)]] == ["7"]
