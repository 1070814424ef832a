"""Text lines, spans and character boxes from a page's own text layer (no OCR)."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

import pymupdf

from shiryo.parsers.model import Char, Line, Span, union

# Symbol fonts (Wingdings, Symbol) map bullets into the private-use area U+F000–U+F0FF.
# We never emit those raw: the common ones become the bullet they show, the rest are dropped.
PRIVATE_USE_BULLETS = {
    0xF06C: "●", 0xF09F: "・", 0xF0A7: "■", 0xF0D8: "➢", 0xF0FC: "✓", 0xF06E: "■",
    0xF075: "◆", 0xF0A1: "○", 0xF0B7: "・", 0xF0E8: "➔", 0xF0A8: "◆", 0xF0D3: "○",
    0xF09E: "・",  # Wingdings' small middle dot (公募要領 p11, p16: a sub-item under a ⚫ bullet)
}

# any character clean_char() changes: most spans hold none, and skip the per-character pass
_NEEDS_CLEANING = re.compile("[\ue000-\uf8ff\u00ad\ufeff\u200b\u2060]")

# Name hints only: Japanese body text is often set in a Gothic face, so "gothic" is no hint of weight.
_BOLD_HINTS = ("bold", "black", "heavy", "-w6", "-w7", "-w8", "-w9", "demi", "semibold", "太字")

TEXT_FLAGS = (
    pymupdf.TEXT_PRESERVE_WHITESPACE
    | pymupdf.TEXT_PRESERVE_LIGATURES
    | pymupdf.TEXT_MEDIABOX_CLIP
)


@lru_cache(maxsize=1024)  # a page repeats a handful of fonts over hundreds of spans
def font_name(raw: str) -> str:
    """PyMuPDF hands out some CJK font names as UTF-8 bytes read as Latin-1; undo that."""
    try:
        return raw.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return raw


@lru_cache(maxsize=1024)
def is_bold(font: str, flags: int) -> bool:
    if flags & pymupdf.TEXT_FONT_BOLD:
        return True
    lowered = font.lower()
    return any(h in lowered for h in _BOLD_HINTS)


def clean_char(c: str) -> str:
    cp = ord(c)
    if 0xE000 <= cp <= 0xF8FF:
        return PRIVATE_USE_BULLETS.get(cp, "")
    if c in "\u00ad\ufeff\u200b\u2060":  # soft hyphen, BOM, zero-width space, word joiner (Biden-\u2060Harris)
        return ""
    return c


def read_lines(page: pymupdf.Page) -> list[Line]:
    """Every non-blank text line with spans and per-character boxes."""
    raw = page.get_text("rawdict", flags=TEXT_FLAGS)
    lines: list[Line] = []
    for block in raw["blocks"]:
        if block.get("type") != 0:
            continue
        for rl in block["lines"]:
            spans: list[Span] = []
            for rs in rl["spans"]:
                raw_chars = rs["chars"]
                text = "".join([ch["c"] for ch in raw_chars])
                if _NEEDS_CLEANING.search(text):
                    chars = [Char(c, tuple(ch["bbox"])) for ch in raw_chars if (c := clean_char(ch["c"]))]
                    text = "".join([ch.c for ch in chars])
                else:
                    chars = [Char(ch["c"], tuple(ch["bbox"])) for ch in raw_chars]
                if not text.strip():
                    continue
                font = font_name(rs["font"])
                bbox = union([ch.bbox for ch in chars if not ch.c.isspace()])
                spans.append(Span(text, font, float(rs["size"]), is_bold(font, rs["flags"]), bbox, chars))
            if not spans:
                continue
            dx, dy = rl["dir"]
            # one span: the line's box is that span's very tuple, so a pickled page holds it once
            bbox = spans[0].bbox if len(spans) == 1 else union([s.bbox for s in spans])
            lines.append(Line(spans=spans, bbox=bbox, vertical=abs(dy) > abs(dx)))
    return merge_same_baseline(lines)


def column_edges(lines: list[Line]) -> set[int]:
    """x positions (rounded) where at least three lines of the page start: left edges of columns."""
    counts = Counter(round(l.bbox[0]) for l in lines if not l.vertical)
    return {x for x, n in counts.items() if n >= 3}


def merge_same_baseline(lines: list[Line]) -> list[Line]:
    """PyMuPDF may cut one printed line into several (font switch, wide spacing). Rejoin
    horizontal lines that share a baseline and nearly touch; keep column gutters apart
    (a narrow gutter is told by the next column's left edge, where many lines start)."""
    edges = column_edges(lines)
    horizontal = sorted((l for l in lines if not l.vertical), key=lambda l: (round(l.bbox[3]), l.bbox[0]))
    merged: list[Line] = []
    prev_size = 0.0  # merged[-1].size, kept as lines join it (the property counts every span)
    for line in horizontal:
        line_size = line.size
        prev = merged[-1] if merged else None
        if prev is not None:
            size = max(prev_size, line_size, 1.0)
            same_row = abs(prev.bbox[3] - line.bbox[3]) < 0.3 * size and abs(prev.bbox[1] - line.bbox[1]) < 0.6 * size
            gap = line.bbox[0] - prev.bbox[2]
            if same_row and -0.5 * size < gap < 1.2 * size:
                # a long run of text up to a column edge is the left column; a short label before
                # it (第三条, a list number) belongs to the line it introduces
                left_is_column = prev.bbox[2] - prev.bbox[0] > 8 * size
                at_column_edge = left_is_column and gap > 0.5 * size and any(abs(round(line.bbox[0]) - x) <= 1 for x in edges)
                if not at_column_edge:
                    if gap > 0.6 * size:  # a visible gap inside a printed line reads as a space
                        prev.spans.append(Span(" ", prev.spans[-1].font, size, False, (prev.bbox[2], prev.bbox[1], line.bbox[0], prev.bbox[3])))
                    prev.spans.extend(line.spans)
                    prev.bbox = union([prev.bbox, line.bbox])
                    prev_size = prev.size
                    continue
        merged.append(line)
        prev_size = line_size
    return merged + [l for l in lines if l.vertical]
