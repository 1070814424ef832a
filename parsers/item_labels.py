"""Headings or list items by what stands around them, once the whole document's blocks are known.

- Item-marked labels that head what follows (要領): `イ 平成25年10月22日施行に係る経過措置`,
  `ロ 6002のイ(ｲ)及び(ﾊ)の措置（併用メニュー）を講じる場合` are set like list items but head the
  paragraph or the deeper items `(ｲ)`, `(ﾛ)` under them: headings, not list items.
- A numbered line between its numbered sibling headings (`(7) 知的財産…`, `(8) EBPM に関する取組への
  協力／…`, `(9) 善管注意義務`) is a heading like them, however long its title.
- An angle-bracketed label `＜…＞` heads what follows it on its page: items, bullets, a contact block
  or a roster (要領 `＜第１期＞` / `イ …`, 公募要領 `＜不適切な行為の例＞` / `・…`, cio `＜…参加者＞` over
  its names); over a figure, a table or the next section, or last on its page, it is a label: a paragraph.
- Numbered steps a sentence leads into (`…手順は以下である。` / `1.ユーザビリティテスト…`,
  `2.…`): list items, however short and set apart they are, not sections."""
from __future__ import annotations

import unicodedata

import regex

from shiryo.parsers.blocks import ANGLE_LABEL
from shiryo.parsers.headings import MAX_HEADING_CHARS, SENTENCE_END, pattern_level
from shiryo.parsers.joining import collapse_spaced, join_lines
from shiryo.parsers.model import Block, union
from shiryo.parsers.numbering import ITEM_KINDS, marker_kind, marker_ordinal, marker_text
from shiryo.parsers.outline import CONTENTS_TITLES

# marker kinds of a 要領's section labels below its 0100 codes (イロハ)
LABEL_KINDS = frozenset({"kana"})
# a label ends unfinished (no sentence, no clause break); `次の…` leads into its list, heads nothing
_OPEN_ENDS = SENTENCE_END + ("、", "：", ":", "｡")
LEAD_IN = "次の"
# blocks a label's body flows past (a page's footnotes, a table's caption)
_PASSED = frozenset({"footnote", "caption", "table", "figure"})


def _is_label(block: Block, nxt: Block) -> bool:
    text = block.text.strip()
    # a label may wrap (`ロ 賃金規定等の共通化によって…であることの確認`, four lines) over the paragraph
    # it heads; over deeper items only a one-line label is told from an item leading into them
    wraps = len(block.lines) > 1 and nxt.kind == "paragraph"
    return (
        block.kind == "list_item"
        and (len(block.lines) == 1 or wraps)
        and len(text) <= MAX_HEADING_CHARS * (3 if wraps else 1)
        and marker_kind(text) in LABEL_KINDS
        and not text.endswith(_OPEN_ENDS)
        and LEAD_IN not in text
    )


def _heads(label: Block, nxt: Block) -> bool:
    """Does `nxt` sit under `label`: a paragraph of its own, or an item of another marker kind
    (the label's (ｲ)(ﾛ)), not the label's next sibling (ロ after イ) nor a note (※)?"""
    if nxt.kind == "paragraph":
        return True
    if nxt.kind != "list_item":
        return False
    kind = marker_kind(nxt.text.strip())
    return kind is not None and kind != "bullet" and kind != marker_kind(label.text.strip())


def promote_item_labels(blocks: list[Block]) -> None:
    """Turn item-marked labels over a paragraph or deeper items into headings, in place."""
    body = [b for b in blocks if b.kind not in _PASSED]
    for prev, block, nxt in zip([None] + body, body, body[1:]):
        # the last item of a list (イ, ロ items before it) is followed by text, yet heads none
        ends_list = prev is not None and prev.kind == "list_item" and marker_kind(prev.text.strip()) == marker_kind(block.text.strip())
        if _is_label(block, nxt) and _heads(block, nxt) and not ends_list:
            _promote(block)


