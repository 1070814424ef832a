"""Lines into blocks on real pages (issue 14, round4 pages): a label in a face of its own over a one-line
paragraph, an item's term broken off after its colon, a rule drawn between two lines, names one to a line."""
from __future__ import annotations

from tests.conftest import corpus_pdf, extracted


def _page(name: str, page: int) -> list[dict]:
    return [r for r in extracted(corpus_pdf(name)).records if r["page"] == page and r["type"] != "footnote"]


def test_a_label_in_its_own_face_heads_a_one_line_paragraph_hanging_under_its_text():
    # cio 2021-06 p18–19: `d)OJT の実施` / `e)ケースの整備` in Gothic over Mincho text indented to where
    # the label's words start; with a single line below (or one running over the page) that line
    # looked like the label's own second line
    records = extracted(corpus_pdf("cio_discussion_paper_2021_06_att_data_jinzai.pdf")).records
    kinds = {r["text"].strip(): r["type"] for r in records if r["page"] in (18, 19)}
    assert kinds["d)OJT の実施"] == kinds["e)ケースの整備"] == kinds["a)コースウェア"] == "heading"
    assert kinds["実業務を通じてケースの整備を行う。"] == "paragraph"
    ojt = next(r for r in records if r["text"].startswith("デジタル庁のデータ関連業務"))
    assert ojt["pages"] == [18, 19] and ojt["text"].endswith("スキルなどの再評価を実施する。")


def test_a_numbered_step_with_its_gloss_below_in_the_same_face_stays_an_item():
    # cio 2021-01 p15: `1. デザイナを雇い、コミュニティを作れ` over `Hire designers…`, one face
    items = [r["text"] for r in _page("cio_discussion_paper_2021_01_service_design.pdf", 15) if r["type"] == "list_item"]
    assert any(t.startswith("1.デザイナを雇い") and "Hire designers" in t for t in items)


def test_an_items_term_broken_off_after_its_colon_keeps_its_gloss():
    # cio 2021-01 p37: `・キッズルーム（その他から移動）：` / `子供向け情報だが…` right under the item's text
    items = [r["text"].strip() for r in _page("cio_discussion_paper_2021_01_service_design.pdf", 37) if r["type"] == "list_item"]
    assert "・キッズルーム（その他から移動）：子供向け情報だが大人にとってもコンパクトで有用な情報源となる。" in items


def test_a_rule_drawn_between_two_lines_parts_them_but_an_underline_does_not():
    # tatakidai p25: a boxed quotation's last item (g) stands over the box's bottom rule, the next
    # paragraph below it; cio 2021-01 p16: a URL underlined as a link wraps onto a second line
    texts = [r["text"].strip() for r in _page("moj_shoho_bukai_chukan_shian_tatakidai.pdf", 25)]
    assert "（g）当該システムに関連して適用される任意の枠組み又は業界基準に関する規定" in texts
    assert any(t.startswith("そのため、我が国においても、") for t in texts)
    urls = [r["text"] for r in _page("cio_discussion_paper_2021_01_service_design.pdf", 16)]
    assert any("service_design/20" in t and "200420_report.html" in t for t in urls)


def test_names_one_to_a_line_are_a_list():
    # cio 2020-02 p16: the companies of the 事業者 意見交換会, one a line, no marker
    records = _page("cio_discussion_paper_2020_02_jichitai_tsuchi.pdf", 16)
    kinds = {r["text"].strip(): r["type"] for r in records}
    assert kinds["株式会社アイシーエス"] == kinds["ソフトバンク株式会社"] == kinds["サイボウズ株式会社"] == "list_item"
    # a sentence's lines are no roster, nor a single short line
    assert all(r["type"] != "list_item" for r in records if r["text"].strip().endswith("。"))
