"""Run history on real runs: `shiryo runs`, `shiryo editions DOC`, `shiryo diff DOC --editions`,
`shiryo diff --run`, and the store root / output file options."""
import json
import shutil

import pytest
from typer.testing import CliRunner

from conftest import FIXTURES
from store_runs import plain_run
from shiryo.cli import app
from shiryo.pipeline.runstore import read_jsonl


@pytest.fixture(scope="module")
def history(tmp_path_factory):
    """Four runs of one document: edition 1, edition 2 (the revised fixture), edition 2 again
    (a quiet run), and a new document beside it (another quiet run for `plan`)."""
    tmp = tmp_path_factory.mktemp("history")
    docs, out = tmp / "docs", tmp / "out"
    docs.mkdir()
    shutil.copy(FIXTURES / "pdfs" / "strategy_plan.pdf", docs / "plan.pdf")
    runs = [plain_run(docs, out)]
    shutil.copy(FIXTURES / "editions" / "strategy_plan_revised.pdf", docs / "plan.pdf")
    runs.append(plain_run(docs, out))
    runs.append(plain_run(docs, out))
    return out, runs


def _cli(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def test_runs_lists_when_documents_new_editions_and_changes(history):
    out, runs = history
    done = _cli("runs", "--out", out, "--json")
    assert done.exit_code == 0, done.output
    listed = [json.loads(line) for line in done.output.splitlines()]
    assert [r["run"] for r in listed] == [m["run"] for m in runs]
    assert [[(e["doc"], e["edition"]) for e in r["new_editions"]] for r in listed] == [[("plan", 1)], [("plan", 2)], []]
    assert listed[1]["changes"] == {"added": 1, "removed": 1, "changed": 2, "moved": 0}
    assert listed[2]["changes"] == {"added": 0, "removed": 0, "changed": 0, "moved": 0}
    assert [r["reused"] for r in listed] == [0, 0, 1] and all(r["errors"] == 0 for r in listed)
    table = _cli("runs", "--out", out)
    assert table.exit_code == 0 and runs[1]["run"] in table.output and "plan #2" in table.output


def test_editions_show_their_runs(history):
    out, runs = history
    done = _cli("editions", "plan", "--out", out)
    assert done.exit_code == 0, done.output
    assert runs[0]["run"] in done.output  # edition 1: first seen in, and held by, run 1
    assert f"2 (latest {runs[2]['run']})" in done.output  # edition 2: held by runs 2 and 3


def test_diff_of_two_editions_and_of_a_past_run(history):
    out, runs = history
    recorded = read_jsonl(out / "runs" / runs[1]["run"] / "diff.jsonl")
    by_editions = _cli("diff", "plan", "--editions", "1", "2", "--format", "json", "--out", out)
    assert by_editions.exit_code == 0, by_editions.output
    assert [json.loads(line) for line in by_editions.output.splitlines()] == recorded
    # DOC alone: its last two editions; -1/-2 count from the latest
    assert _cli("diff", "plan", "--format", "json", "--out", out).output == by_editions.output
    assert _cli("diff", "plan", "--editions", "-2", "-1", "--format", "json", "--out", out).output == by_editions.output
    reversed_ = [json.loads(line) for line in _cli("diff", "plan", "--editions", "2", "1", "--format", "json", "--out", out).output.splitlines()]
    assert sorted(e["op"] for e in reversed_) == ["added", "changed", "changed", "removed"]
    assert {e["after"]["version"] for e in reversed_ if e["after"]} == {runs[0]["documents"]["plan"]["version"]}
    by_run = _cli("diff", "--run", runs[1]["run"], "--format", "json", "--out", out)
    assert [json.loads(line) for line in by_run.output.splitlines()] == recorded
    # the latest run is quiet: the diff says where the last changes are
    quiet = _cli("diff", "--out", out)
    assert quiet.exit_code == 0 and f"shiryo diff --run {runs[1]['run']}" in quiet.output
    bad = _cli("diff", "plan", "--editions", "1", "9", "--out", out)
    assert bad.exit_code == 2 and "no edition 9" in bad.output
    assert _cli("diff", "nosuchdoc", "--out", out).exit_code == 2


def test_review_page_of_two_editions_names_them(history, tmp_path):
    out, runs = history
    page = tmp_path / "review.html"
    done = _cli("diff", "plan", "--editions", "1", "2", "--format", "html", "--out", out, "-o", page)
    assert done.exit_code == 0, done.output
    html = page.read_text(encoding="utf-8")
    assert "edition 1 · 改訂 2025-01-17" in html and "edition 2 · 改訂 2025-08-06" in html
    crops = sorted((tmp_path / "review_files").glob("*.png"))
    assert len(crops) == 6 and html.count("<figure class='crop'") == 6  # 1 added + 1 removed + 2 × 2 changed
    assert all(f"review_files/{c.name}" in html for c in crops)


def test_out_is_the_store_and_output_the_file(history, tmp_path):
    out, _ = history
    slip = _cli("diff", "--format", "html", "--out", tmp_path / "review.html")
    assert slip.exit_code == 2 and "-o/--output" in slip.output and not (tmp_path / "review.html").exists()
    page = tmp_path / "page.html"
    assert _cli("diff", "--run", "latest", "--format", "html", "--out", out, "--output", page).exit_code == 0 and page.is_file()


def test_findings_line_names_new_editions_and_changes(history):
    from shiryo.pipeline.history import findings_line

    _, runs = history
    line = findings_line(runs[1])
    assert line == f"run {runs[1]['run']}: 1 documents (0 failed, 0 reused), new editions: plan #2 (改訂 2025-08-06); 1 added, 1 removed, 2 changed; 0 errors"
    assert "new editions: none; no changes" in findings_line(runs[2])
