"""The one home of row and band grouping (parsers/clustering.py): the rules its callers rely on."""
from __future__ import annotations

from shiryo.parsers.clustering import DisjointSets, bands, point_box, rows
from shiryo.parsers.model import Char


def _texts(groups: list[list[Char]]) -> list[str]:
    return ["".join(ch.c for ch in group) for group in groups]


def test_rows_take_a_raised_character_into_its_line_but_not_the_next_line():
    chars = [
        Char("b", (20, 100, 28, 110)),  # second line, given first: the order comes from the centres
        Char("1", (8, 88, 12, 93)),  # a raised digit: its centre (90.5) inside the first line's 88..98
        Char("a", (0, 88, 8, 98)),
        Char("c", (28, 100, 36, 110)),
    ]
    assert _texts(rows(chars)) == ["1a", "bc"]  # in order of centre within a row: the caller sorts along


def test_a_row_grows_with_what_joins_it():
    # the tall character (centre 100, on the first one's edge) stretches the row down to 112:
    # the low one (centre 106) joins it, though it lies below the first character's extent
    chars = [Char("a", (0, 90, 8, 100)), Char("B", (8, 88, 20, 112)), Char("c", (20, 102, 28, 110))]
    assert _texts(rows(chars)) == ["aBc"]


def test_rows_across_x_are_tategaki_columns():
    chars = [Char("上", (50, 0, 60, 10)), Char("下", (50, 10, 60, 20)), Char("左", (30, 0, 40, 10))]
    assert _texts(rows(chars, axis=0)) == ["左", "上下"]


def test_same_row_replaces_the_extent_rule_and_is_asked_of_the_first_item():
    chars = [Char("a", (0, 0, 8, 10)), Char("b", (8, 4, 16, 14)), Char("c", (16, 8, 24, 18))]
    # centres 5, 9, 13: chained by extent they make one row; within 5 of the first they make two
    assert _texts(rows(chars)) == ["abc"]
    near_first = rows(chars, same_row=lambda first, ch: abs((first.bbox[1] + first.bbox[3]) / 2 - (ch.bbox[1] + ch.bbox[3]) / 2) < 5)
    assert _texts(near_first) == ["ab", "c"]


def test_ordered_keeps_the_callers_order_among_equal_centres():
    chars = [Char("x", (10, 0, 18, 10)), Char("y", (0, 0, 8, 10))]
    assert _texts(rows(chars, ordered=True)) == ["xy"]
    assert _texts(rows(sorted(chars, key=lambda c: c.bbox[0]), ordered=True)) == ["yx"]


def test_bands_split_at_a_gap_and_never_at_an_overlap():
    boxes = [(0, 0, 10, 10), (0, 30, 10, 40), (0, 5, 10, 20), (0, 20.4, 10, 25)]
    grouped = bands(boxes, gap=0.5, box=lambda b: b)
    assert grouped == [[(0, 0, 10, 10), (0, 5, 10, 20), (0, 20.4, 10, 25)], [(0, 30, 10, 40)]]


def test_inclusive_bands_join_at_exactly_the_gap():
    assert bands([1.0, 3.0, 7.0], 2.0, box=point_box) == [[1.0], [3.0], [7.0]]
    assert bands([1.0, 3.0, 7.0], 2.0, box=point_box, inclusive=True) == [[1.0, 3.0], [7.0]]
    # chained: each point within the gap of the one before, however far the first
    assert bands([0.0, 1.5, 3.0, 4.5], 2.0, box=point_box) == [[0.0, 1.5, 3.0, 4.5]]


def test_disjoint_sets_group_what_is_connected_through_others():
    sets = DisjointSets(5)
    sets.join(0, 3)
    sets.join(4, 3)
    assert sets.find(4) == sets.find(0) == 0  # the lowest index speaks for its group
    assert len({sets.find(i) for i in range(5)}) == 3
