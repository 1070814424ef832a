"""Fault injection on the run store: each file of a committed run damaged in turn, `latest`
made a directory, store bytes truncated, kill -9 at each commit step.  A damaged previous run is
named and passed over (the document extracted again), never propagated; the next run commits
with every record."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT
from plain_run import plain_run
from shiryo.pipeline.batch import process_source
from shiryo.pipeline.editions import EditionIndex
from shiryo.pipeline.runstore import COMMIT_STEPS, CRASH_ENV, RunStore, read_jsonl, stored_bytes_intact
from shiryo.pipeline.sources import Source

DOCS = {"a": "policy_evaluation_sheet.pdf", "b": "strategy_plan.pdf"}


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """A folder of two PDFs and one committed run over it (copied by each test)."""
    base = tmp_path_factory.mktemp("base")
    (base / "src").mkdir()
    for doc, name in DOCS.items():
        shutil.copy(FIXTURES / "pdfs" / name, base / "src" / f"{doc}.pdf")
    run, manifest = plain_run(base / "src", base / "out")
    assert manifest["counts"]["failed"] == 0
    return base


@pytest.fixture
def site(first_run, tmp_path):
    shutil.copytree(first_run / "src", tmp_path / "src")
    shutil.copytree(first_run / "out", tmp_path / "out", symlinks=True)
    return tmp_path


def assert_sound(out, manifest):
    """The committed run holds every record its manifest promises, and latest names it."""
    run = RunStore(out).latest()
    assert run is not None and run.name == manifest["run"] and (out / "latest").is_symlink()
    for doc, entry in manifest["documents"].items():
        assert entry["status"] == "ok", entry
        assert len(read_jsonl(run / f"{doc}.jsonl")) == entry["n_records"] > 5
    assert manifest["counts"]["records"] == sum(e["n_records"] for e in manifest["documents"].values())


def truncate(path, keep=0.5):
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def test_truncated_latest_manifest_is_named_and_bypassed(site):
    out = site / "out"
    damaged = (out / "latest" / "manifest.json").resolve()
    truncate(damaged)
    _, manifest = plain_run(site / "src", out)
    assert_sound(out, manifest)
    assert any(str(damaged.resolve()) in p for p in manifest["store_problems"]), manifest["store_problems"]
    assert manifest["counts"]["reused"] == 0  # re-extracted: nothing to reuse from
    assert not read_jsonl(out / "latest" / "diff.jsonl")  # the old run is no baseline: no diff


@pytest.mark.parametrize("damage", ["bad_line", "deleted", "short"])
def test_damaged_document_records_are_extracted_again(site, damage):
    out = site / "out"
    path = (out / "latest" / "a.jsonl").resolve()
    if damage == "bad_line":
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(lines[:3] + ['{"id": "a:broken\n'] + lines[4:]), encoding="utf-8")
    elif damage == "deleted":
        path.unlink()
    else:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text("".join(lines[:-2]), encoding="utf-8")
    _, manifest = plain_run(site / "src", out)
    assert_sound(out, manifest)
    assert manifest["documents"]["a"]["reused"] is False and manifest["documents"]["b"]["reused"] is True
    assert any(str(path) in p for p in manifest["store_problems"]), manifest["store_problems"]
    assert not read_jsonl(out / "latest" / "diff.jsonl")  # no diff against damaged records, no false "added"


def test_damaged_errors_file_is_named_and_documents_still_reused(site):
    out = site / "out"
    path = (out / "latest" / "errors.jsonl").resolve()
    path.write_text('{"doc": "a", "page"\n', encoding="utf-8")
    _, manifest = plain_run(site / "src", out)
    assert_sound(out, manifest)
    assert manifest["counts"]["reused"] == 2
    assert any(str(path) in p for p in manifest["store_problems"])


def test_truncated_editions_index_is_rebuilt_from_the_runs(site):
    out = site / "out"
    before = EditionIndex(out).editions("a")
    truncate(out / "editions" / "a.json", 0.3)
    _, manifest = plain_run(site / "src", out)
    assert_sound(out, manifest)
    after = json.loads((out / "editions" / "a.json").read_text(encoding="utf-8"))
    assert [(e["n"], e["sha256"], e["title"], e["first_run"]) for e in after["editions"]] == [(e["n"], e["sha256"], e["title"], e["first_run"]) for e in before]
    assert after["latest_run"] == manifest["run"]
    assert any("editions/a.json" in p for p in manifest["store_problems"])


def test_latest_as_a_real_directory_is_set_aside_and_runs_do_not_pile_up(site):
    out = site / "out"
    run = (out / "latest").resolve()
    (out / "latest").unlink()
    shutil.copytree(run, out / "latest")  # what a copy tool makes of the link
    _, manifest = plain_run(site / "src", out)
    assert_sound(out, manifest)
    kept = list(out.glob("latest.dir-*"))
    assert len(kept) == 1 and (kept[0] / "manifest.json").is_file()  # its data kept, beside
    assert manifest["counts"]["reused"] == 2
    # a copy of a run that is gone from runs/ moves back into runs/ under its own id
    shutil.rmtree(kept[0])
    first = out / "runs" / manifest["previous_run"]
    (out / "latest").unlink()
    os.rename(first, out / "latest")
    _, third = plain_run(site / "src", out)
    assert_sound(out, third)
    assert (first / "manifest.json").is_file() and not list(out.glob("latest.dir-*"))


def test_truncated_store_copy_is_replaced_never_used(site):
    out = site / "out"
    version = RunStore(out).manifest(RunStore(out).latest())["documents"]["a"]["version"]
    stored = EditionIndex(out).pdf(version)
    truncate(stored)
    _, manifest = plain_run(site / "src", out, force=True)
    assert_sound(out, manifest)
    assert stored_bytes_intact(stored, version)
    assert manifest["documents"]["a"]["version"] == version and manifest["counts"]["new_editions"] == 0


def test_non_pdf_in_a_folder_is_named_by_its_path_and_not_stored(site):
    out = site / "out"
    fake = site / "src" / "fake.pdf"
    fake.write_text("<html>404</html>", encoding="utf-8")
    store = RunStore(out)
    writer = store.begin()
    entry = process_source(Source(id="fake", path=fake), writer, store, None)
    writer.abort()
    assert entry["status"] == "failed" and entry["error"] == "not_pdf"
    assert str(fake) in entry["message"] and "store" not in entry["message"]
    assert len(list((out / "store").glob("*.pdf"))) == 2


def test_folder_documents_get_their_title_from_the_first_page(site):
    manifest = RunStore(site / "out").manifest(RunStore(site / "out").latest())
    for doc in DOCS:
        records = read_jsonl(site / "out" / "latest" / f"{doc}.jsonl")
        assert manifest["documents"][doc]["title"] == records[0]["title"] and records[0]["title"]


@pytest.mark.parametrize("step", COMMIT_STEPS)
def test_kill_9_at_each_commit_step_loses_no_edition(site, step):
    out = site / "out"
    good = RunStore(out).latest()
    shutil.copy(FIXTURES / "pdfs" / "whitepaper_two_column.pdf", site / "src" / "a.pdf")  # a new edition of a
    env = {**os.environ, CRASH_ENV: step}
    killed = subprocess.run([sys.executable, str(ROOT / "tests" / "plain_run.py"), str(site / "src"), str(out)], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert killed.returncode == -9, killed.stderr[-2000:]
    latest = RunStore(out).latest()
    assert latest == good or step in ("latest-swapped", "editions-committed")
    _, manifest = plain_run(site / "src", out)
    assert_sound(out, manifest)
    editions = EditionIndex(out).editions("a")
    assert len(editions) == 2 and editions[1]["sha256"] == manifest["documents"]["a"]["version"]
    assert [e["n"] for e in editions] == [1, 2] and editions[1]["title"]
    assert EditionIndex(out).latest_run("a") == manifest["run"] == RunStore(out).latest().name
    assert not [p for p in (out / "runs").iterdir() if p.name.startswith(".tmp-")]  # the dead run's temp dir swept


def test_truncated_download_in_the_store_is_fetched_again_not_reused_on_304(tmp_path):
    from pdf_server import PdfServer
    from shiryo.pipeline.sources import fetch

    data = (FIXTURES / "pdfs" / DOCS["a"]).read_bytes()
    store = tmp_path / "store"
    with PdfServer() as http:
        url = http.put("/a.pdf", data)
        first = fetch(url, store, allow_insecure=True)  # loopback http: the test server
        truncate(first)
        again = fetch(url, store, allow_insecure=True)
    assert [r["status"] for r in http.requests] == [200, 200]  # no validators sent for damaged bytes
    assert again == first and again.read_bytes() == data


def test_a_damaged_pdf_is_named_by_its_path_not_its_store_copy(site):
    out = site / "out"
    damaged = site / "src" / "cut.pdf"
    data = (FIXTURES / "pdfs" / DOCS["b"]).read_bytes()
    damaged.write_bytes(data[: len(data) * 2 // 3])
    store = RunStore(out)
    writer = store.begin()
    entry = process_source(Source(id="cut", path=damaged), writer, store, None)
    writer.abort()
    messages = [e["message"] for e in writer.errors] + [entry.get("message") or ""]
    assert any(str(damaged) in m for m in messages), messages
    assert not any(str(out / "store") in m for m in messages), messages