# the two orders kana labels count in: a 要領's イロハ…, a report's アイウ…
KANA_ORDERS = ("イロハニホヘトチリヌルヲワカヨタレソツネナラムウヰノオクヤマケフコエテアサキユメミシヱヒモセス",
               "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン")


def _follows(before: str, label: str) -> bool:
    """Is the kana `label` the next after `before` in one of the kana orders (ロ after イ, イ after ア)?"""
    before, label = (unicodedata.normalize("NFKC", k).replace("へ", "ヘ") for k in (before, label))
    return any(before in order and order.index(before) + 1 < len(order) and order[order.index(before) + 1] == label for order in KANA_ORDERS)


def _kana_label(block: Block) -> str | None:
    text = block.text.strip()
    return marker_text(text).strip() if block.kind in ("heading", "list_item") and marker_kind(text) in LABEL_KINDS else None


def unify_label_lists(blocks: list[Block]) -> list[Block]:
    """One list of kana labels (イ, ロ, ハ … counting on under one section) has one type: where some
    of its labels head the text under them, the sentence-like siblings between do too (要領 1008
    `イ 対象労働者が1001の正社員化コースを利用したことの確認は、次の(ｲ)から(ﾍ)までの書類により行う。`
    beside `ニ …増額していること` and `ヘ 対象労働者の雇用契約期間の確認`; 1005 `イ`, `ロ` beside `ハ`).
    A label whose own line stands over an indented paragraph (1005 `イ 有期雇用労働者から…転換等
    （…含む。）` over `有期雇用労働者から…支給する。`) heads that paragraph: the paragraph is a
    block of its own.  Returns the blocks, with such paragraphs split off."""
    runs: list[list[Block]] = []
    run: list[Block] = []
    for block in blocks:
        if block.kind in _PASSED:
            continue
        label = _kana_label(block)
        if label is not None:
            if not (run and _follows(_kana_label(run[-1]), label)):
                runs.append(run := [])
            run.append(block)
        elif block.kind == "heading":
            run = []  # the next section's labels count on their own
    apart: dict[int, Block] = {}
    for members in runs:
        if any(b.kind == "heading" for b in members) and any(b.kind == "list_item" for b in members):
            for block in members:
                if block.kind == "list_item":
                    paragraph = _paragraph_under_title_line(block)
                    if paragraph is not None:
                        apart[id(block)] = paragraph
                    _promote(block)
    out: list[Block] = []
    for block in blocks:
        out.append(block)
        if id(block) in apart:
            out.append(apart[id(block)])
    return out


def _paragraph_under_title_line(block: Block) -> Block | None:
    """The paragraph under an item's title lines when one of its lines is set in right of where
    the others hang (a paragraph's indented first line: 1005 `イ` p37 `有期雇用…` one place right of
    `…支給する。`; 4007 `ト` p63–64 `支給申請書により確認する。` under `…親族でないことの確認`), cut off
    the item in place; else None."""
    if len(block.lines) < 3:
        return None  # a wrapped line alone may sit anywhere under its label (1008 ロ p41)
    size = max(block.lines[0].size, 1.0)
    hang = min(l.bbox[0] for l in block.lines[1:])
    cut = next((k for k, l in enumerate(block.lines) if k >= 1 and l.bbox[0] >= hang + 0.4 * size), None)
    if cut is None or block.lines[cut - 1].text.rstrip().endswith(("、", ",", "，")):
        return None
    pages = block.line_pages or [block.page] * len(block.lines)
    head, rest = block.lines[:cut], block.lines[cut:]
    paragraph = Block(kind="paragraph", text=join_lines([collapse_spaced(l.text) for l in rest]), bbox=union(l.bbox for l in rest),
                      page=pages[cut], lines=rest, level=0, pages=sorted(set(pages[cut:])), line_pages=pages[cut:])
    block.lines, block.line_pages = head, pages[:cut]
    block.pages, block.extra_bboxes = sorted(set(pages[:cut])), {}
    block.text, block.bbox = join_lines([collapse_spaced(l.text) for l in head]).strip(), union(l.bbox for l in head if pages[head.index(l)] == pages[0])
    return paragraph


