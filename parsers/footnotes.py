"""Footnotes: the small-print notes at the bottom of a page, and the small raised
digits in the body that cite them.

A page's footnote area is the run of small lines (under `SMALL` of the body size)
at the bottom of the page, above the running footer, whose first line starts with a
number.  Each number at the left edge of the area opens one footnote.  Body markers
are small digit spans raised above their line's baseline; they are split off the
line (kept in `Line.marks`) only when the document has a footnote of that number,
so an exponent (10²³) without a footnote stays in the text.
"""
from __future__ import annotations

import regex

from shiryo.parsers import clustering
from shiryo.parsers.joining import join_lines
from shiryo.parsers.model import Block, Line, PageModel, Span, centre_in, union

SMALL = 0.85
MARKER = regex.compile(r"^\s*[*＊※]?\s*([0-9０-９]{1,3})[)）]?\s*$")
MARKER_START = regex.compile(r"^\s*[*＊※]?\s*([0-9０-９]{1,3})[)）]?(?:[\s　]+|$)")


def _number(text: str) -> str:
    return text.translate(str.maketrans("０１２３４５６７８９", "0123456789")).lstrip("0") or "0"


def _start_marker(line: Line) -> tuple[str, int] | None:
    """(number, characters to strip) when `line` opens with a footnote number: a number set
    apart (`1 総務省…`) or, as Word and 一太郎 print it, small raised digits glued to the text."""
    m = MARKER.match(line.text) or MARKER_START.match(line.text)
    if m:
        return _number(m.group(1)), m.end()
    first = line.spans[0] if line.spans else None
    if first is not None and len(line.spans) > 1 and is_marker_span(first, line):
        return _number(MARKER.match(first.text).group(1)), len(first.text)
    return None


def separated_area(lines: list[Line], rules, page_height: float, page_width: float, tables=()) -> list[Line]:
    """Word's footnotes: the lines under a short rule near the foot of the page (the note
    separator, a third of the text width or less, not a table's border), opening with a
    footnote number.  Their text may be as large as the body's; only the rule and the number
    tell them."""
    separators = [
        r for r in rules
        if abs(r.y1 - r.y0) < 1 and 0.08 * page_width <= abs(r.x1 - r.x0) <= 0.45 * page_width and r.y0 > 0.4 * page_height
        and not any(t[0] - 2 <= r.x0 <= t[2] + 2 and t[1] - 2 <= r.y0 <= t[3] + 2 for t in tables)
    ]
    if not separators:
        return []
    ordered = sorted((l for l in lines if not l.vertical), key=lambda l: l.bbox[1])
    # the highest such rule: links in the notes are underlined with short rules too
    for rule in sorted(separators, key=lambda r: r.y0):
        below = [l for l in ordered if l.bbox[1] >= rule.y0 - 1]
        if not below:
            continue
        first_row = [l for l in below if l.bbox[1] < below[0].bbox[1] + 0.4 * max(below[0].size, 1.0)]
        if not _start_marker(min(first_row, key=lambda l: l.bbox[0])):
            continue
        return [line for row in _rows(below) for line in row]
    return []


def footnote_area(lines: list[Line], body_size: float) -> list[Line]:
    """The page's footnote lines, bottom of the page, top to bottom (empty if none)."""
    if not lines:
        return []
    ordered = sorted((l for l in lines if not l.vertical), key=lambda l: (l.bbox[1], l.bbox[0]))
    area: list[Line] = []
    for line in reversed(ordered):
        if line.size >= SMALL * body_size:
            # a line of body size on the same row as small print (a page number, a sidebar)
            # ends the area only when it sits above the lowest small line
            if area and line.bbox[3] > area[-1].bbox[1]:
                continue
            break
        area.append(line)
    area = [line for row in _rows(area) for line in row]
    # the area opens with a footnote number; otherwise it is small print of another kind
    while area and not _start_marker(area[0]):
        area.pop(0)
    return area


def _same_row(first: Line, line: Line) -> bool:
    """Small print of several sizes: a line's centre near that of its row's first line."""
    return abs((first.bbox[1] + first.bbox[3]) / 2 - (line.bbox[1] + line.bbox[3]) / 2) < 0.4 * max(line.size, first.size, 1.0)


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into printed rows (by vertical centre), top to bottom, each left to right."""
    return [sorted(row, key=lambda l: l.bbox[0]) for row in clustering.rows(lines, same_row=_same_row)]


def footnote_blocks(area: list[Line], page: int) -> list[Block]:
    """One footnote block per number at the area's left edge."""
    if not area:
        return []
    left = min(l.bbox[0] for l in area)
    rows = _rows(area)
    notes: list[tuple[str, list[Line]]] = []
    for row in rows:
        first = row[0]
        start = _start_marker(first)
        # a note's number sits at the area's left edge (or a little in: Word indents the first line)
        starts = start is not None and first.bbox[0] <= left + 1.5 * max(first.size, 1.0)
        if starts or not notes:
            notes.append((start[0] if start else "", []))
            if start and MARKER.match(first.text):
                row = row[1:]  # the number printed as a line of its own
            elif start:
                row = [_strip_marker(first, start[1])] + row[1:]
        notes[-1][1].extend(row)
    return _note_blocks(notes, page)


