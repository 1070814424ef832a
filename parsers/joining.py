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
        gap = Span(" ", label.spans[-1].font, label.spans[-1].size, False, (label.bbox[2], label.bbox[1], line.bbox[0], label.bbox[3]))
        line.spans = label.spans + [gap] + line.spans
        line.bbox = union([label.bbox, line.bbox])
        line.marks = label.marks + line.marks
        gone.add(id(label))
    return [l for l in lines if id(l) not in gone]

