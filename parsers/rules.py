"""Drawn rules (table borders, underlines) from the page's vector graphics.

Lines, thin filled rectangles (Excel/Word draw cell borders that way) and the
edges of stroked rectangles all become axis-parallel `Rule`s; collinear pieces
with small gaps (dashed lines, borders drawn cell by cell) are merged.
"""
from __future__ import annotations

import pymupdf

from parsers.model import Rule

THIN = 2.0  # a filled rectangle thinner than this (pt) is a rule, not an area
MIN_LENGTH = 4.0


def _is_white(color) -> bool:
    return color is not None and len(color) >= 3 and min(color[:3]) > 0.95


def read_rules(page: pymupdf.Page) -> list[Rule]:
    rules: list[Rule] = []
    for path in page.get_drawings():
        stroked = "s" in (path.get("type") or "") and not _is_white(path.get("color"))
        filled = "f" in (path.get("type") or "") and not _is_white(path.get("fill"))
        width = path.get("width") or 0.0
        for item in path["items"]:
            op = item[0]
            if op == "l" and stroked:
                p, q = item[1], item[2]
                rules.append(Rule(p.x, p.y, q.x, q.y, width))
            elif op in ("re", "qu"):
                r = item[1].rect if op == "qu" else item[1]
                r = pymupdf.Rect(r).normalize()
                if (filled or stroked) and (r.width <= THIN or r.height <= THIN):
                    if r.width <= THIN and r.height <= THIN:
                        continue
                    if r.width <= THIN:
                        x = (r.x0 + r.x1) / 2
                        rules.append(Rule(x, r.y0, x, r.y1, r.width))
                    else:
                        y = (r.y0 + r.y1) / 2
                        rules.append(Rule(r.x0, y, r.x1, y, r.height))
                elif stroked:
                    rules.extend(
                        [
                            Rule(r.x0, r.y0, r.x1, r.y0, width),
                            Rule(r.x0, r.y1, r.x1, r.y1, width),
                            Rule(r.x0, r.y0, r.x0, r.y1, width),
                            Rule(r.x1, r.y0, r.x1, r.y1, width),
                        ]
                    )
    return merge_rules(axis_parallel(rules))


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


def merge_rules(rules: list[Rule], snap: float = 1.0, join_gap: float = 3.0) -> list[Rule]:
    """Merge collinear rules (fixed coordinates within `snap` pt, chained) whose pieces
    overlap or lie at most `join_gap` apart: dashed lines and cell-by-cell borders become one rule."""
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
            runs: list[list[float]] = []
            for _, a, b, w in sorted(cluster, key=lambda p: p[1]):
                if runs and a <= runs[-1][1] + join_gap:
                    runs[-1][1] = max(runs[-1][1], b)
                    runs[-1][2] = max(runs[-1][2], w)
                else:
                    runs.append([a, b, w])
            for a, b, w in runs:
                if b - a < MIN_LENGTH:
                    continue  # a dot or a tick, not a rule
                merged.append(Rule(a, fixed, b, fixed, w) if horizontal else Rule(fixed, a, fixed, b, w))
    return merged
