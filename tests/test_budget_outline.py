"""Budget books' outline: a page title over its numbered sections, a ruled table's last row."""
from __future__ import annotations

import pymupdf

from shiryo.parsers.page import read_page
from shiryo.parsers.model import centre_in
from shiryo.pipeline.extraction import extract_document
from tests.conftest import corpus_pdf


def test_a_title_centred_over_its_page_heads_the_numbered_sections():
    # r8 p17: 歳入歳出予算事項別明細書 centred at the top, `１ 総括` at the left margin in the same type
    records = extract_document(corpus_pdf("fuji_city_budget_r8_overview_gs.pdf")).records
    level = {r["text"]: r["level"] for r in records if r["type"] == "heading" and r["page"] == 17}
    assert level["１\u3000総\u3000\u3000括"] == level["歳入歳出予算事項別明細書"] + 1
    assert level["（歳\u3000\u3000入）"] == level["１\u3000総\u3000\u3000括"] + 1


def test_a_table_stopping_short_of_the_ruled_frame_does_not_replace_it():
    # r6 p553: the borderless finder stops above the last 節 row (18 負担金、補助及び交付金);
    # the ruled table that holds that row must stay, so the row is no loose heading
    with pymupdf.open(corpus_pdf("fuji_city_general_account_budget_r6_full.pdf")) as doc:
        model = read_page(doc[552])
    row = next(l for l in model.lines if l.text.startswith("18 負担金"))
    assert any(centre_in(row.bbox, t.bbox) for t in model.tables)


def test_a_small_title_opening_with_an_item_marker_at_a_page_top_is_no_running_header():
    # r6 給与費明細書: `(３）給料及び職員手当等の状況…` (p598) and `エ　昇給` (p600) stand alone in the top
    # band in type smaller than the tables': titles of what the page starts, under `２一般職`
    records = extract_document(corpus_pdf("fuji_city_general_account_budget_r6_full.pdf")).records
    headings = [(r["page"], r["text"], r["level"]) for r in records if r["type"] == "heading" and 596 <= r["page"] <= 601]
    texts = [t for _, t, _ in headings]
    third = texts.index("(３）給料及び職員手当等の状況(会計年度任用職員以外の職員）")
    assert headings[third][0] == 598 and headings[third][2] == headings[texts.index("(２）給料及び職員手当等の増減額の明細(会計年度任用職員以外の職員）")][2]
    assert (600, "エ\u3000昇給") in [(p, t) for p, t, _ in headings]
    assert headings[texts.index("ア  職員一人当たりの給与(一般会計・主な職種）")][2] == headings[third][2] + 1


def test_a_divider_tab_repeated_by_the_numbered_heading_after_it_heads_nothing():
    # r6 p27 `歳入` and p175 `歳出` stand alone on their divider pages; `２　　歳    入` (p28) and
    # `３　　歳    出` (p176) are the 事項別明細書's parts beside `１　総　　括` (p21)
    records = extract_document(corpus_pdf("fuji_city_general_account_budget_r6_full.pdf")).records
    level = {(r["page"], "".join(r["text"].split())): r["level"] for r in records if r["type"] == "heading"}
    assert (27, "歳入") not in level and (175, "歳出") not in level
    assert level[(28, "２歳入")] == level[(176, "３歳出")] == level[(21, "１総括")] == level[(21, "歳入歳出予算事項別明細書")] + 1


def test_a_title_spaced_over_two_lines_joined_by_a_conjunction_is_one_heading():
    # salary annex p13: `地方債の６年度末における現在高並びに７年度末` / `及び８年度末における現在高の見込に関する調書`,
    # one size, the same edges, a line apart: one title
    records = extract_document(corpus_pdf("fuji_city_budget_r8_salary_annex_gs.pdf")).records
    titles = [r["text"] for r in records if r["type"] == "heading" and r["page"] == 13]
    assert titles == ["地方債の６年度末における現在高並びに７年度末及び８年度末における現在高の見込に関する調書"]


def test_a_budget_books_parts_stand_beside_its_cover_title():
    # r8: the 予算's own title over its 条 (p3, body type, blank paper below it), the 第１表…第３表
    # opening their pages over their tables (captions before), the divider 予算説明書 and the
    # centred 歳入歳出予算事項別明細書 are the book's parts, each beside the cover's title; the
    # 条's captions, 歳入 / 歳出 and `１ 総括` sit under them
    records = extract_document(corpus_pdf("fuji_city_budget_r8_overview_gs.pdf")).records
    heads = [(r["page"], r["text"], r["level"]) for r in records if r["type"] == "heading"]
    level = {(page, text): lv for page, text, lv in heads}
    parts = [
        (1, "令和８年度一般会計予算書（附予算説明書）"), (3, "令和８年度富士市一般会計予算"), (4, "第１表\u3000\u3000歳入歳出予算"),
        (10, "第２表\u3000\u3000債務負担行為"), (12, "第３表\u3000地方債"), (14, "予算説明書"), (15, "一般会計補正予算整理表"),
        (17, "歳入歳出予算事項別明細書"),
    ]
    assert [level.get(part) for part in parts] == [1] * len(parts)
    assert level[(3, "（歳入歳出予算）")] == 2
    assert level[(4, "歳\u3000\u3000入")] == level[(7, "歳\u3000\u3000出")] == 2
    assert level[(17, "１\u3000総\u3000\u3000括")] == 2
    assert level[(15, "（歳\u3000\u3000入）")] == level[(16, "（歳\u3000\u3000出）")] == 2  # under the 整理表, reprinted on p16
    assert (16, "一般会計補正予算整理表") not in level
    assert not any(page == 2 for page, _, _ in heads)  # the fact box's `面` heads nothing


