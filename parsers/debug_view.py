"""The debugging view: every page rendered with the box, type and reading-order number of
each record drawn on it (`shiryo extract PDF --debug-png DIR`).

Drawn on a throw-away copy of the document (never saved), so the source PDF is untouched.
Regions the parser set aside (running headers, figure interiors) are drawn grey when given.
"""
from __future__ import annotations

from pathlib import Path

import pymupdf

# one colour per record type (RGB 0..1); unknown types are drawn magenta
TYPE_COLOURS = {
    "heading": (0.85, 0.1, 0.1),
    "paragraph": (0.1, 0.35, 0.9),
    "list_item": (0.0, 0.6, 0.6),
    "footnote": (0.6, 0.3, 0.0),
    "caption": (0.1, 0.6, 0.1),
    "table": (0.55, 0.1, 0.7),
    "figure": (0.4, 0.4, 0.4),
}
SET_ASIDE = (0.6, 0.6, 0.6)
LABELS = {"heading": "H", "paragraph": "P", "list_item": "L", "footnote": "FN", "caption": "C", "table": "T", "figure": "FIG"}


def _page_boxes(record: dict) -> dict[int, list[float]]:
    """The record's box on every page it touches."""
    boxes = {int(record["page"]): record["bbox"]}
    for page, bbox in (record.get("page_bboxes") or {}).items():
        boxes[int(page)] = bbox
    return boxes


def render_debug_pages(pdf: str | Path, records: list[dict], out_dir: str | Path, zoom: float = 1.5,
                       set_aside: dict[int, list[list[float]]] | None = None, pages: list[int] | None = None,
                       password: str | None = None) -> list[Path]:
    """Write `<stem>-p<N>.png` for every page of `pdf` (or the 1-based `pages`); returns the files written.
    `password` opens an encrypted PDF, as the extraction did."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    body = [r for r in records if r.get("type") != "document"]
    with pymupdf.open(str(pdf)) as doc:
        if doc.needs_pass and not doc.authenticate(password or ""):
            raise PermissionError(f"{pdf}: encrypted, and the password given does not open it")
        for number in pages or range(1, doc.page_count + 1):
            if not 1 <= number <= doc.page_count:
                continue
            page = doc[number - 1]
            for bbox in (set_aside or {}).get(number, ()):
                page.draw_rect(pymupdf.Rect(bbox), color=SET_ASIDE, width=0.6, dashes="[2 2] 0")
            for order, record in enumerate(body, 1):
                bbox = _page_boxes(record).get(number)
                if bbox is None:
                    continue
                kind = record.get("type", "?")
                colour = TYPE_COLOURS.get(kind, (0.9, 0.0, 0.9))
                rect = pymupdf.Rect(bbox)
                page.draw_rect(rect, color=colour, width=0.8)
                label = f"{order} {LABELS.get(kind, kind)}"
                if record.get("footnote_marks"):
                    label += " cites " + ",".join(record["footnote_marks"])
                if record.get("marker"):
                    label += " #" + record["marker"]
                if record.get("ruby"):
                    label += " ruby"
                # the label sits just above the box's top-left corner, on a white patch to stay legible
                width = pymupdf.get_text_length(label, fontname="helv", fontsize=6)
                top = rect.y0 if rect.y0 >= 7 else rect.y0 + 7  # inside the box when it touches the page top
                patch = pymupdf.Rect(rect.x0, top - 6.5, rect.x0 + width + 2, top)
                page.draw_rect(patch, color=None, fill=(1, 1, 1), fill_opacity=0.85)
                page.insert_text((rect.x0 + 1, top - 1.2), label, fontname="helv", fontsize=6, color=colour)
            target = out_dir / f"{Path(pdf).stem}-p{number}.png"
            page.get_pixmap(matrix=pymupdf.Matrix(zoom, zoom)).save(str(target))
            written.append(target)
    return written
