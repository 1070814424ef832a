"""Size and build time of the review page of a large real redraft, and screenshots of it.

    .venv/bin/python bench/review_page.py [--shots DIR] [OLD.pdf NEW.pdf]

Default pair: 部会資料7 → 部会資料8 (`../shared/corpus`, 73 → 77 pages), both extracted under
one id, diffed, the editions' PDFs put in a temporary store, and the page written with
`shiryo diff OLD.jsonl NEW.jsonl --format html -o review.html`.  Prints the number of changes,
the page's size, the crops' size and the build time.  With --shots, headless Chromium
(/usr/bin/chromium) saves top.png, table.png (the first changed table) and filtered.png (only
the changes of the section with the most `changed` records, context hidden) there.
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpus"
DEFAULT = [CORPUS / "ja" / "moj_shoho_bukai_chukan_shian_tatakidai.pdf", CORPUS / "editions" / "moj_bl_chukan_shian" / "bukai_shiryo08_tatakidai2.pdf"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pdfs", nargs="*", type=Path, default=DEFAULT)
    parser.add_argument("--shots", type=Path, help="save screenshots here")
    args = parser.parse_args()
    from typer.testing import CliRunner

    from shiryo.cli import app
    from shiryo.pipeline.extraction import extract_document

    work = Path(tempfile.mkdtemp(prefix="shiryo-review-bench-"))
    (work / "out" / "store").mkdir(parents=True)
    jsonl = []
    for n, pdf in enumerate(args.pdfs):
        records = extract_document(pdf, doc_id="redraft").records
        shutil.copy(pdf, work / "out" / "store" / f"{records[0]['version']}.pdf")
        jsonl.append(work / f"e{n}.jsonl")
        jsonl[-1].write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    page = work / "review.html"
    started = time.perf_counter()
    done = CliRunner().invoke(app, ["diff", str(jsonl[0]), str(jsonl[1]), "--format", "html", "--out", str(work / "out"), "-o", str(page)])
    seconds = time.perf_counter() - started
    if done.exit_code:
        print(done.output, file=sys.stderr)
        return 1
    crops = list((work / "review_files").glob("*.png"))
    entries = CliRunner().invoke(app, ["diff", str(jsonl[0]), str(jsonl[1]), "--format", "json"]).output.count("\n")
    print(f"changes: {entries}")
    print(f"page: {page.stat().st_size / 1e6:.2f} MB; crops: {len(crops)} files, {sum(p.stat().st_size for p in crops) / 1e6:.2f} MB")
    print(f"build: {seconds:.1f} s (diff already computed; crops rendered in page workers)")
    print(f"written to {page}")
    if args.shots:
        shots(page, args.shots)
    return 0


def shots(page: Path, folder: Path) -> None:
    import pymupdf
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    font = page.parent / "japan.font"  # PyMuPDF's CJK font, for machines without one
    font.write_bytes(pymupdf.Font("japan").buffer)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox", "--disable-gpu"])
        tab = browser.new_page(viewport={"width": 1400, "height": 1000})
        tab.goto(page.as_uri())
        tab.add_style_tag(content=f"@font-face{{font-family:'Noto Sans CJK JP';src:url('{font.as_uri()}')}}")
        tab.wait_for_timeout(300)
        tab.screenshot(path=str(folder / "top.png"))
        table = tab.locator("article.change.changed[data-type='table']").first
        if table.count():
            table.scroll_into_view_if_needed()
            table.evaluate("a => Promise.all([...a.querySelectorAll('img')].map(i => { i.loading = 'eager'; return i.decode().catch(() => null); }))")
            table.screenshot(path=str(folder / "table.png"))
        busiest = tab.evaluate("""() => { const n = {}; document.querySelectorAll("article.change.changed").forEach(a => { n[a.dataset.section] = (n[a.dataset.section] || 0) + 1; });
                                            const top = Object.entries(n).sort((a, b) => b[1] - a[1])[0]; return top ? top[0] : ""; }""")
        tab.locator("#f-section").select_option(busiest)
        if busiest:  # only that section's changed records
            for op in ("added", "removed", "moved"):
                box = tab.locator(f"input[name='op'][value='{op}']")
                if box.count():
                    box.uncheck()
        tab.locator("#f-ctx").check()
        tab.evaluate("() => Promise.all([...document.querySelectorAll('article.change:not([hidden]) img')].slice(0, 6).map(i => { i.loading = 'eager'; return i.decode().catch(() => null); }))")
        tab.evaluate("() => { const a = document.querySelector('article.change:not([hidden])'); if (a) window.scrollTo(0, a.getBoundingClientRect().top + scrollY - 120); }")
        tab.screenshot(path=str(folder / "filtered.png"))
        browser.close()
    print(f"screenshots: {', '.join(str(folder / n) for n in ('top.png', 'table.png', 'filtered.png'))}")


if __name__ == "__main__":
    sys.exit(main())
