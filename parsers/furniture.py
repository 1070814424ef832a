"""Page furniture and cover sheets: lines that look like headings (large, bold, alone on their
line) but head nothing.

A heading governs every page after it until the next heading of its level, so a wrong one
misleads a reader of the whole outline: the issuer `法務省民事局参事官室` on a cover held all 79 pages
of a 補足説明.  Four kinds of line are never headings here:

- a line that says only a number, a page number, a unit label, a date or time stamp, a badge
  (`NEW`), the closing `以上` or a single character (`２４４．９４`, `(単位 千円）`, `R8.4.1現在`, `歳`);
- a header box at a page's top right (`商法(船荷証券等関係)部会資料` | `７`): the document's
  label in its series, not a section (running text when the pages repeat it);
- on a cover page (one of the first pages, with only a few lines on it), every line but the
  title: the subtitle, the issuer, the date, the meeting sheet (`法制審議会第１９８回会議配布資料
  民１－１`); centred lines right above the title in the same block are part of it
  (`令和８年度` / `一般会計予算書` → one heading), and the title repeated on the next pages is no
  second heading;
- the signature under a dated line (`令和６年２月１５日提出` / `富士市長 小長井 義 正`);
- a divider page's tab (budget r6 p27 `歳入`, p175 `歳出`, alone on their pages) whose title the
  numbered heading right after it repeats (`２　　歳    入` p28): the section is that heading's, in
  its numbering (beside `１　総　　括` under `歳入歳出予算事項別明細書`), not the tab's.

A title whose characters are set far apart (`歳　　　入`) is read as one heading first: only a
character left alone is furniture.

Page numbers printed above the bottom band (the MLETR 対照表's `1`…`11`) are running text.
Demoted lines become paragraphs: their text stays in the records.
"""
from __future__ import annotations

import unicodedata

import regex

from shiryo.parsers.headings import DATE_LINE
from shiryo.parsers.joining import join_pair
from shiryo.parsers.model import Block, DocumentModel, PageModel, union
from shiryo.parsers.numbering import marker_kind, marker_text
from shiryo.parsers.running import PAGE_NUMBER

# a measured or counted value alone: 244.94, 1,234; an integer alone (a page or sheet number)
_NUMBER = regex.compile(r"^[0-9]+(?:,[0-9]{3})*(?:\.[0-9]{2,})?$|^[0-9]{1,3}(?:[\-－‐][0-9]{1,3})?$")
# a unit label: (単位 千円）, （単位：人）
_UNIT = regex.compile(r"^[(（]?単位[:：]?[^()（）]{0,8}[)）]?$")
# a date or time stamp: R8.4.1現在, 2021/6/14 24時時点, 令和６年２月１５日提出, 令和5年3月
_DATE_STAMP = regex.compile(
    r"^(?:(?:令和|平成|昭和|[RHS])[0-9元]{1,2}[年.][0-9]{1,2}(?:[月.][0-9]{1,2}日?)?月?|[0-9]{4}[/年.][0-9]{1,2}(?:[/月.][0-9]{1,2}日?)?月?)"
    r"(?:\([月火水木金土日]\))?(?:[0-9]{1,2}(?:時|:[0-9]{2})(?:[0-9]{1,2}分)?)?"
    r"(?:現在|時点|時現在|提出|作成|発行|公表|更新|改訂|一部改訂|改正|施行)?$"
)
# a badge on a slide or notice, the closing word of a Japanese document
_BADGES = frozenset({"NEW", "NEW!", "New", "New!", "UP", "以上"})

TOP_BAND = 0.18  # share of the page height where a header box sits
COVER_MAX_LINES = 12  # a cover page holds a title block, an issuer and a date, not running text
COVER_MAX_CHARS = 250  # …in a few short lines: a title, a subtitle, an issuer, a date, a period
COVER_PAGES = 3  # covers and cover sheets come first


def squeezed(text: str) -> str:
    """NFKC text without any blank: what a furniture pattern is matched against."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def is_furniture_text(text: str) -> bool:
    """A line that only states a number, a unit, a date, a badge or one character: never a heading."""
    t = squeezed(text)
    if len(t) <= 1:
        return True
    return bool(_NUMBER.match(t) or _UNIT.match(t)) or is_date_stamp(t) or t in _BADGES


def is_date_stamp(text: str) -> bool:
    t = squeezed(text)
    return bool(_DATE_STAMP.match(t) or DATE_LINE.match(t))


def _centre_x(block: Block) -> float:
    return (block.bbox[0] + block.bbox[2]) / 2


def _size(block: Block) -> float:
    return max((l.size for l in block.lines), default=0.0)


def _in_corner(block: Block, page: PageModel) -> bool:
    return block.bbox[3] < page.height * TOP_BAND and _centre_x(block) > 0.6 * page.width and len(squeezed(block.text)) <= 30


def _header_box(block: Block, page: PageModel, page_blocks: list[Block]) -> bool:
    """A label in the top right corner with a second cell on its row (`商法(…)部会資料` | `７`,
    `参考資料` | `１６－３`): the document's place in its series, not a section.  The second cell
    sets it apart from a right-hand column's heading that happens to stand near the top."""
    if not _in_corner(block, page):
        return False
    return any(
        other is not block and _in_corner(other, page) and min(other.bbox[3], block.bbox[3]) - max(other.bbox[1], block.bbox[1]) > 0
        for other in page_blocks
    )


