"""Sources: folders, manifests, id validation, and URLs fetched over real HTTP on loopback."""
import hashlib
import http.server
import json
import threading
from pathlib import Path

import pytest

from conftest import FIXTURES
from shiryo.pipeline.sources import SourceError, fetch, load_sources, validate_id

PDF = FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf"


def test_folder_lists_pdfs_by_stem():
    sources = load_sources(FIXTURES / "pdfs")
    assert [s.id for s in sources] == sorted(p.stem for p in (FIXTURES / "pdfs").glob("*.pdf"))


def test_manifest_with_path_glob_and_url(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "a.pdf").write_bytes(PDF.read_bytes())
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "b.pdf").write_bytes(PDF.read_bytes())
    (tmp_path / "sources.yaml").write_text(
        "documents:\n"
        "  - {id: hyouka, title: 事前分析表, kind: 政策評価, path: docs/a.pdf}\n"
        "  - {glob: 'more/*.pdf'}\n"
        "  - {id: remote, url: 'https://example.invalid/x.pdf'}\n",
        encoding="utf-8",
    )
    sources = load_sources(tmp_path / "sources.yaml")
    assert [(s.id, s.kind) for s in sources] == [("hyouka", "政策評価"), ("b", None), ("remote", None)]
    assert sources[0].path == (tmp_path / "docs" / "a.pdf").resolve()
    assert sources[2].url == "https://example.invalid/x.pdf"


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
        path = fetch(f"http://127.0.0.1:{server.server_port}/sheet.pdf", tmp_path / "store", allow_insecure=True)
    finally:
        server.shutdown()
    assert path.name == hashlib.sha256(PDF.read_bytes()).hexdigest() + ".pdf"
    assert Path(path).read_bytes() == PDF.read_bytes()


def test_bundled_sources_manifest_points_at_the_fixtures():
    from conftest import ROOT

    sources = load_sources(ROOT / "sources.yaml")
    assert {s.id for s in sources} == {p.stem for p in (FIXTURES / "pdfs").glob("*.pdf")}
    assert all(s.path.is_file() and s.title and s.kind for s in sources)


def test_conditional_fetch_reuses_stored_bytes_on_304(tmp_path):
    from pdf_server import PdfServer

    store = tmp_path / "store"
    other = FIXTURES / "pdfs" / "strategy_plan.pdf"
    with PdfServer() as http:
        url = http.put("/docs/sheet.pdf", PDF.read_bytes())
        first = fetch(url, store, allow_insecure=True)
        again = fetch(url, store, allow_insecure=True)  # unchanged: If-None-Match / If-Modified-Since → 304, no body
        http.put("/docs/sheet.pdf", other.read_bytes())  # a new edition at the same URL
        changed = fetch(url, store, allow_insecure=True)
        (store / f"{hashlib.sha256(other.read_bytes()).hexdigest()}.pdf").unlink()  # stored bytes lost
        refetched = fetch(url, store, allow_insecure=True)
    assert first == again and first.read_bytes() == PDF.read_bytes()
    assert changed.name == hashlib.sha256(other.read_bytes()).hexdigest() + ".pdf" and changed.read_bytes() == other.read_bytes()
    assert refetched == changed and refetched.is_file()
    statuses = [r["status"] for r in http.requests]
    assert statuses == [200, 304, 200, 200]
    first_req, second_req, third_req, fourth_req = http.requests
    assert first_req["if_none_match"] is None and first_req["if_modified_since"] is None
    assert second_req["if_none_match"] and second_req["if_modified_since"]  # both validators sent
    assert third_req["if_none_match"] == second_req["if_none_match"]  # the old edition's ETag, answered 200
    assert fourth_req["if_none_match"] is None  # no validators once the bytes they vouch for are gone
    validators = json.loads((store / "validators.json").read_text(encoding="utf-8"))
    assert validators[url]["sha256"] == hashlib.sha256(other.read_bytes()).hexdigest()
    assert validators[url]["etag"] == http.files["/docs/sheet.pdf"][1]


def test_download_over_the_size_cap_is_refused(tmp_path, monkeypatch):
    import shiryo.pipeline.sources
    from pdf_server import PdfServer

    monkeypatch.setattr(shiryo.pipeline.sources, "MAX_DOWNLOAD", 1000)
    with PdfServer() as http:
        url = http.put("/big.pdf", PDF.read_bytes())
        with pytest.raises(SourceError, match="larger than"):
            fetch(url, tmp_path / "store", allow_insecure=True)
    assert not any((tmp_path / "store").glob("*.pdf")) and not any((tmp_path / "store").glob(".download-*"))
