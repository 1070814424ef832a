"""The review page (`shiryo diff --format html`) opened in a real headless Chromium
(Debian's /usr/bin/chromium through Playwright; no browser is ever downloaded): the summary's
links, the filters, tables, crops, clicked as a reviewer would."""
import copy
import json
import shutil
import time
from pathlib import Path

import pymupdf
import pytest
from typer.testing import CliRunner

from conftest import CORPUS, FIXTURES, extracted
from shiryo.cli import app

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.is_file():
        pytest.skip("no /usr/bin/chromium (apt-get install chromium; .ci/run does it)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


def _open(browser, page: Path, tmp_path: Path):
    """The page in a new tab; Japanese text drawn with PyMuPDF's built-in CJK font under the
    name of the page's font stack (the machine may have no CJK font at all)."""
    font = tmp_path / "japan.font"
    font.write_bytes(pymupdf.Font("japan").buffer)
    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    tab.goto(page.as_uri())
    tab.add_style_tag(content=f"@font-face{{font-family:'Noto Sans CJK JP';src:url('{font.as_uri()}')}}")
    return tab


def _jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def _in_view(tab, selector: str) -> bool:
    return tab.evaluate(f"() => {{ const r = document.querySelector({selector!r}).getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }}")


def test_review_page_summary_links_filters_tables_and_crops(tmp_path, browser):
    old = extracted(FIXTURES / "pdfs" / "strategy_plan.pdf", "plan").records
    new = copy.deepcopy(extracted(FIXTURES / "editions" / "strategy_plan_revised.pdf", "plan").records)
    # one table cell edited as well (the fixture pair adds a row but changes no cell)
    table = next(r for r in new if r["type"] == "table")
    next(c for c in table["cells"] if c["text"] == "経済産業省")["text"] = "経済産業省、文部科学省"
    out = tmp_path / "out"
    (out / "store").mkdir(parents=True)
    shutil.copy(FIXTURES / "pdfs" / "strategy_plan.pdf", out / "store" / f"{old[0]['version']}.pdf")
    shutil.copy(FIXTURES / "editions" / "strategy_plan_revised.pdf", out / "store" / f"{new[0]['version']}.pdf")
    page = tmp_path / "review.html"
    done = CliRunner().invoke(app, ["diff", str(_jsonl(tmp_path / "old.jsonl", old)), str(_jsonl(tmp_path / "new.jsonl", new)), "--format", "html", "--out", str(out), "-o", str(page)])
    assert done.exit_code == 0, done.output
    html = page.read_text(encoding="utf-8")
    assert "data:" not in html and "http" not in html.split("<main>")[1]  # crops are files beside the page, nothing fetched
    pngs = sorted((tmp_path / "review_files").glob("*.png"))
    assert pngs and all(f"review_files/{p.name}" in html for p in pngs)

    tab = _open(browser, page, tmp_path)
    assert tab.locator("p.counts").inner_text() == "4 changes: 1 added, 1 removed, 2 changed, 0 moved"
    assert tab.evaluate("() => getComputedStyle(document.body).fontFamily").startswith('"Hiragino Sans"')
    sections = tab.locator("nav.sections li.section summary a").all_inner_texts()
    assert sections == ["(top level)", "１．基本的な考え方", "２．第６期基本計画の総仕上げとしての取組の加速 › （２）主な取組と担当府省"]

    # two clicks from the summary to the changed cell: open the section's list, follow the change
    section = tab.locator("nav.sections li.section").nth(2)
    section.locator("summary").click(position={"x": 4, "y": 6})  # the disclosure triangle, not the link
    entry = section.locator("li.entry a", has_text="changed table")
    assert entry.inner_text().startswith("changed table p.2: ＡＩ半導体の開発: 経済産業省 → 経済産業省、文部科学省")
    entry.click()
    card_id = entry.get_attribute("href")
    assert tab.evaluate("() => location.hash") == card_id and _in_view(tab, card_id)
    cell = tab.locator(f"{card_id} td.cell-changed")
    assert cell.count() == 1 and cell.get_attribute("data-col-header") == "担当府省" and cell.get_attribute("data-row-label") == "ＡＩ半導体の開発"
    assert cell.locator("ins").inner_text() == "、文部科学省" and cell.locator(".cellref").inner_text() == "担当府省 × ＡＩ半導体の開発"
    assert tab.locator(f"{card_id} tr.row-added td").first.inner_text() == "量子技術の研究開発"
    assert tab.locator(f"{card_id} tr.gap").count() >= 1  # unchanged rows left out
    assert tab.locator(f"{card_id} figure.crop[data-side='after'] .box.cell").count() >= 2  # the changed cell and the added row's cells, boxed

    # filters, by clicks
    shown = tab.locator("#shown")
    tab.locator("label", has_text="changed (2)").click()
    assert shown.inner_text() == "2 of 4 changes shown"
    assert tab.locator("article.change.changed").evaluate_all("cs => cs.every(c => c.hidden)")
    assert tab.locator("nav.sections li.section").nth(1).is_hidden()  # its only change is hidden
    tab.locator("#f-reset").click()
    tab.locator("label", has_text="paragraph (2)").click()
    assert shown.inner_text() == "2 of 4 changes shown" and tab.locator("article.change[data-type='paragraph']").first.is_hidden()
    tab.locator("#f-reset").click()
    tab.locator("#f-section").select_option(label="１．基本的な考え方 (1)")
    assert shown.inner_text() == "1 of 4 changes shown" and tab.locator("article.change[data-type='list_item']").is_visible()
    tab.locator("#f-reset").click()
    context_rows = tab.locator(f"{card_id} tr.ctx")
    assert context_rows.count() >= 1 and context_rows.first.is_visible()
    tab.locator("label", has_text="hide unchanged context").click()
    assert context_rows.first.is_hidden() and tab.locator(f"{card_id} tr.row-added").is_visible()
    tab.locator("label", has_text="hide unchanged context").click()

    # crops: real images the browser decoded; a click enlarges, a second click closes
    for figure in tab.locator("figure.crop").all():
        figure.scroll_into_view_if_needed()
        figure.locator("img").evaluate("i => i.decode()")
        ok, width = figure.locator("img").evaluate("i => [i.complete, i.naturalWidth]")
        assert ok and width > 300
    tab.locator(f"{card_id} figure.crop[data-side='after'] .frame").click()
    zoom = tab.locator("#zoom")
    assert zoom.is_visible() and zoom.locator("img").evaluate("i => i.getBoundingClientRect().width") >= zoom.locator("img").evaluate("i => i.naturalWidth") - 1
    zoom.click()
    assert zoom.is_hidden()
    tab.screenshot(path=str(tmp_path / "review.png"), full_page=True)
    assert (tmp_path / "review.png").stat().st_size > 50_000
    tab.close()


def test_crops_are_read_only_from_the_store(tmp_path):
    from shiryo.pipeline.review_crops import store_pdf

    store = tmp_path / "store"
    store.mkdir()
    sha = "a" * 64
    (store / f"{sha}.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4")
    assert store_pdf(store, sha) == store / f"{sha}.pdf"
    for bad in ("../secret", "../" + "a" * 61, "A" * 64, sha + "/../x", None, 5):
        assert store_pdf(store, bad) is None
    assert store_pdf(store, "b" * 64) is None  # not stored


def test_long_unchanged_text_folds_and_numbers_align():
    from shiryo.pipeline.review_cards import char_diff_html, is_number

    before = "あ" * 200 + "３つ" + "い" * 200
    after = "あ" * 200 + "４つ" + "い" * 200
    b, a = char_diff_html(before, after)
    assert "<del>３</del>" in b and "<ins>４</ins>" in a
    assert b.count("<span class='ctx'>") == 2 and b.count("<span class='fold'>") == 2  # both long stretches fold
    assert [is_number(t) for t in ("1,234", "△12.5", "３０％", "1,200千円", "令和6年度", "担当府省", "")] == [True, True, True, True, False, False, False]


BUKAI = [("ja", "moj_shoho_bukai_chukan_shian_tatakidai.pdf"), ("editions/moj_bl_chukan_shian", "bukai_shiryo08_tatakidai2.pdf")]


def test_review_page_of_a_large_real_redraft(tmp_path, browser):
    """部会資料7 → 部会資料8 (73 → 77 pages, hundreds of changes) under one id: the page stays
    small, and a changed sentence is found from the summary in two clicks."""
    pdfs = [CORPUS / folder / name for folder, name in BUKAI]
    if not all(p.is_file() for p in pdfs):
        pytest.skip("shared corpus not present")
    old, new = (extracted(p, "moj_chukan").records for p in pdfs)
    out = tmp_path / "out"
    (out / "store").mkdir(parents=True)
    for pdf, records in zip(pdfs, (old, new)):
        shutil.copy(pdf, out / "store" / f"{records[0]['version']}.pdf")
    page = tmp_path / "review.html"
    started = time.monotonic()
    done = CliRunner().invoke(app, ["diff", str(_jsonl(tmp_path / "old.jsonl", old)), str(_jsonl(tmp_path / "new.jsonl", new)), "--format", "html", "--out", str(out), "-o", str(page)])
    seconds = time.monotonic() - started
    assert done.exit_code == 0, done.output
    entries = [json.loads(line) for line in CliRunner().invoke(app, ["diff", str(tmp_path / "old.jsonl"), str(tmp_path / "new.jsonl"), "--format", "json"]).output.splitlines()]
    assert len(entries) > 200  # a large diff: bench/edition_diff.py counts 277 entries for this redraft
    size = page.stat().st_size + sum(p.stat().st_size for p in (tmp_path / "review_files").iterdir())
    print(f"\nreview page: {len(entries)} changes, {page.stat().st_size / 1e6:.2f} MB page + crops = {size / 1e6:.2f} MB, built in {seconds:.1f} s")
    assert size < 10e6

    tab = _open(browser, page, tmp_path)
    n = next(i for i, e in enumerate(entries, 1) if e["op"] == "changed" and e["type"] == "paragraph")
    target = tab.locator(f"nav.sections li.entry:has(a[href='#c-{n}'])")
    target.locator("xpath=ancestor::li[contains(@class,'section')]/details/summary").click(position={"x": 4, "y": 6})
    target.locator("a").click()
    assert _in_view(tab, f"#c-{n}") and tab.locator(f"#c-{n} .after ins, #c-{n} .before del").count() >= 1
    # a filter click takes a kind of change out of the way (the most common kind other than changed)
    kinds = [op for op in ("added", "removed", "moved") if any(e["op"] == op for e in entries)]
    hidden = max(kinds, key=lambda op: sum(e["op"] == op for e in entries))
    tab.locator(f"input[name='op'][value='{hidden}']").click()
    assert tab.locator(f"article.change.{hidden}").first.is_hidden()
    assert tab.locator("article.change.changed").first.is_visible()
    tab.evaluate("() => window.scrollTo(0, 0)")
    tab.screenshot(path=str(tmp_path / "top.png"))
    assert (tmp_path / "top.png").stat().st_size > 30_000
    tab.close()


def test_document_and_kpi_changes_show_their_values():
    from shiryo.pipeline.diff import diff_records
    from shiryo.pipeline.review_page import render_review_html

    doc = {"id": "d:document:0", "doc": "d", "type": "document", "version": "v1", "page": 1, "section": [], "title": "令和6年度 事前分析表", "n_pages": 12, "fiscal_year": 2024}
    kpi = {"id": "d:kpi:1", "doc": "d", "type": "kpi", "version": "v1", "page": 3, "section": ["測定指標"], "text": "共同研究の受入額", "indicator": "共同研究の受入額",
           "targets": [{"value": 1.5e11, "unit": "円", "fiscal_year": 2025, "text": "1,500億円", "label": None}],
           "actuals": [{"value": 8.82e10, "unit": "円", "fiscal_year": 2018, "text": "882億円", "label": None}]}
    new_doc = {**doc, "version": "v2", "n_pages": 14, "fiscal_year": 2025, "title": "令和7年度 事前分析表"}
    new_kpi = {**kpi, "version": "v2", "actuals": [{**kpi["actuals"][0], "value": 9.1e10, "text": "910億円"}]}
    entries = diff_records([doc, kpi], [new_doc, new_kpi])
    assert {e["type"] for e in entries} == {"document", "kpi"}
    html = render_review_html(entries)
    assert "<th>n_pages</th><td class='b'>12</td><td class='a'>14</td>" in html
    assert "<th>fiscal_year</th><td class='b'>2024</td><td class='a'>2025</td>" in html
    assert "<th>actual 2018年度</th><td class='b'>882億円 (2018年度)</td><td class='a'>910億円 (2018年度)</td>" in html


def test_entries_without_sides_are_notes_and_new_ops_get_a_filter():
    """Diff entries a newer diff may add (a per-document summary with neither side, another op)
    do not break the page: the first are listed as notes, the second get their own filter."""
    from shiryo.pipeline.review_page import render_review_html

    side = {"text": "a", "section": [], "page": 1}
    html = render_review_html([
        {"op": "summary", "doc": "d", "id": "d:summary", "type": "document", "before": None, "after": None, "fields": [], "n_changes": 3},
        {"op": "retyped", "doc": "d", "id": "d:x:1", "type": "paragraph", "before": side, "after": {**side, "text": "b"}, "fields": ["text"]},
    ])
    assert "<p class='counts'>1 changes: 0 added, 0 removed, 0 changed, 0 moved, 1 retyped</p>" in html
    assert "&quot;n_changes&quot;: 3" in html.split("<ul class='notes'>")[1].split("</ul>")[0]
    assert "value='retyped' checked" in html and html.count("<article class='change") == 1
