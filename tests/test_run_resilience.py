"""The whole run under stress: `shiryo run` as a user runs it (a subprocess) over a hostile
folder, killed with SIGKILL at random points, and the same flow on a Dask cluster.  The run
finishes and names every failure; `out/` is never left corrupt.  All share one Prefect test
server (the subprocesses reach it through PREFECT_API_URL)."""
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time

import pytest
from distributed import Client, LocalCluster, get_task_stream
from prefect.settings import PREFECT_API_URL
from prefect.testing.utilities import prefect_test_harness

from bad_inputs import PASSWORD, encrypted_pdf, make_bad_inputs
from conftest import FIXTURES, ROOT, corpus_pdf, extracted
from shiryo.pipeline.runstore import TMP_PREFIX, RunStore, read_jsonl

# PyMuPDF's find_tables segfaulted on a page of each of these (白書 ch2 p8, ch3 p6, 公募要領 p8)
SEGFAULT_DOCS = [
    "mext_st_innovation_whitepaper_r6_ch2.pdf",
    "mext_st_innovation_whitepaper_r6_ch3.pdf",
    "monodukuri_hojokin_koubo_youryou_23.pdf",
]
SCANNED = "scanned_shojihomu_kenkyukai_bessi8.pdf"


@pytest.fixture(scope="module")
def api_env():
    with prefect_test_harness(server_startup_timeout=120):
        yield {**os.environ, "PREFECT_API_URL": PREFECT_API_URL.value()}


def shiryo_run(folder, out, env, **kw):
    return subprocess.Popen(
        [sys.executable, "-m", "shiryo", "run", str(folder), "--out", str(out)],
        env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw,
    )


def test_run_over_a_hostile_folder_finishes_names_each_failure_and_keeps_good_records(tmp_path, api_env):
    folder = tmp_path / "docs"
    expected = make_bad_inputs(folder)
    for name in SEGFAULT_DOCS + [SCANNED]:
        (folder / name).symlink_to(corpus_pdf(name))
    for name in ("whitepaper_two_column.pdf", "strategy_plan.pdf"):
        shutil.copy(FIXTURES / "pdfs" / name, folder / name)
    proc = shiryo_run(folder, tmp_path / "out", api_env)
    stdout, stderr = proc.communicate(timeout=900)
    assert proc.returncode == 1, stderr[-3000:]

    latest = tmp_path / "out" / "latest"
    manifest = json.loads((latest / "manifest.json").read_text(encoding="utf-8"))
    docs = manifest["documents"]
    errors = read_jsonl(latest / "errors.jsonl")
    named = {(e["doc"], e["kind"]) for e in errors}
    for stem, kind in expected.items():
        assert (stem, kind) in named, (stem, kind)
        assert all(e["message"] for e in errors if e["doc"] == stem)
        assert docs[stem]["status"] == ("failed" if kind in ("not_pdf", "encrypted") else "ok"), stem
    assert (SCANNED[:-4], "no_text_layer") in named
    # every good document keeps all its records, identical to extracting it alone
    for name in SEGFAULT_DOCS + ["whitepaper_two_column.pdf", "strategy_plan.pdf"]:
        stem = name[:-4]
        assert docs[stem]["status"] == "ok"
        records = read_jsonl(latest / f"{stem}.jsonl")
        assert len(records) == docs[stem]["n_records"] > 10
        alone = extracted(FIXTURES / "pdfs" / name if name.startswith(("white", "strategy")) else corpus_pdf(name))
        assert [r["id"] for r in records] == [r["id"] for r in alone.records]
        assert not [e for e in errors if e["doc"] == stem and e["kind"] in ("crash", "timeout", "memory")]
    assert manifest["counts"]["failed"] == sum(1 for k in expected.values() if k in ("not_pdf", "encrypted"))
    for stem in ("empty", "encrypted", "html_error_page"):
        assert stem in stdout  # the summary table names the failed documents


