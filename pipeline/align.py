"""Whole-document alignment of the text records of two editions.

Each record's text (NFKC, white space removed: `ids.content_key`) is cut into sentences, the
sentences of the two editions are aligned in order (difflib over the whole document), and what
does not align is aligned again by clauses (`、`) and then by characters, inside its stretch
only — so the 73 → 77 page redraft aligns in about a second.  Aligned text links the records it
belongs to; a record pair is linked when the text they share is a good part of the shorter one.
Linked records form groups:

* k old and m new records holding the same text (the same record, or a paragraph split or merged
  at another place) — a group without a textual change;
* a group whose joined texts differ — one changed passage (a reworded heading, a sentence edit
  inside a re-wrapped paragraph);
* a record linked to nothing — removed or added.

Where a record sits (section, page, level) plays no part: a heading whose words changed is one
changed group, and the records under it align as before.
"""
from __future__ import annotations

import difflib
from dataclasses import dataclass

import regex

# sentence, then clause, then character
_CUTS = (regex.compile(r"(?<=[。．！？!?])"), regex.compile(r"(?<=[、，,：:；;」』）)])"))
# a character-level stretch larger than this (old chars × new chars) is left unaligned
CHAR_ALIGN_LIMIT = 6_000_000
# two records are linked when they share at least this share of the shorter one's text
LINK_SHARE = 0.4
# dot leaders of a table of contents: their length is layout, and long runs of them would
# align one entry's leader with another entry's
_LEADER = regex.compile(r"[.．・…‥･]{3,}")


# a record holding nothing but page numbers (`4`, `- 8 -`, `1 2 3 … 12`): page furniture the
# layout let through, whose text changes whenever the page breaks move
_PAGE_FURNITURE = regex.compile(r"[\d\-－‐–—ー/／()（）・]*")


# but a number pair such as `16-3` is how a 審議会 paper is numbered (資料16-3): content, kept
_PAPER_NUMBER = regex.compile(r"[0-9]{2,}[-－‐–][0-9]+")


def is_page_furniture(key: str) -> bool:
    """Whether a record's compact text is only page numbers (or nothing)."""
    return _PAGE_FURNITURE.fullmatch(key) is not None and _PAPER_NUMBER.fullmatch(key) is None


def alignment_key(key: str) -> str:
    """A record's compact text as aligned: dot leaders shortened to one `…`."""
    return _LEADER.sub("…", key)


@dataclass
class Group:
    """Records of the old and new edition (indices, in document order) that hold one passage."""

    old: list[int]
    new: list[int]
    changed: bool


def _align(a: list[tuple[str, int]], b: list[tuple[str, int]], level: int, shared: dict[tuple[int, int], int]) -> None:
    """Credit `shared[(old record, new record)]` with the characters aligned between two token runs."""
    if not a or not b:
        return
    if level >= len(_CUTS) and len(a) * len(b) > CHAR_ALIGN_LIMIT:
        return
    matcher = difflib.SequenceMatcher(None, [t for t, _ in a], [t for t, _ in b], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for (text, ra), (_, rb) in zip(a[i1:i2], b[j1:j2]):
                shared[(ra, rb)] = shared.get((ra, rb), 0) + len(text)
        elif op == "replace" and level < len(_CUTS):
            finer_a = [(t, r) for tok, r in a[i1:i2] for t in _split(tok, level + 1)]
            finer_b = [(t, r) for tok, r in b[j1:j2] for t in _split(tok, level + 1)]
            _align(finer_a, finer_b, level + 1, shared)


def _split(token: str, level: int) -> list[str]:
    if level >= len(_CUTS):
        return list(token)
    return [p for p in _CUTS[level].split(token) if p]


def align_texts(old_keys: list[str], new_keys: list[str]) -> list[Group]:
    """Groups of old and new records (see the module docstring), in document order of the new
    edition (a group of old records only where it stood)."""
    old_keys, new_keys = [alignment_key(k) for k in old_keys], [alignment_key(k) for k in new_keys]
    shared: dict[tuple[int, int], int] = {}
    sentences = lambda keys: [(t, r) for r, key in enumerate(keys) for t in _split(key, 0)]  # noqa: E731
    _align(sentences(old_keys), sentences(new_keys), 0, shared)
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(x):
        while parent.get(x, x) != x:
            parent[x] = parent.get(parent[x], parent[x])
            x = parent[x]
        return x

    for (i, j), n in shared.items():
        if n >= LINK_SHARE * min(len(old_keys[i]), len(new_keys[j])):
            a, b = find(("o", i)), find(("n", j))
            if a != b:
                parent[a] = b
    members: dict[tuple[str, int], Group] = {}
    for i in range(len(old_keys)):
        members.setdefault(find(("o", i)), Group([], [], False)).old.append(i)
    for j in range(len(new_keys)):
        members.setdefault(find(("n", j)), Group([], [], False)).new.append(j)
    groups = list(members.values())
    for g in groups:
        g.changed = "".join(old_keys[i] for i in g.old) != "".join(new_keys[j] for j in g.new)
    return _join_torn(order_groups(groups), old_keys, new_keys)


def _edit_at(old: str, new: str, end: bool) -> bool:
    """Whether the two texts differ right at their end (or start)."""
    if end:
        return not old or not new or old[-1] != new[-1]
    return not old or not new or old[0] != new[0]


def _join_torn(groups: list[Group], old_keys: list[str], new_keys: list[str]) -> list[Group]:
    """One changed passage whose edit straddles a record boundary that moved (`…商法●条（注` |
    `３）の規定…` against `…商法第●条第` | `●項（注３）の規定…`) comes out of the linking as two
    neighbouring changed groups, each torn at the edit: join them."""
    out: list[Group] = []
    for g in groups:
        prev = out[-1] if out else None
        if (prev is not None and prev.changed and g.changed and prev.old and prev.new and g.old and g.new
                and min(g.old) == max(prev.old) + 1 and min(g.new) == max(prev.new) + 1):
            p_old, p_new = "".join(old_keys[i] for i in prev.old), "".join(new_keys[j] for j in prev.new)
            g_old, g_new = "".join(old_keys[i] for i in g.old), "".join(new_keys[j] for j in g.new)
            if _edit_at(p_old, p_new, end=True) and _edit_at(g_old, g_new, end=False):
                prev.old += g.old
                prev.new += g.new
                prev.changed = p_old + g_old != p_new + g_new
                continue
        out.append(g)
    return out


def order_groups(groups: list[Group]) -> list[Group]:
    """New-edition order; a group of old records only goes after the group holding its old predecessor."""
    # for each old record, the first new record of the group it is aligned in (-1 when none)
    n_old = 1 + max((i for g in groups for i in g.old), default=-1)
    partner = [-1.0] * n_old
    for g in groups:
        for i in g.old:
            partner[i] = min(g.new) if g.new else -1.0
    # where the stretch before each old record ends in the new edition
    before = [-1.0] * n_old
    last = -1.0
    for i in range(n_old):
        before[i] = last
        last = max(last, partner[i])
    keyed = [((min(g.new), 0, min(g.old, default=-1)) if g.new else (before[g.old[0]], 1, g.old[0]), g) for g in groups]
    return [g for _, g in sorted(keyed, key=lambda kg: kg[0])]
