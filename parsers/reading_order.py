"""Reading order of a page's text lines: a recursive XY-cut that knows about columns.

A region is cut vertically where a gutter runs through all of it (columns: left
before right), otherwise horizontally into bands.  Consecutive bands that share
a gutter are put back together before the vertical cut, so a coincidental
horizontal gap in both columns does not interleave them.  Full-width headings
and figures above, between or below the columns make bands of their own.
"""
from __future__ import annotations

from operator import itemgetter

from shiryo.parsers import clustering
from shiryo.parsers.model import BBox, Line, union

_box = itemgetter(0)  # of an item (bbox, index)


def _free_intervals(boxes: list[BBox], x0: float, x1: float) -> list[tuple[float, float]]:
    """x-intervals inside [x0, x1] that no box covers."""
    spans = sorted((b[0], b[2]) for b in boxes)
    free = []
    cursor = x0
    for a, b in spans:
        if a > cursor:
            free.append((cursor, a))
        cursor = max(cursor, b)
    if cursor < x1:
        free.append((cursor, x1))
    return free


def _gutter(boxes: list[BBox], x0: float, x1: float, min_gap: float) -> tuple[float, float] | None:
    """Widest interior vertical gap through all boxes, if any is wide enough."""
    best = None
    for a, b in _free_intervals(boxes, x0, x1):
        if a <= x0 + 1e-6 or b >= x1 - 1e-6:
            continue
        if b - a >= min_gap and (best is None or b - a > best[1] - best[0]):
            best = (a, b)
    return best


def xy_cut(items: list[tuple[BBox, int]], min_gap: float, depth: int = 0) -> list[int]:
    """Order of item indices. `items` are (bbox, index) pairs."""
    if len(items) <= 1 or depth > 40:
        return [i for _, i in sorted(items, key=lambda it: (it[0][1], it[0][0]))]
    x0, _, x1, _ = union(b for b, _ in items)
    gutter = _gutter([b for b, _ in items], x0, x1, min_gap)
    if gutter is not None:
        mid = (gutter[0] + gutter[1]) / 2
        left = [it for it in items if (it[0][0] + it[0][2]) / 2 < mid]
        right = [it for it in items if (it[0][0] + it[0][2]) / 2 >= mid]
        return xy_cut(left, min_gap, depth + 1) + xy_cut(right, min_gap, depth + 1)
    bands = clustering.bands(items, gap=0.5, box=_box)
    if len(bands) == 1:
        return [i for _, i in sorted(items, key=lambda it: (it[0][1], it[0][0]))]
    # put back together consecutive bands that continue the same column structure
    groups: list[list[tuple[BBox, int]]] = [bands[0]]
    for band in bands[1:]:
        # the band continues the columns above when a gutter still runs through both together
        # (a short last line of one column keeps the gutter; a heading across both closes it)
        merged = groups[-1] + band
        gx0, _, gx1, _ = union(b for b, _ in merged)
        gutter = _gutter([b for b, _ in merged], gx0, gx1, min_gap)
        # a column gutter has a column edge beside it where lines start, not one word gap
        # (an indented first line starts a little further in)
        # (counted over the whole region: the column below may not have started yet)
        if gutter is not None and sum(1 for b, _ in items if gutter[1] - 2 <= b[0] <= gutter[1] + 1.5 * min_gap) >= 2:
            groups[-1] = groups[-1] + band
        else:
            groups.append(band)
    order: list[int] = []
    for group in groups:
        if len(groups) == 1:
            # no progress possible by cutting further: plain top-to-bottom order
            return [i for _, i in sorted(group, key=lambda it: (round(it[0][1]), it[0][0]))]
        order.extend(xy_cut(group, min_gap, depth + 1))
    return order


# full-width punctuation is set in half its em box: an opening bracket's ink starts half an em
# in, a closing comma or bracket ends half an em early (hanging into a 16 pt gutter otherwise)
_OPENING = "（「『【〔［｛〈《"
_CLOSING = "、。，．）」』】〕］｝〉》"


def line_box(line: Line) -> BBox:
    """The line's box as set: full-width brackets and commas at either end count half."""
    x0, y0, x1, y1 = line.bbox
    text = line.text.strip()
    half = 0.5 * max(line.size, 1.0)
    if text[:1] in _OPENING and x1 - x0 > 2 * half:
        x0 += half
    if text[-1:] in _CLOSING and x1 - x0 > 2 * half:
        x1 -= half
    return (x0, y0, x1, y1)


def reading_order(boxes: list[BBox], body_size: float) -> list[int]:
    """Indices of `boxes` (lines, tables) in reading order."""
    min_gap = max(6.0, 0.9 * (body_size or 10.0))
    return xy_cut([(b, i) for i, b in enumerate(boxes)], min_gap)
