"""Word, JUST PDF and 要領 prose (issue 14): labels and steps decided by what stands around them
(parsers/item_labels.py), lettered and Gothic-numbered sections, and the outlines of the real
documents they fix.  Figures: `.venv/bin/python bench/structure_reference.py` (word, justpdf, youryou)."""
import pytest

from conftest import CORPUS, extracted

from shiryo.parsers.item_labels import demote_angle_labels, demote_led_steps, promote_item_labels, promote_numbered_siblings, unify_label_lists
from shiryo.parsers.model import Block, Line, Span
from shiryo.parsers.numbering import marker_kind
from shiryo.parsers.outline import document_levels
from shiryo.pipeline.outline import heading_tree


def _block(kind: str, text: str, page: int = 1) -> Block:
    line = Line(spans=[Span(text, "Mincho", 10.0, False, (0, 0, 100, 10))], bbox=(0, 0, 100, 10))
    return Block(kind=kind, text=text, bbox=(0, 0, 100, 10), page=page, lines=[line])


def _kinds(blocks: list[Block]) -> list[str]:
    return [b.kind for b in blocks]


def test_an_item_marked_label_heads_a_paragraph_or_deeper_items_not_its_siblings():
    blocks = [
        _block("list_item", "イ 6002のイ(ｲ)及び(ﾛ)の措置を講じる場合"),
        _block("list_item", "(ｲ) 6002のイ(ｲ)の手当等を１年間支給し、…という。"),
        _block("list_item", "ロ 6002のロの措置を講じる場合"),
        _block("paragraph", "週所定労働時間延長後の６か月を支給対象期という。"),
        _block("list_item", "ハ 次のいずれかに該当する者"),  # leads into its items
        _block("list_item", "(ｲ) 派遣労働者"),
        _block("list_item", "ニ 平衡機能に著しい障害を有するもの"),  # a sibling follows: an item
        _block("list_item", "ホ 音声又は言語機能に著しい障害を有するもの。"),  # a sentence
        _block("paragraph", "本文。"),
        _block("list_item", "イ 採用予定者の配置部署・役職名、部下の有無"),
        _block("list_item", "ハ 採用予定者に求める資格、スキル、経験など"),  # the list's last item
        _block("paragraph", "なお、本補助事業で…"),
    ]
    promote_item_labels(blocks)
    assert _kinds(blocks) == ["heading", "list_item", "heading", "paragraph", "list_item", "list_item", "list_item", "list_item", "paragraph",
                              "list_item", "list_item", "paragraph"]
    assert blocks[0].level > 0


def test_steps_a_sentence_leads_into_are_items_and_sections_after_other_text_stay():
    steps = [_block("paragraph", "具体的なワークショップの手順は以下である。"), _block("heading", "1.ユーザビリティテスト"),
             _block("list_item", "・現在利用者が…"), _block("paragraph", "2.ユーザー行動フローの整理"), _block("heading", "3.To Beジャーニーマップ作成"),
             _block("heading", "2) アプリケーション開発ベンダとの協働作業")]
    demote_led_steps(steps)
    assert _kinds(steps) == ["paragraph", "list_item", "list_item", "list_item", "list_item", "heading"]
    sections = [_block("paragraph", "ＡＩの利活用を進めている。"), _block("heading", "１．行政事務での活用に向けた取組"), _block("heading", "２．行政サービス")]
    demote_led_steps(sections)
    assert _kinds(sections) == ["paragraph", "heading", "heading"]


def test_a_numbered_line_between_its_sibling_headings_is_a_heading():
    blocks = [_block("heading", "(7) 知的財産などの取り扱い"), _block("list_item", "⚫ 本事業の成果…"),
              _block("list_item", "(8)EBPM に関する取組への協力／調査・成果事例作成への協力"), _block("list_item", "⚫ EBPM に関する…"),
              _block("heading", "(9) 善管注意義務")]
    promote_numbered_siblings(blocks)
    assert _kinds(blocks) == ["heading", "list_item", "heading", "list_item", "heading"]
    items = [_block("heading", "(1) 概要"), _block("list_item", "(2) 第一の要件"), _block("list_item", "(3) 第二の要件")]
    promote_numbered_siblings(items)  # the next sibling is an item too: a list under (1)
    assert _kinds(items) == ["heading", "list_item", "list_item"]