# step numbers: 1. 2. … (Word's numbered lists)
STEP_KINDS = frozenset({"number_dot"})


def _step_number(block: Block) -> int | None:
    text = block.text.strip()
    return marker_ordinal(text) if block.kind in ("heading", "paragraph", "list_item") and marker_kind(text) in STEP_KINDS else None


# the last sentence of a lead-in says what follows: `…手順は以下である。`, `…下記3 点となる。`,
# `…以下の10 点が…提言を行った。`, `次のとおり：`
LEAD_IN_SENTENCE = regex.compile(r"(?:以下|下記|次の)[^。．]*[。．：:]$")


def demote_led_steps(blocks: list[Block]) -> None:
    """A run of steps `1.`, `2.`, … right after a paragraph that ends its sentence (the lead-in)
    is a list: its steps become list items, in place.  The run goes on past what stands under
    each step (bullets, a paragraph, a figure) and ends at a heading of another kind."""
    body = [b for b in blocks if b.kind not in _PASSED]
    for i, block in enumerate(body):
        if _step_number(block) != 1 or i == 0:
            continue
        lead = body[i - 1]
        if lead.kind != "paragraph" or not LEAD_IN_SENTENCE.search(lead.text.rstrip()):
            continue
        expected = 1
        for member in body[i:]:
            number = _step_number(member)
            if number == expected:
                member.kind, member.level = "list_item", 0
                expected += 1
            elif member.kind == "heading" or number is not None:
                break


# numbered section kinds whose siblings show a title too long for a line-by-line look is one
SIBLING_KINDS = frozenset({"number", "number_paren", "paren_number", "number_dot"})


def _numbered(block: Block) -> tuple[str, int] | None:
    text = block.text.strip()
    kind = marker_kind(text)
    number = marker_ordinal(text) if kind in SIBLING_KINDS else None  # （８）, ⑻ → 8
    return (kind, number) if number is not None else None


def promote_numbered_siblings(blocks: list[Block]) -> None:
    """A one-line numbered item whose numbered neighbours of its kind are headings (n-1 before it,
    n+1 after it or none) is a heading too, in place."""
    last: dict[str, tuple[int, Block]] = {}  # marker kind → (number, block) of its last numbered block
    pending: dict[str, tuple[int, Block]] = {}  # kind → the item waiting for its next sibling's say
    for block in blocks:
        mark = _numbered(block) if block.kind in ("heading", "paragraph", "list_item") else None
        if mark is None:
            continue
        kind, number = mark
        waiting = pending.pop(kind, None)
        if waiting and block.kind == "heading" and waiting[0] + 1 == number:
            _promote(waiting[1])
        before = last.get(kind)
        if (
            block.kind != "heading" and before and before[1].kind == "heading" and before[0] + 1 == number
            and len(block.lines) == 1 and len(block.text.strip()) <= MAX_HEADING_CHARS and not block.text.rstrip().endswith(_OPEN_ENDS)
        ):
            pending[kind] = (number, block)
        last[kind] = (number, block)
    for _, block in pending.values():
        _promote(block)  # the last of its list: no sibling after it says otherwise


def _face(line) -> tuple:
    return (line.font, line.size, line.bold)


def promote_siblings_in_heading_face(blocks: list[Block]) -> None:
    """A numbered item set wholly in the face of the heading numbered one before it (n-1, its
    marker's kind), over text in another face, is a heading like it, however long its title (白書
    ch3 p14: `（２） 広島ＡＩプロセスを前進させるための作業計画（…）`, seven lines of the bold Gothic
    of `（１） 以下の４要素から構成される…の策定`, each over text in the body face).  In place."""
    last: dict[str, tuple[int, Block]] = {}
    for i, block in enumerate(blocks):
        mark = _numbered(block) if block.kind in ("heading", "paragraph", "list_item") else None
        if mark is None:
            continue
        kind, number = mark
        before = last.get(kind)
        last[kind] = (number, block)
        if block.kind == "heading" or before is None or before[0] != number - 1 or before[1].kind != "heading":
            continue
        face = _face(before[1].lines[0]) if before[1].lines else None
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if (
            face is not None and block.lines and all(_face(l) == face for l in block.lines)
            and nxt is not None and nxt.lines and _face(nxt.lines[0]) != face
        ):
            _promote(block)