def _folio(block: Block, page: PageModel) -> bool:
    """A page number printed centred in the lower part of the page (above the running band)."""
    return (
        PAGE_NUMBER.match(block.text.strip()) is not None
        and block.bbox[1] > 0.75 * page.height
        and abs(_centre_x(block) - page.width / 2) < 0.08 * page.width
    )


def take_folios(doc: DocumentModel) -> None:
    """Page numbers printed inside the page (above the running band) leave each page's blocks
    for the running text, before blocks are joined across pages: a bare `2` at one page's foot
    must not run on into the `3` of the next."""
    folios: set[str] = set()
    for page in doc.pages:
        taken = {id(b) for b in page.blocks if b.kind in ("heading", "paragraph", "list_item") and _folio(b, page)}
        if taken:
            folios.update(b.text.strip() for b in page.blocks if id(b) in taken)
            page.blocks = [b for b in page.blocks if id(b) not in taken]
    if folios:
        doc.running_text = sorted(set(doc.running_text) | folios)


def _demote(block: Block) -> None:
    block.kind, block.level = "paragraph", 0


def _text_lines(blocks: list[Block]) -> int:
    return sum(max(len(b.lines), 1) for b in blocks if b.kind in ("heading", "paragraph", "list_item", "caption"))


def _is_cover(page_blocks: list[Block], page: PageModel) -> bool:
    """A page of a few short lines and no table, with an unnumbered heading on it and no
    numbered one (a page of tables with their titles, or a one-page notice with its 第１ and
    １ sections, is no cover)."""
    headings = [b for b in page_blocks if b.kind == "heading"]
    return (
        page.number <= COVER_PAGES
        and bool(headings)
        and not any(marker_kind(b.text.strip()) for b in headings)
        and not any(b.kind == "table" for b in page_blocks)
        and _text_lines(page_blocks) <= COVER_MAX_LINES
        and sum(len(squeezed(b.text)) for b in page_blocks) <= COVER_MAX_CHARS
    )


def _merge_into(title: Block, above: Block) -> None:
    """`above` (a centred line right over the title: `令和８年度`) becomes the title's first line."""
    title.text = join_pair(above.text, title.text)
    title.lines = above.lines + title.lines
    title.line_pages = above.page_of_lines() + title.page_of_lines()
    title.bbox = union([above.bbox, title.bbox])


def _read_cover(page_blocks: list[Block], page: PageModel, gone: set[int]) -> Block | None:
    """One title heading on a cover page, the rest paragraphs.  The title is its largest
    heading; the centred headings right above it in the title block join it."""
    headings = [b for b in page_blocks if b.kind == "heading"]
    if not headings:
        return None
    # the largest type; of lines in that type, the longest (a label `付録` over the title is short)
    largest = max(_size(b) for b in headings)
    title = max((b for b in headings if _size(b) >= largest - 0.5), key=lambda b: len(squeezed(b.text)))
    at = page_blocks.index(title)
    for block in reversed(page_blocks[:at]):
        gap = title.bbox[1] - block.bbox[3]
        centred = abs(_centre_x(block) - page.width / 2) < 0.1 * page.width
        if block.kind != "heading" or not centred or is_furniture_text(block.text) or gap > 4 * max(_size(title), 1.0):
            break
        _merge_into(title, block)
        gone.add(id(block))
    for block in headings:
        if block is not title and id(block) not in gone:
            _demote(block)
    return title


_DIGITS = regex.compile(r"[0-9]+")
_ONE_LETTER = regex.compile(r"^[\p{Han}\p{Hiragana}\p{Katakana}]$")


def join_spaced_headings(page_blocks: list[Block], gone: set[int]) -> None:
    """A title set with its characters far apart (`歳　　　入`, `給　与　費　明　細　書`) comes out
    of the page as one heading per character: the characters of one row, in one size, are one
    heading (`歳入`), as the same title set closer is (`歳　　入`)."""
    row: list[Block] = []

    def close() -> None:
        if len(row) >= 2:
            first = row[0]
            first.text = "".join(b.text.strip() for b in row)
            first.lines = [l for b in row for l in b.lines]
            first.line_pages = [first.page] * len(first.lines)
            first.bbox = union(b.bbox for b in row)
            gone.update(id(b) for b in row[1:])
        row.clear()

    for block in page_blocks:
        letter = block.kind == "heading" and _ONE_LETTER.match(block.text.strip()) is not None
        if letter and row:
            last = row[-1]
            size = max(_size(last), 1.0)
            same_row = min(last.bbox[3], block.bbox[3]) - max(last.bbox[1], block.bbox[1]) > 0.5 * size
            if not (same_row and abs(_size(block) - _size(last)) <= 0.1 * size and 0 <= block.bbox[0] - last.bbox[2] <= 5 * size):
                close()
        elif not letter:
            close()
        if letter:
            row.append(block)
    close()


