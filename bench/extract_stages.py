"""Seconds of each main-process stage of `shiryo extract` after the page workers are done
(prints its figures): assemble, build_records, normalisation, ids + kpi, JSON dump + write.

    .venv/bin/python bench/extract_stages.py [--runs N] [PDF]

Default input: the 612-page Fuji budget book from ../shared/corpus/ja.  The page phase runs
once (page workers, as `shiryo extract` does) and its pages are pickled; then every run is a
fresh process that unpickles them and times the stages one after another, with the cyclic GC
paused as `shiryo extract` pauses it and Sudachi's dictionary loaded while the pages "arrive".
Wall and CPU seconds; median and best of the runs.  A busy machine inflates them all: compare
two versions with runs taken one after the other, not with figures from another day.
"""
from __future__ import annotations

import argparse
import gc
import json
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT = ROOT.parent / "shared" / "corpus" / "ja" / "fuji_city_general_account_budget_r6_full.pdf"
STAGES = ("assemble", "records", "normalise", "ids+kpi", "dump", "total")


def read_pages(pdf: Path, pickled: Path) -> float:
    from shiryo.parsers.isolation import isolated_info, isolated_pages

    start = time.perf_counter()
    n_pages, metadata = isolated_info(str(pdf))
    items = isolated_pages(str(pdf), n_pages)
    seconds = time.perf_counter() - start
    pickled.write_bytes(pickle.dumps((str(pdf), n_pages, metadata, items), protocol=pickle.HIGHEST_PROTOCOL))
    return seconds


def one_run(pickled: Path, out: Path) -> dict[str, float]:
    """The stages of extract_document after parse_document's page phase, timed."""
    from shiryo.parsers.document import assemble
    from shiryo.parsers.model import DocumentModel, PageError, PageModel
    from shiryo.pipeline.extraction import normalise_record
    from shiryo.pipeline.ids import assign_ids
    from shiryo.pipeline.kpi import with_kpi_records
    from shiryo.pipeline.normalize import sudachi
    from shiryo.pipeline.records import build_records, link_records

    sudachi.load_in_background()
    path, n_pages, metadata, items = pickle.loads(pickled.read_bytes())
    time.sleep(1)  # the page phase: the main thread waits on the workers, the dictionary loads
    gc.disable()
    wall: dict[str, float] = {}
    cpu: dict[str, float] = {}
    marks = [(time.perf_counter(), time.process_time())]

    def done(stage: str) -> None:
        marks.append((time.perf_counter(), time.process_time()))
        wall[stage] = marks[-1][0] - marks[-2][0]
        cpu[stage] = marks[-1][1] - marks[-2][1]

    pages = [p for p in items if isinstance(p, PageModel)]
    doc = DocumentModel(path=path, n_pages=n_pages, metadata=metadata, pages=pages, errors=[p for p in items if isinstance(p, PageError)])
    assemble(doc)
    done("assemble")
    records = build_records(doc, "doc", "version")
    done("records")
    for record in records:
        normalise_record(record, records[0].get("fiscal_year"))
    done("normalise")
    assign_ids(records, "doc")
    link_records(records, doc)
    records = with_kpi_records(records)
    done("ids+kpi")
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    done("dump")
    wall["total"] = marks[-1][0] - marks[0][0]
    cpu["total"] = marks[-1][1] - marks[0][1]
    return {"wall": wall, "cpu": cpu}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--one-run", type=Path, help=argparse.SUPPRESS)  # a child: the pickled pages
    args = ap.parse_args()
    if args.one_run:
        print(json.dumps(one_run(args.one_run, args.one_run.with_suffix(".jsonl"))))
        return
    if not args.pdf.is_file():
        raise SystemExit(f"missing input (is ../shared/corpus there?): {args.pdf}")
    with tempfile.TemporaryDirectory() as tmp:
        pickled = Path(tmp) / "pages.pickle"
        print(f"{args.pdf.name}: page phase {read_pages(args.pdf, pickled):.2f} s (workers)")
        runs = []
        for _ in range(args.runs):
            child = subprocess.run([sys.executable, __file__, "--one-run", str(pickled)], capture_output=True, text=True, check=True)
            runs.append(json.loads(child.stdout.strip().splitlines()[-1]))
    print(f"{'stage':<10} {'wall median':>12} {'wall best':>10} {'CPU median':>11} {'CPU best':>9}   ({args.runs} runs)")
    for stage in STAGES:
        wall = [r["wall"][stage] for r in runs]
        cpu = [r["cpu"][stage] for r in runs]
        print(f"{stage:<10} {statistics.median(wall):>12.3f} {min(wall):>10.3f} {statistics.median(cpu):>11.3f} {min(cpu):>9.3f}")


if __name__ == "__main__":
    main()
