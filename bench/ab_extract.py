"""A/B timing of `shiryo extract` in two checkouts, runs taken in turn (A B A B …) after a warm-up
pair, so a busy machine's drift falls on both sides alike (prints its figures).

    .venv/bin/python bench/ab_extract.py OLD_CHECKOUT NEW_CHECKOUT PDF [PDF ...] [--pairs N] [--workers N]

Each run is a fresh `CHECKOUT/.venv/bin/shiryo extract PDF -o FILE` (whole process: interpreter and
page workers included), timed wall-clock and in CPU seconds (user + system of the process and all it
reaped).  Printed: medians of each side, the ratio of the medians and the median (min–max) of the
pair ratios, new / old.  Start-up weighs on short documents: with `PYTHONDONTWRITEBYTECODE` set (as
on some CI machines) every process compiles its sources, so more source costs time a user with
byte-code caches never pays; the environment's setting is printed with the figures.  Several PDFs
(the white paper's five chapters) make one run: each extracted in turn, as a user would, times summed;
pages per second (wall) are printed beside the medians.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import tempfile
import time
from pathlib import Path


def one_run(checkout: Path, pdf: Path, out: Path, workers: int | None) -> tuple[float, float]:
    cmd = [str(checkout / ".venv" / "bin" / "shiryo"), "extract", str(pdf), "-o", str(out)]
    if workers:
        cmd += ["--workers", str(workers)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=checkout, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("pdfs", type=Path, nargs="+")
    ap.add_argument("--pairs", type=int, default=7)
    ap.add_argument("--workers", type=int, default=None, help="page workers (default: shiryo's own default)")
    args = ap.parse_args()
    for checkout in (args.old, args.new):
        if not (checkout / ".venv" / "bin" / "shiryo").is_file():
            raise SystemExit(f"no .venv/bin/shiryo in {checkout} (run `make .venv/.installed` there)")
    for pdf in args.pdfs:
        if not pdf.is_file():
            raise SystemExit(f"missing input: {pdf}")
    import pymupdf

    pages = 0
    for pdf in args.pdfs:
        with pymupdf.open(pdf) as doc:
            pages += doc.page_count
    runs: dict[str, list[tuple[float, float]]] = {"old": [], "new": []}
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(args.pairs + 1):  # the first pair warms the disk cache and is not counted
            for side, checkout in (("old", args.old), ("new", args.new)):
                timings = [one_run(checkout.resolve(), pdf.resolve(), Path(tmp) / f"{side}.jsonl", args.workers) for pdf in args.pdfs]
                if i:
                    runs[side].append((sum(t[0] for t in timings), sum(t[1] for t in timings)))
    names = ", ".join(pdf.name for pdf in args.pdfs)
    print(f"{names}: {pages} pages, {args.pairs} pairs, PYTHONDONTWRITEBYTECODE={os.environ.get('PYTHONDONTWRITEBYTECODE', '')!r}")
    print(f"{'':6} {'old median':>11} {'new median':>11} {'ratio':>7} {'pair ratios median (min–max)':>32}")
    for k, name in ((0, "wall"), (1, "CPU")):
        old = [r[k] for r in runs["old"]]
        new = [r[k] for r in runs["new"]]
        pairs = sorted(n / o for o, n in zip(old, new))
        print(f"{name:6} {statistics.median(old):>10.2f}s {statistics.median(new):>10.2f}s {statistics.median(new) / statistics.median(old):>7.3f}"
              f" {statistics.median(pairs):>14.3f} ({pairs[0]:.3f}–{pairs[-1]:.3f})")
    old_wall, new_wall = statistics.median(r[0] for r in runs["old"]), statistics.median(r[0] for r in runs["new"])
    print(f"pages/s (wall medians): old {pages / old_wall:.1f}, new {pages / new_wall:.1f}")


if __name__ == "__main__":
    main()