def demote_furniture(doc: DocumentModel, slides: bool = False) -> None:
    """Turn the document's furniture headings into paragraphs (page numbers into running
    text), in place on `doc.blocks`; run before heading levels are assigned.  On a slide deck
    (`slides`) every slide has a title of its own, even one that repeats the cover's."""
    pages = {p.number: p for p in doc.pages}
    by_page: dict[int, list[Block]] = {}
    for block in doc.blocks:
        by_page.setdefault(block.page, []).append(block)
    gone: set[int] = set()
    folios: set[str] = set()  # page numbers and repeated header boxes: running text
    header_boxes: dict[str, list[Block]] = {}
    title_text = None
    covers_end = False  # covers come in a run from the first page
    front_end = COVER_PAGES  # the last page where the title repeated is no heading
    for number, page_blocks in sorted(by_page.items()):
        page = pages.get(number)
        if page is None:
            continue
        join_spaced_headings(page_blocks, gone)
        page_blocks = [b for b in page_blocks if id(b) not in gone]
        for block in page_blocks:
            # a page number take_folios has not seen (demote_furniture on blocks of its own)
            if block.kind in ("heading", "paragraph") and _folio(block, page):
                gone.add(id(block))
                folios.add(block.text.strip())
                continue
            boxed = block.kind in ("heading", "paragraph") and _header_box(block, page, page_blocks)
            if boxed:
                header_boxes.setdefault(_DIGITS.sub("#", squeezed(block.text)), []).append(block)
            if block.kind == "heading" and (boxed or is_furniture_text(block.text)):
                _demote(block)
        text_blocks = [b for b in page_blocks if id(b) not in gone and b.kind != "footnote"]
        if text_blocks and not covers_end and not _is_cover(text_blocks, page):
            covers_end, front_end = True, max(COVER_PAGES, number)  # the title may head the contents page after the covers
        if not covers_end and text_blocks:
            title = _read_cover(text_blocks, page, gone)
            if title is not None and title_text is not None and squeezed(title.text) == title_text:
                _demote(title)  # the cover repeated after a meeting's cover sheet
            elif title is not None and title_text is None:
                title_text = squeezed(title.text)
        elif title_text is not None and number <= front_end and not slides:
            for block in page_blocks:
                if block.kind == "heading" and squeezed(block.text) == title_text:
                    _demote(block)  # the title again over the contents
        _demote_signatures(page_blocks)
    _demote_divider_tabs([b for b in doc.blocks if id(b) not in gone], by_page, gone)
    for boxes in header_boxes.values():
        if len({b.page for b in boxes}) >= 2:  # the same box on several pages: a running header
            gone.update(id(b) for b in boxes)
            folios.update(b.text.strip() for b in boxes)
    if gone:
        doc.blocks = [b for b in doc.blocks if id(b) not in gone]
    if folios:
        doc.running_text = sorted(set(doc.running_text) | folios)


def _demote_divider_tabs(blocks: list[Block], by_page: dict[int, list[Block]], gone: set[int]) -> None:
    """A heading alone on its page whose title the next heading, numbered, on the next page
    repeats (`歳入` / `２　　歳    入`) is the divider's tab: a paragraph."""
    headings = [b for b in blocks if b.kind == "heading"]
    for tab, nxt in zip(headings, headings[1:]):
        alone = [b for b in by_page.get(tab.page, []) if id(b) not in gone and b.kind != "footnote" and b.text.strip()] == [tab]
        if not alone or nxt.page != tab.page + 1 or marker_kind(nxt.text.strip()) is None:
            continue
        title = squeezed(nxt.text.strip()[len(marker_text(nxt.text.strip())):])
        if title and title == squeezed(tab.text):
            _demote(tab)


def _demote_signatures(page_blocks: list[Block]) -> None:
    """The name under a dated line (令和６年２月１５日提出 / 富士市長 …) signs the page; it heads nothing."""
    for prev, block in zip(page_blocks, page_blocks[1:]):
        if (
            block.kind == "heading"
            and prev.kind in ("paragraph", "heading")
            and is_date_stamp(prev.text)
            and marker_kind(block.text.strip()) is None
            and len(squeezed(block.text)) <= 30
        ):
            _demote(block)
