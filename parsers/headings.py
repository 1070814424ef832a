"""Headings, list markers and captions: what a line's start says it is.

Levels order the section path: a heading closes every open heading of the same
or a deeper level.  Pattern levels come first; font size ranks the rest.
"""
from __future__ import annotations

import regex

from shiryo.parsers.numbering import ITEM_KINDS, marker_kind, marker_ordinal, marker_text

# the level a marker kind gives a heading before the document's own order is known
# (parsers/outline.py then ranks the kinds of each document by their first appearance)
KIND_LEVEL = {
    "part": 1, "chapter": 2, "supplementary": 2, "section": 3, "dai": 4, "roman": 4, "kan": 4, "kou": 5, "hyphen": 5, "decimal1": 5, "number": 5, "number_dot": 5,
    "code_group": 5, "decimal2": 6, "code": 6, "upper_latin": 7, "number_paren": 6, "paren_number": 6, "decimal3": 7, "decimal4": 7,
    "kana": 7, "paren_kana": 8, "circled": 8, "latin": 8, "paren_latin": 8,
}
# a note mark after a label (`【乙－１案】（注）`: the option's note follows its provisions) keeps it a label
NOTE_MARK_TAIL = r"(?:[（(]注[0-9０-９]*[）)])?"
BRACKET_HEADING = regex.compile(rf"^[＜<【][^＞>】]{{1,30}}[＞>】]{NOTE_MARK_TAIL}$")

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
PROVISION_TITLE_CHARS = 25  # a ①/一 title in body-size type is short (①電子化された船荷証券の名称)
# a part of a budget book named by its table: `第１表　歳入歳出予算`, `第３表 地方債` (not a
# figure's `第１-３-１表`, whose number runs on)
PART_TABLE = regex.compile(r"^\s*第[0-9０-９]+表[\s　]")
# a date alone on its line (a cover's 2020 年 6 月, 令和７年４月１日) is no heading, whatever its type
DATE_LINE = regex.compile(r"^(?:令和|平成|昭和)?\s*[0-9０-９元]+\s*年(?:\s*[0-9０-９]+\s*月)?(?:\s*[0-9０-９]+\s*日)?\s*$")
# nor a number alone (a 部会資料's own number `１５` by its label, a page number, a date 2026.2.6),
# nor the `以上` closing a draft, nor a line without a letter (`→` in a diagram), nor a unit or an
# as-of date over a table: a section number heads nothing without its title
NOT_A_HEADING = regex.compile(
    r"^(?:[0-9０-９]+(?:[.．][0-9０-９]+)*[.．]?|以\s*上)$|^[^\p{L}]*$"
    r"|^[（(]\s*単\s*位|^[^。]*[0-9０-９]+[./／年][0-9０-９]+[^。]*(?:現在|時点)[）)]?$"  # a table's unit (単位 千円), an as-of date (R8.4.1現在)
)


def is_short_title(text: str, limit: int) -> bool:
    """A line of words that may be a title: at most `limit` characters, unfinished (no 。 or 、 at
    its end), not a date, a number, a unit or an as-of date alone, not a note (`(注）高等学校教諭等`)."""
    return (0 < len(text) <= limit and not text.endswith(SENTENCE_END + ("、",)) and not NOT_A_HEADING.match(text)
            and not DATE_LINE.match(text) and marker_kind(text) != "note")


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
    if marker_kind(t) == "note" and marker_text(t) != t:
        return None  # a note with its text (`(注）高等学校教諭等` under a table), in whatever type
    level = pattern_level(t)
    larger = size >= body_size * 1.15
    if not larger and marker_kind(t) in ("kanji", "circled") and (len(t) > PROVISION_TITLE_CHARS or "、" in t):
        return None  # a provision's 号 or 項 (`一 電子船荷証券記録上の権利を…`, `② 前項の…`) reads on: no title
    if level is not None:
        if marker_kind(t) in ITEM_KINDS and marker_kind(t) not in ("number", "number_dot", "paren_number"):
            # ア／①／ⓐ items are headings only when set apart in type
            return level if larger or distinct else None
        # a 第７ or Ⅱ section title in body type may run long (…強制執行に関する規律の内容); a number
        # or item heading that long in body type is a sentence's start
        if level <= 4 or larger or distinct or len(t) <= 30:
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
    supplementary = False  # under a statute's 附則 (its captions included): `１ この政令は…` is a 項
    for block in blocks:
        if block.kind == "heading":
            expected = None
            kind = marker_kind(block.text.lstrip())
            supplementary = kind == "supplementary" or (supplementary and kind is None)
            continue
        if supplementary:
            continue
        if block.kind not in ("paragraph", "list_item") or not block.lines:
            continue
        first = block.text.lstrip()
        number = marker_ordinal(first) if marker_kind(first) in ("number", "number_dot") else None
        if number is None:
            continue
        if number == 1 or number == expected:
            block.kind = "list_item"
            expected = number + 1
        else:
            expected = None


# section numbers a title may carry past a line's length (`⑷ 受取船荷証券及び…について`)
_TITLE_NUMBER_KINDS = frozenset({"number", "paren_number"})
_NUMBERED_TITLE_CHARS = 80
BRACKET_LABEL_START = regex.compile(r"^[（(【＜<［]")


def promote_numbered_titles(blocks) -> None:
    """A numbered item that goes on the count of the document's headings of its kind (⑷ after
    the heading ⑶ of the same section) and reads as a title — no sentence in it, a few lines at
    most — is the next heading, however long (a 部会資料's `⑸ 受取電子船荷証券記録と引換えに…
    「引換え」の意義について` over two lines).  Run before contents pages are demoted: their
    entries turn back into list items there."""
    first_seen: dict[str, int] = {}
    last: dict[str, int] = {}  # kind → the number of the last heading of that kind still open
    restartable: set[str] = set()  # kinds whose count a bracketed label since their last heading may restart
    for block in blocks:
        if block.kind not in ("heading", "list_item", "paragraph") or not block.lines:
            continue
        text = block.text.strip()
        kind = marker_kind(text)
        if block.kind == "heading":
            if kind is None:
                if BRACKET_LABEL_START.match(text):
                    restartable.update(last)  # a （補足説明） may count its points from ⑴ again
                continue
            first_seen.setdefault(kind, len(first_seen))
            # a heading of a kind met earlier (shallower) closes the count of the kinds under it
            for other in [k for k in last if first_seen.get(k, 0) > first_seen[kind]]:
                del last[other]
            number = marker_ordinal(text)
            if number is not None:
                last[kind] = number
            restartable.discard(kind)
            continue
        number = marker_ordinal(text)
        # a count of its kind starts again under a shallower heading (`１ 船荷証券の電子化に関する主要
        # 海運国の…概要` under 第５'s （補足説明）): one line, where the kind has headed sections before
        opens_count = number == 1 and kind in first_seen and (kind not in last or kind in restartable) and len(block.lines) == 1
        if kind not in _TITLE_NUMBER_KINDS or not (opens_count or (kind in last and number == last[kind] + 1)):
            continue
        if "。" in text or text.endswith(SENTENCE_END) or len(text) > _NUMBERED_TITLE_CHARS or len(block.lines) > 3:
            continue
        block.kind, block.level = "heading", pattern_level(text) or 6
        last[kind] = number
        restartable.discard(kind)
