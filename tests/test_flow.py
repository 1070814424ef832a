"""The real Prefect flow (embedded test server via prefect_test_harness)."""
import shutil

import pytest
from prefect.testing.utilities import prefect_test_harness

from conftest import FIXTURES
from shiryo.pipeline.runstore import RunStore, read_jsonl


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
    from shiryo.flows.run import shiryo_run

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
    import shiryo.flows.run

    out = tmp_path / "out"
    good = shiryo.flows.run.shiryo_run(sources=str(folder), out=str(out))

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(shiryo.flows.run, "finish_run", explode)
    with pytest.raises(Exception):
        shiryo.flows.run.shiryo_run(sources=str(folder), out=str(out), force=True)
    store = RunStore(out)
    assert str(store.latest()) == good["run"]
    assert [p.name for p in (out / "runs").iterdir()] == [store.latest().name]  # no half run left


def test_reprocess_one_document_carries_the_others(folder, tmp_path):
    from shiryo.flows.run import shiryo_run
    from shiryo.pipeline.sources import load_sources

    out = tmp_path / "out"
    shiryo_run(sources=str(folder), out=str(out))
    result = shiryo_run(sources="", extra_sources=load_sources(folder), out=str(out), only=["hyouka"])
    docs = result["manifest"]["documents"]
    assert docs["hyouka"]["reused"] is False
    assert docs["hakusho"]["reused"] is True
    assert read_jsonl(out / "latest" / "diff.jsonl") == []


def _latest_artifact_markdown() -> str:
    from prefect.client.orchestration import get_client

    # the API's artifact filter, newest first (the sync client's read_artifacts sends
    # nulls this server version refuses)
    with get_client(sync_client=True) as client:
        response = client.request(
            "POST", "/artifacts/filter", json={"artifacts": {"key": {"any_": ["shiryo-run-summary"]}}, "sort": "CREATED_DESC", "limit": 1, "offset": 0}
        )
    (artifact,) = response.json()
    return artifact["data"]


def test_editions_unchanged_runs_do_nothing_and_a_new_edition_is_diffed(tmp_path, monkeypatch):
    """The edition pair through the flow: unchanged sources → no extraction and an empty diff;
    the revised edition → exactly its four changes against the previous edition; the editions
    index keeps both (with their 改訂 dates and bytes), and `reprocess --edition 1` re-extracts
    the first edition from the store."""
    import shiryo.pipeline.batch
    from typer.testing import CliRunner

    from shiryo.flows.run import shiryo_run
    from shiryo.pipeline.editions import EditionIndex
    from shiryo.cli import app

    docs, out = tmp_path / "docs", tmp_path / "out"
    docs.mkdir()
    shutil.copy(FIXTURES / "pdfs" / "strategy_plan.pdf", docs / "plan.pdf")
    first = shiryo_run(sources=str(docs), out=str(out))["manifest"]
    assert first["documents"]["plan"]["edition"] == 1 and first["documents"]["plan"]["revised"] == "2025-01-17"

    extract = shiryo.pipeline.batch.extract_document

    def no_extraction(*args, **kwargs):
        raise AssertionError("an unchanged document was extracted again")

    monkeypatch.setattr(shiryo.pipeline.batch, "extract_document", no_extraction)  # undone below
    second = shiryo_run(sources=str(docs), out=str(out))["manifest"]
    assert second["documents"]["plan"]["reused"] is True and second["counts"]["new_editions"] == 0
    assert read_jsonl(out / "latest" / "diff.jsonl") == []
    assert "diff: added 0, removed 0, changed 0, moved 0" in _latest_artifact_markdown()
    monkeypatch.setattr(shiryo.pipeline.batch, "extract_document", extract)

    # other code: the unchanged document is extracted again (same edition, nothing new to diff)
    monkeypatch.setattr(shiryo.pipeline.batch, "code_version", lambda: "0+other-code")
    recoded = shiryo_run(sources=str(docs), out=str(out))["manifest"]
    assert recoded["documents"]["plan"]["reused"] is False and recoded["documents"]["plan"]["edition"] == 1
    assert read_jsonl(out / "latest" / "diff.jsonl") == []
    monkeypatch.undo()

    shutil.copy(FIXTURES / "editions" / "strategy_plan_revised.pdf", docs / "plan.pdf")
    third = shiryo_run(sources=str(docs), out=str(out))["manifest"]
    diff = read_jsonl(out / "latest" / "diff.jsonl")
    assert [(e["op"], e["type"]) for e in diff] == [("added", "paragraph"), ("changed", "list_item"), ("changed", "table"), ("removed", "paragraph")]
    assert {e["before"]["version"] for e in diff if e["before"]} == {first["documents"]["plan"]["version"]}
    assert third["documents"]["plan"]["new_edition"] is True and third["documents"]["plan"]["revised"] == "2025-08-06"
    artifact = _latest_artifact_markdown()
    assert "plan edition 2 (改訂 2025-08-06)" in artifact and "［３→４］" in artifact and "added row 量子技術の研究開発" in artifact

    editions = EditionIndex(out)
    listed = editions.editions("plan")
    assert [(e["n"], e["revised"]) for e in listed] == [(1, "2025-01-17"), (2, "2025-08-06")]
    assert editions.latest_run("plan") == third["run"]
    assert all(editions.pdf(e["sha256"]).is_file() for e in listed)

    # the review page of the latest run finds both editions' PDFs in the run store
    page = tmp_path / "review.html"
    assert CliRunner().invoke(app, ["diff", "--format", "html", "--out", str(out), "-o", str(page)]).exit_code == 0
    assert page.read_text(encoding="utf-8").count("<figure class='crop'") == 6  # 1 added + 1 removed + 2 × 2 changed

    listing = CliRunner().invoke(app, ["editions", "plan", "--out", str(out)])
    assert listing.exit_code == 0 and "2025-01-17" in listing.output and "2025-08-06" in listing.output

    # reprocess the first edition from the store (the watched file is the second one by now)
    done = CliRunner().invoke(app, ["reprocess", "plan", "--edition", "1", "--out", str(out)])
    assert done.exit_code == 0, done.output
    fourth = RunStore(out).manifest(RunStore(out).latest())
    assert fourth["documents"]["plan"]["version"] == listed[0]["sha256"] and fourth["documents"]["plan"]["reused"] is False
    # the manifest still names the watched file, not the store copy, so a plain reprocess reads the current file
    assert fourth["documents"]["plan"]["source"] == third["documents"]["plan"]["source"]
    back = read_jsonl(out / "latest" / "diff.jsonl")  # edition 2 → edition 1: the four changes reversed
    assert sorted(e["op"] for e in back) == ["added", "changed", "changed", "removed"]
    # the summary line gives the reversed diff's counts: the added row's record is now removed, and so on
    assert "diff against previous run: added 1, removed 1, changed 2, moved 0" in done.output, done.output
    bad = CliRunner().invoke(app, ["reprocess", "plan", "--edition", "7", "--out", str(out)])
    assert bad.exit_code == 2 and "no edition 7" in bad.output
