"""`shiryo doctor`: each inconsistency of out/ is found, repaired with --repair, and then gone."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT
from plain_run import plain_run
from shiryo.pipeline.doctor import doctor
from shiryo.pipeline.editions import EditionIndex
from shiryo.pipeline.runstore import RunStore


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Two committed runs: a.pdf changed between them (two editions), b.pdf unchanged."""
    base = tmp_path_factory.mktemp("doctor")
    (base / "src").mkdir()
    shutil.copy(FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf", base / "src" / "a.pdf")
    shutil.copy(FIXTURES / "pdfs" / "strategy_plan.pdf", base / "src" / "b.pdf")
    plain_run(base / "src", base / "out")
    shutil.copy(FIXTURES / "pdfs" / "whitepaper_two_column.pdf", base / "src" / "a.pdf")
    plain_run(base / "src", base / "out")
    assert doctor(base / "out", min_age=0) == []
    return base / "out"


@pytest.fixture
def out(two_runs, tmp_path):
    shutil.copytree(two_runs, tmp_path / "out", symlinks=True)
    return tmp_path / "out"


def _old_runs(out):
    return RunStore(out).complete_runs()


def _relink_to(out, run):
    (out / "latest").unlink()
    os.symlink(f"runs/{run}", out / "latest")


def inject(out, kind):
    """Make out/ inconsistent in one way; returns a check that the repair kept what matters."""
    runs = _old_runs(out)
    store = out / "store"
    if kind == "stale_temp":
        (out / "runs" / ".tmp-20200101T000000000Z-dead").mkdir()
    elif kind == "partial":
        (store / ".keep-999999-1").write_bytes(b"%PDF-half")
        (store / ".download-abc-1").write_bytes(b"%PDF-half")
        (out / "editions" / "a.json.part-abcdef").write_text("{")
    elif kind == "unreferenced_pdf":
        (store / ("0" * 64 + ".pdf")).write_bytes(b"%PDF-1.4 orphan")
    elif kind == "store_damaged":
        pdf = EditionIndex(out).pdf(EditionIndex(out).editions("b")[0]["sha256"])
        pdf.write_bytes(pdf.read_bytes()[:100])
    elif kind == "dangling_latest":
        _relink_to(out, "20200101T000000000Z-gone")
        return lambda: os.readlink(out / "latest") == f"runs/{runs[-1].name}"
    elif kind == "damaged_manifest":
        (runs[-1] / "manifest.json").write_text('{"run": ', encoding="utf-8")
        # latest names the damaged run: relinked to the newest sound one, the damaged one set aside
        return lambda: os.readlink(out / "latest") == f"runs/{runs[0].name}" and (out / "runs" / f".damaged-{runs[-1].name}").is_dir()
    elif kind == "latest_dir":
        target = (out / "latest").resolve()
        (out / "latest").unlink()
        shutil.copytree(target, out / "latest")
        return lambda: (out / "latest").is_symlink() and len(list(out.glob("latest.dir-*"))) == 1
    elif kind == "editions_damaged":
        (out / "editions" / "a.json").write_text('{"doc": "a", "editions": [', encoding="utf-8")
        return lambda: [e["n"] for e in EditionIndex(out).editions("a")] == [1, 2]
    elif kind == "editions_lag":
        index = json.loads((out / "editions" / "a.json").read_text(encoding="utf-8"))
        lost = index["editions"].pop()
        index["latest_run"] = runs[0].name
        (out / "editions" / "a.json").write_text(json.dumps(index), encoding="utf-8")
        return lambda: EditionIndex(out).editions("a")[-1]["sha256"] == lost["sha256"] and EditionIndex(out).latest_run("a") == runs[-1].name
    return lambda: True


REPAIRABLE = ["stale_temp", "partial", "unreferenced_pdf", "store_damaged", "dangling_latest", "damaged_manifest", "latest_dir", "editions_damaged", "editions_lag"]


@pytest.mark.parametrize("kind", REPAIRABLE)
def test_doctor_finds_and_repairs(out, kind):
    kept = inject(out, kind)
    found = doctor(out, min_age=0)
    assert kind in {f.kind for f in found}, [f.line() for f in found]
    assert all(not f.repaired for f in found)
    repaired = doctor(out, repair=True, min_age=0)
    assert kind in {f.kind for f in repaired if f.repaired}
    left = doctor(out, min_age=0)
    assert [f for f in left if f.kind == kind] == [], [f.line() for f in left]
    assert kept()


def test_doctor_reports_what_it_cannot_repair(out):
    run = RunStore(out).latest()
    (run / "b.jsonl").unlink()
    sha = EditionIndex(out).editions("a")[0]["sha256"]
    EditionIndex(out).pdf(sha).unlink()
    found = {f.kind: f for f in doctor(out, repair=True, min_age=0)}
    assert not found["damaged_records"].repaired and "b.jsonl" in found["damaged_records"].message
    assert not found["edition_pdf_missing"].repaired and sha in found["edition_pdf_missing"].message


def test_young_partials_are_left_to_a_live_run(out):
    (out / "store" / ".keep-1-1").write_bytes(b"%PDF")
    assert doctor(out) == []


def test_doctor_cli(out):
    inject(out, "partial")
    env = {**os.environ, "PYTHONPATH": ""}
    cmd = [sys.executable, "-m", "shiryo", "doctor", "--out", str(out)]
    young = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert young.returncode == 0 and "consistent" in young.stderr  # young files: a live run may own them
    found = subprocess.run([*cmd, "--min-age", "0"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert found.returncode == 1 and "found: partial" in found.stdout
    fixed = subprocess.run([*cmd, "--min-age", "0", "--repair"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert fixed.returncode == 0 and "repaired: partial" in fixed.stdout
    assert not (out / "store" / ".keep-999999-1").exists()
    missing = subprocess.run([*cmd[:-1], str(out / "nothing")], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert missing.returncode == 2 and "no run store" in missing.stderr
