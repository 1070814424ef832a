"""Heads over tables, in documents that are mostly tables (budget books, their 給与費明細書: at least
`TABLE_SHARE` of their records tables; in a prose document a numbered item over a table is an item).

- Numbered labels standing over a table (`１ 特別職`, `２ 一般職` / `(１）総 括` / `ア 会計年度任用職員
  以外の職員`, each a line of its own, then the table, a unit `(単位 千円）` at most between) are the
  sections the tables belong to: headings, whatever their type (the body's), not list items; so
  is an unnumbered line of words right over a table, its title (`１２月開催予定表`).
- Short labels in a grid of short texts (a fact box `面　積　２４４．９５　ｋ㎡` / `人　口 …`, drawn with
  no rules, so no table is found) are its cells, not headings, whatever their type.
- The titles of the book's parts, each opening its page after the cover (the 予算's own title over
  its 条, `第１表　歳入歳出予算` over its table, a divider's `予算説明書`, a centred `歳入歳出予算事項別明細書`),
  stand beside the cover's title at the top of the outline: `promote_part_titles`.
- Heads repeated over a table that runs on from page to page: a budget book's 款／項 (`２款　総務費`,
`３項　戸籍住民基本台帳費`) printed again above every page of its 事項別明細書.  The section opens
once, where it is first printed; its reprints over the table's later pages are table text that
heads nothing new (a paragraph), so the outline shows each 款 and 項 once.
"""
from __future__ import annotations

import regex

from shiryo.parsers.blocks import spaced_text
from shiryo.parsers.headings import NOT_A_HEADING, PART_TABLE, SENTENCE_END, is_short_title, pattern_level
from shiryo.parsers.joining import join_pair
from shiryo.parsers.model import Block, union
from shiryo.parsers.numbering import marker_kind
from shiryo.parsers.patterns import UNIT_LABEL
from shiryo.parsers.outline import _squeezed

# a numbered head (`２款　総務費`, `３項　…`): an unnumbered label (`（歳　　入）`) printed again over
# the next part's table opens that part
NUMBERED_HEAD = regex.compile(r"^\s*[0-9０-９]+")
# the gap between two heads printed on one row
HEAD_PARTS = regex.compile(r"[\s　]{2,}(?=[0-9０-９])")
# how many pages back a reprinted head may last have been printed (a spread's two pages, a page
# of the next 項 between)
REPRINT_PAGES = 4


# blocks a head may stand above its table: the next heads (項 under 款, reprinted apart), the amounts
TABLE_WITHIN = 6


def _heads_table(blocks: list[Block], i: int) -> bool:
    """Is block `i` (a heading) over a table: one of the next `TABLE_WITHIN` blocks a table, with
    no sentence before it?"""
    for block in blocks[i + 1:i + 1 + TABLE_WITHIN]:
        if block.kind == "table":
            return True
        if block.text.rstrip().endswith(SENTENCE_END):
            return False
    return False


def demote_reprinted_heads(blocks: list[Block]) -> None:
    """A numbered heading over a table whose text was printed as a heading on one of the last
    `REPRINT_PAGES` pages is that section's head reprinted: a paragraph.  In place; only in a
    document `mostly_tables`."""
    if not mostly_tables(blocks):
        return
    last_page: dict[str, int] = {}
    for i, block in enumerate(blocks):
        if block.kind != "heading" or not NUMBERED_HEAD.match(block.text):
            continue
        # a 款 and its 項 may be reprinted on one row (`１款　市税　　２項　固定資産税`): each part
        # must have been printed before
        keys = [_squeezed(part) for part in HEAD_PARTS.split(block.text.strip())]
        new = [k for k in keys if not (k in last_page and 0 <= block.page - last_page[k] <= REPRINT_PAGES)]
        # … or be printed again on its own right below (the page's running head `２款　総務費　　２項
        # 徴税費` over the heads themselves): that one opens the new 項
        below = {_squeezed(b.text) for b in blocks[i + 1:i + 1 + TABLE_WITHIN] if b.kind == "heading"}
        reprint = (not new or (len(keys) > 1 and set(new) <= below)) and _heads_table(blocks, i)
        for key in keys + [_squeezed(block.text)]:
            if not reprint or key not in new:
                last_page[key] = block.page
        if reprint:
            block.kind, block.level = "paragraph", 0


