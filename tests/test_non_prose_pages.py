"""Pages that are not prose (issue 14): a budget book's cover and 款／項 heads, an Excel table's ※
notes, a vertical 諮問's title — on real corpus pages (skipped when the corpus is absent)."""
from __future__ import annotations

import functools

from shiryo.parsers.model import Block
from shiryo.parsers.table_heads import demote_grid_labels, demote_reprinted_heads, promote_table_heads
from shiryo.pipeline.extraction import extract_document
from tests.conftest import corpus_pdf


@functools.lru_cache(maxsize=None)
def _records(name: str) -> tuple:
    return tuple(extract_document(corpus_pdf(name)).records)


def _page(name: str, page: int) -> list[tuple[str, str]]:
    return [(r["type"], r.get("text", "")) for r in _records(name) if r["page"] == page and r["type"] not in ("table", "document")]


def test_budget_cover_title_takes_its_bracketed_qualifier():
    blocks = _page("fuji_city_budget_r8_overview_gs.pdf", 1)
    assert blocks[:2] == [("heading", "令和８年度一般会計予算書（附予算説明書）"), ("paragraph", "富士市")]


def test_spread_labels_over_a_table_are_headings_of_their_own():
    blocks = _page("fuji_city_budget_r8_overview_gs.pdf", 17)
    assert [b for b in blocks if b[0] == "heading"] == [
        ("heading", "歳入歳出予算事項別明細書"), ("heading", "１\u3000総\u3000\u3000括"), ("heading", "（歳\u3000\u3000入）"),
    ]


def test_a_page_that_ends_early_runs_nothing_on():
    # p2 (a fact sheet) stops mid-page: p3's resolution title starts its own record (a part title of
    # the book, level 1, since promote_part_titles)
    assert ("heading", "令和８年度富士市一般会計予算") in _page("fuji_city_budget_r8_overview_gs.pdf", 3)


def test_excel_table_notes_are_footnotes_one_per_note():
    notes = [t for k, t in _page("mhlw_covid_pref_positive_table_20210615.pdf", 1) if k == "footnote"]
    assert len(notes) == 6
    assert notes[2] == "その他は、長崎県のクルーズ船における陽性者"
    assert notes[5].endswith("集中治療室（ICU）等での管理が必要な患者は含まれていない。") and not notes[5].startswith("※")


def test_vertical_title_column_is_a_heading():
    assert _page("moj_shimon121_vertical_text.pdf", 2)[0] == ("heading", "諮問第百二十一号")


def _block(kind: str, text: str, page: int) -> Block:
    return Block(kind=kind, text=text, bbox=(0, 0, 10, 10), page=page, pages=[page])


def test_reprinted_budget_heads_open_their_section_once():
    blocks = [
        _block("heading", "１款　市税", 28), _block("heading", "２項　固定資産税", 28), _block("table", "", 28),
        _block("heading", "１款　市税", 30), _block("heading", "３項　軽自動車税", 30), _block("paragraph", "887,800千円", 30),
        _block("table", "", 30),
        _block("heading", "（歳　　入）", 31), _block("table", "", 31), _block("heading", "（歳　　入）", 32), _block("table", "", 32),
        _block("heading", "１　はじめに", 33), _block("paragraph", "本書は…を定める。", 33), _block("table", "", 33),
        _block("heading", "１　はじめに", 34), _block("paragraph", "次のとおりとする。", 34), _block("table", "", 34),
        _block("heading", "１款　市税", 40), _block("table", "", 40),
        _block("heading", "２項　固定資産税", 41), _block("table", "", 41),
        # a 款・項 pair reprinted on one row: a reprint when both were printed lately …
        _block("heading", "１款　市税　　２項　固定資産税", 42), _block("table", "", 42),
        # … or when its new 項 is printed again on its own right below, which opens it
        _block("heading", "１款　市税　　３項　軽自動車税", 43), _block("heading", "３項　軽自動車税", 43), _block("table", "", 43),
    ]
    blocks.extend(_block("table", "", 50) for _ in range(3))  # a document of tables (table_heads.mostly_tables)
    demote_reprinted_heads(blocks)
    assert [(b.page, b.text) for b in blocks if b.kind == "heading"] == [
        (28, "１款　市税"), (28, "２項　固定資産税"), (30, "３項　軽自動車税"),  # 款 reprinted over p30's table
        (31, "（歳　　入）"), (32, "（歳　　入）"),  # an unnumbered label opens each part
        (33, "１　はじめに"), (34, "１　はじめに"),  # over prose, not a table
        (40, "１款　市税"), (41, "２項　固定資産税"),  # printed again far on: sections of their own
        (43, "３項　軽自動車税"),
    ]


