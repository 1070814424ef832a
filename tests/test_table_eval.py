"""The ICDAR 2013 adjacency-relation metric (bench/table_eval.py) on tiny hand-made tables."""
from bench.table_eval import (
    EvalTable,
    GridCell,
    adjacency_relations,
    adjacency_scores,
    content_f1,
    from_grid,
    match_tables,
    score_document,
    summarize,
)

GRID = [["", "2019", "2020"], ["Sales", "1", "2"], ["Cost", "3", "4"]]


def test_relations_of_a_small_grid():
    rel = adjacency_relations(from_grid(GRID, 1))
    assert rel == {
        ("2019", "2020", "h"): 1,
        ("2019", "1", "v"): 1,
        ("2020", "2", "v"): 1,
        ("Sales", "1", "h"): 1,
        ("1", "2", "h"): 1,
        ("Sales", "Cost", "v"): 1,
        ("1", "3", "v"): 1,
        ("2", "4", "v"): 1,
        ("Cost", "3", "h"): 1,
        ("3", "4", "h"): 1,
    }


def test_identical_table_scores_one_and_whitespace_is_ignored():
    found = from_grid([["", "20 19", "2020"], ["Sales", "1", "2"], ["Cost\n", "3", "4"]], 1)
    assert adjacency_scores(from_grid(GRID, 1), found) == (1.0, 1.0, 1.0)
    assert content_f1(from_grid(GRID, 1), found) == 1.0


def test_merged_columns_lose_relations():
    # a tool that glues the two year columns into one cell must not score 1
    found = from_grid([["", "2019 2020"], ["Sales", "1 2"], ["Cost", "3 4"]], 1)
    p, r, f = adjacency_scores(from_grid(GRID, 1), found)
    assert f < 0.5 and r < 0.5
    assert content_f1(from_grid(GRID, 1), found) < 0.5


def test_blank_cells_are_skipped_not_related():
    rel = adjacency_relations(from_grid([["a", "", "b"], ["", "", ""], ["c", "", "d"]], 1))
    assert rel == {("a", "b", "h"): 1, ("c", "d", "h"): 1, ("a", "c", "v"): 1, ("b", "d", "v"): 1}


def test_spanning_cell_relates_to_every_cell_it_heads():
    table = EvalTable(
        [GridCell(0, 0, 1, 2, "Year"), GridCell(1, 0, 1, 1, "2019"), GridCell(1, 1, 1, 1, "2020")], [1]
    )
    rel = adjacency_relations(table)
    assert rel[("Year", "2019", "v")] == 1 and rel[("Year", "2020", "v")] == 1
    assert rel[("2019", "2020", "h")] == 1


def test_matching_by_region_and_missing_tables_score_zero():
    truth_a = from_grid(GRID, 1, (100, 100, 300, 200), "a")
    truth_b = from_grid([["x", "y"], ["1", "2"]], 2, (100, 100, 300, 200), "b")
    wrong_place = from_grid(GRID, 1, (100, 400, 300, 500))
    right_place = from_grid(GRID, 1, (110, 105, 290, 195))
    assert match_tables([truth_a, truth_b], [wrong_place, right_place]) == [right_place, None]
    summary = summarize(score_document([truth_a, truth_b], [wrong_place, right_place]))
    assert summary["tables"] == 2 and summary["exact"] == 1
    assert summary["adjacency_f1"] == 0.5
