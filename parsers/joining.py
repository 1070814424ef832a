"""Joining wrapped lines the Japanese way: no space between two CJK lines, one space
between two Latin words (unless the first line ends with a hyphenated word piece)."""
from __future__ import annotations

import regex

from shiryo.parsers.model import Line, Span, union
from shiryo.parsers.script import is_cjk, spaced_out_run

__all__ = ["collapse_spaced", "is_cjk", "join_lines", "join_pair"]


# the last word of a line is part of a URL
_URL_TAIL = regex.compile(r"(?:https?://|www\.)\S*$|\S+/\S*-$")


# the last word of a line already holds a hyphen before the one it breaks at
_COMPOUND_TAIL = regex.compile(r"[A-Za-z]+-[A-Za-z]+-$")


def join_pair(left: str, right: str) -> str:
    left, right = left.rstrip(), right.lstrip()
    if not left:
        return right
    if not right:
        return left
    a, b = left[-1], right[0]
    if is_cjk(a) or is_cjk(b):
        return left + right
    if a == "-":
        if _URL_TAIL.search(left) or _COMPOUND_TAIL.search(left):
            # a URL or a hyphenated compound broken after one of its own hyphens keeps it
            # (…/scaling-service-|design-in-…, safe-secure-and-|trustworthy)
            return left + right
        # Japanese setting breaks anywhere without adding hyphens: a hyphen at the end of a
        # line inside Japanese text belongs to the word (ELYZA-japanese, Llama-2-70b)
        if len(left) > 1 and left[-2].isalpha() and not any(is_cjk(ch) for ch in left[-40:]):
            return left[:-1] + right
        return left + right
    return left + " " + right


def join_lines(lines: list[str]) -> str:
    text = ""
    for line in lines:
        text = join_pair(text, line) if text else line.strip()
    return text


# justified or spaced-out setting in a line of `text`: four characters or more, apart by a space or an
# ideographic space (shorter runs are left as printed; `norm` collapses from three, see pipeline/normalize)
_SPACED_RUN = spaced_out_run(4, " \u3000")


def collapse_spaced(text: str) -> str:
    """Remove the spaces of a run of at least four single characters set apart by single spaces."""
    return _SPACED_RUN.sub(lambda m: regex.sub(r"[ \u3000]", "", m.group(0)), text)


def attach_beside(lines: list[Line], labels: list[Line], fits, pick) -> list[Line]:
    """Each label line (a list marker, a section number set apart by a tab) joins the line
    printed beside it on its row: of the lines `fits(label, line)` accepts, the one
    `pick(label, candidates)` chooses gets the label's spans in front, one space between.
    Returns `lines` without the labels that found a line."""
    gone: set[int] = set()
    for label in labels:
        beside = [l for l in lines if l is not label and id(l) not in gone and not l.vertical and fits(label, l)]
        if not beside:
            continue
        line = pick(label, beside)
        _join_beside(label, line, into=line)
        gone.add(id(label))
    return [l for l in lines if id(l) not in gone]


def _join_beside(left: Line, right: Line, into: Line) -> None:
    """`into` (one of the two) becomes `left`, one space, `right`: two pieces of one printed row."""
    gap = Span(" ", left.spans[-1].font, left.spans[-1].size, False, (left.bbox[2], left.bbox[1], right.bbox[0], left.bbox[3]))
    into.spans, into.bbox, into.marks = left.spans + [gap] + right.spans, union([left.bbox, right.bbox]), left.marks + right.marks



TAB_VALUE_CHARS = 10  # a value set at a tab stop beside its row's text (`乗数0.8`), not a column of prose
TAB_ROWS = 3  # rows in a run: fewer are two lines that happen to share a baseline


def join_tab_rows(lines: list[Line]) -> list[Line]:
    """Rows of a short list each with a value set at one tab stop to its right (cio 2021-06 p17
    `５：中心的に関与` … `乗数１`): in a run of at least `TAB_ROWS` rows of exactly two pieces, the right
    pieces short, starting at one x, the left ones ragged, each row becomes one line (left, a space,
    right).  Without it the gap down the tab stop reads as two columns of text."""
    rows: list[list[Line]] = []  # lines on one baseline, left to right
    for line in sorted((l for l in lines if not l.vertical), key=lambda l: (l.bbox[3], l.bbox[0])):
        row = rows[-1] if rows else None
        size = max(line.size, 1.0)
        if row and abs(row[0].bbox[3] - line.bbox[3]) <= 0.3 * size and abs(row[0].size - line.size) <= 0.1 * size:
            row.append(line)
        else:
            rows.append([line])
    rows = [sorted(row, key=lambda l: l.bbox[0]) for row in rows]

    def pair(row: list[Line]) -> bool:
        left, right = row if len(row) == 2 else (None, None)
        return left is not None and len(right.text.strip()) <= TAB_VALUE_CHARS and right.bbox[0] - left.bbox[2] >= max(left.size, 1.0)

    joined: dict[int, Line] = {}  # id of a right piece → the left piece it joins
    n = 0
    while n < len(rows):
        if not pair(rows[n]):
            n += 1
            continue
        run = [rows[n]]
        # the next row goes on the run at the tab stop of the row above, no more than a line below it
        while n + len(run) < len(rows) and pair(row := rows[n + len(run)]) and abs(row[1].bbox[0] - run[-1][1].bbox[0]) <= 1.0 \
                and row[0].bbox[1] - run[-1][0].bbox[3] <= max(row[0].size, 1.0):
            run.append(row)
        lefts = [left for left, _ in run]
        # ragged on the left: no column of prose
        if len(run) >= TAB_ROWS and max(l.bbox[2] for l in lefts) - min(l.bbox[2] for l in lefts) >= max(lefts[0].size, 1.0):
            joined.update((id(right), left) for left, right in run)
        n += len(run)
    if not joined:
        return lines
    for right, left in ((l, joined[id(l)]) for l in lines if id(l) in joined):
        _join_beside(left, right, into=left)
    return [l for l in lines if id(l) not in joined]
