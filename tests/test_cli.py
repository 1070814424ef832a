"""The console script, run as a user runs it (a subprocess)."""
import json
import subprocess
import sys

from conftest import FIXTURES

PDF = FIXTURES / "pdfs" / "strategy_plan.pdf"


def shiryo(*args, input=None):
    return subprocess.run([sys.executable, "-m", "shiryo", *args], input=input, capture_output=True, text=True, timeout=300)


def test_extract_to_stdout_and_file(tmp_path):
    done = shiryo("extract", str(PDF))
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert records[0]["type"] == "document" and records[0]["doc"] == "strategy_plan"
    assert any(r["type"] == "table" for r in records)
    out = tmp_path / "plan.jsonl"
    done = shiryo("extract", str(PDF), "-o", str(out), "--id", "plan")
    assert done.returncode == 0
    assert {json.loads(line)["doc"] for line in out.read_text(encoding="utf-8").splitlines()} == {"plan"}
    assert "令和" in out.read_text(encoding="utf-8")  # UTF-8, not \\u escapes


def test_extract_bad_input_names_the_document(tmp_path):
    bad = tmp_path / "error_page.pdf"
    bad.write_text("<html>503</html>")
    done = shiryo("extract", str(bad))
    assert done.returncode == 1
    assert "error_page" in done.stderr and "not_pdf" in done.stderr
    assert shiryo("extract", str(tmp_path / "missing.pdf")).returncode == 2


def test_normalize_jsonl():
    lines = "\n".join(json.dumps({"text": t}, ensure_ascii=False) for t in ["令和７年度予算", "１，２３４億円"]) + "\n"
    done = shiryo("normalize", "--jsonl", input=lines)
    assert done.returncode == 0, done.stderr
    first, second = [json.loads(line) for line in done.stdout.splitlines()]
    assert first["fiscal_years"][0]["start"] == 2025 and first["norm"] == "令和7年度予算"
    assert second["quantities"][0]["value"] == 123400000000 and second["quantities"][0]["unit"] == "円"
    assert shiryo("normalize", "--jsonl", input="not json\n").returncode == 2


def test_diff_of_two_jsonl_files_in_every_format(tmp_path):
    old, new = tmp_path / "old.jsonl", tmp_path / "new.jsonl"
    for pdf, target in (("whitepaper_two_column.pdf", old), ("whitepaper_two_column_inserted.pdf", new)):
        assert shiryo("extract", str(FIXTURES / "pdfs" / pdf), "--id", "hakusho", "-o", str(target)).returncode == 0
    text = shiryo("diff", str(old), str(new))
    # the new edition's sha256 is not a change of the document: one inserted paragraph, nothing else
    assert text.returncode == 0, text.stderr
    # the first line counts the changes: exactly one, an added record (a substring test would take "11 added")
    assert text.stdout.splitlines()[0] == "1 changes: 1 added, 0 removed, 0 changed, 0 moved", text.stdout
    as_json = [json.loads(line) for line in shiryo("diff", str(old), str(new), "--format", "json").stdout.splitlines()]
    assert [e["op"] for e in as_json] == ["added"]
    assert set(as_json[0]) >= {"op", "doc", "id", "type", "before", "after", "fields"}
    assert shiryo("diff", str(old), str(new), "--format", "md").stdout.startswith("# shiryo diff")
    assert "<article class='change added'" in shiryo("diff", str(old), str(new), "--format", "html").stdout


def test_usage_errors_exit_2(tmp_path):
    assert shiryo("run", str(tmp_path / "nothing.yaml")).returncode == 2
    assert shiryo("diff", "only-one").returncode == 2
    assert shiryo("serve", str(tmp_path)).returncode == 2  # neither --interval nor --cron
