"""コラム boxes (白書): a framed column set inside a chapter, titled `コラム１-２`.

A コラム is a box at its chapter's section level: it belongs to the 節 it stands in, not to the
`●` or `１－１．` heading open above it, so its title closes those (it sits beside them).  Inside
it, lines set apart in the box's own typeface (an interviewee `●岡野原大輔氏`, a label
`（生成ＡＩが生成したテキスト）`) are labels of the box, not headings of the document: such a
line is set in the same face as the text under it (only larger), where a heading of the document
is set apart from its text by face (`● 欧州評議会の…`, `１－１．…` after a box keep theirs).
"""
from __future__ import annotations

from collections import Counter

import regex

from shiryo.parsers.model import Block

COLUMN_TITLE = regex.compile(r"^コラム[\s　]*[0-9０-９]+(?:[\-－‐―][0-9０-９]+)?[\s　]*$")
# headings a コラム stays inside of: chapter and section numbering (parsers/numbering.py kinds)
SECTION_KINDS = ("part", "chapter", "section", "dai", "roman")


def is_column_title(text: str) -> bool:
    return bool(COLUMN_TITLE.match(text.strip()))


def column_level(stack: list[tuple[str, int, float]]) -> int | None:
    """Level of a コラム title given the open headings (kind, level, size), top first: one under
    the innermost open 節 / 章; None when no such heading is open (the usual rule applies)."""
    for kind, level, _ in reversed(stack):
        if kind in SECTION_KINDS:
            return level + 1
    return None


def _face(block: Block) -> str:
    return block.lines[0].font if block.lines else ""


def _face_under(blocks: list[Block], i: int) -> str:
    """The typeface carrying most lines of the paragraphs after heading `i`, up to the next heading."""
    counts: Counter[str] = Counter()
    for block in blocks[i + 1:]:
        if block.kind == "heading":
            break
        if block.kind == "paragraph":
            counts.update(line.font for line in block.lines)
    return counts.most_common(1)[0][0] if counts else ""


def demote_column_labels(blocks: list[Block], body_font: str) -> None:
    """Headings inside a コラム set in the face of the text under them (and not in the document's
    body face) are the box's labels: they become paragraphs, in place.  The box ends at the first
    heading set apart from its text (a heading of the document again) or at a 章 / 節."""
    inside = False
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        if is_column_title(block.text):
            inside = True
            continue
        face = _face(block)
        if inside and face and face != body_font and face == _face_under(blocks, i):
            block.kind, block.level = "paragraph", 0
        else:
            inside = False
