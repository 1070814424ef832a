"""コラム boxes of the 白書 (parsers/columns.py): a コラム sits beside the headings open under its 節,
and the lines set in the box's own face (an interviewee, a label) are no headings."""
import pymupdf
import pytest

from conftest import CORPUS, extracted

from shiryo.parsers.columns import demote_column_labels, is_column_title
from shiryo.parsers.model import Block, Line, Span
from shiryo.parsers.outline import document_levels

BODY = "Mincho"


def _block(kind: str, text: str, font: str, size: float) -> Block:
    line = Line(spans=[Span(text, font, size, False, (0, 0, 10, 10))], bbox=(0, 0, 10, 10))
    return Block(kind=kind, text=text, bbox=line.bbox, page=1, lines=[line])


def test_labels_in_the_box_face_are_paragraphs_and_the_box_ends_at_a_heading_of_the_document():
    blocks = [
        _block("heading", "第２節 連携と協働", "Gothic", 13),
        _block("heading", "● 国際連合", "Gothic", 11),
        _block("paragraph", "国際連合では…。", BODY, 10.5),
        _block("heading", "コラム１-３", "Sans-B", 12),
        _block("heading", "●江間有沙氏", "Maru", 11),  # the interviewee: set in the box's face
        _block("paragraph", "東京大学…准教授", "Maru", 9),
        _block("paragraph", "江間さんの専門は…。", "Maru", 9),
        _block("heading", "● 欧州評議会の枠組条約", "Gothic", 11),  # after the box, in the heading face
        _block("paragraph", "欧州評議会においても…。", BODY, 10.5),
        _block("heading", "（注）", "Maru", 11),  # outside any box: kept
        _block("paragraph", "注の本文", "Maru", 9),
    ]
    demote_column_labels(blocks, BODY)
    assert [b.text for b in blocks if b.kind == "heading"] == [
        "第２節 連携と協働", "● 国際連合", "コラム１-３", "● 欧州評議会の枠組条約", "（注）"]
    headings = [b for b in blocks if b.kind == "heading"]
    levels = dict(zip([b.text for b in headings], document_levels(headings, 10.5)))
    # the コラム beside `● 国際連合` under the 節, not under it
    assert levels["第２節 連携と協働"] + 1 == levels["● 国際連合"] == levels["コラム１-３"]


def test_column_titles():
    assert is_column_title("コラム１-２") and is_column_title("コラム1-５ ") and is_column_title("コラム３")
    assert not is_column_title("コラム１-２のとおり、") and not is_column_title("コラムの作成")


@pytest.mark.parametrize("chapter,page,column,labels", [
    (2, 4, "コラム１-２", ["●岡野原大輔氏"]),
    (3, 16, "コラム１-３", ["●江間有沙氏"]),
    (5, 5, "コラム１-７", ["（生成ＡＩが生成したテキスト）"]),
])
def test_white_paper_columns(chapter, page, column, labels):
    path = CORPUS / f"ja/mext_st_innovation_whitepaper_r6_ch{chapter}.pdf"
    if not path.is_file():
        pytest.skip(f"shared corpus not present: {path}")
    records = extracted(path).records
    on_page = [r for r in records if r["page"] == page]
    for label in labels:
        assert all(r["type"] == "paragraph" for r in on_page if r["text"].strip() == label), label
        assert any(r["text"].strip() == label for r in on_page), label
    head = next(r for r in on_page if r["type"] == "heading" and r["text"].strip() == column)
    # beside the headings of its 節: its section path holds only headings the bookmarks name (章, 節), no `●` heading
    with pymupdf.open(path) as doc:
        named = [title.replace("\u3000", " ") for _, title, _ in doc.get_toc()]
    assert head["section"] and all(any(s.replace(" ", "") in n.replace(" ", "") for n in named) for s in head["section"]), head["section"]
