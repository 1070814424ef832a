"""The public API (shiryo/api.py): what a Python user calls, with the same results as the CLI."""
import json

import pytest

import shiryo
from conftest import FIXTURES, extracted

PLAN = FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf"
WHITEPAPER = FIXTURES / "pdfs" / "whitepaper_two_column.pdf"
INSERTED = FIXTURES / "pdfs" / "whitepaper_two_column_inserted.pdf"


def test_open_gives_the_records_of_extract_and_the_page_models():
    with shiryo.open(PLAN) as doc:
        assert doc.records == extracted(PLAN).records
        assert doc.version == extracted(PLAN).version
        assert [t["id"] for t in doc.tables] == [r["id"] for r in doc.records if r["type"] == "table"]
        assert doc.tables and all(h["type"] == shiryo.RecordType.HEADING for h in doc.headings)
        assert len(doc.pages) == doc.n_pages
        page = doc.pages[0]
        # the page model carries the text lines the records were built from, and the ruled table
        body = "".join(line.text for line in page.lines)
        assert all(h["text"].replace(" ", "")[:6] in body.replace(" ", "") for h in doc.headings)
        assert len(page.tables) == len(doc.tables)


def test_diff_takes_records_or_jsonl_files(tmp_path):
    old, _ = shiryo.extract(WHITEPAPER, doc_id="hakusho")
    new, _ = shiryo.extract(INSERTED, doc_id="hakusho")
    entries = shiryo.diff(old, new)
    assert [(e["op"], e["type"]) for e in entries] == [("added", "paragraph")]
    for records, name in ((old, "old.jsonl"), (new, "new.jsonl")):
        (tmp_path / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    assert shiryo.diff(tmp_path / "old.jsonl", tmp_path / "new.jsonl") == entries


def test_run_commits_a_run_and_a_second_run_reuses_it(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    for pdf in (PLAN, WHITEPAPER):
        (folder / pdf.name).write_bytes(pdf.read_bytes())
    store = shiryo.Run(tmp_path / "out")
    first = store.run(folder)
    assert first.failed == 0 and first.path == store.latest
    assert store.records("policy_evaluation_sheet") == [
        dict(r) for r in extracted(folder / PLAN.name).records
    ]
    assert {e["op"] for e in store.diff()} == {"added"}  # a first run: everything is new
    (folder / WHITEPAPER.name).write_bytes(INSERTED.read_bytes())  # a new edition of one document
    second = store.run(folder)
    assert second.manifest["counts"]["reused"] == 1 and second.manifest["documents"]["whitepaper_two_column"]["edition"] == 2
    assert [(e["op"], e["type"]) for e in store.diff()] == [("added", "paragraph")]
    assert store.manifest(first.path.name)["run"] == first.path.name


def test_errors_share_one_root():
    with pytest.raises(shiryo.ShiryoError):
        shiryo.open(FIXTURES / "no-such.pdf")
    with pytest.raises(shiryo.DocumentError) as bad:
        shiryo.extract(FIXTURES / "README.md")
    assert bad.value.kind == "not_pdf" and isinstance(bad.value, shiryo.ShiryoError)
    with pytest.raises(shiryo.ShiryoError):
        shiryo.Run(FIXTURES / "nowhere").manifest()


def test_settings_choose_the_table_strategies_and_their_thresholds():
    from shiryo import Settings, TableSettings

    def tables(settings=None):
        records, _ = shiryo.extract(PLAN, settings=settings)
        return [r for r in records if r["type"] == "table"]

    found = tables()
    assert [t["strategy"] for t in found] == ["lattice"]  # the sheet's ruled table
    assert tables(Settings(tables=TableSettings(strategies=()))) == []
    # a confidence no table reaches: every candidate is set aside
    assert tables(Settings(tables=TableSettings(min_confidence=1.01))) == []
    # a strategy of one's own, as module:Class, imported in the page workers (a lone 1 × 1 box is
    # no table to the evidence check, so it is let through here)
    (own,) = tables(Settings(tables=TableSettings(strategies=("crashers:WholePageTable",), min_confidence=0.0)))
    assert own["strategy"] == "whole_page" and (own["n_rows"], own["n_cols"]) == (1, 1)
    # the defaults are the settings shiryo runs with when given none
    assert [t["id"] for t in tables(Settings())] == [t["id"] for t in found]
