"""Milliseconds per page of each step of the page workers' `read_page`, warm, in one process
(default: the 612-page Fuji budget book of the shared corpus), and the size and load time of
the pickled page models the workers send to the main process.

    .venv/bin/python bench/page_stages.py [PDF] [--rounds N]

Each step runs over every page, N rounds after a warm-up round; the best round is printed,
in CPU seconds of this process (a busy machine inflates wall time far more).  The steps'
inputs (lines, rules, page models) are read once beforehand and frozen out of the garbage
collector's way, as a worker holds one page at a time, not the whole book.
To compare two trees, run it from each (`cd TREE && .venv/bin/python bench/page_stages.py`).
"""
from __future__ import annotations

import argparse
import gc
import pickle
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PDF = ROOT.parent / "shared" / "corpus" / "ja" / "fuji_city_general_account_budget_r6_full.pdf"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT_PDF)
    ap.add_argument("--rounds", type=int, default=3)
    args = ap.parse_args()

    import pymupdf

    from shiryo.parsers.page import _content_bytes, read_page
    from shiryo.parsers.ruby import lift_ruby
    from shiryo.parsers.rules import read_rules
    from shiryo.parsers.tables import STRATEGIES
    from shiryo.parsers.text import read_lines

    doc = pymupdf.open(args.pdf)
    pages = [doc[i] for i in range(doc.page_count)]
    sizes = [(p.rect.width, p.rect.height) for p in pages]
    lines = [lift_ruby(read_lines(p)) for p in pages]
    rules = [read_rules(p) for p in pages]
    models = [read_page(p) for p in pages]
    pickles = [pickle.dumps(m, protocol=pickle.HIGHEST_PROTOCOL) for m in models]
    gc.collect()
    gc.freeze()
    steps = {
        "read_lines": lambda i: read_lines(pages[i]),
        "content_bytes": lambda i: _content_bytes(pages[i]),
        "read_rules": lambda i: read_rules(pages[i]),
        "lattice": lambda i: STRATEGIES["lattice"]().find_tables(lines[i], rules[i], sizes[i]),
        "borderless": lambda i: STRATEGIES["borderless"]().find_tables(lines[i], rules[i], sizes[i]),
        "read_page (all)": lambda i: read_page(pages[i]),
        "pickle.dumps": lambda i: pickle.dumps(models[i], protocol=pickle.HIGHEST_PROTOCOL),
        "pickle.loads": lambda i: pickle.loads(pickles[i]),
    }
    best = {name: float("inf") for name in steps}
    for round_ in range(args.rounds + 1):  # round 0 warms up
        for name, step in steps.items():
            start = time.process_time()
            for i in range(len(pages)):
                step(i)
            if round_:
                best[name] = min(best[name], time.process_time() - start)
    print(f"{args.pdf.name}: {len(pages)} pages, best of {args.rounds} rounds (CPU ms/page)")
    for name, seconds in best.items():
        print(f"  {name:<16} {1000 * seconds / len(pages):7.3f}")
    print(f"  pickled page     {sum(map(len, pickles)) / len(pages):7.0f} bytes")


if __name__ == "__main__":
    main()