TABLE_SHARE = 0.2


def mostly_tables(blocks: list[Block]) -> bool:
    """Are at least `TABLE_SHARE` of the document's tables, paragraphs and items tables?"""
    tables = sum(b.kind == "table" for b in blocks)
    text = sum(b.kind in ("paragraph", "list_item") for b in blocks)
    return tables > 0 and tables >= TABLE_SHARE * (tables + text)


LABEL_CHARS = 50  # a section label over a table (`３ 参考【会計別職種別職員数(…を除く)】`), not a sentence of notes


def _label(block: Block) -> bool:
    """A numbered label of one line, unfinished: `２ 一般職`, `(１）総 括`, `ア 会計年度…`."""
    if block.kind not in ("paragraph", "list_item") or len(block.lines) != 1:
        return False
    text = block.text.strip()
    return (
        0 < len(text) <= LABEL_CHARS and marker_kind(spaced_text(block.lines[0]).strip()) not in (None, "bullet", "note") and not text.endswith(SENTENCE_END + ("、",))
        and not NOT_A_HEADING.match(text)
    )


TITLE_CHARS = 30  # a table's title line (`１２月開催予定表`), not a sentence
_DIGITS = regex.compile(r"[0-9０-９,，.．]")


def _few_digits(text: str) -> bool:
    """Words, not an amount (`1,345,606千円`): under a third of the characters digits."""
    return len(_DIGITS.findall(text)) * 3 < len(text)


def _table_title(block: Block) -> bool:
    """A short line of words set right over a table (`１２月開催予定表`): not a sentence, not an
    amount (`1,345,606千円`), not a date or a unit."""
    text = block.text.strip()
    return block.kind == "paragraph" and len(block.lines) == 1 and is_short_title(text, TITLE_CHARS) and _few_digits(text)


def promote_table_heads(blocks: list[Block]) -> None:
    """Numbered labels standing over a table — the run of them right above it, on its page, a
    unit label at most between — are its section headings (level from their marker; outline.py
    ranks the document's kinds).  In place; only in a document `mostly_tables`."""
    if not mostly_tables(blocks):
        return
    run: list[Block] = []
    title: Block | None = None  # the line right above, a table's title if a table follows
    for block in blocks:
        if block.kind == "table" and run:
            for label in run:
                if label.page == block.page:
                    label.kind, label.level = "heading", pattern_level(spaced_text(label.lines[0])) or 7
            run = []
        elif block.kind == "table" and title is not None and title.page == block.page:
            title.kind, title.level = "heading", 3  # its table's title
        elif _label(block):
            run = [b for b in run if b.page == block.page] + [block]
        elif not (block.kind == "paragraph" and UNIT_LABEL.match(block.text.strip())):
            run = []
        title = block if _table_title(block) else None


CELL_CHARS = 8  # a grid cell's text: a label, a number, a unit
MIN_ROW_CELLS = 3


def _row_mates(block: Block, others: list[Block]) -> int:
    """How many of `others` share `block`'s printed row (overlap most of its height)."""
    y0, y1 = block.bbox[1], block.bbox[3]
    return sum(1 for o in others if o is not block and min(y1, o.bbox[3]) - max(y0, o.bbox[1]) >= 0.5 * (y1 - y0))


