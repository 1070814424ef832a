"""The issue's walkthrough through the real CLI and Prefect flow: a truncated latest manifest
no longer fails every document nor commits an empty run; `reprocess` from another working
directory keeps the document (sources are absolute; an older run's relative source falls back
to the store's bytes)."""
import json
import os
import shutil
import subprocess
import sys

import pytest
from prefect.settings import PREFECT_API_URL
from prefect.testing.utilities import prefect_test_harness

from conftest import FIXTURES
from shiryo.pipeline.runstore import RunStore, read_jsonl


@pytest.fixture(scope="module")
def api_env():
    with prefect_test_harness(server_startup_timeout=120):
        yield {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONPATH": ""}


def shiryo(env, cwd, *args):
    return subprocess.run([sys.executable, "-m", "shiryo", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=600)


def test_damaged_latest_and_reprocess_from_elsewhere(tmp_path, api_env):
    (tmp_path / "src").mkdir()
    shutil.copy(FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf", tmp_path / "src" / "a.pdf")
    shutil.copy(FIXTURES / "pdfs" / "strategy_plan.pdf", tmp_path / "src" / "b.pdf")
    first = shiryo(api_env, tmp_path, "run", "src", "--out", "out")  # relative source and store
    assert first.returncode == 0, first.stderr[-3000:]
    out = tmp_path / "out"
    store = RunStore(out)
    good = store.manifest(store.latest())
    assert good["documents"]["a"]["source"] == str(tmp_path / "src" / "a.pdf")  # recorded absolute

    damaged = (out / "latest" / "manifest.json").resolve()
    damaged.write_text(damaged.read_text(encoding="utf-8")[:200], encoding="utf-8")
    second = shiryo(api_env, tmp_path, "run", "src", "--out", "out")
    assert second.returncode == 0, second.stderr[-3000:]
    manifest = store.manifest(store.latest())
    assert manifest["counts"]["failed"] == 0 and manifest["counts"]["records"] == good["counts"]["records"]
    assert any(str(damaged) in p for p in manifest["store_problems"])

    # an older run's relative source, reprocessed from another directory: the store's bytes are used
    latest = store.latest()
    edited = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    edited["documents"]["a"]["source"] = "src/a.pdf"
    (latest / "manifest.json").write_text(json.dumps(edited), encoding="utf-8")
    third = shiryo(api_env, "/", "reprocess", "a", "--out", str(out))
    assert third.returncode == 0, third.stderr[-3000:]
    manifest = store.manifest(store.latest())
    assert manifest["documents"]["a"]["status"] == "ok" and manifest["documents"]["b"]["status"] == "ok"
    assert manifest["documents"]["a"]["source"] == "src/a.pdf"  # still names the real source
    assert len(read_jsonl(store.latest() / "a.jsonl")) == good["documents"]["a"]["n_records"]
