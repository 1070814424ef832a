"""Borderless and partly ruled tables: columns from whitespace, rows from text lines.

Many statistics tables (白書 annexes, the ICDAR 2013 set) draw no grid: at most a top rule,
a rule under the header and a bottom rule (booktabs), the columns held apart by whitespace.

1. Text lines become segments: runs of characters without a wide gap (an em or so).
2. Segments on one baseline form a text row; a row is *tabular* when it holds at least two
   segments that are not two columns of running text.
3. Runs of tabular rows (a few plain rows in between: wrapped labels, section labels) are table
   bodies; the region grows to the partial rules around it (top rule, bottom rule) and to the
   header lines just above.
4. Column gutters are the x-ranges no segment of the data rows covers (one crossing row is
   tolerated in tall tables: a year heading over its sub-columns); a column no cell has to
   itself is dropped.  A heading that only pokes into the next column does not span it.
5. Text rows become table rows; the lines of one cell go together: rows delimited by inner
   rules, two-level line spacing, continuation lines (lower case, hyphen, a cell filled to its
   column's width above), header lines of one heading.  Two lines that both hold a number in
   the same column always stay two rows.
6. Evidence must be strong: ≥ 3 columns with a numeric column (not an evenly stepping one:
   chart axes, running numbers) or rules framing the block with three body rows; two columns
   only with a numeric column and framing rules or short labels; at least 40 % of the grid
   filled.  Running text in one or two columns, lists, slides and 対照表 prose stay text.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import accumulate
from statistics import median

from shiryo.parsers import clustering
from shiryo.parsers.model import BBox, Cell, Char, Line, Rule, Table, union
from shiryo.parsers.settings import DEFAULT_SETTINGS, TableSettings
from shiryo.parsers.tables.base import TableStrategy
from shiryo.parsers.tables.cell_text import cell_text, line_chars
from shiryo.parsers.patterns import MARK as _MARK, NUMERIC_CELL as _NUMERIC

_LEADER = re.compile(r"\s*(\.{3,}|…{2,}|・{3,})\s*$")  # dot leaders running to the next column
_FILLER = re.compile(r"^[.…・･\-_=─━‐]{4,}$")
_TITLE = re.compile(r"^(Table|TABLE|Figure|FIGURE|Exhibit|Chart|Source|SOURCE|Note|NOTE|表|図|資料|出典|注)\s*[\dA-Z０-９:：.\-]")


@dataclass(slots=True)
class Segment:
    chars: list[Char]
    bbox: BBox
    size: float
    # read over and over by the tests below, so computed once (a segment never changes)
    text: str = field(init=False)
    x0: float = field(init=False)
    x1: float = field(init=False)

    def __post_init__(self):
        self.text = "".join([c.c for c in self.chars])
        self.x0, self.x1 = self.bbox[0], self.bbox[2]


@dataclass(slots=True)
class TextRow:
    segments: list[Segment]
    y0: float
    y1: float
    size: float
    # horizontal extent, set by text_rows() once all the row's segments are in
    x0: float = 0.0
    x1: float = 0.0


def is_numeric(text: str) -> bool:
    return bool(_NUMERIC.match(text.strip()))


_DEFAULT = DEFAULT_SETTINGS.tables


def segments_of(line: Line, settings: TableSettings = _DEFAULT) -> list[Segment]:
    """Runs of characters without a wide gap; two numbers side by side are two cells even
    when only a word space parts them (dense statistics columns)."""
    chars = line_chars(line)
    size = line.size or 10.0
    chars.sort(key=lambda c: c.bbox[0])
    word_gap, number_gap, segment_gap = settings.word_gap * size, settings.number_gap * size, settings.segment_gap * size
    words: list[list[Char]] = []
    end = 0.0  # right edge of the character before
    for ch in chars:
        if words and ch.bbox[0] - end <= word_gap:
            words[-1].append(ch)
        else:
            words.append([ch])
        end = ch.bbox[2]
    out: list[list[Char]] = []
    for word in words:
        if out:
            gap = word[0].bbox[0] - out[-1][-1].bbox[2]
            if gap <= segment_gap:
                # numbers are read only where the gap would join them
                both_numbers = gap > number_gap and is_numeric("".join([c.c for c in word])) and is_numeric(_last_word(out[-1], word_gap))
                if not both_numbers:
                    out[-1].extend(word)
                    continue
        out.append(word)
    return [Segment(cs, union([c.bbox for c in cs]), size) for cs in out]


def _last_word(chars: list[Char], word_gap: float) -> str:
    i = len(chars) - 1
    while i > 0 and chars[i].bbox[0] - chars[i - 1].bbox[2] <= word_gap:
        i -= 1
    return "".join(c.c for c in chars[i:])


def text_rows(lines: list[Line], settings: TableSettings = _DEFAULT) -> list[TextRow]:
    # dot leaders and lines typed as dashes fill space between columns; they are not cells
    segs = [s for line in lines if not line.vertical for s in segments_of(line, settings) if not _FILLER.match(s.text)]
    extents: list[tuple[float, float]] = []  # each row's y0, y1
    grouped = clustering.rows(segs, extents=extents)
    out: list[TextRow] = []
    for segments, (y0, y1) in zip(grouped, extents):
        segments.sort(key=lambda s: s.x0)
        out.append(TextRow(segments, y0, y1, max(s.size for s in segments), segments[0].x0, max(s.x1 for s in segments)))
    return out


def _is_tabular(row: TextRow, page_width: float) -> bool:
    if len(row.segments) < 2 or _TITLE.match(row.segments[0].text):
        return False
    # two (or more) columns of running text: every segment is a long run of prose
    long_text = [s for s in row.segments if s.x1 - s.x0 > 0.25 * page_width and not is_numeric(s.text)]
    return len(long_text) < len(row.segments)


class BorderlessStrategy(TableStrategy):
    name = "borderless"

    def find_tables(self, lines: list[Line], rules: list[Rule], page_size: tuple[float, float]) -> list[Table]:
        width, _ = page_size
        rows = text_rows(lines, self.settings)
        if len(rows) < self.settings.min_body_rows:
            return []
        hrules = [r for r in rules if r.horizontal and r.x1 - r.x0 > 20]
        tables = []
        for block in self._blocks(rows, width):
            block = self._grow(rows, block, hrules)
            table = self._table(rows[block[0] : block[1]], hrules)
            if table is not None:
                tables.append(table)
        return tables

    def _blocks(self, rows: list[TextRow], width: float) -> list[tuple[int, int]]:
        """Index ranges [start, end) of runs of tabular rows (plain rows tolerated in between)."""
        tabular = [_is_tabular(r, width) for r in rows]
        blocks: list[tuple[int, int]] = []
        i = 0
        while i < len(rows):
            if not tabular[i]:
                i += 1
                continue
            start, end, n_tab = i, i + 1, 1
            j = i + 1
            while j < len(rows):
                prev = rows[end - 1]
                gap = rows[j].y0 - prev.y1
                if gap > 2.5 * max(prev.size, rows[j].size):
                    break
                if _TITLE.match(rows[j].segments[0].text):
                    break  # a note or source line closes the table
                if tabular[j]:
                    end, n_tab = j + 1, n_tab + 1
                elif j - end >= 2:
                    break
                j += 1
            if n_tab >= self.settings.min_body_rows - 1:
                blocks.append((start, end))
            i = end
        return blocks

    def _grow(self, rows: list[TextRow], block: tuple[int, int], hrules: list[Rule]) -> tuple[int, int]:
        """Extend a body upward over its header lines (to a top rule when one is near)."""
        start, end = block
        x0 = min(r.x0 for r in rows[start:end])
        x1 = max(r.x1 for r in rows[start:end])
        tol = 0.05 * (x1 - x0) + 5
        while start > 0:
            above = rows[start - 1]
            size = max(above.size, rows[start].size)
            if rows[start].y0 - above.y1 > 2.0 * size:
                break
            if above.x0 < x0 - tol or above.x1 > x1 + tol:
                break
            # a rule between them closes the table (booktabs top rule)
            if any(x0 - tol <= r.x0 and r.x1 >= x1 - tol and above.y1 <= r.y0 <= rows[start].y0 for r in hrules):
                break
            if len(above.segments) == 1 and above.segments[0].text.rstrip().endswith((".", "。", ":", "：")):
                break
            if _TITLE.match(above.segments[0].text):
                break  # the table's caption, not its header
            start -= 1
        return start, end

    def _table(self, rows: list[TextRow], hrules: list[Rule]) -> Table | None:
        gutters = self._gutters(rows)
        if gutters is None:
            return None
        while True:
            grid_rows, spans = _assign(rows, gutters, self.settings.span_share)
            n_cols = len(gutters) + 1
            # a column no cell has to itself is a gutter found inside a wide column: drop it
            own = {c for cells, colspan in zip(grid_rows, spans) for c in cells if colspan[c] == 1}
            empty = [c for c in range(n_cols) if c not in own]
            if not empty or not gutters:
                break
            c = empty[0]
            del gutters[c - 1 if c > 0 else 0]
        groups = _row_groups(rows, grid_rows, hrules, spans, self.settings.ruled_share)
        n_rows = len(groups)
        table_cells = []
        for r, group in enumerate(groups):
            merged: dict[int, list[Segment]] = {}
            colspan: dict[int, int] = {}
            for i in group:
                for c, segs in grid_rows[i].items():
                    merged.setdefault(c, []).extend(segs)
                    colspan[c] = max(colspan.get(c, 1), spans[i][c])
            for c, segs in merged.items():
                chars = [ch for s in segs for ch in s.chars]
                bbox = union(s.bbox for s in segs)
                text = _LEADER.sub("", cell_text(chars)).strip()
                table_cells.append(Cell(r, c, 1, min(colspan[c], n_cols - c), bbox, text))
        table_cells.sort(key=lambda c: (c.row, c.col))
        table = self.make_table(table_cells, n_rows, n_cols, _header_rows)
        return table if _strong_evidence(table, hrules, self.settings.min_body_rows) else None

    def _gutters(self, rows: list[TextRow]) -> list[tuple[float, float]] | None:
        multi = [r for r in rows if len(r.segments) >= 2]
        if len(multi) < 2:
            return None
        # data rows (mostly numbers) show the columns best: header words of neighbouring
        # columns often sit closer than a gutter and run together
        data = [r for r in multi if sum(is_numeric(s.text) for s in r.segments) * 2 >= len(r.segments)]
        if len(data) >= 3:
            multi = data
        x0 = min(r.x0 for r in rows)
        x1 = max(r.x1 for r in rows)
        n_bins = int(x1 - x0) + 2
        # how many rows cover each 1-pt bin: each row's segments merged into ranges, counted
        # through a difference array (one pass over the bins, not one per row)
        delta = [0] * (n_bins + 1)
        for r in multi:
            ranges = sorted((int(s.x0 - x0), min(n_bins, int(s.x1 - x0) + 1)) for s in r.segments)
            start, end = ranges[0]
            for a, b in ranges[1:]:
                if a > end:
                    if end > start:
                        delta[start] += 1
                        delta[end] -= 1
                    start, end = a, b
                else:
                    end = max(end, b)
            if end > start:
                delta[start] += 1
                delta[end] -= 1
        cover = list(accumulate(delta[:n_bins]))
        # a spanning header (years over their sub-columns) or an overlong label may cross a gutter
        tol = max(len(multi) // 8, 1 if len(multi) >= self.settings.gutter_tol_rows else 0)
        size = median(r.size for r in rows)
        gutters: list[tuple[float, float]] = []
        b = 0
        while b < n_bins:
            if cover[b] <= tol:
                e = b
                while e + 1 < n_bins and cover[e + 1] <= tol:
                    e += 1
                if b > 0 and e < n_bins - 1 and e - b + 1 >= self.settings.min_gutter * size:
                    gutters.append((x0 + b, x0 + e + 1))
                b = e + 1
            else:
                b += 1
        if not gutters:
            return None
        return gutters


_CONTINUES = re.compile(r"(-|,|、|\b(and|or|of|the|in|for|to|with|by))$")


def _assign(rows: list[TextRow], gutters: list[tuple[float, float]], span_share: float = _DEFAULT.span_share):
    """Segments of each text row → {column: segments} and each cell's column span."""
    n_cols = len(gutters) + 1
    bounds = [min(r.x0 for r in rows)] + [(a + b) / 2 for a, b in gutters] + [max(r.x1 for r in rows)]
    right_edges = bounds[1:]
    grid_rows: list[dict[int, list[Segment]]] = []
    spans: list[dict[int, int]] = []
    for row in rows:
        cells: dict[int, list[Segment]] = {}
        colspan: dict[int, int] = {}
        for s in row.segments:
            # only columns between the segment's ends can overlap it (the bounds ascend):
            # those ending at or before its left end, or starting at or after its right end, cannot
            first = bisect_right(right_edges, s.x0)
            last = min(bisect_left(bounds, s.x1), n_cols)
            # a heading wider than its column pokes into the next one: a span only when it
            # covers a fair part of that column too
            cols = [
                c
                for c in range(first, last)
                if (ov := min(s.x1, bounds[c + 1]) - max(s.x0, bounds[c])) > 0.5
                and (ov >= span_share * (bounds[c + 1] - bounds[c]) or ov >= 0.5 * (s.x1 - s.x0))
            ]
            if not cols:
                cols = [min(range(n_cols), key=lambda c: abs((bounds[c] + bounds[c + 1]) / 2 - (s.x0 + s.x1) / 2))]
            c0 = cols[0]
            cells.setdefault(c0, []).append(s)
            colspan[c0] = max(colspan.get(c0, 1), cols[-1] - c0 + 1)
        grid_rows.append(cells)
        spans.append(colspan)
    return grid_rows, spans


