"""Pages/s and peak memory of `shiryo extract`, next to pdfplumber's table pass and camelot
lattice on the same pages in the same run (prints its figures).

    .venv/bin/python bench/extract_speed.py [--camelot-pages N] [--no-run] [PDF ...]

Default inputs: the 612-page Fuji budget book and white paper chapter 3 (16 pages) from
../shared/corpus/ja.  Every tool runs as a fresh process, timed wall-clock and
in CPU seconds (user + system of the process and all it reaped, page workers included;
pages per CPU-second is the figure that survives a busy machine), interpreter start
included; peak RSS is the largest SUM over the process tree (the CLI and all its page
workers), sampled every 20 ms.

  - `shiryo extract` with 1 and 2 page workers (--workers), on the whole document and on
    its first quarter and half (time should grow linearly with pages);
  - pdfplumber: `page.find_tables()` on every page (its table pass alone, no text output);
  - camelot lattice on the first N pages (default 40: it runs at a few pages/s);
  - unless --no-run: `shiryo run` over a folder of the inputs, twice; the second run finds
    every source unchanged and reuses its records.  Wall time includes starting Prefect's
    embedded server (unless PREFECT_API_URL names a running one); the flow body's own time
    (manifest `started` → `finished`) is printed beside it.

Figures from a shared machine are noisy; compare the ratios measured in one run.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from datetime import datetime
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus" / "ja"
DEFAULT = ["fuji_city_general_account_budget_r6_full.pdf", "mext_st_innovation_whitepaper_r6_ch3.pdf"]

PDFPLUMBER = textwrap.dedent(
    """
    import sys, pdfplumber
    with pdfplumber.open(sys.argv[1]) as pdf:
        for page in pdf.pages[: int(sys.argv[2])]:
            page.find_tables()
            page.flush_cache()
    """
)
CAMELOT = textwrap.dedent(
    """
    import sys, warnings, camelot
    warnings.simplefilter("ignore")
    camelot.read_pdf(sys.argv[1], pages=f"1-{sys.argv[2]}", flavor="lattice")
    """
)


def measure(cmd: list[str], env: dict | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system of the command and every process it reaped:
    the page workers) and peak summed RSS in MB of `cmd` and all its descendants."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env={**os.environ, **(env or {})})
    root = psutil.Process(proc.pid)
    peak = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        total = 0
        try:
            for p in [root] + root.children(recursive=True):
                try:
                    total += p.memory_info().rss
                except psutil.Error:
                    pass
        except psutil.Error:
            pass
        peak = max(peak, total)
        time.sleep(0.02)
    seconds = time.perf_counter() - start
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({code}): {proc.stderr.read()[-2000:]}")
    return seconds, usage.ru_utime + usage.ru_stime, peak / 2**20


def first_pages(pdf: Path, n: int, folder: Path) -> Path:
    import pymupdf

    out = folder / f"{pdf.stem}_first{n}.pdf"
    with pymupdf.open(pdf) as doc:
        doc.select(list(range(n)))
        doc.save(out, garbage=1)
    return out


def page_count(pdf: Path) -> int:
    import pymupdf

    with pymupdf.open(pdf) as doc:
        return doc.page_count


def row(name: str, tool: str, pages: int, seconds: float, cpu: float, peak: float, note: str = "") -> None:
    print(f"{name:<44} {tool:<24} {pages:>6} {seconds:>8.2f} {pages / seconds:>8.1f} {pages / cpu:>8.1f} {peak:>8.0f}  {note}", flush=True)


def shiryo_extract(pdf: Path, workers: int, tmp: Path) -> tuple[float, float, float]:
    return measure([sys.executable, "-m", "shiryo", "extract", str(pdf), "-o", str(tmp / "out.jsonl"), "--workers", str(workers)])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--camelot-pages", type=int, default=40)
    ap.add_argument("--no-run", action="store_true", help="skip the two `shiryo run` passes")
    args = ap.parse_args()
    pdfs = args.pdfs or [CORPUS / name for name in DEFAULT]
    missing = [p for p in pdfs if not p.is_file()]
    if missing:
        raise SystemExit(f"missing inputs (is ../shared/corpus there?): {', '.join(map(str, missing))}")
    print(f"cores: {os.cpu_count()}   load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"{'document':<44} {'tool':<24} {'pages':>6} {'seconds':>8} {'pages/s':>8} {'p/CPU-s':>8} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        for pdf in pdfs:
            n = page_count(pdf)
            rates, cpu_rates = {}, {}
            for workers in (1, 2):
                seconds, cpu, peak = shiryo_extract(pdf, workers, tmp)
                rates[workers], cpu_rates[workers] = n / seconds, n / cpu
                row(pdf.name, f"shiryo extract ({workers}w)", n, seconds, cpu, peak)
            seconds, cpu, peak = measure([sys.executable, "-c", PDFPLUMBER, str(pdf), str(n)])
            plumber, plumber_cpu = n / seconds, n / cpu
            row(pdf.name, "pdfplumber find_tables", n, seconds, cpu, peak)
            cam_pages = min(n, args.camelot_pages)
            seconds, cpu, peak = measure([sys.executable, "-c", CAMELOT, str(pdf), str(cam_pages)])
            row(pdf.name, "camelot lattice", cam_pages, seconds, cpu, peak, f"(first {cam_pages} pages)")
            print(
                f"{'':<44} shiryo (2w) / pdfplumber: {rates[2] / plumber:.1f}x wall, {cpu_rates[2] / plumber_cpu:.1f}x per CPU-s"
                f"   2 workers / 1 worker: {rates[2] / rates[1]:.2f}x wall"
            )
            if n >= 100:  # linear growth: the same document cut to its first quarter and half
                for part in (n // 4, n // 2):
                    seconds, cpu, peak = shiryo_extract(first_pages(pdf, part, tmp), 2, tmp)
                    row(pdf.name, "shiryo extract (2w)", part, seconds, cpu, peak, f"(first {part} pages)")
        if not args.no_run:
            folder = tmp / "sources"
            folder.mkdir()
            for pdf in pdfs:
                (folder / pdf.name).symlink_to(pdf.resolve())
            total = sum(page_count(p) for p in pdfs)
            for label in ("shiryo run (first)", "shiryo run (unchanged)"):
                seconds, cpu, peak = measure([sys.executable, "-m", "shiryo", "run", str(folder), "--out", str(tmp / "out")])
                manifest = json.loads((tmp / "out" / "latest" / "manifest.json").read_text(encoding="utf-8"))
                flow = datetime.fromisoformat(manifest["finished"]) - datetime.fromisoformat(manifest["started"])
                row("all inputs", label, total, seconds, cpu, peak, f"(flow body {flow.total_seconds():.1f} s, the rest is Prefect's server start)")


if __name__ == "__main__":
    main()
