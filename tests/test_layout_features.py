"""The layout-features fixture (fixtures/pdfs/layout_features.pdf, truth in fixtures/truth/):
ruby, footnote markers and their links, the figure caption with its notes, levels, pages.
The exact record sequence is asserted for every fixture in test_fixture_truth.py."""
from conftest import FIXTURES, extracted, truth

PDF = FIXTURES / "pdfs" / "layout_features.pdf"


def test_fields_match_truth():
    records = [r for r in extracted(PDF).records if r["type"] != "document"]
    expected = truth(PDF)["blocks"]
    assert [(r["type"], r["text"], r["pages"]) for r in records] == [(b["type"], b["text"], b.get("pages", [b["page"]])) for b in expected]
    for got, want in zip(records, expected):
        assert got.get("ruby") == want.get("ruby"), got["text"][:20]
        assert got.get("footnote_marks") == want.get("footnote_marks"), got["text"][:20]
        assert got.get("marker") == want.get("marker")
        assert got.get("notes") == want.get("notes")
        if want["type"] == "heading":
            assert got["level"] == want["level"]


def test_markers_link_to_their_footnotes_and_back():
    records = extracted(PDF).records
    by_id = {r["id"]: r for r in records}
    for record in records:
        for note_id, mark in zip(record.get("footnotes", []), record.get("footnote_marks", [])):
            assert by_id[note_id]["type"] == "footnote" and by_id[note_id]["marker"] == mark
            assert record["id"] in by_id[note_id]["cited_by"]
    assert sum(len(r.get("footnotes", [])) for r in records) == 2


def test_chart_labels_and_running_heads_stay_out_and_debug_view_draws(tmp_path):
    from shiryo.parsers.debug_view import render_debug_pages

    result = extracted(PDF)
    body = " ".join(r["text"] for r in result.records if r["type"] != "document")
    assert "172" not in body and "令和元" not in body  # bar values and axis labels of the figure
    texts = [r["text"] for r in result.records if r["type"] != "document"]
    assert not any(t.endswith(("２４", "２５")) or t.startswith(("２４", "２５")) for t in texts)  # page numbers
    assert not any(head in body for head in truth(PDF)["running_headers"])
    pngs = render_debug_pages(PDF, result.records, tmp_path, zoom=0.5, set_aside=result.set_aside)
    assert [p.name for p in pngs] == ["layout_features-p1.png", "layout_features-p2.png"]
    # each PNG is the page at the zoom asked for, and differs from a plain render of the page exactly
    # where records lie: their boxes are drawn in the colour of their type
    import pymupdf

    from shiryo.parsers.debug_view import TYPE_COLOURS

    with pymupdf.open(PDF) as doc:
        for number, png in enumerate(pngs, 1):
            drawn = pymupdf.Pixmap(str(png))
            plain = doc[number - 1].get_pixmap(matrix=pymupdf.Matrix(0.5, 0.5))
            assert (drawn.width, drawn.height) == (plain.width, plain.height)
            headings = [r for r in result.records if r["type"] == "heading" and r["page"] == number]
            assert headings, number
            x0, y0, x1, y1 = (round(v * 0.5) for v in headings[0]["bbox"])
            # along the top edge of the first heading's box the drawn page has changed pixels tinted
            # towards the heading colour (red): the box outline, antialiased at this zoom
            assert TYPE_COLOURS["heading"][0] > max(TYPE_COLOURS["heading"][1:])  # red, as tested here
            tinted = 0
            for x in range(max(x0, 0), min(x1, drawn.width)):
                for y in (y0 - 1, y0, y0 + 1):
                    if 0 <= y < drawn.height and drawn.pixel(x, y) != plain.pixel(x, y):
                        r, g, b = drawn.pixel(x, y)[:3]
                        tinted += r - max(g, b) >= 20
            assert tinted >= (x1 - x0) // 2, (number, tinted, x1 - x0)


def test_cli_debug_png_renders_every_page(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "shiryo", "extract", str(PDF), "-o", str(tmp_path / "out.jsonl"), "--debug-png", str(tmp_path / "png")],
        capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (tmp_path / "png").glob("*.png")) == ["layout_features-p1.png", "layout_features-p2.png"]
    assert "debug view: 2 pages" in done.stderr
