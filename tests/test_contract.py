"""Records validate against the output contract; ids are unique, stable across runs and
across content shifts."""
from pathlib import Path

from conftest import FIXTURES, FIXTURE_PDFS, extracted
from shiryo.pipeline.contract import problems
from shiryo.pipeline.diff import diff_records
from shiryo.pipeline.extraction import extract_document


def test_every_record_of_every_fixture_conforms(fixture_pdf):
    records = extracted(fixture_pdf).records
    assert records[0]["type"] == "document"
    bad = {r["id"]: problems(r) for r in records if problems(r)}
    assert bad == {}


def test_contract_check_catches_wrong_types():
    record = dict(extracted(FIXTURE_PDFS[0]).records[1])
    record["page"] = "1"
    record["bbox"] = [0, 0, 1]
    del record["norm"]
    assert {"page: int >= 1", "bbox: [x0, y0, x1, y1] numbers", "norm: str"} <= set(problems(record))


def test_ids_unique_within_a_document(fixture_pdf):
    ids = [r["id"] for r in extracted(fixture_pdf).records]
    assert len(ids) == len(set(ids))


def test_ids_identical_across_two_runs(fixture_pdf):
    first = [r["id"] for r in extracted(fixture_pdf).records]
    second = [r["id"] for r in extract_document(fixture_pdf).records]  # a fresh extraction
    assert first == second


def test_version_is_sha256_of_the_pdf(fixture_pdf):
    import hashlib

    digest = hashlib.sha256(Path(fixture_pdf).read_bytes()).hexdigest()
    assert {r["version"] for r in extracted(fixture_pdf).records} == {digest}


def test_inserting_a_paragraph_changes_no_other_id():
    original = extracted(FIXTURES / "pdfs" / "whitepaper_two_column.pdf", "whitepaper").records
    inserted = extracted(FIXTURES / "pdfs" / "whitepaper_two_column_inserted.pdf", "whitepaper").records
    before = {r["id"] for r in original}
    after = {r["id"] for r in inserted}
    assert before <= after  # every old record keeps its id …
    new = [r for r in inserted if r["id"] not in before]
    assert [r["type"] for r in new] == ["paragraph"]  # … and only the inserted paragraph is new
    # pages and positions shifted (p-us-1 no longer splits), yet the diff holds exactly the insertion
    ops = [(e["op"], e["type"]) for e in diff_records(original, inserted)]
    assert ops == [("added", "paragraph")]  # the new sha256 names the edition; it is not a change
