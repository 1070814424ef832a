"""Diagrams and figure labels (parsers/diagrams.py, parsers/figures.py): a caption-less drawing
becomes one `figure` record holding its labels; a captioned figure's labels ride on its caption
as `figure_text`; neither leaves its labels as records of their own."""
import pymupdf
import pytest

from conftest import extracted, corpus_pdf

from shiryo.parsers.diagrams import diagram_text, find_diagrams
from shiryo.parsers.model import Line, Span, centre_in

TEXT = ("heading", "paragraph", "list_item", "caption", "footnote")


def is_figure(record: dict) -> bool:
    """A caption-less figure's record: a paragraph that carries its labels as `figure_text`."""
    return record["type"] == "paragraph" and record.get("figure_text") == record["text"] and "figure" in record


def _line(text: str, x: float, y: float, size: float = 10.0) -> Line:
    width = size * len(text)
    return Line(spans=[Span(text, "Meiryo", size, False, (x, y, x + width, y + size))], bbox=(x, y, x + width, y + size))


def test_timeline_labels_are_one_figure_record():
    """公募要領 p7: the schedule drawn as a line of dots with vertical labels; the issue saw 86
    one-character records (公, 募, 開, 始; １, →, ※ as headings)."""
    records = [r for r in extracted(corpus_pdf("monodukuri_hojokin_koubo_youryou_23.pdf")).records if r["page"] == 7]
    figures = [r for r in records if is_figure(r)]
    assert len(figures) == 1
    figure = figures[0]
    for label in ("2026.2.6", "事前準備", "公募開始", "申請締切", "補助金交付候補者の採択", "実績報告", "事業化状況報告"):
        assert label in figure["text"]
    assert [r["type"] for r in records if r["type"] in TEXT and not is_figure(r)] == ["heading", "list_item", "paragraph", "paragraph"]
    assert not any(centre_in(r["bbox"], figure["bbox"]) for r in records if r["type"] in TEXT and not is_figure(r))


def test_mock_email_stays_inside_its_figure():
    """cio 2020-02 p11: the mock e-mail under ＜図表９＞ is the figure's text on its caption,
    not 29 records; the body paragraph wrapping beside it stays whole."""
    records = [r for r in extracted(corpus_pdf("cio_discussion_paper_2020_02_jichitai_tsuchi.pdf")).records if r["page"] == 11]
    caption = next(r for r in records if r["type"] == "caption" and "図表９" in r["text"])
    for label in ("霞が関市イベントメール", "【イベント名】親子スマホ健康相談", "【連絡先】03-5253-6111", "他サービス"):
        assert label in caption["figure_text"].replace(" ", "")
    region = caption["figure"]["bbox"]
    assert not any(centre_in(r["bbox"], region) for r in records if r["type"] in TEXT and r is not caption)


def test_figure_labels_are_no_footnotes():
    """cio 2020-02 p4: the numbered labels of ＜図表１＞ (1従来、… 2利用者は、…) go with the
    caption; nothing on the page is a footnote or cites one."""
    records = [r for r in extracted(corpus_pdf("cio_discussion_paper_2020_02_jichitai_tsuchi.pdf")).records if r["page"] == 4]
    assert not [r for r in records if r["type"] == "footnote" or r.get("footnote_marks")]
    caption = next(r for r in records if r["type"] == "caption")
    assert "1従来、行政機関から利用者に印刷物で郵送していた情報を、" in caption["figure_text"]
    assert "2利用者は、自分が普段使っているスマホアプリ等で自由に" in caption["figure_text"]


def test_table_inside_a_figure_keeps_its_cells_out_of_the_labels():
    records = [r for r in extracted(corpus_pdf("cio_discussion_paper_2020_02_jichitai_tsuchi.pdf")).records if r["page"] == 11]
    caption = next(r for r in records if r["type"] == "caption" and "図表８" in r["text"])
    assert "ソフトバンク" not in caption.get("figure_text", "")
    assert any(r["type"] == "table" and "ソフトバンク" in r["text"] for r in records)


