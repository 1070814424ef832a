"""The same flow on a Dask cluster (prefect-dask DaskTaskRunner): a LocalCluster of two
worker processes, as a multi-machine setup would run it (shared paths, same code)."""
import shutil

import pytest
from distributed import Client, LocalCluster, get_task_stream
from prefect.testing.utilities import prefect_test_harness

from conftest import FIXTURES
from pipeline.runstore import read_jsonl


@pytest.fixture(scope="module", autouse=True)
def prefect_server():
    with prefect_test_harness(server_startup_timeout=120):
        yield


def test_flow_runs_unchanged_on_a_local_dask_cluster(tmp_path):
    from flows.run import run_flow

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
    # the four document tasks and the commit ran as Dask tasks on the cluster's workers
    assert len(stream.data) >= 5 and {t["worker"] for t in stream.data} <= workers
    m = result["manifest"]
    assert m["counts"]["documents"] == 4 and m["counts"]["failed"] == 1
    latest = tmp_path / "out" / "latest"
    # error records made in the Dask workers came back to the run
    assert [(e["doc"], e["kind"]) for e in read_jsonl(latest / "errors.jsonl")] == [("broken", "not_pdf")]
    for doc in ("hakusho", "hyouka", "keikaku"):
        assert len(read_jsonl(latest / f"{doc}.jsonl")) == m["documents"][doc]["n_records"] > 5
