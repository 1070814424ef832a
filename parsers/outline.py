"""Heading levels for a whole document, from the order its heading kinds first appear.

Each heading has a kind: its numbering marker (`parsers/numbering.py`: 第１部, 第１, 1.1, （１）, ア, …),
a bracketed label (【…】, （補足説明）), or, without either, its type (size, weight, face).  Walking the
headings in reading order, a kind met for the first time sits one level under the heading open
above it, unless the usual order of markers (`DEFAULT_ORDER`) or a larger type says it is
shallower; from then on the kind keeps that level, so levels are consistent within the document.
"""
from __future__ import annotations

import unicodedata
from collections import Counter

import regex

from shiryo.parsers.blocks import spaced_text
from shiryo.parsers.columns import column_level, is_column_title
from shiryo.parsers.commentary import commentary_parent, in_commentary, is_commentary_label
from shiryo.parsers.headings import NOTE_MARK_TAIL, PART_TABLE, SENTENCE_END
from shiryo.parsers.joining import join_pair
from shiryo.parsers.model import Block, union
from shiryo.parsers.numbering import DEFAULT_ORDER, ITEM_KINDS, marker_kind

# the heading over a table of contents: the sections after it do not sit under it
CONTENTS_TITLES = frozenset({"目次", "もくじ", "Contents", "CONTENTS"})
# a numbered series of titles named alike: `基本要件①：…`, `審査項目2：…`
_SERIES = regex.compile(r"^([\p{Han}\p{Katakana}\p{Hiragana}]{2,10})(?:[①-⑳]|[0-9０-９]{1,2}[：:])")
# an angle-bracketed label may run longer (要領 p74 `＜6002のイ(ｲ)及び(ﾛ)の措置（手当等支給メニュー）を実施する場合＞`,
# sibling of `＜共通＞` over its kana labels) and hold round brackets (公募要領 p23 `＜補助金返還の考え方（計算式）＞`
# under each 基本要件 box): round brackets that long hold a sentence's aside instead
_BRACKET = regex.compile(rf"^(?:[【（(［\[][^＞>】）)］\]]{{1,30}}[】）)］\]]{NOTE_MARK_TAIL}|[＜<][^＜<＞>]{{1,60}}[＞>]{NOTE_MARK_TAIL})$")


def heading_kind(block: Block, body_size: float) -> tuple[str, float]:
    """(kind, size) of a heading block: size ranks kinds without a marker (bigger is shallower)."""
    text = block.text.strip()
    size = max((l.size for l in block.lines), default=body_size)
    kind = marker_kind(spaced_text(block.lines[0]) if block.lines else text)
    if block.drawn_number and not kind:
        return "decimal1", size  # its number is drawn as a picture (`1` + `概要`): a chapter over the `１.１` sections
    if kind and kind not in ("bullet",):
        return kind, size
    if PART_TABLE.match(text):
        return "part_table", size  # `第１表 歳入歳出予算` over its `歳　入`, in the same type
    if _contents_title(text):
        return "contents", size
    if is_column_title(text):
        return "column", size
    if _BRACKET.match(text):
        return "bracket", size
    series = _SERIES.match(text)
    if series:
        return f"series:{series.group(1)}", size  # 基本要件① … ④, whatever part of each is bold
    bold = any(l.bold for l in block.lines)
    if kind == "bullet":
        # `● Ｇ７「広島ＡＩプロセス」` (白書 ch3 p14): a marked heading whose numbered points （１）（２）
        # nest under it, unlike an unnumbered title in their type (重要事項), which they stand beside
        return f"bullet:{round(size)}:{int(bold)}", size
    return f"type:{round(size)}:{int(bold)}", size


# kinds whose order is known whatever the document: 第１部 > 第１章 > 第１節 > 第１ (and Ⅰ) above
# any other marker, and decimal depth (１ / 1. > 1.1 > 1.1.1); the others are ranked by first appearance
_FIRST_TIER = ("part", "chapter", "section", "dai", "roman")
_SECTION_KINDS = frozenset(_FIRST_TIER + ("hyphen", "number", "number_dot", "paren_number", "decimal1", "decimal2", "decimal3", "decimal4"))
_DECIMAL_DEPTH = {"number": 1, "number_dot": 1, "decimal1": 1, "decimal2": 2, "decimal3": 3, "decimal4": 4}


