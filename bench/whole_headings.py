"""Whole headings (issue 14): how many printed headings of the hand list
(tests/heading_reference/whole_headings.yaml) come out as ONE heading record with the page's text,
per kind of case (number beside its title, wrapped heading, title in two sizes, lost gap).

    .venv/bin/python bench/whole_headings.py [-v]      # -v: every case that fails, and why
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests" / "heading_reference")]

from heading_score import cases, judge  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus"


def main() -> None:
    from shiryo.pipeline.extraction import extract_document

    verbose = "-v" in sys.argv
    records: dict[str, list[dict]] = {}
    held, total = Counter(), Counter()
    for case in cases():
        path = CORPUS / case["pdf"]
        if not path.is_file():
            print(f"skipped (corpus absent): {case['pdf']}")
            continue
        if case["pdf"] not in records:
            records[case["pdf"]] = extract_document(path).records
        wrong = judge(case, records[case["pdf"]])
        for key in (case["kind"], "held_out" if case.get("held_out") else "tuned"):
            total[key] += 1
            held[key] += not wrong
        if wrong and verbose:
            print(f"  ✗ {case['pdf'].split('/')[-1]} p{case['page']} {case['text']}: {wrong}")
    splits = ("tuned", "held_out")
    for kind in sorted(k for k in total if k not in splits) + list(splits):
        print(f"{kind:<10} {held[kind]:>3}/{total[kind]:<3} one heading record with the printed text")
    print(f"{'all':<10} {held['tuned'] + held['held_out']:>3}/{total['tuned'] + total['held_out']:<3}")


if __name__ == "__main__":
    main()
