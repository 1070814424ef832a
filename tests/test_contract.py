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
    record["cells"] = []  # not a table: a field of another type is checked only for its type
    found = set(problems(record))
    assert found == {"page: int >= 1", "page: expected int, got str", "pages: includes page", "bbox: [x0, y0, x1, y1] numbers", "norm: missing"}


def test_contract_check_reaches_into_cells_and_kpi_values():
    table = next(r for r in extracted(FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf").records if r["type"] == "table")
    broken = dict(table, cells=[dict(c) for c in table["cells"]])
    broken["cells"][1]["rowspan"] = "2"
    del broken["cells"][2]["norm"]
    broken["cells"][3]["row"] = table["n_rows"]
    assert problems(table) == []
    assert set(problems(broken)) == {"cells[1].rowspan: expected int, got str", "cells[1]: inside the grid, spans >= 1",
                                     "cells[2].norm: missing", "cells[3]: inside the grid, spans >= 1"}
    kpi = {k: v for k, v in table.items() if k not in ("n_rows", "n_cols", "header_rows", "cells", "caption")}
    kpi.update(type="kpi", indicator="指標", target={"value": "3", "unit": None, "fiscal_year": 2025, "text": "3"},
               actuals=[], source_table=None)
    assert problems(kpi) == ["target.value: expected int or float or null, got str"]


CONTRACT = Path(__file__).resolve().parents[2] / "shared" / "CONTRACT.md"


def test_record_types_hold_every_field_the_contract_names():
    """The contract's field tables and key lists, read from ../shared/CONTRACT.md, against the
    TypedDicts of pipeline/types.py that the check above follows: the two cannot drift apart."""
    import re

    import pytest

    from shiryo.pipeline.contract import _required
    from shiryo.pipeline.types import FIELDS_BY_TYPE, Cell, DateValue, DiffEntry, FiscalYear, KpiValue, Quantity, Record

    if not CONTRACT.is_file():
        pytest.skip(f"contract not present: {CONTRACT}")
    text = CONTRACT.read_text(encoding="utf-8")
    records = text.split("## Records", 1)[1].split("## Run store", 1)[0]
    common, rest = records.split("Table records", 1)
    table, kpi = rest.split("KPI records", 1)

    def table_fields(part: str) -> set[str]:
        return {name for row in re.findall(r"^\| ((?:`\w+`(?:, )?)+) \|", part, re.M) for name in re.findall(r"`(\w+)`", row)}

    def keys_after(name: str, part: str) -> set[str]:
        listed = re.search(rf"`{name}`[^\n]*?\{{((?:\"\w+\"(?:, )?)+)\}}", part)
        assert listed, name
        return set(re.findall(r'"(\w+)"', listed.group(1)))

    assert table_fields(common) <= _required(Record) and len(table_fields(common)) >= 12
    assert table_fields(table) <= set(FIELDS_BY_TYPE["table"]) and "cells" in table_fields(table)
    assert set(re.findall(r"`(\w+)`", kpi.split("\n\n")[0])) - {"kpi"} <= set(FIELDS_BY_TYPE["kpi"])
    for name, typed in (("fiscal_years", FiscalYear), ("dates", DateValue), ("quantities", Quantity)):
        assert keys_after(name, common) <= _required(typed), name
    assert keys_after("cells", table) <= _required(Cell)
    assert keys_after("target", kpi) <= _required(KpiValue)
    diff = text.split("## Diff records", 1)[1]
    assert set(re.findall(r'"(\w+)"', diff.split("\n\n")[1].split(":")[0] + diff.split("`:")[0])) >= {"op", "doc"}
    assert set(re.findall(r'"(\w+)"', diff.split("`:", 1)[0])) - {"added", "removed", "changed", "moved"} <= _required(DiffEntry)


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


def test_ids_keep_apart_what_the_normaliser_keeps_apart():
    """`①592名` and `1592名` are different texts (the normaliser keeps ①): plain NFKC made them one
    key, so the second became a `~2` repeat of the first and swapped ids when they swapped places."""
    from shiryo.pipeline.ids import assign_ids
    from shiryo.pipeline.normalize import analyze

    def para(text):
        return {"type": "paragraph", "section": ["目標"], "text": text, **analyze(text)}

    first = [para("①592名"), para("1592名")]
    swapped = [para("1592名"), para("①592名")]
    assign_ids(first, "d")
    assign_ids(swapped, "d")
    assert first[0]["id"] != first[1]["id"] and "~" not in first[1]["id"]
    assert {r["text"]: r["id"] for r in first} == {r["text"]: r["id"] for r in swapped}
    # white space and width variants still give one id: the key is the norm without spaces
    wide, narrow = para("令和６年度 予算"), para("令和6年度予算")
    assign_ids([wide], "d")
    assign_ids([narrow], "d")
    assert wide["id"] == narrow["id"]