def test_angle_labels_head_the_text_under_them_on_their_page():
    # round5's writers (公募要領 p4) and round4's (cio 2020-02 p16) call a label over bullets, a contact
    # block or a roster a heading; over a figure's caption, a table, the next section or nothing it is a label
    blocks = [_block("heading", "＜不適切な行為の例＞"), _block("list_item", "・作業等にかかる…"),
              _block("heading", "＜第１期＞"), _block("list_item", "イ 対象労働者が…"),
              _block("heading", "＜G ビズID ヘルプデスク＞"), _block("paragraph", "TEL：0570-023-797"),
              _block("heading", "＜イメージ＞"), _block("caption", "図１ 手続の流れ"),
              _block("heading", "＜参考＞"), _block("heading", "（会社全体の事業計画の策定支援）"),
              _block("heading", "＜連絡先＞"), _block("paragraph", "次のページの本文", page=2)]
    demote_angle_labels(blocks)
    assert _kinds(blocks) == ["heading", "list_item", "heading", "list_item", "heading", "paragraph",
                              "paragraph", "caption", "paragraph", "heading", "paragraph", "paragraph"]


def test_on_slides_angle_labels_head_marked_items_only():
    blocks = [_block("heading", "＜不適切な行為の例＞"), _block("list_item", "・作業等にかかる…"),
              _block("heading", "＜第１期＞"), _block("list_item", "イ 対象労働者が…")]
    demote_angle_labels(blocks, slides=True)
    assert _kinds(blocks) == ["paragraph", "list_item", "heading", "list_item"]


def test_lettered_sections_are_a_marker_kind_of_their_own():
    assert marker_kind("A) 中小企業者") == marker_kind("E)社会福祉法人") == "upper_latin"
    assert marker_kind("Ｉ）の範囲") is None  # a wrapped （ＧＰＡ / Ｉ） is no label
    assert marker_kind("A) B2B") is None


def _tree(name: str) -> list[dict]:
    path = CORPUS / "ja" / name
    if not path.is_file():
        pytest.skip(f"shared corpus not present: {path}")
    return heading_tree(extracted(path).records)


def test_service_design_paper_outline_chapters_and_steps():
    """cio 2021-01: chapter ５ (Gothic number, Mincho title, longer than a line-by-line title) holds
    5.1–5.5; the workshop's steps 1.–6. are list items, not sections; 2)取組にあたっての課題 is one."""
    tree = _tree("cio_discussion_paper_2021_01_service_design.pdf")
    texts = [n["text"] for n in tree]
    chapter = next(i for i, t in enumerate(texts) if t.startswith("５ 海外政府におけるサービスデザインの活用"))
    assert all(tree[chapter + k]["depth"] == tree[chapter]["depth"] + 1 for k in range(1, 6))
    assert [texts[chapter + k][:2] for k in range(1, 6)] == ["５.", "５.", "５.", "５.", "５."]
    assert "2)取組にあたっての課題" in texts
    assert not [t for t in texts if t.startswith(("1.ユーザビリティテスト", "3.To Be", "1. 個人情報"))]


def test_koubo_youryou_outline_labels_and_numbered_sections():
    tree = _tree("monodukuri_hojokin_koubo_youryou_23.pdf")
    depth = {n["text"]: n["depth"] for n in tree}
    assert depth["目次"] == depth["重要事項"] == 1
    assert depth["(8)EBPM に関する取組への協力／調査・成果事例作成への協力"] == depth["(9) 善管注意義務"]
    # `＜不適切な行為の例＞` over its bullets sits under the （…） label whose bullet holds it
    assert depth["＜不適切な行為の例＞"] == depth["＜トラブル等通報窓口＞"] == depth["（申請にあたっての事業計画書作成支援等）"] + 1
    assert depth["B) 小規模企業者・小規模事業者"] == depth["A) 中小企業者"] == depth["2.4.1 補助対象者"] + 1


