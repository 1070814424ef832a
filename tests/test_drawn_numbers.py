"""Section numbers drawn as pictures (parsers/drawn_numbers.py): cio 2021-06 draws each chapter's
number as a tiny picture of the digit before its title, so the title ranks as a chapter over its
`x.y` sections only through the picture."""
import pymupdf
import pytest

from conftest import CORPUS, extracted

from shiryo.parsers.drawn_numbers import drawn_numbers
from shiryo.parsers.model import Block
from shiryo.parsers.outline import heading_kind
from shiryo.parsers.text import read_lines


def _digit_picture(width: int, height: int) -> bytes:
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, width, height), False)
    pix.clear_with(255)
    return pix.tobytes("png")


def _page(tmp_path, picture_box):
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    page.insert_font(fontname="jp", fontbuffer=pymupdf.Font("japan").buffer)
    page.insert_image(pymupdf.Rect(*picture_box), stream=_digit_picture(18, 37), keep_proportion=False)
    page.insert_text((109, 99), "概要", fontname="jp", fontsize=12)
    page.insert_text((85, 137), "１.１ 背景", fontname="jp", fontsize=12)
    out = tmp_path / f"drawn{picture_box[0]:.0f}.pdf"
    doc.save(out)
    return pymupdf.open(out)[0]


def test_a_digit_picture_before_a_title_numbers_it(tmp_path):
    page = _page(tmp_path, (88.6, 89.8, 92.9, 98.6))  # cio 2021-06 p4's `1`: 4 pt wide, 9 pt high
    lines = read_lines(page)
    boxes = drawn_numbers(page, lines)
    assert len(boxes) == 1
    title = next(l for l in lines if l.text.strip() == "概要")
    block = Block(kind="heading", text="概要", bbox=title.bbox, page=1, lines=[title])
    assert heading_kind(block, 12.0)[0].startswith("type:")
    block.drawn_number = True
    assert heading_kind(block, 12.0)[0] == "decimal1"


def test_a_square_picture_or_one_far_from_the_line_numbers_nothing(tmp_path):
    square = _page(tmp_path, (86.0, 89.8, 94.8, 98.6))  # a picture bullet: as wide as high
    assert drawn_numbers(square, read_lines(square)) == []
    far = _page(tmp_path, (40.0, 89.8, 44.3, 98.6))  # in the margin, far left of the title
    assert drawn_numbers(far, read_lines(far)) == []


def test_cio_chapters_head_their_sections():
    """cio 2021-06: `概要`, `人材体系`, `人材の確保と育成`, `関連する人材フレームワーク` (numbers drawn)
    one level above their `x.y` sections, which are one above their `1)` items."""
    path = CORPUS / "ja/cio_discussion_paper_2021_06_att_data_jinzai.pdf"
    if not path.is_file():
        pytest.skip(f"shared corpus not present: {path}")
    level = {r["text"].strip(): r["level"] for r in extracted(path).records if r["type"] == "heading"}
    for chapter, section in (("概要", "１.１ 背景"), ("人材体系", "２.１ データ人材体系"),
                             ("人材の確保と育成", "３.１ データ人材の採用と評価"), ("関連する人材フレームワーク", "４.１ 参照した人材フレームワーク")):
        assert level[chapter] + 1 == level[section], chapter
    assert level["１.１ 背景"] + 1 == level["1)データ量の増加"]
