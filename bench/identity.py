"""Extract every corpus, ICDAR and fixture PDF into a folder, one file per PDF, so that the output
of two versions of the code can be compared byte for byte (a refactoring must not change it).

    .venv/bin/python bench/identity.py OUT [PDF_OR_FOLDER ...]
    git stash / git checkout <before>; .venv/bin/python bench/identity.py /tmp/before
    git checkout <after>;              .venv/bin/python bench/identity.py /tmp/after
    diff -r /tmp/before /tmp/after     # no output: byte-identical

Default inputs: ../shared/corpus/ja, ../shared/corpus/editions, ../shared/corpus/icdar2013
(those present) and fixtures/.  For `<set>/<path>.pdf` it writes `OUT/<set>/<path>.jsonl`: the
records (one JSON object a line, keys sorted), then the page errors and warnings, then the table
candidates set aside (rejected for weak evidence) — every output a parser change could move.
A document that cannot be read gets its `DocumentError` written instead; one bad PDF never
stops the run.  Prints one line a PDF (pages, records, seconds) and the totals.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT_SETS = {
    "ja": CORPUS / "ja",
    "editions": CORPUS / "editions",
    "icdar2013": CORPUS / "icdar2013",
    "fixtures": ROOT / "fixtures",
}


def _inputs(args: list[str]) -> list[tuple[Path, Path]]:
    """(pdf, output path relative to OUT) for every PDF named or found under a folder named."""
    sets = {Path(a).resolve().name: Path(a).resolve() for a in args} if args else DEFAULT_SETS
    out: list[tuple[Path, Path]] = []
    for name, where in sets.items():
        if where.is_file():
            out.append((where, Path(where.name).with_suffix(".jsonl")))
        elif where.is_dir():
            out += [(pdf, Path(name) / pdf.relative_to(where).with_suffix(".jsonl")) for pdf in sorted(where.rglob("*.pdf"))]
    return out


def _dump(pdf: Path) -> tuple[list[str], int, int]:
    """The lines written for one PDF, its page count and record count."""
    from shiryo import DocumentError
    from shiryo.pipeline.extraction import extract_document

    def line(kind: str, value) -> str:
        return json.dumps({kind: value}, ensure_ascii=False, sort_keys=True)

    try:
        result = extract_document(pdf, doc_id=pdf.stem)
    except DocumentError as exc:
        return [line("document_error", str(exc))], 0, 0
    lines = [line("record", r) for r in result.records]
    lines += [line("error", e) for e in result.errors]
    lines += [line("set_aside", {str(page): boxes}) for page, boxes in sorted(result.set_aside.items())]
    return lines, result.n_pages, len(result.records)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write into (created)")
    parser.add_argument("inputs", nargs="*", help="PDFs or folders (default: corpus, ICDAR, fixtures)")
    args = parser.parse_args()
    total_pages = total_records = 0
    start = time.perf_counter()
    inputs = _inputs(args.inputs)
    if not inputs:
        print("no PDFs found", file=sys.stderr)
        return 1
    for pdf, rel in inputs:
        t0 = time.perf_counter()
        lines, n_pages, n_records = _dump(pdf)
        target = args.out / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text("".join(f"{l}\n" for l in lines), encoding="utf-8")
        total_pages += n_pages
        total_records += n_records
        print(f"{rel}\t{n_pages} pages\t{n_records} records\t{time.perf_counter() - t0:.1f} s", flush=True)
    print(f"{len(inputs)} PDFs, {total_pages} pages, {total_records} records, {time.perf_counter() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