def assert_store_consistent(out) -> None:
    """What a reader of out/ may see after any crash: `latest` (if any) is a complete run
    whose manifest parses and whose documents are all there; no partial run under a final name."""
    store = RunStore(out)
    runs = out / "runs"
    for run in runs.iterdir() if runs.is_dir() else []:
        if run.name.startswith(TMP_PREFIX):
            continue  # a dead run's temp dir: never visible as a run, swept by the next run
        manifest = json.loads((run / "manifest.json").read_text(encoding="utf-8"))
        for doc, entry in manifest["documents"].items():
            if entry["status"] == "ok":
                assert len(read_jsonl(run / f"{doc}.jsonl")) == entry["n_records"]
        read_jsonl(run / "errors.jsonl")
        read_jsonl(run / "diff.jsonl")
    link = out / "latest"
    if os.path.lexists(link):
        assert link.is_symlink() and (link.resolve() / "manifest.json").is_file()
        assert store.latest() == link.resolve()
    assert all(p.parent.name.startswith(TMP_PREFIX) for p in out.glob("runs/*/*.part*"))  # half-written files only in temp dirs


def test_kill_9_at_random_points_never_corrupts_the_store(tmp_path, api_env):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name in ("whitepaper_two_column.pdf", "strategy_plan.pdf", "policy_evaluation_sheet.pdf"):
        shutil.copy(FIXTURES / "pdfs" / name, folder / name)
    out = tmp_path / "out"
    started = time.monotonic()
    first = shiryo_run(folder, out, api_env)
    assert first.wait(timeout=600) == 0, first.stderr.read()[-3000:]
    duration = time.monotonic() - started
    assert_store_consistent(out)
    good = RunStore(out).latest()

    rng = random.Random(20261122)
    for attempt in range(3):
        for pdf in folder.glob("*.pdf"):  # a changed source, so the killed run has real work to do
            pdf.touch()
        delay = rng.uniform(0.2, duration)
        # --force: re-extract everything, so the kill lands in extraction, diff or commit
        proc = subprocess.Popen(
            [sys.executable, "-m", "shiryo", "run", str(folder), "--out", str(out), "--force"],
            env=api_env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert_store_consistent(out)
        latest = RunStore(out).latest()
        assert latest is not None and latest.name >= good.name  # the old run or a newer complete one
        good = latest

    # the next run succeeds (and takes the password of an encrypted newcomer: `run --password`)
    encrypted_pdf(folder / "himitsu.pdf")
    final = subprocess.run(
        [sys.executable, "-m", "shiryo", "run", str(folder), "--out", str(out), "--password", PASSWORD],
        env=api_env, cwd=ROOT, capture_output=True, text=True, timeout=600,
    )
    assert final.returncode == 0, final.stderr[-3000:]
    assert_store_consistent(out)
    assert not [p for p in (out / "runs").iterdir() if p.name.startswith(TMP_PREFIX)]  # dead runs swept
    manifest = RunStore(out).manifest(RunStore(out).latest())
    assert manifest["counts"]["failed"] == 0 and manifest["counts"]["documents"] == 4
    assert manifest["documents"]["himitsu"]["n_records"] > 10


def test_flow_runs_unchanged_on_a_local_dask_cluster(tmp_path, api_env):
    """A LocalCluster of two worker processes, as a multi-machine setup runs it (shared paths, same code)."""
    from shiryo.flows.run import run_flow

    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(FIXTURES / "pdfs" / "whitepaper_two_column.pdf", docs / "hakusho.pdf")
    shutil.copy(FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf", docs / "hyouka.pdf")
    shutil.copy(FIXTURES / "pdfs" / "strategy_plan.pdf", docs / "keikaku.pdf")
    (docs / "broken.pdf").write_text("<html>404 Not Found</html>")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, Client(cluster) as client:
        worker_pids = set(client.run(lambda: __import__("os").getpid()).values())
        with get_task_stream(client) as stream:
            result = run_flow(cluster.scheduler_address, sources=str(docs), out=str(tmp_path / "out"))
        workers = set(cluster.workers_addresses) if hasattr(cluster, "workers_addresses") else set(client.scheduler_info()["workers"])
    assert len(worker_pids) == 2
    # the four document tasks ran as Dask tasks on the cluster's workers
    assert len(stream.data) >= 4 and {t["worker"] for t in stream.data} <= workers
    m = result["manifest"]
    assert m["counts"]["documents"] == 4 and m["counts"]["failed"] == 1
    latest = tmp_path / "out" / "latest"
    # error records made in the Dask workers came back to the run
    assert [(e["doc"], e["kind"]) for e in read_jsonl(latest / "errors.jsonl")] == [("broken", "not_pdf")]
    for doc in ("hakusho", "hyouka", "keikaku"):
        assert len(read_jsonl(latest / f"{doc}.jsonl")) == m["documents"][doc]["n_records"] > 5
