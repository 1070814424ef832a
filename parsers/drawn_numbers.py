"""Section numbers drawn as pictures, not printed as characters.

Some Word-to-PDF converters (JUST PDF on cio 2021-06) draw a chapter's number as a tiny
picture of the digit set in a band before the title: the text layer holds `概要`, not `1 概要`,
so nothing in the text says the title is a chapter over the `１.１` sections below it.  The
picture says it: a small image, about a character high and narrower than high (a digit, not a
square bullet), just left of a line's first character and level with it.  The page workers
find them (`page.get_images()` is read from the page's resources, no content parsing, so pages
without small images cost nothing); `mark_drawn_numbers` hands them to the heading blocks and
`parsers/outline.py` ranks such a heading as a numbered chapter (`１ …`).
"""
from __future__ import annotations

from shiryo.parsers.model import BBox, Block, Line

MAX_PIXELS = 80  # a picture of one digit; photographs and logos are larger
MAX_WIDTH_SHARE = 0.9  # a digit is narrower than high (`1` 0.5, `4` 0.86); a picture bullet is square
MAX_GAP_CHARS = 2.0  # between the picture and the line's first character


def drawn_numbers(page, lines: list[Line]) -> list[BBox]:
    """Boxes of the small digit pictures that stand before a text line on `page` (pymupdf.Page)."""
    xrefs = {img[0] for img in page.get_images() if img[2] <= MAX_PIXELS and img[3] <= MAX_PIXELS}
    if not xrefs:
        return []
    found = []
    for xref in sorted(xrefs):
        for rect in page.get_image_rects(xref):
            box = (rect.x0, rect.y0, rect.x1, rect.y1)
            if any(_numbers(box, line) for line in lines if not line.vertical):
                found.append(box)
    return found


def _numbers(box: BBox, line: Line) -> bool:
    size = max(line.size, 1.0)
    w, h = box[2] - box[0], box[3] - box[1]
    if not (0.4 * size <= h <= 1.2 * size and 0 < w <= MAX_WIDTH_SHARE * h):
        return False
    mid = (box[1] + box[3]) / 2
    return line.bbox[1] <= mid <= line.bbox[3] and 0 <= line.bbox[0] - box[2] <= MAX_GAP_CHARS * size


def mark_drawn_numbers(blocks: list[Block], numbers: list[BBox]) -> None:
    """Set `drawn_number` on each heading block whose first line has a digit picture before it."""
    if not numbers:
        return
    for block in blocks:
        if block.kind == "heading" and block.lines and any(_numbers(box, block.lines[0]) for box in numbers):
            block.drawn_number = True
