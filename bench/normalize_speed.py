"""Characters per second of pipeline.normalize.analyze on whole seed texts.

    .venv/bin/python bench/normalize_speed.py [FILE ...]

Each file is analysed twice: as one string, and split into paragraph blocks
(what the pipeline does: one call per record). The Sudachi dictionary is
loaded before timing starts.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.normalize import analyze  # noqa: E402

DEFAULT_FILES = [
    "/work/shared/seeds/004_ca9808c37b3fcfd8.txt",
    "/work/shared/seeds/001_75800860c157679c.txt",
]


def main(paths: list[str]) -> None:
    analyze("令和三年度に三千五百人")  # load Sudachi outside the timing
    for path in paths:
        text = Path(path).read_text(encoding="utf-8")
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
            f"{Path(path).name}: {len(text):,} chars | whole text {len(text) / (t1 - t0):,.0f} chars/s "
            f"({n_whole} mentions) | {len(blocks)} blocks {len(text) / (t2 - t1):,.0f} chars/s ({found} mentions)"
        )


if __name__ == "__main__":
    main(sys.argv[1:] or DEFAULT_FILES)
