"""Tables side by side: shiryo against camelot (lattice, stream, network, hybrid), pdfplumber and
PyMuPDF find_tables on the same inputs in one run.  Prints per tool and input set: adjacency-relation
F1 (ICDAR 2013 style), content F1, exact tables and seconds (see bench/table_eval.py for the metric).

    .venv/bin/python bench/tables.py                       # everything (several minutes)
    .venv/bin/python bench/tables.py --tools shiryo,camelot-hybrid --sets icdar --limit 10
    .venv/bin/python bench/tables.py --tools shiryo --worst 15    # list shiryo's worst tables

Inputs: `icdar` = the ICDAR 2013 competition set (../shared/corpus/icdar2013, 156 truth tables in
67 PDFs); `ja` = the Japanese fixtures with `<name>.truth.json` (default fixtures/tables, `--ja-dir`
to point elsewhere).  Seconds are wall time of each tool's own work on the set's PDFs (opening the
PDF included), measured in this process except PyMuPDF, which runs in a subprocess per document
(find_tables crashes the interpreter on some pages; a crash there retries page by page).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.table_eval import (  # noqa: E402
    EvalTable,
    from_grid,
    from_shiryo,
    icdar_documents,
    json_truth_documents,
    load_icdar_truth,
    load_json_truth,
    page_heights,
    score_document,
    summarize,
)

ICDAR = ROOT.parent / "shared" / "corpus" / "icdar2013"
JA = ROOT / "fixtures" / "tables"
TOOLS = ["shiryo", "camelot-lattice", "camelot-stream", "camelot-network", "camelot-hybrid", "pdfplumber", "pymupdf"]


def run_shiryo(pdf: Path, pages: list[int] | None = None) -> list[EvalTable]:
    """What `shiryo extract` outputs as tables: every page read (or only `pages`, 1-based), then
    the document assembled (tables on consecutive pages stitched into one).  In this process,
    without the page workers' isolation, so the seconds are the parser's own."""
    from shiryo.parsers.document import assemble
    from shiryo.parsers.model import DocumentModel
    from shiryo.parsers.page import open_pdf, read_page

    with open_pdf(str(pdf)) as doc:
        models = [read_page(doc[n - 1]) for n in pages] if pages else [read_page(page) for page in doc]
        n_pages = doc.page_count
    model = DocumentModel(path=str(pdf), n_pages=n_pages, metadata={}, pages=models)
    assemble(model)
    return [from_shiryo(b.table, b.page) for b in model.blocks if b.kind == "table"]


def camelot_runner(flavor: str):
    def run(pdf: Path, pages: list[int] | None = None) -> list[EvalTable]:
        import camelot

        heights = page_heights(pdf)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tables = camelot.read_pdf(str(pdf), pages=",".join(map(str, pages)) if pages else "all", flavor=flavor)
        out = []
        for t in tables:
            page = int(t.page)
            x0, y0, x1, y1 = t._bbox  # PDF coordinates, origin bottom left
            h = heights.get(page, 0.0)
            out.append(from_grid(t.df.values.tolist(), page, (x0, h - y1, x1, h - y0)))
        return out

    return run


def run_pdfplumber(pdf: Path, pages: list[int] | None = None) -> list[EvalTable]:
    import pdfplumber

    out = []
    with pdfplumber.open(str(pdf), pages=pages) as doc:
        for page in doc.pages:
            for t in page.find_tables():
                out.append(from_grid(t.extract(), page.page_number, tuple(t.bbox)))
    return out


_PYMUPDF_CHILD = r"""
import json, sys, pymupdf
pymupdf.TOOLS.mupdf_display_errors(False)
doc = pymupdf.open(sys.argv[1])
pages = [int(p) for p in sys.argv[2].split(",")] if len(sys.argv) > 2 else range(1, doc.page_count + 1)
out = []
for n in pages:
    for t in doc[n - 1].find_tables().tables:
        out.append({"page": n, "bbox": list(t.bbox), "rows": t.extract()})
