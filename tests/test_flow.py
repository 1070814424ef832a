"""The real Prefect flow (embedded test server via prefect_test_harness)."""
import shutil

import pytest
from prefect.testing.utilities import prefect_test_harness

from conftest import FIXTURES
from pipeline.runstore import RunStore, read_jsonl


@pytest.fixture(scope="module", autouse=True)
def prefect_server():
    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def folder(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(FIXTURES / "pdfs" / "whitepaper_two_column.pdf", docs / "hakusho.pdf")
    shutil.copy(FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf", docs / "hyouka.pdf")
    (docs / "broken.pdf").write_text("<html>404 Not Found</html>")  # an error page saved as .pdf
    return docs


def test_flow_runs_reuses_and_diffs(folder, tmp_path):
    from flows.run import shiryo_run

    out = tmp_path / "out"
    first = shiryo_run(sources=str(folder), out=str(out))
    m = first["manifest"]
    assert m["counts"]["documents"] == 3 and m["counts"]["failed"] == 1
    assert m["documents"]["broken"]["error"] == "not_pdf"
    errors = read_jsonl(out / "latest" / "errors.jsonl")
    assert [(e["doc"], e["kind"]) for e in errors] == [("broken", "not_pdf")]
    hakusho = read_jsonl(out / "latest" / "hakusho.jsonl")
    assert len(hakusho) == m["documents"]["hakusho"]["n_records"] > 20
    assert m["counts"]["diff"]["added"] == len(hakusho) + len(read_jsonl(out / "latest" / "hyouka.jsonl"))

    second = shiryo_run(sources=str(folder), out=str(out))
    m2 = second["manifest"]
    assert m2["previous_run"] == m["run"]
    assert m2["counts"]["reused"] == 2
    assert read_jsonl(out / "latest" / "diff.jsonl") == []
    assert read_jsonl(out / "latest" / "hakusho.jsonl") == hakusho

    # a new edition: one paragraph inserted, everything after it shifted
    shutil.copy(FIXTURES / "pdfs" / "whitepaper_two_column_inserted.pdf", folder / "hakusho.pdf")
    third = shiryo_run(sources=str(folder), out=str(out))
    diff = read_jsonl(out / "latest" / "diff.jsonl")
    assert [(e["op"], e["type"]) for e in diff] == [("added", "paragraph")]
    assert third["manifest"]["documents"]["hakusho"]["reused"] is False
    assert len(RunStore(out).complete_runs()) == 3


def test_interrupted_run_keeps_latest(folder, tmp_path, monkeypatch):
    import flows.run

    out = tmp_path / "out"
    good = flows.run.shiryo_run(sources=str(folder), out=str(out))

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(flows.run, "finish_run", explode)
    with pytest.raises(Exception):
        flows.run.shiryo_run(sources=str(folder), out=str(out), force=True)
    store = RunStore(out)
    assert str(store.latest()) == good["run"]
    assert [p.name for p in (out / "runs").iterdir()] == [store.latest().name]  # no half run left


def test_reprocess_one_document_carries_the_others(folder, tmp_path):
    from flows.run import shiryo_run
    from pipeline.sources import load_sources

    out = tmp_path / "out"
    shiryo_run(sources=str(folder), out=str(out))
    result = shiryo_run(sources="", extra_sources=load_sources(folder), out=str(out), only=["hyouka"])
    docs = result["manifest"]["documents"]
    assert docs["hyouka"]["reused"] is False
    assert docs["hakusho"]["reused"] is True
    assert read_jsonl(out / "latest" / "diff.jsonl") == []
