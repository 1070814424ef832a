"""The small interface every table strategy implements (after camelot's parsers/)."""
from __future__ import annotations

from abc import ABC, abstractmethod

from shiryo.parsers.model import Line, Rule, Table


class TableStrategy(ABC):
    name: str = ""

    @abstractmethod
    def find_tables(self, lines: list[Line], rules: list[Rule], page_size: tuple[float, float]) -> list[Table]:
        """Tables on one page, each with its cells and their text."""
