"""Whole headings: one block per printed heading, however the PDF cuts it into lines.

- A section number set apart from its title on the same row (白書 `第１節`  `ＡＩとは`, 公募要領
  `2.4.1`  `補助対象者`, cio `C)`  `デザインシステムの構築`) is a line of its own in the text layer:
  `attach_section_numbers` joins it to its title before reading order can put them in two columns.
- A heading in a heading face (or larger type) wrapped at its column's edge goes on under its text in the same
  face, however short the second line (`●…研究セン` / `ターの設立`): `heading_wraps_on`.
- A title printed in two sizes on two centred lines (a slide's `令和6年度補正予算…` over
  `交付申請に関する変更点`) is one title: `title_goes_on`.
- Number and title are one space apart where the page shows a gap between them (`１ はじめに`,
  `2.4.1 補助対象者`), whatever the text layer kept of it: `heading_text`.
"""
from __future__ import annotations

import regex

from shiryo.parsers.headings import SENTENCE_END, is_caption, looks_like_heading
from shiryo.parsers.joining import attach_beside, collapse_spaced, join_lines, join_pair
from shiryo.parsers.model import Line
from shiryo.parsers.numbering import ITEM_KINDS, marker_kind, marker_text

# an upper-case letter label (`C)`) alone on its line: only ever a section number when its title
# stands beside it (the numbering grammar leaves `Ｉ）` out: it ends a wrapped `（ＧＰＡ` / `Ｉ）`)
_LETTER_LABEL = regex.compile(r"^[A-ZＡ-Ｚ][)）]$")
# how far (in character widths) a title may stand from its number on the same row
_TITLE_GAP = 3.5


def _section_number(text: str) -> bool:
    """Is `text` a section number and nothing else (`第１章`, `2.4.1`, `C)`)?  Item markers
    (１., ア, ①, bullets) are joined to their text by `blocks.attach_markers`."""
    t = text.strip()
    if not t or len(t) > 8:
        return False
    if _LETTER_LABEL.match(t):
        return True
    kind = marker_kind(t)
    return kind is not None and kind not in ITEM_KINDS and marker_text(t) == t


def attach_section_numbers(lines: list[Line], stats) -> list[Line]:
    """A section number set in a heading face or in larger type (`stats`: the document's
    `TextStats`) as a line of its own joins the title printed beside it on the same row, in the
    same size: one line `2.4.1 補助対象者`."""
    numbers = [
        l for l in lines
        if not l.vertical and _section_number(l.text) and (stats.stands_out(l) or l.size >= 1.15 * stats.body_size)
    ]
    if not numbers:
        return lines

    def fits(number: Line, line: Line) -> bool:
        size = max(number.size, 1.0)
        mid = (number.bbox[1] + number.bbox[3]) / 2
        # beside it: level with its middle (a chapter number set between a two-line title's lines
        # stands a little below the first line's box)
        return (
            line.bbox[1] - 0.2 * size <= mid <= line.bbox[3] + 0.2 * size
            and 0 <= line.bbox[0] - number.bbox[2] <= _TITLE_GAP * size and abs(line.size - number.size) <= 0.15 * size
            and line.bold == number.bold and marker_kind(line.text) is None and not is_caption(line.text)
        )

    def nearest(number: Line, beside: list[Line]) -> Line:
        mid = (number.bbox[1] + number.bbox[3]) / 2
        return min(beside, key=lambda l: l.bbox[0] + abs((l.bbox[1] + l.bbox[3]) / 2 - mid))

    return attach_beside(lines, numbers, fits, nearest)


def _same_face(a: Line, b: Line) -> bool:
    return a.size == b.size and a.bold == b.bold and a.font == b.font


def _column_right(line: Line, nxt: Line, lines: list[Line]) -> float | None:
    """The right edge of `line`'s column: the furthest the lines just below it that start at its
    left edge reach, its section's first lines (any size but small print: a heading may be the
    only line of its size in its column; a box above it or a wider block elsewhere says nothing).
    None when no such line other than `nxt` (the line in question) is there to tell."""
    x0, size = line.bbox[0], max(line.size, 1.0)
    top, bottom = line.bbox[1], line.bbox[3] + 8 * size
    return max(
        (
            l.bbox[2] for l in lines
            if l is not line and l is not nxt and not l.vertical and abs(l.bbox[0] - x0) <= 2 * size and top <= l.bbox[1] <= bottom
            and l.size >= 0.8 * line.size and not is_caption(l.text)
        ),
        default=None,
    )


