"""What the KPI step costs and finds: per PDF, the time of pipeline.kpi.with_kpi_records against
the whole extraction, and the number of kpi records and values.

    .venv/bin/python bench/kpi_step.py [PDF ...]      # default: the KPI fixtures and the shared corpus

The step is timed on the extraction's own records (kpi records removed), after the extraction.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shiryo.pipeline.extraction import extract_document  # noqa: E402
from shiryo.pipeline.kpi import with_kpi_records  # noqa: E402

DEFAULT = sorted((ROOT / "fixtures" / "kpi" / "pdfs").glob("*.pdf")) + sorted((ROOT.parent / "shared" / "corpus" / "ja").glob("*.pdf"))


def main(paths: list[Path]) -> None:
    print(f"{'document':<52} {'pages':>5} {'extract s':>9} {'kpi s':>7} {'share':>6} {'kpis':>5} {'values':>6}")
    for path in paths:
        started = time.perf_counter()
        result = extract_document(path)
        total = time.perf_counter() - started
        base = [r for r in result.records if r["type"] != "kpi"]
        started = time.perf_counter()
        records = with_kpi_records(base)
        step = time.perf_counter() - started
        kpis = [r for r in records if r["type"] == "kpi"]
        values = sum(len(k["actuals"]) + len(k["targets"]) for k in kpis)
        print(f"{path.name:<52} {result.n_pages:>5} {total:>9.2f} {step:>7.3f} {100 * step / total:>5.1f}% {len(kpis):>5} {values:>6}")


if __name__ == "__main__":
    main([Path(p) for p in sys.argv[1:]] or DEFAULT)
