"""Edition diffs on real edition pairs: entries, entries that carry no real change, real changes
found as one entry each, and seconds per diff.

    .venv/bin/python bench/edition_diff.py [--pair NAME ...] [--show NAME] [--cache DIR]

Pairs and their truth live in tests/diff_reference/*.json (one file per pair: the two PDFs, the
real changes read by hand from CHANGES.md and the rendered pages, and whether the pair is held out
from tuning).  Pairs marked `assembled` are built here from corpus PDFs with PyMuPDF (pages
removed, a cover sheet added, the same pages re-saved) and written under the cache directory.

How an entry is judged (from the PDFs' own text, never from our output):

* an entry that matches a listed real change is real;
* `changed` / `moved` whose before and after say the same (NFKC, white space removed; tables: the
  same cell texts) carry no real change; a `moved` entry is noise unless listed;
* an `added` (`removed`) entry whose text is already in the other edition's PyMuPDF text (most of
  its 12-character pieces occur there) carries no real change;
* an entry holding page numbers only (`4`, `- 8 -`) carries no real change (the breaks moved);
* the document summary entry is real when it lists values that differ.

Extractions are cached as JSON under the cache directory, keyed by the PDF's sha256 and the code
of parsers/ and pipeline/ (the diff modules excepted, so tuning the diff keeps the cache).
"""
from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared" / "corpus"
REFERENCE = ROOT / "tests" / "diff_reference"


