"""Bad sources files and ids: a one-line usage error naming the file and line, exit 2 through
the real CLI, no run created and `out/latest` untouched."""
import os
import subprocess
import sys

import pytest

from conftest import FIXTURES
from shiryo.pipeline.editions import EditionIndex
from shiryo.pipeline.sources import SourceError, load_sources, validate_id

PDF = FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf"

# (sources.yaml text, line the message must name, words it must contain)
BAD_MANIFESTS = {
    "empty": ("", 1, "empty"),
    "comment_only": ("# nothing\n", 1, "empty"),
    "wrong_top_key": ("docs:\n  - {path: a.pdf}\n", 1, "unknown key 'docs'"),
    "extra_top_key": ("documents:\n  - {path: a.pdf}\nsettings: 1\n", 3, "unknown key 'settings'"),
    "syntax": ("documents:\n  - {path: a.pdf\n  - id: x\n", 3, "YAML syntax error"),
    "not_a_list": ("documents: a.pdf\n", 1, "non-empty list"),
    "empty_list": ("documents: []\n", 1, "non-empty list"),
    "unknown_entry_key": ("documents:\n  - path: a.pdf\n  - {path: a.pdf, id: b, pth: c}\n", 3, "unknown key 'pth'"),
    "path_number": ("documents:\n  - path: 5\n", 2, "'path' must be a non-empty string"),
    "no_where": ("documents:\n  - {id: x, title: t}\n", 2, "has none"),
    "two_wheres": ("documents:\n  - {path: a.pdf, url: 'https://example.org/a.pdf'}\n", 2, "has path, url"),
    "entry_not_mapping": ("documents:\n  - a.pdf\n", 2, "expected a mapping"),
    "glob_no_pdf": ("documents:\n  - {glob: 'nothing/*.pdf'}\n", 2, "matches no PDF"),
    "reserved_id": ("documents:\n  - {id: errors, path: a.pdf}\n", 2, "run store's own files"),
    "reserved_id_case": ("documents:\n  - {path: a.pdf}\n  - {id: Diff, path: a.pdf}\n", 3, "run store's own files"),
    "bad_id": ("documents:\n  - {id: '../[/b]', path: a.pdf}\n", 2, "invalid document id '../[/b]'"),
}


@pytest.mark.parametrize("name", BAD_MANIFESTS)
def test_bad_manifest_is_a_source_error_naming_file_and_line(tmp_path, name):
    text, line, words = BAD_MANIFESTS[name]
    manifest = tmp_path / "sources.yaml"
    manifest.write_text(text, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_sources(manifest)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{manifest}:{line}:"), message
    assert words in message


def test_non_utf8_manifest_names_the_line(tmp_path):
    manifest = tmp_path / "sources.yaml"
    manifest.write_bytes("documents:\n  - {path: a.pdf, title: 白書}\n".encode("shift_jis"))
    with pytest.raises(SourceError, match=rf"^{manifest}:2: not UTF-8"):
        load_sources(manifest)


def test_absolute_glob_is_supported(tmp_path):
    (tmp_path / "pdfs").mkdir()
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / "pdfs" / name).write_bytes(PDF.read_bytes())
    elsewhere = tmp_path / "conf"
    elsewhere.mkdir()
    (elsewhere / "s.yaml").write_text(f"documents:\n  - glob: '{tmp_path}/pdfs/*.pdf'\n", encoding="utf-8")
    assert [s.id for s in load_sources(elsewhere / "s.yaml")] == ["a", "b"]


def test_folder_without_pdfs_and_folder_file_with_a_reserved_name(tmp_path):
    (tmp_path / "notes.txt").write_text("x")
    with pytest.raises(SourceError, match="holds no .pdf"):
        load_sources(tmp_path)
    (tmp_path / "errors.pdf").write_bytes(PDF.read_bytes())
    with pytest.raises(SourceError, match=r"errors\.pdf: invalid document id 'errors'.*rename the file"):
        load_sources(tmp_path)


def test_relative_sources_become_absolute(tmp_path, monkeypatch):
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.pdf").write_bytes(PDF.read_bytes())
    monkeypatch.chdir(tmp_path)
    (source,) = load_sources("src")
    assert source.path == tmp_path / "src" / "a.pdf" and source.path.is_absolute()


@pytest.mark.parametrize("bad", ["manifest", "errors", "diff", "ERRORS"])
def test_run_store_names_are_not_ids(bad):
    with pytest.raises(SourceError, match="run store"):
        validate_id(bad)


def test_all_digit_sha_prefix_is_not_an_edition_number(tmp_path):
    index = EditionIndex(tmp_path)
    shas = ["026190" + "a" * 58, "1" * 64]
    index._save({"doc": "d", "latest_run": None, "editions": [{"n": i + 1, "sha256": s} for i, s in enumerate(shas)]})
    assert index.find("d", "026190")["n"] == 1  # six digits or more: a sha256 prefix
    assert index.find("d", "2")["n"] == 2 and index.find("d", "-1")["n"] == 2
    assert index.find("d", "111111")["n"] == 2
    with pytest.raises(SourceError, match="no edition 3"):
        index.find("d", "3")
    with pytest.raises(SourceError, match="at least 6"):
        index.find("d", "0261a")


def _cli(*args, cwd):
    env = {**os.environ, "PYTHONPATH": ""}
    return subprocess.run([sys.executable, "-m", "shiryo", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_cli_exits_2_with_one_line_and_leaves_latest_alone(tmp_path):
    out = tmp_path / "out"
    (out / "runs" / "R1").mkdir(parents=True)
    (out / "runs" / "R1" / "manifest.json").write_text("{}")
    os.symlink("runs/R1", out / "latest")
    cases = {"empty.yaml": "", "docs.yaml": "docs:\n  - {path: a.pdf}\n", "syntax.yaml": "documents: [\n"}
    for name, text in cases.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        done = _cli("run", name, "--out", str(out), cwd=tmp_path)
        assert done.returncode == 2, done.stderr
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and name in lines[0], done.stderr
        assert os.readlink(out / "latest") == "runs/R1" and sorted(p.name for p in (out / "runs").iterdir()) == ["R1"]
    (tmp_path / "empty_dir").mkdir()
    done = _cli("run", "empty_dir", "--out", str(out), cwd=tmp_path)
    assert done.returncode == 2 and "holds no .pdf" in done.stderr


def test_a_watched_folder_or_glob_may_start_empty(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "s.yaml").write_text("documents:\n  - {glob: 'docs/*.pdf'}\n  - {id: plan, url: 'https://example.org/p.pdf'}\n", encoding="utf-8")
    with pytest.raises(SourceError, match="matches no PDF"):
        load_sources(tmp_path / "s.yaml")
    assert [s.id for s in load_sources(tmp_path / "s.yaml", watched=True)] == ["plan"]
    assert load_sources(tmp_path / "docs", watched=True) == []
