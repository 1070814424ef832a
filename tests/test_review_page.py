"""The review page (`shiryo diff --format html`) opened in a real headless Chromium
(Debian's /usr/bin/chromium through Playwright; no browser is ever downloaded)."""
import base64
import copy
import io
import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES, extracted

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


def _jsonl(path: Path, records) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def test_review_page_shows_changed_characters_cells_and_page_crops(tmp_path, browser):
    old = extracted(FIXTURES / "pdfs" / "strategy_plan.pdf", "plan").records
    new = copy.deepcopy(extracted(FIXTURES / "editions" / "strategy_plan_revised.pdf", "plan").records)
    # one table cell edited as well (the fixture pair adds a row but changes no cell)
    table = next(r for r in new if r["type"] == "table")
    cell = next(c for c in table["cells"] if c["text"] == "経済産業省")
    cell["text"] = "経済産業省、文部科学省"
    # the editions' PDFs in the store, as a run leaves them
    out = tmp_path / "out"
    (out / "store").mkdir(parents=True)
    shutil.copy(FIXTURES / "pdfs" / "strategy_plan.pdf", out / "store" / f"{old[0]['version']}.pdf")
    shutil.copy(FIXTURES / "editions" / "strategy_plan_revised.pdf", out / "store" / f"{new[0]['version']}.pdf")
    page = tmp_path / "review.html"

    from shiryo.cli import app

    done = CliRunner().invoke(app, ["diff", str(_jsonl(tmp_path / "old.jsonl", old)), str(_jsonl(tmp_path / "new.jsonl", new)), "--format", "html", "--out", str(out), "-o", str(page)])
    assert done.exit_code == 0, done.output

    tab = browser.new_page(viewport={"width": 1400, "height": 1000})
    tab.goto(page.as_uri())
    assert tab.locator("p.counts").inner_text() == "4 changes: 1 added, 1 removed, 2 changed, 0 moved"
    # grouped by section
    groups = tab.locator("section.group h3").all_inner_texts()
    # the 改訂 line printed above the first heading belongs to no section
    assert groups == ["(top level)", "１．基本的な考え方", "２．第６期基本計画の総仕上げとしての取組の加速 › （２）主な取組と担当府省"]
    # the changed figure: only the differing character is marked, on each side
    figure = tab.locator("article.change.changed[data-type='list_item']")
    assert figure.locator(".before del").all_inner_texts() == ["３"]
    assert figure.locator(".after ins").all_inner_texts() == ["４"]
    # the table: the added row and the edited cell are marked in the table itself
    table_change = tab.locator("article.change.changed[data-type='table']")
    assert table_change.locator(".after tr.row-added td").first.inner_text() == "量子技術の研究開発"
    assert table_change.locator(".before tr.row-added").count() == 0
    edited = table_change.locator(".after td.cell-changed")
    assert edited.count() == 1 and edited.locator("ins").inner_text() == "、文部科学省"
    assert table_change.locator(".before td.cell-changed").inner_text() == "経済産業省"
    # highlight colours are really applied (CSS loaded, nothing external)
    assert edited.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 242, 168)"
    # page crops: one per side present, real PNGs that the browser decoded, with the box drawn
    crops = tab.locator("img.crop")
    assert crops.count() == 6  # added: after only; removed: before only; two changed: both sides
    sizes = crops.evaluate_all("imgs => imgs.map(i => [i.complete, i.naturalWidth, i.naturalHeight])")
    assert all(ok and w > 100 and h > 20 for ok, w, h in sizes)
    import numpy
    from PIL import Image

    src = table_change.locator("img.crop[data-side='after']").get_attribute("src")
    pixels = numpy.asarray(Image.open(io.BytesIO(base64.b64decode(src.split(",", 1)[1]))).convert("RGB")).astype(int)
    reds = int(((pixels[..., 0] > 180) & (pixels[..., 1] < 80) & (pixels[..., 2] < 80)).sum())
    assert reds > 200  # the record's box, drawn in red
    assert tab.evaluate("() => [...document.querySelectorAll('[src],[href]')].every(e => (e.src || e.href).startsWith('data:'))")
    tab.screenshot(path=str(tmp_path / "review.png"), full_page=True)
    assert (tmp_path / "review.png").stat().st_size > 50_000
    tab.close()
