"""Pages per second of ruled-table extraction: shiryo against pdfplumber's table pass,
on the same pages in one run (default: the 612-page Fuji budget book of the shared corpus).

    .venv/bin/python bench/table_speed.py [PDF] [--pages N]

Printed per tool: pages, seconds, pages/s, tables found.  shiryo is timed twice:
`shiryo pages` is the whole page read (text layer, rules, tables: what the pipeline
does per page), `shiryo tables` only the table part (rules from the drawing + the
lattice strategy) over text lines already read.  pdfplumber runs `extract_tables()`
with its default (lines) settings, which also reads the page's characters and edges.
Both run in this process, one page after the other: on a shared machine the absolute
figures are noisy, the ratio of one run less so.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_PDF = ROOT.parent / "shared" / "corpus" / "ja" / "fuji_city_general_account_budget_r6_full.pdf"


def run_shiryo(path: Path, n: int) -> tuple[float, float, int]:
    import pymupdf

    from shiryo.parsers.page import read_page
    from shiryo.parsers.rules import read_rules
    from shiryo.parsers.tables.lattice import LatticeStrategy
    from shiryo.parsers.text import read_lines

    doc = pymupdf.open(path)
    start = time.perf_counter()
    for i in range(n):
        read_page(doc[i])
    whole = time.perf_counter() - start
    lattice = LatticeStrategy()
    table_seconds, found = 0.0, 0
    for i in range(n):
        page = doc[i]
        lines = read_lines(page)
        t0 = time.perf_counter()
        rules = read_rules(page)
        found += len(lattice.find_tables(lines, rules, (page.rect.width, page.rect.height)))
        table_seconds += time.perf_counter() - t0
    return whole, table_seconds, found


def run_pdfplumber(path: Path, n: int) -> tuple[float, int]:
    import pdfplumber

    start = time.perf_counter()
    found = 0
    with pdfplumber.open(path) as pdf:
        for i in range(n):
            page = pdf.pages[i]
            found += len(page.extract_tables())
            page.close()  # drop the page's cached objects, as a long run must
    return time.perf_counter() - start, found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", nargs="?", default=str(DEFAULT_PDF))
    parser.add_argument("--pages", type=int, default=0, help="first N pages only (default: all)")
    args = parser.parse_args()
    path = Path(args.pdf)
    if not path.is_file():
        sys.exit(f"no such PDF: {path} (the shared corpus sits beside the repository)")
    import pymupdf

    with pymupdf.open(path) as doc:
        n = min(args.pages or doc.page_count, doc.page_count)
    whole, tables_only, found = run_shiryo(path, n)
    plumber, plumber_found = run_pdfplumber(path, n)
    print(f"{path.name}: {n} pages")
    print(f"{'tool':<16} {'seconds':>8} {'pages/s':>8} {'tables':>7}")
    print(f"{'shiryo pages':<16} {whole:8.2f} {n / whole:8.1f} {found:7d}")
    print(f"{'shiryo tables':<16} {tables_only:8.2f} {n / tables_only:8.1f} {found:7d}")
    print(f"{'pdfplumber':<16} {plumber:8.2f} {n / plumber:8.1f} {plumber_found:7d}")
    print(f"pdfplumber / shiryo pages time: {plumber / whole:.1f}x")


if __name__ == "__main__":
    main()
