"""Pages/s and peak memory of `shiryo extract` on corpus files (prints its figures).

    .venv/bin/python bench/extract_speed.py [PDF ...]

Default inputs: the 612-page Fuji budget book and the five white paper chapters from
../shared/corpus/ja.  Each PDF is extracted by the real CLI in a fresh process; peak
RSS is the larger of the CLI process and its page worker (from wait4's rusage).
Seconds are wall time of the whole command, interpreter and worker start included
(about 1 s, which dominates the short white paper chapters).
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "ja"
DEFAULT = ["fuji_city_general_account_budget_r6_full.pdf"] + [f"mext_st_innovation_whitepaper_r6_ch{i}.pdf" for i in range(1, 6)]


def page_count(pdf: Path) -> int:
    import pymupdf

    with pymupdf.open(pdf) as d:
        return d.page_count


def measure(pdf: Path) -> tuple[int, float, float, int]:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.jsonl"
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "shiryo", "extract", str(pdf), "-o", str(out)], stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if status != 0:
            raise SystemExit(f"{pdf.name}: shiryo extract failed (status {status})")
        records = sum(1 for _ in out.open(encoding="utf-8"))
    # Linux fills wait4's rusage like RUSAGE_BOTH: ru_maxrss is the larger of the CLI and the
    # page worker it reaped
    return page_count(pdf), seconds, usage.ru_maxrss / 1024, records


def main() -> None:
    pdfs = [Path(a) for a in sys.argv[1:]] or [CORPUS / name for name in DEFAULT]
    missing = [p for p in pdfs if not p.is_file()]
    if missing:
        raise SystemExit(f"missing inputs (is ../shared/corpus there?): {', '.join(map(str, missing))}")
    print(f"{'document':<48} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'peak MB':>8} {'records':>8}")
    total_pages = total_seconds = 0.0
    for pdf in pdfs:
        pages, seconds, peak_mb, records = measure(pdf)
        total_pages += pages
        total_seconds += seconds
        print(f"{pdf.name:<48} {pages:>6} {seconds:>8.2f} {pages / seconds:>8.1f} {peak_mb:>8.0f} {records:>8}")
    print(f"{'all':<48} {int(total_pages):>6} {total_seconds:>8.2f} {total_pages / total_seconds:>8.1f}")


if __name__ == "__main__":
    main()
