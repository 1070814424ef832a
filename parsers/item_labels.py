"""Headings or list items by what stands around them, once the whole document's blocks are known.

- Item-marked labels that head what follows (要領): `イ 平成25年10月22日施行に係る経過措置`,
  `ロ 6002のイ(ｲ)及び(ﾊ)の措置（併用メニュー）を講じる場合` are set like list items but head the
  paragraph or the deeper items `(ｲ)`, `(ﾛ)` under them: headings, not list items.
- A numbered line between its numbered sibling headings (`(7) 知的財産…`, `(8) EBPM に関する取組への
  協力／…`, `(9) 善管注意義務`) is a heading like them, however long its title.
- An angle-bracketed label `＜…＞` heads a section only over marked items or headings of its own
  (要領 `＜第１期＞` / `イ …`); over bullets, a contact line, a figure or the next section it is a label
  (公募要領 `＜不適切な行為の例＞`, cio `＜府省庁等オブザーバ＞`): a paragraph.
- Numbered steps a sentence leads into (`…手順は以下である。` / `1.ユーザビリティテスト…`,
  `2.…`): list items, however short and set apart they are, not sections."""
from __future__ import annotations

import unicodedata

import regex

from shiryo.parsers.headings import MAX_HEADING_CHARS, SENTENCE_END, pattern_level
from shiryo.parsers.model import Block
from shiryo.parsers.numbering import ITEM_KINDS, marker_kind, marker_number, marker_text
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


# step numbers: 1. 2. … (Word's numbered lists)
STEP_KINDS = frozenset({"number_dot"})


def _step_number(block: Block) -> int | None:
    text = block.text.strip()
    return marker_number(text) if block.kind in ("heading", "paragraph", "list_item") and marker_kind(text) in STEP_KINDS else None


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
    if kind not in SIBLING_KINDS:
        return None
    digits = regex.findall(r"[0-9]+", unicodedata.normalize("NFKC", marker_text(text)))  # （８）, ⑻ → 8
    return (kind, int(digits[0])) if len(digits) == 1 else None


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


# an angle-bracketed label alone on its line (`＜不適切な行為の例＞`, `＜第１期＞`)
ANGLE_LABEL = regex.compile(r"^[＜<][^＞>]{1,30}[＞>]$")


def demote_angle_labels(blocks: list[Block]) -> None:
    """An angle-bracketed label heading is a paragraph unless marked items (not bullets) or
    headings of an item kind (イ, （１）, ①) follow it, in place."""
    body = [b for b in blocks if b.kind not in _PASSED]
    for block, nxt in zip(body, body[1:] + [None]):
        text = block.text.strip()
        if block.kind != "heading" or not ANGLE_LABEL.match(text) or "".join(text[1:-1].split()) in CONTENTS_TITLES:
            continue  # ＜目次＞ heads its contents page
        kind = marker_kind(nxt.text.strip()) if nxt is not None and nxt.kind in ("heading", "list_item") else None
        if kind is None or kind == "bullet" or kind not in ITEM_KINDS:
            block.kind, block.level = "paragraph", 0
