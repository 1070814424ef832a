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
