"""Slides (parsers/slides.py): boxed titles, bullets (glyphs and drawn shapes), hand-broken lines,
a slide's date and issuer.  A slide drawn here with PyMuPDF's built-in Japanese font, and the
PowerPoint pages of the structure reference block for block."""
import sys
from pathlib import Path

import pymupdf
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "structure_reference"))

from conftest import CORPUS, extracted  # noqa: E402
from structure_score import candidates, norm, references  # noqa: E402

from shiryo.parsers.slides import is_slide_deck  # noqa: E402

REFERENCES = {r["pdf"]: r for r in references()}
# (pdf, page, blocks whose place in reading order is not asserted: moj's date and issuer in the
# top right corner come after the first box on the left)
SLIDE_PAGES = [
    ("ja/sii_shouene_r6_hosei_henkouten_ppt.pdf", 1, ()),
    ("ja/moj_chukan_shian_gaiyo_powerpoint.pdf", 3, ("令和5年9月", "法務省民事局")),
]


def _write(page, x, y, text, size=12.0):
    page.insert_text((x, y), text, fontname="jp", fontsize=size)


def _slide(path: Path, creator: str = "Microsoft® PowerPoint® for Microsoft 365") -> Path:
    doc = pymupdf.open()
    page = doc.new_page(width=540, height=720)
    page.insert_font(fontname="jp", fontbuffer=pymupdf.Font("japan").buffer)
    _write(page, 420, 40, "令和７年４月", 11)
    _write(page, 420, 56, "中小企業庁", 11)
    # a tinted title box, a white panel under it
    page.draw_rect(pymupdf.Rect(30, 90, 200, 116), color=None, fill=(0.8, 0.76, 0.86))
    _write(page, 40, 109, "事業の概要", 14)
    page.draw_rect(pymupdf.Rect(30, 120, 452, 300), color=(0.3, 0.3, 0.3), fill=None)
    # bullets drawn as small filled circles, no glyph; the second item wraps at the panel's edge
    page.draw_circle((50, 146), 3, color=None, fill=(0, 0, 0))
    _write(page, 60, 150, "申請は電子申請で受け付けます。")
    page.draw_circle((50, 176), 3, color=None, fill=(0, 0, 0))
    _write(page, 60, 180, "補助対象となる経費は、機械装置費、システム構築費、外注費")
    _write(page, 60, 196, "及び技術導入費とします。")
    # a line broken by hand after a comma, then a paragraph of its own
    _write(page, 40, 230, "詳しくは公募要領を、")
    _write(page, 40, 246, "必ずご確認ください。")
    _write(page, 40, 276, "問い合わせ先は事務局です。")
    doc.set_metadata({"creator": creator, "producer": creator})
    out = path / "slide.pdf"
    doc.save(out)
    return out


def _blocks(pdf: Path) -> list[tuple[str, str]]:
    return [(r["type"], r["text"].replace(" ", "")) for r in extracted(pdf).records if r["type"] != "document"]


def test_drawn_slide_comes_out_box_by_box(tmp_path):
    # the date and issuer (top right) come after the left column in reading order
    assert _blocks(_slide(tmp_path)) == [
        ("heading", "事業の概要"),
        ("list_item", "申請は電子申請で受け付けます。"),
        ("list_item", "補助対象となる経費は、機械装置費、システム構築費、外注費及び技術導入費とします。"),
        ("paragraph", "詳しくは公募要領を、必ずご確認ください。"),
        ("paragraph", "問い合わせ先は事務局です。"),
        ("paragraph", "令和７年４月"),
        ("paragraph", "中小企業庁"),
    ]


def test_same_page_from_a_word_processor_keeps_the_generic_rules(tmp_path):
    """Off slides the slide rules do not apply: a short line ends its paragraph.  Dots drawn
    before lines still mark list items (parsers/bullets.py: JUST PDF draws Word's • that way),
    but no title box is read."""
    blocks = _blocks(_slide(tmp_path, creator="Microsoft® Word for Microsoft 365"))
    assert ("list_item", "申請は電子申請で受け付けます。") in blocks
    assert ("paragraph", "詳しくは公募要領を、") in blocks


def test_slide_makers():
    assert is_slide_deck({"creator": "Microsoft® PowerPoint® 2016"})
    assert is_slide_deck({"producer": "Keynote"})
    assert not is_slide_deck({"creator": "Microsoft® Word for Microsoft 365", "producer": "Microsoft® Word"})
    assert not is_slide_deck({})


