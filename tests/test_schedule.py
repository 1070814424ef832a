"""`shiryo serve` for real: a subprocess serving the flow on a 5-second interval schedule
(with the Prefect server it starts, scheduler included, under a private PREFECT_HOME).
The scheduled runs must pick up a PDF dropped into the watched folder and a new edition
of a PDF served over HTTP (fetched with conditional requests)."""
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import FIXTURES
from pdf_server import PdfServer
from shiryo.pipeline.runstore import read_jsonl

BASE = FIXTURES / "pdfs" / "strategy_plan.pdf"
REVISED = FIXTURES / "editions" / "strategy_plan_revised.pdf"
DROPPED = FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf"


def _runs(out: Path) -> list[tuple[dict, list[dict]]]:
    runs = sorted(p for p in (out / "runs").glob("[0-9]*") if (p / "manifest.json").is_file()) if (out / "runs").is_dir() else []
    return [(json.loads((p / "manifest.json").read_text(encoding="utf-8")), read_jsonl(p / "diff.jsonl")) for p in runs]


def _wait_for(out: Path, proc: subprocess.Popen, log: Path, done, timeout: float) -> list[tuple[dict, list[dict]]]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        runs = _runs(out)
        if done(runs):
            return runs
        assert proc.poll() is None, f"shiryo serve exited:\n{log.read_text(errors='replace')[-3000:]}"
        time.sleep(0.5)
    raise AssertionError(f"no scheduled run did it within {timeout} s; serve log:\n{log.read_text(errors='replace')[-3000:]}")


def test_scheduled_runs_pick_up_a_dropped_file_and_a_changed_http_file(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()  # the watched folder starts empty
    out = tmp_path / "out"
    log = tmp_path / "serve.log"
    with PdfServer() as http:
        url = http.put("/plans/plan.pdf", BASE.read_bytes())
        (tmp_path / "sources.yaml").write_text(
            f"documents:\n  - {{glob: 'docs/*.pdf', kind: 政策評価}}\n  - {{id: plan, kind: 計画, url: '{url}', allow_insecure: true}}\n", encoding="utf-8"
        )
        env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
        env.update(
            PREFECT_HOME=str(tmp_path / "prefect"),
            PREFECT_RUNNER_POLL_FREQUENCY="1",
            PREFECT_SERVER_SERVICES_SCHEDULER_LOOP_SECONDS="2",
            PREFECT_SERVER_SERVICES_SCHEDULER_RECENT_DEPLOYMENTS_LOOP_SECONDS="1",
        )
        with open(log, "wb") as log_file:
            proc = subprocess.Popen(
                [sys.executable, "-m", "shiryo", "serve", "sources.yaml", "--out", str(out), "--interval", "5"],
                cwd=tmp_path, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
            )
        try:
            # first scheduled run: the HTTP document only; the next one finds nothing new
            runs = _wait_for(out, proc, log, lambda rs: len(rs) >= 2, timeout=240)
            first, second = runs[0], runs[1]
            assert list(first[0]["documents"]) == ["plan"] and first[0]["documents"]["plan"]["status"] == "ok"
            assert first[0]["documents"]["plan"]["revised"] == "2025-01-17"
            assert second[0]["documents"]["plan"]["reused"] is True and second[1] == []
            n_first = len(runs)

            shutil.copy(DROPPED, tmp_path / "hyouka.pdf")
            os.replace(tmp_path / "hyouka.pdf", docs / "hyouka.pdf")  # dropped (moved) into the watched folder
            http.put("/plans/plan.pdf", REVISED.read_bytes())  # a new edition at the same URL

            def picked_up(rs):
                later = [m for m, _ in rs[n_first:]]
                return any(m["documents"].get("hyouka", {}).get("status") == "ok" for m in later) and any(m["documents"]["plan"].get("edition") == 2 for m in later)

            runs = _wait_for(out, proc, log, picked_up, timeout=120)
        finally:
            proc.send_signal(signal.SIGTERM)  # shiryo serve stops its runner and its Prefect server
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                # a flow run still in flight keeps Prefect's runner waiting on it: end the
                # processes this test started (the serve process group) for good
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()

    later = runs[n_first:]
    diff = [e for _, d in later for e in d]
    hyouka = [e for e in diff if e["doc"] == "hyouka"]
    assert hyouka and {e["op"] for e in hyouka} == {"added"}
    # the new edition is diffed against the previous one: the fixture's four changes only
    plan = sorted((e["op"], e["type"]) for e in diff if e["doc"] == "plan")
    assert plan == [("added", "paragraph"), ("changed", "list_item"), ("changed", "table"), ("removed", "paragraph")]
    edition = next(m["documents"]["plan"] for m, _ in later if m["documents"]["plan"].get("edition") == 2)
    assert edition["new_edition"] and edition["revised"] == "2025-08-06" and edition["reused"] is False
    # the URL was polled with validators: unchanged polls were 304s, the new edition a 200
    conditional = [r for r in http.requests if r["if_none_match"]]
    assert conditional and all(r["if_modified_since"] for r in conditional)
    assert [r["status"] for r in http.requests][:2] == [200, 304]
    assert any(r["status"] == 200 and r["if_none_match"] for r in http.requests)  # the changed file
