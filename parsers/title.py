"""A document's title from its first page: the lines set in the page's largest type.

Metadata titles are often blank (`' '`), a file name (`Microsoft Word - dp2021_06_att`) or half a
title (`商法(船荷証券等関係)部会資料` over a 要綱案), so the printed page decides: the run of lines in
the first page's largest type (bigger than the body), read top to bottom — a title wrapped over
two lines (`船荷証券に関する規定等の見直し` / `に関する中間試案の補足説明`) is one title.  Dates, page
numbers, contents headings and instructions (`…お読みください`) are not titles; a short label
(`付録`, `第２章`) takes the next line of its type with it.
"""
from __future__ import annotations

import regex

from shiryo.parsers.headings import DATE_LINE, SENTENCE_END
from shiryo.parsers.joining import collapse_spaced, join_pair
from shiryo.parsers.model import Block, Line, PageModel
from shiryo.parsers.numbering import marker_kind, marker_text
from shiryo.parsers.outline import CONTENTS_TITLES, _squeezed

# no title: a page number, a date, a sentence or an instruction, leader dots of a contents entry
_NOT_TITLE = regex.compile(r"^[-－‐—\s0-9０-９]*$|(?:ください|ます|です|。)$|(?:[.．・…‥]\s*){4,}")
_BRACKETS = "＜<【［[（(〈＞>】］]）)〉"
LABEL_CHARS = 4  # `付録`, `別紙`, `第２章`: a label, not the whole title
MIN_TITLE_SCALE = 1.1  # a title's type is larger than the body's by at least this
KICKER_SCALE = 0.6  # a line leading into the title is at least this fraction of its type
KICKER_GAP = 3.0  # … and stands at most this many times the title's type above it (a cover's 令和８年度)
MAX_TITLE_CHARS = 200


def _candidate(line: Line, running: set[str]) -> bool:
    text = line.text.strip()
    squeezed = "".join(text.split())
    return (
        not line.vertical
        and bool(squeezed)
        and text not in running
        and not DATE_LINE.match(text)
        and not _NOT_TITLE.search(squeezed)
        and squeezed.strip(_BRACKETS) not in CONTENTS_TITLES
    )


def _overlap(a: Line, b: Line) -> bool:
    """Do two lines share a printed row (a chapter number set beside its two-line title does)?"""
    inter = min(a.bbox[3], b.bbox[3]) - max(a.bbox[1], b.bbox[1])
    return inter >= 0.3 * min(a.bbox[3] - a.bbox[1], b.bbox[3] - b.bbox[1])