def demote_grid_labels(blocks: list[Block]) -> None:
    """A short heading sharing its row with at least two other short texts (`ｋ㎡` beside `面　積`
    and `２４４．９５`) is a cell of a grid drawn without rules: a paragraph.  In place."""
    short: dict[int, list[Block]] = {}
    for block in blocks:
        if block.kind in ("heading", "paragraph", "list_item") and len(block.lines) <= 2 and len(block.text.strip()) <= CELL_CHARS:
            short.setdefault(block.page, []).append(block)
    for page_blocks in short.values():
        if len(page_blocks) < MIN_ROW_CELLS:
            continue
        for block in page_blocks:
            if block.kind == "heading" and _row_mates(block, page_blocks) >= MIN_ROW_CELLS - 1:
                block.kind, block.level = "paragraph", 0


PART_TITLE_CHARS = 30
# a title standing apart: at least this many of its line heights of blank paper below it
PART_TITLE_GAP = 2.0


def _opens_table(blocks: list[Block], i: int) -> bool:
    """Does the table after block `i` follow on its page with only heads or a unit line between?"""
    for block in blocks[i + 1:]:
        if block.page != blocks[i].page:
            return False
        if block.kind == "table":
            return True
        if not (block.kind == "heading" or (block.kind == "paragraph" and UNIT_LABEL.match(block.text.strip()))):
            return False
    return False


def _stands_apart(blocks: list[Block], i: int) -> bool:
    """Is block `i` an unnumbered line of words over its page's text — a sentence, with blank paper
    between (fuji budget p3: `令和８年度富士市一般会計予算` over `令和８年度富士市の一般会計の予算は、
    次に定めるところによる。`; a fact box's `面` over its cells is none)?"""
    block = blocks[i]
    text = block.text.strip()
    nxt = blocks[i + 1] if i + 1 < len(blocks) else None
    if nxt is None or nxt.page != block.page or nxt.kind != "paragraph" or not nxt.text.rstrip().endswith(SENTENCE_END) or len(block.lines) != 1:
        return False
    height = max(block.bbox[3] - block.bbox[1], 1.0)
    return (
        is_short_title(text, PART_TITLE_CHARS) and marker_kind(text) is None and _few_digits(text)
        and nxt.bbox[1] - block.bbox[3] >= PART_TITLE_GAP * height
    )


def _centred_title(blocks: list[Block], i: int) -> bool:
    """Is heading `i`, unnumbered, one line, centred over what its page prints (`歳入歳出予算事項別
    明細書` over its table; a divider page's `予算説明書` alone)?  A head at the left margin over the
    next page of a part's table (`歳　　出`) is a section of that part, no part."""
    block = blocks[i]
    text = block.text.strip()
    if marker_kind(text) is not None or len(block.lines) != 1 or text.startswith(("（", "(")):
        return False
    page = [b.bbox for b in blocks if b.page == block.page]
    left, right = min(b[0] for b in page), max(b[2] for b in page)
    size = max(block.lines[0].size, 1.0)
    return abs((block.bbox[0] + block.bbox[2]) / 2 - (left + right) / 2) <= 2 * size


# the name of a statutory schedule a budget book prints as a part of its own, over its table
# (`…の見込に関する調書`, `給与費明細書`, `一般会計補正予算整理表`); `第１表　…` is PART_TABLE
FORM_TITLE = regex.compile(r"(?:調書|明細書|[^\s　]表)$")
FORM_TITLE_LINES = 3


def _rows(block: Block) -> int:
    """How many rows of print a block holds (a letter-spaced title `給　与　費…` is read as a line per
    character, all on one row)."""
    tops = sorted(l.bbox[1] for l in block.lines)
    return sum(1 for a, b in zip([None] + tops, tops) if a is None or b - a > 0.5 * max(block.lines[0].size, 1.0))


def _form_title(block: Block) -> bool:
    text = block.text.strip()
    return (
        block.kind in ("paragraph", "heading") and 0 < _rows(block) <= FORM_TITLE_LINES and bool(FORM_TITLE.search(text))
        and marker_kind(text) is None and not text.endswith(SENTENCE_END + ("、",)) and _few_digits(text)
    )


