"""Header rows of a ruled table.

A header is the top band of rows that holds labels, not values: it reaches down at
least as far as the tallest top-row cell (`都道府県名` over two rows), and a label that
spans several columns (`実績値` over three years) takes the row of sub-labels under it.
A row of units under the labels (`千円`) is header too; a unit printed above a column's first
number inside the same cell is lifted out of it into the table's `column_units`.
The band must close on a row boundary no cell crosses, and it holds labels only: no value
cell (a number with at most a unit: `４，１１３名`, `２３７，７００`, `12.5%`; year labels
such as `２０２２年度` are labels) and no sentence (a row of body text continued from the
page before).
"""
from __future__ import annotations

from shiryo.parsers.model import Table
from shiryo.parsers.patterns import UNIT_LINE, is_value, split_unit_over_number

__all__ = ["guess_header_rows", "is_label", "is_value", "lift_column_units"]

MAX_LABEL = 40  # characters: a longer cell is body text, not a column label


def is_label(text: str) -> bool:
    """Header cells are labels: no value, no sentence (a long text or one closed by 。)."""
    text = "".join(text.split())
    return not is_value(text) and len(text) <= MAX_LABEL and not text.endswith("。")


def guess_header_rows(table: Table) -> int:
    if table.n_rows < 2:
        return 0
    rows: dict[int, list] = {}
    for c in table.cells:
        rows.setdefault(c.row, []).append(c)
    top = rows.get(0, [])
    if not any(c.text for c in top) or not all(is_label(c.text) for c in top):
        return 0
    header = max(c.rowspan for c in top)
    while True:
        grown = header
        for c in table.cells:
            if c.row < header:
                grown = max(grown, c.row + c.rowspan)  # no cell may cross the header's lower edge
                if c.row == 0 and c.colspan > 1 and c.row + c.rowspan == header:
                    # a spanning label: the sub-labels under it belong to the header
                    under = [d for d in rows.get(header, []) if c.col <= d.col < c.col + c.colspan]
                    if under and not any(is_value(d.text) for d in under):
                        grown = max(grown, header + max(d.rowspan for d in under))
        if grown == header or grown >= table.n_rows:
            break
        header = grown
    if header >= table.n_rows:
        return min(1, table.n_rows - 1)
    while header + 1 < table.n_rows and _unit_row(rows.get(header, [])):
        header += 1
    labels = lambda h: all(is_label(c.text) for r in range(h) for c in rows.get(r, []))
    if labels(header):
        return header
    base = max(c.rowspan for c in top)  # the band grew into the body: keep the top labels
    return base if base < header and labels(base) and not any(c.row < base < c.row + c.rowspan for c in table.cells) else 0


def _unit_row(cells) -> bool:
    texts = ["".join(c.text.split()) for c in cells if c.rowspan == 1]
    return any(texts) and all(not t or UNIT_LINE.match(t) for t in texts)


def lift_column_units(table: Table) -> None:
    """A unit printed above the first number of a column inside its cell (`千円` over
    `49,286,300`, read as `千円49,286,300`) states the column's unit: the cell keeps the number,
    the unit goes to `table.column_units` (first one per column wins)."""
    for c in table.cells:
        split = split_unit_over_number(c.text)
        if split is not None:
            unit, number = split
            c.text = number
            table.column_units.setdefault(c.col, unit)
