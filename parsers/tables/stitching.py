"""Page-crossing tables: the parts of one table printed on consecutive pages become one
logical table block (`pages` lists them; every cell keeps its own `page` and `bbox`).

A table block continues the previous one when
- it is the first thing on its page (below the running header; a `（続き）` note or the
  table's title printed again may come first) and the previous part is the last thing on
  the page before (nothing but running text and page numbers in between),
- and it has the same column grid: as many columns, their edges at the same x.
Then
- a repeated header (the first part's header rows printed again) is dropped; a first row
  printed again makes a header of a table that had none,
- a merged cell cut by the page break (`教育費` over 項 rows on both pages: an empty
  cell under the break in a column whose last cell above spans rows) grows instead,
- a row split by the page break is merged back into one row: its cells go on where the
  last row left off (the texts carried over are open-ended: all of them, or most of
  them when the label column has nothing left to print) and some column has nothing
  left to print.  Never when a column would join two numbers: a value on both sides of the
  break (`1,234` / `5,678`), or digits meeting at the join, means two complete rows, and
  merging them would print an amount that appears nowhere in the document.
"""
from __future__ import annotations

from dataclasses import replace

import regex

from shiryo.parsers.joining import join_pair
from shiryo.parsers.model import Block, Cell, Table
from shiryo.parsers.running import PAGE_NUMBER
from shiryo.parsers.tables.base import grid_edges
from shiryo.parsers.tables.header import is_value

# a cell ending in one of these closed its sentence or item: it is not cut by the page break
# (not a Latin `)`: Japanese text quotes terms as `支配(control)` mid-sentence)
_CLOSED = "。．.」』）】〕］＞"
GRID_TOL = 4.0  # pt: column edges of two parts may differ this much
# a page number the running-text pass left in the body: `1`, `- 2 -`, `（３）`, `4/12`
_CONTINUED = regex.compile(r"[（(]\s*(?:続き?|つづき)\s*[）)]|続き$")


