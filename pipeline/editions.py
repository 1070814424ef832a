"""Editions: each document's versions over time, and the PDF bytes of every one.

    out/editions/<doc>.json   {"doc", "latest_run", "editions": [{"n", "sha256", "first_seen",
                               "first_run", "source", "n_pages", "title", "revised", "revisions"}]}
    out/store/<sha256>.pdf    the bytes of every edition seen (URLs are downloaded there
                               directly; local files are copied in when first seen)

`latest_run` is the newest committed run holding this document's records: the next
run diffs against it (the previous edition, or the same edition by older code) and
reuses it when neither the PDF nor the code changed.  Files are replaced atomically
(write + rename), like the run store.

The index is derivable from the committed runs: each run's manifest names per document
its version and, for a new edition, the whole edition entry (`edition_entry`).  A file
that does not parse, or one that lags behind the runs (a kill -9 between the `latest`
swap and the index update), is rebuilt from the manifests (`repair`, at a run's start).
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import datetime, timezone
from pathlib import Path

import regex

from shiryo.pipeline.runstore import RunStore, stored_bytes_intact, write_json
from shiryo.pipeline.sources import SourceError, validate_id

# a date followed by 一部改訂 / 改訂 / 改定 (e.g. `令和７年８月６日一部改訂`)
_REVISED_AFTER = regex.compile(r"^\s*(?:に)?(?:一部)?(?:改訂|改定|改正)")


def revision_dates(records: list[dict]) -> list[dict]:
    """Dates marked as revisions (…一部改訂) on the first page, from the `dates` that
    pipeline/normalize `analyze()` put on each record; oldest first."""
    found = []
    for record in records:
        if record.get("type") == "document" or record.get("page") != 1:
            continue
        text = record.get("text") or ""
        start = 0
        for date in record.get("dates") or ():
            at = text.find(date["text"], start)
            if at < 0:
                continue
            start = at + len(date["text"])
            marked = _REVISED_AFTER.match(text[start:])
            if marked and date.get("value"):
                found.append({"date": date["value"], "text": text[at : start + marked.end()].strip()})
    return sorted({d["date"]: d for d in found}.values(), key=lambda d: d["date"])


class EditionIndex:
    def __init__(self, root: str | Path = "out"):
        self.root = Path(root)
        self.dir = self.root / "editions"
        self.store = self.root / "store"

    def _path(self, doc: str) -> Path:
        return self.dir / f"{validate_id(doc)}.json"  # ids name files: no traversal

    def load(self, doc: str) -> dict:
        """The document's index; rebuilt from the runs' manifests when its file is damaged."""
        index, damage = self._read(doc)
        if damage:
            return self.rebuild(doc, _manifests(RunStore(self.root)))
        return index

    def _read(self, doc: str) -> tuple[dict, str | None]:
        path = self._path(doc)
        empty = {"doc": doc, "latest_run": None, "editions": []}
        try:
            index = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return empty, None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return empty, f"{path}: damaged ({type(exc).__name__}: {exc})"
        if not (isinstance(index, dict) and isinstance(index.get("editions"), list) and all(isinstance(e, dict) and "sha256" in e for e in index["editions"])):
            return empty, f"{path}: damaged (not an editions index)"
        return index, None

    def rebuild(self, doc: str, manifests: list[tuple[str, dict]], index: dict | None = None) -> dict:
        """`index` (or an empty one) completed from committed runs' manifests, oldest first:
        every version the runs hold in order of first appearance, `latest_run` the newest run
        holding the document's records."""
        index = index or {"doc": doc, "latest_run": None, "editions": []}
        known = {e["sha256"] for e in index["editions"]}
        for run_id, manifest in manifests:
            entry = manifest["documents"].get(doc)
            if not isinstance(entry, dict) or entry.get("status") != "ok" or not entry.get("version"):
                continue
            index["latest_run"] = run_id
            if entry["version"] in known:
                continue
            edition = dict(entry.get("edition_entry") or {
                "first_seen": manifest.get("finished") or manifest.get("started"),
                "first_run": run_id,
                "source": entry.get("source"),
                "title": entry.get("title"),
                "n_pages": entry.get("n_pages"),
                "revised": entry.get("revised"),
                "revisions": [{"date": entry["revised"], "text": None}] if entry.get("revised") else [],
            })
            edition.update(n=len(index["editions"]) + 1, sha256=entry["version"])
            index["editions"].append(edition)
            known.add(entry["version"])
        return index

    def repair(self, store: RunStore) -> list[str]:
        """Rebuild each index that is damaged or lags behind the latest committed run (a
        document ok there must name it as `latest_run` and know its version); returns what
        was repaired."""
        latest = store.latest()
        manifest = store.read_manifest(latest) if latest is not None else None
        if not manifest:
            return []
        lagging = {}
        for doc, entry in manifest["documents"].items():
            if not isinstance(entry, dict) or entry.get("status") != "ok" or not entry.get("version"):
                continue
            try:
                index, damage = self._read(doc)
            except ValueError:  # an id no longer valid (a reserved name from an older version)
                continue
            if damage or index.get("latest_run") != latest.name or entry["version"] not in {e["sha256"] for e in index["editions"]}:
                lagging[doc] = (None if damage else index, damage or f"{self._path(doc)}: behind run {latest.name}")
        if not lagging:
            return []
        manifests = _manifests(store)
        for doc, (index, _) in lagging.items():
            self._save(self.rebuild(doc, manifests, index))
        return [f"{why}; rebuilt from the runs' manifests" for _, why in lagging.values()]

    def editions(self, doc: str) -> list[dict]:
        return self.load(doc)["editions"]

    def latest_run(self, doc: str) -> str | None:
        return self.load(doc)["latest_run"]

    def pdf(self, sha256: str) -> Path:
        return self.store / f"{sha256}.pdf"

    def keep_pdf(self, path: Path, sha256: str | None = None) -> Path:
        """A snapshot of the PDF at `path` in the store, named by its sha256 (of the bytes
        copied, so a file rewritten meanwhile is never stored under the wrong name).  A copy,
        never a hard link: the source may be overwritten in place by its next edition."""
        if sha256 and Path(path) == self.pdf(sha256):
            return Path(path)  # already the store's file (a download), just hashed by the caller
        if sha256 and stored_bytes_intact(self.pdf(sha256), sha256):
            return self.pdf(sha256)  # (a damaged store copy is replaced by a fresh one below)
        self.store.mkdir(parents=True, exist_ok=True)
        tmp = self.store / f".keep-{os.getpid()}-{threading.get_ident()}"
        h = hashlib.sha256()
        with open(path, "rb") as src, open(tmp, "wb") as dst:
            # the run's umask, and never wider than the source: a 0600 file stays private
            os.fchmod(dst.fileno(), os.fstat(dst.fileno()).st_mode & os.fstat(src.fileno()).st_mode & 0o666)
            for chunk in iter(lambda: src.read(1 << 20), b""):
                h.update(chunk)
                dst.write(chunk)
        target = self.pdf(h.hexdigest())
        os.replace(tmp, target)
        return target

    def edition_of(self, doc: str, sha256: str, records: list[dict], run_id: str, source: str | None) -> tuple[dict, dict, bool]:
        """(index, edition, new): the edition `sha256` of `doc`, appended to the index in memory
        (metadata from its `records`) when new.  Nothing is written: `commit` saves the index
        once the run that holds the edition has committed."""
        index = self.load(doc)
        for edition in index["editions"]:
            if edition["sha256"] == sha256:
                return index, edition, False
        document = next((r for r in records if r.get("type") == "document"), {})
        revisions = revision_dates(records)
        edition = {
            "n": len(index["editions"]) + 1,
            "sha256": sha256,
            "first_seen": datetime.now(timezone.utc).isoformat(),
            "first_run": run_id,
            "source": source,
            "title": document.get("title"),
            "n_pages": document.get("n_pages"),
            "revised": revisions[-1]["date"] if revisions else None,
            "revisions": revisions,
        }
        index["editions"].append(edition)
        return index, edition, True

    def commit(self, index: dict, latest_run: str) -> None:
        """Save `index` (from `edition_of`) with `latest_run`, the committed run that now holds
        the newest records of its document: a run that dies before its commit leaves no trace."""
        index["latest_run"] = latest_run
        self._save(index)

    def _save(self, index: dict) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        write_json(self._path(index["doc"]), index)

    def find(self, doc: str, ref: str) -> dict:
        """An edition by number (1 = first seen, -1 = latest) or by sha256 prefix.

        The rule: up to 5 digits (with an optional '-') is an edition number; a sha256 prefix
        has at least 6 hex digits, so `026190` is a prefix even though it is all digits."""
        editions = self.editions(doc)
        if not editions:
            raise SourceError(f"no editions of {doc!r} under {self.dir}")
        if not regex.fullmatch(r"-?\d{1,5}|[0-9a-fA-F]{6,64}", ref):
            raise SourceError(f"{doc}: edition {ref!r}: give a number (1 = first, -1 = latest) or a sha256 prefix of at least 6 hex digits")
        if regex.fullmatch(r"-?\d{1,5}", ref):
            n = int(ref)
            if 1 <= n <= len(editions):
                return editions[n - 1]
            if -len(editions) <= n < 0:
                return editions[n]
            raise SourceError(f"{doc}: no edition {n} (there are {len(editions)})")
        matches = [e for e in editions if e["sha256"].startswith(ref.lower())]
        if len(matches) != 1:
            raise SourceError(f"{doc}: {'no' if not matches else 'more than one'} edition with sha256 {ref}…")
        return matches[0]


def _manifests(store: RunStore) -> list[tuple[str, dict]]:
    """(run id, manifest) of every committed run with a sound manifest, oldest first."""
    out = []
    for run in store.complete_runs():
        manifest = store.read_manifest(run)
        if manifest is not None:
            out.append((run.name, manifest))
    return out
