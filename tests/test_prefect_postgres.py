"""Prefect's server on PostgreSQL, as several workers share it (README "Scaling out on Dask"):
a throwaway PostgreSQL cluster, `prefect server start` migrated onto it, and two `shiryo run`s
at once against that server — one on a local Dask cluster of two worker processes, one on
threads.  Both finish, and their flow and task runs are rows in PostgreSQL, not in a SQLite file.
Skipped where the PostgreSQL server binaries are absent (`.ci/run` installs Debian's)."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT
from postgres_cluster import postgres_bin, postgres_cluster, query

pytestmark = pytest.mark.skipif(postgres_bin() is None, reason="PostgreSQL server binaries not installed (apt-get install postgresql)")


@pytest.fixture(scope="module")
def server_on_postgres(tmp_path_factory):
    from shiryo.flows.serve import local_prefect_server

    home = tmp_path_factory.mktemp("prefect-home")
    with postgres_cluster() as db_url:
        saved = {k: os.environ.get(k) for k in ("PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_HOME")}
        os.environ.update(PREFECT_API_DATABASE_CONNECTION_URL=db_url, PREFECT_HOME=str(home))
        try:
            with local_prefect_server() as api_url:
                yield api_url, db_url
        finally:
            for key, value in saved.items():
                os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)


def test_two_runs_at_once_share_a_prefect_server_on_postgresql(tmp_path, server_on_postgres):
    api_url, db_url = server_on_postgres
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("whitepaper_two_column", "policy_evaluation_sheet", "strategy_plan"):
        shutil.copy(FIXTURES / "pdfs" / f"{name}.pdf", docs / f"{name}.pdf")
    # the runs are clients of the server: the database URL stays with the server
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_DATABASE_CONNECTION_URL"}
    env["PREFECT_API_URL"] = api_url
    runs = {
        "dask": [sys.executable, "-m", "shiryo", "run", str(docs), "--out", str(tmp_path / "out-dask"), "--dask-address", "local"],
        "threads": [sys.executable, "-m", "shiryo", "run", str(docs), "--out", str(tmp_path / "out-threads")],
    }
    procs = {name: subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for name, cmd in runs.items()}
    outcomes = {name: (p.wait(timeout=600), p.stderr.read()) for name, p in procs.items()}
    for name, (code, stderr) in outcomes.items():
        assert code == 0, f"{name} run exited {code}: {stderr[-3000:]}"
    for name in runs:
        manifest = json.loads((tmp_path / f"out-{name}" / "latest" / "manifest.json").read_text())
        assert manifest["counts"]["documents"] == 3 and manifest["counts"]["failed"] == 0
    # both flow runs, and a task run per document of each, were recorded in PostgreSQL
    flow_runs = query(db_url, "SELECT f.name, r.state_type FROM flow_run r JOIN flow f ON f.id = r.flow_id ORDER BY r.created").splitlines()
    assert flow_runs == ["shiryo-run|COMPLETED", "shiryo-run|COMPLETED"]
    completed_tasks = int(query(db_url, "SELECT count(*) FROM task_run WHERE state_type = 'COMPLETED'"))
    assert completed_tasks >= 2 * 3