def _promote(block: Block) -> None:
    block.kind, block.level = "heading", pattern_level(block.text) or 0  # ranked again by assign_levels


# a label of two to four characters set letter-spaced, alone on its line (`要 旨`, `概 要`): Word's way of
# setting a section title in body type.  The text layer closes the spacing up (`要旨`); the line's width
# keeps it: at least half a character between each two
SPACED_LABEL = regex.compile(r"^\p{Han}{2,4}$")


def _letter_spaced(line) -> bool:
    text = "".join(line.text.split())
    size = max(line.size, 1.0)
    return bool(SPACED_LABEL.match(text)) and line.bbox[2] - line.bbox[0] >= (len(text) + 0.5 * (len(text) - 1)) * size


def promote_spaced_labels(blocks: list[Block]) -> None:
    """A letter-spaced label alone on its line right over its text at the same left edge, with room
    above it, is a heading (cio 2020-02 p1 `要 旨` over the summary), in place."""
    for prev, block, nxt in zip([None] + blocks[:-1], blocks, blocks[1:] + [None]):
        if block.kind != "paragraph" or len(block.lines) != 1 or not _letter_spaced(block.lines[0]):
            continue  # (a letter-spaced `以 上` promoted here is demoted again as furniture)
        if nxt is None or nxt.page != block.page or nxt.kind not in ("paragraph", "list_item"):
            continue
        line, below = block.lines[0], nxt.lines[0]
        size = max(line.size, 1.0)
        if not (0 <= below.bbox[1] - line.bbox[3] < size and abs(below.bbox[0] - line.bbox[0]) <= size):
            continue
        if prev is not None and prev.page == block.page and line.bbox[1] - prev.lines[-1].bbox[3] < size:
            continue  # a line of the text above, not a title set apart
        _promote(block)


# one too long for a title line by its length alone (要領 p74 `＜6002のイ(ｲ)及び(ﾛ)の措置（手当等支給メニュー）を
# 実施する場合＞`, 35 characters inside)
LONG_ANGLE_LABEL = regex.compile(rf"^[＜<][^＞>]{{31,{MAX_HEADING_CHARS}}}[＞>]$")


def _heads_items(nxt: Block | None) -> bool:
    """Do marked items (not bullets) or headings of an item kind (イ, （１）, ①) follow?"""
    kind = marker_kind(nxt.text.strip()) if nxt is not None and nxt.kind in ("heading", "list_item") else None
    return kind is not None and kind != "bullet" and kind in ITEM_KINDS


def _heads_text(block: Block, nxt: Block | None) -> bool:
    """Does text of its own follow `block` right below it on its page (an item, a paragraph, an
    item-kind heading), not a figure, a table, a caption or a section's heading?"""
    if nxt is None or nxt.page != block.page or nxt.kind in _PASSED:
        return False
    return nxt.kind != "heading" or _heads_items(nxt)


