"""Whole headings (issue 14): each printed heading of the hand list in
tests/heading_reference/whole_headings.yaml (白書 第１章／第１節 and their titles, wrapped ● headings,
公募要領 2.4.1 / 補助対象者, a slide title in two sizes, cio `C)` and `１ はじめに`) is ONE heading
record with the text the page prints; plus the pieces behind it on drawn pages.
Figures: `.venv/bin/python bench/whole_headings.py`."""
import sys
from pathlib import Path

import pymupdf
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent / "heading_reference"))

from conftest import CORPUS, extracted  # noqa: E402
from heading_score import cases, judge  # noqa: E402

from shiryo.parsers.document import parse_document  # noqa: E402

CASES = cases()


@pytest.mark.parametrize("case", CASES, ids=[f"{c['pdf'].split('/')[-1][:24]}-p{c['page']}-{c['text'][:12]}" for c in CASES])
def test_printed_heading_is_one_record(case):
    path = CORPUS / case["pdf"]
    if not path.is_file():
        pytest.skip(f"shared corpus not present: {path}")
    assert judge(case, extracted(path).records) == ""


def _draw(tmp_path, rows) -> Path:
    """A page of (x, y, text, size) lines in PyMuPDF's built-in Japanese font: body in the
    'japan' face, headings in its bold weight ('japan-b' is not built in, so headings here are
    told by size)."""
    doc = pymupdf.open()
    page = doc.new_page(width=595, height=842)
    for x, y, text, size in rows:
        page.insert_text((x, y), text, fontsize=size, fontname="japan")
    path = tmp_path / "drawn.pdf"
    doc.save(path)
    return path


BODY = "本文の行はこのように段の右端まで続いて次の行に折り返されていきます。"


def _body(y: float, n: int) -> list:
    return [(60, y + 16 * i, BODY, 10.5) for i in range(n)]


def test_number_beside_title_joins_it_and_keeps_its_gap(tmp_path):
    # 第１章 … 新時代 on one row, two lines in the text layer, a wide gap between them
    pdf = _draw(tmp_path, [(60, 80, "第１章", 16), (140, 80, "新時代を迎えたＡＩ", 16)] + _body(120, 8))
    headings = [b.text for b in parse_document(str(pdf)).blocks if b.kind == "heading"]
    assert headings == ["第１章 新時代を迎えたＡＩ"]


def test_lone_number_in_body_type_is_left_alone(tmp_path):
    # a decimal number in body type beside body text is no section number (a value, a contents row)
    pdf = _draw(tmp_path, [(60, 80, "2.4.1", 10.5), (120, 80, "補助対象者の要件は次のとおりです。", 10.5)] + _body(100, 6))
    blocks = parse_document(str(pdf)).blocks
    assert not any(b.text.startswith("2.4.1 ") for b in blocks)


def test_wrapped_heading_keeps_its_short_second_line(tmp_path):
    # a ● heading in larger type filling the column's width, its last word on the next line under
    # its text, the body's indented first line right below that (白書 ch4 p5: …プラズマ挙動 / 予測):
    # not a list item with its hanging line, not a heading `た取組`
    first = "●フュージョンエネルギーのプラズマ挙動予測とその先の制"
    rows = [(60, 80, first, 13), (73, 97, "御に向けた取組", 13), (73, 113, BODY[:30], 10.5)] + _body(129, 8)
    pdf = _draw(tmp_path, rows)
    headings = [b.text for b in parse_document(str(pdf)).blocks if b.kind == "heading"]
    assert headings == [first + "御に向けた取組"]


def test_three_lines_in_one_face_are_no_wrapped_heading(tmp_path):
    # a paragraph set in the heading's size runs on over three lines: not joined as one heading
    pdf = _draw(tmp_path, [(60, 80 + 17 * i, BODY[:26], 13) for i in range(3)] + _body(140, 6))
    headings = [b.text for b in parse_document(str(pdf)).blocks if b.kind == "heading"]
    assert all(len(h) < 2 * 26 for h in headings)
