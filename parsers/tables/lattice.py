"""Ruled tables: rebuild the grid from drawn rules, cells (with spans) from missing borders.

1. Rules that touch or cross each other form connected groups; a group with at least
   two horizontal and two vertical rules is a candidate table.
2. Distinct rule positions give the grid's row and column lines.
3. Neighbouring grid slots are one merged cell where the rule between them is absent.
4. Text goes to cells by character centre.
"""
from __future__ import annotations

from parsers.model import Cell, Line, Rule, Table, union
from parsers.tables.base import TableStrategy
from parsers.tables.cell_text import cell_text, chars_in

TOUCH = 3.0  # rules this close (pt) count as meeting: borders often stop short of each other


def _touches(h: Rule, v: Rule, tol: float = TOUCH) -> bool:
    return (h.x0 - tol <= v.x0 <= h.x1 + tol) and (v.y0 - tol <= h.y0 <= v.y1 + tol)


def _rule_groups(rules: list[Rule]) -> list[list[Rule]]:
    horizontals = [r for r in rules if r.horizontal]
    verticals = [r for r in rules if not r.horizontal]
    parent = list(range(len(rules)))
    index = {id(r): i for i, r in enumerate(rules)}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for h in horizontals:
        for v in verticals:
            if _touches(h, v):
                a, b = find(index[id(h)]), find(index[id(v)])
                if a != b:
                    parent[a] = b
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(find(i), []).append(r)
    return list(groups.values())


def _positions(values: list[float], tol: float) -> list[float]:
    values = sorted(values)
    clusters: list[list[float]] = []
    for v in values:
        if clusters and v - clusters[-1][-1] <= tol:
            clusters[-1].append(v)
        else:
            clusters.append([v])
    return [sum(c) / len(c) for c in clusters]


def _covered(rules: list[Rule], fixed: float, a: float, b: float, horizontal: bool, tol: float) -> bool:
    """Is the segment a..b at `fixed` drawn (mostly) by one of `rules`?"""
    need = (b - a) * 0.6
    covered = 0.0
    for r in rules:
        if r.horizontal != horizontal:
            continue
        rf, ra, rb = (r.y0, r.x0, r.x1) if horizontal else (r.x0, r.y0, r.y1)
        if abs(rf - fixed) <= tol:
            covered += max(0.0, min(b, rb) - max(a, ra))
    return covered >= need


class LatticeStrategy(TableStrategy):
    name = "lattice"

    def __init__(self, snap: float = 2.0):
        self.snap = snap

    def find_tables(self, lines: list[Line], rules: list[Rule], page_size: tuple[float, float]) -> list[Table]:
        chars = [ch for line in lines if not line.vertical for s in line.spans for ch in s.chars if ch.c.strip()]
        tables = []
        for group in _rule_groups(rules):
            table = self._table_from_group(group, chars)
            if table is not None:
                tables.append(table)
        tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
        return tables

    def _table_from_group(self, group: list[Rule], chars) -> Table | None:
        hs = [r for r in group if r.horizontal]
        vs = [r for r in group if not r.horizontal]
        if len(hs) < 2 or len(vs) < 2:
            return None
        ys = _positions([r.y0 for r in hs], self.snap)
        xs = _positions([r.x0 for r in vs], self.snap)
        n_rows, n_cols = len(ys) - 1, len(xs) - 1
        if n_rows < 1 or n_cols < 1 or (n_rows == 1 and n_cols == 1):
            return None  # a framed box, not a table
        # union-find over grid slots: join neighbours where the separating rule is missing
        parent = list(range(n_rows * n_cols))

        def find(i):
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        def join(a, b):
            ra, rb = find(a), find(b)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)

        for r in range(n_rows):
            for c in range(n_cols):
                slot = r * n_cols + c
                if c + 1 < n_cols and not _covered(vs, xs[c + 1], ys[r], ys[r + 1], False, self.snap):
                    join(slot, slot + 1)
                if r + 1 < n_rows and not _covered(hs, ys[r + 1], xs[c], xs[c + 1], True, self.snap):
                    join(slot, slot + n_cols)
        regions: dict[int, list[tuple[int, int]]] = {}
        for r in range(n_rows):
            for c in range(n_cols):
                regions.setdefault(find(r * n_cols + c), []).append((r, c))
        cells = []
        for slots in regions.values():
            r0 = min(s[0] for s in slots)
            r1 = max(s[0] for s in slots)
            c0 = min(s[1] for s in slots)
            c1 = max(s[1] for s in slots)
            bbox = (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])
            cells.append(Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, bbox, cell_text(chars_in(bbox, chars))))
        cells.sort(key=lambda c: (c.row, c.col))
        filled = sum(1 for c in cells if c.text)
        # chart grids and decorative frames are ruled too, but their slots hold (almost) no text
        if len(cells) < 2 or filled < 2 or filled < 0.3 * len(cells):
            return None
        table = Table(
            bbox=union(c.bbox for c in cells),
            n_rows=n_rows,
            n_cols=n_cols,
            cells=cells,
            strategy=self.name,
        )
        table.header_rows = guess_header_rows(table)
        return table


def _looks_numeric(text: str) -> bool:
    digits = sum(ch.isdigit() for ch in text)
    return digits > 0 and digits * 2 >= len(text.replace(",", "").replace("，", "").strip())


def guess_header_rows(table: Table) -> int:
    """First version: the top row is a header when it has no numeric cell; header cells
    spanning several rows, or a spanning cell above sub-headings, extend the header."""
    if table.n_rows < 2:
        return 0
    top = [c for c in table.cells if c.row == 0]
    if not top or any(_looks_numeric(c.text) for c in top) or not any(c.text for c in top):
        return 0
    header = max(c.rowspan for c in top)
    below = [c for c in table.cells if c.row == header]
    if any(c.colspan > 1 for c in top) and header == 1 and table.n_rows > 2 and not any(_looks_numeric(c.text) for c in below):
        header = 2  # a spanning heading over sub-headings
    return min(header, table.n_rows - 1)
