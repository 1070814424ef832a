"""Generated fixtures with known truth (fixtures/truth/*.json): the exact record sequence."""
from conftest import FIXTURE_PDFS, extracted, truth

TYPE_OF_TRUTH = {"note": "paragraph"}  # source notes under figures are paragraphs to us


def _sequence(records):
    # the truth lists the page's blocks; kpi records are read from them (tests/test_kpi.py)
    return [(r["type"], r["text"]) for r in records if r["type"] not in ("document", "table", "kpi")]


def test_record_sequence_matches_truth(fixture_pdf):
    t = truth(fixture_pdf)
    records = extracted(fixture_pdf).records
    expected = [(TYPE_OF_TRUTH.get(b["type"], b["type"]), b["text"]) for b in t["blocks"] if b["type"] != "table"]
    assert _sequence(records) == expected


def test_pages_of_continued_paragraphs(fixture_pdf):
    t = truth(fixture_pdf)
    pages = {r["text"]: r["pages"] for r in extracted(fixture_pdf).records if r["type"] != "document"}
    for block in t["blocks"]:
        if block["type"] != "table" and len(block.get("pages", [])) > 1:
            assert pages[block["text"]] == block["pages"], block["text"][:40]


def test_running_headers_and_page_numbers_never_in_body(fixture_pdf):
    t = truth(fixture_pdf)
    running = set(t.get("running_headers", [])) | set(t.get("page_numbers", []))
    for record in extracted(fixture_pdf).records:
        if record["type"] == "document":
            continue
        for marker in running:
            assert marker not in record["text"] or record["text"] != marker


def test_tables_match_truth():
    checked = 0
    for pdf in FIXTURE_PDFS:
        expected = [b for b in truth(pdf)["blocks"] if b["type"] == "table"]
        got = [r for r in extracted(pdf).records if r["type"] == "table"]
        assert len(got) == len(expected), pdf.name
        for g, e in zip(got, expected):
            assert (g["n_rows"], g["n_cols"], g["header_rows"]) == (e["n_rows"], e["n_cols"], e["header_rows"])
            cells = lambda cs: sorted((c["row"], c["col"], c["rowspan"], c["colspan"], c["text"]) for c in cs)  # noqa: E731
            assert cells(g["cells"]) == cells(e["cells"])
            checked += 1
    assert checked >= 2


def test_sections_follow_headings():
    records = extracted(FIXTURE_PDFS[0].parent / "whitepaper_two_column.pdf").records
    by_text = {r["text"]: r for r in records}
    heading = next(r for r in records if r["type"] == "heading" and r["text"].startswith("１－１．"))
    first_after = records[records.index(heading) + 1]
    assert first_after["section"][-1] == heading["text"]
    assert any(s.startswith("第１節") for s in first_after["section"])
    # a new 節 closes the 1-1 subsection
    second = next(r for r in records if r["type"] == "heading" and r["text"].startswith("第２節"))
    after_second = records[records.index(second) + 1]
    assert not any(s.startswith("１－１．") for s in after_second["section"])
    assert by_text[second["text"]]["level"] == 3