def _two_lines(kind: str, first: str, second: str) -> Block:
    block = _block(kind, first + second)
    block.lines = block.lines + [Line(spans=[Span(second, "Mincho", 10.0, False, (0, 12, 100, 22))], bbox=(0, 12, 100, 22))]
    return block


def test_a_wrapped_label_heads_the_paragraph_under_it_but_not_deeper_items():
    blocks = [
        _two_lines("list_item", "ロ 賃金規定等の共通化によって…待遇に均衡が図られ、", "…同額以上であることの確認"),
        _block("paragraph", "共通化した区分に…により確認する。"),
        _two_lines("list_item", "イ 対象労働者が1001の正社員化コースを利用したことの", "確認を行う場合の書類"),
        _block("list_item", "(ｲ) 転換制度が規定されている就業規則"),  # a wrapped item leading into items stays one
        _two_lines("list_item", "ハ 正規雇用労働者等への転換等の場合、", "増額していることを確認する。"),  # a sentence
        _block("paragraph", "本文。"),
    ]
    promote_item_labels(blocks)
    assert _kinds(blocks) == ["heading", "paragraph", "list_item", "list_item", "list_item", "paragraph"]


def test_an_angle_label_holds_the_kana_labels_under_it_and_the_next_label_is_its_sibling():
    texts = ["0400 キャリアアップ計画書の提出", "0404 キャリアアップ計画書の確認", "イ キャリアアップ計画書の受理", "ロ 不備があった場合の取扱い",
             "1008 支給要件の確認", "＜第１期＞", "ヘ 対象労働者の雇用契約期間の確認", "ト 不安定雇用者であることの確認",
             "＜第２期＞", "イ 第２期の確認", "2000 障害者正社員化コース", "2001 概要"]
    levels = document_levels([_block("heading", t) for t in texts], 10.0)
    group, code, first, kana = levels[0], levels[4], levels[5], levels[6]
    assert levels[2] == levels[3] == code + 1  # イ, ロ straight under 0404 where no label stands between
    assert first == code + 1 and kana == levels[7] == first + 1
    assert levels[8] == first and levels[9] == first + 1
    assert levels[10] == group and levels[11] == code  # the next sections are held by no label


def test_career_up_youryou_outline_labels_hold_their_kana_labels():
    """要領 1008: ＜第１期＞ and ＜第２期＞ are siblings over their イロハ labels; wrapped labels that
    end `…の確認` over their paragraph are headings (4007 ロ, ニ beside ハ, ホ, ヘ)."""
    tree = _tree("mhlw_career_up_joseikin_shikyu_youryou_r7.pdf")
    at = {n["text"]: i for i, n in enumerate(tree)}
    first, second = tree[at["＜第１期＞"]], tree[at["＜第２期＞"]]
    assert first["depth"] == second["depth"] == tree[at["1008 支給要件の確認"]]["depth"] + 1
    assert tree[at["ヘ 対象労働者の雇用契約期間の確認"]]["depth"] == first["depth"] + 1
    checks = [n["text"][0] for n in tree[at["4007 支給要件の確認"] + 1:at["5000 賞与・退職金制度導入コース"]]]
    assert checks == ["イ", "ロ", "ハ", "ニ", "ホ", "ヘ", "ト"]  # イ and ト, sentence-like, are their siblings


def test_the_labels_of_one_kana_list_are_all_headings_when_some_head_their_text():
    blocks = [
        _block("heading", "1008 支給要件の確認"),
        _two_lines("list_item", "イ 対象労働者が1001の正社員化コースを利用したことの確認は、次の(ｲ)から", "(ﾍ)までの書類により行う。"),
        _block("list_item", "(ｲ) 転換制度が規定されている就業規則"),
        _block("heading", "ロ 対象労働者の雇用契約期間の確認"),
        _block("paragraph", "雇用契約書により確認する。"),
        _block("list_item", "へ 任意特定適用事業所である場合"),  # ハ? no: へ does not follow ロ, a list of its own
        _block("heading", "2000 障害者正社員化コース"),
        _block("list_item", "イ 採用予定者の配置部署"),  # a list without label headings stays a list
        _block("list_item", "ロ 採用予定者に求める資格"),
    ]
    blocks = unify_label_lists(blocks)
    assert _kinds(blocks) == ["heading", "heading", "list_item", "heading", "paragraph", "list_item", "heading", "list_item", "list_item"]
    blocks = [_block("heading", "ホ 特定適用事業所である場合"), _block("list_item", "へ 任意特定適用事業所である場合")]
    assert _kinds(unify_label_lists(blocks)) == ["heading", "heading"]  # the hiragana へ is the katakana ヘ
    assert marker_kind("へ 任意特定適用事業所である場合") == "kana"


