"""Lines in reading order → blocks: headings, paragraphs, list items, captions.

A new block starts at a heading, caption or list marker, after a paragraph gap,
at an indented first line, after a line that stopped short of the column's
right edge, or where the reading order jumps to another column.
"""
from __future__ import annotations

from bisect import bisect_right

import functools
import unicodedata
from dataclasses import dataclass

import regex

from shiryo.parsers.clustering import rows
from shiryo.parsers.headings import (
    MAX_HEADING_CHARS, SENTENCE_END, is_caption, is_list_start, is_short_title, looks_like_heading, pattern_level,
)
from shiryo.parsers.joining import attach_beside, collapse_spaced, join_lines
from shiryo.parsers.model import Block, Line, union
from shiryo.parsers.numbering import ITEM_KINDS, marker_kind, marker_text, opens_with_label
from shiryo.parsers.patterns import UNIT_LABEL
from shiryo.parsers.sentence_flow import enumerates_inline, resized_after_sentence, runs_off_column
from shiryo.parsers.settings import DEFAULT_SETTINGS, LayoutSettings
from shiryo.parsers.slides import SlideLayout, is_bullet_line, is_slide_label, runs_on, stands_alone
from shiryo.parsers.whole_headings import heading_text, numbered_title_wraps_level, opens_paragraph_below, title_goes_on, wrapped_heading_level


@dataclass(slots=True)
class TextStats:
    """Document-wide typography: what body text looks like."""

    body_size: float = 10.0
    body_bold: bool = False
    body_font: str = ""
    slides: bool = False  # a slide deck (parsers/slides.py): boxes, bullets and hand-broken lines
    cjk_faces: frozenset = frozenset()  # font families that print Japanese text here (not Latin-only faces)

    def stands_out(self, line: Line) -> bool:
        """Set apart from body text by weight or by typeface (a Gothic heading over Mincho body)."""
        if line.bold and not self.body_bold:
            return True
        return bool(self.body_font) and font_family(line.font) != font_family(self.body_font) and line.size >= self.body_size * 0.95


    def number_stands_out(self, line: Line) -> bool:
        """A section number printed in a Japanese face of its own (Gothic `５`, `2)` before a
        Mincho title: Word's heading numbering) sets its line apart; digits in a Latin face
        (Century) do not."""
        span = next((s for s in line.spans if s.text.strip()), None)
        text = spaced_text(line)
        marker = marker_text(text)
        if span is None or not marker or marker_kind(text) not in _SECTION_NUMBER_KINDS or not marker.startswith(span.text.strip()):
            return False
        family = font_family(span.font)
        return family != font_family(self.body_font) and family in self.cjk_faces and span.size >= self.body_size * 0.95


_SECTION_NUMBER_KINDS = frozenset({"number", "number_paren", "number_dot", "decimal1", "decimal2", "decimal3"})


@functools.lru_cache(maxsize=4096)  # asked for every span of every page, of a few dozen fonts
def font_family(font: str) -> str:
    """Font name without subset prefix and weight/style suffixes."""
    name = font.split("+", 1)[-1].split(",", 1)[0]
    # MS-Gothic and MS-Mincho are two faces: only a weight or style after the hyphen goes
    return _STYLE_SUFFIX.sub("", name).lower()


_STYLE_SUFFIX = regex.compile(r"-(?:bold|regular|italic|light|medium|semibold|demibold|black|heavy|oblique|book|roman|w\d+)\b.*$", regex.I)


def spaced_text(line: Line) -> str:
    """The line's text with a space where its spans stand apart: PyMuPDF drops the blank span
    between a number and its title (`２` … `自治体で…`), and the marker grammar needs it."""
    spans = line.spans
    if len(spans) < 2:
        return line.text
    parts = [spans[0].text]
    for a, b in zip(spans, spans[1:]):
        if b.bbox[0] - a.bbox[2] > 0.4 * max(a.size, 1.0) and not a.text.endswith((" ", "\u3000")) and not b.text.startswith((" ", "\u3000")):
            parts.append(" ")
        parts.append(b.text)
    return "".join(parts)


def _kind_of(line: Line, stats: TextStats) -> tuple[str, int]:
    text = spaced_text(line).strip()
    level = looks_like_heading(text, line.size, stats.stands_out(line) or stats.number_stands_out(line), stats.body_size)
    if is_caption(text):
        return "caption", 0
    if TOC_ENTRY.search(text):
        return "list_item", 0  # a contents entry (title …… 5) is no heading
    if level is None and is_label_heading(text):
        return "heading", 7
    if level is not None:
        return "heading", level
    if is_list_start(text):
        return "list_item", 0
    return "paragraph", 0


