"""Figures: the region a `■第１-３-１図／…` caption names, so the chart labels, axis
ticks and diagram text inside it stay out of the body.

A figure is found from its caption: the graphics (vector paths, images) that start
just under the caption, in its column, grown by everything that touches them.  Text
whose centre lies in that region is the figure's own; lines there that start with
注 / 資料 / 出典 are the figure's notes and go with its caption.

Only 図 captions open a region: a 表 is text the tables helpers rebuild, and a
framed text box (コラム) is body text, so neither is ever set aside here.
"""
from __future__ import annotations

import regex

from shiryo.parsers.model import BBox, Line, centre_in, union

FIGURE_CAPTION = regex.compile(
    r"^(?:[＜<【〈]\s*)?(?:[■□◆]\s*第?[0-9０-９]+(?:[\-－‐][0-9０-９]+)*図|第[0-9０-９]+(?:[\-－‐][0-9０-９]+)*図|図表?\s*[0-9０-９]+(?:[\-－‐][0-9０-９]+)*(?:[\s　：:／]|$)|Figure\s*\d)"
)
NOTE_START = regex.compile(r"^[（(]?(?:注|資料|出典|出所|備考|※)")
TOUCH = 3.0  # graphics closer than this are one drawing


def _touch(a: BBox, b: BBox, tol: float = TOUCH) -> bool:
    return a[0] - tol <= b[2] and b[0] - tol <= a[2] and a[1] - tol <= b[3] and b[1] - tol <= a[3]


def graphics_boxes(page, width: float, height: float) -> list[BBox]:
    """Boxes of everything drawn on the page that is not text (paths and images), from
    MuPDF's cheap bbox log; hairlines and page-sized backgrounds say nothing of figures.
    The page size comes from the caller: page.rect re-bounds the page on every access."""
    area = width * height
    boxes = []
    for kind, bbox in page.get_bboxlog():
        if "text" in kind or kind.startswith(("clip", "pop", "begin", "end")):
            continue
        x0, y0, x1, y1 = max(bbox[0], 0.0), max(bbox[1], 0.0), min(bbox[2], width), min(bbox[3], height)
        if x1 - x0 < 0.5 and y1 - y0 < 0.5 or (x1 - x0) * (y1 - y0) > 0.5 * area:
            continue
        boxes.append((x0, y0, x1, y1))
    return boxes


def _grow(seed: BBox, boxes: list[BBox], limit_top: float) -> BBox:
    """The seed grown by every graphic that touches it, again and again (below `limit_top`)."""
    region = seed
    pending = [b for b in boxes if b[1] >= limit_top]
    changed = True
    while changed:
        changed = False
        rest = []
        for b in pending:
            if _touch(region, b):
                region = union([region, b])
                changed = True
            else:
                rest.append(b)
        pending = rest
    return region


def has_figure_caption(lines: list[Line]) -> bool:
    """Cheap test first: the page's drawing log is only worth reading under a 図 caption."""
    return any(not line.vertical and FIGURE_CAPTION.match(line.text.strip()) for line in lines)


def find_figure_regions(lines: list[Line], graphics: list[BBox], page_width: float) -> list[BBox]:
    """One region per 図 caption that has graphics right under it (caption included), or, failing
    that, right above it: Word and JUST PDF documents print `図 1 …` under the drawing."""
    regions = []
    below_none = []
    for cap in lines:
        if cap.vertical or not FIGURE_CAPTION.match(cap.text.strip()):
            continue
        size = max(cap.size, 1.0)
        x0, y0, x1, y1 = cap.bbox
        # the figure starts under the caption (or behind it: a tinted box holding caption and chart),
        # beginning below the caption's text, not in a neighbouring column
        seeds = [
            g for g in graphics
            if y0 - 2 * size <= g[1] <= y1 + 3 * size and g[3] > y1 + size and x0 - 2 * size <= g[0] < x1 and g[2] > x0
        ]
        if not seeds:
            below_none.append(cap)
            continue
        region = _grow(union(seeds), graphics, limit_top=y0 - 2 * size)
        # a caption centred over a narrower chart still belongs to it
        region = union([region, cap.bbox])
        # never across the page: a figure in one column stays in it unless its graphics span both
        regions.append((max(region[0], 0.0), region[1], min(region[2], page_width), region[3]))
    for cap in below_none:
        region = _region_above(cap, lines, [g for g in graphics if not any(_touch(g, r, 0.0) for r in regions)])
        if region is not None:
            regions.append((max(region[0], 0.0), region[1], min(region[2], page_width), region[3]))
    return regions


def _region_above(cap: Line, lines: list[Line], graphics: list[BBox]) -> BBox | None:
    """The drawing that ends just above a caption printed under it, grown by its graphics and by
    the short labels set around it (axis ticks and titles often stand outside the drawn lines)."""
    from shiryo.parsers.diagrams import grow_by_labels, is_label  # (diagrams is the newer module; no cycle at import)

    size = max(cap.size, 1.0)
    x0, y0, x1, y1 = cap.bbox
    # the drawing may end a few label rows above the caption (an axis title, tick labels)
    seeds = [g for g in graphics if y0 - 6 * size <= g[3] <= y0 + 0.5 * size and g[1] < y0 - size and g[0] < x1 and g[2] > x0]
    if not seeds:
        return None
    bottom = max(g[3] for g in seeds)
    between = [l for l in lines if l is not cap and bottom - 0.5 * size < l.bbox[1] and l.bbox[3] <= y0 + 0.5 * size and l.bbox[0] < x1 and l.bbox[2] > x0]
    if any(not is_label(l) for l in between):
        return None  # running text between the drawing and the caption: the caption is not its
    above = [g for g in graphics if g[3] <= y0 + 0.5 * size]
    region = _grow(union(seeds), above, limit_top=float("-inf"))  # however high the drawing reaches
    region = grow_by_labels(region, [l for l in lines if l.bbox[3] <= y0 + 0.5 * size], above)
    return union([region, cap.bbox])


def figure_lines(lines: list[Line], regions: list[BBox]) -> tuple[set[int], set[int]]:
    """(indices of lines inside a figure, those of them that are the figure's notes).
    Notes: a line starting 注/資料/出典 at the bottom of a region, and the lines that carry it on;
    they may also sit just below the graphics."""
    inside: set[int] = set()
    notes: set[int] = set()
    for region in regions:
        members = []
        for i, line in enumerate(lines):
            if FIGURE_CAPTION.match(line.text.strip()):
                continue  # the caption stays: it becomes the caption record
            if centre_in(line.bbox, region, 2):
                members.append(i)
        members.sort(key=lambda i: (lines[i].bbox[1], lines[i].bbox[0]))
        # notes run from the first note line to the bottom of the region, and on below it
        # while lines keep coming at the notes' spacing
        in_notes = False
        last = None
        for i in members:
            line = lines[i]
            if NOTE_START.match(line.text.strip()):
                in_notes = True
            if in_notes:
                notes.add(i)
                last = line
            inside.add(i)
        if last is not None:
            below = sorted(
                (i for i, l in enumerate(lines) if i not in inside and l.bbox[1] >= last.bbox[1] and region[0] - 2 <= l.bbox[0] <= region[2]),
                key=lambda i: lines[i].bbox[1],
            )
            for i in below:
                line = lines[i]
                if line.bbox[1] - last.bbox[3] > 0.8 * max(last.size, 1.0) or line.size > last.size * 1.05:
                    break
                inside.add(i)
                notes.add(i)
                last = line
    return inside, notes
