"""Boxed titles (parsers/boxes.py): a short line alone in a drawn frame is a heading; a table's
cell or a framed line among others is not."""
from conftest import corpus_pdf, extracted

from shiryo.parsers.boxes import framed_lines
from shiryo.parsers.model import Line, Rule, Span


def _line(text: str, x: float, y: float, size: float = 10.0) -> Line:
    width = size * len(text)
    return Line(spans=[Span(text, "MS-Mincho", size, False, (x, y, x + width, y + size))], bbox=(x, y, x + width, y + size))


def _frame(x0, y0, x1, y1) -> list[Rule]:
    return [Rule(x0, y0, x1, y0), Rule(x0, y1, x1, y1), Rule(x0, y0, x0, y1), Rule(x1, y0, x1, y1)]


def test_line_alone_in_a_frame_is_a_title():
    title = _line("グローバル要件①：海外への直接投資", 70, 190)
    body = _line("海外への直接投資に関する事業であって、以下を全て満たすこと。", 76, 214)
    assert framed_lines([title, body], _frame(66, 185, 300, 204)) == {id(title)}


def test_cell_of_a_ruled_row_is_no_title():
    """Three cells of one ruled row: the top and bottom rules run across all of them."""
    cells = [_line(t, 70 + 100 * n, 190) for n, t in enumerate(["区分", "金額", "備考"])]
    rules = [Rule(66, 185, 366, 185), Rule(66, 204, 366, 204)] + [Rule(x, 185, x, 204) for x in (66, 166, 266, 366)]
    assert framed_lines(cells, rules) == set()


def test_frame_holding_more_than_the_line_is_no_title():
    first, second = _line("注意事項", 70, 190), _line("期限を守ること", 70, 204)
    assert framed_lines([first, second], _frame(66, 185, 300, 218)) == set()


def test_sentence_or_item_in_a_frame_is_no_title():
    sentence, item = _line("期限までに提出すること。", 70, 190), _line("（ｇ）業界基準に関する規定", 70, 300)
    assert framed_lines([sentence, item], _frame(66, 185, 300, 204) + _frame(66, 295, 300, 314)) == set()


def test_koubo_youryou_boxed_requirements_are_headings():
    """公募要領 p21-22: `グローバル要件①：…` … `④` drawn in frames head their requirements."""
    records = extracted(corpus_pdf("monodukuri_hojokin_koubo_youryou_23.pdf")).records
    titles = {r["text"].strip(): r["type"] for r in records if r["page"] in (21, 22) and r["text"].startswith("グローバル要件")}
    assert titles == {
        "グローバル要件①：海外への直接投資に関する事業": "heading",
        "グローバル要件②：海外市場開拓（輸出）に関する事業": "heading",
        "グローバル要件③：インバウンド対応に関する事業": "heading",
        "グローバル要件④：海外企業と共同で行う事業": "heading",
    }
