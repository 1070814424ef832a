"""Is a page's text layer usable?  Warnings (never errors) for pages we cannot read
without OCR: scans with no text at all, and fonts whose glyphs have no Unicode mapping.

A font embedded without a ToUnicode map (and with Identity encoding) makes MuPDF hand
out the raw glyph ids as characters: Japanese text comes out as a scatter of Thai, Lao,
Sinhala, IPA letters and control characters.  Real Japanese government text stays within
a known set of blocks, so a font whose characters mostly fall outside it is flagged.
"""
from __future__ import annotations

import re
from collections import Counter

from shiryo.parsers.model import Line, PageWarning

# Blocks real documents use: ASCII, Latin-1/Extended-A/B, Greek, general punctuation up to
# dingbats and misc symbols, CJK punctuation, kana, enclosed CJK, CJK ideographs and
# compatibility forms, half/full-width forms, enclosed alphanumerics, CJK extensions.
_EXPECTED = (
    "\t\n\r\u0020-\u007e\u00a0-\u024f\u0370-\u03ff\u0400-\u045f\u2000-\u2bff\u2e80-\u2fdf"
    "\u3000-\u30ff\u3190-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef"
    "\U0001f100-\U0001f2ff\U00020000-\U0003134f"
)
_UNEXPECTED = re.compile(f"[^{_EXPECTED}]")
MIN_CHARS = 8  # a font needs this many characters on the page to be judged
UNMAPPED_SHARE = 0.3


def text_layer_warnings(lines: list[Line], has_images: bool) -> list[PageWarning]:
    """Warnings for one page's lines (already read, no second pass over the PDF)."""
    if not lines:
        if has_images:
            return [PageWarning("no_text_layer", "the page holds images but no text (scanned?); shiryo does no OCR")]
        return []
    total: Counter[str] = Counter()
    unexpected: Counter[str] = Counter()
    for line in lines:
        for span in line.spans:
            text = span.text.replace(" ", "")
            total[span.font] += len(text)
            unexpected[span.font] += len(_UNEXPECTED.findall(text))
    bad = sorted(
        font for font, n in total.items() if n >= MIN_CHARS and unexpected[font] >= UNMAPPED_SHARE * n
    )
    if not bad:
        return []
    share = sum(unexpected[f] for f in bad) / sum(total[f] for f in bad)
    return [PageWarning(
        "unmapped_font",
        f"text in font(s) {', '.join(bad)} has no usable Unicode mapping "
        f"({share:.0%} of its characters are control, private-use or out-of-place script characters); "
        "the page's text is unreliable",
    )]
