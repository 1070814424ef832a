"""Table strategies: one module per way of finding tables, behind `TableStrategy`."""
from __future__ import annotations

from importlib import import_module

from shiryo.parsers.tables.base import TableStrategy
from shiryo.parsers.tables.borderless import BorderlessStrategy
from shiryo.parsers.tables.lattice import LatticeStrategy

STRATEGIES: dict[str, type[TableStrategy]] = {"lattice": LatticeStrategy, "borderless": BorderlessStrategy}


def strategy_class(name: str) -> type[TableStrategy]:
    """A strategy by name (`lattice`, `borderless`) or as `module:Class`: a TableStrategy of your
    own, imported where the pages are read (the page workers), so it only needs to be importable."""
    if name in STRATEGIES:
        return STRATEGIES[name]
    module, _, cls = name.partition(":")
    if not cls:
        raise ValueError(f"unknown table strategy {name!r}: one of {sorted(STRATEGIES)}, or module:Class")
    found = getattr(import_module(module), cls)
    if not (isinstance(found, type) and issubclass(found, TableStrategy)):
        raise ValueError(f"{name}: not a TableStrategy")
    return found


__all__ = ["STRATEGIES", "TableStrategy", "LatticeStrategy", "BorderlessStrategy", "strategy_class"]
