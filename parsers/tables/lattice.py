"""Ruled tables: rebuild the grid from drawn rules, cells (with spans) from missing borders.

1. A frame drawn only as columns (verticals running the page, no closing horizontal: the
   新旧対照表 layout) gets its open top or bottom closed.
2. Rules that touch or cross each other form connected groups; a group with at least
   two horizontal and two vertical rules is a candidate table.  How close counts as
   touching depends on the two rules' widths (borders stop short by about a line width).
   Rules that touch only one crossing rule (underlines, ticks) are not grid lines.
3. Distinct rule positions give the grid's row and column lines.
4. Neighbouring grid slots are one merged cell where the rule between them is absent;
   a merged region that is not a rectangle is cut into rectangles.
5. Text goes to cells by character centre; vertical (tategaki) text is read top to bottom,
   columns right to left; a page printed sideways (the whole table's text runs bottom to
   top) is read in its own upright frame and mapped back to page coordinates.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from shiryo.parsers.clustering import DisjointSets, bands, point_box, rows
from shiryo.parsers.model import BBox, Cell, Char, Line, Rule, Table, union
from shiryo.parsers.rules import join_tolerance, snap_tolerance, typical_width
from shiryo.parsers.settings import TableSettings
from shiryo.parsers.tables.base import TableStrategy
from shiryo.parsers.tables.boxed_columns import join_boxed_columns
from shiryo.parsers.tables.cell_text import cell_text, chars_in, line_chars, upright

_MIN_TOUCH = TableSettings.min_touch  # pt: even hairline borders may stop this short of each other


def _touch_tol(a: Rule, b: Rule, min_touch: float = _MIN_TOUCH) -> float:
    return max(min_touch, join_tolerance(max(a.width, b.width)))


def _touches(h: Rule, v: Rule, tol: float | None = None, min_touch: float = _MIN_TOUCH) -> bool:
    """Do `h` and `v` meet, within `tol` (by default their touch tolerance)?"""
    if tol is None:
        tol = _touch_tol(h, v, min_touch)
    return (h.x0 - tol <= v.x0 <= h.x1 + tol) and (v.y0 - tol <= h.y0 <= v.y1 + tol)


def close_open_frames(rules: list[Rule], min_height: float = 100.0, min_touch: float = _MIN_TOUCH) -> list[Rule]:
    """Synthetic horizontals where three or more long verticals start (or stop) together
    and no horizontal joins them there: a comparison table ruled by columns only."""
    verticals = [r for r in rules if not r.horizontal and r.y1 - r.y0 >= min_height]
    horizontals = [r for r in rules if r.horizontal]
    added: list[Rule] = []
    for end in (0, 1):
        def end_box(v: Rule) -> BBox:
            return point_box((v.y0, v.y1)[end])

        def same_end(first: Rule, v: Rule) -> bool:  # within the rule's own join tolerance of the first end
            return abs((first.y0, first.y1)[end] - (v.y0, v.y1)[end]) <= _touch_tol(v, v, min_touch) + 1.0

        for group in rows(verticals, box=end_box, same_row=same_end):
            if len(group) < 3:
                continue
            y = sorted((v.y0, v.y1)[end] for v in group)[len(group) // 2]
            x0, x1 = min(v.x0 for v in group), max(v.x0 for v in group)
            frame = Rule(x0, y, x1, y, typical_width(group))
            if any(abs(h.y0 - y) <= 3 and any(_touches(h, v, None, min_touch) for v in group) for h in horizontals):
                continue  # closed (at least partly) already: side-by-side tables, not an open frame
            added.append(frame)
    return rules + added


def _rule_groups(rules: list[Rule], min_touch: float = _MIN_TOUCH) -> list[list[Rule]]:
    horizontals = [r for r in rules if r.horizontal]
    verticals = [r for r in rules if not r.horizontal]
    connected = DisjointSets(len(rules))
    index = {id(r): i for i, r in enumerate(rules)}
    degree = [0] * len(rules)
    # every horizontal meets every vertical here: a pair's tolerance is the larger of the two
    # rules' own (it grows with the width), so each rule's is worked out once
    own_tol = [_touch_tol(r, r, min_touch) for r in rules]
    for h in horizontals:
        h_tol = own_tol[index[id(h)]]
        for v in verticals:
            if _touches(h, v, max(h_tol, own_tol[index[id(v)]])):
                i, j = index[id(h)], index[id(v)]
                degree[i] += 1
                degree[j] += 1
                connected.join(i, j)
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        if degree[i] >= 2:  # a grid line meets at least two crossing lines
            groups.setdefault(connected.find(i), []).append(r)
    return list(groups.values())


def _positions(values: list[float], tol: float) -> list[float]:
    """The grid lines of rule positions within `tol` of each other (chained), at their mean."""
    return [sum(c) / len(c) for c in bands(values, tol, box=point_box, inclusive=True)]


def _nearest(values: list[float], x: float) -> int:
    """Index of the value nearest `x` in ascending `values` (the lower one on a tie)."""
    i = bisect_left(values, x)
    if i == 0:
        return 0
    if i == len(values) or x - values[i - 1] <= values[i] - x:
        return i - 1
    return i


def _on_lines(rules: list[Rule], lines: list[float], tol: float, horizontal: bool) -> list[list[tuple[float, float]]]:
    """The extents (along the line) of the rules lying on each grid line (`lines` ascending)."""
    out: list[list[tuple[float, float]]] = [[] for _ in lines]
    for r in rules:
        fixed, a, b = (r.y0, r.x0, r.x1) if horizontal else (r.x0, r.y0, r.y1)
        i = _nearest(lines, fixed)
        if abs(lines[i] - fixed) <= tol:
            out[i].append((a, b))
    return out


def _covered(extents: list[tuple[float, float]], a: float, b: float) -> bool:
    """Is the segment a..b of a grid line drawn (mostly) by the rules on it?"""
    covered = sum(max(0.0, min(b, rb) - max(a, ra)) for ra, rb in extents)
    return covered >= (b - a) * 0.6


def _chars_by_slot(chars: list[Char], xs: list[float], ys: list[float], pad: float = 0.5) -> dict[tuple[int, int], list[Char]]:
    """Characters of the grid by the slot their centre falls in (one pass, not one per cell)."""
    slots: dict[tuple[int, int], list[Char]] = {}
    near_rule: set[tuple[int, int]] = set()
    last_row, last_col = len(ys) - 2, len(xs) - 2
    left, right, top, bottom = xs[0] - pad, xs[-1] + pad, ys[0] - pad, ys[-1] + pad
    # plain comparisons, not min/max calls: this runs for every character of every ruled table
    for ch in chars:
        box = ch.bbox
        cx = (box[0] + box[2]) / 2
        cy = (box[1] + box[3]) / 2
        if not (left <= cx <= right and top <= cy <= bottom):
            continue
        c = bisect_right(xs, cx) - 1  # a centre on the padding outside the grid: the edge slot
        if c < 0:
            c = 0
        elif c > last_col:
            c = last_col
        r = bisect_right(ys, cy) - 1
        if r < 0:
            r = 0
        elif r > last_row:
            r = last_row
        key = (r, c)
        if key in slots:
            slots[key].append(ch)
        else:
            slots[key] = [ch]
        if box[2] > xs[c + 1] - 0.5 or box[0] < xs[c] + 0.5:
            near_rule.add(key)  # a character on its slot's side rule: maybe a number cut by it
    if near_rule:
        _keep_numbers_whole(slots, {(r, c + d) for r, c in near_rule for d in (-1, 0)})
    return slots


_NUMBER_CHARS = frozenset("0123456789０１２３４５６７８９,.，．")
TOUCHING = 0.1  # character heights: digits closer than this are one number


def _number_run(chars: list[Char], start: Char, step: int) -> list[Char]:
    """`start` and the digits touching it on its line, going left (step -1) or right (+1)."""
    h = start.bbox[3] - start.bbox[1]
    cy = (start.bbox[1] + start.bbox[3]) / 2
    line = sorted((ch for ch in chars if ch.c in _NUMBER_CHARS and abs((ch.bbox[1] + ch.bbox[3]) / 2 - cy) < 0.3 * h), key=lambda ch: ch.bbox[0])
    i = next(k for k, ch in enumerate(line) if ch is start)
    run = [start]
    while 0 <= i + step < len(line):
        a, b = (line[i + step], line[i]) if step < 0 else (line[i], line[i + step])
        if b.bbox[0] - a.bbox[2] > TOUCHING * h:
            break
        i += step
        run.append(line[i])
    return run


def _keep_numbers_whole(slots: dict[tuple[int, int], list[Char]], pairs: set[tuple[int, int]]) -> None:
    """A number overflowing its cell across a rule (a 4 pt `2021` printed over the border of a
    label row) is cut by the character-centre rule into `202` | `1`: the digits touching across
    the rule go to the cell holding most of them.  `pairs`: the slots to check with their right
    neighbour."""
    for r, c in sorted(pairs):
        left, right = slots.get((r, c)), slots.get((r, c + 1))
        if not left or not right:
            continue
        a = max(left, key=lambda ch: ch.bbox[2])
        b = min(right, key=lambda ch: ch.bbox[0])
        if a.c not in _NUMBER_CHARS or b.c not in _NUMBER_CHARS:
            continue
        h = a.bbox[3] - a.bbox[1]
        if b.bbox[0] - a.bbox[2] > TOUCHING * h or abs((a.bbox[1] + a.bbox[3]) / 2 - (b.bbox[1] + b.bbox[3]) / 2) > 0.3 * h:
            continue
        head, tail = _number_run(left, a, -1), _number_run(right, b, 1)
        moved, source, target = (tail, right, left) if len(tail) <= len(head) else (head, left, right)
        for ch in moved:
            source.remove(ch)
            target.append(ch)
        if not right:
            del slots[(r, c + 1)]
        if not left:
            del slots[(r, c)]


def rectangles(slots: set[tuple[int, int]], across_first: bool = True) -> list[tuple[int, int, int, int]]:
    """Cut a merged region (grid slots) into rectangles (r0, c0, r1, c1), top-left first:
    each as wide as its first row runs, then as deep as all those columns stay in
    (or, `across_first=False`, as deep as its first column runs, then as wide)."""
    left = set(slots)
    out = []
    while left:
        r0, c0 = min(left)
        r1, c1 = r0, c0
        if across_first:
            while (r0, c1 + 1) in left:
                c1 += 1
            while all((r1 + 1, c) in left for c in range(c0, c1 + 1)):
                r1 += 1
        else:
            while (r1 + 1, c0) in left:
                r1 += 1
            while all((r, c1 + 1) in left for r in range(r0, r1 + 1)):
                c1 += 1
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                left.discard((r, c))
        out.append((r0, c0, r1, c1))
    return out


# --- reading frames: a sideways page is read upright and mapped back


def _rotate_box(b: BBox, h: float) -> BBox:
    """Page box → upright box of a page printed sideways (text running bottom to top);
    `upright` shifted by the page height so the frame keeps positive coordinates."""
    x0, y0, x1, y1 = upright(b)
    return (x0 + h, y0, x1 + h, y1)


def _unrotate_box(b: BBox, h: float) -> BBox:
    return (b[1], h - b[2], b[3], h - b[0])


def _rotate_rule(r: Rule, h: float) -> Rule:
    x0, y0, x1, y1 = _rotate_box((r.x0, r.y0, r.x1, r.y1), h)
    return Rule(x0, y0, x1, y1, r.width)


def _line_direction(line: Line) -> str:
    """'h' horizontal, 'v' tategaki (top to bottom), 'up' rotated text (bottom to top)."""
    if not line.vertical:
        return "h"
    chars = [ch for s in line.spans for ch in s.chars if ch.c.strip()]
    if len(chars) < 2:
        return "one"  # a single character gives no direction
    return "up" if chars[-1].bbox[1] < chars[0].bbox[1] else "v"


class LatticeStrategy(TableStrategy):
    name = "lattice"

    def find_tables(self, lines: list[Line], rules: list[Rule], page_size: tuple[float, float]) -> list[Table]:
        directions = [_line_direction(line) for line in lines]
        rules = close_open_frames(rules, min_touch=self.settings.min_touch)
        tables = []
        for group in _rule_groups(rules, self.settings.min_touch):
            x0, y0, x1, y1 = union((r.x0, r.y0, r.x1, r.y1) for r in group)
            by_dir: dict[str, list[Char]] = {"h": [], "v": [], "up": [], "one": []}
            for line, direction in zip(lines, directions):
                b = line.bbox
                if b[2] >= x0 - 1 and b[0] <= x1 + 1 and b[3] >= y0 - 1 and b[1] <= y1 + 1:
                    by_dir[direction].extend(line_chars(line))
            # a single character set vertically reads with whichever vertical text surrounds it
            table = self._table_from_group(group, by_dir["h"], by_dir["v"] + by_dir["one"], by_dir["up"])
            upright = self._sideways(group, by_dir, page_size)
            if upright is not None and (table is None or _filled(upright) >= _filled(table)):
                table = upright
            if table is not None:
                tables.append(table)
        tables = join_boxed_columns(tables)
        tables.sort(key=lambda t: (t.bbox[1], t.bbox[0]))
        return tables

    def _sideways(self, group: list[Rule], by_dir, page_size) -> Table | None:
        """The group read as a table printed sideways, when its text runs bottom to top."""
        if not by_dir["up"]:
            return None
        box = union((r.x0, r.y0, r.x1, r.y1) for r in group)
        up = chars_in(box, by_dir["up"] + by_dir["one"])
        if len(up) <= len(chars_in(box, by_dir["h"])):
            return None
        h = max(page_size)
        chars = [Char(ch.c, _rotate_box(ch.bbox, h)) for ch in up]
        table = self._table_from_group([_rotate_rule(r, h) for r in group], chars, [], [])
        if table is None:
            return None
        for cell in table.cells:
            cell.bbox = _unrotate_box(cell.bbox, h)
        table.bbox = _unrotate_box(table.bbox, h)
        return table

    def _table_from_group(self, group: list[Rule], chars: list[Char], vchars: list[Char], turned: list[Char]) -> Table | None:
        hs = [r for r in group if r.horizontal]
        vs = [r for r in group if not r.horizontal]
        if len(hs) < 2 or len(vs) < 2:
            return None
        snap = max(2.0, snap_tolerance(typical_width(group)))
        ys = _positions([r.y0 for r in hs], snap)
        xs = _positions([r.x0 for r in vs], snap)
        n_rows, n_cols = len(ys) - 1, len(xs) - 1
        if n_rows < 1 or n_cols < 1 or (n_rows == 1 and n_cols == 1):
            return None  # a framed box, not a table
        # grid slots: neighbours join where the separating rule is missing
        merged = DisjointSets(n_rows * n_cols)
        join = merged.join
        on_x = _on_lines(vs, xs, snap, horizontal=False)
        on_y = _on_lines(hs, ys, snap, horizontal=True)
        for r in range(n_rows):
            for c in range(n_cols):
                slot = r * n_cols + c
                if c + 1 < n_cols and not _covered(on_x[c + 1], ys[r], ys[r + 1]):
                    join(slot, slot + 1)
                if r + 1 < n_rows and not _covered(on_y[r + 1], xs[c], xs[c + 1]):
                    join(slot, slot + n_cols)
        regions: dict[int, set[tuple[int, int]]] = {}
        for r in range(n_rows):
            for c in range(n_cols):
                regions.setdefault(merged.find(r * n_cols + c), set()).add((r, c))
        by_slot = [_chars_by_slot(kind, xs, ys) for kind in (chars, vchars, turned)]

        def text_of(r0: int, c0: int, r1: int, c1: int) -> str:
            inside = [
                [ch for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) for ch in kind.get((r, c), ())]
                for kind in by_slot
            ]
            return cell_text(*inside)

        cells = []
        for slots in regions.values():
            # an L-shaped region (a label over a sub-column whose own top part is unruled):
            # cut it so that its text stays in as few cells as it can
            cuts = [rectangles(slots)]
            if len(cuts[0]) > 1:
                cuts.append(rectangles(slots, False))
            options = []
            for cut in cuts:
                option = []
                for r0, c0, r1, c1 in cut:
                    bbox = (xs[c0], ys[r0], xs[c1 + 1], ys[r1 + 1])
                    option.append(Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, bbox, text_of(r0, c0, r1, c1)))
                options.append(option)
            # fewest cells holding text; between equals, the text in the larger cell
            cells.extend(min(options, key=lambda o: (sum(1 for c in o if c.text), -sum(c.rowspan * c.colspan for c in o if c.text))))
        cells.sort(key=lambda c: (c.row, c.col))
        filled = sum(1 for c in cells if c.text)
        # chart grids and decorative frames are ruled too, but their slots hold (almost) no text
        if len(cells) < 2 or filled < 2 or filled < 0.3 * len(cells):
            return None
        return self.make_table(cells, n_rows, n_cols)


def _filled(table: Table) -> int:
    return sum(len(c.text) for c in table.cells)
