"""Does a sentence go on?  Line tests that keep a paragraph whole where its lines look like the start
of something else, and end it where its type changes after a finished sentence (parsers/blocks.py asks):

- a sentence's own enumeration (`…について、` / `①民法上の…考え方、②…`) opening a line is no list item;
- a heading-like line that is the last of its column, full to the edge and mid-sentence, goes on over
  the page (a 補足説明's provision `④ 電子船荷証券記録の記録は…の支配` at a page foot);
- after a finished sentence, a line in other type (a quoted article's title in a box) opens a block.
"""
from __future__ import annotations

from shiryo.parsers.headings import SENTENCE_END
from shiryo.parsers.model import Line
from shiryo.parsers.numbering import marker_kind, marker_text

# markers a sentence enumerates with (①…、②…; (a)…): never a section number
_INLINE_KINDS = frozenset({"circled", "paren_number", "number_paren", "paren_kana", "paren_latin"})


def enumerates_inline(prev: Line, line: Line, text: str, wraps: bool) -> bool:
    """Does `line` (its `text` spaced as printed) open with a sentence's own enumeration rather than
    a list item: the paragraph line `prev` above runs full to its column's edge into it (`wraps`)
    mid-sentence, and the marker, glued to its text (`①民法上の`, not `① 電子船荷証券記録は`),
    stands no further in than `prev`?"""
    text = text.lstrip()
    marker = marker_text(text)
    if marker_kind(text) not in _INLINE_KINDS or text[len(marker):len(marker) + 1].isspace():
        return False
    return (
        wraps and not prev.text.rstrip().endswith(SENTENCE_END + ("：", ":"))
        and line.bbox[0] <= prev.bbox[0] + 0.3 * max(line.size, 1.0)
    )


def runs_off_column(line: Line, below_in_column: bool, lines: list[Line], body_size: float, short_line: float) -> bool:
    """Is `line` (in body-size type, nothing `below_in_column`) the last line of its column, filled
    to the edge lines of its size above it reach (within `short_line` sizes) and left unfinished, so
    that its sentence goes on over the page or in the next column?  Asked of heading-like lines only."""
    size = max(line.size, 1.0)
    if below_in_column or line.size >= 1.15 * body_size or line.text.rstrip().endswith(SENTENCE_END):
        return False
    right = max(
        (
            l.bbox[2] for l in lines
            if l is not line and not l.vertical and l.bbox[3] <= line.bbox[1] and abs(l.size - line.size) <= 0.1 * size
            and min(l.bbox[2], line.bbox[2]) - max(l.bbox[0], line.bbox[0]) > 0
        ),
        default=None,
    )
    return right is not None and line.bbox[2] >= right - short_line * size


def resized_after_sentence(prev: Line, line: Line) -> bool:
    """After a finished sentence, a line in other type (a quoted article's title in a box, a note in
    smaller print) opens a block of its own, however slight the change."""
    return prev.text.rstrip().endswith(SENTENCE_END) and abs(line.size - prev.size) > 0.05 * max(prev.size, 1.0)
