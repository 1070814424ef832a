"""Headings, list markers and captions: what a line's start says it is.

Levels order the section path: a heading closes every open heading of the same
or a deeper level.  Pattern levels come first; font size ranks the rest.
"""
from __future__ import annotations

import regex

from shiryo.parsers.numbering import ITEM_KINDS, marker_kind, marker_number

# the level a marker kind gives a heading before the document's own order is known
# (parsers/outline.py then ranks the kinds of each document by their first appearance)
KIND_LEVEL = {
    "part": 1, "chapter": 2, "section": 3, "dai": 4, "roman": 4, "hyphen": 5, "decimal1": 5, "number": 5, "number_dot": 5,
    "code_group": 5, "decimal2": 6, "code": 6, "upper_latin": 7, "number_paren": 6, "paren_number": 6, "decimal3": 7, "decimal4": 7,
    "kana": 7, "paren_kana": 8, "circled": 8, "latin": 8, "paren_latin": 8,
}
BRACKET_HEADING = regex.compile(r"^[＜<【][^＞>】]{1,30}[＞>】]$")

# a line opening with one of these kinds is a list item unless its type sets it apart as a heading
# (a （注） note opens a paragraph of its own: it hangs like an item but is no list's member)
LIST_KINDS = frozenset({"number_paren", "paren_number", "circled", "kana", "paren_kana", "kanji", "latin", "paren_latin", "bullet"})
# 第１-３-１図 needs its 第 (or a ■ before it): "３-１図）。また…" is a wrapped reference, not a caption
CAPTION = regex.compile(
    r"^(?:[＜<【〈]\s*)?(?:[■□◆]\s*(?:第?[0-9０-９]+(?:[\-－‐][0-9０-９]+)*[図表])|第[0-9０-９]+(?:[\-－‐][0-9０-９]+)*[図表]"
    r"|図表?\s*[0-9０-９]+(?:[\-－‐][0-9０-９]+)*(?:[\s　：:／]|$)|表\s*[0-9０-９]+(?:[\-－‐][0-9０-９]+)*(?:[\s　：:／]|$)|Figure\s*\d|Table\s*\d)"
)
SENTENCE_END = ("。", "．", ".")

MAX_HEADING_CHARS = 60
# a date alone on its line (a cover's 2020 年 6 月, 令和７年４月１日) is no heading, whatever its type
DATE_LINE = regex.compile(r"^(?:令和|平成|昭和)?\s*[0-9０-９元]+\s*年(?:\s*[0-9０-９]+\s*月)?(?:\s*[0-9０-９]+\s*日)?\s*$")
# nor a number alone (a 部会資料's own number `１５` by its label, a page number, a date 2026.2.6),
# nor the `以上` closing a draft, nor a line without a letter (`→` in a diagram), nor a unit or an
# as-of date over a table: a section number heads nothing without its title
NOT_A_HEADING = regex.compile(
    r"^(?:[0-9０-９]+(?:[.．][0-9０-９]+)*[.．]?|以\s*上)$|^[^\p{L}]*$"
    r"|^[（(]\s*単\s*位|^[^。]*[0-9０-９]+[./／年][0-9０-９]+[^。]*(?:現在|時点)$"  # a table's unit (単位 千円), an as-of date (R8.4.1現在)
)


def pattern_level(text: str) -> int | None:
    t = text.strip()
    kind = marker_kind(t)
    if kind in KIND_LEVEL:
        return KIND_LEVEL[kind]
    return 7 if BRACKET_HEADING.match(t) else None


def looks_like_heading(text: str, size: float, distinct: bool, body_size: float) -> int | None:
    """Heading level for a short line, or None.  Size or a distinct face (bold, another
    typeface than the body) makes a heading; a numbered start needs the line to be short
    and unfinished."""
    t = text.strip()
    if not t or len(t) > MAX_HEADING_CHARS or t.endswith(SENTENCE_END) or DATE_LINE.match(t) or NOT_A_HEADING.match(t):
        return None
    if t.endswith("、") and size < body_size * 1.3:
        return None  # a title in large type may break after a comma (…デジタル化と、 / それにより…)
    level = pattern_level(t)
    larger = size >= body_size * 1.15
    if level is not None:
        if marker_kind(t) in ITEM_KINDS and marker_kind(t) not in ("number", "number_dot", "paren_number"):
            # ア／①／ⓐ items are headings only when set apart in type
            return level if larger or distinct else None
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
    return marker_kind(text.strip()) in LIST_KINDS


def is_caption(text: str) -> bool:
    return bool(CAPTION.match(text.strip()))


def type_numbered_provisions(blocks) -> None:
    """Numbered paragraphs that count from １ (a 要綱案's provisions `１ 指図式の…`, `２ 記名式の…`
    under its 第４) are a list: list items.  A statute's 項 count from ２ after the article's own
    first paragraph (`２ 前項に定める場合のほか…`) and stay paragraphs."""
    expected = None  # the number the next item of the open list would carry
    for block in blocks:
        if block.kind == "heading":
            expected = None
            continue
        if block.kind not in ("paragraph", "list_item") or not block.lines:
            continue
        first = block.text.lstrip()
        number = marker_number(first) if marker_kind(first) in ("number", "number_dot") else None
        if number is None:
            continue
        if number == 1 or number == expected:
            block.kind = "list_item"
            expected = number + 1
        else:
            expected = None