# a bracketed label alone on its line: an article's caption in legal text (（組織）), a tag
BRACKET_LABEL = regex.compile(r"^[（(【][^）)】。、]{1,30}[）)】]$")
# an angle-bracketed label alone on its line (`＜不適切な行為の例＞`, `＜第１期＞`, `＜…（マイデータ）意見交換会 参加者＞`)
ANGLE_LABEL = regex.compile(r"^[＜<][^＞>]{1,30}[＞>]$")
# words a bracketed label may not hold to be a heading: notes, units, sources are no sections
_NOT_A_SECTION = regex.compile(r"注|単位|出典|資料|参照|引用|中略|[0-9０-９]|[元一二三四五六七八九十]年|第[一二三四五六七八九十百千]+号|^[（(][^）)]{1}[）)]$")


def _bracket_label(text: str) -> bool:
    """A bracketed caption alone on its line (（組織）, ＜…参加者＞ over a roster set right under it, cio
    2020-02 p16), not a bracketed year (（2018）) wrapped onto a line of its own."""
    t = text.strip()
    return bool(BRACKET_LABEL.match(t) or ANGLE_LABEL.match(t)) and not regex.fullmatch(r"[（(](?:[0-9０-９\s]+|\s*[※＊*][0-9０-９]*\s*)[）)]", t)


def is_label_heading(text: str) -> bool:
    """A bracketed caption alone on its line heads what follows: an article's （組織）, a
    draft's （補足説明）, 【…】 — but not （注）, （単位：千円）, （１）."""
    return bool(BRACKET_LABEL.match(text)) and not _NOT_A_SECTION.search(text)


# a table-of-contents entry: title, leader dots, page number; each is a record of its own
TOC_ENTRY = regex.compile(r"(?:[.．・…‥·]\s*){4,}[0-9０-９ivxlcIVXLC]{0,4}\s*$|(?:[.．…‥]\s*){2,}[0-9０-９]{1,3}\s*$")
# the leaders and page number of a contents entry whose title filled the line above
LEADERS_ONLY = regex.compile(r"^\s*(?:[.．・…‥·]\s*){4,}[0-9０-９ivxlcIVXLC]{1,4}\s*$")


def _same_column(prev: Line, line: Line) -> bool:
    """Does `line` continue straight below `prev` (overlapping horizontally, not above it)?"""
    overlap = min(prev.bbox[2], line.bbox[2]) - max(prev.bbox[0], line.bbox[0])
    return overlap > 0 and line.bbox[1] >= prev.bbox[1] + 0.3 * max(prev.size, 1.0)


def _column_rights(lines: list[Line]):
    """`column_right(line)`: the right edge of `line`'s column, the furthest that lines of the
    same size above or below it reach (a larger heading spanning both columns says nothing of
    the column, nor does a figure caption across the page).  Sizes and captions are worked out
    once per page and each line's edge once: every line and block of the page asks."""
    sizes = [l.size for l in lines]
    measured = [(l.bbox[0], l.bbox[2], size) for l, size, caption in zip(lines, sizes, (is_caption(l.text) for l in lines)) if not caption]
    edges: dict[int, float] = {}

    def column_right(line: Line) -> float:
        key = id(line)
        if key not in edges:
            size = line.size
            tol = 0.1 * max(size, 1.0)
            x0, x1 = line.bbox[0], line.bbox[2]
            edges[key] = max([x1] + [r for l0, r, s in measured if min(r, x1) - max(l0, x0) > 0 and abs(s - size) <= tol])
        return edges[key]

    return column_right


