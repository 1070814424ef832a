"""A real HTTP server on 127.0.0.1 serving PDFs with ETag / Last-Modified validators,
answering conditional requests with 304, and recording every request it gets."""
from __future__ import annotations

import hashlib
import http.server
import threading
from email.utils import formatdate


class PdfServer:
    def __init__(self):
        self.files: dict[str, tuple[bytes, str, str]] = {}  # path → (bytes, etag, last-modified)
        self.requests: list[dict] = []  # {"path", "if_none_match", "if_modified_since", "status"}
        self.lock = threading.Lock()
        self._generation = 0
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                with outer.lock:
                    entry = outer.files.get(self.path)
                record = {
                    "path": self.path,
                    "if_none_match": self.headers.get("If-None-Match"),
                    "if_modified_since": self.headers.get("If-Modified-Since"),
                }
                if entry is None:
                    status = 404
                    self.send_response(404)
                    self.end_headers()
                else:
                    data, etag, modified = entry
                    fresh = record["if_none_match"] == etag if record["if_none_match"] else record["if_modified_since"] == modified
                    status = 304 if fresh else 200
                    self.send_response(status)
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", modified)
                    if fresh:
                        self.end_headers()
                    else:
                        self.send_header("Content-Type", "application/pdf")
                        self.send_header("Content-Length", str(len(data)))
                        self.end_headers()
                        self.wfile.write(data)
                with outer.lock:
                    outer.requests.append({**record, "status": status})

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def put(self, path: str, data: bytes) -> str:
        """Publish (or replace) a file; returns its URL."""
        with self.lock:
            self._generation += 1
            etag = f'"{hashlib.sha256(data).hexdigest()[:16]}"'
            self.files[path] = (data, etag, formatdate(1_700_000_000 + self._generation * 86400, usegmt=True))
        return self.url(path)

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{path}"

    def __enter__(self) -> "PdfServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()
