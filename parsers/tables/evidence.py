"""How much a table candidate looks like a table: a confidence per table and the threshold below
which a candidate is rejected (after camelot's parsing report: accuracy, whitespace).

Ruled boxes are drawn for many things that are no table: the boxes of a vector diagram (an app
box with a title bar over one or two items), slide callouts, two boxes side by side that share
rules.  Their grids are tiny and thin: one column, or a small grid with a whole row or column of
nothing.  The confidence multiplies
- 1 − half of camelot's whitespace (the share of empty cells): sparse grids score lower, but
  whitespace alone never rejects (a wide statistics table may be half empty),
- 0.4 for a single column of at most three rows: a framed box with a title, not a table,
- 0.4 for a framed label: one row of at most three short cells, one line high and under half the
  page wide (`参考資料 | 16-3`, `部会資料 | 15` at the top of a MOJ handout; a table's last row
  carried to the next page runs the width of the text column),
- 0.5 for a small grid (at most nine cells) with a row or column that is empty throughout, on a
  page where at least two other candidates are such boxes: two boxes of the same diagram side by
  side.  Alone on its page a small grid with a blank row is a table (a budget table's part at
  the foot of a page, a blank spacing row).
Candidates under `min_confidence` (parsers/settings.TableSettings) are not tables; the page keeps them aside (drawn in
`--debug-png`) and their text is read as text.
"""
from __future__ import annotations

from shiryo.parsers.model import Table
from shiryo.parsers.settings import TableSettings

SMALL_GRID = 9  # cells
BOX_ROWS = 3
LABEL_HEIGHT = 30.0  # pt: a one-row strip this low holds one line of text
LABEL_TEXT = 30  # characters per cell at most


def whitespace(table: Table) -> float:
    """Share of the grid's cells holding no text."""
    cells = table.cells
    return sum(1 for c in cells if not c.text.strip()) / len(cells) if cells else 1.0


def _empty_line(table: Table) -> bool:
    """A row or column no text cell touches."""
    rows, cols = set(), set()
    for c in table.cells:
        if c.text.strip():
            rows.update(range(c.row, c.row + c.rowspan))
            cols.update(range(c.col, c.col + c.colspan))
    return len(rows) < table.n_rows or len(cols) < table.n_cols


def is_box(table: Table) -> bool:
    """A framed box with a title bar over an item or two: one column, few rows."""
    return table.n_cols == 1 and table.n_rows <= BOX_ROWS


def is_label(table: Table, page_width: float) -> bool:
    """A framed label (a handout's number): one line-high row of at most three short cells."""
    return (
        table.n_rows == 1
        and table.bbox[2] - table.bbox[0] < 0.5 * page_width
        and table.n_cols <= 3
        and table.bbox[3] - table.bbox[1] <= LABEL_HEIGHT
        and all(len(c.text) <= LABEL_TEXT for c in table.cells)
    )


def confidence(table: Table, boxes_around: int = 0, page_width: float = float("inf")) -> float:
    """`boxes_around`: how many other candidates of the page are boxes (`is_box`)."""
    score = 1.0 - whitespace(table) / 2
    if is_box(table) or is_label(table, page_width):
        score *= 0.4
    if boxes_around >= 2 and table.n_rows * table.n_cols <= SMALL_GRID and _empty_line(table):
        score *= 0.5
    return round(score, 3)


def keep_confident(tables: list[Table], page_width: float = float("inf"), min_confidence: float = TableSettings.min_confidence) -> tuple[list[Table], list[Table]]:
    """The page's (tables, rejected candidates); each candidate gets its `confidence`."""
    n_boxes = sum(1 for t in tables if is_box(t))
    kept, rejected = [], []
    for table in tables:
        table.confidence = confidence(table, n_boxes - is_box(table), page_width)
        (kept if table.confidence >= min_confidence else rejected).append(table)
    return kept, rejected
