"""Grouping boxes into rows and bands: the one home of the rule every parser uses to say which
characters, lines or segments stand on one row (or, across the other axis, in one tategaki
column), which run on as one band, and which rules or grid slots connect.

- `rows`: items whose centres fall inside the row's extent so far, in order of centre.  Text
  of one printed line shares a row whatever its size (a superscript, a larger first
  character); the row grows as items join.  Used for a cell's visual lines and tategaki
  columns (`tables/cell_text.py`) and a page's text rows (`tables/borderless.py`).
  `same_row` replaces the rule where a caller needs another:
  - footnote rows (`footnotes.py`), kept as they were tuned on the white papers' notes: a
    line joins the row when its centre lies within 0.4 × the larger of its own size and the
    size of the row's first line from that first line's centre (not the growing extent);
  - the open frames of `tables/lattice.py` group rule ends (points) around the first end
    within the rule's own join tolerance.
- `bands`: items in order of their start, joined while each starts less than `gap` past the
  band's end so far (a gap splits, overlap never does).  The reading order's horizontal cuts
  (`reading_order.py`: gap 0.5 pt) and the grid positions of ruled tables (points, within
  the snap tolerance, `inclusive`: a gap of exactly the tolerance still joins).
- `DisjointSets`: connected groups (rules that touch, grid slots with no rule between).

Not here, because the rule differs and is not a grouping of boxes by position: the table rows
of `tables/borderless.py` (`_row_groups` decides each pair of neighbouring text rows by inner
rules, two-level spacing and cell content), the same-baseline merge of `text.py` (a
sequential join of line pieces by baseline and gap), and the column gutters of
`reading_order.py` and `tables/borderless.py` (the x-ranges no box covers, counted per bin or
swept once: they want the gaps, not the groups).  `blocks.vertical_blocks` groups tategaki
lines into columns with `rows` (`same_row`, right to left).  One copy is still elsewhere:
`rules.py` (`merge_rules`: collinear rule pieces, then runs along them, by `bands`' rule with
`inclusive`), left as written because it runs on every rule of every page and its tuples
need no boxes.

These run for every character of every table cell: no per-item function call for items with a
`.bbox` (`box=None`), plain comparisons rather than min/max calls.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

from shiryo.parsers.model import BBox

T = TypeVar("T")


def rows(
    items: Iterable[T], axis: int = 1, box: Callable[[T], BBox] | None = None,
    same_row: Callable[[T, T], bool] | None = None, ordered: bool = False,
    extents: list[tuple[float, float]] | None = None,
) -> list[list[T]]:
    """`items` grouped into rows across `axis` (1: rows by y, 0: columns by x), in order of
    their centres across it; each row keeps its items in that order.  `box(item)` is the
    item's box (None: its `.bbox`).

    An item joins the row before when its centre lies inside that row's extent so far
    (inclusive), or, with `same_row`, when `same_row(first item of the row, item)`.
    `ordered`: `items` come sorted by centre already (with the caller's order among equal
    centres); otherwise they are sorted here, stably.  `extents`, when given, receives each
    row's (low, high) across `axis` (with the extent rule: the caller need not work it out again)."""
    end = axis + 2
    if not ordered:

        def centre(item: T) -> float:
            b = item.bbox if box is None else box(item)  # type: ignore[attr-defined]
            return (b[axis] + b[end]) / 2

        items = sorted(items, key=centre)
    out: list[list[T]] = []
    row: list[T] | None = None
    if same_row is None:
        lo = hi = 0.0
        for item in items:
            b = item.bbox if box is None else box(item)  # type: ignore[attr-defined]
            a, z = b[axis], b[end]
            centre = (a + z) / 2
            if row is not None and lo <= centre <= hi:
                row.append(item)
                if a < lo:
                    lo = a
                if z > hi:
                    hi = z
            else:
                if row is not None and extents is not None:
                    extents.append((lo, hi))
                row = [item]
                out.append(row)
                lo, hi = a, z
        if row is not None and extents is not None:
            extents.append((lo, hi))
        return out
    for item in items:
        if row is not None and same_row(row[0], item):
            row.append(item)
        else:
            row = [item]
            out.append(row)
    return out


def bands(
    items: Iterable[T], gap: float, axis: int = 1, box: Callable[[T], BBox] | None = None, inclusive: bool = False,
) -> list[list[T]]:
    """`items` in order of their start across `axis` (stably), grouped into bands: an item
    joins the band before when it starts less than `gap` past the band's end so far (with
    `inclusive`, also exactly `gap` past it).  `box(item)`: as for `rows`."""
    out: list[list[T]] = []
    band: list[T] | None = None
    last = 0.0  # end of the band so far
    end = axis + 2
    boxed = [(item.bbox if box is None else box(item), item) for item in items]  # type: ignore[attr-defined]
    boxed.sort(key=lambda bi: bi[0][axis])
    for b, item in boxed:
        start, reach = b[axis], last + gap
        if band is not None and (start < reach or (inclusive and start == reach)):
            band.append(item)
            if b[end] > last:
                last = b[end]
        else:
            band = [item]
            out.append(band)
            last = b[end]
    return out


def point_box(value: float) -> BBox:
    """A position as a box of no size (for `bands` and `rows` over plain coordinates)."""
    return (value, value, value, value)


class DisjointSets:
    """Connected groups of the items 0 … n-1 (union-find with path halving)."""

    __slots__ = ("parent",)

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, a: int, b: int) -> None:
        """One group of `a`'s and `b`'s (its representative the lower of the two)."""
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb
