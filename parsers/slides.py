"""Slides (PowerPoint and its kin): a page is a set of drawn boxes, not a text column.

On a slide the title of a box is text set alone in a small tinted box (a band
across the top, a rounded label over a panel); its bullets (●, ✓, ➢, drawn as a glyph or
a Wingdings character) are list items; lines break by hand, so a line stopping short of
its panel's edge does not end its paragraph unless its sentence ends there.  The date and
issuer printed in a slide's top corner are part of the slide, not a running head: each
slide is a page of its own, and its top band holds its title.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import regex

from shiryo.parsers.headings import SENTENCE_END
from shiryo.parsers.model import BBox, Block, Line, PageModel, Table, centre_in
from shiryo.parsers.numbering import marker_kind
from shiryo.parsers.running import BAND, PAGE_NUMBER
from shiryo.parsers.tables.base import without_top_rows

SLIDE_MAKERS = regex.compile(r"PowerPoint|Keynote|Impress|Google Slides", regex.I)
# a bullet glyph opening a slide line (Wingdings ✓ comes through as U+F0FC or ✓)
BULLET = regex.compile(r"^\s*[●⚫•・✓✔➢➤►▶▸◆◇■□○〇◎☐\uf0fc\uf0d8\uf0a7\uf06c\uf0a8\uf06e]")
# a line ending mid-clause (a particle, a comma, a dash or an opening bracket) goes on below
OPEN_END = regex.compile(r"[\p{Hiragana}、，,～〜\-－（(「『【]\s*$")
# a bracketed label set alone (≪主要な論点≫) heads the boxes under it
SLIDE_LABEL = regex.compile(r"^[≪《〈][^≫》〉]{1,30}[≫》〉]$")
ANY_LABEL = regex.compile(r"^[≪《〈＜<【［\[][^≫》〉＞>】］\]]{1,30}[≫》〉＞>】］\]]$")
MAX_TITLE_LINES = 3
# a request to the reader (お読みください, ご注意ください) set in a banner is a notice, not a title over the slide
NOTICE = regex.compile(r"(?:ください|下さい|願います|お願いします|ご注意|厳禁)[!！。]?$")


def is_slide_deck(metadata: dict) -> bool:
    """Made by a presentation program (the PDF's creator or producer says so)."""
    return any(SLIDE_MAKERS.search(str(metadata.get(key) or "")) for key in ("creator", "producer"))


def drawn_boxes(page, width: float, height: float) -> list[tuple[BBox, bool]]:
    """Boxes drawn on a slide, each with whether it is tinted (filled in a colour, not white):
    title bands, rounded labels, panels, drawn bullets.  The page background and hairlines
    are left out."""
    boxes = []
    for path in page.get_cdrawings():
        x0, y0, x1, y1 = path["rect"]
        if x1 - x0 < 1.5 or y1 - y0 < 1.5 or (x1 - x0) * (y1 - y0) > 0.9 * width * height:
            continue
        fill = path.get("fill") if "f" in (path.get("type") or "") else None
        tinted = fill is not None and len(fill) >= 3 and min(fill[:3]) < 0.95
        boxes.append(((x0, y0, x1, y1), tinted))
    return boxes


def keep_slide_text(pages: list[PageModel], running: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The running lines of a slide deck that really are running: page numbers and what
    repeats in the bottom band (a footer).  A slide's title, date and issuer in its top band
    and its bullets near the side edge are the slide's own text."""
    kept = set()
    for page in pages:
        for i, line in enumerate(page.lines):
            if (page.number, i) not in running:
                continue
            bottom = (line.bbox[1] + line.bbox[3]) / 2 > page.height * (1 - BAND)
            if (bottom and not BULLET.match(line.text)) or PAGE_NUMBER.match(line.text.strip()):
                kept.add((page.number, i))
    return kept


@dataclass(slots=True)
class SlideLayout:
    """What the drawn boxes of one slide say about its lines (ids of Line objects)."""

    width: float
    boxes: list[BBox] = field(default_factory=list)
    title_box: dict[int, int] = field(default_factory=dict)  # line → index of the tinted title box it sits in
    title_sizes: list[float] = field(default_factory=list)  # type sizes of the slide's titles, largest first
    drawn_bullet: set[int] = field(default_factory=set)  # lines with a bullet drawn as a shape before them

    def boxed_title(self, line: Line) -> bool:
        return id(line) in self.title_box

    def has_drawn_bullet(self, line: Line) -> bool:
        return id(line) in self.drawn_bullet

    def same_title(self, prev: Line, line: Line) -> bool:
        box = self.title_box.get(id(prev))
        return box is not None and self.title_box.get(id(line)) == box

    def title_level(self, line: Line) -> int:
        """Level 2 for the slide's largest titles, one deeper for each smaller size of title
        (outline.py ranks the document's headings after)."""
        return 2 + sum(1 for s in self.title_sizes if s > 1.05 * line.size)

    def open_end(self, line: Line) -> bool:
        """May the text of `line` (a block's last) go on in the next column or page?"""
        return bool(OPEN_END.search(line.text)) or (self.fills_box(line) and not stands_alone(line))

    def fills_box(self, line: Line) -> bool:
        """Does `line` run to the right edge of the smallest box around it (or of the page)?"""
        around = [b for b in self.boxes if centre_in(line.bbox, b, 1.0)]
        right = min(around, key=lambda b: (b[2] - b[0]) * (b[3] - b[1]))[2] if around else self.width
        return line.bbox[2] >= right - 3 * max(line.size, 1.0)


def lift_title_row(tables: list[Table], lines: list[Line], height: float) -> list[Table]:
    """A slide whose artwork (a form, a screenshot with callouts) is drawn in a grid has its
    title band caught as the grid's first row: one cell across every column, in the top band,
    holding one to three short title lines.  That row is the slide's title, not a table row:
    the table starts below it (the title's lines, no longer inside it, become a heading)."""
    out = []
    for table in tables:
        first = [c for c in table.cells if c.row == 0]
        rest = [c for c in table.cells if c.row > 0]
        if len(first) != 1 or first[0].colspan != table.n_cols or not rest or first[0].bbox[3] > BAND * height:
            out.append(table)
            continue
        inside = [l for l in lines if not l.vertical and centre_in(l.bbox, first[0].bbox, 1.0)]
        texts = [l.text.strip() for l in inside]
        if not 1 <= len(inside) <= MAX_TITLE_LINES or any(len(t) > 60 or t.endswith(SENTENCE_END) or BULLET.match(t) for t in texts):
            out.append(table)
            continue
        out.append(without_top_rows(table, 1))
    return out


def slide_layout(lines: list[Line], boxes: list[tuple[BBox, bool]], width: float) -> SlideLayout:
    """A tinted box holding only one to three short unfinished lines, and fitting them closely,
    is a title box: its lines are one heading.  A panel holds body text; a highlight laid
    behind part of a line or a bulleted line is emphasis, not a title."""
    layout = SlideLayout(width=width, boxes=[b for b, _ in boxes])
    taken: set[int] = set()
    tinted = [(n, b) for n, (b, t) in enumerate(boxes) if t]
    for n, box in sorted(tinted, key=lambda nb: (nb[1][3] - nb[1][1]) * (nb[1][2] - nb[1][0])):
        inside = [l for l in lines if not l.vertical and centre_in(l.bbox, box, 1.0)]
        if not inside or len(inside) > MAX_TITLE_LINES or any(id(l) in taken for l in inside):
            continue
        texts = [l.text.strip() for l in inside]
        if any(len(t) > 60 or t.endswith(SENTENCE_END) or BULLET.match(t) for t in texts):
            continue
        size = max(l.size for l in inside)
        x0, y0 = min(l.bbox[0] for l in inside), min(l.bbox[1] for l in inside)
        x1, y1 = max(l.bbox[2] for l in inside), max(l.bbox[3] for l in inside)
        if box[3] - box[1] > y1 - y0 + 2.5 * size or box[0] > x0 - 2 or box[2] < x1 + 2:
            continue  # a panel with room for more than its lines, or a highlight flush with its text
        for line in inside:
            layout.title_box[id(line)] = n
            taken.add(id(line))
    layout.drawn_bullet = {id(l) for l in lines if _drawn_bullet_before(l, tinted, lines)}
    layout.title_sizes = sorted({round(l.size, 1) for l in lines if id(l) in layout.title_box}, reverse=True)
    return layout


def _drawn_bullet_before(line: Line, tinted: list[tuple[int, BBox]], lines: list[Line]) -> bool:
    """A small filled shape (a dot, a square, a triangle) drawn just left of the line's first
    character, level with it, and no text beside it on the left: a bullet without a glyph."""
    if line.vertical:
        return False
    size = max(line.size, 1.0)
    mid = (line.bbox[1] + line.bbox[3]) / 2
    for _, b in tinted:
        w, h = b[2] - b[0], b[3] - b[1]
        if not (0.15 * size <= w <= 0.9 * size and 0.15 * size <= h <= 0.9 * size):
            continue
        if abs((b[1] + b[3]) / 2 - mid) <= 0.35 * size and 0 <= line.bbox[0] - b[2] <= 1.5 * size:
            if not any(o is not line and o.bbox[2] > b[0] - size and o.bbox[0] < b[0] and o.bbox[1] < mid < o.bbox[3] for o in lines):
                return True
    return False


def is_bullet_line(text: str) -> bool:
    return bool(BULLET.match(text))


def is_slide_label(text: str) -> bool:
    return bool(SLIDE_LABEL.match(text.strip()))


def runs_on(prev: Line, line: Line, prev_is_marked: bool, first_text_start: float | None, fills_box: bool) -> bool:
    """Does `line` carry on the paragraph or item of `prev` on a slide?  Only where `prev` ends
    mid-clause or runs to its box's edge, and `line` stands under an item's text (not its
    marker) or straight under `prev`.  `first_text_start`: where the text of the block's first
    line begins after its marker, when it has one (None for a paragraph)."""
    if is_bullet_line(line.text) or prev.text.rstrip().endswith(SENTENCE_END):
        return False
    if not (fills_box or OPEN_END.search(prev.text)):
        return False
    size = max(line.size, 1.0)
    if first_text_start is not None and abs(line.bbox[0] - first_text_start) <= 0.6 * size:
        return True  # an item's wrapped line hangs under its text
    if prev_is_marked:
        return False  # straight under a marker line is the next paragraph
    return abs(line.bbox[0] - prev.bbox[0]) <= 0.6 * size


def stands_alone(prev: Line) -> bool:
    """A short line not ending mid-clause is a line of its own on a slide: a date, an issuer, a label."""
    text = prev.text.strip()
    return len(text) <= 12 and not OPEN_END.search(text)


def join_row_fragments(lines: list[Line]) -> list[Line]:
    """Pieces of one printed line split around an inline icon (`「` [icon] `申請様式一式」…`)
    become one line: same row, same size, a gap of under three characters between them."""
    out: list[Line] = []
    for line in sorted(lines, key=lambda l: (round(l.bbox[1]), l.bbox[0])):
        prev = out[-1] if out else None
        if prev is not None and not line.vertical and not prev.vertical:
            size = max(prev.size, 1.0)
            same_row = abs(prev.bbox[1] - line.bbox[1]) <= 0.3 * size and abs(prev.bbox[3] - line.bbox[3]) <= 0.3 * size
            if same_row and abs(prev.size - line.size) <= 0.1 * size and 0 < line.bbox[0] - prev.bbox[2] <= 3 * size and len(prev.text.strip()) <= 2:
                prev.spans = prev.spans + line.spans
                prev.bbox = (prev.bbox[0], min(prev.bbox[1], line.bbox[1]), line.bbox[2], max(prev.bbox[3], line.bbox[3]))
                continue
        out.append(line)
    order = {id(l): n for n, l in enumerate(lines)}
    return sorted(out, key=lambda l: order[id(l)])


def slide_levels(blocks: list[Block]) -> None:
    """Heading levels of a slide deck, slide by slide: each slide is an outline of its own, its
    largest titles at level 1.  Type size ranks a slide's headings (sizes within 5 % are one
    rank); within a rank a plain title heads a bracketed label (≪主要な論点≫, 【…】), and a
    label heads the numbered box titles under it (①…, ②…)."""
    by_page: dict[int, list[Block]] = {}
    for block in blocks:
        if block.kind == "heading" and block.lines:
            by_page.setdefault(block.page, []).append(block)
    for headings in by_page.values():
        sizes = sorted({max(l.size for l in b.lines) for b in headings}, reverse=True)
        rank_of: dict[float, int] = {}
        top = None
        for size in sizes:
            if top is None or size < 0.95 * top:
                top = size
                rank = len(set(rank_of.values()))
            rank_of[size] = rank
        keys = {}
        for block in headings:
            text = block.text.strip()
            sub = 2 if marker_kind(text) not in (None, "bullet") else (1 if ANY_LABEL.match(text) else 0)
            keys[id(block)] = (rank_of[max(l.size for l in block.lines)], sub)
        titles = [keys[id(b)] for b in headings if not NOTICE.search(b.text.strip())]
        for block in headings:
            if titles and NOTICE.search(block.text.strip()) and keys[id(block)] < min(titles):
                keys[id(block)] = min(titles)  # a banner over the title: the title's sibling, not its parent
        order = sorted(set(keys.values()))
        for block in headings:
            block.level = 1 + order.index(keys[id(block)])
