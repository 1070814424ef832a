"""Units of the page-layout modules: ruby, footnote markers and areas, folios, figure
regions, spaced-out text, hyphens, punctuation in reading-order boxes."""
from shiryo.parsers.figures import figure_lines, find_figure_regions
from shiryo.parsers.footnotes import footnote_area, footnote_blocks, split_markers
from shiryo.parsers.joining import collapse_spaced, join_lines
from shiryo.parsers.model import Char, Line, PageModel, Span
from shiryo.parsers.reading_order import line_box, xy_cut
from shiryo.parsers.ruby import lift_ruby
from shiryo.parsers.running import find_running_lines


def _span(text, x, y, size=10.0, w=None):
    w = w or size
    chars = [Char(c, (x + i * w, y, x + (i + 1) * w, y + size)) for i, c in enumerate(text)]
    return Span(text, "Mincho", size, False, (x, y, x + w * len(text), y + size), chars)


def _line(*spans):
    bbox = (min(s.bbox[0] for s in spans), min(s.bbox[1] for s in spans), max(s.bbox[2] for s in spans), max(s.bbox[3] for s in spans))
    return Line(list(spans), bbox)


def test_ruby_is_lifted_onto_its_base():
    base = _line(_span("企業が全体を牽引する", 100, 200))
    ruby = _line(_span("けんいん", 158, 194.5, size=5.0))  # over 牽引 (x 160-180)
    kept = lift_ruby([ruby, base])
    assert kept == [base]
    assert base.ruby == [{"base": "牽引", "reading": "けんいん"}]
    # small kana with no line right below (a chart label) stays
    label = _line(_span("インターネット", 100, 400, size=5.0))
    assert lift_ruby([label, base]) == [label, base]


def test_raised_small_digits_split_only_when_a_footnote_has_that_number():
    def body():
        return _line(_span("増加傾向にあるとともに", 50, 200), _span("1", 160, 197, size=8.5, w=5), _span("、", 165, 200), _span("2", 175, 197, size=8.5, w=5))

    line = body()
    split_markers(line, {"1"})
    assert line.text == "増加傾向にあるとともに、2" and line.marks == ["1"]
    together = _line(_span("ました", 50, 200), _span("1", 80, 197, size=8.5, w=5), _span("、", 85, 197, size=8.5), _span("2", 94, 197, size=8.5, w=5), _span("。", 99, 200))
    split_markers(together, {"1", "2"})
    assert together.text == "ました。" and together.marks == ["1", "2"]


def test_full_size_digits_split_only_when_raised_high():
    # the white paper (ch1 p7) prints `としています2、3。` with 9 pt digits raised 4.2 pt, not shrunk
    raised = _line(_span("としています", 50, 200, size=9.0), _span("2", 104, 195.8, size=9.0, w=5), _span("、", 109, 199.5, size=5.5),
                   _span("3", 115, 195.8, size=9.0, w=5), _span("。", 120, 200, size=9.0))
    split_markers(raised, {"2", "3"})
    assert raised.text == "としています。" and raised.marks == ["2", "3"]
    # a full-size number whose box sits 1 pt higher (another font's metrics) is text: 2023年11月
    level = _line(_span("2023年", 50, 200, size=9.0), _span("11", 86, 199, size=9.0, w=5), _span("月", 96, 200, size=9.0))
    split_markers(level, {"11"})
    assert level.text == "2023年11月" and level.marks == []


def test_footnote_area_numbers_each_note_and_skips_body():
    body = _line(_span("本文の最後の行です。", 50, 600))
    n1, t1 = _line(_span("1", 50, 760, 7)), _line(_span("総務省「調査」", 70, 759.5, 7))
    t1b = _line(_span("https://example.go.jp/", 70, 768, 7, w=4))
    n2, t2 = _line(_span("2", 50, 777, 7)), _line(_span("同上", 70, 777, 7))
    area = footnote_area([body, t1, n1, t1b, n2, t2], body_size=10.0)
    assert area[0] is n1 and body not in area
    notes = footnote_blocks(area, page=3)
    assert [(b.footnote, b.text) for b in notes] == [("1", "総務省「調査」https://example.go.jp/"), ("2", "同上")]


def test_a_number_beside_text_in_the_bottom_band_is_no_folio():
    page = PageModel(number=1, width=600, height=800)
    folio = _line(_span("24", 290, 770, 9))
    marker, note = _line(_span("1", 50, 740, 7)), _line(_span("脚注の本文", 70, 740, 7))
    page.lines = [folio, marker, note]
    running = find_running_lines([page], body_size=10.0)
    assert (1, 0) in running and (1, 1) not in running


def test_figure_region_takes_chart_labels_and_keeps_caption_and_notes():
    caption = _line(_span("■第１-３-１図／論文数の推移", 60, 100))
    labels = [_line(_span("232,673", 300, 150, 6, w=3)), _line(_span("2010", 100, 260, 6, w=3))]
    note = _line(_span("資料：文部科学省作成", 70, 280, 8))
    after = _line(_span("本文はここから続きます。", 60, 320))
    graphics = [(55, 112, 500, 290), (100, 140, 120, 255)]  # tinted box, a bar
    (region,) = find_figure_regions([caption, *labels, note, after], graphics, 600)
    lines = [caption, *labels, note, after]
    inside, notes = figure_lines(lines, [region])
    assert inside == {1, 2, 3} and notes == {3}


def test_spaced_out_text_and_hyphens_in_japanese():
    assert collapse_spaced("令 和 ４ 年 ６ 月 ３ 日") == "令和４年６月３日"
    assert collapse_spaced("第１部 ＡＩがもたらす変革") == "第１部 ＡＩがもたらす変革"
    assert join_lines(["モデル「ELYZA-", "japanese-Llama-2-", "70b」を"]) == "モデル「ELYZA-japanese-Llama-2-70b」を"
    assert join_lines(["multi-", "year"]) == "multiyear"


def test_half_em_punctuation_leaves_a_narrow_gutter_open():
    left = _line(_span("取組を進めており、", 89, 100, 10.5))  # 、 hangs into the gutter
    heading = _line(_span("（１）以下の要素", 320.6, 100, 10.5))  # （ starts half an em early
    assert line_box(left)[2] == left.bbox[2] - 5.25 and line_box(heading)[0] == 320.6 + 5.25
    rows = [(line_box(left), 0), (line_box(heading), 1), ((89, 120, 305, 130), 2), ((326, 120, 541, 130), 3)]
    assert xy_cut(rows, 9.45) == [0, 2, 1, 3]
