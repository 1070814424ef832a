"""Text of a table cell from character boxes (not spans: one span may cross cell borders)."""
from __future__ import annotations

from parsers.model import BBox, Char
from parsers.joining import join_lines


def chars_in(bbox: BBox, chars: list[Char], pad: float = 0.5) -> list[Char]:
    x0, y0, x1, y1 = bbox
    out = []
    for ch in chars:
        cx = (ch.bbox[0] + ch.bbox[2]) / 2
        cy = (ch.bbox[1] + ch.bbox[3]) / 2
        if x0 - pad <= cx <= x1 + pad and y0 - pad <= cy <= y1 + pad:
            out.append(ch)
    return out


def cell_text(chars: list[Char]) -> str:
    """Group a cell's characters into visual lines (by vertical overlap), order each line
    left to right, and join the lines the Japanese way."""
    rows: list[list[Char]] = []
    for ch in sorted(chars, key=lambda c: ((c.bbox[1] + c.bbox[3]) / 2, c.bbox[0])):
        cy = (ch.bbox[1] + ch.bbox[3]) / 2
        if rows:
            last = rows[-1]
            ly0 = min(c.bbox[1] for c in last)
            ly1 = max(c.bbox[3] for c in last)
            if ly0 <= cy <= ly1:
                last.append(ch)
                continue
        rows.append([ch])
    texts = []
    for row in rows:
        row.sort(key=lambda c: c.bbox[0])
        parts = []
        prev = None
        for ch in row:
            if prev is not None:
                height = max(ch.bbox[3] - ch.bbox[1], 1.0)
                # Latin words are set with narrow gaps; CJK text only shows gaps where a space was meant
                latin = ch.c.isascii() and prev.c.isascii()
                if ch.bbox[0] - prev.bbox[2] > (0.15 if latin else 0.8) * height and not ch.c.isspace() and not prev.c.isspace():
                    parts.append(" ")
            parts.append(ch.c)
            prev = ch
        texts.append("".join(parts).strip())
    return join_lines([t for t in texts if t])
