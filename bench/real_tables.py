"""Tables on real pages: the hand-made truth in tests/table_reference scored for shiryo and its peers
(pdfplumber, camelot lattice/hybrid, PyMuPDF find_tables in a subprocess), with false tables.

    .venv/bin/python bench/real_tables.py                          # every tool
    .venv/bin/python bench/real_tables.py --tools shiryo -v        # shiryo alone, per table

Each truth file names a corpus PDF, the pages scored and every table on them (grids set by hand
from the rendered page, texts from the page's characters: bench/table_truth.py).  Tools read only
those pages.  Per tool and per split (`tuned` files vs `held_out` ones): adjacency F1, content F1,
exact tables (bench/table_eval.py's ICDAR 2013 metric; found tables matched to truth by overlap
with the truth grid's box), and false tables: a found table on a scored page overlapping no truth
table there, counted apart on pages that hold no table at all (per 10 such pages).
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.table_eval import EvalTable, _overlap, from_cells, score_document, summarize  # noqa: E402
from bench.tables import RUNNERS  # noqa: E402

REFERENCE = ROOT / "tests" / "table_reference"
CORPUS = ROOT.parent / "shared" / "corpus"
TOOLS = ["shiryo", "pdfplumber", "camelot-lattice", "camelot-hybrid", "pymupdf"]


def load_reference(path: Path) -> tuple[dict, list[EvalTable]]:
    spec = json.loads(path.read_text(encoding="utf-8"))
    truths = []
    for i, t in enumerate(spec["tables"]):
        table = from_cells(t["cells"], sorted({p["page"] for p in t["parts"]}), f"{path.stem}#{i + 1}")
        for part in t["parts"]:
            xs, ys = part["xs"], part["ys"]
            table.bboxes[part["page"]] = (xs[0], ys[0], xs[-1], ys[-1])
        truths.append(table)
    return spec, truths


def reference_files(only: str | None = None) -> list[Path]:
    return [p for p in sorted(REFERENCE.glob("*.json")) if not only or only in p.stem]


def false_tables(truths: list[EvalTable], found: list[EvalTable], pages: list[int]) -> list[tuple[int, bool]]:
    """(page, page holds no truth table) of every found table overlapping no truth table."""
    out = []
    for table in found:
        on = [p for p in table.pages if p in pages]
        if not on:
            continue
        hit = any(
            truth.bboxes.get(p) and table.bboxes.get(p) and _overlap(truth.bboxes[p], table.bboxes[p]) > 0
            for truth in truths
            for p in on
        )
        if not hit:
            empty = not any(on[0] in t.pages for t in truths)
            out.append((on[0], empty))
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--only", help="truth files whose name contains this")
    ap.add_argument("-v", "--verbose", action="store_true", help="per-table scores and each false table")
    args = ap.parse_args(argv)
    docs = [(p, *load_reference(p)) for p in reference_files(args.only)]
    docs = [d for d in docs if (CORPUS / d[1]["pdf"]).is_file()]
    if not docs:
        raise SystemExit(f"no truth with its PDF under {CORPUS}")
    for split in ("tuned", "held_out"):
        chosen = [d for d in docs if d[1].get("held_out", False) == (split == "held_out")]
        n_pages = sum(len(d[1]["pages"]) for d in chosen)
        n_empty = sum(sum(1 for p in d[1]["pages"] if not any(p in t.pages for t in d[2])) for d in chosen)
        print(f"\n{split}: {len(chosen)} documents, {n_pages} pages ({n_empty} without a table), {sum(len(d[2]) for d in chosen)} tables")
        print(f"{'tool':<16} {'adj F1':>7} {'cont F1':>7} {'exact':>7} {'false':>6} {'false/10 empty':>15} {'seconds':>8}")
        for tool in [t.strip() for t in args.tools.split(",") if t.strip()]:
            scores, falses, seconds = [], [], 0.0
            for path, spec, truths in chosen:
                start = time.perf_counter()
                try:
                    found = RUNNERS[tool](CORPUS / spec["pdf"], spec["pages"])
                except Exception as exc:  # a peer failing on one PDF scores 0 there
                    found = []
                    print(f"  {tool}: {path.stem}: {type(exc).__name__}: {exc}", file=sys.stderr)
                seconds += time.perf_counter() - start
                found = [t for t in found if any(p in spec["pages"] for p in t.pages)]
                doc_scores = score_document(truths, found)
                scores.extend(doc_scores)
                doc_false = false_tables(truths, found, spec["pages"])
                falses.extend(doc_false)
                if args.verbose:
                    for sc in doc_scores:
                        print(f"    {sc.name:<48} F1 {sc.f1:.3f} content {sc.content_f1:.3f}{'  exact' if sc.exact else ''}")
                    for page, empty in doc_false:
                        print(f"    {path.stem} p{page}: false table{' (page without tables)' if empty else ''}")
            s = summarize(scores)
            on_empty = sum(1 for _, e in falses if e)
            rate = f"{10 * on_empty / n_empty:.1f}" if n_empty else "-"
            print(
                f"{tool:<16} {s['adjacency_f1']:7.3f} {s['content_f1']:7.3f} {s['exact']:>3}/{s['tables']:<3} {len(falses):6d} "
                f"{on_empty:>6} ({rate:>4}) {seconds:8.1f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
