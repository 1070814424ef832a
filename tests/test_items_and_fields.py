"""Lines into blocks on real pages (issue 14, round5 pages and their kin): a paragraph set under an
item, letters as item markers, a contact block's fields, a line Word broke before a mark that may not
open a line (禁則), a symbol font's small bullet, angle-bracketed labels, a label over a cover title."""
from __future__ import annotations

import pytest

from shiryo.parsers.numbering import marker_kind
from tests.conftest import CORPUS, corpus_pdf, extracted

MHLW = "mhlw_career_up_joseikin_shikyu_youryou_r7.pdf"
MONODUKURI = "monodukuri_hojokin_koubo_youryou_23.pdf"


def _page(name: str, page: int) -> list[dict]:
    return [r for r in extracted(corpus_pdf(name)).records if r["page"] == page and r["type"] != "footnote"]


def _kinds(name: str, page: int) -> dict[str, str]:
    return {r["text"].strip(): r["type"] for r in _page(name, page)}


def test_a_line_stepping_in_from_an_items_wrapped_lines_opens_a_paragraph_under_it():
    # 要領 p53: `(ﾍ) …の確認` wraps at x=99 over four full lines, its check `支給申請書及び…確認する。` one
    # character further in; p18: the ※ note's second line, then `なお、…` indented under its text
    texts = [r["text"].strip() for r in _page(MHLW, 53)]
    item = next(t for t in texts if t.startswith("(ﾍ)"))
    assert item.endswith("役員ではなかったことの確認")
    assert "支給申請書及び転換前の雇用契約書等又は雇用保険被保険者台帳により確認する。" in texts
    kinds = _kinds(MHLW, 18)
    assert kinds["なお、支給申請期間の末日が行政機関の休日に当たる場合には、当該行政機関の休日の翌日を支給申請期間の末日とみなす。"] == "paragraph"
    assert any(t.startswith("※") and t.endswith("支給申請が可能であること。") for t in kinds)
    # the same in a legal commentary (補足説明 p71): `しかしながら、…` indented under item イ's text
    pdf = CORPUS / "editions" / "moj_bl_hosoku_setsumei" / "hosoku_setsumei_bukai.pdf"
    if not pdf.is_file():
        pytest.skip(f"shared corpus not present: {pdf}")
    texts = [r["text"] for r in extracted(pdf).records if r["page"] == 71]
    assert any(t.startswith("しかしながら、電子船荷証券記録を法制化するに当たって") for t in texts)
    assert any(t.startswith("イ") and t.rstrip().endswith("民事執行規則第１５０条の９以下等）。") for t in texts)


def test_a_half_width_letter_before_japanese_text_marks_an_item_among_its_siblings_only():
    assert marker_kind("a 人材開発支援助成金") == marker_kind("b (ﾊ)に加え、") == "latin"
    assert marker_kind("a big step") is None and marker_kind("x 日本") is None
    kinds = _kinds(MHLW, 40)
    letters = [t for t in kinds if t[:2] in ("a ", "b ", "c ")]
    assert len(letters) == 5 and all(kinds[t] == "list_item" for t in letters)
    # cio 2021-06 p21: `i コンピテンシ ディクショナリ（iCD）は、…` opens a paragraph; no `h` or `j` near it
    kinds = _kinds("cio_discussion_paper_2021_06_att_data_jinzai.pdf", 21)
    assert next(k for t, k in kinds.items() if t.startswith("iコンピテンシ")) == "paragraph"


def test_a_contact_blocks_fields_are_one_entry_each():
    # 公募要領 p4 (and p40): `TEL：…（受付時間：…））` fills its line, `メールアドレス：…` under it
    texts = [r["text"].strip() for r in _page(MONODUKURI, 4)]
    assert "メールアドレス：houkoku-mh@mail.chuokai.or.jp" in texts
    assert any(t.startswith("TEL：03-6262-7921") and t.endswith("を除く））") for t in texts)


def test_a_line_broken_before_a_mark_that_may_not_open_a_line_runs_on():
    # 公募要領 p33: `…支給申請後、要件審査のう` stops 1.7 characters short of the edge because `え、`
    # may not be parted; the paragraph goes on
    texts = [r["text"] for r in _page(MONODUKURI, 33)]
    assert any(t.startswith("なお、本補助事業で") and "要件審査のうえ、支給決定が行われますので" in t for t in texts)
    assert not any(t.startswith("え、支給決定") for t in texts)


def test_a_symbol_fonts_small_bullet_marks_an_item():
    # 公募要領 p11: Wingdings U+F09E (a small middle dot) before `公的医療保険・…`
    items = [r["text"] for r in _page(MONODUKURI, 11) if r["type"] == "list_item"]
    assert any(t.startswith("・") and "公的医療保険・介護保険からの診療報酬" in t for t in items)


def test_an_angle_bracketed_label_heads_the_items_or_contact_lines_under_it():
    # 公募要領 p4: `＜不適切な行為の例＞` over ・ items and `＜トラブル等通報窓口＞` over the contact lines,
    # both inside `（申請にあたっての事業計画書作成支援等）`'s bullet: headings one level under it
    records = _page(MONODUKURI, 4)
    level = {r["text"].strip(): r.get("level") for r in records if r["type"] == "heading"}
    parent = level["（申請にあたっての事業計画書作成支援等）"]
    assert level["＜不適切な行為の例＞"] == level["＜トラブル等通報窓口＞"] == parent + 1


