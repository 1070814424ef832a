"""Boxed titles: a short unnumbered line set alone in a drawn frame (`グローバル要件①：海外への直接投資に関する事業`
in a rectangle above its text, as Word authors mark a sub-heading without numbering it).

The frame comes from the page's rules (parsers/rules.py turns a stroked rectangle into four
rules): a rule just above and just below the line, joined at both ends by rules down its sides,
and nothing else inside.  A table's cell is framed too, but its rules run on into the next cell
(the top rule is longer than the cell, or a side rule longer than the row): those are no title
boxes.  Slides have their own, tinted boxes (parsers/slides.py).
"""
from __future__ import annotations

import regex

from shiryo.parsers.headings import SENTENCE_END, is_list_start
from shiryo.parsers.model import Line, centre_in

MAX_TITLE_CHARS = 40
EDGE = 2.5  # pt: the rules of one frame meet within this


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= EDGE


# a tag set after the frame on the title's line (`基本要件④：…（従業員数21 名以上の場合のみ）` boxed, then
# `【応募時要件】` in red outside it, 公募要領 p20): the frame holds the title, the tag qualifies it
_TRAILING_TAG = regex.compile(r"^\s*【[^】]{1,20}】\s*$")


def _framed_part(line: Line) -> tuple[str, float]:
    """(text, right edge) of what a frame around `line` would hold: the whole line, or the line
    before a trailing 【…】 tag set in spans of its own."""
    spans = line.spans
    for k in range(1, len(spans)):
        if _TRAILING_TAG.match("".join(s.text for s in spans[k:])) and "".join(s.text for s in spans[:k]).strip():
            return "".join(s.text for s in spans[:k]), max(s.bbox[2] for s in spans[:k] if s.text.strip())
    return line.text, line.bbox[2]


def framed_lines(lines: list[Line], rules) -> set[int]:
    """ids of the lines that stand alone in a frame of four rules fitting them closely (a 【…】 tag
    may follow the frame on the same line)."""
    parts = {id(l): _framed_part(l) for l in lines if not l.vertical}
    candidates = [
        l for l in lines
        if not l.vertical and 0 < len(parts[id(l)][0].strip()) <= MAX_TITLE_CHARS and not parts[id(l)][0].rstrip().endswith(SENTENCE_END)
        and not is_list_start(l.text)  # a framed （g）… is the last item of a boxed quotation, not a title
    ]
    if not candidates or len(rules) < 4:
        return set()
    horizontal = [r for r in rules if r.y0 == r.y1]
    vertical = [r for r in rules if r.x0 == r.x1]
    framed = set()
    for line in candidates:
        x0, y0, _, y1 = line.bbox
        x1 = parts[id(line)][1]
        size = max(line.size, 1.0)
        covering = [r for r in horizontal if r.x0 <= x0 + EDGE and r.x1 >= x1 - EDGE]
        tops = [r for r in covering if y0 - 1.2 * size <= r.y0 <= y0 + 0.3 * size]
        bottoms = [r for r in covering if y1 - 0.3 * size <= r.y0 <= y1 + 1.2 * size]
        for top in tops:
            bottom = next((b for b in bottoms if _near(b.x0, top.x0) and _near(b.x1, top.x1)), None)
            if bottom is None:
                continue
            sides = [v for v in vertical if _near(v.y0, top.y0) and _near(v.y1, bottom.y0)]
            if any(_near(v.x0, top.x0) for v in sides) and any(_near(v.x0, top.x1) for v in sides):
                box = (top.x0, top.y0, top.x1, bottom.y0)
                if not any(o is not line and centre_in(o.bbox, box, 0.0) for o in lines):
                    framed.add(id(line))
                break
    return framed