def _shallower(kind: str, size: float, open_kind: str, open_size: float, body_size: float) -> bool:
    """Should a heading of a new `kind` close the open heading of `open_kind`?"""
    if size >= max(body_size * 1.15, open_size + 1.5):
        return True  # a larger type outranks whatever is open
    if size + 1.5 < open_size:
        return False
    if open_kind.startswith("type:") and kind in DEFAULT_ORDER and size >= open_size - 0.5:
        return True  # numbered sections in the type of an unnumbered heading (重要事項) are its siblings
    if kind == "supplementary":
        # 附則 stands beside a statute's main provisions: it closes their 章, 条 and captions
        return open_kind in DEFAULT_ORDER or open_kind == "bracket"
    if kind in _DECIMAL_DEPTH and open_kind in _DECIMAL_DEPTH:
        return _DECIMAL_DEPTH[kind] < _DECIMAL_DEPTH[open_kind]
    if kind in _FIRST_TIER and open_kind in DEFAULT_ORDER:
        return DEFAULT_ORDER.index(kind) < DEFAULT_ORDER.index(open_kind)
    return False


def _is_label(kind: str, size: float, body_size: float) -> bool:
    """An unnumbered heading in body-size type (要旨, 【…】, a boxed title): numbered sections
    do not nest under it."""
    # bracketed labels hold numbered items (（補足説明） → ⑴); 要旨 or 目次 in body type hold none
    return kind == "contents" or (kind not in DEFAULT_ORDER and kind != "bracket" and not kind.startswith("bullet:") and size < body_size * 1.15)


def _contents_title(text: str) -> bool:
    return "".join(text.split()).strip("＜<【［[（(〈＞>】］]）)〉") in CONTENTS_TITLES