def heading_wraps_on(line: Line, nxt: Line | None, after: Line | None, text_start, lines: list[Line], stats) -> bool:
    """Does the heading line `line` wrap into `nxt`?  It must be set in a heading face or larger
    type and run to its column's right edge (or be display type, broken where the setter chose),
    and `nxt` carry on right below it in the same face, under its text (`text_start(line)`: where
    the text after its marker begins) or under its first character, without a marker of its own, and end there:
    the line `after` it does not carry on under it in the same face (three lines or more in one
    face are a provision or a paragraph set in bold, not a heading)."""
    if nxt is None or nxt.vertical:
        return False
    # geometry first (cheap, and most lines of a page fail it): right below, under its text
    size = max(line.size, 1.0)
    gap = nxt.bbox[1] - line.bbox[3]  # below zero where a number set between two lines joined the first
    if not -0.5 * size <= gap < 0.9 * size:
        return False
    if not (line.size >= 1.15 * stats.body_size or stats.stands_out(line)) or not _same_face(line, nxt):
        return False
    # from under its first character to under its text (the space after `●` is set narrower
    # or wider than the text layer says)
    if not line.bbox[0] - 0.3 * size <= nxt.bbox[0] <= text_start(line) + 0.8 * size:
        return False
    if line.text.rstrip().endswith(SENTENCE_END) or marker_kind(nxt.text) is not None or is_caption(nxt.text):
        return False
    if nxt.bbox[2] > line.bbox[2] + 0.5 * size:
        return False  # a line reaching past the end of `line`: `line` ended short of the column's edge
    if (
        after is not None and not after.vertical and _same_face(nxt, after) and after.bbox[1] - nxt.bbox[3] < 0.9 * size
        and abs(after.bbox[0] - nxt.bbox[0]) <= 0.6 * size and marker_kind(after.text) is None
    ):
        return False  # a third line goes on under it: a paragraph set in this face
    if opens_paragraph_below(line, nxt, after, stats.body_size):
        return False
    if line.size >= 1.15 * stats.body_size and nxt.bbox[2] < line.bbox[2] - size:
        return True  # a title in display type breaks where the setter chose, its last line shorter
    right = _column_right(line, nxt, lines)
    return right is not None and line.bbox[2] >= right - 1.5 * size


def opens_paragraph_below(line: Line, nxt: Line, after: Line | None, body_size: float) -> bool:
    """Is `nxt`, under the body-size heading line `line`, the indented first line of a paragraph in
    the heading's own face (a 部会資料's Gothic 論点 under its Gothic `第４ …可否等`): full to the
    edge, the paragraph going on at the left edge right below it (`after`)?"""
    size = max(line.size, 1.0)
    return (
        after is not None and not after.vertical and _same_face(nxt, after) and line.size < 1.15 * body_size
        and after.bbox[1] - nxt.bbox[3] < 0.9 * size and after.bbox[0] < nxt.bbox[0] - 0.6 * size and nxt.bbox[2] >= line.bbox[2] - 1.5 * size
    )


def wrapped_heading_level(line: Line, nxt: Line | None, after: Line | None, text_start, lines: list[Line], stats) -> int | None:
    """The heading level of `line` and `nxt` read as one heading when `line` wraps into `nxt`
    (`heading_wraps_on`) and its first line or the two together read as a heading
    (`● 欧州評議会の「ＡＩ、人権、民主主義、` alone ends at a comma), else None."""
    if not heading_wraps_on(line, nxt, after, text_start, lines, stats):
        return None
    level = looks_like_heading(line.text, line.size, True, stats.body_size)
    return level if level is not None else looks_like_heading(join_pair(line.text, nxt.text), line.size, True, stats.body_size)


# section numbers (not item markers like ①, ア) whose title may wrap in body type
_SECTION_NUMBER_KINDS = frozenset({"dai", "hyphen", "number", "number_dot", "paren_number", "decimal1", "decimal2", "decimal3", "decimal4"})


