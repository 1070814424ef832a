"""Drawn rules (table borders, underlines) from the page's vector graphics.

Lines, thin filled rectangles (Excel/Word draw cell borders that way), the edges of
stroked rectangles and rows of dots all become axis-parallel `Rule`s; collinear pieces
are merged into one rule.  How far apart two pieces may lie and still be one rule is read
from the drawing, not fixed: a dashed or dotted rule is a run of pieces with regular gaps,
and pieces join across gaps up to a margin over that run's typical gap; otherwise pieces
join across gaps of the order of the line width (borders drawn cell by cell stop short
of each other by about the width of the crossing line).
"""
from __future__ import annotations

from statistics import median
from typing import TYPE_CHECKING

from shiryo.parsers.model import BBox, Rule

if TYPE_CHECKING:  # only the page workers need PyMuPDF; lattice imports this module's tolerances
    import pymupdf

THIN = 2.0  # a filled rectangle thinner than this (pt) is a rule, not an area
MIN_LENGTH = 4.0  # shorter merged pieces are ticks or stray dots
MAX_PATTERN_GAP = 8.0  # gaps of a dash/dot pattern are short; a wider gap separates two rules
MAX_PATTERN_PIECE = 12.0  # dashes are short; longer collinear pieces are edges of separate boxes


def _is_white(color) -> bool:
    return color is not None and len(color) >= 3 and min(color[:3]) > 0.95


def read_rules(page: pymupdf.Page, paths: list[dict] | None = None) -> list[Rule]:
    """`paths`: the page's `get_cdrawings()` when the caller has walked them already."""
    rules: list[Rule] = []
    # the raw paths (plain tuples): get_drawings() wraps every point and rectangle of them in
    # a Point / Rect object first, which costs twice what MuPDF takes to walk the page
    for path in page.get_cdrawings() if paths is None else paths:
        kind = path.get("type") or ""
        stroked = "s" in kind and not _is_white(path.get("color"))
        filled = "f" in kind and not _is_white(path.get("fill"))
        width = path.get("width") or 0.0
        if not (stroked or filled):
            continue
        x0, y0, x1, y1 = path["rect"]
        if x1 - x0 <= THIN and y1 - y0 <= THIN and x0 < x1 and y0 < y1:
            rules.extend(_dot((x0, y0, x1, y1)))
            continue
        items = path["items"]
        if filled and _traced_rectangle(items):
            items = [("re", path["rect"])]  # a filled rectangle drawn on a turned page (remove_rotation)
        # the straight sides of a shape with curves (a rounded box, a callout) frame a note,
        # they are no table rules
        rounded = any(item[0] == "c" for item in items)
        if rounded:
            for blob in _curve_blobs(items):
                rules.extend(_dot(blob))  # one path drawing a whole row of round dots
        for item in items:
            op = item[0]
            if op == "l" and stroked and not rounded:
                p, q = item[1], item[2]
                rules.append(Rule(p[0], p[1], q[0], q[1], width))
            elif op in ("re", "qu"):
                x0, y0, x1, y1 = _quad_box(item[1]) if op == "qu" else _normalized(item[1])
                w, h = x1 - x0, y1 - y0
                if w <= THIN or h <= THIN:
                    if w <= THIN and h <= THIN:
                        continue
                    if w <= THIN:
                        x = (x0 + x1) / 2
                        rules.append(Rule(x, y0, x, y1, max(w, width)))
                    else:
                        y = (y0 + y1) / 2
                        rules.append(Rule(x0, y, x1, y, max(h, width)))
                elif stroked:
                    rules.extend(
                        [
                            Rule(x0, y0, x1, y0, width),
                            Rule(x0, y1, x1, y1, width),
                            Rule(x0, y0, x0, y1, width),
                            Rule(x1, y0, x1, y1, width),
                        ]
                    )
    return merge_rules(axis_parallel(rules))


def _traced_rectangle(items) -> bool:
    """Do the path's items trace an upright rectangle with lines (3 or 4 sides, each level or
    plumb)?  A `re` turned by a page's /Rotate comes back from MuPDF this way."""
    if not 3 <= len(items) <= 4 or any(item[0] != "l" for item in items):
        return False
    return all(abs(p[0] - q[0]) < 0.01 or abs(p[1] - q[1]) < 0.01 for _, p, q in items)


def _normalized(box: BBox) -> BBox:
    """A rectangle with x0 <= x1 and y0 <= y1 (pymupdf.Rect.normalize on a tuple)."""
    x0, y0, x1, y1 = box
    if x1 < x0:
        x0, x1 = x1, x0
    if y1 < y0:
        y0, y1 = y1, y0
    return x0, y0, x1, y1


def _quad_box(quad) -> BBox:
    """Bounding box of a quad given as its corners (ul, ur, ll, lr), as pymupdf.Quad.rect."""
    ul, ur, ll, lr = quad
    return (
        min(ul[0], ur[0], lr[0], ll[0]),
        min(ul[1], ur[1], lr[1], ll[1]),
        max(ul[0], ur[0], lr[0], ll[0]),
        max(ul[1], ur[1], lr[1], ll[1]),
    )


def _dot(box: BBox) -> list[Rule]:
    """A dot (tiny square, circle or stroke): one piece of a dotted rule in either
    direction; merging keeps it only where it lines up with its neighbours."""
    x0, y0, x1, y1 = box
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return [Rule(x0, cy, x1, cy, y1 - y0), Rule(cx, y0, cx, y1, x1 - x0)]


