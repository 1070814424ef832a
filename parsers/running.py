"""Running headers, footers and page numbers: text repeated in the page margins.

Detected across the document's pages (same text, digits aside, in the top or
bottom band of most pages) and kept out of the body.
"""
from __future__ import annotations

from collections import Counter

import regex

from shiryo.parsers.model import Line, PageModel
from shiryo.parsers.numbering import ITEM_KINDS, marker_kind, marker_text

BAND = 0.09  # share of the page height at the top and the bottom that may hold running text
SIDE = 0.085  # share of the page width at either side where thumb-index tabs (第３章) sit
PAGE_NUMBER = regex.compile(r"^[\s\-－‐―—–(（]*(?:[0-9０-９]{1,4}|[ivxlcIVXLC]{1,6})(?:\s*[/／]\s*[0-9０-９]{1,4})?[\s\-－‐―—–)）]*$")
_DIGITS = regex.compile(r"[0-9０-９]+")
# a small line at the top of one page opening with an item's marker is the title of what the page
# starts, not a header (budget r6 給与費明細書 p598 `(３）給料及び職員手当等の状況…`, p599 `ウ 級別職員数…`,
# p600 `エ 昇給`, set a point smaller than the tables' text); headers repeated on many pages still are
SECTION_ITEM_KINDS = frozenset({"number_paren", "paren_number", "kana", "paren_kana", "circled"})


def _in_band(line: Line, page: PageModel) -> bool:
    y_mid = (line.bbox[1] + line.bbox[3]) / 2
    return y_mid < page.height * BAND or y_mid > page.height * (1 - BAND)


def _side_tab(line: Line, page: PageModel) -> bool:
    """A short label wholly in the outer side margin: a thumb-index tab (第３章 down the edge)."""
    in_margin = line.bbox[2] < page.width * SIDE or line.bbox[0] > page.width * (1 - SIDE)
    # the margin first: every line of every page is asked
    return in_margin and len("".join(line.text.split())) <= 12 and not _item_marker(line, page)


def _item_marker(line: Line, page: PageModel) -> bool:
    """A list's marker alone in the left margin (Word's `⚫` before a tab) with its item's text
    beside it is no thumb-index tab."""
    text = line.text.strip()
    return marker_text(text) == text and marker_kind(text) in ITEM_KINDS and not _stands_alone(line, page)


def _stands_alone(line: Line, page: PageModel) -> bool:
    """A page number stands alone on its row; a number with text right beside it is a
    footnote's number (or a list's), not a folio."""
    size = max(line.size, 1.0)
    cy = (line.bbox[1] + line.bbox[3]) / 2
    for other in page.lines:
        if other is line or abs((other.bbox[1] + other.bbox[3]) / 2 - cy) > 0.5 * size:
            continue
        if 0 <= other.bbox[0] - line.bbox[2] <= 4 * size:
            return False
    return True


def _over_smaller_print(line: Line, page: PageModel) -> bool:
    """Is `line` the title of a table right under it, set larger than most of its page's print (a
    budget book's `一般会計補正予算整理表`, 8.7 pt over its 7.4 pt table), not a small header?  A
    running head over a chart's small labels has no table under it."""
    height = max(line.bbox[3] - line.bbox[1], 1.0)
    if not any(0 <= t.bbox[1] - line.bbox[3] <= 3 * height and t.bbox[0] <= line.bbox[0] and line.bbox[2] <= t.bbox[2] for t in page.tables):
        return False
    sizes = sorted(l.size for l in page.lines if l is not line and not l.vertical)
    return bool(sizes) and line.size >= 1.1 * sizes[len(sizes) // 2]


def _key(line: Line) -> str:
    return _DIGITS.sub("#", "".join(line.text.split()))


# the gap between the heads a running head strings together (`３款　民生費　　５項　生活保護費`)
_HEAD_GAP = regex.compile(r"[\s　]{2,}")


def _echoes_heads(line: Line, page: PageModel) -> bool:
    """Is a top-band line the page's own heads strung together, each printed again below (a budget
    book's `３款　民生費　　５項　生活保護費` over `３款　民生費` / `５項　生活保護費`, whatever 款 and 項 the
    page is in: too many different ones to repeat on enough pages)?"""
    parts = ["".join(p.split()) for p in _HEAD_GAP.split(line.text.strip()) if p.strip()]
    if len(parts) < 2:
        return False
    below = {"".join(l.text.split()) for l in page.lines if l is not line and l.bbox[1] >= line.bbox[3]}
    return all(p in below for p in parts)


def find_running_lines(pages: list[PageModel], body_size: float) -> set[tuple[int, int]]:
    """(page number, line index) of every running header, footer and page number: repeated
    in the margin bands, a page number, or small print alone in the top band (headers
    that alternate between odd and even pages repeat too rarely in short documents)."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update({_key(l) for l in page.lines if _in_band(l, page)})
    threshold = max(2, int(0.4 * len(pages) + 0.999))
    running = set()
    for page in pages:
        for i, line in enumerate(page.lines):
            if _side_tab(line, page):
                running.add((page.number, i))
                continue
            if not _in_band(line, page):
                continue
            top_small = (
                line.bbox[3] < page.height * BAND and line.size < 0.9 * body_size and len(line.text.strip()) <= 60
                and marker_kind(line.text.strip()) not in SECTION_ITEM_KINDS
                and not _over_smaller_print(line, page)
            )
            if PAGE_NUMBER.match(line.text.strip()):
                if _stands_alone(line, page):
                    running.add((page.number, i))
                continue
            # the echo test last: it reads the whole page below the line
            if counts[_key(line)] >= threshold or top_small or (line.bbox[3] < page.height * BAND and _echoes_heads(line, page)):
                running.add((page.number, i))
    return running
