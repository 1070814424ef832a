"""A draft's commentary label, （補足説明）: where it stands and what its numbered points are.

An MOJ draft (たたき台, 補足説明, 部会資料) prints provisions — numbered points, option labels
【甲案】 — and then a （補足説明） commenting on all the provisions printed since the previous
one.  So the label belongs to the heading those provisions share (the 第 section, or the `３`
whose `⑴`…`⑶` it discusses), not to the last provision printed before it, and its own
numbered points restart beneath it (`⑴`, `１`, `ア` again), one level under the label whatever
level those kinds have among the provisions.  `parsers/outline.py` places headings; this module
says which are commentary labels, where such a label goes, and which headings are its points.
"""
from __future__ import annotations

import regex

from shiryo.parsers.numbering import DEFAULT_ORDER, marker_ordinal, marker_text

COMMENTARY_LABEL = regex.compile(r"^[（(][\s　]*(?:補足)?説明[\s　]*[）)]$")
# kinds that a commentary never holds: a new 第 section (or larger) ends it
_CLOSING_KINDS = frozenset({"part", "chapter", "section", "dai", "roman", "supplementary", "article", "contents", "column"})


def is_commentary_label(text: str) -> bool:
    return bool(COMMENTARY_LABEL.match(text.strip()))


def commentary_parent(stack: list[tuple[str, int, float]], texts: list[str], levels: list[int], run_start: int, following: tuple[str, str] | None) -> int:
    """How many of the open headings (kind, level, size; top last) stay open over a commentary
    label.  `texts` and `levels` are the headings placed so far (an open heading at level L is the
    last one placed at L), `run_start` the index of the previous commentary label (-1 if none),
    `following` the (kind, text) of the heading after the label.  An open heading with earlier
    siblings among the headings since the previous commentary (`⑶` after `⑴`, `⑵`; `４` after
    `１`…`３`) closes when the commentary's points count its kind again from the start: it
    discusses them all (`⑵ 「支配」概念の創設について` after provision `⑶`).  When they go on with
    the count (`⑽`'s commentary, then provision `⑾`), it comments on the last one only.  A
    commentary whose section ends after it (the next heading is a 第 or larger, or none follows)
    comments on the provisions its section printed since the previous commentary, all of them
    (要綱案たたき台 p20: 第８'s （補足説明） speaks of 本文１ and 本文２, its points set as paragraphs)."""

    def opened(level: int) -> int:
        return max((j for j, placed in enumerate(levels) if placed == level), default=-1)

    depth = len(stack)
    ends_section = following is None or following[0] in _CLOSING_KINDS
    while depth > 1 and stack[depth - 1][0] not in _CLOSING_KINDS and (ends_section or following[0] == stack[depth - 1][0]):
        level, at = stack[depth - 1][1], opened(stack[depth - 1][1])
        since = max(run_start, opened(stack[depth - 2][1]))
        again, last = (None, None) if ends_section else (marker_ordinal(following[1]), marker_ordinal(texts[at]))
        recounted = ends_section or _first_point(following[1]) or (again is not None and last is not None and again <= last)
        if not recounted or not any(levels[j] == level for j in range(since + 1, at)):
            break
        depth -= 1
    return depth


def _first_point(text: str) -> bool:
    """Does the heading's marker count from the start (`１`, `⑴`, `（１）`, `ア`, `①`)?"""
    if marker_ordinal(text) == 1:
        return True
    return marker_text(text)[:1] in ("ア", "ｱ", "①", "一")


def in_commentary(kind: str, text: str, inner_kinds: dict[str, int], outer_kinds: set[str]) -> bool:
    """Is a heading of `kind` one of the open commentary's points?  `inner_kinds`: the kinds of
    its points so far (they stay in it); `outer_kinds`: the kinds of the provisions' headings open
    over it.  A kind open over it enters only counting from its start (the commentary's `１ …
    について` under provision `３`), while going on with the provisions' count (`２` after provision
    `１`, `⑼` after `⑻`) ends it; another numbered kind, or a bracketed label, is its point (`３
    商法第７６５条…` after points `１`, `２` set as paragraphs); a 第 section, the next commentary or an
    unnumbered heading ends it."""
    if kind in _CLOSING_KINDS:
        return False
    if kind == "bracket":
        return not is_commentary_label(text)  # a label inside it (`【前半パート】` over a list of 論点)
    if kind in inner_kinds:
        return True
    if kind in outer_kinds:
        return _first_point(text)
    return kind in DEFAULT_ORDER
