"""Diagrams without a caption: a timeline, a flow of boxes and arrows, slide artwork.

Word and PowerPoint authors draw these with shapes and short labels and often give them no
図 caption, so parsers/figures.py (which starts from a caption) never sees them, and their
labels come out as dozens of one-character records (公, 募, 開, 始 down a timeline).  Here a
diagram is a cluster of touching graphics that carries short labels: the labels next to it
(within about a line of it) are taken in, again and again, together with the graphics they
touch; the cluster is a diagram when it has gathered enough labels and no running text.  Its
labels become one `figure` record.

A table is no diagram (its grid is left to the tables helpers), nor is a frame around body
text (a コラム box, a slide panel): a line of running text inside the region rules it out.
"""
from __future__ import annotations

import regex

from shiryo.parsers.model import BBox, Line, centre_in, union

TOUCH = 3.0  # graphics closer than this are one drawing
MIN_LABELS = 6  # fewer labels make an icon or a framed note, not a diagram
MAX_LABEL_CHARS = 12  # a label is a word or two; a line of running text is longer
REACH = 1.0  # a label this many of its type sizes from the drawing belongs to it (at least MIN_REACH pt)
MIN_REACH = 12.0
_SENTENCE_END = regex.compile(r"[。．]\s*$")


def _touch(a: BBox, b: BBox, tol: float) -> bool:
    return a[0] - tol <= b[2] and b[0] - tol <= a[2] and a[1] - tol <= b[3] and b[1] - tol <= a[3]


def _clusters(graphics: list[BBox]) -> list[list[BBox]]:
    """Graphics grouped by touching (single-link), largest first."""
    clusters: list[list[BBox]] = []
    boxes: list[BBox] = []
    for g in sorted(graphics, key=lambda b: (b[1], b[0])):
        hits = [n for n, box in enumerate(boxes) if _touch(box, g, TOUCH)]
        merged = [g] + [x for n in hits for x in clusters[n]]
        for n in sorted(hits, reverse=True):
            del clusters[n], boxes[n]
        clusters.append(merged)
        boxes.append(union(merged))
    # a cluster may now touch another one grown after it: merge until stable
    changed = True
    while changed:
        changed = False
        for i in range(len(boxes)):
            for j in range(i + 1, len(boxes)):
                if _touch(boxes[i], boxes[j], TOUCH):
                    clusters[i] += clusters.pop(j)
                    boxes[i] = union([boxes[i], boxes.pop(j)])
                    changed = True
                    break
            if changed:
                break
    return sorted(clusters, key=len, reverse=True)


def is_label(line: Line) -> bool:
    """Short text that is not a sentence: a diagram's label (or one character of a vertical one)."""
    text = "".join(line.text.split())
    return bool(text) and (line.vertical or len(text) <= MAX_LABEL_CHARS) and not _SENTENCE_END.search(text)


def _near(line: Line, region: BBox) -> bool:
    reach = max(REACH * max(line.size, 1.0), MIN_REACH)
    return _touch(region, line.bbox, reach) and min(region[2], line.bbox[2]) - max(region[0], line.bbox[0]) > -reach


def _shaped(cluster: list[BBox]) -> bool:
    """Drawn shapes, not only rules: a diagram has boxes, circles or arrows heads, an underline
    or a separator none."""
    return sum(1 for b in cluster if b[2] - b[0] >= 4 and b[3] - b[1] >= 4) >= 2


def grow_by_labels(region: BBox, lines: list[Line], graphics: list[BBox]) -> BBox:
    """`region` grown by the short labels next to it and the graphics they reach, until stable."""
    taken: set[int] = set()
    changed = True
    while changed:
        changed = False
        for n, line in enumerate(lines):
            if n not in taken and is_label(line) and (centre_in(line.bbox, region, 1.0) or _near(line, region)):
                taken.add(n)
                region = union([region, line.bbox])
                changed = True
        for box in graphics:
            if _touch(region, box, TOUCH) and not _contains(region, box):
                region = union([region, box])
                changed = True
    return region


def find_diagrams(lines: list[Line], graphics: list[BBox], taken: list[BBox]) -> list[BBox]:
    """Regions of the page's caption-less diagrams.  `taken`: tables and captioned figures
    already found (a cluster overlapping one of them is theirs)."""
    clusters = [c for c in _clusters(graphics) if _shaped(c)]
    free = [c for c in clusters if not any(_touch(union(c), t, 0.0) for t in taken)]
    regions: list[BBox] = []
    used: set[int] = set()
    for cluster in free:
        region = union(cluster)
        if any(_touch(region, r, 0.0) for r in regions):
            continue
        labels: set[int] = set()
        changed = True
        while changed:
            changed = False
            for n, line in enumerate(lines):
                if n in labels or n in used or not is_label(line):
                    continue
                if centre_in(line.bbox, region, 1.0) or _near(line, region):
                    labels.add(n)
                    region = union([region, line.bbox])
                    changed = True
            for other in free:
                box = union(other)
                if other is not cluster and _touch(region, box, TOUCH) and not _contains(region, box):
                    region = union([region, box])
                    changed = True
        if len(labels) < MIN_LABELS:
            continue
        if any(n not in labels and not line.vertical and centre_in(line.bbox, region, 0.0) for n, line in enumerate(lines)):
            continue  # running text inside: a frame around body text, not a drawing
        used.update(labels)
        regions.append(region)
    return regions


def _contains(outer: BBox, inner: BBox) -> bool:
    return outer[0] <= inner[0] and outer[1] <= inner[1] and inner[2] <= outer[2] and inner[3] <= outer[3]


def diagram_text(lines: list[Line]) -> str:
    """A diagram's labels as one text: rows top to bottom, left to right within a row; the
    characters of a label set one under the other are read down their column first."""
    if not lines:
        return ""
    size = max(min(l.size for l in lines), 1.0)
    columns: list[list[Line]] = []
    for line in sorted(lines, key=lambda l: (round(l.bbox[0]), l.bbox[1])):
        text = "".join(line.text.split())
        col = next((c for c in columns if len(text) == 1 and abs(c[-1].bbox[0] - line.bbox[0]) <= 0.3 * size
                    and -0.5 * size <= line.bbox[1] - c[-1].bbox[3] <= 0.6 * size and len("".join(c[-1].text.split())) <= 1), None)
        if col is not None:
            col.append(line)
        else:
            columns.append([line])
    # rows: pieces starting within half a character of the row's first, read left to right
    rows: list[list[list[Line]]] = []
    for col in sorted(columns, key=lambda c: c[0].bbox[1]):
        if rows and col[0].bbox[1] <= rows[-1][0][0].bbox[1] + 0.5 * max(col[0].size, 1.0):
            rows[-1].append(col)
        else:
            rows.append([col])
    pieces = [col for row in rows for col in sorted(row, key=lambda c: c[0].bbox[0])]
    return " ".join("".join("".join(l.text.split()) for l in col) for col in pieces)
