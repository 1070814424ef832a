"""Editions: each document's versions over time, and the PDF bytes of every one.

    out/editions/<doc>.json   {"doc", "latest_run", "editions": [{"n", "sha256", "first_seen",
                               "first_run", "source", "n_pages", "title", "revised", "revisions"}]}
    out/store/<sha256>.pdf    the bytes of every edition seen (URLs are downloaded there
                               directly; local files are copied in when first seen)

`latest_run` is the newest committed run holding this document's records: the next
run diffs against it (the previous edition, or the same edition by older code) and
reuses it when neither the PDF nor the code changed.  Files are replaced atomically
(write + rename), like the run store.
"""
from __future__ import annotations

import hashlib
import json
import os
import threading
from datetime import datetime, timezone
from pathlib import Path

import regex

from shiryo.pipeline.runstore import write_json
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
        path = self._path(doc)
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
        return {"doc": doc, "latest_run": None, "editions": []}

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
        if sha256 and self.pdf(sha256).is_file():
            return self.pdf(sha256)
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
        """An edition by number (1 = first seen, -1 = latest) or by sha256 prefix."""
        editions = self.editions(doc)
        if not editions:
            raise SourceError(f"no editions of {doc!r} under {self.dir}")
        if regex.fullmatch(r"-?\d{1,6}", ref):
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
