"""Table strategies: one module per way of finding tables, behind `TableStrategy`."""
from shiryo.parsers.tables.base import TableStrategy
from shiryo.parsers.tables.borderless import BorderlessStrategy
from shiryo.parsers.tables.lattice import LatticeStrategy

STRATEGIES: dict[str, type[TableStrategy]] = {"lattice": LatticeStrategy, "borderless": BorderlessStrategy}

__all__ = ["STRATEGIES", "TableStrategy", "LatticeStrategy", "BorderlessStrategy"]