def demote_angle_labels(blocks: list[Block], slides: bool = False) -> None:
    """An angle-bracketed label heading is a paragraph unless text of its own follows it on its
    page (`_heads_text`), in place; a label alone on its line set in the type of its text, or too
    long to be taken for a heading by its type, heads that text all the same (off slides; a long
    one heads marked items only).  On slides (`slides`) a label heads marked items
    only (not bullets, not text): a slide's title and box titles head its text, the labels inside
    a box do not (no hand-checked slide page shows one heading its text)."""
    body = [b for b in blocks if b.kind not in ("footnote",)]
    for block, nxt in zip(body, body[1:] + [None]):
        text = block.text.strip()
        long_label = bool(LONG_ANGLE_LABEL.match(text))
        if block.kind == "paragraph" and len(block.lines) == 1 and (long_label or ANGLE_LABEL.match(text)) and (
            (not slides and _heads_text(block, nxt)) or (long_label and _heads_items(nxt))
        ):
            # set in the type of the text it heads (cio 2020-02 p16 `＜…参加者＞` over its roster of names)
            _promote(block)
        if block.kind != "heading" or not ANGLE_LABEL.match(text) or "".join(text[1:-1].split()) in CONTENTS_TITLES:
            continue  # ＜目次＞ heads its contents page
        if not (_heads_items(nxt) if slides else _heads_text(block, nxt)):
            block.kind, block.level = "paragraph", 0


# a roster: at least this many short lines one under another, each a name (no sentence, no marker)
ROSTER_MIN = 4
ROSTER_CHARS = 30


def _roster_line(block: Block) -> bool:
    text = block.text.strip()
    return (
        block.kind == "paragraph" and len(block.lines) == 1 and 0 < len(text) <= ROSTER_CHARS
        and not text.endswith(SENTENCE_END + ("、", "：", ":")) and marker_kind(text) is None and not block.pages[1:]
    )


def _in_step(run: list[Block], block: Block) -> bool:
    """Does `block` go on `run` down the same left edge, at the run's line pitch?"""
    last = run[-1]
    size = max(block.lines[0].size, 1.0)
    if block.page != last.page or abs(block.bbox[0] - last.bbox[0]) > 0.5 * size or abs(block.lines[0].size - last.lines[0].size) > 0.05 * size:
        return False
    pitch = block.bbox[1] - last.bbox[1]
    if not 0 < pitch <= 2.5 * size:
        return False
    return len(run) < 2 or abs(pitch - (last.bbox[1] - run[-2].bbox[1])) <= 0.25 * size


def type_rosters(blocks: list[Block]) -> None:
    """Names one to a line with no marker (cio 2020-02 p16's `株式会社アイシーエス` / `アマゾン ウェブ
    サービス ジャパン株式会社` / …, a committee's members): a list, each line an item, not a run of
    one-line paragraphs.  At least `ROSTER_MIN` lines down one left edge at one pitch.  In place."""
    run: list[Block] = []

    def close() -> None:
        if len(run) >= ROSTER_MIN:
            for b in run:
                b.kind = "list_item"

    for block in blocks:
        if _roster_line(block) and run and _in_step(run, block):
            run.append(block)
            continue
        close()
        run = [block] if _roster_line(block) else []
    close()


# a half-width letter and a space opening a line (`a 人材開発…`, `b (ﾊ)に加え…`): an item only among its
# siblings; alone it is the first letter of a name spaced off (`i コンピテンシ ディクショナリ`, `e ラーニング`)
_LONE_LETTER = regex.compile(r"^([a-z])(?=[\s　]|[^\x00-\x7F])")
LETTER_REACH = 4  # blocks either side where a sibling letter may stand (items of its own between them)


def demote_lone_letters(blocks: list[Block]) -> None:
    """A list item opening with a half-width letter and a space stays an item only when a block
    near it on its page opens with the letter before or after it the same way; alone it is a
    paragraph (in place)."""
    letters = [(m[1] if b.kind in ("list_item", "paragraph") and (m := _LONE_LETTER.match(b.text.lstrip())) else None) for b in blocks]
    for i, block in enumerate(blocks):
        letter = letters[i]
        if block.kind != "list_item" or letter is None:
            continue
        near = {letters[j] for j in range(max(0, i - LETTER_REACH), min(len(blocks), i + LETTER_REACH + 1))
                if j != i and blocks[j].page == block.page}
        if chr(ord(letter) - 1) not in near and chr(ord(letter) + 1) not in near:
            block.kind, block.level = "paragraph", 0
