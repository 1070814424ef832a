"""The small interface every table strategy implements (after camelot's parsers/)."""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable

from shiryo.parsers.model import Cell, Line, Rule, Table, union
from shiryo.parsers.settings import TableSettings
from shiryo.parsers.tables.header import guess_header_rows, lift_column_units


class TableStrategy(ABC):
    name: str = ""

    def __init__(self, settings: TableSettings | None = None) -> None:
        self.settings = settings or TableSettings()

    @abstractmethod
    def find_tables(self, lines: list[Line], rules: list[Rule], page_size: tuple[float, float]) -> list[Table]:
        """Tables on one page, each with its cells and their text."""

    def make_table(self, cells: list[Cell], n_rows: int, n_cols: int,
                   header_rows: Callable[[Table], int] | None = None) -> Table:
        """The table of a strategy's cells, finished the same way by every strategy: a unit
        printed over a column's numbers lifted out of the cells, then the header rows (the
        strategy's own reading first, when it has one, else the common guess)."""
        table = Table(bbox=union(c.bbox for c in cells), n_rows=n_rows, n_cols=n_cols, cells=cells, strategy=self.name)
        lift_column_units(table)
        table.header_rows = (header_rows(table) if header_rows else 0) or guess_header_rows(table)
        return table


def grid_edges(table: Table, axis: int) -> list[list[float]]:
    """Where each grid line of a finished table lies, as its cells show it: across `axis`
    (0: the n_cols + 1 column edges, x; 1: the n_rows + 1 row edges, y) the cell sides
    that start or end on that line, in cell order (empty where no cell does)."""
    n = table.n_cols if axis == 0 else table.n_rows
    seen: dict[int, list[float]] = {}
    for c in table.cells:
        start, span = (c.col, c.colspan) if axis == 0 else (c.row, c.rowspan)
        seen.setdefault(start, []).append(c.bbox[axis])
        seen.setdefault(start + span, []).append(c.bbox[axis + 2])
    return [seen.get(i, []) for i in range(n + 1)]


def without_top_rows(table: Table, n: int) -> Table:
    """`table` less its first `n` rows (lines a strategy caught above the table proper: a slide's
    title band, a title printed over a ruled frame); the caller drops only rows no kept cell spans from."""
    cells = [Cell(c.row - n, c.col, c.rowspan, c.colspan, c.bbox, c.text, c.page) for c in table.cells if c.row >= n]
    below = Table(bbox=union(c.bbox for c in cells), n_rows=table.n_rows - n, n_cols=table.n_cols, cells=cells,
                  strategy=table.strategy, caption=table.caption, column_units=table.column_units, confidence=table.confidence)
    below.header_rows = guess_header_rows(below)
    return below
