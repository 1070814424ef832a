"""Text of a table cell from character boxes (not spans: one span may cross cell borders).

Characters are grouped into visual lines, each read in order, and the lines are joined
the Japanese way (`parsers.joining`).  Inside a cell a few things differ from prose:
- letter-spaced labels (均等割付: `北　海　道`) read without the spacing: no space is ever
  put between two CJK characters;
- a number wrapped in a narrow column (`12,480,33` / `3`) joins without a space;
- tategaki (vertical) text reads top to bottom, its columns right to left, also when it is
  set as one-character horizontal lines stacked into columns; text turned 90° (bottom to
  top) reads upright;
- text under `MIN_CELL_TEXT_SIZE` is no one's reading (a 1 pt `長崎船` hidden under `その他`
  in an Excel export): it is kept out of cells.
"""
from __future__ import annotations

from shiryo.parsers import clustering
from shiryo.parsers.joining import is_cjk, join_pair
from shiryo.parsers.model import BBox, Char, Line, centre_in

MIN_CELL_TEXT_SIZE = 2.0  # pt


def line_chars(line: Line) -> list[Char]:
    """The characters of a line a reader sees in a cell: no spaces, no text under 2 pt."""
    return [ch for s in line.spans if s.size >= MIN_CELL_TEXT_SIZE for ch in s.chars if not ch.c.isspace()]


def chars_in(bbox: BBox, chars: list[Char], pad: float = 0.5) -> list[Char]:
    return [ch for ch in chars if centre_in(ch.bbox, bbox, pad)]


def _visual_lines(chars: list[Char], axis: int) -> list[list[Char]]:
    """Group characters whose centres fall inside one line's extent across `axis`
    (1: rows by y for horizontal text, 0: columns by x for vertical text); each line comes
    out in reading order along it."""
    if len(chars) < 2:
        return [list(chars)] if chars else []
    along = 1 - axis
    ordered = sorted(chars, key=lambda c: ((c.bbox[axis] + c.bbox[axis + 2]) / 2, c.bbox[along]))
    lines = clustering.rows(ordered, axis, ordered=True)
    # a line of one centre is in order along it already (the sort's second key); a line whose
    # centres differ (a raised or smaller character) is put in order along it.  Its centres
    # ascend, so its first and last tell.
    end = axis + 2
    for line in lines:
        first, last = line[0].bbox, line[-1].bbox
        if first[axis] + first[end] != last[axis] + last[end]:
            line.sort(key=lambda c: c.bbox[along])
    return lines


# gap (in character sizes) past which two characters read with a space between them, by how
# many of the two are ASCII: Latin words are set with narrow gaps, a half-width space after a
# number (`2 国有`) is half an em; CJK text only shows gaps where a space was meant
_SPACE_GAP = (0.8, 0.4, 0.15)
_NARROWEST_GAP = min(_SPACE_GAP)


def _line_text(line: list[Char], axis: int) -> str:
    """One visual line (in order along it, from _visual_lines) as text (axis 1: left to
    right, axis 0: top to bottom)."""
    along = 1 - axis
    parts = []
    prev_c = None  # the character before and where it ends along the line
    prev_end = 0.0
    for ch in line:
        c = ch.c
        box = ch.bbox
        if prev_c is not None:
            size = box[axis + 2] - box[axis]
            if size < 1.0:
                size = 1.0
            gap = box[along] - prev_end
            # most characters sit closer than the narrowest threshold: the tests of the characters
            # run only past it; never a space between two CJK characters (letter-spaced labels)
            if (
                gap > _NARROWEST_GAP * size
                and not c.isspace()
                and not prev_c.isspace()
                and gap > _SPACE_GAP[c.isascii() + prev_c.isascii()] * size
                and not (is_cjk(c) and is_cjk(prev_c))
            ):
                parts.append(" ")
        parts.append(c)
        prev_c, prev_end = c, box[along + 2]
    return "".join(parts).strip()


def _join_cell_lines(texts: list[str]) -> str:
    text = ""
    for line in texts:
        if text and text[-1] in "0123456789,." and line[0].isdigit():
            text += line  # a number wrapped inside a narrow cell
        else:
            text = join_pair(text, line) if text else line
    return text


def upright(box: BBox) -> BBox:
    """A box of text running bottom to top (turned 90°, as Excel sets vertical labels),
    in a frame where that text runs left to right (and its lines top to bottom)."""
    return (-box[3], box[0], -box[1], box[2])


STACK_GAP = 0.5  # character heights: one-character lines this close are one vertical column


def _centre_y(ch: Char) -> float:
    return (ch.bbox[1] + ch.bbox[3]) / 2


def _stacked(chars: list[Char], rows: list[list[Char]]) -> bool:
    """Tategaki set as one-character horizontal lines (PowerPoint's vertical labels:
    `省エネに対する` beside `取り組み`): every visual row holds one character, or two from
    neighbouring columns set a little apart in height (a label wrapped two characters a line,
    `特殊` / `勤務`, has its pairs level), and the characters stand in columns of three or
    more, each close under the one before.  Read by rows, the two columns would interleave."""
    for row in rows:
        if len(row) > 2:
            return False
        if len(row) == 2 and abs(_centre_y(row[0]) - _centre_y(row[1])) < 0.1 * (row[0].bbox[3] - row[0].bbox[1]):
            return False
    for column in _visual_lines(chars, 0):
        if len(column) < 3:
            return False
        for above, below in zip(column, column[1:]):
            if below.bbox[1] - above.bbox[3] > STACK_GAP * (above.bbox[3] - above.bbox[1]):
                return False
    return True


def cell_text(chars: list[Char], vertical_chars: list[Char] = (), turned_chars: list[Char] = ()) -> str:
    """`chars` horizontal, `vertical_chars` tategaki, `turned_chars` running bottom to top."""
    rows = _visual_lines(chars, 1)
    if len(rows) >= 3 and _stacked(chars, rows):
        vertical_chars, rows = list(vertical_chars) + list(chars), []
    texts = [_line_text(line, 1) for line in rows]
    # most cells hold horizontal text only
    if vertical_chars:
        # tategaki columns: right to left
        columns = _visual_lines(list(vertical_chars), 0)[::-1]
        texts += [_line_text(col, 0) for col in columns]
    if turned_chars:
        turned = [Char(ch.c, upright(ch.bbox)) for ch in turned_chars]
        texts += [_line_text(line, 1) for line in _visual_lines(turned, 1)]
    return _join_cell_lines([t for t in texts if t])
