"""Ruby (furigana): small kana set just above the characters they read.

MuPDF hands ruby out as lines of their own.  Left in, they end up inside the text
(`切り拓ひらく`, `けんいん … 牽引`).  A ruby line is all kana, at most
`MAX_RATIO` of the size of a line right below it that it overlaps; it is taken out
of the page and kept on that base line as `{"base": 牽引, "reading": けんいん}`.
Runs on character boxes, so it runs where they still exist (in the page worker).
"""
from __future__ import annotations

import regex

from shiryo.parsers.model import Line

KANA = regex.compile(r"^[\p{Hiragana}\p{Katakana}ー・]+$")
MAX_RATIO = 0.65


def _base_under(ruby: Line, lines: list[Line]) -> Line | None:
    rx0, _, rx1, ry1 = ruby.bbox
    rsize = max(ruby.size, 1.0)
    best = None
    for line in lines:
        if line is ruby or line.vertical or line.size * MAX_RATIO < ruby.size:
            continue
        bsize = max(line.size, 1.0)
        # the base line starts right below the ruby (they may touch or overlap a little)
        if not (ry1 - 0.8 * rsize <= line.bbox[1] <= ry1 + 0.5 * bsize):
            continue
        if min(rx1, line.bbox[2]) - max(rx0, line.bbox[0]) <= 0:
            continue
        if best is None or line.bbox[1] < best.bbox[1]:
            best = line
    return best


def _base_text(ruby: Line, base: Line) -> str:
    """The base characters the reading sits over (by character centre)."""
    lo, hi = ruby.bbox[0], ruby.bbox[2]
    chars = [c for s in base.spans for c in s.chars if lo <= (c.bbox[0] + c.bbox[2]) / 2 <= hi]
    if not chars:  # a reading narrower than half its character: the character under its middle
        mid = (lo + hi) / 2
        chars = [c for s in base.spans for c in s.chars if c.bbox[0] <= mid <= c.bbox[2]]
    return "".join(c.c for c in chars).strip()


def lift_ruby(lines: list[Line]) -> list[Line]:
    """`lines` without their ruby lines; each reading is kept on its base line's `ruby`."""
    kept = []
    for line in lines:
        if not line.vertical and KANA.match(line.text.strip()):
            base = _base_under(line, lines)
            if base is not None:
                base.ruby.append({"base": _base_text(line, base), "reading": "".join(line.text.split())})
                continue
        kept.append(line)
    return kept