def _usual_line_gap(lines: list[Line]) -> float:
    """The usual blank between two lines of running text here (double-spaced documents leave
    more than a paragraph break of a tightly set one)."""
    gaps = sorted(
        b.bbox[1] - a.bbox[3]
        for a, b in zip(lines, lines[1:])
        if not a.vertical and not b.vertical and _same_column(a, b) and abs(a.size - b.size) <= 0.1 * max(a.size, 1.0) and 0 <= b.bbox[1] - a.bbox[3] < 2.5 * max(a.size, 1.0)
    )
    return gaps[len(gaps) // 2] if len(gaps) >= 3 else 0.0


_LAYOUT = DEFAULT_SETTINGS.layout


# a short label spread to a set width (均等割付: `総　　括`, `歳　　入`): its spaces fill the width,
# so a column of such labels looks full though nothing in it wraps
_SPREAD_LABEL = regex.compile(r"^\s*\S{1,6}(?:[\u3000 ]+\S{1,6})*?\u3000{2,}\S{1,6}(?:[\u3000 ]+\S{1,6})*\s*$")


def _wraps_on(line: Line, nxt: Line | None, column_right, layout: LayoutSettings = _LAYOUT) -> bool:
    """Does `line` run to its column's right edge and carry on in the line right below it?"""
    if nxt is None or nxt.vertical or not _same_column(line, nxt) or _SPREAD_LABEL.match(line.text):
        return False
    if marker_kind(spaced_text(nxt)) in ITEM_KINDS - {"bullet"} and nxt.bbox[0] > line.bbox[0] + 0.3 * max(line.size, 1.0):
        return False  # an indented line opening with a marker of its own (`(３）…` / ` ア …`) starts the next item
    size = max(line.size, 1.0)
    full = line.bbox[2] >= column_right(line) - layout.short_line * size
    return full and nxt.bbox[1] - line.bbox[3] < layout.paragraph_gap * size and abs(nxt.size - line.size) <= layout.size_change * size


def attach_markers(lines: list[Line]) -> list[Line]:
    """A bullet, ※, item number or article number set as a line of its own (Word's list
    numbering, a tab after ⚫) joins the text printed beside it on the same row.  Section
    numbers (第１章) stay apart: the white papers set them as headings of their own."""
    markers = [
        l for l in lines
        if not l.vertical and 0 < len(l.text.strip()) <= 8 and marker_text(l.text) == l.text.strip() and _attaches(marker_kind(l.text))
    ]
    if not markers:
        return lines

    def fits(marker: Line, line: Line) -> bool:
        mid = (marker.bbox[1] + marker.bbox[3]) / 2
        return line.bbox[1] <= mid <= line.bbox[3] and 0 <= line.bbox[0] - marker.bbox[2] <= 3 * max(marker.size, 1.0)

    return attach_beside(lines, markers, fits, lambda marker, beside: min(beside, key=lambda l: l.bbox[0]))


def _attaches(kind: str | None) -> bool:
    """Item markers, and decimal section numbers (`2.4.1` set apart from `補助対象者` by a tab);
    not 第１章, which the white papers set as a heading of its own."""
    return kind in ITEM_KINDS or (kind or "").startswith("decimal")


def _opens_with_marker(line: Line) -> bool:
    """An item, a numbered provision (第３条, ２ 前項…) or a list number: its wrapped lines may
    hang under its text, not under its marker."""
    return marker_kind(spaced_text(line)) is not None


PASSAGE_LINE_CHARS = 25  # a line of running text, longer than a section title's


def _plain_or_same_face(line: Line, nxt: Line | None, stats: TextStats) -> bool:
    """Body type, or a face set apart only by the same face going on in the next line (a passage
    in Gothic, not a title over its Mincho text), at body size."""
    if not stats.stands_out(line):
        return True
    return (
        nxt is not None and line.size < stats.body_size * 1.15 and len(line.text.strip()) >= PASSAGE_LINE_CHARS
        and nxt.font == line.font and nxt.bold == line.bold and abs(nxt.size - line.size) <= 0.05 * max(line.size, 1.0)
    )


def _carried_on(prev: Line, line: Line, column_right) -> bool:
    """Does the unfinished line above run into `line` in the same face and size?  Then `line`
    goes on with it, whatever its face says."""
    return (
        prev.font == line.font and prev.bold == line.bold and abs(prev.size - line.size) <= 0.05 * max(line.size, 1.0)
        and not prev.text.rstrip().endswith(SENTENCE_END) and _wraps_on(prev, line, column_right)
    )


_OPEN_BRACKET_END = regex.compile(r"[（(]注?\s*$")


def _quote_left_open(prev: Line, line: Line) -> bool:
    """Does `line` go on inside a 「 quotation the line above left open (`…「基本要件` /
    `③：事業所内最低賃金水準要件」の…`)?  Its ③ is no item."""
    return (
        prev.text.count("「") > prev.text.count("」") and line.text.count("」") > line.text.count("「")
        and _same_column(prev, line) and line.bbox[1] - prev.bbox[3] < 0.9 * max(line.size, 1.0)
    )


# a line's first unbreakable run: opening brackets (never left at a line's end) and a Latin word or number,
# or one character with the marks that may not open a line (禁則: `え、`, `っ`, `ー`) that Word carries over with it
_OPENING_WORD = regex.compile(
    r"^\s*([「『（(［\[]*[\p{Latin}0-9０-９][\p{Latin}0-9０-９.．,_/:\-]*|[^\s「『（(［\[][、。，．,.）)」』】〕］\]・ー～ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ!?！？：:；;]+)"
)
# a field's label opening a line (`TEL：`, `メールアドレス：`): a word, then a colon (not a time `10:00`, not `https://`)
_FIELD_LABEL = regex.compile(r"^\s*(?=[^\s：:]*\p{L})[^\s：:、。，,（(「」]{1,10}[：:](?!//)\s*\S")


def field_rows(first: str, text: str) -> bool:
    """Are `first` (an entry's first line) and `text` two fields of a contact block, each opening
    with its label (`TEL：…` / `メールアドレス：…`)?  Then `text` opens an entry of its own."""
    return bool(_FIELD_LABEL.match(first)) and bool(_FIELD_LABEL.match(text))


def _wrapped_before_word(prev: Line, line: Line, column_right) -> bool:
    """Does `prev` stop short only because the word opening `line` did not fit in the room left
    (`…また、外部有識者が` / `「4.1.2 書面審査項目…」に沿って…`, 公募要領 p36: Word moves `「4.1.2`
    whole to the next line)?  The room left is narrower than that word (full-width characters
    measured at the size, half-width at half of it), so the sentence goes on."""
    m = _OPENING_WORD.match(line.text)
    text = prev.text.rstrip()
    if not m or not text or text.endswith(SENTENCE_END + ("：", ":")) or _opens_with_marker(line):
        return False
    size = max(line.size, 1.0)
    word = sum(size * (1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5) for c in m.group(1))
    room = column_right(prev) - prev.bbox[2]
    return (
        0 < room < word and _same_column(prev, line) and 0 <= line.bbox[1] - prev.bbox[3] < 0.9 * size
        # under it, or back at the margin from a paragraph's indented first line (公募要領 p31 `…該` / `た、…`)
        and abs(line.size - prev.size) <= 0.05 * size and prev.bbox[0] - 1.5 * size <= line.bbox[0] <= prev.bbox[0] + 3 * size
    )


def _middle_dot_runs_on(first: Line, prev: Line, line: Line, column_right) -> bool:
    """A `・` opening a line under a line that fills its column unfinished is the enumeration dot
    of the sentence going on (`…資本的・経済的` / `・組織的関連性…`), not a bullet — unless the
    block is itself a `・` list."""
    text = prev.text.rstrip()
    return (
        line.text.lstrip().startswith("・") and not first.text.lstrip().startswith("・") and bool(text)
        and not text.endswith(SENTENCE_END + ("：", ":", "、")) and prev.bbox[2] >= column_right(prev) - max(prev.size, 1.0)
        and _same_column(prev, line) and line.bbox[1] - prev.bbox[3] < 0.9 * max(line.size, 1.0)
    )


def _term_runs_on(first: Line, prev: Line, line: Line, kind: str) -> bool:
    """An item's term broken off after its colon (`・キッズルーム（その他から移動）：` / `子供向け情報だが…`,
    cio 2021-01 p37): the line under it, right under the item's text and with no marker of its own,
    is the term's gloss, the same item."""
    size = max(line.size, 1.0)
    return (
        kind == "list_item" and prev.text.rstrip().endswith(("：", ":")) and not _opens_with_marker(line)
        and not is_bullet_line(line.text) and _same_column(prev, line) and line.bbox[1] - prev.bbox[3] < 0.9 * size
        and abs(line.bbox[0] - _text_start(first)) <= 0.3 * size
    )


def _inside_open_bracket(prev: Line, line: Line) -> bool:
    """Does `line` go on inside a bracket `prev` left open at its end (`…（注` / `１）のうち…`)?
    Its `１）` closes that bracket: no item number."""
    size = max(line.size, 1.0)
    return bool(_OPEN_BRACKET_END.search(prev.text)) and _same_column(prev, line) and line.bbox[1] - prev.bbox[3] < 0.9 * size


def _opens_item(line: Line) -> bool:
    """A step or item number (1., ①, ア), not a section's (第５, 2.1): a section title's next line
    indented under its text is its first paragraph, not the title's second line."""
    return marker_kind(spaced_text(line)) in ITEM_KINDS


def _text_start(line: Line) -> float:
    """x where the text after the line's marker begins (`1.　デザイナ…` → the デ): the next span
    when the marker is a span of its own (Word's list numbers), else measured in the span from
    character widths (full width = the size, half width = half of it)."""
    left = len(marker_text(line.text)) + (len(line.text) - len(line.text.lstrip()))
    for i, span in enumerate(line.spans):
        if left >= len(span.text):
            left -= len(span.text)
            rest = [s for s in line.spans[i + 1:] if s.text.strip()]
            if left == 0 and rest:
                return rest[0].bbox[0]
            continue
        head = span.text[:left] + "".join(regex.findall(r"^\s*", span.text[left:]))
        return span.bbox[0] + sum(span.size * (1.0 if unicodedata.east_asian_width(c) in "WF" else 0.5) for c in head)
    return line.bbox[0]


def _hangs_under(line: Line, nxt: Line | None, after: Line | None) -> bool:
    """Is `nxt` a continuation hanging under the text of the marker line `line` (an item's second
    line), rather than the indented first line of a paragraph below a heading?"""
    if nxt is None or nxt.vertical or not _same_column(line, nxt) or _opens_with_marker(nxt):
        return False
    size = max(line.size, 1.0)
    if not (line.bbox[0] + 0.8 * size <= nxt.bbox[0] <= line.bbox[0] + 6 * size) or nxt.bbox[1] - line.bbox[3] > 0.9 * size:
        return False
    if abs(nxt.bbox[0] - _text_start(line)) > 0.8 * size:
        return False  # indented further (bullets under a numbered title), not under its text
    if after is None or _opens_with_marker(after) or not _same_column(nxt, after) or after.bbox[1] - nxt.bbox[3] > 0.9 * size:
        return True
    # a paragraph's indented first line is followed by lines back at the left edge
    return after.bbox[0] >= nxt.bbox[0] - 0.3 * size


_HIRAGANA_START = regex.compile(r"^\s*\p{Hiragana}")


def _unfinished_short(line: Line, column_right) -> bool:
    """A line stopping short of its column's edge mid-sentence (no 。, no `：` opening a list)."""
    size = max(line.size, 1.0)
    return line.bbox[2] < column_right(line) - 2 * size and not line.text.rstrip().endswith(SENTENCE_END + ("：", ":"))


def _closes_options(prev: Line, line: Line, column_right) -> bool:
    """Is `line` the end of a sentence whose options stood one to a line above it (`丁案：…考え方` /
    `なども考えられるところである。`, bukai_shiryo08 p9): back at the paragraph's left edge, one
    indent left of the options, going on with a particle (hiragana: a sentence never opens so
    at the left edge of a paragraph whose first lines are indented)?"""
    size = max(line.size, 1.0)
    return (
        _unfinished_short(prev, column_right) and _same_column(prev, line) and 0 <= line.bbox[1] - prev.bbox[3] < size
        and 0.6 * size <= prev.bbox[0] - line.bbox[0] <= 1.5 * size and bool(_HIRAGANA_START.match(line.text))
    )


def _option_goes_on(lines: list[Line], n: int, column_right) -> bool:
    """Is line `n` one of a sentence's options written one to a line (`丙案：…考え方` / `丁案：…考え方`)
    under the one before it at the same indent: unfinished lines in a row, ended by the sentence's
    last line back at the left edge (`_closes_options`)?"""
    prev, line = lines[n - 1], lines[n]
    size = max(line.size, 1.0)
    if not (_unfinished_short(prev, column_right) and abs(line.bbox[0] - prev.bbox[0]) <= 0.3 * size):
        return False
    for k in range(n + 1, len(lines)):
        a, b = lines[k - 1], lines[k]
        if b.vertical or not _unfinished_short(a, column_right) or not 0 <= b.bbox[1] - a.bbox[3] < size:
            return False
        if _closes_options(a, b, column_right):
            return True
        if abs(b.bbox[0] - a.bbox[0]) > 0.3 * size:
            return False
    return False


def _make_block(kind: str, level: int, lines: list[Line], page: int) -> Block:
    text = heading_text(lines) if kind == "heading" else join_lines([collapse_spaced(l.text) for l in lines])
    return Block(kind=kind, text=text, bbox=union(l.bbox for l in lines), page=page, lines=lines, level=level, pages=[page],
                 line_pages=[page] * len(lines))


def _beside_obstacle(prev: Line, line: Line, right: float, obstacles) -> bool:
    """Does something (a table, a figure, a box of other text) stand between the end of `prev`
    and its column's right edge, level with `prev` or the line after it?  Then `prev` ended
    early because the text wraps around it, not because its paragraph ended."""
    size = max(prev.size, 1.0)
    top, bottom = prev.bbox[1], line.bbox[3]
    for box in obstacles:
        if prev.bbox[2] - 0.2 * size <= box[0] < right and box[1] < bottom and box[3] > top:
            return True
    return False


def _slide_kind(line: Line, kind: str, level: int, slide: SlideLayout, stats: TextStats) -> tuple[str, int]:
    """On a slide: a bulleted line is an item whatever its type, a boxed title or a ≪label≫ a heading."""
    text = spaced_text(line).strip()
    if is_bullet_line(text) or slide.has_drawn_bullet(line):
        return "list_item", 0
    if slide.boxed_title(line) or is_slide_label(text):
        return "heading", slide.title_level(line)
    return kind, level


def _slide_break(new_block: bool, kind: str, current: list[Line], line: Line, line_kind: str, slide: SlideLayout, gap: float) -> bool:
    """On a slide the lines of one title box are one heading, and a hand-broken line goes on
    (see slides.runs_on) where the generic rules saw a line stopping short."""
    prev, first = current[-1], current[0]
    if slide.same_title(prev, line):
        return False
    if kind not in ("paragraph", "list_item") or line_kind != "paragraph":
        return new_block
    if not new_block:
        return kind == "paragraph" and stands_alone(prev)
    size = max(line.size, 1.0)
    if not _same_column(prev, line) or gap > 0.9 * size or abs(line.size - prev.size) > 0.15 * size:
        return True
    marked = _opens_with_marker(first) or is_bullet_line(first.text)
    # the text after a bullet glyph starts at least most of a character in (● is of ambiguous width)
    first_text = max(_text_start(first), first.bbox[0] + 0.8 * first.size) if marked else None
    if slide.has_drawn_bullet(first):
        marked, first_text = True, first.bbox[0]  # a drawn bullet stands left of the text
    return not runs_on(prev, line, marked and prev is first, first_text, slide.fills_box(prev))


def _ruled_apart(prev: Line, line: Line, hrules: list, tops: list[float]) -> bool:
    """Is a horizontal rule drawn between `prev` and the line below it, across both (a boxed
    quotation's bottom edge under its last item, tatakidai p25; a rule under a header)?
    `hrules`: the page's horizontal rules by height, `tops` their y."""
    size = max(line.size, 1.0)
    # in the gap, clear of `prev`'s foot: a link's underline hugs its line (cio 2021-01 p16's URLs)
    low, high = prev.bbox[3] + 0.15 * size, line.bbox[1] + 0.2 * size
    # across both lines' whole width: an underline under some words of `prev` parts nothing
    left, right = min(prev.bbox[0], line.bbox[0]), max(prev.bbox[2], line.bbox[2])
    return any(
        r.x0 <= left + size and r.x1 >= right - size
        for r in hrules[bisect_right(tops, low):bisect_right(tops, high)]
    )


def build_blocks(
    lines: list[Line], page: int, stats: TextStats, obstacles=(), slide: SlideLayout | None = None, framed=frozenset(),
    layout: LayoutSettings = _LAYOUT, rules=(),
) -> list[Block]:
    """`obstacles`: boxes on the page that are not these lines (tables, figures, other text):
    a line stopping short beside one of them still runs on below.  `slide`: what a slide's
    drawn boxes say of its lines (None off slides); `framed`: ids of lines alone in a drawn
    frame (parsers/boxes.py), titles; `layout`: the segmentation thresholds (parsers/settings.py);
    `rules`: the page's rules (a horizontal one between two lines parts them)."""
    blocks: list[Block] = []
    current: list[Line] = []
    kind, level = "paragraph", 0
    usual_gap = _usual_line_gap(lines)
    column_right = _column_rights(lines)
    hrules = sorted((r for r in rules if r.y0 == r.y1), key=lambda r: r.y0)
    tops = [r.y0 for r in hrules]

    def flush():
        nonlocal current
        if current:
            block = _make_block(kind, level, current, page)
            if kind == "heading" and (len(block.text) > MAX_HEADING_CHARS or block.text.rstrip().endswith("。")):
                # a run of bold text wrapped over several lines is emphasis, not a heading
                block.kind = "list_item" if is_list_start(block.text) else "paragraph"
                block.level = 0
                block.text = join_lines([collapse_spaced(l.text) for l in block.lines])
            blocks.append(block)
        current = []

    hang_next = -1  # a line known to hang under the item line above it
    wrap_next = -1  # a line known to carry on the heading line above it
    for n, line in enumerate(lines):
        if line.vertical:
            continue
        line_kind, line_level = _kind_of(line, stats)
        nxt = lines[n + 1] if n + 1 < len(lines) else None
        after = lines[n + 2] if n + 2 < len(lines) else None
        # a line starting left of an item's marker is none of the item's text, however full the line
        # above (部会資料 2 p3: `【後半パート】` under ⑧'s last line, at its twin 【前半パート】's margin)
        left_of_item = kind == "list_item" and bool(current) and line.bbox[0] < current[0].bbox[0] - layout.hanging * max(line.size, 1.0)
        carried = bool(current) and (
            (line_kind == "heading" and kind != "heading" and not left_of_item and _carried_on(current[-1], line, column_right))
            or (line_kind == "list_item" and kind == "paragraph" and enumerates_inline(current[-1], line, spaced_text(line), _wraps_on(current[-1], line, column_right)))
        )
        wrapped = None
        if line_kind != "caption" and not carried:
            wrapped = wrapped_heading_level(line, nxt, after, _text_start, lines, stats) or (
                numbered_title_wraps_level(line, nxt, after, _text_start, column_right, stats.body_size) if slide is None else None
            )
        if carried:
            # the last line of a passage in a face of its own (a provision's line at the page foot)
            line_kind, line_level = kind, level
        elif wrapped is not None:
            # a heading wrapped at its column's edge: its next line is its own
            line_kind, line_level, wrap_next = "heading", wrapped, n + 1
        elif line_kind == "heading" and line_level >= 5 and _plain_or_same_face(line, nxt, stats) and _wraps_on(line, nxt, column_right, layout):
            # a numbered item （２）… in body type that fills its column and goes on below is an
            # item, not a title; so is a passage set in a face of its own (a 要綱案's Gothic
            # provisions over Mincho commentary)
            line_kind, line_level = ("list_item" if is_list_start(line.text) else "paragraph"), 0
        elif line_kind == "heading" and runs_off_column(line, nxt is not None and not nxt.vertical and _same_column(line, nxt), lines, stats.body_size, layout.short_line):
            # the last line of its column, full to the edge, mid-sentence: a provision or a
            # paragraph going on over the page, not a title
            line_kind, line_level = ("list_item" if is_list_start(line.text) else "paragraph"), 0
        elif line_kind == "heading" and _opens_item(line) and _hangs_under(line, nxt, after) and _plain_or_same_face(line, nxt, stats):
            # a numbered step whose next line hangs under its text (1. title / its gloss) is an item;
            # a label set apart in its face over body type is a title over its paragraph's indented first
            # line, however short the paragraph (cio 2021-06 p18 `d)OJT の実施` in Gothic)
            line_kind, line_level = "list_item", 0
            hang_next = n + 1
        elif line_kind == "paragraph" and _opens_item(line) and _hangs_under(line, nxt, after):
            # a numbered step too long to read as a title (9.（サイロ化…）…つくる): its gloss below
            # still hangs under its text; whether it is a list item its numbering decides
            # (headings.type_numbered_provisions)
            hang_next = n + 1
        if slide is not None:
            line_kind, line_level = _slide_kind(line, line_kind, line_level, slide, stats)
        elif id(line) in framed and line_kind == "paragraph":
            line_kind, line_level = "heading", 7  # a boxed title, level ranked by outline.py
        if not current:
            kind, level = line_kind, line_level
            current = [line]
            continue
        prev = current[-1]
        size = max(line.size, 1.0)
        gap = line.bbox[1] - prev.bbox[3]
        new_block = (
            not _same_column(prev, line)
            or gap > max(layout.paragraph_gap * size, usual_gap + layout.gap_slack * size)
            or abs(line.size - prev.size) > layout.size_change * size
            or resized_after_sentence(prev, line)
            or _ruled_apart(prev, line, hrules, tops)
        )
        if not new_block and kind == "heading":
            # a wrapped heading goes on in the same style, without a marker of its own
            same_style = line.size == prev.size and line.bold == prev.bold and line.font == prev.font
            new_block = not same_style or pattern_level(spaced_text(line)) is not None or is_list_start(spaced_text(line))
            new_block = new_block or opens_paragraph_below(prev, line, nxt, stats.body_size)
        elif line_kind in ("heading", "caption", "list_item"):
            new_block = True
        # `TEL：…` over `メールアドレス：…`: a contact block's fields, one to a line, each its own entry
        field_row = field_rows(current[0].text, line.text)
        if not new_block:
            first = current[0]
            # list items and numbered headings wrap with a hanging indent
            hanging = (
                kind in ("list_item", "heading") or _opens_with_marker(first) or opens_with_label(first.text)
            ) and line.bbox[0] >= first.bbox[0] + layout.hanging * size
            # a line stepping in from the item's own wrapped lines opens a paragraph set under the item,
            # whatever the line above ends with (要領 p53: `(ﾍ) …の確認` over `支給申請書及び…確認する。`)
            hanging = hanging and not (
                len(current) >= 2 and prev is not first and line.bbox[0] > prev.bbox[0] + layout.indent * size
            )
            indented = line.bbox[0] > prev.bbox[0] + layout.indent * size and not hanging
            short = prev.bbox[2] < column_right(prev) - layout.short_line * size
            if short and obstacles and not prev.text.rstrip().endswith(SENTENCE_END) and abs(line.bbox[0] - prev.bbox[0]) <= layout.hanging * size:
                # the text wraps around a table or figure: the local column ends where it starts
                short = not _beside_obstacle(prev, line, column_right(prev), obstacles)
            stopped_short = short or (
                prev.text.rstrip().endswith(SENTENCE_END) and line.bbox[0] > prev.bbox[0] + layout.indent * size and not hanging
            )
            # a line starting well left of the one above follows a centred or right-aligned line
            outdented = line.bbox[0] < prev.bbox[0] - layout.outdent * size
            label = _bracket_label(line.text) or _bracket_label(prev.text)
            # a provision or item number opening a line after a finished sentence starts the next one
            next_item = _opens_with_marker(line) and prev.text.rstrip().endswith(SENTENCE_END)
            # an item's one line filling the column over a paragraph's indented first line (`⑴ 電子化された…
            # 「船荷証券」とすることの可否` over its discussion) is a title, its text below its own
            # (the paragraph goes on right of the title's marker: a line back at the marker is the next item)
            titled = (
                kind == "list_item" and len(current) == 1 and opens_paragraph_below(prev, line, nxt, stats.body_size)
                and not _opens_with_marker(nxt) and nxt.bbox[0] > prev.bbox[0] + 0.5 * size
            )
            new_block = (indented or stopped_short or outdented or next_item or titled or field_row
                         or bool(TOC_ENTRY.search(prev.text)) or bool(label))
            if n == hang_next:
                new_block = False
        if n == wrap_next:
            new_block = False
        elif kind == "heading" and line_kind == "heading" and title_goes_on(prev, line):
            new_block, level = False, min(level, line_level)  # the title's larger line sets its level
        if new_block and kind == "paragraph" and LEADERS_ONLY.match(line.text) and not TOC_ENTRY.search(prev.text):
            new_block, kind = False, "list_item"  # a contents entry wrapped before its leaders
        if new_block and kind == line_kind == "paragraph" and n and lines[n - 1] is prev and (
            _closes_options(prev, line, column_right) or _option_goes_on(lines, n, column_right)
        ):
            new_block = False  # options one to a line inside one sentence, and its end
        if new_block and not field_row and (carried or _inside_open_bracket(prev, line) or _middle_dot_runs_on(current[0], prev, line, column_right)
                          or _term_runs_on(current[0], prev, line, kind)
                          or _quote_left_open(prev, line) or _wrapped_before_word(prev, line, column_right)):
            new_block = False
        if slide is not None:  # on a slide its boxes and bullets have the last word
            new_block = _slide_break(new_block, kind, current, line, line_kind, slide, gap)
        if new_block:
            flush()
            kind, level = line_kind, line_level
        current.append(line)
    flush()
    for block in blocks:
        last = block.lines[-1]
        full_last_line = last.bbox[2] >= column_right(last) - layout.short_line * max(last.size, 1.0) or (
            bool(obstacles) and _beside_obstacle(last, last, column_right(last), obstacles)
        )
        text = block.text.strip()
        # a unit label over a table (`（単位　千円）` at the right margin) carries no sentence on
        block.open_end = (block.kind in ("paragraph", "list_item") and full_last_line and not text.endswith(SENTENCE_END)
                          and not UNIT_LABEL.match(text))
        if slide is not None and block.open_end:
            block.open_end = slide.open_end(last)
    blocks.extend(vertical_blocks([l for l in lines if l.vertical], page))
    return blocks


def vertical_blocks(lines: list[Line], page: int) -> list[Block]:
    """縦書き: characters stacked in columns read top to bottom, columns right to left."""
    if not lines:
        return []
    def same_column(first: Line, line: Line) -> bool:
        return abs((first.bbox[0] + first.bbox[2]) / 2 - (line.bbox[0] + line.bbox[2]) / 2) <= 0.5 * max(line.size, 1.0)

    # columns right to left: rows across x, in the order sorted here (not by centre, left to right)
    right_to_left = sorted(lines, key=lambda l: (-(l.bbox[0] + l.bbox[2]) / 2, l.bbox[1]))
    columns = rows(right_to_left, axis=0, same_row=same_column, ordered=True)
    col_lines = []
    for col in columns:
        col.sort(key=lambda l: l.bbox[1])
        col_lines.append(Line(spans=[s for l in col for s in l.spans], bbox=union(l.bbox for l in col), vertical=True))
    blocks: list[Block] = []
    group: list[Line] = []
    for col in col_lines:
        if group:
            prev = group[-1]
            size = max(col.size, 1.0)
            starts_lower = col.bbox[1] > prev.bbox[1] + 0.6 * size  # an indented column opens a paragraph
            if prev.bbox[0] - col.bbox[2] > 1.2 * size or starts_lower:
                blocks.append(_make_block("paragraph", 0, group, page))
                group = []
        group.append(col)
    if group:
        blocks.append(_make_block("paragraph", 0, group, page))
    _vertical_titles(blocks)
    return blocks


VERTICAL_TITLE_CHARS = 30


def _vertical_titles(blocks: list[Block]) -> None:
    """A title in vertical text (`諮問第百二十一号` over the 諮問's text): a column of its own, short
    and unfinished, starting no lower than the text after it (a date or a signature set down
    towards the foot is no title)."""
    for block, nxt in zip(blocks, blocks[1:]):
        text = block.text.strip()
        if len(block.lines) != 1 or not is_short_title(text, VERTICAL_TITLE_CHARS):
            continue
        if block.bbox[1] > nxt.bbox[1] + 0.3 * max(block.lines[0].size, 1.0):
            continue
        block.kind, block.level = "heading", 2
