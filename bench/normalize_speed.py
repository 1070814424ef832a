"""Normalisation speed: characters/s, and its share of the whole extraction.

    .venv/bin/python bench/normalize_speed.py            # seeds + white paper + budget book
    .venv/bin/python bench/normalize_speed.py --text FILE ...
    .venv/bin/python bench/normalize_speed.py --pdf FILE ...

--text: pipeline.normalize.analyze on a text file, as one string and split
into paragraph blocks (one call per record, what the pipeline does).

--pdf: pipeline.extraction.extract_document on each PDF (what `shiryo extract`
runs), timing every normalise_record call (record text + table cells); prints
the characters normalised per second, the share of the extraction's wall
time spent normalising, and the CPU seconds of normalising (less sensitive to
other processes on the machine than wall time). Parsing runs in worker processes, so on a loaded
machine the share moves with the load: compare figures from one run.

The Sudachi dictionary is loaded before timing starts.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import shiryo.pipeline.extraction as extraction  # noqa: E402
from shiryo.pipeline.normalize import analyze  # noqa: E402

SEEDS = Path("/work/shared/seeds")
CORPUS = ROOT.parent / "shared" / "corpus" / "ja"
if not CORPUS.is_dir():
    CORPUS = Path("/work/shared/corpus/ja")
DEFAULT_TEXTS = [SEEDS / "004_ca9808c37b3fcfd8.txt", SEEDS / "001_75800860c157679c.txt"]
DEFAULT_PDFS = [CORPUS / f"mext_st_innovation_whitepaper_r6_ch{n}.pdf" for n in range(1, 6)] + [
    CORPUS / "fuji_city_general_account_budget_r6_full.pdf"
]


def bench_text(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if b.strip()]
    t0 = time.perf_counter()
    whole = analyze(text)
    t1 = time.perf_counter()
    found = 0
    for block in blocks:
        r = analyze(block)
        found += len(r["fiscal_years"]) + len(r["dates"]) + len(r["quantities"])
    t2 = time.perf_counter()
    n_whole = len(whole["fiscal_years"]) + len(whole["dates"]) + len(whole["quantities"])
    print(
        f"{path.name}: {len(text):,} chars | whole text {len(text) / (t1 - t0):,.0f} chars/s "
        f"({n_whole} mentions) | {len(blocks)} blocks {len(text) / (t2 - t1):,.0f} chars/s ({found} mentions)"
    )


def bench_pdf(path: Path) -> tuple[float, float, int]:
    """(extraction wall s, normalising s, characters normalised) for one PDF."""
    spent = [0.0, 0, 0.0]
    original = extraction.normalise_record

    def timed(record, *args, **kwargs):
        t, cpu = time.perf_counter(), time.process_time()
        original(record, *args, **kwargs)
        spent[0] += time.perf_counter() - t
        spent[2] += time.process_time() - cpu
        spent[1] += len(record.get("text") or "") + sum(len(c["text"]) for c in record.get("cells", ()))

    extraction.normalise_record = timed
    try:
        t0 = time.perf_counter()
        result = extraction.extract_document(path)
        total = time.perf_counter() - t0
    finally:
        extraction.normalise_record = original
    seconds, chars, cpu = spent
    n_cells = sum(len(r.get("cells", ())) for r in result.records)
    print(
        f"{path.name}: {result.n_pages} pages, {len(result.records)} records, {n_cells} cells, {chars:,} chars | "
        f"extract {total:.2f} s, normalise {seconds:.2f} s = {100 * seconds / total:.1f}% (cpu {cpu:.2f} s) | {chars / seconds:,.0f} chars/s"
    )
    return total, seconds, chars


def main(argv: list[str]) -> None:
    analyze("令和三年度に三千五百人")  # load Sudachi outside the timing
    texts, pdfs = DEFAULT_TEXTS, DEFAULT_PDFS
    if argv:
        mode, files = argv[0], [Path(a) for a in argv[1:]]
        texts, pdfs = (files, []) if mode == "--text" else ([], files)
    for path in texts:
        bench_text(path)
    totals = [0.0, 0.0, 0]
    for path in pdfs:
        if not path.is_file():
            print(f"{path}: missing, skipped")
            continue
        for i, value in enumerate(bench_pdf(path)):
            totals[i] += value
    if len(pdfs) > 1 and totals[0]:
        print(f"all PDFs: extract {totals[0]:.2f} s, normalise {totals[1]:.2f} s = {100 * totals[1] / totals[0]:.1f}% | {totals[2] / totals[1]:,.0f} chars/s")


if __name__ == "__main__":
    main(sys.argv[1:])