def test_career_up_youryou_kana_lists_are_headings_throughout():
    """要領: the sentence-like labels beside title-like ones in one list are headings too (rendered
    pages: each is a label line over its paragraph or its (ｲ)(ﾛ) items), a label's own line over an
    indented paragraph heads it (1005 イ, ロ p37), and the long ＜…＞ label of 6007 is a sibling of
    ＜共通＞ holding ト (p74)."""
    tree = _tree("mhlw_career_up_joseikin_shikyu_youryou_r7.pdf")
    texts = [n["text"] for n in tree]

    def labels(code: str, end: str) -> list[str]:
        start = next(i for i, t in enumerate(texts) if t.startswith(code))
        stop = next((i for i, t in enumerate(texts) if i > start and t.startswith(end)), len(texts))
        return [t[0] for t in texts[start + 1:stop] if not t.startswith("＜")]

    assert labels("1002 ", "1003 ") == ["イ", "ロ"]
    assert "イ 有期雇用労働者から正規雇用労働者等への転換等（派遣労働者を直接雇用する場合を含む。）" in texts
    assert labels("1005 ", "1006 ") == ["イ", "ロ", "ハ"]
    assert labels("1008 ", "2000 ")[:11] == list("イロハニホヘトチリヌル")
    assert labels("3007 ", "4000 ") == list("イロハニホヘトチリ")
    assert labels("5007 ", "6000 ")[:5] == list("イロハニホ")
    at = {t: i for i, t in enumerate(texts)}
    menu = next(t for t in texts if t.startswith("＜6002のイ(ｲ)及び(ﾛ)の措置"))
    assert tree[at[menu]]["depth"] == tree[at["＜共通＞"]]["depth"]
    assert tree[at[menu] + 1]["text"].startswith("ト ") and tree[at[menu] + 1]["depth"] == tree[at[menu]]["depth"] + 1
    assert labels("6008 ", "7000 ") == list("イロハニホへトチリヌルヲワカヨ")  # the document's last list


def test_options_written_one_to_a_line_inside_a_sentence_are_one_paragraph():
    # bukai_shiryo08_tatakidai2 p9: `丙案：…考え方` / `丁案：…考え方` at the paragraph indent, each
    # stopping short, then `なども考えられるところである。` back at the left edge: one sentence
    pdf = CORPUS / "editions/moj_bl_chukan_shian/bukai_shiryo08_tatakidai2.pdf"
    if not pdf.is_file():
        pytest.skip(f"shared corpus not present: {pdf}")
    on_page = [r for r in extracted(pdf).records if r.get("page") == 9 and r["type"] in ("paragraph", "list_item", "heading")]
    first = on_page[0]
    assert first["type"] == "paragraph"
    assert first["text"].startswith("丙案：") and "丁案：" in first["text"] and first["text"].rstrip().endswith("なども考えられるところである。")
    assert on_page[1]["text"].startswith("甲案は、")