def _curve_blobs(items) -> list[BBox]:
    """Bounding boxes of the tiny closed shapes drawn by chains of Bézier curves (`c`
    items, each starting where the last ended) inside one path."""
    blobs: list[BBox] = []
    current: BBox | None = None
    end = None
    for item in items:
        if item[0] != "c":
            current, end = None, None
            continue
        start, c1, c2, stop = item[1], item[2], item[3], item[4]
        points = (
            min(start[0], c1[0], c2[0], stop[0]),
            min(start[1], c1[1], c2[1], stop[1]),
            max(start[0], c1[0], c2[0], stop[0]),
            max(start[1], c1[1], c2[1], stop[1]),
        )
        if current is not None and end is not None and abs(start[0] - end[0]) < 0.01 and abs(start[1] - end[1]) < 0.01:
            current = blobs[-1] = _union_nonempty(current, points)
        else:
            current = points
            blobs.append(current)
        end = stop
    return [b for b in blobs if 0 < b[2] - b[0] <= THIN and 0 < b[3] - b[1] <= THIN]


def _empty(box: BBox) -> bool:
    return box[0] >= box[2] or box[1] >= box[3]


def _union_nonempty(a: BBox, b: BBox) -> BBox:
    """Union of two boxes where an empty one (a flat curve) adds nothing, as pymupdf's Rect `|`."""
    if _empty(b):
        return a
    if _empty(a):
        return b
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])


def axis_parallel(rules: list[Rule], slope_tol: float = 0.5) -> list[Rule]:
    """Keep horizontal and vertical rules, snapped straight; drop diagonals (chart lines).
    Short pieces stay: a dashed rule is many of them (length is judged after merging)."""
    out = []
    for r in rules:
        dx, dy = abs(r.x1 - r.x0), abs(r.y1 - r.y0)
        if dy <= slope_tol and dx > 0:
            y = (r.y0 + r.y1) / 2
            out.append(Rule(min(r.x0, r.x1), y, max(r.x0, r.x1), y, r.width))
        elif dx <= slope_tol and dy > 0:
            x = (r.x0 + r.x1) / 2
            out.append(Rule(x, min(r.y0, r.y1), x, max(r.y0, r.y1), r.width))
    return out


def typical_width(rules: list[Rule]) -> float:
    """The line width most of the drawing uses (median over rules, weighed by nothing)."""
    widths = [r.width for r in rules if r.width > 0]
    return median(widths) if widths else 0.5


def snap_tolerance(width: float) -> float:
    """Pieces whose fixed coordinates differ by less than this are collinear: within a
    line's own width, at least 1 pt (Excel offsets a cell's border by half a pixel)."""
    return max(1.0, min(2.5, 1.5 * width))


def join_tolerance(width: float) -> float:
    """Gap a solid rule may show where it is drawn piecewise (cell by cell, or stopped
    short at a crossing line): a few line widths, at least 1.5 pt."""
    return max(1.5, min(4.0, 1.0 + 3.0 * width))


def pattern_gap(gaps: list[float], lengths: list[float]) -> float | None:
    """The gap of a dash or dot pattern when the pieces of one collinear run (their
    `lengths`, and the `gaps` between consecutive ones) show one: several short pieces
    with short gaps of about the same size.  Box edges in a row of boxes (a diagram) are
    long pieces: no pattern."""
    short = sorted(g for g in gaps if 0 < g <= MAX_PATTERN_GAP)
    if len(short) < 3:
        return None
    piece = sorted(lengths)[len(lengths) // 2]
    if piece > MAX_PATTERN_PIECE:
        return None
    typical = short[len(short) // 2]
    if piece > THIN and typical > 1.5 * piece + 1.0:
        return None  # dashes are longer than their gaps (dots may sit further apart)
    regular = [g for g in short if g <= 1.6 * typical + 0.3]
    return max(regular) if len(regular) * 2 >= len(short) else None


def merge_rules(rules: list[Rule], snap: float | None = None, join_gap: float | None = None) -> list[Rule]:
    """Merge collinear rules (fixed coordinates within `snap` pt, chained) whose pieces
    overlap or lie close: dashed and dotted lines and cell-by-cell borders become one rule.
    Without explicit tolerances they come from the drawing (line widths, dash gaps)."""
    width = typical_width(rules)
    snap = snap_tolerance(width) if snap is None else snap
    base_gap = join_tolerance(width) if join_gap is None else join_gap
    merged: list[Rule] = []
    for horizontal in (True, False):
        pieces = sorted(
            (r.y0, r.x0, r.x1, r.width) if horizontal else (r.x0, r.y0, r.y1, r.width)
            for r in rules
            if r.horizontal == horizontal
        )
        clusters: list[list[tuple]] = []
        for piece in pieces:
            if clusters and piece[0] - clusters[-1][-1][0] <= snap:
                clusters[-1].append(piece)
            else:
                clusters.append([piece])
        for cluster in clusters:
            fixed = sorted(p[0] for p in cluster)[len(cluster) // 2]
            along = sorted(cluster, key=lambda p: p[1])
            gaps, end = [], None
            for _, a, b, _ in along:
                if end is not None and a > end:
                    gaps.append(a - end)
                end = b if end is None else max(end, b)
            pattern = pattern_gap(gaps, [b - a for _, a, b, _ in along])
            gap = base_gap if pattern is None else max(base_gap, pattern + 0.5)
            runs: list[list[float]] = []
            for _, a, b, w in along:
                if runs and a <= runs[-1][1] + gap:
                    runs[-1][1] = max(runs[-1][1], b)
                    runs[-1][2] = max(runs[-1][2], w)
                else:
                    runs.append([a, b, w])
            for a, b, w in runs:
                if b - a < MIN_LENGTH:
                    continue  # a dot or a tick, not a rule
                merged.append(Rule(a, fixed, b, fixed, w) if horizontal else Rule(fixed, a, fixed, b, w))
    return merged
