"""Heading records that are page furniture, by the hand list tests/outline_furniture.yaml (issue 14):
header boxes, cover-sheet lines, issuers, dates, units, page numbers, badges, one-character lines.

    .venv/bin/python bench/outline_furniture.py [-v]          # with parsers/furniture.py
    .venv/bin/python bench/outline_furniture.py --off [-v]    # without it (the figure before)

Prints, per listed document, its heading records and how many of them are listed furniture
(each heading record whose page and text, NFKC without blanks, match a listed line); -v names them.
"""
from __future__ import annotations

import argparse
import sys
import unicodedata
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus"
LIST = ROOT / "tests" / "outline_furniture.yaml"


def squeezed(text) -> str:
    return "".join(unicodedata.normalize("NFKC", str(text)).split())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--off", action="store_true", help="extract without parsers/furniture.py (the figure before)")
    parser.add_argument("-v", action="store_true", help="name each furniture heading found")
    args = parser.parse_args()
    if args.off:
        import shiryo.parsers.document as document

        document.demote_furniture = lambda doc: None
    from shiryo.pipeline.extraction import extract_document

    items = yaml.safe_load(LIST.read_text(encoding="utf-8"))
    listed: dict[str, set[tuple[int, str]]] = {}
    for item in items:
        listed.setdefault(item["doc"], set()).add((item["page"], squeezed(item["text"])))
    total_headings = total_furniture = 0
    print(f"{'document':60} {'headings':>8} {'furniture':>9}")
    for doc in sorted(listed):
        pdf = CORPUS / doc
        if not pdf.is_file():
            print(f"{doc:60} {'absent':>8}")
            continue
        headings = [r for r in extract_document(pdf).records if r["type"] == "heading"]
        found = [r for r in headings if (r["page"], squeezed(r["text"])) in listed[doc]]
        total_headings += len(headings)
        total_furniture += len(found)
        print(f"{doc:60} {len(headings):8} {len(found):9}")
        if args.v:
            for r in found:
                print(f"    p{r['page']} {r['text']!r}")
    print(f"{'all (' + str(len(items)) + ' listed lines, ' + str(len(listed)) + ' documents)':60} {total_headings:8} {total_furniture:9}")


if __name__ == "__main__":
    main()
