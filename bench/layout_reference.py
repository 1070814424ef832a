"""Layout figures on the five white paper chapters against tests/layout_reference/*.yaml:
how many reference sentences come out whole in one record, ruby readings and running heads
leaking into body records, footnotes found as footnote records, markers split.

    .venv/bin/python bench/layout_reference.py [-v]
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "layout_reference")]

from shiryo.pipeline.extraction import extract_document  # noqa: E402
from score import references, score  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "ja"


def main() -> None:
    verbose = "-v" in sys.argv
    total = whole = 0
    for reference in references():
        pdf = CORPUS / reference["pdf"]
        if not pdf.is_file():
            raise SystemExit(f"missing {pdf} (is ../shared/corpus there?)")
        s = score(reference, extract_document(pdf).records)
        total, whole = total + s.sentences, whole + s.whole
        print(s.line())
        if verbose:
            for text in s.broken + s.ruby_leaks + s.running_leaks + s.footnotes_missing + s.glued_markers:
                print("    ✗", text[:100])
    print(f"all: {whole}/{total} reference sentences whole in one record")


if __name__ == "__main__":
    main()
