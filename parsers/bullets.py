"""List markers drawn as shapes, not printed as characters: JUST PDF (and some Word exports) draw
a list's `•` as a small filled circle, so the text layer holds only the item's text.  The line
beside such a dot opens a list item all the same (cio 2021-06 p6: the `•` items under
`1)データ・アーキテクト`).  The dots are found in the page workers from the page's drawings
(already walked for the rules); the blocks are split at them afterwards.
"""
from __future__ import annotations

from shiryo.parsers.model import BBox, Block, Line

# a bullet dot: small, about as wide as high, filled
MIN_SIDE, MAX_SIDE = 1.5, 8.0
MAX_ASPECT = 1.6
# a dot marks a line when it stands left of the line's start, at most this many characters away
MAX_GAP_CHARS = 3.0


def _is_white(color) -> bool:
    return color is not None and len(color) >= 3 and min(color[:3]) > 0.95


def drawn_dots(paths) -> list[BBox]:
    """Small filled near-square shapes among the page's drawings (`page.get_cdrawings()`)."""
    dots = []
    for path in paths:
        if "f" not in (path.get("type") or ""):
            continue
        x0, y0, x1, y1 = path["rect"]
        w, h = x1 - x0, y1 - y0
        # the size first: most filled paths of a page (cell shading, table fills) are large
        if MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE and max(w, h) <= MAX_ASPECT * min(w, h) and not _is_white(path.get("fill")):
            dots.append((x0, y0, x1, y1))
    return dots


def _marks(dot: BBox, line: Line) -> bool:
    size = max(line.size, 1.0)
    cy = (dot[1] + dot[3]) / 2
    return line.bbox[1] <= cy <= line.bbox[3] and 0 <= line.bbox[0] - dot[2] <= MAX_GAP_CHARS * size and dot[3] - dot[1] <= size


def drawn_bullets(paths, lines: list[Line]) -> list[BBox]:
    """The dots that mark the start of a text line, when at least two of them stand in one
    column (a list, not a lone legend square or a decoration)."""
    marking = [d for d in drawn_dots(paths) if any(_marks(d, l) for l in lines if not l.vertical)]
    return [d for d in marking if sum(abs(e[0] - d[0]) <= 1.0 for e in marking) >= 2]


def split_at_drawn_bullets(blocks: list[Block], bullets: list[BBox]) -> list[Block]:
    """Each line with a drawn bullet before it opens a list item of its own: a paragraph holding
    several such lines (items run together for want of a marker character) is cut there."""
    if not bullets:
        return blocks
    from shiryo.parsers.blocks import _make_block  # the one way lines become a block

    out: list[Block] = []
    for block in blocks:
        if block.kind not in ("paragraph", "list_item") or len(block.pages or [block.page]) > 1:
            out.append(block)
            continue
        starts = [i for i, line in enumerate(block.lines) if any(_marks(d, line) for d in bullets)]
        if not starts:
            out.append(block)
            continue
        cuts = sorted({0, *starts})
        pieces = []
        for a, b in zip(cuts, cuts[1:] + [len(block.lines)]):
            kind = "list_item" if a in starts else block.kind
            piece = _make_block(kind, 0, block.lines[a:b], block.page)
            pieces.append(piece)
        pieces[-1].open_end = block.open_end
        out.extend(pieces)
    return out
