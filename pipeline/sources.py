"""What to process: a folder of PDFs, one PDF, or a `sources.yaml` manifest.

    documents:
      - id: hakusho_r6_ch1            # optional; defaults to the file stem
        title: 令和6年版 科学技術・イノベーション白書 第1章
        kind: 白書
        path: pdfs/ch1.pdf            # or  glob: pdfs/*.pdf   or  url: https://…/ch1.pdf

Relative paths are relative to the manifest's folder.  Ids become file names in
the run store, so they may not contain path separators or start with a dot.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

import httpx
import regex
import yaml

from shiryo.parsers.errors import ShiryoError
from shiryo.parsers.pdf_magic import MAGIC_WINDOW, looks_like_pdf
from shiryo.pipeline.download_limits import DownloadError, DownloadLimits, StallGuard, check_url_allowed, redact_url, without_credentials
from shiryo.pipeline.runstore import write_json

MAX_DOWNLOAD = 256 * 1024 * 1024
_BAD_ID = regex.compile(r"[/\\\x00-\x1f]|^\.|^$")


class SourceError(ShiryoError, ValueError):
    """A sources file, folder or entry that cannot be used: a usage error (exit 2)."""


@dataclass(frozen=True)
class Source:
    id: str
    path: Path | None = None
    url: str | None = None
    title: str | None = None
    kind: str | None = None
    # where the document comes from when `path` is a past edition taken from the store
    # (`reprocess --edition`): the manifest keeps naming the real source
    origin: str | None = None
    # plain http:// or a loopback/private host, opted into (pipeline/download_limits.py)
    allow_insecure: bool = False

    @property
    def where(self) -> str:
        """The source as the manifest records it (a URL without its credentials)."""
        return self.origin or (redact_url(self.url) if self.url else str(self.path))


def validate_id(doc_id: str) -> str:
    if _BAD_ID.search(doc_id) or ".." in doc_id or len(doc_id) > 200:
        raise SourceError(f"invalid document id {doc_id!r}: no path separators, control characters, '..' or leading dot")
    return doc_id


def load_sources(target: str | Path) -> list[Source]:
    target = Path(target)
    if target.is_dir():
        return _unique([Source(id=validate_id(p.stem), path=p) for p in sorted(target.rglob("*.pdf")) if p.is_file()])
    if target.suffix.lower() == ".pdf":
        if not target.is_file():
            raise SourceError(f"no such PDF: {target}")
        return [Source(id=validate_id(target.stem), path=target)]
    if target.suffix.lower() in (".yaml", ".yml"):
        if not target.is_file():
            raise SourceError(f"no such sources manifest: {target}")
        return _from_manifest(target)
    raise SourceError(f"{target}: expected a folder, a .pdf or a sources .yaml")


def _from_manifest(manifest: Path) -> list[Source]:
    data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    entries = data.get("documents", []) if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise SourceError(f"{manifest}: expected a list under 'documents'")
    base = manifest.parent
    sources: list[Source] = []
    for n, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise SourceError(f"{manifest}: entry {n} is not a mapping")
        title, kind = entry.get("title"), entry.get("kind")
        if "glob" in entry:
            for p in sorted(base.glob(entry["glob"])):
                sources.append(Source(id=validate_id(p.stem), path=p, title=title, kind=kind))
            continue
        if "url" in entry:
            url = str(entry["url"])
            if not url.startswith(("https://", "http://")):
                raise SourceError(f"{manifest}: entry {n}: url must be http(s): {url}")
            doc_id = entry.get("id") or Path(httpx.URL(url).path).stem
            insecure = entry.get("allow_insecure", False) is True
            sources.append(Source(id=validate_id(str(doc_id)), url=url, title=title, kind=kind, allow_insecure=insecure))
            continue
        if "path" not in entry:
            raise SourceError(f"{manifest}: entry {n} needs one of path, glob, url")
        p = (base / entry["path"]).resolve()
        sources.append(Source(id=validate_id(str(entry.get("id") or p.stem)), path=p, title=title, kind=kind))
    return _unique(sources)


def _unique(sources: list[Source]) -> list[Source]:
    seen: dict[str, Source] = {}
    for s in sources:
        if s.id in seen:
            raise SourceError(f"two documents share the id {s.id!r}: {seen[s.id].path or seen[s.id].url} and {s.path or s.url}")
        seen[s.id] = s
    return sources


VALIDATORS = "validators.json"  # per URL: the ETag / Last-Modified of the bytes we hold
_validators_lock = threading.Lock()  # documents are fetched by concurrent tasks of one run


def _load_validators(store: Path) -> dict:
    path = store / VALIDATORS
    if not path.is_file():
        return {}
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return {}  # a damaged cache only costs one full download


def _conditional_headers(known: dict | None, store: Path) -> dict[str, str]:
    """If-None-Match / If-Modified-Since for a URL whose bytes are still in the store."""
    if not known or not (store / f"{known.get('sha256')}.pdf").is_file():
        return {}
    headers = {}
    if known.get("etag"):
        headers["If-None-Match"] = known["etag"]
    if known.get("last_modified"):
        headers["If-Modified-Since"] = known["last_modified"]
    return headers


def _require_pdf(head: bytes, url: str) -> None:
    if not looks_like_pdf(head):
        raise DownloadError(url, "not_pdf", f"{url}: the server did not send a PDF (no %PDF- header); nothing stored")


def fetch(url: str, store: Path, timeout: float | None = None, allow_insecure: bool = False) -> Path:
    """The PDF at `url`, in the content-addressed store (`store/<sha256>.pdf`).

    A conditional request (ETag / Last-Modified kept per URL in `store/validators.json`):
    on 304 Not Modified the stored bytes are reused without a download.  Bounded: the whole
    download within `timeout` (default $SHIRYO_DOWNLOAD_TIMEOUT) and a stalled or trickling
    body fails after $SHIRYO_DOWNLOAD_STALL seconds (pipeline/download_limits.py).  Plain
    http:// and loopback/private hosts need `allow_insecure` (or $SHIRYO_ALLOW_PRIVATE_URLS).
    Only bytes that start like a PDF enter the store."""
    limits = DownloadLimits.from_env(timeout)
    check_url_allowed(url, allow_insecure)
    shown = redact_url(url)
    store.mkdir(parents=True, exist_ok=True)
    with _validators_lock:
        known = _load_validators(store).get(shown)
    headers = _conditional_headers(known, store)
    h = hashlib.sha256()
    tmp = store / f".download-{hashlib.sha1(url.encode()).hexdigest()}-{os.getpid()}-{threading.get_ident()}"
    guard = StallGuard(shown, limits)
    hooks = {"request": [lambda request: check_url_allowed(str(request.url), allow_insecure)]}  # every redirect hop too
    try:
        with httpx.Client(follow_redirects=True, timeout=limits.httpx_timeout(), event_hooks=hooks) as client:
            with client.stream("GET", url, headers=headers) as response:
                if response.status_code == 304 and headers:
                    return store / f"{known['sha256']}.pdf"
                response.raise_for_status()
                head = b""
                with open(tmp, "wb") as f:
                    for chunk in response.iter_bytes():
                        guard.got(len(chunk))
                        if guard.size > MAX_DOWNLOAD:
                            raise SourceError(f"{shown}: larger than {MAX_DOWNLOAD // (1024 * 1024)} MB")
                        if len(head) < MAGIC_WINDOW:  # an HTML error page is refused at its first kilobyte
                            head += chunk[: MAGIC_WINDOW - len(head)]
                            if len(head) == MAGIC_WINDOW:
                                _require_pdf(head, shown)
                        h.update(chunk)
                        f.write(chunk)
                _require_pdf(head, shown)
                validators = {"etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified")}
    except httpx.TimeoutException as exc:
        tmp.unlink(missing_ok=True)
        raise DownloadError(shown, "timeout", f"{shown}: no data for {limits.stall:.0f} s ({type(exc).__name__}); download abandoned") from None
    except httpx.HTTPError as exc:
        tmp.unlink(missing_ok=True)
        if shown == url:
            raise
        raise without_credentials(exc, url) from None  # its message is logged (Prefect keeps logs)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    final = store / f"{h.hexdigest()}.pdf"
    tmp.replace(final)
    with _validators_lock:
        table = _load_validators(store)
        table[shown] = {"sha256": h.hexdigest(), **validators}
        write_json(store / VALIDATORS, table)
    return final