def test_a_page_title_over_smaller_print_is_no_running_header():
    # r8 p15, p16: `一 般 会 計 補 正 予 算 整 理 表` (8.7 pt, letter-spaced) over a 7.4 pt table in the top
    # band was dropped as a running header (small beside the body) and, once kept, read as a 号 `一 …`
    records = extract_document(corpus_pdf("fuji_city_budget_r8_overview_gs.pdf")).records
    titles = [(r["page"], r["type"]) for r in records if r["text"] == "一般会計補正予算整理表"]
    assert [p for p, _ in titles] == [15, 16]
    assert all(kind != "list_item" for _, kind in titles)


def test_a_letter_spaced_title_opening_with_a_kanji_numeral_is_no_provision_item():
    from shiryo.parsers.numbering import marker_kind

    assert marker_kind("一 般 会 計 補 正 予 算 整 理 表") is None
    assert marker_kind("一 当該船荷証券") == marker_kind("二　前号に掲げるもの") == "kanji"


def test_a_title_over_a_ruled_frame_is_no_row_of_the_borderless_table_that_wins_over_it():
    # salary annex p4: the ruled frame's tall cells hold every 級's numbers, so the borderless finder's
    # rows win; `ウ 級別職員数 (一般会計･主な職種)` and the unit printed above the top rule are no row of it
    records = extract_document(corpus_pdf("fuji_city_budget_r8_salary_annex_gs.pdf")).records
    on_p4 = [r for r in records if r["page"] == 4]
    first_table = next(r for r in on_p4 if r["type"] == "table")
    assert "級別職員数" not in first_table["text"]
    level = {r["text"]: r["level"] for r in records if r["type"] == "heading"}
    assert level["ウ  級別職員数 (一般会計･主な職種)"] == level["イ  初任給"]


def test_a_schedule_title_opens_a_part_of_the_book_and_its_reprints_head_nothing():
    # salary annex: the 債務負担行為 調書 (p7, reprinted over p8–p12's pages of its table) and the 地方債
    # 調書 (p13) are parts of the 予算説明書 beside 給与費明細書, not sections of `３ 参考`
    records = extract_document(corpus_pdf("fuji_city_budget_r8_salary_annex_gs.pdf")).records
    headings = [(r["page"], r["text"], r["level"]) for r in records if r["type"] == "heading"]
    top = [(page, text) for page, text, level in headings if level == 1]
    assert [page for page, _ in top] == [1, 7, 13]
    assert top[1][1].startswith("債務負担行為で９年度以降") and top[1][1].endswith("に関する調書")
    reprints = [r for r in records if r["type"] == "paragraph" and r["text"] == top[1][1]]
    assert sorted(p for r in reprints for p in r["pages"]) == [8, 9, 10, 11, 12]
    units = [r for r in records if r["text"] == "（単位\u3000千円）"]
    assert units and all(r["pages"] == [r["page"]] for r in units)  # a unit label runs on into nothing


def test_a_schedule_title_read_as_two_paragraphs_is_one_part_title():
    # r6 p612: `地方債の４年度末における現在高並びに５年度末` / `及び６年度末…に関する調書`, open leading
    # between; r6 p596 `給　与　費　明　細　書` letter-spaced into a line a character
    records = extract_document(corpus_pdf("fuji_city_general_account_budget_r6_full.pdf")).records
    level = {(r["page"], "".join(r["text"].split())): r["level"] for r in records if r["type"] == "heading"}
    assert level[(612, "地方債の４年度末における現在高並びに５年度末及び６年度末における現在高の見込に関する調書")] == 1
    assert level[(596, "給与費明細書")] == 1 and level[(602, next(t for p, t in level if p == 602))] == 1


def test_two_parts_of_one_name_with_sections_between_are_both_parts():
    # smrj: the 新旧対照表 of the 規程 (p4) and of its next part (p9), the same title, 別紙 headings
    # between: no reprint
    records = extract_document(corpus_pdf("smrj_shoryokuka_kitei_shinkyu_taishohyo.pdf")).records
    pages = [r["page"] for r in records if r["type"] == "heading" and r["text"].endswith("新旧対照表")]
    assert 4 in pages and 9 in pages


def test_a_top_line_stringing_the_pages_heads_together_is_a_running_head():
    # r6 p318/p320: `３款　民生費　　５項　生活保護費` in the top band over `３款　民生費` / `５項　生活保護費`;
    # the 款 and 項 change every few pages, so no text repeats on enough pages to count as a header
    records = extract_document(corpus_pdf("fuji_city_general_account_budget_r6_full.pdf")).records
    tops = [r for r in records if r["page"] in (316, 318, 320) and "\u3000\u3000" in r["text"] and r["text"].startswith("３款")]
    assert tops == []
    assert any(r["page"] == 320 and r["text"] == "６項\u3000災害救助費" and r["type"] == "heading" for r in records)
