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
import threading
from dataclasses import dataclass
from pathlib import Path

import httpx
import regex
import yaml

from shiryo.parsers.errors import ShiryoError
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

    @property
    def where(self) -> str:
        """The source as the manifest records it."""
        return self.origin or str(self.url or self.path)


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
            sources.append(Source(id=validate_id(str(doc_id)), url=url, title=title, kind=kind))
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


def fetch(url: str, store: Path, timeout: float = 60.0) -> Path:
    """The PDF at `url`, in the content-addressed store (`store/<sha256>.pdf`).

    A conditional request (ETag / Last-Modified kept per URL in `store/validators.json`):
    on 304 Not Modified the stored bytes are reused without a download."""
    store.mkdir(parents=True, exist_ok=True)
    with _validators_lock:
        known = _load_validators(store).get(url)
    headers = _conditional_headers(known, store)
    h = hashlib.sha256()
    tmp = store / f".download-{hashlib.sha1(url.encode()).hexdigest()}-{threading.get_ident()}"
    size = 0
    with httpx.stream("GET", url, headers=headers, follow_redirects=True, timeout=timeout) as response:
        if response.status_code == 304 and headers:
            return store / f"{known['sha256']}.pdf"
        response.raise_for_status()
        with open(tmp, "wb") as f:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > MAX_DOWNLOAD:
                    f.close()
                    tmp.unlink(missing_ok=True)
                    raise SourceError(f"{url}: larger than {MAX_DOWNLOAD // (1024 * 1024)} MB")
                h.update(chunk)
                f.write(chunk)
        validators = {"etag": response.headers.get("etag"), "last_modified": response.headers.get("last-modified")}
    final = store / f"{h.hexdigest()}.pdf"
    tmp.replace(final)
    with _validators_lock:
        table = _load_validators(store)
        table[url] = {"sha256": h.hexdigest(), **validators}
        write_json(store / VALIDATORS, table)
    return final
