"""A column boxed apart after a gap: MHLW's `確認中※2（人）` column is ruled as a box of its own a
few points right of the main grid, on the same row lines.  It is part of the table: its rows are
the table's rows, so it is joined as extra columns, never left as a one-column table beside it.

Joined only when the box is narrow (at most two columns, fewer than half the table's), sits right
of the table within `MAX_GAP`, spans the table's full height (top and bottom on the table's), and
every one of its row edges falls on a row edge of the table.  Two full tables side by side (MHLW's
two prefecture halves) are never joined: each has as many columns as the other.
"""
from __future__ import annotations

from statistics import median

from shiryo.parsers.model import Cell, Table, union
from shiryo.parsers.tables.base import grid_edges

MAX_GAP = 30.0  # pt between the table's right edge and the box
EDGE_TOL = 3.0  # pt: row edges of the two grids must agree this well


def row_edges(table: Table) -> list[float] | None:
    """y of the table's n_rows + 1 row edges (the median of the cell sides on each), None
    when some row edge has no cell side on it."""
    seen = grid_edges(table, 1)
    if not all(seen):
        return None
    return [median(ys) for ys in seen]


def _row_of(edges: list[float], y: float) -> int | None:
    best = min(range(len(edges)), key=lambda i: abs(edges[i] - y))
    return best if abs(edges[best] - y) <= EDGE_TOL else None


def _joinable(table: Table, box: Table, edges: list[float]) -> bool:
    gap = box.bbox[0] - table.bbox[2]
    if not (-EDGE_TOL <= gap <= MAX_GAP) or box.n_cols > 2 or 2 * box.n_cols >= table.n_cols:
        return False
    if abs(box.bbox[1] - table.bbox[1]) > EDGE_TOL or abs(box.bbox[3] - table.bbox[3]) > EDGE_TOL:
        return False
    return all(_row_of(edges, c.bbox[1]) is not None and _row_of(edges, c.bbox[3]) is not None for c in box.cells)


def _join(table: Table, box: Table, edges: list[float]) -> None:
    for c in box.cells:
        r0, r1 = _row_of(edges, c.bbox[1]), _row_of(edges, c.bbox[3])
        table.cells.append(Cell(r0, table.n_cols + c.col, max(1, r1 - r0), c.colspan, c.bbox, c.text, c.page))
    for col, unit in box.column_units.items():
        table.column_units.setdefault(table.n_cols + col, unit)
    table.n_cols += box.n_cols
    table.bbox = union([table.bbox, box.bbox])
    table.cells.sort(key=lambda c: (c.row, c.col))


def join_boxed_columns(tables: list[Table]) -> list[Table]:
    """The page's tables with each column boxed apart joined to the table it belongs to."""
    joined: set[int] = set()  # ids of boxes now part of a table
    for table in sorted(tables, key=lambda t: t.bbox[0]):
        if id(table) in joined or (edges := row_edges(table)) is None:
            continue
        for box in sorted(tables, key=lambda t: t.bbox[0]):
            if box is not table and id(box) not in joined and _joinable(table, box, edges):
                _join(table, box, edges)
                joined.add(id(box))
    return [t for t in tables if id(t) not in joined]