_YEAR = re.compile(r"^((19|20)\d\d|[RHS令平昭]\S{0,3}\d+)\s*(年度?|FY)?\s*(\(.*\)|（.*）|\*)?$")


def _is_sequence(texts: list[str]) -> bool:
    """Chart axis labels (900, 800, 700 …) and running numbers (1001, 1002 …) step evenly;
    figures in a table do not."""
    values = []
    for t in texts:
        try:
            values.append(float(t.replace(",", "").replace("，", "").strip()))
        except ValueError:
            continue
    steps = [round(b - a, 6) for a, b in zip(values, values[1:])]
    if len(steps) < 3:
        return False
    common = max(set(steps), key=steps.count)
    return common != 0 and steps.count(common) >= 0.7 * len(steps)


def _header_rows(table: Table) -> int:
    """Top rows without a value (labels, and years heading the columns of figures) above the
    first row of figures; 0 when no row holds figures (then the lattice rule decides)."""
    for n, row in enumerate(table.grid_text()):
        if any(is_numeric(t) and not _YEAR.match(t) for t in row[1:] if t):
            return n
    return 0


def _strong_evidence(table: Table, hrules: list[Rule], min_body_rows: int = _DEFAULT.min_body_rows) -> bool:
    """Whitespace alone makes tables out of two-column pages, lists, charts and 対照表 prose.
    Keep a table of three or more columns with a numeric column or rules framing it (top and
    bottom), a two-column one only with both."""
    if table.n_cols < 2 or table.n_rows < min_body_rows:
        return False
    slots = sum(c.colspan for c in table.cells if c.text)
    if slots < 0.4 * table.n_rows * table.n_cols:
        return False  # chart axis labels and scattered captions leave most of the grid empty
    body = [c for c in table.cells if c.row >= table.header_rows and c.text]
    numeric_column = False
    at = {(c.row, c.col): c.text for c in body}
    for col in range(1, table.n_cols):
        texts = [c.text for c in body if c.col == col]
        # a mark (✓, ●) with text right after it is a bullet, not a value
        numeric = sum(
            is_numeric(c.text) and not (_MARK.match(c.text) and not is_numeric(at.get((c.row, c.col + 1), "0") or "0"))
            for c in body
            if c.col == col
        )
        if numeric >= 3 and numeric * 3 >= 2 * len(texts) and not _is_sequence(texts):
            numeric_column = True
    x0, y0, x1, y1 = table.bbox
    pitch = max(1.0, (y1 - y0) / max(table.n_rows, 1))

    def ruled(y_lo: float, y_hi: float) -> bool:
        return any(r.x0 <= x0 + 0.1 * (x1 - x0) and r.x1 >= x1 - 0.1 * (x1 - x0) and y_lo <= r.y0 <= y_hi for r in hrules)

    framed = ruled(y0 - 2 * pitch, y0 + pitch) and ruled(y1 - pitch, y1 + 2 * pitch)
    if table.n_cols == 2:
        # a short label column beside a numeric one (age groups, items): a table even unruled
        labels = [c.text for c in body if c.col == 0]
        short_labels = len(labels) >= 5 and all(len(t) <= 15 for t in labels)
        return numeric_column and (framed or short_labels)
    # rules alone (a chart's frame, a boxed note) need a few rows below the header
    return numeric_column or (framed and table.n_rows - table.header_rows >= 3)