def test_an_angle_bracketed_label_holding_round_brackets_sits_under_the_boxed_title_over_it():
    # 公募要領 p23–24: each `＜補助金返還の考え方（計算式）＞` belongs to the boxed requirement above it
    records = [r for r in extracted(corpus_pdf("monodukuri_hojokin_koubo_youryou_23.pdf")).records if r["page"] in (23, 24) and r["type"] == "heading"]
    texts = [r["text"].strip() for r in records]
    formulas = [i for i, t in enumerate(texts) if t == "＜補助金返還の考え方（計算式）＞"]
    assert len(formulas) == 3
    for i in formulas:
        box = records[i - 1]
        assert box["text"].startswith(("基本要件", "大幅な賃上げ")) and records[i]["level"] == box["level"] + 1


def test_a_label_far_above_the_cover_title_is_a_line_of_its_own():
    # cio 2021-06 p1: `付録` at the left margin, `データ人材フレームワーク案` centred five lines lower
    doc = extracted(corpus_pdf("cio_discussion_paper_2021_06_att_data_jinzai.pdf"))
    kinds = {r["text"].strip(): (r["type"], r.get("level")) for r in doc.records if r["page"] == 1 and r["type"] != "document"}
    assert kinds["付録"][0] == "paragraph"
    assert kinds["データ人材フレームワーク案"] == ("heading", 1)


def test_a_black_circle_standing_for_a_number_is_no_bullet():
    # 中間試案 p6: `…商法第●条第` / `●項（注：…）の規定の適用については、…`: ② goes on
    assert marker_kind("●項（注：後記第６の２の⑽の第１項の規定）") is None and marker_kind("● 本補助事業") == "bullet"
    # only the black circle stands for a number: a bullet before 項目 or 条件 is still a bullet
    assert marker_kind("・項目別の内訳") == marker_kind("●条件を満たす") == marker_kind("●項目") == "bullet"
    pdf = CORPUS / "editions" / "moj_bl_chukan_shian" / "chukan_shian_bukai.pdf"
    if not pdf.is_file():
        pytest.skip(f"shared corpus not present: {pdf}")
    items = [r["text"] for r in extracted(pdf).records if r["page"] == 6 and r["type"] == "list_item"]
    assert any(t.startswith("② 前項の規定により") and "商法第●条第●項（注：" in t and t.rstrip().endswith("ものとみなす。") for t in items)


def test_a_paragraphs_indented_first_line_broken_before_a_mark_runs_on():
    # 公募要領 p31: the lead paragraph's indented first line stops 1.8 characters short (`…該`), the
    # second line back at the margin opens with `た、`, which Word does not part
    texts = [r["text"] for r in _page(MONODUKURI, 31) if r["type"] == "paragraph"]
    assert any(t.startswith("以下に該当する経費は補助対象外です。") and "また、採択決定後であっても" in t for t in texts)


def test_an_angle_bracketed_label_in_the_type_of_its_roster_is_a_heading_line_of_its_own():
    # cio 2020-02 p16: `＜…意見交換会 参加者＞` 8 pt above `水戸市` (a table of municipalities) and
    # `＜…事業者 意見交換会 参加者＞` (33 characters inside) over a roster of companies, all in one face
    records = _page("cio_discussion_paper_2020_02_jichitai_tsuchi.pdf", 16)
    kinds = {r["text"].strip(): (r["type"], r.get("level")) for r in records}
    parent = kinds["参考２検討協力"][1]
    first = "＜自治体データポータビリティ（マイデータ）意見交換会 参加者＞"
    second = "＜自治体データポータビリティ（マイデータ）事業者 意見交換会 参加者＞"
    assert kinds[first] == kinds[second] == ("heading", parent + 1)
    assert kinds["水戸市"][0] == "paragraph"


def test_a_letter_spaced_label_over_its_text_is_a_heading():
    # cio 2020-02 p1: `要 旨` (two characters in 36 pt of line, body type) right over the summary
    records = _page("cio_discussion_paper_2020_02_jichitai_tsuchi.pdf", 1)
    kinds = {r["text"].strip(): (r["type"], r.get("level")) for r in records}
    assert kinds["要旨"] == ("heading", 2)


def test_a_cover_title_is_a_heading_when_the_rest_of_the_document_is_vertical_text():
    # 諮問 p1: the 24 pt title is the only long horizontal line; p2 is vertical text a character a line
    records = [r for r in extracted(corpus_pdf("moj_shimon121_vertical_text.pdf")).records if r["type"] != "document"]
    assert (records[2]["text"], records[2]["type"], records[2]["level"]) == ("船荷証券等の電子化について", "heading", 1)
    document = next(r for r in extracted(corpus_pdf("moj_shimon121_vertical_text.pdf")).records if r["type"] == "document")
    assert document["text"] == "船荷証券等の電子化について"


def test_an_excel_sheets_notes_under_two_tables_side_by_side_are_footnotes():
    # covid 20210201: ※1 cited by the left table, ※2 by the right one; ※1's wrapped lines start back at the margin
    records = _page("mhlw_covid_pref_positive_table_20210201.pdf", 1)
    notes = [r["text"] for r in extracted(corpus_pdf("mhlw_covid_pref_positive_table_20210201.pdf")).records if r["type"] == "footnote"]
    assert len(notes) == 5 and notes[0].startswith("東京都の検査実施人数については") and notes[1] == "その他は、長崎県のクルーズ船における陽性者数。"
    assert not any(r["text"].startswith("※") for r in records)


def test_values_at_a_tab_stop_stay_on_their_rows():
    # cio 2021-06 p17: `５：中心的に関与` … `乗数１`, six rows with the multipliers at one tab stop
    items = [r["text"].split() for r in _page("cio_discussion_paper_2021_06_att_data_jinzai.pdf", 17) if r["type"] == "list_item"]
    assert ["５：中心的に関与", "乗数１"] in items and ["０：全く関与せず", "乗数0"] in items
    assert not any(i == ["乗数0.8"] for i in items)