def _row(kind: str, text: str, x0: float, y0: float) -> Block:
    block = _block(kind, text, 2)
    block.bbox = (x0, y0, x0 + 12 * len(text), y0 + 12)
    block.lines = [None]
    return block


def test_short_headings_in_a_grid_are_cells():
    # the fact box 面　積 ２４４．９５ ｋ㎡ (budget book p2): its unit in larger type is no heading
    blocks = [_row("heading", "面　積", 140, 230), _row("paragraph", "２４４．９５", 300, 230), _row("heading", "ｋ㎡", 420, 230),
              _row("heading", "はじめに", 60, 400), _row("paragraph", "（本文）", 300, 460)]
    demote_grid_labels(blocks)
    assert [b.text for b in blocks if b.kind == "heading"] == ["はじめに"]


def test_numbered_labels_over_a_table_head_it_in_a_document_of_tables():
    def doc(n_prose: int) -> list[Block]:
        label = _block("list_item", "２ 一般職", 1)
        label.lines = [None]
        return [label, _block("paragraph", "(単位 千円）", 1), _block("table", "", 1)] + [_block("paragraph", "本文。", 2)] * n_prose

    labels = [doc(0), doc(20)]
    for blocks in labels:
        blocks[0].lines = [_line("２ 一般職")]
        promote_table_heads(blocks)
    assert labels[0][0].kind == "heading" and labels[1][0].kind == "list_item"  # a prose document keeps its item


def _line(text: str):
    from shiryo.parsers.model import Line, Span

    return Line(spans=[Span(text, "MS-Mincho", 10.0, False, (0, 0, 10 * len(text), 10))], bbox=(0, 0, 10 * len(text), 10))


def test_a_turned_page_is_read_as_shown():
    # moj schedule: a landscape page stored portrait with /Rotate 90; read sideways its lines were
    # vertical text and its ruled table was lost
    records = [r for r in _records("moj_hoseishingikai_schedule_r7_12.pdf") if r["type"] != "document"]
    assert [(r["type"], r.get("text", "")) for r in records[:2]] == [("paragraph", "〔法制審議会〕"), ("heading", "１２月開催予定表")]
    (table,) = [r for r in records if r["type"] == "table"]
    assert table["text"].startswith("会議名\t年月日\t議題")
    assert table["bbox"][2] > 595  # in the shown (landscape) page's space


def test_salary_annex_labels_over_tables_are_its_outline():
    # 給与費明細書 p1 and p3 (rendered pages): numbered labels in body type over each table
    heads = [(r["page"], r["text"]) for r in _records("fuji_city_budget_r8_salary_annex_gs.pdf") if r["type"] == "heading"]
    # the title set letter by letter (給　与　費　明　細　書) heads them all
    assert [h for h in heads if h[0] in (1, 3)] == [
        (1, "給与費明細書"), (1, "１特別職"), (1, "２一般職"), (1, "(１）総  括"), (1, "ア\u3000会計年度任用職員以外の職員"),
        (3, "(３）給料及び職員手当等の状況(会計年度任用職員以外の職員）"), (3, "ア  職員一人当たりの給与(一般会計・主な職種）"), (3, "イ  初任給"),
    ]
