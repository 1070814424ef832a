"""Sources: folders, manifests, id validation, and URLs fetched over real HTTP on loopback."""
import hashlib
import http.server
import threading
from pathlib import Path

import pytest

from conftest import FIXTURES
from pipeline.sources import SourceError, fetch, load_sources, validate_id

PDF = FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf"


def test_folder_lists_pdfs_by_stem():
    sources = load_sources(FIXTURES / "pdfs")
    assert [s.id for s in sources] == sorted(p.stem for p in (FIXTURES / "pdfs").glob("*.pdf"))


def test_manifest_with_path_glob_and_url(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.pdf").write_bytes(PDF.read_bytes())
    (tmp_path / "sources.yaml").write_text(
        "documents:\n"
        "  - {id: hyouka, title: 事前分析表, kind: 政策評価, path: docs/a.pdf}\n"
        "  - {glob: 'more/*.pdf'}\n"
        "  - {id: remote, url: 'https://example.invalid/x.pdf'}\n",
        encoding="utf-8",
    )
    sources = load_sources(tmp_path / "sources.yaml")
    assert [(s.id, s.kind) for s in sources] == [("hyouka", "政策評価"), ("remote", None)]
    assert sources[0].path == (tmp_path / "docs" / "a.pdf").resolve()
    assert sources[1].url == "https://example.invalid/x.pdf"


@pytest.mark.parametrize("bad", ["../etc", "a/b", ".hidden", "a\\b", "", "x\ny"])
def test_bad_ids_are_refused(bad):
    with pytest.raises(SourceError):
        validate_id(bad)


def test_japanese_ids_are_fine():
    assert validate_id("文科省_令和6年版_白書") == "文科省_令和6年版_白書"


def test_duplicate_ids_are_refused(tmp_path):
    (tmp_path / "s.yaml").write_text("- {id: x, path: a.pdf}\n- {id: x, path: b.pdf}\n")
    with pytest.raises(SourceError, match="share the id"):
        load_sources(tmp_path / "s.yaml")


def test_fetch_over_http_into_content_addressed_store(tmp_path):
    root = tmp_path / "www"
    root.mkdir()
    (root / "sheet.pdf").write_bytes(PDF.read_bytes())
    handler = lambda *a, **k: http.server.SimpleHTTPRequestHandler(*a, directory=str(root), **k)  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        path = fetch(f"http://127.0.0.1:{server.server_port}/sheet.pdf", tmp_path / "store")
    finally:
        server.shutdown()
    assert path.name == hashlib.sha256(PDF.read_bytes()).hexdigest() + ".pdf"
    assert Path(path).read_bytes() == PDF.read_bytes()


def test_bundled_sources_manifest_points_at_the_fixtures():
    from conftest import ROOT

    sources = load_sources(ROOT / "sources.yaml")
    assert {s.id for s in sources} == {p.stem for p in (FIXTURES / "pdfs").glob("*.pdf")}
    assert all(s.path.is_file() and s.title and s.kind for s in sources)