def join_form_titles(blocks: list[Block]) -> list[Block]:
    """A schedule's title printed on two lines that were read as two paragraphs (fuji r6 p612
    `地方債の４年度末における現在高並びに５年度末` / `及び６年度末における現在高の見込に関する調書`, the
    first line ending short) is one block: the second line right under the first, in its type,
    completing a `FORM_TITLE` at the top of its page.  Only in a document `mostly_tables`."""
    if not mostly_tables(blocks):
        return blocks
    out: list[Block] = []
    for block in blocks:
        prev = out[-1] if out else None
        first = prev is not None and (len(out) < 2 or out[-2].page != prev.page)
        if (
            first and prev.page == block.page and prev.kind == block.kind == "paragraph"
            and block.lines and prev.lines and _rows(prev) + _rows(block) <= FORM_TITLE_LINES
            and abs(block.lines[0].size - prev.lines[-1].size) < 0.5
            and 0 <= block.bbox[1] - prev.bbox[3] < 1.5 * max(block.lines[0].size, 1.0)  # a title set with open leading
            and not _form_title(prev) and _form_title(block)
            and not prev.text.rstrip().endswith(SENTENCE_END + ("、",))
        ):
            prev.text = join_pair(prev.text, block.text)
            prev.lines = prev.lines + block.lines
            prev.line_pages = prev.page_of_lines() + block.page_of_lines()
            prev.bbox = union([prev.bbox, block.bbox])
            continue
        out.append(block)
    return out


def _reprint(blocks: list[Block], i: int, last: int) -> bool:
    """Is block `i`, a title last printed on page `last`, that title printed again over the next
    page of its table (fuji r6: the 債務負担行為 調書 over each spread, p602 … p610), not a new part
    of the same name (smrj: the 新旧対照表 of the 規程 on p4, of its 様式 on p9, with 別紙 between)?
    Within `REPRINT_PAGES`, and no heading printed since."""
    page = blocks[i].page
    return page - last <= REPRINT_PAGES and not any(b.kind == "heading" and last < b.page < page for b in blocks)


def promote_part_titles(blocks: list[Block]) -> set[int]:
    """The titles of a budget book's parts, each opening its page after the cover: the 予算's own
    title over its 条 (p3 `令和８年度富士市一般会計予算`, typed a paragraph in body type), `第１表　歳入歳出
    予算` over its table (a caption), `予算説明書`, `歳入歳出予算事項別明細書`.  They are headings that
    stand beside the cover's title at the top of the outline: returns their ids (level 1 in
    `outline.assign_levels`).  In place; only in a document `mostly_tables`."""
    if not blocks or not mostly_tables(blocks):
        return set()
    cover = min(b.page for b in blocks)
    parts: set[int] = set()
    forms: dict[str, int] = {}  # a schedule's title → the page it was last printed on
    for i, block in enumerate(blocks):
        if block.page == cover or (i and blocks[i - 1].page == block.page) or not block.lines:
            continue  # not the first block of a page after the cover
        text = block.text.strip()
        if block.kind == "caption" and PART_TABLE.match(text) and _opens_table(blocks, i):
            block.kind = "heading"
        elif _form_title(block) and _opens_table(blocks, i):
            last = forms.get(_squeezed(text))
            forms[_squeezed(text)] = block.page
            if last is not None and _reprint(blocks, i, last):
                block.kind, block.level = "paragraph", 0  # the schedule's title reprinted over its next page
                continue
            block.kind = "heading"
        elif block.kind in ("paragraph", "heading") and _stands_apart(blocks, i):  # r6 p3's is a heading already
            block.kind = "heading"
        elif not (block.kind == "heading" and _centred_title(blocks, i)):
            continue
        block.level = 1
        parts.add(id(block))
    return parts