def _note_blocks(notes: list[tuple[str, list[Line]]], page: int) -> list[Block]:
    """One footnote block per (number, lines) note that holds any text."""
    blocks = []
    for number, note_lines in notes:
        if not note_lines:
            continue
        block = Block(kind="footnote", text=join_lines([l.text for l in note_lines]), bbox=union(l.bbox for l in note_lines), page=page, lines=note_lines, pages=[page])
        block.footnote = number
        blocks.append(block)
    return blocks


def _strip_marker(line: Line, n_chars: int) -> Line:
    """`line` without its first `n_chars` characters (the footnote number)."""
    spans, left = [], n_chars
    for s in line.spans:
        if left >= len(s.text):
            left -= len(s.text)
            continue
        spans.append(Span(s.text[left:], s.font, s.size, s.bold, s.bbox, s.chars))
        left = 0
    return Line(spans=spans or line.spans, bbox=union(s.bbox for s in spans) if spans else line.bbox, vertical=line.vertical, ruby=line.ruby)


def is_marker_span(span: Span, line: Line) -> bool:
    """A digit span raised above the baseline of the line it sits in: small, or full size and raised high."""
    if not MARKER.match(span.text):
        return False  # first: most spans are not digits, and the line's size takes a pass over its spans
    size = max(line.size, 1.0)
    full = [s.bbox[3] for s in line.spans if s is not span and s.size >= 0.95 * size]
    base = max(full) if full else line.bbox[3]
    if span.size > 0.92 * size:
        # a full-size digit counts only when raised by a third of the size or more (the white
        # paper's `としています2、3。`); font metrics alone shift a span's box by far less
        return bool(full) and base - span.bbox[3] >= 0.35 * size
    return base - span.bbox[3] >= 0.15 * size


_MARKER_SEPARATOR = regex.compile(r"^[\s、,，・\-－~〜]+$")


def split_markers(line: Line, known: set[str]) -> None:
    """Move the footnote markers of `line` (numbers in `known`) out of its text into `marks`,
    with the small raised commas between markers cited together (`1、2、3`)."""
    if len(line.spans) < 2:
        return
    size = max(line.size, 1.0)
    is_mark = [is_marker_span(s, line) and _number(MARKER.match(s.text).group(1)) in known for s in line.spans]
    for i, span in enumerate(line.spans):
        between = 0 < i < len(line.spans) - 1 and is_mark[i - 1] and is_mark[i + 1]
        if between and span.size <= 0.92 * size and _MARKER_SEPARATOR.match(span.text):
            is_mark[i] = None  # a separator: dropped with the markers, not kept as one
    if not any(is_mark):
        return
    line.marks.extend(_number(MARKER.match(s.text).group(1)) for s, m in zip(line.spans, is_mark) if m)
    line.spans = [s for s, m in zip(line.spans, is_mark) if m is False]


def assign_footnotes(pages: list[PageModel], body_size: float, skip: set[tuple[int, int]]) -> dict[int, list[Block]]:
    """Footnote blocks of every page; their lines join `skip` (page, line index) and the
    body lines lose the markers that cite them."""
    out: dict[int, list[Block]] = {}
    cited = {
        _number(MARKER.match(s.text).group(1))
        for page in pages
        for i, line in enumerate(page.lines)
        if (page.number, i) not in skip and len(line.spans) > 1
        for s in line.spans
        if is_marker_span(s, line)
    }
    for page in pages:
        candidates = [l for i, l in enumerate(page.lines) if (page.number, i) not in skip]
        area = footnote_area(candidates, body_size) or separated_area(candidates, page.rules, page.height, page.width, [t.bbox for t in page.tables])
        first = area and _start_marker(area[0])
        # small print opening with a number nobody cites (axis labels, a price list) is no footnote
        if not first or first[0] not in cited:
            notes, taken = table_notes(page, candidates) if not area else ([], [])
            if notes:
                ids = {id(l) for l in taken}
                skip.update((page.number, i) for i, l in enumerate(page.lines) if id(l) in ids)
                out[page.number] = notes
            continue
        ids = {id(l) for l in area}
        skip.update((page.number, i) for i, l in enumerate(page.lines) if id(l) in ids)
        out[page.number] = footnote_blocks(area, page.number)
    known = {b.footnote for blocks in out.values() for b in blocks if b.footnote}
    if known:
        for page in pages:
            for i, line in enumerate(page.lines):
                if (page.number, i) not in skip:
                    split_markers(line, known)
            if page.number in out:
                attach_stray_marks(page, skip, {b.footnote for b in out[page.number] if b.footnote})
    return out


_MARKS_ONLY = regex.compile(r"^\s*[0-9０-９]{1,3}(?:\s*[、,，・]\s*[0-9０-９]{1,3})*\s*$")


