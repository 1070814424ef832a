"""Attacks on `fetch` over real HTTP on loopback: a body that trickles, a server that never
answers, a non-PDF body, credentials in the URL, http:// and private hosts without opt-in."""
from __future__ import annotations

import http.server
import json
import os
import threading
import time
from pathlib import Path

import pytest

from shiryo.pipeline.download_limits import DownloadError, check_url_allowed, redact_url
from shiryo.pipeline.sources import Source, fetch

PDF = Path(__file__).resolve().parent.parent / "fixtures" / "pdfs" / "policy_evaluation_sheet.pdf"


class SlowServer:
    """Serves `/trickle` one byte every `gap` seconds of a claimed 1 MB body, `/silent`
    headers then nothing, `/html` an HTML page, `/pdf` the fixture PDF."""

    def __init__(self, gap: float = 0.3):
        outer = self
        self.stop = threading.Event()

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path == "/pdf":
                    return self._send(PDF.read_bytes(), "application/pdf")
                if self.path == "/html":
                    return self._send(b"<html><body>not a pdf</body></html>", "text/html")
                self.send_response(200)
                self.send_header("Content-Length", str(1 << 20))
                self.end_headers()
                self.wfile.flush()
                if self.path == "/trickle":
                    self.wfile.write(b"%PDF-")
                    while not outer.stop.wait(gap):
                        try:
                            self.wfile.write(b"x")
                            self.wfile.flush()
                        except OSError:
                            return
                else:
                    outer.stop.wait(30)

            def _send(self, data: bytes, ctype: str):
                self.send_response(200)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def slow_server(monkeypatch):
    monkeypatch.setenv("SHIRYO_ALLOW_PRIVATE_URLS", "1")  # the server is on loopback
    with SlowServer() as server:
        yield server


def test_trickling_body_fails_in_bounded_time_naming_the_url(slow_server, monkeypatch, tmp_path):
    # one byte every 0.3 s never trips a per-read timeout; the stall window must
    monkeypatch.setenv("SHIRYO_DOWNLOAD_STALL", "1.5")
    url = slow_server.url("/trickle")
    started = time.monotonic()
    with pytest.raises(DownloadError) as info:
        fetch(url, tmp_path / "store")
    assert time.monotonic() - started < 6
    assert info.value.kind == "stalled" and url in str(info.value)
    assert not any((tmp_path / "store").iterdir()), "the partial download is removed"


def test_whole_download_time_limit(slow_server, monkeypatch, tmp_path):
    # enough bytes per window to count as moving, but the whole download overruns
    monkeypatch.setenv("SHIRYO_DOWNLOAD_MIN_BYTES", "1")
    monkeypatch.setenv("SHIRYO_DOWNLOAD_STALL", "1")
    monkeypatch.setenv("SHIRYO_DOWNLOAD_TIMEOUT", "2")
    started = time.monotonic()
    with pytest.raises(DownloadError) as info:
        fetch(slow_server.url("/trickle"), tmp_path / "store")
    assert time.monotonic() - started < 6
    assert info.value.kind == "timeout" and "within 2 s" in str(info.value)


def test_silent_body_times_out(slow_server, monkeypatch, tmp_path):
    monkeypatch.setenv("SHIRYO_DOWNLOAD_STALL", "1")
    started = time.monotonic()
    with pytest.raises(DownloadError) as info:
        fetch(slow_server.url("/silent"), tmp_path / "store")
    assert time.monotonic() - started < 6
    assert info.value.kind == "timeout" and slow_server.url("/silent") in str(info.value)


def test_non_pdf_body_never_enters_the_store(slow_server, tmp_path):
    with pytest.raises(DownloadError) as info:
        fetch(slow_server.url("/html"), tmp_path / "store")
    assert info.value.kind == "not_pdf"
    assert not any((tmp_path / "store").iterdir())


def test_store_file_follows_the_umask(slow_server, tmp_path):
    old = os.umask(0o077)
    try:
        stored = fetch(slow_server.url("/pdf"), tmp_path / "store")
    finally:
        os.umask(old)
    assert stored.stat().st_mode & 0o077 == 0


def test_url_credentials_never_written(slow_server, tmp_path):
    url = slow_server.url("/pdf").replace("http://", "http://alice:s3cret@")
    fetch(url, tmp_path / "store")
    written = (tmp_path / "store" / "validators.json").read_text(encoding="utf-8")
    assert "s3cret" not in written and "alice" not in written
    assert slow_server.url("/pdf") in json.loads(written)
    assert "s3cret" not in Source(id="x", url=url).where


def test_redact_url_keeps_the_rest():
    assert redact_url("https://u:p@example.org:8443/a/b.pdf?x=1") == "https://example.org:8443/a/b.pdf?x=1"
    assert redact_url("https://example.org/a.pdf") == "https://example.org/a.pdf"


def test_http_and_private_hosts_need_an_opt_in(monkeypatch):
    monkeypatch.delenv("SHIRYO_ALLOW_PRIVATE_URLS", raising=False)
    for url in ("http://example.org/a.pdf", "https://127.0.0.1/a.pdf", "https://[::1]/a.pdf", "https://169.254.169.254/latest", "https://10.1.2.3/x.pdf"):
        with pytest.raises(DownloadError) as info:
            check_url_allowed(url)
        assert info.value.kind == "insecure_url"
    check_url_allowed("https://127.0.0.1/a.pdf", allow_insecure=True)
    monkeypatch.setenv("SHIRYO_ALLOW_PRIVATE_URLS", "1")
    check_url_allowed("http://127.0.0.1/a.pdf")



def test_every_redirect_hop_is_checked(monkeypatch, tmp_path):
    """A source that redirects is checked again at each hop (a public URL must not bounce
    the download onto the machine itself): here the check refuses the redirect target."""
    import shiryo.pipeline.sources as sources
    from shiryo.pipeline.download_limits import DownloadError as Refused

    class Redirect(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(302)
            self.send_header("Location", "/internal/secret.pdf")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    checked = []

    def check(url, allow_insecure=False):
        checked.append(url)
        if "/internal/" in url:
            raise Refused(url, "insecure_url", f"{url}: refused")

    monkeypatch.setattr(sources, "check_url_allowed", check)
    try:
        with pytest.raises(Refused):
            fetch(f"http://127.0.0.1:{server.server_port}/public.pdf", tmp_path / "store")
    finally:
        server.shutdown()
    assert [u.rsplit("/", 1)[-1] for u in checked] == ["public.pdf", "public.pdf", "secret.pdf"]