def _extent(segs: list[Segment]) -> float:
    """How wide the segments of one cell run."""
    if len(segs) == 1:  # most cells
        return segs[0].x1 - segs[0].x0
    return max(s.x1 for s in segs) - min(s.x0 for s in segs)


def _numeric_cell(segs: list[Segment]) -> bool:
    return is_numeric(" ".join(s.text for s in segs))


def _row_groups(
    rows: list[TextRow], cells: list[dict[int, list[Segment]]], hrules: list[Rule], spans: list[dict[int, int]],
    ruled_share: float = _DEFAULT.ruled_share,
) -> list[list[int]]:
    """Text rows → table rows: the lines of one wrapped cell go together.

    - Rules drawn between some text rows delimit table rows: lines with no rule between them
      are one row (when the table has such inner rules at all).
    - Otherwise, when the spacing is two-level (tight leading inside cells, more space between
      rows), lines closer than the row spacing are one row.
    - A line holding only a lower-case continuation of the first column joins the row above;
      a first-column line ending in a hyphen or a function word joins the row below.
    """
    n = len(rows)
    if n < 2:
        return [[i] for i in range(n)]
    x0 = min(r.x0 for r in rows)
    x1 = max(r.x1 for r in rows)
    ruled = [
        any(r.x0 <= x0 + 0.2 * (x1 - x0) and r.x1 >= x1 - 0.2 * (x1 - x0) and rows[i].y1 - 1 <= r.y0 <= rows[i + 1].y0 + 1 for r in hrules)
        for i in range(n - 1)
    ]
    joins = [False] * (n - 1)
    if sum(ruled) >= max(2, ruled_share * (n - 1)) and sum(ruled) < n - 1:
        joins = [not x for x in ruled]
    else:
        gaps = [rows[i + 1].y0 - rows[i].y1 for i in range(n - 1)]
        size = median(r.size for r in rows)
        tight = min(gaps)
        if max(gaps) > tight + 0.5 * size:
            joins = [g <= tight + 0.2 * size for g in gaps]
            # two-level spacing only if both levels occur more than by accident
            wide = (n - 1) - sum(joins)
            if sum(joins) < 2 or wide < max(3, 0.25 * (n - 1)):
                joins = [False] * (n - 1)
    for i in range(n - 1):
        # two lines that both hold a number in the same column are two rows, whatever the spacing
        if joins[i] and any(
            c in cells[i + 1] and _numeric_cell(cells[i][c]) and _numeric_cell(cells[i + 1][c]) for c in cells[i]
        ):
            joins[i] = False
        if joins[i]:
            continue
        above, below = cells[i], cells[i + 1]
        if list(below) == [0]:
            text = " ".join(s.text for s in below[0]).strip()
            if text[:1].islower():
                joins[i] = True
                continue
        if list(above) == [0] and 0 in below and len(below) > 1:
            text = " ".join(s.text for s in above[0]).strip()
            if _CONTINUES.search(text):
                joins[i] = True
    # a line holding only text that continues cells the line above filled to their column's width
    widths: dict[int, float] = {}
    for row in cells:
        for c, segs in row.items():
            widths[c] = max(widths.get(c, 0.0), _extent(segs))
    for i in range(n - 1):
        above, below = cells[i], cells[i + 1]
        if joins[i] or 0 in below or not below or rows[i + 1].y0 - rows[i].y1 > 0.8 * rows[i].size:
            continue
        if all(
            c in above
            and not _numeric_cell(below[c])
            and _extent(above[c]) >= 0.6 * widths[c]
            for c in below
        ):
            joins[i] = True
    # header lines above the first row of numbers: the lines of one heading go together; a
    # heading spanning several columns (a group over its sub-headings) is a row of its own
    first_data = next((i for i in range(n) if any(c > 0 and _numeric_cell(cells[i][c]) for c in cells[i])), 0)
    for i in range(first_data - 1):
        flat = all(v == 1 for v in spans[i].values()) and all(v == 1 for v in spans[i + 1].values())
        if flat and rows[i + 1].y0 - rows[i].y1 <= 0.8 * rows[i].size:
            joins[i] = True
    groups = [[0]]
    for i in range(n - 1):
        if joins[i]:
            groups[-1].append(i + 1)
        else:
            groups.append([i + 1])
    return groups