def _rows(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped into printed rows, top to bottom, each row left to right (a title's number
    and its words are separate lines; a letter-spaced 給 与 費 明 細 書 is one per character)."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda l: (l.bbox[1], l.bbox[0])):
        if rows and any(_overlap(line, other) for other in rows[-1]):
            rows[-1].append(line)
        else:
            rows.append([line])
    return [sorted(row, key=lambda l: l.bbox[0]) for row in rows]


def _row_text(row: list[Line]) -> str:
    text = row[0].text.strip()
    for a, b in zip(row, row[1:]):
        apart = b.bbox[0] - a.bbox[2] >= 0.8 * max(a.size, 1.0)
        text = text + " " + b.text.strip() if apart else join_pair(text, b.text)
    return collapse_spaced(text)


def _centre(row: list[Line]) -> float:
    return (min(l.bbox[0] for l in row) + max(l.bbox[2] for l in row)) / 2


def _join(text: str, piece: str) -> str:
    """Rows of a title: a label (付録) or a numbered row (10 キャリアアップ助成金) stands apart."""
    if text and (len("".join(text.split())) <= LABEL_CHARS or marker_kind(piece)):
        return f"{text} {piece}"
    return join_pair(text, piece)


def _bracketed_below(last: list[Line], lines: list[Line], top: float) -> str | None:
    """A bracketed qualifier of the title right below its last row, on its axis, in smaller type
    (`（附予算説明書）` under `一般会計予算書`): the title's own last words, not a cover line."""
    bottom = max(l.bbox[3] for l in last)
    below = [
        r for r in _rows([l for l in lines if KICKER_SCALE * top <= l.size < top - 0.5])
        if 0 <= min(l.bbox[1] for l in r) - bottom <= KICKER_GAP * top and abs(_centre(r) - _centre(last)) <= 2 * top
    ]
    if not below:
        return None
    text = _row_text(below[0])
    return text if _QUALIFIER.match(text) else None


# a title's qualifier in brackets of its own: （附予算説明書）, （案）, （概要）
_QUALIFIER = regex.compile(r"^[（(][^（()）]{1,20}[）)]$")


def page_title(page: PageModel | None, body_size: float, running: set[str] = frozenset()) -> str | None:
    """The title printed on `page` (the document's first), or None when nothing on it stands
    out from the body type."""
    if page is None:
        return None
    lines = [l for l in page.lines if _candidate(l, running)]
    if not lines:
        return None
    top = max(l.size for l in lines)
    if top < body_size * MIN_TITLE_SCALE:
        return None
    rows = [r for r in _rows([l for l in lines if l.size >= top - 0.5]) if len("".join(_row_text(r).split())) >= 2]
    if not rows:
        return None
    title_rows = [rows[0]]
    if len("".join(_row_text(rows[0]).split())) <= LABEL_CHARS and len(rows) > 1:
        title_rows.append(rows[1])  # 付録 … データ人材フレームワーク案
    for row in rows[len(title_rows):]:
        # a title wrapped onto the next line sits right below, not across the page
        if row[0].bbox[1] - max(l.bbox[3] for l in title_rows[-1]) > 1.5 * top:
            break
        title_rows.append(row)
    # a smaller line right above, on the title's axis, leads into it (令和6年度補正予算 … / 交付申請に関する変更点)
    first = title_rows[0]
    above = [
        r for r in _rows([l for l in lines if KICKER_SCALE * top <= l.size < top - 0.5])
        if 0 <= first[0].bbox[1] - max(l.bbox[3] for l in r) <= KICKER_GAP * top and abs(_centre(r) - _centre(first)) <= 2 * top
    ]
    text = ""
    for row in title_rows:
        text = _join(text, _row_text(row))
    qualifier = _bracketed_below(title_rows[-1], lines, top)
    if qualifier:  # （附予算説明書） under 一般会計予算書, in smaller type: part of the title
        text = join_pair(text, qualifier)
    if above:  # in smaller type: a line of its own before the title (令和８年度 一般会計予算書)
        text = f"{_row_text(above[-1])} {text}"
    return text.strip()[:MAX_TITLE_CHARS] or None


def document_title(printed: str | None, metadata: dict) -> str | None:
    """The document's title: the one printed on its first page, unless that is a numbered section
    (`１．基本的な考え方` on an 抜粋 that prints no title) and the metadata holds a real one."""
    meta = metadata_title(metadata)
    if printed and meta and marker_kind(printed) not in (None, "part", "chapter"):
        return meta
    if printed and meta and marker_text(printed).strip() == printed.strip():
        return meta  # only a number is printed large (白書: 第１章 over its title in smaller type)
    return printed or meta


# a metadata title that is a program's file label or a file name, not a title
_FILE_LIKE = regex.compile(r"^(?:Microsoft\s+(?:Word|Excel|PowerPoint)\s+-\s+|スライド\s*\d)|\.(?:docx?|xlsx?|pptx?|jtd|pdf)$|^[A-Za-z0-9_.\-]+$", regex.I)


def metadata_title(metadata: dict) -> str | None:
    """The metadata's title when it reads as one (not blank, not a file name)."""
    title = (metadata.get("title") or "").strip()
    if not title or _FILE_LIKE.search(title):
        return None
    return title


PROMOTED_TITLE_LINES = 2  # a title wrapped once; three lines in large type are a passage (a lead)


def promote_printed_title(blocks: list[Block], title: str | None) -> set[int]:
    """The title printed on the first page but typed a paragraph (a sheet's two-line bold title
    over its table, too long for a heading) is the document's top heading: returns its id (level 1
    in `outline.assign_levels`), or nothing when a heading already holds it.  In place."""
    if not title or not blocks:
        return set()
    wanted = _squeezed(title)
    first = min(b.page for b in blocks)
    on_first = [b for b in blocks if b.page == first]
    if any(b.kind == "heading" and _squeezed(b.text) in wanted for b in on_first):
        return set()
    for block in on_first:
        if (
            block.kind == "paragraph" and len(block.lines) <= PROMOTED_TITLE_LINES and _squeezed(block.text) == wanted
            and not block.text.rstrip().endswith(SENTENCE_END)
        ):
            block.kind, block.level = "heading", 1
            return {id(block)}
    return set()
