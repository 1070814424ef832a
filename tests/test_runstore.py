"""The run store: complete runs appear atomically; an interrupted run never replaces latest."""
import json
import socket

import pytest

from shiryo.pipeline.runstore import RunStore, read_jsonl


def _commit(store, docs, diff=()):
    writer = store.begin()
    for doc, records in docs.items():
        writer.write_document(doc, records)
    return writer.commit({"run": writer.run_id, "documents": {}}, list(diff))


def test_commit_makes_run_and_latest(tmp_path):
    store = RunStore(tmp_path)
    run = _commit(store, {"a": [{"id": "a:1", "text": "令和７年度"}]})
    assert store.latest() == run
    assert (tmp_path / "latest").is_symlink()
    assert read_jsonl(tmp_path / "latest" / "a.jsonl") == [{"id": "a:1", "text": "令和７年度"}]
    assert "令和７年度" in (run / "a.jsonl").read_text(encoding="utf-8")  # ensure_ascii=False
    assert json.loads((run / "manifest.json").read_text())["run"] == run.name
    assert (run / "errors.jsonl").exists() and (run / "diff.jsonl").exists()


def test_aborted_or_crashed_run_leaves_latest_alone(tmp_path):
    store = RunStore(tmp_path)
    good = _commit(store, {"a": [{"id": "a:1"}]})
    writer = store.begin()
    writer.write_document("a", [{"id": "a:2"}])
    # the process dies here: no commit. The half-written run is invisible …
    assert store.latest() == good
    assert store.complete_runs() == [good]
    # while its writer lives, the next run leaves it alone (a concurrent run) …
    assert store.clean_stale() == [] and writer.tmp.exists()
    # … once the writer is dead (a pid no process has), the next run sweeps it away
    (writer.tmp / ".owner").write_text(f"{socket.gethostname()} {2**22 + 12345}\n")
    assert store.clean_stale() == [writer.tmp]
    assert not writer.tmp.exists()


def test_previous_and_resolve(tmp_path):
    store = RunStore(tmp_path)
    first = _commit(store, {})
    second = _commit(store, {})
    assert store.previous(second) == first
    assert store.resolve("latest") == second
    assert store.resolve(first.name) == first
    with pytest.raises(FileNotFoundError):
        store.resolve("nope")
