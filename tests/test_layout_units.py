"""Small functions over page objects: joining, rules, grid, reading order, headings."""
import pickle
from dataclasses import MISSING, fields

from shiryo.parsers.headings import is_caption, is_list_start, looks_like_heading, pattern_level
from shiryo.parsers.joining import join_lines
from shiryo.parsers.model import Cell, Char, Line, PageModel, Rule, Span
from shiryo.parsers.reading_order import xy_cut
from shiryo.parsers.rules import axis_parallel, merge_rules
from shiryo.parsers.running import find_running_lines
from shiryo.parsers.tables.lattice import LatticeStrategy


def test_japanese_line_joining():
    assert join_lines(["ＡＩ研究はブーム", "を繰り返して"]) == "ＡＩ研究はブームを繰り返して"
    assert join_lines(["Artificial Intelligence", "Index Report"]) == "Artificial Intelligence Index Report"
    assert join_lines(["2010年以降、", "3倍"]) == "2010年以降、3倍"
    assert join_lines(["multi-", "year"]) == "multiyear"


def test_dashed_and_piecewise_rules_merge():
    dashes = [Rule(x, 100, x + 3, 100) for x in range(0, 60, 5)]  # 3 pt dashes, 2 pt gaps
    pieces = [Rule(0, 200.2, 30, 200.2), Rule(30, 199.9, 60, 199.9)]  # Excel: border per cell
    merged = merge_rules(axis_parallel(dashes + pieces))
    spans = sorted((round(r.y0), round(r.x0), round(r.x1)) for r in merged)
    assert spans == [(100, 0, 58), (200, 0, 60)]


def _chars(text, x, y, w=10):
    return [Char(c, (x + i * w, y, x + (i + 1) * w, y + 10)) for i, c in enumerate(text)]


def _line(text, x, y, size=10):
    chars = _chars(text, x, y)
    return Line([Span(text, "Mincho", size, False, (x, y, x + 10 * len(text), y + 10), chars)], (x, y, x + 10 * len(text), y + 10))


def test_lattice_grid_with_a_merged_cell():
    # 3 x 2 grid; the vertical rule between the columns is missing in row 0 → one cell spanning 2 columns
    h = [Rule(0, y, 200, y) for y in (0, 20, 40, 60)]
    v = [Rule(0, 0, 0, 60), Rule(200, 0, 200, 60), Rule(100, 20, 100, 60)]
    lines = [_line("見出し", 60, 5), _line("１，２３４", 5, 25), _line("右", 105, 25), _line("左下", 5, 45), _line("右下", 105, 45)]
    (table,) = LatticeStrategy().find_tables(lines, h + v, (600, 800))
    assert (table.n_rows, table.n_cols) == (3, 2)
    cells = {(c.row, c.col): (c.rowspan, c.colspan, c.text) for c in table.cells}
    assert cells[(0, 0)] == (1, 2, "見出し")
    assert cells[(1, 0)] == (1, 1, "１，２３４")  # full-width comma stays inside its number
    assert (0, 1) not in cells
    assert table.header_rows == 1


def test_framed_box_is_not_a_table():
    box = [Rule(0, 0, 100, 0), Rule(0, 50, 100, 50), Rule(0, 0, 0, 50), Rule(100, 0, 100, 50)]
    assert LatticeStrategy().find_tables([_line("注意書き", 5, 5)], box, (600, 800)) == []


def test_xy_cut_reads_columns_under_a_spanning_heading():
    boxes = [
        (50, 10, 550, 30),  # 0 heading across both columns
        (50, 50, 280, 60), (50, 65, 280, 75), (50, 80, 280, 90),  # 1-3 left column
        (320, 50, 550, 60), (320, 65, 550, 75),  # 4-5 right column
        (50, 120, 550, 130),  # 6 full-width footer paragraph
    ]
    # a coincidental gap at the same height in both columns must not interleave them
    boxes.append((50, 95, 280, 105))  # 7 left column, after a gap
    boxes.append((320, 95, 550, 105))  # 8 right column, after the same gap
    order = xy_cut([(b, i) for i, b in enumerate(boxes)], min_gap=8)
    assert order == [0, 1, 2, 3, 7, 4, 5, 8, 6]


def test_heading_patterns_and_levels():
    assert pattern_level("第１部 ＡＩがもたらす") == 1
    assert pattern_level("第３章") == 2
    assert pattern_level("第１節　主要国") == 3
    assert pattern_level("１－１．米国") == 5
    assert pattern_level("（１）基本的な考え方") == 6
    assert looks_like_heading("第１章で見てきたように、ＡＩ研究は", 10.5, False, 10.5) is None
    assert looks_like_heading("論文数の推移", 14, False, 10.5) == 3
    assert looks_like_heading("政策目標を達成する。", 14, True, 10.5) is None
    assert is_list_start("・ 統合イノベーション戦略") and is_list_start("①592名")
    assert is_caption("■第１-３-１図／ＡＩに関する論文数の推移") and not is_caption("３-１図）。また")


def test_running_headers_and_page_numbers():
    pages = []
    for n in range(1, 5):
        page = PageModel(number=n, width=600, height=800)
        page.lines = [_line("第１部　変革", 50, 20, size=8), _line("本文の行です。" * 3, 50, 300), _line(f"- {n} -", 280, 770)]
        pages.append(page)
    running = find_running_lines(pages, body_size=10)
    assert running == {(n, 0) for n in range(1, 5)} | {(n, 2) for n in range(1, 5)}



def _default_field(obj) -> str | None:
    """The first field of `obj` still holding its default value (None: every field is set)."""
    for f in fields(obj):
        default = f.default_factory() if f.default_factory is not MISSING else f.default
        if getattr(obj, f.name) == default:
            return f.name
    return None


def test_page_objects_survive_their_compact_pickle():
    # Char, Span, Line, Rule and Cell pickle through their own __reduce__: a field it leaves out
    # would vanish on the way from a page worker.  Every field here is set away from its default
    # (a new field fails the first assert until it is added here and to __reduce__).
    chars = _chars("表1", 10, 20)
    span = Span("表1", "Gothic", 9.5, True, (10.0, 20.0, 30.0, 30.0), chars)
    line = Line([span], (10.0, 20.0, 30.0, 31.0), True, [{"base": "表", "reading": "ひょう"}], ["1"])
    rule = Rule(1.0, 2.5, 3.0, 2.5, 0.75)
    cell = Cell(1, 2, 3, 4, (1.0, 2.0, 3.0, 4.0), "計", 7)
    for obj in (chars[0], span, line, rule, cell):
        assert _default_field(obj) is None
        assert pickle.loads(pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)) == obj
    # the short form: a page's spans without their characters, lines without ruby or marks
    plain = _line("本文", 10, 40)
    plain.spans[0].chars = []
    page = PageModel(3, 595.0, 842.0, lines=[line, plain], rules=[rule])
    back = pickle.loads(pickle.dumps(page, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == page and back.lines[1].spans[0].chars == [] and back.lines[1].ruby == []