def attach_stray_marks(page: PageModel, skip: set[tuple[int, int]], numbers: set[str]) -> None:
    """Marks that PyMuPDF reads as a line of their own (`1、2` raised beside a コラム title, whose
    words are drawn, not text) become the marks of the line they stand beside: the nearest line
    to their left on the same row that sits lower; far off only when that line is in a larger
    type (a title), so a stray number in the other column stays where it is."""
    for i, line in enumerate(page.lines):
        if (page.number, i) in skip or line.vertical or not _MARKS_ONLY.match(line.text):
            continue
        cited = [_number(n) for n in regex.findall(r"[0-9０-９]+", line.text)]
        if not set(cited) <= numbers:
            continue
        size = max(line.size, 1.0)
        hosts = [
            (line.bbox[0] - other.bbox[2], other) for j, other in enumerate(page.lines)
            if j != i and (page.number, j) not in skip and not other.vertical and other.bbox[2] <= line.bbox[0] + 1
            and min(line.bbox[3], other.bbox[3]) - max(line.bbox[1], other.bbox[1]) >= 0.5 * size
            and other.bbox[3] - line.bbox[3] >= 0.15 * size
            and (line.bbox[0] - other.bbox[2] <= 2 * size or other.size >= 1.2 * size)
        ]
        if hosts:
            min(hosts, key=lambda h: h[0])[1].marks.extend(cited)
            skip.add((page.number, i))


# A table's ※ notes (Excel sheets): `※１`, `※２`, … in a run under a table whose cells carry the
# same marks (`実施人数※1`, `東　京　※4`), in the body's type and under no separator rule, so
# neither area above finds them; the marks in the table tell them from a page's ※ list items
# (`※３申請の際は、…` under running text), which no table cites.  One footnote per note.
NOTE_MARK = regex.compile(r"^\s*[※＊*]\s*([0-9０-９]{1,2})(?![0-9０-９])\s*")
CITED_MARK = regex.compile(r"[※＊*]\s*([0-9０-９]{1,2})(?![0-9０-９])")
MIN_NOTES = 2  # one ※ line under a table is a remark, not the table's notes


def table_notes(page: PageModel, candidates: list[Line]) -> tuple[list[Block], list[Line]]:
    """The ※ notes under the page's lowest table that its cells cite, as footnote blocks, and the
    lines they take (marks included); none when the page has no such run: every row below the
    table a note or a note's wrapped line."""
    if not page.tables:
        return [], []
    table = max((t.bbox for t in page.tables), key=lambda b: b[3])
    below = [l for l in candidates if not l.vertical and l.bbox[1] >= table[3] - 1]
    # each note opens with its mark: without two marked lines below there is no run to find, and
    # the table's cells need not be read (most table pages of a budget book stop here)
    if sum(1 for l in below if NOTE_MARK.match(l.text)) < MIN_NOTES:
        return [], []
    # the marks of every table on the page: a sheet printed as two tables side by side (covid 20210201: 北海道…
    # and 滋賀…) cites ※1 in one and ※2 in the other over one run of notes
    cited = {_number(m) for l in candidates if any(centre_in(l.bbox, t.bbox, 1) for t in page.tables) for m in CITED_MARK.findall(l.text)}
    if len(cited) < MIN_NOTES:
        return [], []
    rows = _rows(below)
    left = min(l.bbox[0] for l in below)
    right = max(l.bbox[2] for l in below)
    notes: list[tuple[str, list[Line]]] = []
    for row in rows:
        first = row[0]
        size = max(first.size, 1.0)
        mark = NOTE_MARK.match(first.text)
        if mark and first.bbox[0] <= left + 1.5 * size:
            rest = first.text[mark.end():]
            row = ([_text_only(first, rest)] if rest.strip() else []) + row[1:]
            notes.append((_number(mark.group(1)), row))
        elif notes and (first.bbox[0] > left + 0.5 * size or (notes[-1][1] and notes[-1][1][-1].bbox[2] >= right - 3 * size)):
            # a note's wrapped line, under its text or, after a line filling the notes' width, back at
            # the margin (covid 20210201 ※1, set without a hanging indent)
            notes[-1][1].extend(row)
        else:
            return [], []  # running text under the table: not a run of notes
    if len(notes) < MIN_NOTES or any(n not in cited for n, _ in notes):
        return [], []
    return _note_blocks(notes, page.number), below


def _text_only(line: Line, rest: str) -> Line:
    """`line` without its leading mark: the spans that hold `rest`."""
    spans, drop = [], len(line.text) - len(rest)
    for span in line.spans:
        if drop >= len(span.text):
            drop -= len(span.text)
            continue
        spans.append(span if drop == 0 else Span(span.text[drop:], span.font, span.size, span.bold, span.bbox, span.chars[drop:]))
        drop = 0
    return Line(spans=spans, bbox=union(s.bbox for s in spans), vertical=line.vertical, ruby=line.ruby)
