"""Heads repeated over a table that runs on from page to page: a budget book's 款／項 (`２款　総務費`,
`３項　戸籍住民基本台帳費`) printed again above every page of its 事項別明細書.  The section opens
once, where it is first printed; its reprints over the table's later pages are table text that
heads nothing new (a paragraph), so the outline shows each 款 and 項 once.
"""
from __future__ import annotations

import regex

from shiryo.parsers.headings import SENTENCE_END
from shiryo.parsers.model import Block
from shiryo.parsers.outline import _squeezed

# a numbered head (`２款　総務費`, `３項　…`): an unnumbered label (`（歳　　入）`) printed again over
# the next part's table opens that part
NUMBERED_HEAD = regex.compile(r"^\s*[0-9０-９]+")
# how many pages back a reprinted head may last have been printed (a spread's two pages, a page
# of the next 項 between)
REPRINT_PAGES = 4


# blocks a head may stand above its table: the next head (項 under 款), the amounts line
TABLE_WITHIN = 4


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
    `REPRINT_PAGES` pages is that section's head reprinted: a paragraph.  In place."""
    last_page: dict[str, int] = {}
    for i, block in enumerate(blocks):
        if block.kind != "heading" or not NUMBERED_HEAD.match(block.text):
            continue
        key = _squeezed(block.text)
        seen = last_page.get(key)
        last_page[key] = block.page
        if seen is not None and 0 <= block.page - seen <= REPRINT_PAGES and _heads_table(blocks, i):
            block.kind, block.level = "paragraph", 0
