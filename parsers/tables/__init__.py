"""Table strategies: one module per way of finding tables, behind `TableStrategy`."""
from parsers.tables.base import TableStrategy
from parsers.tables.borderless import BorderlessStrategy
from parsers.tables.lattice import LatticeStrategy

STRATEGIES: dict[str, type[TableStrategy]] = {"lattice": LatticeStrategy, "borderless": BorderlessStrategy}

__all__ = ["STRATEGIES", "TableStrategy", "LatticeStrategy", "BorderlessStrategy"]