def _squeezed(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def bookmarked_levels(blocks: list[Block], ranks: list[int], bookmarks: list) -> dict[int, int]:
    """Levels the PDF's own bookmarks give headings whose text they name on their page
    (`参考１ 自治体からの通知物…` is a level-1 bookmark, like `７ 実現に向けた取り組み`): index →
    level, in the document's ranks (bookmark level + the usual offset of ranks over bookmark
    levels).  Nothing when fewer than two headings are named (the bookmarks speak of other things)."""
    named: dict[tuple[int, str], int] = {}
    for entry in bookmarks:
        if len(entry) >= 3 and isinstance(entry[0], int):
            named.setdefault((entry[2], _squeezed(str(entry[1]))), entry[0])
    matches = {}
    for i, block in enumerate(blocks):
        text = _squeezed(block.text)
        level = named.get((block.page, text))
        if level is not None and len(text) >= 2:
            matches[i] = level
    if len(matches) < 2:
        return {}
    offsets = Counter(ranks[i] - level for i, level in matches.items())
    offset = offsets.most_common(1)[0][0]
    return {i: level + offset for i, level in matches.items() if level + offset >= 1}


def _index(entry: tuple, stack: list[tuple]) -> int:
    return next(i for i, e in enumerate(stack) if e is entry)


def _open(held: tuple | None, stack: list[tuple]) -> bool:
    return held is not None and any(e is held[0] for e in stack)


def _held_level(kind: str, level: int, stack: list[tuple], held: tuple | None) -> tuple[int, tuple | None]:
    """(level, held) of a heading whose kind has a level already.  A bracketed label (`＜第１期＞`)
    right over item-marked headings (イ, ロ) whose kind sits at its own level holds them: they
    and the kinds under them go one tier under the label for as long as it is open."""
    if _open(held, stack) and level >= held[1]:
        return level + held[2], held
    top = stack[-1] if stack else None
    if top is not None and top[0] == "bracket" and kind in ITEM_KINDS and kind not in _SECTION_KINDS and level == top[1]:
        return top[1] + 1, (top, level, top[1] + 1 - level)
    return level, held if _open(held, stack) else None


def document_levels(blocks: list[Block], body_size: float, forced: dict[int, int] | None = None) -> list[int]:
    """The level of each heading block (in order) from the document's own order of kinds.
    Numbered and larger kinds keep the level they first get; a bracketed label （補足説明）／【甲案】
    sits under whatever numbered heading is open each time (labels in a row are siblings)."""
    level_of: dict[str, int] = {}
    size_of: dict[str, float] = {}
    stack: list[tuple[str, int, float]] = []  # (kind, level, size) of the open headings, top first
    title = None  # the stack entry of the document's first heading
    levels = []
    section_depth = 0  # the deepest level a section number (第１, １, ⑴; no item marker) has had so far
    # the open （補足説明）: its level, its points' kinds → level, the kinds of the headings open over it
    commentary: tuple[int, dict[str, int], set[str]] | None = None
    last_commentary = -1
    last_entry = None  # the stack entry of the heading before this one
    held = None  # (label, first held level, shift): the items a bracketed label holds, one tier under it
    shape_rank: dict[str, int] = {}  # bracket shapes in the order the document first uses them for labels
    bracket_rank: dict[int, int] = {}  # id of an open label's stack entry → its shape's rank
    for i, block in enumerate(blocks):
        kind, size = heading_kind(block, body_size)
        while stack and stack[-1][0] == "contents":
            stack.pop()  # a contents page heads its entries only (list items by then), no section after it
        inside = commentary is not None and not (forced and i in forced) and in_commentary(kind, block.text, commentary[1], commentary[2])
        if commentary is not None and not inside:
            while stack and stack[-1][1] >= commentary[0]:
                stack.pop()  # the commentary and its points end: the provisions' levels again
            commentary = None
        if inside:
            # its points restart one level under it, whatever level their kinds have among the provisions
            level = commentary[1].setdefault(kind, (stack[-1][1] if stack else commentary[0]) + 1)
        elif forced and i in forced:
            level = forced[i]  # the PDF's own bookmarks say where it stands
            level_of.setdefault(kind, level)
        elif kind == "column" and column_level(stack) is not None:
            level = column_level(stack)  # a コラム box belongs to its 節, beside the headings open under it
        elif kind == "contents":
            # a contents page stands beside the top sections (重要事項), under the document's first heading
            # (its title) or a heading in larger type only
            while len(stack) > 1 or (stack and stack[-1][2] < size + 1.5 and stack[-1] is not title):
                stack.pop()
            level = stack[-1][1] + 1 if stack else 1
        elif kind == "bracket":
            if _open(held, stack):
                del stack[_index(held[0], stack):]  # after the items a label holds: that label's sibling
            held = None
            # labels in a row are siblings; a label in brackets of a shape first met after the open
            # label's goes under it (公募要領 p4 `（申請にあたっての…）` over `＜不適切な行為の例＞`)
            rank = shape_rank.setdefault(_bracket_shape(block.text), len(shape_rank))
            while stack and stack[-1][0] == "bracket" and bracket_rank.get(id(stack[-1]), 0) >= rank:
                stack.pop()
            if is_commentary_label(block.text):
                # it comments on the provisions since the previous one: it sits under the heading they share
                following = (heading_kind(blocks[i + 1], body_size)[0], blocks[i + 1].text) if i + 1 < len(blocks) else None
                del stack[commentary_parent(stack, [b.text for b in blocks[:i]], levels, last_commentary, following):]
                last_commentary = i
            level = stack[-1][1] + 1 if stack else 1
            if block.text.lstrip().startswith("【"):
                # a draft's options (【甲案】, 【乙－１案】) are one tier under its deepest section
                # numbers (第１ > １ > ⑴) wherever they stand: under 第７ directly as under a ⑴
                level = max(level, section_depth + 1)
        elif kind in level_of:
            level, held = _held_level(kind, level_of[kind], stack, held)
        else:
            marked = kind in DEFAULT_ORDER
            over = last_entry if i and marked and _titles_page(blocks[i - 1], block) else None
            while stack and stack[-1] is not over and (
                _shallower(kind, size, stack[-1][0], stack[-1][2], body_size)
                or (marked and _is_label(stack[-1][0], stack[-1][2], body_size))
            ):
                stack.pop()
            level = stack[-1][1] + 1 if stack else 1
            level_of[kind], size_of[kind] = level, size
        while stack and stack[-1][1] >= level:
            stack.pop()
        stack.append((kind, level, size))
        last_entry = stack[-1]
        if kind == "bracket":
            bracket_rank[id(last_entry)] = shape_rank.setdefault(_bracket_shape(block.text), len(shape_rank))
        if i == 0:
            title = stack[-1]
        levels.append(level)
        if kind == "bracket" and is_commentary_label(block.text):
            commentary = (level, {}, {entry[0] for entry in stack[:-1]})
        if kind in _SECTION_KINDS and not inside:
            section_depth = max(section_depth, level)
    return levels


_SHAPES = {"（": "（", "(": "（", "＜": "＜", "<": "＜", "〈": "＜", "【": "【", "［": "［", "[": "［"}


def _bracket_shape(text: str) -> str:
    return _SHAPES.get(text.lstrip()[:1], "")


def _titles_page(title: Block, numbered: Block) -> bool:
    """Is `title` an unnumbered heading standing over the page the numbered heading opens: on the
    same page just above it and wholly to the right of it (a title centred at the page top, its
    numbered sections at the left margin: 歳入歳出予算事項別明細書 over `１ 総括`)?  Then the
    numbered sections sit under it, whatever their type."""
    return (
        title.page == numbered.page
        and title.bbox[3] <= numbered.bbox[1] + 1
        and title.bbox[0] >= numbered.bbox[2]
        and not title.text.rstrip().endswith(SENTENCE_END)
    )


def _sign(x: int) -> int:
    return (x > 0) - (x < 0)


def assign_levels(blocks: list[Block], body_size: float, bookmarks: list | None = None, top: set[int] = frozenset()) -> None:
    """Set `level` on every heading block of a document, in place.  Where the levels read off
    each line (pattern and type, `parsers/headings.py`) already order every pair of headings
    as the document's own order does, they stay (白書 keep 第１章 = 2, 第１節 = 3); otherwise
    (flat, inverted: `2.1` above `2.`, everything under a label) the document's ranks replace them."""
    headings = [b for b in blocks if b.kind == "heading"]
    ranks = document_levels(headings, body_size)
    forced = bookmarked_levels(headings, ranks, bookmarks or [])
    forced.update({i: 1 for i, b in enumerate(headings) if id(b) in top})  # the cover's title heads all
    if any(ranks[i] != level for i, level in forced.items()):
        ranks = document_levels(headings, body_size, forced)
    # each heading against the one before it: deeper, level or shallower alike in both
    consistent = all(
        _sign(r2 - r1) == _sign(b2.level - b1.level) for (b1, r1), (b2, r2) in zip(zip(headings, ranks), zip(headings[1:], ranks[1:]))
    )
    if not consistent:
        for block, rank in zip(headings, ranks):
            block.level = rank


def demote_cover(blocks: list[Block], title: str | None) -> set[int]:
    """A cover page (the first page, with no sentence of body text on it) holds the title and
    cover lines — an issuer (`…事務局`, `（全国中小企業団体中央会）`), a date, an edition — that head
    no section: they become paragraphs, and the title's headings (one heading, when the title
    came out as several in a row) the document's top.  Changes `blocks` in place; returns the
    ids of the title's heading blocks (level 1 in `assign_levels`)."""
    if not blocks:
        return set()
    first = min(b.page for b in blocks)
    cover = [b for b in blocks if b.page == first and b.kind in ("heading", "paragraph", "list_item")]
    headings = [b for b in cover if b.kind == "heading"]
    if not headings or any(b.kind != "heading" and b.text.rstrip().endswith(SENTENCE_END) for b in cover):
        return set()
    wanted = _squeezed(title or "")
    keep = [b for b in headings if wanted and _squeezed(b.text) in wanted] or headings[:1]
    for block in headings:
        if block not in keep and not _contents_title(block.text):  # ＜目次＞ heads the contents on a cover
            block.kind, block.level = "paragraph", 0
    _join_bracketed_cover_lines(blocks, first)
    if len(keep) > 1:
        # a label far above the title in the title's type (`付録` at the left margin, the title centred
        # five lines lower, cio 2021-06) names what kind of document it is: a line of its own
        main = max(keep, key=lambda b: len(_squeezed(b.text)))
        size = max((l.size for l in main.lines), default=1.0)
        for block in keep:
            if block is not main and block.bbox[3] <= main.bbox[1] - 2 * size and not _centred_over(block, main, size):
                block.kind, block.level = "paragraph", 0
        keep = [b for b in keep if b.kind == "heading"]
    at = [i for i, b in enumerate(blocks) if any(b is k for k in keep)]
    if len(at) > 1 and at == list(range(at[0], at[0] + len(at))):
        # `…補助金公募要領` + `（第23 次公募）`: one title, not a title over its own second line
        head = blocks[at[0]]
        for block in blocks[at[1]:at[-1] + 1]:
            head.text = join_pair(head.text, block.text)
            head.lines, head.line_pages = head.lines + block.lines, head.line_pages + block.line_pages
            head.bbox = union([head.bbox, block.bbox])
        del blocks[at[1]:at[-1] + 1]
        keep = [head]
    return {id(b) for b in keep}


def _centred_over(block: Block, title: Block, size: float) -> bool:
    return abs((block.bbox[0] + block.bbox[2]) - (title.bbox[0] + title.bbox[2])) / 2 <= size


def _join_bracketed_cover_lines(blocks: list[Block], first: int) -> None:
    """A bracketed cover line centred under the cover line above it (`…補助金事務局` /
    `（全国中小企業団体中央会）`: the issuer and its parent body) is that line's second line."""
    i = 1
    while i < len(blocks):
        prev, block = blocks[i - 1], blocks[i]
        size = max((l.size for l in block.lines), default=1.0)
        centred = abs((prev.bbox[0] + prev.bbox[2]) - (block.bbox[0] + block.bbox[2])) / 2 <= size
        if (
            block.page == prev.page == first and prev.kind == block.kind == "paragraph" and _BRACKET.match(block.text.strip())
            and centred and block.bbox[1] - prev.bbox[3] < 2.5 * size and not prev.text.rstrip().endswith(SENTENCE_END)
        ):
            prev.text = join_pair(prev.text, block.text)
            prev.lines, prev.line_pages = prev.lines + block.lines, prev.line_pages + block.line_pages
            prev.bbox = union([prev.bbox, block.bbox])
            del blocks[i]
            continue
        i += 1


CONTENTS_MIN_HEADINGS = 6


def demote_contents(blocks: list[Block]) -> None:
    """A page of headings one after another with almost nothing between them is a table of
    contents (with or without leader dots): its entries are list items, not the outline."""
    by_page: dict[int, list[Block]] = {}
    for block in blocks:
        if block.kind in ("heading", "paragraph", "list_item"):
            by_page.setdefault(block.page, []).append(block)
    for page_blocks in by_page.values():
        headings = [b for b in page_blocks if b.kind == "heading"]
        # the headings after a 目次 heading on its page are its entries
        titles = [i for i, b in enumerate(page_blocks) if b.kind == "heading" and _contents_title(b.text)]
        if titles:
            for block in page_blocks[titles[0] + 1:]:
                if block.kind == "heading":
                    block.kind, block.level = "list_item", 0
        # a title set letter by letter (`給　与　費　明　細　書`, one heading per letter until
        # furniture.join_spaced_headings) is one title, no run of entries
        entries = [b for b in headings if len(b.text.strip()) > 1]
        others = [b for b in page_blocks if b.kind != "heading"]
        if len(entries) >= CONTENTS_MIN_HEADINGS and len(entries) >= 0.8 * (len(entries) + len(others)):
            for block in headings[_heads_of_page(page_blocks):]:
                block.kind, block.level = "list_item", 0


def _heads_of_page(page_blocks: list[Block]) -> int:
    """How many headings open a contents page above a sentence of body text (`第２ 各助成金別要領`,
    `10 キャリアアップ助成金` over the 要領's opening paragraph and its contents): they head the
    document, the entries come after the sentence."""
    for i, block in enumerate(page_blocks):
        if block.kind != "heading":
            sentence = block.kind == "paragraph" and block.text.rstrip().endswith(SENTENCE_END)
            return i if sentence else 0
    return 0


def outline(blocks: list[Block]) -> list[tuple[int, str, int]]:
    """(level, text, page) of every heading in order: the document's heading tree."""
    return [(b.level, b.text, b.page) for b in blocks if b.kind == "heading"]