def numbered_title_wraps_level(line: Line, nxt: Line | None, after: Line | None, text_start, column_right, body_size: float) -> int | None:
    """The heading level of a numbered title in body type that fills its column and ends on a
    short second line hanging under its text, the section's first paragraph indented below it
    (`⑼ 民法第５２０条の２、…第５２０条の１` / `９第１項` / `　前記第５の…`): one heading, else None."""
    if nxt is None or after is None or nxt.vertical or after.vertical or marker_kind(line.text) not in _SECTION_NUMBER_KINDS:
        return None
    size = max(line.size, 1.0)
    if not (_same_face(line, nxt) and -0.5 * size <= nxt.bbox[1] - line.bbox[3] < 0.9 * size and line.bbox[2] >= column_right(line) - 1.5 * size):
        return None
    if not line.bbox[0] + 0.3 * size <= nxt.bbox[0] <= text_start(line) + 0.8 * size or nxt.bbox[2] >= column_right(line) - 1.5 * size:
        return None  # not hanging under the text, or not ending on it
    if nxt.text.rstrip().endswith(SENTENCE_END) or marker_kind(nxt.text) is not None or line.text.rstrip().endswith(SENTENCE_END):
        return None
    # the section's text opens below with an indented first line (or an item of its own)
    if not (after.bbox[1] - nxt.bbox[3] < 2 * size and (after.bbox[0] >= nxt.bbox[0] + 0.6 * size or marker_kind(after.text) is not None)):
        return None
    return looks_like_heading(join_pair(line.text, nxt.text), line.size, True, body_size)


# words that join two parts of one phrase: no title opens with them (`及び８年度末における…調書`)
_JOINING_WORD = regex.compile(r"^(?:及び|並びに|又は|若しくは|かつ)")


def title_goes_on(prev: Line, line: Line) -> bool:
    """Two heading lines of different sizes centred one over the other, nearly touching, in the
    same weight: one title printed in two sizes (`令和6年度補正予算…` / `交付申請に関する変更点`).
    Or two lines of one size set between the same edges, well apart, the second opening with a
    joining word: one title spaced out over two lines (salary annex p13 `地方債の６年度末における
    現在高並びに７年度末` / `及び８年度末における現在高の見込に関する調書`)."""
    if prev.vertical or line.vertical or prev.bold != line.bold:
        return False
    if abs(prev.size - line.size) <= 0.05 * max(prev.size, 1.0):
        size = max(prev.size, 1.0)
        return (
            bool(_JOINING_WORD.match(line.text.strip())) and not prev.text.rstrip().endswith(SENTENCE_END + ("、",))
            and abs(prev.bbox[0] - line.bbox[0]) < 0.5 * size and abs(prev.bbox[2] - line.bbox[2]) < size
            and 0 <= line.bbox[1] - prev.bbox[3] < 1.5 * size
        )
    small = max(min(prev.size, line.size), 1.0)
    centre = (prev.bbox[0] + prev.bbox[2]) / 2 - (line.bbox[0] + line.bbox[2]) / 2
    gap = line.bbox[1] - prev.bbox[3]
    if abs(centre) > 0.5 * small or not -0.2 * small <= gap < 0.5 * small:
        return False
    # a centred title, not two left-aligned lines that happen to share a centre
    if abs(prev.bbox[0] - line.bbox[0]) < small:
        return False
    return not prev.text.rstrip().endswith(SENTENCE_END) and marker_kind(line.text) is None and not is_caption(line.text)


def _spaced_number(line: Line) -> str:
    """The line's text with one space between its section number and its title where the page
    shows a gap between them (the text layer drops the blank span: `１` … `はじめに`)."""
    text = line.text
    seen = 0
    # the first visible gap between two spans: is what stands before it the line's whole marker
    # (`１` before `はじめに` is one only once the gap is read as the space it shows)?
    for a, b in zip(line.spans, line.spans[1:]):
        seen += len(a.text)
        if seen > 8:
            break
        if not b.text[:1].strip() or a.text[-1:].isspace() or b.bbox[0] - a.bbox[2] <= 0.4 * max(a.size, 1.0):
            continue
        head, rest = text[:seen], text[seen:]
        spaced = head + " " + rest
        if marker_text(spaced) == head.strip() or _LETTER_LABEL.match(head.strip()):
            return spaced
        break
    return text


def heading_text(lines: list[Line]) -> str:
    """A heading block's text: its lines joined, its number and title apart as printed."""
    return join_lines([collapse_spaced(_spaced_number(lines[0]))] + [collapse_spaced(l.text) for l in lines[1:]])
