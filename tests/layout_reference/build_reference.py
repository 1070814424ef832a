"""Draft the layout reference of a white paper chapter straight from the PDF, independently
of shiryo's parsers (run by hand; the YAML it prints was then checked against the page images):

    .venv/bin/python tests/layout_reference/build_reference.py ../shared/corpus/ja/mext_st_innovation_whitepaper_r6_ch3.pdf

Reading used here: only body-size characters (10.5 pt; footnote markers at 9 pt, ruby at
4-6 pt and running heads at 8 pt fall away by size), the left column top to bottom, then
the right one, page after page.  Sentences (ending in 。) that wrap over two or more
lines are drafted; those crossing a column or page break are marked `break: column|page`.
"""
from __future__ import annotations

import sys

import pymupdf
import yaml

BODY = 10.5


def body_lines(path: str):
    """(page, column, y, text) of every body-size line in two-column reading order."""
    out = []
    with pymupdf.open(path) as doc:
        for page in doc:
            mid = page.rect.width / 2
            rows = []
            for block in page.get_text("dict")["blocks"]:
                for line in block.get("lines", []):
                    text = "".join(s["text"] for s in line["spans"] if abs(s["size"] - BODY) < 0.3)
                    if text.strip() and line["dir"] == (1.0, 0.0):
                        column = 0 if line["bbox"][0] < mid - 20 else 1
                        rows.append((page.number + 1, column, line["bbox"][1], text.strip()))
            out.extend(sorted(rows))
    return out


def sentences(path: str):
    lines = body_lines(path)
    current, where = "", []
    for page, column, _, text in lines:
        if not current:
            where = []
        current += text
        where.append((page, column))
        while "。" in current:
            sentence, _, current = current.partition("。")
            span = list(dict.fromkeys(where))
            kind = "page" if len({p for p, _ in span}) > 1 else "column" if len(span) > 1 else None
            yield sentence + "。", span[0][0], kind, len(where)
            where = [where[-1]] if current else []


def main() -> None:
    for path in sys.argv[1:]:
        picked = []
        for text, page, kind, n_lines in sentences(path):
            balanced = all(text.count(a) == text.count(b) for a, b in ("（）", "「」", "()"))
            clean = "■" not in text and balanced  # a caption at body size or a stray bracket: not prose
            if clean and n_lines >= 2 and 25 <= len(text) <= 160 and (kind or len(picked) % 3 == 0):
                picked.append({"page": page, "text": text} | ({"break": kind} if kind else {}))
        print(yaml.safe_dump({"pdf": path.rsplit("/", 1)[-1], "sentences": picked}, allow_unicode=True, sort_keys=False))


if __name__ == "__main__":
    main()
