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

import glob as globlib
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
from shiryo.pipeline.runstore import stored_bytes_intact, write_json

MAX_DOWNLOAD = 256 * 1024 * 1024
_BAD_ID = regex.compile(r"[/\\\x00-\x1f]|^\.|^$")
# names the run store gives its own files beside `<doc>.jsonl` (runstore.py): an id equal to one
# (in any case: case-insensitive file systems) would overwrite them
RESERVED_IDS = frozenset({"manifest", "errors", "diff"})
ENTRY_KEYS = ("id", "title", "kind", "path", "glob", "url", "allow_insecure")
WHERE_KEYS = ("path", "glob", "url")


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
    if doc_id.lower() in RESERVED_IDS:
        raise SourceError(f"invalid document id {doc_id!r}: {', '.join(sorted(RESERVED_IDS))} name the run store's own files")
    return doc_id


def _id_of_file(path: Path, where: str) -> str:
    """The id of a PDF listed by a folder or glob (its stem), or a usage error naming the file."""
    try:
        return validate_id(path.stem)
    except SourceError as exc:
        raise SourceError(f"{where}: {path}: {exc}; rename the file or list it in a sources.yaml with an explicit id") from None


def load_sources(target: str | Path, watched: bool = False) -> list[Source]:
    """Sources with absolute paths (`absolute()`, not `resolve()`: a symlinked PDF keeps its own
    name), so a run's manifest names files that `reprocess` finds from any working directory.

    A folder or glob without a PDF is a usage error, except when `watched` (`serve`, and the flow
    itself: a watched folder may start empty, its files arrive later)."""
    target = Path(target).absolute()
    if target.is_dir():
        pdfs = [p for p in sorted(target.rglob("*")) if p.suffix.lower() == ".pdf" and p.is_file()]
        if not pdfs and not watched:
            raise SourceError(f"{target}: folder holds no .pdf file")
        return _unique([Source(id=_id_of_file(p, str(target)), path=p) for p in pdfs])
    if target.suffix.lower() == ".pdf":
        if not target.is_file():
            raise SourceError(f"no such PDF: {target}")
        return [Source(id=_id_of_file(target, str(target.parent)), path=target)]
    if target.suffix.lower() in (".yaml", ".yml"):
        if not target.is_file():
            raise SourceError(f"no such sources manifest: {target}")
        return _from_manifest(target, watched)
    raise SourceError(f"{target}: expected a folder, a .pdf or a sources .yaml")


def _line(node) -> int:
    return node.start_mark.line + 1


def _parse_manifest(manifest: Path):
    """(entries as data, their yaml nodes): the nodes give each error its line."""
    try:
        text = manifest.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        line = manifest.read_bytes()[: exc.start].count(b"\n") + 1
        raise SourceError(f"{manifest}:{line}: not UTF-8 (byte {exc.start}); save the file as UTF-8") from None
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{manifest}:{mark.line + 1}" if mark else str(manifest)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SourceError(f"{where}: YAML syntax error: {problem}") from None
    finally:
        loader.dispose()
    if node is None or data is None:
        raise SourceError(f"{manifest}:1: empty; expected 'documents:' followed by a list of entries")
    if isinstance(data, list):  # a bare list of entries
        return data, node.value
    if not isinstance(data, dict):
        raise SourceError(f"{manifest}:{_line(node)}: expected 'documents:' followed by a list of entries")
    for key_node, _ in node.value:
        if key_node.value != "documents":
            raise SourceError(f"{manifest}:{_line(key_node)}: unknown key {key_node.value!r} (expected 'documents')")
    if "documents" not in data:
        raise SourceError(f"{manifest}:{_line(node)}: no 'documents:' list")
    value_node = next(v for k, v in node.value if k.value == "documents")
    entries = data["documents"]
    if not isinstance(entries, list) or not entries:
        raise SourceError(f"{manifest}:{_line(value_node)}: 'documents' must be a non-empty list of entries")
    return entries, value_node.value


def _text_field(entry: dict, key: str, where: str) -> str | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise SourceError(f"{where}: {key!r} must be text, not {type(value).__name__}")
    return str(value)


def _glob(base: Path, pattern: str) -> list[Path]:
    # glob.glob takes absolute patterns too (Path.glob does not); join keeps an absolute one as is
    return [Path(p) for p in sorted(globlib.glob(os.path.join(base, pattern), recursive=True)) if p.lower().endswith(".pdf") and os.path.isfile(p)]


def _from_manifest(manifest: Path, watched: bool = False) -> list[Source]:
    entries, nodes = _parse_manifest(manifest)
    base = manifest.parent
    sources: list[Source] = []
    for n, (entry, node) in enumerate(zip(entries, nodes), 1):
        where = f"{manifest}:{_line(node)}: entry {n}"
        if not isinstance(entry, dict):
            raise SourceError(f"{where}: expected a mapping with one of path, glob, url")
        unknown = [k for k in entry if k not in ENTRY_KEYS]
        if unknown:
            raise SourceError(f"{where}: unknown key {unknown[0]!r} (expected {', '.join(ENTRY_KEYS)})")
        given = [k for k in WHERE_KEYS if k in entry]
        if len(given) != 1:
            raise SourceError(f"{where}: needs exactly one of path, glob, url (has {', '.join(given) or 'none'})")
        title, kind, doc_id = (_text_field(entry, k, where) for k in ("title", "kind", "id"))
        value = entry[given[0]]
        if not isinstance(value, str) or not value.strip():
            raise SourceError(f"{where}: {given[0]!r} must be a non-empty string, not {value!r}")
        try:
            if given[0] == "glob":
                if doc_id is not None:
                    raise SourceError(f"{where}: 'id' cannot name the several files of a glob")
                found = _glob(base, value)
                if not found and not watched:
                    raise SourceError(f"{where}: glob {value!r} matches no PDF")
                sources.extend(Source(id=_id_of_file(p, where), path=p, title=title, kind=kind) for p in found)
            elif given[0] == "url":
                if not value.startswith(("https://", "http://")):
                    raise SourceError(f"{where}: url must be http(s): {value}")
                insecure = entry.get("allow_insecure", False) is True  # http:// or a private address, opted into
                sources.append(Source(id=validate_id(doc_id or Path(httpx.URL(value).path).stem), url=value, title=title, kind=kind, allow_insecure=insecure))
            else:
                p = (base / value).absolute()
                sources.append(Source(id=validate_id(doc_id or p.stem), path=p, title=title, kind=kind))
        except SourceError as exc:
            message = str(exc)
            raise SourceError(message if message.startswith(where) else f"{where}: {message}") from None
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
    # bytes no longer matching their hash (a truncated file) are downloaded again, never reused on a 304
    if not known or not stored_bytes_intact(store / f"{known.get('sha256')}.pdf", known.get("sha256")):
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
