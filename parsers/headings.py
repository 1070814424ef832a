"""Headings, list markers and captions: what a line's start says it is.

Levels order the section path: a heading closes every open heading of the same
or a deeper level.  Pattern levels come first; font size ranks the rest.
"""
from __future__ import annotations

import regex

_NUM = r"[0-9０-９一二三四五六七八九十百]+"
HEADING_PATTERNS: list[tuple[int, regex.Pattern]] = [
    (1, regex.compile(rf"^第{_NUM}部(?:[\s　]|$)")),
    (2, regex.compile(rf"^第{_NUM}章(?:[\s　]|$)")),
    (3, regex.compile(rf"^第{_NUM}節(?:[\s　]|$)")),
    (4, regex.compile(r"^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]+[．.\s　]")),
    (5, regex.compile(r"^[0-9０-９]+[－\-‐―][0-9０-９]+[．.\s　]")),
    (5, regex.compile(r"^[0-9０-９]+[．.](?![0-9０-９])")),
    (5, regex.compile(r"^[0-9０-９]+[　]")),
    (6, regex.compile(r"^[（(][0-9０-９]+[）)]")),
    (7, regex.compile(r"^[＜<【][^＞>】]{1,30}[＞>】]$")),
]

LIST_MARKER = regex.compile(r"^(?:[・○〇●◆◇■□▪▫◎※➢➔✓\-－]|[①-⑳㉑-㉟]|[（(][0-9０-９a-zａ-ｚア-ン]+[）)]|[0-9０-９]+[)）])")
# 第１-３-１図 needs its 第 (or a ■ before it): "３-１図）。また…" is a wrapped reference, not a caption
CAPTION = regex.compile(
    r"^(?:[■□◆]\s*(?:第?[0-9０-９]+(?:[\-－‐][0-9０-９]+)*[図表])|第[0-9０-９]+(?:[\-－‐][0-9０-９]+)*[図表]"
    r"|図表?\s*[0-9０-９]+(?:[\-－‐][0-9０-９]+)*(?:[\s　：:／]|$)|表\s*[0-9０-９]+(?:[\-－‐][0-9０-９]+)*(?:[\s　：:／]|$)|Figure\s*\d|Table\s*\d)"
)
SENTENCE_END = ("。", "．", ".")

MAX_HEADING_CHARS = 60


def pattern_level(text: str) -> int | None:
    t = text.strip()
    for level, pattern in HEADING_PATTERNS:
        if pattern.match(t):
            return level
    return None


def looks_like_heading(text: str, size: float, distinct: bool, body_size: float) -> int | None:
    """Heading level for a short line, or None.  Size or a distinct face (bold, another
    typeface than the body) makes a heading; a numbered start needs the line to be short
    and unfinished."""
    t = text.strip()
    if not t or len(t) > MAX_HEADING_CHARS or t.endswith(SENTENCE_END) or t.endswith("、"):
        return None
    level = pattern_level(t)
    larger = size >= body_size * 1.15
    if level is not None:
        if level <= 3 or larger or distinct or len(t) <= 30:
            return level
        return None
    if larger:
        # bigger type sits higher in the outline
        return 2 if size >= body_size * 1.5 else 3
    if distinct and len(t) <= 40:
        # a bulleted line in a heading face (●ＡＩに関する…) is a heading, not a list item
        return 8
    return None


def is_list_start(text: str) -> bool:
    return bool(LIST_MARKER.match(text.strip()))


def is_caption(text: str) -> bool:
    return bool(CAPTION.match(text.strip()))