def compact(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def _extraction_code_hash() -> str:
    h = hashlib.sha256()
    for package in ("parsers", "pipeline"):
        for path in sorted((ROOT / package).rglob("*.py")):
            if path.name.startswith("diff"):
                continue
            h.update(path.relative_to(ROOT).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


def extract_cached(pdf: Path, doc_id: str, cache: Path) -> list[dict]:
    from shiryo.pipeline.extraction import extract_document, sha256_file

    key = f"{sha256_file(pdf)[:16]}-{_extraction_code_hash()}-{doc_id}"
    path = cache / f"{key}.json"
    if path.is_file():
        return json.loads(path.read_text(encoding="utf-8"))
    records = extract_document(pdf, doc_id).records
    path.write_text(json.dumps(records, ensure_ascii=False), encoding="utf-8")
    return records


# ---------------------------------------------------------------- assembled pairs


def assemble(spec: dict, cache: Path) -> tuple[Path, Path]:
    """Build the two PDFs of an assembled pair (deterministic; rebuilt when missing)."""
    import pymupdf

    source = SHARED / spec["source"]
    old_path, new_path = cache / f"{spec['name']}.old.pdf", cache / f"{spec['name']}.new.pdf"
    if old_path.is_file() and new_path.is_file():
        return old_path, new_path
    how = spec["assemble"]
    if how["kind"] == "remove_pages":
        doc = pymupdf.open(source)
        drop = {p - 1 for p in how["pages"]}
        doc.select([i for i in range(doc.page_count) if i not in drop])
        doc.save(new_path, garbage=3, deflate=True)
        pymupdf.open(source).save(old_path)
    elif how["kind"] == "cover_sheet":
        doc = pymupdf.open(source)
        rect = doc[0].rect
        cover = pymupdf.open()
        page = cover.new_page(width=rect.width, height=rect.height)
        font = pymupdf.Font("japan")
        writer = pymupdf.TextWriter(page.rect)
        y = rect.height * 0.3
        for line, size in how["lines"]:
            writer.append((rect.width * 0.15, y), line, font=font, fontsize=size)
            y += size * 2.2
        writer.write_text(page)
        cover.new_page(width=rect.width, height=rect.height)  # and a blank page, as the real ones have
        cover.insert_pdf(doc)
        cover.save(new_path, garbage=3, deflate=True)
        pymupdf.open(source).save(old_path)
    elif how["kind"] == "resave":
        doc = pymupdf.open(source)
        doc.set_metadata({**doc.metadata, "modDate": "D:20990101000000+09'00'", "producer": "shiryo bench re-save"})
        doc.save(new_path, garbage=4, deflate=True, clean=True)
        pymupdf.open(source).save(old_path)
    else:
        raise ValueError(f"{spec['name']}: unknown assembly {how['kind']!r}")
    return old_path, new_path


def pdf_paths(spec: dict, cache: Path) -> tuple[Path, Path]:
    if "assemble" in spec:
        return assemble(spec, cache)
    return SHARED / spec["old"], SHARED / spec["new"]


def pdf_text(path: Path) -> str:
    import pymupdf

    with pymupdf.open(path) as doc:
        return compact("".join(page.get_text() for page in doc))


# ---------------------------------------------------------------- judging


def entry_text(record: dict | None) -> str:
    if record is None:
        return ""
    if record.get("type") == "table":
        return compact("".join(c.get("text", "") for c in record.get("cells", [])))
    return compact(record.get("text"))


def covered_by(text: str, other_pdf_text: str, piece: int = 12) -> bool:
    """Most of the text already stands in the other edition (pieces, so that reading order or a
    column interleaving in PyMuPDF's text does not matter)."""
    if not text:
        return True
    if len(text) <= piece:
        return text in other_pdf_text
    pieces = [text[i : i + piece] for i in range(0, len(text) - piece + 1, piece // 2)]
    return sum(p in other_pdf_text for p in pieces) >= 0.9 * len(pieces)


def change_found(change: dict, entry: dict) -> bool:
    before, after = entry_text(entry.get("before")), entry_text(entry.get("after"))
    if "table_cell" in change:
        cell = change["table_cell"]
        for row in entry.get("cells") or []:
            if row["op"] == "changed" and compact(cell["row"]) in compact(row.get("label")):
                if any(compact(c.get("before")) == compact(cell["before"]) and compact(c.get("after")) == compact(cell["after"]) for c in row["cols"]):
                    return True
        return False
    if "added" in change:
        snippet = compact(change["added"])
        return snippet in after and snippet not in before
    if "removed" in change:
        snippet = compact(change["removed"])
        return snippet in before and snippet not in after
    b, a = compact(change["before"]), compact(change["after"])
    return b in before and a in after and (b not in after or a not in before)


PAGE_NUMBERS = re.compile(r"[0-9\-/()・]*")


def judge(spec: dict, entries: list[dict], old_text: str, new_text: str) -> dict:
    changes = spec.get("real_changes", [])
    found = [any(change_found(c, e) for e in entries) for c in changes]
    real_entries = set()
    for k, e in enumerate(entries):
        if any(change_found(c, e) for c in changes):
            real_entries.add(k)
    noise = []
    for k, e in enumerate(entries):
        if k in real_entries:
            continue
        op = e["op"]
        if e["type"] == "document":
            if any(m.get("before") == m.get("after") for m in e.get("metadata", [])) or not e.get("metadata"):
                noise.append(k)
            continue
        if PAGE_NUMBERS.fullmatch(entry_text(e["before"]) + entry_text(e["after"])):
            noise.append(k)  # page-number lines: the page breaks moved
        elif op == "moved" or (op == "changed" and entry_text(e["before"]) == entry_text(e["after"])):
            noise.append(k)
        elif op == "added" and covered_by(entry_text(e["after"]), old_text):
            noise.append(k)
        elif op == "removed" and covered_by(entry_text(e["before"]), new_text):
            noise.append(k)
    return {"found": found, "noise": noise}


def run_pair(spec: dict, cache: Path, show: bool = False) -> dict:
    from shiryo.pipeline.diff import diff_records

    old_pdf, new_pdf = pdf_paths(spec, cache)
    old = extract_cached(old_pdf, spec["doc"], cache)
    new = extract_cached(new_pdf, spec["doc"], cache)
    t0 = time.perf_counter()
    entries = diff_records(old, new)
    seconds = time.perf_counter() - t0
    verdict = judge(spec, entries, pdf_text(old_pdf), pdf_text(new_pdf))
    if show:
        from shiryo.pipeline.diff_report import render_text

        noise = set(verdict["noise"])
        print(render_text(entries))
        print("\nno-real-change entries:")
        for k in sorted(noise):
            e = entries[k]
            print(f"  [{k}] {e['op']} {e['type']}: -{entry_text(e['before'])[:70]}  +{entry_text(e['after'])[:70]}")
        print("\nreal changes not found:")
        for c, ok in zip(spec.get("real_changes", []), verdict["found"]):
            if not ok:
                print("  ", json.dumps(c, ensure_ascii=False))
    n = len(entries)
    return {
        "pair": spec["name"],
        "held_out": spec.get("held_out", False),
        "entries": n,
        "noise": len(verdict["noise"]),
        "noise_pct": 100.0 * len(verdict["noise"]) / n if n else 0.0,
        "real": len(verdict["found"]),
        "found": sum(verdict["found"]),
        "found_pct": 100.0 * sum(verdict["found"]) / len(verdict["found"]) if verdict["found"] else 100.0,
        "expect_empty": spec.get("expect_empty", False),
        "seconds": seconds,
    }


def load_specs(names: list[str] | None) -> list[dict]:
    specs = []
    for path in sorted(REFERENCE.glob("*.json")):
        spec = json.loads(path.read_text(encoding="utf-8"))
        spec.setdefault("name", path.stem)
        if names and spec["name"] not in names:
            continue
        needed = [spec["source"]] if "assemble" in spec else [spec["old"], spec["new"]]
        if not all((SHARED / p).is_file() for p in needed):
            print(f"skip {spec['name']}: corpus file missing", file=sys.stderr)
            continue
        specs.append(spec)
    return specs


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pair", action="append", help="only this pair (repeatable)")
    ap.add_argument("--show", help="print the diff of this pair and how its entries were judged")
    ap.add_argument("--cache", type=Path, default=Path("/tmp/shiryo-edition-diff"))
    args = ap.parse_args()
    args.cache.mkdir(parents=True, exist_ok=True)
    rows = []
    for spec in load_specs(args.pair or ([args.show] if args.show else None)):
        rows.append(run_pair(spec, args.cache, show=spec["name"] == args.show))
    print(f"\n{'pair':<34} {'set':<9} {'entries':>7} {'no-change':>10} {'real found':>12} {'seconds':>8}")
    for group, held in (("tuned", False), ("held-out", True)):
        for r in (r for r in rows if r["held_out"] == held):
            real = f"{r['found']}/{r['real']} {r['found_pct']:.0f}%" if r["real"] else ("empty ok" if r["entries"] == 0 else "-")
            print(f"{r['pair']:<34} {group:<9} {r['entries']:>7} {r['noise']:>4} {r['noise_pct']:>4.1f}% {real:>12} {r['seconds']:>8.2f}")
        sub = [r for r in rows if r["held_out"] == held]
        if sub:
            n, noise = sum(r["entries"] for r in sub), sum(r["noise"] for r in sub)
            real, found = sum(r["real"] for r in sub), sum(r["found"] for r in sub)
            print(f"{'  all ' + group:<34} {'':<9} {n:>7} {noise:>4} {100 * noise / max(n, 1):>4.1f}% "
                  f"{found}/{real} {100 * found / max(real, 1):.0f}%".rstrip())


if __name__ == "__main__":
    main()