def column_edges(table: Table) -> list[float | None]:
    """x of the n_cols + 1 column edges (the upper median of the cell sides on each; None
    where no cell side is)."""
    return [sorted(xs)[len(xs) // 2] if xs else None for xs in grid_edges(table, 0)]


def same_grid(a: Table, b: Table, tol: float = GRID_TOL) -> bool:
    if a.n_cols != b.n_cols:
        return False
    pairs = [(x, y) for x, y in zip(column_edges(a), column_edges(b)) if x is not None and y is not None]
    return len(pairs) >= 2 and all(abs(x - y) <= tol for x, y in pairs)


def _open_ended(text: str) -> bool:
    """Could this cell's text go on in the next part? (A sentence or item not closed.)"""
    text = text.strip()
    return len(text) >= 8 and not is_value(text) and text[-1] not in _CLOSED


def fuses_numbers(above: str, below: str) -> bool:
    """Would joining these two texts run numbers together?  Both are values, or the text
    above ends in a digit where the one below starts with one."""
    above, below = above.strip(), below.strip()
    if not above or not below:
        return False
    return (is_value(above) and is_value(below)) or (above[-1].isdigit() and below[0].isdigit())


def _header_key(table: Table, h: int) -> list[tuple]:
    return sorted(
        ("".join(c.text.split()), c.row, c.col, c.colspan, min(c.row + c.rowspan, h) - c.row)
        for c in table.cells
        if c.row < h
    )


def _repeated_header(first: Table, part: Table) -> int:
    """How many top rows of `part` repeat `first`'s header (0 if it does not repeat it)."""
    h = first.header_rows or 1
    if part.n_rows <= h:
        return 0
    head = _header_key(first, h)
    if not any(text for text, *_ in head):
        return 0
    return h if _header_key(part, h) == head else 0


def _drop_rows(part: Table, drop: int) -> list[Cell]:
    """The part's cells below its first `drop` rows.  A repeated header cell that runs on
    into the body (its lower border missing where a merged body cell is cut by the page
    break) leaves its lower part behind as a blank cell."""
    body = [c for c in part.cells if c.row >= drop]
    for c in part.cells:
        if c.row < drop < c.row + c.rowspan:
            body.append(Cell(drop, c.col, c.row + c.rowspan - drop, c.colspan, c.bbox, "", c.page))
    return sorted(body, key=lambda c: (c.row, c.col))


def _covering(table: Table, row: int, col: int) -> Cell | None:
    for c in table.cells:
        if c.row <= row < c.row + c.rowspan and c.col <= col < c.col + c.colspan:
            return c
    return None


def append_part(table: Table, part: Table, page: int) -> None:
    """Append the continuation `part` (printed on `page`) to `table` in place."""
    for col, unit in part.column_units.items():
        table.column_units.setdefault(col, unit)
    drop = _repeated_header(table, part)
    if drop and not table.header_rows:
        table.header_rows = drop  # a top row printed again on the next page is a header
    body = _drop_rows(part, drop)
    if not body:
        return
    last = table.n_rows - 1
    first_row = drop
    top = [c for c in body if c.row == first_row]
    removed: set[int] = set()
    # 1. a merged cell cut by the break: the part's top cell is empty under a cell that spans rows
    for cb in top:
        ca = _covering(table, last, cb.col)
        if (
            not cb.text
            and ca is not None
            and ca.rowspan > 1
            and ca.col == cb.col
            and ca.colspan == cb.colspan
            and ca.row + ca.rowspan - 1 == last
        ):
            ca.rowspan += cb.rowspan
            removed.add(id(cb))
    # 2. a row split by the break
    pairs = []
    for cb in top:
        if id(cb) in removed:
            continue
        ca = _covering(table, last, cb.col)
        if ca is not None and ca.col == cb.col and ca.colspan == cb.colspan and ca.row + ca.rowspan - 1 == last:
            pairs.append((ca, cb))
    both = [(ca, cb) for ca, cb in pairs if ca.text and cb.text]
    finished = [(ca, cb) for ca, cb in pairs if ca.text and not cb.text]
    n_open = sum(_open_ended(ca.text) for ca, _ in both)
    key_blank = any(cb.col == 0 for _, cb in finished)  # the row's label column has nothing left
    key_open = any(ca.col == 0 and _open_ended(ca.text) for ca, _ in both)  # or its label goes on
    split = bool(both) and not any(fuses_numbers(ca.text, cb.text) for ca, cb in both) and (
        (n_open == len(both) and (bool(finished) or len(both) >= 2))  # every column carried over goes on
        or ((key_blank or key_open) and n_open * 2 > len(both))
    )
    shift = table.n_rows - drop
    if split:
        for ca, cb in pairs:
            ca.text = join_pair(ca.text, cb.text)
            ca.rowspan += cb.rowspan - 1
            removed.add(id(cb))
        shift -= 1
    for c in body:
        if id(c) not in removed:  # copies: the page's own part stays as it was read
            table.cells.append(replace(c, row=c.row + shift, page=page))
    table.cells.sort(key=lambda c: (c.row, c.col))
    table.n_rows = part.n_rows + shift


def _body(block: Block, page_blocks: list[Block]) -> list[Block]:
    return [b for b in page_blocks if b is not block and not PAGE_NUMBER.match(b.text)]  # a folio between the parts does not part them


def _alone_below(block: Block, page_blocks: list[Block]) -> bool:
    """Nothing of the page's body comes after the table (it runs to the page's end)."""
    return not any(b.bbox[1] >= block.bbox[3] - 1 for b in _body(block, page_blocks))


def _alone_above(block: Block, page_blocks: list[Block], first: Block) -> bool:
    """Nothing of the page's body comes before the table but a continuation note
    (`（続き）`, `表１（続）`) or the table's own title printed again."""
    return not any(
        b.bbox[3] <= block.bbox[1] + 1 and not _CONTINUED.search(b.text) and b.text.strip() != (first.table.caption or "")
        for b in _body(block, page_blocks)
    )


def stitch_tables(blocks: list[Block]) -> list[Block]:
    """Blocks in document order, continuation tables folded into the table they continue."""
    by_page: dict[int, list[Block]] = {}
    for b in blocks:
        by_page.setdefault(b.page, []).append(b)
    out: list[Block] = []
    open_table: Block | None = None  # the logical table the last page ended with
    last_part: Block | None = None
    for block in blocks:
        if block.kind != "table" or block.table is None:
            out.append(block)
            continue
        if (
            open_table is not None
            and block.page == last_part.page + 1
            and _alone_above(block, by_page[block.page], open_table)
            and same_grid(last_part.table, block.table)
        ):
            if len(open_table.pages) == 1:  # the first part's cells learn their page once
                for c in open_table.table.cells:
                    c.page = c.page or open_table.page
            append_part(open_table.table, block.table, block.page)
            open_table.pages.append(block.page)
            open_table.extra_bboxes[block.page] = block.bbox
            last_part = block
            if not _alone_below(block, by_page[block.page]):
                open_table = None  # the table ends on this page
            continue
        out.append(block)
        open_table = block if _alone_below(block, by_page[block.page]) else None
        last_part = block
    return out