def test_frame_around_body_text_is_no_diagram():
    """A box drawn around a note of running text (a コラム) holds a sentence: no diagram."""
    lines = [_line(t, 60, 100 + 14 * n) for n, t in enumerate(["注意", "申請", "期限", "窓口", "様式", "郵送"])]
    lines.append(_line("申請書は期限までに必ず事務局へ郵送してください。", 60, 200))
    frame = [(50, 90, 560, 220), (52, 92, 62, 102), (52, 120, 62, 130)]
    assert find_diagrams(lines, frame, []) == []
    assert find_diagrams(lines[:-1], frame, []) != []  # the same box without the sentence is a drawing


def test_graphics_under_a_table_belong_to_it():
    lines = [_line(t, 60 + 40 * n, 100) for n, t in enumerate(["区分", "金額", "人数", "件数", "単価", "備考"])]
    grid = [(50, 90, 320, 115), (50, 90, 90, 115), (90, 90, 130, 115)]
    assert find_diagrams(lines, grid, [(50, 90, 320, 115)]) == []


def test_diagram_text_reads_vertical_labels_down_their_column():
    labels = [_line(c, 100, 200 + 10 * n) for n, c in enumerate("公募開始")]
    labels += [_line(c, 140, 201 + 10 * n) for n, c in enumerate("審査")]
    labels.append(_line("2026.2.6", 90, 170, 8.0))
    assert diagram_text(labels) == "2026.2.6 公募開始 審査"


def test_drawn_timeline_from_scratch(tmp_path):
    """A timeline drawn with PyMuPDF (axis, dots, labels one character per line): one figure
    record, the paragraph under it untouched."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="jp", fontbuffer=pymupdf.Font("japan").buffer)
    page.insert_text((60, 80), "事業の流れ", fontname="jp", fontsize=15)
    page.draw_line((60, 160), (540, 160), width=1.5)
    for n, label in enumerate(["公募開始", "申請締切", "採択", "交付決定", "実績報告"]):
        x = 80 + 100 * n
        page.draw_circle((x, 160), 5, color=None, fill=(0, 0, 0))
        for k, ch in enumerate(label):
            page.insert_text((x - 5, 185 + 11 * k), ch, fontname="jp", fontsize=10)
    page.insert_text((60, 300), "交付決定の後に事業を始めてください。日程は変わることがあります。", fontname="jp", fontsize=10.5)
    out = tmp_path / "timeline.pdf"
    doc.save(out)
    records = [r for r in extracted(out).records if r["type"] != "document"]
    assert [("figure" if is_figure(r) else r["type"], r["text"]) for r in records] == [
        ("heading", "事業の流れ"),
        ("figure", "公募開始 申請締切 採択 交付決定 実績報告"),
        ("paragraph", "交付決定の後に事業を始めてください。日程は変わることがあります。"),
    ]


@pytest.mark.parametrize("name", ["mext_st_innovation_whitepaper_r6_ch1.pdf", "fuji_city_general_account_budget_r6_full.pdf"])
def test_no_diagram_on_typeset_pages(name):
    """The white paper's figures all have captions and the budget book's drawings are tables:
    no caption-less diagram may swallow their text."""
    assert not [r for r in extracted(corpus_pdf(name)).records if is_figure(r)]


def test_caption_under_its_drawing_names_it():
    """att data-jinzai p17: `図 2 経験点の減衰` is printed under its chart; the axis labels and
    tick values (5, 2.5, ８年, 経過年数) go with the caption, not into the body."""
    records = [r for r in extracted(corpus_pdf("cio_discussion_paper_2021_06_att_data_jinzai.pdf")).records if r["page"] == 17]
    caption = next(r for r in records if r["type"] == "caption")
    assert caption["text"].startswith("図 2")
    for label in ("経験２年以上", "経験２年未満", "８年以降は１点", "経過年数"):
        assert label in caption["figure_text"]
    assert not [r for r in records if r["type"] in TEXT and r["bbox"][3] <= caption["bbox"][1]]
