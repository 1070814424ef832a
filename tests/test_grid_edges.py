"""Where a finished table's grid lines lie (tables/base.grid_edges): the one reading of a grid
from its cells that joining boxed columns (row edges) and stitching page parts (column edges) share."""
from __future__ import annotations

from shiryo.parsers.model import Cell, Table
from shiryo.parsers.tables.base import grid_edges
from shiryo.parsers.tables.boxed_columns import row_edges
from shiryo.parsers.tables.stitching import column_edges


def _table() -> Table:
    # a heading over two columns, then two cells whose shared side is drawn a little apart
    cells = [
        Cell(0, 0, 1, 2, (10, 0, 110, 20), "見出し"),
        Cell(1, 0, 1, 1, (10, 20, 59, 40), "a"),
        Cell(1, 1, 1, 1, (61, 20, 110, 40), "b"),
    ]
    return Table(bbox=(10, 0, 110, 40), n_rows=2, n_cols=2, cells=cells)


def test_each_grid_line_collects_the_sides_of_the_cells_on_it():
    table = _table()
    assert grid_edges(table, 0) == [[10, 10], [59, 61], [110, 110]]
    assert grid_edges(table, 1) == [[0], [20, 20, 20], [40, 40]]
    assert column_edges(table) == [10, 61, 110]  # the upper median
    assert row_edges(table) == [0, 20, 40]


def test_a_grid_line_no_cell_side_lies_on_is_empty():
    table = _table()
    table.cells = table.cells[1:]  # without the heading: row edge 0 has no cell side on it
    assert grid_edges(table, 1)[0] == []
    assert row_edges(table) is None
    table.n_cols = 3  # a column line right of the cells
    assert column_edges(table)[3] is None
