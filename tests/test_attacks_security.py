"""Attacks on what shiryo writes and shows: secrets (PDF passwords, URL credentials) never
reach the disk or Prefect; PDF text is escaped in every markdown output and the review
page; a crafted `version` cannot make the review page read outside the store; a private
source file stays private in the store; transient download errors are retried."""
import http.server
import json
import os
import re
import shutil
import stat
import threading
from pathlib import Path


from conftest import FIXTURES
from shiryo.pipeline.diff_report import render_md, render_summary_md
from shiryo.pipeline.review_page import render_review_html

SHEET = FIXTURES / "pdfs" / "policy_evaluation_sheet.pdf"
HOSTILE = "<img src=http://evil.example/x.png> ![pixel](http://evil.example/p.png) [click](javascript:alert(1)) | ` *"


def _record(text: str, version: str = "0" * 64, page=1) -> dict:
    return {"id": "d:paragraph:1", "doc": "d", "type": "paragraph", "text": text, "section": [HOSTILE], "page": page, "bbox": [0, 0, 100, 100], "version": version}


def _no_markup(text: str) -> None:
    assert "<img" not in text and "<script" not in text, text
    assert not re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(", text), text  # no [label](target) left unescaped


def test_markdown_outputs_escape_pdf_text():
    entry = {"op": "changed", "doc": "d", "id": "d:paragraph:1", "type": "paragraph", "before": _record("before " + HOSTILE), "after": _record("after <script>x</script>"), "fields": ["text"]}
    added = {"op": "added", "doc": "d", "id": "d:paragraph:2", "type": "paragraph", "before": None, "after": _record(HOSTILE), "fields": []}
    _no_markup(render_md([entry, added]))
    manifest = {
        "run": "r1",
        "counts": {"documents": 1, "failed": 1, "reused": 0, "pages": 1, "records": 0, "records_by_type": {}, "errors": 1, "diff": {"added": 1}},
        "documents": {"d": {"status": "failed", "message": HOSTILE, "new_edition": True, "edition": 2, "revised": HOSTILE}},
    }
    summary = render_summary_md(manifest, [entry, added])
    _no_markup(summary)
    assert "&lt;img" in summary  # shown, as text


def test_review_page_reads_only_store_files(tmp_path):
    """`diff a.jsonl b.jsonl --format html` with `version: ../../secret`: no crop of the PDF
    outside the store is embedded; a real sha256 in the store still is."""
    import hashlib

    store = tmp_path / "out" / "store"
    store.mkdir(parents=True)
    shutil.copy(SHEET, tmp_path / "secret.pdf")
    sha = hashlib.sha256(SHEET.read_bytes()).hexdigest()
    shutil.copy(SHEET, store / f"{sha}.pdf")
    crafted = {"op": "added", "doc": "d", "id": "d:p:1", "type": "paragraph", "before": None, "after": _record("x", version="../../secret"), "fields": []}
    genuine = {"op": "added", "doc": "d", "id": "d:p:2", "type": "paragraph", "before": None, "after": _record("y", version=sha), "fields": []}
    assert "data:image/png" not in render_review_html([crafted], store)
    assert "data:image/png" in render_review_html([genuine], store)
    page = render_review_html([{**crafted, "after": _record("z", version="../../secret", page="<b>1</b>")}], store)
    assert "<b>1</b>" not in page


def test_private_source_stays_private_in_the_store(tmp_path):
    from shiryo.pipeline.batch import process_source
    from shiryo.pipeline.runstore import RunStore
    from shiryo.pipeline.sources import Source

    secret = tmp_path / "secret.pdf"
    shutil.copy(SHEET, secret)
    secret.chmod(0o600)
    store = RunStore(tmp_path / "out")
    writer = store.begin()
    old = os.umask(0o022)
    try:
        entry = process_source(Source(id="secret", path=secret), writer, store, None)
    finally:
        os.umask(old)
        writer.abort()
    stored = Path(entry["pdf"])
    assert stored.parent == store.root / "store"
    assert stat.S_IMODE(stored.stat().st_mode) & 0o077 == 0


class FlakyServer:
    """Answers 503 to the first request of each path, then the PDF; records every request
    with its Authorization header."""

    def __init__(self):
        outer = self
        self.requests: list[tuple[str, int]] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                first = not any(path == self.path for path, _ in outer.requests)
                status = 503 if first else 200
                outer.requests.append((self.path, status))
                self.send_response(status)
                body = b"busy" if first else SHEET.read_bytes()
                self.send_header("Content-Length", str(len(body)))
                self.send_header("ETag", '"v1"')
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str, userinfo: str = "") -> str:
        return f"http://{userinfo}127.0.0.1:{self.server.server_port}{path}"


def test_flow_retries_transient_errors_and_keeps_secrets_off_disk_and_out_of_prefect(tmp_path):
    """One run through the real flow: a source answering 503 once is retried and succeeds;
    its URL's credentials and the run's --password appear nowhere under out/ nor in what
    Prefect stores about the run (flow-run parameters, task runs, artifacts)."""
    from prefect.client.orchestration import get_client
    from prefect.testing.utilities import prefect_test_harness

    from bad_inputs import PASSWORD, encrypted_pdf
    from shiryo.flows.run import run_flow

    docs = tmp_path / "docs"
    docs.mkdir()
    encrypted_pdf(docs / "locked.pdf")
    server = FlakyServer()
    try:
        sources = tmp_path / "sources.yaml"
        sources.write_text(
            "documents:\n"
            f"  - {{id: locked, path: docs/locked.pdf}}\n"
            f"  - {{id: remote, url: '{server.url('/r.pdf', 'alice:hunter2pw@')}', allow_insecure: true}}\n",
            encoding="utf-8",
        )
        with prefect_test_harness(server_startup_timeout=120):
            result = run_flow(sources=str(sources), out=str(tmp_path / "out"), password=PASSWORD)
            with get_client(sync_client=True) as client:
                stored = "".join(
                    json.dumps(client.request("POST", f"/{kind}/filter", json={"limit": 200, "offset": 0}).json())
                    for kind in ("flow_runs", "task_runs", "artifacts", "logs")
                )
    finally:
        server.server.shutdown()
    documents = result["manifest"]["documents"]
    assert "process-remote" in stored and "shiryo-run-summary" in stored  # what Prefect holds was read
    assert documents["remote"]["status"] == "ok", documents["remote"]
    assert [s for _, s in server.requests] == [503, 200], "the 503 was retried by the task"
    assert documents["locked"]["status"] == "ok", documents["locked"]
    for secret in (PASSWORD, "hunter2pw"):
        assert secret not in stored, f"{secret} reached Prefect"
        for path in (tmp_path / "out").rglob("*"):
            if path.is_file() and path.suffix != ".pdf":
                assert secret not in path.read_text(encoding="utf-8", errors="replace"), path
    assert documents["remote"]["source"] == server.url("/r.pdf")