def test_a_numbered_title_in_its_heading_siblings_face_is_a_heading_however_long():
    # 白書 ch3 p14: `（１） 以下の４要素から構成される…の策定` (two bold Gothic lines over ①…④, a
    # whole heading in tests/heading_reference) and `（２） 広島ＡＩプロセスを前進させるための作業計画
    # （…）` (seven lines of the same face over a paragraph in the body face) are siblings: headings
    from conftest import corpus_pdf

    records = extracted(corpus_pdf("mext_st_innovation_whitepaper_r6_ch3.pdf")).records
    points = [r for r in records if r.get("page") == 14 and r["text"].startswith(("（１） 以下の４要素", "（２） 広島ＡＩプロセス"))]
    assert [r["type"] for r in points] == ["heading", "heading"]
    assert points[0]["level"] == points[1]["level"]
    # they are the points of `● Ｇ７「広島ＡＩプロセス」` above them (same bold face): one level under it,
    # where a numbered section in an unnumbered title's type (公募要領 重要事項) stands beside it
    g7 = next(r for r in records if r["type"] == "heading" and r["text"].startswith("● Ｇ７「広島ＡＩプロセス」"))
    assert points[0]["level"] == g7["level"] + 1
    assert points[0]["section"][-1].startswith("● Ｇ７")


def test_youryou_iroha_run_keeps_its_half_width_wo_and_full_width_letter_labels():
    # 要領 p39 (round3): `(ｦ) 中小企業事業主…` is the 12th iroha label (half-width ｦ sits before ｱ),
    # `ａ 国民年金法…` … `ｇ 住民票…` are items under (ｶ), and `(ﾇ)の賃金台帳等において…` (indented under
    # (ﾙ)) is a sentence about an item named before, not an item
    assert marker_kind("(ｦ) 中小企業事業主である場合") == "paren_kana" and marker_kind("ｦ 書類") == "kana"
    assert marker_kind("ａ 国民年金法") == "latin" and marker_kind("(ﾇ)の賃金台帳等において") is None
    assert marker_kind("a big") is None  # half-width: may be an English word (before Japanese text: an item, 要領 p40)
    pdf = CORPUS / "ja/mhlw_career_up_joseikin_shikyu_youryou_r7.pdf"
    if not pdf.is_file():
        pytest.skip(f"shared corpus not present: {pdf}")
    on_page = [r for r in extracted(pdf).records if r.get("page") == 39 and r["type"] in ("paragraph", "list_item")]
    typed = {r["text"][:4]: r["type"] for r in on_page}
    assert typed["(ｦ) "] == "list_item" and typed["(ﾇ)の"] == "paragraph"
    letters = [r for r in on_page if r["text"][:1] in "ａｂｃｄｅｆｇ"]
    assert [r["text"][0] for r in letters] == list("ａｂｃｄｅｆｇ")
    assert all(r["type"] == "list_item" for r in letters)
    assert next(r for r in letters if r["text"][0] == "ｅ")["text"].rstrip().endswith("書類（写）")


def test_a_line_stopping_short_because_the_next_word_did_not_fit_goes_on():
    # 公募要領 p41 (printed 36, round3): `…また、外部有識者が` stops 32 pt short of the column because
    # Word moved `「4.1.2` whole to the next line; the bullet is one item, not an item and a paragraph
    pdf = CORPUS / "ja/monodukuri_hojokin_koubo_youryou_23.pdf"
    if not pdf.is_file():
        pytest.skip(f"shared corpus not present: {pdf}")
    on_page = [r for r in extracted(pdf).records if r.get("page") == 41 and r["type"] in ("paragraph", "list_item")]
    first = on_page[0]
    assert first["type"] == "list_item" and "外部有識者が「4.1.2 書面審査項目" in first["text"]
    assert first["text"].rstrip().endswith("審査を行います。")


def test_a_boxed_title_followed_by_a_tag_outside_its_frame_is_a_heading():
    # 公募要領 p20 (printed 15, round3): `基本要件④：…（従業員数21 名以上の場合のみ）` in a drawn frame, then
    # `【応募時要件】` in red outside it on the same line: a heading like 基本要件③ above it
    pdf = CORPUS / "ja/monodukuri_hojokin_koubo_youryou_23.pdf"
    if not pdf.is_file():
        pytest.skip(f"shared corpus not present: {pdf}")
    on_page = {r["text"][:6]: r for r in extracted(pdf).records if r.get("page") == 20}
    third, fourth = on_page["基本要件③："], on_page["基本要件④："]
    assert fourth["type"] == third["type"] == "heading" and fourth["level"] == third["level"]
    assert fourth["text"].rstrip().endswith("【応募時要件】")
