"""Legal drafts and statutes (issue 14): 法制審議会令's 附則, the 中間試案 / たたき台 / 補足説明 drafts' option
labels, provisions, discussion paragraphs and headings that a page break, a long title or a body-size
face used to hide.  Exact block sequences on round2 pages (tests/structure_reference/round2, written by
hand from the rendered page), the rules on blocks built here, and whole-document outlines."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "structure_reference"))

from conftest import CORPUS, extracted  # noqa: E402
from structure_score import ROUND2, norm, page_sequence, references  # noqa: E402

from shiryo.parsers.headings import looks_like_heading, promote_numbered_titles, type_numbered_provisions  # noqa: E402
from shiryo.parsers.model import Block, Line, Span  # noqa: E402
from shiryo.parsers.numbering import marker_kind, marker_ordinal, opens_with_label  # noqa: E402
from shiryo.parsers.outline import assign_levels  # noqa: E402

ROUND2_REFERENCES = {r["pdf"]: r for r in references(ROUND2)}

# round2 pages whose every block comes out exactly (type and text, nothing more)
EXACT_ROUND2_PAGES = [
    ("ja/moj_hoseishingikai_rei_antennahouse.pdf", 3),  # 附則 headings, their captions, １ as a 項 paragraph
    ("editions/moj_bl_chukan_shian/chukan_shian_bukai.pdf", 1),  # ＜目次＞ on the cover stays a heading
    ("editions/moj_bl_chukan_shian/chukan_shian_bukai.pdf", 15),  # 【乙－１案】（注）
    ("editions/moj_bl_hosoku_setsumei/hosoku_setsumei_bukai.pdf", 33),  # 【Ｂ案】 provisions whole
    ("ja/moj_shoho_bukai_chukan_shian_tatakidai.pdf", 40),  # …について、 / ①民法上の… one paragraph
    ("editions/moj_bl_chukan_shian/bukai_shiryo08_tatakidai2.pdf", 30),  # MLETR 第９条 box title apart
]


def _records(pdf: str) -> list[dict]:
    """The records of a corpus PDF (skips the test when the shared corpus is absent)."""
    if (CORPUS / pdf).is_file():
        return extracted(CORPUS / pdf).records
    pytest.skip(f"shared corpus not present: {CORPUS / pdf}")


@pytest.mark.parametrize("pdf,page", EXACT_ROUND2_PAGES, ids=lambda v: str(v)[-30:])
def test_exact_block_sequence_on_round2_pages(pdf, page):
    got, want = page_sequence(next(p for p in ROUND2_REFERENCES[pdf]["pages"] if p["page"] == page), _records(pdf))
    assert got == want


def _line(text: str, x: float = 50, y: float = 100, size: float = 10.0) -> Line:
    bbox = (x, y, x + size * len(text), y + size)
    return Line(spans=[Span(text, "MS-Mincho", size, False, bbox)], bbox=bbox)


def _block(kind: str, text: str, level: int = 0) -> Block:
    line = _line(text)
    return Block(kind=kind, text=text, bbox=line.bbox, page=1, lines=[line], level=level, pages=[1])


def test_supplementary_provisions_are_a_marker_but_not_a_word_opening_a_sentence():
    assert marker_kind("附 則") == "supplementary" and marker_kind("附則（昭和二七年七月三一日政令第三〇五号）抄") == "supplementary"
    assert marker_kind("附則第２項の規定により") is None


def test_supplementary_provisions_close_the_captions_and_hold_their_own():
    blocks = [_block("heading", t, 8) for t in ("（雑則）", "附 則", "附 則 （平成一二年五月三一日政令第二二九号）", "（施行期日）", "（経過措置）",
                                                  "附 則 （平成一二年六月七日政令第三〇五号） 抄", "（施行期日）")]
    assign_levels(blocks, 10.0)
    assert [b.level for b in blocks] == [1, 1, 1, 2, 2, 1, 2]
    # a 項 under a 附則 (its captions included) is a paragraph, not a list item counting from １
    paragraphs = [_block("heading", "附 則 （昭和二九年一二月二七日政令第三二二号） 抄", 2), _block("paragraph", "１ この政令は、公布の日から施行する。"),
                  _block("heading", "（施行期日）", 7), _block("paragraph", "１ この政令は、公布の日から施行する。")]
    type_numbered_provisions(paragraphs)
    assert [b.kind for b in paragraphs] == ["heading", "paragraph", "heading", "paragraph"]


def test_option_labels_sit_one_tier_under_the_deepest_section_number():
    blocks = [_block("heading", t, 8) for t in ("第６ 効力", "１ 方向性", "⑴ 定義", "【甲案】", "第７ 強制執行", "【甲案】", "【乙－１案】（注）")]
    assign_levels(blocks, 10.0)
    assert [b.level for b in blocks] == [1, 2, 3, 4, 1, 4, 4]


def test_a_provisions_item_is_no_heading_however_it_is_set():
    assert looks_like_heading("一 電子船荷証券記録上の権利を有することを証する唯一の記録として特定", 10.0, True, 10.0) is None
    assert looks_like_heading("② 前項の通知がなかつたときは、運送品は", 10.0, True, 10.0) is None
    assert looks_like_heading("①電子化された船荷証券の名称", 10.0, True, 10.0) is not None  # a short title in a heading face
    # a 第７ title in body type may run long
    assert looks_like_heading("第７ 電子船荷証券記録を支配する者に対する強制執行に関する規律の内容", 10.0, False, 10.0) is not None


def test_option_label_opening_its_text():
    assert opens_with_label("【Ｂ案】当該船荷証券が、裏書によって") and not opens_with_label("【甲案】") and not opens_with_label("【乙－１案】（注）")
    assert marker_ordinal("⑷ 受取船荷証券") == 4 and marker_ordinal("（１２）基本") == 12 and marker_ordinal("２ 記名式") == 2


def test_numbered_items_going_on_the_count_of_their_headings_become_headings():
    blocks = [_block("heading", "第２ 発行", 4), _block("heading", "⑶ 荷受人の承諾の要否について", 6), _block("paragraph", "本文。"),
              _block("list_item", "⑷ 受取船荷証券及び船積船荷証券に相当する電子船荷証券記録について"),
              _block("list_item", "⑹ 飛んだ番号の項目について"),  # not the next number: stays an item
              _block("heading", "第３ 要件", 4), _block("list_item", "⑴ 電子船荷証券記録は、次に掲げる要件を満たすものとする。")]
    promote_numbered_titles(blocks)
    assert [b.kind for b in blocks] == ["heading", "heading", "paragraph", "heading", "list_item", "heading", "list_item"]
    # under a （補足説明） the count may start again, or go on past it
    blocks = [_block("heading", "⑻ 商法第７６８条に相当する規定", 6), _block("heading", "（補足説明）", 7),
              _block("list_item", "⑼ 民法第５２０条の２、第５２０条の３、第５２０条の１３、第５２０条の１９第１項"),
              _block("heading", "４ 支配の移転の技術的要件", 5), _block("heading", "（補足説明）", 7), _block("list_item", "１ 定義及び信頼性の要件以外の技術的要件について")]
    promote_numbered_titles(blocks)
    assert [b.kind for b in blocks] == ["heading", "heading", "heading", "heading", "heading", "heading"]


def _outline(pdf: str) -> list[tuple[int, str, int]]:
    return [(r["level"], norm(r["text"]), r["page"]) for r in _records(pdf) if r["type"] == "heading"]


def test_tatakidai_outline_has_its_sections_and_no_provisions():
    headings = _outline("ja/moj_shoho_bukai_chukan_shian_tatakidai.pdf")
    texts = [t for _, t, _ in headings]
    assert norm("⑷受取船荷証券及び船積船荷証券に相当する電子船荷証券記録について") in texts  # p6, 33 characters in body type
    assert any(t.startswith(norm("⑸受取電子船荷証券記録と引換えに")) for t in texts)  # p10, over two lines
    assert not any(t[:1] in "一二三四" for t in texts)  # 号 of a provision
    top = min(level for level, _, _ in headings)
    assert [t for level, t, _ in headings if level == top] == [norm("船荷証券に関する規定等の見直しに関する中間試案のたたき台")]


def test_chukan_shian_outline_has_its_seventh_part_over_its_options():
    headings = _outline("editions/moj_bl_chukan_shian/chukan_shian_bukai.pdf")
    at = next(i for i, (_, t, _) in enumerate(headings) if t.startswith(norm("第７電子船荷証券記録を支配する者")))
    dai, options = headings[at], headings[at + 1:at + 6]
    assert [t for _, t, _ in options] == [norm(t) for t in ("【甲案】", "【乙－１案】（注）", "【乙－２案】", "【丙案】", "【丁案】")]
    assert all(level > dai[0] for level, _, _ in options)
    assert any(t.startswith(norm("⑼民法第５２０条の２")) and t.endswith(norm("第５２０条の１９第１項")) for _, t, _ in headings)


def test_a_title_carried_over_a_page_is_one_heading():
    headings = _outline("editions/moj_bl_chukan_shian/bukai_shiryo08_tatakidai2.pdf")
    assert any(t.startswith(norm("⑼民法第５２０条の２")) and t.endswith(norm("第５２０条の１９第１項")) for _, t, _ in headings)  # p59–60
    assert not any(t == norm("９第１項") for _, t, _ in headings)


def test_hosoku_setsumei_outline_has_no_sentence_at_a_page_foot():
    headings = _outline("editions/moj_bl_hosoku_setsumei/hosoku_setsumei_bukai.pdf")
    assert not any(t.endswith(("の", "さ", "配")) and len(t) > 25 for _, t, _ in headings)  # a line running on over the page
    top = min(level for level, _, _ in headings)
    assert len([t for level, t, _ in headings if level == top]) <= 2


def test_a_label_left_of_an_item_marker_is_no_part_of_the_item_above():
    """部会資料 2 p3: `【後半パート】` stands at its twin `【前半パート】`'s margin, left of ⑧'s marker,
    under ⑧'s last line (which nearly fills the column): a heading like its twin, not ⑧'s text."""
    records = _records("ja/moj_hoseishingikai_shoho_bukai_shiryo2.pdf")
    kinds = {norm(r["text"]): r["type"] for r in records}
    assert kinds[norm("【前半パート】")] == kinds[norm("【後半パート】")] == "heading"
    eighth = next(r for r in records if r["text"].startswith("⑧その他整理すべき事項"))
    assert eighth["type"] == "list_item" and "後半" not in eighth["text"]