@pytest.mark.parametrize("pdf,page,floating", SLIDE_PAGES, ids=lambda v: str(v)[-24:])
def test_slide_page_block_sequence(pdf, page, floating):
    """Every block of the page, in reading order, as the hand-made truth has it
    (tests/structure_reference/specs.txt)."""
    path = CORPUS / pdf
    if not path.is_file():
        pytest.skip(f"shared corpus not present: {path}")
    want_page = next(p for p in REFERENCES[pdf]["pages"] if p["page"] == page)
    got = [(r["type"], norm(r["text"])) for r in candidates(extracted(path).records, want_page)]
    want = [(b["type"], norm(b["text"])) for b in want_page["blocks"]]
    for text in floating:
        assert ("paragraph", text) in got and ("paragraph", text) in want
    assert [g for g in got if g[1] not in floating] == [w for w in want if w[1] not in floating]


def test_slide_headings_nest_by_box():
    """moj 中間試案（概要） p3: the slide title over the boxed sections, ≪主要な論点≫ over the
    numbered boxes ①…⑧."""
    path = CORPUS / "ja/moj_chukan_shian_gaiyo_powerpoint.pdf"
    if not path.is_file():
        pytest.skip(f"shared corpus not present: {path}")
    levels = {r["text"]: r["level"] for r in extracted(path).records if r["type"] == "heading" and r["page"] == 3}
    title = levels["船荷証券に関する規定等の見直しに関する中間試案（概要）"]
    assert title < levels["背景"] == levels["これまでの経過"] == levels["中間試案の概要"] < levels["≪主要な論点≫"]
    assert levels["≪主要な論点≫"] < levels["①電子化された船荷証券の名称"] == levels["⑧倉荷証券等の電子化"]


def test_banner_over_the_title_heads_nothing_and_a_gridded_slide_keeps_its_title():
    """sii p1: the notice banner `交付申請前に必ずお読みください` stands above the title, at its level
    (the title's sections sit under the title, not under the banner).  sii p2: a form drawn in a grid
    fills the slide; its title band, caught as the grid's first row, is still the slide's heading."""
    path = CORPUS / "ja/sii_shouene_r6_hosei_henkouten_ppt.pdf"
    if not path.is_file():
        pytest.skip(f"shared corpus not present: {path}")
    records = extracted(path).records
    heads = {(r["page"], norm(r["text"])): r for r in records if r["type"] == "heading"}
    banner = heads[(1, norm("交付申請前に必ずお読みください"))]
    title = heads[(1, norm("令和6年度補正予算 省エネルギー投資促進支援事業交付申請に関する変更点"))]
    section = heads[(1, norm("省エネ法上の特定事業者等に該当する事業者の皆さま"))]
    assert banner["level"] == title["level"] < section["level"]
    assert norm("交付申請前に必ずお読みください") not in [norm(s) for s in section["section"]]
    slide2 = [r for r in records if r["page"] == 2 and r["type"] != "table"]
    assert [(r["type"], norm(r["text"])) for r in slide2] == [("heading", norm("SII指定書式「添付14 中長期計画書の写し」作成時の注意点"))]
    table = next(r for r in records if r["page"] == 2 and r["type"] == "table")
    assert "作成時の注意点" not in table["text"] and table["bbox"][1] > 30


def test_grid_row_across_a_slide_top_is_its_title(tmp_path):
    """A grid whose first row is one cell across the top band, holding a short title: that row
    is lifted out of the table and the title is a heading; a grid starting lower keeps its rows."""
    doc = pymupdf.open()
    page = doc.new_page(width=540, height=720)
    page.insert_font(fontname="jp", fontbuffer=pymupdf.Font("japan").buffer)
    for y in (5, 40, 80, 120, 160):
        page.draw_line((10, y), (530, y))
    page.draw_line((10, 5), (10, 160))
    page.draw_line((530, 5), (530, 160))
    for y0 in (40, 80, 120):
        page.draw_line((270, y0), (270, y0 + 40))
    _write(page, 180, 30, "作成時の注意点", 16)
    for n, y in enumerate((65, 105, 145)):
        _write(page, 20, y, f"項目{n + 1}", 10)
        _write(page, 280, y, f"記入してください{n + 1}", 10)
    doc.set_metadata({"creator": "Microsoft® PowerPoint® for Microsoft 365", "producer": "Microsoft® PowerPoint® for Microsoft 365"})
    pdf = tmp_path / "grid.pdf"
    doc.save(pdf)
    records = [r for r in extracted(pdf).records if r["type"] != "document"]
    assert [(r["type"], r["text"]) for r in records if r["type"] != "table"] == [("heading", "作成時の注意点")]
    table = next(r for r in records if r["type"] == "table")
    assert table["n_rows"] == 3 and "作成時の注意点" not in table["text"]