print("\n" + json.dumps(out))  # last line: PyMuPDF prints advice on stdout
"""


def run_pymupdf(pdf: Path, pages: list[int] | None = None) -> list[EvalTable]:
    def child(pages: list[int] | None):
        args = [sys.executable, "-c", _PYMUPDF_CHILD, str(pdf)] + ([",".join(map(str, pages))] if pages else [])
        proc = subprocess.run(args, capture_output=True, text=True, timeout=600)
        return json.loads(proc.stdout.strip().splitlines()[-1]) if proc.returncode == 0 else None

    found = child(pages)
    if found is None:  # a crash: page by page, a crashing page yields nothing
        found = []
        for n in pages or range(1, len(page_heights(pdf)) + 1):
            found.extend(child([n]) or [])
    return [from_grid(t["rows"], t["page"], tuple(t["bbox"])) for t in found]


RUNNERS = {
    "shiryo": run_shiryo,
    "camelot-lattice": camelot_runner("lattice"),
    "camelot-stream": camelot_runner("stream"),
    "camelot-network": camelot_runner("network"),
    "camelot-hybrid": camelot_runner("hybrid"),
    "pdfplumber": run_pdfplumber,
    "pymupdf": run_pymupdf,
}


def input_sets(names: list[str], ja_dir: Path, limit: int | None, only: str | None) -> dict[str, list[tuple[Path, list[EvalTable]]]]:
    sets: dict[str, list[tuple[Path, list[EvalTable]]]] = {}
    if "icdar" in names and ICDAR.is_dir():
        docs = [d for d in icdar_documents(ICDAR) if not only or only in d.stem]
        sets["icdar"] = [(d, load_icdar_truth(d)) for d in docs[:limit]]
    if "ja" in names and ja_dir.is_dir():
        docs = [(pdf, truth) for pdf, truth in json_truth_documents(ja_dir) if not only or only in pdf.stem]
        sets["ja"] = [(pdf, load_json_truth(truth)) for pdf, truth in docs[:limit]]
    return sets


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tools", default=",".join(TOOLS), help=f"comma-separated subset of {','.join(TOOLS)}")
    ap.add_argument("--sets", default="icdar,ja", help="icdar,ja")
    ap.add_argument("--ja-dir", type=Path, default=JA, help="directory of <name>.pdf + <name>.truth.json")
    ap.add_argument("--limit", type=int, help="first N documents of each set")
    ap.add_argument("--only", help="documents whose name contains this")
    ap.add_argument("--worst", type=int, default=0, help="list each tool's N worst tables")
    ap.add_argument("--json", type=Path, help="write per-table scores here")
    args = ap.parse_args(argv)
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in RUNNERS]
    if unknown:
        ap.error(f"unknown tools: {unknown}")
    sets = input_sets(args.sets.split(","), args.ja_dir, args.limit, args.only)
    if not sets:
        raise SystemExit("no inputs: ../shared/corpus/icdar2013 and the fixture directory are both absent")
    report = {}
    for set_name, docs in sets.items():
        n_tables = sum(len(t) for _, t in docs)
        print(f"\n{set_name}: {len(docs)} PDFs, {n_tables} truth tables")
        print(f"{'tool':<16} {'adj F1':>7} {'adj P':>6} {'adj R':>6} {'cont F1':>7} {'exact':>6} {'seconds':>8} {'s/PDF':>6} {'errors':>6}")
        for tool in tools:
            scores, seconds, errors = [], 0.0, 0
            for pdf, truths in docs:
                start = time.perf_counter()
                try:
                    found = RUNNERS[tool](pdf)
                except Exception as exc:  # a peer failing on one PDF scores 0 there, the run goes on
                    found, errors = [], errors + 1
                    print(f"  {tool}: {pdf.name}: {type(exc).__name__}: {exc}", file=sys.stderr)
                seconds += time.perf_counter() - start
                scores.extend(score_document(truths, found))
            s = summarize(scores)
            print(
                f"{tool:<16} {s['adjacency_f1']:7.3f} {s['adjacency_precision']:6.3f} {s['adjacency_recall']:6.3f} "
                f"{s['content_f1']:7.3f} {s['exact']:>3}/{s['tables']:<3} {seconds:8.1f} {seconds / len(docs):6.2f} {errors:>6}",
                flush=True,
            )
            if args.worst:
                for sc in sorted(scores, key=lambda x: x.f1)[: args.worst]:
                    print(f"    {sc.name:<24} F1 {sc.f1:.3f} P {sc.precision:.3f} R {sc.recall:.3f} content {sc.content_f1:.3f}")
            report.setdefault(set_name, {})[tool] = {"summary": s, "seconds": seconds, "tables": [vars(x) for x in scores]}
    if args.json:
        args.json.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
