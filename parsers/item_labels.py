"""Headings or list items by what stands around them, once the whole document's blocks are known.

- Item-marked labels that head what follows (要領): `イ 平成25年10月22日施行に係る経過措置`,
  `ロ 6002のイ(ｲ)及び(ﾊ)の措置（併用メニュー）を講じる場合` are set like list items but head the
  paragraph or the deeper items `(ｲ)`, `(ﾛ)` under them: headings, not list items.
- Numbered steps a sentence leads into (`…手順は以下である。` / `1.ユーザビリティテスト…`,
  `2.…`): list items, however short and set apart they are, not sections."""
from __future__ import annotations

from shiryo.parsers.headings import MAX_HEADING_CHARS, SENTENCE_END, pattern_level
from shiryo.parsers.model import Block
from shiryo.parsers.numbering import marker_kind, marker_number

# marker kinds of a 要領's section labels below its 0100 codes (イロハ)
LABEL_KINDS = frozenset({"kana"})
# a label ends unfinished (no sentence, no clause break); `次の…` leads into its list, heads nothing
_OPEN_ENDS = SENTENCE_END + ("、", "：", ":", "｡")
LEAD_IN = "次の"
# blocks a label's body flows past (a page's footnotes, a table's caption)
_PASSED = frozenset({"footnote", "caption", "table", "figure"})


def _is_label(block: Block) -> bool:
    text = block.text.strip()
    return (
        block.kind == "list_item"
        and len(block.lines) == 1
        and len(text) <= MAX_HEADING_CHARS
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
    for block, nxt in zip(body, body[1:]):
        if _is_label(block) and _heads(block, nxt):
            block.kind, block.level = "heading", pattern_level(block.text) or 0  # ranked again by assign_levels


# step numbers: 1. 2. … (Word's numbered lists)
STEP_KINDS = frozenset({"number_dot"})


def _step_number(block: Block) -> int | None:
    text = block.text.strip()
    return marker_number(text) if block.kind in ("heading", "paragraph", "list_item") and marker_kind(text) in STEP_KINDS else None


def demote_led_steps(blocks: list[Block]) -> None:
    """A run of steps `1.`, `2.`, … right after a paragraph that ends its sentence (the lead-in)
    is a list: its steps become list items, in place.  The run goes on past what stands under
    each step (bullets, a paragraph, a figure) and ends at a heading of another kind."""
    body = [b for b in blocks if b.kind not in _PASSED]
    for i, block in enumerate(body):
        if _step_number(block) != 1 or i == 0:
            continue
        lead = body[i - 1]
        if lead.kind != "paragraph" or not lead.text.rstrip().endswith(SENTENCE_END + ("：", ":")):
            continue
        expected = 1
        for member in body[i:]:
            number = _step_number(member)
            if number == expected:
                member.kind, member.level = "list_item", 0
                expected += 1
            elif member.kind == "heading" or number is not None:
                break
